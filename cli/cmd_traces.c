/*
 * `cma traces`: what a trace database holds -- one line per trace, and
 * with --replays one line per stored replay; --json gives the same rows
 * as one JSON object.  `sqlite3 FILE` with the shipped views (see README)
 * answers everything else.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>

#include <sqlite3.h>

#include "cli.h"

static const char traces_help[] =
"usage: cma traces --db FILE [--replays] [--json]\n"
"\n"
"List the traces in a trace database: id, name, source, board, events,\n"
"allocations and failures as recorded.\n"
"\n"
"options:\n"
"  -d, --db FILE     the trace database\n"
"  -r, --replays     also list the stored replays with their totals\n"
"  -j, --json        one JSON object: {\"traces\": [...], \"replays\": [...]}\n"
"  -h, --help        this text\n";

/* Column i of a row as a JSON member named after the column. */
static void
traces_json_column(struct cli_json *j, sqlite3_stmt *s, int i)
{
	const char *key = sqlite3_column_name(s, i);

	switch (sqlite3_column_type(s, i)) {
	case SQLITE_INTEGER:
		cli_json_i64(j, key, sqlite3_column_int64(s, i));
		break;
	case SQLITE_FLOAT:
		cli_json_double(j, key, sqlite3_column_double(s, i));
		break;
	case SQLITE_NULL:
		cli_json_null(j, key);
		break;
	default:
		cli_json_str(j, key, (const char *)sqlite3_column_text(s, i));
		break;
	}
}

/* Every row of `sql` as an array of objects, member `key` of j. */
static int
traces_json_rows(struct cli_json *j, sqlite3 *db, const char *key,
    const char *sql)
{
	sqlite3_stmt *s;
	int i, rc;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	cli_json_array(j, key);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		cli_json_object(j, NULL);
		for (i = 0; i < sqlite3_column_count(s); i++)
			traces_json_column(j, s, i);
		cli_json_end(j);
	}
	cli_json_end(j);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

#define TRACES_SQL "SELECT id, name, source, board, events, allocs, " \
	"failures, replays FROM trace_summary ORDER BY id"
#define REPLAYS_SQL "SELECT id, trace, allocator, board, requests, " \
	"successes, fail_capacity, fail_fragmentation, fail_other, " \
	"peak_live, events_per_second, cma FROM replays ORDER BY id"

static int
traces_list(sqlite3 *db)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(db, TRACES_SQL, -1, &s, NULL) != SQLITE_OK)
		return -1;
	printf("%4s  %-24s %-9s %-8s %9s %9s %8s %7s\n", "ID", "NAME", "SOURCE",
	    "BOARD", "EVENTS", "ALLOCS", "FAILED", "REPLAYS");
	while (sqlite3_step(s) == SQLITE_ROW)
		printf("%4lld  %-24.24s %-9s %-8s %9lld %9lld %8lld %7lld\n",
		    sqlite3_column_int64(s, 0), sqlite3_column_text(s, 1),
		    sqlite3_column_text(s, 2), sqlite3_column_text(s, 3),
		    sqlite3_column_int64(s, 4), sqlite3_column_int64(s, 5),
		    sqlite3_column_int64(s, 6), sqlite3_column_int64(s, 7));
	sqlite3_finalize(s);
	return 0;
}

static int
traces_replays(sqlite3 *db)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(db, REPLAYS_SQL, -1, &s, NULL) != SQLITE_OK)
		return -1;
	printf("\n%4s %5s  %-10s %-8s %8s %8s %8s %8s %6s %11s %10s  %s\n",
	    "ID", "TRACE", "ALLOCATOR", "BOARD", "REQS", "OK", "FAIL-CAP",
	    "FAIL-FRG", "OTHER", "PEAK-LIVE", "EVENTS/S", "CMA");
	while (sqlite3_step(s) == SQLITE_ROW)
		printf("%4lld %5lld  %-10s %-8s %8lld %8lld %8lld %8lld %6lld "
		    "%11lld %10.0f  %s\n", sqlite3_column_int64(s, 0),
		    sqlite3_column_int64(s, 1), sqlite3_column_text(s, 2),
		    sqlite3_column_text(s, 3), sqlite3_column_int64(s, 4),
		    sqlite3_column_int64(s, 5), sqlite3_column_int64(s, 6),
		    sqlite3_column_int64(s, 7), sqlite3_column_int64(s, 8),
		    sqlite3_column_int64(s, 9), sqlite3_column_double(s, 10),
		    sqlite3_column_text(s, 11));
	sqlite3_finalize(s);
	return 0;
}

int
cmd_traces(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "replays", no_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *db = NULL;
	struct trace_store *st;
	struct cli_json j;
	int opt, replays = 0, json = 0, ret;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:d:rjh", longopts, NULL)) !=
	    -1) {
		switch (opt) {
		case 'd':
			db = optarg;
			break;
		case 'r':
			replays = 1;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			fputs(traces_help, stdout);
			return CLI_EXIT_OK;
		default:
			return cli_bad_option("traces", opt, argv, optind);
		}
	}
	if (optind < argc)
		return cli_usage_error("traces", "unexpected argument '%s'",
		    argv[optind]);
	if ((ret = cli_open_db(db, TRACE_STORE_READONLY, &st)) != CLI_EXIT_OK)
		return ret;
	if (json) {
		/* Rows go out as they are read: on an error, the output
		 * stops short and the exit status says so. */
		cli_json_init(&j, stdout);
		cli_json_object(&j, NULL);
		ret = traces_json_rows(&j, trace_store_db(st), "traces",
		    TRACES_SQL);
		if (ret == 0 && replays)
			ret = traces_json_rows(&j, trace_store_db(st),
			    "replays", REPLAYS_SQL);
		if (ret == 0)
			cli_json_end(&j);
	} else {
		ret = traces_list(trace_store_db(st));
		if (ret == 0 && replays)
			ret = traces_replays(trace_store_db(st));
	}
	if (ret < 0)
		cli_error("%s: %s", db, sqlite3_errmsg(trace_store_db(st)));
	trace_store_close(st);
	return ret < 0 ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}
