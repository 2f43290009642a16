/*
 * The "bf" allocator, rule by rule (seed-spec §4, DESIGN §3), driven
 * directly through cma_bf_allocator's ops on a small region.
 *
 * Every case builds a known set of holes by carving the region with
 * page-aligned allocations (which always go to the start of the only hole,
 * so they are laid out back to back from the region start) and freeing
 * some of them, then checks the exact address of the next allocations and
 * the exact hole list walk_free reports.  The expected addresses are worked
 * out by hand in the comments; a page is P = 0x1000 and the region starts
 * at B = 0x40000000 (aligned to far more than any alignment used), so
 * "[5,8)" in a comment means the pages B+5P .. B+8P.
 *
 * Covered: smallest adequate hole wins; LIFO among equal sizes for a new
 * hole, a hole shrunk by a take and a hole grown by a merge (predecessor,
 * successor, both); the alignment walk to larger holes that starts at the
 * candidate itself (the v1 NULL dereference); exact fit consumes the hole;
 * a chunk at the start or the end of a hole shrinks it; slide to the end
 * of the hole when the tail is a multiple of the alignment; the middle case
 * whose tail becomes a hole inserted before the front is re-inserted;
 * coalescing; a full region; a single-page region; failures with no or no
 * fitting hole; walk_free stopping early; bf refusing parameters.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "alloc_harness.h"
#include "cunit_main.h"
#include "cma/allocator.h"

#define P	((uint64_t)0x1000)
#define B	((uint64_t)0x40000000)
#define FAIL	UINT64_MAX

static const struct cma_allocator *bf = &cma_bf_allocator;

/* The region under test and its live chunks. */
static struct harness T = { .alloc = &cma_bf_allocator, .file = __FILE__ };

#define check_u64(line, what, got, want) \
	harness_check_u64(__FILE__, (line), (what), (got), (want))

static void
bf_begin(uint64_t start, uint64_t size)
{
	harness_begin(&T, __LINE__, start, size);
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

/*
 * Check the holes, given as page ranges relative to the region start:
 * {first, end} pairs.
 */
#define HOLES(...) do {							\
	const uint64_t want_[][2] = { __VA_ARGS__ };			\
	harness_holes(&T, __LINE__, T.start, want_,			\
	    (int)(sizeof want_ / sizeof want_[0]));			\
} while (0)

#define NO_HOLES()	harness_holes(&T, __LINE__, T.start, NULL, 0)

/* Free what is left; the region must be one hole again; cleanup. */
static void
bf_end(void)
{
	const struct cma_extent whole = { T.start, T.size };

	harness_end(&T, __LINE__, T.start, &whole, 1);
}

/* ---- tests ---- */

/* The smallest hole that holds the request wins, whatever its address. */
static void
test_smallest_hole(void)
{
	uint64_t a[6];

	bf_begin(B, 256 * P);
	/* [0,4) [4,5) [5,7) [7,8) [8,11) [11,12), rest [12,256) */
	CARVE(a, 4, 1, 2, 1, 3, 1);
	give(a[0]);
	give(a[2]);
	give(a[4]);
	HOLES({ 0, 4 }, { 5, 7 }, { 8, 11 }, { 12, 256 });
	/*
	 * 3 pages: the holes are 4P at 0, 2P at 5, 3P at 8, 244P at 12.  The
	 * smallest of at least 3P is the one at 8 (a first fit would take 0),
	 * and an exact fit consumes it.
	 */
	TAKE(3 * P, P, B + 8 * P);
	HOLES({ 0, 4 }, { 5, 7 }, { 12, 256 });
	/* 2 pages: the 2P hole at 5, exactly. */
	TAKE(2 * P, P, B + 5 * P);
	/* 1 page: the smallest of at least 1P is now the 4P hole at 0. */
	TAKE(P, P, B);
	HOLES({ 1, 4 }, { 12, 256 });
	/* 4 pages: the 3P hole is too small; the big one at 12. */
	TAKE(4 * P, P, B + 12 * P);
	HOLES({ 1, 4 }, { 16, 256 });
	bf_end();
}

/* Two new holes of one size: the one freed last is taken first. */
static void
test_lifo_new_hole(void)
{
	uint64_t a[4];

	bf_begin(B, 256 * P);
	/* [0,2) [2,4) [4,6) [6,8), rest [8,256) */
	CARVE(a, 2, 2, 2, 2);
	/* Free 0 then 4: the hole at 4 is the newest 2P hole. */
	give(a[0]);
	give(a[2]);
	TAKE(2 * P, P, B + 4 * P);
	TAKE(2 * P, P, B);
	/* The other way round: free 4 then 0, and 0 is taken first. */
	give(B + 4 * P);
	give(B);
	TAKE(2 * P, P, B);
	TAKE(2 * P, P, B + 4 * P);
	bf_end();
}

/*
 * A hole shrunk by a take is re-inserted, so it becomes the newest of its
 * new size even though another hole of that size was made after it.
 */
static void
test_lifo_shrunk_hole(void)
{
	uint64_t a[5];

	bf_begin(B, 256 * P);
	/* A [0,5)  Y [5,7)  [7,8)  X [8,11)  [11,12), rest [12,256) */
	CARVE(a, 5, 2, 1, 3, 1);
	give(a[3]);		/* X: a 3P hole at 8 */
	give(a[1]);		/* Y: a 2P hole at 5, newer than X */
	/*
	 * 1 page aligned to 4P: the smallest hole of at least 1P is Y, but
	 * its first 4P boundary is page 8, past its end (7).  The walk goes
	 * on to X (3P, at 8, aligned): the chunk sits at X's start, and X
	 * shrinks to [9,11), 2P, re-inserted as the newest 2P hole.
	 */
	TAKE(P, 4 * P, B + 8 * P);
	HOLES({ 5, 7 }, { 9, 11 }, { 12, 256 });
	/* 2 pages: two 2P holes; X (shrunk last) beats Y (freed later). */
	TAKE(2 * P, P, B + 9 * P);
	TAKE(2 * P, P, B + 5 * P);
	HOLES({ 12, 256 });
	bf_end();
}

/*
 * A hole grown by a merge is re-inserted: the surviving hole is the newest
 * of its size.  `how` 0: the freed chunk merges with the hole before it;
 * 1: with the hole after it.
 */
static void
lifo_merged(int how)
{
	uint64_t a[6];

	bf_begin(B, 256 * P);
	/* A [0,1)  M0 [1,2)  M1 [2,3)  S [3,4)  E [4,6)  S [6,7), rest */
	CARVE(a, 1, 1, 1, 1, 2, 1);
	give(a[how == 0 ? 1 : 2]);	/* a 1P hole at 1 or at 2 */
	give(a[4]);			/* E: a 2P hole at 4 */
	give(a[how == 0 ? 2 : 1]);	/* merges into a 2P hole at 1 */
	HOLES({ 1, 3 }, { 4, 6 }, { 7, 256 });
	/* The merged hole at 1 is newer than E. */
	TAKE(2 * P, P, B + P);
	TAKE(2 * P, P, B + 4 * P);
	bf_end();
}

static void
test_lifo_merged_pred(void)
{
	lifo_merged(0);
}

static void
test_lifo_merged_succ(void)
{
	lifo_merged(1);
}

/* The same with a hole merged on both sides. */
static void
test_lifo_merged_both(void)
{
	uint64_t a[7];

	bf_begin(B, 256 * P);
	/* A [0,1) L [1,2) M [2,3) R [3,4) S [4,5) E [5,8) S [8,9), rest */
	CARVE(a, 1, 1, 1, 1, 1, 3, 1);
	give(a[1]);
	give(a[3]);
	give(a[5]);		/* E: a 3P hole at 5 */
	give(a[2]);		/* L + M + R: a 3P hole at 1, the newest */
	HOLES({ 1, 4 }, { 5, 8 }, { 9, 256 });
	TAKE(3 * P, P, B + P);
	TAKE(3 * P, P, B + 5 * P);
	bf_end();
}

/*
 * The smallest adequate hole is misaligned: the walk to larger holes must
 * start from that candidate (v1 started from a NULL cursor and oopsed).
 */
static void
test_align_walk_single(void)
{
	uint64_t a[3];

	bf_begin(B, 256 * P);
	/* [0,1) H [1,3) [3,4), rest [4,256) */
	CARVE(a, 1, 2, 1);
	give(a[1]);
	/*
	 * 2 pages aligned to 2P: H is the smallest hole of at least 2P, but
	 * its first 2P boundary is page 2 and only 1P is left there.  Next in
	 * size order is the rest at 4 (aligned), whose start it takes.
	 */
	TAKE(2 * P, 2 * P, B + 4 * P);
	HOLES({ 1, 3 }, { 6, 256 });
	/* H still serves an unaligned request. */
	TAKE(2 * P, P, B + P);
	bf_end();
}

/* The walk goes in size order, over several misfits and equal sizes. */
static void
test_align_walk_size_order(void)
{
	uint64_t a[11];

	bf_begin(B, 256 * P);
	/*
	 * [0,1) H1 [1,3) [3,5) H2 [5,8) [8,16) H3 [16,22) [22,25) H4 [25,29)
	 * [29,36) H5 [36,41) [41,42), rest [42,256)
	 */
	CARVE(a, 1, 2, 2, 3, 8, 6, 3, 4, 7, 5, 1);
	give(a[1]);
	give(a[3]);
	give(a[5]);
	give(a[7]);
	give(a[9]);
	/*
	 * 2 pages aligned to 4P, holes in size order:
	 *   H1 2P [1,3):   first boundary 4, past the end        no
	 *   H2 3P [5,8):   first boundary 8 = end                 no
	 *   H4 4P [25,29): boundary 28, 1P left                   no
	 *   H5 5P [36,41): boundary 36 = start, fits              yes
	 * H3 (6P at 16) would fit at a lower address but is larger.  The
	 * chunk sits at H5's start; H5 shrinks to [38,41), 3P.
	 */
	TAKE(2 * P, 4 * P, B + 36 * P);
	HOLES({ 1, 3 }, { 5, 8 }, { 16, 22 }, { 25, 29 }, { 38, 41 },
	    { 42, 256 });
	/*
	 * Again: H1 no; the 3P holes, newest first: [38,41) (boundary 40, 1P
	 * left) no, H2 no; H4 no; H3 [16,22): boundary 16, yes.
	 */
	TAKE(2 * P, 4 * P, B + 16 * P);
	HOLES({ 1, 3 }, { 5, 8 }, { 18, 22 }, { 25, 29 }, { 38, 41 },
	    { 42, 256 });
	bf_end();
}

/* The walk reaches the end of the size order: -ENOMEM, nothing changed. */
static void
test_align_walk_none(void)
{
	uint64_t a[3];

	bf_begin(B, 256 * P);
	/* [0,1) H [1,3) [3,256): H is the only hole. */
	CARVE(a, 1, 2, 253);
	give(a[1]);
	/* 2P aligned to 2P: H's boundary is page 2, 1P left; no other hole. */
	TAKE(2 * P, 2 * P, FAIL);
	HOLES({ 1, 3 });
	/* 1P aligned to 2P fits at 2, which is H's end: H shrinks to [1,2). */
	TAKE(P, 2 * P, B + 2 * P);
	HOLES({ 1, 2 });
	bf_end();
}

/* An exact fit consumes the hole (no empty hole is left behind). */
static void
test_exact_fit(void)
{
	uint64_t a[5];

	bf_begin(B, 256 * P);
	/* [0,1) H [1,4) [4,8) G [8,12) [12,13), rest [13,256) */
	CARVE(a, 1, 3, 4, 4, 1);
	give(a[1]);
	give(a[3]);
	TAKE(3 * P, P, B + P);
	HOLES({ 8, 12 }, { 13, 256 });
	/* 4P aligned to 4P: G is 4P at 8, aligned, exactly consumed. */
	TAKE(4 * P, 4 * P, B + 8 * P);
	HOLES({ 13, 256 });
	/* Freed again, the hole comes back. */
	give(B + P);
	HOLES({ 1, 4 }, { 13, 256 });
	bf_end();
}

/* A chunk at the start of its hole moves the hole's start past it. */
static void
test_shrink_front(void)
{
	uint64_t a[3];

	bf_begin(B, 256 * P);
	/* Straight from init: one hole [0,256), takes come off its front. */
	TAKE(P, P, B);
	HOLES({ 1, 256 });
	give(B);
	/* [0,1) H [1,5) [5,6), rest [6,256) */
	CARVE(a, 1, 4, 1);
	give(a[1]);
	TAKE(P, P, B + P);
	HOLES({ 2, 5 }, { 6, 256 });
	TAKE(2 * P, P, B + 2 * P);
	HOLES({ 4, 5 }, { 6, 256 });
	bf_end();
}

/* A chunk that ends at the end of its hole shrinks it from the back. */
static void
test_shrink_back(void)
{
	uint64_t a[3];

	bf_begin(B, 256 * P);
	/* [0,1) H [1,4) [4,5), rest [5,256) */
	CARVE(a, 1, 3, 1);
	give(a[1]);
	/*
	 * 2P aligned to 2P: H's boundary 2, chunk [2,4) ends at H's end, an
	 * edge case (no slide question): H shrinks to [1,2).
	 */
	TAKE(2 * P, 2 * P, B + 2 * P);
	HOLES({ 1, 2 }, { 5, 256 });
	bf_end();
}

/* Middle case with a tail that is a multiple of align: slide to the end. */
static void
test_slide_to_end(void)
{
	uint64_t a[3];

	bf_begin(B, 256 * P);
	/* [0,1) H [1,10) [10,11), rest [11,256) */
	CARVE(a, 1, 9, 1);
	give(a[1]);
	/*
	 * 2P aligned to 2P: lowest aligned spot [2,4), tail 10 - 4 = 6P, a
	 * multiple of 2P: the chunk slides to [8,10) and H becomes [1,8).
	 */
	TAKE(2 * P, 2 * P, B + 8 * P);
	HOLES({ 1, 8 }, { 11, 256 });
	bf_end();

	bf_begin(B, 256 * P);
	/* [0,1) H [1,12) [12,13), rest [13,256) */
	CARVE(a, 1, 11, 1);
	give(a[1]);
	/* 4P aligned to 4P: [4,8), tail 12 - 8 = 4P: slide to [8,12). */
	TAKE(4 * P, 4 * P, B + 8 * P);
	HOLES({ 1, 8 }, { 13, 256 });
	bf_end();
}

/*
 * Middle case with a tail that is not a multiple of align: the tail
 * becomes a new hole, inserted first; the front hole is shrunk and
 * re-inserted after it, so it is the newer of the two.
 */
static void
test_middle_tail_hole(void)
{
	uint64_t a[3];

	bf_begin(B, 256 * P);
	/* [0,1) H [1,9) [9,10), rest [10,256) */
	CARVE(a, 1, 8, 1);
	give(a[1]);
	/*
	 * 2P aligned to 4P: lowest aligned spot [4,6); tail 9 - 6 = 3P, not a
	 * multiple of 4P: no slide.  Tail hole [6,9) and front hole [1,4),
	 * both 3P; the front was re-inserted last.
	 */
	TAKE(2 * P, 4 * P, B + 4 * P);
	HOLES({ 1, 4 }, { 6, 9 }, { 10, 256 });
	/* Equal sizes: the newer (front) hole first, then the tail. */
	TAKE(3 * P, P, B + P);
	TAKE(3 * P, P, B + 6 * P);
	HOLES({ 10, 256 });
	bf_end();

	/* Unequal front and tail: only the hole list is at stake. */
	bf_begin(B, 256 * P);
	/* [0,1) H [1,10) [10,11), rest */
	CARVE(a, 1, 9, 1);
	give(a[1]);
	/* 1P aligned to 4P: [4,5), tail 5P (not a multiple of 4P). */
	TAKE(P, 4 * P, B + 4 * P);
	HOLES({ 1, 4 }, { 5, 10 }, { 11, 256 });
	bf_end();
}

/* A freed chunk merges with a hole before it, after it, or both. */
static void
coalesce(int pred, int succ)
{
	uint64_t a[5];

	bf_begin(B, 256 * P);
	/* A [0,1) X [1,3) Y [3,5) Z [5,7) S [7,8), rest [8,256) */
	CARVE(a, 1, 2, 2, 2, 1);
	if (pred)
		give(a[1]);
	if (succ)
		give(a[3]);
	give(a[2]);
	/* One hole from X's or Y's start to Y's or Z's end. */
	{
		unsigned first = pred ? 1 : 3, end = succ ? 7 : 5;

		HOLES({ first, end }, { 8, 256 });
		/* It is one hole: an exact fit of its whole size. */
		TAKE((uint64_t)(end - first) * P, P, B + first * P);
		give(B + first * P);
	}
	/* S merges with the rest (after) and, with succ, Z's hole. */
	give(a[4]);
	if (succ)
		HOLES({ pred ? 1 : 3, 256 });
	else
		HOLES({ pred ? 1 : 3, 5 }, { 7, 256 });
	bf_end();
}

static void
test_coalesce_pred(void)
{
	coalesce(1, 0);
}

static void
test_coalesce_succ(void)
{
	coalesce(0, 1);
}

static void
test_coalesce_both(void)
{
	coalesce(1, 1);
}

/* The whole region as one chunk; then nothing fits. */
static void
test_full_region(void)
{
	bf_begin(B, 256 * P);
	TAKE(256 * P, 4 << 20, B);
	NO_HOLES();
	TAKE(P, P, FAIL);
	NO_HOLES();
	give(B);
	HOLES({ 0, 256 });
	bf_end();

	/* A region starting one page past a 2P boundary cannot be taken
	 * whole at 2P alignment. */
	bf_begin(B + P, 256 * P);
	TAKE(256 * P, 2 * P, FAIL);
	HOLES({ 0, 256 });
	TAKE(256 * P, P, B + P);
	bf_end();
}

static void
test_single_page(void)
{
	bf_begin(B + P, P);
	HOLES({ 0, 1 });
	/* The page is not 2P aligned. */
	TAKE(P, 2 * P, FAIL);
	TAKE(2 * P, P, FAIL);
	TAKE(P, P, B + P);
	NO_HOLES();
	TAKE(P, P, FAIL);
	give(B + P);
	HOLES({ 0, 1 });
	bf_end();
}

/* Enough free pages in total but no hole large enough: -ENOMEM. */
static void
test_fragmented_fails(void)
{
	uint64_t a[5];

	bf_begin(B, 256 * P);
	CARVE(a, 1, 1, 1, 1, 252);
	give(a[0]);
	give(a[2]);
	HOLES({ 0, 1 }, { 2, 3 });
	TAKE(2 * P, P, FAIL);
	HOLES({ 0, 1 }, { 2, 3 });
	TAKE(P, P, B + 2 * P);		/* the newest 1P hole */
	TAKE(P, P, B);
	TAKE(P, P, FAIL);
	bf_end();
}

static void
test_walk_free_stops(void)
{
	struct harness_stop s = { 0, 2, -7 };
	uint64_t a[5];

	bf_begin(B, 256 * P);
	CARVE(a, 1, 1, 1, 1, 1);
	give(a[1]);
	give(a[3]);
	/* Three holes; the callback stops the walk at the second. */
	CU_ASSERT_EQUAL(bf->walk_free(T.priv, harness_stop_cb, &s), -7);
	CU_ASSERT_EQUAL(s.calls, 2);
	bf_end();
}

static void
test_params_refused(void)
{
	struct cma_err err = { "" };
	void *priv = NULL;

	CU_ASSERT_EQUAL(bf->init(B, 256 * P, "order=3", &priv, &err),
	    -EINVAL);
	CU_ASSERT(err.msg[0] != '\0');
	CU_ASSERT(strstr(err.msg, "order=3") != NULL);
	/* No parameters, or "()" with nothing inside, are fine. */
	CU_ASSERT_EQUAL_FATAL(bf->init(B, 256 * P, NULL, &priv, &err), 0);
	bf->cleanup(priv);
	CU_ASSERT_EQUAL_FATAL(bf->init(B, 256 * P, "", &priv, &err), 0);
	bf->cleanup(priv);
	/* Registered as the default. */
	CU_ASSERT_PTR_EQUAL(cma_allocator_find(NULL), bf);
	CU_ASSERT_PTR_EQUAL(cma_allocator_find(""), bf);
	CU_ASSERT_PTR_EQUAL(cma_allocator_find("bf"), bf);
	CU_ASSERT_PTR_EQUAL(cma_allocator_get(0), bf);
}

static CU_TestInfo bf_placement[] = {
	{ "smallest adequate hole wins", test_smallest_hole },
	{ "LIFO: new holes", test_lifo_new_hole },
	{ "LIFO: hole shrunk by a take", test_lifo_shrunk_hole },
	{ "LIFO: hole grown by merging the predecessor",
	    test_lifo_merged_pred },
	{ "LIFO: hole grown by merging the successor",
	    test_lifo_merged_succ },
	{ "LIFO: hole grown by merging both", test_lifo_merged_both },
	{ "align walk from a misaligned candidate", test_align_walk_single },
	{ "align walk in size order", test_align_walk_size_order },
	{ "align walk finds nothing", test_align_walk_none },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo bf_carving[] = {
	{ "exact fit consumes the hole", test_exact_fit },
	{ "chunk at hole start shrinks the front", test_shrink_front },
	{ "chunk at hole end shrinks the back", test_shrink_back },
	{ "slide to the end of the hole", test_slide_to_end },
	{ "middle case: tail hole, front re-inserted last",
	    test_middle_tail_hole },
	{ "coalesce with predecessor", test_coalesce_pred },
	{ "coalesce with successor", test_coalesce_succ },
	{ "coalesce with both", test_coalesce_both },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo bf_edges[] = {
	{ "full region", test_full_region },
	{ "single-page region", test_single_page },
	{ "no fitting hole", test_fragmented_fails },
	{ "walk_free stops on non-zero", test_walk_free_stops },
	{ "params refused", test_params_refused },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "bf placement", NULL, NULL, NULL, NULL, bf_placement },
	{ "bf carving", NULL, NULL, NULL, NULL, bf_carving },
	{ "bf edges", NULL, NULL, NULL, NULL, bf_edges },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return cunit_run(suites);
}
