/*
 * `cma`: one command, subcommands in the style of git and perf.
 *
 * Each subcommand lives in its own cli/cmd_*.c with its own option parsing
 * and --help; this file only finds it.  `cma help CMD` is `cma CMD --help`;
 * `cma version` is `cma --version`.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

struct cli_command {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
};

static const struct cli_command cli_commands[] = {
	{ "info", "show the board, the placed regions and the map; resolve "
	    "a device", cmd_info },
	{ "test", "the seed's cma-test: allocate and free from commands on "
	    "stdin", cmd_test },
	{ "gen", "write a synthetic S5PV210 workload as a cma-test script",
	    cmd_gen },
	{ "import", "load ftrace, dmesg or cma-test captures into a trace "
	    "database", cmd_import },
	{ "traces", "list the traces (and replays) in a trace database",
	    cmd_traces },
	{ "replay", "replay a stored trace under any layout and allocator",
	    cmd_replay },
	{ "compare", "replay one trace under several allocators, side by side",
	    cmd_compare },
	{ "sweep", "find the smallest regions that replay a trace without "
	    "failures", cmd_sweep },
	{ "mount", "serve the allocator as a filesystem: files are "
	    "allocations", cmd_mount },
	{ "umount", "unmount a `cma mount`", cmd_umount },
	{ "top", "the fragmentation viewer: a mount live, or a stored trace "
	    "step by step", cmd_top },
};

#define CLI_NCOMMANDS (sizeof cli_commands / sizeof cli_commands[0])

static void
cli_main_usage(FILE *f)
{
	size_t i;

	fputs("usage: cma [--help | --version] COMMAND [ARGS]\n\n"
	    "A workbench for the 2010 Contiguous Memory Allocator (CMA v1).\n\n"
	    "commands:\n", f);
	for (i = 0; i < CLI_NCOMMANDS; i++)
		fprintf(f, "  %-8s %s\n", cli_commands[i].name,
		    cli_commands[i].summary);
	fputs("\n'cma COMMAND --help' (or 'cma help COMMAND') describes one "
	    "command.\nExit status: 0 success, 1 failure, 2 usage or "
	    "configuration error.\n", f);
}

static const struct cli_command *
cli_find(const char *name)
{
	size_t i;

	for (i = 0; i < CLI_NCOMMANDS; i++)
		if (strcmp(cli_commands[i].name, name) == 0)
			return &cli_commands[i];
	return NULL;
}

int
main(int argc, char **argv)
{
	const struct cli_command *cmd;
	char *help_argv[3];

	if (argc < 2) {
		cli_main_usage(stderr);
		return CLI_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		cli_main_usage(stdout);
		return CLI_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0 ||
	    strcmp(argv[1], "version") == 0) {
		printf("cma %s\n", CMA_VERSION);
		return CLI_EXIT_OK;
	}
	if (strcmp(argv[1], "help") == 0) {
		if (argc < 3) {
			cli_main_usage(stdout);
			return CLI_EXIT_OK;
		}
		if ((cmd = cli_find(argv[2])) == NULL)
			goto unknown;
		help_argv[0] = argv[2];
		help_argv[1] = "--help";
		help_argv[2] = NULL;
		return cmd->run(2, help_argv);
	}
	if ((cmd = cli_find(argv[1])) == NULL)
		goto unknown;
	return cmd->run(argc - 1, argv + 1);

unknown:
	cli_error("unknown command '%s' (try 'cma --help')",
	    strcmp(argv[1], "help") == 0 ? argv[2] : argv[1]);
	return CLI_EXIT_USAGE;
}
