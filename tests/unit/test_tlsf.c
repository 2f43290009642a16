/*
 * The "tlsf" allocator, driven directly through cma_tlsf_allocator's ops.
 *
 * The size-class mapping is checked first, value by value and then as
 * properties over every size up to 2^17 pages (each size lies in its bin,
 * the search rounding lands on the start of a bin holding nothing
 * smaller, bins are monotone and 32 to a power of two).
 *
 * The placement cases build known free blocks by carving the region with
 * page-aligned allocations (which take the front of the only block, so
 * they land back to back from the region start) and freeing some, then
 * check exact addresses and the exact free extents walk_free reports.  A
 * page is P = 0x1000 and, unless a case says otherwise, the region starts
 * at B = 0x40000000; "[5,8)" in a comment means the pages B+5P .. B+8P.
 * Bins are written fl/sl: below 32 pages a size has its own bin 0/size;
 * 64..65 pages share 2/0, 66..67 2/1, 132..135 3/1, and so on.  After
 * every operation cma_tlsf_check() verifies the whole state (address list,
 * coalescing, bins and both bitmaps), and largest_free is compared with
 * the largest extent walk_free reports.
 *
 * Covered: the mapping; exact bins below 32 pages; good fit passing over
 * an exact fit in the request's own bin (and failing for want of a larger
 * block); LIFO within a bin, whatever the sizes in it; coalescing with the
 * previous block, the next, both, and at the region ends; alignment taken
 * from the good-fit block when it happens to hold it, else from a block of
 * size + align - 1 with front and back remainders; a region start that is
 * not aligned; alignments of 4 MiB, 16 MiB and larger than the region; an
 * aligned request failing where an exhaustive search would succeed (the
 * documented limit); a full region; a single-page region; no holes at
 * all; largest_free scanning its bin; walk_free stopping early; refused
 * parameters and regions; and a randomised run with the state check after
 * every step.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "alloc_harness.h"
#include "alloc_tlsf.h"
#include "cunit_main.h"
#include "cma/allocator.h"

#define P	((uint64_t)0x1000)
#define B	((uint64_t)0x40000000)
#define FAIL	UINT64_MAX

static const struct cma_allocator *tl = &cma_tlsf_allocator;

static void consistent_(int line);

/*
 * The region under test and its live chunks; the state is checked after
 * every alloc and free, and alloc must hand back a cookie.
 */
static struct harness T = {
	.alloc = &cma_tlsf_allocator, .file = __FILE__,
	.after = consistent_, .want_cookie = 1,
};

#define check_u64(line, what, got, want) \
	harness_check_u64(__FILE__, (line), (what), (got), (want))

static int
max_extent(void *arg, uint64_t start, uint64_t size)
{
	uint64_t *max = arg;

	(void)start;
	if (size > *max)
		*max = size;
	return 0;
}

/* The state check and largest_free against the walk, after each step. */
static void
consistent_(int line)
{
	char msg[256] = "";
	uint64_t max = 0;
	int ret = cma_tlsf_check(T.priv, msg, sizeof msg);

	if (ret != 0)
		fprintf(stderr, "%s:%d: state: %s\n", __FILE__, line, msg);
	CU_assertImplementation(ret == 0, (unsigned)line,
	    ret == 0 ? "state" : msg, __FILE__, "", CU_FALSE);
	CU_ASSERT_EQUAL(tl->walk_free(T.priv, max_extent, &max), 0);
	check_u64(line, "largest_free", tl->largest_free(T.priv), max);
}

static void
tl_begin(uint64_t start, uint64_t size)
{
	harness_begin(&T, __LINE__, start, size);
	consistent_(__LINE__);
}

/* Allocate; returns the start, or FAIL (and checks -ENOMEM). */
#define take(size, align) \
	harness_take(&T, __LINE__, (size), (align), (size))

/* Allocate and expect the chunk at `want` (FAIL: expect -ENOMEM). */
#define TAKE(size, align, want) \
	check_u64(__LINE__, "alloc(" #size ", " #align ")", \
	    take(size, align), (want))

#define give(start)	harness_give(&T, __LINE__, (start))

/*
 * Carve the region from its start: n chunks of pages[i] pages each, which
 * must land back to back from T.start; their starts go to at[].
 */
#define CARVE(at, ...) do {						\
	static const unsigned pages_[] = { __VA_ARGS__ };		\
	harness_carve(&T, __LINE__, pages_,				\
	    (int)(sizeof pages_ / sizeof pages_[0]), (at));		\
} while (0)

/* The free extents, as {first, end} page pairs relative to T.start. */
#define HOLES(...) do {							\
	const uint64_t want_[][2] = { __VA_ARGS__ };			\
	harness_holes(&T, __LINE__, T.start, want_,			\
	    (int)(sizeof want_ / sizeof want_[0]));			\
} while (0)

#define NO_HOLES()	harness_holes(&T, __LINE__, T.start, NULL, 0)

/* Free what is left; the region must be one hole again; cleanup. */
static void
tl_end(void)
{
	const struct cma_extent whole = { T.start, T.size };

	harness_end(&T, __LINE__, T.start, &whole, 1);
}

/* ---- the mapping ---- */

static void
map_is_(int line, uint64_t pages, unsigned fl, unsigned sl)
{
	unsigned f, s;

	tlsf_mapping(pages, &f, &s);
	check_u64(line, "fl", f, fl);
	check_u64(line, "sl", s, sl);
}

#define MAP_IS(pages, fl, sl)	map_is_(__LINE__, (pages), (fl), (sl))

/* First size filed in bin fl/sl. */
static uint64_t
bin_start(unsigned fl, unsigned sl)
{
	return fl == 0 ? sl : (uint64_t)(TLSF_SL_COUNT + sl) << (fl - 1);
}

static void
test_mapping_values(void)
{
	/* Below 32 pages: one bin per size. */
	MAP_IS(1, 0, 1);
	MAP_IS(2, 0, 2);
	MAP_IS(31, 0, 31);
	/* 32..63: still one size per bin, first level 1. */
	MAP_IS(32, 1, 0);
	MAP_IS(33, 1, 1);
	MAP_IS(63, 1, 31);
	/* 64..127: two sizes per bin. */
	MAP_IS(64, 2, 0);
	MAP_IS(65, 2, 0);
	MAP_IS(66, 2, 1);
	MAP_IS(127, 2, 31);
	/* 128..255: four. */
	MAP_IS(128, 3, 0);
	MAP_IS(131, 3, 0);
	MAP_IS(132, 3, 1);
	MAP_IS(135, 3, 1);
	MAP_IS(255, 3, 31);
	/* 4 GiB = 2^20 pages: bins of 2^15 pages. */
	MAP_IS((uint64_t)1 << 20, 16, 0);
	MAP_IS(((uint64_t)1 << 20) + ((uint64_t)1 << 15) - 1, 16, 0);
	MAP_IS(((uint64_t)1 << 20) + ((uint64_t)1 << 15), 16, 1);
	/* The largest possible region: 2^52 - 1 pages. */
	MAP_IS(((uint64_t)1 << 52) - 1, TLSF_FL_COUNT - 1, 31);

	check_u64(__LINE__, "round 1", tlsf_round_up(1), 1);
	check_u64(__LINE__, "round 31", tlsf_round_up(31), 31);
	check_u64(__LINE__, "round 32", tlsf_round_up(32), 32);
	check_u64(__LINE__, "round 63", tlsf_round_up(63), 63);
	check_u64(__LINE__, "round 64", tlsf_round_up(64), 64);
	check_u64(__LINE__, "round 65", tlsf_round_up(65), 66);
	check_u64(__LINE__, "round 66", tlsf_round_up(66), 66);
	check_u64(__LINE__, "round 127", tlsf_round_up(127), 128);
	check_u64(__LINE__, "round 129", tlsf_round_up(129), 132);
	check_u64(__LINE__, "round 255", tlsf_round_up(255), 256);
	check_u64(__LINE__, "round 2^20+1",
	    tlsf_round_up(((uint64_t)1 << 20) + 1),
	    ((uint64_t)1 << 20) + ((uint64_t)1 << 15));
	check_u64(__LINE__, "round 2^51+1",
	    tlsf_round_up(((uint64_t)1 << 51) + 1),
	    ((uint64_t)1 << 51) + ((uint64_t)1 << 46));
}

static void
test_mapping_properties(void)
{
	uint64_t n, r, lo, width, bad = 0, prev_lo = 0;
	unsigned fl, sl, rfl, rsl, pfl = 0, psl = 1;

	for (n = 1; n <= (uint64_t)1 << 17; n++) {
		tlsf_mapping(n, &fl, &sl);
		lo = bin_start(fl, sl);
		width = fl <= 1 ? 1 : (uint64_t)1 << (fl - 1);
		/* n lies in its bin, and the bins are in size order. */
		if (fl >= TLSF_FL_COUNT || sl >= TLSF_SL_COUNT || lo > n ||
		    n - lo >= width || (fl == 0 && sl == 0))
			bad++;
		if (fl < pfl || (fl == pfl && sl < psl) || lo < prev_lo)
			bad++;
		/* Consecutive bins: no gap, no bin skipped. */
		if ((fl != pfl || sl != psl) && lo != n)
			bad++;
		pfl = fl;
		psl = sl;
		prev_lo = lo;
		/* The search size is the start of a bin holding nothing < n. */
		r = tlsf_round_up(n);
		tlsf_mapping(r, &rfl, &rsl);
		if (r < n || r - n >= width || bin_start(rfl, rsl) != r)
			bad++;
		/* Waste of good fit: under 1/32 of the request. */
		if ((r - n) * TLSF_SL_COUNT > n)
			bad++;
	}
	check_u64(__LINE__, "sizes breaking a mapping property", bad, 0);
	/* 32 bins per power of two from 32 pages up. */
	tlsf_mapping(1024, &fl, &sl);
	tlsf_mapping(2047, &rfl, &rsl);
	check_u64(__LINE__, "one level", rfl, fl);
	check_u64(__LINE__, "32 bins", rsl - sl + 1, TLSF_SL_COUNT);
}

/* ---- placement ---- */

/* Below 32 pages the bins are exact: a true best fit. */
static void
test_small_exact_bins(void)
{
	uint64_t a[6];

	tl_begin(B, 256 * P);
	/* [0,4) [4,5) [5,7) [7,8) [8,11) [11,12), rest [12,256) */
	CARVE(a, 4, 1, 2, 1, 3, 1);
	give(a[0]);
	give(a[2]);
	give(a[4]);
	HOLES({ 0, 4 }, { 5, 7 }, { 8, 11 }, { 12, 256 });
	/* 3 pages: bin 0/3 holds the hole at 8; exact, consumed. */
	TAKE(3 * P, P, B + 8 * P);
	/* 2 pages: bin 0/2, the hole at 5. */
	TAKE(2 * P, P, B + 5 * P);
	HOLES({ 0, 4 }, { 12, 256 });
	/*
	 * 1 page: bin 0/1 is empty; the first non-empty bin above is 0/4
	 * (the hole at 0), ahead of the 244-page rest in 3/29.  Its front is
	 * taken and [1,4) is filed in 0/3.
	 */
	TAKE(P, P, B);
	HOLES({ 1, 4 }, { 12, 256 });
	/* 4 pages: nothing in 0/4..; the rest. */
	TAKE(4 * P, P, B + 12 * P);
	HOLES({ 1, 4 }, { 16, 256 });
	tl_end();
}

/*
 * Good fit: a 65-page request searches from bin 2/1 (66..67 pages), so the
 * 65-page hole in 2/0 is passed over for a larger block; a 64-page request
 * searches 2/0 and takes it.
 */
static void
test_good_fit_skips_exact(void)
{
	uint64_t a[5];

	tl_begin(B, 1024 * P);
	/* X [0,65) [65,66) Y [66,200) [200,201), rest [201,1024) */
	CARVE(a, 65, 1, 134, 1);
	give(a[0]);		/* X: 65 pages, bin 2/0 */
	give(a[2]);		/* Y: 134 pages, bin 3/1 */
	HOLES({ 0, 65 }, { 66, 200 }, { 201, 1024 });
	/* 65 pages: 2/1 and up; Y (3/1) comes before the rest (5/..). */
	TAKE(65 * P, P, B + 66 * P);
	HOLES({ 0, 65 }, { 131, 200 }, { 201, 1024 });
	/* 64 pages: 2/0, X; one page left at 64. */
	TAKE(64 * P, P, B);
	HOLES({ 64, 65 }, { 131, 200 }, { 201, 1024 });
	tl_end();
}

/* ... and with no larger block, a request fails although a hole fits. */
static void
test_good_fit_fails(void)
{
	uint64_t a[2];

	tl_begin(B, 131 * P);
	/* A [0,65) [65,66), rest [66,131): 65 pages, in bin 2/0 */
	CARVE(a, 65, 1);
	TAKE(65 * P, P, FAIL);		/* the rest fits exactly: missed */
	TAKE(64 * P, P, B + 66 * P);
	TAKE(P, P, B + 130 * P);
	NO_HOLES();
	give(a[0]);
	HOLES({ 0, 65 });
	TAKE(65 * P, P, FAIL);		/* searches 2/1 and up: empty */
	TAKE(64 * P, P, B);		/* searches 2/0 */
	HOLES({ 64, 65 });
	tl_end();
}

/* LIFO within a bin: the block filed last is taken first. */
static void
test_lifo(void)
{
	uint64_t a[4];

	tl_begin(B, 256 * P);
	/* [0,2) [2,4) [4,6) [6,8), rest [8,256) */
	CARVE(a, 2, 2, 2, 2);
	give(a[0]);
	give(a[2]);
	TAKE(2 * P, P, B + 4 * P);
	TAKE(2 * P, P, B);
	give(B + 4 * P);
	give(B);
	TAKE(2 * P, P, B);
	TAKE(2 * P, P, B + 4 * P);
	tl_end();
}

/* ... whatever the sizes in the bin: no best fit inside a bin. */
static void
test_lifo_mixed_sizes(void)
{
	uint64_t a[4];

	tl_begin(B, 200 * P);
	/* A [0,64) [64,65) C [65,130) [130,131), rest [131,200) */
	CARVE(a, 64, 1, 65, 1);
	give(a[0]);		/* 64 pages, bin 2/0 */
	give(a[2]);		/* 65 pages, bin 2/0, now its head */
	/* 64 pages searches 2/0: its head is the 65-page hole. */
	TAKE(64 * P, P, B + 65 * P);
	HOLES({ 0, 64 }, { 129, 130 }, { 131, 200 });
	TAKE(64 * P, P, B);
	HOLES({ 129, 130 }, { 131, 200 });
	tl_end();
}

/* Coalescing with the previous block, the next, both, the region ends. */
static void
test_coalesce(void)
{
	uint64_t a[5];

	tl_begin(B, 256 * P);
	/* [0,1) [1,2) [2,3) [3,4) [4,5), rest [5,256) */
	CARVE(a, 1, 1, 1, 1, 1);
	give(a[1]);
	HOLES({ 1, 2 }, { 5, 256 });
	give(a[2]);			/* merges with the block before */
	HOLES({ 1, 3 }, { 5, 256 });
	give(a[4]);			/* merges with the block after */
	HOLES({ 1, 3 }, { 4, 256 });
	give(a[3]);			/* merges with both */
	HOLES({ 1, 256 });
	/*
	 * The merged 255 pages are filed in 3/31 (252..255): a 252-page
	 * request finds them; 253 pages search 4/0 and fail.
	 */
	TAKE(253 * P, P, FAIL);
	TAKE(252 * P, P, B + P);
	HOLES({ 253, 256 });
	give(B + P);
	give(a[0]);			/* region start, merges forward */
	HOLES({ 0, 256 });
	/* Region end: the last page, freed after its predecessor. */
	TAKE(255 * P, P, B);
	TAKE(P, P, B + 255 * P);
	give(B);
	HOLES({ 0, 255 });
	give(B + 255 * P);
	HOLES({ 0, 256 });
	tl_end();
}

/* ---- alignment ---- */

/* Region start not aligned: alignment is physical. */
static void
test_align_unaligned_region(void)
{
	tl_begin(B + 3 * P, 64 * P);
	/* 1 page at 4P: the first 4P boundary is one page in. */
	TAKE(P, 4 * P, B + 4 * P);
	HOLES({ 0, 1 }, { 2, 64 });
	/* 4 pages at 16P: B+16P is page 13 of the region. */
	TAKE(4 * P, 16 * P, B + 16 * P);
	HOLES({ 0, 1 }, { 2, 13 }, { 17, 64 });
	/* 2 pages at 2P: the head of 0/11 ([2,13) = B+5P..) fits at B+6P. */
	TAKE(2 * P, 2 * P, B + 6 * P);
	HOLES({ 0, 1 }, { 2, 3 }, { 5, 13 }, { 17, 64 });
	tl_end();
}

/*
 * The good-fit block cannot hold the aligned chunk: the search for
 * size + align - 1 pages, first with a back remainder only, then with a
 * front and a back.
 */
static void
test_align_second_search(void)
{
	uint64_t a[4];

	tl_begin(B, 256 * P);
	/* [0,1) H [1,3) [3,4) [4,5), rest [5,256) */
	CARVE(a, 1, 2, 1, 1);
	give(a[1]);
	/* 1 page at 2P: H (0/2) holds it at 2; front [1,2) stays free. */
	TAKE(P, 2 * P, B + 2 * P);
	HOLES({ 1, 2 }, { 5, 256 });
	give(B + 2 * P);
	/*
	 * 2 pages at 2P: H is the good fit but its boundary at 2 leaves one
	 * page.  3 pages: the rest at 5; chunk at 6, [5,6) and [8,256) free.
	 */
	TAKE(2 * P, 2 * P, B + 6 * P);
	HOLES({ 1, 3 }, { 5, 6 }, { 8, 256 });
	/* Again: good fit H misfits; 3 pages: the rest at 8, no front. */
	TAKE(2 * P, 2 * P, B + 8 * P);
	HOLES({ 1, 3 }, { 5, 6 }, { 10, 256 });
	tl_end();
}

/* 4 MiB and 16 MiB alignments, and one larger than the region. */
static void
test_align_large(void)
{
	uint64_t a[1];

	tl_begin(B, 4096 * P);		/* 16 MiB at a 1 GiB boundary */
	CARVE(a, 1);			/* rest [1,4096) */
	/* 1 page at 4 MiB: the rest holds it at page 1024. */
	TAKE(P, 1024 * P, B + 1024 * P);
	HOLES({ 1, 1024 }, { 1025, 4096 });
	/*
	 * 4 MiB at 4 MiB: good fit searches 6/0 -> the 3071 pages at 1025
	 * (7/15), which hold it at 2048; 1023 pages before, 1024 after.
	 */
	TAKE(1024 * P, 1024 * P, B + 2048 * P);
	HOLES({ 1, 1024 }, { 1025, 2048 }, { 3072, 4096 });
	/*
	 * 4 MiB at 16 MiB: the only 16 MiB boundary is B, taken; the second
	 * search would need 4096 + 1023 pages: refused without searching.
	 */
	TAKE(1024 * P, 4096 * P, FAIL);
	/* Larger than the region. */
	TAKE(P, (uint64_t)1 << 30, FAIL);
	give(a[0]);
	give(B + 1024 * P);
	give(B + 2048 * P);
	HOLES({ 0, 4096 });
	/* The whole region at 16 MiB, and 1 page at 1 GiB. */
	TAKE(4096 * P, 4096 * P, B);
	give(B);
	TAKE(P, (uint64_t)1 << 30, B);
	tl_end();

	/* A region off the 1 GiB boundary cannot serve 1 GiB alignment. */
	tl_begin(B + P, 16 * P);
	TAKE(P, (uint64_t)1 << 30, FAIL);
	TAKE(P, 32 * P, FAIL);
	TAKE(P, 16 * P, B + 16 * P);
	tl_end();
}

/*
 * The documented limit: the good-fit head misfits and no block has
 * size + align - 1 pages, so the request fails although another block of
 * the same bin holds an aligned chunk.
 */
static void
test_align_may_fail(void)
{
	uint64_t a[5];

	tl_begin(B, 16 * P);
	/* A [0,5) X [5,8) S [8,12) Y [12,15) T [15,16) */
	CARVE(a, 5, 3, 4, 3, 1);
	give(a[3]);		/* Y: 3 pages at 12, 4P-aligned */
	give(a[1]);		/* X: 3 pages at 5, now the head of 0/3 */
	/* 2 pages at 4P: X's boundary 8 is its end; 5 pages: none. */
	TAKE(2 * P, 4 * P, FAIL);
	/* Take X away (the head); then Y is the good fit and serves. */
	TAKE(3 * P, P, B + 5 * P);
	TAKE(2 * P, 4 * P, B + 12 * P);
	HOLES({ 14, 15 });
	tl_end();
}

/* ---- edges ---- */

static void
test_full_region(void)
{
	int i;

	tl_begin(B, 64 * P);
	TAKE(64 * P, P, B);
	NO_HOLES();
	TAKE(P, P, FAIL);
	give(B);
	HOLES({ 0, 64 });
	/* 64 single pages, back to back. */
	for (i = 0; i < 64; i++)
		TAKE(P, P, B + (uint64_t)i * P);
	NO_HOLES();
	TAKE(P, P, FAIL);
	check_u64(__LINE__, "largest_free", tl->largest_free(T.priv), 0);
	for (i = 0; i < 64; i += 2)
		give(B + (uint64_t)i * P);
	check_u64(__LINE__, "largest_free", tl->largest_free(T.priv), P);
	TAKE(2 * P, P, FAIL);
	tl_end();
}

static void
test_single_page(void)
{
	tl_begin(B + 7 * P, P);
	HOLES({ 0, 1 });
	TAKE(2 * P, P, FAIL);
	TAKE(P, 2 * P, FAIL);		/* B+7P is not 2P-aligned */
	TAKE(P, P, B + 7 * P);
	NO_HOLES();
	TAKE(P, P, FAIL);
	give(B + 7 * P);
	HOLES({ 0, 1 });
	tl_end();
}

/* Carved completely: no holes at all, then one at a time. */
static void
test_no_holes(void)
{
	uint64_t a[5];

	tl_begin(B, 100 * P);
	CARVE(a, 10, 20, 30, 39, 1);
	NO_HOLES();
	check_u64(__LINE__, "largest_free", tl->largest_free(T.priv), 0);
	TAKE(P, P, FAIL);
	TAKE(P, 1024 * P, FAIL);
	TAKE(100 * P, P, FAIL);
	give(a[2]);
	HOLES({ 30, 60 });
	give(a[4]);
	HOLES({ 30, 60 }, { 99, 100 });
	TAKE(30 * P, P, B + 30 * P);
	TAKE(P, P, B + 99 * P);
	NO_HOLES();
	tl_end();
}

/* largest_free scans its bin: the largest is not the head. */
static void
test_largest_free(void)
{
	uint64_t a[4];

	tl_begin(B, 300 * P);
	/* X [0,135) [135,136) Y [136,268) [268,269), rest [269,300) */
	CARVE(a, 135, 1, 132, 1);
	check_u64(__LINE__, "largest", tl->largest_free(T.priv), 31 * P);
	give(a[0]);		/* 135 pages, bin 3/1 */
	give(a[2]);		/* 132 pages, bin 3/1, the head */
	check_u64(__LINE__, "largest", tl->largest_free(T.priv), 135 * P);
	tl_end();
}

struct stop {
	int calls;
};

static int
stop_second(void *arg, uint64_t start, uint64_t size)
{
	struct stop *s = arg;

	(void)start;
	(void)size;
	return ++s->calls == 2 ? 42 : 0;
}

static void
test_walk_free_stops(void)
{
	uint64_t a[4];
	struct stop s = { 0 };

	tl_begin(B, 64 * P);
	CARVE(a, 1, 1, 1, 1);
	give(a[0]);
	give(a[2]);
	/* Three holes; the walk stops at the second. */
	CU_ASSERT_EQUAL(tl->walk_free(T.priv, stop_second, &s), 42);
	CU_ASSERT_EQUAL(s.calls, 2);
	tl_end();
}

static void
test_refused(void)
{
	struct cma_err err = { "" };
	void *priv = NULL;

	CU_ASSERT_EQUAL(tl->init(B, 64 * P, "x=1", &priv, &err), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "no parameters"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "x=1"));
	CU_ASSERT_EQUAL(tl->init(B + 1, 64 * P, NULL, &priv, &err), -EINVAL);
	CU_ASSERT_EQUAL(tl->init(B, 64 * P + 1, NULL, &priv, &err), -EINVAL);
	CU_ASSERT_EQUAL(tl->init(B, 0, NULL, &priv, &err), -EINVAL);
	/* An empty parameter list is no parameter. */
	CU_ASSERT_EQUAL_FATAL(tl->init(B, 64 * P, "", &priv, &err), 0);
	tl->cleanup(priv);
}

/* ---- random, with the state check after every step ---- */

static uint64_t
rnd(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void
random_run(uint64_t start, uint64_t pages, uint64_t maxreq, uint64_t seed)
{
	uint64_t s = seed, size, align, used = 0, free_bytes;
	unsigned long op, fails = 0, ok = 0;
	int i;

	tl_begin(start, pages * P);
	for (op = 0; op < 20000; op++) {
		if (T.nlive > 0 && (T.nlive == 512 || rnd(&s) % 100 < 45)) {
			i = (int)(rnd(&s) % (uint64_t)T.nlive);
			used -= T.live[i].size;
			give(T.live[i].start);
			continue;
		}
		size = (1 + rnd(&s) % maxreq) * P;
		align = rnd(&s) % 2 ? P : P << (rnd(&s) % 11);
		if (take(size, align) == FAIL) {
			fails++;
		} else {
			used += size;
			ok++;
		}
		free_bytes = 0;
		if (T.nlive > 0 && op % 97 == 0) {
			struct harness_holes hs = { .n = 0 };

			tl->walk_free(T.priv, harness_collect, &hs);
			for (i = 0; i < hs.n && i < 512; i++)
				free_bytes += hs.h[i].size;
			if (hs.n <= 512)
				check_u64(__LINE__, "free + used", free_bytes +
				    used, T.size);
		}
	}
	CU_ASSERT(fails > 0);
	CU_ASSERT(ok > 0);
	tl_end();
}

static void
test_random_checked(void)
{
	random_run(B, 8192, 600, 1);
	random_run(0x40123000, 7171, 300, 2);
	random_run(B + 5 * P, 64, 8, 3);
}

static CU_TestInfo tl_mapping[] = {
	{ "mapping: values and rounding", test_mapping_values },
	{ "mapping: properties up to 2^17 pages", test_mapping_properties },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo tl_placement[] = {
	{ "exact bins below 32 pages", test_small_exact_bins },
	{ "good fit passes over an exact fit", test_good_fit_skips_exact },
	{ "good fit fails with a fitting hole", test_good_fit_fails },
	{ "LIFO within a bin", test_lifo },
	{ "LIFO within a bin of mixed sizes", test_lifo_mixed_sizes },
	{ "coalesce before, after, both, region ends", test_coalesce },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo tl_align[] = {
	{ "region start not aligned", test_align_unaligned_region },
	{ "second search for size + align - 1", test_align_second_search },
	{ "4 MiB, 16 MiB, larger than the region", test_align_large },
	{ "fails where an exhaustive search would not",
	    test_align_may_fail },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo tl_edges[] = {
	{ "full region", test_full_region },
	{ "single-page region", test_single_page },
	{ "no holes", test_no_holes },
	{ "largest_free scans its bin", test_largest_free },
	{ "walk_free stops on non-zero", test_walk_free_stops },
	{ "params and bad regions refused", test_refused },
	{ "random ops, state checked each step", test_random_checked },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "tlsf mapping", NULL, NULL, NULL, NULL, tl_mapping },
	{ "tlsf placement", NULL, NULL, NULL, NULL, tl_placement },
	{ "tlsf alignment", NULL, NULL, NULL, NULL, tl_align },
	{ "tlsf edges", NULL, NULL, NULL, NULL, tl_edges },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return cunit_run(suites);
}
