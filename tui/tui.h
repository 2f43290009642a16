/*
 * The fragmentation viewer's pure half: a cell buffer, the model it shows
 * and the renderer that turns one into the other.  Nothing here knows about
 * curses, files or the trace store: `cma top` builds a model from a stored
 * trace (tui_trace.h) or a mounted workbench (tui_live.h), renders it into
 * a cell buffer, and tui_curses.c copies the buffer to the terminal.  The
 * unit tests and the benchmark call the renderer directly.
 *
 * Layout of the structs:
 *
 *	tui_cell	one screen position: a Unicode code point, a role
 *			(what it shows: free memory, a device's chunk, a
 *			border...; the terminal layer maps roles to colours
 *			or to monochrome attributes) and attribute flags
 *	tui_cells	w x h cells, row-major, plus scratch space the
 *			renderer reuses from frame to frame
 *	tui_region	a placed region: name, extent, bank, allocator
 *	tui_chunk	a live chunk: extent (what the region gave), the
 *			requested size, device and kind (indices into the
 *			model's name table), region, and the position at
 *			which it was allocated (for its age)
 *	tui_sample	one point of the timeline: bytes used and the largest
 *			free extent after an event, and whether it failed
 *	tui_model	the board, its regions, the live chunks sorted by
 *			address, the names, the timeline, and the texts of
 *			the title and status lines
 *	tui_view	how to look at it: glyph set, colour, per-bank zoom
 *			and scroll, the selected chunk, the size U(s) is
 *			taken for, and which screen (main or help) is up
 *
 * tui_cells also says, after a frame, which rows of each bank map it
 * showed, so the scroll keys can move from there.
 */
#ifndef CMA_TUI_H
#define CMA_TUI_H

#include <stddef.h>
#include <stdint.h>

#include "cma/board.h"
#include "cma/metrics.h"
#include "cma/param.h"

/* ---- cells ---- */

enum tui_role {
	TUI_R_TEXT,
	TUI_R_DIM,
	TUI_R_TITLE,		/* the top line */
	TUI_R_HEAD,		/* bank headers, table headers */
	TUI_R_BORDER,
	TUI_R_FREE,
	TUI_R_RESERVED,
	TUI_R_FAIL,
	TUI_R_CURSOR,		/* the timeline's position marker */
	TUI_R_KEY,		/* function-key bar: the key */
	TUI_R_KEYLABEL,		/* function-key bar: what it does */
	TUI_R_GAUGE,
	TUI_R_DEV,		/* TUI_R_DEV + style: a device's chunks */
	TUI_R_COUNT = TUI_R_DEV + 6
};

#define TUI_NSTYLES	6	/* device styles: colours or glyphs */

#define TUI_A_REVERSE	0x1
#define TUI_A_BOLD	0x2

struct tui_cell {
	uint32_t ch;
	uint8_t	 role;
	uint8_t	 attr;
};

struct tui_cells {
	int		 w, h;
	struct tui_cell *c;
	/* renderer scratch, sized with the buffer */
	uint32_t	*used;		/* pages in use per map cell */
	uint32_t	*best;		/* dominant chunk per map cell */
	uint32_t	*bestpages;
	size_t		 nscratch;
	/* what the last frame showed of each bank map: its first body row
	 * and how many rows it had (the scroll keys start from there) */
	int		 bank_first[CMA_BOARD_MAX_BANKS];
	int		 bank_view[CMA_BOARD_MAX_BANKS];
};

int  tui_cells_init(struct tui_cells *b, int w, int h);
void tui_cells_free(struct tui_cells *b);
void tui_cells_clear(struct tui_cells *b);
void tui_cells_put(struct tui_cells *b, int x, int y, uint32_t ch, int role,
    int attr);
/* UTF-8 text from (x, y), at most maxw cells (clipped at the edge);
 * returns the cells written. */
int  tui_cells_text(struct tui_cells *b, int x, int y, int maxw, int role,
    int attr, const char *s);
int  tui_cells_printf(struct tui_cells *b, int x, int y, int maxw, int role,
    int attr, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
void tui_cells_fill(struct tui_cells *b, int x, int y, int w, uint32_t ch,
    int role, int attr);
/* Row y as UTF-8 with trailing blanks cut (tests, dumps). */
void tui_cells_row(const struct tui_cells *b, int y, char *buf, size_t len);
/* Code points to UTF-8; returns the bytes written (at most 4). */
int  tui_cells_utf8(uint32_t cp, char *out);

/* ---- model ---- */

struct tui_region {
	char	 name[CMA_BOARD_NAME_MAX];
	uint64_t start, size;
	int	 bank;
	int	 usable;
	char	 allocator[16];
};

struct tui_chunk {
	uint64_t start, size;	/* the extent the region gave */
	uint64_t requested;
	uint64_t born;		/* position (event or generation) */
	uint32_t dev, kind;	/* name indices; kind TUI_NONE if none */
	int	 region;
};

#define TUI_NONE	UINT32_MAX

struct tui_sample {
	uint64_t used;
	uint64_t largest;
	int	 fail;
};

struct tui_model {
	const struct cma_board	*board;
	int			 nregions;
	const struct tui_region	*regions;
	const struct tui_chunk	*chunks;	/* sorted by start */
	size_t			 nchunks;
	const char *const	*names;		/* devices and kinds */
	size_t			 nnames;
	const struct tui_sample	*samples;	/* oldest first */
	size_t			 nsamples;
	long			 cursor;	/* sample at the position, -1 */
	uint64_t		 now;		/* for ages */
	const char		*age_unit;	/* "events", "generations" */
	const char		*title;		/* left of the top line */
	const char		*position;	/* right of the top line */
	const char		*status;	/* the event at the position */
};

struct cma;
/* The regions of a framework as the viewer draws them; returns how many. */
int tui_model_regions(struct cma *cma, struct tui_region *out);

/* The style (colour/glyph) of a device name: stable, a hash. */
int tui_model_style(const char *name);

/* Index of the first chunk starting at or after addr. */
size_t tui_model_lower_bound(const struct tui_model *m, uint64_t addr);
/* The chunk starting exactly at addr, or -1. */
long tui_model_find(const struct tui_model *m, uint64_t addr);

/* ---- names (tui_names.c): interned device, kind and region-list
 * strings, so chunks carry a 32-bit index instead of a string ---- */

struct tui_names {
	char	 **v;
	size_t	   n, cap;
	uint32_t  *slot;	/* hash table of index + 1; 0 = empty */
	size_t	   nslot;	/* a power of two */
};

void	 tui_names_init(struct tui_names *t);
void	 tui_names_free(struct tui_names *t);
/* The index of s, adding it when new; TUI_NONE for NULL. */
uint32_t tui_names_intern(struct tui_names *t, const char *s);

/* ---- view ---- */

enum tui_screen_kind { TUI_SCREEN_MAIN, TUI_SCREEN_HELP };

struct tui_view {
	int	 ascii;		/* only ASCII glyphs */
	int	 color;		/* colours; else glyphs tell devices apart */
	int	 live;		/* live mode: no stepping keys */
	int	 playing;
	int	 speed;		/* events per tick while playing */
	int	 screen;
	int	 bank;		/* the bank zoom keys act on */
	int	 zoom[CMA_BOARD_MAX_BANKS];	/* 0 = fit, n = 2^n finer */
	int	 scroll[CMA_BOARD_MAX_BANKS];	/* first row; -1: follow
						 * the selected chunk */
	int	 has_sel;
	uint64_t sel;		/* start of the selected chunk */
	uint64_t s;		/* request size for U(s) */
	const char *allocator;	/* shown in the key bar */
};

void tui_model_view_init(struct tui_view *v);

/* ---- meters (tui_meter.c): metrics from the chunk list ---- */

/* A region's figures (-1 if unusable: zeroed), and a bank's over its
 * usable regions, from the model's chunks, as cma_metrics_* would give
 * them from the allocators' free extents. */
int  tui_meter_region(const struct tui_model *m, int r, uint64_t s,
    struct cma_metrics *out);
void tui_meter_bank(const struct tui_model *m, int bank, uint64_t s,
    struct cma_metrics *out);
/* "20.5M", "512K", "1.5G", "0": at most 6 characters. */
const char *tui_meter_size(uint64_t v, char *buf, size_t len);
int  tui_meter_render(struct tui_cells *b, int x, int y, int w, int h,
    const struct tui_model *m, const struct tui_view *v);
/* Rows the meter table wants (header + banks + regions). */
int  tui_meter_rows(const struct tui_model *m);

/* ---- bank maps (tui_bank.c) ---- */

/* Rows bank `bank` needs at `ppc` pages per cell with `w` columns
 * (header line included). */
int  tui_bank_rows(const struct tui_model *m, int bank, int w, uint64_t ppc);
/* The smallest number of pages per cell at which every bank fits in `h`
 * rows of `w` columns. */
uint64_t tui_bank_fit(const struct tui_model *m, int w, int h);
void tui_bank_render(struct tui_cells *b, int x, int y, int w, int h,
    const struct tui_model *m, const struct tui_view *v, int bank,
    uint64_t ppc);
/* One line naming the devices on screen and what the glyphs mean. */
void tui_bank_legend(struct tui_cells *b, int x, int y, int w,
    const struct tui_model *m, const struct tui_view *v);

/* ---- timeline (tui_timeline.c) ---- */

#define TUI_TIMELINE_ROWS 3
void tui_timeline_render(struct tui_cells *b, int x, int y, int w,
    const struct tui_model *m, const struct tui_view *v);

/* ---- the whole screen (tui_screen.c) ---- */

#define TUI_MIN_W 70
#define TUI_MIN_H 20

void tui_screen_render(struct tui_cells *b, const struct tui_model *m,
    const struct tui_view *v);

#endif
