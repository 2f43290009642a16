/*
 * The viewer's renderer, without a terminal (tui/tui.h).
 *
 * A hand-made layout (one 1 MiB bank, a 256 KiB reserved range, one 512
 * KiB region holding three chunks) renders to known rows: the bank map at
 * 8 pages a cell (full cells, a partly used cell, free cells, the
 * reserved line), the legend, the timeline from known samples, the
 * too-small message, and the whole screen at 80x24 in ASCII.  The meters
 * computed from a chunk list agree with the core's own metrics on a real
 * goni framework after random allocations and frees.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cunit_main.h"
#include "cma/cma.h"
#include "cma/metrics.h"
#include "tui.h"

#define PG 4096ull

static struct cma_board board;
static struct tui_region regions[1];
static const char *names[] = { "cam", "fb" };
static struct tui_chunk chunks[3];
static struct tui_model model;

static void
layout(void)
{
	struct cma_err err;

	CU_ASSERT_EQUAL_FATAL(cma_board_parse("board tiny\n"
	    "bank ram 0x80000000 1M\nreserved kern 0x80000000 256K\n", "t",
	    &board, &err), 0);
	memset(regions, 0, sizeof regions);
	strcpy(regions[0].name, "r0");
	regions[0].start = 0x80040000;
	regions[0].size = 512 << 10;		/* 128 pages */
	regions[0].bank = 0;
	regions[0].usable = 1;
	strcpy(regions[0].allocator, "bf");
	/* 16 pages at page 0, 8 at page 32, 4 at page 48 */
	chunks[0] = (struct tui_chunk){ 0x80040000, 16 * PG, 60000, 1, 0,
		TUI_NONE, 0 };
	chunks[1] = (struct tui_chunk){ 0x80060000, 8 * PG, 8 * PG, 2, 1,
		TUI_NONE, 0 };
	chunks[2] = (struct tui_chunk){ 0x80070000, 4 * PG, 4 * PG, 3, 1,
		TUI_NONE, 0 };
	memset(&model, 0, sizeof model);
	model.board = &board;
	model.nregions = 1;
	model.regions = regions;
	model.chunks = chunks;
	model.nchunks = 3;
	model.names = names;
	model.nnames = 2;
	model.cursor = -1;
	model.now = 10;
	model.age_unit = "events";
	model.title = "test";
	model.position = "event 10/10";
	model.status = "status line";
}

static void
check_row(const struct tui_cells *b, int y, const char *want)
{
	char got[1024];

	tui_cells_row(b, y, got, sizeof got);
	if (strcmp(got, want) != 0)
		printf("\nrow %d\n want '%s'\n  got '%s'\n", y, want, got);
	CU_ASSERT_STRING_EQUAL(got, want);
}

static void
test_bank_map(void)
{
	struct tui_cells b = { 0 };
	struct tui_view v;

	layout();
	tui_model_view_init(&v);
	v.ascii = 1;
	CU_ASSERT_EQUAL_FATAL(tui_cells_init(&b, 40, 4), 0);
	CU_ASSERT_EQUAL(tui_bank_rows(&model, 0, 40, 8), 3);
	CU_ASSERT_EQUAL(tui_bank_fit(&model, 40, 3), 5);
	tui_bank_render(&b, 0, 0, 40, 4, &model, &v, 0, 8);
	check_row(&b, 0, "> ram 0x80000000-0x800fffff 1M  1 cell =");
	check_row(&b, 1, "kern    |:: reserved 0x80000000-0x800::|");
	check_row(&b, 2, "r0      |##..#.+.........              |");
	check_row(&b, 3, "");
	/* roles: the devices' styles, free, reserved, borders */
	CU_ASSERT_EQUAL(b.c[2 * 40 + 9].role, TUI_R_DEV +
	    tui_model_style("cam"));
	CU_ASSERT_EQUAL(b.c[2 * 40 + 13].role, TUI_R_DEV +
	    tui_model_style("fb"));
	CU_ASSERT_EQUAL(b.c[2 * 40 + 15].role, TUI_R_DEV +
	    tui_model_style("fb"));
	CU_ASSERT_EQUAL(b.c[2 * 40 + 11].role, TUI_R_FREE);
	CU_ASSERT_EQUAL(b.c[1 * 40 + 9].role, TUI_R_RESERVED);
	CU_ASSERT_EQUAL(b.c[2 * 40 + 8].role, TUI_R_BORDER);

	/* UTF-8 glyphs, and the selected chunk reversed */
	v.ascii = 0;
	v.has_sel = 1;
	v.sel = 0x80060000;
	tui_bank_render(&b, 0, 0, 40, 4, &model, &v, 0, 8);
	check_row(&b, 2, "r0      \xe2\x94\x82\xe2\x96\x88\xe2\x96\x88\xc2\xb7"
	    "\xc2\xb7\xe2\x96\x88\xc2\xb7\xe2\x96\x8c\xc2\xb7\xc2\xb7\xc2\xb7"
	    "\xc2\xb7\xc2\xb7\xc2\xb7\xc2\xb7\xc2\xb7\xc2\xb7              "
	    "\xe2\x94\x82");
	CU_ASSERT_EQUAL(b.c[2 * 40 + 13].attr, TUI_A_REVERSE);
	CU_ASSERT_EQUAL(b.c[2 * 40 + 9].attr, 0);

	/* monochrome: each device its own glyph */
	v.ascii = 1;
	v.color = 0;
	v.has_sel = 0;
	tui_bank_render(&b, 0, 0, 40, 4, &model, &v, 0, 8);
	CU_ASSERT_EQUAL(b.c[2 * 40 + 9].ch, (uint32_t)"#@%&*$"[
	    tui_model_style("cam")]);
	CU_ASSERT_EQUAL(b.c[2 * 40 + 13].ch, (uint32_t)"#@%&*$"[
	    tui_model_style("fb")]);

	/* zoomed in: 4 pages a cell, two rows */
	tui_cells_clear(&b);
	v.color = 1;
	v.zoom[0] = 1;
	tui_bank_render(&b, 0, 0, 40, 4, &model, &v, 0, 8);
	check_row(&b, 0, "> ram 0x80000000-0x800fffff 1M  1 cell =");
	check_row(&b, 2, "r0      |####....##..#.................|");
	check_row(&b, 3, "512K    |..                            |");

	/* 1 page a cell: 6 rows for 3; scrolled by the view, clamped */
	v.zoom[0] = 3;
	v.scroll[0] = 2;
	tui_cells_clear(&b);
	tui_bank_render(&b, 0, 0, 40, 4, &model, &v, 0, 8);
	CU_ASSERT_EQUAL(b.bank_first[0], 2);
	CU_ASSERT_EQUAL(b.bank_view[0], 3);
	check_row(&b, 1, "512K    |..########........####........|");
	check_row(&b, 2, "bf      |..............................|");
	v.scroll[0] = 99;
	tui_cells_clear(&b);
	tui_bank_render(&b, 0, 0, 40, 4, &model, &v, 0, 8);
	CU_ASSERT_EQUAL(b.bank_first[0], 3);
	check_row(&b, 3, "        |........                      |");
	tui_cells_free(&b);
}

static void
test_legend_and_meters(void)
{
	struct tui_cells b = { 0 };
	struct cma_metrics m;
	struct tui_view v;

	layout();
	tui_model_view_init(&v);
	v.ascii = 1;
	v.s = 64 * PG;
	CU_ASSERT_EQUAL(tui_meter_region(&model, 0, 64 * PG, &m), 0);
	CU_ASSERT_EQUAL(m.total, 128 * PG);
	CU_ASSERT_EQUAL(m.free, 100 * PG);
	CU_ASSERT_EQUAL(m.used, 28 * PG);
	CU_ASSERT_EQUAL(m.holes, 3);
	CU_ASSERT_EQUAL(m.largest_free, 76 * PG);
	CU_ASSERT_EQUAL(m.chunks, 3);
	CU_ASSERT_DOUBLE_EQUAL(m.unusable, 0.24, 1e-12);
	CU_ASSERT_EQUAL_FATAL(tui_cells_init(&b, 80, 3), 0);
	tui_bank_legend(&b, 0, 0, 80, &model, &v);
	check_row(&b, 0, ". free  + part used  : reserved  # cam  # fb");
	tui_meter_render(&b, 0, 1, 80, 2, &model, &v);
	check_row(&b, 1, "NAME     USED                        "
	    "   USED/TOTAL  LARGEST HOLES CHUNKS U(256K)");
	check_row(&b, 2, "ram      [######....................]"
	    "   112K/512K      304K     3      3  0.240");
	tui_cells_free(&b);
}

static void
test_timeline(void)
{
	struct tui_sample s[4] = {
		{ 32 * PG, 128 * PG, 0 }, { 64 * PG, 64 * PG, 0 },
		{ 128 * PG, 0, 1 }, { 0, 128 * PG, 0 },
	};
	struct tui_cells b = { 0 };
	struct tui_view v;

	layout();
	tui_model_view_init(&v);
	v.ascii = 1;
	model.samples = s;
	model.nsamples = 4;
	model.cursor = 1;
	CU_ASSERT_EQUAL_FATAL(tui_cells_init(&b, 20, 3), 0);
	tui_timeline_render(&b, 0, 0, 20, &model, &v);
	check_row(&b, 0, "used    ,=#");
	check_row(&b, 1, "largest #= #");
	check_row(&b, 2, "events  -^!-");
	/* more samples than columns: columns summarise */
	CU_ASSERT_EQUAL_FATAL(tui_cells_init(&b, 10, 3), 0);
	tui_timeline_render(&b, 0, 0, 10, &model, &v);
	check_row(&b, 0, "used    =#");
	check_row(&b, 1, "largest =");
	check_row(&b, 2, "events  ^!");
	tui_cells_free(&b);
}

static void
test_screen(void)
{
	struct tui_cells b = { 0 };
	struct tui_view v;
	char row[512];
	int y, found = 0;

	layout();
	tui_model_view_init(&v);
	v.ascii = 1;
	CU_ASSERT_EQUAL_FATAL(tui_cells_init(&b, 60, 20), 0);
	tui_screen_render(&b, &model, &v);
	for (y = 0; y < b.h; y++) {
		tui_cells_row(&b, y, row, sizeof row);
		found |= strcmp(row, "terminal too small: 60x20") == 0;
	}
	CU_ASSERT(found);
	CU_ASSERT_EQUAL_FATAL(tui_cells_init(&b, 80, 24), 0);
	tui_screen_render(&b, &model, &v);
	check_row(&b, 0, " cma top  test                         "
	    "                  event 10/10  paused x1");
	check_row(&b, 1, "> ram 0x80000000-0x800fffff 1M  1 cell = 1 page "
	    "(4K)");
	check_row(&b, 21, "status line");
	check_row(&b, 22, "no chunk selected (Down/Up select one)");
	tui_cells_row(&b, 23, row, sizeof row);
	CU_ASSERT(strncmp(row, "F1Help F2Alloc", 14) == 0);
	/* nothing outside ASCII in ASCII mode */
	for (y = 0; y < b.w * b.h; y++)
		CU_ASSERT_FATAL(b.c[y].ch < 128);
	v.screen = TUI_SCREEN_HELP;
	tui_screen_render(&b, &model, &v);
	check_row(&b, 1, "  cma top: the fragmentation viewer");
	tui_cells_free(&b);
}

struct collect {
	struct tui_chunk *c;
	size_t n;
};

static int
collect_chunk(void *arg, const struct cma_chunk_info *ci)
{
	struct collect *k = arg;

	k->c[k->n] = (struct tui_chunk){ ci->start, ci->size, ci->requested,
		0, 0, TUI_NONE, ci->region };
	k->n++;
	return 0;
}

static void
test_meters_match_core(void)
{
	static const char *const dev[] = { "x" };
	const struct cma_board *g = cma_board_builtin("goni");
	struct tui_region rg[CMA_MAX_REGIONS];
	struct collect k = { 0 };
	uint64_t starts[400], s;
	struct cma_err err;
	struct tui_model m;
	struct cma *cma;
	int n = 0, i, r;

	srand(7);
	CU_ASSERT_EQUAL_FATAL(cma_create(g, "a=8M;b=16M:ff;c=4M:buddy",
	    "*/*=a,b,c", &cma, &err), 0);
	for (i = 0; i < 2000; i++) {
		if (n > 0 && (rand() % 3 == 0 || n == 400)) {
			int j = rand() % n;

			cma_put(cma, starts[j]);
			starts[j] = starts[--n];
		} else if (cma_alloc(cma, "x", NULL, (uint64_t)(rand() % 64 +
		    1) * PG, 0, &s) == 0)
			starts[n++] = s;
	}
	k.c = calloc(cma_chunk_count(cma) + 1, sizeof *k.c);
	cma_chunk_foreach(cma, collect_chunk, &k);
	memset(&m, 0, sizeof m);
	m.board = g;
	m.nregions = cma_region_count(cma);
	for (r = 0; r < m.nregions; r++) {
		struct cma_region_info ri;

		cma_region_get(cma, r, &ri);
		rg[r].start = ri.start;
		rg[r].size = ri.size;
		rg[r].bank = ri.bank;
		rg[r].usable = ri.allocator != NULL;
	}
	m.regions = rg;
	m.chunks = k.c;
	m.nchunks = k.n;
	m.names = dev;
	for (r = 0; r < m.nregions; r++) {
		struct cma_metrics a, b;

		cma_metrics_region(cma, r, 32 * PG, &a);
		tui_meter_region(&m, r, 32 * PG, &b);
		CU_ASSERT_EQUAL(a.free, b.free);
		CU_ASSERT_EQUAL(a.used, b.used);
		CU_ASSERT_EQUAL(a.holes, b.holes);
		CU_ASSERT_EQUAL(a.largest_free, b.largest_free);
		CU_ASSERT_EQUAL(a.chunks, b.chunks);
		CU_ASSERT_DOUBLE_EQUAL(a.unusable, b.unusable, 1e-12);
	}
	for (r = 0; r < g->nbanks; r++) {
		struct cma_metrics a, b;

		cma_metrics_bank(cma, r, 32 * PG, &a);
		tui_meter_bank(&m, r, 32 * PG, &b);
		CU_ASSERT_EQUAL(a.free, b.free);
		CU_ASSERT_EQUAL(a.holes, b.holes);
		CU_ASSERT_EQUAL(a.largest_free, b.largest_free);
	}
	free(k.c);
	cma_destroy(cma);
}

static void
test_sizes_and_styles(void)
{
	char buf[16];

	CU_ASSERT_STRING_EQUAL(tui_meter_size(0, buf, sizeof buf), "0");
	CU_ASSERT_STRING_EQUAL(tui_meter_size(512, buf, sizeof buf), "512B");
	CU_ASSERT_STRING_EQUAL(tui_meter_size(4096, buf, sizeof buf), "4K");
	CU_ASSERT_STRING_EQUAL(tui_meter_size(20971520 + 524288, buf,
	    sizeof buf), "20.5M");
	CU_ASSERT_STRING_EQUAL(tui_meter_size(384ull << 20, buf, sizeof buf),
	    "384M");
	CU_ASSERT_STRING_EQUAL(tui_meter_size(3ull << 29, buf, sizeof buf),
	    "1.5G");
	/* the same name, the same style, whatever else is around */
	CU_ASSERT_EQUAL(tui_model_style("s5p-mfc5"),
	    tui_model_style("s5p-mfc5"));
	CU_ASSERT(tui_model_style("s5p-mfc5") >= 0 &&
	    tui_model_style("s5p-mfc5") < TUI_NSTYLES);
}

static CU_TestInfo render_tests[] = {
	{ "bank map", test_bank_map },
	{ "legend and meters", test_legend_and_meters },
	{ "timeline", test_timeline },
	{ "screen", test_screen },
	{ "meters match the core", test_meters_match_core },
	{ "sizes and styles", test_sizes_and_styles },
	CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
	{ "tui render", NULL, NULL, NULL, NULL, render_tests },
	CU_SUITE_INFO_NULL
};

int
main(void)
{
	return cunit_run(suites);
}
