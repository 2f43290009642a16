/*
 * `cma info`: what a configuration turns into on a board.
 *
 * Prints the banks and reserved ranges, the regions as placed (and the
 * ones dropped or left unusable, with why), the map rules, and with
 * --resolve which rule a device/kind meets, its region list and the
 * cma_info() fields a driver would get.  Plain aligned text: one section
 * per heading, one line per item, so grep and awk work on it; --json gives
 * the same as one JSON object, addresses and sizes in bytes.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cma/metrics.h"

static const char info_help[] =
"usage: cma info [OPTIONS]\n"
"\n"
"Show the board's banks and reserved ranges, the regions cma= places on it\n"
"(with the reason for any region dropped or unusable), the cma_map= rules\n"
"and the allocators a region can choose.\n"
"\n"
"options:\n"
CLI_CONFIG_HELP
"  -r, --resolve DEV[/KIND]\n"
"                    show the rule DEV (with KIND) matches, its regions and\n"
"                    the cma_info() fields; may be given several times\n"
"  -j, --json        the same as one JSON object (sizes in bytes)\n"
"  -h, --help        this text\n";

static void
info_board(const struct cma_board *b)
{
	char s[32];
	int i;

	printf("board %s\n", b->name);
	for (i = 0; i < b->nbanks; i++)
		printf("  bank      %-8s 0x%08llx-0x%08llx  %s\n",
		    b->banks[i].name, (unsigned long long)b->banks[i].start,
		    (unsigned long long)(b->banks[i].start +
		    b->banks[i].size - 1),
		    cli_size(b->banks[i].size, s, sizeof s));
	for (i = 0; i < b->nreserved; i++)
		printf("  reserved  %-8s 0x%08llx-0x%08llx  %s\n",
		    b->reserved[i].name,
		    (unsigned long long)b->reserved[i].start,
		    (unsigned long long)(b->reserved[i].start +
		    b->reserved[i].size - 1),
		    cli_size(b->reserved[i].size, s, sizeof s));
}

static void
info_regions(struct cma *cma)
{
	const struct cma_board *b = cma_board(cma);
	struct cma_region_info r;
	struct cma_dropped_info d;
	char s1[32], s2[32];
	int i;

	printf("\ncma=%s\n", cma_param_text(cma));
	printf("regions %d placed, %d dropped\n", cma_region_count(cma),
	    cma_dropped_count(cma));
	printf("  %-8s %-10s %-10s %-9s %-9s %-6s %s\n", "NAME", "START",
	    "END", "SIZE", "ALIGN", "BANK", "ALLOCATOR");
	for (i = 0; i < cma_region_count(cma); i++) {
		cma_region_get(cma, i, &r);
		printf("  %-8s 0x%08llx 0x%08llx %-9s %-9s %-6s %s",
		    r.name, (unsigned long long)r.start,
		    (unsigned long long)(r.start + r.size - 1),
		    cli_size(r.size, s1, sizeof s1),
		    cli_size(r.align, s2, sizeof s2), b->banks[r.bank].name,
		    r.allocator ? r.allocator : "-");
		if (r.alloc_params && r.allocator)
			printf("(%s)", r.alloc_params);
		if (r.reason)
			printf("  UNUSABLE: %s", r.reason);
		putchar('\n');
	}
	for (i = 0; i < cma_dropped_count(cma); i++) {
		cma_dropped_get(cma, i, &d);
		printf("  dropped %s (%s", d.name, cli_size(d.size, s1,
		    sizeof s1));
		if (d.start)
			printf(" @ %#llx", (unsigned long long)d.start);
		printf("): %s\n", d.reason);
	}
}

static void
info_map(struct cma *cma)
{
	struct cma_map m;
	char text[CMA_MAX_PARAM_LEN];
	int i;

	cma_get_map(cma, text, sizeof text);
	printf("\ncma_map=%s\n", text);
	if (cma_map_parse(text, &m, NULL) < 0)
		return;
	printf("rules %d\n", m.nrules);
	for (i = 0; i < m.nrules; i++)
		printf("  %2d  %s\n", i + 1, m.rules[i].text);
	cma_map_free(&m);
}

static void
info_allocators(void)
{
	const struct cma_allocator *a;
	int i;

	printf("\nallocators (choose with :NAME in cma=; the first is the "
	    "default)\n");
	for (i = 0; (a = cma_allocator_get(i)) != NULL; i++)
		printf("  %-6s %s\n", a->name, a->summary ? a->summary : "");
}

/* The rule's region list, flagging names that are not placed regions. */
static void
info_region_list(struct cma *cma, const char *list)
{
	char copy[CMA_MAX_PARAM_LEN], *name, *save = NULL;
	struct cma_region_info r;
	int k;

	printf("  regions  ");
	if (list[0] == '\0') {
		printf(" (none)\n");
		return;
	}
	snprintf(copy, sizeof copy, "%s", list);
	for (name = strtok_r(copy, ",", &save); name != NULL;
	    name = strtok_r(NULL, ",", &save)) {
		k = cma_region_find(cma, name);
		if (k < 0)
			printf(" %s (no such region, skipped)", name);
		else if (cma_region_get(cma, k, &r) == 0 && r.reason)
			printf(" %s (unusable, skipped)", name);
		else
			printf(" %s", name);
	}
	putchar('\n');
}

static int
info_resolve_check(const char *what)
{
	char dev[CMA_MAX_PARAM_LEN], kind[CMA_MAX_PARAM_LEN];
	int has_kind;

	if (cli_split_devkind(what, dev, sizeof dev, kind, sizeof kind,
	    &has_kind) < 0) {
		cli_error("--resolve: '%.40s...' is longer than %d characters",
		    what, CMA_MAX_PARAM_LEN - 1);
		return CLI_EXIT_USAGE;
	}
	if (dev[0] == '\0') {
		cli_error("--resolve '%s': expected DEV or DEV/KIND", what);
		return CLI_EXIT_USAGE;
	}
	return CLI_EXIT_OK;
}

static int
info_resolve(struct cma *cma, const char *what)
{
	char dev[CMA_MAX_PARAM_LEN], kind[CMA_MAX_PARAM_LEN], s[32];
	struct cma_resolution res;
	struct cma_info ci;
	int has_kind, ret;

	if (info_resolve_check(what) != CLI_EXIT_OK)
		return CLI_EXIT_USAGE;
	cli_split_devkind(what, dev, sizeof dev, kind, sizeof kind, &has_kind);
	printf("\nresolve %s (device '%s', kind '%s')\n", what, dev, kind);
	ret = cma_resolve(cma, dev, kind, &res);
	if (ret == -ENOENT) {
		printf("  no rule matches: cma_alloc() fails with ENOENT\n");
		return CLI_EXIT_OK;
	}
	printf("  rule      %d, pattern %d: %s\n", res.rule + 1,
	    res.pattern + 1, res.rule_text);
	info_region_list(cma, res.regions);
	if (cma_info(cma, dev, kind, &ci) < 0)
		return CLI_EXIT_FAIL;
	if (ci.count == 0) {
		printf("  cma_info  count 0: no listed region exists, so "
		    "cma_alloc() fails with ENOMEM\n");
		return CLI_EXIT_OK;
	}
	printf("  cma_info  lower_bound %#llx upper_bound %#llx total_size %s "
	    "count %u\n", (unsigned long long)ci.lower_bound,
	    (unsigned long long)ci.upper_bound,
	    cli_size(ci.total_size, s, sizeof s), ci.count);
	return CLI_EXIT_OK;
}

/* ---- --json: the same sections as one object ---- */

static void
info_json_ranges(struct cli_json *j, const char *key,
    const struct cma_range *r, int n)
{
	int i;

	cli_json_array(j, key);
	for (i = 0; i < n; i++) {
		cli_json_object(j, NULL);
		cli_json_str(j, "name", r[i].name);
		cli_json_u64(j, "start", r[i].start);
		cli_json_u64(j, "size", r[i].size);
		cli_json_end(j);
	}
	cli_json_end(j);
}

static void
info_json_regions(struct cli_json *j, struct cma *cma)
{
	const struct cma_board *b = cma_board(cma);
	struct cma_region_info r;
	struct cma_dropped_info d;
	int i;

	cli_json_array(j, "regions");
	for (i = 0; i < cma_region_count(cma); i++) {
		cma_region_get(cma, i, &r);
		cli_json_object(j, NULL);
		cli_json_str(j, "name", r.name);
		cli_json_u64(j, "start", r.start);
		cli_json_u64(j, "size", r.size);
		cli_json_u64(j, "align", r.align);
		cli_json_str(j, "bank", b->banks[r.bank].name);
		cli_json_str(j, "allocator", r.allocator);
		cli_json_str(j, "params", r.allocator ? r.alloc_params : NULL);
		cli_json_str(j, "unusable", r.reason);
		cli_json_end(j);
	}
	cli_json_end(j);
	cli_json_array(j, "dropped");
	for (i = 0; i < cma_dropped_count(cma); i++) {
		cma_dropped_get(cma, i, &d);
		cli_json_object(j, NULL);
		cli_json_str(j, "name", d.name);
		cli_json_u64(j, "size", d.size);
		if (d.start)
			cli_json_u64(j, "start", d.start);
		else
			cli_json_null(j, "start");
		cli_json_u64(j, "align", d.align);
		cli_json_str(j, "reason", d.reason);
		cli_json_end(j);
	}
	cli_json_end(j);
}

static void
info_json_map(struct cli_json *j, struct cma *cma)
{
	char text[CMA_MAX_PARAM_LEN];
	struct cma_map m;
	int i;

	cma_get_map(cma, text, sizeof text);
	cli_json_str(j, "cma_map", text);
	cli_json_array(j, "rules");
	if (cma_map_parse(text, &m, NULL) == 0) {
		for (i = 0; i < m.nrules; i++)
			cli_json_str(j, NULL, m.rules[i].text);
		cma_map_free(&m);
	}
	cli_json_end(j);
}

static void
info_json_allocators(struct cli_json *j)
{
	const struct cma_allocator *a;
	int i;

	cli_json_array(j, "allocators");
	for (i = 0; (a = cma_allocator_get(i)) != NULL; i++) {
		cli_json_object(j, NULL);
		cli_json_str(j, "name", a->name);
		cli_json_str(j, "summary", a->summary);
		cli_json_bool(j, "default", i == 0);
		cli_json_end(j);
	}
	cli_json_end(j);
}

/* One --resolve (already checked by info_resolve_check). */
static int
info_json_resolve(struct cli_json *j, struct cma *cma, const char *what)
{
	char dev[CMA_MAX_PARAM_LEN], kind[CMA_MAX_PARAM_LEN];
	char copy[CMA_MAX_PARAM_LEN], *name, *save = NULL;
	struct cma_resolution res;
	struct cma_region_info r;
	struct cma_info ci;
	int has_kind, k, ret = CLI_EXIT_OK;

	cli_split_devkind(what, dev, sizeof dev, kind, sizeof kind, &has_kind);
	cli_json_object(j, NULL);
	cli_json_str(j, "query", what);
	cli_json_str(j, "device", dev);
	cli_json_str(j, "kind", kind);
	if (cma_resolve(cma, dev, kind, &res) == -ENOENT) {
		cli_json_null(j, "rule");
		cli_json_end(j);
		return CLI_EXIT_OK;
	}
	cli_json_i64(j, "rule", res.rule + 1);
	cli_json_i64(j, "pattern", res.pattern + 1);
	cli_json_str(j, "rule_text", res.rule_text);
	cli_json_array(j, "regions");
	snprintf(copy, sizeof copy, "%s", res.regions);
	for (name = strtok_r(copy, ",", &save); name != NULL;
	    name = strtok_r(NULL, ",", &save)) {
		k = cma_region_find(cma, name);
		cli_json_object(j, NULL);
		cli_json_str(j, "name", name);
		cli_json_str(j, "status", k < 0 ? "missing" :
		    cma_region_get(cma, k, &r) == 0 && r.reason ? "unusable" :
		    "ok");
		cli_json_end(j);
	}
	cli_json_end(j);
	if (cma_info(cma, dev, kind, &ci) < 0) {
		ret = CLI_EXIT_FAIL;
		cli_json_null(j, "cma_info");
	} else {
		cli_json_object(j, "cma_info");
		cli_json_u64(j, "count", ci.count);
		if (ci.count) {
			cli_json_u64(j, "lower_bound", ci.lower_bound);
			cli_json_u64(j, "upper_bound", ci.upper_bound);
			cli_json_u64(j, "total_size", ci.total_size);
		}
		cli_json_end(j);
	}
	cli_json_end(j);
	return ret;
}

static int
info_json(struct cma *cma, const struct cma_board *b, const char **resolve,
    int nresolve)
{
	struct cli_json j;
	int i, ret = CLI_EXIT_OK;

	cli_json_init(&j, stdout);
	cli_json_object(&j, NULL);
	cli_json_object(&j, "board");
	cli_json_str(&j, "name", b->name);
	info_json_ranges(&j, "banks", b->banks, b->nbanks);
	info_json_ranges(&j, "reserved", b->reserved, b->nreserved);
	cli_json_end(&j);
	cli_json_str(&j, "cma", cma_param_text(cma));
	info_json_regions(&j, cma);
	info_json_map(&j, cma);
	info_json_allocators(&j);
	cli_json_array(&j, "resolve");
	for (i = 0; i < nresolve; i++)
		if (info_json_resolve(&j, cma, resolve[i]) != CLI_EXIT_OK)
			ret = CLI_EXIT_FAIL;
	cli_json_end(&j);
	cli_json_end(&j);
	return ret;
}

int
cmd_info(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_CONFIG_OPTIONS,
		{ "resolve", required_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_config cfg = { 0 };
	const char *resolve[64];
	struct cma_board board;
	struct cma *cma;
	int opt, nresolve = 0, json = 0, ret, i;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:b:c:m:r:jh", longopts,
	    NULL)) != -1) {
		if (opt != 'w' && cli_config_option(&cfg, opt, optarg))
			continue;
		switch (opt) {
		case 'r':
			if (nresolve == 64)
				return cli_usage_error("info", "too many "
				    "--resolve options (at most 64)");
			resolve[nresolve++] = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			fputs(info_help, stdout);
			return CLI_EXIT_OK;
		default:
			return cli_bad_option("info", opt, argv, optind);
		}
	}
	if (optind < argc)
		return cli_usage_error("info", "unexpected argument '%s'",
		    argv[optind]);
	for (i = 0; i < nresolve; i++)
		if (info_resolve_check(resolve[i]) != CLI_EXIT_OK)
			return CLI_EXIT_USAGE;
	if ((ret = cli_open(&cfg, &board, &cma, NULL)) != CLI_EXIT_OK)
		return ret;
	if (json) {
		ret = info_json(cma, &board, resolve, nresolve);
		cma_destroy(cma);
		return ret;
	}
	info_board(&board);
	info_regions(cma);
	info_map(cma);
	info_allocators();
	for (i = 0; i < nresolve && ret == CLI_EXIT_OK; i++)
		ret = info_resolve(cma, resolve[i]);
	cma_destroy(cma);
	return ret;
}
