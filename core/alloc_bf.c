/*
 * "bf": the 2010 patchset's best-fit allocator, placement for placement.
 *
 * Every hole (free extent) sits in two red-black trees: by start address,
 * to find neighbours when coalescing, and by size, to find the best fit.
 * The size order breaks ties by recency: each time a hole is inserted or
 * re-inserted because its size changed it takes a fresh sequence number,
 * and among equal sizes the newest comes first.  That is exactly where the
 * 2010 code's "equal keys go left" insertion put it, so the search for the
 * leftmost hole of at least the requested size picks the same hole.
 *
 * alloc(size, align):
 *   1. the smallest hole of at least `size`, newest first among equals;
 *   2. from that hole on, in size order, the first whose start rounded up
 *      to `align` still leaves `size` bytes (v1 began this walk from a NULL
 *      cursor and crashed; we begin at the candidate, as intended);
 *   3. carve: an exact fit consumes the hole; a chunk touching one end of
 *      the hole shrinks it; a chunk in the middle slides to the end of the
 *      hole when the bytes after it are a multiple of `align` (so only one
 *      fragment is left), else the tail becomes a new hole (inserted first)
 *      and the front hole is shrunk and re-inserted after it.
 * free(chunk): the extent becomes a hole and merges with a hole ending at
 * its start and one starting at its end; the survivor is the newest.
 *
 * Every operation is O(log h) in the number of holes, apart from the walk
 * of step 2, which passes over holes too misaligned to use.
 */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cma_int.h"

struct bf_hole {
	RB_ENTRY(bf_hole) by_start;
	RB_ENTRY(bf_hole) by_size;
	uint64_t	 start;
	uint64_t	 size;
	uint64_t	 seq;
};

RB_HEAD(bf_start_tree, bf_hole);
RB_HEAD(bf_size_tree, bf_hole);

struct bf_state {
	struct bf_start_tree by_start;
	struct bf_size_tree  by_size;
	uint64_t	     seq;
	uint64_t	     start, size;	/* the region */
};

static int
bf_start_cmp(struct bf_hole *a, struct bf_hole *b)
{
	return a->start < b->start ? -1 : a->start > b->start;
}

static int
bf_size_cmp(struct bf_hole *a, struct bf_hole *b)
{
	if (a->size != b->size)
		return a->size < b->size ? -1 : 1;
	return a->seq > b->seq ? -1 : a->seq < b->seq;	/* newest first */
}

RB_GENERATE_STATIC(bf_start_tree, bf_hole, by_start, bf_start_cmp)
RB_GENERATE_STATIC(bf_size_tree, bf_hole, by_size, bf_size_cmp)

static void
bf_size_insert(struct bf_state *st, struct bf_hole *h)
{
	h->seq = ++st->seq;
	RB_INSERT(bf_size_tree, &st->by_size, h);
}

static struct bf_hole *
bf_hole_new(struct bf_state *st, uint64_t start, uint64_t size)
{
	struct bf_hole *h = xcalloc(1, sizeof *h);

	h->start = start;
	h->size = size;
	RB_INSERT(bf_start_tree, &st->by_start, h);
	bf_size_insert(st, h);
	return h;
}

static void
bf_hole_delete(struct bf_state *st, struct bf_hole *h)
{
	RB_REMOVE(bf_start_tree, &st->by_start, h);
	RB_REMOVE(bf_size_tree, &st->by_size, h);
	free(h);
}

static int
bf_init(uint64_t start, uint64_t size, const char *params, void **priv,
    struct cma_err *err)
{
	struct bf_state *st;

	if (params != NULL && *params != '\0') {
		cma_err_set(err, "bf takes no parameters (got '%s')", params);
		return -EINVAL;
	}
	st = xcalloc(1, sizeof *st);
	RB_INIT(&st->by_start);
	RB_INIT(&st->by_size);
	st->start = start;
	st->size = size;
	bf_hole_new(st, start, size);
	*priv = st;
	return 0;
}

static void
bf_cleanup(void *priv)
{
	struct bf_state *st = priv;
	struct bf_hole *h, *next;

	/* With every chunk freed, the region is one hole again. */
	assert(RB_ROOT(&st->by_start) != NULL &&
	    RB_MIN(bf_start_tree, &st->by_start)->start == st->start &&
	    RB_MIN(bf_start_tree, &st->by_start)->size == st->size);
	RB_FOREACH_SAFE(h, bf_start_tree, &st->by_start, next)
		bf_hole_delete(st, h);
	free(st);
}

/* Start of an aligned `size`-byte chunk in h, or 0 with *ok = 0. */
static uint64_t
bf_fit(const struct bf_hole *h, uint64_t size, uint64_t align, int *ok)
{
	uint64_t at, end = h->start + h->size;

	*ok = cma_round_up(h->start, align, &at) == 0 && at < end &&
	    end - at >= size;
	return *ok ? at : 0;
}

static struct bf_hole *
bf_find(struct bf_state *st, uint64_t size, uint64_t align, uint64_t *at)
{
	struct bf_hole key = { .size = size, .seq = UINT64_MAX }, *h;
	int ok;

	for (h = RB_NFIND(bf_size_tree, &st->by_size, &key); h != NULL;
	    h = RB_NEXT(bf_size_tree, &st->by_size, h)) {
		*at = bf_fit(h, size, align, &ok);
		if (ok)
			return h;
	}
	return NULL;
}

static int
bf_alloc(void *priv, uint64_t size, uint64_t align, struct cma_extent *out,
    void **cookie)
{
	struct bf_state *st = priv;
	struct bf_hole *h;
	uint64_t at, end, tail;

	*cookie = NULL;
	h = bf_find(st, size, align, &at);
	if (h == NULL)
		return -ENOMEM;
	out->size = size;
	if (h->size == size) {
		out->start = h->start;
		bf_hole_delete(st, h);
		return 0;
	}
	end = h->start + h->size;
	RB_REMOVE(bf_size_tree, &st->by_size, h);
	if (at != h->start && at + size != end) {
		tail = end - (at + size);
		if (tail % align == 0) {
			at = end - size;
		} else {
			bf_hole_new(st, at + size, tail);
			h->size = at + size - h->start;
		}
	}
	if (at == h->start)
		h->start += size;
	h->size -= size;
	bf_size_insert(st, h);
	out->start = at;
	return 0;
}

static void
bf_free(void *priv, const struct cma_extent *chunk, void *cookie)
{
	struct bf_state *st = priv;
	struct bf_hole key = { .start = chunk->start }, *prev, *next;
	uint64_t start = chunk->start, size = chunk->size;

	(void)cookie;
	assert(chunk->start >= st->start &&
	    chunk->start - st->start + chunk->size <= st->size);
	next = RB_NFIND(bf_start_tree, &st->by_start, &key);
	prev = next ? RB_PREV(bf_start_tree, &st->by_start, next) :
	    RB_MAX(bf_start_tree, &st->by_start);
	assert(next == NULL || next->start >= start + size);
	assert(prev == NULL || prev->start + prev->size <= start);
	if (prev != NULL && prev->start + prev->size == start) {
		start = prev->start;
		size += prev->size;
		bf_hole_delete(st, prev);
	}
	if (next != NULL && next->start == chunk->start + chunk->size) {
		size += next->size;
		bf_hole_delete(st, next);
	}
	bf_hole_new(st, start, size);
}

static int
bf_walk_free(void *priv, cma_extent_fn fn, void *arg)
{
	struct bf_state *st = priv;
	struct bf_hole *h;
	int ret;

	RB_FOREACH(h, bf_start_tree, &st->by_start)
		if ((ret = fn(arg, h->start, h->size)) != 0)
			return ret;
	return 0;
}

static uint64_t
bf_largest_free(void *priv)
{
	struct bf_state *st = priv;
	struct bf_hole *h = RB_MAX(bf_size_tree, &st->by_size);

	return h ? h->size : 0;
}

const struct cma_allocator cma_bf_allocator = {
	.name = "bf",
	.summary = "best fit, the 2010 patchset's allocator (two red-black "
	    "trees, LIFO among equal sizes)",
	.init = bf_init,
	.cleanup = bf_cleanup,
	.alloc = bf_alloc,
	.free = bf_free,
	.walk_free = bf_walk_free,
	.largest_free = bf_largest_free,
};
