/*
 * Getting a device tree blob: a .dtb read as it is, or device tree source
 * compiled by the `dtc` program (device-tree-compiler) run as a child with
 * its output read from a pipe.  Source is recognised by a name ending in
 * .dts or by text starting with "/dts-v1/"; without dtc in PATH that is an
 * error saying so.  dtc's own first error line is passed on when it fails.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dt_int.h"

#define DT_FILE_MAX	(4u << 20)

extern char **environ;

struct dt_buf {
	char	*p;
	size_t	 len, cap;
};

static int
dt_buf_read(struct dt_buf *b, int fd)
{
	ssize_t n;

	for (;;) {
		if (b->cap - b->len < 4096) {
			char *q;

			if (b->cap >= DT_FILE_MAX)
				return -EFBIG;
			b->cap = b->cap ? b->cap * 2 : 16384;
			if ((q = realloc(b->p, b->cap)) == NULL)
				return -ENOMEM;
			b->p = q;
		}
		n = read(fd, b->p + b->len, b->cap - b->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return 0;
		b->len += (size_t)n;
	}
}

static int
dt_is_source(const char *path, const struct dt_buf *b)
{
	size_t n = strlen(path);

	return (n > 4 && strcmp(path + n - 4, ".dts") == 0) ||
	    (b->len >= 8 && memcmp(b->p, "/dts-v1/", 8) == 0);
}

/* The first line dtc wrote on stderr, trimmed, into msg. */
static void
dt_first_line(FILE *f, char *msg, size_t len)
{
	char *nl;

	msg[0] = '\0';
	rewind(f);
	if (fgets(msg, (int)len, f) == NULL)
		snprintf(msg, len, "no message");
	if ((nl = strchr(msg, '\n')) != NULL)
		*nl = '\0';
}

static int
dt_dtc_wait(pid_t pid, FILE *errf, const char *path, struct cma_err *err)
{
	char msg[160];
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			cma_err_set(err, "%s: waiting for dtc: %s", path,
			    strerror(errno));
			return -EIO;
		}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		cma_err_set(err, "%s: device tree source needs the dtc program "
		    "(Debian: device-tree-compiler), not found in PATH; or "
		    "give a .dtb", path);
		return -ENOENT;
	}
	dt_first_line(errf, msg, sizeof msg);
	cma_err_set(err, "%s: dtc failed: %s", path, msg);
	return -EINVAL;
}

/* Run dtc on path; the blob into *out. */
static int
dt_compile(const char *path, struct dt_buf *out, struct cma_err *err)
{
	char *argv[] = { "dtc", "-q", "-I", "dts", "-O", "dtb", (char *)path,
	    NULL };
	posix_spawn_file_actions_t fa;
	FILE *errf = tmpfile();
	int pfd[2], ret, wret;
	pid_t pid;

	if (errf == NULL || pipe(pfd) < 0) {
		cma_err_set(err, "%s: running dtc: %s", path, strerror(errno));
		if (errf)
			fclose(errf);
		return -EIO;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, fileno(errf), STDERR_FILENO);
	posix_spawn_file_actions_addclose(&fa, pfd[0]);
	posix_spawn_file_actions_addclose(&fa, pfd[1]);
	ret = posix_spawnp(&pid, "dtc", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pfd[1]);
	if (ret != 0) {
		close(pfd[0]);
		fclose(errf);
		if (ret == ENOENT) {
			cma_err_set(err, "%s: device tree source needs the dtc "
			    "program (Debian: device-tree-compiler), not found "
			    "in PATH; or give a .dtb", path);
			return -ENOENT;
		}
		cma_err_set(err, "%s: running dtc: %s", path, strerror(ret));
		return -ret;
	}
	ret = dt_buf_read(out, pfd[0]);
	close(pfd[0]);
	wret = dt_dtc_wait(pid, errf, path, err);
	fclose(errf);
	if (wret < 0)
		return wret;
	if (ret < 0)
		cma_err_set(err, "%s: reading dtc's output: %s", path,
		    strerror(-ret));
	return ret;
}

static int
dt_read_file(const char *path, struct dt_buf *b, struct cma_err *err)
{
	int fd = open(path, O_RDONLY), ret;

	if (fd < 0) {
		cma_err_set(err, "%s: %s", path, strerror(errno));
		return -errno;
	}
	ret = dt_buf_read(b, fd);
	close(fd);
	if (ret == -EFBIG)
		cma_err_set(err, "%s: larger than %u MiB: not a device tree",
		    path, DT_FILE_MAX >> 20);
	else if (ret < 0)
		cma_err_set(err, "%s: %s", path, strerror(-ret));
	return ret;
}

int
cma_dt_board_load(const char *path, int flags, struct cma_board *out,
    struct cma_err *err)
{
	struct dt_buf file = { 0 }, blob = { 0 };
	int ret;

	memset(out, 0, sizeof *out);
	if ((ret = dt_read_file(path, &file, err)) < 0)
		goto out;
	if (dt_is_source(path, &file)) {
		if ((ret = dt_compile(path, &blob, err)) < 0)
			goto out;
		ret = cma_dt_board_blob(blob.p, blob.len, path, flags, out,
		    err);
	} else
		ret = cma_dt_board_blob(file.p, file.len, path, flags, out,
		    err);
out:
	free(file.p);
	free(blob.p);
	return ret;
}
