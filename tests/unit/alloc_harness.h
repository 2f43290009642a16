/*
 * The plumbing shared by the allocator unit tests (test_bf.c, test_tlsf.c,
 * test_buddy.c): a region under test driven through an allocator's ops,
 * its live chunks, allocating and freeing by address, carving the region
 * into chunks laid back to back, and comparing the free extents walk_free
 * reports with the expected ones.
 *
 * The tests keep their own assertions, expected values and macros; only
 * the plumbing is shared.  Every function takes
 * the caller's line (the tests' macros pass __LINE__) and reports failures
 * against h->file, the test's own __FILE__, so a failure still points at
 * the test's line.
 */
#ifndef ALLOC_HARNESS_H
#define ALLOC_HARNESS_H

#include <stdint.h>

#include "cma/allocator.h"

#define HARNESS_PAGE	((uint64_t)0x1000)
#define HARNESS_FAIL	UINT64_MAX
#define HARNESS_LIVE	2048

/*
 * The region under test.  alloc, file, after and want_cookie are set once
 * by the test (harness_begin keeps them); the rest is reset per region.
 */
struct harness {
	const struct cma_allocator *alloc;
	const char *file;		/* the test's __FILE__ */
	void	(*after)(int line);	/* if set: run after every op */
	int	 want_cookie;		/* alloc must hand back a cookie */

	void	*priv;
	uint64_t start, size;
	struct cma_extent live[HARNESS_LIVE];
	void	*cookie[HARNESS_LIVE];
	int	 nlive;
};

/* Free extents as walk_free reports them (harness_collect fills it). */
struct harness_holes {
	struct cma_extent h[HARNESS_LIVE];
	int n;
};

/* A walk_free callback returning `ret` at its `at`-th call. */
struct harness_stop {
	int calls, at, ret;
};

/* got == want, else a message with both in hex at file:line. */
void harness_check_u64(const char *file, int line, const char *what,
    uint64_t got, uint64_t want);

int harness_collect(void *arg, uint64_t start, uint64_t size);
int harness_stop_cb(void *arg, uint64_t start, uint64_t size);

/* Reset the region state and init the allocator on [start, start+size). */
void harness_begin(struct harness *h, int line, uint64_t start,
    uint64_t size);

/*
 * Allocate; the extent must be `want_size` bytes and aligned.  Returns the
 * start, or HARNESS_FAIL (and checks -ENOMEM).
 */
uint64_t harness_take(struct harness *h, int line, uint64_t size,
    uint64_t align, uint64_t want_size);

/* Free the live chunk at `start`. */
void harness_give(struct harness *h, int line, uint64_t start);

/*
 * Carve the region from its start: n chunks of pages[i] pages each, which
 * must land back to back from h->start; their starts go to at[].
 */
void harness_carve(struct harness *h, int line, const unsigned *pages, int n,
    uint64_t *at);

/*
 * The free extents must be w[0..n), in walk order; a mismatch prints both
 * lists as page ranges relative to `base`.
 */
void harness_holes_cmp(struct harness *h, int line, uint64_t base,
    const struct cma_extent *w, int n);

/* The same with {first, end} page pairs relative to `base` (n <= 64). */
void harness_holes(struct harness *h, int line, uint64_t base,
    const uint64_t (*want)[2], int n);

/*
 * Free what is left; the free extents must then be w[0..n) (relative to
 * `base` in a message); cleanup.
 */
void harness_end(struct harness *h, int line, uint64_t base,
    const struct cma_extent *w, int n);

#endif
