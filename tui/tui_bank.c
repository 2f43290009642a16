/*
 * Bank maps: each bank of the board drawn as an address map.
 *
 * A bank is a header line and then its items in address order: a reserved
 * range (the kernel) is one hatched, labelled line; a region is a block of
 * rows of cells, framed by a bar on each side, its name, size and
 * allocator in the gutter on the left.  Every cell of a bank stands for
 * the same number of pages (the header says how many: the smallest that
 * lets every bank fit), so
 * sizes compare across regions; memory that belongs to no region and no
 * reserved range is left out (it is not managed, and on goni it would take
 * most of the screen).
 *
 * A cell shows the chunk that covers most of it, in the colour (or, in
 * monochrome, the glyph) of that chunk's device; a cell only partly used
 * gets a half glyph, a free cell a dot, so holes stay visible however
 * coarse the scale.  The selected chunk's cells are drawn reversed.
 *
 * Zooming a bank halves its pages per cell (rounding up); the bank keeps
 * the rows it had at the fitting scale and scrolls to keep the selected
 * chunk in view, unless the view asks for a row of its own (PgUp/PgDn).
 * Work per frame is linear in the visible cells plus the chunks they hold.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

#define TUI_BANK_GUTTER 8
#define PG ((uint64_t)CMA_PAGE_SIZE)

struct tui_bank_item {
	uint64_t start, size;
	int	 region;	/* -1: a reserved range */
	int	 reserved;
};

static int
tui_bank_item_cmp(const void *a, const void *b)
{
	const struct tui_bank_item *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static int
tui_bank_items(const struct tui_model *m, int bank, struct tui_bank_item *it)
{
	const struct cma_board *bd = m->board;
	int n = 0, i;

	for (i = 0; i < bd->nreserved; i++) {
		const struct cma_range *r = &bd->reserved[i];
		uint64_t bs = bd->banks[bank].start;
		uint64_t be = bs + bd->banks[bank].size;

		if (r->start < be && r->start + r->size > bs) {
			it[n].start = r->start;
			it[n].size = r->size;
			it[n].region = -1;
			it[n].reserved = i;
			n++;
		}
	}
	for (i = 0; i < m->nregions; i++)
		if (m->regions[i].bank == bank) {
			it[n].start = m->regions[i].start;
			it[n].size = m->regions[i].size;
			it[n].region = i;
			it[n].reserved = -1;
			n++;
		}
	qsort(it, (size_t)n, sizeof *it, tui_bank_item_cmp);
	return n;
}

static uint64_t
tui_bank_div_up(uint64_t a, uint64_t b)
{
	return a / b + (a % b != 0);
}

static int
tui_bank_item_rows(const struct tui_model *m, const struct tui_bank_item *it,
    int cw, uint64_t ppc)
{
	uint64_t cells;

	if (it->region < 0 || !m->regions[it->region].usable)
		return 1;
	cells = tui_bank_div_up(tui_bank_div_up(it->size, PG), ppc);
	return (int)(tui_bank_div_up(cells, (uint64_t)cw) > 100000 ? 100000 :
	    tui_bank_div_up(cells, (uint64_t)cw));
}

int
tui_bank_rows(const struct tui_model *m, int bank, int w, uint64_t ppc)
{
	struct tui_bank_item it[CMA_BOARD_MAX_RESERVED + CMA_MAX_REGIONS];
	int n = tui_bank_items(m, bank, it), rows = 1, i;
	int cw = w - TUI_BANK_GUTTER - 2;

	if (cw < 1)
		cw = 1;
	for (i = 0; i < n; i++)
		rows += tui_bank_item_rows(m, &it[i], cw, ppc);
	return rows;
}

uint64_t
tui_bank_fit(const struct tui_model *m, int w, int h)
{
	uint64_t lo = 1, hi = 1ull << 40;
	int b, rows;

	/* rows only shrink as cells grow: the smallest scale that fits */
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;

		for (rows = 0, b = 0; b < m->board->nbanks; b++)
			rows += tui_bank_rows(m, b, w, mid);
		if (rows <= h)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static const char tui_bank_mono_glyphs[TUI_NSTYLES] = { '#', '@', '%', '&', '*',
	'$' };

static uint32_t
tui_bank_glyph(const struct tui_view *v, int style)
{
	if (!v->color)
		return (uint32_t)tui_bank_mono_glyphs[style];
	return v->ascii ? '#' : 0x2588;		/* █ */
}

/* One row of a region's cells: cells [c0, c0 + n) of region r. */
static void
tui_bank_region_row(struct tui_cells *b, int x, int y,
    const struct tui_model *m, const struct tui_view *v, int r, uint64_t ppc,
    uint64_t c0, int n)
{
	const struct tui_region *rg = &m->regions[r];
	uint64_t pages = rg->size / PG;
	uint64_t a0 = rg->start + c0 * ppc * PG;
	uint64_t a1 = rg->start + (c0 + (uint64_t)n) * ppc * PG;
	uint32_t *used = b->used, *best = b->best, *bp = b->bestpages;
	uint64_t sel0 = 0, sel1 = 0;
	size_t i;
	long si;
	int k;

	if (v->has_sel && (si = tui_model_find(m, v->sel)) >= 0) {
		sel0 = m->chunks[si].start;
		sel1 = sel0 + m->chunks[si].size;
	}

	if (a1 > rg->start + rg->size)
		a1 = rg->start + rg->size;
	for (k = 0; k < n; k++) {
		used[k] = 0;
		bp[k] = 0;
		best[k] = UINT32_MAX;
	}
	i = tui_model_lower_bound(m, a0);
	if (i > 0 && m->chunks[i - 1].start + m->chunks[i - 1].size > a0 &&
	    m->chunks[i - 1].start >= rg->start)
		i--;
	for (; i < m->nchunks && m->chunks[i].start < a1; i++) {
		const struct tui_chunk *c = &m->chunks[i];
		uint64_t s = c->start > a0 ? c->start : a0;
		uint64_t e = c->start + c->size < a1 ? c->start + c->size : a1;
		uint64_t ps = (s - rg->start) / PG, pe = (e - rg->start) / PG;
		uint64_t cell;

		for (cell = ps / ppc; cell * ppc < pe; cell++) {
			uint64_t lo = cell * ppc > ps ? cell * ppc : ps;
			uint64_t hi = (cell + 1) * ppc < pe ? (cell + 1) * ppc :
			    pe;
			size_t at = (size_t)(cell - c0);

			used[at] += (uint32_t)(hi - lo);
			if (hi - lo > bp[at]) {
				bp[at] = (uint32_t)(hi - lo);
				best[at] = (uint32_t)i;
			}
		}
	}
	for (k = 0; k < n; k++) {
		uint64_t cell = c0 + (uint64_t)k;
		uint64_t cap = pages - cell * ppc < ppc ? pages - cell * ppc :
		    ppc;
		uint32_t ch;
		int role, attr = 0;

		if (used[k] == 0) {
			ch = v->ascii ? '.' : 0xb7;	/* · */
			role = TUI_R_FREE;
		} else {
			const struct tui_chunk *c = &m->chunks[best[k]];
			int st = tui_model_style(m->names[c->dev]);

			role = TUI_R_DEV + st;
			if (used[k] >= cap)
				ch = tui_bank_glyph(v, st);
			else
				ch = v->ascii || !v->color ? '+' : 0x258c;
		}
		if (sel1 > sel0) {
			uint64_t cs = rg->start + cell * ppc * PG;

			if (sel0 < cs + cap * PG && sel1 > cs)
				attr = TUI_A_REVERSE;
		}
		tui_cells_put(b, x + k, y, ch, role, attr);
	}
}

/* The body line `row` of item `it` (row 0 is its first). */
static void
tui_bank_item_line(struct tui_cells *b, int x, int y, int w,
    const struct tui_model *m, const struct tui_view *v,
    const struct tui_bank_item *it, int row, uint64_t ppc)
{
	uint32_t bar = v->ascii ? '|' : 0x2502;		/* │ */
	int cw = w - TUI_BANK_GUTTER - 2;
	char sz[16], line[160];

	tui_cells_put(b, x + TUI_BANK_GUTTER, y, bar, TUI_R_BORDER, 0);
	tui_cells_put(b, x + TUI_BANK_GUTTER + 1 + cw, y, bar, TUI_R_BORDER, 0);
	if (it->region < 0) {
		const struct cma_range *r = &m->board->reserved[it->reserved];

		tui_cells_printf(b, x, y, TUI_BANK_GUTTER - 1,
		    TUI_R_RESERVED, 0, "%s", r->name);
		/* ░ */
		tui_cells_fill(b, x + TUI_BANK_GUTTER + 1, y, cw,
		    v->ascii ? ':' : 0x2591, TUI_R_RESERVED, 0);
		snprintf(line, sizeof line, " reserved 0x%" PRIx64 "-0x%"
		    PRIx64 " %s ", r->start, r->start + r->size - 1,
		    tui_meter_size(r->size, sz, sizeof sz));
		tui_cells_text(b, x + TUI_BANK_GUTTER + 3, y, cw - 4,
		    TUI_R_RESERVED, TUI_A_BOLD, line);
		return;
	}
	{
		const struct tui_region *rg = &m->regions[it->region];
		uint64_t cells = tui_bank_div_up(tui_bank_div_up(rg->size,
		    PG), ppc);
		uint64_t c0 = (uint64_t)row * (uint64_t)cw;
		int n;

		if (row == 0)
			tui_cells_printf(b, x, y, TUI_BANK_GUTTER - 1,
			    TUI_R_HEAD, TUI_A_BOLD, "%s", rg->name);
		else if (row == 1)
			tui_cells_printf(b, x, y, TUI_BANK_GUTTER - 1,
			    TUI_R_DIM, 0, "%s", tui_meter_size(rg->size, sz,
			    sizeof sz));
		else if (row == 2 && rg->usable)
			tui_cells_printf(b, x, y, TUI_BANK_GUTTER - 1,
			    TUI_R_DIM, 0, "%s", rg->allocator);
		if (!rg->usable) {
			tui_cells_printf(b, x + TUI_BANK_GUTTER + 2, y, cw - 2,
			    TUI_R_DIM, 0, "unusable: 0x%" PRIx64 " %s",
			    rg->start, sz);
			return;
		}
		n = cells - c0 < (uint64_t)cw ? (int)(cells - c0) : cw;
		tui_bank_region_row(b, x + TUI_BANK_GUTTER + 1, y, m, v,
		    it->region, ppc, c0, n);
	}
}

void
tui_bank_render(struct tui_cells *b, int x, int y, int w, int h,
    const struct tui_model *m, const struct tui_view *v, int bank,
    uint64_t ppc_fit)
{
	struct tui_bank_item it[CMA_BOARD_MAX_RESERVED + CMA_MAX_REGIONS];
	const struct cma_range *bk = &m->board->banks[bank];
	int n = tui_bank_items(m, bank, it), cw = w - TUI_BANK_GUTTER - 2;
	int i, total = 0, first = 0, line, sel_line = -1, focus;
	uint64_t ppc = ppc_fit;
	char sz[16], cs[16], head[200];
	int z;

	if (h < 1 || cw < 1)
		return;
	for (z = v->zoom[bank]; z > 0 && ppc > 1; z--)
		ppc = (ppc + 1) / 2;
	/* where the selected chunk is, to scroll to it */
	for (i = 0; i < n; i++) {
		int rows = tui_bank_item_rows(m, &it[i], cw, ppc);

		if (v->has_sel && it[i].region >= 0 &&
		    v->sel >= it[i].start && v->sel < it[i].start +
		    it[i].size) {
			uint64_t cell = (v->sel - it[i].start) / PG / ppc;

			sel_line = total + (int)(cell / (uint64_t)cw);
		}
		total += rows;
	}
	if (total > h - 1 && v->scroll[bank] >= 0)
		first = v->scroll[bank];
	else if (total > h - 1 && sel_line >= 0)
		first = sel_line - (h - 1) / 2;
	if (first > total - (h - 1))
		first = total - (h - 1);
	if (first < 0)
		first = 0;
	b->bank_first[bank] = first;
	b->bank_view[bank] = h - 1;
	focus = v->bank == bank;
	snprintf(head, sizeof head, "%s%s 0x%" PRIx64 "-0x%" PRIx64 " %s",
	    focus ? "> " : "  ", bk->name, bk->start, bk->start + bk->size - 1,
	    tui_meter_size(bk->size, sz, sizeof sz));
	i = tui_cells_text(b, x, y, w, TUI_R_HEAD, TUI_A_BOLD, head);
	snprintf(head, sizeof head, "  1 cell = %" PRIu64 " page%s (%s)",
	    ppc, ppc == 1 ? "" : "s", tui_meter_size(ppc * PG, cs, sizeof cs));
	i += tui_cells_text(b, x + i, y, w - i, TUI_R_DIM, 0, head);
	if (v->zoom[bank] > 0 || total > h - 1) {
		snprintf(head, sizeof head, "  zoom %dx, rows %d-%d/%d",
		    1 << v->zoom[bank], first + 1, first + (h - 1 < total ?
		    h - 1 : total), total);
		tui_cells_text(b, x + i, y, w - i, TUI_R_DIM, 0, head);
	}
	line = 0;
	for (i = 0; i < n; i++) {
		int rows = tui_bank_item_rows(m, &it[i], cw, ppc), r;

		for (r = 0; r < rows; r++, line++) {
			if (line < first)
				continue;
			if (line - first >= h - 1)
				return;
			tui_bank_item_line(b, x, y + 1 + line - first, w, m, v,
			    &it[i], r, ppc);
		}
	}
}

struct tui_bank_legend_dev {
	uint32_t name;
	uint64_t bytes;
};

void
tui_bank_legend(struct tui_cells *b, int x, int y, int w,
    const struct tui_model *m, const struct tui_view *v)
{
	struct tui_bank_legend_dev dev[64];
	int n = 0, i, col = 0;
	size_t c;

	for (c = 0; c < m->nchunks; c++) {
		for (i = 0; i < n; i++)
			if (dev[i].name == m->chunks[c].dev)
				break;
		if (i == n && n < 64) {
			dev[n].name = m->chunks[c].dev;
			dev[n++].bytes = 0;
		}
	}
	/* by name, so the order does not depend on first appearance */
	for (i = 1; i < n; i++) {
		struct tui_bank_legend_dev t = dev[i];
		int j = i - 1;

		while (j >= 0 && strcmp(m->names[dev[j].name],
		    m->names[t.name]) > 0) {
			dev[j + 1] = dev[j];
			j--;
		}
		dev[j + 1] = t;
	}
	col += tui_cells_text(b, x, y, w, TUI_R_DIM, 0, v->ascii ?
	    ". free  + part used  : reserved  " :
	    "\xc2\xb7 free  \xe2\x96\x8c part used  \xe2\x96\x91 reserved  ");
	for (i = 0; i < n && col < w; i++) {
		const char *name = m->names[dev[i].name];
		int st = tui_model_style(name);

		tui_cells_put(b, x + col, y, tui_bank_glyph(v, st),
		    TUI_R_DEV + st, 0);
		col += 1;
		col += tui_cells_printf(b, x + col, y, w - col, TUI_R_TEXT, 0,
		    " %s  ", name);
	}
}
