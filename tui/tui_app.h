/*
 * The viewer's state machine: keys and timer ticks in, frames out.
 *
 * tui_app_key() takes a key (or TUI_KEY_TICK when the input timeout ran
 * out) and marks the frame dirty only when something visible changed;
 * tui_app_frame() renders into the cell buffer only when it is dirty or
 * the size changed, and counts the frames it rendered.  No curses here:
 * tui_app_run() drives the two with tui_curses.c, and the tests and the
 * benchmark drive them directly.
 */
#ifndef CMA_TUI_APP_H
#define CMA_TUI_APP_H

#include <stdint.h>

#include "tui.h"
#include "tui_live.h"
#include "tui_trace.h"

/* Keys: printable ASCII as themselves, the rest from here. */
enum tui_key {
	TUI_KEY_TICK = 0x110000,	/* the timeout ran out */
	TUI_KEY_RESIZE,
	TUI_KEY_UP,
	TUI_KEY_DOWN,
	TUI_KEY_LEFT,
	TUI_KEY_RIGHT,
	TUI_KEY_HOME,
	TUI_KEY_END,
	TUI_KEY_ESC,
	TUI_KEY_TAB,
	TUI_KEY_PGUP,
	TUI_KEY_PGDN,
	TUI_KEY_F1,			/* F1 .. F12 follow */
	TUI_KEY_OTHER = TUI_KEY_F1 + 12,
};

struct tui_app {
	struct tui_trace *trace;	/* exactly one of trace, live */
	struct tui_live	 *live;
	struct tui_view	  view;
	struct tui_model  model;
	struct tui_cells  cells;
	int		  dirty, quit;
	int		  alloc_idx;	/* 0: as cma=, i: registry i-1 */
	int		  poll_ms, tick_ms;
	uint64_t	  frames, polls, ticks;
	char		  msg[256];	/* replaces the status line once */
};

void tui_app_init(struct tui_app *a, struct tui_trace *t,
    struct tui_live *l);
void tui_app_free(struct tui_app *a);
/* Handle one key; returns 1 when the frame became dirty. */
int  tui_app_key(struct tui_app *a, int key);
/* Render if needed at w x h; returns 1 when a frame was rendered. */
int  tui_app_frame(struct tui_app *a, int w, int h);
/* How long to wait for a key before sending TUI_KEY_TICK. */
int  tui_app_timeout(const struct tui_app *a);
/* The terminal loop (tui_curses.c); returns the exit status. */
int  tui_app_run(struct tui_app *a, int ascii, int color);

#endif
