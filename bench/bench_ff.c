/*
 * ff's search cost on a 256 MiB region (65,536 pages, 1,024 bitmap
 * words): the region is filled with 1-16 page chunks and every other one
 * freed, leaving small holes everywhere and one large hole at the top, so
 * each 24-page request (no small hole holds it) scans the whole bitmap
 * before it fits.  Prints words
 * read per allocation and nanoseconds per word; run it under callgrind
 * (bench/callgrind.sh does not apply: use
 *   valgrind --tool=callgrind build/bench/bench_ff --pairs N
 * for two N) to get instructions per word.  The baseline in the same run
 * is a plain loop reading the same number of words.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cma/allocator.h"
#include "cma_int.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int
main(int argc, char **argv)
{
	const struct cma_allocator *a = &cma_ff_allocator;
	uint64_t region = 256ull << 20, base = 0x40000000, w0, words;
	unsigned pairs = argc > 2 && strcmp(argv[1], "--pairs") == 0 ?
	    (unsigned)strtoul(argv[2], NULL, 0) : 20000, i, n = 0;
	static struct cma_extent chunks[65536];
	struct cma_extent e;
	volatile uint64_t sink = 0;
	uint64_t *scan;
	void *p, *cookie;
	double t0, t_alloc, t_scan;

	if (a->init(base, region, NULL, &p, NULL) < 0)
		return 1;
	for (i = 0; a->alloc(p, (1 + i % 16) * CMA_PAGE_SIZE, CMA_PAGE_SIZE,
	    &chunks[n], &cookie) == 0; i++)
		n++;
	for (i = 0; i + 8 < n; i += 2)
		a->free(p, &chunks[i], NULL);
	/* The top 8 chunks: the one hole 24 pages fit in, at the far end. */
	for (i = n - 8; i < n; i++)
		a->free(p, &chunks[i], NULL);
	w0 = cma_ff_words_scanned(p);
	t0 = now();
	for (i = 0; i < pairs; i++) {
		/* 24 pages: no single freed hole (at most 16) holds it. */
		if (a->alloc(p, 24 * CMA_PAGE_SIZE, CMA_PAGE_SIZE, &e,
		    &cookie) < 0) {
			fprintf(stderr, "bench_ff: no room at op %u\n", i);
			return 1;
		}
		a->free(p, &e, NULL);
	}
	t_alloc = now() - t0;
	words = cma_ff_words_scanned(p) - w0;
	scan = calloc(1024, sizeof *scan);
	t0 = now();
	for (i = 0; i < words; i++)
		sink += scan[i % 1024];
	t_scan = now() - t0;
	printf("ff, 256 MiB region, %u chunks live, %u alloc+free pairs\n",
	    n / 2, pairs);
	printf("words read per allocation   %.1f\n", (double)words / pairs);
	printf("ns per word (ff)            %.2f\n", t_alloc / (double)words);
	printf("ns per word (plain loop)    %.2f\n", t_scan / (double)words);
	printf("ff / plain loop             %.2f\n", t_alloc / t_scan);
	free(scan);
	a->cleanup(p);
	return (int)(sink & 0);
}
