/*
 * Fragmentation metrics for a region or a bank.
 *
 * For a request size s (bytes, rounded up to pages), with F the free pages,
 * B the number of free extents ("holes") and F_s the free pages lying in
 * extents of at least s:
 *
 *	U(s)  = (F - F_s) / F, and 1 when F = 0		(unusable free space,
 *							 mm/vmstat.c's index)
 *	FI(s) = -1 if some extent holds s; 0 if B = 0;	(fragmentation index:
 *		else 1 - (1 + F/s) / B			 near 0 = short of
 *							 memory, near 1 =
 *							 fragmented)
 *
 * FI(s) is clamped at 0 when the formula dips below it (less free memory
 * than s in few holes), so that -1 keeps meaning "s fits".  Alignment is
 * not taken into account, as in the kernel.  A bank's figures
 * cover the usable regions placed in it; unusable regions are left out.
 */
#ifndef CMA_METRICS_H
#define CMA_METRICS_H

#include <stdint.h>

struct cma;

struct cma_metrics {
	uint64_t total;		/* bytes managed */
	uint64_t used;
	uint64_t free;
	uint64_t holes;		/* free extents */
	uint64_t largest_free;	/* mainline's maxchunk, in bytes */
	unsigned chunks;	/* live chunks */
	uint64_t s;		/* request size U and FI were taken for */
	uint64_t fit_free;	/* free bytes in extents of at least s */
	double	 unusable;	/* U(s) */
	double	 fragindex;	/* FI(s) */
};

/* Accumulate by hand (also used by the allocator tests). */
void cma_metrics_begin(struct cma_metrics *m, uint64_t s);
void cma_metrics_add_extent(struct cma_metrics *m, uint64_t size);
void cma_metrics_finish(struct cma_metrics *m);

/* -ENOENT for a bad index, -ENODEV for an unusable region. */
int cma_metrics_region(struct cma *cma, int region, uint64_t s,
    struct cma_metrics *m);
int cma_metrics_bank(struct cma *cma, int bank, uint64_t s,
    struct cma_metrics *m);

#endif
