/*
 * Device → region routing from a device tree: the memory-region phandles
 * of device nodes written as cma_map= rules (include/cma/dt.h).
 *
 * v1 matching is first rule wins and "DEV" without a kind matches only
 * requests without one, so each device gets "DEV=FIRST" (what
 * of_reserved_mem_device_init() gives a driver that asks for no index) and
 * one "DEV/KIND=REGION" per entry, KIND being the entry's
 * memory-region-names string or, without names, its index from 1 on; the
 * default area's "*\/\*=DEFAULT" comes last.  An entry that names a
 * reservation that is not a CMA area (a no-map pool) routes nothing: that
 * memory is the device's own, outside CMA, and the board has it as a
 * reserved range.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "dt_int.h"

#define DT_MAX_DEVICES	64

struct dt_map {
	char   *s;
	size_t	n;
	int	rules;
	int	ndev;
	int	dev_node[DT_MAX_DEVICES];
	char	dev_name[DT_MAX_DEVICES][CMA_BOARD_NAME_MAX];
};

static int
dt_map_add(struct dt *t, struct dt_map *m, const char *path, const char *dev,
    const char *kind, const char *region)
{
	int w;

	if (++m->rules > CMA_MAX_MAPPINGS)
		return dt_fail(t, path, "more than %d map rules",
		    CMA_MAX_MAPPINGS);
	w = snprintf(m->s + m->n, CMA_MAX_PARAM_LEN - m->n, "%s%s%s%s=%s",
	    m->n ? ";" : "", dev, kind ? "/" : "", kind ? kind : "", region);
	if (w < 0 || (size_t)w >= CMA_MAX_PARAM_LEN - m->n)
		return dt_fail(t, path, "the device rules do not fit in a "
		    "cma_map= of %d characters", CMA_MAX_PARAM_LEN - 1);
	m->n += (size_t)w;
	return 0;
}

/* The node's name without its unit address, or with it when another
 * device already has that name. */
static int
dt_device_name(struct dt *t, struct dt_map *m, int node, const char *path,
    char *out)
{
	const char *name, *at;
	int len, i;

	name = fdt_get_name(t->fdt, node, &len);
	if (name == NULL || len <= 0)
		return dt_fail(t, path, "node without a name");
	at = memchr(name, '@', (size_t)len);
	dt_clean_name(out, CMA_BOARD_NAME_MAX, name, at ? (size_t)(at - name) :
	    (size_t)len);
	for (i = 0; i < m->ndev; i++)
		if (strcmp(m->dev_name[i], out) == 0)
			break;
	if (i < m->ndev)
		dt_clean_name(out, CMA_BOARD_NAME_MAX, name, (size_t)len);
	if (m->ndev == DT_MAX_DEVICES)
		return dt_fail(t, path, "more than %d devices with "
		    "memory-region", DT_MAX_DEVICES);
	m->dev_node[m->ndev] = node;
	snprintf(m->dev_name[m->ndev++], CMA_BOARD_NAME_MAX, "%s", out);
	return 0;
}

/* The reservation a phandle names, or an error saying why it names none. */
static const struct dt_rmem *
dt_target(struct dt *t, const char *path, uint32_t ph)
{
	char tpath[DT_PATH_MAX];
	int node, i;

	node = ph == 0 || ph == 0xffffffffu ? -1 :
	    fdt_node_offset_by_phandle(t->fdt, ph);
	if (node < 0) {
		dt_fail(t, path, "memory-region: phandle %#x refers to no node",
		    ph);
		return NULL;
	}
	dt_path(t, node, tpath, sizeof tpath);
	if (t->rmem_node < 0 || fdt_parent_offset(t->fdt, node) !=
	    t->rmem_node) {
		dt_fail(t, path, "memory-region: %s is not a /reserved-memory "
		    "node", tpath);
		return NULL;
	}
	for (i = 0; i < t->nrmem; i++)
		if (t->rmem[i].node == node)
			return &t->rmem[i];
	dt_fail(t, path, "memory-region: %s is disabled", tpath);
	return NULL;
}

static int
dt_device(struct dt *t, struct dt_map *m, int node)
{
	char path[DT_PATH_MAX], dev[CMA_BOARD_NAME_MAX], kind[CMA_BOARD_NAME_MAX];
	const struct dt_rmem *r;
	const fdt32_t *ph;
	const char *name;
	int len, n, nnames, i, nlen;

	ph = fdt_getprop(t->fdt, node, "memory-region", &len);
	if (ph == NULL || !dt_enabled(t->fdt, node))
		return 0;
	dt_path(t, node, path, sizeof path);
	if (len <= 0 || len % 4 != 0)
		return dt_fail(t, path, "memory-region: expected whole 32-bit "
		    "phandles, got %d bytes", len);
	n = len / 4;
	nnames = fdt_stringlist_count(t->fdt, node, "memory-region-names");
	if (nnames >= 0 && nnames != n)
		return dt_fail(t, path, "memory-region-names: %d names for %d "
		    "memory-region entries", nnames, n);
	if (dt_device_name(t, m, node, path, dev) < 0)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		if ((r = dt_target(t, path, fdt32_to_cpu(ph[i]))) == NULL)
			return -EINVAL;
		if (r->kind != DT_REGION || r->skipped)
			continue;
		if (i == 0 && dt_map_add(t, m, path, dev, NULL, r->name) < 0)
			return -EINVAL;
		if (nnames > 0) {
			name = fdt_stringlist_get(t->fdt, node,
			    "memory-region-names", i, &nlen);
			if (name == NULL || nlen == 0)
				return dt_fail(t, path, "memory-region-names: "
				    "entry %d is empty", i);
			dt_clean_name(kind, sizeof kind, name, (size_t)nlen);
		} else if (i > 0)
			snprintf(kind, sizeof kind, "%d", i);
		else
			continue;
		if (dt_map_add(t, m, path, dev, kind, r->name) < 0)
			return -EINVAL;
	}
	return 0;
}

int
dt_route(struct dt *t)
{
	struct dt_map *m;
	int node, depth = 0, skip_below = -1, ret = 0, i;

	if ((m = calloc(1, sizeof *m)) == NULL)
		return -ENOMEM;
	m->s = t->b->map;
	m->s[0] = '\0';
	for (node = fdt_next_node(t->fdt, 0, &depth); node >= 0 && ret == 0;
	    node = fdt_next_node(t->fdt, node, &depth)) {
		if (skip_below >= 0 && depth > skip_below)
			continue;
		skip_below = -1;
		if (node == t->rmem_node) {
			skip_below = depth;
			continue;
		}
		ret = dt_device(t, m, node);
	}
	for (i = 0; ret == 0 && i < t->nrmem; i++)
		if (t->rmem[i].is_default && !t->rmem[i].skipped)
			ret = dt_map_add(t, m, t->rmem[i].path, "*", "*",
			    t->rmem[i].name);
	free(m);
	return ret;
}
