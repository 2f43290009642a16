/*
 * The importers as a set: finding one by name, guessing which one a file
 * needs, how they all start and end (import_begin, import_end), and the
 * two things they all do per line (report an error naming the file and
 * line, hand an event to the sink).
 *
 * Guessing first looks for the magic bytes a trace.dat starts with, then
 * reads at most the first IMPORT_DETECT_LINES lines and asks each format
 * how a line looks to it (import_*_classify).  The header `trace-cmd
 * report` prints says trace-cmd; an ftrace header or CMA event line is
 * unmistakable, so it wins next; then a kernel log's CMA line;
 * a cma-test script is the weakest guess (its commands are single letters),
 * so it needs at least one command and no line that a script could not
 * have.  The stream is put back where it was, which needs a seekable
 * stream: from a pipe there is no guess.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "import_int.h"

#define IMPORT_DETECT_LINES	50

static const struct {
	const char *name;
	import_fn   fn;
} import_formats[] = {
	{ "cma-test", import_cmatest },
	{ "ftrace", import_ftrace },
	{ "trace-cmd", import_ftrace },
	{ "trace.dat", import_tracedat },
	{ "dmesg", import_dmesg },
};

import_fn
import_find(const char *format)
{
	size_t i;

	if (format == NULL)
		return NULL;
	for (i = 0; i < sizeof import_formats / sizeof import_formats[0]; i++)
		if (strcmp(format, import_formats[i].name) == 0)
			return import_formats[i].fn;
	return NULL;
}

const char *
import_detect(FILE *in)
{
	struct import_line *l;
	int ftrace = 0, tracecmd = 0, dmesg = 0, cmatest = 0, notcmatest = 0;
	const char *guess = NULL;
	char magic[sizeof IMPORT_TRACEDAT_MAGIC - 1];
	off_t pos;
	int c, i;

	if (in == NULL || (pos = ftello(in)) < 0)
		return NULL;
	if (fread(magic, 1, sizeof magic, in) == sizeof magic &&
	    memcmp(magic, IMPORT_TRACEDAT_MAGIC, sizeof magic) == 0)
		guess = "trace.dat";
	clearerr(in);
	if (fseeko(in, pos, SEEK_SET) < 0 || guess != NULL)
		return guess;
	/* A line buffer is too big for the stack of a library call. */
	if ((l = malloc(sizeof *l)) == NULL)
		return NULL;
	import_line_init(l, in, IMPORT_LINE_MAX);
	for (i = 0; i < IMPORT_DETECT_LINES && import_line_read(l) == 1; i++) {
		if (l->nul)
			break;
		ftrace += import_ftrace_classify(l->buf) > 0;
		tracecmd += import_tracecmd_classify(l->buf) > 0;
		dmesg += import_dmesg_classify(l->buf) > 0;
		c = import_cmatest_classify(l->buf);
		cmatest += c > 0;
		notcmatest += c < 0;
	}
	if (tracecmd)
		guess = "trace-cmd";
	else if (ftrace)
		guess = "ftrace";
	else if (dmesg)
		guess = "dmesg";
	else if (cmatest && !notcmatest)
		guess = "cma-test";
	free(l);
	clearerr(in);
	if (fseeko(in, pos, SEEK_SET) < 0)
		return NULL;
	return guess;
}

int
import_fail(struct cma_err *err, const char *path, uint64_t line,
    const char *fmt, ...)
{
	char what[CMA_ERR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	cma_err_set(err, "%s:%llu: %s", path ? path : "-",
	    (unsigned long long)line, what);
	return -EINVAL;
}

int
import_base_fail(const struct import_base *b, const char *fmt, ...)
{
	char what[CMA_ERR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return import_fail(b->err, b->path, b->lineno, "%s", what);
}

int
import_emit(const struct import_base *b, const struct trace_event *ev,
    uint64_t line)
{
	int ret;

	b->res->events++;
	if (b->sink == NULL || b->sink->event == NULL)
		return 0;
	ret = b->sink->event(b->sink->arg, ev);
	if (ret < 0) {
		cma_err_set(b->err, "%s:%llu: could not store the event: %s",
		    b->path ? b->path : "-", (unsigned long long)line,
		    strerror(-ret));
		return ret;
	}
	return 0;
}

void *
import_begin(size_t size, FILE *in, size_t line_max, const char *path,
    const struct import_sink *sink, struct import_result *res,
    struct cma_err *err)
{
	struct import_base *b;

	if (res != NULL)
		memset(res, 0, sizeof *res);
	if ((b = calloc(1, size)) == NULL)
		return NULL;
	b->path = path ? path : "-";
	b->sink = sink;
	b->res = res ? res : &b->local;
	b->err = err;
	import_line_init(&b->line, in, line_max);
	return b;
}

int
import_end(struct import_base *b, int ret)
{
	if (ret == -EIO)
		import_fail(b->err, b->path, b->line.lineno + 1, "read error");
	else if (ret == -ENOMEM)
		import_fail(b->err, b->path, b->lineno, "out of memory");
	free(b);
	return ret;
}
