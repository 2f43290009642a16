/*
 * `cma replay`: run a stored trace through the framework under its own or
 * another layout and allocator, print what happened, and keep the result
 * in the database (tables replays, replay_stats, replay_failures).
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char replay_help[] =
"usage: cma replay --db FILE [OPTIONS]\n"
"\n"
"Replay a stored trace (default: the newest) through the framework and\n"
"report requests, successes, failures split into capacity (not enough free\n"
"bytes) and fragmentation (enough bytes, no extent), peak live and used\n"
"bytes, the smallest largest-free extent seen, and U/FI at the failures,\n"
"per region and per bank.  The layout defaults to the trace's own.\n"
"\n"
"options:\n"
"  -d, --db FILE       the trace database\n"
"  -t, --trace ID      which trace (see 'cma traces'); default the newest\n"
CLI_CONFIG_HELP
"  -a, --allocator NAME  run every region with this allocator\n"
"  -j, --json          print the result as JSON\n"
"  -n, --no-save       do not store the result in the database\n"
"  -h, --help          this text\n";

int
cmd_replay(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_CONFIG_OPTIONS,
		{ "db", required_argument, NULL, 'd' },
		{ "trace", required_argument, NULL, 't' },
		{ "allocator", required_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "no-save", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_config cfg = { 0 };
	struct replay_options ro = { .save = 1 };
	struct cma_board board;
	const char *db = NULL, *trace_arg = NULL;
	struct replay_result *res;
	struct trace_store *st;
	struct cli_progress pr;
	struct trace_info ti;
	struct cma_err err;
	int opt, json = 0, ret;
	int64_t id;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:b:c:m:d:t:a:jnh", longopts,
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
			ro.allocator = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'n':
			ro.save = 0;
			break;
		case 'h':
			fputs(replay_help, stdout);
			return CLI_EXIT_OK;
		default:
			return cli_bad_option("replay", opt, argv, optind);
		}
	}
	if (optind < argc)
		return cli_usage_error("replay", "unexpected argument '%s'",
		    argv[optind]);
	if (ro.allocator && cma_allocator_find(ro.allocator) == NULL)
		return cli_usage_error("replay", "unknown allocator '%s'",
		    ro.allocator);
	if ((ret = cli_open_db(db, ro.save ? 0 : TRACE_STORE_READONLY,
	    &st)) != CLI_EXIT_OK)
		return ret;
	if ((ret = cli_pick_trace(st, trace_arg, &id)) != CLI_EXIT_OK)
		goto out;
	if ((ret = cli_replay_options(&cfg, &board, &ro)) != CLI_EXIT_OK)
		goto out;
	cli_progress_init(&pr, "replay");
	ro.progress = cli_progress;
	ro.progress_arg = &pr;
	res = calloc(1, sizeof *res);
	ret = replay_run(st, id, &ro, res, &err);
	cli_progress_done(&pr);
	if (ret < 0) {
		cli_error("%s", err.msg);
		ret = ret == -EINVAL ? CLI_EXIT_USAGE : CLI_EXIT_FAIL;
		free(res);
		goto out;
	}
	trace_store_trace(st, id, &ti, NULL);
	if (json)
		cli_report_replay_json(res, ti.name ? ti.name : "");
	else {
		cli_report_replay(res, ti.name ? ti.name : "");
		if (res->replay_id)
			printf("\nsaved as replay %lld in %s\n",
			    (long long)res->replay_id, db);
	}
	trace_info_free(&ti);
	free(res);
	ret = CLI_EXIT_OK;
out:
	trace_store_close(st);
	return ret;
}
