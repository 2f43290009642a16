/*
 * The mainline kernel's `cma=` (kernel/dma/contiguous.c, 3.5 onwards):
 * one default CMA area, sized and optionally placed on the command line,
 * as an addition to a v1 configuration.
 *
 *	cma=SIZE[@START[-END]]		SIZE, START, END in memparse syntax
 *
 *  - SIZE alone: anywhere on the board, the highest place that fits;
 *  - SIZE@START: exactly at START (the kernel's "fixed" area), which must
 *    be a multiple of CMA_MAINLINE_MIN_ALIGN;
 *  - SIZE@START-END: the highest place inside [START, END), or exactly at
 *    START when END is START + SIZE;
 *  - SIZE 0: no default area (the kernel's "cma=0 disables").
 *
 * As in the kernel, START is rounded up, SIZE up and END down to
 * CMA_MAINLINE_MIN_ALIGN (4 MiB), and the area is placed after every other
 * region, top-down as memblock does, clear of the board's reserved ranges
 * and the regions already placed.  It becomes the v1 region "reserved"
 * (the kernel's name for it) with the map rule "*\/\*=reserved" appended:
 * the devices no earlier rule routes allocate from it.
 */
#ifndef CMA_MAINLINE_H
#define CMA_MAINLINE_H

#include <stddef.h>
#include <stdint.h>

#include "cma/board.h"
#include "cma/err.h"
#include "cma/place.h"

#define CMA_MAINLINE_AREA	"reserved"

struct cma_mainline {
	uint64_t size;		/* as written; 0: no default area */
	uint64_t start;		/* meaningful when has_start */
	uint64_t end;		/* meaningful when has_end */
	int	 has_start, has_end;
};

/* Errors are "position N: what" (1-based), like cma_param_parse. */
int cma_mainline_parse(const char *s, struct cma_mainline *out,
    struct cma_err *err);

/* Where the area goes on board b, clear of `busy`: its start and its size
 * after rounding.  -EINVAL (misaligned fixed START, past END) or -ENOMEM
 * (no room), with the reason in err. */
int cma_mainline_place(const struct cma_mainline *m, const struct cma_board *b,
    const struct cma_place_busy *busy, uint64_t *start, uint64_t *size,
    struct cma_err *err);

/*
 * The configuration (cma_in, map_in: v1 strings, "" for none) with the
 * default area `spec` added, into cma_out and map_out (len bytes each).
 * Errors name what was wrong: the spec, the placement, a region already
 * called "reserved", a result too long for CMA_MAX_PARAM_LEN.
 */
int cma_mainline_apply(const char *spec, const struct cma_board *b,
    const char *cma_in, const char *map_in, char *cma_out, char *map_out,
    size_t len, struct cma_err *err);

#endif
