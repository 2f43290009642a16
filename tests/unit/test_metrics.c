/*
 * Fragmentation metrics (include/cma/metrics.h).
 *
 * By hand: cma_metrics_begin / add_extent / finish on made-up extents,
 * checked against the header's formulas, with F the free pages, B the
 * holes and F_s the free pages in holes of at least s:
 *	U(s)  = (F - F_s) / F, 1 when F = 0
 *	FI(s) = -1 if a hole holds s, 0 if B = 0, else 1 - (1 + F/s) / B,
 *		clamped at 0 from below (so -1 only ever means "s fits")
 * and the rounding of s to pages.  On a real goni configuration: region and
 * bank figures after cma_alloc / cma_put (bank 0 = fw + b1), unusable
 * regions (-ENODEV, left out of their bank) and bad indices.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "cunit_main.h"
#include "cma/cma.h"
#include "cma/metrics.h"

#define PG  4096ull
#define MiB (1024ull * 1024)
#define EPS 1e-12

/* ---- by hand ---- */

static void
test_some_hole_fits(void)
{
	struct cma_metrics m;

	/* holes of 1, 1 and 2 pages; s = 2 pages */
	cma_metrics_begin(&m, 2 * PG);
	cma_metrics_add_extent(&m, PG);
	cma_metrics_add_extent(&m, PG);
	cma_metrics_add_extent(&m, 2 * PG);
	cma_metrics_finish(&m);
	CU_ASSERT_EQUAL(m.s, 2 * PG);
	CU_ASSERT_EQUAL(m.free, 4 * PG);
	CU_ASSERT_EQUAL(m.holes, 3);
	CU_ASSERT_EQUAL(m.largest_free, 2 * PG);
	CU_ASSERT_EQUAL(m.fit_free, 2 * PG);
	CU_ASSERT_DOUBLE_EQUAL(m.unusable, 0.5, EPS);	/* 2/4 */
	CU_ASSERT_DOUBLE_EQUAL(m.fragindex, -1.0, EPS);
}

static void
test_no_hole_fits(void)
{
	struct cma_metrics m;

	/* the same holes; s = 4 pages */
	cma_metrics_begin(&m, 4 * PG);
	cma_metrics_add_extent(&m, PG);
	cma_metrics_add_extent(&m, PG);
	cma_metrics_add_extent(&m, 2 * PG);
	cma_metrics_finish(&m);
	CU_ASSERT_EQUAL(m.fit_free, 0);
	CU_ASSERT_EQUAL(m.largest_free, 2 * PG);
	CU_ASSERT_DOUBLE_EQUAL(m.unusable, 1.0, EPS);
	/* 1 - (1 + 4/4) / 3 */
	CU_ASSERT_DOUBLE_EQUAL(m.fragindex, 1.0 / 3.0, EPS);
}

static void
test_fractional_free_over_s(void)
{
	struct cma_metrics m;

	/* holes of 1 and 1 page, s = 3 pages: 1 - (1 + 2/3) / 2 = 1/6 */
	cma_metrics_begin(&m, 3 * PG);
	cma_metrics_add_extent(&m, PG);
	cma_metrics_add_extent(&m, PG);
	cma_metrics_finish(&m);
	CU_ASSERT_DOUBLE_EQUAL(m.fragindex, 1.0 / 6.0, EPS);
	CU_ASSERT_DOUBLE_EQUAL(m.unusable, 1.0, EPS);

	/* holes of 3 and 1 pages, s = 5 pages: 1 - (1 + 4/5) / 2 = 0.1 */
	cma_metrics_begin(&m, 5 * PG);
	cma_metrics_add_extent(&m, 3 * PG);
	cma_metrics_add_extent(&m, PG);
	cma_metrics_finish(&m);
	CU_ASSERT_DOUBLE_EQUAL(m.fragindex, 0.1, EPS);
	CU_ASSERT_EQUAL(m.largest_free, 3 * PG);
}

static void
test_negative_index_clamped(void)
{
	struct cma_metrics m;

	/* one hole of 1 page, s = 4 pages: 1 - (1 + 1/4) / 1 < 0 → 0 */
	cma_metrics_begin(&m, 4 * PG);
	cma_metrics_add_extent(&m, PG);
	cma_metrics_finish(&m);
	CU_ASSERT_DOUBLE_EQUAL(m.unusable, 1.0, EPS);
	CU_ASSERT_DOUBLE_EQUAL(m.fragindex, 0.0, EPS);

	/* two holes of 1 page, s = 2 pages: 1 - (1 + 2/2) / 2 = 0 exactly */
	cma_metrics_begin(&m, 2 * PG);
	cma_metrics_add_extent(&m, PG);
	cma_metrics_add_extent(&m, PG);
	cma_metrics_finish(&m);
	CU_ASSERT_DOUBLE_EQUAL(m.fragindex, 0.0, EPS);

	/* three holes of 1 page, s = 2 pages: 1 - (1 + 3/2) / 3 = 1/6 */
	cma_metrics_begin(&m, 2 * PG);
	cma_metrics_add_extent(&m, PG);
	cma_metrics_add_extent(&m, PG);
	cma_metrics_add_extent(&m, PG);
	cma_metrics_finish(&m);
	CU_ASSERT_DOUBLE_EQUAL(m.fragindex, 1.0 / 6.0, EPS);
}

static void
test_no_free_space(void)
{
	struct cma_metrics m;

	cma_metrics_begin(&m, PG);
	cma_metrics_finish(&m);
	CU_ASSERT_EQUAL(m.free, 0);
	CU_ASSERT_EQUAL(m.holes, 0);
	CU_ASSERT_EQUAL(m.largest_free, 0);
	CU_ASSERT_EQUAL(m.fit_free, 0);
	CU_ASSERT_DOUBLE_EQUAL(m.unusable, 1.0, EPS);
	CU_ASSERT_DOUBLE_EQUAL(m.fragindex, 0.0, EPS);
}

static void
test_exact_fit_and_all_fit(void)
{
	struct cma_metrics m;

	cma_metrics_begin(&m, 8 * PG);
	cma_metrics_add_extent(&m, 8 * PG);
	cma_metrics_finish(&m);
	CU_ASSERT_EQUAL(m.fit_free, 8 * PG);
	CU_ASSERT_DOUBLE_EQUAL(m.unusable, 0.0, EPS);
	CU_ASSERT_DOUBLE_EQUAL(m.fragindex, -1.0, EPS);

	/* holes of 2, 3 and 5 pages, s = 3 pages: F_s = 8 of F = 10 */
	cma_metrics_begin(&m, 3 * PG);
	cma_metrics_add_extent(&m, 2 * PG);
	cma_metrics_add_extent(&m, 5 * PG);
	cma_metrics_add_extent(&m, 3 * PG);
	cma_metrics_finish(&m);
	CU_ASSERT_EQUAL(m.fit_free, 8 * PG);
	CU_ASSERT_EQUAL(m.largest_free, 5 * PG);
	CU_ASSERT_DOUBLE_EQUAL(m.unusable, 0.2, EPS);
	CU_ASSERT_DOUBLE_EQUAL(m.fragindex, -1.0, EPS);
}

static void
test_s_rounded_to_pages(void)
{
	struct cma_metrics m;

	cma_metrics_begin(&m, 1);
	CU_ASSERT_EQUAL(m.s, PG);
	cma_metrics_begin(&m, 0);
	CU_ASSERT_EQUAL(m.s, PG);
	cma_metrics_begin(&m, PG + 1);
	CU_ASSERT_EQUAL(m.s, 2 * PG);
	cma_metrics_begin(&m, UINT64_MAX);
	CU_ASSERT_EQUAL(m.s, 0xfffffffffffff000ull);

	/* s = 4097 counts as two pages: a 5000-byte extent does not fit */
	cma_metrics_begin(&m, PG + 1);
	cma_metrics_add_extent(&m, 5000);
	cma_metrics_add_extent(&m, 2 * PG);
	cma_metrics_finish(&m);
	CU_ASSERT_EQUAL(m.fit_free, 2 * PG);
}

static void
test_begin_resets(void)
{
	struct cma_metrics m;

	memset(&m, 0x5a, sizeof m);
	cma_metrics_begin(&m, 2 * PG);
	CU_ASSERT_EQUAL(m.total, 0);
	CU_ASSERT_EQUAL(m.used, 0);
	CU_ASSERT_EQUAL(m.free, 0);
	CU_ASSERT_EQUAL(m.holes, 0);
	CU_ASSERT_EQUAL(m.largest_free, 0);
	CU_ASSERT_EQUAL(m.chunks, 0);
	CU_ASSERT_EQUAL(m.fit_free, 0);
}

/* ---- on a running configuration ---- */

static struct cma *C;

static void
create(const char *cma)
{
	C = NULL;
	CU_ASSERT_EQUAL_FATAL(cma_create(cma_board_builtin("goni"), cma, NULL,
	    &C, NULL), 0);
}

static void
expect_sizes(const struct cma_metrics *m, uint64_t total, uint64_t used,
    uint64_t free_b, uint64_t holes, uint64_t largest, unsigned chunks)
{
	CU_ASSERT_EQUAL(m->total, total);
	CU_ASSERT_EQUAL(m->used, used);
	CU_ASSERT_EQUAL(m->free, free_b);
	CU_ASSERT_EQUAL(m->holes, holes);
	CU_ASSERT_EQUAL(m->largest_free, largest);
	CU_ASSERT_EQUAL(m->chunks, chunks);
}

static void
test_region_after_one_alloc(void)
{
	struct cma_metrics m;
	uint64_t start = 0;

	create(NULL);
	CU_ASSERT_EQUAL_FATAL(cma_alloc(C, "s5p-mfc5", "a", 6 * MiB, 0,
	    &start), 0);
	CU_ASSERT_EQUAL(start, 0x33000000);

	/* b1 (region 1): one hole of 26 MiB after the chunk */
	CU_ASSERT_EQUAL_FATAL(cma_metrics_region(C, 1, MiB, &m), 0);
	expect_sizes(&m, 32 * MiB, 6 * MiB, 26 * MiB, 1, 26 * MiB, 1);
	CU_ASSERT_EQUAL(m.s, MiB);
	CU_ASSERT_EQUAL(m.fit_free, 26 * MiB);
	CU_ASSERT_DOUBLE_EQUAL(m.unusable, 0.0, EPS);
	CU_ASSERT_DOUBLE_EQUAL(m.fragindex, -1.0, EPS);

	/* more than all the free space: short of memory, 1 - (1 + 26/27)
	 * clamped to 0 */
	CU_ASSERT_EQUAL_FATAL(cma_metrics_region(C, 1, 27 * MiB, &m), 0);
	CU_ASSERT_EQUAL(m.fit_free, 0);
	CU_ASSERT_DOUBLE_EQUAL(m.unusable, 1.0, EPS);
	CU_ASSERT_DOUBLE_EQUAL(m.fragindex, 0.0, EPS);

	/* the other regions are untouched */
	CU_ASSERT_EQUAL_FATAL(cma_metrics_region(C, 0, MiB, &m), 0);
	expect_sizes(&m, MiB, 0, MiB, 1, MiB, 0);
	CU_ASSERT_EQUAL_FATAL(cma_metrics_region(C, 2, MiB, &m), 0);
	expect_sizes(&m, 16 * MiB, 0, 16 * MiB, 1, 16 * MiB, 0);
	cma_destroy(C);
}

static void
test_region_with_two_holes(void)
{
	struct cma_metrics m;
	uint64_t a = 0, b = 0;

	create(NULL);
	CU_ASSERT_EQUAL_FATAL(cma_alloc(C, "s5p-mfc5", "a", 6 * MiB, 0, &a),
	    0);
	CU_ASSERT_EQUAL_FATAL(cma_alloc(C, "s5p-mfc5", "a", 6 * MiB, 0, &b),
	    0);
	CU_ASSERT_EQUAL(a, 0x33000000);
	CU_ASSERT_EQUAL(b, 0x33600000);
	CU_ASSERT_EQUAL(cma_put(C, a), 1);

	/* holes: 6 MiB at 0x33000000, 20 MiB at 0x33c00000 */
	CU_ASSERT_EQUAL_FATAL(cma_metrics_region(C, 1, 8 * MiB, &m), 0);
	expect_sizes(&m, 32 * MiB, 6 * MiB, 26 * MiB, 2, 20 * MiB, 1);
	CU_ASSERT_EQUAL(m.fit_free, 20 * MiB);
	CU_ASSERT_DOUBLE_EQUAL(m.unusable, 6.0 / 26.0, EPS);
	CU_ASSERT_DOUBLE_EQUAL(m.fragindex, -1.0, EPS);

	/* 21 MiB: 1 - (1 + 26/21) / 2 = -5/42, clamped to 0 */
	CU_ASSERT_EQUAL_FATAL(cma_metrics_region(C, 1, 21 * MiB, &m), 0);
	CU_ASSERT_EQUAL(m.fit_free, 0);
	CU_ASSERT_DOUBLE_EQUAL(m.unusable, 1.0, EPS);
	CU_ASSERT_DOUBLE_EQUAL(m.fragindex, 0.0, EPS);

	/* and whole again once the last chunk goes */
	CU_ASSERT_EQUAL(cma_put(C, b), 1);
	CU_ASSERT_EQUAL_FATAL(cma_metrics_region(C, 1, 8 * MiB, &m), 0);
	expect_sizes(&m, 32 * MiB, 0, 32 * MiB, 1, 32 * MiB, 0);
	cma_destroy(C);
}

static void
test_region_aligned_alloc_splits_hole(void)
{
	struct cma_metrics m;
	uint64_t start = 0;

	create(NULL);
	/* 32M-aligned inside b1 is 0x34000000: 16 MiB before, 15 after */
	CU_ASSERT_EQUAL_FATAL(cma_alloc(C, "s5p-mfc5", "a", MiB, 32 * MiB,
	    &start), 0);
	CU_ASSERT_EQUAL(start, 0x34000000);
	CU_ASSERT_EQUAL_FATAL(cma_metrics_region(C, 1, 16 * MiB, &m), 0);
	expect_sizes(&m, 32 * MiB, MiB, 31 * MiB, 2, 16 * MiB, 1);
	CU_ASSERT_EQUAL(m.fit_free, 16 * MiB);
	CU_ASSERT_DOUBLE_EQUAL(m.unusable, 15.0 / 31.0, EPS);
	cma_destroy(C);
}

static void
test_bank_aggregates_its_regions(void)
{
	struct cma_metrics m;
	uint64_t a = 0, b = 0, f = 0;

	create(NULL);
	CU_ASSERT_EQUAL_FATAL(cma_alloc(C, "s5p-mfc5", "a", 6 * MiB, 0, &a),
	    0);
	CU_ASSERT_EQUAL_FATAL(cma_alloc(C, "s5p-mfc5", "a", 6 * MiB, 0, &b),
	    0);
	CU_ASSERT_EQUAL(cma_put(C, a), 1);

	/* bank 0 = fw (1 MiB, one hole) + b1 (holes of 6 and 20 MiB) */
	CU_ASSERT_EQUAL_FATAL(cma_metrics_bank(C, 0, 8 * MiB, &m), 0);
	expect_sizes(&m, 33 * MiB, 6 * MiB, 27 * MiB, 3, 20 * MiB, 1);
	CU_ASSERT_EQUAL(m.fit_free, 20 * MiB);
	CU_ASSERT_DOUBLE_EQUAL(m.unusable, 7.0 / 27.0, EPS);
	CU_ASSERT_DOUBLE_EQUAL(m.fragindex, -1.0, EPS);
	/* 1 - (1 + 27/21) / 3 = 5/21 */
	CU_ASSERT_EQUAL_FATAL(cma_metrics_bank(C, 0, 21 * MiB, &m), 0);
	CU_ASSERT_DOUBLE_EQUAL(m.fragindex, 5.0 / 21.0, EPS);

	/* fw's chunk counts in bank 0 too */
	CU_ASSERT_EQUAL_FATAL(cma_alloc(C, "s5p-mfc5", "f", MiB, 0, &f), 0);
	CU_ASSERT_EQUAL(f, 0x32000000);
	CU_ASSERT_EQUAL_FATAL(cma_metrics_bank(C, 0, 8 * MiB, &m), 0);
	expect_sizes(&m, 33 * MiB, 7 * MiB, 26 * MiB, 2, 20 * MiB, 2);

	/* bank 1 holds only b2 */
	CU_ASSERT_EQUAL_FATAL(cma_metrics_bank(C, 1, 8 * MiB, &m), 0);
	expect_sizes(&m, 16 * MiB, 0, 16 * MiB, 1, 16 * MiB, 0);
	cma_destroy(C);
}

static void
test_unusable_region_left_out(void)
{
	struct cma_metrics m;

	create("fw=1M@0x32000000/128K;b1=32M@0x33000000:nosuch;"
	    "b2=16M@0x44000000");
	CU_ASSERT_EQUAL(cma_metrics_region(C, 1, MiB, &m), -ENODEV);
	CU_ASSERT_EQUAL_FATAL(cma_metrics_bank(C, 0, MiB, &m), 0);
	expect_sizes(&m, MiB, 0, MiB, 1, MiB, 0);
	cma_destroy(C);
}

static void
test_bad_indices(void)
{
	struct cma_metrics m;

	create(NULL);
	CU_ASSERT_EQUAL(cma_metrics_region(C, 3, MiB, &m), -ENOENT);
	CU_ASSERT_EQUAL(cma_metrics_region(C, -1, MiB, &m), -ENOENT);
	CU_ASSERT_EQUAL(cma_metrics_bank(C, 2, MiB, &m), -ENOENT);
	CU_ASSERT_EQUAL(cma_metrics_bank(C, -1, MiB, &m), -ENOENT);
	cma_destroy(C);

	/* a bank with no region is empty, not an error */
	create("a=1M@0x40000000");
	CU_ASSERT_EQUAL_FATAL(cma_metrics_bank(C, 0, MiB, &m), 0);
	expect_sizes(&m, 0, 0, 0, 0, 0, 0);
	CU_ASSERT_DOUBLE_EQUAL(m.unusable, 1.0, EPS);
	CU_ASSERT_DOUBLE_EQUAL(m.fragindex, 0.0, EPS);
	cma_destroy(C);
}

static CU_TestInfo hand_tests[] = {
	{ "a hole fits: U=0.5, FI=-1", test_some_hole_fits },
	{ "no hole fits: U=1, FI=1/3", test_no_hole_fits },
	{ "F/s fractional", test_fractional_free_over_s },
	{ "negative FI clamped to 0", test_negative_index_clamped },
	{ "no free space: U=1, FI=0", test_no_free_space },
	{ "exact fit, several fit", test_exact_fit_and_all_fit },
	{ "s rounded up to pages", test_s_rounded_to_pages },
	{ "begin resets everything", test_begin_resets },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo cma_tests[] = {
	{ "b1 after one 6M alloc", test_region_after_one_alloc },
	{ "b1 with two holes", test_region_with_two_holes },
	{ "aligned alloc splits a hole",
	    test_region_aligned_alloc_splits_hole },
	{ "bank 0 = fw + b1", test_bank_aggregates_its_regions },
	{ "unusable region left out", test_unusable_region_left_out },
	{ "bad indices, empty bank", test_bad_indices },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "metrics: by hand", NULL, NULL, NULL, NULL, hand_tests },
	{ "metrics: on a cma", NULL, NULL, NULL, NULL, cma_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return cunit_run(suites);
}
