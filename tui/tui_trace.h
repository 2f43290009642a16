/*
 * A stored trace, steppable: the viewer's position can move one event
 * forward or back, or jump anywhere, and the allocator can be switched
 * without losing the position.  See tui_trace.c for how.
 */
#ifndef CMA_TUI_TRACE_H
#define CMA_TUI_TRACE_H

#include <stdint.h>

#include "cma/err.h"
#include "store.h"
#include "tui.h"

struct tui_trace;

struct tui_trace_options {
	const char *board;	/* NULL: the trace's */
	const char *cma;	/* NULL: the trace's */
	const char *map;	/* NULL: the trace's */
	const char *allocator;	/* NULL: as cma= says */
};

int  tui_trace_open(struct trace_store *st, int64_t id,
    const struct tui_trace_options *o, struct tui_trace **out,
    struct cma_err *err);
void tui_trace_close(struct tui_trace *t);

uint64_t tui_trace_events(const struct tui_trace *t);
/* The position: how many events have been applied (0 .. events). */
uint64_t tui_trace_pos(const struct tui_trace *t);
void tui_trace_seek(struct tui_trace *t, uint64_t pos);
/* Move so that the next (dir > 0) or previous failure is the last event
 * applied; -1 when there is none that way. */
int  tui_trace_failure(struct tui_trace *t, int dir);
uint64_t tui_trace_failures(const struct tui_trace *t);

/* Run every region with `allocator` (NULL: as cma= says), at the same
 * position.  Each allocator's run is made once and kept. */
int  tui_trace_set_allocator(struct tui_trace *t, const char *allocator,
    struct cma_err *err);
/* "bf", ..., or "cma=" (each region as cma= says). */
const char *tui_trace_allocator(const struct tui_trace *t);

/* Events applied or undone one by one since opening (for tests: a step
 * back costs one, not a re-run). */
uint64_t tui_trace_steps(const struct tui_trace *t);
/* Events between checkpoints. */
uint64_t tui_trace_interval(const struct tui_trace *t);

/* The model at the position (valid until the next call on t). */
void tui_trace_model(struct tui_trace *t, struct tui_model *m);

#endif
