/*
 * `cma import`: load text captures into the trace store.
 *
 * Each file becomes one trace.  The whole command is one transaction: if
 * any file has a malformed line, the error names the file and line and the
 * database is left exactly as it was.  Importers stream, so a capture far
 * larger than memory goes through in constant space.
 *
 * The layout a trace is stored with, in order of preference: --board /
 * --cma / --map; what the capture itself implies (ftrace areas); for
 * cma-test scripts, which were written for one board, the default board.
 */
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "cli.h"
#include "import.h"

static const char import_help[] =
"usage: cma import --db FILE [OPTIONS] CAPTURE...\n"
"\n"
"Import captures into the trace database, one trace per file ('-' reads\n"
"standard input and needs --format).  A malformed line in any file stops\n"
"the import with FILE:LINE and nothing at all is stored.  Formats:\n"
"  cma-test   the 2010 cma-test tool's command scripts (requests only)\n"
"  ftrace     /sys/kernel/tracing/trace text with the cma_alloc_start,\n"
"             cma_alloc_finish, cma_release and cma_alloc_busy_retry\n"
"             events, or the pre-2022 cma_alloc event\n"
"  trace-cmd  the text of 'trace-cmd report' (also with -l) of those events\n"
"  trace.dat  trace-cmd's binary capture, read through 'trace-cmd report'\n"
"             (needs the trace-cmd program)\n"
"  dmesg      CMA_DEBUG kernel log lines (cma: cma_alloc(...), ...)\n"
"\n"
"options:\n"
"  -d, --db FILE       the trace database (created if needed)\n"
"  -f, --format F      cma-test, ftrace, trace-cmd, trace.dat or dmesg\n"
"                      (default: guessed per file)\n"
"  -n, --name NAME     the trace's name (default: the file's name)\n"
CLI_CONFIG_HELP
"                      (the layout to store with the traces; by default\n"
"                      what the capture implies, or the default board)\n"
"  -h, --help          this text\n";

struct import_ctx {
	struct trace_writer *w;
	FILE		    *in;
	uint64_t	     size;	/* of the file, 0 if unknown */
	uint64_t	     events;
	struct cli_progress *pr;
};

static int
import_sink_event(void *arg, const struct trace_event *ev)
{
	struct import_ctx *c = arg;
	long pos;

	if (++c->events % 65536 == 0 && c->size &&
	    (pos = ftell(c->in)) >= 0)
		cli_progress(c->pr, (uint64_t)pos, c->size);
	return trace_writer_append(c->w, ev);
}

static const char *
import_basename(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* The layout to store: options, else the capture's, else the default;
 * then --cma-mainline's area on top (its strings in the buffers). */
static int
import_layout(const struct cli_config *cfg, const struct import_result *res,
    struct cma_board *board, char *board_text, size_t len, char *cma_buf,
    char *map_buf, const char **cma, const char **map)
{
	const char *base_cma = NULL, *base_map = NULL;
	struct cma_err err;

	if (!cli_has_board(cfg) && res->board[0] != '\0') {
		if (cma_board_parse(res->board, "capture", board, &err) < 0) {
			cli_error("the layout the capture implies is not "
			    "valid: %s", err.msg);
			return -EINVAL;
		}
		base_cma = res->cma;
		base_map = res->map;
	} else if (cli_board(cfg, board) != CLI_EXIT_OK)
		return -EINVAL;
	if (base_cma == NULL)
		base_cma = board->cma;
	if (base_map == NULL)
		base_map = board->map;
	if (cli_layout(cfg, board, base_cma, base_map, cma_buf, map_buf, cma,
	    map) != CLI_EXIT_OK)
		return -EINVAL;
	cma_board_format(board, board_text, len);
	return 0;
}

static int
import_one(struct trace_store *st, const char *path, const char *format,
    const char *name, const struct cli_config *cfg, struct cli_progress *pr)
{
	struct trace_config tc = { 0 };
	struct import_result res = { 0 };
	struct import_ctx ctx = { 0 };
	struct stat sb;
	struct import_sink sink = { import_sink_event, &ctx };
	struct cma_board board;
	struct cma_err err = { "" };
	char board_text[4096], cma_buf[CMA_MAX_PARAM_LEN];
	char map_buf[CMA_MAX_PARAM_LEN];
	const char *cma, *map;
	import_fn fn;
	FILE *in;
	int ret;

	in = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (in == NULL) {
		cli_error("%s: %s", path, strerror(errno));
		return -errno;
	}
	if (format == NULL && (format = import_detect(in)) == NULL) {
		cli_error("%s: cannot tell the format; give --format", path);
		ret = -EINVAL;
		goto out;
	}
	if ((fn = import_find(format)) == NULL) {
		cli_error("unknown format '%s' (cma-test, ftrace, trace-cmd, "
		    "trace.dat or dmesg)", format);
		ret = -EINVAL;
		goto out;
	}
	tc.name = name ? name : import_basename(path);
	tc.source = format;
	tc.board = tc.board_text = tc.cma = tc.map = "";
	if ((ret = trace_writer_begin(st, &tc, TRACE_WRITE_ATOMIC, &ctx.w,
	    &err)) < 0) {
		cli_error("%s", err.msg);
		goto out;
	}
	ctx.in = in;
	ctx.pr = pr;
	if (fstat(fileno(in), &sb) == 0 && S_ISREG(sb.st_mode))
		ctx.size = (uint64_t)sb.st_size;
	ret = fn(in, path, &sink, &res, &err);
	if (ret < 0) {
		cli_error("%s", err.msg[0] ? err.msg :
		    trace_writer_error(ctx.w) ? trace_writer_error(ctx.w) :
		    "import failed");
		trace_writer_abort(ctx.w);
		goto out;
	}
	if ((ret = import_layout(cfg, &res, &board, board_text,
	    sizeof board_text, cma_buf, map_buf, &cma, &map)) < 0 ||
	    (ret = trace_store_set_layout(st, trace_writer_id(ctx.w),
	    board.name, board_text, cma, map, &err)) < 0) {
		if (err.msg[0])
			cli_error("%s", err.msg);
		trace_writer_abort(ctx.w);
		goto out;
	}
	printf("%s: trace %lld, %llu events from %llu lines (%llu skipped), "
	    "%s\n", path, (long long)trace_writer_id(ctx.w),
	    (unsigned long long)res.events, (unsigned long long)res.lines,
	    (unsigned long long)res.skipped, format);
	if ((ret = trace_writer_finish(ctx.w, &err)) < 0)
		cli_error("%s", err.msg);
out:
	if (in != stdin)
		fclose(in);
	return ret;
}

int
cmd_import(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_CONFIG_OPTIONS,
		{ "db", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "name", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_config cfg = { 0 };
	const char *db = NULL, *format = NULL, *name = NULL;
	struct trace_store *st;
	struct cli_progress pr;
	sqlite3 *sdb;
	int opt, ret, i;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":b:c:m:d:f:n:h", longopts,
	    NULL)) != -1) {
		if (opt != 'w' && cli_config_option(&cfg, opt, optarg))
			continue;
		switch (opt) {
		case 'd':
			db = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case 'n':
			name = optarg;
			break;
		case 'h':
			fputs(import_help, stdout);
			return CLI_EXIT_OK;
		default:
			return cli_bad_option("import", opt, argv, optind);
		}
	}
	if (optind == argc)
		return cli_usage_error("import", "no capture file given");
	if (format && import_find(format) == NULL)
		return cli_usage_error("import", "unknown format '%s' "
		    "(cma-test, ftrace, trace-cmd, trace.dat or dmesg)", format);
	if (name && argc - optind > 1)
		return cli_usage_error("import", "--name names one trace, but "
		    "%d files were given", argc - optind);
	if ((ret = cli_open_db(db, TRACE_STORE_CREATE, &st)) != CLI_EXIT_OK)
		return ret;
	sdb = trace_store_db(st);
	if (sqlite3_exec(sdb, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		cli_error("%s: %s", db, sqlite3_errmsg(sdb));
		trace_store_close(st);
		return CLI_EXIT_FAIL;
	}
	cli_progress_init(&pr, "import");
	for (i = optind, ret = 0; i < argc && ret == 0; i++)
		ret = import_one(st, argv[i], format, name, &cfg, &pr);
	cli_progress_done(&pr);
	if (ret == 0 && sqlite3_exec(sdb, "COMMIT", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		cli_error("%s: %s", db, sqlite3_errmsg(sdb));
		ret = -EIO;
	}
	if (ret < 0)
		sqlite3_exec(sdb, "ROLLBACK", NULL, NULL, NULL);
	trace_store_close(st);
	return ret == 0 ? CLI_EXIT_OK : CLI_EXIT_FAIL;
}
