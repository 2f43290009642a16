/*
 * The workload generators' common machinery: the workload table, the
 * random numbers, chunk numbering, the event budget and the cma-test text
 * writer.  The simulated devices live in gen_mfc.c, gen_fimc.c,
 * gen_jpeg.c and gen_fb.c; the workloads built from them in those files,
 * gen_day.c and gen_imx6.c.
 *
 * Chunk numbers follow the cma-test tool: each allocation gets the lowest
 * number from 3 up that no live chunk holds, because the tool numbered a
 * chunk by the /dev/cma file descriptor it opened for it and the C library
 * returns the lowest free descriptor (0-2 being stdin, stdout, stderr).
 * The numbering assumes every allocation succeeds.  A bitmap of the
 * numbers in use, with the lowest possibly free one remembered, finds the
 * next number in a few word reads: the live set is small and bounded.
 *
 * The budget: `limit` alloc/free events make ceil(limit / 2) allocations.
 * While allocations remain, frees can never reach the limit (every free
 * follows its allocation), so only the final teardown is cut, and at most
 * by one free.
 */
#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_int.h"

static const struct gen_workload *const gen_workloads[] = {
	&gen_mfc_1080p_workload,
	&gen_mfc_720p_workload,
	&gen_mfc_wvga_workload,
	&gen_fimc_workload,
	&gen_jpeg_workload,
	&gen_fb_workload,
	&gen_day_workload,
	&gen_imx6_workload,
};

#define GEN_NWORKLOADS (sizeof gen_workloads / sizeof gen_workloads[0])

size_t
gen_workload_count(void)
{
	return GEN_NWORKLOADS;
}

const struct gen_workload *
gen_workload_at(size_t i)
{
	return i < GEN_NWORKLOADS ? gen_workloads[i] : NULL;
}

const struct gen_workload *
gen_workload_find(const char *name)
{
	size_t i;

	for (i = 0; i < GEN_NWORKLOADS; i++)
		if (strcmp(gen_workloads[i]->name, name) == 0)
			return gen_workloads[i];
	return NULL;
}

/* splitmix64 (Steele, Lea, Flood 2014): one add and two multiplies. */
uint64_t
gen_rand(struct gen *g)
{
	uint64_t z = (g->rng += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

unsigned
gen_below(struct gen *g, unsigned n)
{
	/* The top 32 bits scaled to [0, n): no modulo bias worth a name. */
	return (unsigned)(((gen_rand(g) >> 32) * n) >> 32);
}

unsigned
gen_between(struct gen *g, unsigned lo, unsigned hi)
{
	return lo + gen_below(g, hi - lo + 1);
}

int
gen_chance(struct gen *g, unsigned percent)
{
	return gen_below(g, 100) < percent;
}

static void
gen_emit(struct gen *g, const struct gen_event *ev)
{
	int ret;

	if (g->err)
		return;
	if ((ret = g->sink->event(g->sink->arg, ev)) < 0)
		g->err = ret;
}

int
gen_exhausted(const struct gen *g)
{
	return g->allocs >= g->max_allocs || g->err != 0;
}

/* Like the core's xrealloc: no sensible way on without the memory. */
static void *
gen_realloc(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL) {
		fprintf(stderr, "cma: out of memory allocating %zu bytes\n", n);
		abort();
	}
	return p;
}

static void
gen_grow(struct gen *g)
{
	size_t cap = g->cap ? g->cap * 2 : 256;

	g->used = gen_realloc(g->used, cap / 64 * sizeof *g->used);
	g->ids = gen_realloc(g->ids, cap * sizeof *g->ids);
	memset(g->used + g->cap / 64, 0, (cap - g->cap) / 64 *
	    sizeof *g->used);
	g->cap = cap;
}

/* The lowest number >= g->lowest not in use. */
static int
gen_number(struct gen *g)
{
	size_t w = (size_t)g->lowest / 64;
	uint64_t bits;

	for (;; w++) {
		if (w >= g->cap / 64)
			gen_grow(g);
		bits = ~g->used[w];
		if (w == (size_t)g->lowest / 64)
			bits &= ~0ull << (g->lowest % 64);
		if (bits)
			return (int)(w * 64 + (size_t)__builtin_ctzll(bits));
	}
}

int
gen_alloc(struct gen *g, const char *dev, const char *kind, uint64_t size,
    uint64_t align)
{
	struct gen_event ev;
	int num;

	if (gen_exhausted(g))
		return -1;
	num = gen_number(g);
	g->used[num / 64] |= 1ull << (num % 64);
	g->ids[num] = ++g->allocs;
	g->lowest = num + 1;
	if (++g->live > g->peak_live)
		g->peak_live = g->live;
	if (num > g->max_num)
		g->max_num = num;
	memset(&ev, 0, sizeof ev);
	ev.op = GEN_ALLOC;
	ev.num = num;
	ev.id = g->ids[num];
	ev.dev = dev;
	ev.kind = kind;
	ev.size = size;
	ev.align = align;
	gen_emit(g, &ev);
	return num;
}

void
gen_free(struct gen *g, int num)
{
	struct gen_event ev;

	if (num < GEN_FIRST_NUM || g->allocs + g->frees >= g->limit)
		return;
	assert((size_t)num < g->cap &&
	    (g->used[num / 64] & (1ull << (num % 64))));
	g->used[num / 64] &= ~(1ull << (num % 64));
	if (num < g->lowest)
		g->lowest = num;
	g->frees++;
	g->live--;
	memset(&ev, 0, sizeof ev);
	ev.op = GEN_FREE;
	ev.num = num;
	ev.id = g->ids[num];
	gen_emit(g, &ev);
}

void
gen_comment(struct gen *g, const char *fmt, ...)
{
	struct gen_event ev;
	char text[256];
	va_list ap;

	if (g->allocs + g->frees >= g->limit)
		return;		/* the trace is over */
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	memset(&ev, 0, sizeof ev);
	ev.op = GEN_COMMENT;
	ev.text = text;
	gen_emit(g, &ev);
}

void
gen_set_alloc(struct gen *g, struct gen_set *s, const char *dev,
    const char *kind, uint64_t size, uint64_t align)
{
	int num;

	assert(s->n < GEN_SET_MAX);
	if ((num = gen_alloc(g, dev, kind, size, align)) >= 0)
		s->num[s->n++] = num;
}

/* Frees the set in allocation order (what REQBUFS(0) and close do). */
void
gen_set_free(struct gen *g, struct gen_set *s)
{
	unsigned i;

	for (i = 0; i < s->n; i++)
		gen_free(g, s->num[i]);
	s->n = 0;
}

int
gen_run(const struct gen_workload *w, uint64_t seed, uint64_t events,
    const struct gen_sink *sink, struct gen_stats *stats)
{
	struct gen g;

	if (events == 0)
		return -EINVAL;
	memset(&g, 0, sizeof g);
	g.sink = sink;
	g.rng = seed;
	g.limit = events;
	g.max_allocs = events / 2 + events % 2;
	g.lowest = GEN_FIRST_NUM;
	w->run(&g);
	/* Every workload frees all it holds: the count is exact. */
	assert(g.err != 0 || (g.allocs + g.frees == events && g.live <= 1));
	if (stats) {
		stats->allocs = g.allocs;
		stats->frees = g.frees;
		stats->live = g.live;
		stats->peak_live = g.peak_live;
		stats->max_num = g.max_num;
	}
	free(g.used);
	free(g.ids);
	return g.err;
}

/* ---- the cma-test text ---- */

/* Alignments are powers of two of at least a page: "8K", "128K", "1M". */
static void
gen_text_align(char *buf, size_t len, uint64_t a)
{
	if (a % GEN_M(1) == 0)
		snprintf(buf, len, "/%" PRIu64 "M", a >> 20);
	else if (a % GEN_K(1) == 0)
		snprintf(buf, len, "/%" PRIu64 "K", a >> 10);
	else
		snprintf(buf, len, "/%" PRIu64, a);
}

int
gen_text_event(void *arg, const struct gen_event *ev)
{
	FILE *out = arg;
	char align[32] = "";
	int ret = 0;

	errno = 0;
	switch (ev->op) {
	case GEN_ALLOC:
		if (ev->align)
			gen_text_align(align, sizeof align, ev->align);
		ret = fprintf(out, "a %s%s%s %" PRIu64 "%s\n", ev->dev,
		    ev->kind ? "/" : "", ev->kind ? ev->kind : "", ev->size,
		    align);
		break;
	case GEN_FREE:
		ret = fprintf(out, "f %d\n", ev->num);
		break;
	case GEN_COMMENT:
		ret = fprintf(out, "# %s\n", ev->text);
		break;
	}
	return ret < 0 ? -(errno ? errno : EIO) : 0;
}

/* Each line of `text` as a comment line, with an indent. */
static void
gen_text_lines(FILE *out, const char *indent, const char *text)
{
	const char *nl;

	while (*text) {
		nl = strchr(text, '\n');
		if (nl == NULL)
			nl = text + strlen(text);
		fprintf(out, "#%s%.*s\n", nl > text ? indent : "",
		    (int)(nl - text), text);
		text = *nl ? nl + 1 : nl;
	}
}

void
gen_text_header(FILE *out, const struct gen_workload *w, uint64_t seed,
    uint64_t events)
{
	if (w->seeded)
		fprintf(out, "# cma gen %s --seed %" PRIu64 " --events %" PRIu64
		    "\n", w->name, seed, events);
	else
		fprintf(out, "# cma gen %s --events %" PRIu64 "\n", w->name,
		    events);
	fprintf(out, "#\n# %s.\n#\n", w->summary);
	gen_text_lines(out, " ", w->about);
	fputs("#\n# On goni (cma=fw=1M@0x32000000/128K;b1=32M@0x33000000;"
	    "b2=16M@0x44000000,\n"
	    "# cma_map=s5p-mfc5/f=fw;s5p-mfc5/a=b1;s5p-mfc5/b=b2;*/*=b1,b2, "
	    "bf allocator):\n", out);
	gen_text_lines(out, " ", w->on_goni);
	fprintf(out, "#\n"
	    "# Format: the 2010 cma-test commands; run it with "
	    "'cma test < FILE'.\n"
	    "#   a DEV[/KIND] SIZE[/ALIGN]  allocate SIZE bytes, ALIGN "
	    "as 8K, 128K, 1M\n"
	    "#   f NUM                     free chunk NUM\n"
	    "# A new chunk's NUM is the lowest number from 3 up that no live "
	    "chunk holds\n"
	    "# (cma-test numbered chunks by file descriptor), counted as if "
	    "every\n"
	    "# allocation succeeded.  Where one fails, cma-test's numbers "
	    "drift from\n"
	    "# these, so replay a failing trace by identity (cma import, cma "
	    "replay).\n"
	    "# Exactly %" PRIu64 " a/f lines: when the allocation budget is "
	    "spent, whatever\n"
	    "# still runs is torn down, long-lived buffers last%s.\n#\n",
	    events, events % 2 ? " (the last\n# of them stays allocated: "
	    "the count is odd)" : "");
}
