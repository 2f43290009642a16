/*
 * The options every framework-building subcommand shares (--board, --cma,
 * --map, --window) and turning them into a running framework, with one
 * line on stderr for whatever is wrong.
 */
#include <errno.h>
#include <stdio.h>

#include "cli.h"

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
