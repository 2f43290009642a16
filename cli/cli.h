/*
 * The `cma` command: shared pieces of the subcommands.
 *
 * Every subcommand that builds a framework takes the same four options
 * (--board, --cma, --map, --window); cli_config collects them and
 * cli_open turns them into a board, a framework and, when asked, the
 * physical window, reporting any problem as one line on stderr.
 *
 * Exit status: 0 success, 1 a failure while working, 2 a usage or
 * configuration error (bad option, bad cma=, bad board file).
 */
#ifndef CLI_H
#define CLI_H

#include <stdint.h>
#include <stdio.h>

#include "cma/board.h"
#include "cma/cma.h"
#include "cma/window.h"
#include "replay.h"
#include "store.h"

#define CLI_EXIT_OK	0
#define CLI_EXIT_FAIL	1
#define CLI_EXIT_USAGE	2

struct cli_config {
	const char *board;	/* built-in name or file; NULL = default */
	const char *board_dtb;	/* a device tree (.dtb or .dts); NULL = none */
	const char *cma;	/* NULL = the board's default */
	const char *cma_mainline; /* mainline cma= default area; NULL = none */
	const char *map;	/* NULL = the board's default */
	const char *window;	/* NULL = CMA_WINDOW_DEFAULT */
};

/* Long-only options (no short letter). */
#define CLI_OPT_BOARD_DTB	0x100
#define CLI_OPT_CMA_MAINLINE	0x101

/* getopt_long entries and help text for the common options. */
#define CLI_CONFIG_OPTIONS						\
	{ "board",  required_argument, NULL, 'b' },			\
	{ "board-dtb", required_argument, NULL, CLI_OPT_BOARD_DTB },	\
	{ "cma",    required_argument, NULL, 'c' },			\
	{ "cma-mainline", required_argument, NULL, CLI_OPT_CMA_MAINLINE }, \
	{ "map",    required_argument, NULL, 'm' },			\
	{ "window", required_argument, NULL, 'w' }

#define CLI_CONFIG_HELP							\
"  -b, --board B     board: goni (default), aquila, or a board file\n"	\
"      --board-dtb F the board a device tree describes (.dtb, or .dts\n"	\
"                    compiled with dtc)\n"				\
"  -c, --cma S       regions, v1 cma= syntax (default: the board's)\n"	\
"      --cma-mainline S\n"						\
"                    add the mainline kernel's default area,\n"	\
"                    SIZE[@START[-END]], as region 'reserved'\n"	\
"  -m, --map S       device map, v1 cma_map= syntax (default: the board's)\n"

#define CLI_WINDOW_HELP							\
"  -w, --window PATH the physical window file (default: ./cma.window)\n"

/* One line for getopt's '?' or ':' (optstring "+:...", opterr = 0). */
int  cli_bad_option(const char *cmd, int opt, char **argv, int optind_now);
/* Returns 1 if `opt` was one of the common options. */
int  cli_config_option(struct cli_config *cfg, int opt, const char *arg);
int  cli_open(const struct cli_config *cfg, struct cma_board *board,
    struct cma **cma, struct cma_window **window);
/* The board the options name: --board-dtb, --board or the default
 * (CLI_EXIT_*, one line on stderr when it fails). */
int  cli_board(const struct cli_config *cfg, struct cma_board *board);
/* The board, configuration and mainline area of a replay from the
 * options (a device tree is read here).  CLI_EXIT_*. */
int  cli_replay_options(const struct cli_config *cfg, struct cma_board *board,
    struct replay_options *ro);
/* 1 if the options name a board (--board or --board-dtb). */
int  cli_has_board(const struct cli_config *cfg);
/* The cma= and cma_map= to use: --cma/--map, else base_cma/base_map,
 * with --cma-mainline's area added (into the buffers, CMA_MAX_PARAM_LEN
 * bytes each).  CLI_EXIT_*. */
int  cli_layout(const struct cli_config *cfg, const struct cma_board *board,
    const char *base_cma, const char *base_map, char *cma_buf, char *map_buf,
    const char **cma, const char **map);

void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "--help" text of a subcommand to stdout, or a usage hint to stderr. */
int  cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Sizes for people, exact: "128 KiB", "32 MiB", "1025 KiB". */
const char *cli_size(uint64_t v, char *buf, size_t len);
/* Measured sizes, two decimals of MiB past a MiB: "31.85 MiB". */
const char *cli_size_approx(uint64_t v, char *buf, size_t len);
/* Split "dev/kind" at its last '/' into the two buffers. */
int  cli_split_devkind(const char *s, char *dev, size_t devlen, char *kind,
    size_t kindlen, int *has_kind);

/* Per-region and per-bank fragmentation figures for request size s. */
void cli_print_stats(struct cma *cma, uint64_t s);

/* The trace database: open (CLI_EXIT_* status) and choose a trace. */
int  cli_open_db(const char *path, int flags, struct trace_store **out);
int  cli_pick_trace(struct trace_store *st, const char *arg, int64_t *id);

/* A progress line on stderr when it is a terminal. */
struct cli_progress {
	const char *what;
	int	    enabled, drawn;
	double	    last;
};
void cli_progress_init(struct cli_progress *p, const char *what);
void cli_progress(void *arg, uint64_t done, uint64_t total);
void cli_progress_done(struct cli_progress *p);

/* Replay results as a table or as JSON, on stdout. */
void cli_report_replay(const struct replay_result *r, const char *trace_name);
void cli_report_replay_json(const struct replay_result *r,
    const char *trace_name);

/*
 * JSON for --json (json.c): a streaming writer.  Open containers with
 * cli_json_object/cli_json_array and close them with cli_json_end (the
 * outermost one ends with a newline); members of an object take a key,
 * elements of an array take NULL.  Strings are escaped, a NULL string is
 * null, a double that is not finite is null.
 */
#define CLI_JSON_DEPTH	16
struct cli_json {
	FILE	     *f;
	int	      depth;
	unsigned char object[CLI_JSON_DEPTH], used[CLI_JSON_DEPTH];
};
void cli_json_init(struct cli_json *j, FILE *f);
void cli_json_object(struct cli_json *j, const char *key);
void cli_json_array(struct cli_json *j, const char *key);
void cli_json_end(struct cli_json *j);
void cli_json_str(struct cli_json *j, const char *key, const char *s);
void cli_json_u64(struct cli_json *j, const char *key, uint64_t v);
void cli_json_i64(struct cli_json *j, const char *key, int64_t v);
void cli_json_double(struct cli_json *j, const char *key, double v);
void cli_json_bool(struct cli_json *j, const char *key, int v);
void cli_json_null(struct cli_json *j, const char *key);
/* A JSON string literal (quotes included) on f. */
void cli_json_string(FILE *f, const char *s);

int cmd_info(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_gen(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_traces(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_mount(int argc, char **argv);
int cmd_umount(int argc, char **argv);
int cmd_top(int argc, char **argv);

#endif
