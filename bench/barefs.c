/*
 * barefs: a bare in-memory FUSE filesystem, the baseline of bench/fs.sh.
 *
 * It does what the workbench filesystem does at the FUSE level and
 * nothing else: the same libfuse 3 high-level API, the same mount options
 * (default_permissions, use_ino, hard_remove, nullpath_ok), the same
 * multithreaded loop with at most 16 threads, one mutex around the
 * namespace.  What it leaves out is the allocator, the state file and the
 * trace database, so the workbench's rate over this one's is the price of
 * those.
 *
 * The namespace is a hash table of full paths (a "minimal tree": a
 * directory is a node whose path prefixes its children's).  A file's
 * bytes are an anonymous mapping: sizing a file maps, remaps or unmaps it,
 * the counterpart of an allocation, and costs no page until it is
 * touched.  Reads and writes look the node up under the mutex and copy
 * outside it, holding the node's rwlock shared; a size change takes it
 * exclusive, so no copy ever sees a mapping go away.  An open file holds
 * its node, so an unlinked file lives until its last release.
 *
 * With -x it also answers getxattr (always "no such attribute"), as a
 * filesystem with extended attributes does: the kernel then asks for
 * security.capability before every truncate and write, one round trip
 * more, which the workbench pays for its user.cma.align attribute.
 *
 * usage: barefs [-f] [-x] MOUNTPOINT   (daemonises unless -f)
 */
/* 3.12, as fs/fs_mount.c: the loop configuration object needs it; the
 * callbacks are the same as under 35. */
#define FUSE_USE_VERSION 312
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <fuse.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BARE_BUCKETS	4096u

struct bare_node {
	char		 *path;
	uint64_t	  ino;
	mode_t		  mode;
	uid_t		  uid;
	gid_t		  gid;
	struct timespec	  mtime, ctime;
	unsigned	  refs;		/* the name (while linked) + opens */
	int		  linked;
	pthread_rwlock_t  data_lock;	/* held exclusive to resize */
	char		 *data;		/* MAP_ANONYMOUS, NULL when empty */
	size_t		  size, mapped;
	struct bare_node *hnext;
};

struct bare {
	pthread_mutex_t	  lock;
	struct bare_node *hash[BARE_BUCKETS];
	uint64_t	  next_ino;
};

static struct bare bare = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.next_ino = 2,
};

/* ---- the namespace (called with bare.lock held) ---- */

static unsigned
bare_hash(const char *path)
{
	uint32_t h = 2166136261u;

	for (; *path; path++)
		h = (h ^ (unsigned char)*path) * 16777619u;
	return h % BARE_BUCKETS;
}

static struct bare_node *
bare_lookup(const char *path)
{
	struct bare_node *n;

	for (n = bare.hash[bare_hash(path)]; n; n = n->hnext)
		if (strcmp(n->path, path) == 0)
			return n;
	return NULL;
}

/* The directory a path would live in must exist. */
static int
bare_parent_ok(const char *path)
{
	const char *slash = strrchr(path, '/');
	struct bare_node *d;
	char buf[4096];

	if (slash == path)
		return 0;	/* the root */
	if ((size_t)(slash - path) >= sizeof buf)
		return -ENAMETOOLONG;
	memcpy(buf, path, (size_t)(slash - path));
	buf[slash - path] = '\0';
	if ((d = bare_lookup(buf)) == NULL)
		return -ENOENT;
	return S_ISDIR(d->mode) ? 0 : -ENOTDIR;
}

static struct bare_node *
bare_add(const char *path, mode_t mode)
{
	struct bare_node *n = calloc(1, sizeof *n);
	struct fuse_context *ctx = fuse_get_context();	/* NULL: start-up */
	unsigned b = bare_hash(path);

	if (n == NULL || (n->path = strdup(path)) == NULL) {
		free(n);
		return NULL;
	}
	n->ino = bare.next_ino++;
	n->mode = mode;
	n->uid = ctx ? ctx->uid : getuid();
	n->gid = ctx ? ctx->gid : getgid();
	clock_gettime(CLOCK_REALTIME, &n->mtime);
	n->ctime = n->mtime;
	n->refs = 1;
	n->linked = 1;
	pthread_rwlock_init(&n->data_lock, NULL);
	n->hnext = bare.hash[b];
	bare.hash[b] = n;
	return n;
}

static void
bare_unhash(struct bare_node *n)
{
	struct bare_node **p = &bare.hash[bare_hash(n->path)];

	while (*p != n)
		p = &(*p)->hnext;
	*p = n->hnext;
	n->linked = 0;
}

static void
bare_put(struct bare_node *n)
{
	if (--n->refs > 0)
		return;
	if (n->data)
		munmap(n->data, n->mapped);
	pthread_rwlock_destroy(&n->data_lock);
	free(n->path);
	free(n);
}

/* Any child at all: a path that starts with "dir/". */
static int
bare_has_children(const char *dir)
{
	size_t len = strlen(dir);
	struct bare_node *n;
	unsigned b;

	for (b = 0; b < BARE_BUCKETS; b++)
		for (n = bare.hash[b]; n; n = n->hnext)
			if (strncmp(n->path, dir, len) == 0 &&
			    n->path[len] == '/')
				return 1;
	return 0;
}

/* ---- file bytes ---- */

static size_t
bare_pages(size_t size)
{
	long page = sysconf(_SC_PAGESIZE);

	return (size + (size_t)page - 1) & ~((size_t)page - 1);
}

/* The new size's mapping; bytes past the old size read as zeros.  Called
 * with n->data_lock held exclusive. */
static int
bare_resize(struct bare_node *n, size_t size)
{
	size_t want = bare_pages(size);
	void *p;

	if (want == 0) {
		if (n->data)
			munmap(n->data, n->mapped);
		n->data = NULL;
	} else if (n->data == NULL) {
		p = mmap(NULL, want, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return -ENOSPC;
		n->data = p;
	} else if (want != n->mapped) {
		p = mremap(n->data, n->mapped, want, MREMAP_MAYMOVE);
		if (p == MAP_FAILED)
			return -ENOSPC;
		n->data = p;
	}
	if (size < n->size && n->data)	/* the tail of the last page */
		memset(n->data + size, 0, (want > n->size ? n->size : want) -
		    size);
	n->mapped = want;
	n->size = size;
	clock_gettime(CLOCK_REALTIME, &n->mtime);
	n->ctime = n->mtime;
	return 0;
}

static int
bare_resize_locked(struct bare_node *n, size_t size)
{
	int err;

	pthread_rwlock_wrlock(&n->data_lock);
	err = bare_resize(n, size);
	pthread_rwlock_unlock(&n->data_lock);
	return err;
}

/* ---- the FUSE callbacks ---- */

static struct bare_node *
bare_fh(struct fuse_file_info *fi)
{
	return fi ? (struct bare_node *)(uintptr_t)fi->fh : NULL;
}

/* The node of a call: the open file's if any, else the path's. */
static struct bare_node *
bare_node(const char *path, struct fuse_file_info *fi)
{
	struct bare_node *n = bare_fh(fi);

	if (n == NULL && path)
		n = bare_lookup(path);
	return n;
}

static int
bare_getattr(const char *path, struct stat *st, struct fuse_file_info *fi)
{
	struct bare_node *n;
	int err = 0;

	pthread_mutex_lock(&bare.lock);
	if ((n = bare_node(path, fi)) == NULL)
		err = -ENOENT;
	else {
		memset(st, 0, sizeof *st);
		st->st_ino = n->ino;
		st->st_mode = n->mode;
		st->st_nlink = S_ISDIR(n->mode) ? 2 : n->linked;
		st->st_uid = n->uid;
		st->st_gid = n->gid;
		st->st_size = (off_t)n->size;
		st->st_blocks = (blkcnt_t)(n->mapped / 512);
		st->st_blksize = 4096;
		st->st_mtim = st->st_atim = n->mtime;
		st->st_ctim = n->ctime;
	}
	pthread_mutex_unlock(&bare.lock);
	return err;
}

static int
bare_opendir(const char *path, struct fuse_file_info *fi)
{
	char *copy = strdup(path);

	if (copy == NULL)
		return -ENOMEM;
	fi->fh = (uintptr_t)copy;
	return 0;
}

static int
bare_releasedir(const char *path, struct fuse_file_info *fi)
{
	free((char *)(uintptr_t)fi->fh);
	return 0;
}

static int
bare_readdir(const char *path, void *buf, fuse_fill_dir_t fill, off_t off,
    struct fuse_file_info *fi, enum fuse_readdir_flags flags)
{
	const char *dir = (const char *)(uintptr_t)fi->fh;
	size_t len = strcmp(dir, "/") == 0 ? 0 : strlen(dir);
	struct bare_node *n;
	unsigned b;

	fill(buf, ".", NULL, 0, 0);
	fill(buf, "..", NULL, 0, 0);
	pthread_mutex_lock(&bare.lock);
	for (b = 0; b < BARE_BUCKETS; b++)
		for (n = bare.hash[b]; n; n = n->hnext)
			if (strncmp(n->path, dir, len) == 0 &&
			    n->path[len] == '/' && n->path[len + 1] != '\0' &&
			    strchr(n->path + len + 1, '/') == NULL)
				fill(buf, n->path + len + 1, NULL, 0, 0);
	pthread_mutex_unlock(&bare.lock);
	return 0;
}

static int
bare_make(const char *path, mode_t mode, struct bare_node **out)
{
	int err;

	if (bare_lookup(path))
		return -EEXIST;
	if ((err = bare_parent_ok(path)) < 0)
		return err;
	if ((*out = bare_add(path, mode)) == NULL)
		return -ENOMEM;
	return 0;
}

static int
bare_mkdir(const char *path, mode_t mode)
{
	struct bare_node *n;
	int err;

	pthread_mutex_lock(&bare.lock);
	err = bare_make(path, S_IFDIR | (mode & 07777), &n);
	pthread_mutex_unlock(&bare.lock);
	return err;
}

static int
bare_rmdir(const char *path)
{
	struct bare_node *n;
	int err = 0;

	pthread_mutex_lock(&bare.lock);
	if ((n = bare_lookup(path)) == NULL)
		err = -ENOENT;
	else if (!S_ISDIR(n->mode))
		err = -ENOTDIR;
	else if (bare_has_children(path))
		err = -ENOTEMPTY;
	else {
		bare_unhash(n);
		bare_put(n);
	}
	pthread_mutex_unlock(&bare.lock);
	return err;
}

static int
bare_create(const char *path, mode_t mode, struct fuse_file_info *fi)
{
	struct bare_node *n;
	int err;

	pthread_mutex_lock(&bare.lock);
	if ((err = bare_make(path, S_IFREG | (mode & 07777), &n)) == 0) {
		n->refs++;
		fi->fh = (uintptr_t)n;
	}
	pthread_mutex_unlock(&bare.lock);
	return err;
}

static int
bare_open(const char *path, struct fuse_file_info *fi)
{
	struct bare_node *n;
	int err = 0;

	pthread_mutex_lock(&bare.lock);
	if ((n = bare_lookup(path)) == NULL)
		err = -ENOENT;
	else if (S_ISDIR(n->mode))
		err = -EISDIR;
	else {
		n->refs++;
		fi->fh = (uintptr_t)n;
	}
	pthread_mutex_unlock(&bare.lock);
	return err;
}

static int
bare_release(const char *path, struct fuse_file_info *fi)
{
	pthread_mutex_lock(&bare.lock);
	bare_put(bare_fh(fi));
	pthread_mutex_unlock(&bare.lock);
	return 0;
}

static int
bare_read(const char *path, char *buf, size_t size, off_t off,
    struct fuse_file_info *fi)
{
	struct bare_node *n = bare_fh(fi);
	size_t len = 0;

	/* The open file holds the node; the shared lock holds its bytes. */
	pthread_rwlock_rdlock(&n->data_lock);
	if ((size_t)off < n->size) {
		len = n->size - (size_t)off;
		if (len > size)
			len = size;
		memcpy(buf, n->data + off, len);
	}
	pthread_rwlock_unlock(&n->data_lock);
	return (int)len;
}

static int
bare_write(const char *path, const char *buf, size_t size, off_t off,
    struct fuse_file_info *fi)
{
	struct bare_node *n = bare_fh(fi);
	size_t end = (size_t)off + size;
	int err;

	for (;;) {
		pthread_rwlock_rdlock(&n->data_lock);
		if (end <= n->size)
			break;
		pthread_rwlock_unlock(&n->data_lock);
		/* Growing: resize, then write under the shared lock. */
		pthread_rwlock_wrlock(&n->data_lock);
		err = end > n->size ? bare_resize(n, end) : 0;
		pthread_rwlock_unlock(&n->data_lock);
		if (err < 0)
			return err;
	}
	memcpy(n->data + off, buf, size);
	pthread_rwlock_unlock(&n->data_lock);
	return (int)size;
}

static int
bare_truncate(const char *path, off_t size, struct fuse_file_info *fi)
{
	struct bare_node *n;
	int err;

	pthread_mutex_lock(&bare.lock);
	if ((n = bare_node(path, fi)) == NULL)
		err = -ENOENT;
	else if (S_ISDIR(n->mode))
		err = -EISDIR;
	else
		err = bare_resize_locked(n, (size_t)size);
	pthread_mutex_unlock(&bare.lock);
	return err;
}

static int
bare_fallocate(const char *path, int mode, off_t off, off_t len,
    struct fuse_file_info *fi)
{
	struct bare_node *n;
	size_t end = (size_t)off + (size_t)len;
	int err = 0;

	if (mode != 0)
		return -EOPNOTSUPP;
	pthread_mutex_lock(&bare.lock);
	if ((n = bare_node(path, fi)) == NULL)
		err = -ENOENT;
	else if (end > n->size)
		err = bare_resize_locked(n, end);
	pthread_mutex_unlock(&bare.lock);
	return err;
}

static int
bare_unlink(const char *path)
{
	struct bare_node *n;
	int err = 0;

	pthread_mutex_lock(&bare.lock);
	if ((n = bare_lookup(path)) == NULL)
		err = -ENOENT;
	else if (S_ISDIR(n->mode))
		err = -EISDIR;
	else {
		bare_unhash(n);
		bare_put(n);
	}
	pthread_mutex_unlock(&bare.lock);
	return err;
}

static int
bare_flush(const char *path, struct fuse_file_info *fi)
{
	return 0;
}

static int
bare_fsync(const char *path, int datasync, struct fuse_file_info *fi)
{
	return 0;	/* memory is as durable as it gets here */
}

static int
bare_chmod(const char *path, mode_t mode, struct fuse_file_info *fi)
{
	struct bare_node *n;
	int err = 0;

	pthread_mutex_lock(&bare.lock);
	if ((n = bare_node(path, fi)) == NULL)
		err = -ENOENT;
	else
		n->mode = (n->mode & S_IFMT) | (mode & 07777);
	pthread_mutex_unlock(&bare.lock);
	return err;
}

static int
bare_utimens(const char *path, const struct timespec tv[2],
    struct fuse_file_info *fi)
{
	return 0;	/* times are the last change's */
}

static int
bare_getxattr(const char *path, const char *name, char *value, size_t size)
{
	return -ENODATA;
}

static void *
bare_init(struct fuse_conn_info *conn, struct fuse_config *cfg)
{
	cfg->use_ino = 1;
	cfg->hard_remove = 1;
	cfg->nullpath_ok = 1;
	return NULL;
}

static struct fuse_operations bare_ops = {
	.init = bare_init,
	.getattr = bare_getattr,
	.opendir = bare_opendir,
	.readdir = bare_readdir,
	.releasedir = bare_releasedir,
	.mkdir = bare_mkdir,
	.rmdir = bare_rmdir,
	.create = bare_create,
	.open = bare_open,
	.read = bare_read,
	.write = bare_write,
	.truncate = bare_truncate,
	.fallocate = bare_fallocate,
	.flush = bare_flush,
	.release = bare_release,
	.fsync = bare_fsync,
	.unlink = bare_unlink,
	.chmod = bare_chmod,
	.utimens = bare_utimens,
};

/* ---- start-up: the workbench's options, loop and thread cap ---- */

static int
bare_serve(struct fuse *f)
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

int
main(int argc, char **argv)
{
	struct fuse_args args = FUSE_ARGS_INIT(0, NULL);
	int c, foreground = 0, ret;
	struct fuse *f;

	while ((c = getopt(argc, argv, "fx")) != -1) {
		switch (c) {
		case 'f': foreground = 1; break;
		case 'x': bare_ops.getxattr = bare_getxattr; break;
		default: optind = argc + 1; break;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "usage: barefs [-f] [-x] MOUNTPOINT\n");
		return 2;
	}
	bare_add("/", S_IFDIR | 0755)->ino = 1;
	if (fuse_opt_add_arg(&args, "barefs") < 0 ||
	    fuse_opt_add_arg(&args, "-o") < 0 ||
	    fuse_opt_add_arg(&args, "default_permissions,fsname=barefs,"
	    "subtype=barefs") < 0)
		return 1;
	f = fuse_new(&args, &bare_ops, sizeof bare_ops, NULL);
	fuse_opt_free_args(&args);
	if (f == NULL || fuse_mount(f, argv[optind]) != 0) {
		fprintf(stderr, "barefs: %s: cannot mount\n", argv[optind]);
		return 1;
	}
	if (!foreground && fuse_daemonize(0) != 0)
		return 1;
	ret = bare_serve(f);
	fuse_destroy(f);
	return ret;
}
