/*
 * The mainline `cma=SIZE[@START[-END]]` default area, placed as the
 * kernel places it and added to a v1 configuration (include/cma/mainline.h).
 *
 * The kernel's parser reads a number, then '@' and a number, then '-' and a
 * number, and ignores anything after; here anything after is an error, in
 * the spirit of the v1 parser: a typo must not become a different layout.
 * Placement follows dma_contiguous_reserve() and cma_declare_contiguous():
 * "fixed" when END is START + SIZE (START alone means that too), rounding
 * to CMA_MIN_ALIGNMENT_BYTES, the limit defaulting to the end of memory,
 * then a reservation at START or top-down inside [START, END).  Not
 * modelled: the architecture's DMA limit (the end of memory on these
 * boards), the low/high memory split of 32-bit kernels and the bottom-up
 * attempt above 4 GiB of 64-bit ones.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cma_int.h"
#include "cma/mainline.h"

#define MAINLINE_ALIGN	CMA_MAINLINE_MIN_ALIGN

static int
mainline_number(const char *base, const char **p, const char *what,
    uint64_t *v, struct cma_err *err)
{
	const char *end;
	int ret = cma_memparse(*p, &end, v);

	if (ret == -EINVAL) {
		cma_err_set(err, "position %zu: invalid %s: expected a number "
		    "such as 64M or 0x40000000", (size_t)(*p - base) + 1, what);
		return -EINVAL;
	}
	if (ret == -ERANGE) {
		cma_err_set(err, "position %zu: invalid %s: does not fit in 64 "
		    "bits", (size_t)(*p - base) + 1, what);
		return -EINVAL;
	}
	*p = end;
	return 0;
}

int
cma_mainline_parse(const char *s, struct cma_mainline *out,
    struct cma_err *err)
{
	const char *p = s;

	memset(out, 0, sizeof *out);
	if (mainline_number(s, &p, "size", &out->size, err) < 0)
		return -EINVAL;
	if (*p == '@') {
		p++;
		if (mainline_number(s, &p, "start", &out->start, err) < 0)
			return -EINVAL;
		out->has_start = 1;
		if (*p == '-') {
			p++;
			if (mainline_number(s, &p, "end", &out->end, err) < 0)
				return -EINVAL;
			out->has_end = 1;
		}
	}
	if (*p != '\0') {
		cma_err_set(err, "position %zu: expected %s (the syntax is "
		    "SIZE[@START[-END]])", (size_t)(p - s) + 1,
		    out->has_end ? "the end of the string" : out->has_start ?
		    "'-' or the end of the string" :
		    "'@' or the end of the string");
		return -EINVAL;
	}
	if (out->has_end && out->end <= out->start) {
		cma_err_set(err, "end %#llx is not above start %#llx",
		    (unsigned long long)out->end,
		    (unsigned long long)out->start);
		return -EINVAL;
	}
	if (out->has_start && out->start > UINT64_MAX - out->size) {
		cma_err_set(err, "start + size runs past 2^64");
		return -EINVAL;
	}
	return 0;
}

static uint64_t
mainline_memory_end(const struct cma_board *b)
{
	if (b->nbanks == 0)
		return 0;
	return b->banks[b->nbanks - 1].start + b->banks[b->nbanks - 1].size;
}

/* The fixed case: exactly at start, or the reason it cannot be. */
static int
mainline_fixed(const struct cma_board *b, const struct cma_place_busy *busy,
    uint64_t start, uint64_t size, struct cma_err *err)
{
	int k;

	if (cma_board_bank_of(b, start, size) < 0) {
		cma_err_set(err, "%#llx-%#llx is not inside one bank of board "
		    "%s", (unsigned long long)start,
		    (unsigned long long)(start + size - 1), b->name);
		return -EINVAL;
	}
	if (cma_place_overlaps(busy, start, size, &k)) {
		cma_err_set(err, "%#llx-%#llx overlaps %s (%#llx-%#llx)",
		    (unsigned long long)start,
		    (unsigned long long)(start + size - 1),
		    busy->ranges[k].name,
		    (unsigned long long)busy->ranges[k].start,
		    (unsigned long long)(busy->ranges[k].start +
		    busy->ranges[k].size - 1));
		return -EINVAL;
	}
	return 0;
}

int
cma_mainline_place(const struct cma_mainline *m, const struct cma_board *b,
    const struct cma_place_busy *busy, uint64_t *start, uint64_t *size,
    struct cma_err *err)
{
	uint64_t base = m->has_start ? m->start : 0, limit, sz;
	int fixed = m->has_start && (!m->has_end || m->end - m->start ==
	    m->size);

	if (fixed && base != 0 && (base & (MAINLINE_ALIGN - 1))) {
		cma_err_set(err, "start %#llx is not a multiple of 4 MiB "
		    "(CMA_MIN_ALIGNMENT): the kernel refuses the area",
		    (unsigned long long)base);
		return -EINVAL;
	}
	if (cma_round_up(base, MAINLINE_ALIGN, &base) < 0 ||
	    cma_round_up(m->size, MAINLINE_ALIGN, &sz) < 0) {
		cma_err_set(err, "size or start too large");
		return -EINVAL;
	}
	limit = m->has_end ? m->end : m->has_start ? m->start + m->size : 0;
	limit &= ~(MAINLINE_ALIGN - 1);
	if (base == 0)
		fixed = 0;
	if (limit == 0 || limit > mainline_memory_end(b))
		limit = mainline_memory_end(b);
	if (base > limit || sz > limit - base) {
		cma_err_set(err, "%llu MiB (the size rounded up to 4 MiB) from "
		    "%#llx runs past the limit %#llx", (unsigned long long)(sz >>
		    20), (unsigned long long)base, (unsigned long long)limit);
		return -EINVAL;
	}
	*size = sz;
	if (fixed) {
		*start = base;
		return mainline_fixed(b, busy, base, sz, err);
	}
	if (cma_place_topdown(b, busy, sz, MAINLINE_ALIGN, base, limit,
	    start) < 0) {
		cma_err_set(err, "no free 4 MiB-aligned %llu MiB inside one bank "
		    "in %#llx-%#llx", (unsigned long long)(sz >> 20),
		    (unsigned long long)base, (unsigned long long)(limit - 1));
		return -ENOMEM;
	}
	return 0;
}

/* The busy ranges: the board's reserved ranges and the placed regions. */
static int
mainline_busy(const struct cma_board *b, struct cma *cma,
    struct cma_place_busy *busy)
{
	struct cma_region_info r;
	int i;

	busy->n = 0;
	for (i = 0; i < b->nreserved && busy->n < busy->max; i++)
		busy->ranges[busy->n++] = b->reserved[i];
	for (i = 0; i < cma_region_count(cma) && busy->n < busy->max; i++) {
		struct cma_range *k = &busy->ranges[busy->n++];

		cma_region_get(cma, i, &r);
		snprintf(k->name, sizeof k->name, "region %s", r.name);
		k->start = r.start;
		k->size = r.size;
	}
	return 0;
}

/* "a;" and "a" both → "a"; then `add` after a ';' (none when empty). */
static int
mainline_join(char *out, size_t len, const char *in, const char *add)
{
	size_t n = strlen(in);
	int w;

	if (n > 0 && in[n - 1] == ';')
		n--;
	w = snprintf(out, len, "%.*s%s%s", (int)n, in, n ? ";" : "", add);
	return w < 0 || (size_t)w >= len || (size_t)w >= CMA_MAX_PARAM_LEN ?
	    -ENOSPC : 0;
}

int
cma_mainline_apply(const char *spec, const struct cma_board *b,
    const char *cma_in, const char *map_in, char *cma_out, char *map_out,
    size_t len, struct cma_err *err)
{
	struct cma_range ranges[CMA_BOARD_MAX_RESERVED + CMA_MAX_REGIONS];
	struct cma_place_busy busy = { 0, CMA_BOARD_MAX_RESERVED +
	    CMA_MAX_REGIONS, ranges };
	struct cma_mainline m;
	struct cma *cma;
	uint64_t start, size;
	char area[96];
	int ret;

	if ((ret = cma_mainline_parse(spec, &m, err)) < 0)
		return ret;
	if (m.size == 0) {
		snprintf(cma_out, len, "%s", cma_in);
		snprintf(map_out, len, "%s", map_in);
		return 0;
	}
	if ((ret = cma_create(b, cma_in, map_in, &cma, err)) < 0)
		return ret;
	if (cma_region_find(cma, CMA_MAINLINE_AREA) >= 0) {
		cma_destroy(cma);
		cma_err_set(err, "cma= already has a region called '%s', the "
		    "name of the default area", CMA_MAINLINE_AREA);
		return -EINVAL;
	}
	mainline_busy(b, cma, &busy);
	cma_destroy(cma);
	if ((ret = cma_mainline_place(&m, b, &busy, &start, &size, err)) < 0)
		return ret;
	snprintf(area, sizeof area, "%s=%lluM@%#llx/4M", CMA_MAINLINE_AREA,
	    (unsigned long long)(size >> 20), (unsigned long long)start);
	if (mainline_join(cma_out, len, cma_in, area) < 0 ||
	    mainline_join(map_out, len, map_in, "*/*=" CMA_MAINLINE_AREA) < 0) {
		cma_err_set(err, "cma= or cma_map= with the default area added "
		    "is longer than %d characters", CMA_MAX_PARAM_LEN - 1);
		return -ENOSPC;
	}
	return 0;
}
