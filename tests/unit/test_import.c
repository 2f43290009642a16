/*
 * The importers (replay/import.h): cma-test scripts, ftrace text, kernel
 * logs.
 *
 * Every event type of every era the importers read, from fixtures under
 * tests/fixtures/import/ (written after the real formats, see the file
 * comments of replay/import_*.c) and the real-device excerpts under
 * traces/: ops, requests, outcomes, chunk identities and the puts that
 * match them, timestamps and pids, what is skipped and counted, and the
 * layout each capture implies (checked by building a framework on it).
 * Malformed input of each format fails with "PATH:LINE: what".  Each
 * importer reads a generated 1,000,000-line capture (through a tmpfile or
 * a pipe) whose allocations are mostly released, with memory that must
 * not grow with the input.  import_detect on every fixture, import_find,
 * and the live table on its own against a reference.
 *
 * Fixtures are found from this file's path (__FILE__ is absolute in a
 * CMake build), so the test runs from any directory.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cunit_main.h"
#include "cma/board.h"
#include "cma/cma.h"
#include "import.h"
#include "import_int.h"

#define KiB (1024ull)
#define MiB (1024ull * 1024)

/* ---- a sink that keeps copies of the events ---- */

struct copy {
	struct trace_event ev;
	char dev[32], kind[32], regions[80], region[80];
};

struct collect {
	struct copy *v;
	size_t	     n, cap;
	int	     fail_at;	/* refuse the event with this index (1-based) */
};

static int
collect_event(void *arg, const struct trace_event *ev)
{
	struct collect *c = arg;
	struct copy *k;

	if (c->fail_at && (size_t)c->fail_at == c->n + 1)
		return -ENOSPC;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->v = realloc(c->v, c->cap * sizeof *c->v);
		CU_ASSERT_FATAL(c->v != NULL);
	}
	k = &c->v[c->n++];
	memset(k, 0, sizeof *k);
	k->ev = *ev;
#define KEEP(f) do {							\
	if (ev->f) {							\
		snprintf(k->f, sizeof k->f, "%s", ev->f);		\
		k->ev.f = k->f;						\
	}								\
} while (0)
	KEEP(dev);
	KEEP(kind);
	KEEP(regions);
	KEEP(region);
#undef KEEP
	return 0;
}

static struct collect C;
static struct import_result R;
static struct cma_err E;

static void
reset(void)
{
	free(C.v);
	memset(&C, 0, sizeof C);
	memset(&R, 0, sizeof R);
	memset(&E, 0, sizeof E);
}

static const char *
fixture(const char *rel)
{
	static char path[4096];
	const char *slash = strrchr(__FILE__, '/');
	int n = slash ? (int)(slash - __FILE__) : 1;

	/* __FILE__ is .../tests/unit/test_import.c */
	snprintf(path, sizeof path, "%.*s/../%s", n, slash ? __FILE__ : ".",
	    rel);
	return path;
}

static int
run_file(import_fn fn, const char *rel)
{
	struct import_sink sink = { collect_event, &C };
	const char *path = fixture(rel);
	FILE *f = fopen(path, "r");
	int ret;

	reset();
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	ret = fn(f, rel, &sink, &R, &E);
	fclose(f);
	if (ret != 0)
		fprintf(stderr, "\n  %s: %s\n", rel, E.msg);
	return ret;
}

static int
run_text_n(import_fn fn, const char *text, size_t len)
{
	struct import_sink sink = { collect_event, &C };
	FILE *f;
	int ret;

	reset();
	f = fmemopen((void *)text, len, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	ret = fn(f, "t.txt", &sink, &R, &E);
	fclose(f);
	return ret;
}

static int
run_text(import_fn fn, const char *text)
{
	return run_text_n(fn, text, strlen(text));
}

/* text[0..len) fails with -EINVAL and "t.txt:LINE: ...what..." */
static void
expect_error_n(import_fn fn, const char *text, size_t len, unsigned line,
    const char *what)
{
	char prefix[32];
	int ret = run_text_n(fn, text, len);

	snprintf(prefix, sizeof prefix, "t.txt:%u: ", line);
	CU_ASSERT_EQUAL(ret, -EINVAL);
	CU_ASSERT_EQUAL(strncmp(E.msg, prefix, strlen(prefix)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(E.msg, what));
	if (ret != -EINVAL || strncmp(E.msg, prefix, strlen(prefix)) != 0 ||
	    strstr(E.msg, what) == NULL)
		fprintf(stderr, "\n  input '%.60s...' gave %d '%s', want "
		    "'%s...%s'\n", text, ret, E.msg, prefix, what);
}

static void
expect_error(import_fn fn, const char *text, unsigned line, const char *what)
{
	expect_error_n(fn, text, strlen(text), line, what);
}

#define EXPECT_ERROR_LIT(fn, lit, line, what) \
	expect_error_n(fn, lit, sizeof(lit) - 1, line, what)

static const struct trace_event *
ev(size_t i)
{
	CU_ASSERT_FATAL(i < C.n);
	return &C.v[i].ev;
}

static void
expect_str(const char *got, const char *want)
{
	if (want == NULL) {
		CU_ASSERT_PTR_NULL(got);
		return;
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(got);
	CU_ASSERT_STRING_EQUAL(got, want);
}

static void
expect_alloc(size_t i, const char *dev, const char *kind, uint64_t size,
    uint64_t align, uint64_t chunk)
{
	const struct trace_event *e = ev(i);

	CU_ASSERT_EQUAL(e->op, TRACE_ALLOC);
	expect_str(e->dev, dev);
	expect_str(e->kind, kind);
	CU_ASSERT_EQUAL(e->size, size);
	CU_ASSERT_EQUAL(e->align, align);
	CU_ASSERT_EQUAL(e->chunk, chunk);
	CU_ASSERT_EQUAL(e->has_result, 0);
}

/* An ALLOC_FROM; err < 0: outcome unknown; start 0: no start. */
static void
expect_from(size_t i, const char *regions, uint64_t size, uint64_t align,
    uint64_t chunk, int err, uint64_t start)
{
	const struct trace_event *e = ev(i);

	CU_ASSERT_EQUAL(e->op, TRACE_ALLOC_FROM);
	expect_str(e->regions, regions);
	CU_ASSERT_EQUAL(e->size, size);
	CU_ASSERT_EQUAL(e->align, align);
	CU_ASSERT_EQUAL(e->chunk, chunk);
	CU_ASSERT_EQUAL(e->has_result, err >= 0);
	CU_ASSERT_EQUAL(e->err, err > 0 ? err : 0);
	CU_ASSERT_EQUAL(e->has_start, start != 0);
	CU_ASSERT_EQUAL(e->start, start);
	if (err == 0) {
		expect_str(e->region, regions);
	} else {
		CU_ASSERT_PTR_NULL(e->region);
	}
}

static void
expect_put(size_t i, uint64_t chunk, int has_result, uint64_t start)
{
	const struct trace_event *e = ev(i);

	CU_ASSERT_EQUAL(e->op, TRACE_PUT);
	CU_ASSERT_EQUAL(e->chunk, chunk);
	CU_ASSERT_EQUAL(e->has_result, has_result);
	CU_ASSERT_EQUAL(e->err, 0);
	CU_ASSERT_EQUAL(e->has_start, start != 0);
	CU_ASSERT_EQUAL(e->start, start);
}

/* R's layout builds a framework where every region is placed; it is
 * handed back in *keep, else destroyed. */
static void
expect_layout_keep(const char *cma_param, int nregions, struct cma **keep)
{
	struct cma_board b;
	struct cma *cma = NULL;

	CU_ASSERT_STRING_EQUAL(R.cma, cma_param);
	if (strcmp(R.cma, cma_param) != 0)
		fprintf(stderr, "\n  cma= '%s', want '%s'\n", R.cma,
		    cma_param);
	CU_ASSERT_STRING_EQUAL(R.map, "");
	memset(&E, 0, sizeof E);
	CU_ASSERT_EQUAL_FATAL(cma_board_parse(R.board, "import", &b, &E), 0);
	CU_ASSERT_EQUAL(b.nbanks, 1);
	CU_ASSERT_EQUAL_FATAL(cma_create(&b, R.cma, R.map, &cma, &E), 0);
	CU_ASSERT_EQUAL(cma_dropped_count(cma), 0);
	CU_ASSERT_EQUAL(cma_region_count(cma), nregions);
	if (keep)
		*keep = cma;
	else
		cma_destroy(cma);
}

static void
expect_layout(const char *cma_param, int nregions)
{
	expect_layout_keep(cma_param, nregions, NULL);
}

/* ================= cma-test ================= */

static void
test_cmatest_fixture(void)
{
	CU_ASSERT_EQUAL_FATAL(run_file(import_cmatest,
	    "fixtures/import/cmatest_basic.txt"), 0);
	CU_ASSERT_EQUAL(R.lines, 17);
	CU_ASSERT_EQUAL(R.events, 11);
	CU_ASSERT_EQUAL(R.skipped, 6);
	CU_ASSERT_EQUAL_FATAL(C.n, 11);
	expect_alloc(0, "s5p-mfc5", "f", 1 * MiB, 128 * KiB, 1);	/* 3 */
	expect_alloc(1, "s5p-mfc5", "a", 6 * MiB, 0, 2);		/* 4 */
	expect_alloc(2, "s5p-fimc.0", NULL, 4 * MiB, 0, 3);		/* 5 */
	expect_alloc(3, "s3c-fb", NULL, 1536 * KiB, 0, 4);		/* 6 */
	expect_alloc(4, "s3c-fb", NULL, 1536 * KiB, 0, 5);	/* 7, repeated */
	expect_put(5, 2, 0, 0);						/* f 4 */
	expect_alloc(6, "s5p-fimc.0", NULL, 4 * MiB, 64 * KiB, 6);	/* 4 again */
	CU_ASSERT_EQUAL(ev(7)->op, TRACE_ALLOC_FROM);			/* 8 */
	expect_str(ev(7)->regions, "b1,b2");
	CU_ASSERT_EQUAL(ev(7)->size, 2 * MiB);
	CU_ASSERT_EQUAL(ev(7)->chunk, 7);
	CU_ASSERT_EQUAL(ev(7)->has_result, 0);
	CU_ASSERT_EQUAL(ev(8)->op, TRACE_ALLOC_FROM);			/* 9 */
	expect_str(ev(8)->regions, "fw");
	CU_ASSERT_EQUAL(ev(8)->size, 64 * KiB);
	CU_ASSERT_EQUAL(ev(8)->align, 4 * KiB);
	CU_ASSERT_EQUAL(ev(8)->chunk, 8);
	expect_put(9, 8, 0, 0);			/* free: the newest */
	expect_put(10, 7, 0, 0);		/* f: the newest now */
	CU_ASSERT_EQUAL(R.board[0], '\0');
	CU_ASSERT_EQUAL(R.cma[0], '\0');
	CU_ASSERT_PTR_NOT_NULL(strstr(R.note, "8 allocations, 3 frees"));
}

static void
test_cmatest_numbers(void)
{
	/* fds 3 4 5; close 4 and 3; the next two get 3 then 4; then 6 */
	CU_ASSERT_EQUAL_FATAL(run_text(import_cmatest,
	    "a d 4K\na d 4K\na d 4K\nf 4\nf 3\na d 4K\na d 4K\na d 4K\n"
	    "f 3\nf 4\nf 5\nf 6\n"), 0);
	CU_ASSERT_EQUAL_FATAL(C.n, 12);
	expect_put(3, 2, 0, 0);
	expect_put(4, 1, 0, 0);
	CU_ASSERT_EQUAL(ev(5)->chunk, 4);	/* number 3 */
	CU_ASSERT_EQUAL(ev(6)->chunk, 5);	/* number 4 */
	CU_ASSERT_EQUAL(ev(7)->chunk, 6);	/* number 6 */
	expect_put(8, 4, 0, 0);
	expect_put(9, 5, 0, 0);
	expect_put(10, 3, 0, 0);
	expect_put(11, 6, 0, 0);
}

static void
test_cmatest_newest(void)
{
	/* "f" frees the newest live chunk, also after a middle one went */
	CU_ASSERT_EQUAL_FATAL(run_text(import_cmatest,
	    "a d 4K\na d 4K\na d 4K\nf 5\nf\nf\n"), 0);
	CU_ASSERT_EQUAL_FATAL(C.n, 6);
	expect_put(3, 3, 0, 0);
	expect_put(4, 2, 0, 0);
	expect_put(5, 1, 0, 0);
}

static void
test_cmatest_repeat(void)
{
	/* an empty first line has nothing to repeat; a comment does not
	 * change what is repeated; spaces-only is empty */
	CU_ASSERT_EQUAL_FATAL(run_text(import_cmatest,
	    "\na d/k 8K\n# c\n\n   \nf\n\n"), 0);
	CU_ASSERT_EQUAL(R.skipped, 2);
	CU_ASSERT_EQUAL_FATAL(C.n, 5);
	expect_alloc(0, "d", "k", 8 * KiB, 0, 1);
	expect_alloc(1, "d", "k", 8 * KiB, 0, 2);
	expect_alloc(2, "d", "k", 8 * KiB, 0, 3);
	expect_put(3, 3, 0, 0);
	expect_put(4, 2, 0, 0);
	/* "dev/" is the empty kind, which is no kind */
	CU_ASSERT_EQUAL_FATAL(run_text(import_cmatest, "a dev/ 1M\n"), 0);
	expect_alloc(0, "dev", NULL, MiB, 0, 1);
	/* CRLF */
	CU_ASSERT_EQUAL_FATAL(run_text(import_cmatest, "a dev 1M\r\nf\r\n"),
	    0);
	CU_ASSERT_EQUAL(C.n, 2);
}

static void
test_cmatest_limits(void)
{
	char line[1100];

	/* 16 characters for a name and a kind; 31 for a region list */
	CU_ASSERT_EQUAL(run_text(import_cmatest,
	    "a 0123456789abcdef/0123456789abcdef 1M\n"), 0);
	CU_ASSERT_EQUAL(run_text(import_cmatest,
	    "A 0123456789,0123456789,01234567 1M\n"), 0);
	/* a 1022-character line is fine */
	memset(line, ' ', sizeof line);
	memcpy(line, "a d 1M", 6);
	line[1022] = '\n';
	line[1023] = '\0';
	CU_ASSERT_EQUAL(run_text(import_cmatest, line), 0);
	CU_ASSERT_EQUAL(C.n, 1);
}

static void
test_cmatest_errors(void)
{
	char line[1100];

	expect_error(import_cmatest, "a d 1M\nx 1M\n", 2,
	    "unknown command 'x'");
	expect_error(import_cmatest, "alloc d 0\n", 1, "alloc: invalid size 0");
	expect_error(import_cmatest, "a d foo\n", 1, "invalid size 'foo'");
	expect_error(import_cmatest, "a d 99999999999999999999\n", 1,
	    "does not fit in 64 bits");
	expect_error(import_cmatest, "a d 1M/x\n", 1,
	    "invalid alignment 'x'");
	expect_error(import_cmatest, "a d 12Q\n", 1, "unexpected 'Q'");
	expect_error(import_cmatest, "a d 1M junk\n", 1,
	    "unexpected 'junk' at the end");
	expect_error(import_cmatest, "a d\n", 1, "expected a size after 'd'");
	expect_error(import_cmatest, "a\n", 1, "expected DEV[/KIND]");
	expect_error(import_cmatest, "a /k 1M\n", 1, "empty device name");
	expect_error(import_cmatest, "a 0123456789abcdefg 1M\n", 1,
	    "longer than 16");
	expect_error(import_cmatest, "a d/0123456789abcdefg 1M\n", 1,
	    "kind '0123456789abcdefg' is longer than 16");
	expect_error(import_cmatest, "A 0123456789,0123456789,0123456789 1M\n",
	    1, "longer than 31");
	expect_error(import_cmatest, "A b1,,b2 1M\n", 1, "empty region name");
	expect_error(import_cmatest, "a d 1M\nf 9\n", 2, "f: no chunk 9");
	expect_error(import_cmatest, "a d 1M\nf 3 4\n", 2, "unexpected '4'");
	expect_error(import_cmatest, "a d 1M\nf x\n", 2, "invalid number 'x'");
	expect_error(import_cmatest, "a d 1M\nf 3\nf\n", 3, "f: no chunks");
	expect_error(import_cmatest, "a d 1M\nw 4\n", 2, "w: no chunk 4");
	expect_error(import_cmatest, "v\n", 1, "v: no chunks");
	expect_error(import_cmatest, "l 3\n", 1, "l: unexpected '3'");
	expect_error(import_cmatest, "a d 1M\nf 3\n\n", 3,
	    "(empty line repeats 'f 3') f: no chunk 3");
	expect_error(import_cmatest, "a d 1M", 1, "no newline");
	EXPECT_ERROR_LIT(import_cmatest, "a d 1M\n# ok\nf\0 3\n", 3, "NUL byte");
	memset(line, ' ', sizeof line);
	memcpy(line, "a d 1M", 6);
	line[1023] = '\n';
	line[1024] = '\0';
	expect_error(import_cmatest, line, 1, "line too long");
}

static void
test_cmatest_sink_error(void)
{
	struct import_sink sink = { collect_event, &C };
	const char *text = "a d 1M\na d 1M\na d 1M\n";
	FILE *f;

	reset();
	C.fail_at = 2;
	f = fmemopen((void *)text, strlen(text), "r");
	CU_ASSERT_EQUAL(import_cmatest(f, "t.txt", &sink, &R, &E), -ENOSPC);
	fclose(f);
	CU_ASSERT_EQUAL(C.n, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(E.msg, "t.txt:2: could not store"));
	/* NULL sink and NULL result are allowed */
	f = fmemopen((void *)text, strlen(text), "r");
	CU_ASSERT_EQUAL(import_cmatest(f, NULL, NULL, NULL, NULL), 0);
	fclose(f);
}

/* ================= ftrace ================= */

static void
test_ftrace_modern(void)
{
	const struct trace_event *e;
	struct cma *cma;

	CU_ASSERT_EQUAL_FATAL(run_file(import_ftrace,
	    "fixtures/import/ftrace_modern.txt"), 0);
	CU_ASSERT_EQUAL(R.lines, 26);
	CU_ASSERT_EQUAL(R.events, 5);
	CU_ASSERT_EQUAL(R.skipped, 21);
	CU_ASSERT_EQUAL_FATAL(C.n, 5);
	expect_from(0, "reserved", 4 * 4096, 4 * 4096, 1, 0, 0x40000000ull);
	e = ev(0);
	CU_ASSERT_EQUAL(e->pid, 112);
	CU_ASSERT_EQUAL(e->ts_ns, 0);
	expect_from(1, "reserved", 2025 * 4096, 1 * MiB, 2, 0, 0x40200000ull);
	CU_ASSERT_EQUAL(ev(1)->pid, 305);	/* "v4l2-mem2mem-7" */
	CU_ASSERT_EQUAL(ev(1)->ts_ns, 2750000);
	expect_from(2, "linux_cma", 8192 * 4096, 1 * MiB, 3, ENOMEM, 0);
	CU_ASSERT_EQUAL(ev(2)->pid, 5678);
	expect_put(3, 1, 1, 0x40000000ull);
	expect_str(ev(3)->region, "reserved");
	CU_ASSERT_EQUAL(ev(3)->ts_ns, 4750000);
	/* the release of pfn 0x50000 was never allocated: skipped */
	expect_from(4, "linux_cma", 256 * 4096, 1 * MiB, 4, 0, 0x70000000ull);
	CU_ASSERT_PTR_NOT_NULL(strstr(R.note, "4 allocations (1 failed), "
	    "1 releases"));
	CU_ASSERT_PTR_NOT_NULL(strstr(R.note, "1 releases of chunks not seen "
	    "allocated skipped"));
	CU_ASSERT_PTR_NOT_NULL(strstr(R.note, "3 events lost"));
	/* reserved: 0x40000000..0x409e9000 rounded out to 1 MiB */
	cma = NULL;
	expect_layout_keep("reserved=10M@0x40000000;linux_cma=1M@0x70000000",
	    2, &cma);
	CU_ASSERT_PTR_NOT_NULL(strstr(R.board, "bank dram 0x40000000 "
	    "0x30100000"));
	/* the capture's successes fit its own layout */
	if (cma) {
		uint64_t start;

		CU_ASSERT_EQUAL(cma_alloc_from(cma, "reserved", 4 * 4096,
		    4 * 4096, &start), 0);
		CU_ASSERT_EQUAL(cma_alloc_from(cma, "reserved", 2025 * 4096,
		    MiB, &start), 0);
		CU_ASSERT_EQUAL(cma_alloc_from(cma, "linux_cma", 256 * 4096,
		    MiB, &start), 0);
		cma_destroy(cma);
	}
}

static void
test_ftrace_2021(void)
{
	CU_ASSERT_EQUAL_FATAL(run_file(import_ftrace,
	    "fixtures/import/ftrace_2021.txt"), 0);
	CU_ASSERT_EQUAL_FATAL(C.n, 3);
	expect_from(0, "reserved", 1200 * 4096, MiB, 1, 0, 0x3f000000ull);
	CU_ASSERT_EQUAL(ev(0)->pid, 1501);
	/* no errorno: pfn -1 and a NULL page are a failure, ENOMEM */
	expect_from(1, "reserved", 65536 * 4096, MiB, 2, ENOMEM, 0);
	expect_put(2, 1, 1, 0x3f000000ull);
	CU_ASSERT_EQUAL(ev(2)->ts_ns, 880000000);
	expect_layout("reserved=5M@0x3f000000", 1);
}

static void
test_ftrace_old(void)
{
	CU_ASSERT_EQUAL_FATAL(run_file(import_ftrace,
	    "fixtures/import/ftrace_old.txt"), 0);
	CU_ASSERT_EQUAL_FATAL(C.n, 4);
	/* no name=: one area called "cma" */
	expect_from(0, "cma", 4 * 4096, 4 * 4096, 1, 0, 0x2e800000ull);
	CU_ASSERT_EQUAL(ev(0)->pid, 812);	/* "gst-launch-1.0" */
	expect_from(1, "cma", 124 * 4096, 128 * 4096, 2, 0, 0x2e880000ull);
	/* pfn=ffffffff page=  (null): the padded NULL of old kernels */
	expect_from(2, "cma", 2025 * 4096, MiB, 3, ENOMEM, 0);
	expect_put(3, 1, 1, 0x2e800000ull);
	CU_ASSERT_EQUAL(ev(3)->ts_ns, 889000000);
	expect_layout("cma=1M@0x2e800000", 1);
}

static void
test_ftrace_pipe(void)
{
	/* trace_pipe: no header, no irq flags, a TGID column, a task name
	 * with a space and a colon */
	CU_ASSERT_EQUAL_FATAL(run_file(import_ftrace,
	    "fixtures/import/ftrace_pipe.txt"), 0);
	CU_ASSERT_EQUAL_FATAL(C.n, 2);
	expect_from(0, "cma-secure", 16 * 4096, 16 * 4096, 1, 0,
	    0x98000000ull);
	CU_ASSERT_EQUAL(ev(0)->pid, 640);
	expect_put(1, 1, 1, 0x98000000ull);
	CU_ASSERT_EQUAL(ev(1)->ts_ns, 499999000);
}

static void
test_ftrace_2025(void)
{
	CU_ASSERT_EQUAL_FATAL(run_file(import_ftrace,
	    "fixtures/import/ftrace_2025.txt"), 0);
	CU_ASSERT_EQUAL_FATAL(C.n, 1);
	expect_from(0, "hugetlb0", 512 * 4096, 2 * MiB, 1, 0,
	    0x100200000ull);
	/* total_count=262144 pages: the region is the area's 1 GiB */
	expect_layout("hugetlb0=1024M@0x100200000", 1);
}

static void
test_ftrace_variants(void)
{
	/* context-info off; other events skipped; replacement of a live
	 * chunk by a new success at the same pfn (lost release) */
	CU_ASSERT_EQUAL_FATAL(run_text(import_ftrace,
	    "cma_alloc_finish: name=a pfn=0x100 page=00000000000000aa count=1 "
	    "align=0 errorno=0\n"
	    "sched_switch: prev_comm=x prev_pid=1\n"
	    "cma_alloc_finish: name=a pfn=0x100 page=00000000000000bb count=1 "
	    "align=0 errorno=0\n"
	    "cma_release: name=a pfn=0x100 page=00000000000000bb count=1\n"
	    "cma_release: name=a pfn=0x100 page=00000000000000bb count=1\n"),
	    0);
	CU_ASSERT_EQUAL_FATAL(C.n, 3);
	CU_ASSERT_EQUAL(ev(0)->pid, 0);
	CU_ASSERT_EQUAL(ev(0)->ts_ns, 0);
	expect_put(2, 2, 1, 0x100000);
	CU_ASSERT_EQUAL(R.skipped, 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(R.note, "1 allocations over a live"));
	/* keys in any order, unknown keys, an errorno other than -ENOMEM,
	 * a counter clock */
	CU_ASSERT_EQUAL_FATAL(run_text(import_ftrace,
	    "  t-1 [000] 123456: cma_alloc_finish: errorno=-16 count=2 "
	    "align=1 vendor=7 pfn=0 page=0000000000000000 name=x\n"), 0);
	expect_from(0, "x", 2 * 4096, 2 * 4096, 1, EBUSY, 0);
	/* trace-cmd report: its header, event names padded */
	CU_ASSERT_EQUAL_FATAL(run_text(import_ftrace,
	    "version = 6\ncpus=4\n"
	    "     app-77    [002]  3.250000: cma_release:          name=x "
	    "pfn=0x10 page=00000001 count=1\n"), 0);
	CU_ASSERT_EQUAL(R.skipped, 3);
	/* a cut last line (trace_pipe interrupted) is dropped, noted */
	CU_ASSERT_EQUAL_FATAL(run_text(import_ftrace,
	    "  t-1 [000] 1.0: cma_alloc_finish: name=x pfn=0x10 page=00000001 "
	    "count=1 align=0 errorno=0\n"
	    "  t-1 [000] 1.1: cma_alloc_finish: name=x pfn=0x"), 0);
	CU_ASSERT_EQUAL(C.n, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(R.note, "last line cut short"));
	/* area names are made safe for cma= and stay distinct */
	CU_ASSERT_EQUAL_FATAL(run_text(import_ftrace,
	    "t-1 [0] 1.0: cma_alloc_finish: name=a,b pfn=0x100 page=1 count=1 "
	    "align=0 errorno=0\n"
	    "t-1 [0] 1.0: cma_alloc_finish: name=a_b pfn=0x200 page=1 count=1 "
	    "align=0 errorno=0\n"), 0);
	expect_str(ev(0)->regions, "a_b");
	expect_str(ev(1)->regions, "a_b-2");
	expect_layout("a_b=1M@0x100000;a_b-2=1M@0x200000", 2);
}

static void
test_ftrace_errors(void)
{
	const char *pfx = "  t-1 [000] .... 1.000000: ";
	char buf[5000];

#define LINE(s) (snprintf(buf, sizeof buf, "%s%s\n", pfx, s), buf)
	expect_error(import_ftrace, "# tracer: nop\nhello world\n", 2,
	    "not an ftrace event line");
	expect_error(import_ftrace, LINE("cma_alloc_finish: name=r pfn=0x1 "
	    "page=1 align=0 errorno=0"), 1, "cma_alloc_finish: missing count=");
	expect_error(import_ftrace, LINE("cma_alloc_finish: name=r pfn=xyz "
	    "page=1 count=1 align=0"), 1, "invalid pfn 'xyz'");
	expect_error(import_ftrace, LINE("cma_release: name=r pfn"), 1,
	    "expected KEY=VALUE at 'pfn'");
	expect_error(import_ftrace, LINE("cma_alloc: pfn=1 page=1 count=1 "
	    "align=99"), 1, "invalid align '99'");
	expect_error(import_ftrace, LINE("cma_alloc: pfn=1 page=1 count=0 "
	    "align=0"), 1, "invalid count 0");
	expect_error(import_ftrace, LINE("cma_alloc: pfn=1 page=zz count=1 "
	    "align=0"), 1, "invalid page 'zz'");
	expect_error(import_ftrace, LINE("cma_alloc_finish: name=r pfn=1 "
	    "page=1 count=1 align=0 errorno=x"), 1, "invalid errorno");
	expect_error(import_ftrace, LINE("cma_alloc_start: name=r align=0"), 1,
	    "missing count=");
	/* an empty name= takes the next word, and pfn= goes missing */
	expect_error(import_ftrace, LINE("cma_release: name= pfn=1 count=1"),
	    1, "missing pfn=");
	expect_error(import_ftrace, LINE("cma_alloc_finish: name="
	    "a234567890123456789012345678901234567890123456789012345678901234 "
	    "pfn=1 page=1 count=1 align=0"), 1, "longer than 63");
	expect_error(import_ftrace, LINE("cma_alloc_finish: name=r "
	    "pfn=0xfffffffffffff page=1 count=1 align=0 errorno=0"), 1,
	    "beyond 2^64");
	EXPECT_ERROR_LIT(import_ftrace, "t-1 [000] 1.0: sched\0: x\n", 1,
	    "NUL byte");
	memset(buf, 'x', sizeof buf);
	memcpy(buf, "t-1 [0] 1.0: cma_alloc: pfn=", 28);
	buf[4500] = '\n';
	buf[4501] = '\0';
	expect_error(import_ftrace, buf, 1, "line longer than 4096");
	/* a long line of another event is fine */
	memcpy(buf, "t-1 [0] 1.0: foo_bar: x=", 24);
	CU_ASSERT_EQUAL(run_text(import_ftrace, buf), 0);
	CU_ASSERT_EQUAL(R.skipped, 1);
#undef LINE
}

/* ================= kernel log ================= */

static void
test_dmesg_3x(void)
{
	CU_ASSERT_EQUAL_FATAL(run_file(import_dmesg,
	    "fixtures/import/dmesg_3x.txt"), 0);
	CU_ASSERT_EQUAL(R.lines, 14);
	CU_ASSERT_EQUAL(R.events, 5);
	CU_ASSERT_EQUAL_FATAL(C.n, 5);
	expect_from(0, "cma-c5eb4a80", 4 * 4096, 4 * 4096, 1, 0, 0);
	CU_ASSERT_EQUAL(ev(0)->ts_ns, 0);
	expect_from(1, "cma-c5eb4a80", 124 * 4096, 128 * 4096, 2, 0, 0);
	/* no result before the same caller's next request: unknown */
	expect_from(2, "cma-c5eb4a80", 385 * 4096, MiB, 3, -1, 0);
	expect_from(3, "cma-c5eb4a80", 152 * 4096, MiB, 4, 0, 0);
	expect_put(4, 1, 1, 0);
	CU_ASSERT_EQUAL(ev(4)->ts_ns, 654300000);
	CU_ASSERT_PTR_NOT_NULL(strstr(R.note, "4 allocations (0 failed, 1 "
	    "unknown), 1 releases"));
	CU_ASSERT_PTR_NOT_NULL(strstr(R.note, "1 releases of unknown pages"));
	/* one area, one "CMA: reserved" line: the layout is exact */
	expect_layout("cma-c5eb4a80=256M@0x2e000000", 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(R.board, "bank dram 0x2e000000 "
	    "0x10000000"));
}

static void
test_dmesg_modern(void)
{
	CU_ASSERT_EQUAL_FATAL(run_file(import_dmesg,
	    "fixtures/import/dmesg_modern.txt"), 0);
	CU_ASSERT_EQUAL_FATAL(C.n, 5);
	expect_from(0, "linux_cma", 4 * 4096, 4 * 4096, 1, 0, 0);
	CU_ASSERT_EQUAL(ev(0)->pid, 101);
	/* T103's request completes while T102's is still pending */
	expect_from(1, "linux_cma", 8 * 4096, 8 * 4096, 2, 0, 0);
	CU_ASSERT_EQUAL(ev(1)->pid, 103);
	/* the errno of the "alloc failed" line, then returned NULL */
	expect_from(2, "linux_cma", 2025 * 4096, MiB, 3, EBUSY, 0);
	CU_ASSERT_EQUAL(ev(2)->pid, 102);
	expect_put(3, 1, 1, 0);
	CU_ASSERT_EQUAL(ev(3)->pid, 101);
	/* a failure with no request line: alignment unknown */
	expect_from(4, "linux_cma", 512 * 4096, 0, 4, ENOMEM, 0);
	expect_layout("linux_cma=128M@0x78000000", 1);
}

static void
test_dmesg_syslog(void)
{
	CU_ASSERT_EQUAL_FATAL(run_file(import_dmesg,
	    "fixtures/import/dmesg_syslog.txt"), 0);
	CU_ASSERT_EQUAL(R.lines, 8);
	CU_ASSERT_EQUAL_FATAL(C.n, 4);
	expect_from(0, "cma", 2025 * 4096, 0, 1, ENOMEM, 0);
	CU_ASSERT_EQUAL(ev(0)->ts_ns, 0);
	expect_from(1, "cma", 2025 * 4096, 0, 2, ENOMEM, 0);	/* <3> */
	CU_ASSERT_EQUAL(ev(1)->ts_ns, 2923629000ull);
	expect_from(2, "cma", 4096, 0, 3, EBUSY, 0);		/* /dev/kmsg */
	CU_ASSERT_EQUAL(ev(2)->ts_ns, 3923629000ull);
	expect_from(3, "cma", 64 * 4096, 0, 4, ENOMEM, 0);	/* ISO */
	expect_layout("cma=256M@0x1ec00000", 1);
}

static void
test_dmesg_variants(void)
{
	/* early-boot (____ptrval____) pointers; a result with no request;
	 * a dmesg -T date; a vendor "pfn(...)" after the pointer; the 2025
	 * message with total/used/request counts; __cma_release_frozen */
	CU_ASSERT_EQUAL_FATAL(run_text(import_dmesg,
	    "[    0.070467] cma: cma_alloc(cma (____ptrval____), count 256, "
	    "align 8)\n"
	    "[    0.073003] cma: cma_alloc(): returned (____ptrval____)\n"
	    "[    0.080000] cma: cma_release(page (____ptrval____))\n"
	    "[    0.090000] cma: cma_alloc(): returned 00000000deadbeef\n"
	    "[Mon Mar  1 12:00:00 2021] cma: dma_alloc_from_contiguous(cma "
	    "c5eb4a80, count 8, align 3)\n"
	    "[Mon Mar  1 12:00:00 2021] cma: dma_alloc_from_contiguous(): "
	    "returned c0e4f000 pfn(2e800)\n"
	    "[    9.000000] cma: __cma_alloc_frozen(cma 00000000aa, name: "
	    "reserved, total count 16384, used count: 66, request count 2, "
	    "align 1)\n"
	    "[    9.000010] cma: __cma_alloc_frozen(): returned "
	    "00000000bbbb\n"
	    "[    9.100000] cma: find_cma_memrange(page 00000000bbbb, "
	    "count 2)\n"
	    "[    9.100010] cma: __cma_release_frozen(page 00000000bbbb, "
	    "count 2)\n"
	    "[    9.200000] cma: cma_alloc(cma 00000000aa, name: reserved, "
	    "count 1, align 0)\n"), 0);
	CU_ASSERT_EQUAL_FATAL(C.n, 5);
	expect_from(0, "cma", 256 * 4096, MiB, 1, 0, 0);
	expect_from(1, "cma-c5eb4a80", 8 * 4096, 8 * 4096, 2, 0,
	    0x2e800000ull);
	expect_from(2, "reserved", 2 * 4096, 2 * 4096, 3, 0, 0);
	expect_put(3, 3, 1, 0);
	expect_from(4, "reserved", 4096, 4096, 4, -1, 0);	/* log ended */
	CU_ASSERT_PTR_NOT_NULL(strstr(R.note, "1 results without request"));
	CU_ASSERT_PTR_NOT_NULL(strstr(R.note, "1 allocations without pointer"));
	/* no reservation lines: sizes from the peak, no fixed start */
	/* the pfn(...) gave one area a place; "total count" the size of
	 * another; the third is as big as its peak */
	expect_layout("cma-c5eb4a80=1M@0x2e800000;cma=1M;reserved=64M", 3);
	CU_ASSERT_PTR_NOT_NULL(strstr(R.note, "peak allocated"));
}

static void
test_dmesg_errors(void)
{
	expect_error(import_dmesg, "[ 1.0] cma: cma_alloc(cma c5, count x, "
	    "align 2)\n", 1, "invalid number 'x'");
	expect_error(import_dmesg, "[ 1.0] cma: cma_alloc(cma c5, count 1, "
	    "align 2\n", 1, "missing ')'");
	expect_error(import_dmesg, "[ 1.0] cma: cma_alloc(cma c5, count 1)\n",
	    1, "expected a count and an align");
	expect_error(import_dmesg, "x\n[ 1.0] cma: cma_alloc(cma zz, count 1, "
	    "align 2)\n", 2, "expected 'cma POINTER, ...'");
	expect_error(import_dmesg, "cma: cma_alloc(cma c5, count 1, align 2) "
	    "x\n", 1, "unexpected 'x' after ')'");
	expect_error(import_dmesg, "cma: cma_alloc(cma c5, count 0, align 2)"
	    "\n", 1, "invalid count 0");
	expect_error(import_dmesg, "cma: cma_alloc(cma c5, count 1, align 99)"
	    "\n", 1, "invalid align 99");
	expect_error(import_dmesg, "cma: cma_alloc(): returned zz\n", 1,
	    "expected a pointer after 'returned'");
	expect_error(import_dmesg, "cma: cma_alloc(): returned c0 junk\n", 1,
	    "unexpected 'junk'");
	expect_error(import_dmesg, "cma: cma_release(page xyz)\n", 1,
	    "expected 'page POINTER'");
	expect_error(import_dmesg, "cma: cma_alloc: alloc failed, req-size: "
	    "x pages, ret: -12\n", 1, "expected 'alloc failed, req-size");
	expect_error(import_dmesg, "cma: cma_alloc: alloc failed, req-size: "
	    "1 pages, ret: 0\n", 1, "ret 0");
	expect_error(import_dmesg, "[ 0.0] cma: Reserved lots MiB at 0x0\n", 1,
	    "expected 'reserved N MiB at ADDRESS'");
	expect_error(import_dmesg, "cma: Reserved 16 MiB at 0x1ec0c\n", 1,
	    "not page aligned");
	EXPECT_ERROR_LIT(import_dmesg, "ok\ncma: cma\0_alloc\n", 2, "NUL byte");
}

/* ================= detect, find ================= */

static void
detect_file(const char *rel, const char *want)
{
	FILE *f = fopen(fixture(rel), "r");
	const char *got;
	char first[64];

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	got = import_detect(f);
	if (want == NULL) {
		CU_ASSERT_PTR_NULL(got);
	} else {
		CU_ASSERT_PTR_NOT_NULL(got);
		if (got)
			CU_ASSERT_STRING_EQUAL(got, want);
	}
	if ((want == NULL) != (got == NULL) || (got && strcmp(got, want)))
		fprintf(stderr, "\n  %s: detected %s, want %s\n", rel,
		    got ? got : "nothing", want ? want : "nothing");
	/* put back at the start */
	CU_ASSERT_PTR_NOT_NULL(fgets(first, sizeof first, f));
	fclose(f);
}

static void
test_detect(void)
{
	FILE *f;
	int fds[2];
	const char *text = "plain text\nnothing to see\n";

	detect_file("fixtures/import/cmatest_basic.txt", "cma-test");
	detect_file("fixtures/import/ftrace_modern.txt", "ftrace");
	detect_file("fixtures/import/ftrace_2021.txt", "ftrace");
	detect_file("fixtures/import/ftrace_old.txt", "ftrace");
	detect_file("fixtures/import/ftrace_pipe.txt", "ftrace");
	detect_file("fixtures/import/ftrace_2025.txt", "ftrace");
	detect_file("fixtures/import/dmesg_3x.txt", "dmesg");
	detect_file("fixtures/import/dmesg_modern.txt", "dmesg");
	detect_file("fixtures/import/dmesg_syslog.txt", "dmesg");
	detect_file("../traces/imx6-gstreamer-h264enc.dmesg", "dmesg");
	detect_file("../traces/rpi3-vc4-cma-failures.dmesg", "dmesg");
	detect_file("../traces/goni-fragmentation.txt", "cma-test");
	f = fmemopen((void *)text, strlen(text), "r");
	CU_ASSERT_PTR_NULL(import_detect(f));
	CU_ASSERT_EQUAL(ftell(f), 0);
	fclose(f);
	/* a pipe cannot be put back: no guess, nothing read */
	CU_ASSERT_EQUAL_FATAL(pipe(fds), 0);
	CU_ASSERT_EQUAL(write(fds[1], "a d 1M\n", 7), 7);
	close(fds[1]);
	f = fdopen(fds[0], "r");
	CU_ASSERT_PTR_NULL(import_detect(f));
	fclose(f);
}

static void
test_find(void)
{
	CU_ASSERT_PTR_EQUAL(import_find("cma-test"), import_cmatest);
	CU_ASSERT_PTR_EQUAL(import_find("ftrace"), import_ftrace);
	CU_ASSERT_PTR_EQUAL(import_find("dmesg"), import_dmesg);
	CU_ASSERT_PTR_NULL(import_find("perfetto"));
	CU_ASSERT_PTR_NULL(import_find(NULL));
}

/* ================= real-device traces ================= */

static void
test_real_imx6(void)
{
	size_t i;
	static const uint64_t counts[] = { 4, 124, 385, 152, 203, 148, 178,
	    178, 178, 178, 178 };

	CU_ASSERT_EQUAL_FATAL(run_file(import_dmesg,
	    "../traces/imx6-gstreamer-h264enc.dmesg"), 0);
	CU_ASSERT_EQUAL_FATAL(C.n, 11);
	for (i = 0; i < C.n; i++) {
		CU_ASSERT_EQUAL(ev(i)->size, counts[i] * 4096);
		CU_ASSERT_EQUAL(ev(i)->has_result, 0);
		CU_ASSERT_EQUAL(ev(i)->chunk, i + 1);
	}
	CU_ASSERT_EQUAL(ev(1)->align, 128 * 4096);
	/* 1906 pages requested, none released: an 8 MiB region */
	expect_layout("cma-c5eb4a80=8M", 1);
}

static void
test_real_rpi3(void)
{
	CU_ASSERT_EQUAL_FATAL(run_file(import_dmesg,
	    "../traces/rpi3-vc4-cma-failures.dmesg"), 0);
	CU_ASSERT_EQUAL_FATAL(C.n, 2);
	expect_from(0, "cma", 2025 * 4096, 0, 1, ENOMEM, 0);
	expect_from(1, "cma", 2025 * 4096, 0, 2, ENOMEM, 0);
	CU_ASSERT_EQUAL(ev(1)->ts_ns, 837000);
	/* nothing allocated, no reservation line: a placeholder region */
	expect_layout("cma=1M", 1);
}

/* ================= streaming ================= */

static uint64_t stream_events, stream_puts, stream_bad;

static int
count_event(void *arg, const struct trace_event *e)
{
	(void)arg;
	stream_events++;
	if (e->op == TRACE_PUT)
		stream_puts++;
	if (e->chunk == 0)
		stream_bad++;
	return 0;
}

static long
max_rss_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/*
 * Line i of a generated capture of `fmt`: allocations in groups of 8 live
 * at once, then released, so at most 8 are ever live.
 */
static void
stream_line(FILE *f, const char *fmt, unsigned long i)
{
	unsigned long group = i / 16, k = i % 16, slot = k % 8;
	unsigned long pfn = 0x40000 + slot * 0x100;

	if (strcmp(fmt, "ftrace") == 0) {
		if (k < 8)
			fprintf(f, " worker-%lu [%03lu] ..... %lu.%06lu: "
			    "cma_alloc_finish: name=reserved pfn=0x%lx "
			    "page=%016lx count=%lu align=0 errorno=0\n",
			    100 + slot, slot % 4, group, k, pfn,
			    0xffff000000ul + pfn, 1 + slot);
		else
			fprintf(f, " worker-%lu [%03lu] ..... %lu.%06lu: "
			    "cma_release: name=reserved pfn=0x%lx "
			    "page=%016lx count=%lu\n", 100 + slot, slot % 4,
			    group, k, pfn, 0xffff000000ul + pfn, 1 + slot);
	} else if (strcmp(fmt, "dmesg") == 0) {
		/* a request and its result on two lines, the releases, a
		 * line of another driver: groups of 25 */
		group = i / 25;
		k = i % 25;
		slot = k < 16 ? k / 2 : k - 16;
		if (k == 24)
			fprintf(f, "[%5lu.%06lu] usb 1-1: new high-speed USB "
			    "device number %lu\n", group, k, group % 128);
		else if (k < 16 && k % 2 == 0)
			fprintf(f, "[%5lu.%06lu][  T%lu] cma: cma_alloc(cma "
			    "000000002a1c4f1e, name: reserved, count %lu, "
			    "align 0)\n", group, k, 100 + slot, 1 + slot);
		else if (k < 16)
			fprintf(f, "[%5lu.%06lu][  T%lu] cma: cma_alloc(): "
			    "returned %016lx\n", group, k, 100 + slot,
			    0xffff000000ul + slot * 64);
		else
			fprintf(f, "[%5lu.%06lu][  T%lu] cma: cma_release(page "
			    "%016lx, count %lu)\n", group, k, 100 + slot,
			    0xffff000000ul + slot * 64, 1 + slot);
	} else {
		if (k < 8)
			fprintf(f, "a dev%lu/kind 0x%lx\n", slot, 4096 * (1 + slot));
		else
			fprintf(f, "f %lu\n", 3 + (slot * 5) % 8);
	}
}

#define STREAM_LINES 1000000ul

static void
stream_check(import_fn fn, const char *fmt, FILE *in)
{
	struct import_sink sink = { count_event, NULL };
	long before = max_rss_kib();

	stream_events = stream_puts = stream_bad = 0;
	memset(&R, 0, sizeof R);
	memset(&E, 0, sizeof E);
	CU_ASSERT_EQUAL(fn(in, fmt, &sink, &R, &E), 0);
	if (E.msg[0])
		fprintf(stderr, "\n  %s: %s\n", fmt, E.msg);
	CU_ASSERT_EQUAL(R.lines, STREAM_LINES);
	CU_ASSERT_EQUAL(stream_bad, 0);
	CU_ASSERT_EQUAL(stream_puts * 2, stream_events);
	/* ~100 MB went through; what stays is a few line buffers and a
	 * live table for 8 chunks (sanitizer builds included) */
	CU_ASSERT(max_rss_kib() - before < 16 * 1024);
	if (max_rss_kib() - before >= 16 * 1024)
		fprintf(stderr, "\n  %s: max RSS grew by %ld KiB\n", fmt,
		    max_rss_kib() - before);
}

static void
stream_tmpfile(import_fn fn, const char *fmt)
{
	FILE *f = tmpfile();
	unsigned long i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	for (i = 0; i < STREAM_LINES; i++)
		stream_line(f, fmt, i);
	rewind(f);
	stream_check(fn, fmt, f);
	fclose(f);
}

static void
test_stream_ftrace(void)
{
	stream_tmpfile(import_ftrace, "ftrace");
	CU_ASSERT_EQUAL(stream_events, STREAM_LINES);
}

static void
test_stream_cmatest(void)
{
	stream_tmpfile(import_cmatest, "cma-test");
	CU_ASSERT_EQUAL(stream_events, STREAM_LINES);
}

static void
test_stream_dmesg_pipe(void)
{
	int fds[2], status;
	unsigned long i;
	pid_t pid;
	FILE *f;

	CU_ASSERT_EQUAL_FATAL(pipe(fds), 0);
	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		f = fdopen(fds[1], "w");
		for (i = 0; i < STREAM_LINES; i++)
			stream_line(f, "dmesg", i);
		fclose(f);
		_exit(0);
	}
	close(fds[1]);
	f = fdopen(fds[0], "r");
	stream_check(import_dmesg, "dmesg", f);
	fclose(f);
	CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
	/* 25 lines: 8 allocations and 8 releases */
	CU_ASSERT_EQUAL(stream_events, STREAM_LINES / 25 * 16);
}

/* ================= the live table ================= */

static void
test_live_table(void)
{
	enum { N = 5000 };
	static uint64_t ref[N];		/* id + 1 of key i, 0: absent */
	struct import_live t;
	uint64_t id, bytes, old, x = 88172645463325252ull;
	uint32_t aux;
	int i, k, ret;

	memset(ref, 0, sizeof ref);
	import_live_init(&t);
	for (i = 0; i < 200000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		k = (int)(x % N);
		if (x & 0x100000) {
			ret = import_live_insert(&t, (uint32_t)(k & 3),
			    (uint64_t)k * 4096, (uint64_t)i, 7, (uint32_t)k,
			    &old);
			CU_ASSERT_EQUAL(ret, ref[k] != 0);
			if (ret == 1)
				CU_ASSERT_EQUAL(old, ref[k] - 1);
			ref[k] = (uint64_t)i + 1;
		} else {
			ret = import_live_remove(&t, (uint32_t)(k & 3),
			    (uint64_t)k * 4096, &id, &bytes, &aux);
			CU_ASSERT_EQUAL(ret, ref[k] ? 0 : -ENOENT);
			if (ret == 0) {
				CU_ASSERT_EQUAL(id, ref[k] - 1);
				CU_ASSERT_EQUAL(bytes, 7);
				CU_ASSERT_EQUAL(aux, (uint32_t)k);
			}
			ref[k] = 0;
		}
	}
	for (i = 0, k = 0; i < N; i++)
		k += ref[i] != 0;
	CU_ASSERT_EQUAL(t.count, (size_t)k);
	/* the same key in another area is another entry */
	CU_ASSERT_EQUAL(import_live_remove(&t, 9, 0, NULL, NULL, NULL),
	    -ENOENT);
	import_live_free(&t);
	CU_ASSERT_EQUAL(import_live_remove(&t, 0, 0, NULL, NULL, NULL),
	    -ENOENT);
}

static int
suite_cleanup(void)
{
	reset();
	return 0;
}

static CU_TestInfo cmatest_tests[] = {
	{ "fixture: every command", test_cmatest_fixture },
	{ "chunk numbers are fds, lowest free first", test_cmatest_numbers },
	{ "f frees the newest", test_cmatest_newest },
	{ "empty line repeats, dev/ and CRLF", test_cmatest_repeat },
	{ "name, spec and line limits", test_cmatest_limits },
	{ "malformed lines: PATH:LINE:", test_cmatest_errors },
	{ "a sink's error stops the import", test_cmatest_sink_error },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo ftrace_tests[] = {
	{ "6.x: start/finish/errorno/busy_retry/release", test_ftrace_modern },
	{ "2021: finish without errorno", test_ftrace_2021 },
	{ "2015: cma_alloc without name", test_ftrace_old },
	{ "trace_pipe, tgid, odd task names", test_ftrace_pipe },
	{ "2025: request_count, total_count", test_ftrace_2025 },
	{ "variants", test_ftrace_variants },
	{ "malformed lines: PATH:LINE:", test_ftrace_errors },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo dmesg_tests[] = {
	{ "3.x dma_alloc_from_contiguous", test_dmesg_3x },
	{ "6.x names, caller ids, alloc failed", test_dmesg_modern },
	{ "syslog, <N>, /dev/kmsg, journal", test_dmesg_syslog },
	{ "variants", test_dmesg_variants },
	{ "malformed lines: PATH:LINE:", test_dmesg_errors },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo misc_tests[] = {
	{ "import_detect on every fixture", test_detect },
	{ "import_find", test_find },
	{ "real device: i.MX6 3.10 CMA_DEBUG", test_real_imx6 },
	{ "real device: RPi 3 4.11 failures", test_real_rpi3 },
	{ "live table against a reference", test_live_table },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo stream_tests[] = {
	{ "ftrace, 1,000,000 lines, tmpfile", test_stream_ftrace },
	{ "cma-test, 1,000,000 lines, tmpfile", test_stream_cmatest },
	{ "dmesg, 1,000,000 lines, pipe", test_stream_dmesg_pipe },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "import: cma-test", NULL, suite_cleanup, NULL, NULL, cmatest_tests },
	{ "import: ftrace", NULL, suite_cleanup, NULL, NULL, ftrace_tests },
	{ "import: dmesg", NULL, suite_cleanup, NULL, NULL, dmesg_tests },
	{ "import: detect, find, real traces", NULL, suite_cleanup, NULL, NULL,
	    misc_tests },
	{ "import: streaming", NULL, suite_cleanup, NULL, NULL, stream_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return cunit_run(suites);
}
