/*
 * The timeline: how the run got where it is.
 *
 * Three rows under a label column: bytes used (against the managed total)
 * and the largest free extent (against the largest region) as sparklines
 * of block elements, and a marker row with every failure and the current
 * position.  With more samples than columns each column summarises a
 * contiguous stretch: the most used, the smallest largest-free, any
 * failure; with fewer, one sample per column from the left.
 */
#include <stdio.h>

#include "tui.h"

#define TUI_TIMELINE_LABEL 8	/* columns of the row labels */
#define LW TUI_TIMELINE_LABEL

static uint32_t
tui_timeline_spark(const struct tui_view *v, double f)
{
	static const uint32_t blocks[8] = { 0x2581, 0x2582, 0x2583, 0x2584,
		0x2585, 0x2586, 0x2587, 0x2588 };
	static const char ascii[8] = { '_', '.', ',', '-', '=', '+', '*',
		'#' };
	int i;

	if (f <= 0)
		return ' ';
	i = (int)(f * 8.0);
	if (i > 7)
		i = 7;
	return v->ascii ? (uint32_t)ascii[i] : blocks[i];
}

void
tui_timeline_render(struct tui_cells *b, int x, int y, int w,
    const struct tui_model *m, const struct tui_view *v)
{
	uint64_t total = 0, biggest = 0;
	int cw = w - TUI_TIMELINE_LABEL, c, r;
	size_t n = m->nsamples;

	for (r = 0; r < m->nregions; r++)
		if (m->regions[r].usable) {
			total += m->regions[r].size;
			if (m->regions[r].size > biggest)
				biggest = m->regions[r].size;
		}
	tui_cells_text(b, x, y, TUI_TIMELINE_LABEL, TUI_R_DIM, 0, "used");
	tui_cells_text(b, x, y + 1, LW, TUI_R_DIM, 0, "largest");
	tui_cells_text(b, x, y + 2, TUI_TIMELINE_LABEL, TUI_R_DIM, 0,
	    v->live ? "gen" : "events");
	if (cw < 1 || n == 0)
		return;
	for (c = 0; c < cw; c++) {
		size_t lo, hi, i;
		uint64_t used = 0, largest = UINT64_MAX;
		int fail = 0, here = 0;

		if (n <= (size_t)cw) {
			if ((size_t)c >= n)
				break;
			lo = (size_t)c;
			hi = lo + 1;
		} else {
			lo = (size_t)c * n / (size_t)cw;
			hi = (size_t)(c + 1) * n / (size_t)cw;
		}
		for (i = lo; i < hi; i++) {
			const struct tui_sample *s = &m->samples[i];

			if (s->used > used)
				used = s->used;
			if (s->largest < largest)
				largest = s->largest;
			fail |= s->fail;
		}
		if (m->cursor >= 0 && (size_t)m->cursor >= lo &&
		    (size_t)m->cursor < hi)
			here = 1;
		tui_cells_put(b, x + LW + c, y, tui_timeline_spark(v, total ?
		    (double)used / (double)total : 0), TUI_R_GAUGE, 0);
		tui_cells_put(b, x + LW + c, y + 1, tui_timeline_spark(v,
		    biggest ? (double)largest / (double)biggest : 0),
		    TUI_R_FREE, 0);
		if (here)
			tui_cells_put(b, x + TUI_TIMELINE_LABEL + c, y + 2,
			    v->ascii ? '^' : 0x25b2, TUI_R_CURSOR, TUI_A_BOLD);
		else if (fail)
			tui_cells_put(b, x + TUI_TIMELINE_LABEL + c, y + 2, '!',
			    TUI_R_FAIL, TUI_A_BOLD);
		else
			tui_cells_put(b, x + TUI_TIMELINE_LABEL + c, y + 2,
			    v->ascii ? '-' : 0x2500, TUI_R_DIM, 0);
	}
}
