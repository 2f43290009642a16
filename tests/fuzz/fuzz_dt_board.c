/*
 * libFuzzer harness for device-tree boards: the input is a .dtb image;
 * when it reads as a board, the board must load as a framework with every
 * region placed (cma_dt_board_blob promises that), with and without the
 * default area.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cma/cma.h"
#include "cma/dt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_dt_check(const void *blob, size_t size, int flags)
{
	struct cma_board b;
	struct cma *cma;

	if (cma_dt_board_blob(blob, size, "fuzz", flags, &b, NULL) != 0)
		return;
	if (b.nbanks < 1 || cma_create(&b, NULL, NULL, &cma, NULL) != 0)
		abort();
	if (cma_dropped_count(cma) != 0)
		abort();
	cma_destroy(cma);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* libfdt wants the blob aligned to 8 bytes */
	void *blob = malloc(size ? size : 1);

	memcpy(blob, data, size);
	fuzz_dt_check(blob, size, 0);
	fuzz_dt_check(blob, size, CMA_DT_NO_DEFAULT);
	free(blob);
	return 0;
}
