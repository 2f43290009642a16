/*
 * "tlsf" internals shared with its unit test: the size-class mapping and a
 * consistency check of the whole state.
 *
 * Sizes are in pages.  A size below TLSF_SL_COUNT pages has a bin of its
 * own in first level 0 (fl 0, sl = size).  From TLSF_SL_COUNT pages up,
 * first level fl covers [2^(fl+4), 2^(fl+5)) pages, split into
 * TLSF_SL_COUNT bins of equal width 2^(fl-1) pages.  The search rounds a
 * request up to the next bin boundary first, so every block in the bin it
 * maps to, and in every bin above, is large enough.
 */
#ifndef CMA_ALLOC_TLSF_H
#define CMA_ALLOC_TLSF_H

#include <stddef.h>
#include <stdint.h>

#define TLSF_SL_LOG2	5
#define TLSF_SL_COUNT	(1u << TLSF_SL_LOG2)	/* 32 second-level bins */
/* A region has fewer than 2^52 pages: fl = log2(size) - 4 <= 47. */
#define TLSF_FL_COUNT	48

/* Bin of a block of `pages` (> 0) pages: where it is filed. */
static inline void
tlsf_mapping(uint64_t pages, unsigned *fl, unsigned *sl)
{
	unsigned l;

	if (pages < TLSF_SL_COUNT) {
		*fl = 0;
		*sl = (unsigned)pages;
		return;
	}
	l = 63u - (unsigned)__builtin_clzll(pages);
	*fl = l - TLSF_SL_LOG2 + 1;
	*sl = (unsigned)(pages >> (l - TLSF_SL_LOG2)) - TLSF_SL_COUNT;
}

/*
 * `pages` (> 0, < 2^62) rounded up to the start of a bin: the size the
 * search maps, so that the bin it lands in holds nothing smaller.
 */
static inline uint64_t
tlsf_round_up(uint64_t pages)
{
	uint64_t step;

	if (pages < TLSF_SL_COUNT)
		return pages;
	step = (uint64_t)1 << (63u - (unsigned)__builtin_clzll(pages) -
	    TLSF_SL_LOG2);
	return (pages + step - 1) & ~(step - 1);
}

/*
 * Check every invariant of a tlsf state (physical list contiguous over the
 * region, no two free blocks adjacent, each free block filed in the bin of
 * its size, bitmaps equal to the non-empty bins, bin counts equal to the
 * free blocks).  0 when all hold, else -1 with the first violation in msg.
 */
int cma_tlsf_check(void *priv, char *msg, size_t len);

#endif
