/*
 * `cma mount` and `cma umount`: the workbench as a filesystem, where files
 * are allocations (the tree and its semantics: fs/fs.h, README).
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "fs.h"

static const char mount_help[] =
"usage: cma mount [OPTIONS] MOUNTPOINT\n"
"\n"
"Serve the allocator as a filesystem at MOUNTPOINT: create and size a file\n"
"under dev/DEVICE[/KIND] or regions/REGION to allocate, rm to free, read,\n"
"write and mmap it to reach the bytes; status files at the top, sys/\n"
"per region and bank, and `cma`, the v1 /dev/cma ioctl node.  Every\n"
"allocation is recorded into the trace database; after a crash, mounting\n"
"again with the same window and database brings every file back.\n"
"\n"
"options:\n"
CLI_CONFIG_HELP
"  -w, --window PATH the physical window (default: STATE/cma.window)\n"
"  -d, --db PATH     the trace database (default: STATE/trace.db)\n"
"      --state PATH  the namespace journal (default: WINDOW.fs)\n"
"  -f, --foreground  do not detach; serve until unmounted or interrupted\n"
"  -o OPTIONS        FUSE mount options, e.g. allow_other\n"
"\n"
"STATE is $XDG_STATE_HOME/cma, or ~/.local/state/cma.  The namespace and a\n"
"journal of recent operations live beside the window, in WINDOW.fs.  A\n"
"window mounted before keeps its board and cma=: give the same, or none.\n";

static const char umount_help[] =
"usage: cma umount MOUNTPOINT\n"
"\n"
"Unmount a `cma mount` (also one whose daemon died) and wait until the\n"
"daemon has committed its trace.  `fusermount3 -u` works too.\n";

/*
 * The board and the cma=/map strings the options ask for, resolved here
 * (board files, device trees, the mainline dialect) so the daemon gets
 * plain values.  Options not given stay NULL: a window mounted before
 * keeps what it was made with.
 */
static int
mount_layout(const struct cli_config *cfg, struct fs_config *out,
    struct cma_board *board, char *cma_buf, char *map_buf)
{
	const char *cma_text, *map_text;
	int ret;

	if ((ret = cli_board(cfg, board)) != CLI_EXIT_OK)
		return ret;
	if (cli_has_board(cfg))
		out->board = board;
	if ((ret = cli_layout(cfg, board, board->cma, board->map, cma_buf,
	    map_buf, &cma_text, &map_text)) != CLI_EXIT_OK)
		return ret;
	out->cma = cfg->cma || cfg->cma_mainline ? cma_text : NULL;
	out->map = cfg->map || cfg->cma_mainline ? map_text : NULL;
	return CLI_EXIT_OK;
}

int
cmd_mount(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_CONFIG_OPTIONS,
		{ "db", required_argument, NULL, 'd' },
		{ "foreground", no_argument, NULL, 'f' },
		{ "state", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char cma_buf[CMA_MAX_PARAM_LEN], map_buf[CMA_MAX_PARAM_LEN];
	struct fs_mount_options o = { 0 };
	struct cli_config cfg = { 0 };
	struct cma_board board;
	int opt, ret;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:b:c:m:w:d:fo:h", longopts,
	    NULL)) != -1) {
		if (cli_config_option(&cfg, opt, optarg))
			continue;
		switch (opt) {
		case 'd':
			o.cfg.db = optarg;
			break;
		case 'f':
			o.foreground = 1;
			break;
		case 'o':
			o.fuse_opts = optarg;
			break;
		case 's':
			o.cfg.state = optarg;
			break;
		case 'h':
			fputs(mount_help, stdout);
			return CLI_EXIT_OK;
		default:
			return cli_bad_option("mount", opt, argv, optind);
		}
	}
	if (optind >= argc)
		return cli_usage_error("mount", "no mount point");
	if (optind + 1 < argc)
		return cli_usage_error("mount", "unexpected argument '%s'",
		    argv[optind + 1]);
	if ((ret = mount_layout(&cfg, &o.cfg, &board, cma_buf, map_buf)) !=
	    CLI_EXIT_OK)
		return ret;
	o.cfg.window = cfg.window;
	o.mountpoint = argv[optind];
	return fs_mount_run(&o);
}

int
cmd_umount(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct cma_err err = { "" };
	int opt;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:h", longopts, NULL)) != -1) {
		if (opt == 'h') {
			fputs(umount_help, stdout);
			return CLI_EXIT_OK;
		}
		return cli_bad_option("umount", opt, argv, optind);
	}
	if (optind >= argc)
		return cli_usage_error("umount", "no mount point");
	if (optind + 1 < argc)
		return cli_usage_error("umount", "unexpected argument '%s'",
		    argv[optind + 1]);
	if (fs_umount(argv[optind], &err) < 0) {
		cli_error("umount: %s", err.msg);
		return CLI_EXIT_FAIL;
	}
	return CLI_EXIT_OK;
}
