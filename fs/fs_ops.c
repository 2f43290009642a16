/*
 * The FUSE callbacks (libfuse 3 high-level API).
 *
 * Each callback finds its node (through the open file when there is one,
 * which also serves files already unlinked: the filesystem runs with
 * hard_remove and nullpath_ok), takes the filesystem lock, and leaves the
 * allocation semantics to fs_file.c, the generated files to fs_text.c and
 * the ioctl node to fs_ioctl.c.  Permission checks are the kernel's
 * (default_permissions is always on), so this file only sets owners and
 * modes.  Every error is a -errno the shell sees.
 */
#define FUSE_USE_VERSION 35
#include <errno.h>
#include <fcntl.h>
#include <fuse.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cma/cmadev.h"
#include "fs.h"
#include "xmalloc.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)	/* linux/fs.h */
#endif

#define FS_ALIGN_XATTR	"user.cma.align"

enum ops_open_type { OPEN_FILE, OPEN_TEXT, OPEN_MAP, OPEN_DEV };

struct ops_open {
	enum ops_open_type type;
	struct fs_node	  *node;
	struct fs_text_buf text;	/* TEXT: the snapshot; MAP: writes */
	int		   map_dirty;
	off_t		   map_next;	/* MAP: where the next write goes */
	struct fs_devfile  dev;
};

static struct fs *
ops_fs(void)
{
	return fuse_get_context()->private_data;
}

static struct fs *
ops_enter(void)
{
	struct fs *fs = ops_fs();

	fs_journal_set_pid((int32_t)fuse_get_context()->pid);
	pthread_mutex_lock(&fs->lock);
	return fs;
}

static void
ops_leave(struct fs *fs)
{
	pthread_mutex_unlock(&fs->lock);
}

static struct ops_open *
ops_fh(struct fuse_file_info *fi)
{
	return fi ? (struct ops_open *)(uintptr_t)fi->fh : NULL;
}

/* The node of a call: the open file's if any, else the path's. */
static struct fs_node *
ops_node(struct fs *fs, const char *path, struct fuse_file_info *fi,
    int *err)
{
	struct ops_open *o = ops_fh(fi);

	*err = 0;
	if (o)
		return o->node;
	if (path == NULL) {
		*err = -ENOENT;
		return NULL;
	}
	return fs_tree_resolve(&fs->tree, path, err);
}

static int
ops_is_dir(const struct fs_node *n)
{
	return n->type == FS_VDIR || n->type == FS_DIR;
}

static int
ops_alloc_dir(const struct fs_node *d)
{
	return d->role == FS_ROLE_DEVICE || d->role == FS_ROLE_KIND ||
	    d->role == FS_ROLE_REGION;
}

/* The directory an allocation of n would be made in (NULL: unlinked). */
static struct fs_node *
ops_file_dir(const struct fs_node *n)
{
	return n->a_name ? n->a_name->parent : NULL;
}

static void
ops_fill_stat(struct fs *fs, const struct fs_node *n, struct stat *st)
{
	memset(st, 0, sizeof *st);
	st->st_ino = n->ino;
	st->st_mode = n->mode;
	st->st_nlink = ops_is_dir(n) ? 2 : n->nlink;
	st->st_uid = n->uid;
	st->st_gid = n->gid;
	st->st_mtim = n->mtime;
	st->st_ctim = n->ctime;
	st->st_atim = n->mtime;
	st->st_blksize = CMA_PAGE_SIZE;
	switch (n->type) {
	case FS_FILE:
		st->st_size = (off_t)n->size;
		st->st_blocks = n->allocated ?
		    (blkcnt_t)((n->size + CMA_PAGE_SIZE - 1) /
		    CMA_PAGE_SIZE * (CMA_PAGE_SIZE / 512)) : 0;
		break;
	case FS_DEVNODE:
		/* Large enough for any chunk to be mapped. */
		st->st_size = (off_t)fs->max_region;
		break;
	default:
		break;
	}
}

static int
ops_getattr(const char *path, struct stat *st, struct fuse_file_info *fi)
{
	struct fs *fs = ops_enter();
	struct fs_node *n;
	int err;

	if ((n = ops_node(fs, path, fi, &err)) != NULL)
		ops_fill_stat(fs, n, st);
	ops_leave(fs);
	return err;
}

/* Open directories keep their path: with nullpath_ok, readdir gets none,
 * and a node pointer would not survive an rmdir. */
static int
ops_opendir(const char *path, struct fuse_file_info *fi)
{
	fi->fh = (uintptr_t)xstrdup(path);
	return 0;
}

static int
ops_releasedir(const char *path, struct fuse_file_info *fi)
{
	free((char *)(uintptr_t)fi->fh);
	return 0;
}

static int
ops_readdir(const char *path, void *buf, fuse_fill_dir_t fill, off_t off,
    struct fuse_file_info *fi, enum fuse_readdir_flags flags)
{
	struct fs *fs = ops_enter();
	struct fs_node *d;
	struct fs_name *nm;
	int err;

	if (path == NULL)
		path = (const char *)(uintptr_t)fi->fh;
	if ((d = fs_tree_resolve(&fs->tree, path, &err)) == NULL)
		goto out;
	if (!ops_is_dir(d)) {
		err = -ENOTDIR;
		goto out;
	}
	fill(buf, ".", NULL, 0, 0);
	fill(buf, "..", NULL, 0, 0);
	for (nm = d->first; nm; nm = nm->next)
		if (fill(buf, nm->name, NULL, 0, 0))
			break;
out:
	ops_leave(fs);
	return err;
}

static int
ops_mkdir(const char *path, mode_t mode)
{
	struct fs *fs = ops_enter();
	struct fuse_context *ctx = fuse_get_context();
	struct fs_node *parent, *d;
	struct fs_name *nm;
	const char *name;
	int err;

	if ((parent = fs_tree_resolve_parent(&fs->tree, path, &name, &err)) ==
	    NULL)
		goto out;
	if (fs_tree_lookup(&fs->tree, parent, name)) {
		err = -EEXIST;
		goto out;
	}
	if (parent->role != FS_ROLE_DEVROOT && parent->role != FS_ROLE_DEVICE) {
		err = -EPERM;	/* only /dev/DEVICE and /dev/DEVICE/KIND */
		goto out;
	}
	if (strlen(name) > FS_DEVNAME_MAX) {
		err = -ENAMETOOLONG;
		goto out;
	}
	d = fs_node_new(FS_DIR, fs->next_ino++, S_IFDIR | (mode & 07777));
	fs->state.hdr->next_ino = fs->next_ino;
	d->uid = ctx->uid;
	d->gid = ctx->gid;
	d->role = parent->role == FS_ROLE_DEVROOT ? FS_ROLE_DEVICE :
	    FS_ROLE_KIND;
	if ((err = fs_file_persist(fs, d)) < 0) {
		fs_node_free(d);
		goto out;
	}
	nm = fs_tree_add(&fs->tree, parent, name, d);
	if ((err = fs_name_persist(fs, nm)) < 0) {
		fs_tree_remove(&fs->tree, nm);
		fs_node_unpersist(fs, d);
		fs_node_free(d);
	}
out:
	ops_leave(fs);
	return err;
}

/* The name `path` refers to, or NULL with *err set. */
static struct fs_name *
ops_name(struct fs *fs, const char *path, int *err)
{
	struct fs_node *parent;
	struct fs_name *nm;
	const char *name;

	if ((parent = fs_tree_resolve_parent(&fs->tree, path, &name, err)) ==
	    NULL)
		return NULL;
	if ((nm = fs_tree_lookup(&fs->tree, parent, name)) == NULL)
		*err = -ENOENT;
	return nm;
}

static int
ops_rmdir(const char *path)
{
	struct fs *fs = ops_enter();
	struct fs_node *d;
	struct fs_name *nm;
	int err;

	if ((nm = ops_name(fs, path, &err)) == NULL)
		goto out;
	d = nm->node;
	if (!ops_is_dir(d))
		err = -ENOTDIR;
	else if (d->type != FS_DIR)
		err = -EBUSY;	/* the workbench's own directories stay */
	else if (d->nchildren > 0)
		err = -ENOTEMPTY;
	if (err)
		goto out;
	fs_name_unpersist(fs, nm);
	fs_tree_remove(&fs->tree, nm);
	fs_node_unpersist(fs, d);
	fs_node_free(d);
out:
	ops_leave(fs);
	return err;
}

static struct ops_open *
ops_open_new(enum ops_open_type type, struct fs_node *n)
{
	struct ops_open *o = xcalloc(1, sizeof *o);

	o->type = type;
	o->node = n;
	return o;
}

static int
ops_create(const char *path, mode_t mode, struct fuse_file_info *fi)
{
	struct fs *fs = ops_enter();
	struct fuse_context *ctx = fuse_get_context();
	struct fs_node *parent, *n;
	struct fs_name *nm;
	const char *name;
	int err;

	if ((parent = fs_tree_resolve_parent(&fs->tree, path, &name, &err)) ==
	    NULL)
		goto out;
	if (fs_tree_lookup(&fs->tree, parent, name)) {
		err = -EEXIST;
		goto out;
	}
	if (!ops_alloc_dir(parent)) {
		err = parent->role == FS_ROLE_DEVROOT ? -EPERM : -EACCES;
		goto out;
	}
	/* Allocations are private to their creator until chmod says not. */
	n = fs_node_new(FS_FILE, fs->next_ino++, S_IFREG | 0600);
	fs->state.hdr->next_ino = fs->next_ino;
	n->uid = ctx->uid;
	n->gid = ctx->gid;
	if ((err = fs_file_persist(fs, n)) < 0) {
		fs_node_free(n);
		goto out;
	}
	nm = fs_tree_add(&fs->tree, parent, name, n);
	if ((err = fs_name_persist(fs, nm)) < 0) {
		fs_tree_remove(&fs->tree, nm);
		fs_node_unpersist(fs, n);
		fs_node_free(n);
		goto out;
	}
	n->opens++;
	fi->fh = (uintptr_t)ops_open_new(OPEN_FILE, n);
out:
	ops_leave(fs);
	return err;
}

static int
ops_open(const char *path, struct fuse_file_info *fi)
{
	struct fs *fs = ops_enter();
	struct ops_open *o = NULL;
	struct fs_node *n;
	int err, acc = fi->flags & O_ACCMODE;

	if ((n = fs_tree_resolve(&fs->tree, path, &err)) == NULL)
		goto out;
	switch (n->type) {
	case FS_FILE:
		/* FUSE hands O_TRUNC to open (atomic_o_trunc): it asks for
		 * size 0, which an allocation refuses like any other size. */
		if ((fi->flags & O_TRUNC) && (err = fs_file_size(fs,
		    ops_file_dir(n), n, 0)) < 0)
			goto out;
		n->opens++;
		o = ops_open_new(OPEN_FILE, n);
		break;
	case FS_TEXT:
		if (acc != O_RDONLY) {
			err = -EACCES;
			goto out;
		}
		o = ops_open_new(OPEN_TEXT, n);
		fs_text_render(fs, n, &o->text);
		fi->direct_io = 1;
		break;
	case FS_MAPFILE:
		o = ops_open_new(OPEN_MAP, n);
		if (acc == O_RDONLY)
			fs_text_render(fs, n, &o->text);
		fi->direct_io = 1;
		break;
	case FS_DEVNODE:
		o = ops_open_new(OPEN_DEV, n);
		o->dev.next = fs->devfiles;
		if (fs->devfiles)
			fs->devfiles->prev = &o->dev;
		fs->devfiles = &o->dev;
		break;
	default:
		err = -EISDIR;
		goto out;
	}
	fi->fh = (uintptr_t)o;
out:
	ops_leave(fs);
	return err;
}

static int
ops_read_text(struct ops_open *o, char *buf, size_t size, off_t off)
{
	size_t n;

	if ((size_t)off >= o->text.len)
		return 0;
	n = o->text.len - (size_t)off;
	if (n > size)
		n = size;
	memcpy(buf, o->text.data + off, n);
	return (int)n;
}

/* Bytes [off, off+size) of a chunk of `len` bytes at `p`. */
static int
ops_copy_out(char *buf, const char *p, uint64_t len, size_t size, off_t off)
{
	uint64_t n;

	if ((uint64_t)off >= len)
		return 0;
	n = len - (uint64_t)off;
	if (n > size)
		n = size;
	memcpy(buf, p + off, n);
	return (int)n;
}

static int
ops_read(const char *path, char *buf, size_t size, off_t off,
    struct fuse_file_info *fi)
{
	struct ops_open *o = ops_fh(fi);
	struct fs *fs;
	struct fs_node *n = o->node;
	const char *p = NULL;
	uint64_t len = 0;
	int ret = 0;

	if (o->type == OPEN_TEXT || o->type == OPEN_MAP)
		return ops_read_text(o, buf, size, off);
	fs = ops_enter();
	if (o->type == OPEN_DEV) {
		if (!o->dev.has_chunk)
			ret = -EBADFD;
		else {
			p = cma_window_ptr(fs->window, o->dev.start,
			    o->dev.size);
			len = o->dev.size;
		}
	} else if (n->allocated) {
		p = fs_file_bytes(fs, n);
		len = n->size;
	} else if (n->staging) {
		ret = ops_copy_out(buf, n->staging, n->size, size, off);
	}
	ops_leave(fs);
	/* The chunk stays while this file is open: copy unlocked. */
	if (p)
		ret = ops_copy_out(buf, p, len, size, off);
	return ret;
}

/*
 * The map is written as lines: each complete line replaces the map when
 * its newline arrives (a bad one fails that write(2) with EINVAL and the
 * rest of the write is dropped), a last line without one at close.  Writes
 * go in order from offset 0 (a write at 0 starts over); anything else, and
 * a line longer than a map can be, is EINVAL.
 */
static int
ops_map_write(struct fs *fs, struct ops_open *o, const char *buf,
    size_t size, off_t off)
{
	struct fs_text_buf *t = &o->text;
	off_t expected = o->map_next;
	size_t i;
	int ret;

	o->map_next = off + (off_t)size;
	if (off == 0)
		t->len = 0;
	else if (off != expected) {
		t->len = 0;
		o->map_dirty = 0;
		return -EINVAL;
	}
	if (t->data == NULL) {
		t->cap = CMA_MAX_PARAM_LEN;
		t->data = xcalloc(1, t->cap);
	}
	for (i = 0; i < size; i++) {
		if (buf[i] == '\n') {
			ret = fs_text_set_map(fs, t->data, t->len);
			t->len = 0;
			o->map_dirty = 0;
			if (ret < 0)
				return ret;
			continue;
		}
		if (t->len + 1 >= t->cap) {
			t->len = 0;
			o->map_dirty = 0;
			return -EINVAL;
		}
		t->data[t->len++] = buf[i];
		o->map_dirty = 1;
	}
	return (int)size;
}

static int
ops_write(const char *path, const char *buf, size_t size, off_t off,
    struct fuse_file_info *fi)
{
	struct ops_open *o = ops_fh(fi);
	struct fs_node *n = o->node;
	struct fs *fs = ops_enter();
	char *p = NULL;
	uint64_t len = 0;
	int ret = (int)size;

	switch (o->type) {
	case OPEN_MAP:
		ret = ops_map_write(fs, o, buf, size, off);
		break;
	case OPEN_TEXT:
		ret = -EACCES;
		break;
	case OPEN_DEV:
		if (!o->dev.has_chunk)
			ret = -EBADFD;
		else {
			p = cma_window_ptr(fs->window, o->dev.start,
			    o->dev.size);
			len = o->dev.size;
		}
		break;
	case OPEN_FILE:
		if (n->allocated) {
			p = fs_file_bytes(fs, n);
			len = n->size;
		} else if ((ret = fs_file_stage(fs, n, buf, size,
		    (uint64_t)off)) == 0) {
			ret = (int)size;
		}
		clock_gettime(CLOCK_REALTIME, &n->mtime);
		break;
	}
	ops_leave(fs);
	if (p) {
		if ((uint64_t)off >= len)
			return -EFBIG;	/* an allocation does not grow */
		if ((uint64_t)off + size > len)
			size = (size_t)(len - (uint64_t)off);
		memcpy(p + off, buf, size);
		ret = (int)size;
	}
	return ret;
}

static int
ops_truncate(const char *path, off_t size, struct fuse_file_info *fi)
{
	struct fs *fs = ops_enter();
	struct fs_node *n, *dir;
	int err;

	if ((n = ops_node(fs, path, fi, &err)) == NULL)
		goto out;
	switch (n->type) {
	case FS_FILE:
		dir = ops_file_dir(n);
		err = dir || n->allocated || size == 0 ?
		    fs_file_size(fs, dir, n, (uint64_t)size) : -ENOENT;
		break;
	case FS_MAPFILE:
	case FS_DEVNODE:
		err = size == 0 ? 0 : -EINVAL;	/* O_TRUNC */
		break;
	case FS_TEXT:
		err = -EACCES;
		break;
	default:
		err = -EISDIR;
	}
out:
	ops_leave(fs);
	return err;
}

static int
ops_fallocate(const char *path, int mode, off_t off, off_t len,
    struct fuse_file_info *fi)
{
	struct fs *fs = ops_enter();
	struct fs_node *n, *dir;
	uint64_t end = (uint64_t)off + (uint64_t)len;
	int err;

	if ((n = ops_node(fs, path, fi, &err)) == NULL)
		goto out;
	if (n->type != FS_FILE)
		err = -ENODEV;
	else if (mode != 0)
		err = -EOPNOTSUPP;
	else if (n->allocated)
		err = end <= n->size ? 0 : -EFBIG;
	else if ((dir = ops_file_dir(n)) == NULL)
		err = -ENOENT;
	else
		err = fs_file_size(fs, dir, n, end > n->size ? end : n->size);
out:
	ops_leave(fs);
	return err;
}

static int
ops_flush(const char *path, struct fuse_file_info *fi)
{
	struct ops_open *o = ops_fh(fi);
	struct fs *fs;
	int err = 0;

	if (o->type != OPEN_FILE && !(o->type == OPEN_MAP && o->map_dirty))
		return 0;
	fs = ops_enter();
	if (o->type == OPEN_FILE)
		err = fs_file_commit_staged(fs, ops_file_dir(o->node),
		    o->node);
	else {
		err = fs_text_set_map(fs, o->text.data, o->text.len);
		o->map_dirty = 0;
		o->text.len = 0;
	}
	ops_leave(fs);
	return err;
}

static int
ops_release(const char *path, struct fuse_file_info *fi)
{
	struct ops_open *o = ops_fh(fi);
	struct fs *fs = ops_enter();

	switch (o->type) {
	case OPEN_FILE:
		fs_file_commit_staged(fs, ops_file_dir(o->node), o->node);
		fs_file_closed(fs, o->node);
		break;
	case OPEN_DEV:
		fs_ioctl_release(fs, &o->dev);
		if (o->dev.prev)
			o->dev.prev->next = o->dev.next;
		else
			fs->devfiles = o->dev.next;
		if (o->dev.next)
			o->dev.next->prev = o->dev.prev;
		break;
	default:
		break;
	}
	ops_leave(fs);
	free(o->text.data);
	free(o);
	return 0;
}

static int
ops_fsync(const char *path, int datasync, struct fuse_file_info *fi)
{
	struct ops_open *o = ops_fh(fi);
	struct fs *fs = ops_enter();
	struct fs_node *n = o->node;
	void *p = NULL;
	size_t len = 0;
	int err = 0;

	if (o->type == OPEN_FILE) {
		err = fs_file_commit_staged(fs, ops_file_dir(n), n);
		if (err == 0 && n->allocated) {
			p = fs_file_bytes(fs, n);
			len = (size_t)((n->size + CMA_PAGE_SIZE - 1) &
			    ~(uint64_t)(CMA_PAGE_SIZE - 1));
		}
	}
	if (err == 0) {
		fs_state_sync(&fs->state);
		trace_recorder_flush(fs->recorder);
	}
	ops_leave(fs);
	if (p && msync(p, len, MS_SYNC) < 0)
		err = -errno;
	return err;
}

static int
ops_unlink(const char *path)
{
	struct fs *fs = ops_enter();
	struct fs_node *n;
	struct fs_name *nm;
	int err;

	if ((nm = ops_name(fs, path, &err)) == NULL)
		goto out;
	n = nm->node;
	if (ops_is_dir(n)) {
		err = -EISDIR;
		goto out;
	}
	if (n->type != FS_FILE) {
		err = -EPERM;
		goto out;
	}
	if (n->allocated && (err = fs_journal_room(fs)) < 0)
		goto out;
	/* The name goes first: a crash now leaves an unnamed chunk, which
	 * the next mount frees, never a name without its chunk. */
	fs_name_unpersist(fs, nm);
	fs_tree_remove(&fs->tree, nm);
	fs_file_unlinked(fs, n);
out:
	ops_leave(fs);
	return err;
}

static int
ops_link(const char *from, const char *to)
{
	struct fs *fs = ops_enter();
	struct fs_node *n, *parent;
	struct fs_name *nm;
	const char *name;
	int err;

	if ((n = fs_tree_resolve(&fs->tree, from, &err)) == NULL)
		goto out;
	if (n->type != FS_FILE) {
		err = -EPERM;
		goto out;
	}
	if ((parent = fs_tree_resolve_parent(&fs->tree, to, &name, &err)) ==
	    NULL)
		goto out;
	if (fs_tree_lookup(&fs->tree, parent, name)) {
		err = -EEXIST;
		goto out;
	}
	if (!ops_alloc_dir(parent)) {
		err = -EPERM;
		goto out;
	}
	if (n->allocated && (err = fs_journal_room(fs)) < 0)
		goto out;
	nm = fs_tree_add(&fs->tree, parent, name, n);
	if ((err = fs_name_persist(fs, nm)) < 0) {
		fs_tree_remove(&fs->tree, nm);
		goto out;
	}
	err = fs_file_link(fs, n);
	clock_gettime(CLOCK_REALTIME, &n->ctime);
out:
	ops_leave(fs);
	return err;
}

static int
ops_rename_check(struct fs_node *n, struct fs_node *from_dir,
    struct fs_node *to_dir)
{
	if (n->type == FS_FILE)
		return ops_alloc_dir(to_dir) ? 0 : -EPERM;
	if (n->type == FS_DIR)
		return to_dir == from_dir ? 0 : -EPERM;
	return -EPERM;
}

static int
ops_rename(const char *from, const char *to, unsigned int flags)
{
	struct fs *fs = ops_enter();
	struct fs_node *fdir, *tdir, *n;
	struct fs_name *fnm, *tnm, *nm;
	const char *fname, *tname;
	int err;

	if ((fdir = fs_tree_resolve_parent(&fs->tree, from, &fname, &err)) ==
	    NULL || (tdir = fs_tree_resolve_parent(&fs->tree, to, &tname,
	    &err)) == NULL)
		goto out;
	if ((fnm = fs_tree_lookup(&fs->tree, fdir, fname)) == NULL) {
		err = -ENOENT;
		goto out;
	}
	n = fnm->node;
	if (flags & ~(unsigned)RENAME_NOREPLACE) {
		err = -EINVAL;
		goto out;
	}
	if ((err = ops_rename_check(n, fdir, tdir)) < 0)
		goto out;
	if ((tnm = fs_tree_lookup(&fs->tree, tdir, tname)) != NULL) {
		if (tnm == fnm || tnm->node == n)
			goto out;	/* already one file: nothing to do */
		if ((flags & RENAME_NOREPLACE) || tnm->node->type != FS_FILE ||
		    n->type != FS_FILE) {
			err = -EEXIST;
			goto out;
		}
		if (tnm->node->allocated && (err = fs_journal_room(fs)) < 0)
			goto out;
		fs_name_unpersist(fs, tnm);
		n = tnm->node;
		fs_tree_remove(&fs->tree, tnm);
		fs_file_unlinked(fs, n);
		n = fnm->node;
	}
	nm = fs_tree_add(&fs->tree, tdir, tname, n);
	if ((err = fs_name_persist(fs, nm)) < 0) {
		fs_tree_remove(&fs->tree, nm);
		goto out;
	}
	fs_name_unpersist(fs, fnm);
	fs_tree_remove(&fs->tree, fnm);
	if (n->type == FS_DIR) {	/* its one name is the new one */
		n->dir_parent = tdir;
		n->dir_name = nm->name;
	}
	clock_gettime(CLOCK_REALTIME, &n->ctime);
out:
	ops_leave(fs);
	return err;
}

static int
ops_setattr_node(struct fs *fs, struct fs_node *n)
{
	clock_gettime(CLOCK_REALTIME, &n->ctime);
	if (n->type == FS_DEVNODE) {
		fs->state.hdr->devnode_mode = (uint32_t)(n->mode & 07777);
		fs->state.hdr->devnode_uid = (uint32_t)n->uid;
		fs->state.hdr->devnode_gid = (uint32_t)n->gid;
		return 0;
	}
	return fs_file_persist(fs, n);
}

static int
ops_settable(const struct fs_node *n)
{
	return n->type == FS_FILE || n->type == FS_DIR ||
	    n->type == FS_DEVNODE;
}

static int
ops_chmod(const char *path, mode_t mode, struct fuse_file_info *fi)
{
	struct fs *fs = ops_enter();
	struct fs_node *n;
	int err;

	if ((n = ops_node(fs, path, fi, &err)) == NULL)
		goto out;
	if (!ops_settable(n)) {
		err = -EPERM;
		goto out;
	}
	n->mode = (n->mode & S_IFMT) | (mode & 07777);
	err = ops_setattr_node(fs, n);
out:
	ops_leave(fs);
	return err;
}

static int
ops_chown(const char *path, uid_t uid, gid_t gid, struct fuse_file_info *fi)
{
	struct fs *fs = ops_enter();
	struct fs_node *n;
	int err;

	if ((n = ops_node(fs, path, fi, &err)) == NULL)
		goto out;
	if (!ops_settable(n)) {
		err = -EPERM;
		goto out;
	}
	if (uid != (uid_t)-1)
		n->uid = uid;
	if (gid != (gid_t)-1)
		n->gid = gid;
	err = ops_setattr_node(fs, n);
out:
	ops_leave(fs);
	return err;
}

static int
ops_utimens(const char *path, const struct timespec tv[2],
    struct fuse_file_info *fi)
{
	struct fs *fs = ops_enter();
	struct fs_node *n;
	int err;

	if ((n = ops_node(fs, path, fi, &err)) == NULL)
		goto out;
	if (tv == NULL || tv[1].tv_nsec == UTIME_NOW)
		clock_gettime(CLOCK_REALTIME, &n->mtime);
	else if (tv[1].tv_nsec != UTIME_OMIT)
		n->mtime = tv[1];
	if (n->type == FS_FILE || n->type == FS_DIR)
		err = fs_file_persist(fs, n);
out:
	ops_leave(fs);
	return err;
}

/* ---- extended attributes ---- */

static int
ops_xattr_value(struct fs *fs, const struct fs_node *n, const char *name,
    char *buf, size_t len)
{
	if (strcmp(name, FS_ALIGN_XATTR) == 0)
		return n->align ? snprintf(buf, len, "%llu",
		    (unsigned long long)n->align) : -ENODATA;
	if (n->type != FS_FILE || !n->allocated)
		return -ENODATA;
	if (strcmp(name, "user.cma.start") == 0)
		return snprintf(buf, len, "0x%08llx",
		    (unsigned long long)n->start);
	if (strcmp(name, "user.cma.size") == 0)
		return snprintf(buf, len, "%llu", (unsigned long long)n->size);
	if (strcmp(name, "user.cma.region") == 0 && n->region)
		return snprintf(buf, len, "%s", n->region);
	if (strcmp(name, "user.cma.dev") == 0 && n->dev)
		return snprintf(buf, len, "%s", n->dev);
	if (strcmp(name, "user.cma.kind") == 0 && n->kind)
		return snprintf(buf, len, "%s", n->kind);
	return -ENODATA;
}

static int
ops_getxattr(const char *path, const char *name, char *value, size_t size)
{
	struct fs *fs = ops_enter();
	struct fs_node *n;
	char buf[256];
	int err, len = 0;

	if ((n = fs_tree_resolve(&fs->tree, path, &err)) == NULL)
		goto out;
	if ((len = ops_xattr_value(fs, n, name, buf, sizeof buf)) < 0) {
		err = len;
		goto out;
	}
	if (size == 0)
		err = len;
	else if ((size_t)len > size)
		err = -ERANGE;
	else {
		memcpy(value, buf, (size_t)len);
		err = len;
	}
out:
	ops_leave(fs);
	return err;
}

static int
ops_listxattr(const char *path, char *list, size_t size)
{
	static const char *const names[] = { FS_ALIGN_XATTR, "user.cma.start",
	    "user.cma.size", "user.cma.region", "user.cma.dev",
	    "user.cma.kind" };
	struct fs *fs = ops_enter();
	struct fs_node *n;
	char buf[256];
	size_t i, need = 0;
	int err;

	if ((n = fs_tree_resolve(&fs->tree, path, &err)) == NULL)
		goto out;
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		size_t l = strlen(names[i]) + 1;

		if (ops_xattr_value(fs, n, names[i], buf, sizeof buf) < 0)
			continue;
		if (size && need + l <= size)
			memcpy(list + need, names[i], l);
		need += l;
	}
	err = size && need > size ? -ERANGE : (int)need;
out:
	ops_leave(fs);
	return err;
}

static int
ops_setxattr(const char *path, const char *name, const char *value,
    size_t size, int flags)
{
	struct fs *fs = ops_enter();
	struct fs_node *n;
	uint64_t align;
	int err;

	if ((n = fs_tree_resolve(&fs->tree, path, &err)) == NULL)
		goto out;
	if (strncmp(name, "user.cma.", 9) != 0)
		err = -ENOTSUP;
	else if (strcmp(name, FS_ALIGN_XATTR) != 0)
		err = -EPERM;		/* the others describe the chunk */
	else if (n->type != FS_FILE && !(ops_is_dir(n) &&
	    n->role != FS_ROLE_NONE))
		err = -ENOTSUP;
	else if (n->type == FS_FILE && n->allocated)
		err = -EBUSY;		/* too late: it is placed */
	else if (fs_file_parse_align(value, size, &align) < 0)
		err = -EINVAL;
	else {
		n->align = align;
		if (n->type != FS_VDIR)
			err = fs_file_persist(fs, n);
	}
out:
	ops_leave(fs);
	return err;
}

static int
ops_removexattr(const char *path, const char *name)
{
	struct fs *fs = ops_enter();
	struct fs_node *n;
	int err;

	if ((n = fs_tree_resolve(&fs->tree, path, &err)) == NULL)
		goto out;
	if (strcmp(name, FS_ALIGN_XATTR) != 0)
		err = strncmp(name, "user.cma.", 9) == 0 ? -EPERM : -ENODATA;
	else if (n->align == 0)
		err = -ENODATA;
	else if (n->type == FS_FILE && n->allocated)
		err = -EBUSY;
	else {
		n->align = 0;
		if (n->type != FS_VDIR)
			err = fs_file_persist(fs, n);
	}
out:
	ops_leave(fs);
	return err;
}

/* ---- the rest ---- */

static int
ops_ioctl(const char *path, unsigned int cmd, void *arg,
    struct fuse_file_info *fi, unsigned int flags, void *data)
{
	struct ops_open *o = ops_fh(fi);
	struct fs *fs;
	int err;

	if (o == NULL || o->type != OPEN_DEV || cmd != IOCTL_CMA_ALLOC)
		return -ENOTTY;
	fs = ops_enter();
	err = fs_ioctl_alloc(fs, &o->dev, data);
	ops_leave(fs);
	return err;
}

static int
ops_statfs(const char *path, struct statvfs *sv)
{
	struct fs *fs = ops_enter();
	struct cma_region_info ri;
	uint64_t total = 0, free_b = 0;
	int i;

	for (i = 0; i < cma_region_count(fs->cma); i++)
		if (cma_region_get(fs->cma, i, &ri) == 0 && ri.allocator) {
			total += ri.size;
			free_b += ri.free;
		}
	ops_leave(fs);
	memset(sv, 0, sizeof *sv);
	sv->f_bsize = sv->f_frsize = CMA_PAGE_SIZE;
	sv->f_blocks = total / CMA_PAGE_SIZE;
	sv->f_bfree = sv->f_bavail = free_b / CMA_PAGE_SIZE;
	sv->f_files = FS_REC_CAP;
	sv->f_ffree = fs->state.nfree;
	sv->f_namemax = FS_NAME_MAX;
	return 0;
}

static void *
ops_init(struct fuse_conn_info *conn, struct fuse_config *cfg)
{
	cfg->use_ino = 1;
	cfg->hard_remove = 1;
	cfg->nullpath_ok = 1;
	return fuse_get_context()->private_data;
}

static const struct fuse_operations ops = {
	.init = ops_init,
	.getattr = ops_getattr,
	.opendir = ops_opendir,
	.readdir = ops_readdir,
	.releasedir = ops_releasedir,
	.mkdir = ops_mkdir,
	.rmdir = ops_rmdir,
	.create = ops_create,
	.open = ops_open,
	.read = ops_read,
	.write = ops_write,
	.truncate = ops_truncate,
	.fallocate = ops_fallocate,
	.flush = ops_flush,
	.release = ops_release,
	.fsync = ops_fsync,
	.unlink = ops_unlink,
	.link = ops_link,
	.rename = ops_rename,
	.chmod = ops_chmod,
	.chown = ops_chown,
	.utimens = ops_utimens,
	.getxattr = ops_getxattr,
	.listxattr = ops_listxattr,
	.setxattr = ops_setxattr,
	.removexattr = ops_removexattr,
	.ioctl = ops_ioctl,
	.statfs = ops_statfs,
};

const struct fuse_operations *
fs_fuse_operations(void)
{
	return &ops;
}
