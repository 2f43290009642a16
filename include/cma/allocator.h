/*
 * Pluggable allocators: an ops table registered by name.
 *
 * An allocator manages the free space of one region.  The framework calls
 * it with the region's lock held, so one region sees one call at a time.
 * Every request reaching `alloc` has a non-zero page-multiple size and a
 * power-of-two alignment of at least a page; alignment is relative to
 * physical addresses.  `alloc` reports the extent it really took (it may be
 * larger than asked, e.g. a buddy's power-of-two block) and may hand back a
 * cookie that comes back with `free`.  `walk_free` visits the free extents
 * in address order, for metrics and viewers.  `cleanup` is only called once
 * every chunk has been freed.
 *
 * `params` is the verbatim text between '(' and ')' in `cma=` (NULL when
 * there was none); an allocator refuses what it does not understand, which
 * leaves the region unusable with the reason given.
 */
#ifndef CMA_ALLOCATOR_H
#define CMA_ALLOCATOR_H

#include <stdint.h>

#include "cma/err.h"

struct cma_extent {
	uint64_t start;
	uint64_t size;
};

typedef int (*cma_extent_fn)(void *arg, uint64_t start, uint64_t size);

struct cma_allocator {
	const char *name;
	const char *summary;
	int  (*init)(uint64_t start, uint64_t size, const char *params,
	    void **priv, struct cma_err *err);
	void (*cleanup)(void *priv);
	int  (*alloc)(void *priv, uint64_t size, uint64_t align,
	    struct cma_extent *out, void **cookie);
	void (*free)(void *priv, const struct cma_extent *chunk, void *cookie);
	/* Stops early and returns the callback's value when it is non-zero. */
	int  (*walk_free)(void *priv, cma_extent_fn fn, void *arg);
	/* Optional: the largest free extent, faster than a walk. */
	uint64_t (*largest_free)(void *priv);
};

/* 0, -EEXIST for a taken name, -EINVAL for a table missing an operation. */
int cma_allocator_register(const struct cma_allocator *a);
/* NULL or "" gives the default (the first registered: "bf"). */
const struct cma_allocator *cma_allocator_find(const char *name);
/* The i-th registered allocator, NULL past the end. */
const struct cma_allocator *cma_allocator_get(int i);

extern const struct cma_allocator cma_bf_allocator;
extern const struct cma_allocator cma_ff_allocator;
extern const struct cma_allocator cma_gbf_allocator;
extern const struct cma_allocator cma_gff_allocator;
extern const struct cma_allocator cma_tlsf_allocator;
extern const struct cma_allocator cma_buddy_allocator;

#endif
