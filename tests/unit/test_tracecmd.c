/*
 * `trace-cmd report` text through the ftrace importer.
 *
 * One capture, tests/fixtures/import/ftrace_modern.txt, written out as
 * trace-cmd report prints it (tracecmd_modern.txt) and as report -l prints
 * it (tracecmd_modern_lat.txt, comm cut to 8 characters, CPU and flags
 * glued), imports to identical events, field by field, with the same note
 * (the "[3 EVENTS DROPPED]" marker counted as the trace file's "[LOST 3
 * EVENTS]").  The --ts-diff column and the other markers; a line cut short
 * in the middle of a capture is an error with its line, at the very end it
 * is dropped and noted; import_detect tells the report from the trace file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cunit_main.h"
#include "import.h"

struct copy {
	struct trace_event ev;
	char regions[80], region[80];
};

struct collect {
	struct copy *v;
	size_t	     n;
};

static int
collect_event(void *arg, const struct trace_event *ev)
{
	struct collect *c = arg;
	struct copy *k;

	c->v = realloc(c->v, (c->n + 1) * sizeof *c->v);
	if (c->v == NULL)
		return -ENOMEM;
	k = &c->v[c->n++];
	memset(k, 0, sizeof *k);
	k->ev = *ev;
	if (ev->regions)
		snprintf(k->regions, sizeof k->regions, "%s", ev->regions);
	if (ev->region)
		snprintf(k->region, sizeof k->region, "%s", ev->region);
	k->ev.regions = k->ev.region = NULL;
	k->ev.dev = k->ev.kind = NULL;
	return 0;
}

static const char *
fixture(const char *rel)
{
	static char path[4096];
	const char *slash = strrchr(__FILE__, '/');
	int n = slash ? (int)(slash - __FILE__) : 1;

	snprintf(path, sizeof path, "%.*s/../fixtures/import/%s", n,
	    slash ? __FILE__ : ".", rel);
	return path;
}

static int
import_stream(FILE *f, struct collect *c, struct import_result *r,
    struct cma_err *e)
{
	struct import_sink sink = { collect_event, c };

	memset(c, 0, sizeof *c);
	memset(e, 0, sizeof *e);
	return import_ftrace(f, "t.txt", &sink, r, e);
}

static int
import_file(const char *rel, struct collect *c, struct import_result *r)
{
	struct cma_err e;
	FILE *f = fopen(fixture(rel), "r");
	int ret;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	ret = import_stream(f, c, r, &e);
	fclose(f);
	if (ret < 0)
		fprintf(stderr, "\n  %s: %s\n", rel, e.msg);
	return ret;
}

static int
import_text(const char *text, struct collect *c, struct import_result *r,
    struct cma_err *e)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int ret;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	ret = import_stream(f, c, r, e);
	fclose(f);
	return ret;
}

static void
expect_same(const struct collect *a, const struct collect *b)
{
	size_t i;

	CU_ASSERT_EQUAL_FATAL(a->n, b->n);
	for (i = 0; i < a->n; i++) {
		CU_ASSERT_EQUAL(memcmp(&a->v[i].ev, &b->v[i].ev,
		    sizeof a->v[i].ev), 0);
		CU_ASSERT_STRING_EQUAL(a->v[i].regions, b->v[i].regions);
		CU_ASSERT_STRING_EQUAL(a->v[i].region, b->v[i].region);
	}
}

static void
test_same_events(void)
{
	struct collect t = { 0 }, r = { 0 }, l = { 0 };
	struct import_result rt, rr, rl;

	CU_ASSERT_EQUAL_FATAL(import_file("ftrace_modern.txt", &t, &rt), 0);
	CU_ASSERT_EQUAL_FATAL(import_file("tracecmd_modern.txt", &r, &rr), 0);
	CU_ASSERT_EQUAL_FATAL(import_file("tracecmd_modern_lat.txt", &l, &rl),
	    0);
	CU_ASSERT_EQUAL(t.n, 5);
	expect_same(&t, &r);
	expect_same(&t, &l);
	CU_ASSERT_STRING_EQUAL(rt.note, rr.note);
	CU_ASSERT_STRING_EQUAL(rt.note, rl.note);
	CU_ASSERT_PTR_NOT_NULL(strstr(rr.note, "3 events lost"));
	CU_ASSERT_STRING_EQUAL(rt.board, rr.board);
	CU_ASSERT_STRING_EQUAL(rt.cma, rl.cma);
	CU_ASSERT_EQUAL(r.v[1].ev.pid, 305);
	CU_ASSERT_EQUAL(l.v[1].ev.pid, 305);	/* "v4l2-mem-305" */
	CU_ASSERT_EQUAL(l.v[1].ev.ts_ns, 2750000);
	free(t.v);
	free(r.v);
	free(l.v);
}

static void
test_variants(void)
{
	struct collect c;
	struct import_result r;
	struct cma_err e;

	/* --ts-diff, full timestamps, markers */
	CU_ASSERT_EQUAL_FATAL(import_text("cpus=2\n"
	    "CPU 1 is empty\n"
	    "            bash-900   [000] 5.000000000: (+0)     cma_alloc_finish:     "
	    "name=cma pfn=0x100 page=0000000000001000 count=1 align=0 errorno=0\n"
	    "CPU:0 [EVENTS DROPPED]\n"
	    "CPU:0 [SUBBUFFER START]\n"
	    "CPU:0 [7 EVENTS DROPPED]\n"
	    "            bash-900   [000] 5.000001500: (+1500)  cma_release:          "
	    "name=cma pfn=0x100 page=0000000000001000 count=1\n", &c, &r, &e), 0);
	CU_ASSERT_EQUAL_FATAL(c.n, 2);
	CU_ASSERT_EQUAL(c.v[0].ev.op, TRACE_ALLOC_FROM);
	CU_ASSERT_EQUAL(c.v[0].ev.start, 0x100000);
	CU_ASSERT_EQUAL(c.v[1].ev.op, TRACE_PUT);
	CU_ASSERT_EQUAL(c.v[1].ev.ts_ns, 1500);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.note, "7 events lost"));
	free(c.v);
	/* -l with a two-digit CPU and a bare counter clock */
	CU_ASSERT_EQUAL_FATAL(import_text("  <idle>-0      12d.h2. 123456789: "
	    "cma_alloc_finish:     name=cma pfn=0x100 page=0000000000001000 "
	    "count=1 align=0 errorno=0\n", &c, &r, &e), 0);
	CU_ASSERT_EQUAL(c.n, 1);
	free(c.v);
	/* a line cut short mid-capture: an error at its line */
	CU_ASSERT_EQUAL(import_text("cpus=1\n"
	    "            bash-900   [000] 5.0000\n"
	    "            bash-900   [000] 5.000001: cma_release: name=cma pfn=0x1 "
	    "count=1\n", &c, &r, &e), -EINVAL);
	CU_ASSERT_EQUAL(strncmp(e.msg, "t.txt:2: not an ftrace event line", 33),
	    0);
	free(c.v);
	/* ... and at the very end, dropped and noted */
	CU_ASSERT_EQUAL(import_text("cpus=1\n"
	    "            bash-900   [000] 5.000000: cma_alloc_finish:     "
	    "name=cma pfn=0x100 page=0000000000001000 count=1 align=0 errorno=0\n"
	    "            bash-900   [000] 5.0000", &c, &r, &e), 0);
	CU_ASSERT_EQUAL(c.n, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.note, "last line cut short"));
	free(c.v);
	/* an unknown marker is not a trace-cmd line */
	CU_ASSERT_EQUAL(import_text("CPU:0 [WHATEVER]\n", &c, &r, &e), -EINVAL);
	free(c.v);
}

static void
test_detect(void)
{
	static const struct { const char *file, *format; } cases[] = {
		{ "tracecmd_modern.txt", "trace-cmd" },
		{ "tracecmd_modern_lat.txt", "trace-cmd" },
		{ "ftrace_modern.txt", "ftrace" },
	};
	const char *got;
	FILE *f;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		f = fopen(fixture(cases[i].file), "r");
		CU_ASSERT_PTR_NOT_NULL_FATAL(f);
		got = import_detect(f);
		CU_ASSERT_PTR_NOT_NULL(got);
		if (got)
			CU_ASSERT_STRING_EQUAL(got, cases[i].format);
		fclose(f);
	}
	f = tmpfile();
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fwrite("\027\010\104tracing6\0\0\0\0", 1, 14, f);
	rewind(f);
	got = import_detect(f);
	CU_ASSERT_PTR_NOT_NULL(got);
	if (got)
		CU_ASSERT_STRING_EQUAL(got, "trace.dat");
	CU_ASSERT_EQUAL(ftell(f), 0);
	fclose(f);
	CU_ASSERT_PTR_EQUAL(import_find("trace-cmd"), import_ftrace);
	CU_ASSERT_PTR_EQUAL(import_find("trace.dat"), import_tracedat);
}

static CU_TestInfo tests[] = {
	{ "trace file, report, report -l: same events", test_same_events },
	{ "--ts-diff, markers, cut lines", test_variants },
	{ "detection and format names", test_detect },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "trace-cmd report", NULL, NULL, NULL, NULL, tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return cunit_run(suites);
}
