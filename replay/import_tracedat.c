/*
 * Importing a trace.dat, trace-cmd's binary capture, by running
 * `trace-cmd report -i FILE` and reading what it prints as ftrace text
 * (import_ftrace.c reads that layout too).  trace-cmd is found in PATH;
 * without it, or when it fails, the error says so and quotes its first
 * line on stderr.  trace-cmd accepts some damaged files without a word and
 * prints nothing: a report without even its "cpus=" header is an error
 * here, so a truncated trace.dat never imports as an empty trace.
 *
 * The child writes into a pipe that the importer reads a line at a time;
 * its stderr goes to a temporary file, read only on failure.  If the
 * import stops early, closing the pipe ends the child (SIGPIPE).
 */
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "import_int.h"

extern char **environ;

struct tracedat_child {
	pid_t pid;
	FILE *out;	/* its stdout */
	FILE *errf;	/* its stderr */
};

static int
tracedat_spawn(const char *path, struct tracedat_child *c,
    struct cma_err *err)
{
	char *argv[] = { "trace-cmd", "report", "-i", (char *)path, NULL };
	posix_spawn_file_actions_t fa;
	int pfd[2], ret;

	if ((c->errf = tmpfile()) == NULL || pipe(pfd) < 0) {
		ret = errno;
		if (c->errf)
			fclose(c->errf);
		cma_err_set(err, "%s: running trace-cmd: %s", path,
		    strerror(ret));
		return -ret;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, fileno(c->errf), STDERR_FILENO);
	posix_spawn_file_actions_addclose(&fa, pfd[0]);
	posix_spawn_file_actions_addclose(&fa, pfd[1]);
	ret = posix_spawnp(&c->pid, "trace-cmd", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pfd[1]);
	if (ret == 0 && (c->out = fdopen(pfd[0], "r")) != NULL)
		return 0;
	close(pfd[0]);
	fclose(c->errf);
	if (ret == ENOENT)
		cma_err_set(err, "%s: reading a trace.dat needs the trace-cmd "
		    "program, not found in PATH (install trace-cmd, or import "
		    "the text of 'trace-cmd report')", path);
	else
		cma_err_set(err, "%s: running trace-cmd: %s", path,
		    strerror(ret ? ret : errno));
	return -EIO;
}

/* Wait for the child: 0 if it exited 0, else -EIO with its reason. */
static int
tracedat_wait(const char *path, struct tracedat_child *c, struct cma_err *err)
{
	char msg[160] = "", *nl;
	int status;

	while (waitpid(c->pid, &status, 0) < 0)
		if (errno != EINTR) {
			cma_err_set(err, "%s: waiting for trace-cmd: %s", path,
			    strerror(errno));
			return -EIO;
		}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		cma_err_set(err, "%s: reading a trace.dat needs the trace-cmd "
		    "program, not found in PATH (install trace-cmd, or import "
		    "the text of 'trace-cmd report')", path);
		return -EIO;
	}
	rewind(c->errf);
	while (fgets(msg, sizeof msg, c->errf) != NULL &&
	    strspn(msg, " \t\n") == strlen(msg))
		;
	if ((nl = strchr(msg, '\n')) != NULL)
		*nl = '\0';
	cma_err_set(err, "%s: trace-cmd report failed (%s %d)%s%s", path,
	    WIFEXITED(status) ? "exit" : "signal", WIFEXITED(status) ?
	    WEXITSTATUS(status) : WTERMSIG(status), msg[0] ? ": " : "",
	    msg + strspn(msg, " \t"));
	return -EIO;
}

int
import_tracedat(FILE *in, const char *path, const struct import_sink *sink,
    struct import_result *res, struct cma_err *err)
{
	struct import_result local;
	struct tracedat_child c = { 0 };
	struct cma_err werr = { "" };
	char origin[512];
	int ret, wret;

	(void)in;
	if (res == NULL)
		res = &local;
	memset(res, 0, sizeof *res);
	if (path == NULL || strcmp(path, "-") == 0) {
		cma_err_set(err, "-: a trace.dat cannot come from standard "
		    "input: give its file name");
		return -EINVAL;
	}
	if ((ret = tracedat_spawn(path, &c, err)) < 0)
		return ret;
	snprintf(origin, sizeof origin, "%s (trace-cmd report)", path);
	ret = import_ftrace(c.out, origin, sink, res, err);
	fclose(c.out);
	wret = tracedat_wait(path, &c, &werr);
	fclose(c.errf);
	if (wret < 0) {
		/* trace-cmd's failure is the cause of anything the import
		 * made of its output */
		if (err)
			*err = werr;
		return wret;
	}
	if (ret < 0)
		return ret;
	if (res->lines == 0) {
		cma_err_set(err, "%s: trace-cmd report printed nothing: a "
		    "truncated or damaged trace.dat?", path);
		return -EINVAL;
	}
	return 0;
}
