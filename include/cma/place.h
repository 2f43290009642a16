/*
 * Placing a reservation the way the mainline kernel's memblock does:
 * top-down, the highest aligned start at which `size` bytes fit inside one
 * bank of the board, inside [lo, hi), overlapping none of the busy ranges
 * (the board's reserved ranges and whatever was placed before).
 *
 * Used for the dynamic /reserved-memory nodes of a device tree (inside
 * each of their alloc-ranges in turn) and for the mainline `cma=` default
 * area (inside [start, end)).
 */
#ifndef CMA_PLACE_H
#define CMA_PLACE_H

#include <stdint.h>

#include "cma/board.h"

/* CMA_MIN_ALIGNMENT_BYTES of the kernels these boards ran: a pageblock
 * of 2^10 pages of 4 KiB on 32-bit ARM (and everywhere before 5.18). */
#define CMA_MAINLINE_MIN_ALIGN	(4ull << 20)

struct cma_place_busy {
	int		 n, max;
	struct cma_range *ranges;	/* caller's array of `max` entries */
};

/* 1 if [start, start+size) overlaps a busy range (its index in *which). */
int cma_place_overlaps(const struct cma_place_busy *busy, uint64_t start,
    uint64_t size, int *which);

/*
 * The highest start, a multiple of `align` (a power of two), with
 * [start, start+size) inside one bank, inside [lo, hi) (hi 0: no limit)
 * and clear of every busy range.  0 and *start set, or -ENOMEM.
 */
int cma_place_topdown(const struct cma_board *b,
    const struct cma_place_busy *busy, uint64_t size, uint64_t align,
    uint64_t lo, uint64_t hi, uint64_t *start);

#endif
