/*
 * Steady-state allocator benchmark.
 *
 * Fills a region with LIVE chunks of 1-16 pages (one in eight asks for
 * 64 KiB alignment), then times PAIRS operations of "free a random live
 * chunk, allocate a new random one", and prints nanoseconds per pair for
 * each allocator next to a baseline measured in the same run on the same
 * sequence: glibc malloc+free of the same sizes.  The region is sized so
 * the workload fits at ~50% occupancy; failures are counted, not hidden.
 *
 * Wall-clock figures on a shared 2-core machine are noisy; for repeatable
 * numbers run bench/callgrind.sh, which counts instructions per pair.
 *
 *	bench_alloc [--live N] [--pairs M] [--allocator NAME] [--seed S]
 *	    [--align-every N]	(one request in N asks for 64 KiB; 0: none)
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cma/allocator.h"
#include "cma/param.h"

struct bench_op {
	uint32_t victim;	/* index into the live table to free */
	uint64_t size;
	uint64_t align;
};

struct bench_live {
	struct cma_extent ext;
	void		 *cookie;
	void		 *mem;		/* baseline */
};

static uint64_t bench_rng;
static unsigned bench_align_every = 8;	/* one request in N is 64K-aligned */

static uint64_t
bench_rand(void)
{
	/* xorshift64*: fixed sequence for a given seed. */
	bench_rng ^= bench_rng >> 12;
	bench_rng ^= bench_rng << 25;
	bench_rng ^= bench_rng >> 27;
	return bench_rng * 2685821657736338717ull;
}

static void
bench_request(uint64_t *size, uint64_t *align)
{
	*size = (1 + bench_rand() % 16) * CMA_PAGE_SIZE;
	*align = bench_align_every && bench_rand() % bench_align_every == 0 ?
	    64 * 1024 : CMA_PAGE_SIZE;
}

static double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int
bench_allocator(const struct cma_allocator *a, unsigned live,
    const struct bench_live *init_sizes, const struct bench_op *ops,
    unsigned pairs, double *ns_per_pair, unsigned *fails)
{
	uint64_t region = (uint64_t)live * 17 * CMA_PAGE_SIZE;
	uint64_t base = 0x40000000ull;
	struct bench_live *tab = calloc(live, sizeof *tab);
	struct cma_err err;
	void *priv;
	double t0;
	unsigned i;

	if (tab == NULL || a->init(base, region, NULL, &priv, &err) < 0) {
		fprintf(stderr, "bench: %s: init failed\n", a->name);
		free(tab);
		return -1;
	}
	*fails = 0;
	for (i = 0; i < live; i++)
		if (a->alloc(priv, init_sizes[i].ext.size, CMA_PAGE_SIZE,
		    &tab[i].ext, &tab[i].cookie) < 0)
			tab[i].ext.size = 0, (*fails)++;
	t0 = bench_now();
	for (i = 0; i < pairs; i++) {
		struct bench_live *v = &tab[ops[i].victim];

		if (v->ext.size)
			a->free(priv, &v->ext, v->cookie);
		if (a->alloc(priv, ops[i].size, ops[i].align, &v->ext,
		    &v->cookie) < 0) {
			v->ext.size = 0;
			(*fails)++;
		}
	}
	*ns_per_pair = (bench_now() - t0) / pairs;
	for (i = 0; i < live; i++)
		if (tab[i].ext.size)
			a->free(priv, &tab[i].ext, tab[i].cookie);
	a->cleanup(priv);
	free(tab);
	return 0;
}

static double
bench_baseline(unsigned live, const struct bench_live *init_sizes,
    const struct bench_op *ops, unsigned pairs)
{
	void **tab = calloc(live, sizeof *tab);
	double t0, ns;
	unsigned i;

	for (i = 0; i < live; i++)
		tab[i] = malloc(init_sizes[i].ext.size);
	t0 = bench_now();
	for (i = 0; i < pairs; i++) {
		free(tab[ops[i].victim]);
		tab[ops[i].victim] = malloc(ops[i].size);
		/* Touch nothing: only the bookkeeping is compared. */
	}
	ns = (bench_now() - t0) / pairs;
	for (i = 0; i < live; i++)
		free(tab[i]);
	free(tab);
	return ns;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "live", required_argument, NULL, 'l' },
		{ "pairs", required_argument, NULL, 'p' },
		{ "allocator", required_argument, NULL, 'a' },
		{ "seed", required_argument, NULL, 's' },
		{ "baseline-only", no_argument, NULL, 'B' },
		{ "align-every", required_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	unsigned live = 1000, pairs = 200000, i, fails;
	const char *only = NULL;
	int opt, baseline_only = 0;
	struct bench_live *init_sizes;
	struct bench_op *ops;
	const struct cma_allocator *a;
	double base_ns, ns;
	uint64_t align;

	bench_rng = 0x9e3779b97f4a7c15ull;
	while ((opt = getopt_long(argc, argv, "l:p:a:s:A:Bh", longopts,
	    NULL)) != -1) {
		switch (opt) {
		case 'l':
			live = (unsigned)strtoul(optarg, NULL, 0);
			break;
		case 'p':
			pairs = (unsigned)strtoul(optarg, NULL, 0);
			break;
		case 'a':
			only = optarg;
			break;
		case 's':
			bench_rng = strtoull(optarg, NULL, 0) | 1;
			break;
		case 'B':
			baseline_only = 1;
			break;
		case 'A':
			bench_align_every = (unsigned)strtoul(optarg, NULL, 0);
			break;
		case 'h':
			printf("usage: bench_alloc [--live N] [--pairs M] "
			    "[--allocator NAME] [--seed S] [--align-every N] "
			    "[--baseline-only]\n");
			return 0;
		default:
			return 2;
		}
	}
	if (live == 0 || pairs == 0) {
		fprintf(stderr, "bench: --live and --pairs must be > 0\n");
		return 2;
	}
	init_sizes = calloc(live, sizeof *init_sizes);
	ops = calloc(pairs, sizeof *ops);
	if (init_sizes == NULL || ops == NULL)
		return 1;
	for (i = 0; i < live; i++)
		bench_request(&init_sizes[i].ext.size, &align);
	for (i = 0; i < pairs; i++) {
		ops[i].victim = (uint32_t)(bench_rand() % live);
		bench_request(&ops[i].size, &ops[i].align);
	}
	base_ns = bench_baseline(live, init_sizes, ops, pairs);
	printf("live %u, pairs %u, 64K-aligned requests: %s%u\n", live, pairs,
	    bench_align_every ? "1 in " : "", bench_align_every);
	printf("%-10s %12s %10s %8s\n", "allocator", "ns/pair", "x malloc",
	    "fails");
	printf("%-10s %12.1f %10.2f %8s\n", "malloc", base_ns, 1.0, "-");
	for (i = 0; !baseline_only && (a = cma_allocator_get((int)i)) != NULL;
	    i++) {
		if (only && strcmp(only, a->name) != 0)
			continue;
		if (bench_allocator(a, live, init_sizes, ops, pairs, &ns,
		    &fails) < 0)
			return 1;
		printf("%-10s %12.1f %10.2f %8u\n", a->name, ns, ns / base_ns,
		    fails);
	}
	free(init_sizes);
	free(ops);
	return 0;
}
