/*
 * A program that embeds the allocator core, built against an installed
 * cma with `pkg-config --cflags --libs cma`:
 *
 *	embed [DEV[/KIND] [SIZE]]	(default: s5p-mfc5/a 6M)
 *
 * Builds the goni board's default configuration, allocates SIZE for the
 * device and prints the chunk's physical address, as `cma test` would
 * place the same first request.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <cma/cma.h>

int
main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "s5p-mfc5/a";
	const char *size_arg = argc > 2 ? argv[2] : "6M", *end;
	const struct cma_board *board;
	struct cma_err err = { "" };
	char dev[64], *kind;
	struct cma *cma;
	uint64_t size, start;
	int ret;

	snprintf(dev, sizeof dev, "%s", what);
	if ((kind = strrchr(dev, '/')) != NULL)
		*kind++ = '\0';
	if (cma_memparse(size_arg, &end, &size) < 0 || *end != '\0') {
		fprintf(stderr, "embed: bad size '%s'\n", size_arg);
		return 2;
	}
	if ((board = cma_board_builtin("goni")) == NULL) {
		fprintf(stderr, "embed: no built-in board goni\n");
		return 1;
	}
	if (cma_create(board, NULL, NULL, &cma, &err) < 0) {
		fprintf(stderr, "embed: %s\n", err.msg);
		return 1;
	}
	ret = cma_alloc(cma, dev, kind, size, 0, &start);
	if (ret < 0)
		fprintf(stderr, "embed: cma_alloc: %s\n", strerror(-ret));
	else
		printf("0x%08" PRIx64 "\n", start);
	cma_destroy(cma);
	return ret < 0;
}
