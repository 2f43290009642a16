/*
 * Importing Linux ftrace text: /sys/kernel/tracing/trace or trace_pipe (or
 * the same under /sys/kernel/debug/tracing) with the cma events enabled,
 * and the text `trace-cmd report` prints from a trace.dat of the same.
 *
 * A line is "TASK-PID [CPU] FLAGS TIMESTAMP: EVENT: ARGS", where FLAGS is
 * absent without the irq-info option, a "(TGID)" column may follow
 * TASK-PID (record-tgid), TASK may hold spaces and dashes, and TIMESTAMP is
 * SECONDS.FRACTION (or a bare counter with the counter/tsc clocks, taken
 * as nanoseconds).  With context-info off a line is just "EVENT: ARGS".
 * Lines starting with '#' (the header), " => " (stack traces), "CPU:N
 * [LOST M EVENTS]", "##### CPU N buffer started ####", and the "cpus=N" /
 * "version = N" header of `trace-cmd report` (same lines otherwise) carry
 * no event.
 *
 * `trace-cmd report` (libtraceevent's printing) differs in the prefix only:
 * "COMM-PID [CPU] TIMESTAMP: EVENT: ARGS" with the event name padded to 20
 * columns and no flags column; with -l (latency format) the comm is cut to
 * 8 characters and the CPU is printed without brackets, the flags glued to
 * it: "COMM-PID CPUFLAGS TIMESTAMP: EVENT: ARGS" ("kworker/-112  1d..1.");
 * with --ts-diff a "(+DELTA)" column follows the timestamp.  Its markers
 * "CPU:N [M EVENTS DROPPED]", "CPU:N [EVENTS DROPPED]" (count unknown),
 * "CPU:N [SUBBUFFER START]" and "CPU N is empty" carry no event; M counts
 * as lost like the trace file's "[LOST M EVENTS]".  The events and their
 * arguments are the same, so both layouts give the same trace.
 * Any other line that is not of that shape is an error: a capture taken
 * with another tracer (function_graph prints nothing like it) must not
 * import as an empty trace.
 *
 * The CMA events across kernel versions (include/trace/events/cma.h and
 * the patches that changed it, read for this; dates are when they were
 * posted):
 *
 *   2015 .. 2021	cma_alloc: pfn=%lx page=%p count=%u align=%u
 *			cma_release: pfn=%lx page=%p count=%u
 *   early 2021, briefly	cma_alloc_start: count=%u align=%u, and
 *			cma_alloc_busy_retry shaped like cma_alloc
 *   2021 .. 2022	cma_alloc_start: name=%s count=%u align=%u
 *			cma_alloc_finish: name=%s pfn=%lx page=%p
 *			    count=%u align=%u
 *			cma_alloc_busy_retry: (shaped like cma_alloc_finish)
 *			cma_release: name=%s pfn=%lx page=%p count=%u
 *			(counts %lu from spring 2021; pfn=0x%lx later)
 *   late 2022 ..	cma_alloc_finish: ... align=%u errorno=%d
 *   2025 ..		cma_alloc_start: name=%s request_count=%lu
 *			    available_count=%lu total_count=%lu align=%u
 *
 * so the importer reads KEY=VALUE pairs and does not care about order, a
 * 0x prefix, or keys it does not know.  align is a page order.
 *
 * Outcome of an allocation: with errorno, non-zero is a failure (err =
 * -errorno).  Before errorno the event fired for failures too, with page
 * NULL (printed "(null)", padded, or zeros) and pfn -1 (all f) or the
 * last pfn tried; those are failures with err = ENOMEM, which is what the
 * kernel returned unless migration gave up with another error it did not
 * print.  (For a few 5.x releases %p hashed NULL like any pointer, until
 * NULL and error pointers were printed as they are again: a failure then
 * looks like a success at the last pfn tried, and the next success at
 * that pfn replaces it in the live table, counted in the note as
 * "allocations over a live chunk".)
 *
 * Every allocation, failed or not, becomes a TRACE_ALLOC_FROM of size
 * count * 4096 (ftrace does not say the page size; 4 KiB is assumed) and
 * alignment (1 << align) * 4096 from the region named after the area
 * ("cma" for kernels without name=), with the next chunk identity, the
 * pid of the task, the timestamp relative to the first event, and for a
 * success the physical start pfn * 4096.  A cma_release becomes a
 * TRACE_PUT of the identity live at that (area, pfn).  A release of
 * something the capture never saw allocated (allocated before tracing
 * began, or its event lost with the ring buffer full) is skipped and
 * counted: there is no identity to put, and inventing an allocation for it
 * would put memory in the replay that the capture never showed allocated.
 *
 * cma_alloc_start carries only the request, which the matching finish
 * repeats with the outcome, so it is skipped (its total_count, when
 * present, tells the area's size for the layout).  Pairing it with its
 * finish would only move the event's time back to the request, at the cost
 * of a table of pending requests per task.  cma_alloc_busy_retry is one
 * failed attempt inside an allocation whose finish follows: skipped.
 *
 * Memory: one line, the live allocations, and a fixed table of areas.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_int.h"

/* "PATH:LINE: what" for the line being read; returns -EINVAL. */
#define ftrace_fail(t, ...) import_base_fail(&(t)->base, __VA_ARGS__)

#define FTRACE_MAX_ORDER	40	/* 2^40 pages: beyond any machine */
#define FTRACE_DEFAULT_AREA	"cma"

/* One line taken apart; strings point into the line. */
struct ftrace_fields {
	int32_t	    pid;
	int	    has_ts;
	uint64_t    ts_ns;
	int	    latency;	/* trace-cmd report -l layout */
	const char *event;	/* NULL: a line with no event name */
	size_t	    event_len;
	char	   *args;
};

/* The KEY=VALUE pairs of a CMA event. */
struct ftrace_args {
	const char *name;
	size_t	    name_len;
	int	    has_pfn, has_page, has_count, has_align, has_err, has_total;
	uint64_t    pfn, count, total;
	unsigned    align;
	int	    page_null;
	int	    errorno;
};

struct ftrace {
	struct import_base	  base;	/* first: see import_begin */
	int			  have_base;
	uint64_t		  base_ns;
	uint64_t		  next_id;
	uint64_t		  allocs, failed, releases, unmatched, over,
				  lost, cut;
	struct import_live	  live;
	struct import_layout	  layout;
};

/* ---- numbers ---- */

static int
ftrace_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* s[0..n) is all hex (an optional 0x first), fitting 64 bits. */
static int
ftrace_hex(const char *s, size_t n, uint64_t *v)
{
	size_t i = 0;
	int d;

	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		i = 2;
	if (i == n)
		return -1;
	for (*v = 0; i < n; i++) {
		if ((d = ftrace_hexval((unsigned char)s[i])) < 0 ||
		    *v > (UINT64_MAX >> 4))
			return -1;
		*v = *v << 4 | (uint64_t)d;
	}
	return 0;
}

static int
ftrace_dec(const char *s, size_t n, uint64_t *v)
{
	size_t i;

	if (n == 0)
		return -1;
	for (*v = 0, i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9' ||
		    *v > (UINT64_MAX - (uint64_t)(s[i] - '0')) / 10)
			return -1;
		*v = *v * 10 + (uint64_t)(s[i] - '0');
	}
	return 0;
}

/* "SECONDS[.FRACTION]" → nanoseconds; a bare number is a raw counter. */
static int
ftrace_timestamp(const char *s, size_t n, uint64_t *ns)
{
	const char *dot = memchr(s, '.', n);
	uint64_t sec, frac = 0;
	size_t fn, i;

	if (dot == NULL)
		return ftrace_dec(s, n, ns);
	if (ftrace_dec(s, (size_t)(dot - s), &sec) < 0 ||
	    sec > UINT64_MAX / 1000000000u)
		return -1;
	fn = n - (size_t)(dot - s) - 1;
	if (fn == 0)
		return -1;
	for (i = 0; i < fn; i++) {
		if (dot[1 + i] < '0' || dot[1 + i] > '9')
			return -1;
		if (i < 9)
			frac = frac * 10 + (uint64_t)(dot[1 + i] - '0');
	}
	for (; i < 9; i++)
		frac *= 10;
	if (sec * 1000000000u > UINT64_MAX - frac)
		return -1;
	*ns = sec * 1000000000u + frac;
	return 0;
}

/* ---- the line prefix ---- */

static int
ftrace_ident_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

/* "EVENT: ARGS" (or anything else after the timestamp) into f. */
static void
ftrace_event_part(char *p, struct ftrace_fields *f)
{
	char *q = p;

	while (ftrace_ident_char((unsigned char)*q))
		q++;
	f->event = NULL;
	f->args = q;
	if (q > p && *q == ':' && (q[1] == '\0' || q[1] == ' ')) {
		f->event = p;
		f->event_len = (size_t)(q - p);
		for (q++; *q == ' '; q++)
			;
		f->args = q;
	}
}

/* "TASK-PID" or "TASK-PID (TGID)" ending just before `end`: the pid. */
static int
ftrace_pid(const char *line, const char *end, int32_t *pid)
{
	const char *p = end, *dash;
	uint64_t v;
	int depth;

	while (p > line && p[-1] == ' ')
		p--;
	if (p > line && p[-1] == ')') {
		for (depth = 0; p > line; p--) {
			if (p[-1] == ')')
				depth++;
			else if (p[-1] == '(' && --depth == 0)
				break;
		}
		if (p == line)
			return -1;
		p--;
		while (p > line && p[-1] == ' ')
			p--;
	}
	for (dash = p; dash > line && dash[-1] != '-'; dash--)
		;
	if (dash == line || dash == p ||
	    ftrace_dec(dash, (size_t)(p - dash), &v) < 0 || v > INT32_MAX)
		return -1;
	*pid = (int32_t)v;
	return 0;
}

/* trace-cmd report --ts-diff: "(+DELTA)" and its padding, if there. */
static char *
ftrace_skip_tsdiff(char *p)
{
	char *q = p;

	if (q[0] != '(' || q[1] != '+' || !isdigit((unsigned char)q[2]))
		return p;
	for (q += 2; isdigit((unsigned char)*q); q++)
		;
	if (*q != ')')
		return p;
	for (q++; *q == ' '; q++)
		;
	return q;
}

/* After "[CPU]": " [FLAGS] TIMESTAMP: REST". */
static int
ftrace_after_cpu(char *p, struct ftrace_fields *f)
{
	char *tok, *end;
	int i;

	for (i = 0; i < 2; i++) {
		while (*p == ' ')
			p++;
		for (tok = end = p; *end && *end != ' '; end++)
			;
		if (end > tok && end[-1] == ':' &&
		    ftrace_timestamp(tok, (size_t)(end - tok - 1),
		    &f->ts_ns) == 0) {
			f->has_ts = 1;
			while (*end == ' ')
				end++;
			end = ftrace_skip_tsdiff(end);
			ftrace_event_part(end, f);
			return 0;
		}
		if (end == tok)
			return -1;
		p = end;	/* that was the flags column */
	}
	return -1;
}

/*
 * trace-cmd report's "CPU:N [M EVENTS DROPPED]", "CPU:N [EVENTS
 * DROPPED]", "CPU:N [SUBBUFFER START]", "CPU N is empty": 1 if the line
 * is one of them.
 */
static int
ftrace_tracecmd_marker(const char *p, uint64_t *lost)
{
	unsigned long long n;
	const char *q;

	if (strncmp(p, "CPU ", 4) == 0 && isdigit((unsigned char)p[4])) {
		for (q = p + 4; isdigit((unsigned char)*q); q++)
			;
		return strcmp(q, " is empty") == 0;
	}
	if (strncmp(p, "CPU:", 4) != 0 || (q = strchr(p, '[')) == NULL)
		return 0;
	if (strcmp(q, "[EVENTS DROPPED]") == 0 ||
	    strcmp(q, "[SUBBUFFER START]") == 0)
		return 1;
	if (sscanf(q, "[%llu EVENTS DROPPED]", &n) == 1 &&
	    strstr(q, " EVENTS DROPPED]") != NULL) {
		if (lost)
			*lost += n;
		return 1;
	}
	return 0;
}

/*
 * trace-cmd report -l: "COMM-PID CPUFLAGS TIMESTAMP: ...", the CPU a
 * bare number with the latency flags glued to it.  0 and f filled, or -1.
 */
static int
ftrace_latency_prefix(char *p, struct ftrace_fields *f)
{
	char *q, *d;

	for (q = strchr(p, ' '); q != NULL; q = strchr(q + 1, ' ')) {
		d = q + 1;
		if (!isdigit((unsigned char)*d))
			continue;
		if (ftrace_pid(p, q, &f->pid) < 0)
			continue;
		while (isdigit((unsigned char)*d))
			d++;
		if (ftrace_after_cpu(d, f) == 0) {
			f->latency = 1;
			return 0;
		}
	}
	return -1;
}

/*
 * Take a line apart.  1: an event line (f filled); 0: a line with no event
 * (header, stack trace, lost-events marker); -1: not ftrace text.
 */
static int
ftrace_parse(char *line, struct ftrace_fields *f, uint64_t *lost)
{
	char *p = line, *q;
	unsigned long long n;

	memset(f, 0, sizeof *f);
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0' || *p == '#')
		return 0;
	if (p[0] == '=' && p[1] == '>')
		return 0;
	if (strncmp(p, "CPU:", 4) == 0 && strstr(p, "[LOST ") != NULL) {
		if (lost && sscanf(strstr(p, "[LOST "), "[LOST %llu", &n) == 1)
			*lost += n;
		return 0;
	}
	if (strncmp(p, "##### CPU ", 10) == 0)
		return 0;
	if (ftrace_tracecmd_marker(p, lost))
		return 0;
	/* the header of `trace-cmd report`, whose lines are otherwise the
	 * same as the trace file's */
	if (strncmp(p, "cpus=", 5) == 0 || strncmp(p, "version = ", 10) == 0)
		return 0;
	/* The CPU column is the first " [digits]" after which the rest of
	 * the prefix parses: a task name could hold brackets too. */
	for (q = strchr(p, '['); q != NULL; q = strchr(q + 1, '[')) {
		char *d = q + 1;

		if (q == p || q[-1] != ' ' || !isdigit((unsigned char)*d))
			continue;
		while (isdigit((unsigned char)*d))
			d++;
		if (*d != ']')
			continue;
		if (ftrace_pid(p, q, &f->pid) == 0 &&
		    ftrace_after_cpu(d + 1, f) == 0)
			return 1;
	}
	if (ftrace_latency_prefix(p, f) == 0)
		return 1;
	/* context-info off: "event_name: args" */
	for (q = p; (*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') ||
	    *q == '_'; q++)
		;
	if (q > p && *q == ':' && (q[1] == ' ' || q[1] == '\0')) {
		memset(f, 0, sizeof *f);
		ftrace_event_part(p, f);
		return 1;
	}
	return -1;
}

static int
ftrace_is(const struct ftrace_fields *f, const char *name)
{
	return f->event && f->event_len == strlen(name) &&
	    memcmp(f->event, name, f->event_len) == 0;
}

static int
ftrace_is_cma(const struct ftrace_fields *f)
{
	return f->event && f->event_len > 4 && memcmp(f->event, "cma_", 4) == 0;
}

/* ---- the arguments ---- */

static int
ftrace_page(const char *v, size_t n, struct ftrace_args *a)
{
	uint64_t x;

	a->has_page = 1;
	a->page_null = 0;
	if (n == 6 && memcmp(v, "(null)", 6) == 0) {
		a->page_null = 1;
		return 0;
	}
	/* Early-boot %p before the hash key: says nothing either way. */
	if ((n == 16 && memcmp(v, "(____ptrval____)", 16) == 0) ||
	    (n == 8 && memcmp(v, "(ptrval)", 8) == 0))
		return 0;
	if (ftrace_hex(v, n, &x) < 0)
		return -1;
	a->page_null = x == 0;
	return 0;
}

static int
ftrace_args(struct ftrace *t, const struct ftrace_fields *f,
    struct ftrace_args *a)
{
	const char *p = f->args, *key, *eq, *v;
	size_t kn, n;
	uint64_t x;

	memset(a, 0, sizeof *a);
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			return 0;
		key = p;
		while (*p && *p != '=' && *p != ' ')
			p++;
		if (*p != '=' || p == key)
			return ftrace_fail(t, "%.*s: expected KEY=VALUE at "
			    "'%.40s'", (int)f->event_len, f->event, key);
		eq = p++;
		kn = (size_t)(eq - key);
		/* %p of NULL is "(null)" padded to a pointer's width. */
		while (*p == ' ')
			p++;
		for (v = p; *p && *p != ' ' && *p != '\t'; p++)
			;
		n = (size_t)(p - v);
		if (n == 0)
			return ftrace_fail(t, "%.*s: no value for '%.*s'",
			    (int)f->event_len, f->event, (int)kn, key);
#define KEY(s)	(kn == sizeof(s) - 1 && memcmp(key, s, kn) == 0)
		if (KEY("name")) {
			a->name = v;
			a->name_len = n;
		} else if (KEY("pfn")) {
			if (ftrace_hex(v, n, &a->pfn) < 0)
				goto bad;
			a->has_pfn = 1;
		} else if (KEY("page")) {
			if (ftrace_page(v, n, a) < 0)
				goto bad;
		} else if (KEY("count") || KEY("request_count")) {
			if (ftrace_dec(v, n, &a->count) < 0)
				goto bad;
			a->has_count = 1;
		} else if (KEY("total_count")) {
			if (ftrace_dec(v, n, &a->total) < 0)
				goto bad;
			a->has_total = 1;
		} else if (KEY("align")) {
			if (ftrace_dec(v, n, &x) < 0 || x > FTRACE_MAX_ORDER)
				goto bad;
			a->align = (unsigned)x;
			a->has_align = 1;
		} else if (KEY("errorno")) {
			int neg = v[0] == '-';

			if (ftrace_dec(v + neg, n - (size_t)neg, &x) < 0 ||
			    x > 4095)
				goto bad;
			a->errorno = neg ? -(int)x : (int)x;
			a->has_err = 1;
		}
#undef KEY
		/* other keys (available_count, vendor additions): unused */
	}
bad:
	return ftrace_fail(t, "%.*s: invalid %.*s '%.*s'", (int)f->event_len,
	    f->event, (int)kn, key, (int)n, v);
}

static int
ftrace_need(struct ftrace *t, const struct ftrace_fields *f, int have,
    const char *key)
{
	if (have)
		return 0;
	return ftrace_fail(t, "%.*s: missing %s=", (int)f->event_len,
	    f->event, key);
}

static int
ftrace_area(struct ftrace *t, const struct ftrace_args *a)
{
	int idx;

	if (a->name)
		idx = import_layout_area(&t->layout, a->name, a->name_len);
	else
		idx = import_layout_area(&t->layout, FTRACE_DEFAULT_AREA,
		    strlen(FTRACE_DEFAULT_AREA));
	if (idx == -ENAMETOOLONG)
		return ftrace_fail(t, "area name '%.*s' is longer than %d "
		    "characters", (int)a->name_len, a->name,
		    IMPORT_AREA_NAME_MAX);
	if (idx < 0)
		return ftrace_fail(t, "more than %d CMA areas",
		    IMPORT_LAYOUT_MAX_AREAS);
	return idx;
}

/* ---- the events ---- */

static void
ftrace_time(struct ftrace *t, const struct ftrace_fields *f,
    struct trace_event *ev)
{
	if (!f->has_ts)
		return;
	if (!t->have_base) {
		t->have_base = 1;
		t->base_ns = f->ts_ns;
	}
	ev->ts_ns = f->ts_ns > t->base_ns ? f->ts_ns - t->base_ns : 0;
}

static int
ftrace_start(struct ftrace *t, const struct ftrace_fields *f)
{
	struct ftrace_args a;
	int ret, area;

	if ((ret = ftrace_args(t, f, &a)) < 0 ||
	    (ret = ftrace_need(t, f, a.has_count, "count")) < 0 ||
	    (ret = ftrace_need(t, f, a.has_align, "align")) < 0)
		return ret;
	if (a.has_total) {
		if ((area = ftrace_area(t, &a)) < 0)
			return area;
		if (a.total > UINT64_MAX / IMPORT_PAGE_SIZE)
			return ftrace_fail(t, "%.*s: total_count too large",
			    (int)f->event_len, f->event);
		t->layout.areas[area].total = a.total * IMPORT_PAGE_SIZE;
	}
	t->base.res->skipped++;
	return 0;
}

static int
ftrace_alloc(struct ftrace *t, const struct ftrace_fields *f)
{
	struct trace_event ev = { .op = TRACE_ALLOC_FROM, .has_result = 1 };
	struct ftrace_args a;
	struct import_area *ar;
	int ret, area, failed;

	if ((ret = ftrace_args(t, f, &a)) < 0 ||
	    (ret = ftrace_need(t, f, a.has_pfn, "pfn")) < 0 ||
	    (ret = ftrace_need(t, f, a.has_page, "page")) < 0 ||
	    (ret = ftrace_need(t, f, a.has_count, "count")) < 0 ||
	    (ret = ftrace_need(t, f, a.has_align, "align")) < 0)
		return ret;
	if (a.count == 0 || a.count > UINT64_MAX / IMPORT_PAGE_SIZE)
		return ftrace_fail(t, "%.*s: invalid count %llu",
		    (int)f->event_len, f->event, (unsigned long long)a.count);
	if ((area = ftrace_area(t, &a)) < 0)
		return area;
	ar = &t->layout.areas[area];
	if (a.has_err) {
		failed = a.errorno != 0;
		ev.err = a.errorno < 0 ? -a.errorno : a.errorno;
	} else {
		failed = a.page_null || a.pfn == UINT64_MAX ||
		    a.pfn == 0xffffffffull;
		ev.err = failed ? ENOMEM : 0;
	}
	if (!failed && a.pfn > (UINT64_MAX - a.count * IMPORT_PAGE_SIZE) /
	    IMPORT_PAGE_SIZE)
		return ftrace_fail(t, "%.*s: pfn 0x%llx is beyond 2^64 bytes",
		    (int)f->event_len, f->event, (unsigned long long)a.pfn);
	ev.chunk = ++t->next_id;
	ev.regions = ar->region;
	ev.size = a.count * IMPORT_PAGE_SIZE;
	ev.align = IMPORT_PAGE_SIZE << a.align;
	ev.pid = f->pid;
	ftrace_time(t, f, &ev);
	t->allocs++;
	if (failed)
		t->failed++;
	else {
		ev.has_start = 1;
		ev.start = a.pfn * IMPORT_PAGE_SIZE;
		ev.region = ar->region;
		ret = import_live_insert(&t->live, (uint32_t)area, a.pfn,
		    ev.chunk, ev.size, (uint32_t)area, NULL);
		if (ret < 0)
			return ret;
		if (ret == 1)
			t->over++;
		import_layout_range(&t->layout, area, ev.start, ev.size);
		import_layout_live(&t->layout, area, ev.size, 0);
	}
	return import_emit(&t->base, &ev, t->base.lineno);
}

static int
ftrace_release(struct ftrace *t, const struct ftrace_fields *f)
{
	struct trace_event ev = { .op = TRACE_PUT, .has_result = 1 };
	struct ftrace_args a;
	uint64_t bytes;
	int ret, area;

	if ((ret = ftrace_args(t, f, &a)) < 0 ||
	    (ret = ftrace_need(t, f, a.has_pfn, "pfn")) < 0 ||
	    (ret = ftrace_need(t, f, a.has_count, "count")) < 0)
		return ret;
	if ((area = ftrace_area(t, &a)) < 0)
		return area;
	if (import_live_remove(&t->live, (uint32_t)area, a.pfn, &ev.chunk,
	    &bytes, NULL) < 0) {
		t->unmatched++;
		t->base.res->skipped++;
		return 0;
	}
	import_layout_live(&t->layout, area, 0, bytes);
	ev.has_start = 1;
	ev.start = a.pfn * IMPORT_PAGE_SIZE;
	ev.region = t->layout.areas[area].region;
	ev.pid = f->pid;
	ftrace_time(t, f, &ev);
	t->releases++;
	return import_emit(&t->base, &ev, t->base.lineno);
}

static int
ftrace_line(struct ftrace *t)
{
	struct import_line *l = &t->base.line;
	struct ftrace_fields f;
	int kind, ret;

	t->base.lineno = l->lineno;
	if (l->nul)
		return ftrace_fail(t, "NUL byte in the line");
	kind = ftrace_parse(l->buf, &f, &t->lost);
	if (l->too_long) {
		/* No CMA event comes near the limit; anything else may. */
		if (kind == 1 && ftrace_is_cma(&f))
			return ftrace_fail(t, "line longer than %d characters",
			    IMPORT_LINE_MAX);
		t->base.res->skipped++;
		return 0;
	}
	if (kind < 0)
		return ftrace_fail(t, "not an ftrace event line (expected "
		    "'TASK-PID [CPU] FLAGS TIMESTAMP: EVENT: ARGS')");
	if (kind == 0 || !ftrace_is_cma(&f)) {
		t->base.res->skipped++;
		return 0;
	}
	if (ftrace_is(&f, "cma_alloc_finish") || ftrace_is(&f, "cma_alloc"))
		ret = ftrace_alloc(t, &f);
	else if (ftrace_is(&f, "cma_release"))
		ret = ftrace_release(t, &f);
	else if (ftrace_is(&f, "cma_alloc_start"))
		ret = ftrace_start(t, &f);
	else {
		/* cma_alloc_busy_retry, vendor cma_* events */
		t->base.res->skipped++;
		ret = 0;
	}
	return ret;
}

static void
ftrace_note(struct ftrace *t)
{
	char *n = t->base.res->note;
	size_t len;

	snprintf(n, sizeof t->base.res->note, "ftrace: %llu allocations (%llu "
	    "failed), %llu releases", (unsigned long long)t->allocs,
	    (unsigned long long)t->failed, (unsigned long long)t->releases);
#define MORE(cond, ...) do {						\
	len = strlen(n);						\
	if (cond)							\
		snprintf(n + len, sizeof t->base.res->note - len,	\
		    __VA_ARGS__);					\
} while (0)
	MORE(t->unmatched, "; %llu releases of chunks not seen allocated "
	    "skipped", (unsigned long long)t->unmatched);
	MORE(t->over, "; %llu allocations over a live chunk",
	    (unsigned long long)t->over);
	MORE(t->lost, "; %llu events lost by the ring buffer",
	    (unsigned long long)t->lost);
	MORE(t->cut, "; last line cut short, ignored");
#undef MORE
}

int
import_ftrace(FILE *in, const char *path, const struct import_sink *sink,
    struct import_result *res, struct cma_err *err)
{
	struct ftrace *t;
	int ret;

	t = import_begin(sizeof *t, in, IMPORT_LINE_MAX, path, sink, res, err);
	if (t == NULL)
		return -ENOMEM;
	res = t->base.res;
	import_live_init(&t->live);
	while ((ret = import_line_read(&t->base.line)) == 1) {
		res->lines++;
		ret = ftrace_line(t);
		if (ret == -EINVAL && t->base.line.no_newline) {
			/* trace_pipe stopped mid-line: not the capture's
			 * fault, and nothing after it to lose. */
			t->cut = 1;
			res->skipped++;
			if (err)
				err->msg[0] = '\0';
			ret = 0;
		}
		if (ret < 0)
			break;
	}
	if (ret == 0) {
		ftrace_note(t);
		import_layout_write(&t->layout, "ftrace", res);
	}
	import_live_free(&t->live);
	return import_end(&t->base, ret);
}

int
import_ftrace_classify(const char *line)
{
	char buf[IMPORT_LINE_MAX + 1];
	struct ftrace_fields f;
	int kind;

	if (strncmp(line, "# tracer:", 9) == 0)
		return 1;
	snprintf(buf, sizeof buf, "%s", line);
	kind = ftrace_parse(buf, &f, NULL);
	if (kind < 0)
		return -1;
	/* Context-less lines look like too many things to count. */
	return kind == 1 && f.has_ts && ftrace_is_cma(&f) ? 1 : 0;
}

int
import_tracecmd_classify(const char *line)
{
	char buf[IMPORT_LINE_MAX + 1];
	struct ftrace_fields f;

	if ((strncmp(line, "cpus=", 5) == 0 && isdigit((unsigned char)line[5])) ||
	    strncmp(line, "version = ", 10) == 0)
		return 1;
	snprintf(buf, sizeof buf, "%s", line);
	return ftrace_parse(buf, &f, NULL) == 1 && f.latency &&
	    ftrace_is_cma(&f) ? 1 : 0;
}
