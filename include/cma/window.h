/*
 * The physical window: a sparse file, mmap'd MAP_SHARED, that stands in for
 * the board's DRAM so chunk bytes can be read, written and mapped.
 *
 * File layout:
 *
 *	offset 0		one page of header: magic "CMAWIN1\0", then the
 *				bank count and each bank's start and size
 *				(little-endian u64), so a window is never
 *				reopened under a different memory layout
 *	offset 4096		bank 0's bytes, then bank 1's, ... in board
 *				order, back to back
 *
 * Untouched pages are holes in the file and cost no disk.  Translation is
 * physical address → bank → file offset → host pointer, and back.
 */
#ifndef CMA_WINDOW_H
#define CMA_WINDOW_H

#include <stddef.h>
#include <stdint.h>

#include "cma/board.h"
#include "cma/err.h"

#define CMA_WINDOW_DEFAULT "cma.window"

struct cma_window;

int   cma_window_open(const struct cma_board *board, const char *path,
    struct cma_window **out, struct cma_err *err);
void  cma_window_close(struct cma_window *w);

/* Host pointer for [phys, phys+len) when it lies inside one bank, else NULL. */
void *cma_window_ptr(const struct cma_window *w, uint64_t phys, uint64_t len);
/* Physical address of a host pointer into the window; -EFAULT if outside. */
int   cma_window_phys(const struct cma_window *w, const void *p,
    uint64_t *phys);
/* File offset of a physical address (for pread/pwrite/mmap); -EFAULT. */
int   cma_window_offset(const struct cma_window *w, uint64_t phys,
    uint64_t len, uint64_t *off);
int   cma_window_fd(const struct cma_window *w);
uint64_t cma_window_length(const struct cma_window *w);
/* msync the whole window. */
int   cma_window_sync(struct cma_window *w);

#endif
