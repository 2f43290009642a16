/*
 * Names of trace operations, as the store and the text formats spell them.
 */
#include <string.h>

#include "trace.h"

static const char *const trace_op_names[] = {
	[TRACE_ALLOC] = "alloc",
	[TRACE_ALLOC_FROM] = "alloc_from",
	[TRACE_GET] = "get",
	[TRACE_PUT] = "put",
};

const char *
trace_op_name(int op)
{
	if (op < TRACE_ALLOC || op > TRACE_PUT)
		return NULL;
	return trace_op_names[op];
}

int
trace_op_parse(const char *name)
{
	int op;

	for (op = TRACE_ALLOC; op <= TRACE_PUT; op++)
		if (strcmp(trace_op_names[op], name) == 0)
			return op;
	return -1;
}
