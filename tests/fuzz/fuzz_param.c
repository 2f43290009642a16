/*
 * libFuzzer harness for `cma=`: parse arbitrary text and, when it parses,
 * place it on the goni board and allocate once from every region, so the
 * parser, the normalisation and the placement all see hostile input.
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
	struct cma_param p;
	struct cma *cma;
	uint64_t start;
	int i;

	memcpy(text, data, size);
	text[size] = '\0';
	if (cma_param_parse(text, &p, NULL) == 0) {
		cma_param_free(&p);
		if (cma_create(cma_board_builtin("goni"), text, "*/*=", &cma,
		    NULL) == 0) {
			for (i = 0; i < cma_region_count(cma); i++) {
				struct cma_region_info r;

				cma_region_get(cma, i, &r);
				if (cma_alloc_from(cma, r.name, 4096, 0,
				    &start) == 0)
					cma_put(cma, start);
			}
			cma_destroy(cma);
		}
	}
	free(text);
	return 0;
}
