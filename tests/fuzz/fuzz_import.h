/*
 * What the three importer harnesses share: run one importer over the input
 * as a stream, with a sink that checks every event it is given, and check
 * what the import says about itself.  A broken promise aborts, which
 * libFuzzer reports like a crash:
 *
 *  - an allocation names a new identity (1, 2, 3... in order), a put one
 *    that was allocated and not yet put (checked for the first
 *    FUZZ_IMPORT_IDS identities: inputs are short);
 *  - the strings an op needs are there;
 *  - a failed import says "PATH:LINE: ..."; a good one counts every event
 *    it sent and writes a layout the board and cma= parsers accept.
 */
#ifndef FUZZ_IMPORT_H
#define FUZZ_IMPORT_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cma/board.h"
#include "cma/param.h"
#include "import.h"

#define FUZZ_IMPORT_IDS 4096

struct fuzz_import_state {
	uint64_t      events, last_id;
	unsigned char live[FUZZ_IMPORT_IDS + 1];
};

static void
fuzz_import_check(int ok)
{
	if (!ok)
		abort();
}

static int
fuzz_import_event(void *arg, const struct trace_event *ev)
{
	struct fuzz_import_state *st = arg;

	st->events++;
	switch (ev->op) {
	case TRACE_ALLOC:
		fuzz_import_check(ev->dev != NULL && ev->dev[0] != '\0');
		/* FALLTHROUGH */
	case TRACE_ALLOC_FROM:
		fuzz_import_check(ev->op == TRACE_ALLOC || ev->regions != NULL);
		fuzz_import_check(ev->chunk == st->last_id + 1);
		fuzz_import_check(ev->size != 0);
		fuzz_import_check(!ev->has_result || ev->err >= 0);
		fuzz_import_check(!ev->has_start || (ev->has_result &&
		    ev->err == 0));
		st->last_id = ev->chunk;
		if (ev->chunk <= FUZZ_IMPORT_IDS)
			st->live[ev->chunk] = 1;
		break;
	case TRACE_PUT:
		fuzz_import_check(ev->chunk != 0 && ev->chunk <= st->last_id);
		if (ev->chunk <= FUZZ_IMPORT_IDS) {
			fuzz_import_check(st->live[ev->chunk]);
			st->live[ev->chunk] = 0;
		}
		break;
	default:
		fuzz_import_check(0);
	}
	return 0;
}

static int
fuzz_import_run(import_fn fn, const uint8_t *data, size_t size)
{
	struct fuzz_import_state *st = calloc(1, sizeof *st);
	struct import_sink sink = { fuzz_import_event, st };
	struct import_result res;
	struct cma_board board;
	struct cma_param param;
	struct cma_err err = { "" };
	char *copy;
	FILE *in;
	int ret;

	if (size == 0 || st == NULL || (copy = malloc(size)) == NULL) {
		free(st);
		return 0;
	}
	memcpy(copy, data, size);
	in = fmemopen(copy, size, "r");
	if (in != NULL) {
		ret = fn(in, "fuzz", &sink, &res, &err);
		fclose(in);
		if (ret < 0)
			fuzz_import_check(strncmp(err.msg, "fuzz:", 5) == 0 ||
			    ret == -ENOMEM);
		else {
			fuzz_import_check(ret == 0 && res.events == st->events);
			fuzz_import_check(res.lines >= res.skipped);
			if (res.board[0] != '\0')
				fuzz_import_check(cma_board_parse(res.board,
				    "fuzz", &board, NULL) == 0);
			if (res.cma[0] != '\0') {
				fuzz_import_check(cma_param_parse(res.cma,
				    &param, NULL) == 0);
				cma_param_free(&param);
			}
		}
	}
	free(copy);
	free(st);
	return 0;
}

#endif
