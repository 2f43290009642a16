/*
 * cma_param_parse: the v1 `cma=` region list (seed-spec §1.1, DESIGN §3).
 *
 * Every `cma=` example of the v1 documentation, code comments and review
 * mails: the valid ones with all normalised fields (size page-rounded,
 * align page-rounded or a page, start rounded up to align, allocator name
 * NULL / "" / text, parameters NULL / text); the doc-bug comma examples and
 * every other error with its errno, the exact 1-based position and the gist
 * of the message; the limits (16 regions, 511 characters); ';' handling.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cunit_main.h"
#include "cma/param.h"

#define KiB (1024ull)
#define MiB (1024ull * 1024)
#define GiB (1024ull * 1024 * 1024)

static struct cma_param P;
static struct cma_err E;

static int
parse(const char *s)
{
	memset(&E, 0, sizeof E);
	return cma_param_parse(s, &P, &E);
}

static void
assert_str_or_null(const char *got, const char *want)
{
	if (want == NULL) {
		CU_ASSERT_PTR_NULL(got);
		return;
	}
	CU_ASSERT_PTR_NOT_NULL(got);
	if (got != NULL)
		CU_ASSERT_STRING_EQUAL(got, want);
}

/* Region i of P is exactly this. */
static void
expect_region(int i, const char *name, uint64_t size, uint64_t start,
    uint64_t align, const char *alloc_name, const char *alloc_params)
{
	const struct cma_region_spec *r;

	CU_ASSERT_FATAL(i < P.count);
	r = &P.regions[i];
	assert_str_or_null(r->name, name);
	CU_ASSERT_EQUAL(r->size, size);
	CU_ASSERT_EQUAL(r->start, start);
	CU_ASSERT_EQUAL(r->align, align);
	assert_str_or_null(r->alloc_name, alloc_name);
	assert_str_or_null(r->alloc_params, alloc_params);
}

/*
 * s fails with `ret`, the message starts with "position POS: " (POS 0: no
 * position expected) and contains `what`; nothing is returned.
 */
static void
expect_error(const char *s, int ret, size_t pos, const char *what)
{
	CU_ASSERT_EQUAL(parse(s), ret);
	CU_ASSERT_EQUAL(P.count, 0);
	cunit_check_message(s, E.msg, pos, what);
	cma_param_free(&P);
}

/* ---- the documented examples that are valid ---- */

static void
test_doc_single_region(void)
{
	/* cma=r=20M cma_map=video,camera=r */
	CU_ASSERT_EQUAL_FATAL(parse("r=20M"), 0);
	CU_ASSERT_EQUAL(P.count, 1);
	expect_region(0, "r", 20 * MiB, 0, 4096, NULL, NULL);
	CU_ASSERT_EQUAL(P.regions[0].pos, 1);
	cma_param_free(&P);

	/* cma=r=64M cma_map=foo/\*=r */
	CU_ASSERT_EQUAL_FATAL(parse("r=64M"), 0);
	CU_ASSERT_EQUAL(P.count, 1);
	expect_region(0, "r", 64 * MiB, 0, 4096, NULL, NULL);
	cma_param_free(&P);
}

static void
test_doc_hypothetical_allocator(void)
{
	/* cma=r=30M:na */
	CU_ASSERT_EQUAL_FATAL(parse("r=30M:na"), 0);
	CU_ASSERT_EQUAL(P.count, 1);
	expect_region(0, "r", 30 * MiB, 0, 4096, "na", NULL);
	cma_param_free(&P);
}

static void
test_doc_annotated_example(void)
{
	const char *s = "r1=64M@512M/1M:foo(bar);r2=64M/1M;r3=64M@512M:foo;";

	CU_ASSERT_EQUAL_FATAL(parse(s), 0);
	CU_ASSERT_EQUAL(P.count, 3);
	expect_region(0, "r1", 64 * MiB, 512 * MiB, MiB, "foo", "bar");
	expect_region(1, "r2", 64 * MiB, 0, MiB, NULL, NULL);
	expect_region(2, "r3", 64 * MiB, 512 * MiB, 4096, "foo", NULL);
	CU_ASSERT_EQUAL(P.regions[0].pos, 1);
	CU_ASSERT_EQUAL(P.regions[1].pos, 25);
	CU_ASSERT_EQUAL(P.regions[2].pos, 35);
	cma_param_free(&P);
}

static void
test_doc_parser_comment(void)
{
	CU_ASSERT_EQUAL_FATAL(
	    parse("reg1=64M:bf;reg2=32M@0x100000:bf;reg3=64M/1M:bf"), 0);
	CU_ASSERT_EQUAL(P.count, 3);
	expect_region(0, "reg1", 64 * MiB, 0, 4096, "bf", NULL);
	expect_region(1, "reg2", 32 * MiB, 0x100000, 4096, "bf", NULL);
	expect_region(2, "reg3", 64 * MiB, 0, MiB, "bf", NULL);
	cma_param_free(&P);
}

static void
test_doc_review_mails(void)
{
	/* cma=vf=1M/128K;a=20M;b=20M@512M; (trailing ';') */
	CU_ASSERT_EQUAL_FATAL(parse("vf=1M/128K;a=20M;b=20M@512M;"), 0);
	CU_ASSERT_EQUAL(P.count, 3);
	expect_region(0, "vf", MiB, 0, 128 * KiB, NULL, NULL);
	expect_region(1, "a", 20 * MiB, 0, 4096, NULL, NULL);
	expect_region(2, "b", 20 * MiB, 512 * MiB, 4096, NULL, NULL);
	cma_param_free(&P);

	/* cma=a=10M;b=10M */
	CU_ASSERT_EQUAL_FATAL(parse("a=10M;b=10M"), 0);
	CU_ASSERT_EQUAL(P.count, 2);
	expect_region(0, "a", 10 * MiB, 0, 4096, NULL, NULL);
	expect_region(1, "b", 10 * MiB, 0, 4096, NULL, NULL);
	cma_param_free(&P);

	/* cma=a=100M */
	CU_ASSERT_EQUAL_FATAL(parse("a=100M"), 0);
	CU_ASSERT_EQUAL(P.count, 1);
	expect_region(0, "a", 100 * MiB, 0, 4096, NULL, NULL);
	cma_param_free(&P);

	/* platform default cma_defaults("reg=20M", "*\/\*=reg") */
	CU_ASSERT_EQUAL_FATAL(parse("reg=20M"), 0);
	CU_ASSERT_EQUAL(P.count, 1);
	expect_region(0, "reg", 20 * MiB, 0, 4096, NULL, NULL);
	cma_param_free(&P);
}

static void
test_doc_board_defaults(void)
{
	/* the goni/aquila default (DESIGN §4) */
	CU_ASSERT_EQUAL_FATAL(parse("fw=1M@0x32000000/128K;b1=32M@0x33000000;"
	    "b2=16M@0x44000000"), 0);
	CU_ASSERT_EQUAL(P.count, 3);
	expect_region(0, "fw", MiB, 0x32000000, 128 * KiB, NULL, NULL);
	expect_region(1, "b1", 32 * MiB, 0x33000000, 4096, NULL, NULL);
	expect_region(2, "b2", 16 * MiB, 0x44000000, 4096, NULL, NULL);
	cma_param_free(&P);

	/* the v2 board string: to v1 "-mfc_fw" is just a name */
	CU_ASSERT_EQUAL_FATAL(parse("-mfc_fw=1M/128K;mfc_b1=32M;"
	    "mfc_b2=16M@0x40000000"), 0);
	CU_ASSERT_EQUAL(P.count, 3);
	expect_region(0, "-mfc_fw", MiB, 0, 128 * KiB, NULL, NULL);
	expect_region(1, "mfc_b1", 32 * MiB, 0, 4096, NULL, NULL);
	expect_region(2, "mfc_b2", 16 * MiB, 0x40000000, 4096, NULL, NULL);
	cma_param_free(&P);
}

static void
test_doc_comma_example_fixed(void)
{
	/* what "a=32M@0,b=32M@512M" meant, with ';': @0 is "anywhere" */
	CU_ASSERT_EQUAL_FATAL(parse("a=32M@0;b=32M@512M"), 0);
	CU_ASSERT_EQUAL(P.count, 2);
	expect_region(0, "a", 32 * MiB, 0, 4096, NULL, NULL);
	expect_region(1, "b", 32 * MiB, 512 * MiB, 4096, NULL, NULL);
	cma_param_free(&P);
}

/* ---- normalisation ---- */

static void
test_size_rounded_to_page(void)
{
	CU_ASSERT_EQUAL_FATAL(parse("a=1;b=4095;c=4096;d=4097;e=0x1001;f=3K"),
	    0);
	CU_ASSERT_EQUAL(P.count, 6);
	CU_ASSERT_EQUAL(P.regions[0].size, 4096);
	CU_ASSERT_EQUAL(P.regions[1].size, 4096);
	CU_ASSERT_EQUAL(P.regions[2].size, 4096);
	CU_ASSERT_EQUAL(P.regions[3].size, 8192);
	CU_ASSERT_EQUAL(P.regions[4].size, 8192);
	CU_ASSERT_EQUAL(P.regions[5].size, 4096);
	cma_param_free(&P);
}

static void
test_align_rounded_to_page(void)
{
	CU_ASSERT_EQUAL_FATAL(parse("a=1M/1K;b=1M/0;c=1M/1;d=1M/8K;e=1M/2G;"
	    "f=1M/4096;g=1M"), 0);
	CU_ASSERT_EQUAL(P.count, 7);
	CU_ASSERT_EQUAL(P.regions[0].align, 4096);
	CU_ASSERT_EQUAL(P.regions[1].align, 4096);
	CU_ASSERT_EQUAL(P.regions[2].align, 4096);
	CU_ASSERT_EQUAL(P.regions[3].align, 8192);
	CU_ASSERT_EQUAL(P.regions[4].align, 2 * GiB);
	CU_ASSERT_EQUAL(P.regions[5].align, 4096);
	CU_ASSERT_EQUAL(P.regions[6].align, 4096);
	cma_param_free(&P);
}

static void
test_start_rounded_up_to_align(void)
{
	CU_ASSERT_EQUAL_FATAL(parse("a=1M@1;b=1M@0x100001/1M;"
	    "c=1M@0x32001000/128K;d=1M@0x200000/1M;e=1M@0;f=1M@0x1234/1K"), 0);
	CU_ASSERT_EQUAL(P.count, 6);
	CU_ASSERT_EQUAL(P.regions[0].start, 4096);
	CU_ASSERT_EQUAL(P.regions[1].start, 0x200000);
	CU_ASSERT_EQUAL(P.regions[2].start, 0x32020000);
	CU_ASSERT_EQUAL(P.regions[3].start, 0x200000);
	CU_ASSERT_EQUAL(P.regions[4].start, 0);
	/* alignment below a page is a page, so start goes to a page */
	CU_ASSERT_EQUAL(P.regions[5].start, 0x2000);
	cma_param_free(&P);
}

static void
test_allocator_name_and_params(void)
{
	CU_ASSERT_EQUAL_FATAL(parse("a=1M;b=1M:;c=1M:foo;d=1M:(x);"
	    "e=1M:foo();f=1M:foo(k=v,w);g=1M:bf(b;c)"), 0);
	CU_ASSERT_EQUAL(P.count, 7);
	expect_region(0, "a", MiB, 0, 4096, NULL, NULL);
	expect_region(1, "b", MiB, 0, 4096, "", NULL);
	expect_region(2, "c", MiB, 0, 4096, "foo", NULL);
	expect_region(3, "d", MiB, 0, 4096, "", "x");
	expect_region(4, "e", MiB, 0, 4096, "foo", "");
	expect_region(5, "f", MiB, 0, 4096, "foo", "k=v,w");
	/* PARAMS run to the next ')', ';' included (v1 code) */
	expect_region(6, "g", MiB, 0, 4096, "bf", "b;c");
	cma_param_free(&P);

	/*
	 * ALLOCNAME runs to '(', ';' or the end, so fields written after it
	 * become part of the name (which no allocator has): v1 reading.
	 */
	CU_ASSERT_EQUAL_FATAL(parse("r=64M:bf@512M;s=1M:bf/1M"), 0);
	CU_ASSERT_EQUAL(P.count, 2);
	expect_region(0, "r", 64 * MiB, 0, 4096, "bf@512M", NULL);
	expect_region(1, "s", MiB, 0, 4096, "bf/1M", NULL);
	cma_param_free(&P);
}

static void
test_names_any_characters(void)
{
	/* any character but '=', ';' and ','; duplicates are not refused */
	CU_ASSERT_EQUAL_FATAL(parse("r-1.x y=1M;a=2M;a=3M"), 0);
	CU_ASSERT_EQUAL(P.count, 3);
	expect_region(0, "r-1.x y", MiB, 0, 4096, NULL, NULL);
	expect_region(1, "a", 2 * MiB, 0, 4096, NULL, NULL);
	expect_region(2, "a", 3 * MiB, 0, 4096, NULL, NULL);
	cma_param_free(&P);
}

/* ---- separators ---- */

static void
test_empty_string_gives_no_regions(void)
{
	CU_ASSERT_EQUAL(parse(""), 0);
	CU_ASSERT_EQUAL(P.count, 0);
	cma_param_free(&P);
}

static void
test_single_trailing_semicolon(void)
{
	CU_ASSERT_EQUAL_FATAL(parse("a=1M;"), 0);
	CU_ASSERT_EQUAL(P.count, 1);
	expect_region(0, "a", MiB, 0, 4096, NULL, NULL);
	cma_param_free(&P);
}

static void
test_double_semicolon(void)
{
	expect_error("a=1M;;", -EINVAL, 6, "expected a region name");
	expect_error("a=1M;;b=1M", -EINVAL, 6, "expected a region name");
	expect_error(";", -EINVAL, 1, "expected a region name");
	expect_error(";a=1M", -EINVAL, 1, "expected a region name");
}

/* ---- errors ---- */

static void
test_doc_comma_examples_fail(void)
{
	/* cma=v=20M,c=20M and cma=a=32M@0,b=32M@512M: doc bugs */
	expect_error("v=20M,c=20M", -EINVAL, 6, "expected ';' or end");
	CU_ASSERT_PTR_NOT_NULL(strstr(E.msg, "';'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(E.msg, "','"));

	expect_error("a=32M@0,b=32M@512M", -EINVAL, 8, "expected ';' or end");
	CU_ASSERT_PTR_NOT_NULL(strstr(E.msg, "';'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(E.msg, "','"));

	/* after an allocator too */
	expect_error("a=1M:foo(x),b=1M", -EINVAL, 12, "not ','");
}

static void
test_fields_out_of_order(void)
{
	expect_error("r=64M/1M@512M", -EINVAL, 9,
	    "NAME=SIZE@START/ALIGN:ALLOC");
	expect_error("r=64M@1M@2M", -EINVAL, 9, "NAME=SIZE@START/ALIGN:ALLOC");
	/* and the right order is fine */
	CU_ASSERT_EQUAL(parse("r=64M@512M/1M"), 0);
	expect_region(0, "r", 64 * MiB, 512 * MiB, MiB, NULL, NULL);
	cma_param_free(&P);
}

static void
test_junk_after_entry(void)
{
	expect_error("a=1M x", -EINVAL, 5, "expected ';' or end");
	expect_error("a=1MB", -EINVAL, 5, "expected ';' or end");
	expect_error("a=1M:foo(x)y", -EINVAL, 12, "expected ';' or end");
}

static void
test_missing_close_paren(void)
{
	expect_error("a=1M:foo(bar", -EINVAL, 9, "missing ')'");
	expect_error("a=1M:(bar;b=1M", -EINVAL, 6, "missing ')'");
}

static void
test_bad_name(void)
{
	expect_error("=1M", -EINVAL, 1, "expected a region name");
	expect_error("a", -EINVAL, 2, "expected '=' after region name 'a'");
	expect_error("a;b=1M", -EINVAL, 2, "expected '='");
	expect_error("a,b=1M", -EINVAL, 2, "expected '='");
}

static void
test_bad_size(void)
{
	expect_error("a=0", -EINVAL, 3, "invalid size: must not be 0");
	expect_error("a=0M", -EINVAL, 3, "invalid size: must not be 0");
	expect_error("a=-1", -EINVAL, 3, "invalid size");
	expect_error("a=", -EINVAL, 3, "invalid size");
	expect_error("a=M", -EINVAL, 3, "invalid size");
	expect_error("a=99999999999999999999G", -EINVAL, 3,
	    "invalid size: does not fit in 64 bits");
	/* fits in 64 bits, but not once rounded up to a page */
	expect_error("a=0xffffffffffffffff", -EINVAL, 1,
	    "invalid size: too large");
	expect_error("a=1M;bb=0xfffffffffffff001", -EINVAL, 6,
	    "invalid size: too large");
}

static void
test_bad_start(void)
{
	expect_error("a=1M@", -EINVAL, 6, "invalid start");
	expect_error("a=1M@x", -EINVAL, 6, "invalid start");
	expect_error("a=1M@18446744073709551616", -EINVAL, 6,
	    "invalid start: does not fit in 64 bits");
	expect_error("a=1M@0xffffffffffffffff", -EINVAL, 1,
	    "invalid start: too large to align");
}

static void
test_alignment_not_power_of_two(void)
{
	expect_error("a=1M/3K", -EINVAL, 6,
	    "invalid alignment: 0xc00 is not a power of two");
	expect_error("a=1M@0x100000/0x3000", -EINVAL, 15,
	    "is not a power of two");
	expect_error("a=1M/", -EINVAL, 6, "invalid alignment");
	expect_error("a=1M/99999999999999999999", -EINVAL, 6,
	    "does not fit in 64 bits");
}

static void
test_error_later_entry_discards_all(void)
{
	expect_error("a=1M;b=0", -EINVAL, 8, "must not be 0");
	expect_error("a=1M;b=2M;c=3M/5", -EINVAL, 16, "not a power of two");
}

static void
test_null_err_allowed(void)
{
	CU_ASSERT_EQUAL(cma_param_parse("a=0", &P, NULL), -EINVAL);
	CU_ASSERT_EQUAL(P.count, 0);
	CU_ASSERT_EQUAL(cma_param_parse("a=1M", &P, NULL), 0);
	CU_ASSERT_EQUAL(P.count, 1);
	cma_param_free(&P);
	CU_ASSERT_EQUAL(P.count, 0);
}

/* ---- limits ---- */

/* "r0=1M;r1=1M;...", n entries, with a trailing ';' if asked. */
static void
make_regions(char *buf, size_t len, int n, int trailing)
{
	size_t used = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < n; i++)
		used += (size_t)snprintf(buf + used, len - used, "%sr%d=1M",
		    i ? ";" : "", i);
	if (trailing)
		snprintf(buf + used, len - used, ";");
}

static void
test_sixteen_regions_fit(void)
{
	char buf[256];

	make_regions(buf, sizeof buf, 16, 0);
	CU_ASSERT_EQUAL(parse(buf), 0);
	CU_ASSERT_EQUAL(P.count, 16);
	expect_region(15, "r15", MiB, 0, 4096, NULL, NULL);
	cma_param_free(&P);

	make_regions(buf, sizeof buf, 16, 1);
	CU_ASSERT_EQUAL(parse(buf), 0);
	CU_ASSERT_EQUAL(P.count, 16);
	cma_param_free(&P);
}

static void
test_seventeen_regions_enospc(void)
{
	char buf[256];
	size_t pos;

	make_regions(buf, sizeof buf, 17, 0);
	pos = (size_t)(strstr(buf, "r16=") - buf) + 1;
	CU_ASSERT_EQUAL(pos, 103);
	expect_error(buf, -ENOSPC, pos, "too many regions (at most 16)");
}

static void
test_length_limit(void)
{
	char buf[600];

	/* 511 characters: the most v1's 512-byte buffer held */
	memset(buf, 'n', 508);
	strcpy(buf + 508, "=1M");
	CU_ASSERT_EQUAL(strlen(buf), 511);
	CU_ASSERT_EQUAL(parse(buf), 0);
	CU_ASSERT_EQUAL(P.count, 1);
	CU_ASSERT_EQUAL(strlen(P.regions[0].name), 508);
	cma_param_free(&P);

	/* 512 and more: refused instead of silently truncated */
	memset(buf, 'n', 509);
	strcpy(buf + 509, "=1M");
	CU_ASSERT_EQUAL(strlen(buf), 512);
	expect_error(buf, -EINVAL, 0, "too long: 512 characters, at most 511");

	memset(buf, 'n', 596);
	strcpy(buf + 596, "=1M");
	expect_error(buf, -EINVAL, 0, "too long: 599 characters");
}

static CU_TestInfo example_tests[] = {
	{ "r=20M and r=64M", test_doc_single_region },
	{ "r=30M:na", test_doc_hypothetical_allocator },
	{ "annotated r1/r2/r3 example", test_doc_annotated_example },
	{ "parser comment reg1/reg2/reg3", test_doc_parser_comment },
	{ "review-mail examples", test_doc_review_mails },
	{ "board defaults", test_doc_board_defaults },
	{ "comma example written with ';'", test_doc_comma_example_fixed },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo normalise_tests[] = {
	{ "size rounded up to a page", test_size_rounded_to_page },
	{ "align page-rounded, a page when absent/0",
	    test_align_rounded_to_page },
	{ "start rounded up to align", test_start_rounded_up_to_align },
	{ "allocator name NULL/\"\"/text, params",
	    test_allocator_name_and_params },
	{ "names: any character, duplicates kept", test_names_any_characters },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo separator_tests[] = {
	{ "empty string: no regions", test_empty_string_gives_no_regions },
	{ "single trailing ';' is fine", test_single_trailing_semicolon },
	{ "';;' and a leading ';' fail", test_double_semicolon },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo error_tests[] = {
	{ "doc comma examples fail naming ';' and ','",
	    test_doc_comma_examples_fail },
	{ "fields out of order", test_fields_out_of_order },
	{ "junk after an entry", test_junk_after_entry },
	{ "missing ')'", test_missing_close_paren },
	{ "bad name", test_bad_name },
	{ "bad size: 0, -1, too large", test_bad_size },
	{ "bad start", test_bad_start },
	{ "alignment not a power of two", test_alignment_not_power_of_two },
	{ "error in a later entry discards all",
	    test_error_later_entry_discards_all },
	{ "NULL err allowed", test_null_err_allowed },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo limit_tests[] = {
	{ "16 regions fit", test_sixteen_regions_fit },
	{ "17 regions: -ENOSPC", test_seventeen_regions_enospc },
	{ "511 characters fit, 512 do not", test_length_limit },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "param: documented examples", NULL, NULL, NULL, NULL, example_tests },
	{ "param: normalisation", NULL, NULL, NULL, NULL, normalise_tests },
	{ "param: separators", NULL, NULL, NULL, NULL, separator_tests },
	{ "param: errors", NULL, NULL, NULL, NULL, error_tests },
	{ "param: limits", NULL, NULL, NULL, NULL, limit_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return cunit_run(suites);
}
