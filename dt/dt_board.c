/*
 * A device tree walked into a board: memory banks, /memreserve/ and
 * /reserved-memory (include/cma/dt.h says what becomes what).
 *
 * The order is the kernel's: every /reserved-memory node with `reg` is
 * reserved first, then the nodes with `size` are placed one after the
 * other in tree order, each top-down inside the first of its alloc-ranges
 * that has room (anywhere on the board without alloc-ranges), clear of
 * everything reserved or placed before it.  A default area left out for
 * the command line's cma= is still placed (the kernel reserves it, then
 * gives it back after every node was placed), so the others land where
 * the kernel would put them.
 *
 * Where the kernel only logs a complaint and carries on (a CMA area that
 * overlaps another reservation, one not aligned to CMA_MIN_ALIGNMENT, a
 * node with neither reg nor size), this is an error naming the node: a
 * board that silently differs from the tree would mislead every replay.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "cma/cma.h"
#include "cma/place.h"
#include "dt_int.h"

#define DT_PAGE		4096ull
#define DT_CMA_ALIGN	CMA_MAINLINE_MIN_ALIGN

/* ---- helpers shared with dt_route.c ---- */

int
dt_fail(struct dt *t, const char *path, const char *fmt, ...)
{
	char what[CMA_ERR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	if (path)
		cma_err_set(t->err, "%s: %s: %s", t->origin, path, what);
	else
		cma_err_set(t->err, "%s: %s", t->origin, what);
	return -EINVAL;
}

const char *
dt_path(struct dt *t, int node, char *buf, size_t len)
{
	if (fdt_get_path(t->fdt, node, buf, (int)len) < 0)
		snprintf(buf, len, "(node at offset %d)", node);
	return buf;
}

int
dt_enabled(const void *fdt, int node)
{
	const char *s;
	int len;

	s = fdt_getprop(fdt, node, "status", &len);
	if (s == NULL)
		return 1;
	return (len == 5 && memcmp(s, "okay", 5) == 0) ||
	    (len == 3 && memcmp(s, "ok", 3) == 0);
}

void
dt_clean_name(char *dst, size_t dstlen, const char *name, size_t len)
{
	size_t i;

	if (dstlen == 0)
		return;
	for (i = 0; i < len && i < dstlen - 1; i++) {
		char c = name[i];

		dst[i] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '-' ||
		    c == '.' ? c : '_';
	}
	dst[i] = '\0';
}

/* ---- cells ---- */

static int
dt_cells(struct dt *t, int node, const char *prop, int *out)
{
	char path[DT_PATH_MAX];
	const fdt32_t *p;
	int len;
	uint32_t v;

	p = fdt_getprop(t->fdt, node, prop, &len);
	if (p == NULL)
		return 0;	/* keep the default */
	if (len != 4)
		return dt_fail(t, dt_path(t, node, path, sizeof path),
		    "%s: expected 1 cell, got %d bytes", prop, len);
	v = fdt32_to_cpu(*p);
	if (v < 1 || v > 2)
		return dt_fail(t, dt_path(t, node, path, sizeof path),
		    "%s is %u: only 1 or 2 are supported", prop, v);
	*out = (int)v;
	return 0;
}

static uint64_t
dt_number(const fdt32_t *p, int cells)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < cells; i++)
		v = v << 32 | fdt32_to_cpu(p[i]);
	return v;
}

/*
 * A property of (address, size) pairs: its entries, or an error naming
 * the property when its length is not a whole number of pairs.
 */
static int
dt_pairs(struct dt *t, int node, const char *prop, const fdt32_t **p,
    int *count)
{
	char path[DT_PATH_MAX];
	int len, per = t->ac + t->sc;

	*p = fdt_getprop(t->fdt, node, prop, &len);
	if (*p == NULL)
		return *count = 0;
	if (len <= 0 || len % (4 * per) != 0) {
		if (len % 4 == 0 && len / 4 < per)
			return dt_fail(t, dt_path(t, node, path, sizeof path),
			    "%s: expected %d cells, got %d", prop, per,
			    len / 4);
		return dt_fail(t, dt_path(t, node, path, sizeof path),
		    "%s: expected a multiple of %d cells (#address-cells %d + "
		    "#size-cells %d), got %d bytes", prop, per, t->ac, t->sc,
		    len);
	}
	*count = len / (4 * per);
	return 0;
}

static int
dt_range_ok(struct dt *t, const char *path, const char *prop, uint64_t start,
    uint64_t size)
{
	if (size != 0 && start > UINT64_MAX - size)
		return dt_fail(t, path, "%s: %#llx + %#llx runs past 2^64",
		    prop, (unsigned long long)start, (unsigned long long)size);
	return 0;
}

/* ---- memory ---- */

static int
dt_is_memory(struct dt *t, int node)
{
	const char *name, *type;
	int len;

	type = fdt_getprop(t->fdt, node, "device_type", &len);
	if (type != NULL)
		return len == 7 && memcmp(type, "memory", 7) == 0;
	name = fdt_get_name(t->fdt, node, &len);
	return name != NULL && ((len == 6 && memcmp(name, "memory", 6) == 0) ||
	    (len > 7 && memcmp(name, "memory@", 7) == 0));
}

static int
dt_bank(struct dt *t, const char *path, uint64_t start, uint64_t size)
{
	struct cma_range *k;

	if (size == 0)
		return 0;	/* the kernel skips empty ranges too */
	if (dt_range_ok(t, path, "reg", start, size) < 0)
		return -EINVAL;
	if ((start | size) & (DT_PAGE - 1))
		return dt_fail(t, path, "reg: bank %#llx+%#llx is not a whole "
		    "number of 4 KiB pages", (unsigned long long)start,
		    (unsigned long long)size);
	if (t->b->nbanks == CMA_BOARD_MAX_BANKS)
		return dt_fail(t, path, "more than %d memory banks",
		    CMA_BOARD_MAX_BANKS);
	k = &t->b->banks[t->b->nbanks++];
	k->start = start;
	k->size = size;
	return 0;
}

static int
dt_range_cmp(const void *a, const void *b)
{
	const struct cma_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static int
dt_memory(struct dt *t)
{
	char path[DT_PATH_MAX];
	const fdt32_t *p;
	int node, n, i;

	fdt_for_each_subnode(node, t->fdt, 0) {
		if (!dt_is_memory(t, node) || !dt_enabled(t->fdt, node))
			continue;
		dt_path(t, node, path, sizeof path);
		if (dt_pairs(t, node, "reg", &p, &n) < 0)
			return -EINVAL;
		for (i = 0; i < n; i++, p += t->ac + t->sc)
			if (dt_bank(t, path, dt_number(p, t->ac),
			    dt_number(p + t->ac, t->sc)) < 0)
				return -EINVAL;
	}
	if (t->b->nbanks == 0)
		return dt_fail(t, NULL, "no memory node with a non-empty reg: "
		    "a board needs at least one bank");
	qsort(t->b->banks, (size_t)t->b->nbanks, sizeof t->b->banks[0],
	    dt_range_cmp);
	for (i = 0; i < t->b->nbanks; i++) {
		snprintf(t->b->banks[i].name, CMA_BOARD_NAME_MAX, "mem%d", i);
		if (i > 0 && t->b->banks[i].start - t->b->banks[i - 1].start <
		    t->b->banks[i - 1].size)
			return dt_fail(t, NULL, "memory banks %#llx+%#llx and "
			    "%#llx+%#llx overlap",
			    (unsigned long long)t->b->banks[i - 1].start,
			    (unsigned long long)t->b->banks[i - 1].size,
			    (unsigned long long)t->b->banks[i].start,
			    (unsigned long long)t->b->banks[i].size);
	}
	return 0;
}

/* ---- reserved ranges ---- */

static int
dt_reserve(struct dt *t, const char *path, const char *name, uint64_t start,
    uint64_t size)
{
	struct cma_range *r;

	if (size == 0)
		return 0;
	if (dt_range_ok(t, path, "reg", start, size) < 0)
		return -EINVAL;
	if (t->b->nreserved == CMA_BOARD_MAX_RESERVED)
		return dt_fail(t, path, "more than %d reserved ranges "
		    "(/memreserve/ entries and /reserved-memory nodes that are "
		    "not CMA areas)", CMA_BOARD_MAX_RESERVED);
	r = &t->b->reserved[t->b->nreserved++];
	snprintf(r->name, sizeof r->name, "%s", name);
	r->start = start;
	r->size = size;
	return 0;
}

static int
dt_memreserve(struct dt *t)
{
	uint64_t start, size;
	int i, n = fdt_num_mem_rsv(t->fdt);

	for (i = 0; i < n; i++) {
		if (fdt_get_mem_rsv(t->fdt, i, &start, &size) < 0)
			return dt_fail(t, "/memreserve/", "entry %d unreadable",
			    i);
		if (dt_reserve(t, "/memreserve/", "memreserve", start,
		    size) < 0)
			return -EINVAL;
	}
	return 0;
}

/* ---- /reserved-memory ---- */

static int
dt_rmem_cells(struct dt *t)
{
	char path[DT_PATH_MAX];
	int ac = t->ac, sc = t->sc;

	if (dt_cells(t, t->rmem_node, "#address-cells", &ac) < 0 ||
	    dt_cells(t, t->rmem_node, "#size-cells", &sc) < 0)
		return -EINVAL;
	if (ac != t->ac || sc != t->sc)
		return dt_fail(t, dt_path(t, t->rmem_node, path, sizeof path),
		    "#address-cells/#size-cells %d/%d differ from the root's "
		    "%d/%d (the kernel requires them equal)", ac, sc, t->ac,
		    t->sc);
	return 0;
}

static int
dt_one_number(struct dt *t, struct dt_rmem *m, const char *prop, int cells,
    uint64_t *v)
{
	const fdt32_t *p;
	int len;

	p = fdt_getprop(t->fdt, m->node, prop, &len);
	if (p == NULL)
		return 0;
	if (len != 4 * cells)
		return dt_fail(t, m->path, "%s: expected %d cell%s, got %d "
		    "bytes", prop, cells, cells > 1 ? "s" : "", len);
	*v = dt_number(p, cells);
	return 1;
}

static int
dt_rmem_dynamic(struct dt *t, struct dt_rmem *m)
{
	const fdt32_t *p;
	uint64_t lo, sz;
	int n, i, ret;

	if ((ret = dt_one_number(t, m, "size", t->sc, &m->size)) <= 0)
		return ret < 0 ? ret : dt_fail(t, m->path, "neither reg nor "
		    "size: nothing to reserve");
	if (m->size == 0)
		return dt_fail(t, m->path, "size is 0");
	m->align = 0;
	if (dt_one_number(t, m, "alignment", t->ac, &m->align) < 0)
		return -EINVAL;
	if (m->align != 0 && (m->align & (m->align - 1)))
		return dt_fail(t, m->path, "alignment %#llx is not a power of "
		    "two", (unsigned long long)m->align);
	if (dt_pairs(t, m->node, "alloc-ranges", &p, &n) < 0)
		return -EINVAL;
	if (n > DT_MAX_ALLOC_RANGES)
		return dt_fail(t, m->path, "alloc-ranges: more than %d ranges",
		    DT_MAX_ALLOC_RANGES);
	for (i = 0; i < n; i++, p += t->ac + t->sc) {
		lo = dt_number(p, t->ac);
		sz = dt_number(p + t->ac, t->sc);
		if (dt_range_ok(t, m->path, "alloc-ranges", lo, sz) < 0)
			return -EINVAL;
		m->range_lo[i] = lo;
		m->range_hi[i] = lo + sz;
	}
	m->nranges = n;
	return 0;
}

static int
dt_rmem_kind(struct dt *t, struct dt_rmem *m)
{
	int reusable, nomap, len;

	reusable = fdt_getprop(t->fdt, m->node, "reusable", &len) != NULL;
	nomap = fdt_getprop(t->fdt, m->node, "no-map", &len) != NULL;
	m->is_default = fdt_getprop(t->fdt, m->node, "linux,cma-default",
	    &len) != NULL;
	if (reusable && nomap)
		return dt_fail(t, m->path, "reusable and no-map together: a "
		    "CMA area must stay mapped");
	m->kind = reusable && fdt_node_check_compatible(t->fdt, m->node,
	    "shared-dma-pool") == 0 ? DT_REGION : DT_RESERVED;
	if (m->is_default && m->kind != DT_REGION)
		return dt_fail(t, m->path, "linux,cma-default on a node that "
		    "is not a reusable shared-dma-pool");
	return 0;
}

static int
dt_rmem_node(struct dt *t, int node)
{
	struct dt_rmem *m;
	const char *name;
	const fdt32_t *p;
	int len, n;

	if (t->nrmem == DT_MAX_RMEM)
		return dt_fail(t, "/reserved-memory", "more than %d child "
		    "nodes", DT_MAX_RMEM);
	m = &t->rmem[t->nrmem++];
	memset(m, 0, sizeof *m);
	m->node = node;
	dt_path(t, node, m->path, sizeof m->path);
	name = fdt_get_name(t->fdt, node, &len);
	if (name == NULL || len <= 0)
		return dt_fail(t, m->path, "node without a name");
	if (len >= CMA_BOARD_NAME_MAX)
		return dt_fail(t, m->path, "name longer than %d characters",
		    CMA_BOARD_NAME_MAX - 1);
	dt_clean_name(m->name, sizeof m->name, name, (size_t)len);
	if (dt_rmem_kind(t, m) < 0)
		return -EINVAL;
	if (dt_pairs(t, node, "reg", &p, &n) < 0)
		return -EINVAL;
	if (n == 0)
		return dt_rmem_dynamic(t, m);
	m->fixed = 1;
	if (m->kind == DT_REGION && n != 1)
		return dt_fail(t, m->path, "reg: expected %d cells, got %d (a "
		    "CMA area is one range)", t->ac + t->sc,
		    n * (t->ac + t->sc));
	for (; n > 0; n--, p += t->ac + t->sc) {
		m->start = dt_number(p, t->ac);
		m->size = dt_number(p + t->ac, t->sc);
		if (dt_range_ok(t, m->path, "reg", m->start, m->size) < 0)
			return -EINVAL;
		if (m->kind == DT_RESERVED &&
		    dt_reserve(t, m->path, m->name, m->start, m->size) < 0)
			return -EINVAL;
	}
	return 0;
}

static int
dt_rmem_scan(struct dt *t)
{
	int node, ndefault = 0, i;

	t->rmem_node = fdt_path_offset(t->fdt, "/reserved-memory");
	if (t->rmem_node < 0)
		return 0;
	if (dt_rmem_cells(t) < 0)
		return -EINVAL;
	fdt_for_each_subnode(node, t->fdt, t->rmem_node)
		if (dt_enabled(t->fdt, node) && dt_rmem_node(t, node) < 0)
			return -EINVAL;
	for (i = 0; i < t->nrmem; i++)
		if (t->rmem[i].is_default && ++ndefault > 1)
			return dt_fail(t, t->rmem[i].path, "a second "
			    "linux,cma-default area");
	return 0;
}

/* ---- placement and checks ---- */

static void
dt_busy(struct dt *t, struct cma_place_busy *busy, const struct dt_rmem *upto)
{
	const struct dt_rmem *m;
	int i;

	busy->n = 0;
	for (i = 0; i < t->b->nreserved; i++)
		busy->ranges[busy->n++] = t->b->reserved[i];
	for (m = t->rmem; m < t->rmem + t->nrmem; m++) {
		if (m->kind != DT_REGION || (!m->fixed && m >= upto) ||
		    m == upto)
			continue;
		snprintf(busy->ranges[busy->n].name, CMA_BOARD_NAME_MAX, "%s",
		    m->name);
		busy->ranges[busy->n].start = m->start;
		busy->ranges[busy->n++].size = m->size;
	}
}

static int
dt_place_one(struct dt *t, struct dt_rmem *m)
{
	struct cma_range ranges[CMA_BOARD_MAX_RESERVED + DT_MAX_RMEM];
	struct cma_place_busy busy = { 0, CMA_BOARD_MAX_RESERVED + DT_MAX_RMEM,
	    ranges };
	uint64_t align = m->align > DT_PAGE ? m->align : DT_PAGE;
	int i;

	if (m->kind == DT_REGION && align < DT_CMA_ALIGN)
		align = DT_CMA_ALIGN;
	dt_busy(t, &busy, m);
	if (m->nranges == 0 && cma_place_topdown(t->b, &busy, m->size, align,
	    0, 0, &m->start) == 0)
		return 0;
	for (i = 0; i < m->nranges; i++)
		if (cma_place_topdown(t->b, &busy, m->size, align,
		    m->range_lo[i], m->range_hi[i], &m->start) == 0)
			return 0;
	return dt_fail(t, m->path, "no room for %#llx bytes (alignment %#llx) "
	    "%s", (unsigned long long)m->size, (unsigned long long)align,
	    m->nranges ? "in any of its alloc-ranges" : "in any bank");
}

static int
dt_check_region(struct dt *t, struct dt_rmem *m)
{
	struct cma_range ranges[CMA_BOARD_MAX_RESERVED + DT_MAX_RMEM];
	struct cma_place_busy busy = { 0, CMA_BOARD_MAX_RESERVED + DT_MAX_RMEM,
	    ranges };
	int k;

	if ((m->start | m->size) & (DT_CMA_ALIGN - 1))
		return dt_fail(t, m->path, "%#llx+%#llx is not aligned to 4 "
		    "MiB (CMA_MIN_ALIGNMENT): the kernel refuses this CMA area",
		    (unsigned long long)m->start, (unsigned long long)m->size);
	if (cma_board_bank_of(t->b, m->start, m->size) < 0)
		return dt_fail(t, m->path, "%#llx-%#llx is not inside one "
		    "memory bank", (unsigned long long)m->start,
		    (unsigned long long)(m->start + m->size - 1));
	dt_busy(t, &busy, m);
	if (cma_place_overlaps(&busy, m->start, m->size, &k))
		return dt_fail(t, m->path, "%#llx-%#llx overlaps %s "
		    "(%#llx-%#llx)", (unsigned long long)m->start,
		    (unsigned long long)(m->start + m->size - 1),
		    ranges[k].name, (unsigned long long)ranges[k].start,
		    (unsigned long long)(ranges[k].start + ranges[k].size - 1));
	return 0;
}

static int
dt_place(struct dt *t)
{
	struct dt_rmem *m;

	for (m = t->rmem; m < t->rmem + t->nrmem; m++) {
		if (m->fixed)
			continue;
		if (dt_place_one(t, m) < 0)
			return -EINVAL;
		if (m->kind == DT_RESERVED &&
		    dt_reserve(t, m->path, m->name, m->start, m->size) < 0)
			return -EINVAL;
	}
	for (m = t->rmem; m < t->rmem + t->nrmem; m++) {
		if (m->kind == DT_REGION && dt_check_region(t, m) < 0)
			return -EINVAL;
		if (m->is_default && (t->flags & CMA_DT_NO_DEFAULT))
			m->skipped = 1;
	}
	return 0;
}

/* ---- the board ---- */

static int
dt_region_names(struct dt *t)
{
	int i, j;

	for (i = 0; i < t->nrmem; i++)
		for (j = 0; j < i; j++)
			if (t->rmem[i].kind == DT_REGION &&
			    t->rmem[j].kind == DT_REGION &&
			    strcmp(t->rmem[i].name, t->rmem[j].name) == 0)
				return dt_fail(t, t->rmem[i].path, "region name "
				    "'%s' is also %s's", t->rmem[i].name,
				    t->rmem[j].path);
	return 0;
}

static int
dt_cma_text(struct dt *t)
{
	char *s = t->b->cma;
	size_t n = 0;
	int i, count = 0, w;

	s[0] = '\0';
	for (i = 0; i < t->nrmem; i++) {
		const struct dt_rmem *m = &t->rmem[i];

		if (m->kind != DT_REGION || m->skipped)
			continue;
		if (++count > CMA_MAX_REGIONS)
			return dt_fail(t, m->path, "more than %d CMA areas",
			    CMA_MAX_REGIONS);
		w = snprintf(s + n, CMA_MAX_PARAM_LEN - n, "%s%s=%lluM@%#llx/4M",
		    n ? ";" : "", m->name, (unsigned long long)(m->size >> 20),
		    (unsigned long long)m->start);
		if (w < 0 || (size_t)w >= CMA_MAX_PARAM_LEN - n)
			return dt_fail(t, NULL, "the regions do not fit in a "
			    "cma= of %d characters", CMA_MAX_PARAM_LEN - 1);
		n += (size_t)w;
	}
	return 0;
}

static void
dt_board_name(struct dt *t)
{
	const char *base = strrchr(t->origin, '/'), *dot;
	size_t len;

	base = base ? base + 1 : t->origin;
	dot = strrchr(base, '.');
	len = dot && dot > base ? (size_t)(dot - base) : strlen(base);
	dt_clean_name(t->b->name, sizeof t->b->name, base, len);
	if (t->b->name[0] == '\0')
		snprintf(t->b->name, sizeof t->b->name, "dt");
}

/* Every region must place: anything dropped is a bug here, said plainly. */
static int
dt_verify(struct dt *t)
{
	struct cma_dropped_info d;
	struct cma_err e = { "" };
	struct cma *cma;

	if (cma_create(t->b, t->b->cma, t->b->map, &cma, &e) < 0)
		return dt_fail(t, NULL, "the board made from the tree does not "
		    "load: %s", e.msg);
	if (cma_dropped_count(cma) > 0) {
		cma_dropped_get(cma, 0, &d);
		dt_fail(t, NULL, "region %s would be dropped: %s", d.name,
		    d.reason);
		cma_destroy(cma);
		return -EINVAL;
	}
	cma_destroy(cma);
	return 0;
}

static int
dt_walk(struct dt *t)
{
	int ret;

	if ((ret = fdt_check_header(t->fdt)) != 0)
		return dt_fail(t, NULL, "not a device tree blob: %s",
		    fdt_strerror(ret));
	t->ac = t->sc = 1;
	if (dt_cells(t, 0, "#address-cells", &t->ac) < 0 ||
	    dt_cells(t, 0, "#size-cells", &t->sc) < 0 ||
	    dt_memory(t) < 0 || dt_memreserve(t) < 0 || dt_rmem_scan(t) < 0 ||
	    dt_place(t) < 0 || dt_region_names(t) < 0 || dt_cma_text(t) < 0 ||
	    dt_route(t) < 0)
		return -EINVAL;
	dt_board_name(t);
	return dt_verify(t);
}

int
cma_dt_board_blob(const void *blob, size_t len, const char *origin, int flags,
    struct cma_board *out, struct cma_err *err)
{
	struct dt *t;
	int ret;

	memset(out, 0, sizeof *out);
	/* libfdt 1.6's full check trusts the pre-16 layouts too far (it
	 * crashes on some); dtc has written version 17 since 2007. */
	if (len >= sizeof(struct fdt_header) && fdt_magic(blob) == FDT_MAGIC &&
	    (fdt_version(blob) < 16 || fdt_last_comp_version(blob) > 17)) {
		cma_err_set(err, "%s: device tree blob version %u (compatible "
		    "with %u): only versions 16 and 17 are read", origin,
		    fdt_version(blob), fdt_last_comp_version(blob));
		return -EINVAL;
	}
	if (len < sizeof(struct fdt_header) || len > INT32_MAX ||
	    fdt_check_full(blob, len) != 0) {
		cma_err_set(err, "%s: not a valid device tree blob%s", origin,
		    len >= 4 && fdt_magic(blob) == FDT_MAGIC ?
		    " (truncated or corrupt)" : " (no d00dfeed magic)");
		return -EINVAL;
	}
	if ((t = calloc(1, sizeof *t)) == NULL)
		return -ENOMEM;
	t->fdt = blob;
	t->origin = origin;
	t->err = err;
	t->flags = flags;
	t->b = out;
	ret = dt_walk(t);
	free(t);
	if (ret < 0)
		memset(out, 0, sizeof *out);
	return ret;
}
