/*
 * What the importers share, and nobody else needs.
 *
 *	import_line	one line at a time from a stream into a fixed buffer,
 *			so an import never holds more than one line of text
 *			however long the file or any line in it is
 *	import_live	the allocations a capture has made and not released,
 *			keyed by what the format names them with (area and
 *			pfn for ftrace, the page pointer for a kernel log):
 *			the only structure that grows with the input, and it
 *			grows with what is live, not with what was read
 *	import_layout	the CMA areas a capture mentions, what it says about
 *			where they are and how big, and the board, cma= and
 *			cma_map= written from that at the end
 *
 * Plus the two things every importer does on every line: report an error
 * as "PATH:LINE: what" and hand an event to the sink.
 */
#ifndef CMA_IMPORT_INT_H
#define CMA_IMPORT_INT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "import.h"

#define IMPORT_PAGE_SIZE	4096ull
#define IMPORT_MiB		(1024ull * 1024)

/* What a trace.dat (trace-cmd's binary capture) starts with. */
#define IMPORT_TRACEDAT_MAGIC	"\027\010\104tracing"

/* Longest line any importer looks at; longer ones are cut (and flagged). */
#define IMPORT_LINE_MAX		4096

struct import_line {
	FILE	*in;
	size_t	 max;		/* characters kept, without the newline */
	uint64_t lineno;	/* of the line now in buf, from 1 */
	size_t	 len;
	int	 too_long;	/* more than max characters: buf has the first max */
	int	 no_newline;	/* the file ended without one after this line */
	int	 nul;		/* the line had a NUL byte in it */
	char	 buf[IMPORT_LINE_MAX + 1];
};

void import_line_init(struct import_line *l, FILE *in, size_t max);
/* 1: a line is in buf (newline and a trailing CR removed); 0: end of the
 * stream; -EIO: a read error. */
int  import_line_read(struct import_line *l);

struct import_live_entry {
	uint64_t key;
	uint64_t id;		/* the chunk identity given to the allocation */
	uint64_t bytes;
	uint32_t area;
	uint32_t used;
	uint32_t aux;		/* the caller's: which layout area it came from */
};

struct import_live {
	struct import_live_entry *slots;
	size_t			  cap;		/* a power of two, or 0 */
	size_t			  count;
};

void import_live_init(struct import_live *t);
void import_live_free(struct import_live *t);
/* Remember (area, key) → (id, bytes, aux).  1 if it replaced a live entry
 * (whose id goes to *old_id when not NULL), 0 if new, -ENOMEM. */
int  import_live_insert(struct import_live *t, uint32_t area, uint64_t key,
    uint64_t id, uint64_t bytes, uint32_t aux, uint64_t *old_id);
/* Forget (area, key), giving back what was stored (NULLs allowed);
 * -ENOENT if not live. */
int  import_live_remove(struct import_live *t, uint32_t area, uint64_t key,
    uint64_t *id, uint64_t *bytes, uint32_t *aux);

#define IMPORT_LAYOUT_MAX_AREAS	64
#define IMPORT_AREA_NAME_MAX	63

struct import_area {
	char	 name[IMPORT_AREA_NAME_MAX + 1];	/* as the capture has it */
	char	 region[IMPORT_AREA_NAME_MAX + 8];	/* as cma= and events have it */
	int	 has_range;
	uint64_t lo, hi;	/* lowest start, highest end seen (bytes) */
	uint64_t total;		/* the area's size if the capture said, else 0 */
	int	 has_base;
	uint64_t base;		/* the area's start if the capture said */
	uint64_t live, peak;	/* bytes allocated and not released, now/most */
};

struct import_layout {
	int		   n;
	struct import_area areas[IMPORT_LAYOUT_MAX_AREAS];
};

/* The area called name[0..len), added if new; its index or -ENOSPC (too
 * many areas) or -ENAMETOOLONG. */
int  import_layout_area(struct import_layout *l, const char *name, size_t len);
void import_layout_range(struct import_layout *l, int area, uint64_t start,
    uint64_t size);
void import_layout_live(struct import_layout *l, int area, uint64_t add,
    uint64_t sub);
/* Fill res->board, res->cma and res->map (map stays empty: the events name
 * their regions) and append to res->note what was guessed. */
void import_layout_write(const struct import_layout *l, const char *board,
    struct import_result *res);

/*
 * For import_detect: how one line (already read, no newline) looks to each
 * format.  1: it is that format's CMA content (or a header only it has);
 * 0: it says nothing (blank, another subsystem's line); -1: that format
 * could not contain it.
 */
int  import_cmatest_classify(const char *line);
int  import_ftrace_classify(const char *line);
/* 1 for the header `trace-cmd report` starts with ("cpus=N", "version =
 * N") and for CMA lines in its latency layout. */
int  import_tracecmd_classify(const char *line);
int  import_dmesg_classify(const char *line);

/*
 * What every importer's state starts with, as its first member `base`:
 * where the input comes from, where the events and the result go, and
 * the line being read.  import_begin allocates the whole state (size
 * bytes, zeroed), zeroes *res (or uses base.local when res is NULL) and
 * fills this in; NULL: out of memory.  import_end turns -EIO and -ENOMEM
 * into "PATH:LINE: ..." in err, frees the state and returns ret.
 */
struct import_base {
	const char		 *path;		/* "-" when not given */
	const struct import_sink *sink;
	struct import_result	 *res;
	struct cma_err		 *err;
	uint64_t		  lineno;	/* of the line being handled */
	struct import_result	  local;	/* res if the caller gave none */
	struct import_line	  line;
};

void *import_begin(size_t size, FILE *in, size_t line_max, const char *path,
    const struct import_sink *sink, struct import_result *res,
    struct cma_err *err);
int  import_end(struct import_base *b, int ret);

/* "PATH:LINE: what" into err; returns -EINVAL. */
int  import_fail(struct cma_err *err, const char *path, uint64_t line,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The same at the importer's current line. */
int  import_base_fail(const struct import_base *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Count the event and give it to the sink; a sink's refusal becomes the
 * import's error, with the line it happened on. */
int  import_emit(const struct import_base *b, const struct trace_event *ev,
    uint64_t line);

#endif
