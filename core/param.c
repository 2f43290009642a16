/*
 * The v1 `cma=` parser.
 *
 * One entry is NAME '=' SIZE ['@' START] ['/' ALIGN] [':' [ALLOC] ['(' PARAMS
 * ')']] and entries are separated by ';'.  The fields come in that order
 * only: anything else where ';' or the end is due is an error, which is what
 * makes the v1 documentation's comma-separated examples fail; we say so in
 * the message instead of leaving the user to guess.
 *
 * Two deliberate departures from the 2010 code, both toward refusing what
 * could never work: a string of CMA_MAX_PARAM_LEN characters or more is an
 * error (v1 truncated it silently), and a region name may not contain ';'
 * or ',' (v1 took everything before '=' as the name, so "a=1M;;b=1M" made a
 * region called ";b" that no map rule could name).
 *
 * On error nothing is returned: the caller gets an empty table and one line
 * naming the position and what was expected there.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cma_int.h"

struct param_cursor {
	const char *base;	/* start of the whole string, for positions */
	const char *p;
};

static size_t
param_pos(const struct param_cursor *c)
{
	return (size_t)(c->p - c->base) + 1;
}

static int
param_number(struct param_cursor *c, const char *what, uint64_t *v,
    struct cma_err *err)
{
	const char *end;
	int ret = cma_memparse(c->p, &end, v);

	if (ret == -EINVAL) {
		cma_err_set(err, "position %zu: invalid %s: expected a number "
		    "such as 16M or 0x100000", param_pos(c), what);
		return -EINVAL;
	}
	if (ret == -ERANGE) {
		cma_err_set(err, "position %zu: invalid %s: does not fit in 64 "
		    "bits", param_pos(c), what);
		return -EINVAL;
	}
	c->p = end;
	return 0;
}

static int
param_name(struct param_cursor *c, struct cma_region_spec *r,
    struct cma_err *err)
{
	const char *start = c->p;

	while (*c->p != '\0' && *c->p != '=' && *c->p != ';' && *c->p != ',')
		c->p++;
	if (c->p == start) {
		cma_err_set(err, "position %zu: expected a region name",
		    param_pos(c));
		return -EINVAL;
	}
	if (*c->p != '=') {
		cma_err_set(err, "position %zu: expected '=' after region "
		    "name '%.*s'", param_pos(c), (int)(c->p - start), start);
		return -EINVAL;
	}
	r->name = xstrndup(start, (size_t)(c->p - start));
	c->p++;
	return 0;
}

static int
param_allocator(struct param_cursor *c, struct cma_region_spec *r,
    struct cma_err *err)
{
	const char *start = c->p, *close;

	while (*c->p != '\0' && *c->p != '(' && *c->p != ';')
		c->p++;
	r->alloc_name = xstrndup(start, (size_t)(c->p - start));
	if (*c->p != '(')
		return 0;
	close = strchr(c->p, ')');
	if (close == NULL) {
		cma_err_set(err, "position %zu: missing ')' after allocator "
		    "parameters", param_pos(c));
		return -EINVAL;
	}
	r->alloc_params = xstrndup(c->p + 1, (size_t)(close - c->p - 1));
	c->p = close + 1;
	return 0;
}

static int
param_end_of_entry(struct param_cursor *c, struct cma_err *err)
{
	const char *hint = "";

	if (*c->p == '\0' || *c->p == ';')
		return 0;
	if (*c->p == ',')
		hint = " (regions are separated by ';', not ',')";
	else if (*c->p == '@' || *c->p == '/' || *c->p == ':')
		hint = " (fields go in the order NAME=SIZE@START/ALIGN:ALLOC)";
	cma_err_set(err, "position %zu: expected ';' or end of string%s",
	    param_pos(c), hint);
	return -EINVAL;
}

static int
param_normalise(struct cma_region_spec *r, uint64_t raw_align,
    struct cma_err *err)
{
	uint64_t v;

	r->align = raw_align < CMA_PAGE_SIZE ? CMA_PAGE_SIZE : raw_align;
	if (cma_round_up(r->size, CMA_PAGE_SIZE, &v) < 0) {
		cma_err_set(err, "position %zu: invalid size: too large",
		    r->pos);
		return -EINVAL;
	}
	r->size = v;
	if (cma_round_up(r->start, r->align, &v) < 0) {
		cma_err_set(err, "position %zu: invalid start: too large to "
		    "align", r->pos);
		return -EINVAL;
	}
	r->start = v;
	return 0;
}

static int
param_entry(struct param_cursor *c, struct cma_region_spec *r,
    struct cma_err *err)
{
	uint64_t align = 0;
	const char *num;

	r->pos = param_pos(c);
	if (param_name(c, r, err) < 0)
		return -EINVAL;
	num = c->p;
	if (param_number(c, "size", &r->size, err) < 0)
		return -EINVAL;
	if (r->size == 0) {
		c->p = num;
		cma_err_set(err, "position %zu: invalid size: must not be 0",
		    param_pos(c));
		return -EINVAL;
	}
	if (*c->p == '@') {
		c->p++;
		if (param_number(c, "start", &r->start, err) < 0)
			return -EINVAL;
	}
	if (*c->p == '/') {
		c->p++;
		num = c->p;
		if (param_number(c, "alignment", &align, err) < 0)
			return -EINVAL;
		if (align != 0 && !cma_is_pow2(align)) {
			c->p = num;
			cma_err_set(err, "position %zu: invalid alignment: "
			    "%#llx is not a power of two", param_pos(c),
			    (unsigned long long)align);
			return -EINVAL;
		}
	}
	if (*c->p == ':') {
		c->p++;
		if (param_allocator(c, r, err) < 0)
			return -EINVAL;
	}
	if (param_end_of_entry(c, err) < 0)
		return -EINVAL;
	return param_normalise(r, align, err);
}

int
cma_param_parse(const char *s, struct cma_param *out, struct cma_err *err)
{
	struct param_cursor c = { s, s };
	int ret;

	memset(out, 0, sizeof *out);
	if (strlen(s) >= CMA_MAX_PARAM_LEN) {
		cma_err_set(err, "too long: %zu characters, at most %d",
		    strlen(s), CMA_MAX_PARAM_LEN - 1);
		return -EINVAL;
	}
	while (*c.p != '\0') {
		if (out->count == CMA_MAX_REGIONS) {
			cma_err_set(err, "position %zu: too many regions (at "
			    "most %d)", param_pos(&c), CMA_MAX_REGIONS);
			cma_param_free(out);
			return -ENOSPC;
		}
		ret = param_entry(&c, &out->regions[out->count], err);
		out->count++;
		if (ret < 0) {
			cma_param_free(out);
			return ret;
		}
		if (*c.p == ';')
			c.p++;
	}
	return 0;
}

void
cma_param_free(struct cma_param *p)
{
	int i;

	for (i = 0; i < p->count; i++) {
		free(p->regions[i].name);
		free(p->regions[i].alloc_name);
		free(p->regions[i].alloc_params);
	}
	memset(p, 0, sizeof *p);
}
