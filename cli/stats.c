/*
 * The fragmentation table: per region and per bank, the figures of
 * include/cma/metrics.h for one request size.  Shared by every subcommand
 * that ends with a summary (today `cma test --stats`).
 */
#include <stdio.h>

#include "cli.h"
#include "cma/metrics.h"

static void
stats_row(const char *what, const char *name, const struct cma_metrics *m)
{
	char t[32], u[32], f[32], l[32], fi[16];

	if (m->fragindex < 0)
		snprintf(fi, sizeof fi, "%s", "fits");
	else
		snprintf(fi, sizeof fi, "%.3f", m->fragindex);
	printf("%-6s %-8s %9s %9s %9s %5llu %9s %6u  %.3f  %s\n", what, name,
	    cli_size(m->total, t, sizeof t), cli_size_approx(m->used, u, sizeof u),
	    cli_size_approx(m->free, f, sizeof f), (unsigned long long)m->holes,
	    cli_size_approx(m->largest_free, l, sizeof l), m->chunks, m->unusable,
	    fi);
}

void
cli_print_stats(struct cma *cma, uint64_t s)
{
	const struct cma_board *b = cma_board(cma);
	struct cma_region_info r;
	struct cma_metrics m;
	char sz[32];
	int i;

	if (cma_round_up(s, CMA_PAGE_SIZE, &s) < 0)
		s = UINT64_MAX & ~(uint64_t)(CMA_PAGE_SIZE - 1);
	printf("\nfragmentation for a %s request (U = unusable free index, "
	    "FI = fragmentation index)\n", cli_size(s, sz, sizeof sz));
	printf("%-6s %-8s %9s %9s %9s %5s %9s %6s  %-5s  %s\n", "", "NAME",
	    "TOTAL", "USED", "FREE", "HOLES", "MAXCHUNK", "CHUNKS", "U",
	    "FI");
	for (i = 0; i < cma_region_count(cma); i++) {
		cma_region_get(cma, i, &r);
		if (cma_metrics_region(cma, i, s, &m) == 0)
			stats_row("region", r.name, &m);
		else
			printf("%-6s %-8s unusable: %s\n", "region", r.name,
			    r.reason);
	}
	for (i = 0; i < b->nbanks; i++)
		if (cma_metrics_bank(cma, i, s, &m) == 0 && m.total > 0)
			stats_row("bank", b->banks[i].name, &m);
}
