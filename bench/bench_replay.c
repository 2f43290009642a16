/*
 * Trace store throughput: recording, reading, replaying.
 *
 * Writes a synthetic goni workload of N events (default 5,000,000: MFC,
 * camera and framebuffer requests with a live set of about a hundred
 * chunks, about half of them frees) into a fresh database through the
 * batched writer the recorder uses, and prints events/s; then times a bare
 * SELECT of the same rows (the baseline: what reading alone costs) and a
 * full replay of the trace, and prints replay/select as a ratio.
 *
 *	bench_replay [--events N] [--db PATH] [--keep]
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "replay.h"
#include "store.h"

#define LIVE_MAX 32

static uint64_t rng = 0x2545f4914f6cdd1dull;

static uint64_t
next_rand(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ull;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct request {
	const char *dev, *kind;
	uint64_t size, align;
};

static const struct request requests[] = {
	{ "s5p-mfc5", "a", 1048576, 8192 },	/* 1080p chroma */
	{ "s5p-mfc5", "b", 2088960, 8192 },	/* 1080p luma */
	{ "s5p-mfc5", "b", 557056, 8192 },	/* 1080p mv */
	{ "s5p-mfc5", "a", 614400, 0 },		/* context */
	{ "s5p-fimc.0", NULL, 518400, 0 },	/* 720x480 preview */
	{ "s3c-fb", NULL, 1536000, 0 },		/* WVGA 32bpp */
	{ "s5p-jpeg", NULL, 76800, 0 },		/* thumbnail */
};

static int
record(struct trace_store *st, uint64_t n, double *rate)
{
	struct trace_config cfg = { .name = "bench", .source = "bench",
	    .board = "goni", .board_text = "", .cma = "", .map = "" };
	const struct cma_board *goni = cma_board_builtin("goni");
	uint64_t live[LIVE_MAX], next_id = 1, i;
	char board_text[1024];
	struct trace_writer *w;
	struct trace_event ev;
	struct cma_err err;
	int nlive = 0, k;
	double t0;

	cma_board_format(goni, board_text, sizeof board_text);
	cfg.board_text = board_text;
	cfg.cma = goni->cma;
	cfg.map = goni->map;
	if (trace_writer_begin(st, &cfg, TRACE_WRITE_BATCHED, &w, &err) < 0) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return -1;
	}
	t0 = now();
	for (i = 0; i < n; i++) {
		memset(&ev, 0, sizeof ev);
		ev.ts_ns = i * 1000;
		if (nlive == LIVE_MAX || (nlive > 0 && next_rand() % 2)) {
			k = (int)(next_rand() % (uint64_t)nlive);
			ev.op = TRACE_PUT;
			ev.chunk = live[k];
			live[k] = live[--nlive];
		} else {
			const struct request *r = &requests[next_rand() %
			    (sizeof requests / sizeof requests[0])];

			ev.op = TRACE_ALLOC;
			ev.chunk = next_id;
			ev.dev = r->dev;
			ev.kind = r->kind;
			ev.size = r->size;
			ev.align = r->align;
			live[nlive++] = next_id++;
		}
		if (trace_writer_append(w, &ev) < 0) {
			fprintf(stderr, "bench: %s\n", trace_writer_error(w));
			return -1;
		}
	}
	if (trace_writer_finish(w, &err) < 0) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return -1;
	}
	*rate = (double)n / (now() - t0);
	return 0;
}

/* The baseline: the replay's own SELECT, every column read, nothing done. */
static double
select_rate(struct trace_store *st, uint64_t *rows)
{
	struct trace_reader *r;
	struct trace_event ev;
	uint64_t sum = 0;
	double t0 = now();

	*rows = 0;
	if (trace_reader_open(st, 1, &r, NULL) < 0)
		return 0;
	while (trace_reader_next(r, &ev) > 0) {
		sum += ev.size + ev.chunk + (ev.dev ? (uint64_t)ev.dev[0] : 0);
		(*rows)++;
	}
	trace_reader_close(r);
	if (sum == 42)
		putchar(' ');	/* keep the reads */
	return (double)*rows / (now() - t0);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "events", required_argument, NULL, 'e' },
		{ "db", required_argument, NULL, 'd' },
		{ "keep", no_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 }
	};
	uint64_t n = 5000000, rows;
	char path[64] = "/tmp/cma-bench-replay.db";
	struct replay_options ro = { 0 };
	struct replay_result *res = calloc(1, sizeof *res);
	struct trace_store *st;
	struct cma_err err;
	double rec, sel, rep;
	int opt, keep = 0;

	while ((opt = getopt_long(argc, argv, "e:d:k", longopts, NULL)) != -1) {
		if (opt == 'e')
			n = strtoull(optarg, NULL, 0);
		else if (opt == 'd')
			snprintf(path, sizeof path, "%s", optarg);
		else if (opt == 'k')
			keep = 1;
		else
			return 2;
	}
	unlink(path);
	if (trace_store_open(path, TRACE_STORE_CREATE, &st, &err) < 0) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return 1;
	}
	if (record(st, n, &rec) < 0)
		return 1;
	sel = select_rate(st, &rows);
	if (replay_run(st, 1, &ro, res, &err) < 0) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return 1;
	}
	rep = res->events_per_second;
	printf("events                  %" PRIu64 "\n", n);
	printf("record (batched)        %12.0f events/s\n", rec);
	printf("select (baseline)       %12.0f rows/s   (%" PRIu64 " rows)\n",
	    sel, rows);
	printf("replay                  %12.0f events/s (%" PRIu64 " requests, "
	    "%" PRIu64 " failed)\n", rep, res->requests,
	    replay_failures(res));
	printf("replay / select         %12.2f\n", sel > 0 ? rep / sel : 0);
	trace_store_close(st);
	if (!keep) {
		char p[80];

		unlink(path);
		snprintf(p, sizeof p, "%s-wal", path);
		unlink(p);
		snprintf(p, sizeof p, "%s-shm", path);
		unlink(p);
	}
	free(res);
	return 0;
}
