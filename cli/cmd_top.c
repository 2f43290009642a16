/*
 * `cma top`: the fragmentation viewer, on a mounted workbench (live) or
 * stepping through a stored trace.  The viewer itself lives in tui/; this
 * file parses options, opens the source and runs the loop.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "tui_app.h"
#include "tui_live.h"
#include "tui_trace.h"

static const char top_help[] =
"usage: cma top [OPTIONS] MOUNTPOINT\n"
"       cma top [OPTIONS] --db FILE [--trace ID] [--allocator NAME]\n"
"\n"
"Show the banks as address maps, chunks coloured by device, holes, the\n"
"reserved range, meters per bank and region (used, largest free extent,\n"
"holes, U(s)) and a timeline with the failures marked.  On a mounted\n"
"workbench the view follows every allocation and free; on a stored trace\n"
"it steps, plays, jumps to failures and switches allocator in place.\n"
"Press ? inside for the keys.\n"
"\n"
"options:\n"
"  -d, --db FILE       step through a trace of this database\n"
"  -t, --trace ID      which trace (default: the newest)\n"
"  -a, --allocator NAME  run every region with this allocator\n"
CLI_CONFIG_HELP
"      --ascii         ASCII glyphs only (also when the locale is not UTF-8)\n"
"      --no-color      no colours (also when NO_COLOR is set)\n"
"      --poll MS       how often to look at a mount's generation (200)\n"
"      --stats         on exit, print frames drawn and polls made to stderr\n"
"  -h, --help          this text\n";

int
cmd_top(int argc, char **argv)
{
	enum { OPT_ASCII = 1000, OPT_NO_COLOR, OPT_POLL, OPT_STATS };
	static const struct option longopts[] = {
		CLI_CONFIG_OPTIONS,
		{ "db", required_argument, NULL, 'd' },
		{ "trace", required_argument, NULL, 't' },
		{ "allocator", required_argument, NULL, 'a' },
		{ "ascii", no_argument, NULL, OPT_ASCII },
		{ "no-color", no_argument, NULL, OPT_NO_COLOR },
		{ "poll", required_argument, NULL, OPT_POLL },
		{ "stats", no_argument, NULL, OPT_STATS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_config cfg = { 0 };
	struct tui_trace_options to = { 0 };
	const char *db = NULL, *trace_arg = NULL, *mnt = NULL;
	struct trace_store *st = NULL;
	struct tui_trace *trace = NULL;
	struct tui_live *live = NULL;
	struct tui_app app;
	struct cma_err err = { "" };
	int opt, ret, ascii = 0, color = 1, stats = 0, poll_ms = 200;
	int64_t id;
	char *end;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:b:c:m:d:t:a:h", longopts,
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
			to.allocator = optarg;
			break;
		case OPT_ASCII:
			ascii = 1;
			break;
		case OPT_NO_COLOR:
			color = 0;
			break;
		case OPT_POLL:
			poll_ms = (int)strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || poll_ms < 10 ||
			    poll_ms > 60000)
				return cli_usage_error("top", "--poll '%s': "
				    "expected milliseconds, 10 to 60000",
				    optarg);
			break;
		case OPT_STATS:
			stats = 1;
			break;
		case 'h':
			fputs(top_help, stdout);
			return CLI_EXIT_OK;
		default:
			return cli_bad_option("top", opt, argv, optind);
		}
	}
	if (optind < argc)
		mnt = argv[optind++];
	if (optind < argc)
		return cli_usage_error("top", "unexpected argument '%s'",
		    argv[optind]);
	if ((mnt == NULL) == (db == NULL))
		return cli_usage_error("top", "give either a MOUNTPOINT or "
		    "--db FILE");
	if (mnt && (trace_arg || to.allocator || cfg.board || cfg.cma ||
	    cfg.map))
		return cli_usage_error("top", "--trace, --allocator, --board, "
		    "--cma and --map go with --db, not with a MOUNTPOINT");
	if (to.allocator && cma_allocator_find(to.allocator) == NULL)
		return cli_usage_error("top", "unknown allocator '%s'",
		    to.allocator);
	if (db) {
		if ((ret = cli_open_db(db, TRACE_STORE_READONLY, &st)) !=
		    CLI_EXIT_OK)
			return ret;
		if ((ret = cli_pick_trace(st, trace_arg, &id)) != CLI_EXIT_OK)
			goto out;
		to.board = cfg.board;
		to.cma = cfg.cma;
		to.map = cfg.map;
		if ((ret = tui_trace_open(st, id, &to, &trace, &err)) < 0) {
			cli_error("%s", err.msg);
			ret = ret == -EINVAL ? CLI_EXIT_USAGE : CLI_EXIT_FAIL;
			goto out;
		}
	} else if (tui_live_open(mnt, &live, &err) < 0) {
		cli_error("%s", err.msg);
		return CLI_EXIT_FAIL;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		cli_error("top: needs a terminal on stdin and stdout");
		ret = CLI_EXIT_USAGE;
		goto close;
	}
	tui_app_init(&app, trace, live);
	app.poll_ms = poll_ms;
	ret = tui_app_run(&app, ascii, color);
	if (stats)
		fprintf(stderr, "cma top: %llu frames, %llu polls, %llu "
		    "reloads\n", (unsigned long long)app.frames,
		    (unsigned long long)app.polls, (unsigned long long)(live ?
		    tui_live_reloads(live) : 0));
	tui_app_free(&app);
close:
	tui_trace_close(trace);
	tui_live_close(live);
out:
	if (st)
		trace_store_close(st);
	return ret;
}
