/*
 * Printing replay results: a table for people and JSON for scripts.  The
 * JSON carries every number the table does, with sizes in bytes.
 */
#include <inttypes.h>
#include <stdio.h>

#include "cli.h"

static void
report_scope_header(void)
{
	printf("%-6s %-8s %9s %6s %6s %8s %8s %9s %9s %9s %6s %6s\n", "", "NAME",
	    "SIZE", "REQS", "OK", "FAIL-CAP", "FAIL-FRG", "PEAK-LIVE",
	    "PEAK-USED", "MIN-MAXCH", "U@FAIL", "FI@FAIL");
}

static void
report_scope(const char *what, const struct replay_scope *s)
{
	char a[32], b[32], c[32], d[32], u[16] = "-", fi[16] = "-";

	if (s->nsamples) {
		snprintf(u, sizeof u, "%.3f", s->sum_unusable / s->nsamples);
		snprintf(fi, sizeof fi, "%.3f", s->sum_fragindex / s->nsamples);
	}
	printf("%-6s %-8s %9s %6" PRIu64 " %6" PRIu64 " %8" PRIu64 " %8" PRIu64
	    " %9s %9s %9s %6s %6s\n", what, s->name,
	    cli_size(s->size, a, sizeof a), s->requests, s->successes,
	    s->fail_capacity, s->fail_fragmentation,
	    cli_size_approx(s->peak_live, b, sizeof b),
	    cli_size_approx(s->peak_used, c, sizeof c),
	    cli_size_approx(s->min_largest_free, d, sizeof d), u, fi);
}

void
cli_report_replay(const struct replay_result *r, const char *trace_name)
{
	char s[32];
	int i;

	printf("replay of trace %" PRId64 " (%s) on %s, allocator %s\n",
	    r->trace, trace_name, r->board, r->allocator);
	printf("cma=%s\ncma_map=%s\n", r->cma, r->map);
	printf("events %" PRIu64 " in %.3f s (%.0f events/s)\n", r->events,
	    r->seconds, r->events_per_second);
	printf("requests %" PRIu64 ": %" PRIu64 " succeeded, %" PRIu64
	    " failed (%" PRIu64 " capacity, %" PRIu64 " fragmentation, %"
	    PRIu64 " other)\n", r->requests, r->successes,
	    replay_failures(r), r->fail_capacity, r->fail_fragmentation,
	    r->fail_other);
	printf("against the recording: %" PRIu64 " failed when recorded, %"
	    PRIu64 " outcome differences, %" PRIu64 " address differences",
	    r->recorded_failures, r->differences, r->address_differences);
	if (r->first_difference)
		printf(" (first at seq %" PRId64 ")", r->first_difference);
	putchar('\n');
	if (r->replay_only || r->orphans)
		printf("released at once (failed when recorded): %" PRIu64
		    "; frees of chunks this replay never got: %" PRIu64 "\n",
		    r->replay_only, r->orphans);
	printf("peak live %s\n\n", cli_size_approx(r->peak_live, s, sizeof s));
	report_scope_header();
	for (i = 0; i < r->nregions; i++)
		report_scope("region", &r->regions[i]);
	for (i = 0; i < r->nbanks; i++)
		if (r->banks[i].size)
			report_scope("bank", &r->banks[i]);
}

static void
report_scope_json(const struct replay_scope *s)
{
	printf("{\"name\":");
	cli_json_string(stdout, s->name);
	printf(",\"size\":%" PRIu64 ",\"requests\":%" PRIu64 ",\"successes\":%"
	    PRIu64 ",\"fail_capacity\":%" PRIu64 ",\"fail_fragmentation\":%"
	    PRIu64 ",\"peak_live\":%" PRIu64 ",\"peak_used\":%" PRIu64
	    ",\"min_largest_free\":%" PRIu64, s->size, s->requests,
	    s->successes, s->fail_capacity, s->fail_fragmentation, s->peak_live,
	    s->peak_used, s->min_largest_free);
	if (s->nsamples)
		printf(",\"mean_unusable\":%.6f,\"mean_fragindex\":%.6f}",
		    s->sum_unusable / s->nsamples,
		    s->sum_fragindex / s->nsamples);
	else
		printf(",\"mean_unusable\":null,\"mean_fragindex\":null}");
}

void
cli_report_replay_json(const struct replay_result *r, const char *trace_name)
{
	int i, first = 1;

	printf("{\"replay\":%" PRId64 ",\"trace\":%" PRId64 ",\"trace_name\":",
	    r->replay_id, r->trace);
	cli_json_string(stdout, trace_name);
	printf(",\"board\":");
	cli_json_string(stdout, r->board);
	printf(",\"cma\":");
	cli_json_string(stdout, r->cma);
	printf(",\"map\":");
	cli_json_string(stdout, r->map);
	printf(",\"allocator\":");
	cli_json_string(stdout, r->allocator);
	printf(",\"events\":%" PRIu64 ",\"seconds\":%.6f,\"events_per_second\":"
	    "%.0f,\"requests\":%" PRIu64 ",\"successes\":%" PRIu64
	    ",\"fail_capacity\":%" PRIu64 ",\"fail_fragmentation\":%" PRIu64
	    ",\"fail_other\":%" PRIu64 ",\"recorded_failures\":%" PRIu64
	    ",\"differences\":%" PRIu64 ",\"address_differences\":%" PRIu64
	    ",\"first_difference\":%" PRId64 ",\"replay_only\":%" PRIu64
	    ",\"orphans\":%" PRIu64 ",\"peak_live\":%" PRIu64 ",\"regions\":[",
	    r->events, r->seconds, r->events_per_second, r->requests,
	    r->successes, r->fail_capacity, r->fail_fragmentation,
	    r->fail_other, r->recorded_failures, r->differences,
	    r->address_differences, r->first_difference, r->replay_only,
	    r->orphans, r->peak_live);
	for (i = 0; i < r->nregions; i++) {
		if (i)
			putchar(',');
		report_scope_json(&r->regions[i]);
	}
	printf("],\"banks\":[");
	for (i = 0; i < r->nbanks; i++) {
		if (r->banks[i].size == 0)
			continue;
		if (!first)
			putchar(',');
		first = 0;
		report_scope_json(&r->banks[i]);
	}
	printf("]}\n");
}
