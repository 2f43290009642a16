/*
 * The physical window: address translation both ways, bytes that persist
 * across reopening, sparse allocation, and refusal of a file made for
 * another layout or of a file that is not a window at all.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cunit_main.h"
#include "cma/window.h"

static char window_path[64];

static int
window_setup(void)
{
	int fd;

	snprintf(window_path, sizeof window_path, "/tmp/cma-window-XXXXXX");
	fd = mkstemp(window_path);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static int
window_teardown(void)
{
	unlink(window_path);
	return 0;
}

static void
test_translation(void)
{
	const struct cma_board *goni = cma_board_builtin("goni");
	struct cma_window *w;
	uint64_t phys, off;
	uint8_t *p0, *p1;

	unlink(window_path);
	CU_ASSERT_EQUAL_FATAL(cma_window_open(goni, window_path, &w, NULL), 0);
	/* Header page, then dmc0 (80 MiB), then dmc1. */
	CU_ASSERT_EQUAL(cma_window_length(w), 4096ull + (80ull << 20) +
	    (384ull << 20));
	CU_ASSERT_EQUAL(cma_window_offset(w, 0x30000000, 1, &off), 0);
	CU_ASSERT_EQUAL(off, 4096);
	CU_ASSERT_EQUAL(cma_window_offset(w, 0x40000000, 1, &off), 0);
	CU_ASSERT_EQUAL(off, 4096 + (80ull << 20));
	p0 = cma_window_ptr(w, 0x33000000, 4096);
	p1 = cma_window_ptr(w, 0x44000000, 4096);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p1);
	CU_ASSERT_EQUAL(cma_window_phys(w, p0 + 12, &phys), 0);
	CU_ASSERT_EQUAL(phys, 0x3300000c);
	CU_ASSERT_EQUAL(cma_window_phys(w, p1, &phys), 0);
	CU_ASSERT_EQUAL(phys, 0x44000000);
	/* Outside every bank, or straddling a bank's end. */
	CU_ASSERT_PTR_NULL(cma_window_ptr(w, 0x20000000, 1));
	CU_ASSERT_PTR_NULL(cma_window_ptr(w, 0x35000000, 1));
	CU_ASSERT_PTR_NULL(cma_window_ptr(w, 0x34fff000, 8192));
	CU_ASSERT_PTR_NOT_NULL(cma_window_ptr(w, 0x34fff000, 4096));
	CU_ASSERT_EQUAL(cma_window_offset(w, 0x58000000, 1, &off), -EFAULT);
	CU_ASSERT_EQUAL(cma_window_phys(w, &phys, &phys), -EFAULT);
	cma_window_close(w);
}

static void
test_bytes_persist_and_file_is_sparse(void)
{
	const struct cma_board *goni = cma_board_builtin("goni");
	struct cma_window *w;
	uint8_t *p, buf[5];
	struct stat st;
	uint64_t off;

	unlink(window_path);
	CU_ASSERT_EQUAL_FATAL(cma_window_open(goni, window_path, &w, NULL), 0);
	p = cma_window_ptr(w, 0x44000100, 5);
	memcpy(p, "hello", 5);
	CU_ASSERT_EQUAL(cma_window_sync(w), 0);
	/* The same bytes through the file descriptor at the translated
	 * offset. */
	CU_ASSERT_EQUAL(cma_window_offset(w, 0x44000100, 5, &off), 0);
	CU_ASSERT_EQUAL(pread(cma_window_fd(w), buf, 5, (off_t)off), 5);
	CU_ASSERT_EQUAL(memcmp(buf, "hello", 5), 0);
	cma_window_close(w);

	CU_ASSERT_EQUAL(stat(window_path, &st), 0);
	CU_ASSERT_EQUAL((uint64_t)st.st_size, 4096ull + (464ull << 20));
	/* Two touched pages (header + one), far below 464 MiB. */
	CU_ASSERT(st.st_blocks * 512 < (1 << 20));

	CU_ASSERT_EQUAL_FATAL(cma_window_open(goni, window_path, &w, NULL), 0);
	p = cma_window_ptr(w, 0x44000100, 5);
	CU_ASSERT_EQUAL(memcmp(p, "hello", 5), 0);
	cma_window_close(w);
}

static void
test_other_layout_refused(void)
{
	struct cma_board other;
	struct cma_window *w;
	struct cma_err err;

	unlink(window_path);
	CU_ASSERT_EQUAL_FATAL(cma_window_open(cma_board_builtin("goni"),
	    window_path, &w, NULL), 0);
	cma_window_close(w);
	/* aquila has the same layout: accepted. */
	CU_ASSERT_EQUAL(cma_window_open(cma_board_builtin("aquila"),
	    window_path, &w, NULL), 0);
	cma_window_close(w);
	CU_ASSERT_EQUAL_FATAL(cma_board_parse("bank ram 0x80000000 16M\n",
	    "t", &other, NULL), 0);
	CU_ASSERT_EQUAL(cma_window_open(&other, window_path, &w, &err),
	    -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "different memory layout"));
}

static void
test_foreign_file_refused(void)
{
	struct cma_window *w;
	struct cma_err err;
	FILE *f = fopen(window_path, "w");

	fputs("precious data", f);
	fclose(f);
	CU_ASSERT_EQUAL(cma_window_open(cma_board_builtin("goni"),
	    window_path, &w, &err), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "not a window file"));
	/* And the file is left as it was. */
	f = fopen(window_path, "r");
	{
		char buf[32] = "";

		CU_ASSERT_PTR_NOT_NULL(fgets(buf, sizeof buf, f));
		CU_ASSERT_STRING_EQUAL(buf, "precious data");
	}
	fclose(f);
}

static void
test_unopenable_path(void)
{
	struct cma_window *w;
	struct cma_err err;

	CU_ASSERT_EQUAL(cma_window_open(cma_board_builtin("goni"),
	    "/nonexistent-dir/w", &w, &err), -ENOENT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "/nonexistent-dir/w"));
	CU_ASSERT_PTR_NULL(w);
}

static CU_TestInfo window_tests[] = {
	{ "translation", test_translation },
	{ "bytes persist, file is sparse", test_bytes_persist_and_file_is_sparse },
	{ "other layout refused", test_other_layout_refused },
	{ "foreign file refused", test_foreign_file_refused },
	{ "unopenable path", test_unopenable_path },
	CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
	{ "window", window_setup, window_teardown, NULL, NULL, window_tests },
	CU_SUITE_INFO_NULL
};

int
main(void)
{
	return cunit_run(suites);
}
