/*
 * The options every framework-building subcommand shares (--board,
 * --board-dtb, --cma, --cma-mainline, --map, --window) and turning them
 * into a board, a configuration and a running framework, with one line on
 * stderr for whatever is wrong.
 *
 * With --cma-mainline a device tree's linux,cma-default area is left out,
 * as the kernel leaves it out when the command line sizes the default area.
 */
#include <errno.h>
#include <stdio.h>

#include "cli.h"
#include "cma/dt.h"
#include "cma/mainline.h"

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
	case CLI_OPT_BOARD_DTB:
		cfg->board_dtb = arg;
		return 1;
	case CLI_OPT_CMA_MAINLINE:
		cfg->cma_mainline = arg;
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
cli_has_board(const struct cli_config *cfg)
{
	return cfg->board != NULL || cfg->board_dtb != NULL;
}

int
cli_board(const struct cli_config *cfg, struct cma_board *board)
{
	struct cma_err err = { "" };

	if (cfg->board && cfg->board_dtb) {
		cli_error("give --board or --board-dtb, not both");
		return CLI_EXIT_USAGE;
	}
	if (cfg->board_dtb) {
		if (cma_dt_board_load(cfg->board_dtb, cfg->cma_mainline ?
		    CMA_DT_NO_DEFAULT : 0, board, &err) < 0) {
			cli_error("board: %s", err.msg);
			return CLI_EXIT_USAGE;
		}
		return CLI_EXIT_OK;
	}
	if (cma_board_resolve(cfg->board ? cfg->board : CMA_BOARD_DEFAULT,
	    board, &err) < 0) {
		cli_error("board: %s", err.msg);
		return CLI_EXIT_USAGE;
	}
	return CLI_EXIT_OK;
}

static int
cli_layout_parses(const char *cma, const char *map)
{
	struct cma_param p;
	struct cma_map m;
	int ok;

	ok = cma_param_parse(cma, &p, NULL) == 0;
	cma_param_free(&p);
	if (ok && (ok = cma_map_parse(map, &m, NULL) == 0))
		cma_map_free(&m);
	return ok;
}

int
cli_layout(const struct cli_config *cfg, const struct cma_board *board,
    const char *base_cma, const char *base_map, char *cma_buf, char *map_buf,
    const char **cma, const char **map)
{
	struct cma_err err = { "" };

	*cma = cfg->cma ? cfg->cma : base_cma ? base_cma : "";
	*map = cfg->map ? cfg->map : base_map ? base_map : "";
	if (cfg->cma_mainline == NULL || !cli_layout_parses(*cma, *map))
		return CLI_EXIT_OK;	/* a bad cma=/map is reported later */
	if (cma_mainline_apply(cfg->cma_mainline, board, *cma, *map, cma_buf,
	    map_buf, CMA_MAX_PARAM_LEN, &err) < 0) {
		cli_error("--cma-mainline '%s': %s", cfg->cma_mainline,
		    err.msg);
		return CLI_EXIT_USAGE;
	}
	*cma = cma_buf;
	*map = map_buf;
	return CLI_EXIT_OK;
}

int
cli_open(const struct cli_config *cfg, struct cma_board *board,
    struct cma **cma, struct cma_window **window)
{
	char cma_buf[CMA_MAX_PARAM_LEN], map_buf[CMA_MAX_PARAM_LEN];
	struct cma_err err = { "" };
	const char *path, *cma_text, *map_text;
	int ret;

	*cma = NULL;
	if (window)
		*window = NULL;
	if ((ret = cli_board(cfg, board)) != CLI_EXIT_OK ||
	    (ret = cli_layout(cfg, board, board->cma, board->map, cma_buf,
	    map_buf, &cma_text, &map_text)) != CLI_EXIT_OK)
		return ret;
	if (cma_create(board, cma_text, map_text, cma, &err) < 0) {
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

int
cli_replay_options(const struct cli_config *cfg, struct cma_board *board,
    struct replay_options *ro)
{
	int ret;

	ro->board = cfg->board;
	ro->cma = cfg->cma;
	ro->map = cfg->map;
	ro->cma_mainline = cfg->cma_mainline;
	if (cfg->board_dtb == NULL)
		return CLI_EXIT_OK;
	if ((ret = cli_board(cfg, board)) != CLI_EXIT_OK)
		return ret;
	ro->board = NULL;
	ro->board_def = board;
	return CLI_EXIT_OK;
}
