/*
 * `cma compare`: one trace replayed under several allocators, one table.
 * Each run is an ordinary replay (stored unless --no-save), so the numbers
 * are the ones `cma replay --allocator NAME` prints.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char compare_help[] =
"usage: cma compare --db FILE [OPTIONS]\n"
"\n"
"Replay one trace (default: the newest) under each allocator in turn and\n"
"print the results side by side: successes, failures by cause, peak live\n"
"bytes, the smallest largest-free extent per region, and speed.\n"
"\n"
"options:\n"
"  -d, --db FILE            the trace database\n"
"  -t, --trace ID           which trace; default the newest\n"
"  -A, --all                every trace in the database, one table\n"
"  -a, --allocators A,B,..  allocators to compare (default: all registered)\n"
CLI_CONFIG_HELP
"  -j, --json               one JSON object per allocator, one per line\n"
"  -n, --no-save            do not store the replays\n"
"  -h, --help               this text\n";

#define COMPARE_MAX 32

static int
compare_names(const char *list, char names[][64], int *n)
{
	const char *p = list, *q;

	*n = 0;
	if (list == NULL) {
		const struct cma_allocator *a;

		while (*n < COMPARE_MAX && (a = cma_allocator_get(*n)) != NULL) {
			snprintf(names[*n], 64, "%s", a->name);
			(*n)++;
		}
		return 0;
	}
	while (*n < COMPARE_MAX) {
		q = p + strcspn(p, ",");
		snprintf(names[*n], 64, "%.*s", (int)(q - p), p);
		if (cma_allocator_find(names[*n]) == NULL ||
		    names[*n][0] == '\0')
			return cli_usage_error("compare", "unknown allocator "
			    "'%s'", names[*n]);
		(*n)++;
		if (*q == '\0')
			return 0;
		p = q + 1;
	}
	return cli_usage_error("compare", "too many allocators (at most %d)",
	    COMPARE_MAX);
}

static void
compare_row(int64_t id, const char *name, const struct replay_result *r)
{
	char live[32], m[32];
	uint64_t minmax = UINT64_MAX;
	int i;

	for (i = 0; i < r->nregions; i++)
		if (r->regions[i].size && r->regions[i].min_largest_free <
		    minmax && r->regions[i].requests)
			minmax = r->regions[i].min_largest_free;
	printf("%-5lld %-22.22s %-10s %8" PRIu64 " %8" PRIu64 " %8" PRIu64
	    " %8" PRIu64 " %6" PRIu64 " %11s %11s %10.0f  ", (long long)id,
	    name, r->allocator, r->requests,
	    r->successes, r->fail_capacity, r->fail_fragmentation,
	    r->fail_other, cli_size_approx(r->peak_live, live, sizeof live),
	    minmax == UINT64_MAX ? "-" : cli_size_approx(minmax, m, sizeof m),
	    r->events_per_second);
	for (i = 0; i < r->nregions; i++)
		printf("%s%s:%" PRIu64, i ? " " : "", r->regions[i].name,
		    r->regions[i].fail_capacity +
		    r->regions[i].fail_fragmentation);
	putchar('\n');
}

/* Every allocator on one trace: one row each. */
static int
compare_trace(struct trace_store *st, int64_t id, const char *name,
    char names[][64], int n, struct replay_options *ro,
    struct replay_result *res, int json)
{
	struct cli_progress pr;
	struct cma_err err;
	int i;

	for (i = 0; i < n; i++) {
		ro->allocator = names[i];
		cli_progress_init(&pr, names[i]);
		ro->progress = cli_progress;
		ro->progress_arg = &pr;
		if (replay_run(st, id, ro, res, &err) < 0) {
			cli_progress_done(&pr);
			cli_error("trace %lld, %s: %s", (long long)id, names[i],
			    err.msg);
			return CLI_EXIT_FAIL;
		}
		cli_progress_done(&pr);
		if (json)
			cli_report_replay_json(res, name);
		else
			compare_row(id, name, res);
	}
	return CLI_EXIT_OK;
}

int
cmd_compare(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_CONFIG_OPTIONS,
		{ "db", required_argument, NULL, 'd' },
		{ "trace", required_argument, NULL, 't' },
		{ "allocators", required_argument, NULL, 'a' },
		{ "all", no_argument, NULL, 'A' },
		{ "json", no_argument, NULL, 'j' },
		{ "no-save", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_config cfg = { 0 };
	struct replay_options ro = { .save = 1 };
	struct cma_board board;
	const char *db = NULL, *trace_arg = NULL, *list = NULL;
	char names[COMPARE_MAX][64];
	struct replay_result *res;
	struct trace_store *st;
	struct trace_info ti;
	struct cma_err err;
	int opt, json = 0, all = 0, ret, n;
	int64_t id = 0, last = 0;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:b:c:m:d:t:a:Ajnh", longopts,
	    NULL)) != -1) {
		if (opt != 'w' && cli_config_option(&cfg, opt, optarg))
			continue;
		switch (opt) {
		case 'd':
			db = optarg;
			break;
		case 't':
			trace_arg = optarg;
			break;
		case 'a':
			list = optarg;
			break;
		case 'A':
			all = 1;
			break;
		case 'j':
			json = 1;
			break;
		case 'n':
			ro.save = 0;
			break;
		case 'h':
			fputs(compare_help, stdout);
			return CLI_EXIT_OK;
		default:
			return cli_bad_option("compare", opt, argv, optind);
		}
	}
	if (optind < argc)
		return cli_usage_error("compare", "unexpected argument '%s'",
		    argv[optind]);
	if ((ret = compare_names(list, names, &n)) != 0)
		return ret;
	if ((ret = cli_open_db(db, 0, &st)) != CLI_EXIT_OK)
		return ret;
	if (all && trace_arg)
		ret = cli_usage_error("compare", "--all and --trace exclude "
		    "each other");
	else if (all) {
		last = trace_store_latest(st);
		ret = last < 0 ? cli_pick_trace(st, NULL, &id) : CLI_EXIT_OK;
		id = 1;
	} else {
		ret = cli_pick_trace(st, trace_arg, &id);
		last = id;
	}
	if (ret != CLI_EXIT_OK)
		goto out;
	if ((ret = cli_replay_options(&cfg, &board, &ro)) != CLI_EXIT_OK)
		goto out;
	res = calloc(1, sizeof *res);
	if (!json)
		printf("%-5s %-22s %-10s %8s %8s %8s %8s %6s %11s %11s %10s  %s\n",
		    "TRACE", "NAME", "ALLOCATOR", "REQS", "OK", "FAIL-CAP",
		    "FAIL-FRG", "OTHER", "PEAK-LIVE", "MIN-MAXCH", "EVENTS/S",
		    "FAILURES PER REGION");
	for (; id <= last && ret == CLI_EXIT_OK; id++) {
		if (trace_store_trace(st, id, &ti, &err) < 0)
			continue;	/* ids need not be dense */
		ret = compare_trace(st, id, ti.name, names, n, &ro, res, json);
		trace_info_free(&ti);
	}
	free(res);
out:
	trace_store_close(st);
	return ret;
}
