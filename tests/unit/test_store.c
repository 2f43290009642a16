/*
 * The trace store: schema creation and refusal of foreign, newer and
 * corrupt databases; writers (atomic commit and abort, batched); events
 * read back field for field, NULLs and 64-bit addresses included; the
 * recorder; the chunk map behind replays, against a plain array.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "chunkmap.h"
#include "cunit_main.h"
#include "recorder.h"
#include "store.h"

static char db_path[64];

static int
store_setup(void)
{
	int fd;

	snprintf(db_path, sizeof db_path, "/tmp/cma-store-XXXXXX");
	fd = mkstemp(db_path);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static void
store_reset(void)
{
	char p[80];

	unlink(db_path);
	snprintf(p, sizeof p, "%s-wal", db_path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", db_path);
	unlink(p);
}

static int
store_teardown(void)
{
	store_reset();
	return 0;
}

static const struct trace_config cfg = {
	.name = "t", .source = "test", .board = "goni",
	.board_text = "bank a 0x40000000 64M\n", .cma = "r=1M", .map = "*/*=r",
	.allocators = "r=bf",
};

static int64_t
count_rows(struct trace_store *st, const char *sql)
{
	sqlite3_stmt *s;
	int64_t n = -1;

	if (sqlite3_prepare_v2(trace_store_db(st), sql, -1, &s, NULL) !=
	    SQLITE_OK)
		return -2;
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

static void
test_create_and_reopen(void)
{
	struct trace_store *st;
	struct cma_err err;

	store_reset();
	CU_ASSERT_EQUAL(trace_store_open(db_path, 0, &st, &err), -ENOENT);
	CU_ASSERT_EQUAL_FATAL(trace_store_open(db_path, TRACE_STORE_CREATE,
	    &st, &err), 0);
	CU_ASSERT_EQUAL(trace_store_latest(st), -ENOENT);
	CU_ASSERT_EQUAL(count_rows(st, "SELECT value FROM meta WHERE key = "
	    "'schema'"), TRACE_SCHEMA_VERSION);
	trace_store_close(st);
	CU_ASSERT_EQUAL_FATAL(trace_store_open(db_path, TRACE_STORE_READONLY,
	    &st, &err), 0);
	trace_store_close(st);
}

static void
test_refusals(void)
{
	struct trace_store *st;
	struct cma_err err;
	sqlite3 *db;
	FILE *f;

	/* Another application's database. */
	store_reset();
	CU_ASSERT_EQUAL_FATAL(sqlite3_open(db_path, &db), SQLITE_OK);
	sqlite3_exec(db, "CREATE TABLE photos (id INTEGER)", NULL, NULL, NULL);
	sqlite3_close(db);
	CU_ASSERT_EQUAL(trace_store_open(db_path, TRACE_STORE_CREATE, &st,
	    &err), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "not a cma trace database"));

	/* A newer schema. */
	store_reset();
	CU_ASSERT_EQUAL_FATAL(trace_store_open(db_path, TRACE_STORE_CREATE,
	    &st, &err), 0);
	sqlite3_exec(trace_store_db(st), "UPDATE meta SET value = '99' WHERE "
	    "key = 'schema'", NULL, NULL, NULL);
	trace_store_close(st);
	CU_ASSERT_EQUAL(trace_store_open(db_path, 0, &st, &err),
	    -EPROTONOSUPPORT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "schema version 99 is newer"));

	/* Not a database at all. */
	store_reset();
	f = fopen(db_path, "w");
	fputs("this is not sqlite, just text long enough to look like a "
	    "header of some sort.......................................", f);
	fclose(f);
	CU_ASSERT(trace_store_open(db_path, TRACE_STORE_CREATE, &st, &err) <
	    0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "not a readable database"));
	/* And it was not touched. */
	f = fopen(db_path, "r");
	{
		char buf[16] = "";

		CU_ASSERT_PTR_NOT_NULL(fgets(buf, sizeof buf, f));
		CU_ASSERT_EQUAL(strncmp(buf, "this is not", 11), 0);
	}
	fclose(f);
}

static void
test_roundtrip(void)
{
	struct trace_store *st;
	struct trace_writer *w;
	struct trace_reader *r;
	struct trace_event ev, in[3] = {
		{ .ts_ns = 5, .op = TRACE_ALLOC, .chunk = 7, .dev = "video",
		  .kind = "a", .size = 0x1234, .align = 0x20000,
		  .has_result = 1, .err = 0, .has_start = 1,
		  .start = 0xfffffffffff00000ull, .region = "b1", .pid = 42 },
		{ .ts_ns = 6, .op = TRACE_ALLOC_FROM, .regions = "b2,b1",
		  .size = 4096, .has_result = 1, .err = ENOMEM },
		{ .ts_ns = 9, .op = TRACE_PUT, .chunk = 7 },
	};
	struct cma_err err;
	int i;

	store_reset();
	CU_ASSERT_EQUAL_FATAL(trace_store_open(db_path, TRACE_STORE_CREATE,
	    &st, &err), 0);
	CU_ASSERT_EQUAL_FATAL(trace_writer_begin(st, &cfg, TRACE_WRITE_ATOMIC,
	    &w, &err), 0);
	for (i = 0; i < 3; i++)
		CU_ASSERT_EQUAL(trace_writer_append(w, &in[i]), 0);
	CU_ASSERT_EQUAL(trace_writer_finish(w, &err), 0);
	CU_ASSERT_EQUAL(trace_store_latest(st), 1);
	CU_ASSERT_EQUAL_FATAL(trace_reader_open(st, 1, &r, &err), 0);

	CU_ASSERT_EQUAL_FATAL(trace_reader_next(r, &ev), 1);
	CU_ASSERT_EQUAL(ev.seq, 1);
	CU_ASSERT_EQUAL(ev.ts_ns, 5);
	CU_ASSERT_EQUAL(ev.op, TRACE_ALLOC);
	CU_ASSERT_EQUAL(ev.chunk, 7);
	CU_ASSERT_STRING_EQUAL(ev.dev, "video");
	CU_ASSERT_STRING_EQUAL(ev.kind, "a");
	CU_ASSERT_PTR_NULL(ev.regions);
	CU_ASSERT_EQUAL(ev.size, 0x1234);
	CU_ASSERT_EQUAL(ev.align, 0x20000);
	CU_ASSERT(ev.has_result && ev.err == 0 && ev.has_start);
	CU_ASSERT_EQUAL(ev.start, 0xfffffffffff00000ull);
	CU_ASSERT_STRING_EQUAL(ev.region, "b1");
	CU_ASSERT_EQUAL(ev.pid, 42);

	CU_ASSERT_EQUAL_FATAL(trace_reader_next(r, &ev), 1);
	CU_ASSERT_EQUAL(ev.op, TRACE_ALLOC_FROM);
	CU_ASSERT_STRING_EQUAL(ev.regions, "b2,b1");
	CU_ASSERT_PTR_NULL(ev.dev);
	CU_ASSERT_EQUAL(ev.chunk, 0);
	CU_ASSERT(ev.has_result && ev.err == ENOMEM && !ev.has_start);

	CU_ASSERT_EQUAL_FATAL(trace_reader_next(r, &ev), 1);
	CU_ASSERT_EQUAL(ev.op, TRACE_PUT);
	CU_ASSERT_EQUAL(ev.chunk, 7);
	CU_ASSERT(!ev.has_result && !ev.has_start);
	CU_ASSERT_EQUAL(trace_reader_next(r, &ev), 0);
	trace_reader_close(r);

	/* The views see it: one allocation freed, one failure. */
	CU_ASSERT_EQUAL(count_rows(st, "SELECT free_seq FROM allocations "
	    "WHERE chunk = 7"), 3);
	CU_ASSERT_EQUAL(count_rows(st, "SELECT COUNT(*) FROM failures"), 1);
	CU_ASSERT_EQUAL(count_rows(st, "SELECT COUNT(*) FROM live_at_end"), 0);
	sqlite3_exec(trace_store_db(st), "UPDATE at SET seq = 2", NULL, NULL,
	    NULL);
	CU_ASSERT_EQUAL(count_rows(st, "SELECT COUNT(*) FROM live_at"), 1);
	CU_ASSERT_EQUAL(count_rows(st, "SELECT events FROM traces WHERE id = "
	    "1"), 3);
	trace_store_close(st);
}

static void
test_abort_leaves_nothing(void)
{
	struct trace_store *st;
	struct trace_writer *w;
	struct trace_event ev = { .op = TRACE_ALLOC, .dev = "x", .size = 1 };
	struct cma_err err;

	store_reset();
	CU_ASSERT_EQUAL_FATAL(trace_store_open(db_path, TRACE_STORE_CREATE,
	    &st, &err), 0);
	CU_ASSERT_EQUAL_FATAL(trace_writer_begin(st, &cfg, TRACE_WRITE_ATOMIC,
	    &w, &err), 0);
	CU_ASSERT_EQUAL(trace_writer_append(w, &ev), 0);
	trace_writer_abort(w);
	CU_ASSERT_EQUAL(count_rows(st, "SELECT COUNT(*) FROM traces"), 0);
	CU_ASSERT_EQUAL(count_rows(st, "SELECT COUNT(*) FROM events"), 0);

	/* Nested in a caller's transaction, a rollback there undoes a
	 * finished writer too (cma import of several files). */
	sqlite3_exec(trace_store_db(st), "BEGIN", NULL, NULL, NULL);
	CU_ASSERT_EQUAL_FATAL(trace_writer_begin(st, &cfg, TRACE_WRITE_ATOMIC,
	    &w, &err), 0);
	CU_ASSERT_EQUAL(trace_writer_append(w, &ev), 0);
	CU_ASSERT_EQUAL(trace_writer_finish(w, &err), 0);
	sqlite3_exec(trace_store_db(st), "ROLLBACK", NULL, NULL, NULL);
	CU_ASSERT_EQUAL(count_rows(st, "SELECT COUNT(*) FROM traces"), 0);
	trace_store_close(st);
}

static void
test_batched_visible_before_finish(void)
{
	struct trace_store *st, *other;
	struct trace_writer *w;
	struct trace_event ev = { .op = TRACE_ALLOC, .dev = "x", .size = 1 };
	struct cma_err err;
	int i;

	store_reset();
	CU_ASSERT_EQUAL_FATAL(trace_store_open(db_path, TRACE_STORE_CREATE,
	    &st, &err), 0);
	CU_ASSERT_EQUAL_FATAL(trace_writer_begin(st, &cfg,
	    TRACE_WRITE_BATCHED, &w, &err), 0);
	for (i = 0; i < 10000; i++)
		CU_ASSERT_EQUAL(trace_writer_append(w, &ev), 0);
	CU_ASSERT_EQUAL(trace_writer_flush(w), 0);
	/* A second connection (another process, or what survives a crash)
	 * sees everything flushed. */
	CU_ASSERT_EQUAL_FATAL(trace_store_open(db_path, TRACE_STORE_READONLY,
	    &other, &err), 0);
	CU_ASSERT_EQUAL(count_rows(other, "SELECT COUNT(*) FROM events"),
	    10000);
	CU_ASSERT_EQUAL(count_rows(other, "SELECT complete FROM traces"), 0);
	trace_store_close(other);
	CU_ASSERT_EQUAL(trace_writer_finish(w, &err), 0);
	CU_ASSERT_EQUAL(count_rows(st, "SELECT complete FROM traces"), 1);
	trace_store_close(st);
}

static void
test_recorder(void)
{
	struct trace_store *st;
	struct trace_recorder *rec;
	struct trace_reader *r;
	struct trace_event ev;
	struct cma_err err;
	struct cma *cma;
	uint64_t a, b;

	store_reset();
	CU_ASSERT_EQUAL_FATAL(trace_store_open(db_path, TRACE_STORE_CREATE,
	    &st, &err), 0);
	CU_ASSERT_EQUAL_FATAL(cma_create(cma_board_builtin("goni"), NULL, NULL,
	    &cma, &err), 0);
	CU_ASSERT_EQUAL_FATAL(trace_recorder_start(cma, st, "rec", "recorded",
	    &rec, &err), 0);
	trace_recorder_set_pid(77);
	CU_ASSERT_EQUAL(cma_alloc(cma, "s5p-mfc5", "a", 5000, 0, &a), 0);
	CU_ASSERT_EQUAL(cma_alloc(cma, "nobody", "x", 4096, 0, &b), 0);
	CU_ASSERT_EQUAL(cma_alloc_from(cma, "fw", 64 << 20, 0, &b), -ENOMEM);
	CU_ASSERT_EQUAL(cma_get(cma, a), 0);
	CU_ASSERT_EQUAL(cma_put(cma, a), 0);
	CU_ASSERT_EQUAL(cma_put(cma, a), 1);
	CU_ASSERT_EQUAL(cma_put(cma, a), -ENOENT);
	CU_ASSERT_EQUAL(trace_recorder_stop(rec, &err), 0);
	cma_destroy(cma);

	CU_ASSERT_EQUAL_FATAL(trace_reader_open(st, 1, &r, &err), 0);
	CU_ASSERT_EQUAL_FATAL(trace_reader_next(r, &ev), 1);
	CU_ASSERT(ev.op == TRACE_ALLOC && ev.chunk == 1 && ev.size == 5000 &&
	    ev.err == 0 && ev.has_start && ev.start == 0x33000000 &&
	    strcmp(ev.region, "b1") == 0 && ev.pid == 77 &&
	    strcmp(ev.kind, "a") == 0);
	CU_ASSERT_EQUAL_FATAL(trace_reader_next(r, &ev), 1);
	CU_ASSERT(ev.op == TRACE_ALLOC && ev.chunk == 2 &&
	    ev.start == 0x33002000);
	CU_ASSERT_EQUAL_FATAL(trace_reader_next(r, &ev), 1);
	CU_ASSERT(ev.op == TRACE_ALLOC_FROM && ev.err == ENOMEM &&
	    ev.chunk == 0 && !ev.has_start && ev.region == NULL);
	CU_ASSERT_EQUAL_FATAL(trace_reader_next(r, &ev), 1);
	CU_ASSERT(ev.op == TRACE_GET && ev.chunk == 1 && ev.err == 0);
	CU_ASSERT_EQUAL_FATAL(trace_reader_next(r, &ev), 1);
	CU_ASSERT(ev.op == TRACE_PUT && ev.chunk == 1 && ev.err == 0);
	CU_ASSERT_EQUAL_FATAL(trace_reader_next(r, &ev), 1);
	CU_ASSERT(ev.op == TRACE_PUT && ev.chunk == 1 && ev.err == 0);
	CU_ASSERT_EQUAL_FATAL(trace_reader_next(r, &ev), 1);
	CU_ASSERT(ev.op == TRACE_PUT && ev.chunk == 0 && ev.err == ENOENT);
	CU_ASSERT_EQUAL(trace_reader_next(r, &ev), 0);
	trace_reader_close(r);
	trace_store_close(st);
}

static void
test_chunkmap_against_array(void)
{
	enum { N = 5000 };
	static uint64_t val[N + 1];
	struct chunkmap m;
	struct chunkmap_entry *e;
	uint64_t s = 12345, k;
	int i, live = 0;

	memset(val, 0, sizeof val);
	chunkmap_init(&m);
	for (i = 0; i < 400000; i++) {
		s = s * 6364136223846793005ull + 1442695040888963407ull;
		k = 1 + (s >> 33) % N;
		e = chunkmap_find(&m, k);
		CU_ASSERT_EQUAL((e != NULL), (val[k] != 0));
		if (e && e->start != val[k])
			CU_FAIL("chunkmap value differs");
		if (val[k] && (s & 1)) {
			chunkmap_remove(&m, e);
			val[k] = 0;
			live--;
		} else if (!val[k]) {
			e = chunkmap_put(&m, k);
			e->start = val[k] = s | 1;
			live++;
		}
		CU_ASSERT_EQUAL(m.count, (size_t)live);
	}
	chunkmap_free(&m);
}

static CU_TestInfo store_tests[] = {
	{ "create and reopen", test_create_and_reopen },
	{ "foreign, newer, corrupt refused", test_refusals },
	{ "events round-trip", test_roundtrip },
	{ "abort leaves nothing", test_abort_leaves_nothing },
	{ "batched: visible before finish", test_batched_visible_before_finish },
	{ "recorder", test_recorder },
	CU_TEST_INFO_NULL
};

static CU_TestInfo chunkmap_tests[] = {
	{ "against an array", test_chunkmap_against_array },
	CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
	{ "store", store_setup, store_teardown, NULL, NULL, store_tests },
	{ "chunkmap", NULL, NULL, NULL, NULL, chunkmap_tests },
	CU_SUITE_INFO_NULL
};

int
main(void)
{
	return cunit_run(suites);
}
