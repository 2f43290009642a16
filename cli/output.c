/*
 * How the command talks to people: error lines ("cma: ..."), usage errors
 * with a pointer to --help, sizes in the units kernel developers read, and
 * splitting "dev/kind" the way the seed's tools did.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

void
cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("cma: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "cma %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (try 'cma %s --help')\n", cmd);
	return CLI_EXIT_USAGE;
}

int
cli_bad_option(const char *cmd, int opt, char **argv, int optind_now)
{
	const char *word = argv[optind_now - 1];

	if (opt == ':')
		return cli_usage_error(cmd, "option '%s' needs a value", word);
	if (optopt != 0)
		return cli_usage_error(cmd, "unknown option '-%c'", optopt);
	return cli_usage_error(cmd, "unknown option '%s'", word);
}

const char *
cli_size(uint64_t v, char *buf, size_t len)
{
	static const char *unit[] = { "bytes", "KiB", "MiB", "GiB", "TiB" };
	int u = 0;
	uint64_t x = v;

	while (u < 4 && x != 0 && x % 1024 == 0) {
		x /= 1024;
		u++;
	}
	if (u == 0 && v >= 1024 * 1024) {
		/* Byte sums (live bytes as requested): two decimals do. */
		snprintf(buf, len, "%.2f MiB", (double)v / (1024 * 1024));
		return buf;
	}
	if (u == 0 && v >= 1024) {
		snprintf(buf, len, "%.2f KiB", (double)v / 1024);
		return buf;
	}
	if (u == 0 && v != 0) {
		snprintf(buf, len, "%llu bytes", (unsigned long long)v);
		return buf;
	}
	/* A whole number of KiB that is an exact x.5 or x.25 MiB (or GiB)
	 * reads better in the larger unit; anything else stays exact. */
	if (u == 1 && x >= 1024 && (x * 100) % 1024 == 0) {
		snprintf(buf, len, "%.2f MiB", (double)x / 1024);
		return buf;
	}
	if (u == 2 && x >= 1024 && (x * 100) % 1024 == 0) {
		snprintf(buf, len, "%.2f GiB", (double)x / 1024);
		return buf;
	}
	snprintf(buf, len, "%llu %s", (unsigned long long)x, unit[u]);
	return buf;
}

const char *
cli_size_approx(uint64_t v, char *buf, size_t len)
{
	if (v >= 1024 * 1024 && v % (1024 * 1024) != 0) {
		snprintf(buf, len, "%.2f MiB", (double)v / (1024 * 1024));
		return buf;
	}
	return cli_size(v, buf, len);
}

int
cli_split_devkind(const char *s, char *dev, size_t devlen, char *kind,
    size_t kindlen, int *has_kind)
{
	const char *slash = strrchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);

	if (n >= devlen || (slash && strlen(slash + 1) >= kindlen))
		return -ENAMETOOLONG;
	memcpy(dev, s, n);
	dev[n] = '\0';
	snprintf(kind, kindlen, "%s", slash ? slash + 1 : "");
	*has_kind = slash != NULL;
	return 0;
}
