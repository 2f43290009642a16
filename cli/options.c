/*
 * Options shared by the subcommands and the helpers around them: turning
 * --board/--cma/--map/--window into a running framework, error lines, and
 * printing sizes the way a kernel developer reads them.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

void
cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("cma: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "cma %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (try 'cma %s --help')\n", cmd);
	return CLI_EXIT_USAGE;
}

int
cli_bad_option(const char *cmd, int opt, char **argv, int optind_now)
{
	const char *word = argv[optind_now - 1];

	if (opt == ':')
		return cli_usage_error(cmd, "option '%s' needs a value", word);
	if (optopt != 0)
		return cli_usage_error(cmd, "unknown option '-%c'", optopt);
	return cli_usage_error(cmd, "unknown option '%s'", word);
}

int
cli_config_option(struct cli_config *cfg, int opt, const char *arg)
{
	switch (opt) {
	case 'b':
		cfg->board = arg;
		return 1;
	case 'c':
		cfg->cma = arg;
		return 1;
	case 'm':
		cfg->map = arg;
		return 1;
	case 'w':
		cfg->window = arg;
		return 1;
	}
	return 0;
}

int
cli_open(const struct cli_config *cfg, struct cma_board *board,
    struct cma **cma, struct cma_window **window)
{
	struct cma_err err = { "" };
	const char *path;

	*cma = NULL;
	if (window)
		*window = NULL;
	if (cma_board_resolve(cfg->board ? cfg->board : CMA_BOARD_DEFAULT,
	    board, &err) < 0) {
		cli_error("board: %s", err.msg);
		return CLI_EXIT_USAGE;
	}
	if (cma_create(board, cfg->cma, cfg->map, cma, &err) < 0) {
		cli_error("%s", err.msg);
		return CLI_EXIT_USAGE;
	}
	if (window == NULL)
		return CLI_EXIT_OK;
	path = cfg->window ? cfg->window : CMA_WINDOW_DEFAULT;
	if (cma_window_open(board, path, window, &err) < 0) {
		cli_error("window: %s", err.msg);
		cma_destroy(*cma);
		*cma = NULL;
		return CLI_EXIT_FAIL;
	}
	return CLI_EXIT_OK;
}

const char *
cli_size(uint64_t v, char *buf, size_t len)
{
	static const char *unit[] = { "bytes", "KiB", "MiB", "GiB", "TiB" };
	int u = 0;
	uint64_t x = v;

	while (u < 4 && x != 0 && x % 1024 == 0) {
		x /= 1024;
		u++;
	}
	if (u >= 2 || x < 1024 || v == 0) {
		if (u == 0 && v != 0)
			snprintf(buf, len, "%#llx bytes",
			    (unsigned long long)v);
		else
			snprintf(buf, len, "%llu %s", (unsigned long long)x,
			    unit[u]);
		return buf;
	}
	/* Not a whole number of MiB: two decimals of the largest unit. */
	for (u = 0; u < 4 && v >= (1ull << (10 * (u + 1))); u++)
		;
	snprintf(buf, len, "%.2f %s", (double)v / (double)(1ull << (10 * u)),
	    unit[u]);
	return buf;
}

int
cli_split_devkind(const char *s, char *dev, size_t devlen, char *kind,
    size_t kindlen, int *has_kind)
{
	const char *slash = strrchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);

	if (n >= devlen || (slash && strlen(slash + 1) >= kindlen))
		return -ENAMETOOLONG;
	memcpy(dev, s, n);
	dev[n] = '\0';
	snprintf(kind, kindlen, "%s", slash ? slash + 1 : "");
	*has_kind = slash != NULL;
	return 0;
}
