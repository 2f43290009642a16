/*
 * Importing the seed's cma-test scripts: the "recorded allocate/free
 * sequence" of 2010, which is nothing but the tool's commands in a text
 * file fed to its standard input.
 *
 *	a | alloc  DEV[/KIND] SIZE[/ALIGN]	→ TRACE_ALLOC
 *	A | afrom  REGIONS SIZE[/ALIGN]		→ TRACE_ALLOC_FROM (v6 tool)
 *	f | free   [NUM]			→ TRACE_PUT
 *	l | list, w | write, v | verify, and the v6 W | kwrite, V | kverify,
 *	D | kdump: no event (counted as skipped); # ...: a comment
 *	an empty line: the previous command again, as the tool does
 *
 * A script holds requests only, so every event has has_result = 0.
 *
 * Chunk identities: the allocations get 1, 2, 3... in script order.  The
 * script itself names chunks by the number the tool printed, which was the
 * chunk's file descriptor: the lowest number not in use, from 3 up (0-2
 * being stdin, stdout and stderr), reused after a free.  The importer
 * numbers the same way assuming every allocation succeeded, because it
 * cannot know otherwise and a script written against a live board was
 * written from the numbers a successful run printed.  (A failed allocation
 * in the real run closed its descriptor, so the numbers of a run with
 * failures differ from this from that point on; such a script cannot be
 * replayed faithfully by any means.)  "f" alone frees the newest live
 * chunk, like the tool.
 *
 * Unlike the tool, which complains on stderr and reads on, the importer
 * stops at the first line the tool would not have executed as written:
 * an unknown command, a bad or zero size, a free (or w/v/...) of a number
 * that is not live, a name or kind over 16 characters or a region list
 * over 31 (the ABI's char arrays), anything left after the arguments,
 * a line of 1023 characters or more, a NUL byte, or a last line without a
 * newline (the tool ignores that line).  A trace that silently differs
 * from what the script did is worse than no trace.  The error is
 * "PATH:LINE: what".
 *
 * Sizes and alignments are read as the in-process tool reads them (the
 * seed's memparse: spaces, a C number, one K/M/G suffix, spaces), and the
 * alignment after '/' is honoured as `cma test` does, not rejected as the
 * 2010 tool's bug did.  What a request asks for is recorded as written:
 * whether the framework accepts an alignment that is not a power of two
 * is for the replay to find out.
 *
 * Memory: the chunks live at the time, by number, and a heap of the
 * numbers freed below the highest one handed out; nothing per line.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_int.h"

#define CMATEST_LINE_MAX	1022	/* fgets(buf, 1024) and the newline */
#define CMATEST_NAME_MAX	16	/* char name[17], kind[17] */
#define CMATEST_SPEC_MAX	31	/* v6: char spec[32] */
#define CMATEST_FIRST_NUM	3

enum cmatest_kind {
	CMATEST_LIST,
	CMATEST_ALLOC,
	CMATEST_AFROM,
	CMATEST_FREE,
	CMATEST_CHECK,		/* w, v and the v6 kernel-side checks */
};

static const struct {
	const char	  *name;
	enum cmatest_kind  kind;
} cmatest_commands[] = {
	{ "l", CMATEST_LIST }, { "list", CMATEST_LIST },
	{ "a", CMATEST_ALLOC }, { "alloc", CMATEST_ALLOC },
	{ "A", CMATEST_AFROM }, { "afrom", CMATEST_AFROM },
	{ "f", CMATEST_FREE }, { "free", CMATEST_FREE },
	{ "w", CMATEST_CHECK }, { "write", CMATEST_CHECK },
	{ "v", CMATEST_CHECK }, { "verify", CMATEST_CHECK },
	{ "W", CMATEST_CHECK }, { "kwrite", CMATEST_CHECK },
	{ "V", CMATEST_CHECK }, { "kverify", CMATEST_CHECK },
	{ "D", CMATEST_CHECK }, { "kdump", CMATEST_CHECK },
};

/* A live chunk, indexed by its number; prev/next link the live ones in
 * allocation order (0: none, numbers start at 3). */
struct cmatest_chunk {
	uint64_t id;
	int	 live;
	int	 prev, next;
};

struct cmatest {
	struct import_base	  base;	/* first: see import_begin */
	const char		 *repeat;	/* the line repeated, or NULL */
	char			  last[CMATEST_LINE_MAX + 1];
	char			  work[CMATEST_LINE_MAX + 1];
	uint64_t		  next_id;
	struct cmatest_chunk	 *chunks;
	int			  nchunks;	/* entries allocated */
	int			  next_num;	/* lowest never handed out */
	int			  newest;	/* 0: nothing live */
	int			 *freed;	/* min-heap of free numbers */
	int			  nfreed, capfreed;
	uint64_t		  allocs, frees;
};

static int
cmatest_fail(struct cmatest *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
cmatest_fail(struct cmatest *t, const char *fmt, ...)
{
	char what[CMA_ERR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	if (t->repeat)
		return import_fail(t->base.err, t->base.path, t->base.lineno,
		    "(empty line repeats '%.40s') %s", t->repeat, what);
	return import_fail(t->base.err, t->base.path, t->base.lineno, "%s",
	    what);
}

static char *
cmatest_skip_space(char *p)
{
	while (isspace((unsigned char)*p))
		p++;
	return p;
}

static char *
cmatest_word_end(char *p)
{
	while (*p && !isspace((unsigned char)*p))
		p++;
	return p;
}

/* ---- chunk numbers ---- */

static void
cmatest_heap_push(struct cmatest *t, int num)
{
	int i = t->nfreed++, parent, tmp;

	t->freed[i] = num;
	while (i > 0 && t->freed[parent = (i - 1) / 2] > t->freed[i]) {
		tmp = t->freed[parent];
		t->freed[parent] = t->freed[i];
		t->freed[i] = tmp;
		i = parent;
	}
}

static int
cmatest_heap_pop(struct cmatest *t)
{
	int top = t->freed[0], i = 0, l, r, m, tmp;

	t->freed[0] = t->freed[--t->nfreed];
	for (;;) {
		l = 2 * i + 1;
		r = l + 1;
		m = i;
		if (l < t->nfreed && t->freed[l] < t->freed[m])
			m = l;
		if (r < t->nfreed && t->freed[r] < t->freed[m])
			m = r;
		if (m == i)
			return top;
		tmp = t->freed[m];
		t->freed[m] = t->freed[i];
		t->freed[i] = tmp;
		i = m;
	}
}

/* The number the tool's next open() would have got, made live. */
static int
cmatest_number(struct cmatest *t, uint64_t id, int *out)
{
	struct cmatest_chunk *c;
	int num, n;

	if (t->nfreed > 0)
		num = cmatest_heap_pop(t);
	else {
		if (t->next_num == INT_MAX)
			return cmatest_fail(t, "more than %d chunks live",
			    INT_MAX - CMATEST_FIRST_NUM);
		num = t->next_num++;
		if (num >= t->nchunks) {
			n = t->nchunks ? t->nchunks * 2 : 64;
			if (n < t->nchunks || (size_t)n > SIZE_MAX / sizeof *c)
				return -ENOMEM;
			c = realloc(t->chunks, (size_t)n * sizeof *c);
			if (c == NULL)
				return -ENOMEM;
			memset(c + t->nchunks, 0,
			    (size_t)(n - t->nchunks) * sizeof *c);
			t->chunks = c;
			t->nchunks = n;
		}
	}
	c = &t->chunks[num];
	c->id = id;
	c->live = 1;
	c->next = 0;
	c->prev = t->newest;
	if (t->newest)
		t->chunks[t->newest].next = num;
	t->newest = num;
	*out = num;
	return 0;
}

static int
cmatest_release(struct cmatest *t, int num)
{
	struct cmatest_chunk *c = &t->chunks[num];
	int *f;

	if (t->nfreed == t->capfreed) {
		f = realloc(t->freed, (size_t)(t->capfreed ? t->capfreed * 2 :
		    64) * sizeof *f);
		if (f == NULL)
			return -ENOMEM;
		t->freed = f;
		t->capfreed = t->capfreed ? t->capfreed * 2 : 64;
	}
	if (c->prev)
		t->chunks[c->prev].next = c->next;
	if (c->next)
		t->chunks[c->next].prev = c->prev;
	else
		t->newest = c->prev;
	c->live = 0;
	cmatest_heap_push(t, num);
	return 0;
}

/* "[NUM]": the live chunk's number (the newest without one), or an error. */
static int
cmatest_pick(struct cmatest *t, const char *cmd, char *p, int *num)
{
	unsigned long v = 0;
	char *start;

	p = cmatest_skip_space(p);
	if (*p == '\0') {
		if (t->newest == 0)
			return cmatest_fail(t, "%s: no chunks", cmd);
		*num = t->newest;
		return 0;
	}
	start = p;
	while (*p >= '0' && *p <= '9') {
		if (v > (INT_MAX - (unsigned long)(*p - '0')) / 10)
			return cmatest_fail(t, "%s: invalid number '%.40s'",
			    cmd, start);
		v = v * 10 + (unsigned long)(*p++ - '0');
	}
	if (p == start || (*p && !isspace((unsigned char)*p)))
		return cmatest_fail(t, "%s: invalid number '%.40s'", cmd,
		    start);
	p = cmatest_skip_space(p);
	if (*p)
		return cmatest_fail(t, "%s: unexpected '%.40s' at the end",
		    cmd, p);
	if (v >= (unsigned long)t->nchunks || !t->chunks[v].live)
		return cmatest_fail(t, "%s: no chunk %lu", cmd, v);
	*num = (int)v;
	return 0;
}

/* "SIZE[/ALIGN]" and nothing after, read the way `cma test` reads it. */
static int
cmatest_size(struct cmatest *t, const char *cmd, char *p, uint64_t *size,
    uint64_t *align)
{
	const char *end;
	int ret;

	*align = 0;
	p = cmatest_skip_space(p);
	ret = cma_memparse(p, &end, size);
	if (ret == -ERANGE)
		return cmatest_fail(t, "%s: size '%.40s' does not fit in 64 "
		    "bits", cmd, p);
	if (ret < 0)
		return cmatest_fail(t, "%s: invalid size '%.40s'", cmd, p);
	if (*size == 0)
		return cmatest_fail(t, "%s: invalid size 0", cmd);
	p = cmatest_skip_space((char *)end);
	if (*p == '/') {
		p = cmatest_skip_space(p + 1);
		ret = cma_memparse(p, &end, align);
		if (ret == -ERANGE)
			return cmatest_fail(t, "%s: alignment '%.40s' does not "
			    "fit in 64 bits", cmd, p);
		if (ret < 0)
			return cmatest_fail(t, "%s: invalid alignment '%.40s'",
			    cmd, p);
		p = cmatest_skip_space((char *)end);
	}
	if (*p)
		return cmatest_fail(t, "%s: unexpected '%.40s' at the end",
		    cmd, p);
	return 0;
}

static int
cmatest_alloc_event(struct cmatest *t, struct trace_event *ev)
{
	int num, ret;

	ev->chunk = ++t->next_id;
	if ((ret = cmatest_number(t, ev->chunk, &num)) < 0)
		return ret;
	t->allocs++;
	return import_emit(&t->base, ev, t->base.lineno);
}

static int
cmatest_alloc(struct cmatest *t, const char *cmd, char *p)
{
	struct trace_event ev = { .op = TRACE_ALLOC };
	char *name, *end, *slash = NULL, *q;
	int ret;

	name = cmatest_skip_space(p);
	if (*name == '\0')
		return cmatest_fail(t, "%s: expected DEV[/KIND] SIZE[/ALIGN]",
		    cmd);
	end = cmatest_word_end(name);
	if (*end == '\0')
		return cmatest_fail(t, "%s: expected a size after '%.40s'",
		    cmd, name);
	*end++ = '\0';
	for (q = name; *q; q++)
		if (*q == '/')
			slash = q;
	if (slash)
		*slash = '\0';
	if (*name == '\0')
		return cmatest_fail(t, "%s: empty device name", cmd);
	if (strlen(name) > CMATEST_NAME_MAX)
		return cmatest_fail(t, "%s: device name '%.40s' is longer than "
		    "%d characters", cmd, name, CMATEST_NAME_MAX);
	if (slash && strlen(slash + 1) > CMATEST_NAME_MAX)
		return cmatest_fail(t, "%s: kind '%.40s' is longer than %d "
		    "characters", cmd, slash + 1, CMATEST_NAME_MAX);
	if ((ret = cmatest_size(t, cmd, end, &ev.size, &ev.align)) < 0)
		return ret;
	ev.dev = name;
	/* The ABI's empty kind is no kind. */
	ev.kind = slash && slash[1] ? slash + 1 : NULL;
	return cmatest_alloc_event(t, &ev);
}

static int
cmatest_afrom(struct cmatest *t, const char *cmd, char *p)
{
	struct trace_event ev = { .op = TRACE_ALLOC_FROM };
	char *list, *end, *q;
	int ret;

	list = cmatest_skip_space(p);
	if (*list == '\0')
		return cmatest_fail(t, "%s: expected REGIONS SIZE[/ALIGN]",
		    cmd);
	end = cmatest_word_end(list);
	if (*end == '\0')
		return cmatest_fail(t, "%s: expected a size after '%.40s'",
		    cmd, list);
	*end++ = '\0';
	if (strlen(list) > CMATEST_SPEC_MAX)
		return cmatest_fail(t, "%s: region list '%.40s' is longer than "
		    "%d characters", cmd, list, CMATEST_SPEC_MAX);
	for (q = list; *q; q++)
		if (*q == ',' && (q == list || q[1] == '\0' || q[1] == ','))
			return cmatest_fail(t, "%s: empty region name in "
			    "'%s'", cmd, list);
	if ((ret = cmatest_size(t, cmd, end, &ev.size, &ev.align)) < 0)
		return ret;
	ev.regions = list;
	return cmatest_alloc_event(t, &ev);
}

static int
cmatest_free(struct cmatest *t, const char *cmd, char *p)
{
	struct trace_event ev = { .op = TRACE_PUT };
	int num, ret;

	if ((ret = cmatest_pick(t, cmd, p, &num)) < 0)
		return ret;
	ev.chunk = t->chunks[num].id;
	if ((ret = cmatest_release(t, num)) < 0)
		return ret;
	t->frees++;
	return import_emit(&t->base, &ev, t->base.lineno);
}

static int
cmatest_list(struct cmatest *t, const char *cmd, char *p)
{
	p = cmatest_skip_space(p);
	if (*p)
		return cmatest_fail(t, "%s: unexpected '%.40s' at the end",
		    cmd, p);
	t->base.res->skipped++;
	return 0;
}

static int
cmatest_check(struct cmatest *t, const char *cmd, char *p)
{
	int num, ret;

	if ((ret = cmatest_pick(t, cmd, p, &num)) < 0)
		return ret;
	t->base.res->skipped++;
	return 0;
}

/* One command line, already known to be neither empty nor a comment. */
static int
cmatest_command(struct cmatest *t, char *line)
{
	char *name = line, *p = cmatest_word_end(line);
	size_t i;

	if (*p)
		*p++ = '\0';
	for (i = 0; i < sizeof cmatest_commands / sizeof cmatest_commands[0];
	    i++) {
		if (strcmp(name, cmatest_commands[i].name) != 0)
			continue;
		switch (cmatest_commands[i].kind) {
		case CMATEST_LIST:
			return cmatest_list(t, name, p);
		case CMATEST_ALLOC:
			return cmatest_alloc(t, name, p);
		case CMATEST_AFROM:
			return cmatest_afrom(t, name, p);
		case CMATEST_FREE:
			return cmatest_free(t, name, p);
		case CMATEST_CHECK:
			return cmatest_check(t, name, p);
		}
	}
	return cmatest_fail(t, "unknown command '%.40s'", name);
}

static int
cmatest_line(struct cmatest *t)
{
	struct import_line *l = &t->base.line;
	char *p;

	t->base.lineno = l->lineno;
	t->repeat = NULL;
	if (l->too_long)
		return cmatest_fail(t, "line too long (cma-test reads at most "
		    "%d characters)", CMATEST_LINE_MAX);
	if (l->nul)
		return cmatest_fail(t, "NUL byte in the line");
	if (l->no_newline)
		return cmatest_fail(t, "no newline at the end of the file "
		    "(cma-test ignores such a line)");
	p = cmatest_skip_space(l->buf);
	if (*p == '#') {
		t->base.res->skipped++;
		return 0;
	}
	if (*p == '\0') {
		if (t->last[0] == '\0') {
			t->base.res->skipped++;	/* nothing to repeat yet */
			return 0;
		}
		t->repeat = t->last;
		memcpy(t->work, t->last, sizeof t->work);
	} else {
		snprintf(t->last, sizeof t->last, "%s", p);
		memcpy(t->work, t->last, sizeof t->work);
	}
	return cmatest_command(t, t->work);
}

int
import_cmatest(FILE *in, const char *path, const struct import_sink *sink,
    struct import_result *res, struct cma_err *err)
{
	struct cmatest *t;
	int ret;

	t = import_begin(sizeof *t, in, CMATEST_LINE_MAX, path, sink, res, err);
	if (t == NULL)
		return -ENOMEM;
	res = t->base.res;
	t->next_num = CMATEST_FIRST_NUM;
	while ((ret = import_line_read(&t->base.line)) == 1) {
		res->lines++;
		if ((ret = cmatest_line(t)) < 0)
			break;
	}
	if (ret == 0)
		snprintf(res->note, sizeof res->note, "cma-test script: %llu "
		    "allocations, %llu frees, no layout (a script runs under "
		    "any)", (unsigned long long)t->allocs,
		    (unsigned long long)t->frees);
	free(t->chunks);
	free(t->freed);
	return import_end(&t->base, ret);
}

int
import_cmatest_classify(const char *line)
{
	const char *p = line, *end;
	size_t i, n;

	while (isspace((unsigned char)*p))
		p++;
	if (*p == '\0' || *p == '#')
		return 0;
	for (end = p; *end && !isspace((unsigned char)*end); end++)
		;
	n = (size_t)(end - p);
	for (i = 0; i < sizeof cmatest_commands / sizeof cmatest_commands[0];
	    i++)
		if (strlen(cmatest_commands[i].name) == n &&
		    memcmp(cmatest_commands[i].name, p, n) == 0)
			return 1;
	return -1;
}
