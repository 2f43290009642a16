/*
 * The trace database from the command line: opening it with one clear
 * line on failure, and choosing a trace (--trace ID, else the newest).
 */
#include <errno.h>
#include <stdlib.h>

#include "cli.h"

int
cli_open_db(const char *path, int flags, struct trace_store **out)
{
	struct cma_err err = { "" };
	int ret;

	if (path == NULL) {
		cli_error("no database: give one with --db FILE");
		return CLI_EXIT_USAGE;
	}
	ret = trace_store_open(path, flags, out, &err);
	if (ret < 0) {
		cli_error("%s", err.msg);
		return CLI_EXIT_FAIL;
	}
	return CLI_EXIT_OK;
}

int
cli_pick_trace(struct trace_store *st, const char *arg, int64_t *id)
{
	struct trace_info ti;
	struct cma_err err;
	char *end;

	if (arg == NULL) {
		*id = trace_store_latest(st);
		if (*id < 0) {
			cli_error("%s: holds no trace yet (record one with "
			    "'cma test --db' or 'cma import')",
			    trace_store_path(st));
			return CLI_EXIT_FAIL;
		}
		return CLI_EXIT_OK;
	}
	*id = strtoll(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || *id <= 0) {
		cli_error("--trace '%s': expected a trace number", arg);
		return CLI_EXIT_USAGE;
	}
	if (trace_store_trace(st, *id, &ti, &err) < 0) {
		cli_error("%s", err.msg);
		return CLI_EXIT_FAIL;
	}
	trace_info_free(&ti);
	return CLI_EXIT_OK;
}
