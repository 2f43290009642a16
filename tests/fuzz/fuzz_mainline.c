/*
 * libFuzzer harness for the mainline cma= dialect: parse, and add the area
 * to goni's configuration; what comes out must load with the area placed
 * where it was put, whole and 4 MiB aligned.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cma/cma.h"
#include "cma/mainline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct cma_board *g = cma_board_builtin("goni");
	char cma_s[CMA_MAX_PARAM_LEN], map_s[CMA_MAX_PARAM_LEN];
	struct cma_region_info r;
	char *text = malloc(size + 1);
	struct cma *cma;
	int k;

	memcpy(text, data, size);
	text[size] = '\0';
	if (cma_mainline_apply(text, g, g->cma, g->map, cma_s, map_s,
	    sizeof cma_s, NULL) == 0) {
		if (cma_create(g, cma_s, map_s, &cma, NULL) != 0 ||
		    cma_dropped_count(cma) != 0)
			abort();
		if ((k = cma_region_find(cma, CMA_MAINLINE_AREA)) >= 0) {
			cma_region_get(cma, k, &r);
			if ((r.start | r.size) & (CMA_MAINLINE_MIN_ALIGN - 1))
				abort();
		}
		cma_destroy(cma);
	}
	free(text);
	return 0;
}
