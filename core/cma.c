/*
 * The framework: building a configuration and the driver-facing calls.
 *
 * cma_create parses cma= and cma_map=, places the regions on the board and
 * starts an allocator on each, keeping the regions it had to drop or could
 * not start with the reason, for `cma info` to show.  cma_alloc resolves a
 * (device, kind) through the map to a list of region names and tries them
 * in order; cma_alloc_from takes the list directly (v2).  Allocated chunks
 * go into the chunk table with one reference; cma_get and cma_put count
 * references and the last put returns the extent to its region.
 *
 * Locking is described in cma_int.h: the map and the chunk table share the
 * framework lock, each region has its own, and no call holds two.
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cma_int.h"
#include "cma/metrics.h"

/* A 511-character list holds at most 256 names. */
#define CMA_MAX_LIST (CMA_MAX_PARAM_LEN / 2 + 1)

static void
cma_start_allocator(struct cma_region *r)
{
	const struct cma_allocator *a = cma_allocator_find(r->alloc_name);
	struct cma_err e = { "" };

	if (a == NULL) {
		snprintf(r->reason, sizeof r->reason, "unknown allocator '%s'",
		    r->alloc_name);
		return;
	}
	if (a->init(r->start, r->size, r->alloc_params, &r->priv, &e) < 0) {
		snprintf(r->reason, sizeof r->reason, "allocator %s refused "
		    "the region: %s", a->name, e.msg);
		return;
	}
	r->ops = a;
	r->free = r->size;
}

static void
cma_add_region(struct cma *cma, struct cma_region_spec *s)
{
	struct cma_region *r = &cma->regions[cma->nregions];
	struct cma_dropped *d = &cma->dropped[cma->ndropped];
	uint64_t start;
	int bank;

	if (cma_region_place(&cma->board, cma->regions, cma->nregions, s,
	    &start, &bank, d->reason, sizeof d->reason) < 0) {
		d->name = s->name;
		d->size = s->size;
		d->start = s->start;
		d->align = s->align;
		s->name = NULL;
		cma->ndropped++;
		return;
	}
	memset(r, 0, sizeof *r);
	r->name = s->name;
	r->alloc_name = s->alloc_name;
	r->alloc_params = s->alloc_params;
	s->name = s->alloc_name = s->alloc_params = NULL;
	r->start = start;
	r->size = s->size;
	r->align = s->align;
	r->bank = bank;
	pthread_mutex_init(&r->lock, NULL);
	cma_start_allocator(r);
	cma->nregions++;
}

/* Make every region use `allocator`; parameters only survive when the
 * region already named that allocator. */
static void
cma_override_allocator(struct cma_param *p, const char *allocator)
{
	int i;

	for (i = 0; i < p->count; i++) {
		struct cma_region_spec *r = &p->regions[i];
		const struct cma_allocator *now = cma_allocator_find(
		    r->alloc_name);

		if (now != NULL && strcmp(now->name, allocator) == 0)
			continue;
		free(r->alloc_name);
		free(r->alloc_params);
		r->alloc_name = xstrdup(allocator);
		r->alloc_params = NULL;
	}
}

int
cma_create(const struct cma_board *board, const char *cma_param,
    const char *map_param, struct cma **out, struct cma_err *err)
{
	return cma_create_with(board, cma_param, map_param, NULL, out, err);
}

int
cma_create_with(const struct cma_board *board, const char *cma_param,
    const char *map_param, const char *allocator, struct cma **out,
    struct cma_err *err)
{
	const char *ptext = cma_param ? cma_param : board->cma;
	const char *mtext = map_param ? map_param : board->map;
	struct cma_param p;
	struct cma_map m;
	struct cma *cma;
	int ret, i;

	*out = NULL;
	if ((ret = cma_param_parse(ptext, &p, err)) < 0) {
		cma_err_prefix(err, "cma=: ");
		return ret;
	}
	if ((ret = cma_map_parse(mtext, &m, err)) < 0) {
		cma_err_prefix(err, "cma_map=: ");
		cma_param_free(&p);
		return ret;
	}
	if (allocator != NULL)
		cma_override_allocator(&p, allocator);
	cma = xcalloc(1, sizeof *cma);
	cma->board = *board;
	cma->param_text = xstrdup(ptext);
	cma->map = m;
	pthread_mutex_init(&cma->lock, NULL);
	pthread_mutex_init(&cma->oplock, NULL);
	RB_INIT(&cma->chunks);
	for (i = 0; i < p.count; i++)
		cma_add_region(cma, &p.regions[i]);
	cma_param_free(&p);
	*out = cma;
	return 0;
}

static void
cma_give_back(struct cma *cma, struct cma_chunk *c)
{
	struct cma_region *r = &cma->regions[c->region];
	struct cma_extent ext = { c->start, c->size };

	pthread_mutex_lock(&r->lock);
	r->ops->free(r->priv, &ext, c->cookie);
	r->free += c->size;
	r->users--;
	pthread_mutex_unlock(&r->lock);
}

void
cma_destroy(struct cma *cma)
{
	struct cma_chunk *c;
	int i;

	if (cma == NULL)
		return;
	while ((c = cma_chunk_first(cma)) != NULL) {
		cma_chunk_remove(cma, c);
		cma_give_back(cma, c);
		free(c);
	}
	for (i = 0; i < cma->nregions; i++) {
		struct cma_region *r = &cma->regions[i];

		if (r->ops)
			r->ops->cleanup(r->priv);
		pthread_mutex_destroy(&r->lock);
		free(r->name);
		free(r->alloc_name);
		free(r->alloc_params);
	}
	for (i = 0; i < cma->ndropped; i++)
		free(cma->dropped[i].name);
	cma_map_free(&cma->map);
	pthread_mutex_destroy(&cma->lock);
	pthread_mutex_destroy(&cma->oplock);
	free(cma->param_text);
	free(cma);
}

static int
cma_region_index(const struct cma *cma, const char *name, size_t len)
{
	int i;

	for (i = 0; i < cma->nregions; i++)
		if (strlen(cma->regions[i].name) == len &&
		    memcmp(cma->regions[i].name, name, len) == 0)
			return i;
	return -ENOENT;
}

int
cma_region_find(const struct cma *cma, const char *name)
{
	return cma_region_index(cma, name, strlen(name));
}

/* Indices of the existing regions a rule lists, in order (cma->lock held). */
static int
cma_rule_regions(const struct cma *cma, const struct cma_map_rule *rule,
    int *idx)
{
	int i, k, n = 0;

	for (i = 0; i < rule->nregions && n < CMA_MAX_LIST; i++) {
		k = cma_region_find(cma, rule->regions[i]);
		if (k >= 0)
			idx[n++] = k;
	}
	return n;
}

static int
cma_check_request(uint64_t *size, uint64_t *align)
{
	if (*size == 0)
		return -EINVAL;
	if (*align != 0 && !cma_is_pow2(*align))
		return -EINVAL;
	if (cma_round_up(*size, CMA_PAGE_SIZE, size) < 0)
		return -EINVAL;
	if (*align < CMA_PAGE_SIZE)
		*align = CMA_PAGE_SIZE;
	return 0;
}

static int
cma_publish(struct cma *cma, int region, const struct cma_extent *ext,
    void *cookie, uint64_t requested, uint64_t *id)
{
	struct cma_chunk *c = xcalloc(1, sizeof *c);
	int ret;

	c->start = ext->start;
	c->size = ext->size;
	c->requested = requested;
	c->region = region;
	c->refs = 1;
	c->cookie = cookie;
	pthread_mutex_lock(&cma->lock);
	ret = cma_chunk_insert(cma, c);
	*id = c->id;
	pthread_mutex_unlock(&cma->lock);
	if (ret < 0) {
		struct cma_region *r = &cma->regions[region];

		fprintf(stderr, "cma: allocator %s of region %s returned "
		    "%#llx, which is already allocated (allocator bug)\n",
		    r->ops->name, r->name, (unsigned long long)ext->start);
		/* Not a successful allocation after all. */
		pthread_mutex_lock(&r->lock);
		r->allocs--;
		r->fails++;
		pthread_mutex_unlock(&r->lock);
		cma_give_back(cma, c);
		free(c);
		return -ENOMEM;
	}
	return 0;
}

/* What an operation did, for the recorder. */
struct cma_outcome {
	uint64_t start;
	uint64_t chunk;
	int	 region;
	int	 freed;
};

static int
cma_alloc_in(struct cma *cma, const int *idx, int n, uint64_t size,
    uint64_t align, uint64_t requested, struct cma_outcome *out)
{
	struct cma_extent ext;
	struct cma_region *r;
	void *cookie;
	int i, ret;

	for (i = 0; i < n; i++) {
		r = &cma->regions[idx[i]];
		pthread_mutex_lock(&r->lock);
		if (r->ops == NULL || r->free < size) {
			pthread_mutex_unlock(&r->lock);
			continue;
		}
		ret = r->ops->alloc(r->priv, size, align, &ext, &cookie);
		if (ret < 0) {
			r->fails++;
			pthread_mutex_unlock(&r->lock);
			continue;
		}
		assert(ext.size >= size && ext.start % align == 0);
		assert(ext.start >= r->start &&
		    ext.start - r->start <= r->size - ext.size);
		r->free -= ext.size;
		r->users++;
		r->allocs++;
		pthread_mutex_unlock(&r->lock);
		if ((ret = cma_publish(cma, idx[i], &ext, cookie,
		    requested, &out->chunk)) < 0)
			return ret;
		out->start = ext.start;
		out->region = idx[i];
		return 0;
	}
	return -ENOMEM;
}

static int
cma_alloc_do(struct cma *cma, const char *dev, const char *kind,
    uint64_t size, uint64_t align, struct cma_outcome *out)
{
	int idx[CMA_MAX_LIST], n, rule, ret;
	uint64_t requested = size;

	if ((ret = cma_check_request(&size, &align)) < 0)
		return ret;
	if (dev == NULL || *dev == '\0')
		return -EINVAL;
	pthread_mutex_lock(&cma->lock);
	rule = cma_map_match(&cma->map, dev, kind, NULL);
	n = rule < 0 ? 0 : cma_rule_regions(cma, &cma->map.rules[rule], idx);
	pthread_mutex_unlock(&cma->lock);
	if (rule < 0)
		return rule;
	return cma_alloc_in(cma, idx, n, size, align, requested, out);
}

static void
cma_record(struct cma *cma, struct cma_record *rec,
    const struct cma_outcome *out)
{
	rec->start = out->start;
	rec->chunk = out->chunk;
	rec->region = out->region >= 0 ? cma->regions[out->region].name : NULL;
	rec->freed = out->freed;
	cma->recorder(cma->recorder_arg, rec);
}

int
cma_alloc(struct cma *cma, const char *dev, const char *kind, uint64_t size,
    uint64_t align, uint64_t *start)
{
	struct cma_outcome out = { .region = -1 };
	struct cma_record rec = { .op = CMA_RECORD_ALLOC, .dev = dev,
	    .kind = kind, .size = size, .align = align };
	int ret;

	if (cma->recorder == NULL) {
		ret = cma_alloc_do(cma, dev, kind, size, align, &out);
	} else {
		pthread_mutex_lock(&cma->oplock);
		ret = cma_alloc_do(cma, dev, kind, size, align, &out);
		rec.err = ret;
		cma_record(cma, &rec, &out);
		pthread_mutex_unlock(&cma->oplock);
	}
	if (ret == 0)
		*start = out.start;
	return ret;
}

/* Split a v2 region list ("a,b", ending at ';' or the end) into indices. */
static int
cma_list_regions(const struct cma *cma, const char *list, int *idx)
{
	const char *p = list, *q;
	int n = 0, k;

	while (n < CMA_MAX_LIST) {
		q = p + strcspn(p, ",;");
		k = cma_region_index(cma, p, (size_t)(q - p));
		if (k >= 0)
			idx[n++] = k;
		if (*q != ',')
			break;
		p = q + 1;
	}
	return n;
}

static int
cma_alloc_from_do(struct cma *cma, const char *regions, uint64_t size,
    uint64_t align, struct cma_outcome *out)
{
	int idx[CMA_MAX_LIST], n, ret;
	uint64_t requested = size;

	if ((ret = cma_check_request(&size, &align)) < 0)
		return ret;
	if (regions == NULL)
		return -EINVAL;
	n = cma_list_regions(cma, regions, idx);
	return cma_alloc_in(cma, idx, n, size, align, requested, out);
}

int
cma_alloc_from(struct cma *cma, const char *regions, uint64_t size,
    uint64_t align, uint64_t *start)
{
	struct cma_outcome out = { .region = -1 };
	struct cma_record rec = { .op = CMA_RECORD_ALLOC_FROM,
	    .regions = regions, .size = size, .align = align };
	int ret;

	if (cma->recorder == NULL) {
		ret = cma_alloc_from_do(cma, regions, size, align, &out);
	} else {
		pthread_mutex_lock(&cma->oplock);
		ret = cma_alloc_from_do(cma, regions, size, align, &out);
		rec.err = ret;
		cma_record(cma, &rec, &out);
		pthread_mutex_unlock(&cma->oplock);
	}
	if (ret == 0)
		*start = out.start;
	return ret;
}

static int
cma_get_do(struct cma *cma, uint64_t start, struct cma_outcome *out)
{
	struct cma_chunk *c;
	int ret = -ENOENT;

	pthread_mutex_lock(&cma->lock);
	c = cma_chunk_lookup(cma, start);
	if (c != NULL) {
		c->refs++;
		out->chunk = c->id;
		out->region = c->region;
		ret = 0;
	}
	pthread_mutex_unlock(&cma->lock);
	return ret;
}

int
cma_get(struct cma *cma, uint64_t start)
{
	struct cma_outcome out = { .start = start, .region = -1 };
	struct cma_record rec = { .op = CMA_RECORD_GET };
	int ret;

	if (cma->recorder == NULL)
		return cma_get_do(cma, start, &out);
	pthread_mutex_lock(&cma->oplock);
	ret = cma_get_do(cma, start, &out);
	rec.err = ret;
	cma_record(cma, &rec, &out);
	pthread_mutex_unlock(&cma->oplock);
	return ret;
}

static int
cma_put_do(struct cma *cma, uint64_t start, struct cma_outcome *out)
{
	struct cma_chunk *c;

	pthread_mutex_lock(&cma->lock);
	c = cma_chunk_lookup(cma, start);
	if (c == NULL) {
		pthread_mutex_unlock(&cma->lock);
		return -ENOENT;
	}
	out->chunk = c->id;
	out->region = c->region;
	if (--c->refs > 0) {
		pthread_mutex_unlock(&cma->lock);
		return 0;
	}
	cma_chunk_remove(cma, c);
	pthread_mutex_unlock(&cma->lock);
	cma_give_back(cma, c);
	free(c);
	out->freed = 1;
	return 1;
}

int
cma_put(struct cma *cma, uint64_t start)
{
	struct cma_outcome out = { .start = start, .region = -1 };
	struct cma_record rec = { .op = CMA_RECORD_PUT };
	int ret;

	if (cma->recorder == NULL)
		return cma_put_do(cma, start, &out);
	pthread_mutex_lock(&cma->oplock);
	ret = cma_put_do(cma, start, &out);
	rec.err = ret < 0 ? ret : 0;
	cma_record(cma, &rec, &out);
	pthread_mutex_unlock(&cma->oplock);
	return ret;
}

void
cma_set_recorder(struct cma *cma, cma_recorder_fn fn, void *arg)
{
	cma->recorder = fn;
	cma->recorder_arg = arg;
}

uint64_t
cma_region_largest_free(struct cma *cma, int idx)
{
	struct cma_region *r;
	struct cma_metrics m;
	uint64_t v;

	if (idx < 0 || idx >= cma->nregions || cma->regions[idx].ops == NULL)
		return 0;
	r = &cma->regions[idx];
	if (r->ops->largest_free == NULL) {
		if (cma_metrics_region(cma, idx, CMA_PAGE_SIZE, &m) < 0)
			return 0;
		return m.largest_free;
	}
	pthread_mutex_lock(&r->lock);
	v = r->ops->largest_free(r->priv);
	pthread_mutex_unlock(&r->lock);
	return v;
}

int
cma_info(struct cma *cma, const char *dev, const char *kind,
    struct cma_info *info)
{
	int idx[CMA_MAX_LIST], n, rule, i;
	struct cma_region *r;

	if (info == NULL || dev == NULL || *dev == '\0')
		return -EINVAL;
	pthread_mutex_lock(&cma->lock);
	rule = cma_map_match(&cma->map, dev, kind, NULL);
	n = rule < 0 ? 0 : cma_rule_regions(cma, &cma->map.rules[rule], idx);
	pthread_mutex_unlock(&cma->lock);
	if (rule < 0)
		return rule;
	memset(info, 0, sizeof *info);
	info->lower_bound = UINT64_MAX;
	for (i = 0; i < n; i++) {
		r = &cma->regions[idx[i]];
		if (r->start < info->lower_bound)
			info->lower_bound = r->start;
		if (r->start + r->size > info->upper_bound)
			info->upper_bound = r->start + r->size;
		info->total_size += r->size;
		pthread_mutex_lock(&r->lock);
		info->free_size += r->free;
		pthread_mutex_unlock(&r->lock);
		info->count++;
	}
	return 0;
}

int
cma_set_map(struct cma *cma, const char *text, struct cma_err *err)
{
	struct cma_map m, old;
	int ret;

	if ((ret = cma_map_parse(text, &m, err)) < 0) {
		cma_err_prefix(err, "cma_map=: ");
		return ret;
	}
	pthread_mutex_lock(&cma->lock);
	old = cma->map;
	cma->map = m;
	pthread_mutex_unlock(&cma->lock);
	cma_map_free(&old);
	return 0;
}

void
cma_get_map(struct cma *cma, char *buf, size_t len)
{
	pthread_mutex_lock(&cma->lock);
	snprintf(buf, len, "%s", cma->map.text);
	pthread_mutex_unlock(&cma->lock);
}

int
cma_resolve(struct cma *cma, const char *dev, const char *kind,
    struct cma_resolution *res)
{
	const struct cma_map_rule *rule;
	size_t used = 0;
	int i, ret;

	memset(res, 0, sizeof *res);
	res->rule = -1;
	pthread_mutex_lock(&cma->lock);
	ret = cma_map_match(&cma->map, dev, kind, &res->pattern);
	if (ret >= 0) {
		res->rule = ret;
		rule = &cma->map.rules[ret];
		snprintf(res->rule_text, sizeof res->rule_text, "%s",
		    rule->text);
		for (i = 0; i < rule->nregions; i++)
			used += (size_t)snprintf(res->regions + used,
			    used < sizeof res->regions ?
			    sizeof res->regions - used : 0, "%s%s",
			    i ? "," : "", rule->regions[i]);
		ret = 0;
	}
	pthread_mutex_unlock(&cma->lock);
	return ret;
}

const struct cma_board *
cma_board(const struct cma *cma)
{
	return &cma->board;
}

const char *
cma_param_text(const struct cma *cma)
{
	return cma->param_text;
}

int
cma_region_count(const struct cma *cma)
{
	return cma->nregions;
}

int
cma_region_get(struct cma *cma, int idx, struct cma_region_info *info)
{
	struct cma_region *r;

	if (idx < 0 || idx >= cma->nregions)
		return -ENOENT;
	r = &cma->regions[idx];
	info->name = r->name;
	info->start = r->start;
	info->size = r->size;
	info->align = r->align;
	info->alloc_name = r->alloc_name;
	info->alloc_params = r->alloc_params;
	info->allocator = r->ops ? r->ops->name : NULL;
	info->reason = r->ops ? NULL : r->reason;
	info->bank = r->bank;
	pthread_mutex_lock(&r->lock);
	info->free = r->free;
	info->users = r->users;
	info->allocs = r->allocs;
	info->fails = r->fails;
	pthread_mutex_unlock(&r->lock);
	return 0;
}

int
cma_dropped_count(const struct cma *cma)
{
	return cma->ndropped;
}

int
cma_dropped_get(const struct cma *cma, int idx, struct cma_dropped_info *info)
{
	const struct cma_dropped *d;

	if (idx < 0 || idx >= cma->ndropped)
		return -ENOENT;
	d = &cma->dropped[idx];
	info->name = d->name;
	info->size = d->size;
	info->start = d->start;
	info->align = d->align;
	info->reason = d->reason;
	return 0;
}

int
cma_region_walk_free(struct cma *cma, int idx, cma_extent_fn fn, void *arg)
{
	struct cma_region *r;
	int ret;

	if (idx < 0 || idx >= cma->nregions)
		return -ENOENT;
	r = &cma->regions[idx];
	if (r->ops == NULL)
		return -ENODEV;
	pthread_mutex_lock(&r->lock);
	ret = r->ops->walk_free(r->priv, fn, arg);
	pthread_mutex_unlock(&r->lock);
	return ret;
}
