/*
 * Boards from flattened device trees (.dtb, or .dts through dtc).
 *
 * A tree becomes an ordinary struct cma_board, so everything that takes a
 * board takes one made from a tree:
 *
 *  - banks: the `reg` ranges of the memory nodes (device_type "memory",
 *    or named memory / memory@...), read with the root's #address-cells and
 *    #size-cells (1 or 2 each; 1 when absent, as the kernel assumes), named
 *    mem0, mem1... in address order;
 *  - reserved ranges: every /memreserve/ entry ("memreserve") and every
 *    /reserved-memory child that is not a CMA area (no-map carve-outs,
 *    coherent pools, firmware buffers), named after the node;
 *  - regions: the /reserved-memory children with compatible
 *    "shared-dma-pool" and `reusable` (CMA areas), at their `reg`, or
 *    placed from `size`, `alignment` and `alloc-ranges` top-down inside
 *    the first range that has room, as the kernel does, after every node
 *    with a `reg`; alignment and size must be multiples of 4 MiB
 *    (CMA_MIN_ALIGNMENT), as the kernel requires of a CMA area;
 *  - the map: for each enabled device node with `memory-region`, the rule
 *    DEV=FIRST (and DEV/NAME=REGION per entry when memory-region-names is
 *    given, DEV/INDEX=REGION for unnamed entries after the first), then
 *    "*\/\*=DEFAULT" for the area marked linux,cma-default.
 *
 * Region names are the node names as the kernel names its areas, with
 * what cma= would read as syntax made '_' ("linux,cma" → "linux_cma",
 * "region@51000000" → "region_51000000"), so ftrace captures from the
 * device name the same regions.  A device is the node's name without its
 * unit address ("codec@13400000" → "codec"); a second node of that name
 * keeps its unit address ("codec_13500000").
 *
 * Errors are "ORIGIN: /node/path: what" and leave *out zeroed.
 */
#ifndef CMA_DT_H
#define CMA_DT_H

#include <stddef.h>

#include "cma/board.h"
#include "cma/err.h"

/* Leave out the linux,cma-default area: the command line's mainline
 * cma= replaces it, as in the kernel. */
#define CMA_DT_NO_DEFAULT	0x1

/* A .dtb image in memory; `origin` names it in messages. */
int cma_dt_board_blob(const void *blob, size_t len, const char *origin,
    int flags, struct cma_board *out, struct cma_err *err);

/* A file: a .dtb, or device tree source (a name ending in .dts, or text
 * starting with "/dts-v1/") compiled with `dtc` from PATH. */
int cma_dt_board_load(const char *path, int flags, struct cma_board *out,
    struct cma_err *err);

#endif
