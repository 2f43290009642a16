/*
 * The workload generators (replay/gen.h).
 *
 * Formulas: MFC v5 NV12MT plane and MV sizes and DPB minimums against the
 * table of allocator-anchors §6.2, JPEG "+1 page" sizes against §6.3.
 * Every workload: exactly N alloc/free events for several N (at most one
 * chunk left, none for even N); chunk numbers that follow cma-test (the
 * lowest free number from 3 up) with unique, increasing ids; requests
 * cma-test can express (names and kinds of at most 16 characters, sizes
 * above 0, power-of-two alignments; MFC ports 8 KiB aligned, firmware
 * 128 KiB); the same output for the same seed and a different one for
 * another seed; a failing sink stops the run.
 * Replayed by identity through the framework: on the default goni layout
 * mfc-1080p and day fail for capacity and for fragmentation, while the
 * workloads that fit never fail; on a roomy layout nothing ever fails.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cunit_main.h"
#include "cma/cma.h"
#include "gen.h"

#define KiB	1024ull
#define ROOMY	"fw=1M@0x32000000/128K;b1=256M;b2=112M"

/* ---- formulas ---- */

static void
expect_frame(unsigned w, unsigned h, uint64_t luma, uint64_t chroma,
    uint64_t mv)
{
	struct gen_mfc_frame f;

	gen_mfc_frame_size(w, h, &f);
	CU_ASSERT_EQUAL(f.luma, luma);
	CU_ASSERT_EQUAL(f.chroma, chroma);
	CU_ASSERT_EQUAL(f.mv, mv);
}

static void
test_mfc_frames(void)
{
	expect_frame(1920, 1080, 2088960, 1048576, 557056);
	expect_frame(1280, 720, 942080, 491520, 245760);
	expect_frame(800, 480, 434176, 229376, 114688);
	expect_frame(720, 480, 368640, 196608, 98304);
	expect_frame(640, 480, 311296, 163840, 81920);
}

static void
test_mfc_dpb(void)
{
	CU_ASSERT_EQUAL(gen_mfc_dpb_min(1920, 1080, 32768), 4);
	CU_ASSERT_EQUAL(gen_mfc_dpb_min(1280, 720, 18000), 5);
	CU_ASSERT_EQUAL(gen_mfc_dpb_min(800, 480, 8100), 5);
	CU_ASSERT_EQUAL(gen_mfc_dpb_min(800, 480, 18000), 12);
	/* at most 16, at least 1 */
	CU_ASSERT_EQUAL(gen_mfc_dpb_min(176, 144, 18000), 16);
	CU_ASSERT_EQUAL(gen_mfc_dpb_min(4096, 2304, 32768), 1);
}

static void
test_jpeg_sizes(void)
{
	CU_ASSERT_EQUAL(gen_jpeg_size(3072 * 2048), 6291456 + 4096);
	CU_ASSERT_EQUAL(gen_jpeg_size(3072 * 2048 * 3), 18874368 + 4096);
	CU_ASSERT_EQUAL(gen_jpeg_size(76800), 77824);
	CU_ASSERT_EQUAL(gen_jpeg_size(230400), 233472);
	CU_ASSERT_EQUAL(gen_jpeg_size(1536000), 1540096);
	CU_ASSERT_EQUAL(gen_jpeg_size(1), 4096);
}

/* ---- event streams ---- */

#define NUM_MAX	4096

struct check {
	unsigned char	 live[NUM_MAX];
	uint64_t	 allocs, frees, comments, last_id;
	uint64_t	 hash;
	unsigned	 nlive;
	int		 bad_num, bad_req, bad_free, bad_id;
	int		 saw_luma, saw_chroma, saw_mv;
	uint64_t	 stop_after;	/* fail the sink after this many */
};

static void
check_hash(struct check *c, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n--)
		c->hash = (c->hash ^ *b++) * 0x100000001b3ull;
}

static int
check_name(const char *s)
{
	return s != NULL && *s != '\0' && strlen(s) <= 16 &&
	    strchr(s, '/') == NULL && strchr(s, ' ') == NULL;
}

static int
check_event(void *arg, const struct gen_event *ev)
{
	struct check *c = arg;
	int lowest;

	if (c->stop_after && c->allocs + c->frees >= c->stop_after)
		return -EIO;
	check_hash(c, &ev->op, sizeof ev->op);
	switch (ev->op) {
	case GEN_ALLOC:
		c->allocs++;
		for (lowest = 3; lowest < NUM_MAX && c->live[lowest]; lowest++)
			;
		if (ev->num != lowest)
			c->bad_num++;
		if (ev->id != ++c->last_id)
			c->bad_id++;
		if (!check_name(ev->dev) || (ev->kind && !check_name(ev->kind))
		    || ev->size == 0 || (ev->align & (ev->align - 1)) != 0 ||
		    (ev->align && ev->align < 4096))
			c->bad_req++;
		if (strcmp(ev->dev, "s5p-mfc5") == 0 && (ev->kind == NULL ||
		    (strcmp(ev->kind, "f") == 0 ? ev->align != 128 * KiB :
		    ev->align != 8 * KiB)))
			c->bad_req++;
		if (ev->num >= 3 && ev->num < NUM_MAX)
			c->live[ev->num] = 1;
		c->nlive++;
		c->saw_luma |= ev->size == 2088960;
		c->saw_chroma |= ev->size == 1048576;
		c->saw_mv |= ev->size == 557056;
		check_hash(c, ev->dev, strlen(ev->dev));
		check_hash(c, &ev->size, sizeof ev->size);
		check_hash(c, &ev->align, sizeof ev->align);
		check_hash(c, &ev->num, sizeof ev->num);
		break;
	case GEN_FREE:
		c->frees++;
		if (ev->num < 3 || ev->num >= NUM_MAX || !c->live[ev->num])
			c->bad_free++;
		else
			c->live[ev->num] = 0;
		c->nlive--;
		check_hash(c, &ev->num, sizeof ev->num);
		break;
	case GEN_COMMENT:
		c->comments++;
		check_hash(c, ev->text, strlen(ev->text));
		break;
	}
	return 0;
}

static int
run_check(const struct gen_workload *w, uint64_t seed, uint64_t events,
    struct check *c, struct gen_stats *st)
{
	struct gen_sink sink = { check_event, c };

	memset(c, 0, sizeof *c);
	c->hash = 0xcbf29ce484222325ull;
	return gen_run(w, seed, events, &sink, st);
}

static void
test_table(void)
{
	size_t i;

	CU_ASSERT(gen_workload_count() >= 8);
	for (i = 0; i < gen_workload_count(); i++) {
		CU_ASSERT_PTR_EQUAL(gen_workload_find(gen_workload_at(i)->name),
		    gen_workload_at(i));
		CU_ASSERT(gen_workload_at(i)->default_events > 0);
	}
	CU_ASSERT_PTR_NOT_NULL(gen_workload_find("mfc-1080p"));
	CU_ASSERT_PTR_NOT_NULL(gen_workload_find("imx6-gst"));
	CU_ASSERT_PTR_NULL(gen_workload_find("nosuch"));
	CU_ASSERT_PTR_NULL(gen_workload_at(gen_workload_count()));
}

static void
test_exact_counts(void)
{
	static const uint64_t counts[] = { 1, 2, 3, 21, 22, 1000, 12345 };
	const struct gen_workload *w;
	struct gen_stats st;
	struct check c;
	size_t i, j;

	for (i = 0; i < gen_workload_count(); i++) {
		w = gen_workload_at(i);
		for (j = 0; j < sizeof counts / sizeof counts[0]; j++) {
			CU_ASSERT_EQUAL(run_check(w, 7, counts[j], &c, &st), 0);
			CU_ASSERT_EQUAL(c.allocs + c.frees, counts[j]);
			CU_ASSERT_EQUAL(st.allocs, c.allocs);
			CU_ASSERT_EQUAL(st.frees, c.frees);
			CU_ASSERT_EQUAL(c.nlive, counts[j] % 2);
			CU_ASSERT_EQUAL(st.live, c.nlive);
			CU_ASSERT_EQUAL(c.bad_num, 0);
			CU_ASSERT_EQUAL(c.bad_id, 0);
			CU_ASSERT_EQUAL(c.bad_req, 0);
			CU_ASSERT_EQUAL(c.bad_free, 0);
			if (c.bad_num || c.bad_req || c.bad_free ||
			    c.nlive != counts[j] % 2)
				fprintf(stderr, "\n  %s, %llu events\n",
				    w->name, (unsigned long long)counts[j]);
		}
		CU_ASSERT_EQUAL(gen_run(w, 1, 0, NULL, NULL), -EINVAL);
	}
}

static void
test_defaults(void)
{
	const struct gen_workload *w;
	struct gen_stats st;
	struct check c;
	size_t i;

	for (i = 0; i < gen_workload_count(); i++) {
		w = gen_workload_at(i);
		CU_ASSERT_EQUAL(run_check(w, 1, w->default_events, &c, &st), 0);
		CU_ASSERT_EQUAL(c.allocs + c.frees, w->default_events);
		CU_ASSERT_EQUAL(c.bad_num + c.bad_req + c.bad_free, 0);
		CU_ASSERT(c.comments > 0);
		CU_ASSERT(st.peak_live < NUM_MAX);
	}
	w = gen_workload_find("mfc-1080p");
	run_check(w, 1, w->default_events, &c, NULL);
	CU_ASSERT(c.saw_luma && c.saw_chroma && c.saw_mv);
	/* imx6-gst: 11 requests, everything but the order-7 block freed */
	run_check(gen_workload_find("imx6-gst"), 1, 21, &c, &st);
	CU_ASSERT_EQUAL(st.allocs, 11);
	CU_ASSERT_EQUAL(st.frees, 10);
	CU_ASSERT_EQUAL(st.live, 1);
}

static void
test_seeds(void)
{
	const struct gen_workload *w;
	struct check c;
	uint64_t h1, h2;
	size_t i;

	for (i = 0; i < gen_workload_count(); i++) {
		w = gen_workload_at(i);
		run_check(w, 1, 3000, &c, NULL);
		h1 = c.hash;
		run_check(w, 1, 3000, &c, NULL);
		CU_ASSERT_EQUAL(c.hash, h1);
		run_check(w, 2, 3000, &c, NULL);
		h2 = c.hash;
		if (w->seeded) {
			CU_ASSERT_NOT_EQUAL(h2, h1);
		} else {
			CU_ASSERT_EQUAL(h2, h1);
		}
	}
}

static void
test_sink_error(void)
{
	struct gen_stats st;
	struct check c;

	memset(&c, 0, sizeof c);
	c.stop_after = 100;
	{
		struct gen_sink sink = { check_event, &c };

		CU_ASSERT_EQUAL(gen_run(gen_workload_find("day"), 1, 100000,
		    &sink, &st), -EIO);
	}
	CU_ASSERT_EQUAL(c.allocs + c.frees, 100);
}

/* Long runs stay within a small live set (constant memory). */
static void
test_bounded(void)
{
	struct gen_stats st;
	struct check c;

	CU_ASSERT_EQUAL(run_check(gen_workload_find("day"), 3, 400000, &c,
	    &st), 0);
	CU_ASSERT_EQUAL(c.allocs + c.frees, 400000);
	CU_ASSERT(st.peak_live < 400);
	CU_ASSERT(st.max_num < 410);
	CU_ASSERT_EQUAL(c.bad_num + c.bad_free, 0);
}

/* ---- replayed by identity through the framework ---- */

struct replay {
	struct cma	*cma;
	uint64_t	 start[NUM_MAX];
	unsigned char	 ok[NUM_MAX];
	uint64_t	 allocs, fails, capacity, fragmentation;
};

static int
replay_event(void *arg, const struct gen_event *ev)
{
	struct replay *r = arg;
	struct cma_resolution res;
	struct cma_region_info ri;
	uint64_t start, size;
	char *name, *save;
	int frag = 0, i;

	if (ev->op == GEN_FREE) {
		if (r->ok[ev->num])
			CU_ASSERT_EQUAL(cma_put(r->cma, r->start[ev->num]), 1);
		r->ok[ev->num] = 0;
		return 0;
	}
	if (ev->op != GEN_ALLOC)
		return 0;
	r->allocs++;
	if (cma_alloc(r->cma, ev->dev, ev->kind, ev->size, ev->align,
	    &start) == 0) {
		r->ok[ev->num] = 1;
		r->start[ev->num] = start;
		return 0;
	}
	r->ok[ev->num] = 0;
	r->fails++;
	/* Fragmentation: some region of the rule had the bytes free. */
	size = (ev->size + 4095) & ~4095ull;
	CU_ASSERT_EQUAL_FATAL(cma_resolve(r->cma, ev->dev, ev->kind, &res),
	    0);
	for (name = strtok_r(res.regions, ",", &save); name;
	    name = strtok_r(NULL, ",", &save))
		if ((i = cma_region_find(r->cma, name)) >= 0 &&
		    cma_region_get(r->cma, i, &ri) == 0 && ri.free >= size)
			frag = 1;
	if (frag)
		r->fragmentation++;
	else
		r->capacity++;
	return 0;
}

static void
replay(const char *workload, const char *cma_param, struct replay *r)
{
	const struct gen_workload *w = gen_workload_find(workload);
	struct gen_sink sink = { replay_event, r };
	struct cma_board board;
	struct cma_err err = { "" };

	memset(r, 0, sizeof *r);
	CU_ASSERT_EQUAL_FATAL(cma_board_resolve("goni", &board, &err), 0);
	CU_ASSERT_EQUAL_FATAL(cma_create(&board, cma_param, NULL, &r->cma,
	    &err), 0);
	CU_ASSERT_EQUAL(gen_run(w, 1, w->default_events, &sink, NULL), 0);
	cma_destroy(r->cma);
}

static void
test_goni_failures(void)
{
	static const char *const fits[] = { "mfc-wvga", "camera-preview",
	    "jpeg-capture", "framebuffer", "imx6-gst" };
	struct replay *r = calloc(1, sizeof *r);
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	replay("mfc-1080p", NULL, r);
	CU_ASSERT(r->capacity > 0);
	CU_ASSERT(r->fragmentation > 0);
	replay("day", NULL, r);
	CU_ASSERT(r->capacity > 0);
	CU_ASSERT(r->fragmentation > 0);
	CU_ASSERT(r->fails < r->allocs / 10);
	replay("mfc-720p", NULL, r);
	CU_ASSERT(r->fails > 0);
	for (i = 0; i < sizeof fits / sizeof fits[0]; i++) {
		replay(fits[i], NULL, r);
		CU_ASSERT_EQUAL(r->fails, 0);
	}
	free(r);
}

static void
test_roomy_layout(void)
{
	struct replay *r = calloc(1, sizeof *r);
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	for (i = 0; i < gen_workload_count(); i++) {
		replay(gen_workload_at(i)->name, ROOMY, r);
		CU_ASSERT(r->allocs > 0);
		CU_ASSERT_EQUAL(r->fails, 0);
	}
	free(r);
}

static CU_TestInfo formula_tests[] = {
	{ "MFC v5 NV12MT luma, chroma, mv", test_mfc_frames },
	{ "DPB minimum from MaxDpbMbs", test_mfc_dpb },
	{ "JPEG buffers: a page more", test_jpeg_sizes },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo stream_tests[] = {
	{ "workload table", test_table },
	{ "exactly N events, numbers as cma-test", test_exact_counts },
	{ "default lengths and 1080p sizes", test_defaults },
	{ "same seed same trace, other seed other", test_seeds },
	{ "a failing sink stops the run", test_sink_error },
	{ "long runs keep a small live set", test_bounded },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo replay_tests[] = {
	{ "goni: which workloads fail, and how", test_goni_failures },
	{ "a roomy layout: nothing fails", test_roomy_layout },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "formulas", NULL, NULL, NULL, NULL, formula_tests },
	{ "streams", NULL, NULL, NULL, NULL, stream_tests },
	{ "replay", NULL, NULL, NULL, NULL, replay_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return cunit_run(suites);
}
