/*
 * The "buddy" allocator, case by case, driven directly through
 * cma_buddy_allocator's ops, then under the oracle with the buddy's own
 * invariants, then once through the framework.
 *
 * A page is P = 0x1000 and B = 0x40000000 is aligned far beyond 4 MiB.
 * Expected addresses and holes are written in pages from B, whatever the
 * region start, because buddy blocks are aligned to physical addresses:
 * "[16,24)" is the pages B+16P .. B+24P, and a region starting at B+3P
 * begins at page 3.  The placement rules the expectations follow (see
 * core/alloc_buddy.c): init carves the region from its start into the
 * largest naturally aligned blocks that fit; an allocation takes the
 * smallest order that can serve it, among blocks of that order the least
 * aligned (last freed first among equally aligned ones), an order-10 block
 * from the lowest 4 MiB slot, and splits it keeping the lower half; a free
 * merges with the buddy while the buddy is free at the same order.
 *
 * Covered: splitting and merging with exact addresses; walk_free reporting
 * touching buddies apart; rounding up to a power of two (5 pages -> 8);
 * the least aligned block first; alignment larger than the block served by
 * a smaller aligned block or by splitting a larger one; a region start
 * that is not aligned (carving, no merge across the region edge, physical
 * alignment that no block meets); alignment above 4 MiB; requests above
 * 4 MiB from runs of 4 MiB blocks, first fit, given back as 4 MiB blocks,
 * failing when the free blocks are not contiguous, and on an odd region
 * with fewer whole slots than its size suggests; a full region; a
 * single-page region; zero holes; odd region sizes; largest_free;
 * walk_free stopping early; refusal of parameters and of bad regions; a
 * randomised run under the oracle checking natural alignment, rounding,
 * maximal merging and that a failure means no suitable free block; and
 * internal fragmentation as the framework sees it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_harness.h"
#include "cunit_main.h"
#include "oracle.h"
#include "cma/allocator.h"
#include "cma/board.h"
#include "cma/cma.h"

#define P	((uint64_t)0x1000)
#define B	((uint64_t)0x40000000)
#define MiB	((uint64_t)1 << 20)
#define FAIL	UINT64_MAX

static const struct cma_allocator *bd = &cma_buddy_allocator;

/* The region under test and its live chunks. */
static struct harness T = { .alloc = &cma_buddy_allocator, .file = __FILE__ };

/* The region's free blocks right after init. */
static struct cma_extent init_holes[64];
static int ninit;

#define check_u64(line, what, got, want) \
	harness_check_u64(__FILE__, (line), (what), (got), (want))

static void
bd_begin(uint64_t start, uint64_t size)
{
	struct harness_holes hs = { .n = 0 };

	harness_begin(&T, __LINE__, start, size);
	CU_ASSERT_EQUAL(bd->walk_free(T.priv, harness_collect, &hs), 0);
	CU_ASSERT_FATAL(hs.n <= 64);
	memcpy(init_holes, hs.h, (size_t)hs.n * sizeof hs.h[0]);
	ninit = hs.n;
}

/* The smallest power of two >= size, for requests up to 4 MiB. */
static uint64_t
pow2_up(uint64_t size)
{
	uint64_t s = P;

	while (s < size)
		s <<= 1;
	return s;
}

/* The address of page `page` from B; FAIL stays FAIL. */
static uint64_t
page_addr(uint64_t page)
{
	return page == FAIL ? FAIL : B + page * P;
}

/*
 * Allocate and expect the chunk at page `want` from B (FAIL: -ENOMEM);
 * the extent must be the size rounded up to a power of two, and aligned.
 */
#define TAKE(size, align, want)						\
	check_u64(__LINE__, "alloc(" #size ", " #align ")",		\
	    harness_take(&T, __LINE__, (size), (align), pow2_up(size)),	\
	    page_addr(want))

/* The same with an explicit extent size (runs of 4 MiB blocks). */
#define TAKE_EXT(size, align, ext, want)				\
	check_u64(__LINE__, "alloc(" #size ", " #align ")",		\
	    harness_take(&T, __LINE__, (size), (align), (ext)),		\
	    page_addr(want))

/* Free the chunk at page `page` from B. */
#define give(page)	harness_give(&T, __LINE__, B + (page) * P)

/* Check the free blocks, as {first, end} page pairs from B. */
#define HOLES(...) do {							\
	const uint64_t want_[][2] = { __VA_ARGS__ };			\
	harness_holes(&T, __LINE__, B, want_,				\
	    (int)(sizeof want_ / sizeof want_[0]));			\
} while (0)

#define NO_HOLES()	harness_holes(&T, __LINE__, B, NULL, 0)

#define LARGEST(pages)	check_u64(__LINE__, "largest_free",		\
	    bd->largest_free(T.priv), (uint64_t)(pages) * P)

/*
 * Free what is left; the free blocks must be init's carving again (merging
 * is complete and deterministic); cleanup.
 */
static void
bd_end(void)
{
	harness_end(&T, __LINE__, B, init_holes, ninit);
}

/* ---- splitting and merging ---- */

/* One 64-page block split down for single pages, then merged back. */
static void
test_split_merge(void)
{
	bd_begin(B, 64 * P);
	HOLES({ 0, 64 });
	/* Split 64 -> 32+16+8+4+2+1+1: the lowest page is taken. */
	TAKE(P, P, 0);
	HOLES({ 1, 2 }, { 2, 4 }, { 4, 8 }, { 8, 16 }, { 16, 32 },
	    { 32, 64 });
	/* The free order-0 block, then the order-1 block, exactly. */
	TAKE(P, P, 1);
	TAKE(2 * P, P, 2);
	/* 1 page: order 0 is empty, so [4,8) splits into 4, 5, [6,8). */
	TAKE(P, P, 4);
	HOLES({ 5, 6 }, { 6, 8 }, { 8, 16 }, { 16, 32 }, { 32, 64 });
	/* Page 1: its buddy 0 is in use, no merge. */
	give(1);
	HOLES({ 1, 2 }, { 5, 6 }, { 6, 8 }, { 8, 16 }, { 16, 32 },
	    { 32, 64 });
	/* Page 0 merges with 1 into [0,2); its buddy [2,4) is in use. */
	give(0);
	HOLES({ 0, 2 }, { 5, 6 }, { 6, 8 }, { 8, 16 }, { 16, 32 },
	    { 32, 64 });
	/* [2,4) merges with [0,2); [4,8) is split and in part in use. */
	give(2);
	HOLES({ 0, 4 }, { 5, 6 }, { 6, 8 }, { 8, 16 }, { 16, 32 },
	    { 32, 64 });
	/* Page 4 merges all the way up: 5, [6,8), [0,4), [8,16) ... */
	give(4);
	HOLES({ 0, 64 });
	bd_end();
}

/* Sequential single pages from a fresh block land in address order. */
static void
test_sequential(void)
{
	int i;

	bd_begin(B, 64 * P);
	for (i = 0; i < 16; i++)
		TAKE(P, P, (uint64_t)i);
	HOLES({ 16, 32 }, { 32, 64 });
	/* Free every other page: nothing merges. */
	for (i = 0; i < 16; i += 2)
		give((uint64_t)i);
	HOLES({ 0, 1 }, { 2, 3 }, { 4, 5 }, { 6, 7 }, { 8, 9 }, { 10, 11 },
	    { 12, 13 }, { 14, 15 }, { 16, 32 }, { 32, 64 });
	/* Now the odd ones: everything merges back into one block. */
	for (i = 1; i < 16; i += 2)
		give((uint64_t)i);
	HOLES({ 0, 64 });
	bd_end();
}

/* ---- rounding ---- */

static void
test_rounding(void)
{
	bd_begin(B, 1024 * P);
	/* 5 pages take an 8-page block; the extent says so. */
	TAKE(5 * P, P, 0);
	HOLES({ 8, 16 }, { 16, 32 }, { 32, 64 }, { 64, 128 }, { 128, 256 },
	    { 256, 512 }, { 512, 1024 });
	/* 3 pages -> 4: [8,16) splits, the lower half is taken. */
	TAKE(3 * P, P, 8);
	/* Exactly 4 pages: the buddy [12,16). */
	TAKE(4 * P, P, 12);
	/* 9 pages -> 16, 17 -> 32, 129 -> 256. */
	TAKE(9 * P, P, 16);
	TAKE(17 * P, P, 32);
	TAKE(129 * P, P, 256);
	HOLES({ 64, 128 }, { 128, 256 }, { 512, 1024 });
	/* 513 pages need a 1024-page block: there is none free. */
	TAKE(513 * P, P, FAIL);
	/* The smaller sizes still fit. */
	TAKE(512 * P, P, 512);
	TAKE(65 * P, P, 128);
	TAKE(64 * P, P, 64);
	NO_HOLES();
	bd_end();

	/* 1024 pages (4 MiB) exactly, and 513 pages -> 4 MiB. */
	bd_begin(B, 8 * MiB);
	TAKE(513 * P, P, 0);
	TAKE(4 * MiB, P, 1024);
	NO_HOLES();
	bd_end();
}

/* Among blocks of one order the least aligned goes first. */
static void
test_least_aligned_first(void)
{
	int i;

	bd_begin(B, 64 * P);
	for (i = 0; i < 16; i++)
		TAKE(P, P, (uint64_t)i);
	/* Free pages 8 (aligned to 8P), then 1, then 4 (aligned to 4P). */
	give(8);
	give(1);
	give(4);
	HOLES({ 1, 2 }, { 4, 5 }, { 8, 9 }, { 16, 32 }, { 32, 64 });
	/* Unaligned: page 1 (class 0) although 4 was freed last. */
	TAKE(P, P, 1);
	/* Then 4 (class 2) before 8 (class 3). */
	TAKE(P, P, 4);
	TAKE(P, P, 8);
	bd_end();
}

/* ---- alignment ---- */

/* Alignment larger than the block: a smaller aligned block, or a split. */
static void
test_align_larger_than_block(void)
{
	int i;

	bd_begin(B, 64 * P);
	for (i = 0; i < 16; i++)
		TAKE(P, P, (uint64_t)i);
	give(1);
	give(8);
	/*
	 * 1 page aligned to 8P: page 1 is not, page 8 is: the order-0 block
	 * at 8 serves it without splitting [16,32).
	 */
	TAKE(P, 8 * P, 8);
	HOLES({ 1, 2 }, { 16, 32 }, { 32, 64 });
	/*
	 * 1 page aligned to 16P: no order-0..3 block is that aligned; the
	 * order-4 block [16,32) is split down, its first page taken.
	 */
	TAKE(P, 16 * P, 16);
	HOLES({ 1, 2 }, { 17, 18 }, { 18, 20 }, { 20, 24 }, { 24, 32 },
	    { 32, 64 });
	/*
	 * 2 pages aligned to 8P: [18,20) and [20,24) are not aligned enough,
	 * [24,32) (order 3) is: split, [24,26) taken.
	 */
	TAKE(2 * P, 8 * P, 24);
	HOLES({ 1, 2 }, { 17, 18 }, { 18, 20 }, { 20, 24 }, { 26, 28 },
	    { 28, 32 }, { 32, 64 });
	/* 1 page aligned to 64P: nothing in the region is. */
	TAKE(P, 64 * P, FAIL);
	bd_end();

	/* A fresh region: alignment up to the region's own alignment. */
	bd_begin(B, 64 * P);
	TAKE(P, 64 * P, 0);
	/* [32,64) split: its first page; 48, 40, 36, 34, 33 are free now. */
	TAKE(P, 32 * P, 32);
	/*
	 * 16P aligned: [16,32) and [48,64) are both order 4, class 4; the
	 * last pushed, [48,64), goes first.
	 */
	TAKE(P, 16 * P, 48);
	TAKE(P, 64 * P, FAIL);
	bd_end();
}

/*
 * A region starting 3 pages past B: the carving follows physical
 * alignment, blocks never merge across the region edge, and physical
 * alignments are met by the blocks' physical starts.
 */
static void
test_region_start_unaligned(void)
{
	bd_begin(B + 3 * P, 64 * P);	/* pages [3, 67) */
	HOLES({ 3, 4 }, { 4, 8 }, { 8, 16 }, { 16, 32 }, { 32, 64 },
	    { 64, 66 }, { 66, 67 });
	LARGEST(32);
	/* 32 pages: [32,64), 128 KiB aligned physically (29 pages in). */
	TAKE(32 * P, P, 32);
	/* 16 pages aligned to 64 KiB: [16,32). */
	TAKE(16 * P, 16 * P, 16);
	/* 2 pages aligned to 256 KiB: [64,66) is (page 64), the only one. */
	TAKE(2 * P, 64 * P, 64);
	/* 1 page aligned to 4P: pages 3 and 66 are not; [4,8) splits. */
	TAKE(P, 4 * P, 4);
	HOLES({ 3, 4 }, { 5, 6 }, { 6, 8 }, { 8, 16 }, { 66, 67 });
	/* Aligned to 128P: no page of the region is. */
	TAKE(P, 128 * P, FAIL);
	/* 16 pages: only 8-page blocks left. */
	TAKE(16 * P, P, FAIL);
	/* Page 3 is free and its buddy 2 is outside: it stays alone. */
	give(4);
	HOLES({ 3, 4 }, { 4, 8 }, { 8, 16 }, { 66, 67 });
	give(64);
	/* The buddy of [64,66) would be [66,68), past the region's end. */
	HOLES({ 3, 4 }, { 4, 8 }, { 8, 16 }, { 64, 66 }, { 66, 67 });
	bd_end();
}

/* Alignment above 4 MiB for a small request: an aligned slot, split. */
static void
test_align_above_max_order(void)
{
	bd_begin(B + 4 * MiB, 16 * MiB);	/* slots at 4, 8, 12, 16 MiB */
	/* 8 MiB aligned: the slot at 8 MiB, its first page. */
	TAKE(P, 8 * MiB, 2048);
	/* 16 MiB aligned: the slot at 16 MiB. */
	TAKE(4 * P, 16 * MiB, 4096);
	/* 32 MiB aligned: neither B nor B + 32 MiB is in the region. */
	TAKE(P, 32 * MiB, FAIL);
	/* A 4 MiB block 8 MiB aligned: the slot at 8 MiB is split. */
	TAKE(4 * MiB, 8 * MiB, FAIL);
	give(2048);
	TAKE(4 * MiB, 8 * MiB, 2048);
	/* With no smaller block left, the lowest free slot (4 MiB). */
	give(4096);
	TAKE(P, P, 1024);
	/*
	 * A block below 4 MiB whose start is aligned enough serves before a
	 * slot: page 2048 alone (its buddy 2049 in use), 8 MiB aligned.
	 */
	give(2048);
	TAKE(P, 8 * MiB, 2048);
	TAKE(P, P, 2049);	/* order 0, class 0, the last pushed */
	give(2048);
	TAKE(P, 8 * MiB, 2048);
	/* The slot at 16 MiB was left whole. */
	TAKE(4 * MiB, 16 * MiB, 4096);
	bd_end();
}

/* ---- more than 4 MiB ---- */

static void
test_large_runs(void)
{
	bd_begin(B, 32 * MiB);	/* slots 0 .. 7 */
	LARGEST(1024);
	/* A page from slot 0 (the lowest). */
	TAKE(P, P, 0);
	/* 9 MiB: 3 slots, first fit: 1, 2, 3; the extent is 12 MiB. */
	TAKE_EXT(9 * MiB, P, 12 * MiB, 1024);
	/* 8 MiB aligned to 8 MiB: slots 4 and 5 (16 MiB). */
	TAKE_EXT(8 * MiB, 8 * MiB, 8 * MiB, 4096);
	/* 5 MiB aligned to 16 MiB: slot 4 would be, but it is taken. */
	TAKE_EXT(5 * MiB, 16 * MiB, 8 * MiB, FAIL);
	/* 4 MiB + 1 page: slots 6 and 7. */
	TAKE_EXT(4 * MiB + P, P, 8 * MiB, 6144);
	HOLES({ 1, 2 }, { 2, 4 }, { 4, 8 }, { 8, 16 }, { 16, 32 },
	    { 32, 64 }, { 64, 128 }, { 128, 256 }, { 256, 512 },
	    { 512, 1024 });
	LARGEST(512);
	/* The 12 MiB run comes back as three separate 4 MiB blocks. */
	give(1024);
	HOLES({ 1, 2 }, { 2, 4 }, { 4, 8 }, { 8, 16 }, { 16, 32 },
	    { 32, 64 }, { 64, 128 }, { 128, 256 }, { 256, 512 },
	    { 512, 1024 }, { 1024, 2048 }, { 2048, 3072 }, { 3072, 4096 });
	LARGEST(1024);
	/* The page merges back into slot 0. */
	give(0);
	HOLES({ 0, 1024 }, { 1024, 2048 }, { 2048, 3072 }, { 3072, 4096 });
	/* 16 MiB: slots 0-3. */
	TAKE_EXT(16 * MiB, P, 16 * MiB, 0);
	NO_HOLES();
	LARGEST(0);
	TAKE(P, P, FAIL);
	/* Slots 0 and 2 free, 1 and 3 not: 8 MiB free, no 8 MiB run. */
	give(0);
	TAKE_EXT(4 * MiB, P, 4 * MiB, 0);
	TAKE_EXT(4 * MiB, P, 4 * MiB, 1024);
	TAKE_EXT(4 * MiB, P, 4 * MiB, 2048);
	TAKE_EXT(4 * MiB, P, 4 * MiB, 3072);
	give(0);
	give(2048);
	HOLES({ 0, 1024 }, { 2048, 3072 });
	TAKE_EXT(8 * MiB, P, 8 * MiB, FAIL);
	HOLES({ 0, 1024 }, { 2048, 3072 });
	give(1024);
	TAKE_EXT(8 * MiB, P, 8 * MiB, 0);
	TAKE_EXT(8 * MiB, P, 8 * MiB, FAIL);
	/* The whole region in one run. */
	while (T.nlive > 0)
		give((T.live[T.nlive - 1].start - B) / P);
	TAKE_EXT(32 * MiB, 32 * MiB, 32 * MiB, 0);
	NO_HOLES();
	TAKE_EXT(33 * MiB, P, 36 * MiB, FAIL);
	bd_end();
}

/*
 * An odd region: 29 MiB + 12 KiB at 0x40123000 (goni-like, only page
 * aligned).  Whole 4 MiB slots run from 0x40400000 to 0x41c00000: six of
 * them, so 24 MiB is the largest run although 29 MiB is free.
 */
static void
test_large_odd_region(void)
{
	uint64_t s = 0x40123000, e = s + 29 * MiB + 3 * P;
	struct harness_holes hs = { .n = 0 };
	uint64_t total = 0;
	int i;

	bd_begin(s, e - s);
	CU_ASSERT_EQUAL(bd->walk_free(T.priv, harness_collect, &hs), 0);
	for (i = 0; i < hs.n; i++) {
		/* Naturally aligned physical blocks, in address order. */
		CU_ASSERT_EQUAL(hs.h[i].size & (hs.h[i].size - 1), 0);
		CU_ASSERT_EQUAL(hs.h[i].start % hs.h[i].size, 0);
		CU_ASSERT(hs.h[i].size <= 4 * MiB);
		if (i > 0)
			CU_ASSERT_EQUAL(hs.h[i].start,
			    hs.h[i - 1].start + hs.h[i - 1].size);
		total += hs.h[i].size;
	}
	CU_ASSERT_EQUAL(hs.h[0].start, s);
	CU_ASSERT_EQUAL(total, e - s);
	/*
	 * 0x40123000: 4K, 16K at 0x40124000, 32K, 64K, 256K at 0x40140000,
	 * 512K, 2M at 0x40200000: 7 blocks up to 0x40400000; 6 slots; then
	 * 2M at 0x41c00000, 128K, 16K, 8K up to 0x41e26000.
	 */
	CU_ASSERT_EQUAL(hs.n, 7 + 6 + 4);
	TAKE_EXT(28 * MiB, P, 28 * MiB, FAIL);
	TAKE_EXT(24 * MiB, P, 24 * MiB, (0x40400000 - B) / P);
	TAKE_EXT(4 * MiB, P, 4 * MiB, FAIL);
	/*
	 * 2 MiB: the blocks at 0x40200000 (class 9) and 0x41c00000 (4 MiB
	 * aligned): the less aligned first.
	 */
	TAKE(2 * MiB, P, (0x40200000 - B) / P);
	TAKE(2 * MiB, P, (0x41c00000 - B) / P);
	TAKE(2 * MiB, P, FAIL);
	bd_end();
}

/* ---- edges ---- */

static void
test_full_region(void)
{
	bd_begin(B, 4 * MiB);
	TAKE(4 * MiB, 4 * MiB, 0);
	NO_HOLES();
	LARGEST(0);
	TAKE(P, P, FAIL);
	give(0);
	HOLES({ 0, 1024 });
	bd_end();

	/* 256 pages one page past B: no block of 256 pages; the largest is
	 * [128,256), between [64,128) and the last page 256. */
	bd_begin(B + P, 256 * P);
	TAKE(256 * P, P, FAIL);
	TAKE(128 * P, P, 128);
	TAKE(128 * P, P, FAIL);
	bd_end();
}

static void
test_single_page(void)
{
	bd_begin(B + 5 * P, P);
	HOLES({ 5, 6 });
	LARGEST(1);
	/* Page 5 is not 2P aligned; two pages do not fit. */
	TAKE(P, 2 * P, FAIL);
	TAKE(2 * P, P, FAIL);
	TAKE(P, P, 5);
	NO_HOLES();
	TAKE(P, P, FAIL);
	give(5);
	HOLES({ 5, 6 });
	bd_end();

	/* Page 4 meets 4P alignment but not 8P. */
	bd_begin(B + 4 * P, P);
	TAKE(P, 8 * P, FAIL);
	TAKE(P, 4 * P, 4);
	bd_end();
}

/* Everything allocated, page by page, then freed in a scrambled order. */
static void
test_zero_holes(void)
{
	unsigned i, j;

	bd_begin(B, 64 * P);
	for (i = 0; i < 64; i++)
		TAKE(P, P, (uint64_t)i);
	NO_HOLES();
	LARGEST(0);
	TAKE(P, P, FAIL);
	/* 37 is coprime to 64: every page once. */
	for (i = 0, j = 0; i < 64; i++, j = (j + 37) % 64)
		give((uint64_t)j);
	HOLES({ 0, 64 });
	bd_end();

	/* Mixed sizes filling an odd region exactly. */
	bd_begin(0x4400d000, 16 * P);
	HOLES({ 0x4400d - 0x40000, 0x4400e - 0x40000 },
	    { 0x4400e - 0x40000, 0x44010 - 0x40000 },
	    { 0x44010 - 0x40000, 0x44018 - 0x40000 },
	    { 0x44018 - 0x40000, 0x4401c - 0x40000 },
	    { 0x4401c - 0x40000, 0x4401d - 0x40000 });
	LARGEST(8);
	TAKE(8 * P, P, 0x44010 - 0x40000);
	TAKE(4 * P, P, 0x44018 - 0x40000);
	/* 3 pages round to 4: no 4-page block is left. */
	TAKE(3 * P, P, FAIL);
	TAKE(2 * P, P, 0x4400e - 0x40000);
	/* Page 0x4400d (class 0) before 0x4401c (class 2). */
	TAKE(P, P, 0x4400d - 0x40000);
	TAKE(P, P, 0x4401c - 0x40000);
	NO_HOLES();
	bd_end();
}

/* Regions that are not a multiple of 4 MiB, aligned and not. */
static void
test_odd_sizes(void)
{
	/* 6 MiB + 12 KiB at B: a slot, 2 MiB, 8 KiB, 4 KiB. */
	bd_begin(B, 6 * MiB + 3 * P);
	HOLES({ 0, 1024 }, { 1024, 1536 }, { 1536, 1538 }, { 1538, 1539 });
	LARGEST(1024);
	TAKE(2 * MiB, P, 1024);
	TAKE(2 * P, P, 1536);
	TAKE(P, P, 1538);
	TAKE(P, P, 0);
	bd_end();

	/* 7 pages at B + 1P: 1, 2, 4. */
	bd_begin(B + P, 7 * P);
	HOLES({ 1, 2 }, { 2, 4 }, { 4, 8 });
	TAKE(4 * P, 4 * P, 4);
	TAKE(3 * P, P, FAIL);
	TAKE(2 * P, 2 * P, 2);
	TAKE(P, P, 1);
	NO_HOLES();
	bd_end();
}

static void
test_walk_free_stops(void)
{
	struct harness_stop s = { 0, 2, 42 };

	bd_begin(B, 64 * P);
	TAKE(P, P, 0);
	/* Six blocks; the callback stops the walk at the second. */
	CU_ASSERT_EQUAL(bd->walk_free(T.priv, harness_stop_cb, &s), 42);
	CU_ASSERT_EQUAL(s.calls, 2);
	bd_end();
}

static void
test_params_refused(void)
{
	struct cma_err err = { "" };
	void *priv = NULL;

	CU_ASSERT_EQUAL(bd->init(B, 256 * P, "order=3", &priv, &err),
	    -EINVAL);
	CU_ASSERT(strstr(err.msg, "no parameters") != NULL);
	CU_ASSERT(strstr(err.msg, "order=3") != NULL);
	/* Regions that are empty or not page aligned. */
	err.msg[0] = '\0';
	CU_ASSERT_EQUAL(bd->init(B + 1, 256 * P, NULL, &priv, &err),
	    -EINVAL);
	CU_ASSERT(err.msg[0] != '\0');
	CU_ASSERT_EQUAL(bd->init(B, 256 * P + 1, NULL, &priv, &err),
	    -EINVAL);
	CU_ASSERT_EQUAL(bd->init(B, 0, NULL, &priv, &err), -EINVAL);
	/* No parameters, or "()" with nothing inside, are fine. */
	CU_ASSERT_EQUAL_FATAL(bd->init(B, 256 * P, NULL, &priv, &err), 0);
	bd->cleanup(priv);
	CU_ASSERT_EQUAL_FATAL(bd->init(B, 256 * P, "", &priv, &err), 0);
	bd->cleanup(priv);
	/* Registered by name. */
	CU_ASSERT_PTR_EQUAL(cma_allocator_find("buddy"), bd);
	CU_ASSERT_PTR_NOT_NULL(bd->largest_free);
}

/* ---- randomised, under the oracle, with the buddy's own rules ---- */

static uint64_t
rnd_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static const struct oracle_opts buddy_opts = {
	.coalesced = 0, .complete = 0, .exact_size = 0,
};

/*
 * The free blocks: power-of-two sizes up to 4 MiB, naturally aligned to
 * physical addresses, and merged as far as they go (no block below 4 MiB
 * has its buddy free at the same size); largest_free is the largest.
 */
static int
check_blocks(struct oracle *o, const struct harness_holes *hs)
{
	uint64_t largest = 0, s, z, buddy;
	int i, lo, hi, mid;

	for (i = 0; i < hs->n; i++) {
		s = hs->h[i].start;
		z = hs->h[i].size;
		if (z & (z - 1) || z > 4 * MiB || s % z) {
			snprintf(o->msg, sizeof o->msg, "buddy: free block "
			    "%#" PRIx64 "+%#" PRIx64 " is not a naturally "
			    "aligned power of two <= 4 MiB", s, z);
			return -1;
		}
		if (z > largest)
			largest = z;
		if (z == 4 * MiB)
			continue;
		buddy = s ^ z;
		for (lo = 0, hi = hs->n; lo < hi; ) {
			mid = (lo + hi) / 2;
			if (hs->h[mid].start < buddy)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < hs->n && hs->h[lo].start == buddy &&
		    hs->h[lo].size == z) {
			snprintf(o->msg, sizeof o->msg, "buddy: free buddies "
			    "%#" PRIx64 " and %#" PRIx64 " of %#" PRIx64
			    " bytes not merged", s, buddy, z);
			return -1;
		}
	}
	if (o->ops->largest_free(o->priv) != largest) {
		snprintf(o->msg, sizeof o->msg, "buddy: largest_free %#" PRIx64
		    ", the largest free block is %#" PRIx64,
		    o->ops->largest_free(o->priv), largest);
		return -1;
	}
	return 0;
}

/* Could a request of `size` at `align` have been served from `hs`? */
static int
buddy_could(const struct harness_holes *hs, uint64_t size, uint64_t align)
{
	uint64_t want, n, m;
	int i;

	if (size <= 4 * MiB) {
		want = pow2_up(size);
		for (i = 0; i < hs->n; i++)
			if (hs->h[i].size >= want &&
			    hs->h[i].start % align == 0)
				return 1;
		return 0;
	}
	/* n touching 4 MiB blocks, the first aligned. */
	n = (size + 4 * MiB - 1) / (4 * MiB);
	for (i = 0; i < hs->n; i++) {
		if (hs->h[i].size != 4 * MiB || hs->h[i].start % align != 0)
			continue;
		for (m = 1; m < n && i + (int)m < hs->n &&
		    hs->h[i + m].size == 4 * MiB &&
		    hs->h[i + m].start == hs->h[i].start + m * 4 * MiB; m++)
			;
		if (m == n)
			return 1;
	}
	return 0;
}

static void
random_buddy(uint64_t start, uint64_t size, uint64_t max_pages,
    unsigned max_align_order, uint64_t seed, unsigned long nops)
{
	static struct harness_holes before, after;
	struct oracle o;
	uint64_t s = seed, rsize, align, want;
	unsigned long op, fails = 0, allocs = 0;
	unsigned fill = 60;
	long idx;
	int ret;

	ORACLE_ASSERT(&o, oracle_init(&o, bd, start, size, NULL,
	    &buddy_opts));
	for (op = 0; op < nops; op++) {
		if (op % 3000 == 0)
			fill = 30 + (unsigned)(rnd_next(&s) % 55);
		if (o.nchunks > 0 && rnd_next(&s) % 100 >= fill) {
			idx = (long)(rnd_next(&s) % o.nchunks);
			ORACLE_ASSERT(&o, oracle_free(&o, (size_t)idx));
		} else {
			rsize = (1 + rnd_next(&s) % max_pages) * P;
			if (rnd_next(&s) % 4 == 0)
				rsize = (1 + rnd_next(&s) % 8) * P;
			align = P << (rnd_next(&s) % (max_align_order + 1));
			if (rnd_next(&s) % 2)
				align = P;
			before.n = 0;
			bd->walk_free(o.priv, harness_collect, &before);
			ORACLE_ASSERT(&o, oracle_alloc(&o, rsize, align, &idx,
			    &ret));
			allocs++;
			if (idx < 0) {
				fails++;
				if (buddy_could(&before, rsize, align)) {
					snprintf(o.msg, sizeof o.msg, "buddy: "
					    "alloc %#" PRIx64 "/%#" PRIx64
					    " failed with a block that fits",
					    rsize, align);
					ORACLE_ASSERT(&o, -1);
				}
			} else {
				want = rsize <= 4 * MiB ? pow2_up(rsize) :
				    (rsize + 4 * MiB - 1) / (4 * MiB) *
				    (4 * MiB);
				if (o.chunks[idx].size != want ||
				    (want <= 4 * MiB &&
				    o.chunks[idx].start % want != 0)) {
					snprintf(o.msg, sizeof o.msg, "buddy: "
					    "alloc %#" PRIx64 " gave %#" PRIx64
					    "+%#" PRIx64 ", expected a "
					    "naturally aligned %#" PRIx64,
					    rsize, o.chunks[idx].start,
					    o.chunks[idx].size, want);
					ORACLE_ASSERT(&o, -1);
				}
			}
		}
		after.n = 0;
		bd->walk_free(o.priv, harness_collect, &after);
		ORACLE_ASSERT(&o, check_blocks(&o, &after));
	}
	CU_ASSERT(fails > 0 && fails < allocs);
	ORACLE_ASSERT(&o, oracle_destroy(&o));
}

static void
test_random_rules(void)
{
	/* Requests up to 10 MiB, alignments up to 16 MiB. */
	random_buddy(0x33000000, 32 * MiB, 2560, 12, 0x5eed1, 20000);
	random_buddy(0x40123000, 29 * MiB + 3 * P, 2560, 12, 0x5eed2, 20000);
	/* Small pages on a small odd region. */
	random_buddy(0x4400d000, 300 * P, 40, 6, 0x5eed3, 20000);
}

/* ---- through the framework: internal fragmentation ---- */

static void
test_framework(void)
{
	const struct cma_board *b = cma_board_builtin("goni");
	struct cma_err err = { "" };
	struct cma_region_info ri;
	struct cma_chunk_info ci;
	struct cma *cma = NULL;
	uint64_t at;
	int idx;

	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_EQUAL_FATAL(cma_create(b, "b=8M@0x44000000:buddy;"
	    "c=1M:buddy(x)", "*/*=b", &cma, &err), 0);
	idx = cma_region_find(cma, "c");
	CU_ASSERT_FATAL(idx >= 0);
	CU_ASSERT_EQUAL(cma_region_get(cma, idx, &ri), 0);
	CU_ASSERT_PTR_NULL(ri.allocator);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ri.reason);
	CU_ASSERT_PTR_NOT_NULL(strstr(ri.reason, "no parameters"));
	idx = cma_region_find(cma, "b");
	CU_ASSERT_FATAL(idx >= 0);
	/* 5 pages asked for, 8 taken: 3 pages of internal fragmentation. */
	CU_ASSERT_EQUAL_FATAL(cma_alloc(cma, "video", NULL, 5 * P, 0, &at), 0);
	CU_ASSERT_EQUAL(at, 0x44000000);
	CU_ASSERT_EQUAL(cma_chunk_find(cma, at, &ci), 0);
	CU_ASSERT_EQUAL(ci.size, 8 * P);
	CU_ASSERT_EQUAL(ci.requested, 5 * P);
	CU_ASSERT_EQUAL(cma_region_get(cma, idx, &ri), 0);
	CU_ASSERT_STRING_EQUAL(ri.allocator, "buddy");
	CU_ASSERT_EQUAL(ri.free, 8 * MiB - 8 * P);
	CU_ASSERT_EQUAL(cma_region_largest_free(cma, idx), 4 * MiB);
	/* 6 MiB: two 4 MiB blocks, and only one is whole. */
	CU_ASSERT_EQUAL(cma_alloc(cma, "video", NULL, 6 * MiB, 0, &at),
	    -ENOMEM);
	CU_ASSERT_EQUAL(cma_put(cma, 0x44000000), 1);	/* freed */
	CU_ASSERT_EQUAL_FATAL(cma_alloc(cma, "video", NULL, 6 * MiB, 0, &at),
	    0);
	CU_ASSERT_EQUAL(cma_chunk_find(cma, at, &ci), 0);
	CU_ASSERT_EQUAL(ci.size, 8 * MiB);
	CU_ASSERT_EQUAL(cma_region_largest_free(cma, idx), 0);
	cma_destroy(cma);
}

static CU_TestInfo buddy_blocks[] = {
	{ "split and merge", test_split_merge },
	{ "sequential pages, merge in any order", test_sequential },
	{ "rounding to a power of two", test_rounding },
	{ "least aligned block first", test_least_aligned_first },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo buddy_align[] = {
	{ "alignment larger than the block", test_align_larger_than_block },
	{ "region start not aligned", test_region_start_unaligned },
	{ "alignment above 4 MiB", test_align_above_max_order },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo buddy_large[] = {
	{ "runs of 4 MiB blocks", test_large_runs },
	{ "odd region: whole slots only", test_large_odd_region },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo buddy_edges[] = {
	{ "full region", test_full_region },
	{ "single-page region", test_single_page },
	{ "zero holes", test_zero_holes },
	{ "odd region sizes", test_odd_sizes },
	{ "walk_free stops on non-zero", test_walk_free_stops },
	{ "params and bad regions refused", test_params_refused },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo buddy_random[] = {
	{ "random ops: oracle and buddy rules", test_random_rules },
	{ "through the framework", test_framework },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "buddy blocks", NULL, NULL, NULL, NULL, buddy_blocks },
	{ "buddy alignment", NULL, NULL, NULL, NULL, buddy_align },
	{ "buddy beyond 4 MiB", NULL, NULL, NULL, NULL, buddy_large },
	{ "buddy edges", NULL, NULL, NULL, NULL, buddy_edges },
	{ "buddy random", NULL, NULL, NULL, NULL, buddy_random },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return cunit_run(suites);
}
