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

#define CLI_EXIT_OK	0
#define CLI_EXIT_FAIL	1
#define CLI_EXIT_USAGE	2

struct cli_config {
	const char *board;	/* built-in name or file; NULL = default */
	const char *cma;	/* NULL = the board's default */
	const char *map;	/* NULL = the board's default */
	const char *window;	/* NULL = CMA_WINDOW_DEFAULT */
};

/* getopt_long entries and help text for the four common options. */
#define CLI_CONFIG_OPTIONS						\
	{ "board",  required_argument, NULL, 'b' },			\
	{ "cma",    required_argument, NULL, 'c' },			\
	{ "map",    required_argument, NULL, 'm' },			\
	{ "window", required_argument, NULL, 'w' }

#define CLI_CONFIG_HELP							\
"  -b, --board B     board: goni (default), aquila, or a board file\n"	\
"  -c, --cma S       regions, v1 cma= syntax (default: the board's)\n"	\
"  -m, --map S       device map, v1 cma_map= syntax (default: the board's)\n"

#define CLI_WINDOW_HELP							\
"  -w, --window PATH the physical window file (default: ./cma.window)\n"

/* One line for getopt's '?' or ':' (optstring "+:...", opterr = 0). */
int  cli_bad_option(const char *cmd, int opt, char **argv, int optind_now);
/* Returns 1 if `opt` was one of the common options. */
int  cli_config_option(struct cli_config *cfg, int opt, const char *arg);
int  cli_open(const struct cli_config *cfg, struct cma_board *board,
    struct cma **cma, struct cma_window **window);

void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "--help" text of a subcommand to stdout, or a usage hint to stderr. */
int  cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Sizes for people: "128 KiB", "32 MiB", "0x1234 bytes". */
const char *cli_size(uint64_t v, char *buf, size_t len);
/* Split "dev/kind" at its last '/' into the two buffers. */
int  cli_split_devkind(const char *s, char *dev, size_t devlen, char *kind,
    size_t kindlen, int *has_kind);

/* Per-region and per-bank fragmentation figures for request size s. */
void cli_print_stats(struct cma *cma, uint64_t s);

int cmd_info(int argc, char **argv);
int cmd_test(int argc, char **argv);

#endif
