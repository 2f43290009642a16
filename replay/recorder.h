/*
 * Recording a running framework into the trace store.
 *
 * trace_recorder_start attaches a recorder to a cma: every alloc,
 * alloc_from, get and put (failures included) becomes an event of a new
 * trace whose configuration is the cma's own (board, cma=, cma_map=, the
 * allocator of each region), written in batches.  Chunk identities are the
 * framework's chunk ids, so frees match their allocations by identity.
 * trace_recorder_stop detaches it, commits and closes the trace.
 */
#ifndef CMA_RECORDER_H
#define CMA_RECORDER_H

#include <stdint.h>

#include "cma/cma.h"
#include "store.h"

struct trace_recorder;

int  trace_recorder_start(struct cma *cma, struct trace_store *st,
    const char *name, const char *source, struct trace_recorder **out,
    struct cma_err *err);
int  trace_recorder_stop(struct trace_recorder *r, struct cma_err *err);
int64_t trace_recorder_trace(const struct trace_recorder *r);
/* The process to charge the calling thread's operations to (0: none). */
void trace_recorder_set_pid(int32_t pid);

/* "fw=bf,b1=bf" for a cma's regions, into buf. */
void trace_allocators_text(struct cma *cma, char *buf, size_t len);

#endif
