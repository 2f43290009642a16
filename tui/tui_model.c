/*
 * Small helpers on the model and the view: the stable style of a device
 * (FNV-1a of its name, so a device keeps its colour from run to run and
 * from trace to mount), lookups in the address-sorted chunk list, and the
 * view's defaults.
 */
#include <stdio.h>
#include <string.h>

#include "cma/cma.h"
#include "tui.h"

int
tui_model_style(const char *name)
{
	uint32_t h = 2166136261u;

	for (; *name; name++) {
		h ^= (unsigned char)*name;
		h *= 16777619u;
	}
	return (int)(h % TUI_NSTYLES);
}

size_t
tui_model_lower_bound(const struct tui_model *m, uint64_t addr)
{
	size_t lo = 0, hi = m->nchunks;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->chunks[mid].start < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

long
tui_model_find(const struct tui_model *m, uint64_t addr)
{
	size_t i = tui_model_lower_bound(m, addr);

	return i < m->nchunks && m->chunks[i].start == addr ? (long)i : -1;
}

void
tui_model_view_init(struct tui_view *v)
{
	int i;

	memset(v, 0, sizeof *v);
	v->color = 1;
	v->speed = 1;
	v->s = 4ull << 20;
	for (i = 0; i < CMA_BOARD_MAX_BANKS; i++)
		v->scroll[i] = -1;
}

int
tui_model_regions(struct cma *cma, struct tui_region *out)
{
	struct cma_region_info ri;
	int k, n = cma_region_count(cma);

	for (k = 0; k < n; k++) {
		cma_region_get(cma, k, &ri);
		snprintf(out[k].name, sizeof out[k].name, "%s", ri.name);
		out[k].start = ri.start;
		out[k].size = ri.size;
		out[k].bank = ri.bank;
		out[k].usable = ri.allocator != NULL;
		snprintf(out[k].allocator, sizeof out[k].allocator, "%s",
		    ri.allocator ? ri.allocator : "-");
	}
	return n;
}
