/*
 * Region placement (DESIGN §3) and the unusable-region rules of v1, seen
 * through cma_create / cma_region_get / cma_dropped_get.
 *
 * On goni (dmc0 0x30000000 +80M, dmc1 0x40000000 +384M, kernel reserved
 * 0x30000000-0x31ffffff) and on small boards made for a case: the default
 * layout; START honoured exactly (after rounding up to the alignment) or the
 * region dropped with a reason (reserved range, earlier region, outside a
 * bank, across two banks); regions without START at the lowest aligned free
 * address, banks in address order; allocators: unknown or refusing their
 * parameters leaves the region placed but unusable, skipped by cma_alloc
 * and still counted by cma_info (v1).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cunit_main.h"
#include "cma/cma.h"

#define MiB (1024ull * 1024)

static struct cma *C;
static struct cma_err E;

static void
create_on(const struct cma_board *b, const char *cma, const char *map)
{
	memset(&E, 0, sizeof E);
	C = NULL;
	CU_ASSERT_EQUAL_FATAL(cma_create(b, cma, map, &C, &E), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(C);
}

static void
create(const char *cma, const char *map)
{
	create_on(cma_board_builtin("goni"), cma, map);
}

static void
destroy(void)
{
	cma_destroy(C);
	C = NULL;
}

/* Region idx is name at [start, start+size) in bank, aligned to align. */
static void
expect_placed(int idx, const char *name, uint64_t start, uint64_t size,
    uint64_t align, int bank)
{
	struct cma_region_info ri;

	CU_ASSERT_EQUAL_FATAL(cma_region_get(C, idx, &ri), 0);
	CU_ASSERT_STRING_EQUAL(ri.name, name);
	CU_ASSERT_EQUAL(ri.start, start);
	CU_ASSERT_EQUAL(ri.size, size);
	CU_ASSERT_EQUAL(ri.align, align);
	CU_ASSERT_EQUAL(ri.bank, bank);
	if (ri.start != start)
		fprintf(stderr, "\n  %s at %#llx, want %#llx\n", name,
		    (unsigned long long)ri.start, (unsigned long long)start);
}

/* Dropped entry idx is name (START as normalised), reason containing why. */
static void
expect_dropped(int idx, const char *name, uint64_t size, uint64_t start,
    const char *why)
{
	struct cma_dropped_info di;

	CU_ASSERT_EQUAL_FATAL(cma_dropped_get(C, idx, &di), 0);
	CU_ASSERT_STRING_EQUAL(di.name, name);
	CU_ASSERT_EQUAL(di.size, size);
	CU_ASSERT_EQUAL(di.start, start);
	CU_ASSERT_PTR_NOT_NULL_FATAL(di.reason);
	CU_ASSERT_PTR_NOT_NULL(strstr(di.reason, why));
	if (strstr(di.reason, why) == NULL)
		fprintf(stderr, "\n  reason '%s', want '%s'\n", di.reason, why);
}

/* Region idx runs allocator `alloc` (NULL: unusable, reason has why). */
static void
expect_allocator(int idx, const char *alloc, const char *why)
{
	struct cma_region_info ri;

	CU_ASSERT_EQUAL_FATAL(cma_region_get(C, idx, &ri), 0);
	if (alloc == NULL) {
		CU_ASSERT_PTR_NULL(ri.allocator);
		CU_ASSERT_PTR_NOT_NULL_FATAL(ri.reason);
		CU_ASSERT_PTR_NOT_NULL(strstr(ri.reason, why));
		if (strstr(ri.reason, why) == NULL)
			fprintf(stderr, "\n  reason '%s', want '%s'\n",
			    ri.reason, why);
		return;
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(ri.allocator);
	CU_ASSERT_STRING_EQUAL(ri.allocator, alloc);
	CU_ASSERT_PTR_NULL(ri.reason);
	CU_ASSERT_EQUAL(ri.free, ri.size);
}

/* A board of two 16 MiB banks that touch: lo 0x10000000, hi 0x11000000. */
static void
two_adjacent_banks(struct cma_board *b)
{
	CU_ASSERT_EQUAL_FATAL(cma_board_parse("board twin\n"
	    "bank hi 0x11000000 16M\n"
	    "bank lo 0x10000000 16M\n", "twin", b, NULL), 0);
}

/* ---- the default layout ---- */

static void
test_goni_default_layout(void)
{
	struct cma_region_info ri;

	create(NULL, NULL);
	CU_ASSERT_EQUAL(cma_region_count(C), 3);
	CU_ASSERT_EQUAL(cma_dropped_count(C), 0);
	expect_placed(0, "fw", 0x32000000, MiB, 128 * 1024, 0);
	expect_placed(1, "b1", 0x33000000, 32 * MiB, 4096, 0);
	expect_placed(2, "b2", 0x44000000, 16 * MiB, 4096, 1);
	expect_allocator(0, "bf", NULL);
	expect_allocator(1, "bf", NULL);
	expect_allocator(2, "bf", NULL);
	CU_ASSERT_EQUAL(cma_region_get(C, 1, &ri), 0);
	CU_ASSERT_PTR_NULL(ri.alloc_name);
	CU_ASSERT_PTR_NULL(ri.alloc_params);
	CU_ASSERT_EQUAL(ri.users, 0);
	CU_ASSERT_EQUAL(ri.allocs, 0);
	CU_ASSERT_EQUAL(ri.fails, 0);
	CU_ASSERT_EQUAL(cma_region_get(C, 3, &ri), -ENOENT);
	CU_ASSERT_EQUAL(cma_region_get(C, -1, &ri), -ENOENT);
	CU_ASSERT_EQUAL(cma_region_find(C, "b2"), 2);
	CU_ASSERT_EQUAL(cma_region_find(C, "b"), -ENOENT);
	destroy();
}

static void
test_aquila_same_layout(void)
{
	create_on(cma_board_builtin("aquila"), NULL, NULL);
	CU_ASSERT_EQUAL(cma_region_count(C), 3);
	expect_placed(0, "fw", 0x32000000, MiB, 128 * 1024, 0);
	expect_placed(1, "b1", 0x33000000, 32 * MiB, 4096, 0);
	expect_placed(2, "b2", 0x44000000, 16 * MiB, 4096, 1);
	destroy();
}

/* ---- regions with START ---- */

static void
test_start_in_reserved_range_dropped(void)
{
	struct cma_dropped_info di;

	create("a=8M;b=8M@0x31000000", NULL);
	CU_ASSERT_EQUAL(cma_region_count(C), 1);
	CU_ASSERT_EQUAL(cma_dropped_count(C), 1);
	expect_placed(0, "a", 0x32000000, 8 * MiB, 4096, 0);
	expect_dropped(0, "b", 8 * MiB, 0x31000000,
	    "overlaps reserved range kernel (0x30000000-0x31ffffff)");
	CU_ASSERT_EQUAL(cma_dropped_get(C, 1, &di), -ENOENT);
	CU_ASSERT_EQUAL(cma_region_find(C, "b"), -ENOENT);
	destroy();

	/* one page into the kernel is enough */
	create("k=1M@0x31fff000", NULL);
	CU_ASSERT_EQUAL(cma_region_count(C), 0);
	expect_dropped(0, "k", MiB, 0x31fff000, "reserved range kernel");
	destroy();
}

static void
test_start_rounded_up_to_alignment(void)
{
	create("a=1M@0x32001000/1M;b=1M@0x3300f000/128K;c=1M@0x34000001", NULL);
	CU_ASSERT_EQUAL(cma_region_count(C), 3);
	expect_placed(0, "a", 0x32100000, MiB, MiB, 0);
	expect_placed(1, "b", 0x33020000, MiB, 128 * 1024, 0);
	expect_placed(2, "c", 0x34001000, MiB, 4096, 0);
	destroy();

	/* rounding up can push a region out of the reserved range ... */
	create("a=1M@0x31f00001/2M", NULL);
	expect_placed(0, "a", 0x32000000, MiB, 2 * MiB, 0);
	destroy();

	/* ... or out of its bank */
	create("a=1M@0x34f00001", NULL);
	CU_ASSERT_EQUAL(cma_region_count(C), 0);
	expect_dropped(0, "a", MiB, 0x34f01000, "does not lie inside one bank");
	destroy();
}

static void
test_start_overlapping_earlier_region_dropped(void)
{
	create("a=2M@0x32000000;b=1M@0x32100000;c=1M", NULL);
	CU_ASSERT_EQUAL(cma_region_count(C), 2);
	CU_ASSERT_EQUAL(cma_dropped_count(C), 1);
	expect_placed(0, "a", 0x32000000, 2 * MiB, 4096, 0);
	expect_dropped(0, "b", MiB, 0x32100000,
	    "overlaps region a (0x32000000-0x321fffff)");
	/* a dropped region takes no space: c goes right after a */
	expect_placed(1, "c", 0x32200000, MiB, 4096, 0);
	destroy();

	/* a later START overlapping a region placed without one */
	create("a=1M;b=1M@0x32000000", NULL);
	expect_placed(0, "a", 0x32000000, MiB, 4096, 0);
	expect_dropped(0, "b", MiB, 0x32000000, "overlaps region a");
	destroy();
}

static void
test_start_outside_all_banks_dropped(void)
{
	create("a=1M@0x20000000;b=1M@0x35000000;c=2M@0x57f00000;"
	    "d=1M@0x57f00000", NULL);
	CU_ASSERT_EQUAL(cma_region_count(C), 1);
	CU_ASSERT_EQUAL(cma_dropped_count(C), 3);
	expect_dropped(0, "a", MiB, 0x20000000,
	    "0x20000000-0x200fffff does not lie inside one bank of board goni");
	expect_dropped(1, "b", MiB, 0x35000000, "does not lie inside one bank");
	expect_dropped(2, "c", 2 * MiB, 0x57f00000,
	    "does not lie inside one bank");
	/* the last MiB of dmc1 is fine */
	expect_placed(0, "d", 0x57f00000, MiB, 4096, 1);
	destroy();
}

static void
test_start_across_two_banks_dropped(void)
{
	struct cma_board b;

	two_adjacent_banks(&b);
	create_on(&b, "r=8M@0x10c00000;s=8M@0x10800000;t=8M@0x11000000",
	    "");
	CU_ASSERT_EQUAL(cma_region_count(C), 2);
	expect_dropped(0, "r", 8 * MiB, 0x10c00000,
	    "does not lie inside one bank of board twin");
	expect_placed(0, "s", 0x10800000, 8 * MiB, 4096, 0);
	expect_placed(1, "t", 0x11000000, 8 * MiB, 4096, 1);
	destroy();
}

static void
test_start_wrapping_dropped(void)
{
	create("a=1M@0xfffffffffff00000", NULL);
	CU_ASSERT_EQUAL(cma_region_count(C), 0);
	CU_ASSERT_EQUAL(cma_dropped_count(C), 1);
	expect_dropped(0, "a", MiB, 0xfffffffffff00000ull,
	    "0xfffffffffff00000 + 0x100000 runs past the end of the address "
	    "space");
	destroy();
}

/* ---- regions without START ---- */

static void
test_anywhere_lowest_aligned_free(void)
{
	create("a=1M@0x32000000;b=1M@0x32200000;c=1M;d=2M;e=1M/4M", NULL);
	CU_ASSERT_EQUAL(cma_region_count(C), 5);
	expect_placed(2, "c", 0x32100000, MiB, 4096, 0);	/* the gap */
	expect_placed(3, "d", 0x32300000, 2 * MiB, 4096, 0);
	/* 0x32000000 (a) and 0x32400000 (d) are taken */
	expect_placed(4, "e", 0x32800000, MiB, 4 * MiB, 0);
	destroy();
}

static void
test_anywhere_skips_reserved(void)
{
	create("a=1M;b=1M/64M", NULL);
	expect_placed(0, "a", 0x32000000, MiB, 4096, 0);
	/* 64M-aligned: 0x30000000 is the kernel's, 0x34000000 is free */
	expect_placed(1, "b", 0x34000000, MiB, 64 * MiB, 0);
	destroy();
}

static void
test_anywhere_fills_exact_gap(void)
{
	/* 15 MiB free between fw and b1 */
	create("fw=1M@0x32000000/128K;b1=32M@0x33000000;c=15M;d=4K", NULL);
	expect_placed(2, "c", 0x32100000, 15 * MiB, 4096, 0);
	/* dmc0 is now full */
	expect_placed(3, "d", 0x40000000, 4096, 4096, 1);
	destroy();
}

static void
test_anywhere_spills_into_dmc1(void)
{
	create("fw=1M@0x32000000/128K;b1=32M@0x33000000;c=16M", NULL);
	expect_placed(2, "c", 0x40000000, 16 * MiB, 4096, 1);
	destroy();

	create("a=40M;b=40M;c=8M", NULL);
	expect_placed(0, "a", 0x32000000, 40 * MiB, 4096, 0);
	expect_placed(1, "b", 0x40000000, 40 * MiB, 4096, 1);
	/* dmc0 still has 8 MiB after a: lowest address wins */
	expect_placed(2, "c", 0x34800000, 8 * MiB, 4096, 0);
	destroy();
}

static void
test_anywhere_after_earlier_regions_in_dmc1(void)
{
	create("a=48M;b=16M@0x40000000;c=1M", NULL);
	expect_placed(0, "a", 0x32000000, 48 * MiB, 4096, 0);
	expect_placed(1, "b", 0x40000000, 16 * MiB, 4096, 1);
	expect_placed(2, "c", 0x41000000, MiB, 4096, 1);
	destroy();
}

static void
test_anywhere_banks_in_address_order(void)
{
	struct cma_board b;

	/* the file lists hi first; placement still starts with lo */
	two_adjacent_banks(&b);
	create_on(&b, "a=8M;b=8M@0x11800000;c=16M;d=1M", "");
	CU_ASSERT_EQUAL(cma_region_count(C), 3);
	expect_placed(0, "a", 0x10000000, 8 * MiB, 4096, 0);
	expect_placed(1, "b", 0x11800000, 8 * MiB, 4096, 1);
	/* 16 MiB are free from 0x10800000, but across lo's end: no */
	expect_dropped(0, "c", 16 * MiB, 0,
	    "no free 0x1000000 bytes aligned to 0x1000 in any bank of board "
	    "twin");
	expect_placed(2, "d", 0x10800000, MiB, 4096, 0);
	destroy();
}

static void
test_anywhere_no_room_dropped(void)
{
	struct cma_board b;

	create("a=1G", NULL);
	CU_ASSERT_EQUAL(cma_region_count(C), 0);
	expect_dropped(0, "a", 1024 * MiB, 0,
	    "no free 0x40000000 bytes aligned to 0x1000 in any bank of board "
	    "goni");
	destroy();

	/* fits in size, never at that alignment */
	two_adjacent_banks(&b);
	create_on(&b, "a=1M/512M", "");
	expect_dropped(0, "a", MiB, 0, "aligned to 0x20000000");
	destroy();
}

static void
test_duplicate_names(void)
{
	create("a=1M;a=2M", NULL);
	CU_ASSERT_EQUAL(cma_region_count(C), 2);
	expect_placed(0, "a", 0x32000000, MiB, 4096, 0);
	expect_placed(1, "a", 0x32100000, 2 * MiB, 4096, 0);
	CU_ASSERT_EQUAL(cma_region_find(C, "a"), 0);	/* first wins */
	destroy();
}

/* ---- allocators ---- */

static void
test_unknown_allocator_unusable(void)
{
	struct cma_region_info ri;
	uint64_t start = 0;

	create("bad=1M:nosuch;good=1M", "dev=bad,good;only=bad");
	CU_ASSERT_EQUAL(cma_region_count(C), 2);
	CU_ASSERT_EQUAL(cma_dropped_count(C), 0);
	expect_placed(0, "bad", 0x32000000, MiB, 4096, 0);
	expect_allocator(0, NULL, "unknown allocator 'nosuch'");
	CU_ASSERT_EQUAL(cma_region_get(C, 0, &ri), 0);
	CU_ASSERT_STRING_EQUAL(ri.alloc_name, "nosuch");
	CU_ASSERT_EQUAL(ri.free, 0);
	expect_allocator(1, "bf", NULL);

	/* cma_alloc skips it */
	CU_ASSERT_EQUAL(cma_alloc(C, "dev", NULL, 4096, 0, &start), 0);
	CU_ASSERT_EQUAL(start, 0x32100000);
	CU_ASSERT_EQUAL(cma_alloc(C, "only", NULL, 4096, 0, &start), -ENOMEM);
	CU_ASSERT_EQUAL(cma_alloc_from(C, "bad", 4096, 0, &start), -ENOMEM);
	CU_ASSERT_EQUAL(cma_region_get(C, 0, &ri), 0);
	CU_ASSERT_EQUAL(ri.allocs, 0);
	CU_ASSERT_EQUAL(ri.fails, 0);
	CU_ASSERT_EQUAL(ri.users, 0);
	CU_ASSERT_EQUAL(cma_region_get(C, 1, &ri), 0);
	CU_ASSERT_EQUAL(ri.allocs, 1);
	CU_ASSERT_EQUAL(ri.users, 1);
	destroy();
}

static void
test_allocator_refusing_params_unusable(void)
{
	struct cma_region_info ri;
	uint64_t start;

	create("a=1M:bf(x);b=1M:(y)", "dev=a");
	expect_allocator(0, NULL,
	    "allocator bf refused the region: bf takes no parameters "
	    "(got 'x')");
	CU_ASSERT_EQUAL(cma_region_get(C, 0, &ri), 0);
	CU_ASSERT_STRING_EQUAL(ri.alloc_params, "x");
	/* ':' with no name is the default allocator, bf, refusing too */
	expect_allocator(1, NULL, "bf takes no parameters (got 'y')");
	CU_ASSERT_EQUAL(cma_alloc(C, "dev", NULL, 4096, 0, &start), -ENOMEM);
	destroy();
}

static void
test_allocator_names_meaning_bf(void)
{
	struct cma_region_info ri;

	create("a=1M:;b=1M:bf;c=1M:();d=1M;e=1M:bf()", NULL);
	CU_ASSERT_EQUAL(cma_region_count(C), 5);
	expect_allocator(0, "bf", NULL);
	expect_allocator(1, "bf", NULL);
	expect_allocator(2, "bf", NULL);
	expect_allocator(3, "bf", NULL);
	expect_allocator(4, "bf", NULL);
	CU_ASSERT_EQUAL(cma_region_get(C, 0, &ri), 0);
	CU_ASSERT_STRING_EQUAL(ri.alloc_name, "");
	CU_ASSERT_EQUAL(cma_region_get(C, 3, &ri), 0);
	CU_ASSERT_PTR_NULL(ri.alloc_name);
	destroy();
}

/* ---- cma_info ---- */

static void
expect_info(const char *dev, const char *kind, uint64_t lower, uint64_t upper,
    uint64_t total, uint64_t free_size, unsigned count)
{
	struct cma_info info;

	memset(&info, 0xa5, sizeof info);
	CU_ASSERT_EQUAL_FATAL(cma_info(C, dev, kind, &info), 0);
	CU_ASSERT_EQUAL(info.lower_bound, lower);
	CU_ASSERT_EQUAL(info.upper_bound, upper);
	CU_ASSERT_EQUAL(info.total_size, total);
	CU_ASSERT_EQUAL(info.free_size, free_size);
	CU_ASSERT_EQUAL(info.count, count);
}

static void
test_info_default(void)
{
	uint64_t start;

	create(NULL, NULL);
	expect_info("s5p-mfc5", "f", 0x32000000, 0x32100000, MiB, MiB, 1);
	expect_info("s5p-mfc5", "a", 0x33000000, 0x35000000, 32 * MiB,
	    32 * MiB, 1);
	expect_info("s5p-mfc5", "b", 0x44000000, 0x45000000, 16 * MiB,
	    16 * MiB, 1);
	expect_info("video", NULL, 0x33000000, 0x45000000, 48 * MiB,
	    48 * MiB, 2);
	/* v3's free_size follows allocations */
	CU_ASSERT_EQUAL(cma_alloc(C, "s5p-mfc5", "a", 6 * MiB, 0, &start), 0);
	expect_info("s5p-mfc5", "a", 0x33000000, 0x35000000, 32 * MiB,
	    26 * MiB, 1);
	destroy();
}

static void
test_info_counts_unusable_regions(void)
{
	create("fw=1M@0x32000000/128K;b1=32M@0x33000000:nosuch;"
	    "b2=16M@0x44000000", NULL);
	expect_allocator(1, NULL, "unknown allocator 'nosuch'");
	expect_info("s5p-mfc5", "f", 0x32000000, 0x32100000, MiB, MiB, 1);
	/* b1 cannot allocate, but v1 counts it */
	expect_info("s5p-mfc5", "a", 0x33000000, 0x35000000, 32 * MiB, 0, 1);
	expect_info("s5p-mfc5", "x", 0x33000000, 0x45000000, 48 * MiB,
	    16 * MiB, 2);
	destroy();
}

static void
test_info_skips_missing_regions(void)
{
	struct cma_info info;

	create("a=1M;b=1M@0x31000000", "x=b,nosuch,a;y=nosuch;z=");
	expect_info("x", NULL, 0x32000000, 0x32100000, MiB, MiB, 1);
	/* no region: bounds stay at their "none" values */
	expect_info("y", NULL, UINT64_MAX, 0, 0, 0, 0);
	expect_info("z", NULL, UINT64_MAX, 0, 0, 0, 0);
	CU_ASSERT_EQUAL(cma_info(C, "y", "k", &info), -ENOENT);
	destroy();
}

static void
test_info_no_rule(void)
{
	struct cma_info info;

	create(NULL, "s5p-mfc5/f=fw");
	expect_info("s5p-mfc5", "f", 0x32000000, 0x32100000, MiB, MiB, 1);
	CU_ASSERT_EQUAL(cma_info(C, "video", NULL, &info), -ENOENT);
	CU_ASSERT_EQUAL(cma_info(C, "s5p-mfc5", NULL, &info), -ENOENT);
	CU_ASSERT_EQUAL(cma_info(C, "s5p-mfc5", "a", &info), -ENOENT);
	CU_ASSERT_EQUAL(cma_info(C, NULL, "f", &info), -EINVAL);
	CU_ASSERT_EQUAL(cma_info(C, "", "f", &info), -EINVAL);
	CU_ASSERT_EQUAL(cma_info(C, "s5p-mfc5", "f", NULL), -EINVAL);
	destroy();
}

static CU_TestInfo layout_tests[] = {
	{ "goni default layout", test_goni_default_layout },
	{ "aquila: the same", test_aquila_same_layout },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo start_tests[] = {
	{ "in the reserved range: dropped",
	    test_start_in_reserved_range_dropped },
	{ "rounded up to the alignment", test_start_rounded_up_to_alignment },
	{ "overlapping an earlier region: dropped",
	    test_start_overlapping_earlier_region_dropped },
	{ "outside every bank: dropped", test_start_outside_all_banks_dropped },
	{ "across two banks: dropped", test_start_across_two_banks_dropped },
	{ "wrapping past 2^64: dropped", test_start_wrapping_dropped },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo anywhere_tests[] = {
	{ "lowest aligned free address", test_anywhere_lowest_aligned_free },
	{ "skips the reserved range", test_anywhere_skips_reserved },
	{ "fills an exact gap", test_anywhere_fills_exact_gap },
	{ "spills into dmc1", test_anywhere_spills_into_dmc1 },
	{ "after earlier regions in dmc1",
	    test_anywhere_after_earlier_regions_in_dmc1 },
	{ "banks in address order, never across",
	    test_anywhere_banks_in_address_order },
	{ "no room: dropped", test_anywhere_no_room_dropped },
	{ "duplicate names", test_duplicate_names },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo allocator_tests[] = {
	{ "unknown allocator: unusable, skipped",
	    test_unknown_allocator_unusable },
	{ "bf(x): unusable", test_allocator_refusing_params_unusable },
	{ "':', ':bf', ':()', none: bf", test_allocator_names_meaning_bf },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo info_tests[] = {
	{ "default board", test_info_default },
	{ "unusable regions counted (v1)", test_info_counts_unusable_regions },
	{ "missing regions skipped", test_info_skips_missing_regions },
	{ "no rule: -ENOENT; bad device: -EINVAL", test_info_no_rule },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "region: layout", NULL, NULL, NULL, NULL, layout_tests },
	{ "region: with START", NULL, NULL, NULL, NULL, start_tests },
	{ "region: without START", NULL, NULL, NULL, NULL, anywhere_tests },
	{ "region: allocators", NULL, NULL, NULL, NULL, allocator_tests },
	{ "region: cma_info", NULL, NULL, NULL, NULL, info_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return cunit_run(suites);
}
