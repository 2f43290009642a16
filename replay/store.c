/*
 * The trace store: opening a database, creating or checking its schema,
 * and reading trace rows.
 *
 * A database is ours when its `meta` table says format "cma-trace"; its
 * schema version must be one this build knows.  An empty file (or a new
 * one, with TRACE_STORE_CREATE) gets the schema.  Anything else -- another
 * application's database, a newer schema, a corrupt or truncated file -- is
 * refused with a message naming the file, before anything is written.
 *
 * Secondary indexes are created by trace_store_index() after bulk loads,
 * not with the tables, so the first big import does not pay for them row
 * by row.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <sqlite3.h>

#include "store_int.h"

static const char store_schema[] =
"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
"CREATE TABLE ops (op INTEGER PRIMARY KEY, name TEXT NOT NULL);\n"
"INSERT INTO ops VALUES (1, 'alloc'), (2, 'alloc_from'), (3, 'get'),\n"
"    (4, 'put');\n"
"CREATE TABLE traces (\n"
"  id INTEGER PRIMARY KEY,\n"
"  name TEXT NOT NULL,\n"
"  source TEXT NOT NULL,\n"
"  created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),\n"
"  board TEXT NOT NULL,\n"
"  board_text TEXT NOT NULL,\n"
"  cma TEXT NOT NULL,\n"
"  map TEXT NOT NULL,\n"
"  allocators TEXT NOT NULL DEFAULT '',\n"
"  events INTEGER NOT NULL DEFAULT 0,\n"
"  first_seq INTEGER,\n"
"  last_seq INTEGER,\n"
"  complete INTEGER NOT NULL DEFAULT 0,\n"
"  note TEXT);\n"
"CREATE TABLE events (\n"
"  seq INTEGER PRIMARY KEY,\n"
"  trace INTEGER NOT NULL,\n"
"  ts INTEGER NOT NULL,\n"
"  op INTEGER NOT NULL,\n"
"  chunk INTEGER,\n"
"  dev TEXT, kind TEXT, regions TEXT,\n"
"  size INTEGER, align INTEGER,\n"
"  err INTEGER,\n"
"  start INTEGER,\n"
"  region TEXT,\n"
"  pid INTEGER);\n"
"CREATE TABLE replays (\n"
"  id INTEGER PRIMARY KEY,\n"
"  trace INTEGER NOT NULL,\n"
"  created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),\n"
"  board TEXT NOT NULL, cma TEXT NOT NULL, map TEXT NOT NULL,\n"
"  allocator TEXT NOT NULL,\n"
"  events INTEGER, requests INTEGER, successes INTEGER,\n"
"  fail_capacity INTEGER, fail_fragmentation INTEGER, fail_other INTEGER,\n"
"  recorded_failures INTEGER, differences INTEGER, address_differences INTEGER,\n"
"  peak_live INTEGER, seconds REAL, events_per_second REAL);\n"
"CREATE TABLE replay_stats (\n"
"  replay INTEGER NOT NULL,\n"
"  scope TEXT NOT NULL,\n"
"  name TEXT NOT NULL,\n"
"  size INTEGER, requests INTEGER, successes INTEGER,\n"
"  fail_capacity INTEGER, fail_fragmentation INTEGER,\n"
"  peak_live INTEGER, peak_used INTEGER, min_largest_free INTEGER,\n"
"  mean_unusable REAL, mean_fragindex REAL);\n"
"CREATE TABLE replay_failures (\n"
"  replay INTEGER NOT NULL,\n"
"  seq INTEGER NOT NULL,\n"
"  region TEXT,\n"
"  size INTEGER, align INTEGER,\n"
"  cause TEXT NOT NULL,\n"
"  free INTEGER, largest_free INTEGER,\n"
"  unusable REAL, fragindex REAL);\n"
"CREATE TABLE at (seq INTEGER NOT NULL);\n"
"INSERT INTO at VALUES (0);\n"
"CREATE VIEW allocations AS\n"
"  SELECT a.trace, a.chunk, a.seq AS alloc_seq, a.ts AS alloc_ts,\n"
"         o.name AS op, a.dev, a.kind, a.regions, a.size, a.align,\n"
"         a.err, a.start, a.region, a.pid,\n"
"         f.seq AS free_seq, f.ts AS free_ts, f.ts - a.ts AS lifetime_ns\n"
"  FROM events a JOIN ops o ON o.op = a.op\n"
"  LEFT JOIN (SELECT trace, chunk, MAX(seq) AS seq, MAX(ts) AS ts\n"
"             FROM events WHERE op = 4 AND chunk IS NOT NULL\n"
"             GROUP BY trace, chunk) f\n"
"    ON f.trace = a.trace AND f.chunk = a.chunk AND a.chunk IS NOT NULL\n"
"  WHERE a.op IN (1, 2);\n"
"CREATE VIEW live_at AS\n"
"  SELECT a.* FROM allocations a, at\n"
"  WHERE a.alloc_seq <= at.seq AND (a.err IS NULL OR a.err = 0)\n"
"    AND (a.free_seq IS NULL OR a.free_seq > at.seq);\n"
"CREATE VIEW live_at_end AS\n"
"  SELECT * FROM allocations\n"
"  WHERE (err IS NULL OR err = 0) AND free_seq IS NULL;\n"
"CREATE VIEW failures AS\n"
"  SELECT * FROM allocations WHERE err IS NOT NULL AND err <> 0;\n"
"CREATE VIEW region_summary AS\n"
"  SELECT trace, COALESCE(region, regions, '(none)') AS region,\n"
"         COUNT(*) AS requests,\n"
"         SUM(err = 0) AS successes, SUM(err <> 0) AS failures,\n"
"         SUM(err IS NULL) AS unrecorded,\n"
"         SUM(size) AS bytes, MIN(size) AS min_size, MAX(size) AS max_size,\n"
"         AVG(lifetime_ns) / 1e9 AS mean_lifetime_s\n"
"  FROM allocations GROUP BY trace, COALESCE(region, regions, '(none)');\n"
"CREATE VIEW trace_summary AS\n"
"  SELECT t.id, t.name, t.source, t.board, t.cma, t.events,\n"
"         (SELECT COUNT(*) FROM events e WHERE e.trace = t.id\n"
"            AND e.op IN (1, 2)) AS allocs,\n"
"         (SELECT COUNT(*) FROM events e WHERE e.trace = t.id\n"
"            AND e.op IN (1, 2) AND e.err <> 0) AS failures,\n"
"         (SELECT COUNT(*) FROM replays r WHERE r.trace = t.id) AS replays\n"
"  FROM traces t;\n";

static int
store_fail(struct cma_err *err, const char *path, sqlite3 *db,
    const char *what)
{
	int code = db ? sqlite3_errcode(db) : SQLITE_ERROR;

	if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
		cma_err_set(err, "%s: not a readable database (corrupt or "
		    "truncated?): %s", path, db ? sqlite3_errmsg(db) : what);
	else
		cma_err_set(err, "%s: %s: %s", path, what,
		    db ? sqlite3_errmsg(db) : "out of memory");
	if (code == SQLITE_READONLY || code == SQLITE_CANTOPEN ||
	    code == SQLITE_PERM)
		return -EACCES;
	if (code == SQLITE_FULL)
		return -ENOSPC;
	return -EIO;
}

/* Number of tables in the database, or <0 (unreadable). */
static int
store_table_count(sqlite3 *db)
{
	sqlite3_stmt *st;
	int n = -1;

	if (sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM sqlite_master",
	    -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

static int
store_meta(sqlite3 *db, const char *key, char *buf, size_t len)
{
	sqlite3_stmt *st;
	int ret = -ENOENT;

	if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = ?",
	    -1, &st, NULL) != SQLITE_OK)
		return -ENOENT;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(buf, len, "%s", (const char *)sqlite3_column_text(st,
		    0));
		ret = 0;
	}
	sqlite3_finalize(st);
	return ret;
}

static int
store_create_schema(struct trace_store *s, struct cma_err *err)
{
	char sql[128];

	if (sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(s->db, store_schema, NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	snprintf(sql, sizeof sql, "INSERT INTO meta VALUES ('format', "
	    "'cma-trace'), ('schema', '%d')", TRACE_SCHEMA_VERSION);
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	return 0;
fail:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return store_fail(err, s->path, s->db, "creating the schema");
}

static int
store_check_schema(struct trace_store *s, struct cma_err *err)
{
	char format[64], version[32];
	long v;

	if (store_meta(s->db, "format", format, sizeof format) < 0 ||
	    strcmp(format, "cma-trace") != 0) {
		cma_err_set(err, "%s: not a cma trace database (no "
		    "'cma-trace' format mark); refusing to use it", s->path);
		return -EINVAL;
	}
	if (store_meta(s->db, "schema", version, sizeof version) < 0) {
		cma_err_set(err, "%s: cma trace database without a schema "
		    "version; refusing to use it", s->path);
		return -EINVAL;
	}
	v = strtol(version, NULL, 10);
	if (v > TRACE_SCHEMA_VERSION) {
		cma_err_set(err, "%s: schema version %ld is newer than this "
		    "cma understands (%d); use a newer cma", s->path, v,
		    TRACE_SCHEMA_VERSION);
		return -EPROTONOSUPPORT;
	}
	if (v < 1) {
		cma_err_set(err, "%s: unknown schema version '%s'", s->path,
		    version);
		return -EINVAL;
	}
	return 0;
}

static int
store_prepare(struct trace_store *s, struct cma_err *err)
{
	int n = store_table_count(s->db);

	if (n < 0)
		return store_fail(err, s->path, s->db, "reading the schema");
	if (n == 0) {
		if (s->readonly) {
			cma_err_set(err, "%s: empty, not a cma trace database",
			    s->path);
			return -EINVAL;
		}
		return store_create_schema(s, err);
	}
	return store_check_schema(s, err);
}

/* Whether path (or, for a file still to be made, its directory) is on a
 * file system mounted read-only. */
static int
store_on_readonly_fs(const char *path)
{
	struct statvfs sv;
	char dir[4096], *slash;

	if (statvfs(path, &sv) == 0)
		return (sv.f_flag & ST_RDONLY) != 0;
	snprintf(dir, sizeof dir, "%s", path);
	if ((slash = strrchr(dir, '/')) == NULL)
		snprintf(dir, sizeof dir, ".");
	else
		slash[slash == dir] = '\0';
	return statvfs(dir, &sv) == 0 && (sv.f_flag & ST_RDONLY) != 0;
}

/* "file:PATH?immutable=1", PATH percent-escaped where a URI needs it. */
static void
store_immutable_uri(const char *path, char *buf, size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "file:");
	const char *p;

	for (p = path; *p && n + 4 < len; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			n += (size_t)snprintf(buf + n, len - n, "%%%02X",
			    (unsigned char)*p);
		else
			buf[n++] = *p;
	}
	snprintf(buf + n, len - n, "?immutable=1");
}

int
trace_store_open(const char *path, int flags, struct trace_store **out,
    struct cma_err *err)
{
	struct trace_store *s;
	struct stat sb;
	char uri[sizeof s->path * 3 + 32];
	int oflags, ret;

	*out = NULL;
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		cma_err_set(err, "%s: is a directory, not a database", path);
		return -EISDIR;
	}
	s = calloc(1, sizeof *s);
	if (s == NULL)
		return -ENOMEM;
	snprintf(s->path, sizeof s->path, "%s", path);
	s->readonly = (flags & TRACE_STORE_READONLY) != 0;
	oflags = s->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (flags & TRACE_STORE_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	/* One thread at a time per store; the writer has its own lock for
	 * appends from several threads.  SQLite's own per-call mutex would
	 * cost about a tenth of a replay. */
	oflags |= SQLITE_OPEN_NOMUTEX;
	if (store_on_readonly_fs(path)) {
		if (!s->readonly) {
			cma_err_set(err, "%s: on a read-only file system, "
			    "cannot be written", path);
			ret = -EROFS;
			goto fail;
		}
		/* Nobody can change it, and a WAL database cannot be read
		 * where its -shm file cannot be made, unless immutable. */
		store_immutable_uri(path, uri, sizeof uri);
		path = uri;
		oflags |= SQLITE_OPEN_URI;
	}
	if (sqlite3_open_v2(path, &s->db, oflags, NULL) != SQLITE_OK) {
		if (!(flags & TRACE_STORE_CREATE) && s->db &&
		    sqlite3_errcode(s->db) == SQLITE_CANTOPEN) {
			cma_err_set(err, "%s: no such database", s->path);
			ret = -ENOENT;
		} else
			ret = store_fail(err, s->path, s->db, "opening");
		goto fail;
	}
	sqlite3_busy_timeout(s->db, 5000);
	sqlite3_extended_result_codes(s->db, 0);
	if ((ret = store_prepare(s, err)) < 0)
		goto fail;
	if (!s->readonly &&
	    (sqlite3_exec(s->db, "PRAGMA journal_mode=WAL", NULL, NULL,
	    NULL) != SQLITE_OK ||
	    sqlite3_exec(s->db, "PRAGMA synchronous=NORMAL", NULL, NULL,
	    NULL) != SQLITE_OK)) {
		ret = store_fail(err, s->path, s->db, "setting WAL mode");
		goto fail;
	}
	*out = s;
	return 0;
fail:
	sqlite3_close(s->db);
	free(s);
	return ret;
}

void
trace_store_close(struct trace_store *s)
{
	if (s == NULL)
		return;
	sqlite3_close(s->db);
	free(s);
}

struct sqlite3 *
trace_store_db(struct trace_store *s)
{
	return s->db;
}

const char *
trace_store_path(const struct trace_store *s)
{
	return s->path;
}

/*
 * Reading a trace needs no secondary index: its events are the rowid range
 * traces.first_seq..last_seq.  Matching frees to allocations (the views)
 * does, and it is built here, once the load is in.
 */
int
trace_store_index(struct trace_store *s)
{
	return sqlite3_exec(s->db,
	    "CREATE INDEX IF NOT EXISTS events_trace_chunk ON events(trace, "
	    "chunk)", NULL, NULL, NULL) == SQLITE_OK ? 0 : -EIO;
}

static char *
store_column(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return strdup(t ? (const char *)t : "");
}

int
trace_store_trace(struct trace_store *s, int64_t id, struct trace_info *info,
    struct cma_err *err)
{
	sqlite3_stmt *st;
	int rc;

	memset(info, 0, sizeof *info);
	if (sqlite3_prepare_v2(s->db, "SELECT id, name, source, created, "
	    "board, board_text, cma, map, allocators, note, events, complete "
	    "FROM traces WHERE id = ?", -1, &st, NULL) != SQLITE_OK)
		return store_fail(err, s->path, s->db, "reading traces");
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		if (rc == SQLITE_DONE) {
			cma_err_set(err, "%s: no trace %lld", s->path,
			    (long long)id);
			return -ENOENT;
		}
		return store_fail(err, s->path, s->db, "reading traces");
	}
	info->id = sqlite3_column_int64(st, 0);
	info->name = store_column(st, 1);
	info->source = store_column(st, 2);
	info->created = store_column(st, 3);
	info->board = store_column(st, 4);
	info->board_text = store_column(st, 5);
	info->cma = store_column(st, 6);
	info->map = store_column(st, 7);
	info->allocators = store_column(st, 8);
	info->note = store_column(st, 9);
	info->events = sqlite3_column_int64(st, 10);
	info->complete = sqlite3_column_int(st, 11);
	sqlite3_finalize(st);
	return 0;
}

int64_t
trace_store_latest(struct trace_store *s)
{
	sqlite3_stmt *st;
	int64_t id = -ENOENT;

	if (sqlite3_prepare_v2(s->db, "SELECT MAX(id) FROM traces", -1, &st,
	    NULL) != SQLITE_OK)
		return -EIO;
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

void
trace_info_free(struct trace_info *i)
{
	free(i->name);
	free(i->source);
	free(i->created);
	free(i->board);
	free(i->board_text);
	free(i->cma);
	free(i->map);
	free(i->allocators);
	free(i->note);
	memset(i, 0, sizeof *i);
}

int
trace_store_set_layout(struct trace_store *s, int64_t id, const char *board,
    const char *board_text, const char *cma, const char *map,
    struct cma_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, "UPDATE traces SET board = ?, "
	    "board_text = ?, cma = ?, map = ? WHERE id = ?", -1, &st,
	    NULL) != SQLITE_OK)
		return store_fail(err, s->path, s->db, "updating a trace");
	sqlite3_bind_text(st, 1, board, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, board_text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, cma, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, map, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_fail(err, s->path, s->db, "updating a trace");
	return 0;
}
