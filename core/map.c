/*
 * The v1 `cma_map=` rules: parsing and matching.
 *
 * Parsing follows v1: the string is cut at ';' into rules, each rule must
 * hold an '=', the patterns are what comes before the first '=' (split at
 * ','), the region list what comes after (split at ',', possibly empty).  A
 * bad rule throws the whole map away; nothing is returned on error.  The
 * patterns themselves are not checked: one that can never match (text after
 * a '*', an empty pattern) simply never matches, as in v1.
 *
 * Matching walks the characters of each pattern against the device name and
 * then the kind: '?' takes one character, '*' ends the part and accepts the
 * rest, anything else must be equal.  A pattern with no "/KIND" matches only
 * an empty kind (v1; v4 reversed this).  A pattern starting with '/' reuses
 * whether the device part of the last pattern that had one matched: that
 * flag is carried across patterns and rules, so "foo/quaz=r2;/\*=r3" sends
 * foo's other kinds to r3.  The first matching pattern of the first matching
 * rule wins; there is no fall-through.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cma_int.h"

/*
 * Split [s, end) at ','.  An empty range gives no items when `empty_ok`
 * (an empty region list) and one empty item otherwise (an empty pattern
 * is still a device pattern: v1 evaluated it, which resets the carried
 * device-matched flag, and it never matches).
 */
static char **
map_split(const char *s, const char *end, int *n, int empty_ok)
{
	char **v = NULL;
	const char *p = s, *q;

	*n = 0;
	if (s == end && empty_ok)
		return NULL;
	for (;;) {
		q = memchr(p, ',', (size_t)(end - p));
		if (q == NULL)
			q = end;
		v = xrealloc(v, sizeof *v * (size_t)(*n + 1));
		v[(*n)++] = xstrndup(p, (size_t)(q - p));
		if (q == end)
			break;
		p = q + 1;
	}
	return v;
}

static void
map_rule_free(struct cma_map_rule *r)
{
	int i;

	for (i = 0; i < r->npatterns; i++)
		free(r->patterns[i]);
	for (i = 0; i < r->nregions; i++)
		free(r->regions[i]);
	free(r->patterns);
	free(r->regions);
	free(r->text);
}

int
cma_map_parse(const char *s, struct cma_map *out, struct cma_err *err)
{
	const char *p = s, *q, *eq;
	struct cma_map_rule *r;

	memset(out, 0, sizeof *out);
	if (strlen(s) >= CMA_MAX_PARAM_LEN) {
		cma_err_set(err, "too long: %zu characters, at most %d",
		    strlen(s), CMA_MAX_PARAM_LEN - 1);
		return -EINVAL;
	}
	while (*p != '\0') {
		q = strchr(p, ';');
		if (q == NULL)
			q = p + strlen(p);
		if (q == p) {
			cma_err_set(err, "position %zu: empty rule",
			    (size_t)(p - s) + 1);
			goto fail_inval;
		}
		eq = memchr(p, '=', (size_t)(q - p));
		if (eq == NULL) {
			cma_err_set(err, "position %zu: expected '=' in rule "
			    "'%.*s'", (size_t)(q - s) + 1, (int)(q - p), p);
			goto fail_inval;
		}
		if (out->nrules == CMA_MAX_MAPPINGS) {
			cma_err_set(err, "position %zu: too many rules (at "
			    "most %d)", (size_t)(p - s) + 1,
			    CMA_MAX_MAPPINGS);
			cma_map_free(out);
			return -ENOSPC;
		}
		out->rules = xrealloc(out->rules,
		    sizeof *out->rules * (size_t)(out->nrules + 1));
		r = &out->rules[out->nrules++];
		r->text = xstrndup(p, (size_t)(q - p));
		r->patterns = map_split(p, eq, &r->npatterns, 0);
		r->regions = map_split(eq + 1, q, &r->nregions, 1);
		p = *q == ';' ? q + 1 : q;
	}
	out->text = xstrdup(s);
	return 0;

fail_inval:
	cma_map_free(out);
	return -EINVAL;
}

void
cma_map_free(struct cma_map *map)
{
	int i;

	for (i = 0; i < map->nrules; i++)
		map_rule_free(&map->rules[i]);
	free(map->rules);
	free(map->text);
	memset(map, 0, sizeof *map);
}

/*
 * Match one part of a pattern (up to '/' or the end) against a subject.
 * Returns the pattern position after the part, or NULL on a mismatch.
 */
static const char *
map_match_part(const char *pat, const char *subject)
{
	const char *c = subject;

	for (; *pat != '*' && *c != '\0'; pat++, c++) {
		if (*pat == '\0')
			return NULL;
		if (*pat != '?' && *pat != *c)
			return NULL;
	}
	if (*pat == '*')
		return pat + 1;
	if (*c != '\0')
		return NULL;
	return pat;
}

int
cma_map_match(const struct cma_map *map, const char *dev, const char *kind,
    int *pattern)
{
	int name_matched = 0, i, j;
	const char *pat;

	if (dev == NULL || *dev == '\0')
		return -EINVAL;
	if (kind == NULL)
		kind = "";
	for (i = 0; i < map->nrules; i++) {
		for (j = 0; j < map->rules[i].npatterns; j++) {
			pat = map->rules[i].patterns[j];
			if (*pat == '/') {
				if (!name_matched)
					continue;
			} else {
				name_matched = 0;
				pat = map_match_part(pat, dev);
				if (pat == NULL)
					continue;
				name_matched = 1;
			}
			if (*pat == '/') {
				pat = map_match_part(pat + 1, kind);
				if (pat == NULL)
					continue;
			} else if (*kind != '\0')
				continue;
			if (*pat != '\0')
				continue;
			if (pattern)
				*pattern = j;
			return i;
		}
	}
	return -ENOENT;
}
