/*
 * A progress line on stderr for long imports, replays and sweeps, drawn
 * only when stderr is a terminal (so logs and pipes stay clean) and at
 * most a few times a second.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static double
progress_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
cli_progress_init(struct cli_progress *p, const char *what)
{
	memset(p, 0, sizeof *p);
	p->what = what;
	p->enabled = isatty(STDERR_FILENO);
}

void
cli_progress(void *arg, uint64_t done, uint64_t total)
{
	struct cli_progress *p = arg;
	double now;
	int width = 30, filled;

	if (!p->enabled)
		return;
	now = progress_now();
	if (now - p->last < 0.2 && done < total)
		return;
	p->last = now;
	p->drawn = 1;
	if (total == 0) {
		fprintf(stderr, "\r%s: %llu", p->what,
		    (unsigned long long)done);
		return;
	}
	filled = (int)((double)width * (double)done / (double)total);
	if (filled > width)
		filled = width;
	fprintf(stderr, "\r%s: [%.*s%*s] %3d%% %llu/%llu", p->what, filled,
	    "##############################", width - filled, "",
	    (int)(100.0 * (double)done / (double)total),
	    (unsigned long long)done, (unsigned long long)total);
}

void
cli_progress_done(struct cli_progress *p)
{
	if (p->enabled && p->drawn)
		fputs("\r\033[K", stderr);
}
