/*
 * Reading a capture one line at a time into a fixed buffer.
 *
 * The importers must never hold the file, nor even one pathological line
 * of it: a kernel log can be gigabytes and a corrupt one can have no
 * newline at all.  So a line is read character by character into a buffer
 * of known size; what does not fit is read and dropped, and the line says
 * so (too_long) for the importer to decide whether that matters.  A NUL
 * byte in a text capture means it is not the text it claims to be; the
 * line says that too rather than being silently cut at the NUL.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "import_int.h"

void
import_line_init(struct import_line *l, FILE *in, size_t max)
{
	memset(l, 0, sizeof *l);
	l->in = in;
	l->max = max < IMPORT_LINE_MAX ? max : IMPORT_LINE_MAX;
}

int
import_line_read(struct import_line *l)
{
	int c, any = 0;

	l->len = 0;
	l->too_long = l->no_newline = l->nul = 0;
	for (;;) {
		c = getc_unlocked(l->in);
		if (c == EOF)
			break;
		any = 1;
		if (c == '\n')
			break;
		if (c == '\0')
			l->nul = 1;
		if (l->len < l->max)
			l->buf[l->len++] = (char)c;
		else
			l->too_long = 1;
	}
	if (ferror(l->in))
		return -EIO;
	if (!any)
		return 0;
	if (c == EOF)
		l->no_newline = 1;
	/* Logs copied through Windows tools or serial consoles end in CRLF. */
	if (!l->too_long && l->len > 0 && l->buf[l->len - 1] == '\r')
		l->len--;
	l->buf[l->len] = '\0';
	l->lineno++;
	return 1;
}
