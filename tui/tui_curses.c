/*
 * Copying cells to a curses screen (ncursesw), and nothing else.
 *
 * Roles map to colour pairs, or to bold/dim/reverse in monochrome (no
 * colours, NO_COLOR, --no-color).  The previous frame is kept so only
 * changed cells are written; curses then sends only what differs from the
 * terminal.  Resizes arrive as KEY_RESIZE from ncurses' own SIGWINCH
 * handling.  SIGINT, SIGTERM and SIGHUP only set a flag, which the loop
 * sees when getch returns; fatal signals restore the terminal and die of
 * the same signal.
 */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "tui_app.h"
#include "tui_curses.h"

static volatile sig_atomic_t tui_stop_signal;
static volatile sig_atomic_t tui_active;
static struct tui_cell *tui_prev;
static int tui_prev_w, tui_prev_h;
static int tui_color;
static attr_t tui_role_attr[TUI_R_COUNT];
static short tui_role_pair[TUI_R_COUNT];

static void
tui_curses_on_stop(int sig)
{
	tui_stop_signal = sig;
}

static void
tui_curses_on_fatal(int sig)
{
	if (tui_active)
		endwin();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
tui_curses_signals(void)
{
	static const int stop[] = { SIGINT, SIGTERM, SIGHUP };
	static const int fatal[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL,
		SIGABRT };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: getch returns and the loop sees the flag */
	sa.sa_handler = tui_curses_on_stop;
	for (i = 0; i < sizeof stop / sizeof stop[0]; i++)
		sigaction(stop[i], &sa, NULL);
	sa.sa_handler = tui_curses_on_fatal;
	sa.sa_flags = SA_RESETHAND;
	for (i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
		sigaction(fatal[i], &sa, NULL);
}

static void
tui_curses_atexit(void)
{
	if (tui_active) {
		tui_active = 0;
		endwin();
	}
}

static void
tui_curses_roles(void)
{
	static const short dev[TUI_NSTYLES] = { COLOR_RED, COLOR_GREEN,
		COLOR_YELLOW, COLOR_BLUE, COLOR_MAGENTA, COLOR_CYAN };
	struct { int role; short fg, bg; attr_t attr, mono; } map[] = {
		{ TUI_R_TEXT, -1, -1, A_NORMAL, A_NORMAL },
		{ TUI_R_DIM, -1, -1, A_DIM, A_DIM },
		{ TUI_R_TITLE, COLOR_CYAN, -1, A_NORMAL, A_NORMAL },
		{ TUI_R_HEAD, COLOR_CYAN, -1, A_BOLD, A_BOLD },
		{ TUI_R_BORDER, COLOR_BLUE, -1, A_NORMAL, A_DIM },
		{ TUI_R_FREE, -1, -1, A_DIM, A_DIM },
		{ TUI_R_RESERVED, COLOR_WHITE, -1, A_DIM, A_DIM },
		{ TUI_R_FAIL, COLOR_RED, -1, A_BOLD, A_BOLD },
		{ TUI_R_CURSOR, COLOR_YELLOW, -1, A_BOLD, A_BOLD },
		{ TUI_R_KEY, -1, -1, A_BOLD, A_BOLD },
		{ TUI_R_KEYLABEL, COLOR_CYAN, -1, A_NORMAL,
		    A_NORMAL },
		{ TUI_R_GAUGE, COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
	};
	size_t i;
	short pair = 1;

	for (i = 0; i < sizeof map / sizeof map[0]; i++) {
		int r = map[i].role;

		tui_role_attr[r] = tui_color ? map[i].attr : map[i].mono;
		tui_role_pair[r] = 0;
		if (tui_color && (map[i].fg >= 0 || map[i].bg >= 0) &&
		    pair < COLOR_PAIRS) {
			init_pair(pair, map[i].fg, map[i].bg);
			tui_role_pair[r] = pair++;
		}
	}
	for (i = 0; i < TUI_NSTYLES; i++) {
		int r = TUI_R_DEV + (int)i;

		tui_role_attr[r] = A_NORMAL;
		tui_role_pair[r] = 0;
		if (tui_color && pair < COLOR_PAIRS) {
			init_pair(pair, dev[i], -1);
			tui_role_pair[r] = pair++;
		}
	}
}

int
tui_curses_start(int *ascii, int *color)
{
	const char *nc = getenv("NO_COLOR");

	setlocale(LC_ALL, "");
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		*ascii = 1;
	tui_curses_signals();
	if (getenv("ESCDELAY") == NULL)
		set_escdelay(25);
	if (initscr() == NULL)
		return -1;
	tui_active = 1;
	atexit(tui_curses_atexit);
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	curs_set(0);
	if (nc != NULL && nc[0] != '\0')
		*color = 0;
	if (*color && has_colors()) {
		start_color();
		use_default_colors();
	} else
		*color = 0;
	tui_color = *color;
	tui_curses_roles();
	return 0;
}

void
tui_curses_stop(void)
{
	if (tui_active) {
		tui_active = 0;
		endwin();
	}
	free(tui_prev);
	tui_prev = NULL;
}

void
tui_curses_size(int *w, int *h)
{
	getmaxyx(stdscr, *h, *w);
}

void
tui_curses_draw(const struct tui_cells *b, int full)
{
	size_t n = (size_t)b->w * (size_t)b->h, i;
	int x, y;

	if (full || tui_prev == NULL || tui_prev_w != b->w ||
	    tui_prev_h != b->h) {
		free(tui_prev);
		tui_prev = calloc(n, sizeof *tui_prev);
		tui_prev_w = b->w;
		tui_prev_h = b->h;
		full = 1;
		erase();
	}
	for (y = 0; y < b->h; y++)
		for (x = 0; x < b->w; x++) {
			const struct tui_cell *c = &b->c[(size_t)y *
			    (size_t)b->w + (size_t)x];
			wchar_t wc[2] = { (wchar_t)c->ch, 0 };
			attr_t at;
			cchar_t cc;

			i = (size_t)y * (size_t)b->w + (size_t)x;
			if (!full && tui_prev != NULL &&
			    memcmp(&tui_prev[i], c, sizeof *c) == 0)
				continue;
			if (tui_prev != NULL)
				tui_prev[i] = *c;
			at = tui_role_attr[c->role < TUI_R_COUNT ? c->role : 0];
			if (c->attr & TUI_A_REVERSE)
				at |= A_REVERSE;
			if (c->attr & TUI_A_BOLD)
				at |= A_BOLD;
			setcchar(&cc, wc, at, tui_role_pair[c->role <
			    TUI_R_COUNT ? c->role : 0], NULL);
			mvadd_wch(y, x, &cc);
		}
	refresh();
}

int
tui_curses_key(int timeout_ms)
{
	int k;

	timeout(timeout_ms);
	k = getch();
	switch (k) {
	case ERR:
		return TUI_KEY_TICK;
	case KEY_RESIZE:
		return TUI_KEY_RESIZE;
	case KEY_UP:
		return TUI_KEY_UP;
	case KEY_DOWN:
		return TUI_KEY_DOWN;
	case KEY_LEFT:
		return TUI_KEY_LEFT;
	case KEY_RIGHT:
		return TUI_KEY_RIGHT;
	case KEY_HOME:
		return TUI_KEY_HOME;
	case KEY_END:
		return TUI_KEY_END;
	case KEY_PPAGE:
		return TUI_KEY_PGUP;
	case KEY_NPAGE:
		return TUI_KEY_PGDN;
	case 27:
		return TUI_KEY_ESC;
	case '\t':
		return TUI_KEY_TAB;
	}
	if (k >= KEY_F(1) && k <= KEY_F(12))
		return TUI_KEY_F1 + (k - KEY_F(1));
	if (k >= 0 && k < 128)
		return k;
	return TUI_KEY_OTHER;
}

int
tui_curses_interrupted(void)
{
	return tui_stop_signal;
}
