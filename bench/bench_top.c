/*
 * The viewer's frame time and its idle cost.
 *
 * The whole of goni is given to regions (fw, 47 MiB in dmc0, 384 MiB in
 * dmc1), 15,000 chunks of 1-8 pages are allocated and a third of them
 * freed at random, leaving 10,000 live chunks (each labelled with one of
 * eight devices) and thousands of holes.  Frames of 200x60 are then
 * rendered into the cell buffer (no terminal) and timed, next to two
 * baselines measured in the same run: clearing and filling every cell
 * (the least any frame costs) and rendering only the bank maps.  The
 * timeline holds 10,000 samples.
 *
 * Then the same chunks are written out as a mount would show them, the
 * live viewer is opened on that directory and ticked POLLS times with
 * nothing changing: the frames it draws meanwhile should be zero.
 *
 *	bench_top [--live N] [--frames N] [--polls N] [--seed S]
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cma/cma.h"
#include "tui.h"
#include "tui_app.h"
#include "tui_live.h"

static const char *const devs[8] = { "s5p-mfc5", "s5p-fimc.0", "s5p-fimc.1",
	"s3c-fb", "s5p-jpeg", "video", "camera", "g2d" };

static uint64_t rng = 1;

static uint64_t
bench_rand(void)
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

struct collect {
	struct tui_chunk *c;
	size_t n;
};

static int
collect(void *arg, const struct cma_chunk_info *ci)
{
	struct collect *k = arg;

	k->c[k->n].start = ci->start;
	k->c[k->n].size = ci->size;
	k->c[k->n].requested = ci->requested;
	k->c[k->n].born = ci->id;
	k->c[k->n].dev = (uint32_t)(ci->start / 4096 % 8);
	k->c[k->n].kind = TUI_NONE;
	k->c[k->n].region = ci->region;
	k->n++;
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "live", required_argument, NULL, 'l' },
		{ "frames", required_argument, NULL, 'f' },
		{ "polls", required_argument, NULL, 'p' },
		{ "seed", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	const char *param = "fw=1M@0x32000000/128K;b1=47M@0x32100000;"
	    "b2=384M@0x40000000";
	const struct cma_board *goni = cma_board_builtin("goni");
	struct tui_region rg[CMA_MAX_REGIONS];
	struct tui_sample *samples;
	struct tui_cells cells = { 0 };
	struct collect k = { 0 };
	struct tui_model m;
	struct tui_view v;
	struct cma_err err;
	struct cma *cma;
	uint64_t *starts, s, live = 10000, frames = 300, polls = 1000;
	size_t n = 0, i, total;
	double t0, t_fill, t_maps, t_full;
	int opt, r, b;

	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'l':
			live = strtoull(optarg, NULL, 0);
			break;
		case 'f':
			frames = strtoull(optarg, NULL, 0);
			break;
		case 'p':
			polls = strtoull(optarg, NULL, 0);
			break;
		case 's':
			rng = strtoull(optarg, NULL, 0) | 1;
			break;
		default:
			fprintf(stderr, "usage: bench_top [--live N] [--frames "
			    "N] [--polls N] [--seed S]\n");
			return 2;
		}
	}
	if (cma_create(goni, param, "*/*=b1,b2", &cma, &err) < 0) {
		fprintf(stderr, "bench_top: %s\n", err.msg);
		return 1;
	}
	total = (size_t)(live * 3 / 2);
	starts = calloc(total, sizeof *starts);
	for (i = 0; i < total; i++) {
		uint64_t size = (1 + bench_rand() % 8) * 4096;

		if (cma_alloc(cma, "bench", NULL, size, 0, &s) == 0)
			starts[n++] = s;
	}
	while (n > live) {
		size_t j = bench_rand() % n;

		cma_put(cma, starts[j]);
		starts[j] = starts[--n];
	}
	k.c = calloc(n + 1, sizeof *k.c);
	cma_chunk_foreach(cma, collect, &k);
	memset(&m, 0, sizeof m);
	m.board = goni;
	m.nregions = cma_region_count(cma);
	for (r = 0; r < m.nregions; r++) {
		struct cma_region_info ri;

		cma_region_get(cma, r, &ri);
		memset(&rg[r], 0, sizeof rg[r]);
		snprintf(rg[r].name, sizeof rg[r].name, "%s", ri.name);
		rg[r].start = ri.start;
		rg[r].size = ri.size;
		rg[r].bank = ri.bank;
		rg[r].usable = 1;
		snprintf(rg[r].allocator, sizeof rg[r].allocator, "%s",
		    ri.allocator);
	}
	samples = calloc(10000, sizeof *samples);
	for (i = 0; i < 10000; i++) {
		samples[i].used = bench_rand() % (400ull << 20);
		samples[i].largest = bench_rand() % (300ull << 20);
		samples[i].fail = bench_rand() % 100 == 0;
	}
	m.regions = rg;
	m.chunks = k.c;
	m.nchunks = k.n;
	m.names = devs;
	m.nnames = 8;
	m.samples = samples;
	m.nsamples = 10000;
	m.cursor = 5000;
	m.now = 20000;
	m.age_unit = "events";
	m.title = "bench";
	m.position = "event 5000/10000";
	m.status = "bench";
	tui_model_view_init(&v);
	v.has_sel = 1;
	v.sel = k.c[k.n / 2].start;
	tui_cells_init(&cells, 200, 60);

	t0 = now();
	for (i = 0; i < frames; i++) {
		int x, y;

		tui_cells_clear(&cells);
		for (y = 0; y < cells.h; y++)
			for (x = 0; x < cells.w; x++)
				tui_cells_put(&cells, x, y, 0x2588,
				    TUI_R_DEV + (x + y) % 6, 0);
	}
	t_fill = (now() - t0) / (double)frames;
	t0 = now();
	for (i = 0; i < frames; i++) {
		uint64_t ppc = tui_bank_fit(&m, 200, 40);
		int y = 0;

		tui_cells_clear(&cells);
		for (b = 0; b < goni->nbanks; b++) {
			int rows = tui_bank_rows(&m, b, 200, ppc);

			tui_bank_render(&cells, 0, y, 200, rows, &m, &v, b,
			    ppc);
			y += rows;
		}
	}
	t_maps = (now() - t0) / (double)frames;
	t0 = now();
	for (i = 0; i < frames; i++)
		tui_screen_render(&cells, &m, &v);
	t_full = (now() - t0) / (double)frames;

	printf("goni, whole board in regions, %zu live chunks, 200x60, %"
	    PRIu64 " frames each\n", k.n, frames);
	printf("  fill every cell (baseline)   %8.3f ms/frame\n",
	    t_fill * 1e3);
	printf("  bank maps only               %8.3f ms/frame  %6.2fx "
	    "baseline\n", t_maps * 1e3, t_maps / t_fill);
	printf("  full frame                   %8.3f ms/frame  %6.2fx baseline"
	    "  (goal: <= 2 ms)\n", t_full * 1e3, t_full / t_fill);

	/* idle: a directory showing the same chunks, polled */
	{
		char dir[] = "/tmp/cma-bench-top-XXXXXX", path[64], board[2048];
		struct tui_live *l;
		struct tui_app app;
		uint64_t before;
		FILE *f;

		if (mkdtemp(dir) == NULL)
			return 1;
		cma_board_format(goni, board, sizeof board);
#define PUT(name, ...) do {						\
		snprintf(path, sizeof path, "%s/%s", dir, name);	\
		f = fopen(path, "w");					\
		fprintf(f, __VA_ARGS__);				\
		fclose(f);						\
	} while (0)
		PUT("board", "%s", board);
		PUT("param", "%s\n", param);
		PUT("map", "*/*=b1,b2\n");
		PUT("generation", "1\n");
		snprintf(path, sizeof path, "%s/chunks", dir);
		f = fopen(path, "w");
		fprintf(f, "# START SIZE DEVICE KIND REGION LINKS SEQ PATH\n");
		for (i = 0; i < k.n; i++)
			fprintf(f, "0x%" PRIx64 " %" PRIu64 " %s - %s 1 %"
			    PRIu64 " -\n", k.c[i].start, k.c[i].size,
			    devs[k.c[i].dev], rg[k.c[i].region].name,
			    k.c[i].born);
		fclose(f);
		if (tui_live_open(dir, &l, &err) < 0) {
			fprintf(stderr, "bench_top: %s\n", err.msg);
			return 1;
		}
		tui_app_init(&app, NULL, l);
		tui_app_frame(&app, 200, 60);
		before = app.frames;
		t0 = now();
		for (i = 0; i < polls; i++) {
			tui_app_key(&app, TUI_KEY_TICK);
			tui_app_frame(&app, 200, 60);
		}
		t0 = now() - t0;
		printf("idle mount (%zu chunks): %" PRIu64 " polls, %" PRIu64
		    " redraws, %.1f us per poll\n", k.n, app.polls,
		    app.frames - before, t0 / (double)polls * 1e6);
		PUT("generation", "2\n");
		t0 = now();
		tui_app_key(&app, TUI_KEY_TICK);
		tui_app_frame(&app, 200, 60);
		printf("one change: re-read and redraw in %.3f ms\n",
		    (now() - t0) * 1e3);
		tui_app_free(&app);
		tui_live_close(l);
		for (i = 0; i < 5; i++) {
			static const char *const fs[] = { "board", "param",
				"map", "generation", "chunks" };

			snprintf(path, sizeof path, "%s/%s", dir, fs[i]);
			unlink(path);
		}
		rmdir(dir);
	}
	tui_cells_free(&cells);
	free(samples);
	free(k.c);
	free(starts);
	cma_destroy(cma);
	return 0;
}
