/*
 * cma_map_parse and cma_map_match: the v1 `cma_map=` rules (seed-spec §1.2,
 * DESIGN §3).
 *
 * Parsing: rules split at ';', patterns and region lists split at ',', an
 * empty region list, trailing ';', and the errors ("expected '='" throws
 * the whole map away, ';;', 65 rules, 512 characters) with positions.
 * Matching: every `cma_map=` example of §1.2 and of the review mails in
 * §1.1; kind omitted matches only the empty kind; '*' and '?'; text after
 * a '*' never matches; the device-matched flag that '/KIND' patterns carry
 * across patterns and rules (and its reset by any device pattern); first
 * matching rule wins with its pattern index; NULL / empty device.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cunit_main.h"
#include "cma/param.h"

static struct cma_map M;
static struct cma_err E;

static int
parse(const char *s)
{
	memset(&E, 0, sizeof E);
	return cma_map_parse(s, &M, &E);
}

/* (dev, kind) resolves to rule `rule` through pattern `pattern`. */
static void
expect_match(const char *dev, const char *kind, int rule, int pattern)
{
	int pat = -1, got = cma_map_match(&M, dev, kind, &pat);

	CU_ASSERT_EQUAL(got, rule);
	if (rule >= 0)
		CU_ASSERT_EQUAL(pat, pattern);
	if (got != rule || (rule >= 0 && pat != pattern))
		fprintf(stderr, "\n  map '%s': (%s, %s) gave rule %d pattern "
		    "%d, want %d/%d\n", M.text, dev, kind ? kind : "NULL", got,
		    pat, rule, pattern);
}

static void
expect_none(const char *dev, const char *kind)
{
	expect_match(dev, kind, -ENOENT, 0);
}

/* Rule `i` of M lists exactly the regions given (NULL-terminated). */
static void
expect_regions(int i, const char *r0, const char *r1, const char *r2)
{
	const char *want[3] = { r0, r1, r2 };
	int n = 0, k;

	while (n < 3 && want[n] != NULL)
		n++;
	CU_ASSERT_FATAL(i < M.nrules);
	CU_ASSERT_EQUAL_FATAL(M.rules[i].nregions, n);
	for (k = 0; k < n; k++)
		CU_ASSERT_STRING_EQUAL(M.rules[i].regions[k], want[k]);
}

/* s fails with `ret`, message starting "position POS: ", containing what. */
static void
expect_error(const char *s, int ret, size_t pos, const char *what)
{
	CU_ASSERT_EQUAL(parse(s), ret);
	CU_ASSERT_EQUAL(M.nrules, 0);
	CU_ASSERT_PTR_NULL(M.rules);
	CU_ASSERT_PTR_NULL(M.text);
	cunit_check_message(s, E.msg, pos, what);
	cma_map_free(&M);
}

/* ---- parsing ---- */

static void
test_parse_structure(void)
{
	CU_ASSERT_EQUAL_FATAL(parse("video,camera=r;foo/a=a,b;/*=r3"), 0);
	CU_ASSERT_STRING_EQUAL(M.text, "video,camera=r;foo/a=a,b;/*=r3");
	CU_ASSERT_EQUAL_FATAL(M.nrules, 3);
	CU_ASSERT_STRING_EQUAL(M.rules[0].text, "video,camera=r");
	CU_ASSERT_EQUAL_FATAL(M.rules[0].npatterns, 2);
	CU_ASSERT_STRING_EQUAL(M.rules[0].patterns[0], "video");
	CU_ASSERT_STRING_EQUAL(M.rules[0].patterns[1], "camera");
	expect_regions(0, "r", NULL, NULL);
	CU_ASSERT_STRING_EQUAL(M.rules[1].text, "foo/a=a,b");
	CU_ASSERT_EQUAL_FATAL(M.rules[1].npatterns, 1);
	CU_ASSERT_STRING_EQUAL(M.rules[1].patterns[0], "foo/a");
	expect_regions(1, "a", "b", NULL);
	CU_ASSERT_STRING_EQUAL(M.rules[2].patterns[0], "/*");
	expect_regions(2, "r3", NULL, NULL);
	cma_map_free(&M);
	CU_ASSERT_EQUAL(M.nrules, 0);
}

static void
test_parse_first_equals_splits(void)
{
	/* everything after the first '=' is the region list */
	CU_ASSERT_EQUAL_FATAL(parse("foo=a=b,c"), 0);
	CU_ASSERT_EQUAL_FATAL(M.nrules, 1);
	CU_ASSERT_STRING_EQUAL(M.rules[0].patterns[0], "foo");
	expect_regions(0, "a=b", "c", NULL);
	cma_map_free(&M);
}

static void
test_parse_empty_region_list(void)
{
	CU_ASSERT_EQUAL_FATAL(parse("foo=;bar=r"), 0);
	CU_ASSERT_EQUAL_FATAL(M.nrules, 2);
	expect_regions(0, NULL, NULL, NULL);
	expect_regions(1, "r", NULL, NULL);
	/* the rule still matches: foo gets no regions, not bar's */
	expect_match("foo", NULL, 0, 0);
	cma_map_free(&M);
}

static void
test_parse_empty_string(void)
{
	CU_ASSERT_EQUAL_FATAL(parse(""), 0);
	CU_ASSERT_EQUAL(M.nrules, 0);
	expect_none("foo", NULL);
	expect_none("foo", "bar");
	cma_map_free(&M);
}

static void
test_parse_trailing_semicolon(void)
{
	CU_ASSERT_EQUAL_FATAL(parse("foo=r1;"), 0);
	CU_ASSERT_EQUAL(M.nrules, 1);
	expect_match("foo", NULL, 0, 0);
	cma_map_free(&M);
}

static void
test_parse_missing_equals_discards_map(void)
{
	/* "bar" starts at 8 and its ';' (where '=' was due) is at 11 */
	expect_error("foo=r1;bar;baz=r2", -EINVAL, 11,
	    "expected '=' in rule 'bar'");
	expect_error("video", -EINVAL, 6, "expected '='");
	expect_error("a=r;b=r;c", -EINVAL, 10, "expected '=' in rule 'c'");
}

static void
test_parse_empty_rule(void)
{
	expect_error("a=r;;b=r", -EINVAL, 5, "empty rule");
	expect_error(";a=r", -EINVAL, 1, "empty rule");
	expect_error("a=r;;", -EINVAL, 5, "empty rule");
	expect_error(";", -EINVAL, 1, "empty rule");
}

/* "d0=r;d1=r;..." with n rules */
static void
make_rules(char *buf, size_t len, int n)
{
	size_t used = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < n; i++)
		used += (size_t)snprintf(buf + used, len - used, "%sd%d=r",
		    i ? ";" : "", i);
}

static void
test_parse_rule_limit(void)
{
	char buf[512];
	size_t pos;

	make_rules(buf, sizeof buf, 64);
	CU_ASSERT_EQUAL_FATAL(parse(buf), 0);
	CU_ASSERT_EQUAL(M.nrules, 64);
	expect_match("d63", NULL, 63, 0);
	cma_map_free(&M);

	make_rules(buf, sizeof buf, 65);
	pos = (size_t)(strstr(buf, "d64=") - buf) + 1;
	expect_error(buf, -ENOSPC, pos, "too many rules (at most 64)");
}

static void
test_parse_length_limit(void)
{
	char buf[600];

	memset(buf, 'd', 509);
	strcpy(buf + 509, "=r");
	CU_ASSERT_EQUAL(strlen(buf), 511);
	CU_ASSERT_EQUAL_FATAL(parse(buf), 0);
	CU_ASSERT_EQUAL(M.nrules, 1);
	cma_map_free(&M);

	memset(buf, 'd', 510);
	strcpy(buf + 510, "=r");
	expect_error(buf, -EINVAL, 0, "too long: 512 characters, at most 511");
}

/* ---- matching: the documentation's examples ---- */

static void
test_doc_shared_region(void)
{
	/* cma=r=20M cma_map=video,camera=r */
	CU_ASSERT_EQUAL_FATAL(parse("video,camera=r"), 0);
	expect_match("video", NULL, 0, 0);
	expect_match("camera", NULL, 0, 1);
	expect_match("camera", "", 0, 1);
	expect_none("video", "x");	/* no /KIND: empty kind only */
	expect_none("videos", NULL);
	expect_none("vide", NULL);
	expect_none("Video", NULL);
	cma_map_free(&M);
}

static void
test_doc_private_regions(void)
{
	/* cma_map=video=v;camera=c */
	CU_ASSERT_EQUAL_FATAL(parse("video=v;camera=c"), 0);
	expect_match("video", NULL, 0, 0);
	expect_match("camera", NULL, 1, 0);
	expect_none("jpeg", NULL);
	cma_map_free(&M);
}

static void
test_doc_kinds(void)
{
	/* cma_map=foo/a=a;foo/b=b */
	CU_ASSERT_EQUAL_FATAL(parse("foo/a=a;foo/b=b"), 0);
	expect_match("foo", "a", 0, 0);
	expect_match("foo", "b", 1, 0);
	expect_none("foo", NULL);
	expect_none("foo", "c");
	expect_none("foo", "ab");
	expect_none("bar", "a");
	cma_map_free(&M);

	/* cma_map=foo/a=a,b;foo/b=b,a: the fallback order per kind */
	CU_ASSERT_EQUAL_FATAL(parse("foo/a=a,b;foo/b=b,a"), 0);
	expect_match("foo", "a", 0, 0);
	expect_regions(0, "a", "b", NULL);
	expect_match("foo", "b", 1, 0);
	expect_regions(1, "b", "a", NULL);
	cma_map_free(&M);
}

static void
test_doc_any_kind(void)
{
	/* cma_map=foo/\*=r */
	CU_ASSERT_EQUAL_FATAL(parse("foo/*=r"), 0);
	expect_match("foo", NULL, 0, 0);
	expect_match("foo", "", 0, 0);
	expect_match("foo", "anything", 0, 0);
	expect_none("bar", "x");
	expect_none("foox", NULL);
	cma_map_free(&M);
}

static void
test_doc_review_mail_maps(void)
{
	/* cma_map=video/a=a;video/b=b;video/f=vf */
	CU_ASSERT_EQUAL_FATAL(parse("video/a=a;video/b=b;video/f=vf"), 0);
	expect_match("video", "a", 0, 0);
	expect_match("video", "b", 1, 0);
	expect_match("video", "f", 2, 0);
	expect_regions(2, "vf", NULL, NULL);
	expect_none("video", NULL);
	cma_map_free(&M);

	/* cma_map=camera,video=a;jpeg,scaler=b */
	CU_ASSERT_EQUAL_FATAL(parse("camera,video=a;jpeg,scaler=b"), 0);
	expect_match("camera", NULL, 0, 0);
	expect_match("video", NULL, 0, 1);
	expect_match("jpeg", NULL, 1, 0);
	expect_match("scaler", NULL, 1, 1);
	expect_none("scaler", "k");
	cma_map_free(&M);

	/* cma_map=*\/\*=a and the platform default *\/\*=reg */
	CU_ASSERT_EQUAL_FATAL(parse("*/*=a"), 0);
	expect_match("anything", NULL, 0, 0);
	expect_match("x", "y", 0, 0);
	cma_map_free(&M);

	/* cma_map=foo-dev=foo-region;*\/\*=bar-region */
	CU_ASSERT_EQUAL_FATAL(parse("foo-dev=foo-region;*/*=bar-region"), 0);
	expect_match("foo-dev", NULL, 0, 0);
	expect_match("foo-dev", "x", 1, 0);
	expect_match("other", NULL, 1, 0);
	expect_regions(1, "bar-region", NULL, NULL);
	cma_map_free(&M);

	/* cma_map=baz-dev/firmware=baz-firmware;baz-dev/\*=baz-region */
	CU_ASSERT_EQUAL_FATAL(
	    parse("baz-dev/firmware=baz-firmware;baz-dev/*=baz-region"), 0);
	expect_match("baz-dev", "firmware", 0, 0);
	expect_match("baz-dev", "firmwar", 1, 0);
	expect_match("baz-dev", "firmwarex", 1, 0);
	expect_match("baz-dev", NULL, 1, 0);
	expect_none("baz-devx", "firmware");
	cma_map_free(&M);
}

static void
test_doc_section_examples(void)
{
	/* the §1.2 list, as one map in the documented order */
	CU_ASSERT_EQUAL_FATAL(parse("foo=r1;foo/quaz=r2;/*=r3;bar/*=r1,r2;"
	    "baz?/a*,baz?/b*=r3"), 0);
	CU_ASSERT_EQUAL(M.nrules, 5);
	expect_match("foo", NULL, 0, 0);
	expect_match("foo", "quaz", 1, 0);
	expect_match("foo", "other", 2, 0);
	expect_match("bar", NULL, 3, 0);
	expect_match("bar", "k", 3, 0);
	expect_regions(3, "r1", "r2", NULL);
	expect_match("baz1", "a", 4, 0);
	expect_match("bazX", "alpha", 4, 0);
	expect_match("baz_", "beta", 4, 1);
	expect_none("baz", "a");	/* '?' needs one character */
	expect_none("baz12", "a");
	expect_none("baz1", "c");
	expect_none("baz1", NULL);
	expect_none("qux", NULL);
	cma_map_free(&M);

	/* "/quaz=r2 following a foo rule" is foo/quaz */
	CU_ASSERT_EQUAL_FATAL(parse("foo=r1;/quaz=r2"), 0);
	expect_match("foo", "quaz", 1, 0);
	expect_none("bar", "quaz");
	cma_map_free(&M);
}

static void
test_doc_board_default_map(void)
{
	CU_ASSERT_EQUAL_FATAL(
	    parse("s5p-mfc5/f=fw;s5p-mfc5/a=b1;s5p-mfc5/b=b2;*/*=b1,b2"), 0);
	expect_match("s5p-mfc5", "f", 0, 0);
	expect_match("s5p-mfc5", "a", 1, 0);
	expect_match("s5p-mfc5", "b", 2, 0);
	expect_match("s5p-mfc5", NULL, 3, 0);
	expect_match("s5p-fimc", "f", 3, 0);
	expect_regions(3, "b1", "b2", NULL);
	cma_map_free(&M);
}

/* The example in the v1 parser's comment, request by request. */
static void
test_parser_comment_table(void)
{
	static const struct {
		const char *dev, *kind;
		int rule;
	} table[] = {
		{ "foo-dev",  NULL,       0 },
		{ "foo-dev",  "",         0 },
		/* foo-dev has no kind rule; "bar-dev/..." resets the flag */
		{ "foo-dev",  "x",        4 },
		{ "bar-dev",  "firmware", 1 },
		/* bar-dev matched rule 1's device part: "/\*" applies */
		{ "bar-dev",  "other",    2 },
		{ "bar-dev",  NULL,       2 },
		{ "baz-dev",  NULL,       3 },
		{ "baz-dev",  "firmware", 3 },
		{ "qux",      NULL,       4 },
		{ "qux",      "firmware", 4 },
		{ "bar-dev2", "firmware", 4 },
	};
	size_t i;

	CU_ASSERT_EQUAL_FATAL(parse("foo-dev=reg1;bar-dev/firmware=reg3;"
	    "/*=reg2;baz-dev/*=reg1,reg2;*/*=reg2,reg1"), 0);
	CU_ASSERT_EQUAL_FATAL(M.nrules, 5);
	for (i = 0; i < sizeof table / sizeof table[0]; i++)
		expect_match(table[i].dev, table[i].kind, table[i].rule, 0);
	expect_regions(0, "reg1", NULL, NULL);
	expect_regions(1, "reg3", NULL, NULL);
	expect_regions(2, "reg2", NULL, NULL);
	expect_regions(3, "reg1", "reg2", NULL);
	expect_regions(4, "reg2", "reg1", NULL);
	cma_map_free(&M);
}

/* ---- matching: the rules one at a time ---- */

static void
test_kind_omitted_matches_only_empty_kind(void)
{
	CU_ASSERT_EQUAL_FATAL(parse("foo=r"), 0);
	expect_match("foo", NULL, 0, 0);
	expect_match("foo", "", 0, 0);
	expect_none("foo", "a");
	expect_none("foo", "*");
	cma_map_free(&M);
}

static void
test_star_alone_matches_any_device_without_kind(void)
{
	CU_ASSERT_EQUAL_FATAL(parse("*=r"), 0);
	expect_match("foo", NULL, 0, 0);
	expect_match("x", "", 0, 0);
	expect_none("foo", "a");
	cma_map_free(&M);
}

static void
test_star_star_matches_everything(void)
{
	CU_ASSERT_EQUAL_FATAL(parse("*/*=r"), 0);
	expect_match("foo", NULL, 0, 0);
	expect_match("foo", "a", 0, 0);
	expect_match("s5p-mfc5", "f", 0, 0);
	cma_map_free(&M);
}

static void
test_star_is_a_prefix_match(void)
{
	CU_ASSERT_EQUAL_FATAL(parse("s5p-*/b*=r"), 0);
	expect_match("s5p-", "b", 0, 0);
	expect_match("s5p-mfc5", "bank", 0, 0);
	expect_none("s5p", "b");
	expect_none("s5p-mfc5", "ab");
	expect_none("s5p-mfc5", NULL);
	cma_map_free(&M);
}

static void
test_question_mark_is_one_character(void)
{
	CU_ASSERT_EQUAL_FATAL(parse("fo?=r;bar/?=s;q??x=t"), 0);
	expect_match("foo", NULL, 0, 0);
	expect_match("fo?", NULL, 0, 0);
	expect_none("fo", NULL);
	expect_none("fooo", NULL);
	expect_match("bar", "a", 1, 0);
	expect_none("bar", "ab");
	expect_none("bar", NULL);
	expect_match("qabx", NULL, 2, 0);
	expect_none("qax", NULL);
	cma_map_free(&M);
}

static void
test_text_after_star_never_matches(void)
{
	CU_ASSERT_EQUAL_FATAL(parse("f*o=r;bar/a*b=s;*x/*=t"), 0);
	expect_none("foo", NULL);
	expect_none("f*o", NULL);
	expect_none("fo", NULL);
	expect_none("bar", "ab");
	expect_none("bar", "a*b");
	expect_none("bar", "axb");
	expect_none("x", "k");
	expect_none("ax", "k");
	cma_map_free(&M);

	/* '/' right after the '*' is not "text after it" */
	CU_ASSERT_EQUAL_FATAL(parse("f*/k=r"), 0);
	expect_match("foo", "k", 0, 0);
	expect_none("foo", NULL);
	cma_map_free(&M);
}

static void
test_match_is_exact_and_case_sensitive(void)
{
	CU_ASSERT_EQUAL_FATAL(parse("Foo/Bar=r"), 0);
	expect_match("Foo", "Bar", 0, 0);
	expect_none("foo", "Bar");
	expect_none("Foo", "bar");
	expect_none("Fo", "Bar");
	expect_none("Foo", "Ba");
	cma_map_free(&M);
}

static void
test_slash_kind_flag_across_rules(void)
{
	/* §1.2: foo with kind quaz → r2, foo with any other kind → r3 */
	CU_ASSERT_EQUAL_FATAL(parse("foo/quaz=r2;/*=r3"), 0);
	expect_match("foo", "quaz", 0, 0);
	expect_match("foo", "x", 1, 0);
	expect_match("foo", NULL, 1, 0);
	expect_none("bar", "x");
	expect_none("bar", NULL);
	cma_map_free(&M);
}

static void
test_slash_kind_flag_across_patterns(void)
{
	CU_ASSERT_EQUAL_FATAL(parse("foo,/x=r1;bar/k,/y=r2"), 0);
	expect_match("foo", NULL, 0, 0);
	expect_match("foo", "x", 0, 1);
	expect_none("foo", "y");
	expect_match("bar", "k", 1, 0);
	expect_match("bar", "y", 1, 1);
	expect_none("bar", "x");
	expect_none("baz", "x");
	cma_map_free(&M);
}

static void
test_slash_kind_flag_reset_by_device_pattern(void)
{
	/* "bar" is evaluated (and fails for foo) between foo/quaz and /\* */
	CU_ASSERT_EQUAL_FATAL(parse("foo/quaz=r2;bar=r4;/*=r3"), 0);
	expect_match("foo", "quaz", 0, 0);
	expect_none("foo", "x");
	/* bar with a kind: "bar" matched the device, so "/\*" applies */
	expect_match("bar", "x", 2, 0);
	expect_match("bar", NULL, 1, 0);
	cma_map_free(&M);

	/* the same within one rule */
	CU_ASSERT_EQUAL_FATAL(parse("foo/q,baz,/*=r"), 0);
	expect_none("foo", "x");
	expect_match("baz", "x", 0, 2);
	cma_map_free(&M);
}

static void
test_slash_kind_flag_starts_unmatched(void)
{
	CU_ASSERT_EQUAL_FATAL(parse("/*=r;/k=s"), 0);
	expect_none("foo", NULL);
	expect_none("foo", "k");
	cma_map_free(&M);
}

static void
test_first_matching_rule_wins(void)
{
	CU_ASSERT_EQUAL_FATAL(parse("*/*=a;foo=b;foo/*=c"), 0);
	expect_match("foo", NULL, 0, 0);
	expect_match("foo", "k", 0, 0);
	cma_map_free(&M);

	CU_ASSERT_EQUAL_FATAL(parse("a,b,c=r;c=s"), 0);
	expect_match("c", NULL, 0, 2);
	expect_match("b", NULL, 0, 1);
	cma_map_free(&M);
}

static void
test_empty_patterns_never_match(void)
{
	CU_ASSERT_EQUAL_FATAL(parse("=r;a,,b=s"), 0);
	/* "=r" holds one empty device pattern, as v1 evaluated it. */
	CU_ASSERT_EQUAL(M.rules[0].npatterns, 1);
	CU_ASSERT_STRING_EQUAL(M.rules[0].patterns[0], "");
	CU_ASSERT_EQUAL(M.rules[1].npatterns, 3);
	expect_match("b", NULL, 1, 2);
	expect_none("c", NULL);
	cma_map_free(&M);
}

/* An empty pattern is a device pattern: it clears the carried flag. */
static void
test_empty_pattern_resets_flag(void)
{
	CU_ASSERT_EQUAL_FATAL(parse("foo=r1;=r2;/*=r3"), 0);
	expect_none("foo", "k");
	cma_map_free(&M);
	CU_ASSERT_EQUAL_FATAL(parse("foo=r1;,=r2;/*=r3"), 0);
	expect_none("foo", "k");
	cma_map_free(&M);
	/* Without the empty rule the flag carries to "/ *". */
	CU_ASSERT_EQUAL_FATAL(parse("foo=r1;/*=r3"), 0);
	expect_match("foo", "k", 1, 0);
	cma_map_free(&M);
}

static void
test_null_or_empty_device_einval(void)
{
	int pat = 77;

	CU_ASSERT_EQUAL_FATAL(parse("*/*=r"), 0);
	CU_ASSERT_EQUAL(cma_map_match(&M, NULL, NULL, &pat), -EINVAL);
	CU_ASSERT_EQUAL(cma_map_match(&M, NULL, "k", &pat), -EINVAL);
	CU_ASSERT_EQUAL(cma_map_match(&M, "", NULL, &pat), -EINVAL);
	CU_ASSERT_EQUAL(cma_map_match(&M, "", "k", &pat), -EINVAL);
	/* a NULL pattern pointer is allowed */
	CU_ASSERT_EQUAL(cma_map_match(&M, "foo", "k", NULL), 0);
	cma_map_free(&M);
}

static CU_TestInfo parse_tests[] = {
	{ "rules, patterns, region lists", test_parse_structure },
	{ "first '=' splits the rule", test_parse_first_equals_splits },
	{ "empty region list foo=", test_parse_empty_region_list },
	{ "empty string: no rules", test_parse_empty_string },
	{ "trailing ';' is fine", test_parse_trailing_semicolon },
	{ "missing '=' discards the whole map",
	    test_parse_missing_equals_discards_map },
	{ "';;' is an error", test_parse_empty_rule },
	{ "64 rules fit, 65: -ENOSPC", test_parse_rule_limit },
	{ "511 characters fit, 512 do not", test_parse_length_limit },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo doc_tests[] = {
	{ "video,camera=r", test_doc_shared_region },
	{ "video=v;camera=c", test_doc_private_regions },
	{ "foo/a=a;foo/b=b and fallback lists", test_doc_kinds },
	{ "foo/*=r", test_doc_any_kind },
	{ "review-mail maps", test_doc_review_mail_maps },
	{ "§1.2 examples", test_doc_section_examples },
	{ "goni default map", test_doc_board_default_map },
	{ "parser comment example table", test_parser_comment_table },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo rule_tests[] = {
	{ "kind omitted: empty kind only",
	    test_kind_omitted_matches_only_empty_kind },
	{ "'*' alone: any device, no kind",
	    test_star_alone_matches_any_device_without_kind },
	{ "'*/*' matches everything", test_star_star_matches_everything },
	{ "'*' accepts the rest", test_star_is_a_prefix_match },
	{ "'?' is one character", test_question_mark_is_one_character },
	{ "text after '*' never matches", test_text_after_star_never_matches },
	{ "exact and case-sensitive", test_match_is_exact_and_case_sensitive },
	{ "/KIND flag carried across rules",
	    test_slash_kind_flag_across_rules },
	{ "/KIND flag carried across patterns",
	    test_slash_kind_flag_across_patterns },
	{ "/KIND flag reset by a device pattern",
	    test_slash_kind_flag_reset_by_device_pattern },
	{ "/KIND flag starts unmatched",
	    test_slash_kind_flag_starts_unmatched },
	{ "first matching rule wins, pattern index",
	    test_first_matching_rule_wins },
	{ "empty patterns never match", test_empty_patterns_never_match },
	{ "empty pattern resets the /KIND flag", test_empty_pattern_resets_flag },
	{ "NULL or empty device: -EINVAL", test_null_or_empty_device_einval },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "map: parse", NULL, NULL, NULL, NULL, parse_tests },
	{ "map: documented examples", NULL, NULL, NULL, NULL, doc_tests },
	{ "map: matching rules", NULL, NULL, NULL, NULL, rule_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return cunit_run(suites);
}
