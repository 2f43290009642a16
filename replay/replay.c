/*
 * The replay engine (see replay.h for the rules).
 *
 * Per event the work is one framework call plus bookkeeping in a hash map
 * and a few counters; the map lookups and metric walks needed to classify
 * a failure are paid only when a request fails, so a trace that replays
 * cleanly runs at close to the speed the store can read it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "chunkmap.h"
#include "cma/cma.h"
#include "cma/metrics.h"
#include "cma/mainline.h"
#include "replay.h"

#define REPLAY_PROGRESS_EVERY 65536

struct replay_ctx {
	struct cma	     *cma;
	struct replay_result *res;
	struct chunkmap	      chunks;
	int		      bank_of[CMA_MAX_REGIONS];
	uint64_t	      largest[CMA_MAX_REGIONS];	/* cached */
	sqlite3_stmt	     *fail_insert;	/* NULL unless saving */
};

static double
replay_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

uint64_t
replay_failures(const struct replay_result *r)
{
	return r->fail_capacity + r->fail_fragmentation + r->fail_other;
}

static void
replay_difference(struct replay_result *r, int64_t seq)
{
	if (r->first_difference == 0)
		r->first_difference = seq;
}

static uint64_t replay_bank_largest(struct replay_ctx *c, int bank);

/* ---- layout ---- */

static int
replay_layout(struct trace_store *st, int64_t trace,
    const struct replay_options *o, struct replay_ctx *c, struct cma_err *err)
{
	struct trace_info ti;
	struct cma_board board;
	const char *cma_text, *map_text;
	char origin[64], cma_buf[CMA_MAX_PARAM_LEN], map_buf[CMA_MAX_PARAM_LEN];
	int ret = 0, i;

	if ((ret = trace_store_trace(st, trace, &ti, err)) < 0)
		return ret;
	snprintf(origin, sizeof origin, "trace %lld board", (long long)trace);
	if (o->board_def != NULL)
		board = *o->board_def;
	else if (o->board != NULL)
		ret = cma_board_resolve(o->board, &board, err);
	else if (ti.board_text[0] != '\0')
		ret = cma_board_parse(ti.board_text, origin, &board, err);
	else {
		cma_err_set(err, "trace %lld records no board: give one with "
		    "--board (and --cma)", (long long)trace);
		ret = -EINVAL;
	}
	if (ret < 0)
		goto out;
	cma_text = o->cma ? o->cma : ti.cma[0] ? ti.cma : NULL;
	map_text = o->map ? o->map : ti.map[0] ? ti.map : NULL;
	if (o->cma_mainline != NULL) {
		ret = cma_mainline_apply(o->cma_mainline, &board,
		    cma_text ? cma_text : board.cma,
		    map_text ? map_text : board.map, cma_buf, map_buf,
		    sizeof cma_buf, err);
		if (ret < 0) {
			cma_err_prefix(err, "--cma-mainline: ");
			goto out;
		}
		cma_text = cma_buf;
		map_text = map_buf;
	}
	ret = cma_create_with(&board, cma_text, map_text, o->allocator, &c->cma,
	    err);
	if (ret < 0)
		goto out;
	c->res->trace = trace;
	snprintf(c->res->board, sizeof c->res->board, "%s", board.name);
	snprintf(c->res->cma, sizeof c->res->cma, "%s", cma_param_text(c->cma));
	cma_get_map(c->cma, c->res->map, sizeof c->res->map);
	snprintf(c->res->allocator, sizeof c->res->allocator, "%s",
	    o->allocator ? o->allocator : "as cma=");
	c->res->nbanks = board.nbanks;
	for (i = 0; i < board.nbanks; i++)
		snprintf(c->res->banks[i].name, sizeof c->res->banks[i].name,
		    "%s", board.banks[i].name);
	c->res->nregions = cma_region_count(c->cma);
	for (i = 0; i < c->res->nregions; i++) {
		struct replay_scope *r = &c->res->regions[i];
		struct cma_region_info ri;

		cma_region_get(c->cma, i, &ri);
		snprintf(r->name, sizeof r->name, "%s", ri.name);
		c->bank_of[i] = ri.bank;
		c->largest[i] = cma_region_largest_free(c->cma, i);
		if (ri.allocator == NULL)
			continue;	/* unusable: manages nothing */
		r->size = ri.size;
		r->min_largest_free = c->largest[i];
		c->res->banks[ri.bank].size += ri.size;
	}
	for (i = 0; i < c->res->nbanks; i++)
		c->res->banks[i].min_largest_free = replay_bank_largest(c, i);
out:
	trace_info_free(&ti);
	return ret;
}

/* ---- bookkeeping ---- */

static uint64_t
replay_bank_largest(struct replay_ctx *c, int bank)
{
	uint64_t best = 0;
	int i;

	for (i = 0; i < c->res->nregions; i++)
		if (c->bank_of[i] == bank && c->largest[i] > best)
			best = c->largest[i];
	return best;
}

static void
replay_scope_move(struct replay_scope *s, int64_t live, int64_t used)
{
	s->live += (uint64_t)live;
	s->used += (uint64_t)used;
	if (s->live > s->peak_live)
		s->peak_live = s->live;
	if (s->used > s->peak_used)
		s->peak_used = s->used;
}

/* A chunk came or went in region `idx`: live/used and largest-free. */
static void
replay_account(struct replay_ctx *c, int idx, int64_t live, int64_t used)
{
	struct replay_scope *r = &c->res->regions[idx];
	struct replay_scope *b = &c->res->banks[c->bank_of[idx]];
	uint64_t bl;

	replay_scope_move(r, live, used);
	replay_scope_move(b, live, used);
	c->res->live += (uint64_t)live;
	if (c->res->live > c->res->peak_live)
		c->res->peak_live = c->res->live;
	c->largest[idx] = cma_region_largest_free(c->cma, idx);
	if (c->largest[idx] < r->min_largest_free)
		r->min_largest_free = c->largest[idx];
	bl = replay_bank_largest(c, c->bank_of[idx]);
	if (bl < b->min_largest_free)
		b->min_largest_free = bl;
}

/* ---- failures ---- */

/* Region indices a request could have used, in order. */
static int
replay_candidates(struct replay_ctx *c, const struct trace_event *ev,
    int *idx)
{
	struct cma_resolution rs;
	const char *list, *p, *q;
	char name[CMA_MAX_PARAM_LEN];
	int n = 0, k;

	if (ev->op == TRACE_ALLOC) {
		if (cma_resolve(c->cma, ev->dev, ev->kind, &rs) < 0)
			return 0;
		list = rs.regions;
	} else
		list = ev->regions ? ev->regions : "";
	for (p = list; *p && n < CMA_MAX_REGIONS; p = *q ? q + 1 : q) {
		q = p + strcspn(p, ",;");
		snprintf(name, sizeof name, "%.*s", (int)(q - p), p);
		k = cma_region_find(c->cma, name);
		if (k >= 0 && c->res->regions[k].size > 0)
			idx[n++] = k;
		if (*q == ';')
			break;
	}
	return n;
}

static void
replay_store_failure(struct replay_ctx *c, const struct trace_event *ev,
    const char *region, const char *cause, const struct cma_metrics *m)
{
	sqlite3_stmt *s = c->fail_insert;

	if (s == NULL)
		return;
	sqlite3_bind_int64(s, 1, c->res->replay_id);
	sqlite3_bind_int64(s, 2, ev->seq);
	if (region)
		sqlite3_bind_text(s, 3, region, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 3);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)ev->size);
	sqlite3_bind_int64(s, 5, (sqlite3_int64)ev->align);
	sqlite3_bind_text(s, 6, cause, -1, SQLITE_STATIC);
	if (m) {
		sqlite3_bind_int64(s, 7, (sqlite3_int64)m->free);
		sqlite3_bind_int64(s, 8, (sqlite3_int64)m->largest_free);
		sqlite3_bind_double(s, 9, m->unusable);
		sqlite3_bind_double(s, 10, m->fragindex);
	} else {
		for (int i = 7; i <= 10; i++)
			sqlite3_bind_null(s, i);
	}
	sqlite3_step(s);
	sqlite3_reset(s);
}

static void
replay_failure(struct replay_ctx *c, const struct trace_event *ev, int ret)
{
	struct replay_result *res = c->res;
	struct cma_metrics m[CMA_MAX_REGIONS];
	int idx[CMA_MAX_REGIONS], n, i, capacity = 1;
	int bank_seen[CMA_BOARD_MAX_BANKS] = { 0 };
	uint64_t size;

	if (ret != -ENOMEM) {
		res->fail_other++;
		replay_store_failure(c, ev, NULL, ret == -ENOENT ? "no rule" :
		    "invalid", NULL);
		return;
	}
	if (cma_round_up(ev->size, CMA_PAGE_SIZE, &size) < 0)
		size = ev->size;
	n = replay_candidates(c, ev, idx);
	for (i = 0; i < n; i++) {
		cma_metrics_region(c->cma, idx[i], size, &m[i]);
		if (m[i].free >= size)
			capacity = 0;
	}
	if (capacity)
		res->fail_capacity++;
	else
		res->fail_fragmentation++;
	for (i = 0; i < n; i++) {
		struct replay_scope *r = &res->regions[idx[i]];
		struct replay_scope *b = &res->banks[c->bank_of[idx[i]]];
		int frag = m[i].free >= size;

		r->requests++;
		*(frag ? &r->fail_fragmentation : &r->fail_capacity) += 1;
		r->sum_unusable += m[i].unusable;
		r->sum_fragindex += m[i].fragindex < 0 ? 0 : m[i].fragindex;
		r->nsamples++;
		if (!bank_seen[c->bank_of[idx[i]]]++) {
			b->requests++;
			*(frag ? &b->fail_fragmentation : &b->fail_capacity) +=
			    1;
		}
		replay_store_failure(c, ev, r->name, frag ? "fragmentation" :
		    "capacity", &m[i]);
	}
	if (n == 0)
		replay_store_failure(c, ev, NULL, "capacity", NULL);
}

/* ---- events ---- */

static void
replay_alloc(struct replay_ctx *c, const struct trace_event *ev)
{
	struct replay_result *res = c->res;
	struct chunkmap_entry *e;
	struct cma_chunk_info ci;
	const char *kind = ev->kind && *ev->kind ? ev->kind : NULL;
	int recorded_fail = ev->has_result && ev->err != 0;
	uint64_t start;
	int ret;

	res->requests++;
	if (recorded_fail)
		res->recorded_failures++;
	if (ev->op == TRACE_ALLOC)
		ret = cma_alloc(c->cma, ev->dev ? ev->dev : "", kind, ev->size,
		    ev->align, &start);
	else
		ret = cma_alloc_from(c->cma, ev->regions ? ev->regions : "",
		    ev->size, ev->align, &start);
	if (ret < 0) {
		if (ev->has_result && !recorded_fail) {
			res->differences++;
			replay_difference(res, ev->seq);
		}
		replay_failure(c, ev, ret);
		return;
	}
	res->successes++;
	cma_chunk_find(c->cma, start, &ci);
	res->regions[ci.region].requests++;
	res->regions[ci.region].successes++;
	res->banks[c->bank_of[ci.region]].requests++;
	res->banks[c->bank_of[ci.region]].successes++;
	if (recorded_fail) {
		res->differences++;
		res->replay_only++;
		replay_difference(res, ev->seq);
		cma_put(c->cma, start);
		return;
	}
	if (ev->has_result && ev->has_start && ev->start != start) {
		res->address_differences++;
		replay_difference(res, ev->seq);
	}
	if (ev->chunk) {
		e = chunkmap_put(&c->chunks, ev->chunk);
		if (e->refs) {
			/* The identity was reused while live: the trace is
			 * inconsistent; keep the older chunk live. */
			res->orphans++;
			cma_put(c->cma, start);
			return;
		}
		e->start = start;
		e->size = ev->size;
		e->used = ci.size;
		e->region = ci.region;
		e->refs = 1;
	}
	replay_account(c, ci.region, (int64_t)ev->size, (int64_t)ci.size);
}

static void
replay_ref(struct replay_ctx *c, const struct trace_event *ev)
{
	struct chunkmap_entry *e = ev->chunk ?
	    chunkmap_find(&c->chunks, ev->chunk) : NULL;

	if (e == NULL) {
		c->res->orphans++;
		return;
	}
	if (ev->op == TRACE_GET) {
		if (cma_get(c->cma, e->start) == 0)
			e->refs++;
		return;
	}
	if (cma_put(c->cma, e->start) == 1) {
		int region = e->region;
		int64_t size = (int64_t)e->size, used = (int64_t)e->used;

		chunkmap_remove(&c->chunks, e);
		replay_account(c, region, -size, -used);
	} else
		e->refs--;
}

/* ---- results ---- */

static int
replay_save_begin(struct trace_store *st, struct replay_ctx *c,
    struct cma_err *err)
{
	sqlite3 *db = trace_store_db(st);
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	if (sqlite3_prepare_v2(db, "INSERT INTO replays (trace, board, cma, "
	    "map, allocator) VALUES (?, ?, ?, ?, ?)", -1, &s, NULL) !=
	    SQLITE_OK)
		goto fail_rollback;
	sqlite3_bind_int64(s, 1, c->res->trace);
	sqlite3_bind_text(s, 2, c->res->board, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, c->res->cma, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, c->res->map, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, c->res->allocator, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		goto fail_rollback;
	c->res->replay_id = sqlite3_last_insert_rowid(db);
	if (sqlite3_prepare_v2(db, "INSERT INTO replay_failures VALUES (?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?)", -1, &c->fail_insert, NULL) != SQLITE_OK)
		goto fail_rollback;
	return 0;
fail_rollback:
	cma_err_set(err, "%s: saving the replay: %s", trace_store_path(st),
	    sqlite3_errmsg(db));
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	c->res->replay_id = 0;
	return -EIO;
fail:
	cma_err_set(err, "%s: saving the replay: %s", trace_store_path(st),
	    sqlite3_errmsg(db));
	return -EIO;
}

static int
replay_save_scope(sqlite3 *db, int64_t id, const char *scope,
    const struct replay_scope *s)
{
	sqlite3_stmt *q;
	int rc;

	if (sqlite3_prepare_v2(db, "INSERT INTO replay_stats VALUES (?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &q, NULL) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_text(q, 2, scope, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, s->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 4, (sqlite3_int64)s->size);
	sqlite3_bind_int64(q, 5, (sqlite3_int64)s->requests);
	sqlite3_bind_int64(q, 6, (sqlite3_int64)s->successes);
	sqlite3_bind_int64(q, 7, (sqlite3_int64)s->fail_capacity);
	sqlite3_bind_int64(q, 8, (sqlite3_int64)s->fail_fragmentation);
	sqlite3_bind_int64(q, 9, (sqlite3_int64)s->peak_live);
	sqlite3_bind_int64(q, 10, (sqlite3_int64)s->peak_used);
	sqlite3_bind_int64(q, 11, (sqlite3_int64)s->min_largest_free);
	if (s->nsamples) {
		sqlite3_bind_double(q, 12, s->sum_unusable / s->nsamples);
		sqlite3_bind_double(q, 13, s->sum_fragindex / s->nsamples);
	} else {
		sqlite3_bind_null(q, 12);
		sqlite3_bind_null(q, 13);
	}
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : -EIO;
}

static int
replay_save_end(struct trace_store *st, struct replay_ctx *c,
    struct cma_err *err)
{
	const struct replay_result *r = c->res;
	sqlite3 *db = trace_store_db(st);
	sqlite3_stmt *s;
	int rc, i;

	sqlite3_finalize(c->fail_insert);
	c->fail_insert = NULL;
	if (sqlite3_prepare_v2(db, "UPDATE replays SET events = ?, requests = "
	    "?, successes = ?, fail_capacity = ?, fail_fragmentation = ?, "
	    "fail_other = ?, recorded_failures = ?, differences = ?, "
	    "address_differences = ?, peak_live = ?, seconds = ?, "
	    "events_per_second = ? WHERE id = ?", -1, &s, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)r->events);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)r->requests);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)r->successes);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)r->fail_capacity);
	sqlite3_bind_int64(s, 5, (sqlite3_int64)r->fail_fragmentation);
	sqlite3_bind_int64(s, 6, (sqlite3_int64)r->fail_other);
	sqlite3_bind_int64(s, 7, (sqlite3_int64)r->recorded_failures);
	sqlite3_bind_int64(s, 8, (sqlite3_int64)r->differences);
	sqlite3_bind_int64(s, 9, (sqlite3_int64)r->address_differences);
	sqlite3_bind_int64(s, 10, (sqlite3_int64)r->peak_live);
	sqlite3_bind_double(s, 11, r->seconds);
	sqlite3_bind_double(s, 12, r->events_per_second);
	sqlite3_bind_int64(s, 13, r->replay_id);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		goto fail;
	for (i = 0; i < r->nregions; i++)
		if (replay_save_scope(db, r->replay_id, "region",
		    &r->regions[i]) < 0)
			goto fail;
	for (i = 0; i < r->nbanks; i++)
		if (replay_save_scope(db, r->replay_id, "bank",
		    &r->banks[i]) < 0)
			goto fail;
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	return 0;
fail:
	cma_err_set(err, "%s: saving the replay: %s", trace_store_path(st),
	    sqlite3_errmsg(db));
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return -EIO;
}

/* ---- the run ---- */

static int
replay_events(struct trace_store *st, struct replay_ctx *c,
    const struct replay_options *o, uint64_t total, struct cma_err *err)
{
	struct trace_reader *rd;
	struct trace_event ev;
	int ret;

	if ((ret = trace_reader_open(st, c->res->trace, &rd, err)) < 0)
		return ret;
	while ((ret = trace_reader_next(rd, &ev)) > 0) {
		if (ev.op == TRACE_ALLOC || ev.op == TRACE_ALLOC_FROM)
			replay_alloc(c, &ev);
		else if (ev.op == TRACE_GET || ev.op == TRACE_PUT)
			replay_ref(c, &ev);
		if (++c->res->events % REPLAY_PROGRESS_EVERY == 0 &&
		    o->progress)
			o->progress(o->progress_arg, c->res->events, total);
	}
	trace_reader_close(rd);
	if (ret < 0) {
		cma_err_set(err, "%s: reading trace %lld: %s",
		    trace_store_path(st), (long long)c->res->trace,
		    sqlite3_errmsg(trace_store_db(st)));
		return ret;
	}
	if (o->progress)
		o->progress(o->progress_arg, c->res->events, total);
	return 0;
}

int
replay_run(struct trace_store *st, int64_t trace,
    const struct replay_options *o, struct replay_result *res,
    struct cma_err *err)
{
	struct replay_ctx c = { .res = res };
	struct trace_info ti;
	double t0;
	int ret;

	memset(res, 0, sizeof *res);
	if ((ret = trace_store_trace(st, trace, &ti, err)) < 0)
		return ret;
	if ((ret = replay_layout(st, trace, o, &c, err)) < 0)
		goto out_info;
	chunkmap_init(&c.chunks);
	if (o->save && (ret = replay_save_begin(st, &c, err)) < 0)
		goto out;
	t0 = replay_now();
	ret = replay_events(st, &c, o, (uint64_t)ti.events, err);
	res->seconds = replay_now() - t0;
	res->events_per_second = res->seconds > 0 ?
	    (double)res->events / res->seconds : 0;
	if (o->save) {
		if (ret == 0)
			ret = replay_save_end(st, &c, err);
		else {
			sqlite3_finalize(c.fail_insert);
			sqlite3_exec(trace_store_db(st), "ROLLBACK", NULL,
			    NULL, NULL);
			res->replay_id = 0;
		}
	}
out:
	chunkmap_free(&c.chunks);
	cma_destroy(c.cma);
out_info:
	trace_info_free(&ti);
	return ret;
}
