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
/*
 * The same without attaching: a front end with its own hook (the
 * filesystem journals each operation first) passes records on with
 * trace_recorder_record.  `resume` > 0 goes on appending to that trace
 * instead of beginning a new one.
 */
int  trace_recorder_open(struct cma *cma, struct trace_store *st,
    const char *name, const char *source, int64_t resume,
    struct trace_recorder **out, struct cma_err *err);
void trace_recorder_record(struct trace_recorder *r,
    const struct cma_record *rec);
/* An event as it is (events a crash kept out of the database). */
int  trace_recorder_append(struct trace_recorder *r,
    const struct trace_event *ev);
int64_t trace_recorder_events(const struct trace_recorder *r);
int  trace_recorder_flush(struct trace_recorder *r);
/* Events committed; the writer's error (NULL: none); trace_writer_retry. */
int64_t trace_recorder_committed(const struct trace_recorder *r);
const char *trace_recorder_error(const struct trace_recorder *r);
int  trace_recorder_retry(struct trace_recorder *r);
int  trace_recorder_stop(struct trace_recorder *r, struct cma_err *err);
int64_t trace_recorder_trace(const struct trace_recorder *r);
/* The process to charge the calling thread's operations to (0: none). */
void trace_recorder_set_pid(int32_t pid);

/* "fw=bf,b1=bf" for a cma's regions, into buf. */
void trace_allocators_text(struct cma *cma, char *buf, size_t len);

#endif
