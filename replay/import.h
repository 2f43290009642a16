/*
 * Importers: turn a text capture into trace events, one line at a time.
 *
 * Each importer reads a stream (never the whole file at once), calls the
 * sink for every event in order, and on a malformed line stops with an
 * error "PATH:LINE: what was wrong" and -EINVAL.  What a format says about
 * the memory layout (ftrace areas, their pfns) comes back in the result so
 * the trace can be stored with a configuration it replays under.  Strings
 * in an event live only during the sink call.
 */
#ifndef CMA_IMPORT_H
#define CMA_IMPORT_H

#include <stdint.h>
#include <stdio.h>

#include "cma/err.h"
#include "cma/param.h"
#include "trace.h"

struct import_sink {
	/* Return 0 to go on, <0 to stop the import with that error. */
	int  (*event)(void *arg, const struct trace_event *ev);
	void  *arg;
};

struct import_result {
	uint64_t lines;
	uint64_t events;
	uint64_t skipped;		/* lines that carry no CMA event */
	/* The layout the capture implies, empty when it implies none: a
	 * board in board-file format, a cma= and a cma_map= for it. */
	char	 board[2048];
	char	 cma[CMA_MAX_PARAM_LEN];
	char	 map[CMA_MAX_PARAM_LEN];
	char	 note[256];		/* one line for the trace's note */
};

typedef int (*import_fn)(FILE *in, const char *path,
    const struct import_sink *sink, struct import_result *res,
    struct cma_err *err);

int import_cmatest(FILE *in, const char *path, const struct import_sink *sink,
    struct import_result *res, struct cma_err *err);
int import_ftrace(FILE *in, const char *path, const struct import_sink *sink,
    struct import_result *res, struct cma_err *err);
/* A trace.dat: `trace-cmd report -i PATH` run as a child, its output read
 * as ftrace text (`in` is not read; PATH must name the file). */
int import_tracedat(FILE *in, const char *path,
    const struct import_sink *sink, struct import_result *res,
    struct cma_err *err);
int import_dmesg(FILE *in, const char *path, const struct import_sink *sink,
    struct import_result *res, struct cma_err *err);

/* "cma-test", "ftrace", "trace-cmd" (the text of `trace-cmd report`, read
 * by import_ftrace), "trace.dat", "dmesg" → the importer; NULL if
 * unknown. */
import_fn import_find(const char *format);
/* Guess the format from the first bytes and lines of a file (rewinds
 * it); NULL if no guess. */
const char *import_detect(FILE *in);

#endif
