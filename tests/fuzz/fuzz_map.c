/*
 * libFuzzer harness for `cma_map=`: the first line of the input is the
 * map, every further line a DEV[/KIND] request to match against it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cma/param.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *line, *next, *slash;
	struct cma_map m;
	int pattern;

	memcpy(text, data, size);
	text[size] = '\0';
	next = strchr(text, '\n');
	if (next)
		*next++ = '\0';
	if (cma_map_parse(text, &m, NULL) == 0) {
		for (line = next; line != NULL; line = next) {
			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			slash = strrchr(line, '/');
			if (slash)
				*slash = '\0';
			(void)cma_map_match(&m, line, slash ? slash + 1 : NULL,
			    &pattern);
		}
		cma_map_free(&m);
	}
	free(text);
	return 0;
}
