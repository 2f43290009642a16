/*
 * What the device-tree board reader's files share.
 *
 * dt_board.c walks the tree into a struct dt: the memory banks, the
 * /reserved-memory nodes (each a reserved range or a CMA region, fixed or
 * to be placed), then places and checks them; dt_route.c turns the
 * devices' memory-region phandles into cma_map= rules; dt_source.c gets
 * the blob from a file or from dtc.
 */
#ifndef CMA_DT_INT_H
#define CMA_DT_INT_H

#include <stdint.h>

#include "cma/board.h"
#include "cma/dt.h"
#include "cma/param.h"

#define DT_MAX_RMEM	32	/* /reserved-memory children looked at */
#define DT_MAX_ALLOC_RANGES 8
#define DT_PATH_MAX	256

enum dt_rmem_kind { DT_RESERVED, DT_REGION };

struct dt_rmem {
	int		  node;		/* offset in the blob */
	char		  path[DT_PATH_MAX];
	char		  name[CMA_BOARD_NAME_MAX];	/* as a region/range */
	enum dt_rmem_kind kind;
	int		  fixed;	/* had reg */
	int		  is_default;	/* linux,cma-default */
	int		  skipped;	/* the default area, left out */
	uint64_t	  start, size, align;
	int		  nranges;
	uint64_t	  range_lo[DT_MAX_ALLOC_RANGES];
	uint64_t	  range_hi[DT_MAX_ALLOC_RANGES];
};

struct dt {
	const void	 *fdt;
	const char	 *origin;
	struct cma_err	 *err;
	int		  flags;
	int		  ac, sc;	/* the root's cells */
	int		  rmem_node;	/* /reserved-memory, or < 0 */
	int		  nrmem;
	struct dt_rmem	  rmem[DT_MAX_RMEM];
	struct cma_board *b;
};

/* "ORIGIN: PATH: what" (PATH may be NULL); returns -EINVAL. */
int  dt_fail(struct dt *t, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The node's path into buf (for messages). */
const char *dt_path(struct dt *t, int node, char *buf, size_t len);
/* 1 if the node has no status or status "okay"/"ok". */
int  dt_enabled(const void *fdt, int node);
/* name[0..len) with what cma= and cma_map= read as syntax made '_'. */
void dt_clean_name(char *dst, size_t dstlen, const char *name, size_t len);

/* The map rules for every device with memory-region, into b->map. */
int  dt_route(struct dt *t);

#endif
