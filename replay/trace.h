/*
 * Trace events: what one allocation-related operation looked like, as the
 * store keeps it and as importers, the recorder and the replay engine pass
 * it around.
 *
 * Layout of an event:
 *
 *	seq	position in the database (assigned by the store; ordering key)
 *	ts_ns	time since the trace began, in nanoseconds (0 when unknown)
 *	op	TRACE_ALLOC      cma_alloc(dev, kind, size, align)
 *		TRACE_ALLOC_FROM cma_alloc_from(regions, size, align)
 *		TRACE_GET        cma_get(chunk)     (a new reference)
 *		TRACE_PUT        cma_put(chunk)     (the normal free)
 *	chunk	identity of the allocation, unique within a trace: an alloc
 *		names the identity it creates, get/put name the one they act
 *		on, so a replay under another layout frees the right chunk
 *		whatever address it got (0: none, e.g. a put of nothing)
 *	dev, kind, regions, size, align	the request as made (size as asked,
 *		not page-rounded; align 0 = default)
 *	has_result	whether the outcome was recorded (a cma-test script has
 *		only requests); then err is 0 or a positive errno
 *	has_start	whether start, the physical address of a successful
 *		alloc (or of the chunk a get/put acts on), is known: a kernel
 *		log may say an allocation worked without saying where
 *	region	the region (area) that gave a successful alloc, if known
 *	pid	the calling process when known, else 0
 */
#ifndef CMA_TRACE_H
#define CMA_TRACE_H

#include <stdint.h>

enum trace_op {
	TRACE_ALLOC = 1,
	TRACE_ALLOC_FROM = 2,
	TRACE_GET = 3,
	TRACE_PUT = 4,
};

struct trace_event {
	int64_t		 seq;
	uint64_t	 ts_ns;
	int		 op;
	uint64_t	 chunk;
	const char	*dev;
	const char	*kind;
	const char	*regions;
	uint64_t	 size;
	uint64_t	 align;
	int		 has_result;
	int		 err;
	int		 has_start;
	uint64_t	 start;
	const char	*region;
	int32_t		 pid;
};

/* "alloc", "alloc_from", "get", "put"; NULL for anything else. */
const char *trace_op_name(int op);
int trace_op_parse(const char *name);

#endif
