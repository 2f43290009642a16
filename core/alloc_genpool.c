/*
 * "gbf" and "gff": the two lib/genalloc.c (gen_pool) policies that ION and
 * DMA-BUF heaps put over carve-outs, on a bitmap of pages.
 *
 *  gbf  gen_pool_best_fit: scan every free run from the bottom, keep the
 *       smallest that holds the request, stop early on an exact fit.
 *  gff  gen_pool_first_fit_order_align: the lowest free run, with the
 *       chunk aligned to its own size rounded up to a power of two.
 *
 * gen_pool itself knows no caller alignment and aligns relative to the
 * pool's start; here both honour the requested alignment and align in
 * physical terms (offset by the region base, as ff does), since the
 * framework's contract is physical alignment.
 */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>

#include "bitmap.h"
#include "cma_int.h"

struct genpool_state {
	struct bitmap bits;
	uint64_t      base_pfn;
};

static int
genpool_init(uint64_t start, uint64_t size, const char *params, void **priv,
    struct cma_err *err)
{
	struct genpool_state *st;

	if (params != NULL && *params != '\0') {
		cma_err_set(err, "takes no parameters (got '%s')", params);
		return -EINVAL;
	}
	st = xcalloc(1, sizeof *st);
	st->base_pfn = start / CMA_PAGE_SIZE;
	bitmap_init(&st->bits, size / CMA_PAGE_SIZE);
	*priv = st;
	return 0;
}

static void
genpool_cleanup(void *priv)
{
	struct genpool_state *st = priv;

	bitmap_free(&st->bits);
	free(st);
}

/* Mask and offset for a physical alignment of `align_pages` (power of 2). */
static void
genpool_mask(const struct genpool_state *st, uint64_t align_pages,
    uint64_t *mask, uint64_t *offset)
{
	*mask = align_pages - 1;
	*offset = st->base_pfn & *mask;
}

static void
genpool_take(struct genpool_state *st, uint64_t bit, uint64_t pages,
    struct cma_extent *out)
{
	bitmap_set_range(&st->bits, bit, pages);
	out->start = (st->base_pfn + bit) * CMA_PAGE_SIZE;
	out->size = pages * CMA_PAGE_SIZE;
}

static int
gbf_alloc(void *priv, uint64_t size, uint64_t align, struct cma_extent *out,
    void **cookie)
{
	struct genpool_state *st = priv;
	uint64_t n = size / CMA_PAGE_SIZE, nbits = st->bits.nbits;
	uint64_t mask, offset, index, next, len, best = nbits;
	uint64_t best_len = UINT64_MAX;

	*cookie = NULL;
	genpool_mask(st, align / CMA_PAGE_SIZE, &mask, &offset);
	index = bitmap_zero_area(&st->bits, 0, n, mask, offset);
	while (index < nbits) {
		next = bitmap_next_set(&st->bits, index + n, nbits);
		len = next - index;
		if (len < best_len) {
			best_len = len;
			best = index;
			if (len == n)
				break;
		}
		if (next >= nbits)
			break;
		index = bitmap_zero_area(&st->bits, next + 1, n, mask, offset);
	}
	if (best >= nbits)
		return -ENOMEM;
	genpool_take(st, best, n, out);
	return 0;
}

static int
gff_alloc(void *priv, uint64_t size, uint64_t align, struct cma_extent *out,
    void **cookie)
{
	struct genpool_state *st = priv;
	uint64_t n = size / CMA_PAGE_SIZE, order_pages = 1, mask, offset, bit;

	*cookie = NULL;
	while (order_pages < n)
		order_pages <<= 1;
	if (order_pages < align / CMA_PAGE_SIZE)
		order_pages = align / CMA_PAGE_SIZE;
	genpool_mask(st, order_pages, &mask, &offset);
	bit = bitmap_zero_area(&st->bits, 0, n, mask, offset);
	if (bit >= st->bits.nbits)
		return -ENOMEM;
	genpool_take(st, bit, n, out);
	return 0;
}

static void
genpool_free(void *priv, const struct cma_extent *chunk, void *cookie)
{
	struct genpool_state *st = priv;
	uint64_t bit = chunk->start / CMA_PAGE_SIZE - st->base_pfn;

	(void)cookie;
	assert(bit + chunk->size / CMA_PAGE_SIZE <= st->bits.nbits);
	bitmap_clear_range(&st->bits, bit, chunk->size / CMA_PAGE_SIZE);
}

static int
genpool_walk_free(void *priv, cma_extent_fn fn, void *arg)
{
	struct genpool_state *st = priv;
	uint64_t from = 0, zero, set;
	int ret;

	while ((zero = bitmap_next_zero(&st->bits, from)) < st->bits.nbits) {
		set = bitmap_next_set(&st->bits, zero, st->bits.nbits);
		ret = fn(arg, (st->base_pfn + zero) * CMA_PAGE_SIZE,
		    (set - zero) * CMA_PAGE_SIZE);
		if (ret)
			return ret;
		from = set;
	}
	return 0;
}

const struct cma_allocator cma_gbf_allocator = {
	.name = "gbf",
	.summary = "gen_pool best fit over a page bitmap (smallest run, exact "
	    "fit stops the scan)",
	.init = genpool_init,
	.cleanup = genpool_cleanup,
	.alloc = gbf_alloc,
	.free = genpool_free,
	.walk_free = genpool_walk_free,
};

const struct cma_allocator cma_gff_allocator = {
	.name = "gff",
	.summary = "gen_pool first_fit_order_align over a page bitmap (lowest "
	    "run, aligned to the size's power of two)",
	.init = genpool_init,
	.cleanup = genpool_cleanup,
	.alloc = gff_alloc,
	.free = genpool_free,
	.walk_free = genpool_walk_free,
};
