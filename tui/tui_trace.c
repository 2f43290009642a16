/*
 * Stepping through a stored trace.
 *
 * Design.  The core cannot place a chunk at a given address (allocators
 * keep history: best fit's LIFO among equal holes, a buddy's split state),
 * so rebuilding an allocator's state at an arbitrary position would mean
 * re-running the trace up to there.  Instead each allocator runs the whole
 * trace once, forward, through the framework exactly as `cma replay` does
 * (same request, identities mapped to chunks, same rules for requests that
 * failed when recorded and for orphaned frees), and the run is kept as a
 * log:
 *
 *	recs[]		every chunk the run allocated: extent, request,
 *			device, kind, region, the position it appeared at
 *	res[i]		what event i did: allocated recs[k], freed recs[k],
 *			failed (errno and cause), or changed nothing
 *	samples[i]	bytes used and the largest free extent after event i
 *	fails[]		the events that failed, in order
 *	ckpt[k]		the set of live chunks at position k * interval
 *
 * The viewer's state at position p is the set of chunks live after events
 * 0 .. p-1, kept sorted by address.  Event i is applied by inserting or
 * removing one chunk and undone by the opposite, so a step in either
 * direction costs one event, never a re-run.  A jump further than one
 * checkpoint interval restores the nearest checkpoint at or before the
 * target and applies at most `interval` events from there.  The state is a
 * pure function of the log, so it is exactly what the framework held at
 * that point of the run.
 *
 * Switching allocator runs the trace under the new one (once; runs are
 * kept) and moves to the same position.  Memory: about 40 bytes per event
 * per allocator run, plus the checkpoints (the interval grows with the
 * trace so that there are at most about 1024 of them).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chunkmap.h"
#include "cma/cma.h"
#include "tui_trace.h"

#define TUI_MAX_RUNS 16

enum tui_res_what {
	TUI_RES_NONE,		/* get/put that freed nothing */
	TUI_RES_ALLOC,
	TUI_RES_FREE,
	TUI_RES_FAIL,
	TUI_RES_TRANSIENT,	/* succeeded here, failed when recorded */
	TUI_RES_ORPHAN,		/* skipped: no chunk for that identity */
	TUI_RES_REUSED,		/* identity reused while live: released */
};

enum tui_cause {
	TUI_CAUSE_NONE,
	TUI_CAUSE_CAPACITY,
	TUI_CAUSE_FRAGMENTATION,
	TUI_CAUSE_NO_RULE,
	TUI_CAUSE_INVALID,
};

struct tui_req {
	int64_t	 seq;
	uint64_t size, align, chunk;
	uint32_t dev, kind, regions;
	uint8_t	 op;
	uint8_t	 recorded_fail;
};

struct tui_res {
	uint32_t rec;
	uint8_t	 what;
	uint8_t	 cause;
	uint16_t err;
};

struct tui_run {
	char		   name[32];
	int		   as_cma;	/* no allocator override */
	struct tui_chunk  *recs;
	size_t		   nrecs, caprecs;
	struct tui_res	  *res;
	struct tui_sample *samples;
	uint64_t	  *fails;
	size_t		   nfails, capfails;
	uint32_t	 **ckpt;
	size_t		  *ckpt_n;
	size_t		   nckpt;
	struct tui_region  regions[CMA_MAX_REGIONS];
	int		   nregions;
};

struct tui_trace {
	struct cma_board board;
	char		 cma[CMA_MAX_PARAM_LEN], map[CMA_MAX_PARAM_LEN];
	int		 has_cma, has_map;
	char		 name[128];
	int64_t		 id;
	struct tui_names names;
	struct tui_req	*req;
	size_t		 nev, capev;
	uint64_t	 interval;
	struct tui_run	*runs[TUI_MAX_RUNS];
	int		 nruns;
	struct tui_run	*cur;
	uint32_t	*live;		/* rec indices sorted by start */
	size_t		 nlive, caplive;
	uint64_t	 pos, steps;
	struct tui_chunk *view;
	size_t		 capview;
	char		 title[256], position[96], status[320];
};

static void *
tui_trace_realloc(void *p, size_t n, size_t size)
{
	if (n && size > SIZE_MAX / n)
		abort();
	p = realloc(p, n != 0 && size != 0 ? n * size : 1);
	if (p == NULL)
		abort();
	return p;
}

/* ---- loading ---- */

static int
tui_trace_load(struct tui_trace *t, struct trace_store *st,
    struct cma_err *err)
{
	struct trace_reader *rd;
	struct trace_event ev;
	int ret;

	if ((ret = trace_reader_open(st, t->id, &rd, err)) < 0)
		return ret;
	while ((ret = trace_reader_next(rd, &ev)) > 0) {
		struct tui_req *r;

		if (ev.op < TRACE_ALLOC || ev.op > TRACE_PUT)
			continue;
		if (t->nev == t->capev) {
			t->capev = t->capev ? 2 * t->capev : 1024;
			t->req = tui_trace_realloc(t->req, t->capev,
			    sizeof *t->req);
		}
		r = &t->req[t->nev++];
		r->seq = ev.seq;
		r->op = (uint8_t)ev.op;
		r->size = ev.size;
		r->align = ev.align;
		r->chunk = ev.chunk;
		r->dev = tui_names_intern(&t->names, ev.dev ? ev.dev : "");
		r->kind = ev.kind && *ev.kind ?
		    tui_names_intern(&t->names, ev.kind) : TUI_NONE;
		r->regions = tui_names_intern(&t->names, ev.regions ?
		    ev.regions : "");
		r->recorded_fail = ev.has_result && ev.err != 0;
	}
	trace_reader_close(rd);
	if (ret < 0) {
		cma_err_set(err, "%s: reading trace %lld", trace_store_path(st),
		    (long long)t->id);
		return -EIO;
	}
	return 0;
}

int
tui_trace_open(struct trace_store *st, int64_t id,
    const struct tui_trace_options *o, struct tui_trace **out,
    struct cma_err *err)
{
	struct tui_trace *t = calloc(1, sizeof *t);
	struct trace_info ti;
	char origin[64];
	int ret;

	if (t == NULL)
		abort();
	tui_names_init(&t->names);
	t->id = id;
	if ((ret = trace_store_trace(st, id, &ti, err)) < 0) {
		free(t);
		return ret;
	}
	snprintf(origin, sizeof origin, "trace %lld board", (long long)id);
	if (o->board != NULL)
		ret = cma_board_resolve(o->board, &t->board, err);
	else if (ti.board_text && ti.board_text[0] != '\0')
		ret = cma_board_parse(ti.board_text, origin, &t->board, err);
	else {
		cma_err_set(err, "trace %lld records no board: give one with "
		    "--board (and --cma)", (long long)id);
		ret = -EINVAL;
	}
	if (ret == 0) {
		const char *c = o->cma ? o->cma : ti.cma && ti.cma[0] ?
		    ti.cma : NULL;
		const char *m = o->map ? o->map : ti.map && ti.map[0] ?
		    ti.map : NULL;

		t->has_cma = c != NULL;
		t->has_map = m != NULL;
		snprintf(t->cma, sizeof t->cma, "%s", c ? c : "");
		snprintf(t->map, sizeof t->map, "%s", m ? m : "");
		snprintf(t->name, sizeof t->name, "%s", ti.name ? ti.name :
		    "");
	}
	trace_info_free(&ti);
	if (ret == 0)
		ret = tui_trace_load(t, st, err);
	if (ret == 0) {
		t->interval = t->nev / 1024 > 256 ? t->nev / 1024 : 256;
		ret = tui_trace_set_allocator(t, o->allocator, err);
	}
	if (ret < 0) {
		tui_trace_close(t);
		return ret;
	}
	*out = t;
	return 0;
}

static void
tui_trace_run_free(struct tui_run *r)
{
	size_t i;

	for (i = 0; i < r->nckpt; i++)
		free(r->ckpt[i]);
	free(r->ckpt);
	free(r->ckpt_n);
	free(r->recs);
	free(r->res);
	free(r->samples);
	free(r->fails);
	free(r);
}

void
tui_trace_close(struct tui_trace *t)
{
	int i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nruns; i++)
		tui_trace_run_free(t->runs[i]);
	tui_names_free(&t->names);
	free(t->req);
	free(t->live);
	free(t->view);
	free(t);
}

/* ---- one run of the trace under one allocator ---- */

struct tui_trace_runner {
	struct tui_trace *t;
	struct tui_run	 *run;
	struct cma	 *cma;
	struct chunkmap	  ids;		/* identity -> rec (in .used) */
	uint32_t	 *dense;	/* live recs, unordered */
	size_t		  ndense, capdense;
	uint32_t	 *where;	/* rec -> index in dense */
	uint64_t	  used;
	uint64_t	  largest[CMA_MAX_REGIONS];
};

static enum tui_cause
tui_trace_runner_cause(struct tui_trace_runner *u, const struct tui_req *r,
    int ret)
{
	struct cma_resolution rs;
	const char *list, *p, *q;
	char name[CMA_MAX_PARAM_LEN];
	uint64_t size;

	if (ret == -ENOENT)
		return TUI_CAUSE_NO_RULE;
	if (ret != -ENOMEM)
		return TUI_CAUSE_INVALID;
	if (cma_round_up(r->size, CMA_PAGE_SIZE, &size) < 0)
		size = r->size;
	if (r->op == TRACE_ALLOC) {
		if (cma_resolve(u->cma, u->t->names.v[r->dev],
		    r->kind != TUI_NONE ? u->t->names.v[r->kind] : NULL,
		    &rs) < 0)
			return TUI_CAUSE_CAPACITY;
		list = rs.regions;
	} else
		list = u->t->names.v[r->regions];
	for (p = list; *p; p = *q ? q + 1 : q) {
		struct cma_region_info ri;
		int k;

		q = p + strcspn(p, ",;");
		snprintf(name, sizeof name, "%.*s", (int)(q - p), p);
		k = cma_region_find(u->cma, name);
		if (k >= 0 && cma_region_get(u->cma, k, &ri) == 0 &&
		    ri.allocator != NULL && ri.free >= size)
			return TUI_CAUSE_FRAGMENTATION;
		if (*q == ';')
			break;
	}
	return TUI_CAUSE_CAPACITY;
}

static void
tui_trace_runner_touch(struct tui_trace_runner *u, int region)
{
	u->largest[region] = cma_region_largest_free(u->cma, region);
}

static uint64_t
tui_trace_runner_largest(const struct tui_trace_runner *u)
{
	uint64_t best = 0;
	int i;

	for (i = 0; i < u->run->nregions; i++)
		if (u->largest[i] > best)
			best = u->largest[i];
	return best;
}

static void
tui_trace_runner_alloc(struct tui_trace_runner *u, uint64_t i,
    const struct tui_req *r, struct tui_res *res)
{
	struct tui_run *run = u->run;
	struct cma_chunk_info ci;
	struct chunkmap_entry *e;
	struct tui_chunk *c;
	uint64_t start;
	int ret;

	if (r->op == TRACE_ALLOC)
		ret = cma_alloc(u->cma, u->t->names.v[r->dev],
		    r->kind != TUI_NONE ? u->t->names.v[r->kind] : NULL,
		    r->size, r->align, &start);
	else
		ret = cma_alloc_from(u->cma, u->t->names.v[r->regions],
		    r->size, r->align, &start);
	if (ret < 0) {
		res->what = TUI_RES_FAIL;
		res->err = (uint16_t)-ret;
		res->cause = (uint8_t)tui_trace_runner_cause(u, r, ret);
		if (run->nfails == run->capfails) {
			run->capfails = run->capfails ? 2 * run->capfails : 64;
			run->fails = tui_trace_realloc(run->fails,
			    run->capfails, sizeof *run->fails);
		}
		run->fails[run->nfails++] = i;
		return;
	}
	cma_chunk_find(u->cma, start, &ci);
	if (r->recorded_fail) {
		cma_put(u->cma, start);
		res->what = TUI_RES_TRANSIENT;
		return;
	}
	e = NULL;
	if (r->chunk) {
		e = chunkmap_put(&u->ids, r->chunk);
		if (e->refs) {
			cma_put(u->cma, start);
			res->what = TUI_RES_REUSED;
			return;
		}
	}
	if (run->nrecs == run->caprecs) {
		run->caprecs = run->caprecs ? 2 * run->caprecs : 1024;
		run->recs = tui_trace_realloc(run->recs, run->caprecs,
		    sizeof *run->recs);
		u->where = tui_trace_realloc(u->where, run->caprecs,
		    sizeof *u->where);
	}
	c = &run->recs[run->nrecs];
	c->start = start;
	c->size = ci.size;
	c->requested = r->size;
	c->born = i + 1;
	c->dev = r->op == TRACE_ALLOC ? r->dev : r->regions;
	c->kind = r->op == TRACE_ALLOC ? r->kind : TUI_NONE;
	c->region = ci.region;
	if (e) {
		e->start = start;
		e->used = run->nrecs;	/* the rec, not a size */
		e->region = ci.region;
		e->refs = 1;
	}
	if (u->ndense == u->capdense) {
		u->capdense = u->capdense ? 2 * u->capdense : 1024;
		u->dense = tui_trace_realloc(u->dense, u->capdense,
		    sizeof *u->dense);
	}
	u->where[run->nrecs] = (uint32_t)u->ndense;
	u->dense[u->ndense++] = (uint32_t)run->nrecs;
	res->what = TUI_RES_ALLOC;
	res->rec = (uint32_t)run->nrecs++;
	u->used += ci.size;
	tui_trace_runner_touch(u, ci.region);
}

static void
tui_trace_runner_ref(struct tui_trace_runner *u, const struct tui_req *r,
    struct tui_res *res)
{
	struct chunkmap_entry *e = r->chunk ? chunkmap_find(&u->ids,
	    r->chunk) : NULL;
	uint32_t rec, last;

	if (e == NULL) {
		res->what = TUI_RES_ORPHAN;
		return;
	}
	if (r->op == TRACE_GET) {
		if (cma_get(u->cma, e->start) == 0)
			e->refs++;
		return;
	}
	if (cma_put(u->cma, e->start) != 1) {
		e->refs--;
		return;
	}
	rec = (uint32_t)e->used;
	chunkmap_remove(&u->ids, e);
	res->what = TUI_RES_FREE;
	res->rec = rec;
	last = u->dense[--u->ndense];
	u->dense[u->where[rec]] = last;
	u->where[last] = u->where[rec];
	u->used -= u->run->recs[rec].size;
	tui_trace_runner_touch(u, u->run->recs[rec].region);
}

static void
tui_trace_runner_checkpoint(struct tui_trace_runner *u, size_t k)
{
	struct tui_run *run = u->run;

	run->ckpt[k] = tui_trace_realloc(NULL, u->ndense, sizeof **run->ckpt);
	if (u->ndense > 0)
		memcpy(run->ckpt[k], u->dense, u->ndense * sizeof *u->dense);
	run->ckpt_n[k] = u->ndense;
	run->nckpt = k + 1;
}

static int
tui_trace_run(struct tui_trace *t, const char *allocator,
    struct tui_run **out, struct cma_err *err)
{
	struct tui_trace_runner u = { .t = t };
	struct tui_run *run = calloc(1, sizeof *run);
	uint64_t i;
	int ret, k;

	if (run == NULL)
		abort();
	ret = cma_create_with(&t->board, t->has_cma ? t->cma : NULL,
	    t->has_map ? t->map : NULL, allocator, &u.cma, err);
	if (ret < 0) {
		free(run);
		return ret;
	}
	u.run = run;
	snprintf(run->name, sizeof run->name, "%s", allocator ? allocator :
	    "cma=");
	run->as_cma = allocator == NULL;
	run->nregions = tui_model_regions(u.cma, run->regions);
	for (k = 0; k < run->nregions; k++)
		tui_trace_runner_touch(&u, k);
	chunkmap_init(&u.ids);
	run->res = tui_trace_realloc(NULL, t->nev, sizeof *run->res);
	run->samples = tui_trace_realloc(NULL, t->nev, sizeof *run->samples);
	run->ckpt = tui_trace_realloc(NULL, t->nev / t->interval + 1,
	    sizeof *run->ckpt);
	run->ckpt_n = tui_trace_realloc(NULL, t->nev / t->interval + 1,
	    sizeof *run->ckpt_n);
	for (i = 0; i <= t->nev; i++) {
		const struct tui_req *r;
		struct tui_res *res;

		if (i % t->interval == 0)
			tui_trace_runner_checkpoint(&u,
			    (size_t)(i / t->interval));
		if (i == t->nev)
			break;
		r = &t->req[i];
		res = &run->res[i];
		memset(res, 0, sizeof *res);
		if (r->op == TRACE_ALLOC || r->op == TRACE_ALLOC_FROM)
			tui_trace_runner_alloc(&u, i, r, res);
		else
			tui_trace_runner_ref(&u, r, res);
		run->samples[i].used = u.used;
		run->samples[i].largest = tui_trace_runner_largest(&u);
		run->samples[i].fail = res->what == TUI_RES_FAIL;
	}
	chunkmap_free(&u.ids);
	free(u.dense);
	free(u.where);
	cma_destroy(u.cma);
	*out = run;
	return 0;
}

/* ---- the position ---- */

static size_t
tui_trace_lower(const struct tui_trace *t, uint64_t start)
{
	size_t lo = 0, hi = t->nlive;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->cur->recs[t->live[mid]].start < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void
tui_trace_insert(struct tui_trace *t, uint32_t rec)
{
	size_t at = tui_trace_lower(t, t->cur->recs[rec].start);

	if (t->nlive == t->caplive) {
		t->caplive = t->caplive ? 2 * t->caplive : 1024;
		t->live = tui_trace_realloc(t->live, t->caplive,
		    sizeof *t->live);
	}
	memmove(t->live + at + 1, t->live + at,
	    (t->nlive - at) * sizeof *t->live);
	t->live[at] = rec;
	t->nlive++;
}

static void
tui_trace_remove(struct tui_trace *t, uint32_t rec)
{
	size_t at = tui_trace_lower(t, t->cur->recs[rec].start);

	if (at >= t->nlive || t->live[at] != rec)
		abort();	/* the log and the state disagree */
	memmove(t->live + at, t->live + at + 1,
	    (t->nlive - at - 1) * sizeof *t->live);
	t->nlive--;
}

static void
tui_trace_apply(struct tui_trace *t, uint64_t i, int forward)
{
	const struct tui_res *r = &t->cur->res[i];

	t->steps++;
	if (r->what == TUI_RES_ALLOC)
		(forward ? tui_trace_insert : tui_trace_remove)(t, r->rec);
	else if (r->what == TUI_RES_FREE)
		(forward ? tui_trace_remove : tui_trace_insert)(t, r->rec);
}

static const struct tui_run *tui_trace_sort_run;

static int
tui_trace_rec_cmp(const void *a, const void *b)
{
	uint64_t x = tui_trace_sort_run->recs[*(const uint32_t *)a].start;
	uint64_t y = tui_trace_sort_run->recs[*(const uint32_t *)b].start;

	return x < y ? -1 : x > y;
}

static void
tui_trace_restore(struct tui_trace *t, size_t k)
{
	size_t n = t->cur->ckpt_n[k];

	if (n > t->caplive) {
		t->caplive = n;
		t->live = tui_trace_realloc(t->live, t->caplive,
		    sizeof *t->live);
	}
	t->nlive = n;
	if (n > 0) {
		memcpy(t->live, t->cur->ckpt[k], n * sizeof *t->live);
		tui_trace_sort_run = t->cur;
		qsort(t->live, n, sizeof *t->live, tui_trace_rec_cmp);
	}
	t->pos = (uint64_t)k * t->interval;
}

void
tui_trace_seek(struct tui_trace *t, uint64_t pos)
{
	if (pos > t->nev)
		pos = t->nev;
	if (pos < t->pos && t->pos - pos > t->interval)
		tui_trace_restore(t, (size_t)(pos / t->interval));
	else if (pos > t->pos && pos - t->pos > t->interval &&
	    pos / t->interval * t->interval > t->pos)
		tui_trace_restore(t, (size_t)(pos / t->interval));
	while (t->pos < pos)
		tui_trace_apply(t, t->pos++, 1);
	while (t->pos > pos)
		tui_trace_apply(t, --t->pos, 0);
}

uint64_t
tui_trace_events(const struct tui_trace *t)
{
	return t->nev;
}

uint64_t
tui_trace_pos(const struct tui_trace *t)
{
	return t->pos;
}

uint64_t
tui_trace_steps(const struct tui_trace *t)
{
	return t->steps;
}

uint64_t
tui_trace_interval(const struct tui_trace *t)
{
	return t->interval;
}

uint64_t
tui_trace_failures(const struct tui_trace *t)
{
	return t->cur->nfails;
}

/* Failures among events 0 .. pos-1. */
static size_t
tui_trace_fails_before(const struct tui_run *r, uint64_t pos)
{
	size_t lo = 0, hi = r->nfails;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->fails[mid] < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int
tui_trace_failure(struct tui_trace *t, int dir)
{
	const struct tui_run *r = t->cur;
	size_t k;

	if (dir > 0) {
		/* the first failure that is not yet applied */
		k = tui_trace_fails_before(r, t->pos);
		if (k >= r->nfails)
			return -1;
	} else {
		/* the last failure before the one under the cursor */
		k = tui_trace_fails_before(r, t->pos ? t->pos - 1 : 0);
		if (k == 0)
			return -1;
		k--;
	}
	tui_trace_seek(t, r->fails[k] + 1);
	return 0;
}

int
tui_trace_set_allocator(struct tui_trace *t, const char *allocator,
    struct cma_err *err)
{
	struct tui_run *run = NULL;
	uint64_t pos = t->pos;
	int i, ret;

	for (i = 0; i < t->nruns; i++)
		if (allocator == NULL ? t->runs[i]->as_cma :
		    !t->runs[i]->as_cma &&
		    strcmp(t->runs[i]->name, allocator) == 0)
			run = t->runs[i];
	if (run == NULL) {
		if (t->nruns == TUI_MAX_RUNS) {
			cma_err_set(err, "too many allocator runs");
			return -ENOSPC;
		}
		if ((ret = tui_trace_run(t, allocator, &run, err)) < 0)
			return ret;
		t->runs[t->nruns++] = run;
	}
	t->cur = run;
	tui_trace_restore(t, 0);
	tui_trace_seek(t, pos);
	return 0;
}

const char *
tui_trace_allocator(const struct tui_trace *t)
{
	return t->cur->name;
}

/* ---- the model ---- */

static const char *
tui_trace_errno(int e)
{
	switch (e) {
	case ENOMEM:
		return "ENOMEM";
	case ENOENT:
		return "ENOENT";
	case EINVAL:
		return "EINVAL";
	case ENOSPC:
		return "ENOSPC";
	}
	return "error";
}

static void
tui_trace_status(struct tui_trace *t)
{
	static const char *const causes[] = { "", "capacity", "fragmentation",
		"no map rule", "invalid request" };
	const struct tui_req *r;
	const struct tui_res *res;
	const struct tui_chunk *c;
	char sz[16], what[200], out[200];
	uint64_t i;

	if (t->pos == 0) {
		snprintf(t->status, sizeof t->status, "start of trace: %zu "
		    "events, %zu failures under %s", t->nev, t->cur->nfails,
		    t->cur->name);
		return;
	}
	i = t->pos - 1;
	r = &t->req[i];
	res = &t->cur->res[i];
	c = res->what == TUI_RES_ALLOC || res->what == TUI_RES_FREE ?
	    &t->cur->recs[res->rec] : NULL;
	if (r->op == TRACE_ALLOC)
		snprintf(what, sizeof what, "alloc %s%s%s %s",
		    t->names.v[r->dev], r->kind != TUI_NONE ? "/" : "",
		    r->kind != TUI_NONE ? t->names.v[r->kind] : "",
		    tui_meter_size(r->size, sz, sizeof sz));
	else if (r->op == TRACE_ALLOC_FROM)
		snprintf(what, sizeof what, "alloc_from %s %s",
		    t->names.v[r->regions], tui_meter_size(r->size, sz,
		    sizeof sz));
	else
		snprintf(what, sizeof what, "%s chunk %" PRIu64,
		    r->op == TRACE_GET ? "get" : "put", r->chunk);
	switch (res->what) {
	case TUI_RES_ALLOC:
		snprintf(out, sizeof out, "ok at 0x%" PRIx64 " in %s",
		    c->start, t->cur->regions[c->region].name);
		break;
	case TUI_RES_FREE:
		snprintf(out, sizeof out, "freed 0x%" PRIx64 " (%s) in %s",
		    c->start, tui_meter_size(c->size, sz, sizeof sz),
		    t->cur->regions[c->region].name);
		break;
	case TUI_RES_FAIL:
		snprintf(out, sizeof out, "FAILED %s (%s)",
		    tui_trace_errno(res->err), causes[res->cause]);
		break;
	case TUI_RES_TRANSIENT:
		snprintf(out, sizeof out, "ok here, failed when recorded: "
		    "released");
		break;
	case TUI_RES_ORPHAN:
		snprintf(out, sizeof out, "skipped: no such chunk here");
		break;
	case TUI_RES_REUSED:
		snprintf(out, sizeof out, "identity reused while live: "
		    "released");
		break;
	default:
		snprintf(out, sizeof out, r->op == TRACE_GET ?
		    "one more reference" : "one reference dropped");
	}
	snprintf(t->status, sizeof t->status, "event %" PRIu64 " (seq %"
	    PRId64 "): %s -> %s", i + 1, r->seq, what, out);
}

void
tui_trace_model(struct tui_trace *t, struct tui_model *m)
{
	size_t i;

	memset(m, 0, sizeof *m);
	if (t->nlive > t->capview) {
		t->capview = t->nlive;
		t->view = tui_trace_realloc(t->view, t->capview,
		    sizeof *t->view);
	}
	for (i = 0; i < t->nlive; i++)
		t->view[i] = t->cur->recs[t->live[i]];
	snprintf(t->title, sizeof t->title, "trace %lld %s  board %s  %s%s",
	    (long long)t->id, t->name, t->board.name, t->cur->as_cma ?
	    "allocators per " : "allocator ", t->cur->name);
	snprintf(t->position, sizeof t->position, "event %" PRIu64 "/%zu  "
	    "fail %zu/%zu", t->pos, t->nev, tui_trace_fails_before(t->cur,
	    t->pos), t->cur->nfails);
	tui_trace_status(t);
	m->board = &t->board;
	m->nregions = t->cur->nregions;
	m->regions = t->cur->regions;
	m->chunks = t->view;
	m->nchunks = t->nlive;
	m->names = (const char *const *)t->names.v;
	m->nnames = t->names.n;
	m->samples = t->cur->samples;
	m->nsamples = t->nev;
	m->cursor = (long)t->pos - 1;
	m->now = t->pos;
	m->age_unit = "events";
	m->title = t->title;
	m->position = t->position;
	m->status = t->status;
}
