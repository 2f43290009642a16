/*
 * `cma test`: the seed's cma-test tool, running the framework in process.
 *
 * It reads the same command language on stdin and prints the same lines on
 * stdout as tools/cma/cma-test.c did against /dev/cma, so a recorded
 * allocate/free sequence gives the same output here as on a 2010 board:
 *
 *	l | list		every live chunk, oldest first
 *	a | alloc DEV[/KIND] SIZE[/ALIGN]
 *	f | free [NUM]		the chunk numbered NUM, else the newest
 *	w | write [NUM]		(from the 2010 v6 tool) fill the chunk's bytes
 *	v | verify [NUM]	in the window with words 0, 1, 2, ... / check
 *	# ...			comment;  an empty line repeats the last command
 *
 * Chunks are numbered the way the seed's file descriptors were: the lowest
 * free number from 3 up.  Results are "%3d: SIZE@START" with %p formatting,
 * SIZE as the user typed it (the seed's /dev/cma wrote back only start).
 * Diagnostics go to stderr.  One change on purpose: the seed parsed the
 * alignment from the '/' itself and so rejected every "/ALIGN"; here
 * "a video 1M/128K" asks for 128 KiB alignment.
 *
 * Lines of 1023 characters or more are skipped ("line too long") and a last
 * line without a newline is ignored ("no new line at EOF"), as in the seed.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "recorder.h"

#define TEST_LINE_MAX	1024
#define TEST_NAME_MAX	16	/* the ABI's char name[17], kind[17] */

static const char test_help[] =
"usage: cma test [OPTIONS] < COMMANDS\n"
"\n"
"Run the 2010 cma-test tool's command language against the framework:\n"
"\n"
"  l, list                          list allocated chunks\n"
"  a, alloc DEV[/KIND] SIZE[/ALIGN]  allocate a chunk (sizes like 6M, 0x1000)\n"
"  f, free [NUM]                    free chunk NUM, or the newest one\n"
"  w, write [NUM]                   fill the chunk's bytes in the window with\n"
"                                   the words 0, 1, 2, ... and check them\n"
"  v, verify [NUM]                  check that pattern\n"
"  # ...                            comment\n"
"  <empty line>                     repeat the previous command\n"
"\n"
"Chunks print as '%3d: SIZE@START' on stdout; diagnostics go to stderr.\n"
"\n"
"options:\n"
CLI_CONFIG_HELP
CLI_WINDOW_HELP
"  -s, --stats SIZE  at the end, print per-region and per-bank fragmentation\n"
"                    figures for a SIZE request (e.g. 8M)\n"
"  -d, --db FILE     record the session as a trace in the database FILE\n"
"                    (created if needed); replay it with 'cma replay'\n"
"  -n, --name NAME   the recorded trace's name (default: \"cma test\")\n"
"  -q, --quiet       do not print the command summary on start\n"
"  -h, --help        this text\n";

struct test_chunk {
	int		 num;
	uint64_t	 size;		/* as typed */
	uint64_t	 start;
	struct test_chunk *prev, *next;
};

struct test_state {
	struct cma	 *cma;
	struct cma_window *window;
	struct test_chunk head;		/* list in allocation order */
	char		  last[TEST_LINE_MAX];
};

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
test_print_chunk(const struct test_chunk *c)
{
	printf("%3d: %p@%p\n", c->num, (void *)(uintptr_t)c->size,
	    (void *)(uintptr_t)c->start);
}

static void
test_list(struct test_state *st, const char *cmd, char *args)
{
	struct test_chunk *c;

	(void)cmd;
	(void)args;
	for (c = st->head.next; c != &st->head; c = c->next)
		test_print_chunk(c);
}

/* Split "DEV[/KIND]" at the last '/', checking the ABI's 16-char limits. */
static int
test_name(const char *cmd, char **p, char **dev, char **kind)
{
	char *slash = NULL, *q;

	test_skip_space(p);
	if (**p == '\0') {
		fprintf(stderr, "%s: expecting name\n", cmd);
		return -1;
	}
	for (q = *dev = *p; *q && !isspace((unsigned char)*q); q++)
		if (*q == '/')
			slash = q;
	if (*q == '\0') {
		fprintf(stderr, "%s: expecting size after name\n", cmd);
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
		fprintf(stderr, "%s: name or kind too long\n", cmd);
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

	if (test_name(cmd, &p, &dev, &kind) < 0)
		return;
	if (test_memparse(&p, &size) < 0 || size == 0) {
		fprintf(stderr, "%s: invalid size\n", cmd);
		return;
	}
	if (*p == '/') {
		p++;
		if (test_memparse(&p, &align) < 0) {
			fprintf(stderr, "%s: invalid alignment\n", cmd);
			return;
		}
	}
	test_skip_space(&p);
	if (*p) {
		fprintf(stderr, "%s: unknown arguments at the end: %s\n", cmd,
		    p);
		return;
	}
	fprintf(stderr, "%s: allocating %p/%p\n", cmd,
	    (void *)(uintptr_t)size, (void *)(uintptr_t)align);
	ret = cma_alloc(st->cma, dev, kind, size, align, &start);
	if (ret < 0) {
		fprintf(stderr, "%s: cma_alloc: %s\n", cmd, strerror(-ret));
		return;
	}
	c = calloc(1, sizeof *c);
	if (c == NULL) {
		fprintf(stderr, "%s: %s\n", cmd, strerror(errno));
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
	test_print_chunk(c);
}

static void
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
			fprintf(stderr, "%s: no chunks\n", cmd);
			return NULL;
		}
		return st->head.prev;
	}
	errno = 0;
	num = strtoul(p, &p, 10);
	if (errno || num > INT_MAX) {
		fprintf(stderr, "%s: invalid number\n", cmd);
		return NULL;
	}
	test_skip_space(&p);
	if (*p) {
		fprintf(stderr, "%s: unknown arguments at the end: %s\n", cmd,
		    p);
		return NULL;
	}
	for (c = st->head.next; c != &st->head; c = c->next)
		if (c->num == (int)num)
			return c;
	fprintf(stderr, "%s: no chunk %3lu\n", cmd, num);
	return NULL;
}

static void
test_free(struct test_state *st, const char *cmd, char *args)
{
	struct test_chunk *c = test_pick(st, cmd, args);

	if (c == NULL)
		return;
	fprintf(stderr, "%s: freeing %p@%p\n", cmd, (void *)(uintptr_t)c->size,
	    (void *)(uintptr_t)c->start);
	test_release(st, c);
}

/*
 * The 2010 v6 tool's "w" and "v": fill a chunk's bytes in the window with
 * the 32-bit words 0, 1, 2, ... and check them.  Only stderr is written,
 * so sessions of v1 commands print what they always did.
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
		fprintf(stderr, "%s: %p@%p is outside the window\n", cmd,
		    (void *)(uintptr_t)c->size, (void *)(uintptr_t)c->start);
		return;
	}
	n = c->size / sizeof *w;
	if (write) {
		fprintf(stderr, "%s: writing %p@%p\n", cmd,
		    (void *)(uintptr_t)c->size, (void *)(uintptr_t)c->start);
		for (i = 0; i < n; i++)
			w[i] = (uint32_t)i;
	}
	for (i = 0; i < n; i++)
		if (w[i] != (uint32_t)i) {
			fprintf(stderr, "%s: %p@%p: mismatch at offset %#llx\n",
			    cmd, (void *)(uintptr_t)c->size,
			    (void *)(uintptr_t)c->start,
			    (unsigned long long)(i * sizeof *w));
			return;
		}
	fprintf(stderr, "%s: %p@%p: verified\n", cmd,
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

static void
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
	fprintf(stderr, "%s: unknown command\n", name);
}

static void
test_loop(struct test_state *st)
{
	char line[TEST_LINE_MAX], *nl;
	unsigned lineno = 1;
	int skipping = 0;

	while (fgets(line, sizeof line, stdin) != NULL) {
		nl = strchr(line, '\n');
		if (nl == NULL) {
			skipping = 1;	/* the rest of a long line follows */
			continue;
		}
		if (skipping) {
			fprintf(stderr, "cma: %u: line too long\n", lineno);
			skipping = 0;
		} else {
			*nl = '\0';
			test_command(st, line);
			fflush(stdout);
		}
		lineno++;
	}
	if (skipping)
		fprintf(stderr, "cma: %u: no new line at EOF\n", lineno);
}

int
cmd_test(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_CONFIG_OPTIONS,
		{ "quiet", no_argument, NULL, 'q' },
		{ "stats", required_argument, NULL, 's' },
		{ "db", required_argument, NULL, 'd' },
		{ "name", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_config cfg = { 0 };
	struct test_state st;
	struct cma_board board;
	struct cma_region_info r;
	struct cma_dropped_info d;
	int opt, quiet = 0, ret, i;
	uint64_t stats = 0;
	const char *end, *db = NULL, *name = "cma test";
	struct trace_store *store = NULL;
	struct trace_recorder *rec = NULL;
	struct cma_err err;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:b:c:m:w:s:d:n:qh", longopts,
	    NULL)) != -1) {
		if (cli_config_option(&cfg, opt, optarg))
			continue;
		switch (opt) {
		case 'q':
			quiet = 1;
			break;
		case 'd':
			db = optarg;
			break;
		case 'n':
			name = optarg;
			break;
		case 's':
			if (cma_memparse(optarg, &end, &stats) < 0 ||
			    *end != '\0' || stats == 0)
				return cli_usage_error("test", "--stats '%s': "
				    "expected a size such as 8M", optarg);
			break;
		case 'h':
			fputs(test_help, stdout);
			return CLI_EXIT_OK;
		default:
			return cli_bad_option("test", opt, argv, optind);
		}
	}
	if (optind < argc)
		return cli_usage_error("test", "unexpected argument '%s'",
		    argv[optind]);
	memset(&st, 0, sizeof st);
	st.head.next = st.head.prev = &st.head;
	if ((ret = cli_open(&cfg, &board, &st.cma, &st.window)) != CLI_EXIT_OK)
		return ret;
	if (db != NULL && (trace_store_open(db, TRACE_STORE_CREATE, &store,
	    &err) < 0 || trace_recorder_start(st.cma, store, name, "recorded",
	    &rec, &err) < 0)) {
		cli_error("%s", err.msg);
		trace_store_close(store);
		cma_destroy(st.cma);
		cma_window_close(st.window);
		return CLI_EXIT_FAIL;
	}
	for (i = 0; i < cma_dropped_count(st.cma); i++) {
		cma_dropped_get(st.cma, i, &d);
		cli_error("region %s dropped: %s", d.name, d.reason);
	}
	for (i = 0; i < cma_region_count(st.cma); i++)
		if (cma_region_get(st.cma, i, &r) == 0 && r.reason)
			cli_error("region %s unusable: %s", r.name, r.reason);
	if (!quiet)
		fputs("commands:\n"
		    " l or list                                  list "
		    "allocated chunks\n"
		    " a or alloc  <dev>[/<kind>] <size>[/<align>]  allocate "
		    "a chunk\n"
		    " f or free   [<num>]                        free a chunk\n"
		    " w or write  [<num>]                        fill a chunk "
		    "with a pattern\n"
		    " v or verify [<num>]                        check the "
		    "pattern\n"
		    " # ...                                      comment\n"
		    " <empty line>                               repeat the "
		    "previous command\n\n", stderr);
	test_loop(&st);
	if (stats)
		cli_print_stats(st.cma, stats);
	ret = CLI_EXIT_OK;
	if (rec != NULL) {
		/* Chunks still live at the end stay live in the trace. */
		int64_t id = trace_recorder_trace(rec);

		if (trace_recorder_stop(rec, &err) < 0) {
			cli_error("%s", err.msg);
			ret = CLI_EXIT_FAIL;
		} else if (!quiet)
			fprintf(stderr, "cma: recorded trace %lld in %s\n",
			    (long long)id, db);
		trace_store_close(store);
	}
	while (st.head.next != &st.head)
		test_release(&st, st.head.next);
	cma_destroy(st.cma);
	cma_window_close(st.window);
	return ret;
}
