/*
 * The whole screen, laid out from the terminal's size.
 *
 * From the top: a title line (what is shown, the position, play state);
 * the bank maps, stacked, sharing one scale chosen so every bank fits;
 * the legend; the meter table (banks only when rows are short); the
 * timeline; the event at the position; the selected chunk; the
 * function-key bar.  Below TUI_MIN_W x TUI_MIN_H only a message saying so
 * is drawn.  `?` replaces all of it with the help screen.
 *
 * Everything lands in the cell buffer; nothing here touches a terminal.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "tui.h"

static const char *const tui_screen_help_text[] = {
	"cma top: the fragmentation viewer",
	"",
	"  Space F5   play / pause           >  <    play faster / slower",
	"  Right l    step forward           Left h  step back",
	"  ]  n       next failure           [  p    previous failure",
	"  Home g     jump to the start      End G   jump to the end",
	"  a F2  A    next / previous allocator, same trace and position",
	"  Down j     select the next chunk  Up k    the previous chunk",
	"  Esc x      clear the selection    Tab     zoom the other bank",
	"  + F8       zoom in                - F7    zoom out",
	"  PgDn PgUp  scroll a zoomed bank (selecting follows the chunk again)",
	"  u  U       halve / double the size s of U(s)",
	"  ? F1       this help              q F10   quit",
	"",
	"A cell is a fixed number of pages: the colour (or glyph) of the",
	"device whose chunk covers most of it, a half block when partly",
	"used, a dot when free; the reserved range is hatched.",
	"U(s): the share of free memory in holes smaller than s.",
	"A failure is 'capacity' when no candidate region had that many",
	"free bytes, 'fragmentation' when they were free but not in one piece.",
	NULL
};

static void
tui_screen_help(struct tui_cells *b)
{
	int i;

	for (i = 0; tui_screen_help_text[i] != NULL && i < b->h; i++)
		tui_cells_text(b, 2, i + 1, b->w - 3, i == 0 ? TUI_R_HEAD :
		    TUI_R_TEXT, i == 0 ? TUI_A_BOLD : 0,
		    tui_screen_help_text[i]);
}

static void
tui_screen_too_small(struct tui_cells *b)
{
	char line[96];
	int y = b->h / 2 - 1;

	snprintf(line, sizeof line, "terminal too small: %dx%d", b->w, b->h);
	tui_cells_text(b, 0, y < 0 ? 0 : y, b->w, TUI_R_FAIL, TUI_A_BOLD,
	    line);
	snprintf(line, sizeof line, "need %dx%d; q quits", TUI_MIN_W,
	    TUI_MIN_H);
	tui_cells_text(b, 0, y + 1, b->w, TUI_R_TEXT, 0, line);
}

static void
tui_screen_title(struct tui_cells *b, const struct tui_model *m,
    const struct tui_view *v)
{
	char right[160];
	int rw;

	tui_cells_fill(b, 0, 0, b->w, ' ', TUI_R_TITLE, TUI_A_REVERSE);
	if (v->live)
		snprintf(right, sizeof right, " %s ", m->position ?
		    m->position : "");
	else
		snprintf(right, sizeof right, " %s  %s x%d ", m->position ?
		    m->position : "", v->playing ? "playing" : "paused",
		    v->speed);
	rw = (int)strlen(right);
	if (rw > b->w / 2)
		rw = b->w / 2;
	/* the position wins over the title when space is short */
	tui_cells_text(b, b->w - rw, 0, rw, TUI_R_TITLE, TUI_A_REVERSE,
	    right);
	tui_cells_printf(b, 0, 0, b->w - rw - 1, TUI_R_TITLE,
	    TUI_A_REVERSE | TUI_A_BOLD, " cma top  %s", m->title ? m->title :
	    "");
}

static void
tui_screen_selection(struct tui_cells *b, int y, const struct tui_model *m,
    const struct tui_view *v)
{
	char sz[16], rq[16];
	long i = v->has_sel ? tui_model_find(m, v->sel) : -1;
	const struct tui_chunk *c;

	if (i < 0) {
		tui_cells_text(b, 0, y, b->w, TUI_R_DIM, 0, v->has_sel ?
		    "selected chunk is gone" :
		    "no chunk selected (Down/Up select one)");
		return;
	}
	c = &m->chunks[i];
	tui_cells_printf(b, 0, y, b->w, TUI_R_TEXT, 0,
	    "chunk %s%s%s  0x%" PRIx64 "-0x%" PRIx64 "  %s (asked %s)  %s  "
	    "age %" PRIu64 " %s", m->names[c->dev], c->kind != TUI_NONE ?
	    "/" : "", c->kind != TUI_NONE ? m->names[c->kind] : "", c->start,
	    c->start + c->size - 1, tui_meter_size(c->size, sz, sizeof sz),
	    tui_meter_size(c->requested, rq, sizeof rq), c->region >= 0 &&
	    c->region < m->nregions ? m->regions[c->region].name : "?",
	    m->now >= c->born ? m->now - c->born : 0,
	    m->age_unit ? m->age_unit : "");
}

static void
tui_screen_keybar(struct tui_cells *b, int y, const struct tui_view *v)
{
	static const char *const trace_keys[] = { "F1", "Help", "F2", "Alloc",
		"F5", "Play", "\xe2\x86\x90\xe2\x86\x92", "Step", "[]", "Fail",
		"F7F8", "Zoom", "F10", "Quit", NULL };
	static const char *const trace_ascii[] = { "F1", "Help", "F2",
		"Alloc", "F5", "Play", "<-->", "Step", "[]", "Fail", "F7F8",
		"Zoom", "F10", "Quit", NULL };
	static const char *const live_keys[] = { "F1", "Help", "Up/Dn",
		"Select", "Tab", "Bank", "F7F8", "Zoom", "u/U", "U(s)", "F10",
		"Quit", NULL };
	const char *const *k = v->live ? live_keys : v->ascii ? trace_ascii :
	    trace_keys;
	int x = 0, i;

	tui_cells_fill(b, 0, y, b->w, ' ', TUI_R_KEYLABEL, 0);
	for (i = 0; k[i] != NULL && x < b->w; i += 2) {
		x += tui_cells_text(b, x, y, b->w - x, TUI_R_KEY,
		    TUI_A_BOLD, k[i]);
		x += tui_cells_printf(b, x, y, b->w - x, TUI_R_KEYLABEL,
		    TUI_A_REVERSE, "%s", k[i + 1]);
		if (i == 2 && !v->live && v->allocator)
			x += tui_cells_printf(b, x, y, b->w - x,
			    TUI_R_KEYLABEL, TUI_A_REVERSE, ":%s",
			    v->allocator);
		x += tui_cells_text(b, x, y, b->w - x, TUI_R_TEXT, 0, " ");
	}
}

void
tui_screen_render(struct tui_cells *b, const struct tui_model *m,
    const struct tui_view *v)
{
	int w = b->w, h = b->h, mrows, fixed, maph, y, bank, minmap = 0;
	uint64_t ppc;

	tui_cells_clear(b);
	if (w < TUI_MIN_W || h < TUI_MIN_H) {
		tui_screen_too_small(b);
		return;
	}
	if (v->screen == TUI_SCREEN_HELP) {
		tui_screen_help(b);
		tui_screen_keybar(b, h - 1, v);
		return;
	}
	for (bank = 0; bank < m->board->nbanks; bank++)
		minmap += tui_bank_rows(m, bank, w, 1ull << 40);
	mrows = tui_meter_rows(m);
	fixed = 1 + 1 + mrows + TUI_TIMELINE_ROWS + 2 + 1;
	if (h - fixed < minmap) {
		mrows = 1 + m->board->nbanks;
		fixed = 1 + 1 + mrows + TUI_TIMELINE_ROWS + 2 + 1;
	}
	maph = h - fixed;
	tui_screen_title(b, m, v);
	ppc = tui_bank_fit(m, w, maph);
	y = 1;
	for (bank = 0; bank < m->board->nbanks; bank++) {
		int rows = tui_bank_rows(m, bank, w, ppc);

		if (rows > 1 + maph - y)
			rows = 1 + maph - y;
		tui_bank_render(b, 0, y, w, rows, m, v, bank, ppc);
		y += rows;
	}
	y = 1 + maph;
	tui_bank_legend(b, 0, y++, w, m, v);
	tui_meter_render(b, 0, y, w, mrows, m, v);
	y += mrows;
	tui_timeline_render(b, 0, y, w, m, v);
	y += TUI_TIMELINE_ROWS;
	tui_cells_text(b, 0, y++, w, TUI_R_TEXT, 0, m->status ? m->status :
	    "");
	tui_screen_selection(b, y++, m, v);
	tui_screen_keybar(b, h - 1, v);
}
