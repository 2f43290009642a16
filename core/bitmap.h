/*
 * Word-at-a-time bitmaps for the bitmap allocators (ff, gbf, gff).
 *
 * Bit i set = granule i in use.  Searches walk 64 bits per step with
 * count-trailing-zeros, as the kernel's find_next_bit does, so a scan of
 * a 256 MiB region of pages touches at most 1024 words.
 */
#ifndef CMA_BITMAP_H
#define CMA_BITMAP_H

#include <stdint.h>

struct bitmap {
	uint64_t *words;
	uint64_t  nbits;
	uint64_t  scanned;	/* words read by searches, for benchmarks */
};

void	 bitmap_init(struct bitmap *b, uint64_t nbits);
void	 bitmap_free(struct bitmap *b);
/* First clear (set) bit in [from, nbits), or nbits. */
uint64_t bitmap_next_zero(struct bitmap *b, uint64_t from);
uint64_t bitmap_next_set(struct bitmap *b, uint64_t from, uint64_t limit);
void	 bitmap_set_range(struct bitmap *b, uint64_t from, uint64_t n);
void	 bitmap_clear_range(struct bitmap *b, uint64_t from, uint64_t n);
/* All of [from, from+n) clear? */
int	 bitmap_range_clear(struct bitmap *b, uint64_t from, uint64_t n);
/*
 * The kernel's "next zero area with offset": the first index >= from where
 * n clear bits start and (index + offset) & mask == 0; nbits if none.
 */
uint64_t bitmap_zero_area(struct bitmap *b, uint64_t from, uint64_t n,
    uint64_t mask, uint64_t offset);

#endif
