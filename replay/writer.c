/*
 * Appending a trace: one trace row, then events through one reused
 * prepared INSERT.
 *
 * Imports write atomically: the trace row and every event sit in one
 * savepoint, so an import that fails half-way leaves the database exactly
 * as it was; being a savepoint, it also nests inside a caller's transaction
 * (`cma import` of several files is all or nothing).  Live recording writes in batches: a commit every `batch`
 * events keeps the cost near that of a bulk load while bounding what a
 * crash can lose.  A mutex makes appends from several threads safe (the
 * filesystem records from all of its threads).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

#define WRITER_BATCH	8192
#define WRITER_INSERT_SQL "INSERT INTO events (trace, ts, op, chunk, dev, " \
	"kind, regions, size, align, err, start, region, pid) VALUES (?, ?, " \
	"?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

struct trace_writer {
	struct trace_store *st;
	sqlite3_stmt	   *insert;
	pthread_mutex_t	    lock;
	int64_t		    id;
	int64_t		    events;
	int64_t		    first_seq, last_seq;
	int64_t		    committed;	/* events known to be in the file */
	int		    mode;
	unsigned	    pending;	/* events since the last commit */
	char		    error[CMA_ERR_MAX];
};

static int
writer_fail(struct trace_writer *w, const char *what)
{
	if (w->error[0] == '\0')
		snprintf(w->error, sizeof w->error, "%s: %s: %s",
		    w->st->path, what, sqlite3_errmsg(w->st->db));
	return sqlite3_errcode(w->st->db) == SQLITE_FULL ? -ENOSPC : -EIO;
}

static int
writer_exec(struct trace_writer *w, const char *sql)
{
	if (sqlite3_exec(w->st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return writer_fail(w, sql);
	return 0;
}

static void
writer_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

static int
writer_trace_row(struct trace_writer *w, const struct trace_config *c)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(w->st->db, "INSERT INTO traces (name, source, "
	    "board, board_text, cma, map, allocators, note) VALUES (?, ?, ?, "
	    "?, ?, ?, ?, ?)", -1, &s, NULL) != SQLITE_OK)
		return writer_fail(w, "adding the trace");
	sqlite3_bind_text(s, 1, c->name ? c->name : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, c->source ? c->source : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(s, 3, c->board ? c->board : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, c->board_text ? c->board_text : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(s, 5, c->cma ? c->cma : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, c->map ? c->map : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, c->allocators ? c->allocators : "", -1,
	    SQLITE_STATIC);
	writer_bind_text(s, 8, c->note);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return writer_fail(w, "adding the trace");
	w->id = sqlite3_last_insert_rowid(w->st->db);
	return 0;
}

static void
writer_rollback(struct trace_writer *w)
{
	if (w->mode == TRACE_WRITE_ATOMIC)
		sqlite3_exec(w->st->db, "ROLLBACK TO trace_writer; "
		    "RELEASE trace_writer", NULL, NULL, NULL);
	else
		sqlite3_exec(w->st->db, "ROLLBACK", NULL, NULL, NULL);
}

/* A writer not yet attached to a trace, or NULL (read-only store). */
static struct trace_writer *
writer_new(struct trace_store *st, int mode, int *ret, struct cma_err *err)
{
	struct trace_writer *w;

	if (st->readonly) {
		cma_err_set(err, "%s: opened read-only", st->path);
		*ret = -EROFS;
		return NULL;
	}
	if ((w = calloc(1, sizeof *w)) == NULL) {
		*ret = -ENOMEM;
		return NULL;
	}
	w->st = st;
	w->mode = mode;
	pthread_mutex_init(&w->lock, NULL);
	return w;
}

/* Undo a writer that failed to start (rolled back if `begun`). */
static int
writer_discard(struct trace_writer *w, int begun, int ret,
    struct cma_err *err)
{
	if (begun) {
		sqlite3_finalize(w->insert);
		writer_rollback(w);
	}
	cma_err_set(err, "%s", w->error);
	pthread_mutex_destroy(&w->lock);
	free(w);
	return ret;
}

int
trace_writer_begin(struct trace_store *st, const struct trace_config *cfg,
    int mode, struct trace_writer **out, struct cma_err *err)
{
	struct trace_writer *w;
	int ret;

	*out = NULL;
	if ((w = writer_new(st, mode, &ret, err)) == NULL)
		return ret;
	if ((ret = writer_exec(w, mode == TRACE_WRITE_ATOMIC ?
	    "SAVEPOINT trace_writer" : "BEGIN IMMEDIATE")) < 0)
		return writer_discard(w, 0, ret, err);
	if ((ret = writer_trace_row(w, cfg)) < 0)
		return writer_discard(w, 1, ret, err);
	if (sqlite3_prepare_v3(st->db, WRITER_INSERT_SQL, -1,
	    SQLITE_PREPARE_PERSISTENT, &w->insert, NULL) != SQLITE_OK)
		return writer_discard(w, 1, writer_fail(w, "preparing the "
		    "insert"), err);
	/* A batched recording shows its trace row at once. */
	if (mode == TRACE_WRITE_BATCHED && (ret = writer_exec(w, "COMMIT; "
	    "BEGIN")) < 0)
		return writer_discard(w, 1, ret, err);
	*out = w;
	return 0;
}

/*
 * Continuing a batched trace another writer began (a filesystem remounted
 * after a clean unmount or a crash): the counts and the seq range are
 * taken from the events themselves, since a writer that died never wrote
 * them, and the trace is marked incomplete again until this writer
 * finishes.
 */
static int writer_count(struct trace_writer *w, int complete);

static int
writer_recount(struct trace_writer *w)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(w->st->db, "SELECT COUNT(*), MIN(seq), "
	    "MAX(seq) FROM events WHERE trace = ?", -1, &s, NULL) != SQLITE_OK)
		return writer_fail(w, "counting the trace's events");
	sqlite3_bind_int64(s, 1, w->id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		w->events = sqlite3_column_int64(s, 0);
		w->first_seq = sqlite3_column_int64(s, 1);
		w->last_seq = sqlite3_column_int64(s, 2);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : writer_fail(w, "counting the trace's "
	    "events");
}

int
trace_writer_resume(struct trace_store *st, int64_t id,
    struct trace_writer **out, struct cma_err *err)
{
	struct trace_writer *w;
	int ret;

	*out = NULL;
	if ((w = writer_new(st, TRACE_WRITE_BATCHED, &ret, err)) == NULL)
		return ret;
	w->id = id;
	if ((ret = writer_exec(w, "BEGIN IMMEDIATE")) < 0)
		return writer_discard(w, 0, ret, err);
	if ((ret = writer_recount(w)) < 0 || (ret = writer_count(w, 0)) < 0)
		return writer_discard(w, 1, ret, err);
	if (sqlite3_prepare_v3(st->db, WRITER_INSERT_SQL, -1,
	    SQLITE_PREPARE_PERSISTENT, &w->insert, NULL) != SQLITE_OK)
		return writer_discard(w, 1, writer_fail(w, "preparing the "
		    "insert"), err);
	if ((ret = writer_exec(w, "COMMIT; BEGIN")) < 0)
		return writer_discard(w, 1, ret, err);
	w->committed = w->events;
	*out = w;
	return 0;
}

int
trace_writer_retry(struct trace_writer *w)
{
	int ret = 0;

	pthread_mutex_lock(&w->lock);
	if (w->error[0] != '\0' && w->mode == TRACE_WRITE_BATCHED) {
		sqlite3_exec(w->st->db, "ROLLBACK", NULL, NULL, NULL);
		w->error[0] = '\0';
		w->pending = 0;
		if ((ret = writer_exec(w, "BEGIN IMMEDIATE")) == 0 &&
		    (ret = writer_recount(w)) == 0)
			w->committed = w->events;
	} else if (w->error[0] != '\0')
		ret = -EIO;
	pthread_mutex_unlock(&w->lock);
	return ret;
}

int64_t
trace_writer_committed(const struct trace_writer *w)
{
	return w->committed;
}

int64_t
trace_writer_events(const struct trace_writer *w)
{
	return w->events;
}

int64_t
trace_writer_id(const struct trace_writer *w)
{
	return w->id;
}

const char *
trace_writer_error(const struct trace_writer *w)
{
	return w->error[0] ? w->error : NULL;
}

static void
writer_bind_u64(sqlite3_stmt *s, int i, uint64_t v)
{
	/* SQLite integers are signed 64-bit; addresses above 2^63 are
	 * stored as their two's-complement bit pattern and read back the
	 * same way. */
	sqlite3_bind_int64(s, i, (sqlite3_int64)v);
}

static int
writer_insert(struct trace_writer *w, const struct trace_event *ev)
{
	sqlite3_stmt *s = w->insert;
	int rc;

	sqlite3_bind_int64(s, 1, w->id);
	writer_bind_u64(s, 2, ev->ts_ns);
	sqlite3_bind_int(s, 3, ev->op);
	if (ev->chunk)
		writer_bind_u64(s, 4, ev->chunk);
	else
		sqlite3_bind_null(s, 4);
	writer_bind_text(s, 5, ev->dev);
	writer_bind_text(s, 6, ev->kind);
	writer_bind_text(s, 7, ev->regions);
	writer_bind_u64(s, 8, ev->size);
	writer_bind_u64(s, 9, ev->align);
	if (ev->has_result)
		sqlite3_bind_int(s, 10, ev->err);
	else
		sqlite3_bind_null(s, 10);
	if (ev->has_start)
		writer_bind_u64(s, 11, ev->start);
	else
		sqlite3_bind_null(s, 11);
	writer_bind_text(s, 12, ev->region);
	if (ev->pid)
		sqlite3_bind_int(s, 13, ev->pid);
	else
		sqlite3_bind_null(s, 13);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return writer_fail(w, "adding an event");
	w->last_seq = sqlite3_last_insert_rowid(w->st->db);
	if (w->first_seq == 0)
		w->first_seq = w->last_seq;
	return 0;
}

int
trace_writer_append(struct trace_writer *w, const struct trace_event *ev)
{
	int ret = 0;

	pthread_mutex_lock(&w->lock);
	if (w->error[0] != '\0') {
		pthread_mutex_unlock(&w->lock);
		return -EIO;
	}
	if ((ret = writer_insert(w, ev)) == 0) {
		w->events++;
		if (w->mode == TRACE_WRITE_BATCHED &&
		    ++w->pending >= WRITER_BATCH) {
			ret = writer_exec(w, "COMMIT; BEGIN");
			w->pending = 0;
			if (ret == 0)
				w->committed = w->events;
		}
	}
	pthread_mutex_unlock(&w->lock);
	return ret;
}

static int
writer_count(struct trace_writer *w, int complete)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(w->st->db, "UPDATE traces SET events = ?, "
	    "complete = ?, first_seq = ?, last_seq = ? WHERE id = ?", -1, &s,
	    NULL) != SQLITE_OK)
		return writer_fail(w, "finishing the trace");
	sqlite3_bind_int64(s, 1, w->events);
	sqlite3_bind_int(s, 2, complete);
	sqlite3_bind_int64(s, 3, w->first_seq);
	sqlite3_bind_int64(s, 4, w->last_seq);
	sqlite3_bind_int64(s, 5, w->id);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : writer_fail(w, "finishing the trace");
}

int
trace_writer_flush(struct trace_writer *w)
{
	int ret = 0;

	pthread_mutex_lock(&w->lock);
	if (w->mode == TRACE_WRITE_BATCHED && w->error[0] == '\0') {
		ret = writer_count(w, 0);
		if (ret == 0)
			ret = writer_exec(w, "COMMIT; BEGIN");
		w->pending = 0;
		if (ret == 0)
			w->committed = w->events;
	}
	pthread_mutex_unlock(&w->lock);
	return ret;
}

static void
writer_free(struct trace_writer *w)
{
	sqlite3_finalize(w->insert);
	pthread_mutex_destroy(&w->lock);
	free(w);
}

int
trace_writer_finish(struct trace_writer *w, struct cma_err *err)
{
	int ret = -EIO;

	if (w->error[0] == '\0' && writer_count(w, 1) == 0 &&
	    writer_exec(w, w->mode == TRACE_WRITE_ATOMIC ?
	    "RELEASE trace_writer" : "COMMIT") == 0)
		ret = 0;
	if (ret < 0) {
		cma_err_set(err, "%s", w->error);
		writer_rollback(w);
	} else if (trace_store_index(w->st) < 0) {
		/* The events are safe; readers fall back to a scan. */
		cma_err_set(err, "%s: creating indexes: %s", w->st->path,
		    sqlite3_errmsg(w->st->db));
	}
	writer_free(w);
	return ret;
}

void
trace_writer_abort(struct trace_writer *w)
{
	writer_rollback(w);
	writer_free(w);
}
