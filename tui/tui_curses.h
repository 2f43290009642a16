/*
 * The terminal: the only part of the viewer that talks to curses.  It
 * copies a cell buffer to the screen, reads keys with a timeout, and puts
 * the terminal back the way it was on exit, on SIGINT/SIGTERM/SIGHUP and
 * on a crash.
 */
#ifndef CMA_TUI_CURSES_H
#define CMA_TUI_CURSES_H

#include "tui.h"

/* *ascii: 1 forces ASCII; set to 1 also when the locale is not UTF-8.
 * *color: 0 forces monochrome; set to 0 also when the terminal has no
 * colours.  <0 when the terminal cannot be set up. */
int  tui_curses_start(int *ascii, int *color);
void tui_curses_stop(void);
void tui_curses_size(int *w, int *h);
/* Copy the buffer; only cells that changed since the last call unless
 * `full`. */
void tui_curses_draw(const struct tui_cells *b, int full);
/* A key (tui_app.h's codes), or TUI_KEY_TICK after timeout_ms. */
int  tui_curses_key(int timeout_ms);
/* The signal that asked to stop (SIGINT, ...), or 0. */
int  tui_curses_interrupted(void);

#endif
