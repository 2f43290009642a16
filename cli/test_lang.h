/*
 * The cma-test command language (test_lang.c): `cma test` runs it on
 * stdin, tests/fuzz/fuzz_test_lang.c on generated input.
 */
#ifndef CMA_TEST_LANG_H
#define CMA_TEST_LANG_H

#include <stdint.h>
#include <stdio.h>

#include "cma/cma.h"
#include "cma/window.h"

#define TEST_LINE_MAX	1024
#define TEST_NAME_MAX	16	/* the ABI's char name[17], kind[17] */

struct test_chunk {
	int		 num;
	uint64_t	 size;		/* as typed */
	uint64_t	 start;
	struct test_chunk *prev, *next;
};

struct test_state {
	struct cma	 *cma;
	struct cma_window *window;
	struct test_chunk head;		/* list in allocation order */
	char		  last[TEST_LINE_MAX];
	FILE		 *out, *diag;
};

void test_init(struct test_state *st, struct cma *cma,
    struct cma_window *window, FILE *out, FILE *diag);
/* One line without its newline, at most TEST_LINE_MAX - 1 characters
 * (changed in place). */
void test_command(struct test_state *st, char *line);
/* Every line of in, as the seed read them (long lines skipped). */
void test_loop(struct test_state *st, FILE *in);
void test_release(struct test_state *st, struct test_chunk *c);
void test_release_all(struct test_state *st);

#endif
