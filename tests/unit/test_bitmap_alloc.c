/*
 * The bitmap allocators on hand-built cases: the word-at-a-time bitmap
 * itself, ff (mainline CMA: lowest fit, physical alignment through the
 * kernel's mask and offset, order_per_bit granules), gbf (gen_pool best
 * fit) and gff (gen_pool first fit aligned to the size's order).
 */
#include <errno.h>
#include <string.h>

#include "bitmap.h"
#include "cunit_main.h"
#include "cma/allocator.h"

#define PG 4096ull

/* ---- the bitmap ---- */

static void
test_bitmap_ranges_across_words(void)
{
	struct bitmap b;

	bitmap_init(&b, 200);
	CU_ASSERT_EQUAL(bitmap_next_zero(&b, 0), 0);
	bitmap_set_range(&b, 0, 70);
	CU_ASSERT_EQUAL(bitmap_next_zero(&b, 0), 70);
	CU_ASSERT_EQUAL(bitmap_next_set(&b, 70, 200), 200);
	bitmap_set_range(&b, 127, 3);			/* 127..129 */
	CU_ASSERT_EQUAL(bitmap_next_set(&b, 70, 200), 127);
	CU_ASSERT_EQUAL(bitmap_next_zero(&b, 127), 130);
	CU_ASSERT(bitmap_range_clear(&b, 70, 57));
	CU_ASSERT(!bitmap_range_clear(&b, 70, 58));
	bitmap_clear_range(&b, 10, 50);
	CU_ASSERT_EQUAL(bitmap_next_zero(&b, 0), 10);
	CU_ASSERT_EQUAL(bitmap_next_set(&b, 10, 200), 60);
	/* The tail past nbits never reads as free. */
	bitmap_set_range(&b, 130, 70);
	CU_ASSERT_EQUAL(bitmap_next_zero(&b, 130), 200);
	bitmap_free(&b);
}

static void
test_bitmap_zero_area_mask_offset(void)
{
	struct bitmap b;

	bitmap_init(&b, 64);
	bitmap_set_range(&b, 0, 3);
	/* 4 bits aligned to 4: index 4. */
	CU_ASSERT_EQUAL(bitmap_zero_area(&b, 0, 4, 3, 0), 4);
	/* With offset 1, index + 1 must be a multiple of 4: 3 fits. */
	CU_ASSERT_EQUAL(bitmap_zero_area(&b, 0, 4, 3, 1), 3);
	/* Bit 5 taken: restart past it, next candidate 7. */
	bitmap_set_range(&b, 5, 1);
	CU_ASSERT_EQUAL(bitmap_zero_area(&b, 0, 4, 3, 1), 7);
	bitmap_set_range(&b, 8, 1);
	CU_ASSERT_EQUAL(bitmap_zero_area(&b, 0, 4, 3, 1), 11);
	CU_ASSERT_EQUAL(bitmap_zero_area(&b, 0, 61, 0, 0), 64);	/* none */
	bitmap_free(&b);
}

/* ---- helpers ---- */

struct ext_list {
	struct cma_extent e[64];
	int n;
};

static int
collect(void *arg, uint64_t start, uint64_t size)
{
	struct ext_list *l = arg;

	if (l->n < 64)
		l->e[l->n++] = (struct cma_extent){ start, size };
	return 0;
}

static uint64_t
take(const struct cma_allocator *a, void *p, uint64_t size, uint64_t align)
{
	struct cma_extent e;
	void *cookie;

	if (a->alloc(p, size, align, &e, &cookie) < 0)
		return 0;
	return e.start;
}

static void
give(const struct cma_allocator *a, void *p, uint64_t start, uint64_t size)
{
	struct cma_extent e = { start, size };

	a->free(p, &e, NULL);
}

/* ---- ff ---- */

static void
test_ff_lowest_fit(void)
{
	const struct cma_allocator *a = &cma_ff_allocator;
	void *p;

	CU_ASSERT_EQUAL_FATAL(a->init(0x40000000, 64 * PG, NULL, &p, NULL), 0);
	CU_ASSERT_EQUAL(take(a, p, 4 * PG, PG), 0x40000000);
	CU_ASSERT_EQUAL(take(a, p, 8 * PG, PG), 0x40004000);
	CU_ASSERT_EQUAL(take(a, p, 2 * PG, PG), 0x4000c000);
	/* Free the first: the next 2-page request goes back to the bottom,
	 * first fit, not into a better-fitting hole. */
	give(a, p, 0x40000000, 4 * PG);
	CU_ASSERT_EQUAL(take(a, p, 2 * PG, PG), 0x40000000);
	CU_ASSERT_EQUAL(take(a, p, 4 * PG, PG), 0x4000e000);
	a->cleanup(p);
}

static void
test_ff_physical_alignment(void)
{
	const struct cma_allocator *a = &cma_ff_allocator;
	void *p;

	/* A region one page past a 64K boundary: bit 0 is pfn ...1, so a
	 * 64K-aligned chunk starts at bit 15 (0x33010000), not at bit 16. */
	CU_ASSERT_EQUAL_FATAL(a->init(0x33001000, 64 * PG, NULL, &p, NULL), 0);
	CU_ASSERT_EQUAL(take(a, p, PG, 64 * 1024), 0x33010000);
	CU_ASSERT_EQUAL(take(a, p, PG, PG), 0x33001000);
	CU_ASSERT_EQUAL(take(a, p, PG, 64 * 1024), 0x33020000);
	/* 0x33040000 is the last page of the region: still inside. */
	CU_ASSERT_EQUAL(take(a, p, PG, 256 * 1024), 0x33040000);
	CU_ASSERT_EQUAL(take(a, p, PG, 512 * 1024), 0);	/* none in range */
	a->cleanup(p);
}

static void
test_ff_order_per_bit(void)
{
	const struct cma_allocator *a = &cma_ff_allocator;
	struct cma_extent e;
	struct ext_list l = { .n = 0 };
	struct cma_err err;
	void *p, *cookie;

	CU_ASSERT_EQUAL_FATAL(a->init(0x40000000, 64 * PG, "order_per_bit=2",
	    &p, &err), 0);
	/* 5 pages round up to two 4-page granules. */
	CU_ASSERT_EQUAL(a->alloc(p, 5 * PG, PG, &e, &cookie), 0);
	CU_ASSERT_EQUAL(e.start, 0x40000000);
	CU_ASSERT_EQUAL(e.size, 8 * PG);
	CU_ASSERT_EQUAL(a->alloc(p, PG, PG, &e, &cookie), 0);
	CU_ASSERT_EQUAL(e.start, 0x40008000);
	CU_ASSERT_EQUAL(e.size, 4 * PG);
	a->walk_free(p, collect, &l);
	CU_ASSERT_EQUAL(l.n, 1);
	CU_ASSERT_EQUAL(l.e[0].start, 0x4000c000);
	CU_ASSERT_EQUAL(l.e[0].size, 52 * PG);
	CU_ASSERT_EQUAL(a->largest_free(p), 52 * PG);
	a->cleanup(p);

	/* A region not on the 16 KiB granule is refused. */
	CU_ASSERT_EQUAL(a->init(0x40001000, 64 * PG, "order_per_bit=2", &p,
	    &err), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "16 KiB"));
}

static void
test_ff_params_refused(void)
{
	const struct cma_allocator *a = &cma_ff_allocator;
	struct cma_err err;
	void *p;

	CU_ASSERT_EQUAL(a->init(0, 16 * PG, "order_per_bit=11", &p, &err),
	    -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "0 to 10"));
	CU_ASSERT_EQUAL(a->init(0, 16 * PG, "order_per_bit=", &p, &err),
	    -EINVAL);
	CU_ASSERT_EQUAL(a->init(0, 16 * PG, "order_per_bit=-1", &p, &err),
	    -EINVAL);
	CU_ASSERT_EQUAL(a->init(0, 16 * PG, "pages=3", &p, &err), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "unknown parameter"));
	CU_ASSERT_EQUAL(a->init(0, 16 * PG, "", &p, &err), 0);
	a->cleanup(p);
}

static void
test_ff_full_single_zero_holes(void)
{
	const struct cma_allocator *a = &cma_ff_allocator;
	struct ext_list l = { .n = 0 };
	void *p;

	CU_ASSERT_EQUAL_FATAL(a->init(0x50000000, PG, NULL, &p, NULL), 0);
	CU_ASSERT_EQUAL(take(a, p, 2 * PG, PG), 0);	/* too big */
	CU_ASSERT_EQUAL(take(a, p, PG, PG), 0x50000000);
	CU_ASSERT_EQUAL(take(a, p, PG, PG), 0);		/* full */
	a->walk_free(p, collect, &l);
	CU_ASSERT_EQUAL(l.n, 0);			/* zero holes */
	CU_ASSERT_EQUAL(a->largest_free(p), 0);
	give(a, p, 0x50000000, PG);
	CU_ASSERT_EQUAL(a->largest_free(p), PG);
	a->cleanup(p);
}

/* ---- gen_pool ---- */

static void
test_gbf_smallest_run(void)
{
	const struct cma_allocator *a = &cma_gbf_allocator;
	void *p;

	CU_ASSERT_EQUAL_FATAL(a->init(0x40000000, 32 * PG, NULL, &p, NULL), 0);
	/* Fill, then open holes of 4, 2 and 3 pages. */
	CU_ASSERT_EQUAL(take(a, p, 32 * PG, PG), 0x40000000);
	give(a, p, 0x40000000, 4 * PG);		/* pages 0..3 */
	give(a, p, 0x40008000, 2 * PG);		/* pages 8..9 */
	give(a, p, 0x40010000, 3 * PG);		/* pages 16..18 */
	/* 2 pages: the exact 2-page hole, not the lowest. */
	CU_ASSERT_EQUAL(take(a, p, 2 * PG, PG), 0x40008000);
	/* 3 pages: the 3-page hole beats the lower 4-page one. */
	CU_ASSERT_EQUAL(take(a, p, 3 * PG, PG), 0x40010000);
	CU_ASSERT_EQUAL(take(a, p, 3 * PG, PG), 0x40000000);
	CU_ASSERT_EQUAL(take(a, p, 2 * PG, PG), 0);
	a->cleanup(p);
}

static void
test_gbf_aligned(void)
{
	const struct cma_allocator *a = &cma_gbf_allocator;
	void *p;

	CU_ASSERT_EQUAL_FATAL(a->init(0x40001000, 64 * PG, NULL, &p, NULL), 0);
	CU_ASSERT_EQUAL(take(a, p, PG, 32 * 1024), 0x40008000);
	CU_ASSERT_EQUAL(take(a, p, PG, PG), 0x40001000);
	a->cleanup(p);
}

static void
test_gff_order_alignment(void)
{
	const struct cma_allocator *a = &cma_gff_allocator;
	void *p;

	CU_ASSERT_EQUAL_FATAL(a->init(0x40000000, 64 * PG, NULL, &p, NULL), 0);
	CU_ASSERT_EQUAL(take(a, p, PG, PG), 0x40000000);
	/* 3 pages align to 4 pages: not page 1 but page 4. */
	CU_ASSERT_EQUAL(take(a, p, 3 * PG, PG), 0x40004000);
	/* 5 pages align to 8. */
	CU_ASSERT_EQUAL(take(a, p, 5 * PG, PG), 0x40008000);
	/* 1 page still fits at page 1. */
	CU_ASSERT_EQUAL(take(a, p, PG, PG), 0x40001000);
	/* A caller alignment larger than the order wins. */
	CU_ASSERT_EQUAL(take(a, p, PG, 64 * 1024), 0x40010000);
	a->cleanup(p);
}

static void
test_genpool_params_refused(void)
{
	struct cma_err err;
	void *p;

	CU_ASSERT_EQUAL(cma_gbf_allocator.init(0, 4 * PG, "x", &p, &err),
	    -EINVAL);
	CU_ASSERT_EQUAL(cma_gff_allocator.init(0, 4 * PG, "x", &p, &err),
	    -EINVAL);
}

static CU_TestInfo bitmap_tests[] = {
	{ "ranges across words", test_bitmap_ranges_across_words },
	{ "zero area, mask and offset", test_bitmap_zero_area_mask_offset },
	CU_TEST_INFO_NULL
};

static CU_TestInfo ff_tests[] = {
	{ "lowest fit", test_ff_lowest_fit },
	{ "physical alignment", test_ff_physical_alignment },
	{ "order_per_bit granules", test_ff_order_per_bit },
	{ "parameters refused", test_ff_params_refused },
	{ "single page, full, zero holes", test_ff_full_single_zero_holes },
	CU_TEST_INFO_NULL
};

static CU_TestInfo genpool_tests[] = {
	{ "gbf: smallest run, exact fit", test_gbf_smallest_run },
	{ "gbf: aligned", test_gbf_aligned },
	{ "gff: order alignment", test_gff_order_alignment },
	{ "parameters refused", test_genpool_params_refused },
	CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
	{ "bitmap", NULL, NULL, NULL, NULL, bitmap_tests },
	{ "ff", NULL, NULL, NULL, NULL, ff_tests },
	{ "gen_pool", NULL, NULL, NULL, NULL, genpool_tests },
	CU_SUITE_INFO_NULL
};

int
main(void)
{
	return cunit_run(suites);
}
