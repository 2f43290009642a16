/*
 * A mounted workbench, watched: the viewer reads the plain-text files at
 * the top of the mount (board, param, map, chunks, generation; see
 * tui_live.c) and rebuilds its model only when the generation changes.
 */
#ifndef CMA_TUI_LIVE_H
#define CMA_TUI_LIVE_H

#include <stdint.h>

#include "cma/err.h"
#include "tui.h"

struct tui_live;

/* Fails (with a message) when DIR does not look like a mount. */
int  tui_live_open(const char *dir, struct tui_live **out,
    struct cma_err *err);
void tui_live_close(struct tui_live *l);
/* Read the generation; when it moved, re-read everything.  1: the model
 * changed, 0: nothing to do, <0: a read failed (the message goes into the
 * status line once; the last good state stays). */
int  tui_live_poll(struct tui_live *l);
/* Times the files were read back in full. */
uint64_t tui_live_reloads(const struct tui_live *l);
void tui_live_model(struct tui_live *l, struct tui_model *m);

#endif
