/*
 * The recorder: a cma_recorder_fn that turns each framework operation into
 * a trace event and appends it to a batched writer.
 *
 * Time stamps are nanoseconds since recording began (CLOCK_MONOTONIC).
 * The calling process is a per-thread value the front end sets (the
 * filesystem knows it from the FUSE request), since the core has no notion
 * of processes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "recorder.h"

struct trace_recorder {
	struct cma	    *cma;
	struct trace_writer *writer;
	uint64_t	     t0;
};

_Static_assert((int)CMA_RECORD_ALLOC == (int)TRACE_ALLOC &&
    (int)CMA_RECORD_ALLOC_FROM == (int)TRACE_ALLOC_FROM &&
    (int)CMA_RECORD_GET == (int)TRACE_GET &&
    (int)CMA_RECORD_PUT == (int)TRACE_PUT, "record and trace ops must agree");

static __thread int32_t recorder_pid;

void
trace_recorder_set_pid(int32_t pid)
{
	recorder_pid = pid;
}

static uint64_t
recorder_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void
trace_recorder_record(struct trace_recorder *r, const struct cma_record *rec)
{
	struct trace_event ev = { 0 };

	ev.ts_ns = recorder_now() - r->t0;
	ev.op = rec->op;	/* the two enums agree, see trace.h */
	ev.chunk = rec->chunk;
	ev.dev = rec->dev;
	ev.kind = rec->kind;
	ev.regions = rec->regions;
	ev.size = rec->size;
	ev.align = rec->align;
	ev.has_result = 1;
	ev.err = -rec->err;
	ev.has_start = rec->err == 0 || rec->op == CMA_RECORD_GET ||
	    rec->op == CMA_RECORD_PUT;
	ev.start = rec->start;
	ev.region = rec->region;
	ev.pid = recorder_pid;
	/* A failed append is kept in the writer and reported at stop. */
	(void)trace_writer_append(r->writer, &ev);
}

static void
recorder_event(void *arg, const struct cma_record *rec)
{
	trace_recorder_record(arg, rec);
}

void
trace_allocators_text(struct cma *cma, char *buf, size_t len)
{
	struct cma_region_info ri;
	size_t n = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < cma_region_count(cma) && n < len; i++) {
		cma_region_get(cma, i, &ri);
		n += (size_t)snprintf(buf + n, len - n, "%s%s=%s", i ? "," : "",
		    ri.name, ri.allocator ? ri.allocator : "-");
	}
}

static struct trace_recorder *
recorder_new(struct cma *cma)
{
	struct trace_recorder *r = calloc(1, sizeof *r);

	if (r != NULL) {
		r->cma = cma;
		r->t0 = recorder_now();
	}
	return r;
}

int
trace_recorder_open(struct cma *cma, struct trace_store *st,
    const char *name, const char *source, int64_t resume,
    struct trace_recorder **out, struct cma_err *err)
{
	const struct cma_board *b = cma_board(cma);
	struct trace_config cfg = { 0 };
	struct trace_recorder *r;
	char board_text[4096], map[CMA_MAX_PARAM_LEN], allocs[1024];
	int ret;

	*out = NULL;
	if ((r = recorder_new(cma)) == NULL)
		return -ENOMEM;
	if (resume > 0) {
		ret = trace_writer_resume(st, resume, &r->writer, err);
	} else {
		cma_board_format(b, board_text, sizeof board_text);
		cma_get_map(cma, map, sizeof map);
		trace_allocators_text(cma, allocs, sizeof allocs);
		cfg.name = name;
		cfg.source = source;
		cfg.board = b->name;
		cfg.board_text = board_text;
		cfg.cma = cma_param_text(cma);
		cfg.map = map;
		cfg.allocators = allocs;
		ret = trace_writer_begin(st, &cfg, TRACE_WRITE_BATCHED,
		    &r->writer, err);
	}
	if (ret < 0) {
		free(r);
		return ret;
	}
	*out = r;
	return 0;
}

int
trace_recorder_start(struct cma *cma, struct trace_store *st,
    const char *name, const char *source, struct trace_recorder **out,
    struct cma_err *err)
{
	int ret = trace_recorder_open(cma, st, name, source, 0, out, err);

	if (ret == 0)
		cma_set_recorder(cma, recorder_event, *out);
	return ret;
}

int64_t
trace_recorder_events(const struct trace_recorder *r)
{
	return trace_writer_events(r->writer);
}

int
trace_recorder_append(struct trace_recorder *r, const struct trace_event *ev)
{
	return trace_writer_append(r->writer, ev);
}

int
trace_recorder_flush(struct trace_recorder *r)
{
	return trace_writer_flush(r->writer);
}

int64_t
trace_recorder_committed(const struct trace_recorder *r)
{
	return trace_writer_committed(r->writer);
}

const char *
trace_recorder_error(const struct trace_recorder *r)
{
	return trace_writer_error(r->writer);
}

int
trace_recorder_retry(struct trace_recorder *r)
{
	return trace_writer_retry(r->writer);
}

int64_t
trace_recorder_trace(const struct trace_recorder *r)
{
	return trace_writer_id(r->writer);
}

int
trace_recorder_stop(struct trace_recorder *r, struct cma_err *err)
{
	int ret;

	cma_set_recorder(r->cma, NULL, NULL);
	ret = trace_writer_finish(r->writer, err);
	free(r);
	return ret;
}
