/*
 * The v1 configuration languages: memparse sizes, the `cma=` region list and
 * the `cma_map=` device/kind → region rules.
 *
 * cma=  NAME '=' SIZE [ '@' START ] [ '/' ALIGN ] [ ':' [ALLOC] [ '(' PARAMS ')' ] ]
 *       entries separated by ';', one trailing ';' allowed, fields in that
 *       order only.  At most CMA_MAX_REGIONS entries, CMA_MAX_PARAM_LEN - 1
 *       characters.
 *
 * cma_map=  RULE { ';' RULE } [ ';' ]
 *       RULE    = PATTERN { ',' PATTERN } '=' REGION { ',' REGION }
 *       PATTERN = DEVPAT [ '/' KINDPAT ] | '/' KINDPAT
 *       At most CMA_MAX_MAPPINGS rules; a bad rule discards the whole map.
 *
 * Layout of a parsed region entry (struct cma_region_spec), after the v1
 * normalisation: align = ALIGN rounded up to a page, or a page when absent
 * or 0; start = START rounded up to align (0 = "anywhere"); size = SIZE
 * rounded up to a page.  The allocator name and its parameters are kept
 * verbatim (NULL when absent; an empty name means the default allocator).
 *
 * Error positions are 1-based character positions in the string given.
 */
#ifndef CMA_PARAM_H
#define CMA_PARAM_H

#include <stddef.h>
#include <stdint.h>

#include "cma/err.h"

#define CMA_PAGE_SIZE		4096u
#define CMA_MAX_REGIONS		16
#define CMA_MAX_MAPPINGS	64
#define CMA_MAX_PARAM_LEN	512

/*
 * Kernel memparse: an unsigned C-notation integer (decimal, 0x hex, leading-0
 * octal) and at most one K/M/G suffix (either case).  Returns 0 and sets *end
 * past what was read; -EINVAL when no digit starts at s; -ERANGE when the
 * value does not fit in 64 bits.
 */
int cma_memparse(const char *s, const char **end, uint64_t *value);

/* Round up to a multiple of `align` (a power of two); -ERANGE on overflow. */
int cma_round_up(uint64_t value, uint64_t align, uint64_t *out);

struct cma_region_spec {
	char	*name;
	uint64_t size;
	uint64_t start;		/* 0: anywhere */
	uint64_t align;
	char	*alloc_name;	/* NULL: no ':' given; "" : ':' with no name */
	char	*alloc_params;	/* NULL: no "(...)" given */
	size_t	 pos;		/* 1-based position of the entry in the string */
};

struct cma_param {
	int			count;
	struct cma_region_spec	regions[CMA_MAX_REGIONS];
};

int  cma_param_parse(const char *s, struct cma_param *out, struct cma_err *err);
void cma_param_free(struct cma_param *p);

struct cma_map_rule {
	char	 *text;		/* the rule as written, without ';' */
	int	  npatterns;
	char	**patterns;
	int	  nregions;
	char	**regions;	/* may be empty ("foo=") */
};

struct cma_map {
	char			*text;	/* the whole map as given */
	int			 nrules;
	struct cma_map_rule	*rules;
};

int  cma_map_parse(const char *s, struct cma_map *out, struct cma_err *err);
void cma_map_free(struct cma_map *map);

/*
 * v1 matching: first matching pattern of the first matching rule wins.
 * Returns the rule index (and the pattern index in *pattern, if not NULL),
 * -EINVAL for a NULL or empty device name, -ENOENT when no rule matches.
 * A NULL kind is the empty kind.
 */
int cma_map_match(const struct cma_map *map, const char *dev, const char *kind,
    int *pattern);

#endif
