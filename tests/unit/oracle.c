/*
 * The page-bitmap oracle (see oracle.h): a model of one region that any
 * allocator is checked against after every operation.
 *
 * Everything here is deliberately simple and slow-but-obviously-right:
 * a bit per page, linear scans by 64-bit words, and the allocator's own
 * walk_free compared with the bitmap page range by page range.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oracle.h"

const struct oracle_opts oracle_opts_strict = {
	.coalesced = 1,
	.complete = 1,
	.exact_size = 1,
};

static void *
oracle_grow(void *p, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap ? *cap : 16;

	if (need <= *cap)
		return p;
	while (n < need)
		n *= 2;
	p = realloc(p, n * elem);
	if (p == NULL) {
		fprintf(stderr, "oracle: out of memory\n");
		abort();
	}
	*cap = n;
	return p;
}

static int
oracle_fail(struct oracle *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
oracle_fail(struct oracle *o, const char *fmt, ...)
{
	va_list ap;

	if (!o->broken) {
		int n = snprintf(o->msg, sizeof o->msg, "[%s, op %lu] ",
		    o->ops ? o->ops->name : "?", o->nops);

		va_start(ap, fmt);
		vsnprintf(o->msg + n, sizeof o->msg - (size_t)n, fmt, ap);
		va_end(ap);
	}
	o->broken = 1;
	return -1;
}

void
oracle_report(const struct oracle *o, const char *what, const char *file,
    int line)
{
	fprintf(stderr, "%s:%d: %s: %s\n", file, line, what, o->msg);
}

/* ---- the bitmap ---- */

static uint64_t
bm_nwords(const struct oracle *o)
{
	return (o->npages + 63) / 64;
}

/* First page >= from whose bit is `val`, or npages. */
static uint64_t
bm_find(const struct oracle *o, uint64_t from, int val)
{
	uint64_t i, w, flip = val ? 0 : ~(uint64_t)0, p;

	if (from >= o->npages)
		return o->npages;
	i = from / 64;
	w = (o->bits[i] ^ flip) & (~(uint64_t)0 << (from % 64));
	for (;;) {
		if (w != 0) {
			p = i * 64 + (uint64_t)__builtin_ctzll(w);
			return p < o->npages ? p : o->npages;
		}
		if (++i >= bm_nwords(o))
			return o->npages;
		w = o->bits[i] ^ flip;
	}
}

static int
bm_range_is(const struct oracle *o, uint64_t first, uint64_t n, int val)
{
	return bm_find(o, first, !val) >= first + n;
}

static void
bm_range_set(struct oracle *o, uint64_t first, uint64_t n, int val)
{
	uint64_t p = first, end = first + n;

	while (p < end) {
		if (p % 64 == 0 && end - p >= 64) {
			o->bits[p / 64] = val ? ~(uint64_t)0 : 0;
			p += 64;
		} else {
			if (val)
				o->bits[p / 64] |= (uint64_t)1 << (p % 64);
			else
				o->bits[p / 64] &= ~((uint64_t)1 << (p % 64));
			p++;
		}
	}
}

static uint64_t
bm_count_free(const struct oracle *o)
{
	uint64_t i, used = 0;

	for (i = 0; i < bm_nwords(o); i++)
		used += (uint64_t)__builtin_popcountll(o->bits[i]);
	/* The bits past npages in the last word are kept set. */
	return bm_nwords(o) * 64 - used;
}

static uint64_t
pg(const struct oracle *o, uint64_t addr)
{
	return (addr - o->start) / ORACLE_PAGE;
}

/* ---- runs and fits ---- */

const struct cma_extent *
oracle_runs(struct oracle *o, size_t *n)
{
	uint64_t p, q;

	o->nruns = 0;
	for (p = bm_find(o, 0, 0); p < o->npages; p = bm_find(o, q, 0)) {
		q = bm_find(o, p, 1);
		o->runs = oracle_grow(o->runs, &o->runs_cap, o->nruns + 1,
		    sizeof *o->runs);
		o->runs[o->nruns].start = o->start + p * ORACLE_PAGE;
		o->runs[o->nruns].size = (q - p) * ORACLE_PAGE;
		o->nruns++;
	}
	*n = o->nruns;
	return o->runs;
}

int
oracle_fit(const struct cma_extent *run, uint64_t size, uint64_t align,
    uint64_t *at)
{
	uint64_t end = run->start + run->size, a;

	a = run->start + (align - run->start % align) % align;
	if (a < run->start || a >= end || end - a < size)
		return 0;
	*at = a;
	return 1;
}

int
oracle_can_fit(struct oracle *o, uint64_t size, uint64_t align)
{
	const struct cma_extent *r;
	size_t n, i;
	uint64_t at;

	r = oracle_runs(o, &n);
	for (i = 0; i < n; i++)
		if (oracle_fit(&r[i], size, align, &at))
			return 1;
	return 0;
}

long
oracle_find(const struct oracle *o, uint64_t start)
{
	size_t i;

	for (i = 0; i < o->nchunks; i++)
		if (o->chunks[i].start == start)
			return (long)i;
	return -1;
}

/* The live chunk holding address `addr`, or -1. */
static long
oracle_owner(const struct oracle *o, uint64_t addr)
{
	size_t i;

	for (i = 0; i < o->nchunks; i++)
		if (addr >= o->chunks[i].start &&
		    addr - o->chunks[i].start < o->chunks[i].size)
			return (long)i;
	return -1;
}

/* ---- walk_free against the bitmap ---- */

static int
oracle_collect(void *arg, uint64_t start, uint64_t size)
{
	struct oracle *o = arg;

	o->walk = oracle_grow(o->walk, &o->walk_cap, o->nwalk + 1,
	    sizeof *o->walk);
	o->walk[o->nwalk].start = start;
	o->walk[o->nwalk].size = size;
	o->nwalk++;
	return 0;
}

struct oracle_stop {
	unsigned calls;
};

static int
oracle_stop_first(void *arg, uint64_t start, uint64_t size)
{
	struct oracle_stop *s = arg;

	(void)start;
	(void)size;
	s->calls++;
	return 42;
}

int
oracle_check(struct oracle *o)
{
	const struct cma_extent *e;
	struct oracle_stop stop = { 0 };
	uint64_t sum = 0, end = o->start + o->size, bmfree, used = 0;
	size_t i;
	int ret;

	if (o->broken)
		return -1;
	o->nwalk = 0;
	if ((ret = o->ops->walk_free(o->priv, oracle_collect, o)) != 0)
		return oracle_fail(o, "walk_free returned %d with a callback "
		    "that always returns 0", ret);
	for (i = 0; i < o->nwalk; i++) {
		e = &o->walk[i];
		if (e->size == 0)
			return oracle_fail(o, "walk_free extent %zu at %#" PRIx64
			    " is empty", i, e->start);
		if (e->start % ORACLE_PAGE || e->size % ORACLE_PAGE)
			return oracle_fail(o, "walk_free extent %#" PRIx64
			    "+%#" PRIx64 " is not page-granular", e->start,
			    e->size);
		if (e->start < o->start || e->start >= end ||
		    e->size > end - e->start)
			return oracle_fail(o, "walk_free extent %#" PRIx64
			    "+%#" PRIx64 " lies outside the region %#" PRIx64
			    "+%#" PRIx64, e->start, e->size, o->start,
			    o->size);
		if (i > 0) {
			const struct cma_extent *p = &o->walk[i - 1];

			if (p->start + p->size > e->start)
				return oracle_fail(o, "walk_free extents %#"
				    PRIx64 "+%#" PRIx64 " and %#" PRIx64
				    "+%#" PRIx64 " are out of order or "
				    "overlap", p->start, p->size, e->start,
				    e->size);
			if (o->opts.coalesced && p->start + p->size ==
			    e->start)
				return oracle_fail(o, "walk_free extents %#"
				    PRIx64 "+%#" PRIx64 " and %#" PRIx64
				    "+%#" PRIx64 " touch (not coalesced)",
				    p->start, p->size, e->start, e->size);
		}
		if (!bm_range_is(o, pg(o, e->start), e->size / ORACLE_PAGE,
		    0)) {
			uint64_t a = o->start + bm_find(o, pg(o, e->start), 1) *
			    ORACLE_PAGE;
			long c = oracle_owner(o, a);

			return oracle_fail(o, "walk_free reports %#" PRIx64
			    "+%#" PRIx64 " free, but page %#" PRIx64 " belongs "
			    "to the live chunk %#" PRIx64 "+%#" PRIx64,
			    e->start, e->size, a,
			    c >= 0 ? o->chunks[c].start : 0,
			    c >= 0 ? o->chunks[c].size : 0);
		}
		sum += e->size;
	}
	/* Extents disjoint and all free: equal sums mean an exact cover. */
	bmfree = bm_count_free(o);
	if (bmfree != o->free_pages)
		return oracle_fail(o, "oracle bitmap has %" PRIu64 " free "
		    "pages but counted %" PRIu64 " (oracle bug)", bmfree,
		    o->free_pages);
	for (i = 0; i < o->nchunks; i++)
		used += o->chunks[i].size;
	if (used + o->free_pages * ORACLE_PAGE != o->size)
		return oracle_fail(o, "live chunks (%#" PRIx64 " bytes) and "
		    "free pages (%#" PRIx64 " bytes) do not add up to the "
		    "region (%#" PRIx64 ")", used,
		    o->free_pages * ORACLE_PAGE, o->size);
	if (sum != o->free_pages * ORACLE_PAGE) {
		size_t n;
		const struct cma_extent *r = oracle_runs(o, &n);

		for (i = 0; i < n && i < o->nwalk; i++)
			if (r[i].start != o->walk[i].start)
				break;
		return oracle_fail(o, "walk_free reports %#" PRIx64 " free "
		    "bytes in %zu extents, the bitmap has %#" PRIx64 " in "
		    "%zu runs (first difference near %#" PRIx64 ")", sum,
		    o->nwalk, o->free_pages * ORACLE_PAGE, n,
		    i < n ? r[i].start : (i < o->nwalk ? o->walk[i].start :
		    0));
	}
	/* A non-zero callback return stops the walk and is passed back. */
	ret = o->ops->walk_free(o->priv, oracle_stop_first, &stop);
	if (o->nwalk == 0 ? (ret != 0 || stop.calls != 0) :
	    (ret != 42 || stop.calls != 1))
		return oracle_fail(o, "walk_free with a callback returning 42 "
		    "made %u calls and returned %d (%zu extents)", stop.calls,
		    ret, o->nwalk);
	return 0;
}

/* ---- operations ---- */

int
oracle_init(struct oracle *o, const struct cma_allocator *ops,
    uint64_t start, uint64_t size, const char *params,
    const struct oracle_opts *opts)
{
	struct cma_err err = { "" };
	uint64_t nw;
	int ret;

	memset(o, 0, sizeof *o);
	o->ops = ops;
	o->start = start;
	o->size = size;
	o->opts = opts ? *opts : oracle_opts_strict;
	if (size == 0 || start % ORACLE_PAGE || size % ORACLE_PAGE ||
	    start + size < start) {
		o->broken = 1;
		snprintf(o->msg, sizeof o->msg, "bad region %#" PRIx64 "+%#"
		    PRIx64 " (test bug)", start, size);
		return -1;
	}
	o->npages = size / ORACLE_PAGE;
	nw = bm_nwords(o);
	o->bits = calloc(nw, sizeof *o->bits);
	if (o->bits == NULL)
		abort();
	/* Pages past the end of the region count as allocated. */
	if (o->npages % 64)
		o->bits[nw - 1] = ~(uint64_t)0 << (o->npages % 64);
	o->free_pages = o->npages;
	ret = ops->init(start, size, params, &o->priv, &err);
	if (ret != 0) {
		o->broken = 1;
		snprintf(o->msg, sizeof o->msg, "[%s] init refused "
		    "%#" PRIx64 "+%#" PRIx64 ": %d (%s)", ops->name, start,
		    size, ret, err.msg);
		o->ops = NULL;	/* nothing to clean up */
		return ret < 0 ? ret : -1;
	}
	return oracle_check(o);
}

int
oracle_alloc(struct oracle *o, uint64_t size, uint64_t align, long *idx,
    int *retp)
{
	struct cma_extent ext = { 0, 0 };
	struct oracle_chunk *c;
	void *cookie = NULL;
	uint64_t end = o->start + o->size;
	int ret;

	*idx = -1;
	if (retp)
		*retp = 0;
	if (o->broken)
		return -1;
	if (size == 0 || size % ORACLE_PAGE || align < ORACLE_PAGE ||
	    (align & (align - 1)))
		return oracle_fail(o, "bad request %#" PRIx64 "/%#" PRIx64
		    " (test bug)", size, align);
	o->nops++;
	ret = o->ops->alloc(o->priv, size, align, &ext, &cookie);
	if (retp)
		*retp = ret;
	if (ret < 0) {
		if (o->opts.complete && oracle_can_fit(o, size, align))
			return oracle_fail(o, "alloc %#" PRIx64 "/%#" PRIx64
			    " failed (%d) although an aligned free run "
			    "exists", size, align, ret);
		return oracle_check(o);
	}
	if (ret > 0)
		return oracle_fail(o, "alloc returned %d", ret);
	if (ext.size < size || (o->opts.exact_size && ext.size != size))
		return oracle_fail(o, "alloc %#" PRIx64 "/%#" PRIx64 " gave "
		    "%#" PRIx64 " bytes", size, align, ext.size);
	if (ext.start % ORACLE_PAGE || ext.size % ORACLE_PAGE)
		return oracle_fail(o, "alloc %#" PRIx64 "/%#" PRIx64 " gave "
		    "%#" PRIx64 "+%#" PRIx64 ", not page-granular", size,
		    align, ext.start, ext.size);
	if (ext.start % align)
		return oracle_fail(o, "alloc %#" PRIx64 "/%#" PRIx64 " gave "
		    "%#" PRIx64 ", not aligned", size, align, ext.start);
	if (ext.start < o->start || ext.start >= end ||
	    ext.size > end - ext.start)
		return oracle_fail(o, "alloc %#" PRIx64 "/%#" PRIx64 " gave "
		    "%#" PRIx64 "+%#" PRIx64 ", outside the region %#" PRIx64
		    "+%#" PRIx64, size, align, ext.start, ext.size, o->start,
		    o->size);
	if (!bm_range_is(o, pg(o, ext.start), ext.size / ORACLE_PAGE, 0)) {
		uint64_t a = o->start + bm_find(o, pg(o, ext.start), 1) *
		    ORACLE_PAGE;
		long k = oracle_owner(o, a);

		return oracle_fail(o, "alloc %#" PRIx64 "/%#" PRIx64 " gave "
		    "%#" PRIx64 "+%#" PRIx64 ", overlapping the live chunk "
		    "%#" PRIx64 "+%#" PRIx64, size, align, ext.start,
		    ext.size, k >= 0 ? o->chunks[k].start : 0,
		    k >= 0 ? o->chunks[k].size : 0);
	}
	bm_range_set(o, pg(o, ext.start), ext.size / ORACLE_PAGE, 1);
	o->free_pages -= ext.size / ORACLE_PAGE;
	o->chunks = oracle_grow(o->chunks, &o->chunks_cap, o->nchunks + 1,
	    sizeof *o->chunks);
	c = &o->chunks[o->nchunks];
	c->start = ext.start;
	c->size = ext.size;
	c->request = size;
	c->align = align;
	c->cookie = cookie;
	*idx = (long)o->nchunks++;
	return oracle_check(o);
}

int
oracle_free(struct oracle *o, size_t idx)
{
	struct oracle_chunk c;
	struct cma_extent ext;

	if (o->broken)
		return -1;
	if (idx >= o->nchunks)
		return oracle_fail(o, "free of chunk %zu of %zu (test bug)",
		    idx, o->nchunks);
	o->nops++;
	c = o->chunks[idx];
	o->chunks[idx] = o->chunks[--o->nchunks];
	ext.start = c.start;
	ext.size = c.size;
	o->ops->free(o->priv, &ext, c.cookie);
	bm_range_set(o, pg(o, c.start), c.size / ORACLE_PAGE, 0);
	o->free_pages += c.size / ORACLE_PAGE;
	return oracle_check(o);
}

int
oracle_free_all(struct oracle *o)
{
	while (o->nchunks > 0)
		if (oracle_free(o, 0) < 0)
			return -1;
	return o->broken ? -1 : 0;
}

int
oracle_destroy(struct oracle *o)
{
	int ret = 0;

	if (o->ops != NULL && !o->broken) {
		if (oracle_free_all(o) < 0)
			ret = -1;
		else if (o->opts.coalesced && (o->nwalk != 1 ||
		    o->walk[0].start != o->start ||
		    o->walk[0].size != o->size))
			ret = oracle_fail(o, "with every chunk freed walk_free "
			    "reports %zu extents, not the whole region",
			    o->nwalk);
		if (ret == 0)
			o->ops->cleanup(o->priv);
	}
	if (o->broken)
		ret = -1;
	free(o->bits);
	free(o->chunks);
	free(o->runs);
	free(o->walk);
	o->bits = NULL;
	o->chunks = NULL;
	o->runs = NULL;
	o->walk = NULL;
	o->ops = NULL;
	return ret;
}
