/*
 * `cma sweep`: the smallest carve-out that replays a trace with no failed
 * request, found by bisection over full replays.
 *
 * Per region (the default): start from the trace's sizes, doubled until
 * the replay is clean if it is not; then, region by region in cma= order,
 * bisect that region's size in pages with the others at their current
 * (already reduced) sizes.  The result is a configuration that is known to
 * replay cleanly, reached greedily: an order-dependent answer, but a real
 * one.  --uniform bisects one scale factor (in 1/1024 steps) applied to
 * every region instead.  Bisection assumes that a larger region never
 * fails where a smaller one succeeded, which holds for most traces but is
 * not guaranteed for every allocator; the final configuration is always
 * replayed once more and stored, so what is printed was seen to work.
 * --json prints the result as one JSON object instead of the table.
 *
 * The lower bound is the peak of live bytes: the ratio of the total found
 * to it is Johnstone and Wilson's "peak footprint / peak live" measure.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char sweep_help[] =
"usage: cma sweep --db FILE [OPTIONS]\n"
"\n"
"Find the smallest size of each region (or, with --uniform, the smallest\n"
"common scale factor) with which a trace replays without a failed request,\n"
"and compare it with the peak of live bytes, the lower bound.\n"
"\n"
"options:\n"
"  -d, --db FILE          the trace database\n"
"  -t, --trace ID         which trace; default the newest\n"
"  -a, --allocator NAME   run every region with this allocator\n"
CLI_CONFIG_HELP
"  -u, --uniform          one scale factor for all regions\n"
"  -j, --json             the result as one JSON object (sizes in bytes)\n"
"  -h, --help             this text\n";

#define SWEEP_MAX_DOUBLINGS 6

struct sweep {
	struct trace_store   *st;
	struct cma_board      board;
	struct cma_board      dt_board;	/* --board-dtb, read once */
	int		      keep_start[CMA_MAX_REGIONS];
	int64_t		      trace;
	struct replay_options ro;
	struct cma_param      spec;
	uint64_t	      size[CMA_MAX_REGIONS];	/* current sizes */
	char		      cma[CMA_MAX_PARAM_LEN * 2];
	struct replay_result *res;
	unsigned	      runs;
	struct cli_progress   pr;
};

static void
sweep_text(struct sweep *s, const uint64_t *size)
{
	size_t n = 0, len = sizeof s->cma;
	int i;

	s->cma[0] = '\0';
	for (i = 0; i < s->spec.count && n < len; i++) {
		const struct cma_region_spec *r = &s->spec.regions[i];

		n += (size_t)snprintf(s->cma + n, len - n, "%s%s=%#llx",
		    i ? ";" : "", r->name, (unsigned long long)size[i]);
		if (r->start && s->keep_start[i] && n < len)
			n += (size_t)snprintf(s->cma + n, len - n, "@%#llx",
			    (unsigned long long)r->start);
		if (n < len)
			n += (size_t)snprintf(s->cma + n, len - n, "/%#llx",
			    (unsigned long long)r->align);
		if (r->alloc_name && n < len)
			n += (size_t)snprintf(s->cma + n, len - n, ":%s",
			    r->alloc_name);
		if (r->alloc_params && n < len)
			n += (size_t)snprintf(s->cma + n, len - n, "(%s)",
			    r->alloc_params);
	}
}

/*
 * A region grown past what fits at its START (the end of its bank, the
 * next region) would be dropped and fail everything; such a region is
 * placed anywhere instead, which changes nothing for the allocator but
 * the alignment of its start.
 */
static void
sweep_fit(struct sweep *s, const uint64_t *size)
{
	struct cma_dropped_info d;
	struct cma *cma;
	int again = 1, i, k;

	while (again) {
		again = 0;
		sweep_text(s, size);
		if (cma_create(&s->board, s->cma, "", &cma, NULL) < 0)
			return;
		for (k = 0; k < cma_dropped_count(cma); k++) {
			cma_dropped_get(cma, k, &d);
			for (i = 0; i < s->spec.count; i++)
				if (s->keep_start[i] && strcmp(d.name,
				    s->spec.regions[i].name) == 0) {
					s->keep_start[i] = 0;
					again = 1;
				}
		}
		cma_destroy(cma);
	}
}

/* Failed requests when replaying with these sizes; <0 on error. */
static int64_t
sweep_run(struct sweep *s, const uint64_t *size, int save,
    struct cma_err *err)
{
	int ret;

	sweep_fit(s, size);
	if (strlen(s->cma) >= CMA_MAX_PARAM_LEN) {
		cma_err_set(err, "the swept cma= no longer fits in %d "
		    "characters", CMA_MAX_PARAM_LEN - 1);
		return -E2BIG;
	}
	s->ro.cma = s->cma;
	s->ro.save = save;
	s->runs++;
	cli_progress(&s->pr, s->runs, 0);
	ret = replay_run(s->st, s->trace, &s->ro, s->res, err);
	if (ret < 0)
		return ret;
	return (int64_t)replay_failures(s->res);
}

/* Double every size until the replay is clean. */
static int
sweep_upper(struct sweep *s, struct cma_err *err)
{
	int64_t f;
	int k, i;

	for (k = 0; k <= SWEEP_MAX_DOUBLINGS; k++) {
		if ((f = sweep_run(s, s->size, 0, err)) < 0)
			return (int)f;
		if (f == 0)
			return 0;
		for (i = 0; i < s->spec.count; i++)
			s->size[i] *= 2;
	}
	cma_err_set(err, "even at %d times its regions' sizes the trace "
	    "does not replay without failures (%" PRIu64 " remain); nothing "
	    "to sweep", 1 << SWEEP_MAX_DOUBLINGS, replay_failures(s->res));
	return -ERANGE;
}

static int
sweep_regions(struct sweep *s, struct cma_err *err)
{
	uint64_t lo, hi, mid;
	int64_t f;
	int i;

	for (i = 0; i < s->spec.count; i++) {
		lo = 1;
		hi = s->size[i] / CMA_PAGE_SIZE;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			s->size[i] = mid * CMA_PAGE_SIZE;
			if ((f = sweep_run(s, s->size, 0, err)) < 0)
				return (int)f;
			if (f == 0)
				hi = mid;
			else
				lo = mid + 1;
		}
		s->size[i] = hi * CMA_PAGE_SIZE;
	}
	return 0;
}

static int
sweep_uniform(struct sweep *s, const uint64_t *orig, uint64_t *scale,
    struct cma_err *err)
{
	uint64_t lo = 1, hi, mid, v;
	int64_t f;
	int i;

	/* sweep_upper left s->size at orig * 2^k: scale 1024 * 2^k. */
	hi = 1024 * (s->size[0] / orig[0]);
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		for (i = 0; i < s->spec.count; i++) {
			v = orig[i] / 1024 * mid + orig[i] % 1024 * mid / 1024;
			cma_round_up(v ? v : 1, CMA_PAGE_SIZE, &s->size[i]);
		}
		if ((f = sweep_run(s, s->size, 0, err)) < 0)
			return (int)f;
		if (f == 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	for (i = 0; i < s->spec.count; i++) {
		v = orig[i] / 1024 * hi + orig[i] % 1024 * hi / 1024;
		cma_round_up(v ? v : 1, CMA_PAGE_SIZE, &s->size[i]);
	}
	*scale = hi;
	return 0;
}

/* The peak of live bytes the final replay saw in region `name`. */
static uint64_t
sweep_peak(const struct replay_result *r, const char *name)
{
	int k;

	for (k = 0; k < r->nregions; k++)
		if (strcmp(r->regions[k].name, name) == 0)
			return r->regions[k].peak_live;
	return 0;
}

static void
sweep_report(struct sweep *s, const uint64_t *orig, int uniform,
    uint64_t scale)
{
	const struct replay_result *r = s->res;
	char a[32], b[32], c[32];
	uint64_t total = 0;
	int i;

	printf("sweep of trace %" PRId64 " with allocator %s: %u replays\n",
	    s->trace, r->allocator, s->runs);
	if (uniform)
		printf("scale factor %.4f\n", (double)scale / 1024);
	printf("%-8s %11s %11s %11s %8s\n", "REGION", "ORIGINAL", "MINIMAL",
	    "PEAK-LIVE", "MIN/PEAK");
	for (i = 0; i < s->spec.count; i++) {
		const char *name = s->spec.regions[i].name;
		uint64_t peak = sweep_peak(r, name);

		total += s->size[i];
		printf("%-8s %11s %11s %11s ", name,
		    cli_size(orig[i], a, sizeof a),
		    cli_size(s->size[i], b, sizeof b),
		    cli_size_approx(peak, c, sizeof c));
		if (peak)
			printf("%8.2f\n", (double)s->size[i] / (double)peak);
		else
			printf("%8s\n", "-");
	}
	printf("total    %11s %11s %11s", "", cli_size(total, a, sizeof a),
	    cli_size_approx(r->peak_live, b, sizeof b));
	if (r->peak_live)
		printf(" %8.2f", (double)total / (double)r->peak_live);
	printf("\nfootprint / peak live = %.2f (Johnstone & Wilson's measure "
	    "4)\ncma=%s\n", r->peak_live ? (double)total /
	    (double)r->peak_live : 0.0, r->cma);
	if (r->replay_id)
		printf("final replay saved as replay %" PRId64 "\n",
		    r->replay_id);
}

static void
sweep_report_json(struct sweep *s, const uint64_t *orig, int uniform,
    uint64_t scale)
{
	const struct replay_result *r = s->res;
	uint64_t total = 0, peak;
	struct cli_json j;
	int i;

	cli_json_init(&j, stdout);
	cli_json_object(&j, NULL);
	cli_json_i64(&j, "trace", s->trace);
	cli_json_str(&j, "allocator", r->allocator);
	cli_json_u64(&j, "replays", s->runs);
	cli_json_bool(&j, "uniform", uniform);
	if (uniform)
		cli_json_double(&j, "scale", (double)scale / 1024);
	cli_json_array(&j, "regions");
	for (i = 0; i < s->spec.count; i++) {
		peak = sweep_peak(r, s->spec.regions[i].name);
		total += s->size[i];
		cli_json_object(&j, NULL);
		cli_json_str(&j, "name", s->spec.regions[i].name);
		cli_json_u64(&j, "original", orig[i]);
		cli_json_u64(&j, "minimal", s->size[i]);
		cli_json_u64(&j, "peak_live", peak);
		if (peak)
			cli_json_double(&j, "ratio", (double)s->size[i] /
			    (double)peak);
		else
			cli_json_null(&j, "ratio");
		cli_json_end(&j);
	}
	cli_json_end(&j);
	cli_json_u64(&j, "total", total);
	cli_json_u64(&j, "peak_live", r->peak_live);
	if (r->peak_live)
		cli_json_double(&j, "ratio", (double)total /
		    (double)r->peak_live);
	else
		cli_json_null(&j, "ratio");
	cli_json_str(&j, "cma", r->cma);
	if (r->replay_id)
		cli_json_i64(&j, "replay", r->replay_id);
	else
		cli_json_null(&j, "replay");
	cli_json_end(&j);
}

static int
sweep_setup(struct sweep *s, const struct cli_config *cfg,
    struct cma_err *err)
{
	struct trace_info ti;
	int ret, i;

	if ((ret = trace_store_trace(s->st, s->trace, &ti, err)) < 0)
		return ret;
	ret = cma_param_parse(cfg->cma ? cfg->cma : ti.cma, &s->spec, err);
	if (ret < 0)
		cma_err_prefix(err, "cma=: ");
	else if (s->spec.count == 0) {
		cma_err_set(err, "trace %lld has no regions to sweep; give "
		    "--cma", (long long)s->trace);
		ret = -EINVAL;
	}
	for (i = 0; ret == 0 && i < s->spec.count; i++) {
		s->size[i] = s->spec.regions[i].size;
		s->keep_start[i] = 1;
	}
	if (ret == 0)
		ret = cfg->board_dtb ? (s->board = s->dt_board, 0) :
		    cfg->board ? cma_board_resolve(cfg->board, &s->board,
		    err) : cma_board_parse(ti.board_text, "trace board",
		    &s->board, err);
	trace_info_free(&ti);
	return ret;
}

int
cmd_sweep(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_CONFIG_OPTIONS,
		{ "db", required_argument, NULL, 'd' },
		{ "trace", required_argument, NULL, 't' },
		{ "allocator", required_argument, NULL, 'a' },
		{ "uniform", no_argument, NULL, 'u' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_config cfg = { 0 };
	struct sweep s = { 0 };
	const char *db = NULL, *trace_arg = NULL;
	uint64_t orig[CMA_MAX_REGIONS], scale = 1024;
	struct cma_err err = { "" };
	int opt, uniform = 0, json = 0, ret;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:b:c:m:d:t:a:ujh", longopts,
	    NULL)) != -1) {
		if (opt != 'w' && cli_config_option(&cfg, opt, optarg))
			continue;
		switch (opt) {
		case 'd':
			db = optarg;
			break;
		case 't':
			trace_arg = optarg;
			break;
		case 'a':
			s.ro.allocator = optarg;
			break;
		case 'u':
			uniform = 1;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			fputs(sweep_help, stdout);
			return CLI_EXIT_OK;
		default:
			return cli_bad_option("sweep", opt, argv, optind);
		}
	}
	if (optind < argc)
		return cli_usage_error("sweep", "unexpected argument '%s'",
		    argv[optind]);
	if (s.ro.allocator && cma_allocator_find(s.ro.allocator) == NULL)
		return cli_usage_error("sweep", "unknown allocator '%s'",
		    s.ro.allocator);
	if (cfg.cma_mainline)
		return cli_usage_error("sweep", "--cma-mainline is not taken "
		    "here: sweep varies the cma= regions, so give the area in "
		    "--cma");
	if ((ret = cli_open_db(db, 0, &s.st)) != CLI_EXIT_OK)
		return ret;
	if ((ret = cli_pick_trace(s.st, trace_arg, &s.trace)) != CLI_EXIT_OK)
		goto out;
	s.ro.board = cfg.board;
	s.ro.map = cfg.map;
	if (cfg.board_dtb != NULL &&
	    (ret = cli_board(&cfg, &s.dt_board)) != CLI_EXIT_OK)
		goto out;
	if (cfg.board_dtb != NULL) {
		s.ro.board = NULL;
		s.ro.board_def = &s.dt_board;
	}
	s.res = calloc(1, sizeof *s.res);
	cli_progress_init(&s.pr, "sweep (replays)");
	ret = sweep_setup(&s, &cfg, &err);
	if (ret == 0) {
		memcpy(orig, s.size, sizeof orig);
		ret = sweep_upper(&s, &err);
	}
	if (ret == 0)
		ret = uniform ? sweep_uniform(&s, orig, &scale, &err) :
		    sweep_regions(&s, &err);
	if (ret == 0 && (ret = (int)sweep_run(&s, s.size, 1, &err)) > 0) {
		cma_err_set(&err, "the final configuration failed %d requests "
		    "(the trace is not monotonic in region size)", ret);
		ret = -EDOM;
	}
	cli_progress_done(&s.pr);
	if (ret < 0) {
		cli_error("%s", err.msg);
		ret = CLI_EXIT_FAIL;
	} else {
		if (json)
			sweep_report_json(&s, orig, uniform, scale);
		else
			sweep_report(&s, orig, uniform, scale);
		ret = CLI_EXIT_OK;
	}
	cma_param_free(&s.spec);
	free(s.res);
out:
	trace_store_close(s.st);
	return ret;
}
