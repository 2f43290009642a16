/*
 * The framework through its public API (cma.h), on the built-in "goni"
 * board: fw = 1M@0x32000000/128K, b1 = 32M@0x33000000, b2 = 16M@0x44000000
 * and the map s5p-mfc5/f=fw;s5p-mfc5/a=b1;s5p-mfc5/b=b2;*\/\*=b1,b2.
 *
 * Covered: the acceptance sequence; the error codes of cma_alloc (-EINVAL,
 * -ENOENT, -ENOMEM); size rounding and alignment raising; fallback along a
 * rule's region list, skipping regions with too little free space and
 * unusable ones; first rule wins with no fall-through; cma_alloc_from;
 * cma_get/cma_put reference counting; cma_info; cma_set_map (atomic
 * replacement, a bad map keeps the old one); the chunk table calls; the
 * allocator registry, and a broken allocator handing out one address twice
 * (-ENOMEM, no deadlock, counts restored); and several threads allocating,
 * referencing and freeing at once while another reads and swaps the map,
 * with a shared page map catching any chunk handed out twice.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cunit_main.h"
#include "cma/cma.h"
#include "cma/metrics.h"

#define K	((uint64_t)1024)
#define M	(K * K)
#define PG	((uint64_t)4096)

#define FW	((uint64_t)0x32000000)
#define B1	((uint64_t)0x33000000)
#define B2	((uint64_t)0x44000000)

static const char goni_map[] =
    "s5p-mfc5/f=fw;s5p-mfc5/a=b1;s5p-mfc5/b=b2;*/*=b1,b2";

static struct cma *
make(const char *param, const char *map)
{
	const struct cma_board *b = cma_board_builtin("goni");
	struct cma_err err = { "" };
	struct cma *cma = NULL;
	int ret;

	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	ret = cma_create(b, param, map, &cma, &err);
	if (ret != 0)
		fprintf(stderr, "cma_create: %d %s\n", ret, err.msg);
	CU_ASSERT_EQUAL_FATAL(ret, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cma);
	return cma;
}

static struct cma_region_info
region(struct cma *cma, const char *name)
{
	struct cma_region_info ri;
	int idx = cma_region_find(cma, name);

	memset(&ri, 0, sizeof ri);
	CU_ASSERT_FATAL(idx >= 0);
	CU_ASSERT_EQUAL(cma_region_get(cma, idx, &ri), 0);
	return ri;
}

/* cma_alloc expecting success at `want` (returns the start). */
#define ALLOC_AT(cma, dev, kind, size, align, want) do {		\
	uint64_t s_ = 0;						\
	int r_ = cma_alloc((cma), (dev), (kind), (size), (align), &s_);	\
	if (r_ != 0 || s_ != (uint64_t)(want))				\
		fprintf(stderr, "%s:%d: cma_alloc(%s, %s, %#" PRIx64	\
		    ") = %d at %#" PRIx64 ", expected %#" PRIx64 "\n",	\
		    __FILE__, __LINE__, (dev) ? (dev) : "NULL",		\
		    (kind) ? (kind) : "NULL", (uint64_t)(size), r_, s_,	\
		    (uint64_t)(want));					\
	CU_ASSERT_EQUAL(r_, 0);						\
	CU_ASSERT_EQUAL(s_, (uint64_t)(want));				\
} while (0)

#define ALLOC_ERR(cma, dev, kind, size, align, err) do {		\
	uint64_t s_ = 0xdead;						\
	int r_ = cma_alloc((cma), (dev), (kind), (size), (align), &s_);	\
	CU_ASSERT_EQUAL(r_, (err));					\
	CU_ASSERT_EQUAL(s_, 0xdead);	/* untouched on failure */	\
} while (0)

/* ---- acceptance ---- */

static void
test_goni_layout(void)
{
	struct cma *cma = make(NULL, NULL);
	struct cma_region_info fw, b1, b2;
	char map[CMA_MAX_PARAM_LEN];

	CU_ASSERT_EQUAL(cma_region_count(cma), 3);
	CU_ASSERT_EQUAL(cma_dropped_count(cma), 0);
	fw = region(cma, "fw");
	b1 = region(cma, "b1");
	b2 = region(cma, "b2");
	CU_ASSERT_EQUAL(fw.start, FW);
	CU_ASSERT_EQUAL(fw.size, 1 * M);
	CU_ASSERT_EQUAL(fw.align, 128 * K);
	CU_ASSERT_EQUAL(b1.start, B1);
	CU_ASSERT_EQUAL(b1.size, 32 * M);
	CU_ASSERT_EQUAL(b2.start, B2);
	CU_ASSERT_EQUAL(b2.size, 16 * M);
	CU_ASSERT_EQUAL(b1.bank, 0);
	CU_ASSERT_EQUAL(b2.bank, 1);
	CU_ASSERT_STRING_EQUAL(b1.allocator, "bf");
	CU_ASSERT_PTR_NULL(b1.reason);
	CU_ASSERT_EQUAL(b1.free, 32 * M);
	CU_ASSERT_EQUAL(b1.users, 0);
	cma_get_map(cma, map, sizeof map);
	CU_ASSERT_STRING_EQUAL(map, goni_map);
	cma_destroy(cma);
}

static void
test_acceptance(void)
{
	struct cma *cma = make(NULL, NULL);
	struct cma_chunk_info ci;

	ALLOC_AT(cma, "s5p-mfc5", "a", 6 * M, 0, B1);
	ALLOC_AT(cma, "s5p-mfc5", "b", 1 * M, 0, B2);
	ALLOC_AT(cma, "video", NULL, 2 * M, 0, B1 + 6 * M);	/* 0x33600000 */
	CU_ASSERT_EQUAL(cma_chunk_find(cma, 0x33600000, &ci), 0);
	CU_ASSERT_EQUAL(ci.region, cma_region_find(cma, "b1"));
	CU_ASSERT_EQUAL(ci.size, 2 * M);
	CU_ASSERT_EQUAL(cma_chunk_find(cma, B2, &ci), 0);
	CU_ASSERT_EQUAL(ci.region, cma_region_find(cma, "b2"));
	CU_ASSERT_EQUAL(region(cma, "b1").free, 24 * M);
	CU_ASSERT_EQUAL(region(cma, "b1").users, 2);
	CU_ASSERT_EQUAL(region(cma, "b2").free, 15 * M);
	CU_ASSERT_EQUAL(cma_chunk_count(cma), 3);
	/* The firmware kind goes to fw, 128K-aligned by the region. */
	ALLOC_AT(cma, "s5p-mfc5", "f", 4 * K, 0, FW);
	cma_destroy(cma);
}

/* ---- errors ---- */

static void
test_einval(void)
{
	struct cma *cma = make(NULL, NULL);
	uint64_t s = 0xdead;

	ALLOC_ERR(cma, "video", NULL, 0, 0, -EINVAL);
	ALLOC_ERR(cma, "video", NULL, 4 * K, 3, -EINVAL);
	ALLOC_ERR(cma, "video", NULL, 4 * K, 0x3000, -EINVAL);
	ALLOC_ERR(cma, "video", NULL, 4 * K, UINT64_MAX, -EINVAL);
	ALLOC_ERR(cma, NULL, NULL, 4 * K, 0, -EINVAL);
	ALLOC_ERR(cma, "", NULL, 4 * K, 0, -EINVAL);
	ALLOC_ERR(cma, "", "a", 4 * K, 0, -EINVAL);
	/* A size that cannot be rounded up to a page. */
	ALLOC_ERR(cma, "video", NULL, UINT64_MAX, 0, -EINVAL);
	CU_ASSERT_EQUAL(cma_alloc_from(cma, NULL, 4 * K, 0, &s), -EINVAL);
	CU_ASSERT_EQUAL(cma_alloc_from(cma, "b1", 0, 0, &s), -EINVAL);
	CU_ASSERT_EQUAL(cma_alloc_from(cma, "b1", 4 * K, 6, &s), -EINVAL);
	CU_ASSERT_EQUAL(s, 0xdead);
	/* Nothing was taken. */
	CU_ASSERT_EQUAL(cma_chunk_count(cma), 0);
	CU_ASSERT_EQUAL(region(cma, "b1").free, 32 * M);
	CU_ASSERT_EQUAL(region(cma, "b1").allocs, 0);
	cma_destroy(cma);
}

static void
test_enoent(void)
{
	/* A map without a catch-all rule. */
	struct cma *cma = make(NULL, "s5p-mfc5/a=b1;camera=b2");

	ALLOC_ERR(cma, "video", NULL, 4 * K, 0, -ENOENT);
	/* Kind omitted in a pattern matches only the empty kind. */
	ALLOC_ERR(cma, "camera", "preview", 4 * K, 0, -ENOENT);
	ALLOC_ERR(cma, "s5p-mfc5", NULL, 4 * K, 0, -ENOENT);
	ALLOC_ERR(cma, "s5p-mfc5", "b", 4 * K, 0, -ENOENT);
	ALLOC_AT(cma, "camera", NULL, 4 * K, 0, B2);
	ALLOC_AT(cma, "camera", "", 4 * K, 0, B2 + 4 * K);
	ALLOC_AT(cma, "s5p-mfc5", "a", 4 * K, 0, B1);
	cma_destroy(cma);

	/* No map at all: every request fails with -ENOENT. */
	cma = make(NULL, "");
	ALLOC_ERR(cma, "video", NULL, 4 * K, 0, -ENOENT);
	cma_destroy(cma);
}

static void
test_enomem_full(void)
{
	struct cma *cma = make(NULL, NULL);

	ALLOC_AT(cma, "video", NULL, 32 * M, 0, B1);
	ALLOC_AT(cma, "video", NULL, 16 * M, 0, B2);
	ALLOC_ERR(cma, "video", NULL, 4 * K, 0, -ENOMEM);
	ALLOC_ERR(cma, "s5p-mfc5", "a", 4 * K, 0, -ENOMEM);
	ALLOC_ERR(cma, "s5p-mfc5", "b", 4 * K, 0, -ENOMEM);
	/* Larger than any region, on an empty framework too. */
	CU_ASSERT_EQUAL(cma_put(cma, B1), 1);
	CU_ASSERT_EQUAL(cma_put(cma, B2), 1);
	ALLOC_ERR(cma, "video", NULL, 33 * M, 0, -ENOMEM);
	/* An alignment no address in the regions satisfies. */
	ALLOC_ERR(cma, "video", NULL, 4 * K, (uint64_t)1 << 40, -ENOMEM);
	CU_ASSERT_EQUAL(cma_chunk_count(cma), 0);
	cma_destroy(cma);
}

/* Size rounded up to a page, alignment raised to a page. */
static void
test_rounding(void)
{
	struct cma *cma = make(NULL, NULL);
	struct cma_chunk_info ci;

	ALLOC_AT(cma, "video", NULL, 1, 0, B1);
	CU_ASSERT_EQUAL(cma_chunk_find(cma, B1, &ci), 0);
	CU_ASSERT_EQUAL(ci.size, PG);
	CU_ASSERT_EQUAL(ci.requested, 1);
	/* 0x1001 bytes take two pages; alignment 16 is raised to a page. */
	ALLOC_AT(cma, "video", NULL, 0x1001, 16, B1 + PG);
	CU_ASSERT_EQUAL(cma_chunk_find(cma, B1 + PG, &ci), 0);
	CU_ASSERT_EQUAL(ci.size, 2 * PG);
	CU_ASSERT_EQUAL(ci.requested, 0x1001);
	ALLOC_AT(cma, "video", NULL, PG, 1, B1 + 3 * PG);
	CU_ASSERT_EQUAL(region(cma, "b1").free, 32 * M - 4 * PG);
	/* A real alignment is honoured (bf: lowest aligned spot). */
	ALLOC_AT(cma, "video", NULL, PG, M, B1 + M);
	cma_destroy(cma);
}

/* ---- map and region lists ---- */

static void
test_fallback(void)
{
	struct cma *cma = make(NULL, NULL);

	/* The catch-all rule lists b1,b2: b1 first; once full, b2. */
	ALLOC_AT(cma, "video", NULL, 32 * M, 0, B1);
	ALLOC_AT(cma, "video", NULL, 4 * K, 0, B2);
	ALLOC_AT(cma, "camera", "preview", 4 * K, 0, B2 + 4 * K);
	/* b1 was skipped on free space, its allocator never asked. */
	CU_ASSERT_EQUAL(region(cma, "b1").fails, 0);
	cma_destroy(cma);
}

static void
test_skip_less_free(void)
{
	struct cma *cma = make(NULL, NULL);
	int i;

	/* b1 with 1M free: a 2M request skips it without trying. */
	ALLOC_AT(cma, "video", NULL, 31 * M, 0, B1);
	ALLOC_AT(cma, "video", NULL, 2 * M, 0, B2);
	CU_ASSERT_EQUAL(region(cma, "b1").fails, 0);
	CU_ASSERT_EQUAL(region(cma, "b1").free, 1 * M);
	/* ...but a 1M one fits exactly. */
	ALLOC_AT(cma, "video", NULL, 1 * M, 0, B1 + 31 * M);
	CU_ASSERT_EQUAL(region(cma, "b1").free, 0);
	cma_destroy(cma);

	/*
	 * b1 with enough free space in total but no hole large enough: the
	 * allocator is tried, fails, and the next region is used.
	 */
	cma = make(NULL, NULL);
	for (i = 0; i < 8; i++)
		ALLOC_AT(cma, "video", NULL, 4 * M, 0, B1 + (uint64_t)i * 4 * M);
	CU_ASSERT_EQUAL(cma_put(cma, B1), 1);
	CU_ASSERT_EQUAL(cma_put(cma, B1 + 8 * M), 1);
	CU_ASSERT_EQUAL(region(cma, "b1").free, 8 * M);
	ALLOC_AT(cma, "video", NULL, 6 * M, 0, B2);
	CU_ASSERT_EQUAL(region(cma, "b1").fails, 1);
	CU_ASSERT_EQUAL(region(cma, "b1").allocs, 8);
	CU_ASSERT_EQUAL(region(cma, "b2").allocs, 1);
	cma_destroy(cma);
}

/* The first matching rule decides; a full region list is -ENOMEM. */
static void
test_first_rule_wins(void)
{
	struct cma *cma = make(NULL, NULL);

	ALLOC_AT(cma, "video", NULL, 32 * M, 0, B1);
	/* s5p-mfc5/a=b1 matches; the catch-all would have used b2. */
	ALLOC_ERR(cma, "s5p-mfc5", "a", 1 * M, 0, -ENOMEM);
	ALLOC_AT(cma, "s5p-mfc5", "b", 1 * M, 0, B2);
	ALLOC_AT(cma, "video", NULL, 1 * M, 0, B2 + 1 * M);
	cma_destroy(cma);

	/* Same with a rule whose list is empty: no regions, -ENOMEM. */
	cma = make(NULL, "video=;*/*=b1");
	ALLOC_ERR(cma, "video", NULL, 4 * K, 0, -ENOMEM);
	ALLOC_AT(cma, "camera", NULL, 4 * K, 0, B1);
	cma_destroy(cma);
}

/* Unknown and unusable regions in a list are skipped. */
static void
test_unusable_skipped(void)
{
	struct cma *cma = make("a=1M:nosuch;b=1M:bf(x);c=1M",
	    "video=nope,a,b,c");
	struct cma_region_info a, b, c;
	struct cma_info info;

	a = region(cma, "a");
	b = region(cma, "b");
	c = region(cma, "c");
	CU_ASSERT_PTR_NULL(a.allocator);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a.reason);
	CU_ASSERT_PTR_NOT_NULL(strstr(a.reason, "nosuch"));
	CU_ASSERT_PTR_NULL(b.allocator);
	CU_ASSERT_PTR_NOT_NULL(b.reason);
	CU_ASSERT_STRING_EQUAL(c.allocator, "bf");
	ALLOC_AT(cma, "video", NULL, 4 * K, 0, c.start);
	CU_ASSERT_EQUAL(cma_region_walk_free(cma, cma_region_find(cma, "a"),
	    NULL, NULL), -ENODEV);
	/* cma_info still counts the unusable regions (as v1). */
	CU_ASSERT_EQUAL(cma_info(cma, "video", NULL, &info), 0);
	CU_ASSERT_EQUAL(info.count, 3);
	CU_ASSERT_EQUAL(info.total_size, 3 * M);
	cma_destroy(cma);
}

static void
test_alloc_from(void)
{
	struct cma *cma = make(NULL, NULL);
	uint64_t s = 0;

	CU_ASSERT_EQUAL(cma_alloc_from(cma, "b2,b1", 1 * M, 0, &s), 0);
	CU_ASSERT_EQUAL(s, B2);
	CU_ASSERT_EQUAL(cma_alloc_from(cma, "nope,b1", 1 * M, 0, &s), 0);
	CU_ASSERT_EQUAL(s, B1);
	CU_ASSERT_EQUAL(cma_alloc_from(cma, "fw", 4 * K, 0, &s), 0);
	CU_ASSERT_EQUAL(s, FW);
	/* b2 has 15M free: a 16M request falls back to b1. */
	CU_ASSERT_EQUAL(cma_alloc_from(cma, "b2,b1", 16 * M, 0, &s), 0);
	CU_ASSERT_EQUAL(s, B1 + 1 * M);
	/* The list ends at ';' (v2). */
	CU_ASSERT_EQUAL(cma_alloc_from(cma, "b2;b1", 16 * M, 0, &s), -ENOMEM);
	CU_ASSERT_EQUAL(cma_alloc_from(cma, "b1;", 4 * K, 0, &s), 0);
	CU_ASSERT_EQUAL(s, B1 + 17 * M);
	s = 0xdead;
	CU_ASSERT_EQUAL(cma_alloc_from(cma, "nope", 4 * K, 0, &s), -ENOMEM);
	CU_ASSERT_EQUAL(cma_alloc_from(cma, "nope,b", 4 * K, 0, &s), -ENOMEM);
	CU_ASSERT_EQUAL(cma_alloc_from(cma, "", 4 * K, 0, &s), -ENOMEM);
	CU_ASSERT_EQUAL(cma_alloc_from(cma, ",", 4 * K, 0, &s), -ENOMEM);
	CU_ASSERT_EQUAL(s, 0xdead);
	CU_ASSERT_EQUAL(cma_chunk_count(cma), 5);
	cma_destroy(cma);
}

/* ---- references ---- */

static void
test_get_put(void)
{
	struct cma *cma = make(NULL, NULL);
	struct cma_chunk_info ci;
	uint64_t s = 0;

	CU_ASSERT_EQUAL_FATAL(cma_alloc(cma, "video", NULL, 1 * M, 0, &s), 0);
	CU_ASSERT_EQUAL(cma_chunk_find(cma, s, &ci), 0);
	CU_ASSERT_EQUAL(ci.refs, 1);
	CU_ASSERT_EQUAL(cma_get(cma, s), 0);
	CU_ASSERT_EQUAL(cma_get(cma, s), 0);
	CU_ASSERT_EQUAL(cma_chunk_find(cma, s, &ci), 0);
	CU_ASSERT_EQUAL(ci.refs, 3);
	/* Not the start of a chunk. */
	CU_ASSERT_EQUAL(cma_get(cma, s + PG), -ENOENT);
	CU_ASSERT_EQUAL(cma_put(cma, s + PG), -ENOENT);
	CU_ASSERT_EQUAL(cma_get(cma, 0), -ENOENT);
	CU_ASSERT_EQUAL(cma_put(cma, B2), -ENOENT);
	CU_ASSERT_EQUAL(cma_put(cma, s), 0);
	CU_ASSERT_EQUAL(cma_put(cma, s), 0);
	CU_ASSERT_EQUAL(region(cma, "b1").free, 31 * M);
	CU_ASSERT_EQUAL(cma_chunk_find(cma, s, &ci), 0);
	CU_ASSERT_EQUAL(ci.refs, 1);
	CU_ASSERT_EQUAL(cma_put(cma, s), 1);
	CU_ASSERT_EQUAL(region(cma, "b1").free, 32 * M);
	CU_ASSERT_EQUAL(region(cma, "b1").users, 0);
	CU_ASSERT_EQUAL(cma_put(cma, s), -ENOENT);
	CU_ASSERT_EQUAL(cma_get(cma, s), -ENOENT);
	CU_ASSERT_EQUAL(cma_chunk_find(cma, s, &ci), -ENOENT);
	CU_ASSERT_EQUAL(cma_chunk_count(cma), 0);
	/* The same address comes back for the next request. */
	ALLOC_AT(cma, "video", NULL, 1 * M, 0, s);
	cma_destroy(cma);
}

/* ---- info ---- */

static void
test_info(void)
{
	struct cma *cma = make(NULL, NULL);
	struct cma_info info;
	struct cma_err err = { "" };

	CU_ASSERT_EQUAL(cma_info(cma, "s5p-mfc5", "a", &info), 0);
	CU_ASSERT_EQUAL(info.lower_bound, B1);
	CU_ASSERT_EQUAL(info.upper_bound, B1 + 32 * M);
	CU_ASSERT_EQUAL(info.total_size, 32 * M);
	CU_ASSERT_EQUAL(info.free_size, 32 * M);
	CU_ASSERT_EQUAL(info.count, 1);
	CU_ASSERT_EQUAL(cma_info(cma, "s5p-mfc5", "f", &info), 0);
	CU_ASSERT_EQUAL(info.lower_bound, FW);
	CU_ASSERT_EQUAL(info.upper_bound, FW + 1 * M);
	CU_ASSERT_EQUAL(info.count, 1);
	CU_ASSERT_EQUAL(cma_info(cma, "video", NULL, &info), 0);
	CU_ASSERT_EQUAL(info.lower_bound, B1);
	CU_ASSERT_EQUAL(info.upper_bound, B2 + 16 * M);
	CU_ASSERT_EQUAL(info.total_size, 48 * M);
	CU_ASSERT_EQUAL(info.free_size, 48 * M);
	CU_ASSERT_EQUAL(info.count, 2);
	ALLOC_AT(cma, "s5p-mfc5", "a", 6 * M, 0, B1);
	CU_ASSERT_EQUAL(cma_info(cma, "video", "x", &info), 0);
	CU_ASSERT_EQUAL(info.free_size, 42 * M);
	CU_ASSERT_EQUAL(info.total_size, 48 * M);
	/* Errors. */
	CU_ASSERT_EQUAL(cma_info(cma, "video", NULL, NULL), -EINVAL);
	CU_ASSERT_EQUAL(cma_info(cma, NULL, NULL, &info), -EINVAL);
	CU_ASSERT_EQUAL(cma_info(cma, "", NULL, &info), -EINVAL);
	/* Unknown names are not counted; an empty list has no bounds. */
	CU_ASSERT_EQUAL(cma_set_map(cma, "x=nope,b2,nope2;y=", &err), 0);
	CU_ASSERT_EQUAL(cma_info(cma, "x", NULL, &info), 0);
	CU_ASSERT_EQUAL(info.count, 1);
	CU_ASSERT_EQUAL(info.lower_bound, B2);
	CU_ASSERT_EQUAL(info.upper_bound, B2 + 16 * M);
	CU_ASSERT_EQUAL(info.total_size, 16 * M);
	CU_ASSERT_EQUAL(cma_info(cma, "y", NULL, &info), 0);
	CU_ASSERT_EQUAL(info.count, 0);
	CU_ASSERT_EQUAL(info.lower_bound, UINT64_MAX);
	CU_ASSERT_EQUAL(info.upper_bound, 0);
	CU_ASSERT_EQUAL(info.total_size, 0);
	CU_ASSERT_EQUAL(cma_info(cma, "video", NULL, &info), -ENOENT);
	cma_destroy(cma);
}

/* ---- run-time map ---- */

static void
test_set_map(void)
{
	struct cma *cma = make(NULL, NULL);
	struct cma_err err = { "" };
	char map[CMA_MAX_PARAM_LEN];

	CU_ASSERT_EQUAL(cma_set_map(cma, "video=b2", &err), 0);
	cma_get_map(cma, map, sizeof map);
	CU_ASSERT_STRING_EQUAL(map, "video=b2");
	ALLOC_AT(cma, "video", NULL, 1 * M, 0, B2);
	/* The old rules are gone, catch-all included. */
	ALLOC_ERR(cma, "camera", NULL, 4 * K, 0, -ENOENT);
	ALLOC_ERR(cma, "s5p-mfc5", "a", 4 * K, 0, -ENOENT);
	/* A bad map is refused as a whole; the old one stays. */
	CU_ASSERT_EQUAL(cma_set_map(cma, "camera=b1;video", &err), -EINVAL);
	CU_ASSERT(strncmp(err.msg, "cma_map=: ", 10) == 0);
	CU_ASSERT(strlen(err.msg) > 10);
	cma_get_map(cma, map, sizeof map);
	CU_ASSERT_STRING_EQUAL(map, "video=b2");
	ALLOC_ERR(cma, "camera", NULL, 4 * K, 0, -ENOENT);
	ALLOC_AT(cma, "video", NULL, 1 * M, 0, B2 + 1 * M);
	CU_ASSERT_EQUAL(cma_set_map(cma, "a=b1;;b=b2", NULL), -EINVAL);
	cma_get_map(cma, map, sizeof map);
	CU_ASSERT_STRING_EQUAL(map, "video=b2");
	/* Live chunks survive a map change. */
	CU_ASSERT_EQUAL(cma_set_map(cma, goni_map, &err), 0);
	CU_ASSERT_EQUAL(cma_chunk_count(cma), 2);
	ALLOC_AT(cma, "camera", NULL, 4 * K, 0, B1);
	CU_ASSERT_EQUAL(cma_put(cma, B2), 1);
	cma_destroy(cma);
}

/* ---- chunk table ---- */

struct visit {
	int n, stop_at;
	struct cma_chunk_info seen[8];
};

static int
visit_cb(void *arg, const struct cma_chunk_info *c)
{
	struct visit *v = arg;

	if (v->n < 8)
		v->seen[v->n] = *c;
	v->n++;
	return v->n == v->stop_at ? 99 : 0;
}

static void
test_chunks(void)
{
	struct cma *cma = make(NULL, NULL);
	struct visit v = { 0, 0, { { 0 } } };
	struct cma_chunk_info ci;

	/* Allocated in an order other than the address order. */
	ALLOC_AT(cma, "s5p-mfc5", "b", 1 * M, 0, B2);
	ALLOC_AT(cma, "video", NULL, 2 * M - 1, 0, B1);
	ALLOC_AT(cma, "s5p-mfc5", "f", 4 * K, 0, FW);
	CU_ASSERT_EQUAL(cma_chunk_count(cma), 3);
	CU_ASSERT_EQUAL(cma_chunk_foreach(cma, visit_cb, &v), 0);
	CU_ASSERT_EQUAL_FATAL(v.n, 3);
	CU_ASSERT_EQUAL(v.seen[0].start, FW);
	CU_ASSERT_EQUAL(v.seen[1].start, B1);
	CU_ASSERT_EQUAL(v.seen[2].start, B2);
	CU_ASSERT_EQUAL(v.seen[0].id, 3);
	CU_ASSERT_EQUAL(v.seen[1].id, 2);
	CU_ASSERT_EQUAL(v.seen[2].id, 1);
	CU_ASSERT_EQUAL(v.seen[0].region, cma_region_find(cma, "fw"));
	CU_ASSERT_EQUAL(v.seen[1].region, cma_region_find(cma, "b1"));
	CU_ASSERT_EQUAL(v.seen[2].region, cma_region_find(cma, "b2"));
	CU_ASSERT_EQUAL(v.seen[1].size, 2 * M);
	CU_ASSERT_EQUAL(v.seen[1].requested, 2 * M - 1);
	CU_ASSERT_EQUAL(v.seen[1].refs, 1);
	/* A non-zero return stops the walk and is passed back. */
	v.n = 0;
	v.stop_at = 2;
	CU_ASSERT_EQUAL(cma_chunk_foreach(cma, visit_cb, &v), 99);
	CU_ASSERT_EQUAL(v.n, 2);
	CU_ASSERT_EQUAL(cma_chunk_find(cma, B1, &ci), 0);
	CU_ASSERT_EQUAL(ci.start, B1);
	CU_ASSERT_EQUAL(cma_chunk_find(cma, B1 + PG, &ci), -ENOENT);
	CU_ASSERT_EQUAL(cma_put(cma, B1), 1);
	CU_ASSERT_EQUAL(cma_put(cma, B2), 1);
	CU_ASSERT_EQUAL(cma_put(cma, FW), 1);
	CU_ASSERT_EQUAL(cma_chunk_count(cma), 0);
	v.n = 0;
	v.stop_at = 0;
	CU_ASSERT_EQUAL(cma_chunk_foreach(cma, visit_cb, &v), 0);
	CU_ASSERT_EQUAL(v.n, 0);
	/* Ids keep counting. */
	ALLOC_AT(cma, "video", NULL, 4 * K, 0, B1);
	CU_ASSERT_EQUAL(cma_chunk_find(cma, B1, &ci), 0);
	CU_ASSERT_EQUAL(ci.id, 4);
	cma_destroy(cma);
}

/* ---- allocators ---- */

/* Hands out the region start every time: an allocator bug. */
static struct {
	uint64_t start, size;
	unsigned allocs, frees, cleanups;
} broken_state;

static int
broken_init(uint64_t start, uint64_t size, const char *params, void **priv,
    struct cma_err *err)
{
	broken_state.start = start;
	broken_state.size = size;
	*priv = &broken_state;
	return 0;
}

static void
broken_cleanup(void *priv)
{
	broken_state.cleanups++;
}

static int
broken_alloc(void *priv, uint64_t size, uint64_t align,
    struct cma_extent *out, void **cookie)
{
	broken_state.allocs++;
	out->start = broken_state.start;
	out->size = size;
	*cookie = NULL;
	return 0;
}

static void
broken_free(void *priv, const struct cma_extent *chunk, void *cookie)
{
	broken_state.frees++;
}

static int
broken_walk_free(void *priv, cma_extent_fn fn, void *arg)
{
	return 0;
}

static const struct cma_allocator broken = {
	.name = "broken",
	.summary = "always the region start (test)",
	.init = broken_init,
	.cleanup = broken_cleanup,
	.alloc = broken_alloc,
	.free = broken_free,
	.walk_free = broken_walk_free,
};

static int broken_registered;

/* A deadlock ends the run with a message instead of a silent hang. */
static void
deadlock_alarm(int sig)
{
	static const char msg[] = "test_cma: no progress after 20 s: "
	    "deadlock on the duplicate-start path\n";

	(void)sig;
	if (write(2, msg, sizeof msg - 1) < 0)
		_exit(3);
	_exit(3);
}

static void
test_register(void)
{
	struct cma_allocator t;
	const struct cma_allocator *a;
	int i, found = 0;

	CU_ASSERT_EQUAL(cma_allocator_register(NULL), -EINVAL);
	t = broken;
	t.name = NULL;
	CU_ASSERT_EQUAL(cma_allocator_register(&t), -EINVAL);
	t.name = "";
	CU_ASSERT_EQUAL(cma_allocator_register(&t), -EINVAL);
	t = broken;
	t.name = "incomplete";
	t.init = NULL;
	CU_ASSERT_EQUAL(cma_allocator_register(&t), -EINVAL);
	t = broken;
	t.name = "incomplete";
	t.cleanup = NULL;
	CU_ASSERT_EQUAL(cma_allocator_register(&t), -EINVAL);
	t = broken;
	t.name = "incomplete";
	t.alloc = NULL;
	CU_ASSERT_EQUAL(cma_allocator_register(&t), -EINVAL);
	t = broken;
	t.name = "incomplete";
	t.free = NULL;
	CU_ASSERT_EQUAL(cma_allocator_register(&t), -EINVAL);
	t = broken;
	t.name = "incomplete";
	t.walk_free = NULL;
	CU_ASSERT_EQUAL(cma_allocator_register(&t), -EINVAL);
	CU_ASSERT_PTR_NULL(cma_allocator_find("incomplete"));
	/* A second "bf" is refused, however complete. */
	CU_ASSERT_EQUAL(cma_allocator_register(&cma_bf_allocator), -EEXIST);
	t = broken;
	t.name = "bf";
	CU_ASSERT_EQUAL(cma_allocator_register(&t), -EEXIST);
	CU_ASSERT_PTR_EQUAL(cma_allocator_find("bf"), &cma_bf_allocator);

	CU_ASSERT_EQUAL_FATAL(cma_allocator_register(&broken), 0);
	broken_registered = 1;
	CU_ASSERT_EQUAL(cma_allocator_register(&broken), -EEXIST);
	CU_ASSERT_PTR_EQUAL(cma_allocator_find("broken"), &broken);
	CU_ASSERT_PTR_NULL(cma_allocator_find("nosuch"));
	/* The default stays bf; the registry lists both. */
	CU_ASSERT_PTR_EQUAL(cma_allocator_find(NULL), &cma_bf_allocator);
	CU_ASSERT_PTR_EQUAL(cma_allocator_get(0), &cma_bf_allocator);
	for (i = 0; (a = cma_allocator_get(i)) != NULL; i++)
		found += a == &broken;
	CU_ASSERT_EQUAL(found, 1);
	CU_ASSERT_PTR_NULL(cma_allocator_get(-1));
}

/*
 * The broken allocator returns an address already in the chunk table:
 * -ENOMEM, the extent goes back to the allocator, the counts are as
 * before, and nothing is left locked (v1 deadlocked here).  An alarm turns
 * a deadlock into a failure instead of a hang.
 */
static void
test_duplicate_start(void)
{
	struct cma *cma;
	struct cma_region_info r;
	struct cma_chunk_info ci;
	uint64_t s = 0, start;

	if (!broken_registered)
		CU_ASSERT_EQUAL_FATAL(cma_allocator_register(&broken), 0);
	broken_registered = 1;
	memset(&broken_state, 0, sizeof broken_state);
	cma = make("r=1M:broken;b=1M", "video=r;camera=r,b");
	start = region(cma, "r").start;
	CU_ASSERT_STRING_EQUAL(region(cma, "r").allocator, "broken");
	signal(SIGALRM, deadlock_alarm);
	alarm(20);
	ALLOC_AT(cma, "video", NULL, 8 * K, 0, start);
	ALLOC_ERR(cma, "video", NULL, 4 * K, 0, -ENOMEM);
	CU_ASSERT_EQUAL(broken_state.allocs, 2);
	CU_ASSERT_EQUAL(broken_state.frees, 1);	/* the duplicate went back */
	r = region(cma, "r");
	CU_ASSERT_EQUAL(r.users, 1);
	CU_ASSERT_EQUAL(r.free, 1 * M - 8 * K);
	CU_ASSERT_EQUAL(r.allocs, 1);	/* the duplicate did not count */
	CU_ASSERT_EQUAL(r.fails, 1);
	CU_ASSERT_EQUAL(cma_chunk_count(cma), 1);
	CU_ASSERT_EQUAL(cma_chunk_find(cma, start, &ci), 0);
	CU_ASSERT_EQUAL(ci.size, 8 * K);	/* the first chunk, intact */
	/* Again, and through a list: the failure ends the request. */
	ALLOC_ERR(cma, "video", NULL, 4 * K, 0, -ENOMEM);
	ALLOC_ERR(cma, "camera", NULL, 4 * K, 0, -ENOMEM);
	CU_ASSERT_EQUAL(cma_alloc_from(cma, "r", 4 * K, 0, &s), -ENOMEM);
	/* Every lock is free: the other calls still work. */
	CU_ASSERT_EQUAL(cma_get(cma, start), 0);
	CU_ASSERT_EQUAL(cma_put(cma, start), 0);
	CU_ASSERT_EQUAL(cma_put(cma, start), 1);
	CU_ASSERT_EQUAL(region(cma, "r").users, 0);
	CU_ASSERT_EQUAL(region(cma, "r").free, 1 * M);
	ALLOC_AT(cma, "video", NULL, 4 * K, 0, start);
	alarm(0);
	signal(SIGALRM, SIG_DFL);
	cma_destroy(cma);
	CU_ASSERT_EQUAL(broken_state.cleanups, 1);
	CU_ASSERT_EQUAL(broken_state.frees, broken_state.allocs);
}

/* ---- threads ---- */

#define NTHREADS	4
#define LIVE_MAX	8
#define SPAN_START	FW
#define SPAN_PAGES	((B2 + 16 * M - FW) / PG)

static struct {
	struct cma	*cma;
	pthread_mutex_t	 lock;
	unsigned char	*owner;		/* per page of the span: 0 or thread+1 */
	int		 overlap;	/* a chunk handed out twice */
	int		 errors;
	unsigned long	 cycles;
	int		 done;		/* under lock (helgrind-friendly) */
} TT;

static int
mark(uint64_t start, uint64_t size, int who)
{
	uint64_t p, first = (start - SPAN_START) / PG, n = size / PG;
	int ok = 1;

	pthread_mutex_lock(&TT.lock);
	for (p = first; p < first + n; p++) {
		if (who != 0 && TT.owner[p] != 0)
			ok = 0;
		TT.owner[p] = (unsigned char)who;
	}
	pthread_mutex_unlock(&TT.lock);
	return ok;
}

static uint64_t
trnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void *
worker(void *arg)
{
	static const char *const devs[][2] = {
		{ "video", NULL }, { "camera", "preview" },
		{ "s5p-mfc5", "a" }, { "s5p-mfc5", "b" }, { "s5p-mfc5", "f" },
	};
	int who = (int)(intptr_t)arg;
	struct { uint64_t start, size; } live[LIVE_MAX];
	struct cma_chunk_info ci;
	uint64_t s = 0x9e3779b97f4a7c15ull * (uint64_t)who, start, size, align;
	unsigned long c;
	int nlive = 0, i, d, ret;

	for (c = 0; c < TT.cycles; c++) {
		if (nlive == LIVE_MAX || (nlive > 0 && trnd(&s) % 3 == 0)) {
			i = (int)(trnd(&s) % (uint64_t)nlive);
			mark(live[i].start, live[i].size, 0);
			/* Sometimes with an extra reference first. */
			if (trnd(&s) % 4 == 0) {
				if (cma_get(TT.cma, live[i].start) != 0 ||
				    cma_put(TT.cma, live[i].start) != 0)
					__atomic_add_fetch(&TT.errors, 1,
					    __ATOMIC_RELAXED);
			}
			if (cma_put(TT.cma, live[i].start) != 1)
				__atomic_add_fetch(&TT.errors, 1,
				    __ATOMIC_RELAXED);
			live[i] = live[--nlive];
			continue;
		}
		d = (int)(trnd(&s) % 5);
		size = (trnd(&s) % 512 + 1) * 1024;
		if (trnd(&s) % 8 == 0)
			size *= 8;	/* up to 4M: regions fill up */
		align = trnd(&s) % 2 ? 0 : PG << (trnd(&s) % 5);
		ret = cma_alloc(TT.cma, devs[d][0], devs[d][1], size, align,
		    &start);
		if (ret == -ENOMEM)
			continue;
		if (ret != 0 || cma_chunk_find(TT.cma, start, &ci) != 0 ||
		    ci.start != start || start % (align ? align : PG) != 0) {
			__atomic_add_fetch(&TT.errors, 1, __ATOMIC_RELAXED);
			continue;
		}
		if (!mark(start, ci.size, who + 1))
			__atomic_add_fetch(&TT.overlap, 1, __ATOMIC_RELAXED);
		live[nlive].start = start;
		live[nlive].size = ci.size;
		nlive++;
	}
	while (nlive > 0) {
		nlive--;
		mark(live[nlive].start, live[nlive].size, 0);
		if (cma_put(TT.cma, live[nlive].start) != 1)
			__atomic_add_fetch(&TT.errors, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

static int
count_chunk(void *arg, const struct cma_chunk_info *c)
{
	(*(unsigned *)arg)++;
	return 0;
}

static int
count_extent(void *arg, uint64_t start, uint64_t size)
{
	*(uint64_t *)arg += size;
	return 0;
}

/* Reads everything and swaps equivalent maps while the workers run. */
static void *
observer(void *arg)
{
	static const char *const maps[] = {
		goni_map,
		"s5p-mfc5/f=fw;s5p-mfc5/a=b1;s5p-mfc5/b=b2;*/*=b2,b1",
	};
	struct cma_info info;
	struct cma_region_info ri;
	struct cma_metrics m;
	unsigned long n = 0;
	unsigned chunks;
	uint64_t nfree;
	int i;

	for (;;) {
		pthread_mutex_lock(&TT.lock);
		i = TT.done;
		pthread_mutex_unlock(&TT.lock);
		if (i)
			break;
		if (cma_set_map(TT.cma, maps[n++ % 2], NULL) != 0)
			__atomic_add_fetch(&TT.errors, 1, __ATOMIC_RELAXED);
		if (cma_info(TT.cma, "video", NULL, &info) != 0 ||
		    info.count != 2)
			__atomic_add_fetch(&TT.errors, 1, __ATOMIC_RELAXED);
		chunks = 0;
		cma_chunk_foreach(TT.cma, count_chunk, &chunks);
		(void)cma_chunk_count(TT.cma);
		for (i = 0; i < cma_region_count(TT.cma); i++) {
			nfree = 0;
			cma_region_get(TT.cma, i, &ri);
			cma_region_walk_free(TT.cma, i, count_extent, &nfree);
			cma_metrics_region(TT.cma, i, 64 * K, &m);
			if (nfree > ri.size || m.free > ri.size)
				__atomic_add_fetch(&TT.errors, 1,
				    __ATOMIC_RELAXED);
		}
		usleep(100);
	}
	cma_set_map(TT.cma, goni_map, NULL);
	return arg;
}

static void
test_threads(void)
{
	pthread_t th[NTHREADS], obs;
	struct cma_region_info ri;
	uint64_t nfree;
	const char *env = getenv("CMA_THREAD_CYCLES");
	int i;

	FILE *log = tmpfile();
	char line[256];
	int saved_stderr = -1, dups = 0;

	/*
	 * The framework warns on stderr when an allocator returns an address
	 * already in the chunk table; with bf that can only be a framework
	 * race (a chunk given back before it left the table), which the
	 * workers would otherwise only see as a silent -ENOMEM.
	 */
	CU_ASSERT_PTR_NOT_NULL_FATAL(log);
	memset(&TT, 0, sizeof TT);
	TT.cycles = env && *env ? strtoul(env, NULL, 0) : 50000;
	TT.cma = make(NULL, NULL);
	TT.owner = calloc(SPAN_PAGES, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(TT.owner);
	pthread_mutex_init(&TT.lock, NULL);
	fflush(stderr);
	saved_stderr = dup(2);
	CU_ASSERT_FATAL(saved_stderr >= 0);
	dup2(fileno(log), 2);
	CU_ASSERT_EQUAL_FATAL(pthread_create(&obs, NULL, observer, NULL), 0);
	for (i = 0; i < NTHREADS; i++)
		CU_ASSERT_EQUAL_FATAL(pthread_create(&th[i], NULL, worker,
		    (void *)(intptr_t)i), 0);
	for (i = 0; i < NTHREADS; i++)
		pthread_join(th[i], NULL);
	pthread_mutex_lock(&TT.lock);
	TT.done = 1;
	pthread_mutex_unlock(&TT.lock);
	pthread_join(obs, NULL);
	fflush(stderr);
	dup2(saved_stderr, 2);
	close(saved_stderr);
	rewind(log);
	while (fgets(line, sizeof line, log) != NULL)
		if (strstr(line, "already allocated") != NULL)
			dups++;
		else
			fputs(line, stderr);
	fclose(log);
	if (dups > 0)
		fprintf(stderr, "%d duplicate chunk starts reported\n", dups);
	CU_ASSERT_EQUAL(dups, 0);

	CU_ASSERT_EQUAL(TT.errors, 0);
	CU_ASSERT_EQUAL(TT.overlap, 0);
	/* Everything came back. */
	CU_ASSERT_EQUAL(cma_chunk_count(TT.cma), 0);
	for (i = 0; i < cma_region_count(TT.cma); i++) {
		CU_ASSERT_EQUAL(cma_region_get(TT.cma, i, &ri), 0);
		CU_ASSERT_EQUAL(ri.free, ri.size);
		CU_ASSERT_EQUAL(ri.users, 0);
		CU_ASSERT(ri.allocs > 0);
		nfree = 0;
		CU_ASSERT_EQUAL(cma_region_walk_free(TT.cma, i, count_extent,
		    &nfree), 0);
		CU_ASSERT_EQUAL(nfree, ri.size);
		printf("[%s: %" PRIu64 " allocs, %" PRIu64 " fails] ", ri.name,
		    ri.allocs, ri.fails);
	}
	cma_destroy(TT.cma);
	pthread_mutex_destroy(&TT.lock);
	free(TT.owner);
}

static CU_TestInfo t_basic[] = {
	{ "goni layout", test_goni_layout },
	{ "acceptance sequence", test_acceptance },
	{ "-EINVAL", test_einval },
	{ "-ENOENT", test_enoent },
	{ "-ENOMEM when full", test_enomem_full },
	{ "size and alignment rounding", test_rounding },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo t_map[] = {
	{ "fallback along the list", test_fallback },
	{ "regions with less free space skipped", test_skip_less_free },
	{ "first rule wins, no fall-through", test_first_rule_wins },
	{ "unknown and unusable regions skipped", test_unusable_skipped },
	{ "cma_alloc_from", test_alloc_from },
	{ "cma_set_map", test_set_map },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo t_chunks[] = {
	{ "cma_get/cma_put", test_get_put },
	{ "cma_info", test_info },
	{ "chunk find/foreach/count", test_chunks },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo t_alloc[] = {
	{ "cma_allocator_register", test_register },
	{ "duplicate start from a broken allocator", test_duplicate_start },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo t_threads[] = {
	{ "4 threads alloc/get/put", test_threads },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "cma basics", NULL, NULL, NULL, NULL, t_basic },
	{ "cma map", NULL, NULL, NULL, NULL, t_map },
	{ "cma chunks", NULL, NULL, NULL, NULL, t_chunks },
	{ "cma allocators", NULL, NULL, NULL, NULL, t_alloc },
	{ "cma threads", NULL, NULL, NULL, NULL, t_threads },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return cunit_run(suites);
}
