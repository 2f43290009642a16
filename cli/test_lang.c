/*
 * The seed's cma-test command language (see cmd_test.c), interpreted
 * against a framework one line at a time, results on st->out and
 * diagnostics on st->diag, so `cma test` and the fuzz harness share it.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_lang.h"

static void
test_skip_space(char **p)
{
	while (isspace((unsigned char)**p))
		(*p)++;
}

/* The seed's memparse: spaces, a number, one K/M/G suffix, spaces. */
static int
test_memparse(char **p, uint64_t *v)
{
	const char *end;

	test_skip_space(p);
	if (cma_memparse(*p, &end, v) < 0)
		return -1;
	*p = (char *)end;
	test_skip_space(p);
	return 0;
}

static int
test_lowest_free_number(struct test_state *st)
{
	struct test_chunk *c;
	int n = 3, taken;

	do {
		taken = 0;
		for (c = st->head.next; c != &st->head; c = c->next)
			if (c->num == n) {
				taken = 1;
				n++;
				break;
			}
	} while (taken);
	return n;
}

static void
test_print_chunk(struct test_state *st, const struct test_chunk *c)
{
	fprintf(st->out, "%3d: %p@%p\n", c->num, (void *)(uintptr_t)c->size,
	    (void *)(uintptr_t)c->start);
}

static void
test_list(struct test_state *st, const char *cmd, char *args)
{
	struct test_chunk *c;

	(void)cmd;
	(void)args;
	for (c = st->head.next; c != &st->head; c = c->next)
		test_print_chunk(st, c);
}

/* Split "DEV[/KIND]" at the last '/', checking the ABI's 16-char limits. */
static int
test_name(struct test_state *st, const char *cmd, char **p, char **dev,
    char **kind)
{
	char *slash = NULL, *q;

	test_skip_space(p);
	if (**p == '\0') {
		fprintf(st->diag, "%s: expecting name\n", cmd);
		return -1;
	}
	for (q = *dev = *p; *q && !isspace((unsigned char)*q); q++)
		if (*q == '/')
			slash = q;
	if (*q == '\0') {
		fprintf(st->diag, "%s: expecting size after name\n", cmd);
		return -1;
	}
	*q++ = '\0';
	*kind = NULL;
	if (slash) {
		*slash = '\0';
		*kind = slash + 1;
	}
	*p = q;
	if (strlen(*dev) > TEST_NAME_MAX ||
	    (*kind && strlen(*kind) > TEST_NAME_MAX)) {
		fprintf(st->diag, "%s: name or kind too long\n", cmd);
		return -1;
	}
	return 0;
}

static void
test_alloc(struct test_state *st, const char *cmd, char *args)
{
	uint64_t size, align = 0, start;
	char *dev, *kind, *p = args;
	struct test_chunk *c;
	int ret;

	if (test_name(st, cmd, &p, &dev, &kind) < 0)
		return;
	if (test_memparse(&p, &size) < 0 || size == 0) {
		fprintf(st->diag, "%s: invalid size\n", cmd);
		return;
	}
	if (*p == '/') {
		p++;
		if (test_memparse(&p, &align) < 0) {
			fprintf(st->diag, "%s: invalid alignment\n", cmd);
			return;
		}
	}
	test_skip_space(&p);
	if (*p) {
		fprintf(st->diag, "%s: unknown arguments at the end: %s\n", cmd,
		    p);
		return;
	}
	fprintf(st->diag, "%s: allocating %p/%p\n", cmd,
	    (void *)(uintptr_t)size, (void *)(uintptr_t)align);
	ret = cma_alloc(st->cma, dev, kind, size, align, &start);
	if (ret < 0) {
		fprintf(st->diag, "%s: cma_alloc: %s\n", cmd, strerror(-ret));
		return;
	}
	c = calloc(1, sizeof *c);
	if (c == NULL) {
		fprintf(st->diag, "%s: %s\n", cmd, strerror(errno));
		cma_put(st->cma, start);
		return;
	}
	c->num = test_lowest_free_number(st);
	c->size = size;
	c->start = start;
	c->next = &st->head;
	c->prev = st->head.prev;
	st->head.prev->next = c;
	st->head.prev = c;
	test_print_chunk(st, c);
}

void
test_release(struct test_state *st, struct test_chunk *c)
{
	c->prev->next = c->next;
	c->next->prev = c->prev;
	cma_put(st->cma, c->start);
	free(c);
}

/* The chunk named by "[NUM]" (the newest without one), or NULL. */
static struct test_chunk *
test_pick(struct test_state *st, const char *cmd, char *args)
{
	struct test_chunk *c;
	unsigned long num;
	char *p = args;

	test_skip_space(&p);
	if (*p == '\0') {
		if (st->head.prev == &st->head) {
			fprintf(st->diag, "%s: no chunks\n", cmd);
			return NULL;
		}
		return st->head.prev;
	}
	errno = 0;
	num = strtoul(p, &p, 10);
	if (errno || num > INT_MAX) {
		fprintf(st->diag, "%s: invalid number\n", cmd);
		return NULL;
	}
	test_skip_space(&p);
	if (*p) {
		fprintf(st->diag, "%s: unknown arguments at the end: %s\n", cmd,
		    p);
		return NULL;
	}
	for (c = st->head.next; c != &st->head; c = c->next)
		if (c->num == (int)num)
			return c;
	fprintf(st->diag, "%s: no chunk %3lu\n", cmd, num);
	return NULL;
}

static void
test_free(struct test_state *st, const char *cmd, char *args)
{
	struct test_chunk *c = test_pick(st, cmd, args);

	if (c == NULL)
		return;
	fprintf(st->diag, "%s: freeing %p@%p\n", cmd, (void *)(uintptr_t)c->size,
	    (void *)(uintptr_t)c->start);
	test_release(st, c);
}

/*
 * The 2010 v6 tool's "w" and "v": fill a chunk's bytes in the window with
 * the 32-bit words 0, 1, 2, ... and check them.  Only diagnostics are
 * written, so sessions of v1 commands print what they always did.
 */
static void
test_pattern(struct test_state *st, const char *cmd, char *args, int write)
{
	struct test_chunk *c = test_pick(st, cmd, args);
	uint32_t *w;
	uint64_t i, n;

	if (c == NULL)
		return;
	w = cma_window_ptr(st->window, c->start, c->size);
	if (w == NULL) {
		fprintf(st->diag, "%s: %p@%p is outside the window\n", cmd,
		    (void *)(uintptr_t)c->size, (void *)(uintptr_t)c->start);
		return;
	}
	n = c->size / sizeof *w;
	if (write) {
		fprintf(st->diag, "%s: writing %p@%p\n", cmd,
		    (void *)(uintptr_t)c->size, (void *)(uintptr_t)c->start);
		for (i = 0; i < n; i++)
			w[i] = (uint32_t)i;
	}
	for (i = 0; i < n; i++)
		if (w[i] != (uint32_t)i) {
			fprintf(st->diag, "%s: %p@%p: mismatch at offset %#llx\n",
			    cmd, (void *)(uintptr_t)c->size,
			    (void *)(uintptr_t)c->start,
			    (unsigned long long)(i * sizeof *w));
			return;
		}
	fprintf(st->diag, "%s: %p@%p: verified\n", cmd,
	    (void *)(uintptr_t)c->size, (void *)(uintptr_t)c->start);
}

static void
test_write(struct test_state *st, const char *cmd, char *args)
{
	test_pattern(st, cmd, args, 1);
}

static void
test_verify(struct test_state *st, const char *cmd, char *args)
{
	test_pattern(st, cmd, args, 0);
}

static const struct {
	const char *name;
	void (*run)(struct test_state *, const char *, char *);
} test_commands[] = {
	{ "list", test_list }, { "l", test_list },
	{ "alloc", test_alloc }, { "a", test_alloc },
	{ "free", test_free }, { "f", test_free },
	{ "write", test_write }, { "w", test_write },
	{ "verify", test_verify }, { "v", test_verify },
};

void
test_command(struct test_state *st, char *line)
{
	char *name, *p;
	size_t i;

	test_skip_space(&line);
	if (*line == '#')
		return;
	if (*line == '\0') {
		if (st->last[0] == '\0')
			return;		/* nothing to repeat yet */
		strcpy(line, st->last);
	} else
		strcpy(st->last, line);
	name = p = line;
	while (*p && !isspace((unsigned char)*p))
		p++;
	if (*p)
		*p++ = '\0';
	for (i = 0; i < sizeof test_commands / sizeof test_commands[0]; i++)
		if (strcmp(name, test_commands[i].name) == 0) {
			test_commands[i].run(st, name, p);
			return;
		}
	fprintf(st->diag, "%s: unknown command\n", name);
}

void
test_loop(struct test_state *st, FILE *in)
{
	char line[TEST_LINE_MAX], *nl;
	unsigned lineno = 1;
	int skipping = 0;

	while (fgets(line, sizeof line, in) != NULL) {
		nl = strchr(line, '\n');
		if (nl == NULL) {
			skipping = 1;	/* the rest of a long line follows */
			continue;
		}
		if (skipping) {
			fprintf(st->diag, "cma: %u: line too long\n", lineno);
			skipping = 0;
		} else {
			*nl = '\0';
			test_command(st, line);
			fflush(st->out);
		}
		lineno++;
	}
	if (skipping)
		fprintf(st->diag, "cma: %u: no new line at EOF\n", lineno);
}

void
test_init(struct test_state *st, struct cma *cma, struct cma_window *window,
    FILE *out, FILE *diag)
{
	memset(st, 0, sizeof *st);
	st->head.next = st->head.prev = &st->head;
	st->cma = cma;
	st->window = window;
	st->out = out;
	st->diag = diag;
}

void
test_release_all(struct test_state *st)
{
	while (st->head.next != &st->head)
		test_release(st, st->head.next);
}
