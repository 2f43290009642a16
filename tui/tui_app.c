/*
 * Keys and ticks (see tui_app.h).  In a stored trace the position moves
 * with the stepping keys or, while playing, by `speed` events per tick;
 * paused, the loop only wakes to notice signals and draws nothing.  On a
 * mount each tick polls the generation file, and a frame is drawn only
 * when it moved.
 */
#include <stdio.h>
#include <string.h>

#include "cma/allocator.h"
#include "tui_app.h"
#include "tui_curses.h"

#define TUI_IDLE_MS 500

void
tui_app_init(struct tui_app *a, struct tui_trace *t, struct tui_live *l)
{
	int i;

	memset(a, 0, sizeof *a);
	a->trace = t;
	a->live = l;
	tui_model_view_init(&a->view);
	a->view.live = l != NULL;
	a->poll_ms = 200;
	a->tick_ms = 100;
	a->dirty = 1;
	if (t != NULL) {
		const char *cur = tui_trace_allocator(t);
		const struct cma_allocator *al;

		for (i = 0; (al = cma_allocator_get(i)) != NULL; i++)
			if (strcmp(al->name, cur) == 0)
				a->alloc_idx = i + 1;
		a->view.allocator = cur;
	}
}

void
tui_app_free(struct tui_app *a)
{
	tui_cells_free(&a->cells);
}

static void
tui_app_model(struct tui_app *a)
{
	if (a->trace)
		tui_trace_model(a->trace, &a->model);
	else
		tui_live_model(a->live, &a->model);
}

static int
tui_app_bank_of(const struct tui_model *m, const struct tui_chunk *c)
{
	return c->region >= 0 && c->region < m->nregions ?
	    m->regions[c->region].bank : 0;
}

static int
tui_app_select(struct tui_app *a, int dir)
{
	const struct tui_model *m = &a->model;
	struct tui_view *v = &a->view;
	size_t i;

	tui_app_model(a);
	if (m->nchunks == 0)
		return 0;
	if (!v->has_sel)
		i = dir > 0 ? 0 : m->nchunks - 1;
	else if (dir > 0) {
		i = tui_model_lower_bound(m, v->sel + 1);
		if (i >= m->nchunks)
			return 0;
	} else {
		i = tui_model_lower_bound(m, v->sel);
		if (i == 0)
			return 0;
		i--;
	}
	v->has_sel = 1;
	v->sel = m->chunks[i].start;
	v->bank = tui_app_bank_of(m, &m->chunks[i]);
	v->scroll[v->bank] = -1;	/* follow the selection */
	return 1;
}

static int
tui_app_allocator(struct tui_app *a, int dir)
{
	struct cma_err err = { "" };
	int n = 0, idx;

	while (cma_allocator_get(n) != NULL)
		n++;
	idx = (a->alloc_idx + (dir > 0 ? 1 : n)) % (n + 1);
	if (tui_trace_set_allocator(a->trace, idx ? cma_allocator_get(idx -
	    1)->name : NULL, &err) < 0) {
		snprintf(a->msg, sizeof a->msg, "allocator: %s", err.msg);
		return 1;
	}
	a->alloc_idx = idx;
	a->view.allocator = tui_trace_allocator(a->trace);
	return 1;
}

static int
tui_app_seek(struct tui_app *a, uint64_t pos)
{
	uint64_t before = tui_trace_pos(a->trace);

	tui_trace_seek(a->trace, pos);
	return tui_trace_pos(a->trace) != before;
}

/* Keys that only mean something for a stored trace. */
static int
tui_app_trace_key(struct tui_app *a, int key)
{
	struct tui_trace *t = a->trace;
	uint64_t pos = tui_trace_pos(t);

	switch (key) {
	case ' ':
	case TUI_KEY_F1 + 4:
		a->view.playing = !a->view.playing;
		if (pos == tui_trace_events(t))
			a->view.playing = 0;
		return 1;
	case TUI_KEY_RIGHT:
	case 'l':
		a->view.playing = 0;
		tui_app_seek(a, pos + 1);
		return 1;
	case TUI_KEY_LEFT:
	case 'h':
		a->view.playing = 0;
		if (pos > 0)
			tui_app_seek(a, pos - 1);
		return 1;
	case ']':
	case 'n':
		a->view.playing = 0;
		if (tui_trace_failure(t, 1) < 0)
			snprintf(a->msg, sizeof a->msg, "no failure after "
			    "event %llu", (unsigned long long)pos);
		return 1;
	case '[':
	case 'p':
		a->view.playing = 0;
		if (tui_trace_failure(t, -1) < 0)
			snprintf(a->msg, sizeof a->msg, "no failure before "
			    "this one");
		return 1;
	case TUI_KEY_HOME:
	case 'g':
		a->view.playing = 0;
		tui_app_seek(a, 0);
		return 1;
	case TUI_KEY_END:
	case 'G':
		a->view.playing = 0;
		tui_app_seek(a, tui_trace_events(t));
		return 1;
	case '>':
		if (a->view.speed < 65536)
			a->view.speed *= 2;
		return 1;
	case '<':
		if (a->view.speed > 1)
			a->view.speed /= 2;
		return 1;
	case 'a':
	case TUI_KEY_F1 + 1:
		return tui_app_allocator(a, 1);
	case 'A':
		return tui_app_allocator(a, -1);
	}
	return 0;
}

static int
tui_app_tick(struct tui_app *a)
{
	int r;

	a->ticks++;
	if (a->live) {
		a->polls++;
		r = tui_live_poll(a->live);
		return r > 0;
	}
	if (a->view.playing) {
		uint64_t pos = tui_trace_pos(a->trace);

		tui_app_seek(a, pos + (uint64_t)a->view.speed);
		if (tui_trace_pos(a->trace) == tui_trace_events(a->trace))
			a->view.playing = 0;
		return 1;
	}
	return 0;
}

int
tui_app_key(struct tui_app *a, int key)
{
	struct tui_view *v = &a->view;
	int changed = 0;

	if (key == TUI_KEY_TICK)
		return a->dirty |= tui_app_tick(a);
	if (key == TUI_KEY_RESIZE)
		return a->dirty = 1;
	if (a->msg[0]) {
		a->msg[0] = '\0';
		changed = 1;
	}
	if (v->screen == TUI_SCREEN_HELP) {
		v->screen = TUI_SCREEN_MAIN;
		if (key == 'q' || key == TUI_KEY_F1 + 9)
			a->quit = 1;
		return a->dirty = 1;
	}
	switch (key) {
	case 'q':
	case 'Q':
	case TUI_KEY_F1 + 9:
		a->quit = 1;
		return 0;
	case '?':
	case TUI_KEY_F1:
		v->screen = TUI_SCREEN_HELP;
		changed = 1;
		break;
	case TUI_KEY_DOWN:
	case 'j':
		changed |= tui_app_select(a, 1);
		break;
	case TUI_KEY_UP:
	case 'k':
		changed |= tui_app_select(a, -1);
		break;
	case TUI_KEY_ESC:
	case 'x':
		changed |= v->has_sel;
		v->has_sel = 0;
		break;
	case TUI_KEY_TAB:
		tui_app_model(a);
		v->bank = (v->bank + 1) % a->model.board->nbanks;
		changed = 1;
		break;
	case '+':
	case '=':
	case TUI_KEY_F1 + 7:
		if (v->zoom[v->bank] < 16) {
			v->zoom[v->bank]++;
			v->scroll[v->bank] = -1;
			changed = 1;
		}
		break;
	case '-':
	case TUI_KEY_F1 + 6:
		if (v->zoom[v->bank] > 0) {
			v->zoom[v->bank]--;
			v->scroll[v->bank] = -1;
			changed = 1;
		}
		break;
	case TUI_KEY_PGDN:
	case TUI_KEY_PGUP: {
		/* half a view from where the last frame was */
		int step = a->cells.bank_view[v->bank] / 2;
		int first = a->cells.bank_first[v->bank];

		step = step > 0 ? step : 1;
		first += key == TUI_KEY_PGDN ? step : -step;
		v->scroll[v->bank] = first > 0 ? first : 0;
		changed = 1;
		break;
	}
	case 'u':
		if (v->s > 4096) {
			v->s /= 2;
			changed = 1;
		}
		break;
	case 'U':
		if (v->s < (1ull << 34)) {
			v->s *= 2;
			changed = 1;
		}
		break;
	default:
		if (a->trace)
			changed |= tui_app_trace_key(a, key);
	}
	return a->dirty |= changed;
}

int
tui_app_frame(struct tui_app *a, int w, int h)
{
	if (w != a->cells.w || h != a->cells.h || a->cells.c == NULL) {
		if (tui_cells_init(&a->cells, w, h) < 0)
			return 0;
		a->dirty = 1;
	}
	if (!a->dirty)
		return 0;
	tui_app_model(a);
	if (a->msg[0])
		a->model.status = a->msg;
	tui_screen_render(&a->cells, &a->model, &a->view);
	a->frames++;
	a->dirty = 0;
	return 1;
}

int
tui_app_timeout(const struct tui_app *a)
{
	if (a->live)
		return a->poll_ms;
	if (a->view.playing)
		return a->tick_ms;
	return TUI_IDLE_MS;
}

int
tui_app_run(struct tui_app *a, int ascii, int color)
{
	int w, h, key, full = 1, status = 0;

	if (tui_curses_start(&ascii, &color) < 0)
		return 1;
	a->view.ascii = ascii;
	a->view.color = color;
	while (!a->quit) {
		tui_curses_size(&w, &h);
		if (tui_app_frame(a, w, h) || full) {
			tui_curses_draw(&a->cells, full);
			full = 0;
		}
		key = tui_curses_key(tui_app_timeout(a));
		if (tui_curses_interrupted()) {
			status = 128 + tui_curses_interrupted();
			break;
		}
		if (key == TUI_KEY_RESIZE)
			full = 1;
		tui_app_key(a, key);
	}
	tui_curses_stop();
	return status;
}
