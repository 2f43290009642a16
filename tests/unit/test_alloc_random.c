/*
 * Randomised differential test of every registered allocator against the
 * page-bitmap oracle (oracle.h), on a few region shapes: 32 MiB at
 * 0x33000000 (goni's b1), an odd-sized region whose start is only page
 * aligned, and a 16-page region.
 *
 * Each run is CMA_RANDOM_OPS operations (default 100000) per allocator and
 * shape: allocations of 1 page .. 8 MiB at alignments 4 KiB .. 4 MiB, frees
 * of random live chunks and now and then a free-everything, in phases that
 * fill and drain the region.  The oracle checks every step (bounds,
 * alignment, overlap, exact cover and coalescing of walk_free, accounting,
 * completeness of failures).  For "bf" each step is also checked against
 * the best-fit rules with the bitmap alone (the chosen hole is a smallest
 * free run admitting an aligned fit; inside it the chunk is at the lowest
 * aligned start, or slid to the end when the middle case leaves a tail
 * that is a multiple of the alignment) and against a small reference model
 * of seed-spec §4 (a list of holes with recency stamps) that must give the
 * same address every time, LIFO tie-breaks included.
 *
 * Seeds are fixed (CMA_RANDOM_SEED overrides the base) and printed, so a
 * failure replays exactly.  A last suite feeds the oracle deliberately
 * broken allocators to show that it catches what it claims to.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cunit_main.h"
#include "oracle.h"
#include "cma/allocator.h"

#define PG	((uint64_t)ORACLE_PAGE)

/* ---- deterministic random numbers (splitmix64) ---- */

static uint64_t
rnd_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static uint64_t
rnd_range(uint64_t *s, uint64_t lo, uint64_t hi)
{
	return lo + rnd_next(s) % (hi - lo + 1);
}

static unsigned long
env_ulong(const char *name, unsigned long def)
{
	const char *v = getenv(name);
	char *end;
	unsigned long n;

	if (v == NULL || *v == '\0')
		return def;
	n = strtoul(v, &end, 0);
	return *end == '\0' ? n : def;
}

/* ---- a reference model of the 2010 best fit (seed-spec §4) ---- */

struct ref_hole {
	uint64_t start, size, seq;
};

struct ref_bf {
	struct ref_hole *h;	/* in address order */
	size_t n, cap;
	uint64_t seq;
};

static void
ref_insert_at(struct ref_bf *r, size_t i, uint64_t start, uint64_t size)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 64;
		r->h = realloc(r->h, r->cap * sizeof *r->h);
		if (r->h == NULL)
			abort();
	}
	memmove(&r->h[i + 1], &r->h[i], (r->n - i) * sizeof *r->h);
	r->h[i].start = start;
	r->h[i].size = size;
	r->h[i].seq = ++r->seq;
	r->n++;
}

static void
ref_remove_at(struct ref_bf *r, size_t i)
{
	memmove(&r->h[i], &r->h[i + 1], (r->n - i - 1) * sizeof *r->h);
	r->n--;
}

static void
ref_init(struct ref_bf *r, uint64_t start, uint64_t size)
{
	memset(r, 0, sizeof *r);
	ref_insert_at(r, 0, start, size);
}

/* The hole best fit visits first after `cur` (NULL: the first of all). */
static struct ref_hole *
ref_next_by_size(struct ref_bf *r, const struct ref_hole *cur,
    uint64_t minsize)
{
	struct ref_hole *best = NULL, *h;
	size_t i;

	for (i = 0; i < r->n; i++) {
		h = &r->h[i];
		if (h->size < minsize)
			continue;
		/* Strictly after cur in (size ascending, newest first). */
		if (cur != NULL && !(h->size > cur->size ||
		    (h->size == cur->size && h->seq < cur->seq)))
			continue;
		if (best == NULL || h->size < best->size ||
		    (h->size == best->size && h->seq > best->seq))
			best = h;
	}
	return best;
}

/* Returns the chunk start, or UINT64_MAX when nothing fits. */
static uint64_t
ref_alloc(struct ref_bf *r, uint64_t size, uint64_t align)
{
	struct ref_hole *h;
	struct cma_extent run;
	uint64_t at = 0, end, tail;
	size_t i;

	for (h = ref_next_by_size(r, NULL, size); h != NULL;
	    h = ref_next_by_size(r, h, size)) {
		run.start = h->start;
		run.size = h->size;
		if (oracle_fit(&run, size, align, &at))
			break;
	}
	if (h == NULL)
		return UINT64_MAX;
	i = (size_t)(h - r->h);
	if (h->size == size) {
		ref_remove_at(r, i);
		return at;
	}
	end = h->start + h->size;
	if (at != h->start && at + size != end) {
		tail = end - (at + size);
		if (tail % align == 0) {
			at = end - size;
		} else {
			/* The tail hole first, then the front re-inserted. */
			ref_insert_at(r, i + 1, at + size, tail);
			h = &r->h[i];
			h->size = at + size - h->start;
		}
	}
	if (at == h->start)
		h->start += size;
	h->size -= size;
	h->seq = ++r->seq;
	return at;
}

static void
ref_free(struct ref_bf *r, uint64_t start, uint64_t size)
{
	size_t i;

	for (i = 0; i < r->n && r->h[i].start < start; i++)
		;
	/* i: first hole after the chunk. */
	if (i < r->n && r->h[i].start == start + size) {
		size += r->h[i].size;
		ref_remove_at(r, i);
	}
	if (i > 0 && r->h[i - 1].start + r->h[i - 1].size == start) {
		start = r->h[i - 1].start;
		size += r->h[i - 1].size;
		ref_remove_at(r, --i);
	}
	ref_insert_at(r, i, start, size);	/* the survivor is the newest */
}

/* ---- the random run ---- */

struct shape {
	const char *name;
	uint64_t    start, size;
	uint64_t    max_pages;	/* largest request, in pages */
	unsigned    max_align_order;	/* largest alignment = 4K << this */
};

static const struct shape shapes[] = {
	{ "32M@0x33000000", 0x33000000, 32ull << 20, 2048, 10 },
	{ "29M+12K@0x40123000", 0x40123000, (29ull << 20) + 0x3000, 2048, 10 },
	{ "16 pages@0x4400d000", 0x4400d000, 16 * PG, 20, 5 },
	{ "1M@0x44000000, small requests", 0x44000000, 1ull << 20, 16, 4 },
};

struct stats {
	unsigned long allocs, failed, frees, free_alls;
	unsigned long walks, slides, exact, ties, max_holes;
};

static uint64_t
pick_size(uint64_t *s, const struct shape *sh)
{
	uint64_t r = rnd_next(s) % 100, max = sh->max_pages, pages;

	if (r < 45)
		pages = rnd_range(s, 1, max < 8 ? max : 8);
	else if (r < 75)
		pages = rnd_range(s, 1, max < 256 ? max : 256);
	else if (r < 95)
		pages = rnd_range(s, 1, max < 1024 ? max : 1024);
	else
		pages = rnd_range(s, 1, max);
	return pages * PG;
}

static uint64_t
pick_align(uint64_t *s, const struct shape *sh)
{
	if (rnd_next(s) % 2 == 0)
		return PG;
	return PG << rnd_range(s, 0, sh->max_align_order);
}

/*
 * Best fit against the bitmap alone: `runs` are the maximal free runs
 * before the allocation, the chunk is [at, at+size).
 */
static int
check_best_fit(struct oracle *o, const struct cma_extent *runs, size_t n,
    uint64_t size, uint64_t align, uint64_t at, struct stats *st)
{
	const struct cma_extent *chosen = NULL;
	uint64_t best = UINT64_MAX, fit, a, end, want, smallest = UINT64_MAX;
	size_t i, nbest = 0;

	for (i = 0; i < n; i++) {
		if (runs[i].size >= size && runs[i].size < smallest)
			smallest = runs[i].size;
		if (oracle_fit(&runs[i], size, align, &fit) &&
		    runs[i].size < best)
			best = runs[i].size;
		if (at >= runs[i].start && at - runs[i].start < runs[i].size)
			chosen = &runs[i];
	}
	if (chosen == NULL) {
		snprintf(o->msg, sizeof o->msg, "bf: chunk %#" PRIx64 " is "
		    "in no free run", at);
		return -1;
	}
	if (chosen->size != best) {
		snprintf(o->msg, sizeof o->msg, "bf: alloc %#" PRIx64 "/%#"
		    PRIx64 " took %#" PRIx64 " from a %#" PRIx64 "-byte run; "
		    "the smallest run with an aligned fit has %#" PRIx64
		    " bytes", size, align, at, chosen->size, best);
		return -1;
	}
	oracle_fit(chosen, size, align, &a);
	end = chosen->start + chosen->size;
	want = a;
	if (a != chosen->start && a + size != end &&
	    (end - a - size) % align == 0) {
		want = end - size;
		st->slides++;
	}
	if (at != want) {
		snprintf(o->msg, sizeof o->msg, "bf: alloc %#" PRIx64 "/%#"
		    PRIx64 " in the run %#" PRIx64 "+%#" PRIx64 " went to %#"
		    PRIx64 ", expected %#" PRIx64, size, align, chosen->start,
		    chosen->size, at, want);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (runs[i].size == best &&
		    oracle_fit(&runs[i], size, align, &fit))
			nbest++;
	if (nbest > 1)
		st->ties++;	/* LIFO decided; the reference model checks */
	if (chosen->size == size)
		st->exact++;
	if (best != smallest)
		st->walks++;
	return 0;
}

/*
 * What the oracle may demand of each allocator.  bf, ff and gbf search
 * every hole and take exactly what is asked; gff aligns each chunk to its
 * own size rounded to a power of two, so it can fail while a less aligned
 * run would fit; a buddy rounds up to a power of two, may fail while a
 * misaligned run would fit, and reports buddies that touch as separate
 * extents; TLSF takes the first good-enough bin.
 * An allocator missing here gets the strict checks.
 */
static const struct {
	const char	   *name;
	struct oracle_opts  opts;
} alloc_opts_table[] = {
	{ "gff",   { .coalesced = 1, .complete = 0, .exact_size = 1 } },
	{ "buddy", { .coalesced = 0, .complete = 0, .exact_size = 0 } },
	{ "tlsf",  { .coalesced = 1, .complete = 0, .exact_size = 1 } },
};

static const struct oracle_opts *
alloc_opts(const struct cma_allocator *ops)
{
	size_t i;

	for (i = 0; i < sizeof alloc_opts_table / sizeof alloc_opts_table[0];
	    i++)
		if (strcmp(alloc_opts_table[i].name, ops->name) == 0)
			return &alloc_opts_table[i].opts;
	return &oracle_opts_strict;
}

static void
run_random(const struct cma_allocator *ops, int shape_idx, uint64_t seed,
    unsigned long nops, struct stats *st)
{
	const struct shape *sh = &shapes[shape_idx];
	int is_bf = ops == &cma_bf_allocator;
	struct oracle o;
	struct ref_bf ref;
	struct cma_extent *runs = NULL;
	size_t nruns = 0, runs_cap = 0;
	uint64_t s = seed, size, align, want = 0;
	unsigned long op;
	unsigned fill = 70;
	long idx;
	int ret;

	memset(st, 0, sizeof *st);
	printf("\n    %s on %s: seed %#" PRIx64 ", %lu ops ", ops->name,
	    sh->name, seed, nops);
	fflush(stdout);
	ORACLE_ASSERT(&o, oracle_init(&o, ops, sh->start, sh->size, NULL,
	    alloc_opts(ops)));
	if (is_bf)
		ref_init(&ref, sh->start, sh->size);
	for (op = 0; op < nops; op++) {
		uint64_t r = rnd_next(&s) % 1000;

		/* Phases of filling and draining. */
		if (op % 5000 == 0)
			fill = (unsigned)rnd_range(&s, 30, 80);
		if (r == 0 && o.nchunks > 0) {
			st->free_alls++;
			while (o.nchunks > 0) {
				if (is_bf)
					ref_free(&ref, o.chunks[0].start,
					    o.chunks[0].size);
				ORACLE_ASSERT(&o, oracle_free(&o, 0));
				st->frees++;
			}
			continue;
		}
		if (o.nchunks > 0 && r % 100 >= fill) {
			idx = (long)(rnd_next(&s) % o.nchunks);
			if (is_bf)
				ref_free(&ref, o.chunks[idx].start,
				    o.chunks[idx].size);
			ORACLE_ASSERT(&o, oracle_free(&o, (size_t)idx));
			st->frees++;
			continue;
		}
		size = pick_size(&s, sh);
		align = pick_align(&s, sh);
		if (is_bf) {
			const struct cma_extent *rs = oracle_runs(&o, &nruns);

			if (nruns > runs_cap) {
				runs_cap = nruns * 2;
				runs = realloc(runs, runs_cap * sizeof *runs);
				if (runs == NULL)
					abort();
			}
			memcpy(runs, rs, nruns * sizeof *runs);
			if (nruns > st->max_holes)
				st->max_holes = nruns;
			want = ref_alloc(&ref, size, align);
		}
		ORACLE_ASSERT(&o, oracle_alloc(&o, size, align, &idx, &ret));
		st->allocs++;
		if (idx < 0)
			st->failed++;
		if (!is_bf)
			continue;
		if (idx >= 0)
			ORACLE_ASSERT(&o, check_best_fit(&o, runs, nruns, size,
			    align, o.chunks[idx].start, st));
		if (want != (idx >= 0 ? o.chunks[idx].start : UINT64_MAX)) {
			snprintf(o.msg, sizeof o.msg, "bf: alloc %#" PRIx64
			    "/%#" PRIx64 " at op %lu gave %#" PRIx64 ", the "
			    "reference model %#" PRIx64 " (UINT64_MAX = "
			    "failure)", size, align, op,
			    idx >= 0 ? o.chunks[idx].start : UINT64_MAX, want);
			ORACLE_ASSERT(&o, -1);
		}
	}
	printf("(%lu allocs, %lu failed, %lu frees, %lu free-alls",
	    st->allocs, st->failed, st->frees, st->free_alls);
	if (is_bf)
		printf(", %lu exact, %lu slides, %lu align walks, %lu ties, "
		    "<= %lu holes", st->exact, st->slides, st->walks, st->ties,
		    st->max_holes);
	printf(") ");
	fflush(stdout);
	ORACLE_ASSERT(&o, oracle_destroy(&o));
	if (is_bf)
		free(ref.h);
	free(runs);
}

static void
test_random_all(void)
{
	unsigned long nops = env_ulong("CMA_RANDOM_OPS", 100000);
	uint64_t base = env_ulong("CMA_RANDOM_SEED", 0x20100720);
	const struct cma_allocator *a;
	struct stats st, sum;
	int i, k;

	for (i = 0; (a = cma_allocator_get(i)) != NULL; i++) {
		memset(&sum, 0, sizeof sum);
		for (k = 0; k < (int)(sizeof shapes / sizeof shapes[0]); k++) {
			uint64_t seed = base * 1000003u + (uint64_t)i * 97 +
			    (uint64_t)k;

			run_random(a, k, seed, nops, &st);
			sum.allocs += st.allocs;
			sum.failed += st.failed;
			sum.slides += st.slides;
			sum.walks += st.walks;
			sum.exact += st.exact;
			sum.ties += st.ties;
			sum.free_alls += st.free_alls;
		}
		/* The runs must have reached the interesting paths. */
		if (nops >= 100000) {
			CU_ASSERT(sum.failed > 0);
			CU_ASSERT(sum.failed < sum.allocs);
			CU_ASSERT(sum.free_alls > 0);
		}
		if (a == &cma_bf_allocator && nops >= 100000) {
			CU_ASSERT(sum.slides > 0);
			CU_ASSERT(sum.walks > 0);
			CU_ASSERT(sum.exact > 0);
			CU_ASSERT(sum.ties > 0);
		}
	}
	CU_ASSERT(i >= 1);
}

/* ---- the oracle on broken allocators ---- */

enum liar_mode {
	LIAR_NONE,
	LIAR_OVERLAP,	/* from the 5th alloc on, once: a live chunk again */
	LIAR_MISALIGN,	/* ignores the alignment asked for */
	LIAR_OUTSIDE,	/* the 3rd alloc reports the page past the region */
	LIAR_BIGGER,	/* takes and reports one page more when it can */
	LIAR_GIVEUP,	/* refuses anything over 4 pages */
	LIAR_SPLIT,	/* walk_free reports free extents page by page */
	LIAR_HIDE,	/* walk_free leaves out the last extent */
	LIAR_NOSTOP,	/* walk_free ignores the callback's return */
};

/*
 * The liar wraps bf and remembers what bf really handed out, so that a run
 * the oracle stopped can still be torn down without leaks.
 */
static struct {
	enum liar_mode	  mode;
	unsigned	  allocs;
	int		  lied;
	uint64_t	  end;		/* of the region */
	struct cma_extent live[4096];
	unsigned	  nlive;
} L;

static int
liar_init(uint64_t start, uint64_t size, const char *params, void **priv,
    struct cma_err *err)
{
	L.allocs = 0;
	L.lied = 0;
	L.nlive = 0;
	L.end = start + size;
	return cma_bf_allocator.init(start, size, params, priv, err);
}

static void
liar_cleanup(void *priv)
{
	cma_bf_allocator.cleanup(priv);
}

static int
liar_alloc(void *priv, uint64_t size, uint64_t align, struct cma_extent *out,
    void **cookie)
{
	unsigned i;
	int ret;

	L.allocs++;
	*cookie = NULL;
	switch (L.mode) {
	case LIAR_OVERLAP:
		for (i = 0; !L.lied && L.allocs >= 5 && i < L.nlive; i++)
			if (L.live[i].size >= size &&
			    L.live[i].start % align == 0) {
				out->start = L.live[i].start;
				out->size = size;
				L.lied = 1;
				return 0;
			}
		break;
	case LIAR_MISALIGN:
		align = PG;
		break;
	case LIAR_OUTSIDE:
		if (L.allocs == 3) {
			out->start = L.end;
			out->size = size;
			return 0;
		}
		break;
	case LIAR_BIGGER:
		/* One page more when that fits, else the request. */
		ret = cma_bf_allocator.alloc(priv, size + PG, align, out,
		    cookie);
		if (ret == 0) {
			L.live[L.nlive++] = *out;
			return 0;
		}
		break;
	case LIAR_GIVEUP:
		if (size > 4 * PG)
			return -ENOMEM;
		break;
	default:
		break;
	}
	ret = cma_bf_allocator.alloc(priv, size, align, out, cookie);
	if (ret == 0 && L.nlive < sizeof L.live / sizeof L.live[0])
		L.live[L.nlive++] = *out;
	return ret;
}

static void
liar_free(void *priv, const struct cma_extent *chunk, void *cookie)
{
	unsigned i;

	for (i = 0; i < L.nlive; i++)
		if (L.live[i].start == chunk->start &&
		    L.live[i].size == chunk->size) {
			L.live[i] = L.live[--L.nlive];
			cma_bf_allocator.free(priv, chunk, cookie);
			return;
		}
	/* A chunk the liar made up: nothing to give back. */
}

/* Give back what bf still has out and clean up. */
static void
liar_teardown(void *priv)
{
	while (L.nlive > 0) {
		L.nlive--;
		cma_bf_allocator.free(priv, &L.live[L.nlive], NULL);
	}
	cma_bf_allocator.cleanup(priv);
}

struct liar_walk {
	cma_extent_fn fn;
	void *arg;
	unsigned n, skip;
};

static int
liar_count(void *arg, uint64_t start, uint64_t size)
{
	struct liar_walk *w = arg;

	(void)start;
	(void)size;
	w->n++;
	return 0;
}

static int
liar_relay(void *arg, uint64_t start, uint64_t size)
{
	struct liar_walk *w = arg;
	uint64_t p;
	int ret;

	if (L.mode == LIAR_HIDE && ++w->n == w->skip)
		return 0;
	if (L.mode == LIAR_SPLIT) {
		for (p = 0; p < size; p += PG)
			if ((ret = w->fn(w->arg, start + p, PG)) != 0)
				return ret;
		return 0;
	}
	ret = w->fn(w->arg, start, size);
	return L.mode == LIAR_NOSTOP ? 0 : ret;
}

static int
liar_walk_free(void *priv, cma_extent_fn fn, void *arg)
{
	struct liar_walk w = { fn, arg, 0, 0 };

	if (L.mode == LIAR_HIDE) {
		cma_bf_allocator.walk_free(priv, liar_count, &w);
		w.skip = w.n;
		w.n = 0;
	}
	return cma_bf_allocator.walk_free(priv, liar_relay, &w);
}

static const struct cma_allocator liar = {
	.name = "liar",
	.summary = "bf with a deliberate defect (oracle self-test)",
	.init = liar_init,
	.cleanup = liar_cleanup,
	.alloc = liar_alloc,
	.free = liar_free,
	.walk_free = liar_walk_free,
};

/*
 * Run a short random sequence on the liar; returns 0 when the oracle saw
 * nothing wrong, -1 (message in o->msg) when it caught something.
 */
static int
liar_run(enum liar_mode mode, const struct oracle_opts *opts, char *msg,
    size_t msglen)
{
	struct oracle o;
	uint64_t s = 12345, size, align;
	unsigned long op;
	long idx;
	void *priv;
	int ret = 0;

	L.mode = mode;
	if (oracle_init(&o, &liar, 0x33000000, 4ull << 20, NULL, opts) != 0)
		ret = -1;
	priv = o.priv;
	for (op = 0; ret == 0 && op < 3000; op++) {
		if (o.nchunks > 0 && rnd_next(&s) % 100 < 45) {
			ret = oracle_free(&o, rnd_next(&s) % o.nchunks);
			continue;
		}
		size = rnd_range(&s, 1, 64) * PG;
		align = PG << rnd_range(&s, 0, 4);
		ret = oracle_alloc(&o, size, align, &idx, NULL);
	}
	snprintf(msg, msglen, "%s", o.msg);
	/* The oracle cleans up only after a clean run. */
	if (oracle_destroy(&o) != 0) {
		ret = -1;
		liar_teardown(priv);
	}
	L.mode = LIAR_NONE;
	return ret;
}

#define EXPECT_CAUGHT(mode, opts, word) do {				\
	char m_[512];							\
	CU_ASSERT_EQUAL(liar_run((mode), (opts), m_, sizeof m_), -1);	\
	if (strstr(m_, (word)) == NULL)					\
		fprintf(stderr, "%s: unexpected message: %s\n", #mode, m_); \
	CU_ASSERT_PTR_NOT_NULL(strstr(m_, (word)));			\
} while (0)

#define EXPECT_CLEAN(mode, opts) do {					\
	char m_[512];							\
	int r_ = liar_run((mode), (opts), m_, sizeof m_);		\
	if (r_ != 0)							\
		fprintf(stderr, "%s: %s\n", #mode, m_);			\
	CU_ASSERT_EQUAL(r_, 0);						\
} while (0)

static void
test_oracle_catches(void)
{
	struct oracle_opts loose = oracle_opts_strict;

	EXPECT_CLEAN(LIAR_NONE, &oracle_opts_strict);
	EXPECT_CAUGHT(LIAR_OVERLAP, &oracle_opts_strict, "overlapping");
	EXPECT_CAUGHT(LIAR_MISALIGN, &oracle_opts_strict, "not aligned");
	EXPECT_CAUGHT(LIAR_OUTSIDE, &oracle_opts_strict, "outside");
	EXPECT_CAUGHT(LIAR_BIGGER, &oracle_opts_strict, "gave");
	EXPECT_CAUGHT(LIAR_GIVEUP, &oracle_opts_strict, "aligned free run");
	EXPECT_CAUGHT(LIAR_SPLIT, &oracle_opts_strict, "not coalesced");
	EXPECT_CAUGHT(LIAR_HIDE, &oracle_opts_strict, "walk_free reports");
	EXPECT_CAUGHT(LIAR_NOSTOP, &oracle_opts_strict, "returning 42");
	/* The flags turn the corresponding checks off, and only those. */
	loose.exact_size = 0;
	EXPECT_CLEAN(LIAR_BIGGER, &loose);
	loose.complete = 0;
	EXPECT_CLEAN(LIAR_GIVEUP, &loose);
	loose.coalesced = 0;
	EXPECT_CLEAN(LIAR_SPLIT, &loose);
	EXPECT_CAUGHT(LIAR_OVERLAP, &loose, "overlapping");
	EXPECT_CAUGHT(LIAR_HIDE, &loose, "walk_free reports");
}

/* The reference model and the best-fit check agree with hand examples. */
static void
test_reference_model(void)
{
	struct ref_bf r;
	uint64_t b = 0x40000000;

	ref_init(&r, b, 256 * PG);
	CU_ASSERT_EQUAL(ref_alloc(&r, PG, PG), b);
	CU_ASSERT_EQUAL(ref_alloc(&r, 8 * PG, PG), b + PG);
	CU_ASSERT_EQUAL(ref_alloc(&r, PG, PG), b + 9 * PG);
	ref_free(&r, b + PG, 8 * PG);
	/* Middle case, tail 3P not a multiple of 4P: front hole is newer. */
	CU_ASSERT_EQUAL(ref_alloc(&r, 2 * PG, 4 * PG), b + 4 * PG);
	CU_ASSERT_EQUAL(ref_alloc(&r, 3 * PG, PG), b + PG);
	CU_ASSERT_EQUAL(ref_alloc(&r, 3 * PG, PG), b + 6 * PG);
	free(r.h);
}

static CU_TestInfo random_tests[] = {
	{ "reference model", test_reference_model },
	{ "every allocator, random ops, oracle each step", test_random_all },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo oracle_tests[] = {
	{ "oracle catches broken allocators", test_oracle_catches },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "alloc random", NULL, NULL, NULL, NULL, random_tests },
	{ "oracle self-test", NULL, NULL, NULL, NULL, oracle_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return cunit_run(suites);
}
