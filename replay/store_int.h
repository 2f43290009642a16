/*
 * Internals of the trace store shared by store.c, writer.c and reader.c.
 */
#ifndef CMA_STORE_INT_H
#define CMA_STORE_INT_H

#include <limits.h>

#include <sqlite3.h>

#include "store.h"

struct trace_store {
	sqlite3	*db;
	char	 path[PATH_MAX];
	int	 readonly;
};

/* Create the secondary indexes if missing (after a bulk load). */
int trace_store_index(struct trace_store *st);

#endif
