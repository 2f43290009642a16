/*
 * The mainline cma= default area (include/cma/mainline.h) and top-down
 * placement (include/cma/place.h).
 *
 * Parsing every form and every malformed string with its position; the
 * kernel's rounding to 4 MiB, "fixed" when END is START + SIZE, the limit
 * defaulting to the end of memory, top-down inside [START, END) clear of
 * reserved ranges and regions; the refusals (misaligned fixed start, a
 * size that rounds past the limit, no room, overlap); and the v1
 * configuration that comes out, on goni.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cunit_main.h"
#include "cma/cma.h"
#include "cma/mainline.h"
#include "cma/place.h"

#define MiB (1024ull * 1024)

static struct cma_err E;

static void
expect_parse(const char *s, uint64_t size, int has_start, uint64_t start,
    int has_end, uint64_t end)
{
	struct cma_mainline m;

	CU_ASSERT_EQUAL_FATAL(cma_mainline_parse(s, &m, &E), 0);
	CU_ASSERT_EQUAL(m.size, size);
	CU_ASSERT_EQUAL(m.has_start, has_start);
	CU_ASSERT_EQUAL(m.start, start);
	CU_ASSERT_EQUAL(m.has_end, has_end);
	CU_ASSERT_EQUAL(m.end, end);
}

static void
expect_parse_error(const char *s, size_t pos, const char *what)
{
	struct cma_mainline m;

	memset(&E, 0, sizeof E);
	CU_ASSERT_EQUAL(cma_mainline_parse(s, &m, &E), -EINVAL);
	cunit_check_message(s, E.msg, pos, what);
}

static void
test_parse(void)
{
	expect_parse("64M", 64 * MiB, 0, 0, 0, 0);
	expect_parse("0", 0, 0, 0, 0, 0);
	expect_parse("16M@0x40000000", 16 * MiB, 1, 0x40000000, 0, 0);
	expect_parse("1G@1G-2G", 1024 * MiB, 1, 1024 * MiB, 1, 2048 * MiB);
	expect_parse("0x1000000@0-0x50000000", 16 * MiB, 1, 0, 1, 0x50000000);
	expect_parse_error("", 1, "invalid size");
	expect_parse_error("M", 1, "invalid size");
	expect_parse_error("16Q", 3, "expected '@' or the end");
	expect_parse_error("16M@", 5, "invalid start");
	expect_parse_error("16M@1G-", 8, "invalid end");
	expect_parse_error("16M@1G-2Gx", 10, "expected the end of the string");
	expect_parse_error("16M@1G+2G", 7, "expected '-' or the end");
	expect_parse_error("99999999999999999999G", 1, "does not fit");
	expect_parse_error("16M@2G-1G", 0, "end 0x40000000 is not above start");
	expect_parse_error("16M@2G-2G", 0, "is not above start");
	expect_parse_error("1G@0xffffffffffffffff", 0, "runs past 2^64");
}

/* ---- placement ---- */

static struct cma_range Ranges[8];
static struct cma_place_busy Busy = { 0, 8, Ranges };

static int
place(const char *spec, uint64_t *start, uint64_t *size)
{
	struct cma_mainline m;

	memset(&E, 0, sizeof E);
	CU_ASSERT_EQUAL_FATAL(cma_mainline_parse(spec, &m, NULL), 0);
	return cma_mainline_place(&m, cma_board_builtin("goni"), &Busy, start,
	    size, &E);
}

static void
test_place(void)
{
	const struct cma_board *g = cma_board_builtin("goni");
	uint64_t start, size;

	Busy.n = 1;
	Ranges[0] = g->reserved[0];
	/* anywhere: the top of the highest bank */
	CU_ASSERT_EQUAL(place("16M", &start, &size), 0);
	CU_ASSERT_EQUAL(start, 0x57000000);
	CU_ASSERT_EQUAL(size, 16 * MiB);
	/* rounded up to 4 MiB */
	CU_ASSERT_EQUAL(place("5M", &start, &size), 0);
	CU_ASSERT_EQUAL(size, 8 * MiB);
	CU_ASSERT_EQUAL(start, 0x57800000);
	/* a range: top-down inside it */
	CU_ASSERT_EQUAL(place("16M@0x30000000-0x35000000", &start, &size), 0);
	CU_ASSERT_EQUAL(start, 0x34000000);
	/* a range whose top is taken: below what is in the way */
	Busy.n = 2;
	snprintf(Ranges[1].name, sizeof Ranges[1].name, "region b1");
	Ranges[1].start = 0x33000000;
	Ranges[1].size = 32 * MiB;
	CU_ASSERT_EQUAL(place("8M@0x30000000-0x35000000", &start, &size), 0);
	CU_ASSERT_EQUAL(start, 0x32800000);
	CU_ASSERT_EQUAL(place("16M@0x30000000-0x35000000", &start, &size), 0);
	CU_ASSERT_EQUAL(start, 0x32000000);
	CU_ASSERT_EQUAL(place("24M@0x30000000-0x35000000", &start, &size),
	    -ENOMEM);
	CU_ASSERT_PTR_NOT_NULL(strstr(E.msg, "no free 4 MiB-aligned 24 MiB"));
	/* fixed: START alone, or END = START + SIZE */
	CU_ASSERT_EQUAL(place("16M@0x48000000", &start, &size), 0);
	CU_ASSERT_EQUAL(start, 0x48000000);
	CU_ASSERT_EQUAL(place("16M@0x48000000-0x49000000", &start, &size), 0);
	CU_ASSERT_EQUAL(start, 0x48000000);
	CU_ASSERT_EQUAL(place("16M@0x48100000", &start, &size), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(E.msg, "not a multiple of 4 MiB"));
	/* 6 MiB rounds to 8, past START + 6 MiB rounded down: the kernel's
	 * "exceeds limit" */
	CU_ASSERT_EQUAL(place("6M@0x48000000", &start, &size), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(E.msg, "runs past the limit"));
	CU_ASSERT_EQUAL(place("16M@0x31000000", &start, &size), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(E.msg, "overlaps kernel"));
	CU_ASSERT_EQUAL(place("16M@0x35000000", &start, &size), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(E.msg, "not inside one bank"));
	CU_ASSERT_EQUAL(place("1G", &start, &size), -ENOMEM);
	/* END past the end of memory is the end of memory */
	CU_ASSERT_EQUAL(place("16M@0x40000000-0x90000000", &start, &size), 0);
	CU_ASSERT_EQUAL(start, 0x57000000);
}

static void
test_topdown(void)
{
	struct cma_board b = { .nbanks = 2, .banks = {
	    { "lo", 0x1000, 0x100000 }, { "hi", 0x80000000, 0x10000 } } };
	uint64_t start;

	Busy.n = 0;
	CU_ASSERT_EQUAL(cma_place_topdown(&b, &Busy, 0x8000, 0x1000, 0, 0,
	    &start), 0);
	CU_ASSERT_EQUAL(start, 0x80008000);
	/* too big for the high bank: the low one, aligned down */
	CU_ASSERT_EQUAL(cma_place_topdown(&b, &Busy, 0x20000, 0x10000, 0, 0,
	    &start), 0);
	CU_ASSERT_EQUAL(start, 0xe0000);
	/* never across banks, never below lo */
	CU_ASSERT_EQUAL(cma_place_topdown(&b, &Busy, 0x200000, 0x1000, 0, 0,
	    &start), -ENOMEM);
	CU_ASSERT_EQUAL(cma_place_topdown(&b, &Busy, 0x20000, 0x100000, 0, 0,
	    &start), -ENOMEM);
	CU_ASSERT_EQUAL(cma_place_topdown(&b, &Busy, 0x1000, 0x1000, 0x2000,
	    0x3000, &start), 0);
	CU_ASSERT_EQUAL(start, 0x2000);
	CU_ASSERT_EQUAL(cma_place_topdown(&b, &Busy, 0x1000, 3, 0, 0, &start),
	    -EINVAL);
}

/* ---- the configuration ---- */

static void
test_apply(void)
{
	const struct cma_board *g = cma_board_builtin("goni");
	char cma[CMA_MAX_PARAM_LEN], map[CMA_MAX_PARAM_LEN];
	struct cma_region_info r;
	struct cma *c;

	CU_ASSERT_EQUAL_FATAL(cma_mainline_apply("16M@0x40000000-0x48000000",
	    g, g->cma, g->map, cma, map, sizeof cma, &E), 0);
	CU_ASSERT_STRING_EQUAL(cma, "fw=1M@0x32000000/128K;b1=32M@0x33000000;"
	    "b2=16M@0x44000000;reserved=16M@0x47000000/4M");
	CU_ASSERT_STRING_EQUAL(map, "s5p-mfc5/f=fw;s5p-mfc5/a=b1;s5p-mfc5/b=b2;"
	    "*/*=b1,b2;*/*=reserved");
	CU_ASSERT_EQUAL_FATAL(cma_create(g, cma, map, &c, NULL), 0);
	CU_ASSERT_EQUAL(cma_region_count(c), 4);
	cma_region_get(c, 3, &r);
	CU_ASSERT_EQUAL(r.start, 0x47000000);
	CU_ASSERT_EQUAL(r.align, 4 * MiB);
	cma_destroy(c);
	CU_ASSERT_EQUAL_FATAL(cma_mainline_apply("64M@0x40000000-0x45000000",
	    g, "", "", cma, map, sizeof cma, &E), 0);
	CU_ASSERT_STRING_EQUAL(cma, "reserved=64M@0x41000000/4M");
	CU_ASSERT_STRING_EQUAL(map, "*/*=reserved");
	/* below b2, which is in the way at the top of the range */
	CU_ASSERT_EQUAL_FATAL(cma_mainline_apply("64M@0x40000000-0x45000000",
	    g, g->cma, "", cma, map, sizeof cma, &E), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(cma, ";reserved=64M@0x40000000/4M"));
	CU_ASSERT_EQUAL_FATAL(cma_mainline_apply("8M", g, "a=1M;", "x=a;", cma,
	    map, sizeof cma, &E), 0);
	CU_ASSERT_STRING_EQUAL(cma, "a=1M;reserved=8M@0x57800000/4M");
	CU_ASSERT_STRING_EQUAL(map, "x=a;*/*=reserved");
	/* cma=0: nothing added */
	CU_ASSERT_EQUAL(cma_mainline_apply("0", g, g->cma, g->map, cma, map,
	    sizeof cma, &E), 0);
	CU_ASSERT_STRING_EQUAL(cma, g->cma);
	CU_ASSERT_EQUAL(cma_mainline_apply("8M", g, "reserved=1M", "", cma,
	    map, sizeof cma, &E), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(E.msg, "already has a region called"));
	CU_ASSERT_EQUAL(cma_mainline_apply("8M@", g, "", "", cma, map,
	    sizeof cma, &E), -EINVAL);
	CU_ASSERT_EQUAL(cma_mainline_apply("8M@0x32000000", g, g->cma, "",
	    cma, map, sizeof cma, &E), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(E.msg, "overlaps region fw"));
}

static CU_TestInfo tests[] = {
	{ "parse: every form, every error", test_parse },
	{ "placement on goni: rounding, fixed, ranges", test_place },
	{ "top-down placement", test_topdown },
	{ "added to a configuration", test_apply },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "mainline cma=", NULL, NULL, NULL, NULL, tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return cunit_run(suites);
}
