/*
 * The allocator tests' shared plumbing (see alloc_harness.h): one copy of
 * what test_bf.c, test_tlsf.c and test_buddy.c each carried, identical but
 * for names.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "alloc_harness.h"

#define P	HARNESS_PAGE

void
harness_check_u64(const char *file, int line, const char *what, uint64_t got,
    uint64_t want)
{
	char msg[256];

	if (got == want) {
		CU_assertImplementation(CU_TRUE, (unsigned)line, what, file,
		    "", CU_FALSE);
		return;
	}
	snprintf(msg, sizeof msg, "%s: got %#" PRIx64 ", expected %#" PRIx64,
	    what, got, want);
	fprintf(stderr, "%s:%d: %s\n", file, line, msg);
	CU_assertImplementation(CU_FALSE, (unsigned)line, msg, file, "",
	    CU_FALSE);
}

int
harness_collect(void *arg, uint64_t start, uint64_t size)
{
	struct harness_holes *hs = arg;

	if (hs->n < (int)(sizeof hs->h / sizeof hs->h[0])) {
		hs->h[hs->n].start = start;
		hs->h[hs->n].size = size;
	}
	hs->n++;
	return 0;
}

int
harness_stop_cb(void *arg, uint64_t start, uint64_t size)
{
	struct harness_stop *s = arg;

	(void)start;
	(void)size;
	return ++s->calls == s->at ? s->ret : 0;
}

void
harness_begin(struct harness *h, int line, uint64_t start, uint64_t size)
{
	const struct cma_allocator *alloc = h->alloc;
	const char *file = h->file;
	void (*after)(int) = h->after;
	int want_cookie = h->want_cookie;
	struct cma_err err = { "" };
	int ret;

	memset(h, 0, sizeof *h);
	h->alloc = alloc;
	h->file = file;
	h->after = after;
	h->want_cookie = want_cookie;
	h->start = start;
	h->size = size;
	ret = alloc->init(start, size, NULL, &h->priv, &err);
	if (ret != 0)
		fprintf(stderr, "%s:%d: init: %d %s\n", file, line, ret,
		    err.msg);
	CU_assertImplementation(ret == 0, (unsigned)line, "init", file, "",
	    CU_TRUE);
}

uint64_t
harness_take(struct harness *h, int line, uint64_t size, uint64_t align,
    uint64_t want_size)
{
	struct cma_extent ext = { 0, 0 };
	void *cookie = NULL;
	int ret;

	ret = h->alloc->alloc(h->priv, size, align, &ext, &cookie);
	if (h->after)
		h->after(line);
	if (ret != 0) {
		harness_check_u64(h->file, line, "alloc error",
		    (uint64_t)(int64_t)ret, (uint64_t)(int64_t)-ENOMEM);
		return HARNESS_FAIL;
	}
	harness_check_u64(h->file, line, "extent size", ext.size, want_size);
	harness_check_u64(h->file, line, "chunk alignment", ext.start % align,
	    0);
	if (h->want_cookie)
		harness_check_u64(h->file, line, "chunk has a cookie",
		    cookie != NULL, 1);
	if (h->nlive < HARNESS_LIVE) {
		h->live[h->nlive] = ext;
		h->cookie[h->nlive++] = cookie;
	}
	return ext.start;
}

void
harness_give(struct harness *h, int line, uint64_t start)
{
	int i;

	for (i = 0; i < h->nlive; i++)
		if (h->live[i].start == start)
			break;
	if (i == h->nlive) {
		harness_check_u64(h->file, line, "free of an unknown chunk",
		    start, HARNESS_FAIL);
		return;
	}
	h->alloc->free(h->priv, &h->live[i], h->cookie[i]);
	h->nlive--;
	h->live[i] = h->live[h->nlive];
	h->cookie[i] = h->cookie[h->nlive];
	if (h->after)
		h->after(line);
}

void
harness_carve(struct harness *h, int line, const unsigned *pages, int n,
    uint64_t *at)
{
	uint64_t next = h->start;
	int i;

	for (i = 0; i < n; i++) {
		at[i] = harness_take(h, line, pages[i] * P, P, pages[i] * P);
		harness_check_u64(h->file, line, "carved chunk", at[i], next);
		next += pages[i] * P;
	}
}

static void
fmt_holes(char *buf, size_t len, uint64_t base, const struct cma_extent *h,
    int n)
{
	size_t used = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used,
		    "%s[%" PRIu64 ",%" PRIu64 ")", i ? " " : "",
		    (h[i].start - base) / P, (h[i].start - base + h[i].size) / P);
	if (n == 0)
		snprintf(buf, len, "(none)");
}

void
harness_holes_cmp(struct harness *h, int line, uint64_t base,
    const struct cma_extent *w, int n)
{
	static struct harness_holes hs;
	char got[600], exp[600], msg[1300];
	int i, ret, same;

	hs.n = 0;
	ret = h->alloc->walk_free(h->priv, harness_collect, &hs);
	CU_assertImplementation(ret == 0, (unsigned)line, "walk_free", h->file,
	    "", CU_FALSE);
	same = hs.n == n;
	for (i = 0; same && i < n; i++)
		same = hs.h[i].start == w[i].start && hs.h[i].size == w[i].size;
	if (same) {
		CU_assertImplementation(CU_TRUE, (unsigned)line, "holes",
		    h->file, "", CU_FALSE);
		return;
	}
	fmt_holes(got, sizeof got, base, hs.h,
	    hs.n < HARNESS_LIVE ? hs.n : HARNESS_LIVE);
	fmt_holes(exp, sizeof exp, base, w, n);
	snprintf(msg, sizeof msg, "holes: got %s, expected %s", got, exp);
	fprintf(stderr, "%s:%d: %s\n", h->file, line, msg);
	CU_assertImplementation(CU_FALSE, (unsigned)line, msg, h->file, "",
	    CU_FALSE);
}

void
harness_holes(struct harness *h, int line, uint64_t base,
    const uint64_t (*want)[2], int n)
{
	struct cma_extent w[64];
	int i;

	memset(w, 0, sizeof w);
	for (i = 0; i < n; i++) {
		w[i].start = base + want[i][0] * P;
		w[i].size = (want[i][1] - want[i][0]) * P;
	}
	harness_holes_cmp(h, line, base, w, n);
}

void
harness_end(struct harness *h, int line, uint64_t base,
    const struct cma_extent *w, int n)
{
	while (h->nlive > 0)
		harness_give(h, line, h->live[h->nlive - 1].start);
	harness_holes_cmp(h, line, base, w, n);
	h->alloc->cleanup(h->priv);
	h->priv = NULL;
}
