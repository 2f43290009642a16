/*
 * cma_memparse and cma_round_up (include/cma/param.h).
 *
 * memparse: decimal, 0x hex, leading-0 octal, "0x" with no hex digit after
 * it (read as octal 0), one K/M/G suffix in either case and nothing more,
 * -EINVAL when no digit starts the string, -ERANGE when the value does not
 * fit in 64 bits (digits or suffix), and where `end` is left.
 * round_up: multiples of a power of two, and -ERANGE past 2^64.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "cunit_main.h"
#include "cma/param.h"

#define KiB (1024ull)
#define MiB (1024ull * 1024)
#define GiB (1024ull * 1024 * 1024)

/* Parse s; expect success, value v and `consumed` characters read. */
static void
expect_value(const char *s, uint64_t v, size_t consumed)
{
	const char *end = NULL;
	uint64_t got = 0xdeadbeef;

	CU_ASSERT_EQUAL(cma_memparse(s, &end, &got), 0);
	CU_ASSERT_EQUAL(got, v);
	CU_ASSERT_PTR_EQUAL(end, s + consumed);
}

static void
expect_error(const char *s, int error)
{
	const char *end = NULL;
	uint64_t got = 0;

	CU_ASSERT_EQUAL(cma_memparse(s, &end, &got), error);
}

static void
test_decimal(void)
{
	expect_value("0", 0, 1);
	expect_value("7", 7, 1);
	expect_value("123", 123, 3);
	expect_value("4096", 4096, 4);
	expect_value("18446744073709551615", UINT64_MAX, 20);
}

static void
test_hex(void)
{
	expect_value("0x1f", 31, 4);
	expect_value("0x1F", 31, 4);
	expect_value("0X10", 16, 4);
	expect_value("0x32000000", 0x32000000ull, 10);
	expect_value("0xffffffffffffffff", UINT64_MAX, 18);
	/* hex digits stop at the first non-hex character */
	expect_value("0x12z", 0x12, 4);
	/* ... and a G after hex digits is the suffix, not a digit */
	expect_value("0x12g", 0x12 * GiB, 5);
}

static void
test_octal(void)
{
	expect_value("010", 8, 3);
	expect_value("0777", 511, 4);
	expect_value("00", 0, 2);
	/* 8 and 9 are not octal digits: "08" reads as 0, stopping at '8' */
	expect_value("08", 0, 1);
	expect_value("0179", 15, 3);
	expect_value("01777777777777777777777", UINT64_MAX, 23);
}

static void
test_hex_prefix_without_digit(void)
{
	/* "0x" with no hex digit after it is octal 0, stopping at 'x' */
	expect_value("0x", 0, 1);
	expect_value("0xg", 0, 1);
	expect_value("0X;", 0, 1);
	/* and then 'x' is not a suffix either */
	expect_value("0xK", 0, 1);
}

static void
test_suffixes(void)
{
	expect_value("4K", 4 * KiB, 2);
	expect_value("4k", 4 * KiB, 2);
	expect_value("1M", MiB, 2);
	expect_value("20m", 20 * MiB, 3);
	expect_value("2G", 2 * GiB, 2);
	expect_value("3g", 3 * GiB, 2);
	expect_value("128K", 128 * KiB, 4);
	expect_value("0x10M", 16 * MiB, 5);
	expect_value("010K", 8 * KiB, 4);
	expect_value("0K", 0, 2);
}

static void
test_only_one_suffix(void)
{
	/* one suffix letter; whatever follows is left for the caller */
	expect_value("1KB", KiB, 2);
	expect_value("1MK", MiB, 2);
	expect_value("16M@0x100", 16 * MiB, 3);
	/* T, P, E came after 2010: not suffixes here */
	expect_value("1T", 1, 1);
	expect_value("1P", 1, 1);
	expect_value("1E", 1, 1);
	expect_value("1b", 1, 1);
}

static void
test_no_digits(void)
{
	const char *s = "K", *end = NULL;
	uint64_t v = 0;

	CU_ASSERT_EQUAL(cma_memparse(s, &end, &v), -EINVAL);
	CU_ASSERT_PTR_EQUAL(end, s);
	expect_error("", -EINVAL);
	expect_error("-1", -EINVAL);
	expect_error("+1", -EINVAL);
	expect_error(" 1", -EINVAL);
	expect_error("x10", -EINVAL);
	expect_error("M", -EINVAL);
	expect_error("@0x10", -EINVAL);
}

static void
test_overflow_digits(void)
{
	expect_error("18446744073709551616", -ERANGE);	/* 2^64 */
	expect_error("99999999999999999999", -ERANGE);
	expect_error("0x10000000000000000", -ERANGE);
	expect_error("02000000000000000000000", -ERANGE);
	expect_error("99999999999999999999G", -ERANGE);
}

static void
test_overflow_suffix(void)
{
	/* 2^34 G = 2^64: one too many; 2^34 - 1 G still fits */
	expect_error("17179869184G", -ERANGE);
	expect_value("17179869183G", 17179869183ull * GiB, 12);
	/* 2^44 M = 2^64 */
	expect_error("17592186044416M", -ERANGE);
	expect_value("17592186044415m", 17592186044415ull * MiB, 15);
	/* 2^54 K = 2^64 */
	expect_error("0x40000000000000K", -ERANGE);
	expect_value("0x3fffffffffffffk", 0x3fffffffffffffull * KiB, 17);
	expect_error("0xffffffffffffffffG", -ERANGE);
}

static void
test_end_may_be_null(void)
{
	uint64_t v = 0;

	CU_ASSERT_EQUAL(cma_memparse("64M", NULL, &v), 0);
	CU_ASSERT_EQUAL(v, 64 * MiB);
	CU_ASSERT_EQUAL(cma_memparse("z", NULL, &v), -EINVAL);
	CU_ASSERT_EQUAL(cma_memparse("18446744073709551616", NULL, &v),
	    -ERANGE);
}

static void
test_end_points_past_number(void)
{
	const char *s = "20M;b=1M", *end = NULL;
	uint64_t v = 0;

	CU_ASSERT_EQUAL(cma_memparse(s, &end, &v), 0);
	CU_ASSERT_EQUAL(v, 20 * MiB);
	CU_ASSERT_EQUAL(*end, ';');
	CU_ASSERT_STRING_EQUAL(end, ";b=1M");
}

static void
expect_round(uint64_t value, uint64_t align, uint64_t want)
{
	uint64_t out = 0xdeadbeef;

	CU_ASSERT_EQUAL(cma_round_up(value, align, &out), 0);
	CU_ASSERT_EQUAL(out, want);
}

static void
test_round_up(void)
{
	expect_round(0, 4096, 0);
	expect_round(1, 4096, 4096);
	expect_round(4095, 4096, 4096);
	expect_round(4096, 4096, 4096);
	expect_round(4097, 4096, 8192);
	expect_round(0x32001000ull, 128 * KiB, 0x32020000ull);
	expect_round(0x100001, MiB, 0x200000);
	expect_round(5, 1, 5);
	expect_round(UINT64_MAX, 1, UINT64_MAX);
	expect_round(1, 1ull << 63, 1ull << 63);
}

static void
test_round_up_overflow(void)
{
	uint64_t out = 42;

	CU_ASSERT_EQUAL(cma_round_up(UINT64_MAX, 4096, &out), -ERANGE);
	CU_ASSERT_EQUAL(cma_round_up(0xfffffffffffff001ull, 4096, &out),
	    -ERANGE);
	CU_ASSERT_EQUAL(cma_round_up((1ull << 63) + 1, 1ull << 63, &out),
	    -ERANGE);
	/* the highest page-aligned value is its own rounding */
	expect_round(0xfffffffffffff000ull, 4096, 0xfffffffffffff000ull);
	expect_round(0xffffffffffffe001ull, 4096, 0xfffffffffffff000ull);
}

static CU_TestInfo memparse_tests[] = {
	{ "decimal", test_decimal },
	{ "0x hex", test_hex },
	{ "leading-0 octal", test_octal },
	{ "0x without a hex digit is octal 0", test_hex_prefix_without_digit },
	{ "K/k/M/m/G/g suffixes", test_suffixes },
	{ "at most one suffix, no T/P/E", test_only_one_suffix },
	{ "no digits is -EINVAL", test_no_digits },
	{ "too many digits is -ERANGE", test_overflow_digits },
	{ "suffix overflow is -ERANGE", test_overflow_suffix },
	{ "end may be NULL", test_end_may_be_null },
	{ "end points past the number", test_end_points_past_number },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo round_up_tests[] = {
	{ "multiples of a power of two", test_round_up },
	{ "overflow is -ERANGE", test_round_up_overflow },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "memparse", NULL, NULL, NULL, NULL, memparse_tests },
	{ "round_up", NULL, NULL, NULL, NULL, round_up_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return cunit_run(suites);
}
