/*
 * Boards: the physical memory a configuration is placed into.
 *
 * A board is a few DRAM banks (sorted by address, never overlapping), a few
 * reserved ranges that no region may overlap (the kernel image), and the
 * platform's default `cma=` and `cma_map=` strings, used when the command
 * line gives none.  `goni` (the default) and `aquila` are built in; others
 * come from a small text file (see docs/board-format.md); errors name the
 * file and, when one line is at fault, the line:
 *
 *	# comment
 *	board    myboard
 *	bank     dmc0 0x30000000 80M	     NAME START SIZE
 *	reserved kernel 0x30000000 32M	     NAME START SIZE
 *	cma      fw=1M@0x32000000/128K;b1=32M
 *	map      s5p-mfc5/f=fw;*\/\*=b1
 *
 * Every bank start and size is page aligned and non-zero; no range wraps
 * past 2^64.
 */
#ifndef CMA_BOARD_H
#define CMA_BOARD_H

#include <stddef.h>
#include <stdint.h>

#include "cma/err.h"
#include "cma/param.h"

#define CMA_BOARD_MAX_BANKS	8
#define CMA_BOARD_MAX_RESERVED	8
#define CMA_BOARD_NAME_MAX	32

struct cma_range {
	char	 name[CMA_BOARD_NAME_MAX];
	uint64_t start;
	uint64_t size;
};

struct cma_board {
	char		 name[CMA_BOARD_NAME_MAX];
	int		 nbanks;
	struct cma_range banks[CMA_BOARD_MAX_BANKS];
	int		 nreserved;
	struct cma_range reserved[CMA_BOARD_MAX_RESERVED];
	char		 cma[CMA_MAX_PARAM_LEN];	/* default cma= */
	char		 map[CMA_MAX_PARAM_LEN];	/* default cma_map= */
};

#define CMA_BOARD_DEFAULT "goni"

/* A built-in board by name, or NULL. */
const struct cma_board *cma_board_builtin(const char *name);
/* Name of the i-th built-in board, NULL past the end. */
const char *cma_board_builtin_name(int i);

/* Parse a board file (see above); errors are "PATH[:LINE]: what". */
int cma_board_load(const char *path, struct cma_board *out,
    struct cma_err *err);
/* The same from text in memory; `origin` names it in messages. */
int cma_board_parse(const char *text, const char *origin,
    struct cma_board *out, struct cma_err *err);

/* A built-in name, else a file path. */
int cma_board_resolve(const char *name_or_path, struct cma_board *out,
    struct cma_err *err);

/* The board in the file format (what cma_board_parse reads back); returns
 * the length it needed, like snprintf. */
int cma_board_format(const struct cma_board *b, char *buf, size_t len);

/* Index of the bank holding [start, start+size), or -1. */
int cma_board_bank_of(const struct cma_board *b, uint64_t start,
    uint64_t size);

#endif
