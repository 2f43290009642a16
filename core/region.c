/*
 * Placement of cma= regions on a board (DESIGN §3, fixed).
 *
 * Regions are placed one by one in cma= order.  A region with a START must
 * lie wholly inside one bank exactly there and overlap neither a reserved
 * range nor a region placed before it; otherwise it is dropped, with the
 * reason.  A region without START goes to the lowest address aligned to
 * its alignment (banks in address order) where it fits inside one bank
 * without overlapping anything.  The outcome depends only on the board and
 * the string, so a trace replays onto the same addresses every time.
 *
 * The search for a free spot only ever has to consider the bank start and
 * the ends of obstacles (reserved ranges and earlier regions) as candidate
 * starts, rounded up to the alignment: the lowest fitting spot is always
 * one of those.
 */
#include <stdio.h>
#include <string.h>

#include "cma_int.h"

struct region_obstacle {
	const char *what;	/* "reserved range" or "region" */
	const char *name;
	uint64_t start, size;
};

static int
region_overlaps(uint64_t a, uint64_t asz, uint64_t b, uint64_t bsz)
{
	return a < b + bsz && b < a + asz;
}

static int
region_obstacles(const struct cma_board *b, const struct cma_region *placed,
    int nplaced, struct region_obstacle *o)
{
	int i, n = 0;

	for (i = 0; i < b->nreserved; i++)
		o[n++] = (struct region_obstacle){ "reserved range",
		    b->reserved[i].name, b->reserved[i].start,
		    b->reserved[i].size };
	for (i = 0; i < nplaced; i++)
		o[n++] = (struct region_obstacle){ "region", placed[i].name,
		    placed[i].start, placed[i].size };
	return n;
}

static const struct region_obstacle *
region_hit(const struct region_obstacle *o, int n, uint64_t start,
    uint64_t size)
{
	int i;

	for (i = 0; i < n; i++)
		if (region_overlaps(start, size, o[i].start, o[i].size))
			return &o[i];
	return NULL;
}

static int
region_fixed(const struct cma_board *b, const struct region_obstacle *o,
    int n, const struct cma_region_spec *s, uint64_t *start, int *bank,
    char *why, size_t whylen)
{
	const struct region_obstacle *hit;

	if (s->start > UINT64_MAX - s->size) {
		snprintf(why, whylen, "%#llx + %#llx runs past the end of the "
		    "address space", (unsigned long long)s->start,
		    (unsigned long long)s->size);
		return -1;
	}
	if ((*bank = cma_board_bank_of(b, s->start, s->size)) < 0) {
		snprintf(why, whylen, "%#llx-%#llx does not lie inside one "
		    "bank of board %s", (unsigned long long)s->start,
		    (unsigned long long)(s->start + s->size - 1), b->name);
		return -1;
	}
	hit = region_hit(o, n, s->start, s->size);
	if (hit != NULL) {
		snprintf(why, whylen, "%#llx-%#llx overlaps %s %s (%#llx-%#llx)",
		    (unsigned long long)s->start,
		    (unsigned long long)(s->start + s->size - 1), hit->what,
		    hit->name, (unsigned long long)hit->start,
		    (unsigned long long)(hit->start + hit->size - 1));
		return -1;
	}
	*start = s->start;
	return 0;
}

/* Try `cand` (rounded up) in bank k; keep the lowest that fits. */
static void
region_try(const struct cma_range *k, const struct region_obstacle *o, int n,
    const struct cma_region_spec *s, uint64_t cand, uint64_t *best)
{
	uint64_t at;

	if (cma_round_up(cand, s->align, &at) < 0 || at < k->start)
		return;
	if (at - k->start > k->size || k->size - (at - k->start) < s->size)
		return;
	if (region_hit(o, n, at, s->size) != NULL)
		return;
	if (at < *best)
		*best = at;
}

static int
region_anywhere(const struct cma_board *b, const struct region_obstacle *o,
    int n, const struct cma_region_spec *s, uint64_t *start, int *bank,
    char *why, size_t whylen)
{
	uint64_t best;
	int k, i;

	/* Banks are sorted by address, so the first bank with room wins. */
	for (k = 0; k < b->nbanks; k++) {
		const struct cma_range *bk = &b->banks[k];

		best = UINT64_MAX;
		region_try(bk, o, n, s, bk->start, &best);
		for (i = 0; i < n; i++)
			if (o[i].start + o[i].size >= o[i].start)
				region_try(bk, o, n, s, o[i].start + o[i].size,
				    &best);
		if (best != UINT64_MAX) {
			*start = best;
			*bank = k;
			return 0;
		}
	}
	snprintf(why, whylen, "no free %#llx bytes aligned to %#llx in any "
	    "bank of board %s", (unsigned long long)s->size,
	    (unsigned long long)s->align, b->name);
	return -1;
}

int
cma_region_place(const struct cma_board *b, const struct cma_region *placed,
    int nplaced, const struct cma_region_spec *spec, uint64_t *start,
    int *bank, char *why, size_t whylen)
{
	struct region_obstacle o[CMA_BOARD_MAX_RESERVED + CMA_MAX_REGIONS];
	int n = region_obstacles(b, placed, nplaced, o);

	if (spec->start != 0)
		return region_fixed(b, o, n, spec, start, bank, why, whylen);
	return region_anywhere(b, o, n, spec, start, bank, why, whylen);
}
