/*
 * libFuzzer harness for board files: parse, and when that works, build the
 * board's default configuration on it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cma/cma.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct cma_board b;
	struct cma *cma;

	memcpy(text, data, size);
	text[size] = '\0';
	if (cma_board_parse(text, "fuzz", &b, NULL) == 0 &&
	    cma_create(&b, NULL, NULL, &cma, NULL) == 0)
		cma_destroy(cma);
	free(text);
	return 0;
}
