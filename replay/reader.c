/*
 * Reading a trace back: its events in seq order, one row at a time.
 *
 * The statement is stepped as the caller asks, so a trace far larger than
 * memory streams through in constant space; the strings of an event point
 * into SQLite's row buffer and are valid until the next call.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

struct trace_reader {
	struct trace_store *st;
	sqlite3_stmt	   *select;
};

/*
 * The rowid range holding a trace's events.  A trace whose writer died
 * before saying where it ends (a crash while recording) is read from its
 * start to the end of the table.
 */
static void
reader_range(struct trace_store *st, int64_t trace, int64_t *first,
    int64_t *last)
{
	sqlite3_stmt *s;

	*first = 0;
	*last = INT64_MAX;
	if (sqlite3_prepare_v2(st->db, "SELECT first_seq, last_seq, "
	    "complete FROM traces WHERE id = ?", -1, &s, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_int64(s, 1, trace);
	if (sqlite3_step(s) == SQLITE_ROW) {
		if (sqlite3_column_type(s, 0) != SQLITE_NULL)
			*first = sqlite3_column_int64(s, 0);
		if (sqlite3_column_type(s, 1) != SQLITE_NULL &&
		    sqlite3_column_int(s, 2))
			*last = sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
}

int
trace_reader_open(struct trace_store *st, int64_t trace,
    struct trace_reader **out, struct cma_err *err)
{
	struct trace_reader *r = calloc(1, sizeof *r);
	int64_t first, last;

	*out = NULL;
	if (r == NULL)
		return -ENOMEM;
	r->st = st;
	if (sqlite3_prepare_v2(st->db, "SELECT seq, ts, op, chunk, dev, kind, "
	    "regions, size, align, err, start, region, pid FROM events "
	    "WHERE seq BETWEEN ?2 AND ?3 AND trace = ?1 ORDER BY seq", -1,
	    &r->select, NULL) != SQLITE_OK) {
		cma_err_set(err, "%s: reading events: %s", st->path,
		    sqlite3_errmsg(st->db));
		free(r);
		return -EIO;
	}
	reader_range(st, trace, &first, &last);
	sqlite3_bind_int64(r->select, 1, trace);
	sqlite3_bind_int64(r->select, 2, first);
	sqlite3_bind_int64(r->select, 3, last);
	*out = r;
	return 0;
}

static const char *
reader_text(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

int
trace_reader_next(struct trace_reader *r, struct trace_event *ev)
{
	sqlite3_stmt *s = r->select;
	int rc = sqlite3_step(s);

	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return -EIO;
	ev->seq = sqlite3_column_int64(s, 0);
	ev->ts_ns = (uint64_t)sqlite3_column_int64(s, 1);
	ev->op = sqlite3_column_int(s, 2);
	ev->chunk = (uint64_t)sqlite3_column_int64(s, 3);
	ev->dev = reader_text(s, 4);
	ev->kind = reader_text(s, 5);
	ev->regions = reader_text(s, 6);
	ev->size = (uint64_t)sqlite3_column_int64(s, 7);
	ev->align = (uint64_t)sqlite3_column_int64(s, 8);
	ev->has_result = sqlite3_column_type(s, 9) != SQLITE_NULL;
	ev->err = sqlite3_column_int(s, 9);
	ev->has_start = sqlite3_column_type(s, 10) != SQLITE_NULL;
	ev->start = (uint64_t)sqlite3_column_int64(s, 10);
	ev->region = reader_text(s, 11);
	ev->pid = sqlite3_column_int(s, 12);
	return 1;
}

void
trace_reader_close(struct trace_reader *r)
{
	if (r == NULL)
		return;
	sqlite3_finalize(r->select);
	free(r);
}
