/*
 * Top-down placement, as memblock_phys_alloc_range() does it.
 *
 * Banks are tried from the highest down; inside one, the candidate is the
 * highest aligned start whose end fits under the limit; when it overlaps a
 * busy range, the next candidate ends below that range's start.  Boards
 * have at most a handful of banks and ranges, so the quadratic walk is
 * the clearest way to be exact.
 */
#include <errno.h>

#include "cma_int.h"
#include "cma/place.h"

int
cma_place_overlaps(const struct cma_place_busy *busy, uint64_t start,
    uint64_t size, int *which)
{
	int i, found = -1;

	for (i = 0; i < busy->n; i++) {
		const struct cma_range *r = &busy->ranges[i];

		if (start < r->start + r->size && r->start < start + size &&
		    (found < 0 || r->start < busy->ranges[found].start))
			found = i;
	}
	if (which)
		*which = found;
	return found >= 0;
}

/* Highest fit inside [lo, hi) of one bank; 0 or -ENOMEM. */
static int
place_in_span(const struct cma_place_busy *busy, uint64_t size,
    uint64_t align, uint64_t lo, uint64_t hi, uint64_t *start)
{
	uint64_t s;
	int k;

	while (hi > lo && hi - lo >= size) {
		s = (hi - size) & ~(align - 1);
		if (s < lo)
			return -ENOMEM;
		if (!cma_place_overlaps(busy, s, size, &k)) {
			*start = s;
			return 0;
		}
		/* below the lowest busy range in the way */
		hi = busy->ranges[k].start;
	}
	return -ENOMEM;
}

int
cma_place_topdown(const struct cma_board *b, const struct cma_place_busy *busy,
    uint64_t size, uint64_t align, uint64_t lo, uint64_t hi, uint64_t *start)
{
	int i;

	if (size == 0 || align == 0 || (align & (align - 1)))
		return -EINVAL;
	for (i = b->nbanks - 1; i >= 0; i--) {
		const struct cma_range *k = &b->banks[i];
		uint64_t s_lo = k->start > lo ? k->start : lo;
		uint64_t s_hi = k->start + k->size;

		if (hi != 0 && hi < s_hi)
			s_hi = hi;
		if (s_hi > s_lo &&
		    place_in_span(busy, size, align, s_lo, s_hi, start) == 0)
			return 0;
	}
	return -ENOMEM;
}
