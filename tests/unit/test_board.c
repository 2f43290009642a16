/*
 * Boards (include/cma/board.h, DESIGN §4).
 *
 * The built-in goni and aquila (banks, reserved range, default cma= and
 * cma_map=), cma_board_bank_of, cma_board_parse of a good text (comments,
 * blank lines, banks sorted by address, CRLF), every kind of error with its
 * "origin:LINE: " prefix, and cma_board_resolve / cma_board_load with a
 * built-in name, a real file, a bad file and an unknown name.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cunit_main.h"
#include "cma/board.h"

#define MiB (1024ull * 1024)

static struct cma_board B;
static struct cma_err E;

static int
parse(const char *text)
{
	memset(&E, 0, sizeof E);
	return cma_board_parse(text, "t.board", &B, &E);
}

static void
expect_range(const struct cma_range *r, const char *name, uint64_t start,
    uint64_t size)
{
	CU_ASSERT_STRING_EQUAL(r->name, name);
	CU_ASSERT_EQUAL(r->start, start);
	CU_ASSERT_EQUAL(r->size, size);
}

/* text fails with -EINVAL, the message starts with `prefix` and has `what`. */
static void
expect_error(const char *text, const char *prefix, const char *what)
{
	CU_ASSERT_EQUAL(parse(text), -EINVAL);
	CU_ASSERT_EQUAL(strncmp(E.msg, prefix, strlen(prefix)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(E.msg, what));
	if (strncmp(E.msg, prefix, strlen(prefix)) != 0 ||
	    strstr(E.msg, what) == NULL)
		fprintf(stderr, "\n  got '%s', want '%s...%s'\n", E.msg, prefix,
		    what);
	/* nothing half-parsed is left behind */
	CU_ASSERT_EQUAL(B.nbanks, 0);
	CU_ASSERT_EQUAL(B.nreserved, 0);
	CU_ASSERT_EQUAL(B.name[0], '\0');
}

/* ---- built-in boards ---- */

static void
expect_s5pv210(const struct cma_board *b, const char *name)
{
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_STRING_EQUAL(b->name, name);
	CU_ASSERT_EQUAL_FATAL(b->nbanks, 2);
	expect_range(&b->banks[0], "dmc0", 0x30000000, 80 * MiB);
	expect_range(&b->banks[1], "dmc1", 0x40000000, 384 * MiB);
	CU_ASSERT_EQUAL_FATAL(b->nreserved, 1);
	expect_range(&b->reserved[0], "kernel", 0x30000000, 32 * MiB);
	CU_ASSERT_STRING_EQUAL(b->cma,
	    "fw=1M@0x32000000/128K;b1=32M@0x33000000;b2=16M@0x44000000");
	CU_ASSERT_STRING_EQUAL(b->map,
	    "s5p-mfc5/f=fw;s5p-mfc5/a=b1;s5p-mfc5/b=b2;*/*=b1,b2");
}

static void
test_builtin_goni(void)
{
	expect_s5pv210(cma_board_builtin("goni"), "goni");
	CU_ASSERT_STRING_EQUAL(CMA_BOARD_DEFAULT, "goni");
}

static void
test_builtin_aquila(void)
{
	expect_s5pv210(cma_board_builtin("aquila"), "aquila");
}

static void
test_builtin_names(void)
{
	CU_ASSERT_STRING_EQUAL(cma_board_builtin_name(0), "goni");
	CU_ASSERT_STRING_EQUAL(cma_board_builtin_name(1), "aquila");
	CU_ASSERT_PTR_NULL(cma_board_builtin_name(2));
	CU_ASSERT_PTR_NULL(cma_board_builtin_name(-1));
	CU_ASSERT_PTR_NULL(cma_board_builtin("nosuch"));
	CU_ASSERT_PTR_NULL(cma_board_builtin("Goni"));
	CU_ASSERT_PTR_NULL(cma_board_builtin(""));
}

static void
test_builtin_defaults_parse(void)
{
	const struct cma_board *b = cma_board_builtin("goni");
	struct cma_param p;
	struct cma_map m;

	CU_ASSERT_EQUAL(cma_param_parse(b->cma, &p, NULL), 0);
	CU_ASSERT_EQUAL(p.count, 3);
	cma_param_free(&p);
	CU_ASSERT_EQUAL(cma_map_parse(b->map, &m, NULL), 0);
	CU_ASSERT_EQUAL(m.nrules, 4);
	cma_map_free(&m);
}

static void
test_bank_of(void)
{
	const struct cma_board *b = cma_board_builtin("goni");

	CU_ASSERT_EQUAL(cma_board_bank_of(b, 0x32000000, MiB), 0);
	CU_ASSERT_EQUAL(cma_board_bank_of(b, 0x30000000, 80 * MiB), 0);
	CU_ASSERT_EQUAL(cma_board_bank_of(b, 0x34f00000, MiB), 0);
	CU_ASSERT_EQUAL(cma_board_bank_of(b, 0x40000000, 384 * MiB), 1);
	CU_ASSERT_EQUAL(cma_board_bank_of(b, 0x44000000, 16 * MiB), 1);
	/* one byte past dmc0's end, the gap, before dmc0, past dmc1 */
	CU_ASSERT_EQUAL(cma_board_bank_of(b, 0x34f00000, MiB + 1), -1);
	CU_ASSERT_EQUAL(cma_board_bank_of(b, 0x35000000, 4096), -1);
	CU_ASSERT_EQUAL(cma_board_bank_of(b, 0x2ffff000, 8192), -1);
	CU_ASSERT_EQUAL(cma_board_bank_of(b, 0x57fff000, 8192), -1);
	CU_ASSERT_EQUAL(cma_board_bank_of(b, 0x30000000, 81 * MiB), -1);
	CU_ASSERT_EQUAL(cma_board_bank_of(b, UINT64_MAX - 4095, 4096), -1);
}

/* ---- parsing a board text ---- */

static const char good_board[] =
	"# a test board\n"
	"board    myboard\n"
	"\n"
	"bank     dmc1 0x40000000 384M   # listed first on purpose\n"
	"\tbank\tdmc0\t0x30000000\t80M\n"
	"reserved kernel 0x30000000 32M\n"
	"reserved odd 0x30000001 100\n"
	"cma      fw=1M@0x32000000/128K;b1=32M\n"
	"map      s5p-mfc5/f=fw;*/*=b1\n";

static void
test_parse_good_board(void)
{
	CU_ASSERT_EQUAL_FATAL(parse(good_board), 0);
	CU_ASSERT_STRING_EQUAL(B.name, "myboard");
	CU_ASSERT_EQUAL_FATAL(B.nbanks, 2);
	/* sorted by address */
	expect_range(&B.banks[0], "dmc0", 0x30000000, 80 * MiB);
	expect_range(&B.banks[1], "dmc1", 0x40000000, 384 * MiB);
	CU_ASSERT_EQUAL_FATAL(B.nreserved, 2);
	expect_range(&B.reserved[0], "kernel", 0x30000000, 32 * MiB);
	/* reserved ranges need not be page aligned */
	expect_range(&B.reserved[1], "odd", 0x30000001, 100);
	CU_ASSERT_STRING_EQUAL(B.cma, "fw=1M@0x32000000/128K;b1=32M");
	CU_ASSERT_STRING_EQUAL(B.map, "s5p-mfc5/f=fw;*/*=b1");
}

static void
test_parse_minimal_board(void)
{
	/* one bank, no name (→ "custom"), no newline at the end, CRLF */
	CU_ASSERT_EQUAL_FATAL(parse("# only a bank\r\nbank ram 0x80000000 64M"),
	    0);
	CU_ASSERT_STRING_EQUAL(B.name, "custom");
	CU_ASSERT_EQUAL_FATAL(B.nbanks, 1);
	expect_range(&B.banks[0], "ram", 0x80000000ull, 64 * MiB);
	CU_ASSERT_EQUAL(B.nreserved, 0);
	CU_ASSERT_STRING_EQUAL(B.cma, "");
	CU_ASSERT_STRING_EQUAL(B.map, "");

	CU_ASSERT_EQUAL_FATAL(parse("bank ram 0x80000000 64M\r\n"
	    "board crlf\r\n"), 0);
	CU_ASSERT_STRING_EQUAL(B.name, "crlf");
	expect_range(&B.banks[0], "ram", 0x80000000ull, 64 * MiB);
}

static void
test_parse_adjacent_banks(void)
{
	/* touching is not overlapping */
	CU_ASSERT_EQUAL_FATAL(parse("bank a 0x10000000 16M\n"
	    "bank b 0x11000000 16M\n"), 0);
	CU_ASSERT_EQUAL(B.nbanks, 2);
}

static void
test_parse_eight_banks(void)
{
	char text[512];
	size_t used = 0;
	int i;

	for (i = 0; i < 8; i++)
		used += (size_t)snprintf(text + used, sizeof text - used,
		    "bank b%d %#x 1M\n", i, 0x10000000 + i * 0x1000000);
	CU_ASSERT_EQUAL_FATAL(parse(text), 0);
	CU_ASSERT_EQUAL(B.nbanks, 8);
	expect_range(&B.banks[7], "b7", 0x17000000, MiB);
}

/* ---- errors ---- */

/*
 * Overlaps are found after the whole text is read (banks sorted by
 * address), so the message names the origin and both banks but no line;
 * tests/cli/bad_input.sh relies on exactly this wording.
 */
static void
test_error_overlapping_banks(void)
{
	expect_error("board x\nbank a 0x30000000 80M\nbank b 0x34000000 16M\n",
	    "t.board: ", "banks a (0x30000000-0x34ffffff) and b "
	    "(0x34000000-0x34ffffff) overlap");
	/* the same banks listed the other way round */
	expect_error("bank b 0x34000000 16M\n# c\nbank a 0x30000000 80M\n",
	    "t.board: ", "banks a (0x30000000-0x34ffffff) and b "
	    "(0x34000000-0x34ffffff) overlap");
	expect_error("bank a 0x30000000 80M\nbank a2 0x30000000 4K\n",
	    "t.board: ", "overlap");
	expect_error("bank a 0x40000000 64M\nbank b 0x42000000 64M\n",
	    "t.board: ", "banks a (0x40000000-0x43ffffff) and b "
	    "(0x42000000-0x45ffffff) overlap");
}

static void
test_error_unknown_keyword(void)
{
	expect_error("board x\nbank dmc0 0x30000000 80M\nfoo bar\n",
	    "t.board:3: ", "unknown keyword 'foo'");
	expect_error("Bank dmc0 0x30000000 80M\n", "t.board:1: ",
	    "unknown keyword 'Bank'");
}

static void
test_error_bad_number(void)
{
	expect_error("bank dmc0 0x3000000z 80M\n", "t.board:1: ",
	    "invalid start '0x3000000z'");
	expect_error("\nbank dmc0 0x30000000 80Q\n", "t.board:2: ",
	    "invalid size '80Q'");
	expect_error("bank dmc0 0x30000000 -1\n", "t.board:1: ",
	    "invalid size");
	expect_error("bank dmc0 0x30000000 99999999999999999999G\n",
	    "t.board:1: ", "invalid size");
	expect_error("bank d 0x30000000 1M\nreserved k x 1M\n", "t.board:2: ",
	    "invalid start 'x'");
}

static void
test_error_size_zero(void)
{
	expect_error("bank dmc0 0x30000000 0\n", "t.board:1: ",
	    "size must not be 0");
	expect_error("bank d 0x30000000 1M\nreserved k 0x30000000 0K\n",
	    "t.board:2: ", "size must not be 0");
}

static void
test_error_unaligned_bank(void)
{
	expect_error("bank dmc0 0x30000800 80M\n", "t.board:1: ",
	    "multiples of the 4096-byte page");
	expect_error("bank dmc0 0x30000000 4097\n", "t.board:1: ",
	    "multiples of the 4096-byte page");
}

static void
test_error_range_wraps(void)
{
	expect_error("bank top 0xfffffffffffff000 8K\n", "t.board:1: ",
	    "past the end of the address space");
}

static void
test_error_too_many_banks(void)
{
	char text[512];
	size_t used = 0;
	int i;

	for (i = 0; i < 9; i++)
		used += (size_t)snprintf(text + used, sizeof text - used,
		    "bank b%d %#x 1M\n", i, 0x10000000 + i * 0x1000000);
	expect_error(text, "t.board:9: ", "too many banks (at most 8)");
}

static void
test_error_too_many_reserved(void)
{
	char text[512];
	size_t used;
	int i;

	used = (size_t)snprintf(text, sizeof text, "bank d 0x10000000 64M\n");
	for (i = 0; i < 9; i++)
		used += (size_t)snprintf(text + used, sizeof text - used,
		    "reserved r%d %#x 4K\n", i, 0x10000000 + i * 0x1000);
	expect_error(text, "t.board:10: ", "too many reserved ranges");
}

static void
test_error_missing_bank(void)
{
	/* found at the end, so there is no line to name */
	expect_error("board x\ncma a=1M\n", "t.board: ", "no 'bank' line");
	expect_error("", "t.board: ", "no 'bank' line");
	expect_error("# nothing\n\n", "t.board: ", "no 'bank' line");
}

static void
test_error_wrong_word_count(void)
{
	expect_error("bank dmc0 0x30000000\n", "t.board:1: ",
	    "'bank' takes NAME START SIZE");
	expect_error("bank dmc0 0x30000000 80M extra\n", "t.board:1: ",
	    "too many words");
	expect_error("bank d 0x30000000 1M\nboard\n", "t.board:2: ",
	    "'board' takes one NAME");
	expect_error("bank d 0x30000000 1M\nboard a b\n", "t.board:2: ",
	    "'board' takes one NAME");
}

static void
test_error_long_names(void)
{
	expect_error("bank abcdefghijklmnopqrstuvwxyz012345 0x30000000 1M\n",
	    "t.board:1: ", "longer than 31 characters");
	expect_error("bank d 0x30000000 1M\n"
	    "board abcdefghijklmnopqrstuvwxyz012345\n", "t.board:2: ",
	    "longer than 31 characters");
}

static void
test_error_bad_cma_line(void)
{
	expect_error("bank d 0x30000000 80M\ncma a=1M,b=1M\n", "t.board:2: ",
	    "cma: position 5: expected ';' or end");
	expect_error("bank d 0x30000000 80M\n\ncma a=0\n", "t.board:3: ",
	    "cma: position 3: invalid size");
}

static void
test_error_bad_map_line(void)
{
	expect_error("bank d 0x30000000 80M\nmap foo\n", "t.board:2: ",
	    "map: position 4: expected '='");
	expect_error("bank d 0x30000000 80M\nmap a=r;;b=r\n", "t.board:2: ",
	    "map: position 5: empty rule");
}

static void
test_error_null_err_allowed(void)
{
	CU_ASSERT_EQUAL(cma_board_parse("foo\n", "x", &B, NULL), -EINVAL);
	CU_ASSERT_EQUAL(cma_board_parse("", "x", &B, NULL), -EINVAL);
}

/* ---- resolve and load ---- */

/* Writes text to a new temporary file; its path goes to path. */
static void
write_temp(char *path, size_t len, const char *text, size_t textlen)
{
	int fd;

	snprintf(path, len, "/tmp/cma-test-board-XXXXXX");
	fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_FATAL(write(fd, text, textlen) == (ssize_t)textlen);
	close(fd);
}

static void
test_resolve_builtin(void)
{
	memset(&B, 0xa5, sizeof B);
	CU_ASSERT_EQUAL_FATAL(cma_board_resolve("goni", &B, &E), 0);
	expect_s5pv210(&B, "goni");
	CU_ASSERT_EQUAL_FATAL(cma_board_resolve("aquila", &B, &E), 0);
	expect_s5pv210(&B, "aquila");
}

static void
test_resolve_file(void)
{
	char path[64];

	write_temp(path, sizeof path, good_board, strlen(good_board));
	CU_ASSERT_EQUAL(cma_board_resolve(path, &B, &E), 0);
	CU_ASSERT_STRING_EQUAL(B.name, "myboard");
	CU_ASSERT_EQUAL(B.nbanks, 2);
	expect_range(&B.banks[0], "dmc0", 0x30000000, 80 * MiB);
	CU_ASSERT_STRING_EQUAL(B.map, "s5p-mfc5/f=fw;*/*=b1");
	memset(&B, 0, sizeof B);
	CU_ASSERT_EQUAL(cma_board_load(path, &B, &E), 0);
	CU_ASSERT_STRING_EQUAL(B.name, "myboard");
	unlink(path);
}

static void
test_resolve_bad_file_names_path_and_line(void)
{
	static const char text[] = "board b\nbank d 0x30000000 80M\nbogus\n";
	char path[64], want[96];

	write_temp(path, sizeof path, text, strlen(text));
	memset(&E, 0, sizeof E);
	CU_ASSERT_EQUAL(cma_board_resolve(path, &B, &E), -EINVAL);
	snprintf(want, sizeof want, "%s:3: unknown keyword 'bogus'", path);
	CU_ASSERT_EQUAL(strncmp(E.msg, want, strlen(want)), 0);
	unlink(path);
}

static void
test_load_binary_file(void)
{
	static const char text[] = "bank d 0x30000000 80M\n\0junk";
	char path[64];

	write_temp(path, sizeof path, text, sizeof text - 1);
	memset(&E, 0, sizeof E);
	CU_ASSERT_EQUAL(cma_board_load(path, &B, &E), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(E.msg, "binary data"));
	unlink(path);
}

static void
test_resolve_unknown(void)
{
	memset(&E, 0, sizeof E);
	CU_ASSERT_EQUAL(cma_board_resolve("nosuch", &B, &E), -ENOENT);
	CU_ASSERT_PTR_NOT_NULL(strstr(E.msg, "unknown board 'nosuch'"));

	memset(&E, 0, sizeof E);
	CU_ASSERT_EQUAL(cma_board_resolve("/nonexistent/dir/x.board", &B, &E),
	    -ENOENT);
	CU_ASSERT_EQUAL(strncmp(E.msg, "/nonexistent/dir/x.board: ", 26), 0);
}

static CU_TestInfo builtin_tests[] = {
	{ "goni", test_builtin_goni },
	{ "aquila", test_builtin_aquila },
	{ "built-in names", test_builtin_names },
	{ "defaults parse", test_builtin_defaults_parse },
	{ "bank_of", test_bank_of },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo parse_tests[] = {
	{ "a good board text", test_parse_good_board },
	{ "minimal board, CRLF, no final newline", test_parse_minimal_board },
	{ "adjacent banks are fine", test_parse_adjacent_banks },
	{ "eight banks fit", test_parse_eight_banks },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo error_tests[] = {
	{ "overlapping banks", test_error_overlapping_banks },
	{ "unknown keyword", test_error_unknown_keyword },
	{ "bad number", test_error_bad_number },
	{ "size 0", test_error_size_zero },
	{ "unaligned bank", test_error_unaligned_bank },
	{ "range wrapping past 2^64", test_error_range_wraps },
	{ "too many banks", test_error_too_many_banks },
	{ "too many reserved ranges", test_error_too_many_reserved },
	{ "missing bank", test_error_missing_bank },
	{ "wrong number of words", test_error_wrong_word_count },
	{ "names too long", test_error_long_names },
	{ "bad cma line", test_error_bad_cma_line },
	{ "bad map line", test_error_bad_map_line },
	{ "NULL err allowed", test_error_null_err_allowed },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo resolve_tests[] = {
	{ "built-in name", test_resolve_builtin },
	{ "a board file", test_resolve_file },
	{ "a bad file: PATH:LINE:", test_resolve_bad_file_names_path_and_line },
	{ "a binary file", test_load_binary_file },
	{ "unknown name or missing file", test_resolve_unknown },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "board: built in", NULL, NULL, NULL, NULL, builtin_tests },
	{ "board: parse", NULL, NULL, NULL, NULL, parse_tests },
	{ "board: errors", NULL, NULL, NULL, NULL, error_tests },
	{ "board: resolve/load", NULL, NULL, NULL, NULL, resolve_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return cunit_run(suites);
}
