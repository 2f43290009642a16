/*
 * `cma mount`: from options to a served tree, and `cma umount`.
 *
 * Everything that can fail for a reason the user should hear (a bad
 * configuration, a window made for another layout, a database that is not
 * the one this window was recorded into, a restore that does not add up)
 * happens before the mount, in the process that will serve it, while the
 * command still waits on a pipe for "ready" or a message: so `cma mount`
 * exits 0 only once the tree is there, and a message otherwise.  The
 * daemon opens the database itself (SQLite's locks do not survive a fork).
 *
 * A first mount records a new trace and writes the layout into the state
 * file; later mounts must agree with it (or say nothing and inherit it),
 * and go on appending to the same trace.
 */
/* 3.12: fuse_loop_mt() takes the fuse_loop_cfg_*() object.  Under an
 * older FUSE_USE_VERSION the same call is fuse_loop_mt_32(), which reads
 * that object as the old two-field struct: clone_fd on, no idle thread
 * kept, so a thread (and a /dev/fuse clone) per request, and the thread
 * cap ignored.  Nothing else this file uses differs between the two. */
#define FUSE_USE_VERSION 312
#include <errno.h>
#include <fcntl.h>
#include <fuse.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fs.h"
#include "xmalloc.h"

/* ---- paths ---- */

static int
mount_mkdirs(const char *dir)
{
	char buf[PATH_MAX], *p;

	snprintf(buf, sizeof buf, "%s", dir);
	for (p = buf + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(buf, 0700) < 0 && errno != EEXIST)
				return -errno;
			*p = '/';
		}
	return mkdir(buf, 0700) < 0 && errno != EEXIST ? -errno : 0;
}

/* ${XDG_STATE_HOME:-$HOME/.local/state}/cma */
static char *
mount_default_dir(void)
{
	const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char buf[PATH_MAX];

	if (xdg && *xdg == '/')
		snprintf(buf, sizeof buf, "%s/cma", xdg);
	else
		snprintf(buf, sizeof buf, "%s/.local/state/cma",
		    home && *home ? home : "/tmp");
	return xstrdup(buf);
}

/* An absolute path (the daemon runs in /), the file need not exist. */
static char *
mount_absolute(const char *path)
{
	char buf[PATH_MAX], cwd[PATH_MAX];

	if (path[0] == '/')
		return xstrdup(path);
	if (getcwd(cwd, sizeof cwd) == NULL)
		return xstrdup(path);
	snprintf(buf, sizeof buf, "%s/%s", cwd, path);
	return xstrdup(buf);
}

static int
mount_paths(struct fs *fs, const struct fs_config *cfg, struct cma_err *err)
{
	char *dir = NULL, buf[PATH_MAX];
	int ret;

	if (cfg->window == NULL || cfg->db == NULL) {
		dir = mount_default_dir();
		if ((ret = mount_mkdirs(dir)) < 0) {
			cma_err_set(err, "%s: %s", dir, strerror(-ret));
			free(dir);
			return ret;
		}
	}
	if (cfg->window)
		fs->window_path = mount_absolute(cfg->window);
	else {
		snprintf(buf, sizeof buf, "%s/cma.window", dir);
		fs->window_path = xstrdup(buf);
	}
	if (cfg->db)
		fs->db_path = mount_absolute(cfg->db);
	else {
		snprintf(buf, sizeof buf, "%s/trace.db", dir);
		fs->db_path = xstrdup(buf);
	}
	if (cfg->state)
		fs->state_path = mount_absolute(cfg->state);
	else {
		snprintf(buf, sizeof buf, "%s.fs", fs->window_path);
		fs->state_path = xstrdup(buf);
	}
	free(dir);
	return 0;
}

/* ---- the configuration: given, or inherited from the state file ---- */

static int
mount_board(struct fs *fs, const struct fs_config *cfg, struct cma_err *err)
{
	struct fs_state_header *h = fs->state.hdr;
	char text[sizeof h->board_text];

	if (fs->state.fresh) {
		if (cfg->board) {
			fs->board = *cfg->board;
			return 0;
		}
		if (cma_board_resolve(CMA_BOARD_DEFAULT, &fs->board, err) < 0)
			return -EINVAL;
		return 0;
	}
	if (cma_board_parse(h->board_text, fs->state_path, &fs->board,
	    err) < 0)
		return -EINVAL;
	if (cfg->board) {
		cma_board_format(cfg->board, text, sizeof text);
		if (strcmp(text, h->board_text) != 0) {
			cma_err_set(err, "%s: made for board %s, not %s; "
			    "mount it without --board or use another --window",
			    fs->window_path, fs->board.name, cfg->board->name);
			return -EINVAL;
		}
	}
	return 0;
}

static int
mount_framework(struct fs *fs, const struct fs_config *cfg,
    struct cma_err *err)
{
	struct fs_state_header *h = fs->state.hdr;
	const char *param = cfg->cma, *map = cfg->map;

	if (!fs->state.fresh) {
		if (cfg->cma && strcmp(cfg->cma, h->param) != 0) {
			cma_err_set(err, "%s: made for cma=%s; mount it "
			    "without --cma or use another --window",
			    fs->window_path, h->param);
			return -EINVAL;
		}
		param = h->param;
		if (map == NULL)
			map = fs_state_map(&fs->state);
	}
	if (cma_create(&fs->board, param, map, &fs->cma, err) < 0)
		return -EINVAL;
	return 0;
}

static void
mount_record_layout(struct fs *fs)
{
	struct fs_state_header *h = fs->state.hdr;
	char map[CMA_MAX_PARAM_LEN];

	cma_board_format(&fs->board, h->board_text, sizeof h->board_text);
	snprintf(h->param, sizeof h->param, "%s", cma_param_text(fs->cma));
	snprintf(h->db, sizeof h->db, "%s", fs->db_path);
	cma_get_map(fs->cma, map, sizeof map);
	fs_state_set_map(&fs->state, map);
}

static int
mount_store(struct fs *fs, struct cma_err *err)
{
	struct fs_state_header *h = fs->state.hdr;
	struct trace_info ti;
	int ret;

	if (!fs->state.fresh && strcmp(h->db, fs->db_path) != 0) {
		cma_err_set(err, "%s: recorded into %s, not %s; give that "
		    "--db", fs->window_path, h->db, fs->db_path);
		return -EINVAL;
	}
	if ((ret = trace_store_open(fs->db_path, TRACE_STORE_CREATE,
	    &fs->store, err)) < 0)
		return ret;
	if (!fs->state.fresh) {
		if ((ret = trace_store_trace(fs->store, h->trace, &ti,
		    err)) < 0)
			return ret;
		trace_info_free(&ti);
	}
	ret = trace_recorder_open(fs->cma, fs->store, "mount", "recorded",
	    fs->state.fresh ? 0 : h->trace, &fs->recorder, err);
	if (ret < 0)
		return ret;
	if (fs->state.fresh)
		h->trace = trace_recorder_trace(fs->recorder);
	return 0;
}

static uint64_t
mount_max_region(struct cma *cma)
{
	struct cma_region_info ri;
	uint64_t max = 0;
	int i;

	for (i = 0; i < cma_region_count(cma); i++)
		if (cma_region_get(cma, i, &ri) == 0 && ri.size > max)
			max = ri.size;
	return max;
}

int
fs_open(struct fs *fs, const struct fs_config *cfg, struct cma_err *err)
{
	int ret;

	memset(fs, 0, sizeof *fs);
	pthread_mutex_init(&fs->lock, NULL);
	fs_tree_init(&fs->tree);
	clock_gettime(CLOCK_REALTIME, &fs->started);
	if ((ret = mount_paths(fs, cfg, err)) < 0 ||
	    (ret = fs_state_open(fs->state_path, &fs->state, err)) < 0 ||
	    (ret = mount_board(fs, cfg, err)) < 0 ||
	    (ret = mount_framework(fs, cfg, err)) < 0)
		goto fail;
	if ((ret = cma_window_open(&fs->board, fs->window_path, &fs->window,
	    err)) < 0) {
		cma_err_prefix(err, "window: ");
		goto fail;
	}
	if ((ret = mount_store(fs, err)) < 0)
		goto fail;
	fs->max_region = mount_max_region(fs->cma);
	fs->next_ino = fs->state.hdr->next_ino;
	fs_build_static(fs);
	if (fs->state.fresh) {
		mount_record_layout(fs);
		fs_journal_attach(fs);
	} else {
		if ((ret = fs_restore(fs, err)) < 0)
			goto fail;
		if (cfg->map) {
			char map[CMA_MAX_PARAM_LEN];

			cma_get_map(fs->cma, map, sizeof map);
			fs_state_set_map(&fs->state, map);
		}
	}
	fs->generation = fs->trace_events;
	trace_recorder_flush(fs->recorder);
	return 0;
fail:
	/* A state file this mount made holds no layout yet: left behind, it
	 * would make every later mount of the window fail. */
	if (fs->state.fresh && fs->state.hdr && fs->state_path)
		unlink(fs->state_path);
	fs_close(fs);
	return ret;
}

void
fs_close(struct fs *fs)
{
	struct cma_err err = { "" };

	if (fs->cma)
		fs_journal_detach(fs);
	if (fs->recorder)
		trace_recorder_stop(fs->recorder, &err);
	fs_tree_free(&fs->tree);
	if (fs->cma)
		cma_destroy(fs->cma);
	if (fs->window)
		cma_window_close(fs->window);
	if (fs->store)
		trace_store_close(fs->store);
	fs_state_close(&fs->state);
	free(fs->window_path);
	free(fs->db_path);
	free(fs->state_path);
	pthread_mutex_destroy(&fs->lock);
	memset(fs, 0, sizeof *fs);
}

/* ---- the daemon ---- */

static struct fuse *
mount_fuse(struct fs *fs, const struct fs_mount_options *o,
    struct cma_err *err)
{
	struct fuse_args args = FUSE_ARGS_INIT(0, NULL);
	struct fuse *f;
	char opts[2048];

	snprintf(opts, sizeof opts, "default_permissions,fsname=cma,"
	    "subtype=cma%s%s", o->fuse_opts ? "," : "",
	    o->fuse_opts ? o->fuse_opts : "");
	if (fuse_opt_add_arg(&args, "cma") < 0 ||
	    fuse_opt_add_arg(&args, "-o") < 0 ||
	    fuse_opt_add_arg(&args, opts) < 0) {
		cma_err_set(err, "out of memory");
		return NULL;
	}
	f = fuse_new(&args, fs_fuse_operations(),
	    sizeof(struct fuse_operations), fs);
	fuse_opt_free_args(&args);
	if (f == NULL) {
		cma_err_set(err, "-o %s: not accepted by FUSE", o->fuse_opts ?
		    o->fuse_opts : "");
		return NULL;
	}
	if (fuse_mount(f, o->mountpoint) != 0) {
		cma_err_set(err, "%s: cannot mount (is it a directory? is "
		    "/dev/fuse there?)", o->mountpoint);
		fuse_destroy(f);
		return NULL;
	}
	return f;
}

static int
mount_serve(struct fuse *f)
{
	struct fuse_loop_config *lc = fuse_loop_cfg_create();
	int ret;

	if (fuse_set_signal_handlers(fuse_get_session(f)) != 0)
		return 1;
	fuse_loop_cfg_set_max_threads(lc, 16);
	ret = fuse_loop_mt(f, lc);
	fuse_loop_cfg_destroy(lc);
	fuse_remove_signal_handlers(fuse_get_session(f));
	fuse_unmount(f);
	return ret == 0 ? 0 : 1;
}

static void
mount_report(int fd, const char *msg)
{
	if (fd >= 0) {
		(void)!write(fd, msg, strlen(msg));
		close(fd);
	}
}

/* The daemon's stderr goes to $CMA_MOUNT_LOG when set (so a sanitizer
 * report of a detached daemon is not lost), else to /dev/null. */
static void
mount_detach_stdio(void)
{
	const char *log = getenv("CMA_MOUNT_LOG");
	int fd = open("/dev/null", O_RDWR), lfd = -1;

	if (log && *log)
		lfd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(lfd >= 0 ? lfd : fd, 2);
		if (fd > 2)
			close(fd);
	}
	if (lfd > 2)
		close(lfd);
}

/* Runs in the serving process; `ready` is the pipe to the waiting
 * command (-1 in the foreground). */
static int
mount_daemon(const struct fs_mount_options *o, int ready)
{
	struct cma_err err = { "" };
	struct fs fs;
	struct fuse *f;
	char msg[CMA_ERR_MAX + 2];
	int ret;

	if (fs_open(&fs, &o->cfg, &err) < 0) {
		snprintf(msg, sizeof msg, "E%s", err.msg);
		if (ready < 0)
			fprintf(stderr, "cma mount: %s\n", err.msg);
		mount_report(ready, msg);
		return 2;
	}
	if ((f = mount_fuse(&fs, o, &err)) == NULL) {
		snprintf(msg, sizeof msg, "E%s", err.msg);
		if (ready < 0)
			fprintf(stderr, "cma mount: %s\n", err.msg);
		mount_report(ready, msg);
		fs_close(&fs);
		return 1;
	}
	mount_report(ready, "R");
	if (ready >= 0) {
		mount_detach_stdio();
		if (chdir("/") < 0)
			_exit(1);
	}
	ret = mount_serve(f);
	fuse_destroy(f);
	fs_close(&fs);
	return ret;
}

int
fs_mount_run(const struct fs_mount_options *o)
{
	char msg[CMA_ERR_MAX + 2] = "";
	struct stat sb;
	int pfd[2], status;
	ssize_t n;
	pid_t pid;

	if (stat(o->mountpoint, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
		fprintf(stderr, "cma mount: %s: not a directory\n",
		    o->mountpoint);
		return 2;
	}
	if (o->foreground)
		return mount_daemon(o, -1);
	if (pipe(pfd) < 0 || (pid = fork()) < 0) {
		fprintf(stderr, "cma mount: %s\n", strerror(errno));
		return 1;
	}
	if (pid == 0) {
		close(pfd[0]);
		setsid();
		signal(SIGHUP, SIG_IGN);
		_exit(mount_daemon(o, pfd[1]));
	}
	close(pfd[1]);
	n = read(pfd[0], msg, sizeof msg - 1);
	close(pfd[0]);
	if (n > 0 && msg[0] == 'R')
		return 0;
	msg[n > 0 ? n : 0] = '\0';
	waitpid(pid, &status, 0);
	fprintf(stderr, "cma mount: %s\n", n > 1 ? msg + 1 :
	    "the daemon died while starting");
	return WIFEXITED(status) && WEXITSTATUS(status) ?
	    WEXITSTATUS(status) : 1;
}

/* ---- unmounting ---- */

/* The state file named in MNT/status (to wait for the daemon to let go
 * of it), or NULL when the daemon is gone. */
static char *
umount_state_path(const char *mountpoint)
{
	char path[PATH_MAX], line[PATH_MAX + 16];
	char *found = NULL;
	FILE *f;

	snprintf(path, sizeof path, "%s/status", mountpoint);
	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, "state: ", 7) == 0) {
			line[strcspn(line, "\n")] = '\0';
			found = xstrdup(line + 7);
			break;
		}
	fclose(f);
	return found;
}

static int
umount_run(const char *mountpoint)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);

		if (fd >= 0)
			dup2(fd, 2);
		execlp("fusermount3", "fusermount3", "-u", "--", mountpoint,
		    (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return -errno;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	/* No fusermount3, or it refused: root can do it directly. */
	return umount2(mountpoint, 0) == 0 ? 0 : -errno;
}

/* The daemon holds an flock on its state file until it has committed the
 * trace and let go of everything. */
static void
umount_wait(const char *state)
{
	int fd = open(state, O_RDONLY | O_CLOEXEC), i;

	if (fd < 0)
		return;
	for (i = 0; i < 3000; i++) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			break;
		usleep(10000);
	}
	close(fd);
}

int
fs_umount(const char *mountpoint, struct cma_err *err)
{
	char *state = umount_state_path(mountpoint);
	int ret = umount_run(mountpoint);

	if (ret < 0) {
		cma_err_set(err, "%s: %s", mountpoint, strerror(-ret));
		free(state);
		return ret;
	}
	if (state)
		umount_wait(state);
	free(state);
	return 0;
}
