/*
 * The memory layout a capture implies, written as a board, a cma= and a
 * cma_map= so the trace can be stored with a configuration it replays
 * under.
 *
 * A capture never states the layout outright; it shows pieces of it:
 * ftrace gives the pfn of every chunk of every area, a kernel log may
 * give an area's reservation ("Reserved 64 MiB at 0x...") and the sizes
 * of what was allocated from it.  The importer feeds those pieces in as
 * it streams (a fixed table of areas, nothing per event), and at the end
 * each area becomes one region:
 *
 *  - known base and size (a reservation line): exactly that;
 *  - pfns seen: from the lowest start rounded down to 1 MiB to the highest
 *    end rounded up to 1 MiB, stretched to the area's size when the
 *    capture told it (2025+ cma_alloc_start's total_count).  1 MiB because
 *    every kernel aligns CMA areas to at least a pageblock (1 MiB or more
 *    with 4 KiB pages), so the rounded start is never below the real base,
 *    and the rounding gives a first-fit allocator the room the real area
 *    had before the first chunk the capture saw.  If rounding makes two
 *    areas overlap, the pfns seen are used exactly;
 *  - neither (a kernel log without reservation lines): a region with no
 *    fixed start, as big as the most the capture ever had allocated from
 *    the area at once (requests whose outcome is unknown counted as
 *    successes), rounded up to 1 MiB.
 *
 * One bank covers all regions with a start, plus room at its end for those
 * without; with no start known at all it is put at 1 GiB, an arbitrary but
 * ordinary DRAM address.  The map stays empty: imported events are
 * ALLOC_FROM and name their region.  When the areas do not fit cma= (more
 * than CMA_MAX_REGIONS, or too long) no layout is written and the note
 * says why; the events are still good under a layout given by hand.
 *
 * Region names are the area names with anything cma= or cma_map= would
 * read as syntax (',', ';', '=', '/', '@', ':', '(', ')', spaces...) made
 * '_', so "linux,cma@72000000" becomes "linux_cma_72000000"; a clash
 * after that gets "-2", "-3"...
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "import_int.h"

#define LAYOUT_DEFAULT_BANK	0x40000000ull

struct layout_span {
	int	 area;
	int	 known;		/* has a start */
	uint64_t start, end;	/* end - start is the size */
};

static int
layout_name_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

static int
layout_region_taken(const struct import_layout *l, const char *region)
{
	int i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->areas[i].region, region) == 0)
			return 1;
	return 0;
}

int
import_layout_area(struct import_layout *l, const char *name, size_t len)
{
	struct import_area *a;
	char base[IMPORT_AREA_NAME_MAX + 1];
	size_t i;
	int n;

	for (n = 0; n < l->n; n++)
		if (strlen(l->areas[n].name) == len &&
		    memcmp(l->areas[n].name, name, len) == 0)
			return n;
	if (len == 0 || len > IMPORT_AREA_NAME_MAX)
		return -ENAMETOOLONG;
	if (l->n == IMPORT_LAYOUT_MAX_AREAS)
		return -ENOSPC;
	a = &l->areas[l->n];
	memset(a, 0, sizeof *a);
	memcpy(a->name, name, len);
	for (i = 0; i < len; i++)
		base[i] = layout_name_char((unsigned char)name[i]) ?
		    name[i] : '_';
	base[len] = '\0';
	snprintf(a->region, sizeof a->region, "%s", base);
	for (n = 2; layout_region_taken(l, a->region); n++)
		snprintf(a->region, sizeof a->region, "%s-%d", base, n);
	return l->n++;
}

void
import_layout_range(struct import_layout *l, int area, uint64_t start,
    uint64_t size)
{
	struct import_area *a = &l->areas[area];
	uint64_t end = start <= UINT64_MAX - size ? start + size : UINT64_MAX;

	if (!a->has_range || start < a->lo)
		a->lo = start;
	if (!a->has_range || end > a->hi)
		a->hi = end;
	a->has_range = 1;
}

void
import_layout_live(struct import_layout *l, int area, uint64_t add,
    uint64_t sub)
{
	struct import_area *a = &l->areas[area];

	a->live = a->live + add >= a->live ? a->live + add : UINT64_MAX;
	a->live = a->live >= sub ? a->live - sub : 0;
	if (a->live > a->peak)
		a->peak = a->live;
}

static uint64_t
layout_down(uint64_t v)
{
	return v & ~(IMPORT_MiB - 1);
}

static int
layout_up(uint64_t v, uint64_t *out)
{
	return cma_round_up(v, IMPORT_MiB, out);
}

/* One region's span; exact: do not round the pfns seen. */
static int
layout_span(const struct import_area *a, int exact, struct layout_span *s)
{
	uint64_t size;

	memset(s, 0, sizeof *s);
	if (a->has_base && a->total) {
		if (a->base > UINT64_MAX - a->total)
			return -ERANGE;
		s->known = 1;
		s->start = a->base;
		s->end = a->base + a->total;
		return 0;
	}
	if (a->has_range) {
		s->known = 1;
		s->start = exact ? a->lo : layout_down(a->lo);
		if (exact)
			s->end = a->hi;
		else if (layout_up(a->hi, &s->end) < 0)
			return -ERANGE;
		if (a->total && s->end - s->start < a->total) {
			if (s->start > UINT64_MAX - a->total)
				return -ERANGE;
			s->end = s->start + a->total;
		}
		return 0;
	}
	size = a->total ? a->total : a->peak;
	if (layout_up(size ? size : 1, &size) < 0)
		return -ERANGE;
	s->end = size;
	return 0;
}

/* Spans of every area; -EEXIST when two with a start overlap. */
static int
layout_spans(const struct import_layout *l, int exact, struct layout_span *s)
{
	int order[IMPORT_LAYOUT_MAX_AREAS], i, j, k, ret;

	for (i = 0; i < l->n; i++) {
		if ((ret = layout_span(&l->areas[i], exact, &s[i])) < 0)
			return ret;
		s[i].area = i;
	}
	/* A few areas at most: insertion sort by start. */
	for (i = 0, k = 0; i < l->n; i++) {
		if (!s[i].known)
			continue;
		for (j = k++; j > 0 && s[order[j - 1]].start > s[i].start; j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
	for (i = 1; i < k; i++)
		if (s[order[i - 1]].end > s[order[i]].start)
			return -EEXIST;
	return 0;
}

static void
layout_size(char *buf, size_t len, uint64_t v)
{
	if (v % IMPORT_MiB == 0)
		snprintf(buf, len, "%" PRIu64 "M", (uint64_t)(v / IMPORT_MiB));
	else if (v % 1024 == 0)
		snprintf(buf, len, "%" PRIu64 "K", (uint64_t)(v / 1024));
	else
		snprintf(buf, len, "%" PRIu64, v);
}

static void
layout_note(struct import_result *res, const char *what)
{
	size_t n = strlen(res->note);

	snprintf(res->note + n, sizeof res->note - n, "%s%s", n ? "; " : "",
	    what);
}

void
import_layout_write(const struct import_layout *l, const char *board,
    struct import_result *res)
{
	struct layout_span s[IMPORT_LAYOUT_MAX_AREAS];
	char cma[CMA_MAX_PARAM_LEN], size[32];
	uint64_t lo = UINT64_MAX, hi = 0, extra = 0;
	int i, pass, guessed = 0, exact = 0, ret;
	size_t n = 0;

	res->board[0] = res->cma[0] = res->map[0] = '\0';
	if (l->n == 0)
		return;
	if (l->n > CMA_MAX_REGIONS) {
		layout_note(res, "too many areas for cma=, no layout");
		return;
	}
	ret = layout_spans(l, 0, s);
	if (ret == -EEXIST) {
		exact = 1;
		ret = layout_spans(l, 1, s);
	}
	if (ret < 0) {
		layout_note(res, ret == -EEXIST ? "areas overlap, no layout" :
		    "areas run past 2^64, no layout");
		return;
	}
	/* Regions with a start first: v1 places cma= in order, and one
	 * placed "anywhere" could take the spot a later fixed one needs. */
	cma[0] = '\0';
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < l->n; i++) {
			if (s[i].known != !pass)
				continue;
			layout_size(size, sizeof size, s[i].end - s[i].start);
			if (s[i].known)
				ret = snprintf(cma + n, sizeof cma - n,
				    "%s%s=%s@0x%" PRIx64, n ? ";" : "",
				    l->areas[i].region, size, s[i].start);
			else
				ret = snprintf(cma + n, sizeof cma - n,
				    "%s%s=%s", n ? ";" : "",
				    l->areas[i].region, size);
			if (ret < 0 || (size_t)ret >= sizeof cma - n) {
				layout_note(res, "areas too long for cma=, no "
				    "layout");
				return;
			}
			n += (size_t)ret;
			if (s[i].known) {
				lo = s[i].start < lo ? s[i].start : lo;
				hi = s[i].end > hi ? s[i].end : hi;
			} else {
				guessed = 1;
				extra += s[i].end;
			}
		}
	if (lo == UINT64_MAX)
		lo = hi = LAYOUT_DEFAULT_BANK;
	if (hi > UINT64_MAX - extra || hi + extra == lo) {
		layout_note(res, "areas run past 2^64, no layout");
		return;
	}
	snprintf(res->board, sizeof res->board,
	    "# the layout the capture implies (cma import, %s)\n"
	    "board %s\n"
	    "bank dram 0x%" PRIx64 " 0x%" PRIx64 "\n",
	    board, board, lo, hi + extra - lo);
	memcpy(res->cma, cma, sizeof res->cma);
	if (guessed)
		layout_note(res, "sizes without a reservation line are the "
		    "peak allocated");
	if (exact)
		layout_note(res, "regions are the exact pfns seen");
}
