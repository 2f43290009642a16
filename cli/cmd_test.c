/*
 * `cma test`: the seed's cma-test tool, running the framework in process.
 *
 * It reads the same command language on stdin and prints the same lines on
 * stdout as tools/cma/cma-test.c did against /dev/cma, so a recorded
 * allocate/free sequence gives the same output here as on a 2010 board:
 *
 *	l | list		every live chunk, oldest first
 *	a | alloc DEV[/KIND] SIZE[/ALIGN]
 *	f | free [NUM]		the chunk numbered NUM, else the newest
 *	w | write [NUM]		(from the 2010 v6 tool) fill the chunk's bytes
 *	v | verify [NUM]	in the window with words 0, 1, 2, ... / check
 *	# ...			comment;  an empty line repeats the last command
 *
 * Chunks are numbered the way the seed's file descriptors were: the lowest
 * free number from 3 up.  Results are "%3d: SIZE@START" with %p formatting,
 * SIZE as the user typed it (the seed's /dev/cma wrote back only start).
 * Diagnostics go to stderr.  One change on purpose: the seed parsed the
 * alignment from the '/' itself and so rejected every "/ALIGN"; here
 * "a video 1M/128K" asks for 128 KiB alignment.
 *
 * Lines of 1023 characters or more are skipped ("line too long") and a last
 * line without a newline is ignored ("no new line at EOF"), as in the seed.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "recorder.h"
#include "test_lang.h"


static const char test_help[] =
"usage: cma test [OPTIONS] < COMMANDS\n"
"\n"
"Run the 2010 cma-test tool's command language against the framework:\n"
"\n"
"  l, list                          list allocated chunks\n"
"  a, alloc DEV[/KIND] SIZE[/ALIGN]  allocate a chunk (sizes like 6M, 0x1000)\n"
"  f, free [NUM]                    free chunk NUM, or the newest one\n"
"  w, write [NUM]                   fill the chunk's bytes in the window with\n"
"                                   the words 0, 1, 2, ... and check them\n"
"  v, verify [NUM]                  check that pattern\n"
"  # ...                            comment\n"
"  <empty line>                     repeat the previous command\n"
"\n"
"Chunks print as '%3d: SIZE@START' on stdout; diagnostics go to stderr.\n"
"\n"
"options:\n"
CLI_CONFIG_HELP
CLI_WINDOW_HELP
"  -s, --stats SIZE  at the end, print per-region and per-bank fragmentation\n"
"                    figures for a SIZE request (e.g. 8M)\n"
"  -d, --db FILE     record the session as a trace in the database FILE\n"
"                    (created if needed); replay it with 'cma replay'\n"
"  -n, --name NAME   the recorded trace's name (default: \"cma test\")\n"
"  -q, --quiet       do not print the command summary on start\n"
"  -h, --help        this text\n";

int
cmd_test(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_CONFIG_OPTIONS,
		{ "quiet", no_argument, NULL, 'q' },
		{ "stats", required_argument, NULL, 's' },
		{ "db", required_argument, NULL, 'd' },
		{ "name", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_config cfg = { 0 };
	struct test_state st;
	struct cma *cma;
	struct cma_window *window;
	struct cma_board board;
	struct cma_region_info r;
	struct cma_dropped_info d;
	int opt, quiet = 0, ret, i;
	uint64_t stats = 0;
	const char *end, *db = NULL, *name = "cma test";
	struct trace_store *store = NULL;
	struct trace_recorder *rec = NULL;
	struct cma_err err;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:b:c:m:w:s:d:n:qh", longopts,
	    NULL)) != -1) {
		if (cli_config_option(&cfg, opt, optarg))
			continue;
		switch (opt) {
		case 'q':
			quiet = 1;
			break;
		case 'd':
			db = optarg;
			break;
		case 'n':
			name = optarg;
			break;
		case 's':
			if (cma_memparse(optarg, &end, &stats) < 0 ||
			    *end != '\0' || stats == 0)
				return cli_usage_error("test", "--stats '%s': "
				    "expected a size such as 8M", optarg);
			break;
		case 'h':
			fputs(test_help, stdout);
			return CLI_EXIT_OK;
		default:
			return cli_bad_option("test", opt, argv, optind);
		}
	}
	if (optind < argc)
		return cli_usage_error("test", "unexpected argument '%s'",
		    argv[optind]);
	if ((ret = cli_open(&cfg, &board, &cma, &window)) != CLI_EXIT_OK)
		return ret;
	test_init(&st, cma, window, stdout, stderr);
	if (db != NULL && (trace_store_open(db, TRACE_STORE_CREATE, &store,
	    &err) < 0 || trace_recorder_start(st.cma, store, name, "recorded",
	    &rec, &err) < 0)) {
		cli_error("%s", err.msg);
		trace_store_close(store);
		cma_destroy(st.cma);
		cma_window_close(st.window);
		return CLI_EXIT_FAIL;
	}
	for (i = 0; i < cma_dropped_count(st.cma); i++) {
		cma_dropped_get(st.cma, i, &d);
		cli_error("region %s dropped: %s", d.name, d.reason);
	}
	for (i = 0; i < cma_region_count(st.cma); i++)
		if (cma_region_get(st.cma, i, &r) == 0 && r.reason)
			cli_error("region %s unusable: %s", r.name, r.reason);
	if (!quiet)
		fputs("commands:\n"
		    " l or list                                  list "
		    "allocated chunks\n"
		    " a or alloc  <dev>[/<kind>] <size>[/<align>]  allocate "
		    "a chunk\n"
		    " f or free   [<num>]                        free a chunk\n"
		    " w or write  [<num>]                        fill a chunk "
		    "with a pattern\n"
		    " v or verify [<num>]                        check the "
		    "pattern\n"
		    " # ...                                      comment\n"
		    " <empty line>                               repeat the "
		    "previous command\n\n", stderr);
	test_loop(&st, stdin);
	if (stats)
		cli_print_stats(st.cma, stats);
	ret = CLI_EXIT_OK;
	if (rec != NULL) {
		/* Chunks still live at the end stay live in the trace. */
		int64_t id = trace_recorder_trace(rec);

		if (trace_recorder_stop(rec, &err) < 0) {
			cli_error("%s", err.msg);
			ret = CLI_EXIT_FAIL;
		} else if (!quiet)
			fprintf(stderr, "cma: recorded trace %lld in %s\n",
			    (long long)id, db);
		trace_store_close(store);
	}
	test_release_all(&st);
	cma_destroy(st.cma);
	cma_window_close(st.window);
	return ret;
}
