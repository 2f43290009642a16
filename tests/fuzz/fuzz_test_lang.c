/*
 * libFuzzer harness for the `cma test` command language (cli/test_lang.c):
 * the input is a session, read line by line as `cma test` reads stdin,
 * against a small board with a mapped window (so "w" and "v" touch real
 * bytes).  Each input starts from an empty framework; at the end every
 * chunk the session holds is freed and the regions must be empty again.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cma/board.h"
#include "cma/cma.h"
#include "cma/window.h"
#include "test_lang.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char fuzz_board[] =
    "board fuzz\n"
    "bank ram 0x80000000 4M\n"
    "bank hi 0x90000000 1M\n"
    "cma a=2M;b=512K@0x90000000/64K;c=1M:buddy\n"
    "map x/y=b;*/*=a,c;dev=c\n";

static struct cma_board board;
static struct cma_window *window;
static FILE *sink;

static void
fuzz_setup(void)
{
	char path[] = "/tmp/fuzz_test_lang.XXXXXX";
	int fd;

	if (cma_board_parse(fuzz_board, "fuzz", &board, NULL) < 0 ||
	    (fd = mkstemp(path)) < 0)
		abort();
	close(fd);
	unlink(path);
	if (cma_window_open(&board, path, &window, NULL) < 0)
		abort();
	unlink(path);	/* the mapping stays */
	if ((sink = fopen("/dev/null", "w")) == NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct test_state st;
	struct cma *cma;
	FILE *in;
	char *copy;

	if (window == NULL)
		fuzz_setup();
	if (size == 0 || (copy = malloc(size)) == NULL)
		return 0;
	memcpy(copy, data, size);
	if (cma_create(&board, NULL, NULL, &cma, NULL) < 0)
		abort();
	if ((in = fmemopen(copy, size, "r")) != NULL) {
		test_init(&st, cma, window, sink, sink);
		test_loop(&st, in);
		fclose(in);
		test_release_all(&st);
		if (cma_chunk_count(cma) != 0)
			abort();	/* a chunk the session lost track of */
	}
	cma_destroy(cma);
	free(copy);
	return 0;
}
