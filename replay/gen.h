/*
 * Workload generators: synthetic S5PV210-era CMA traces (`cma gen`).
 *
 * A generator simulates the drivers of a 2010 Samsung phone (the MFC v5
 * video decoder, the FIMC camera interfaces, the JPEG codec, the s3c-fb
 * display) and emits the allocate/free requests they would make, one
 * event at a time, to a sink.  Nothing is kept but the live state of the
 * simulated drivers, so a trace of any length runs in constant memory.
 * The text sink writes the seed's cma-test command language, the format
 * the shipped traces/ use and `cma test` / `cma import` read.
 *
 * Events and chunk numbers
 *
 *	GEN_ALLOC	dev, kind (NULL: none), size in bytes as the driver
 *			asks, align in bytes (0: the default, a page); the
 *			chunk gets `num` and `id`
 *	GEN_FREE	frees the live chunk `num` (= `id`)
 *	GEN_COMMENT	`text`, one line without the '#'
 *
 *	num	the cma-test tool's chunk number: the lowest number from 3
 *		up that no live chunk holds (the tool numbered chunks by
 *		their file descriptor, and the C library hands out the
 *		lowest free one).  Numbers are assigned as if every
 *		allocation succeeded: a request trace cannot know which will
 *		fail.  On a layout where some do, cma-test's own numbering
 *		drifts from the trace's, so failing traces are best replayed
 *		by identity (cma import, cma replay).
 *	id	1, 2, ... in allocation order: the identity of the chunk,
 *		unique within the trace.
 *
 * Length
 *
 *	`events` is the exact number of GEN_ALLOC + GEN_FREE events.  The
 *	simulation makes ceil(events / 2) allocations; when that budget runs
 *	out, the drivers still running are torn down (a session may be cut
 *	short before it got all its buffers), long-lived buffers (firmware,
 *	boot framebuffer) go last, and the trace stops at exactly `events`:
 *	for an odd count the last chunk stays allocated.
 *
 * Determinism
 *
 *	Output depends only on (workload, seed, events): a splitmix64
 *	generator seeded with `seed`, no clock, no libc rand().
 */
#ifndef CMA_GEN_H
#define CMA_GEN_H

#include <stdint.h>
#include <stdio.h>

enum gen_op {
	GEN_ALLOC = 1,
	GEN_FREE = 2,
	GEN_COMMENT = 3,
};

struct gen_event {
	int		 op;
	int		 num;
	uint64_t	 id;
	const char	*dev;
	const char	*kind;
	uint64_t	 size;
	uint64_t	 align;
	const char	*text;
};

struct gen_sink {
	/* Return 0 to go on, <0 (a -errno) to stop the generator. */
	int  (*event)(void *arg, const struct gen_event *ev);
	void  *arg;
};

struct gen;

struct gen_workload {
	const char	*name;
	const char	*summary;	/* one line, for --list */
	const char	*about;		/* header text, lines split at '\n' */
	const char	*on_goni;	/* what happens on the default layout */
	uint64_t	 default_events;
	int		 seeded;	/* 0: a fixed sequence, seed unused */
	void		(*run)(struct gen *g);
};

/* Totals of a finished run. */
struct gen_stats {
	uint64_t allocs;
	uint64_t frees;
	unsigned live;		/* chunks left allocated at the end (0/1) */
	unsigned peak_live;	/* most chunks live at once */
	int	 max_num;	/* highest chunk number used */
};

size_t gen_workload_count(void);
const struct gen_workload *gen_workload_at(size_t i);
const struct gen_workload *gen_workload_find(const char *name);

/*
 * Runs workload `w` for exactly `events` (>= 1) alloc/free events.  The
 * header is not emitted here (see gen_text_header).  Returns 0, or the
 * first error the sink returned.
 */
int  gen_run(const struct gen_workload *w, uint64_t seed, uint64_t events,
    const struct gen_sink *sink, struct gen_stats *stats);

/*
 * The cma-test text sink: `arg` is a FILE *.  gen_text_header writes the
 * leading '#' lines: the command that reproduces the output, what the
 * workload models, what it does on goni, and the format's rules.
 */
int  gen_text_event(void *arg, const struct gen_event *ev);
void gen_text_header(FILE *out, const struct gen_workload *w, uint64_t seed,
    uint64_t events);

/*
 * The buffer formulas, for tests and for anyone sizing a carve-out.
 *
 * MFC v5 H.264 decoding (NV12MT, 64x32 tiles; s5p_mfc_opr_v5.c):
 *	buf_width = ALIGN(w, 128), buf_height = ALIGN(h, 32)
 *	luma   = ALIGN(buf_width * buf_height, 8K)
 *	chroma = ALIGN(buf_width * ALIGN(h / 2, 32), 8K)
 *	mv     = ALIGN(buf_width * ALIGN(buf_height / 4, 32), 8K)
 * DPB minimum from the level's MaxDpbMbs: MaxDpbMbs / (ceil(w/16) *
 * ceil(h/16)), at most 16 and at least 1.
 *
 * S5PC110 JPEG (jpeg_v2): every buffer is (bytes / 4096 + 1) pages: a
 * page more than the bytes need, even when they fill whole pages.
 */
struct gen_mfc_frame {
	uint64_t luma;
	uint64_t chroma;
	uint64_t mv;
};

void     gen_mfc_frame_size(unsigned width, unsigned height,
    struct gen_mfc_frame *f);
unsigned gen_mfc_dpb_min(unsigned width, unsigned height,
    unsigned max_dpb_mbs);
uint64_t gen_jpeg_size(uint64_t bytes);

#endif
