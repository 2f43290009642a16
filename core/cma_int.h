/*
 * Internals of the framework, shared by the core's files only.
 *
 * Layout of a running configuration (struct cma):
 *
 *	board		a copy of the board it was built on
 *	lock		guards map, chunks, next_id and nchunks
 *	map		the current cma_map= rules (replaceable at run time)
 *	regions[]	placed regions in cma= order; each has its own lock
 *			guarding its allocator state and counters; a region
 *			whose allocator is missing or refused is kept (ops ==
 *			NULL, reason set) so cma_info still counts it, as v1
 *	dropped[]	cma= entries that could not be placed, with why
 *	chunks		live chunks keyed by physical start (v1's global tree)
 *
 * oplock		taken around each whole alloc/get/put while a recorder
 *			is attached, so the recorded order is the real order
 *
 * Lock order: oplock (when recording) first; below it never two at once.  cma_alloc resolves the map under `lock`,
 * copies the region indices out, then takes each region's lock in turn,
 * then `lock` again to publish the chunk.  cma_put unpublishes under `lock`
 * and gives the extent back under the region's lock.
 */
#ifndef CMA_INT_H
#define CMA_INT_H

#include <pthread.h>
#include <stdint.h>

#include "tree.h"

#include "cma/allocator.h"
#include "cma/board.h"
#include "cma/cma.h"
#include "cma/param.h"

struct cma_region {
	char			*name;
	uint64_t		 start, size, align;
	char			*alloc_name;
	char			*alloc_params;
	int			 bank;
	const struct cma_allocator *ops;	/* NULL: unusable */
	void			*priv;
	char			 reason[CMA_ERR_MAX];
	pthread_mutex_t		 lock;
	uint64_t		 free;
	unsigned		 users;
	uint64_t		 allocs, fails;
};

struct cma_dropped {
	char		*name;
	uint64_t	 size, start, align;
	char		 reason[CMA_ERR_MAX];
};

struct cma_chunk {
	RB_ENTRY(cma_chunk) by_start;
	uint64_t	 start, size, requested;
	int		 region;
	unsigned	 refs;
	void		*cookie;
	uint64_t	 id;
};

RB_HEAD(cma_chunk_tree, cma_chunk);

struct cma {
	struct cma_board	 board;
	char			*param_text;
	pthread_mutex_t		 lock;
	struct cma_map		 map;
	int			 nregions;
	struct cma_region	 regions[CMA_MAX_REGIONS];
	int			 ndropped;
	struct cma_dropped	 dropped[CMA_MAX_REGIONS];
	struct cma_chunk_tree	 chunks;
	uint64_t		 next_id;
	unsigned		 nchunks;
	pthread_mutex_t		 oplock;	/* serialises ops when recording */
	cma_recorder_fn		 recorder;
	void			*recorder_arg;
};

/* region.c: placement of cma= entries on a board. */
int cma_region_place(const struct cma_board *b, const struct cma_region *placed,
    int nplaced, const struct cma_region_spec *spec, uint64_t *start,
    int *bank, char *why, size_t whylen);

/* chunk.c: the address-keyed chunk table (caller holds cma->lock). */
struct cma_chunk *cma_chunk_lookup(struct cma *cma, uint64_t start);
int  cma_chunk_insert(struct cma *cma, struct cma_chunk *c);
void cma_chunk_remove(struct cma *cma, struct cma_chunk *c);
struct cma_chunk *cma_chunk_first(struct cma *cma);
void cma_chunk_to_info(const struct cma_chunk *c, struct cma_chunk_info *i);

#include "xmalloc.h"

/* alloc_ff.c: bitmap words its searches have read (for benchmarks). */
uint64_t cma_ff_words_scanned(void *priv);

static inline int cma_is_pow2(uint64_t x) { return x && !(x & (x - 1)); }

#endif
