/*
 * The CMA v1 framework: regions placed on a board, a map from (device,
 * kind) to region lists, and the driver-facing calls.
 *
 * A `struct cma` is one running configuration (what the 2010 kernel kept in
 * globals).  Every call is safe from several threads at once: a framework
 * lock guards the map and the chunk table, and each region has its own lock
 * around its allocator, as in v1.  No call holds two of those locks at once.
 *
 * Semantics (fixed; see docs/semantics.md):
 *  - cma_alloc: size 0 or an alignment that is not 0 or a power of two →
 *    -EINVAL; a NULL or empty device → -EINVAL; size is rounded up to a page
 *    and alignment raised to at least a page; no map rule → -ENOENT; then
 *    the rule's regions in order, skipping unknown and unusable ones and
 *    those with less free space than the request; first success wins;
 *    otherwise -ENOMEM.
 *  - cma_alloc_from: the same over an explicit comma-separated region list.
 *  - cma_get: +1 reference on the chunk starting exactly at `start`, 0 or
 *    -ENOENT.  cma_put: -1; returns 1 when that freed the chunk, 0 while
 *    references remain, -ENOENT when no chunk starts there.
 *  - cma_info: lower_bound = lowest region start (UINT64_MAX if none),
 *    upper_bound = one past the highest region end (0 if none), total_size
 *    and count over the named regions of the matching rule that exist.
 */
#ifndef CMA_CMA_H
#define CMA_CMA_H

#include <stddef.h>
#include <stdint.h>

#include "cma/allocator.h"
#include "cma/board.h"
#include "cma/err.h"
#include "cma/param.h"

#define CMA_VERSION "0.1.0"

struct cma;

struct cma_info {
	uint64_t lower_bound;
	uint64_t upper_bound;
	uint64_t total_size;
	uint64_t free_size;	/* not in v1; v3 added it */
	unsigned count;
};

/* A placed region, as seen from outside (strings live as long as the cma). */
struct cma_region_info {
	const char *name;
	uint64_t    start, size, align;
	const char *alloc_name;		/* as written; NULL = default */
	const char *alloc_params;	/* NULL = none */
	const char *allocator;		/* running allocator, NULL if unusable */
	const char *reason;		/* why unusable, else NULL */
	int	    bank;
	uint64_t    free;
	unsigned    users;		/* live chunks */
	uint64_t    allocs;		/* successful allocations */
	uint64_t    fails;		/* allocator tried and failed */
};

/* A region of cma= that could not be placed. */
struct cma_dropped_info {
	const char *name;
	uint64_t    size, start, align;
	const char *reason;
};

struct cma_chunk_info {
	uint64_t start;
	uint64_t size;		/* what the region gave (page multiple) */
	uint64_t requested;	/* what the caller asked for */
	int	 region;
	unsigned refs;
	uint64_t id;		/* 1, 2, ... in allocation order */
};

/* Which rule a (device, kind) resolves to, for `cma info --resolve`. */
struct cma_resolution {
	int  rule;		/* index, or -1 */
	int  pattern;		/* index within the rule */
	char rule_text[CMA_MAX_PARAM_LEN];
	char regions[CMA_MAX_PARAM_LEN];	/* the list, comma-separated */
};

/*
 * Builds a framework on `board` with `cma_param` and `map_param` (NULL: the
 * board's defaults).  Parse errors fail the call (-EINVAL/-ENOSPC, message
 * prefixed "cma=: " or "cma_map=: "); regions that cannot be placed are
 * dropped and regions whose allocator is unknown or refuses its parameters
 * stay unusable, both with a reason, as v1 did.
 */
int  cma_create(const struct cma_board *board, const char *cma_param,
    const char *map_param, struct cma **out, struct cma_err *err);
/* The same, with every region run by `allocator` whatever cma= says (for
 * replaying one trace under several allocators); NULL = as cma= says. */
int  cma_create_with(const struct cma_board *board, const char *cma_param,
    const char *map_param, const char *allocator, struct cma **out,
    struct cma_err *err);
/* The largest free extent of a region (0 if unusable), cheaply when the
 * allocator can tell, else by walking its extents. */
uint64_t cma_region_largest_free(struct cma *cma, int idx);
/* Frees every live chunk, cleans up the allocators, releases everything. */
void cma_destroy(struct cma *cma);

int cma_alloc(struct cma *cma, const char *dev, const char *kind,
    uint64_t size, uint64_t align, uint64_t *start);
int cma_alloc_from(struct cma *cma, const char *regions, uint64_t size,
    uint64_t align, uint64_t *start);
int cma_get(struct cma *cma, uint64_t start);
int cma_put(struct cma *cma, uint64_t start);
int cma_info(struct cma *cma, const char *dev, const char *kind,
    struct cma_info *info);

/* Replace the map atomically; a bad map is refused and the old one stays. */
int cma_set_map(struct cma *cma, const char *map, struct cma_err *err);
/* Copy of the current map text into buf (truncated to len). */
void cma_get_map(struct cma *cma, char *buf, size_t len);
int cma_resolve(struct cma *cma, const char *dev, const char *kind,
    struct cma_resolution *res);

/*
 * Recording.  A recorder sees every cma_alloc, cma_alloc_from, cma_get and
 * cma_put, failures included, after it happened.  While one is attached the
 * four calls are serialised, so the order the recorder sees is the order
 * the allocators saw and a replay in that order gives the same addresses.
 * Attach it before other threads use the cma; the callback must not call
 * back into the cma.
 */
enum cma_record_op {
	CMA_RECORD_ALLOC = 1,
	CMA_RECORD_ALLOC_FROM = 2,
	CMA_RECORD_GET = 3,
	CMA_RECORD_PUT = 4,
};

struct cma_record {
	int	    op;
	const char *dev, *kind;		/* ALLOC (kind may be NULL) */
	const char *regions;		/* ALLOC_FROM */
	uint64_t    size, align;	/* as the caller asked */
	int	    err;		/* 0 or -errno */
	uint64_t    start;		/* the chunk's address (ALLOC: result) */
	uint64_t    chunk;		/* the chunk's id, 0 if none */
	const char *region;		/* region holding the chunk, or NULL */
	int	    freed;		/* PUT: this put freed the chunk */
};

typedef void (*cma_recorder_fn)(void *arg, const struct cma_record *rec);

void cma_set_recorder(struct cma *cma, cma_recorder_fn fn, void *arg);

const struct cma_board *cma_board(const struct cma *cma);
const char *cma_param_text(const struct cma *cma);
int cma_region_count(const struct cma *cma);
int cma_region_get(struct cma *cma, int idx, struct cma_region_info *info);
/* Index of the first region with that name, or -ENOENT. */
int cma_region_find(const struct cma *cma, const char *name);
int cma_dropped_count(const struct cma *cma);
int cma_dropped_get(const struct cma *cma, int idx,
    struct cma_dropped_info *info);

/* Walk one region's free extents in address order under its lock. */
int cma_region_walk_free(struct cma *cma, int idx, cma_extent_fn fn,
    void *arg);

int cma_chunk_find(struct cma *cma, uint64_t start,
    struct cma_chunk_info *info);
/* Visit live chunks in address order (framework lock held: do not call
 * back into the cma).  Stops on a non-zero return and returns it. */
int cma_chunk_foreach(struct cma *cma,
    int (*fn)(void *arg, const struct cma_chunk_info *c), void *arg);
unsigned cma_chunk_count(struct cma *cma);

#endif
