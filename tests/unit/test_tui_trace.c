/*
 * The viewer's sources and state machine, without a terminal.
 *
 * Stored traces (tui/tui_trace.c): a recorded goni session with failures
 * in it is stepped; the state at any position, reached by jumps in random
 * order (checkpoint restores, steps back), equals the state reached by
 * stepping forward from the start one event at a time, and at the end it
 * equals the framework's own chunk list; a step back costs one event;
 * failure jumps land on failures; switching allocator keeps the position
 * and switching back gives the same state.
 *
 * Live mode (tui/tui_live.c) on a directory mimicking a mount: the layout
 * and chunks are read, an unchanged generation reads nothing more, a
 * changed one reloads; an idle mount costs no frame (tui_app.c); a
 * malformed chunks file is reported once; a directory that is not a
 * mount is refused.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cunit_main.h"
#include "cma/cma.h"
#include "recorder.h"
#include "store.h"
#include "tui_app.h"
#include "tui_live.h"
#include "tui_trace.h"

#define PG 4096ull

static char db_path[64];
static struct cma_chunk_info end_chunks[2048];
static size_t nend;

static int
end_collect(void *arg, const struct cma_chunk_info *c)
{
	(void)arg;
	if (nend < 2048)
		end_chunks[nend++] = *c;
	return 0;
}

/* A goni session: 3000 requests of mixed sizes, frees in random order. */
static int
trace_setup(void)
{
	static const char *const devs[] = { "s5p-mfc5", "s5p-fimc.0", "s3c-fb",
		"video" };
	struct trace_recorder *rec;
	struct trace_store *st;
	struct cma_err err;
	struct cma *cma;
	uint64_t live[512], s;
	int n = 0, i, fd;

	snprintf(db_path, sizeof db_path, "/tmp/cma-tui-XXXXXX");
	if ((fd = mkstemp(db_path)) < 0)
		return -1;
	close(fd);
	unlink(db_path);
	if (trace_store_open(db_path, TRACE_STORE_CREATE, &st, &err) < 0 ||
	    cma_create(cma_board_builtin("goni"), NULL, NULL, &cma, &err) < 0 ||
	    trace_recorder_start(cma, st, "t", "recorded", &rec, &err) < 0)
		return -1;
	srand(11);
	for (i = 0; i < 3000; i++) {
		if (n > 0 && (rand() % 2 == 0 || n == 512)) {
			int j = rand() % n;

			cma_put(cma, live[j]);
			live[j] = live[--n];
		} else {
			/* one draw per statement: the same session whatever
			 * order a compiler evaluates arguments in */
			const char *dev = devs[rand() % 4];
			const char *kind = rand() % 3 ? NULL : "a";
			uint64_t size = (uint64_t)(rand() % 1024 + 1) * PG;

			if (cma_alloc(cma, dev, kind, size, 0, &s) == 0)
				live[n++] = s;
		}
	}
	nend = 0;
	cma_chunk_foreach(cma, end_collect, NULL);
	trace_recorder_stop(rec, &err);
	cma_destroy(cma);
	trace_store_close(st);
	return 0;
}

static int
trace_teardown(void)
{
	char p[80];

	unlink(db_path);
	snprintf(p, sizeof p, "%s-wal", db_path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", db_path);
	unlink(p);
	return 0;
}

static struct tui_trace *
open_trace(const char *allocator)
{
	struct tui_trace_options o = { .allocator = allocator };
	struct trace_store *st;
	struct tui_trace *t = NULL;
	struct cma_err err;

	if (trace_store_open(db_path, TRACE_STORE_READONLY, &st, &err) < 0)
		return NULL;
	if (tui_trace_open(st, 1, &o, &t, &err) < 0)
		printf("\n%s\n", err.msg);
	trace_store_close(st);
	return t;
}

static int
same_state(struct tui_trace *a, struct tui_trace *b)
{
	struct tui_model ma, mb;
	size_t i;

	tui_trace_model(a, &ma);
	tui_trace_model(b, &mb);
	if (ma.nchunks != mb.nchunks)
		return 0;
	for (i = 0; i < ma.nchunks; i++)
		if (ma.chunks[i].start != mb.chunks[i].start ||
		    ma.chunks[i].size != mb.chunks[i].size ||
		    ma.chunks[i].born != mb.chunks[i].born ||
		    strcmp(ma.names[ma.chunks[i].dev],
		    mb.names[mb.chunks[i].dev]) != 0)
			return 0;
	return 1;
}

static void
test_end_matches_framework(void)
{
	struct tui_trace *t = open_trace(NULL);
	struct tui_model m;
	size_t i;

	CU_ASSERT_FATAL(t != NULL);
	CU_ASSERT_EQUAL(tui_trace_events(t), 3000);	/* allocs and puts */
	CU_ASSERT(tui_trace_failures(t) > 0);
	CU_ASSERT(tui_trace_interval(t) < tui_trace_events(t) / 4);
	tui_trace_seek(t, tui_trace_events(t) + 100);	/* clamps */
	CU_ASSERT_EQUAL(tui_trace_pos(t), tui_trace_events(t));
	tui_trace_model(t, &m);
	CU_ASSERT_EQUAL_FATAL(m.nchunks, nend);
	for (i = 0; i < nend; i++) {
		CU_ASSERT_EQUAL(m.chunks[i].start, end_chunks[i].start);
		CU_ASSERT_EQUAL(m.chunks[i].size, end_chunks[i].size);
		CU_ASSERT_EQUAL(m.chunks[i].region, end_chunks[i].region);
	}
	tui_trace_close(t);
}

static void
test_jumps_equal_stepping(void)
{
	struct tui_trace *ref = open_trace(NULL), *t = open_trace(NULL);
	uint64_t n, pos[64], s0;
	int i, j, bad = 0;

	CU_ASSERT_FATAL(ref != NULL && t != NULL);
	n = tui_trace_events(t);
	srand(5);
	for (i = 0; i < 64; i++)
		pos[i] = (uint64_t)rand() % (n + 1);
	pos[0] = 0;
	pos[1] = n;
	/* the reference only ever steps forward, one event at a time */
	for (i = 0; i < 64; i++) {
		uint64_t lo = (uint64_t)-1;
		int k = -1;

		for (j = 0; j < 64; j++)
			if (pos[j] != (uint64_t)-1 && pos[j] < lo) {
				lo = pos[j];
				k = j;
			}
		while (tui_trace_pos(ref) < lo)
			tui_trace_seek(ref, tui_trace_pos(ref) + 1);
		/* t jumps around: far back, far forward, then there */
		tui_trace_seek(t, (uint64_t)rand() % (n + 1));
		tui_trace_seek(t, lo);
		if (!same_state(ref, t))
			bad++;
		pos[k] = (uint64_t)-1;
	}
	CU_ASSERT_EQUAL(bad, 0);
	/* a step back or forward costs one event, wherever it is */
	tui_trace_seek(t, n / 2);
	s0 = tui_trace_steps(t);
	tui_trace_seek(t, n / 2 - 1);
	CU_ASSERT_EQUAL(tui_trace_steps(t), s0 + 1);
	tui_trace_seek(t, n / 2 + 2);
	CU_ASSERT_EQUAL(tui_trace_steps(t), s0 + 4);
	/* a jump costs at most one interval of events */
	s0 = tui_trace_steps(t);
	tui_trace_seek(t, 1);
	CU_ASSERT(tui_trace_steps(t) - s0 <= tui_trace_interval(t));
	tui_trace_close(ref);
	tui_trace_close(t);
}

static void
test_failures_and_allocators(void)
{
	struct tui_trace *t = open_trace(NULL);
	struct tui_model m;
	uint64_t pos, first;
	size_t before;
	int count = 0;

	CU_ASSERT_FATAL(t != NULL);
	while (tui_trace_failure(t, 1) == 0) {
		tui_trace_model(t, &m);
		CU_ASSERT(m.samples[m.cursor].fail);
		CU_ASSERT(strstr(m.status, "FAILED ENOMEM") != NULL);
		count++;
	}
	CU_ASSERT_EQUAL((uint64_t)count, tui_trace_failures(t));
	while (tui_trace_failure(t, -1) == 0)
		count--;
	CU_ASSERT_EQUAL(count, 1);	/* back at the first one */
	first = tui_trace_pos(t);
	tui_trace_model(t, &m);
	CU_ASSERT(m.samples[m.cursor].fail);

	pos = tui_trace_events(t) * 2 / 3;
	tui_trace_seek(t, pos);
	tui_trace_model(t, &m);
	before = m.nchunks;
	{
		struct tui_trace *copy = open_trace(NULL);
		struct cma_err err;

		CU_ASSERT_FATAL(copy != NULL);
		tui_trace_seek(copy, pos);
		CU_ASSERT_EQUAL(tui_trace_set_allocator(t, "buddy", &err), 0);
		CU_ASSERT_STRING_EQUAL(tui_trace_allocator(t), "buddy");
		CU_ASSERT_EQUAL(tui_trace_pos(t), pos);
		CU_ASSERT_FALSE(same_state(t, copy));
		tui_trace_model(t, &m);
		CU_ASSERT(strstr(m.title, "allocator buddy") != NULL);
		CU_ASSERT_EQUAL(tui_trace_set_allocator(t, NULL, &err), 0);
		CU_ASSERT_EQUAL(tui_trace_pos(t), pos);
		CU_ASSERT(same_state(t, copy));
		tui_trace_model(t, &m);
		CU_ASSERT_EQUAL(m.nchunks, before);
		tui_trace_close(copy);
	}
	CU_ASSERT(first > 0);
	tui_trace_close(t);
}

/* The keys of a stored trace, through the state machine. */
static void
test_keys(void)
{
	struct tui_trace *t = open_trace(NULL);
	struct tui_app app;
	uint64_t n;

	CU_ASSERT_FATAL(t != NULL);
	n = tui_trace_events(t);
	tui_app_init(&app, t, NULL);
	CU_ASSERT_EQUAL(tui_app_frame(&app, 100, 30), 1);
	/* paused: ticks move nothing and draw nothing */
	tui_app_key(&app, TUI_KEY_TICK);
	CU_ASSERT_EQUAL(tui_app_frame(&app, 100, 30), 0);
	CU_ASSERT_EQUAL(tui_trace_pos(t), 0);
	/* play: one event per tick, then two after '>' */
	tui_app_key(&app, ' ');
	CU_ASSERT(app.view.playing);
	tui_app_key(&app, TUI_KEY_TICK);
	CU_ASSERT_EQUAL(tui_trace_pos(t), 1);
	tui_app_key(&app, '>');
	tui_app_key(&app, TUI_KEY_TICK);
	CU_ASSERT_EQUAL(tui_trace_pos(t), 3);
	CU_ASSERT_EQUAL(tui_app_frame(&app, 100, 30), 1);
	/* a step pauses */
	tui_app_key(&app, TUI_KEY_LEFT);
	CU_ASSERT(!app.view.playing);
	CU_ASSERT_EQUAL(tui_trace_pos(t), 2);
	tui_app_key(&app, TUI_KEY_END);
	CU_ASSERT_EQUAL(tui_trace_pos(t), n);
	tui_app_key(&app, TUI_KEY_RIGHT);
	CU_ASSERT_EQUAL(tui_trace_pos(t), n);
	/* play at the end stops at once */
	tui_app_key(&app, ' ');
	CU_ASSERT(!app.view.playing);
	tui_app_key(&app, TUI_KEY_HOME);
	CU_ASSERT_EQUAL(tui_trace_pos(t), 0);
	tui_app_key(&app, '[');
	CU_ASSERT(strstr(app.msg, "no failure before") != NULL);
	tui_app_key(&app, ']');
	CU_ASSERT(tui_trace_pos(t) > 0);
	/* allocators cycle: cma= (as recorded), bf, ff, ... and back */
	tui_app_key(&app, 'a');
	CU_ASSERT_STRING_EQUAL(tui_trace_allocator(t), "bf");
	tui_app_key(&app, 'a');
	CU_ASSERT_STRING_EQUAL(tui_trace_allocator(t), "ff");
	tui_app_key(&app, 'A');
	tui_app_key(&app, 'A');
	CU_ASSERT_STRING_EQUAL(tui_trace_allocator(t), "cma=");
	tui_app_key(&app, 'A');
	CU_ASSERT(strcmp(tui_trace_allocator(t), "cma=") != 0);
	/* zoom, bank, U(s), help, quit */
	tui_app_key(&app, '+');
	CU_ASSERT_EQUAL(app.view.zoom[0], 1);
	tui_app_key(&app, TUI_KEY_TAB);
	tui_app_key(&app, '+');
	CU_ASSERT_EQUAL(app.view.zoom[1], 1);
	tui_app_key(&app, TUI_KEY_TAB);		/* back to dmc0, zoomed */
	tui_app_frame(&app, 100, 30);
	tui_app_key(&app, TUI_KEY_PGDN);
	CU_ASSERT(app.view.scroll[0] > 0);
	tui_app_key(&app, TUI_KEY_PGUP);
	CU_ASSERT_EQUAL(app.view.scroll[0], 0);
	tui_app_key(&app, TUI_KEY_TAB);
	tui_app_key(&app, '-');
	tui_app_key(&app, '-');
	CU_ASSERT_EQUAL(app.view.zoom[1], 0);
	tui_app_key(&app, 'U');
	CU_ASSERT_EQUAL(app.view.s, 8ull << 20);
	tui_app_key(&app, '?');
	CU_ASSERT_EQUAL(app.view.screen, TUI_SCREEN_HELP);
	tui_app_key(&app, 'q');		/* q quits from the help too */
	CU_ASSERT(app.quit);
	tui_app_free(&app);
	tui_trace_close(t);
}

/* ---- live mode ---- */

static char dir[64];

static void
put_file(const char *name, const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	CU_ASSERT_FATAL(f != NULL);
	fputs(text, f);
	fclose(f);
}

static const char chunks2[] =
    "# START SIZE DEVICE KIND REGION LINKS SEQ PATH\n"
    "0x33000000 6291456 s5p-mfc5 a b1 1 3 dev/s5p-mfc5/a/x\n"
    "0x32000000 1048576 s5p-mfc5 f fw 1 2 dev/s5p-mfc5/f/fw\n";

static void
make_mount(void)
{
	char board[2048];

	snprintf(dir, sizeof dir, "/tmp/cma-tui-live-XXXXXX");
	CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
	cma_board_format(cma_board_builtin("goni"), board, sizeof board);
	put_file("board", board);
	put_file("param", "fw=1M@0x32000000/128K;b1=32M@0x33000000;"
	    "b2=16M@0x44000000\n");
	put_file("map", "s5p-mfc5/f=fw;s5p-mfc5/a=b1;s5p-mfc5/b=b2;"
	    "*/*=b1,b2\n");
	put_file("chunks", chunks2);
	put_file("generation", "5\n");
}

static void
rm_mount(void)
{
	static const char *const files[] = { "board", "param", "map", "chunks",
		"generation", "failures" };
	char path[128];
	size_t i;

	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

static void
test_live(void)
{
	struct tui_live *l;
	struct tui_model m;
	struct cma_err err;
	struct tui_app app;
	int i;

	make_mount();
	CU_ASSERT_EQUAL_FATAL(tui_live_open(dir, &l, &err), 0);
	tui_live_model(l, &m);
	CU_ASSERT_EQUAL(m.nregions, 3);
	CU_ASSERT_EQUAL(m.nchunks, 2);
	CU_ASSERT_EQUAL(m.chunks[0].start, 0x32000000);	/* sorted */
	CU_ASSERT_EQUAL(m.chunks[0].region, 0);
	CU_ASSERT_EQUAL(m.chunks[1].region, 1);
	CU_ASSERT_STRING_EQUAL(m.names[m.chunks[1].kind], "a");
	CU_ASSERT_EQUAL(m.now - m.chunks[1].born, 2);
	CU_ASSERT_EQUAL(m.nsamples, 1);
	CU_ASSERT_EQUAL(m.samples[0].used, 7ull << 20);
	CU_ASSERT_EQUAL(m.samples[0].largest, 26ull << 20);

	/* idle: polls read the generation only, and draw nothing */
	tui_app_init(&app, NULL, l);
	CU_ASSERT_EQUAL(tui_app_frame(&app, 120, 40), 1);
	for (i = 0; i < 100; i++) {
		tui_app_key(&app, TUI_KEY_TICK);
		CU_ASSERT_EQUAL(tui_app_frame(&app, 120, 40), 0);
	}
	CU_ASSERT_EQUAL(app.frames, 1);
	CU_ASSERT_EQUAL(app.polls, 100);
	CU_ASSERT_EQUAL(tui_live_reloads(l), 1);

	/* a change: one reload, one frame */
	put_file("chunks", "# header\n"
	    "0x33000000 6291456 s5p-mfc5 a b1 1 3 -\n"
	    "0x32000000 1048576 s5p-mfc5 f fw 1 2 -\n"
	    "0x44000000 2097152 s3c-fb - b2 1 6 dev/s3c-fb/a\n");
	put_file("generation", "6\n");
	tui_app_key(&app, TUI_KEY_TICK);
	CU_ASSERT_EQUAL(tui_app_frame(&app, 120, 40), 1);
	tui_app_key(&app, TUI_KEY_TICK);
	CU_ASSERT_EQUAL(tui_app_frame(&app, 120, 40), 0);
	CU_ASSERT_EQUAL(tui_live_reloads(l), 2);
	tui_live_model(l, &m);
	CU_ASSERT_EQUAL(m.nchunks, 3);
	CU_ASSERT_EQUAL(m.chunks[2].kind, TUI_NONE);
	CU_ASSERT_EQUAL(m.nsamples, 2);
	CU_ASSERT(strstr(m.status, "3 chunks live (+1)") != NULL);

	/* selection and zoom keys redraw; unknown keys do not */
	CU_ASSERT_EQUAL(tui_app_key(&app, TUI_KEY_DOWN), 1);
	CU_ASSERT(app.view.has_sel && app.view.sel == 0x32000000);
	CU_ASSERT_EQUAL(tui_app_frame(&app, 120, 40), 1);
	CU_ASSERT_EQUAL(tui_app_key(&app, 'Z'), 0);
	CU_ASSERT_EQUAL(tui_app_frame(&app, 120, 40), 0);

	/* a bad chunks file: said once, the last good state kept */
	put_file("chunks", "0x1 nonsense\n");
	put_file("generation", "7\n");
	CU_ASSERT_EQUAL(tui_live_poll(l), 1);
	tui_live_model(l, &m);
	CU_ASSERT(strstr(m.status, "chunks:1: expected START SIZE") != NULL);
	CU_ASSERT(tui_live_poll(l) < 0);
	put_file("chunks", chunks2);
	CU_ASSERT_EQUAL(tui_live_poll(l), 1);
	tui_live_model(l, &m);
	CU_ASSERT_EQUAL(m.nchunks, 2);

	/* a failure counter, when the mount has one, marks the timeline */
	put_file("failures", "1\n");
	put_file("generation", "8\n");
	CU_ASSERT_EQUAL(tui_live_poll(l), 1);
	tui_live_model(l, &m);
	CU_ASSERT(m.samples[m.nsamples - 1].fail);

	tui_app_free(&app);
	tui_live_close(l);
	rm_mount();
}

static void
test_not_a_mount(void)
{
	struct tui_live *l = NULL;
	struct cma_err err;

	snprintf(dir, sizeof dir, "/tmp/cma-tui-live-XXXXXX");
	CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
	CU_ASSERT_EQUAL(tui_live_open(dir, &l, &err), -ENOENT);
	CU_ASSERT(strstr(err.msg, "not a mounted workbench") != NULL);
	rmdir(dir);
}

static CU_TestInfo trace_tests[] = {
	{ "the end matches the framework", test_end_matches_framework },
	{ "jumps equal stepping", test_jumps_equal_stepping },
	{ "failures and allocators", test_failures_and_allocators },
	{ "keys", test_keys },
	CU_TEST_INFO_NULL
};

static CU_TestInfo live_tests[] = {
	{ "a directory like a mount", test_live },
	{ "not a mount", test_not_a_mount },
	CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
	{ "tui trace", trace_setup, trace_teardown, NULL, NULL, trace_tests },
	{ "tui live", NULL, NULL, NULL, NULL, live_tests },
	CU_SUITE_INFO_NULL
};

int
main(void)
{
	return cunit_run(suites);
}
