/*
 * Boards: the built-in S5PV210 phones and a small text format for others.
 *
 * goni and aquila share one layout: DMC0 with 80 MiB at 0x30000000 and DMC1
 * with 384 MiB at 0x40000000, the first 32 MiB of DMC0 held by the kernel,
 * and the MFC carve-outs of the 2010 v6 board files as the default cma= and
 * cma_map= (with v1's "* / *" for "every other device", since v1 had no
 * implicit rule).  The text format is one keyword per line (board, bank,
 * reserved, cma, map), '#' starts a comment; see docs/board-format.md.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cma_int.h"

#define MiB (1024ull * 1024)

#define S5PV210_BOARD(n) {						\
	.name = n,							\
	.nbanks = 2,							\
	.banks = {							\
		{ "dmc0", 0x30000000ull, 80 * MiB },			\
		{ "dmc1", 0x40000000ull, 384 * MiB },			\
	},								\
	.nreserved = 1,							\
	.reserved = { { "kernel", 0x30000000ull, 32 * MiB } },		\
	.cma = "fw=1M@0x32000000/128K;b1=32M@0x33000000;b2=16M@0x44000000", \
	.map = "s5p-mfc5/f=fw;s5p-mfc5/a=b1;s5p-mfc5/b=b2;*/*=b1,b2",	\
}

static const struct cma_board board_builtin[] = {
	S5PV210_BOARD("goni"),
	S5PV210_BOARD("aquila"),
};

#define BOARD_NBUILTIN ((int)(sizeof board_builtin / sizeof board_builtin[0]))

const struct cma_board *
cma_board_builtin(const char *name)
{
	int i;

	for (i = 0; i < BOARD_NBUILTIN; i++)
		if (strcmp(board_builtin[i].name, name) == 0)
			return &board_builtin[i];
	return NULL;
}

const char *
cma_board_builtin_name(int i)
{
	return i >= 0 && i < BOARD_NBUILTIN ? board_builtin[i].name : NULL;
}

int
cma_board_bank_of(const struct cma_board *b, uint64_t start, uint64_t size)
{
	int i;

	for (i = 0; i < b->nbanks; i++) {
		const struct cma_range *k = &b->banks[i];

		if (start >= k->start && size <= k->size &&
		    start - k->start <= k->size - size)
			return i;
	}
	return -1;
}

/* ---- the text format ---- */

struct board_line {
	const char *origin;
	int	    lineno;
	char	   *words[4];
	int	    nwords;
	char	   *rest;	/* text after the keyword, trimmed */
};

static int
board_fail(struct cma_err *err, const struct board_line *l, const char *what)
{
	cma_err_set(err, "%s:%d: %s", l->origin, l->lineno, what);
	return -EINVAL;
}

static char *
board_trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static void
board_split(struct board_line *l, char *text)
{
	char *p = text, *kw_end;

	l->nwords = 0;
	kw_end = p;
	while (*kw_end && !isspace((unsigned char)*kw_end))
		kw_end++;
	if (*kw_end == '\0') {
		l->rest = xstrdup("");
		goto words;
	}
	l->rest = xstrdup(board_trim(kw_end));
words:
	while (*p && l->nwords < 4) {
		l->words[l->nwords++] = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		if (*p)
			*p++ = '\0';
		while (isspace((unsigned char)*p))
			p++;
	}
	if (*p)
		l->nwords = 5;	/* too many words: flagged by the caller */
}

static int
board_number(const struct board_line *l, const char *word, const char *what,
    uint64_t *v, struct cma_err *err)
{
	const char *end;
	char msg[CMA_ERR_MAX];

	if (cma_memparse(word, &end, v) < 0 || *end != '\0') {
		snprintf(msg, sizeof msg, "invalid %s '%s': expected a number "
		    "such as 0x30000000 or 80M", what, word);
		return board_fail(err, l, msg);
	}
	return 0;
}

static int
board_range(const struct board_line *l, struct cma_range *r, int page_check,
    struct cma_err *err)
{
	char msg[CMA_ERR_MAX];

	if (l->nwords != 4) {
		snprintf(msg, sizeof msg, "'%s' takes NAME START SIZE",
		    l->words[0]);
		return board_fail(err, l, msg);
	}
	if (strlen(l->words[1]) >= sizeof r->name)
		return board_fail(err, l, "name longer than 31 characters");
	snprintf(r->name, sizeof r->name, "%s", l->words[1]);
	if (board_number(l, l->words[2], "start", &r->start, err) < 0 ||
	    board_number(l, l->words[3], "size", &r->size, err) < 0)
		return -EINVAL;
	if (r->size == 0)
		return board_fail(err, l, "size must not be 0");
	if (r->start > UINT64_MAX - r->size)
		return board_fail(err, l, "range runs past the end of the "
		    "address space");
	if (page_check && ((r->start | r->size) & (CMA_PAGE_SIZE - 1)))
		return board_fail(err, l, "start and size must be multiples "
		    "of the 4096-byte page");
	return 0;
}

static int
board_string(const struct board_line *l, char *dst, const char *what,
    struct cma_err *err)
{
	struct cma_err perr;
	char msg[CMA_ERR_MAX];
	int ret;

	if (strlen(l->rest) >= CMA_MAX_PARAM_LEN)
		return board_fail(err, l, "value longer than 511 characters");
	if (strcmp(what, "cma") == 0) {
		struct cma_param p;

		ret = cma_param_parse(l->rest, &p, &perr);
		cma_param_free(&p);
	} else {
		struct cma_map m;

		ret = cma_map_parse(l->rest, &m, &perr);
		cma_map_free(&m);
	}
	if (ret < 0) {
		snprintf(msg, sizeof msg, "%s: %s", what, perr.msg);
		return board_fail(err, l, msg);
	}
	strcpy(dst, l->rest);
	return 0;
}

static int
board_line(struct board_line *l, struct cma_board *b, struct cma_err *err)
{
	const char *kw = l->words[0];
	char msg[CMA_ERR_MAX];

	if (strcmp(kw, "board") == 0) {
		if (l->nwords != 2)
			return board_fail(err, l, "'board' takes one NAME");
		if (strlen(l->words[1]) >= sizeof b->name)
			return board_fail(err, l, "board name longer than 31 "
			    "characters");
		snprintf(b->name, sizeof b->name, "%s", l->words[1]);
		return 0;
	}
	if (strcmp(kw, "bank") == 0) {
		if (b->nbanks == CMA_BOARD_MAX_BANKS)
			return board_fail(err, l, "too many banks (at most 8)");
		if (board_range(l, &b->banks[b->nbanks], 1, err) < 0)
			return -EINVAL;
		b->nbanks++;
		return 0;
	}
	if (strcmp(kw, "reserved") == 0) {
		if (b->nreserved == CMA_BOARD_MAX_RESERVED)
			return board_fail(err, l, "too many reserved ranges "
			    "(at most 8)");
		if (board_range(l, &b->reserved[b->nreserved], 0, err) < 0)
			return -EINVAL;
		b->nreserved++;
		return 0;
	}
	if (strcmp(kw, "cma") == 0)
		return board_string(l, b->cma, "cma", err);
	if (strcmp(kw, "map") == 0)
		return board_string(l, b->map, "map", err);
	snprintf(msg, sizeof msg, "unknown keyword '%s' (expected board, "
	    "bank, reserved, cma or map)", kw);
	return board_fail(err, l, msg);
}

static int
board_bank_cmp(const void *a, const void *b)
{
	const struct cma_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static int
board_check(struct cma_board *b, const char *origin, struct cma_err *err)
{
	int i;

	if (b->nbanks == 0) {
		cma_err_set(err, "%s: no 'bank' line: a board needs at least "
		    "one bank", origin);
		return -EINVAL;
	}
	qsort(b->banks, (size_t)b->nbanks, sizeof b->banks[0], board_bank_cmp);
	for (i = 1; i < b->nbanks; i++) {
		const struct cma_range *p = &b->banks[i - 1], *q = &b->banks[i];

		if (q->start - p->start < p->size) {
			cma_err_set(err, "%s: banks %s (%#llx-%#llx) and %s "
			    "(%#llx-%#llx) overlap", origin, p->name,
			    (unsigned long long)p->start,
			    (unsigned long long)(p->start + p->size - 1),
			    q->name, (unsigned long long)q->start,
			    (unsigned long long)(q->start + q->size - 1));
			return -EINVAL;
		}
	}
	if (b->name[0] == '\0')
		snprintf(b->name, sizeof b->name, "custom");
	return 0;
}

int
cma_board_parse(const char *text, const char *origin, struct cma_board *out,
    struct cma_err *err)
{
	char *copy = xstrdup(text), *line = copy, *nl, *hash;
	struct board_line l = { .origin = origin, .lineno = 0 };
	int ret = 0;

	memset(out, 0, sizeof *out);
	while (line != NULL && *line != '\0') {
		l.lineno++;
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		board_split(&l, board_trim(line));
		if (l.nwords > 4 && strcmp(l.words[0], "cma") != 0 &&
		    strcmp(l.words[0], "map") != 0) {
			free(l.rest);
			ret = board_fail(err, &l, "too many words on the line");
			break;
		}
		if (l.nwords > 0)
			ret = board_line(&l, out, err);
		free(l.rest);
		if (ret < 0)
			break;
		line = nl ? nl + 1 : NULL;
	}
	free(copy);
	if (ret == 0)
		ret = board_check(out, origin, err);
	if (ret < 0)
		memset(out, 0, sizeof *out);
	return ret;
}

int
cma_board_load(const char *path, struct cma_board *out, struct cma_err *err)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t len = 0, cap = 0, n;
	int ret;

	if (f == NULL) {
		cma_err_set(err, "%s: %s", path, strerror(errno));
		return -errno;
	}
	do {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			if (cap > (1u << 20)) {
				fclose(f);
				free(text);
				cma_err_set(err, "%s: larger than 1 MiB: not a "
				    "board file", path);
				return -EFBIG;
			}
			text = xrealloc(text, cap);
		}
		n = fread(text + len, 1, cap - len - 1, f);
		len += n;
	} while (n > 0);
	ret = ferror(f) ? (errno ? errno : EIO) : 0;
	fclose(f);
	if (ret) {
		free(text);
		cma_err_set(err, "%s: %s", path, strerror(ret));
		return -ret;
	}
	text[len] = '\0';
	if (memchr(text, '\0', len) != NULL) {
		free(text);
		cma_err_set(err, "%s: binary data: not a board file", path);
		return -EINVAL;
	}
	ret = cma_board_parse(text, path, out, err);
	free(text);
	return ret;
}

int
cma_board_resolve(const char *name_or_path, struct cma_board *out,
    struct cma_err *err)
{
	const struct cma_board *b = cma_board_builtin(name_or_path);

	if (b != NULL) {
		*out = *b;
		return 0;
	}
	if (strchr(name_or_path, '/') == NULL && strchr(name_or_path, '.') ==
	    NULL) {
		FILE *f = fopen(name_or_path, "r");

		if (f == NULL) {
			cma_err_set(err, "unknown board '%s' (built in: goni, "
			    "aquila; or give a board file)", name_or_path);
			return -ENOENT;
		}
		fclose(f);
	}
	return cma_board_load(name_or_path, out, err);
}

int
cma_board_format(const struct cma_board *b, char *buf, size_t len)
{
	size_t n = 0;
	int i;

#define BOARD_OUT(...) n += (size_t)snprintf(buf + (n < len ? n : len),	\
	    n < len ? len - n : 0, __VA_ARGS__)
	BOARD_OUT("board %s\n", b->name);
	for (i = 0; i < b->nbanks; i++)
		BOARD_OUT("bank %s %#llx %#llx\n", b->banks[i].name,
		    (unsigned long long)b->banks[i].start,
		    (unsigned long long)b->banks[i].size);
	for (i = 0; i < b->nreserved; i++)
		BOARD_OUT("reserved %s %#llx %#llx\n", b->reserved[i].name,
		    (unsigned long long)b->reserved[i].start,
		    (unsigned long long)b->reserved[i].size);
	if (b->cma[0])
		BOARD_OUT("cma %s\n", b->cma);
	if (b->map[0])
		BOARD_OUT("map %s\n", b->map);
#undef BOARD_OUT
	return (int)n;
}
