/*
 * bench_fs: the workbench filesystem against a bare FUSE filesystem and
 * tmpfs, in one run.
 *
 *	bench_fs [-n ITERATIONS] [-r REPEATS] [-s MIB] [-p WPID,BPID]
 *	    WORKBENCH BARE TMPFS
 *
 * Each argument is a directory to work in: for the workbench a device
 * directory (MOUNT/dev/DEVICE), for the others any directory.
 *
 * Metadata: ITERATIONS (default 20000) times open(O_CREAT|O_WRONLY|
 * O_TRUNC) + ftruncate(1 MiB) + close + unlink of one file, i.e. one
 * allocation and one free on the workbench.  Rates in operations (whole
 * iterations) per second; the ratio workbench/bare is the figure that
 * matters: what the allocator, the state file and the trace database add
 * to the same FUSE traffic.  Given the two daemons' process ids (-p), it
 * also prints the CPU time (user + system, from /proc) each daemon spent
 * per iteration, which a busy machine disturbs far less than the rates.
 *
 * Data: a file of MIB (default 64) MiB is sized with ftruncate first (an
 * allocation's size is fixed; the others get the same call), written with
 * pwrite in 1 MiB blocks ("write": the first touch of the file's memory,
 * so page faults are part of it), written again ("rewrite": the memory is
 * there), closed (no fsync: without a writeback cache every FUSE write
 * has reached the daemon when pwrite returns), then opened again and read
 * back with pread in 1 MiB blocks.  The reopen and a POSIX_FADV_DONTNEED
 * drop the FUSE page cache, so reads reach the daemon; on tmpfs the page
 * cache is the file, so its read is a copy out of memory.  Only the pwrite
 * and pread loops are timed.  Every block's first word is checked.  (The
 * workbench reuses the same chunk of its window every run, so after the
 * first run its "write" finds the memory there too.)
 *
 * Every measurement is repeated REPEATS times (default 3) with the
 * filesystems interleaved (W B T W B T ...), so machine noise hits all of
 * them; the median is reported, with the range.  A short untimed warm-up
 * runs first on each.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MIB		(1024u * 1024u)
#define NTARGETS	3
#define MAX_REPEATS	64

struct target {
	const char *name, *dir;
	int	    pid;	/* the daemon, 0: not watched */
	double	    meta[MAX_REPEATS], cpu[MAX_REPEATS];
	double	    wr[MAX_REPEATS], rewr[MAX_REPEATS], rd[MAX_REPEATS];
};

struct bench {
	long	      iterations;
	int	      repeats;
	unsigned      mib;
	char	     *block;
	struct target t[NTARGETS];
};

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
die(const char *what, const char *path)
{
	fprintf(stderr, "bench_fs: %s %s: %s\n", what, path, strerror(errno));
	exit(1);
}

/* User + system seconds of a process so far (0 when not watched). */
static double
cpu_s(int pid)
{
	unsigned long ut = 0, st = 0;
	char path[64];
	FILE *f;

	if (pid <= 0)
		return 0;
	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	if ((f = fopen(path, "r")) == NULL)
		die("open", path);
	/* After "pid (comm) ", field 14 and 15 are utime and stime; comm has
	 * no spaces here (cma, barefs). */
	if (fscanf(f, "%*d %*s %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u "
	    "%lu %lu", &ut, &st) != 2)
		die("parse", path);
	fclose(f);
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

static void
path_in(char *buf, size_t len, const struct target *t, const char *name)
{
	snprintf(buf, len, "%s/%s", t->dir, name);
}

/* ---- create + size + unlink ---- */

static void
meta_once(const char *path)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);

	if (fd < 0)
		die("open", path);
	if (ftruncate(fd, MIB) < 0)
		die("ftruncate", path);
	if (close(fd) < 0)
		die("close", path);
	if (unlink(path) < 0)
		die("unlink", path);
}

/* Iterations per second; the daemon's CPU microseconds per iteration
 * in *cpu_us. */
static double
meta_run(const struct target *t, long iterations, double *cpu_us)
{
	char path[4096];
	double t0, t1, c0;
	long i;

	path_in(path, sizeof path, t, "bench-meta");
	c0 = cpu_s(t->pid);
	t0 = now_s();
	for (i = 0; i < iterations; i++)
		meta_once(path);
	t1 = now_s();
	*cpu_us = (cpu_s(t->pid) - c0) * 1e6 / (double)iterations;
	return (double)iterations / (t1 - t0);
}

/* ---- sequential data ---- */

static void
data_stamp(char *block, uint64_t word)
{
	memcpy(block, &word, sizeof word);
}

/* MiB/s of one pass of pwrite over the whole file. */
static double
data_pass(struct bench *b, int fd, const char *path, uint64_t tag)
{
	double t0;
	unsigned i;

	t0 = now_s();
	for (i = 0; i < b->mib; i++) {
		data_stamp(b->block, tag + i);
		if (pwrite(fd, b->block, MIB, (off_t)i * MIB) != (ssize_t)MIB)
			die("pwrite", path);
	}
	return b->mib / (now_s() - t0);
}

/* Sizes the file, writes it twice: the rates in *wr and *rewr. */
static void
data_write(struct bench *b, const char *path, uint64_t tag, double *wr,
    double *rewr)
{
	int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);

	if (fd < 0)
		die("open", path);
	if (ftruncate(fd, (off_t)b->mib * MIB) < 0)
		die("ftruncate", path);
	*wr = data_pass(b, fd, path, tag);
	*rewr = data_pass(b, fd, path, tag);
	if (close(fd) < 0)
		die("close", path);
}

/* MiB/s of the pread loop from a fresh open with the cache dropped. */
static double
data_read(struct bench *b, const char *path, uint64_t tag)
{
	double t0, t1;
	uint64_t word;
	unsigned i, bad = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		die("open", path);
	(void)posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	t0 = now_s();
	for (i = 0; i < b->mib; i++) {
		if (pread(fd, b->block, MIB, (off_t)i * MIB) != (ssize_t)MIB)
			die("pread", path);
		memcpy(&word, b->block, sizeof word);
		bad += word != tag + i;
	}
	t1 = now_s();
	close(fd);
	if (bad) {
		fprintf(stderr, "bench_fs: %s: %u blocks read back wrong\n",
		    path, bad);
		exit(1);
	}
	return b->mib / (t1 - t0);
}

static void
data_run(struct bench *b, struct target *t, int rep)
{
	char path[4096];
	uint64_t tag = ((uint64_t)rep + 1) << 32;

	path_in(path, sizeof path, t, "bench-data");
	data_write(b, path, tag, &t->wr[rep], &t->rewr[rep]);
	t->rd[rep] = data_read(b, path, tag);
	if (unlink(path) < 0)
		die("unlink", path);
}

/* ---- figures ---- */

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

struct spread {
	double median, min, max;
};

static struct spread
spread_of(const double *v, int n)
{
	double s[MAX_REPEATS];
	struct spread r;

	memcpy(s, v, (size_t)n * sizeof *s);
	qsort(s, (size_t)n, sizeof *s, cmp_double);
	r.median = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	r.min = s[0];
	r.max = s[n - 1];
	return r;
}

static void
print_line(const char *name, const char *unit, const double *v, int n)
{
	struct spread s = spread_of(v, n);

	printf("  %-10s %9.0f %s   (%.0f .. %.0f)\n", name, s.median, unit,
	    s.min, s.max);
}

static void
print_ratio(const char *what, const double *a, const double *b, int n,
    const char *goal)
{
	printf("  %-26s %.3f%s\n", what, spread_of(a, n).median /
	    spread_of(b, n).median, goal);
}

static void
report(const struct bench *b)
{
	const struct target *w = &b->t[0], *bare = &b->t[1], *tmp = &b->t[2];
	int i, n = b->repeats;

	printf("create + ftruncate(1 MiB) + close + unlink, %ld per run, "
	    "median of %d runs (range)\n", b->iterations, n);
	for (i = 0; i < NTARGETS; i++)
		print_line(b->t[i].name, "ops/s", b->t[i].meta, n);
	print_ratio("workbench / bare FUSE", w->meta, bare->meta, n,
	    "   (goal >= 0.9)");
	if (w->pid > 0 && bare->pid > 0) {
		printf(" daemon CPU per iteration (user + system)\n");
		print_line(w->name, "us   ", w->cpu, n);
		print_line(bare->name, "us   ", bare->cpu, n);
	}
	printf("\nsequential 1 MiB blocks, a %u MiB file, median of %d runs "
	    "(range)\n", b->mib, n);
	printf(" write\n");
	for (i = 0; i < NTARGETS; i++)
		print_line(b->t[i].name, "MiB/s", b->t[i].wr, n);
	printf(" rewrite\n");
	for (i = 0; i < NTARGETS; i++)
		print_line(b->t[i].name, "MiB/s", b->t[i].rewr, n);
	printf(" read\n");
	for (i = 0; i < NTARGETS; i++)
		print_line(b->t[i].name, "MiB/s", b->t[i].rd, n);
	print_ratio("write   workbench / bare", w->wr, bare->wr, n,
	    "   (goal >= 0.8)");
	print_ratio("rewrite workbench / bare", w->rewr, bare->rewr, n,
	    "   (goal >= 0.8)");
	print_ratio("read    workbench / bare", w->rd, bare->rd, n,
	    "   (goal >= 0.8)");
	print_ratio("write   workbench / tmpfs", w->wr, tmp->wr, n, "");
	print_ratio("rewrite workbench / tmpfs", w->rewr, tmp->rewr, n, "");
	print_ratio("read    workbench / tmpfs", w->rd, tmp->rd, n, "");
}

/* ---- the run ---- */

static void
run(struct bench *b)
{
	long warm = b->iterations / 20 + 1;
	double ignored;
	int rep, i;

	for (i = 0; i < NTARGETS; i++)
		(void)meta_run(&b->t[i], warm, &ignored);
	for (rep = 0; rep < b->repeats; rep++)
		for (i = 0; i < NTARGETS; i++)
			b->t[i].meta[rep] = meta_run(&b->t[i], b->iterations,
			    &b->t[i].cpu[rep]);
	for (rep = 0; rep < b->repeats; rep++)
		for (i = 0; i < NTARGETS; i++)
			data_run(b, &b->t[i], rep);
}

static void
usage(void)
{
	fprintf(stderr, "usage: bench_fs [-n ITERATIONS] [-r REPEATS] "
	    "[-s MIB] [-p WORKBENCH_PID,BARE_PID]\n"
	    "    WORKBENCH_DIR BARE_DIR TMPFS_DIR\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	static const char *names[NTARGETS] = {
		"workbench", "bare FUSE", "tmpfs"
	};
	struct bench b = { .iterations = 20000, .repeats = 3, .mib = 64 };
	int c, i;

	while ((c = getopt(argc, argv, "n:r:s:p:")) != -1) {
		switch (c) {
		case 'p':
			if (sscanf(optarg, "%d,%d", &b.t[0].pid,
			    &b.t[1].pid) != 2)
				usage();
			break;
		case 'n': b.iterations = atol(optarg); break;
		case 'r': b.repeats = atoi(optarg); break;
		case 's': b.mib = (unsigned)atoi(optarg); break;
		default: usage();
		}
	}
	if (argc - optind != NTARGETS || b.iterations < 1 || b.repeats < 1 ||
	    b.repeats > MAX_REPEATS || b.mib < 1)
		usage();
	for (i = 0; i < NTARGETS; i++) {
		b.t[i].name = names[i];
		b.t[i].dir = argv[optind + i];
	}
	if ((b.block = malloc(MIB)) == NULL)
		die("malloc", "");
	memset(b.block, 0xa5, MIB);
	run(&b);
	report(&b);
	free(b.block);
	return 0;
}
