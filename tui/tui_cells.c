/*
 * The cell buffer: what the screen will show, before any terminal is
 * involved.  A cell is a code point, a role and attribute flags; text goes
 * in as UTF-8 and is decoded to one cell per code point (the viewer only
 * writes single-width characters: Latin text, box drawing, block
 * elements).  Writes outside the buffer are dropped, so callers can clip
 * by simply drawing.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

int
tui_cells_init(struct tui_cells *b, int w, int h)
{
	size_t n = (size_t)(w > 0 ? w : 1) * (size_t)(h > 0 ? h : 1);
	struct tui_cell *c = calloc(n, sizeof *c);
	uint32_t *u = calloc(n, sizeof *u), *bs = calloc(n, sizeof *bs);
	uint32_t *bp = calloc(n, sizeof *bp);

	if (c == NULL || u == NULL || bs == NULL || bp == NULL) {
		free(c);
		free(u);
		free(bs);
		free(bp);
		return -1;
	}
	tui_cells_free(b);
	b->w = w > 0 ? w : 1;
	b->h = h > 0 ? h : 1;
	b->c = c;
	b->used = u;
	b->best = bs;
	b->bestpages = bp;
	b->nscratch = n;
	tui_cells_clear(b);
	return 0;
}

void
tui_cells_free(struct tui_cells *b)
{
	free(b->c);
	free(b->used);
	free(b->best);
	free(b->bestpages);
	memset(b, 0, sizeof *b);
}

void
tui_cells_clear(struct tui_cells *b)
{
	size_t i, n = (size_t)b->w * (size_t)b->h;

	for (i = 0; i < n; i++) {
		b->c[i].ch = ' ';
		b->c[i].role = TUI_R_TEXT;
		b->c[i].attr = 0;
	}
}

void
tui_cells_put(struct tui_cells *b, int x, int y, uint32_t ch, int role,
    int attr)
{
	struct tui_cell *c;

	if (x < 0 || y < 0 || x >= b->w || y >= b->h)
		return;
	c = &b->c[(size_t)y * (size_t)b->w + (size_t)x];
	c->ch = ch;
	c->role = (uint8_t)role;
	c->attr = (uint8_t)attr;
}

/* One code point from s; advances *s.  Bad bytes come out as '?'. */
static uint32_t
tui_cells_utf8_next(const char **s)
{
	const unsigned char *p = (const unsigned char *)*s;
	uint32_t cp;
	int n, i;

	if (p[0] < 0x80) {
		*s += 1;
		return p[0];
	}
	if ((p[0] & 0xe0) == 0xc0) {
		cp = p[0] & 0x1f;
		n = 1;
	} else if ((p[0] & 0xf0) == 0xe0) {
		cp = p[0] & 0x0f;
		n = 2;
	} else if ((p[0] & 0xf8) == 0xf0) {
		cp = p[0] & 0x07;
		n = 3;
	} else {
		*s += 1;
		return '?';
	}
	for (i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*s += i;
			return '?';
		}
		cp = cp << 6 | (p[i] & 0x3f);
	}
	*s += n + 1;
	return cp;
}

int
tui_cells_utf8(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

int
tui_cells_text(struct tui_cells *b, int x, int y, int maxw, int role,
    int attr, const char *s)
{
	int n = 0;

	while (*s && n < maxw && x + n < b->w) {
		uint32_t cp = tui_cells_utf8_next(&s);

		if (cp < 0x20)
			cp = ' ';
		tui_cells_put(b, x + n, y, cp, role, attr);
		n++;
	}
	return n;
}

int
tui_cells_printf(struct tui_cells *b, int x, int y, int maxw, int role,
    int attr, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return tui_cells_text(b, x, y, maxw, role, attr, buf);
}

void
tui_cells_fill(struct tui_cells *b, int x, int y, int w, uint32_t ch,
    int role, int attr)
{
	int i;

	for (i = 0; i < w; i++)
		tui_cells_put(b, x + i, y, ch, role, attr);
}

void
tui_cells_row(const struct tui_cells *b, int y, char *buf, size_t len)
{
	size_t o = 0, keep = 0;
	int x;

	if (len == 0)
		return;
	for (x = 0; y >= 0 && y < b->h && x < b->w; x++) {
		char u[4];
		int n = tui_cells_utf8(b->c[(size_t)y * (size_t)b->w +
		    (size_t)x].ch, u);

		if (o + (size_t)n >= len)
			break;
		memcpy(buf + o, u, (size_t)n);
		o += (size_t)n;
		if (!(n == 1 && u[0] == ' '))
			keep = o;
	}
	buf[keep] = '\0';
}
