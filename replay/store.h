/*
 * The trace store: one SQLite database holding many traces and the results
 * of replaying them.  The schema (schema.sql in docs/trace-store.md, created
 * by store.c) is:
 *
 *	meta(key, value)	format = "cma-trace", schema = version
 *	traces(id, ...)		one row per trace: name, source, the board
 *				(name and board-file text), cma=, cma_map=,
 *				allocators, event count, the seq range of its
 *				events, complete flag, note
 *	events(seq, trace, ...)	append-only, seq INTEGER PRIMARY KEY; see
 *				trace.h for the columns
 *	replays(id, trace, ...)	one row per replay: layout, allocator, totals
 *	replay_stats(replay, scope, name, ...)	per region and per bank
 *	replay_failures(replay, seq, ...)	every failed request, with the
 *				region's state at that moment
 *	views: allocations, live_at (with the one-row table `at`), live_at_end,
 *	       region_summary, trace_summary, failures
 *
 * The database runs in WAL mode with synchronous=NORMAL.  Writers keep one
 * prepared INSERT and commit in batches (live recording) or in one
 * transaction (imports: a failed import leaves the database as it was).
 * Opening a database of another format or a newer schema is refused.
 */
#ifndef CMA_STORE_H
#define CMA_STORE_H

#include <stdint.h>

#include "cma/err.h"
#include "trace.h"

#define TRACE_SCHEMA_VERSION	1

struct trace_store;

#define TRACE_STORE_CREATE	0x1	/* create the file and schema if needed */
#define TRACE_STORE_READONLY	0x2

int  trace_store_open(const char *path, int flags, struct trace_store **out,
    struct cma_err *err);
void trace_store_close(struct trace_store *st);
/* The sqlite3 handle, for the replay results writer and tests. */
struct sqlite3 *trace_store_db(struct trace_store *st);
const char *trace_store_path(const struct trace_store *st);

/* The configuration a trace was recorded or imported under. */
struct trace_config {
	const char *name;
	const char *source;	/* "recorded", "cma-test", "ftrace", ... */
	const char *board;	/* board name */
	const char *board_text;	/* the board in board-file format */
	const char *cma;
	const char *map;
	const char *allocators;	/* "fw=bf,b1=bf,b2=bf" */
	const char *note;
};

/* A trace as stored (strings owned by the struct; trace_info_free). */
struct trace_info {
	int64_t	 id;
	char	*name, *source, *created, *board, *board_text, *cma, *map;
	char	*allocators, *note;
	int64_t	 events;
	int	 complete;
};

int  trace_store_trace(struct trace_store *st, int64_t id,
    struct trace_info *info, struct cma_err *err);
/* The newest trace's id, or -ENOENT when there is none. */
int64_t trace_store_latest(struct trace_store *st);
void trace_info_free(struct trace_info *info);
/* Rewrite the layout of a trace (an importer learns it at the end). */
int  trace_store_set_layout(struct trace_store *st, int64_t id,
    const char *board, const char *board_text, const char *cma,
    const char *map, struct cma_err *err);

/*
 * Writers.  TRACE_WRITE_ATOMIC: everything in one transaction, committed by
 * trace_writer_finish or rolled back by trace_writer_abort (imports).
 * TRACE_WRITE_BATCHED: a commit every `batch` events and at finish
 * (recording, where what was recorded before a crash must survive).
 * Appending is thread-safe.
 */
#define TRACE_WRITE_ATOMIC	0
#define TRACE_WRITE_BATCHED	1

struct trace_writer;

int  trace_writer_begin(struct trace_store *st, const struct trace_config *cfg,
    int mode, struct trace_writer **out, struct cma_err *err);
/* Go on appending to trace `id` (batched), e.g. after a crash. */
int  trace_writer_resume(struct trace_store *st, int64_t id,
    struct trace_writer **out, struct cma_err *err);
int64_t trace_writer_id(const struct trace_writer *w);
/* Events in the trace so far, committed or not. */
int64_t trace_writer_events(const struct trace_writer *w);
int  trace_writer_append(struct trace_writer *w, const struct trace_event *ev);
/* Commit what is pending (batched mode). */
int  trace_writer_flush(struct trace_writer *w);
int  trace_writer_finish(struct trace_writer *w, struct cma_err *err);
void trace_writer_abort(struct trace_writer *w);
/* The first error an append met, if any (appends return it too). */
const char *trace_writer_error(const struct trace_writer *w);
/* Events of a batched trace known to be committed. */
int64_t trace_writer_committed(const struct trace_writer *w);
/* After an error (a full disk): roll back what was not committed, forget
 * the error and go on from the events the database holds (0, or -errno
 * and the error kept). */
int  trace_writer_retry(struct trace_writer *w);

/* Readers: the events of one trace in seq order, streamed. */
struct trace_reader;

int  trace_reader_open(struct trace_store *st, int64_t trace,
    struct trace_reader **out, struct cma_err *err);
/* 1 and *ev filled (strings valid until the next call), 0 at the end,
 * <0 on error. */
int  trace_reader_next(struct trace_reader *r, struct trace_event *ev);
void trace_reader_close(struct trace_reader *r);

#endif
