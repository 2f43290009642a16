/*
 * Importing a kernel log with CONFIG_CMA_DEBUG (or without it: failures
 * are logged anyway): dmesg, dmesg -r, /dev/kmsg, syslog or journal text.
 *
 * A line may start with "<7>", "7,1234,5678901,-;" (/dev/kmsg), a syslog
 * or journal stamp ("Mar  1 12:00:00 host kernel: ", or ISO 8601), then
 * "[   12.345678]" (or a dmesg -T date), then "[  T123]" / "[ C1]"
 * (CONFIG_PRINTK_CALLER); all are optional.  The messages, after the
 * "cma: " every mainline version puts in front (pr_fmt), across versions
 * (drivers/base/dma-contiguous.c until 3.16, mm/cma.c since 3.17):
 *
 *   3.5 ..   dma_alloc_from_contiguous(cma %p, count %d, align %d)
 *            dma_alloc_from_contiguous(): returned %p	(successes only)
 *            dma_alloc_from_contiguous(): memory range at %p is busy, retrying
 *            dma_release_from_contiguous(page %p)
 *   3.17 ..  cma_alloc(cma %p, count %d|%zu|%lu, align %d)
 *            cma_alloc(): returned %p		(failures too: "(null)",
 *						 padded, or zeros)
 *            cma_release(page %p) / cma_release(page %p, count %u|%lu)
 *   2017 ..  cma_alloc: alloc failed, req-size: %zu pages, ret: %d
 *   2021 ..  cma_alloc(cma %p, name: %s, count %lu, align %d)
 *            cma_alloc: %s: alloc failed, req-size: %lu pages, ret: %d
 *            cma_alloc(): memory range at pfn 0x%lx %p is busy, retrying
 *   2024 ..  the same from __cma_alloc, and in a later rework from
 *            __cma_alloc_frozen, releasing in __cma_release_frozen(page
 *            %p, count %lu)
 *
 * plus the layout lines "CMA: reserved %ld MiB at %08lx" (3.x),
 * "cma: Reserved %ld MiB at %pa" and "Reserved memory: created CMA memory
 * pool at %pa, size %ld MiB" (device tree).  Function names are not
 * checked, only the shapes, so vendor kernels that print the same shapes
 * from other functions import too.  cma_pages_valid(page ...) and
 * find_cma_memrange(page ...) are checks, not releases, and are skipped,
 * as are the busy retries and the free-area dump after a failure.
 *
 * A request line opens a pending request for its caller (the printk
 * caller id when the log has one, else one caller for the whole log: the
 * lines of one allocation are printed by one task, one after the other,
 * and without caller ids two allocating tasks cannot be told apart).  The
 * "returned" line closes it: a pointer is a success, NULL a failure with
 * the errno of an "alloc failed" line in between, else ENOMEM.  A request
 * that no result follows before the same caller's next request or the end
 * of the log (3.x kernels print nothing on failure; a log cut short; a log
 * filtered by hand) is recorded with has_result = 0: the importer will not
 * guess.  An "alloc failed" line with no pending request (CMA_DEBUG off)
 * is a failed request of that many pages, alignment unknown (0).  An
 * event's time is that of the line that told its outcome (the request's
 * when none did), relative to the first event.
 *
 * Identity: the struct page pointer a success returned, which a release
 * names again; hashed pointers (4.15+) are just as unique within a boot.
 * These are not physical addresses, so has_start = 0 (unless a vendor
 * kernel printed "pfn(%lx)" after it).  A release of a pointer not live is
 * skipped and counted (allocated before the log, or a release of memory
 * that never came from this area: 3.x printed the line before checking).
 * "(____ptrval____)" (pointers printed before the hash key was ready, in
 * early boot) identifies nothing: such allocations are recorded but can
 * never be released, and such releases are skipped.
 *
 * The area is the request's name: when there is one, else "cma-" and the
 * cma pointer (one struct cma per area).  The layout: see import_layout.c;
 * a reservation line gives an area's base and size when the log has
 * exactly one area and one reservation (which reservation belongs to which
 * area is not in the log otherwise).
 *
 * Memory: one line, the live allocations, a fixed table of areas, pending
 * requests (one per caller, at most DMESG_MAX_PENDING) and reservations.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_int.h"

/* "PATH:LINE: what" for the line being read; returns -EINVAL. */
#define dmesg_fail(t, ...) import_base_fail(&(t)->base, __VA_ARGS__)

#define DMESG_MAX_PENDING	64
#define DMESG_MAX_RESERVED	16
#define DMESG_MAX_ORDER		40
#define DMESG_DEFAULT_AREA	"cma"
#define DMESG_LIVE_AREA		0	/* page pointers are global */

struct dmesg_prefix {
	int	 has_ts;
	uint64_t ts_ns;
	int64_t	 caller;	/* > 0 task, < 0 cpu (interrupt), 0 unknown */
	char	*msg;
};

struct dmesg_pending {
	int	 used;
	int64_t	 caller;
	int	 area;
	uint64_t count;
	unsigned align;		/* order; UINT32_MAX: not known */
	int	 err;		/* from an "alloc failed" line, 0: none yet */
	int	 has_ts;
	uint64_t ts_ns;
	uint64_t lineno;
};

struct dmesg {
	struct import_base	  base;	/* first: see import_begin */
	int			  have_base;
	uint64_t		  base_ns;
	uint64_t		  next_id;
	uint64_t		  allocs, failed, unknown, releases, unmatched,
				  orphans, anonymous;
	int64_t			  reported_caller;	/* see dmesg_failed */
	int			  reported;
	struct dmesg_pending	  pending[DMESG_MAX_PENDING];
	int			  nreserved;
	uint64_t		  rbase[DMESG_MAX_RESERVED];
	uint64_t		  rsize[DMESG_MAX_RESERVED];
	struct import_live	  live;
	struct import_layout	  layout;
};

/* ---- small readers: each advances *pp past what it read ---- */

static void
dmesg_space(const char **pp)
{
	while (**pp == ' ' || **pp == '\t')
		(*pp)++;
}

static int
dmesg_lit(const char **pp, const char *s)
{
	size_t n = strlen(s);

	if (strncmp(*pp, s, n) != 0)
		return 0;
	*pp += n;
	return 1;
}

static int
dmesg_dec(const char **pp, uint64_t *v)
{
	const char *p = *pp;

	for (*v = 0; *p >= '0' && *p <= '9'; p++) {
		if (*v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return -1;
		*v = *v * 10 + (uint64_t)(*p - '0');
	}
	if (p == *pp)
		return -1;
	*pp = p;
	return 0;
}

static int
dmesg_hex(const char **pp, uint64_t *v)
{
	const char *p = *pp, *start;
	int d;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && isxdigit(
	    (unsigned char)p[2]))
		p += 2;
	for (start = p, *v = 0; isxdigit((unsigned char)*p); p++) {
		d = isdigit((unsigned char)*p) ? *p - '0' :
		    (tolower((unsigned char)*p) - 'a' + 10);
		if (*v > (UINT64_MAX >> 4))
			return -1;
		*v = *v << 4 | (uint64_t)d;
	}
	if (p == start)
		return -1;
	*pp = p;
	return 0;
}

/* "SECONDS.FRACTION" → nanoseconds. */
static int
dmesg_seconds(const char **pp, uint64_t *ns)
{
	const char *p = *pp;
	uint64_t sec, frac = 0;
	int digits = 0;

	if (dmesg_dec(&p, &sec) < 0 || *p != '.' || sec > UINT64_MAX / 2000000000u)
		return -1;
	for (p++; *p >= '0' && *p <= '9'; p++, digits++)
		if (digits < 9)
			frac = frac * 10 + (uint64_t)(*p - '0');
	if (digits == 0)
		return -1;
	for (; digits < 9; digits++)
		frac *= 10;
	*ns = sec * 1000000000u + frac;
	*pp = p;
	return 0;
}

/*
 * A pointer as %p prints it.  1: a pointer (value in *v, 0 for NULL);
 * 0: "(____ptrval____)", which names nothing; -1: not a pointer.
 */
static int
dmesg_pointer(const char **pp, uint64_t *v)
{
	dmesg_space(pp);
	if (dmesg_lit(pp, "(null)")) {
		*v = 0;
		return 1;
	}
	if (dmesg_lit(pp, "(____ptrval____)") || dmesg_lit(pp, "(ptrval)"))
		return 0;
	return dmesg_hex(pp, v) < 0 ? -1 : 1;
}

/* ---- the line prefix ---- */

static int
dmesg_month(const char *p)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int i;

	for (i = 0; i < 12; i++)
		if (strncmp(p, months + 3 * i, 3) == 0 && p[3] == ' ')
			return 1;
	return 0;
}

/* "PRIO,SEQ,USEC,FLAGS;" of /dev/kmsg: the message after it, or NULL. */
static const char *
dmesg_kmsg(const char *p, uint64_t *usec)
{
	uint64_t v;
	int i;

	for (i = 0; i < 3; i++) {
		if (dmesg_dec(&p, &v) < 0 || *p++ != ',')
			return NULL;
		if (i == 2)
			*usec = v;
	}
	p = strchr(p, ';');
	return p ? p + 1 : NULL;
}

static void
dmesg_prefix(char *line, struct dmesg_prefix *px)
{
	const char *p = line, *q, *k;
	uint64_t v;
	int task;

	memset(px, 0, sizeof *px);
	if ((q = dmesg_kmsg(p, &v)) != NULL && v <= UINT64_MAX / 1000) {
		px->has_ts = 1;
		px->ts_ns = v * 1000;
		p = q;
	}
	/* syslog / journal: "Mon DD HH:MM:SS host kernel: " or ISO 8601 */
	if (dmesg_month(p) || (strlen(p) >= 10 && isdigit((unsigned char)p[0])
	    && isdigit((unsigned char)p[3]) && p[4] == '-' && p[7] == '-')) {
		k = strstr(p, " kernel: ");
		if (k == NULL)
			k = strstr(p, " kernel:[");
		if (k != NULL)
			p = k + 8 + (k[8] == ' ');
	}
	/* "<7>" */
	q = p;
	if (*q == '<' && (q++, dmesg_dec(&q, &v) == 0) && *q == '>')
		p = q + 1;
	/* "[   12.345678]", or dmesg -T's "[Mon Mar  1 12:00:00 2021]" */
	if (*p == '[' && (k = strchr(p, ']')) != NULL) {
		q = p + 1;
		dmesg_space(&q);
		if (dmesg_seconds(&q, &v) == 0 && q == k) {
			px->has_ts = 1;
			px->ts_ns = v;
			p = k + 1;
		} else if (q[0] && q[1] && q[2] && q[3] == ' ' &&
		    dmesg_month(q + 4))
			p = k + 1;
	}
	/* "[  T123]" or "[ C1]" right after */
	if (*p == '[' && (k = strchr(p, ']')) != NULL) {
		q = p + 1;
		dmesg_space(&q);
		task = *q == 'T';
		if ((*q == 'T' || *q == 'C') && (q++, dmesg_dec(&q, &v) == 0) &&
		    q == k && v < INT32_MAX) {
			px->caller = task ? (int64_t)v : -(int64_t)v - 1;
			p = k + 1;
		}
	}
	while (*p == ' ')
		p++;
	px->msg = (char *)p;
}

/* ---- events ---- */

static void
dmesg_time(struct dmesg *t, int has_ts, uint64_t ts_ns, struct trace_event *ev)
{
	if (!has_ts)
		return;
	if (!t->have_base) {
		t->have_base = 1;
		t->base_ns = ts_ns;
	}
	ev->ts_ns = ts_ns > t->base_ns ? ts_ns - t->base_ns : 0;
}

static int
dmesg_area(struct dmesg *t, const char *name, size_t len)
{
	int idx = import_layout_area(&t->layout, name, len);

	if (idx == -ENAMETOOLONG)
		return dmesg_fail(t, "area name '%.*s' is longer than %d "
		    "characters", (int)len, name, IMPORT_AREA_NAME_MAX);
	if (idx < 0)
		return dmesg_fail(t, "more than %d CMA areas",
		    IMPORT_LAYOUT_MAX_AREAS);
	return idx;
}

/* What became of a request. */
struct dmesg_result {
	int	 outcome;	/* 1 success, 0 unknown, -1 failure */
	int	 err;		/* of a failure */
	uint64_t page;		/* of a success; 0: a pointer naming nothing */
	int	 has_pfn;
	uint64_t pfn;
};

/*
 * Emit the allocation `req` asked for (its time and line being those of
 * the line that told the outcome), with the next identity.
 */
static int
dmesg_alloc_event(struct dmesg *t, const struct dmesg_pending *req,
    const struct dmesg_result *r)
{
	struct trace_event ev = { .op = TRACE_ALLOC_FROM };
	struct import_area *a = &t->layout.areas[req->area];
	int ret;

	ev.chunk = ++t->next_id;
	ev.regions = a->region;
	ev.size = req->count * IMPORT_PAGE_SIZE;
	ev.align = req->align == UINT32_MAX ? 0 : IMPORT_PAGE_SIZE << req->align;
	ev.has_result = r->outcome != 0;
	ev.err = r->outcome < 0 ? r->err : 0;
	ev.pid = req->caller > 0 ? (int32_t)req->caller : 0;
	dmesg_time(t, req->has_ts, req->ts_ns, &ev);
	t->allocs++;
	if (r->outcome < 0)
		t->failed++;
	if (r->outcome == 0)
		t->unknown++;
	if (r->outcome > 0) {
		ev.region = a->region;
		if (r->has_pfn && r->pfn <= (UINT64_MAX - ev.size) /
		    IMPORT_PAGE_SIZE) {
			ev.has_start = 1;
			ev.start = r->pfn * IMPORT_PAGE_SIZE;
			import_layout_range(&t->layout, req->area, ev.start,
			    ev.size);
		}
		if (r->page == 0)
			t->anonymous++;
		else if ((ret = import_live_insert(&t->live, DMESG_LIVE_AREA,
		    r->page, ev.chunk, ev.size, (uint32_t)req->area,
		    NULL)) < 0)
			return ret;
	}
	/* Unknown outcomes count as live for the size estimate. */
	if (r->outcome >= 0)
		import_layout_live(&t->layout, req->area, ev.size, 0);
	return import_emit(&t->base, &ev, req->lineno);
}

static struct dmesg_pending *
dmesg_pending_of(struct dmesg *t, int64_t caller)
{
	int i;

	for (i = 0; i < DMESG_MAX_PENDING; i++)
		if (t->pending[i].used && t->pending[i].caller == caller)
			return &t->pending[i];
	return NULL;
}

/* A request with no "returned" line: failed if the log said so, else
 * unknown. */
static int
dmesg_flush(struct dmesg *t, struct dmesg_pending *pd)
{
	struct dmesg_result r = { .outcome = pd->err ? -1 : 0, .err = pd->err };

	pd->used = 0;
	return dmesg_alloc_event(t, pd, &r);
}

/* At the end of the log: what is still pending, oldest request first. */
static int
dmesg_flush_all(struct dmesg *t)
{
	struct dmesg_pending *first;
	int i, ret;

	for (;;) {
		for (i = 0, first = NULL; i < DMESG_MAX_PENDING; i++)
			if (t->pending[i].used && (first == NULL ||
			    t->pending[i].lineno < first->lineno))
				first = &t->pending[i];
		if (first == NULL)
			return 0;
		if ((ret = dmesg_flush(t, first)) < 0)
			return ret;
	}
}

/* "IDENT(cma PTR, [name: NAME, ]count N, align A)" from after "(cma ". */
static int
dmesg_request(struct dmesg *t, const struct dmesg_prefix *px, const char *fn,
    int fnlen, const char *p)
{
	struct dmesg_pending *pd, *oldest = NULL;
	const char *name = NULL, *item, *end, *sp, *close;
	size_t namelen = 0;
	uint64_t v, count = 0, align = 0, total = 0, cmaptr;
	int has_count = 0, has_align = 0, ptrkind, area, i, ret;
	char areaname[32];

	if ((ptrkind = dmesg_pointer(&p, &cmaptr)) < 0 || *p != ',')
		return dmesg_fail(t, "%.*s: expected 'cma POINTER, ...'",
		    fnlen, fn);
	/* Items are separated by ", " (a name such as "linux,cma" has bare
	 * commas) and end at the line's last ')'. */
	if ((close = strrchr(p, ')')) == NULL)
		return dmesg_fail(t, "%.*s: missing ')'", fnlen, fn);
	for (p++; p < close; p = end + (end < close ? 2 : 0)) {
		dmesg_space(&p);
		item = p;
		end = strstr(p, ", ");
		if (end == NULL || end > close)
			end = close;
		/* "KEY[:] VALUE": the value is after the last space */
		for (sp = end; sp > item && sp[-1] != ' '; sp--)
			;
		if (sp == item || sp == end)
			return dmesg_fail(t, "%.*s: expected 'KEY VALUE' at "
			    "'%.*s'", fnlen, fn, (int)(end - item), item);
		if (strncmp(item, "name:", 5) == 0) {
			name = sp;
			namelen = (size_t)(end - sp);
		} else {
			const char *q = sp;
			size_t kn = (size_t)(sp - item - 1);

			if (kn > 0 && item[kn - 1] == ':')
				kn--;
#define KEY(s)	(kn == sizeof(s) - 1 && strncmp(item, s, kn) == 0)
			if (KEY("count") || KEY("request count") ||
			    KEY("request pages") || KEY("total count") ||
			    KEY("total pages") || KEY("align")) {
				if (dmesg_dec(&q, &v) < 0 || q != end)
					return dmesg_fail(t, "%.*s: invalid "
					    "number '%.*s'", fnlen, fn,
					    (int)(end - sp), sp);
				if (KEY("align")) {
					align = v;
					has_align = 1;
				} else if (KEY("total count") ||
				    KEY("total pages"))
					total = v;
				else {
					count = v;
					has_count = 1;
				}
			}
#undef KEY
		}
	}
	p = close + 1;
	dmesg_space(&p);
	if (*p)
		return dmesg_fail(t, "%.*s: unexpected '%.40s' after ')'",
		    fnlen, fn, p);
	if (!has_count || !has_align)
		return dmesg_fail(t, "%.*s: expected a count and an align",
		    fnlen, fn);
	if (count == 0 || count > UINT64_MAX / IMPORT_PAGE_SIZE)
		return dmesg_fail(t, "%.*s: invalid count %llu", fnlen, fn,
		    (unsigned long long)count);
	if (align > DMESG_MAX_ORDER)
		return dmesg_fail(t, "%.*s: invalid align %llu", fnlen, fn,
		    (unsigned long long)align);
	if (name)
		area = dmesg_area(t, name, namelen);
	else if (ptrkind == 0)
		area = dmesg_area(t, DMESG_DEFAULT_AREA,
		    strlen(DMESG_DEFAULT_AREA));
	else {
		snprintf(areaname, sizeof areaname, "cma-%llx",
		    (unsigned long long)cmaptr);
		area = dmesg_area(t, areaname, strlen(areaname));
	}
	if (area < 0)
		return area;
	if (total && total <= UINT64_MAX / IMPORT_PAGE_SIZE)
		t->layout.areas[area].total = total * IMPORT_PAGE_SIZE;
	t->reported = 0;
	/* The same caller asking again: its last request had no result. */
	if ((pd = dmesg_pending_of(t, px->caller)) != NULL &&
	    (ret = dmesg_flush(t, pd)) < 0)
		return ret;
	for (i = 0, pd = NULL; i < DMESG_MAX_PENDING && pd == NULL; i++)
		if (!t->pending[i].used)
			pd = &t->pending[i];
		else if (oldest == NULL ||
		    t->pending[i].lineno < oldest->lineno)
			oldest = &t->pending[i];
	if (pd == NULL) {
		if ((ret = dmesg_flush(t, oldest)) < 0)
			return ret;
		pd = oldest;
	}
	memset(pd, 0, sizeof *pd);
	pd->used = 1;
	pd->caller = px->caller;
	pd->area = area;
	pd->count = count;
	pd->align = (unsigned)align;
	pd->has_ts = px->has_ts;
	pd->ts_ns = px->ts_ns;
	pd->lineno = t->base.lineno;
	t->base.res->skipped++;	/* the event goes out with its result */
	return 0;
}

/* "IDENT(): returned PTR [pfn(HEX)]" from after "returned". */
static int
dmesg_returned(struct dmesg *t, const struct dmesg_prefix *px,
    const char *fn, int fnlen, const char *p)
{
	struct dmesg_pending *pd, req;
	struct dmesg_result r = { 0 };
	uint64_t page, pfn = 0;
	int kind, has_pfn = 0;

	if ((kind = dmesg_pointer(&p, &page)) < 0)
		return dmesg_fail(t, "%.*s: expected a pointer after "
		    "'returned'", fnlen, fn);
	dmesg_space(&p);
	if (dmesg_lit(&p, "pfn(")) {
		if (dmesg_hex(&p, &pfn) < 0 || *p++ != ')')
			return dmesg_fail(t, "%.*s: invalid pfn(...)", fnlen,
			    fn);
		has_pfn = 1;
		dmesg_space(&p);
	}
	if (*p)
		return dmesg_fail(t, "%.*s: unexpected '%.40s' after the "
		    "pointer", fnlen, fn, p);
	if ((pd = dmesg_pending_of(t, px->caller)) == NULL) {
		t->orphans++;
		t->base.res->skipped++;
		return 0;
	}
	pd->used = 0;
	req = *pd;
	req.has_ts = px->has_ts;
	req.ts_ns = px->ts_ns;
	req.lineno = t->base.lineno;
	if (kind == 1 && page == 0) {
		r.outcome = -1;
		r.err = pd->err ? pd->err : ENOMEM;
		t->reported = 1;
		t->reported_caller = px->caller;
	} else {
		r.outcome = 1;
		r.page = kind == 1 ? page : 0;
		r.has_pfn = has_pfn;
		r.pfn = pfn;
	}
	return dmesg_alloc_event(t, &req, &r);
}

/* "IDENT(page PTR[, count N...])" from after "(page ". */
static int
dmesg_release(struct dmesg *t, const struct dmesg_prefix *px,
    const char *fn, int fnlen, const char *p)
{
	struct trace_event ev = { .op = TRACE_PUT, .has_result = 1 };
	uint64_t page, bytes;
	uint32_t area;
	int kind;

	if ((kind = dmesg_pointer(&p, &page)) < 0 || (*p != ')' && *p != ','))
		return dmesg_fail(t, "%.*s: expected 'page POINTER'", fnlen,
		    fn);
	if (strchr(p, ')') == NULL)
		return dmesg_fail(t, "%.*s: missing ')'", fnlen, fn);
	t->reported = 0;
	if (kind == 0 || page == 0 || import_live_remove(&t->live,
	    DMESG_LIVE_AREA, page, &ev.chunk, &bytes, &area) < 0) {
		t->unmatched++;
		t->base.res->skipped++;
		return 0;
	}
	import_layout_live(&t->layout, (int)area, 0, bytes);
	ev.pid = px->caller > 0 ? (int32_t)px->caller : 0;
	dmesg_time(t, px->has_ts, px->ts_ns, &ev);
	t->releases++;
	return import_emit(&t->base, &ev, t->base.lineno);
}

/* "IDENT: [NAME: ]alloc failed, req-size: N pages, ret: E" */
static int
dmesg_failed(struct dmesg *t, const struct dmesg_prefix *px, const char *msg,
    const char *at)
{
	struct dmesg_pending *pd, req;
	struct dmesg_result r = { 0 };
	const char *p = at + strlen("alloc failed, req-size: "), *c, *name;
	uint64_t count, e;
	size_t namelen = 0;
	int neg, area, err;

	if (dmesg_dec(&p, &count) < 0 || !dmesg_lit(&p, " pages, ret: "))
		return dmesg_fail(t, "expected 'alloc failed, req-size: N "
		    "pages, ret: E'");
	neg = *p == '-';
	p += neg;
	if (dmesg_dec(&p, &e) < 0 || e > 4095 || (dmesg_space(&p), *p))
		return dmesg_fail(t, "alloc failed: invalid ret");
	err = (int)e;
	if (err == 0)
		return dmesg_fail(t, "alloc failed: ret 0");
	if ((pd = dmesg_pending_of(t, px->caller)) != NULL) {
		pd->err = err;
		t->base.res->skipped++;
		return 0;
	}
	if (t->reported && t->reported_caller == px->caller) {
		/* The "returned NULL" of this failure came first. */
		t->reported = 0;
		t->base.res->skipped++;
		return 0;
	}
	/* CMA_DEBUG off: this line is all there is of the request. */
	if (count == 0 || count > UINT64_MAX / IMPORT_PAGE_SIZE)
		return dmesg_fail(t, "alloc failed: invalid req-size");
	c = strchr(msg, ':');
	name = c ? c + 1 : at;
	while (*name == ' ')
		name++;
	if (name < at) {
		namelen = (size_t)(at - name);
		while (namelen > 0 && (name[namelen - 1] == ' ' ||
		    name[namelen - 1] == ':'))
			namelen--;
	}
	area = namelen ? dmesg_area(t, name, namelen) :
	    dmesg_area(t, DMESG_DEFAULT_AREA, strlen(DMESG_DEFAULT_AREA));
	if (area < 0)
		return area;
	memset(&req, 0, sizeof req);
	req.area = area;
	req.count = count;
	req.align = UINT32_MAX;		/* not in the message */
	req.caller = px->caller;
	req.has_ts = px->has_ts;
	req.ts_ns = px->ts_ns;
	req.lineno = t->base.lineno;
	r.outcome = -1;
	r.err = err;
	return dmesg_alloc_event(t, &req, &r);
}

static int
dmesg_reserved(struct dmesg *t, uint64_t base, uint64_t mib)
{
	if (mib == 0 || mib > UINT64_MAX / IMPORT_MiB ||
	    base > UINT64_MAX - mib * IMPORT_MiB)
		return dmesg_fail(t, "invalid CMA reservation");
	if (base % IMPORT_PAGE_SIZE != 0)
		return dmesg_fail(t, "CMA reservation at 0x%llx is not page "
		    "aligned", (unsigned long long)base);
	if (t->nreserved < DMESG_MAX_RESERVED) {
		t->rbase[t->nreserved] = base;
		t->rsize[t->nreserved] = mib * IMPORT_MiB;
	}
	t->nreserved++;
	t->base.res->skipped++;
	return 0;
}

/*
 * The reservation lines: 1 and base/MiB filled if msg is one, 0 if not,
 * -1 if it starts like one but does not parse.
 */
static int
dmesg_reservation(const char *msg, uint64_t *base, uint64_t *mib)
{
	const char *p = msg;
	int cma = dmesg_lit(&p, "cma: ");

	if (dmesg_lit(&p, "CMA: reserved ") || (cma &&
	    dmesg_lit(&p, "Reserved "))) {
		if (dmesg_dec(&p, mib) < 0 || !dmesg_lit(&p, " MiB at ") ||
		    dmesg_hex(&p, base) < 0)
			return -1;
		return 1;
	}
	p = msg;
	if (dmesg_lit(&p, "Reserved memory: created CMA memory pool at ")) {
		if (dmesg_hex(&p, base) < 0 || !dmesg_lit(&p, ", size ") ||
		    dmesg_dec(&p, mib) < 0 || !dmesg_lit(&p, " MiB"))
			return -1;
		return 1;
	}
	return 0;
}

static int
dmesg_is_release(const char *fn, int n)
{
	static const char *const names[] = { "cma_release",
	    "dma_release_from_contiguous", "__cma_release_frozen",
	    "cma_release_frozen" };
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if ((size_t)n == strlen(names[i]) &&
		    strncmp(fn, names[i], (size_t)n) == 0)
			return 1;
	return 0;
}

/*
 * What a message is; for the IDENT(...) forms also where IDENT is and
 * where its arguments start.
 */
enum dmesg_kind {
	DMESG_OTHER,
	DMESG_REQUEST,		/* rest: after "(cma " */
	DMESG_RETURNED,		/* rest: after "(): returned" */
	DMESG_RELEASE,		/* rest: after "(page " */
	DMESG_CHECK,		/* IDENT(page ...) that is not a release */
	DMESG_FAILED,		/* rest: "alloc failed, ..." */
	DMESG_RESERVED,
	DMESG_CMA_OTHER,	/* a "cma: " line of no interest */
};

static enum dmesg_kind
dmesg_classify_msg(const char *msg, const char **fn, int *fnlen,
    const char **rest)
{
	const char *p = msg, *q;
	uint64_t b, m;

	if (dmesg_reservation(msg, &b, &m) != 0)
		return DMESG_RESERVED;
	if (!dmesg_lit(&p, "cma: "))
		return DMESG_OTHER;
	for (q = p; *q == '_' || isalnum((unsigned char)*q); q++)
		;
	*fn = p;
	*fnlen = (int)(q - p);
	if (q > p && *q == '(') {
		*rest = q + 1;
		if (dmesg_lit(rest, "cma "))
			return DMESG_REQUEST;
		if (dmesg_lit(rest, "): returned"))
			return DMESG_RETURNED;
		if (dmesg_lit(rest, "page "))
			return dmesg_is_release(p, *fnlen) ? DMESG_RELEASE :
			    DMESG_CHECK;
		return DMESG_CMA_OTHER;
	}
	if (q > p && *q == ':' &&
	    (*rest = strstr(q, "alloc failed, req-size: ")) != NULL)
		return DMESG_FAILED;
	return DMESG_CMA_OTHER;
}

static int
dmesg_line(struct dmesg *t)
{
	struct import_line *l = &t->base.line;
	struct dmesg_prefix px;
	const char *fn = NULL, *rest = NULL;
	enum dmesg_kind kind;
	uint64_t base, mib;
	int fnlen = 0;

	t->base.lineno = l->lineno;
	if (l->nul)
		return dmesg_fail(t, "NUL byte in the line");
	dmesg_prefix(l->buf, &px);
	kind = dmesg_classify_msg(px.msg, &fn, &fnlen, &rest);
	if (l->too_long) {
		if (kind != DMESG_OTHER && kind != DMESG_CMA_OTHER)
			return dmesg_fail(t, "line longer than %d characters",
			    IMPORT_LINE_MAX);
		t->base.res->skipped++;
		return 0;
	}
	switch (kind) {
	case DMESG_REQUEST:
		return dmesg_request(t, &px, fn, fnlen, rest);
	case DMESG_RETURNED:
		return dmesg_returned(t, &px, fn, fnlen, rest);
	case DMESG_RELEASE:
		return dmesg_release(t, &px, fn, fnlen, rest);
	case DMESG_FAILED:
		return dmesg_failed(t, &px, px.msg + 5, rest);
	case DMESG_RESERVED:
		if (dmesg_reservation(px.msg, &base, &mib) < 0)
			return dmesg_fail(t, "expected 'reserved N MiB at "
			    "ADDRESS'");
		return dmesg_reserved(t, base, mib);
	case DMESG_CHECK:
	case DMESG_CMA_OTHER:
	case DMESG_OTHER:
		break;
	}
	t->base.res->skipped++;
	return 0;
}

static void
dmesg_note(struct dmesg *t)
{
	char *n = t->base.res->note;
	size_t len;

	snprintf(n, sizeof t->base.res->note, "kernel log: %llu allocations "
	    "(%llu failed, %llu unknown), %llu releases",
	    (unsigned long long)t->allocs, (unsigned long long)t->failed,
	    (unsigned long long)t->unknown, (unsigned long long)t->releases);
#define MORE(cond, ...) do {						\
	len = strlen(n);						\
	if (cond)							\
		snprintf(n + len, sizeof t->base.res->note - len,	\
		    __VA_ARGS__);					\
} while (0)
	MORE(t->unmatched, "; %llu releases of unknown pages skipped",
	    (unsigned long long)t->unmatched);
	MORE(t->orphans, "; %llu results without request skipped",
	    (unsigned long long)t->orphans);
	MORE(t->anonymous, "; %llu allocations without pointer",
	    (unsigned long long)t->anonymous);
#undef MORE
}

int
import_dmesg(FILE *in, const char *path, const struct import_sink *sink,
    struct import_result *res, struct cma_err *err)
{
	struct dmesg *t;
	int ret;

	t = import_begin(sizeof *t, in, IMPORT_LINE_MAX, path, sink, res, err);
	if (t == NULL)
		return -ENOMEM;
	res = t->base.res;
	import_live_init(&t->live);
	while ((ret = import_line_read(&t->base.line)) == 1) {
		res->lines++;
		if ((ret = dmesg_line(t)) < 0)
			break;
	}
	if (ret == 0)
		ret = dmesg_flush_all(t);
	if (ret == 0) {
		if (t->layout.n == 1 && t->nreserved == 1) {
			t->layout.areas[0].has_base = 1;
			t->layout.areas[0].base = t->rbase[0];
			t->layout.areas[0].total = t->rsize[0];
		}
		dmesg_note(t);
		import_layout_write(&t->layout, "dmesg", res);
	}
	import_live_free(&t->live);
	return import_end(&t->base, ret);
}

int
import_dmesg_classify(const char *line)
{
	char buf[IMPORT_LINE_MAX + 1];
	struct dmesg_prefix px;
	const char *fn, *rest;
	int fnlen;

	snprintf(buf, sizeof buf, "%s", line);
	dmesg_prefix(buf, &px);
	switch (dmesg_classify_msg(px.msg, &fn, &fnlen, &rest)) {
	case DMESG_REQUEST:
	case DMESG_RETURNED:
	case DMESG_RELEASE:
	case DMESG_FAILED:
	case DMESG_RESERVED:
		return 1;
	default:
		return 0;
	}
}
