/*
 * A brute-force model of one region for testing any allocator registered
 * through struct cma_allocator.
 *
 * The oracle drives the allocator's ops itself and keeps, beside it, one
 * bit per 4 KiB page (set = allocated) and the list of live chunks.  After
 * every operation it checks the allocator against that bitmap:
 *
 *  - alloc: the extent lies inside the region, starts on the requested
 *    alignment, is page-granular and at least the request (exactly the
 *    request when `exact_size` is set), and every page of it was free;
 *  - a failed alloc leaves the free extents as they were and, when
 *    `complete` is set, no aligned run of free pages of the request's
 *    length exists (the allocator is not allowed to give up early);
 *  - walk_free (after every operation): extents in strictly increasing
 *    address order, non-empty, page-granular, inside the region, that cover
 *    exactly the free pages of the bitmap; with `coalesced` set no two of
 *    them touch; the free byte count they add up to equals the bitmap's and
 *    region size minus the live chunks; a callback's non-zero return stops
 *    the walk and comes back as walk_free's result.
 *
 * Every checking call returns 0 when everything held and -1 otherwise,
 * with the first violation described in o->msg.  After a violation the
 * model is no longer trusted: tests stop and call oracle_destroy, which
 * then releases the allocator state without calling `cleanup`.
 *
 * Layout:
 *	bits	 npages bits, word w bit b = page 64*w+b of the region
 *	chunks	 live chunks in no particular order (freeing swaps the last
 *		 one into the freed slot, so indices move)
 *	runs	 scratch: the maximal free runs, rebuilt by oracle_runs()
 */
#ifndef ORACLE_H
#define ORACLE_H

#include <stddef.h>
#include <stdint.h>

#include <CUnit/CUnit.h>

#include "cma/allocator.h"

#define ORACLE_PAGE	4096u

struct oracle_opts {
	int coalesced;	/* walk_free never reports two touching extents */
	int complete;	/* a failed alloc implies no aligned free run fits */
	int exact_size;	/* the extent taken is exactly the request */
};

struct oracle_chunk {
	uint64_t start;
	uint64_t size;		/* as the allocator reported it */
	uint64_t request;
	uint64_t align;
	void	*cookie;
};

struct oracle {
	const struct cma_allocator *ops;
	void		*priv;
	uint64_t	 start, size, npages;
	struct oracle_opts opts;

	uint64_t	*bits;
	uint64_t	 free_pages;

	struct oracle_chunk *chunks;
	size_t		 nchunks, chunks_cap;

	struct cma_extent *runs;
	size_t		 nruns, runs_cap;

	struct cma_extent *walk;	/* scratch for walk_free results */
	size_t		 nwalk, walk_cap;

	int		 broken;	/* a check failed */
	unsigned long	 nops;		/* operations done so far */
	char		 msg[512];
};

/* The usual options: bf and any exact, coalescing, complete allocator. */
extern const struct oracle_opts oracle_opts_strict;

/*
 * Initialise the allocator on [start, start+size) with `params` and check
 * that the whole region is free.  Returns the allocator's init result when
 * it refused (o is then unusable), -1 on a violation, 0 otherwise.
 */
int oracle_init(struct oracle *o, const struct cma_allocator *ops,
    uint64_t start, uint64_t size, const char *params,
    const struct oracle_opts *opts);

/*
 * Allocate through the allocator and check.  *idx is the new chunk's index
 * in o->chunks, or -1 when the allocator refused (*ret gets its return
 * value when ret is non-NULL).  Returns 0 or -1 as above.
 */
int oracle_alloc(struct oracle *o, uint64_t size, uint64_t align, long *idx,
    int *ret);

/* Free live chunk `idx` through the allocator and check. */
int oracle_free(struct oracle *o, size_t idx);

/* Free every live chunk (in index order) and check after each. */
int oracle_free_all(struct oracle *o);

/* Check walk_free against the bitmap (done by every call above). */
int oracle_check(struct oracle *o);

/* Index of the live chunk starting at `start`, or -1. */
long oracle_find(const struct oracle *o, uint64_t start);

/*
 * The maximal runs of free pages of the bitmap, in address order (valid
 * until the next oracle call).
 */
const struct cma_extent *oracle_runs(struct oracle *o, size_t *n);

/*
 * Lowest start in `run` aligned to `align` where `size` bytes fit, in *at;
 * 0 if none.
 */
int oracle_fit(const struct cma_extent *run, uint64_t size, uint64_t align,
    uint64_t *at);

/* Is there an aligned run of `size` free bytes anywhere? */
int oracle_can_fit(struct oracle *o, uint64_t size, uint64_t align);

/*
 * Release everything: when no check failed, free the live chunks and call
 * `cleanup` (checking that the region ends whole); otherwise just drop the
 * model (the allocator's memory may leak, which is fine for a failed run).
 * Returns 0 or -1 like the others.
 */
int oracle_destroy(struct oracle *o);

/*
 * CUnit assertion on an oracle call: records o->msg as the failure text
 * (CUnit copies it) and also prints it, with the operation count, to
 * stderr.  Fatal: the test function returns.
 */
#define ORACLE_ASSERT(o, call) do {					\
	if ((call) != 0) {						\
		oracle_report((o), #call, __FILE__, __LINE__);		\
		CU_assertImplementation(CU_FALSE, __LINE__, (o)->msg,	\
		    __FILE__, "", CU_TRUE);				\
	}								\
} while (0)

void oracle_report(const struct oracle *o, const char *what,
    const char *file, int line);

#endif
