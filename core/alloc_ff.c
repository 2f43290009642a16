/*
 * "ff": mainline Linux CMA's allocator (mm/cma.c since 3.5), for comparing
 * the 2010 design with what kernels ship.
 *
 * One bit per granule of 2^order_per_bit pages; an allocation takes the
 * lowest run of clear bits that fits, with its start aligned *in physical
 * terms*: mainline turns an alignment order into a bit mask plus an offset
 * (the region base's misalignment, in granules), so a region that does not
 * start on the alignment still hands out aligned chunks.  Requests are
 * rounded up to whole granules, so with order_per_bit > 0 a chunk can be
 * larger than asked (the region's used bytes show it).  The search is the
 * kernel's: next zero bit, round up to the mask, check the run for a set
 * bit, restart past it -- word at a time.
 *
 * Parameters (cma= "r=64M:ff(order_per_bit=2)"): order_per_bit, 0..10.
 * A region must start and end on its granule, as mainline's reservation
 * guarantees; otherwise init refuses it.
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bitmap.h"
#include "cma_int.h"

#define FF_MAX_ORDER_PER_BIT 10

struct ff_state {
	struct bitmap bits;
	uint64_t      base_pfn;
	unsigned      order_per_bit;
};

/* "order_per_bit=N" or nothing; anything else is refused. */
static int
ff_parse_params(const char *params, unsigned *order_per_bit,
    struct cma_err *err)
{
	const char *v;
	char *end;
	unsigned long n;

	*order_per_bit = 0;
	if (params == NULL || *params == '\0')
		return 0;
	if (strncmp(params, "order_per_bit=", 14) != 0) {
		cma_err_set(err, "unknown parameter '%s' (ff takes "
		    "order_per_bit=N)", params);
		return -EINVAL;
	}
	v = params + 14;
	n = strtoul(v, &end, 10);
	if (*v < '0' || *v > '9' || *end != '\0' ||
	    n > FF_MAX_ORDER_PER_BIT) {
		cma_err_set(err, "order_per_bit must be 0 to %d (got '%s')",
		    FF_MAX_ORDER_PER_BIT, v);
		return -EINVAL;
	}
	*order_per_bit = (unsigned)n;
	return 0;
}

static int
ff_init(uint64_t start, uint64_t size, const char *params, void **priv,
    struct cma_err *err)
{
	struct ff_state *st;
	unsigned opb;
	uint64_t granule;

	if (ff_parse_params(params, &opb, err) < 0)
		return -EINVAL;
	granule = (uint64_t)CMA_PAGE_SIZE << opb;
	if (start % granule || size % granule) {
		cma_err_set(err, "order_per_bit=%u needs a region starting and "
		    "ending on %llu KiB", opb,
		    (unsigned long long)(granule / 1024));
		return -EINVAL;
	}
	st = xcalloc(1, sizeof *st);
	st->base_pfn = start / CMA_PAGE_SIZE;
	st->order_per_bit = opb;
	bitmap_init(&st->bits, size / granule);
	*priv = st;
	return 0;
}

static void
ff_cleanup(void *priv)
{
	struct ff_state *st = priv;

	bitmap_free(&st->bits);
	free(st);
}

static unsigned
ff_order(uint64_t pages)
{
	return (unsigned)__builtin_ctzll(pages);	/* pages: a power of 2 */
}

static int
ff_alloc(void *priv, uint64_t size, uint64_t align, struct cma_extent *out,
    void **cookie)
{
	struct ff_state *st = priv;
	unsigned opb = st->order_per_bit;
	unsigned order = ff_order(align / CMA_PAGE_SIZE);
	uint64_t pages = size / CMA_PAGE_SIZE, mask = 0, offset, nbits, bit;

	*cookie = NULL;
	if (order > opb)
		mask = (1ull << (order - opb)) - 1;
	offset = (st->base_pfn & ((1ull << order) - 1)) >> opb;
	nbits = (pages + (1ull << opb) - 1) >> opb;
	if (nbits == 0 || nbits > st->bits.nbits)
		return -ENOMEM;
	bit = bitmap_zero_area(&st->bits, 0, nbits, mask, offset);
	if (bit >= st->bits.nbits)
		return -ENOMEM;
	bitmap_set_range(&st->bits, bit, nbits);
	out->start = (st->base_pfn + (bit << opb)) * CMA_PAGE_SIZE;
	out->size = (nbits << opb) * CMA_PAGE_SIZE;
	return 0;
}

static void
ff_free(void *priv, const struct cma_extent *chunk, void *cookie)
{
	struct ff_state *st = priv;
	uint64_t bit = (chunk->start / CMA_PAGE_SIZE - st->base_pfn) >>
	    st->order_per_bit;
	uint64_t nbits = (chunk->size / CMA_PAGE_SIZE) >> st->order_per_bit;

	(void)cookie;
	assert(bit + nbits <= st->bits.nbits);
	bitmap_clear_range(&st->bits, bit, nbits);
}

static int
ff_walk_free(void *priv, cma_extent_fn fn, void *arg)
{
	struct ff_state *st = priv;
	uint64_t gran = (uint64_t)CMA_PAGE_SIZE << st->order_per_bit;
	uint64_t from = 0, zero, set;
	int ret;

	while ((zero = bitmap_next_zero(&st->bits, from)) < st->bits.nbits) {
		set = bitmap_next_set(&st->bits, zero, st->bits.nbits);
		ret = fn(arg, st->base_pfn * CMA_PAGE_SIZE + zero * gran,
		    (set - zero) * gran);
		if (ret)
			return ret;
		from = set;
	}
	return 0;
}

static int
ff_largest_extent(void *arg, uint64_t start, uint64_t size)
{
	uint64_t *best = arg;

	(void)start;
	if (size > *best)
		*best = size;
	return 0;
}

static uint64_t
ff_largest_free(void *priv)
{
	uint64_t best = 0;

	ff_walk_free(priv, ff_largest_extent, &best);
	return best;
}

uint64_t
cma_ff_words_scanned(void *priv)
{
	return ((struct ff_state *)priv)->bits.scanned;
}

const struct cma_allocator cma_ff_allocator = {
	.name = "ff",
	.summary = "mainline CMA: bitmap of 2^order_per_bit-page granules, "
	    "lowest fit, physically aligned",
	.init = ff_init,
	.cleanup = ff_cleanup,
	.alloc = ff_alloc,
	.free = ff_free,
	.walk_free = ff_walk_free,
	.largest_free = ff_largest_free,
};
