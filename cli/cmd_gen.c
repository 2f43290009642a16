/*
 * `cma gen`: write a synthetic S5PV210 workload as a cma-test script.
 *
 * The generators are in replay/gen*.c; this file parses the command line,
 * writes the header (the command that reproduces the output, what the
 * workload models) and streams the events to stdout through the text sink.
 * Output depends only on the workload, --seed and --events, so a shipped
 * trace is reproduced byte for byte by the command in its first line.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "gen.h"

#define GEN_SEED_DEFAULT	1

static const char gen_help[] =
"usage: cma gen WORKLOAD [OPTIONS] > TRACE\n"
"       cma gen --list\n"
"\n"
"Write a synthetic S5PV210 (goni) workload to stdout in the seed's\n"
"cma-test command language ('a DEV[/KIND] SIZE[/ALIGN]', 'f NUM'), ready\n"
"for 'cma test < TRACE' or 'cma import'.  The first lines are comments:\n"
"the command that reproduces the output and what the workload models.\n"
"Chunk numbers follow cma-test: the lowest free number from 3 up,\n"
"assuming every allocation succeeds.  The output is streamed: any length\n"
"runs in constant memory.  'cma gen --list' names the workloads.\n"
"\n"
"options:\n"
"  -s, --seed N      seed of the random schedule, decimal or 0x hex\n"
"                    (default 1; imx6-gst is a fixed sequence)\n"
"  -n, --events N    exactly N alloc/free lines (default per workload)\n"
"  -l, --list        list the workloads\n"
"  -h, --help        this text\n";

/* Decimal or 0x hex, nothing else: no sign, suffix, spaces or octal. */
static int
gen_parse_u64(const char *s, uint64_t *v)
{
	int base = 10;
	char *end;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		base = 16;
	}
	if (!(*s >= '0' && *s <= '9') && !(base == 16 &&
	    ((*s >= 'a' && *s <= 'f') || (*s >= 'A' && *s <= 'F'))))
		return -1;
	errno = 0;
	*v = strtoull(s, &end, base);
	if (errno || *end != '\0')
		return -1;
	return 0;
}

static void
gen_list(void)
{
	const struct gen_workload *w;
	size_t i;

	for (i = 0; i < gen_workload_count(); i++) {
		w = gen_workload_at(i);
		printf("%-15s %-8" PRIu64 " %s\n", w->name, w->default_events,
		    w->summary);
	}
}

int
cmd_gen(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "events", required_argument, NULL, 'n' },
		{ "list", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct gen_sink sink = { gen_text_event, stdout };
	const struct gen_workload *w;
	struct gen_stats st;
	uint64_t seed = GEN_SEED_DEFAULT, events = 0;
	int opt, list = 0, ret;

	optind = 1;
	opterr = 0;
	/* Permute: "cma gen day --seed 3" and "cma gen --seed 3 day". */
	while ((opt = getopt_long(argc, argv, ":s:n:lh", longopts,
	    NULL)) != -1) {
		switch (opt) {
		case 's':
			if (gen_parse_u64(optarg, &seed) < 0)
				return cli_usage_error("gen", "--seed '%s': "
				    "expected a number from 0 to %" PRIu64,
				    optarg, UINT64_MAX);
			break;
		case 'n':
			if (gen_parse_u64(optarg, &events) < 0 || events == 0)
				return cli_usage_error("gen", "--events '%s': "
				    "expected a number of events, at least 1",
				    optarg);
			break;
		case 'l':
			list = 1;
			break;
		case 'h':
			fputs(gen_help, stdout);
			return CLI_EXIT_OK;
		default:
			return cli_bad_option("gen", opt, argv, optind);
		}
	}
	if (list) {
		if (optind < argc)
			return cli_usage_error("gen", "unexpected argument "
			    "'%s'", argv[optind]);
		gen_list();
		return CLI_EXIT_OK;
	}
	if (optind >= argc)
		return cli_usage_error("gen", "expected a workload; 'cma gen "
		    "--list' names them");
	if ((w = gen_workload_find(argv[optind])) == NULL)
		return cli_usage_error("gen", "unknown workload '%s'; 'cma gen "
		    "--list' names them", argv[optind]);
	if (optind + 1 < argc)
		return cli_usage_error("gen", "unexpected argument '%s'",
		    argv[optind + 1]);
	if (events == 0)
		events = w->default_events;
	if (!w->seeded)
		seed = 0;
	gen_text_header(stdout, w, seed, events);
	ret = gen_run(w, seed, events, &sink, &st);
	if (ret == 0)
		printf("# end: %" PRIu64 " allocation%s, %" PRIu64 " free%s, "
		    "%u chunk%s left allocated\n", st.allocs,
		    st.allocs == 1 ? "" : "s", st.frees,
		    st.frees == 1 ? "" : "s", st.live, st.live == 1 ? "" : "s");
	if (ret == 0 && fflush(stdout) == EOF)
		ret = -errno;
	if (ret < 0 || ferror(stdout)) {
		cli_error("gen: writing the trace: %s",
		    strerror(ret < 0 ? -ret : EIO));
		return CLI_EXIT_FAIL;
	}
	return CLI_EXIT_OK;
}
