/*
 * Meters: per bank and per region, used/total with a gauge, the largest
 * free extent, the hole count, the live chunks and U(s) for the view's
 * request size.
 *
 * The figures come from the model's chunk list, not from the allocators:
 * the free extents of a region are the gaps between the extents its live
 * chunks occupy, fed to the core's cma_metrics_* accumulator, so the
 * numbers are the ones `cma replay` and `cma test --stats` print, and a
 * mounted workbench (where only the chunk list is visible) is measured the
 * same way as a trace stepped in process.
 */
#include <stdio.h>
#include <string.h>

#include "tui.h"

/* Add region r's free extents to m (no finish). */
static void
tui_meter_add(const struct tui_model *m, int r, struct cma_metrics *out)
{
	const struct tui_region *rg = &m->regions[r];
	uint64_t cur = rg->start, end = rg->start + rg->size;
	size_t i;

	for (i = tui_model_lower_bound(m, rg->start); i < m->nchunks &&
	    m->chunks[i].start < end; i++) {
		const struct tui_chunk *c = &m->chunks[i];
		uint64_t cend = c->start + c->size;

		if (c->start > cur)
			cma_metrics_add_extent(out, c->start - cur);
		if (cend > cur)
			cur = cend < end ? cend : end;
		out->chunks++;
	}
	if (cur < end)
		cma_metrics_add_extent(out, end - cur);
	out->total += rg->size;
}

int
tui_meter_region(const struct tui_model *m, int r, uint64_t s,
    struct cma_metrics *out)
{
	cma_metrics_begin(out, s);
	if (r < 0 || r >= m->nregions || !m->regions[r].usable) {
		cma_metrics_finish(out);
		return -1;
	}
	tui_meter_add(m, r, out);
	out->used = out->total - out->free;
	cma_metrics_finish(out);
	return 0;
}

void
tui_meter_bank(const struct tui_model *m, int bank, uint64_t s,
    struct cma_metrics *out)
{
	int r;

	cma_metrics_begin(out, s);
	for (r = 0; r < m->nregions; r++)
		if (m->regions[r].bank == bank && m->regions[r].usable)
			tui_meter_add(m, r, out);
	out->used = out->total - out->free;
	cma_metrics_finish(out);
}

const char *
tui_meter_size(uint64_t v, char *buf, size_t len)
{
	static const char unit[] = "KMGTP";
	double x = (double)v;
	int u = -1;

	if (v < 1024) {
		snprintf(buf, len, v ? "%lluB" : "0", (unsigned long long)v);
		return buf;
	}
	while (x >= 1024 && u < 4) {
		x /= 1024;
		u++;
	}
	if (x == (double)(uint64_t)x || x >= 100)
		snprintf(buf, len, "%.0f%c", x, unit[u]);
	else
		snprintf(buf, len, "%.1f%c", x, unit[u]);
	return buf;
}

int
tui_meter_rows(const struct tui_model *m)
{
	return 1 + m->board->nbanks + m->nregions;
}

static void
tui_meter_row(struct tui_cells *b, int x, int y, int w, int gw,
    const char *name, int indent, const struct cma_metrics *mt, int usable,
    const struct tui_view *v)
{
	char a[16], t[16], l[16], line[96];
	int fill, i, role;

	tui_cells_printf(b, x, y, 9, indent ? TUI_R_TEXT : TUI_R_HEAD, 0,
	    "%*s%-*.*s", indent, "", 8 - indent, 8 - indent, name);
	x += 9;
	tui_cells_put(b, x, y, v->ascii ? '[' : 0x2595, TUI_R_BORDER, 0);
	fill = mt->total ? (int)((double)gw * (double)mt->used /
	    (double)mt->total + 0.5) : 0;
	if (fill == 0 && mt->used > 0)
		fill = 1;
	for (i = 0; i < gw; i++) {
		if (i < fill)
			tui_cells_put(b, x + 1 + i, y, v->ascii ? '#' : 0x2588,
			    TUI_R_GAUGE, 0);
		else
			tui_cells_put(b, x + 1 + i, y, v->ascii ? '.' : 0xb7,
			    TUI_R_FREE, 0);
	}
	tui_cells_put(b, x + 1 + gw, y, v->ascii ? ']' : 0x258f,
	    TUI_R_BORDER, 0);
	x += gw + 2;
	if (!usable) {
		tui_cells_text(b, x, y, w - (x - 0), TUI_R_DIM, 0,
		    "  unusable");
		return;
	}
	snprintf(line, sizeof line, " %6s/%-6s %7s %5llu %6u %6.3f",
	    tui_meter_size(mt->used, a, sizeof a),
	    tui_meter_size(mt->total, t, sizeof t),
	    tui_meter_size(mt->largest_free, l, sizeof l),
	    (unsigned long long)mt->holes, mt->chunks, mt->unusable);
	role = mt->unusable >= 1.0 && mt->free > 0 ? TUI_R_FAIL : TUI_R_TEXT;
	tui_cells_text(b, x, y, 42, TUI_R_TEXT, 0, line);
	if (role == TUI_R_FAIL)
		for (i = 36; i < 42; i++)
			if (x + i < b->w)
				b->c[(size_t)y * (size_t)b->w +
				    (size_t)(x + i)].role = TUI_R_FAIL;
}

int
tui_meter_render(struct tui_cells *b, int x, int y, int w, int h,
    const struct tui_model *m, const struct tui_view *v)
{
	struct cma_metrics mt;
	char s[16];
	int gw = w - 9 - 2 - 43, bank, r, row = 0;
	int all = h >= tui_meter_rows(m);

	if (gw < 4)
		gw = 4;
	if (gw > 40)
		gw = 40;
	tui_cells_printf(b, x, y, w, TUI_R_HEAD, TUI_A_BOLD,
	    "%-9s%-*s   USED/TOTAL  LARGEST HOLES CHUNKS", "NAME", gw + 2,
	    "USED");
	tui_cells_printf(b, x + 9 + gw + 2 + 36, y, 7, TUI_R_HEAD, TUI_A_BOLD,
	    "U(%s)", tui_meter_size(v->s, s, sizeof s));
	row++;
	for (bank = 0; bank < m->board->nbanks && row < h; bank++) {
		tui_meter_bank(m, bank, v->s, &mt);
		tui_meter_row(b, x, y + row++, w, gw,
		    m->board->banks[bank].name, 0, &mt, 1, v);
		for (r = 0; all && r < m->nregions && row < h; r++) {
			if (m->regions[r].bank != bank)
				continue;
			tui_meter_region(m, r, v->s, &mt);
			tui_meter_row(b, x, y + row++, w, gw,
			    m->regions[r].name, 1, &mt,
			    m->regions[r].usable, v);
		}
	}
	return row;
}
