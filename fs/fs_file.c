/*
 * What the file operations do to the allocator.
 *
 *  - A new file has no chunk.  Sizing it (truncate, fallocate) allocates:
 *    for the device (and kind) its directory names, or from the region its
 *    directory names, with the alignment of user.cma.align on the file or
 *    the nearest directory (default: a page).  Out of memory is ENOSPC.
 *  - Bytes written to a file without a chunk are staged in memory and the
 *    chunk is allocated, at the staged size, when the file is closed (or
 *    synced): that is how cp, dd and `>` make allocations, one per file.
 *  - An allocated file's size is fixed: any other size is EINVAL, a write
 *    past its end EFBIG.
 *  - Each name of an allocated file holds one reference (ln = cma_get,
 *    rm = cma_put); the last put waits for the last close, as an unlinked
 *    open file goes on existing in Unix.
 *
 * Each change is written to the state file in an order that leaves it
 * consistent at every instant: an allocation is recorded after the chunk
 * exists, a name is dropped before its reference is, so after a crash
 * the worst left behind is a chunk nobody names, which the next mount
 * frees.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fs.h"
#include "xmalloc.h"

static int64_t
file_ns(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;
}

/* The inode of the directory a persisted name lives in. */
static uint64_t
file_dir_ino(const struct fs_node *dir)
{
	return dir->ino;
}

/* A node record keeps its allocation's device and kind in its name
 * field ("dev\0kind\0"), which only name records use for a name. */
void
fs_rec_pack_devkind(struct fs_rec *r, const char *dev, const char *kind)
{
	size_t d = dev ? strlen(dev) : 0, k = kind ? strlen(kind) : 0;

	memset(r->name, 0, sizeof r->name);
	if (d + k + 2 > sizeof r->name)
		return;
	if (dev)
		memcpy(r->name, dev, d);
	if (kind) {
		memcpy(r->name + d + 1, kind, k);
		r->name[sizeof r->name - 1] = 'k';	/* a kind is there */
	}
}

void
fs_rec_unpack_devkind(const struct fs_rec *r, char **dev, char **kind)
{
	size_t d = strnlen(r->name, sizeof r->name);

	*dev = d && d < sizeof r->name ? xstrndup(r->name, d) : NULL;
	*kind = r->name[sizeof r->name - 1] == 'k' && d + 1 < sizeof r->name ?
	    xstrndup(r->name + d + 1, sizeof r->name - d - 2) : NULL;
}

int
fs_file_persist(struct fs *fs, struct fs_node *n)
{
	struct fs_rec *r;
	uint32_t slot;
	int fresh = n->rec == UINT32_MAX;

	if (fresh) {
		if (fs_state_rec_alloc(&fs->state, &slot) < 0)
			return -ENOSPC;
		n->rec = slot;
	}
	r = &fs->state.recs[n->rec];
	r->is_dir = n->type == FS_DIR;
	r->ino = n->ino;
	r->mode = (uint32_t)n->mode;
	r->uid = (uint32_t)n->uid;
	r->gid = (uint32_t)n->gid;
	r->align = n->align;
	r->mtime_ns = file_ns(&n->mtime);
	r->ctime_ns = file_ns(&n->ctime);
	if (!n->allocated)
		r->size = 0;	/* staged bytes are not kept */
	if (n->allocated && !r->allocated) {
		fs_rec_pack_devkind(r, n->dev, n->kind);
		r->start = n->start;
		r->size = n->size;
		__atomic_store_n(&r->allocated, 1u, __ATOMIC_RELEASE);
	}
	if (fresh)
		fs_state_rec_publish(&fs->state, n->rec, FS_REC_NODE);
	return 0;
}

void
fs_node_unpersist(struct fs *fs, struct fs_node *n)
{
	if (n->rec != UINT32_MAX) {
		fs_state_rec_free(&fs->state, n->rec);
		n->rec = UINT32_MAX;
	}
}

int
fs_name_persist(struct fs *fs, struct fs_name *nm)
{
	struct fs_rec *r;
	uint32_t slot;

	if (fs_state_rec_alloc(&fs->state, &slot) < 0)
		return -ENOSPC;
	r = &fs->state.recs[slot];
	r->ino = nm->node->ino;
	r->parent = file_dir_ino(nm->parent);
	snprintf(r->name, sizeof r->name, "%s", nm->name);
	fs_state_rec_publish(&fs->state, slot, FS_REC_NAME);
	nm->rec = slot;
	return 0;
}

void
fs_name_unpersist(struct fs *fs, struct fs_name *nm)
{
	if (nm->rec != UINT32_MAX) {
		fs_state_rec_free(&fs->state, nm->rec);
		nm->rec = UINT32_MAX;
	}
}

int
fs_file_parse_align(const char *value, size_t len, uint64_t *align)
{
	char buf[64];
	const char *end;
	uint64_t v;

	/* A trailing NUL, newline or blank is how some tools end a value;
	 * a NUL anywhere else would hide the rest of it. */
	while (len > 0 && (value[len - 1] == '\n' || value[len - 1] == ' ' ||
	    value[len - 1] == '\0'))
		len--;
	if (len == 0 || len >= sizeof buf || memchr(value, '\0', len))
		return -EINVAL;
	memcpy(buf, value, len);
	buf[len] = '\0';
	if (cma_memparse(buf, &end, &v) < 0 || *end != '\0')
		return -EINVAL;
	if (v & (v - 1))
		return -EINVAL;
	*align = v;
	return 0;
}

uint64_t
fs_file_align(const struct fs_node *dir, const struct fs_node *n)
{
	if (n->align)
		return n->align;
	for (; dir; dir = dir->dir_parent)
		if (dir->align)
			return dir->align;
	return 0;
}

static void
file_set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = s ? xstrdup(s) : NULL;
}

/* cma_alloc or cma_alloc_from, as the directory says. */
static int
file_cma_alloc(struct fs *fs, struct fs_node *dir, struct fs_node *n,
    uint64_t size, uint64_t *start)
{
	uint64_t align = fs_file_align(dir, n);
	int ret;

	switch (dir->role) {
	case FS_ROLE_DEVICE:
		ret = cma_alloc(fs->cma, dir->dir_name, NULL, size, align,
		    start);
		file_set_str(&n->dev, dir->dir_name);
		file_set_str(&n->kind, NULL);
		break;
	case FS_ROLE_KIND:
		ret = cma_alloc(fs->cma, dir->dir_parent->dir_name,
		    dir->dir_name, size, align, start);
		file_set_str(&n->dev, dir->dir_parent->dir_name);
		file_set_str(&n->kind, dir->dir_name);
		break;
	case FS_ROLE_REGION:
		ret = cma_alloc_from(fs->cma, dir->dir_name, size, align,
		    start);
		file_set_str(&n->dev, NULL);
		file_set_str(&n->kind, NULL);
		break;
	default:
		return -EPERM;
	}
	return ret == -ENOMEM ? -ENOSPC : ret;
}

static void
file_note_region(struct fs *fs, struct fs_node *n)
{
	struct cma_chunk_info ci;
	struct cma_region_info ri;

	if (cma_chunk_find(fs->cma, n->start, &ci) == 0 &&
	    cma_region_get(fs->cma, ci.region, &ri) == 0)
		file_set_str(&n->region, ri.name);
}

static void
file_drop_staging(struct fs_node *n)
{
	free(n->staging);
	n->staging = NULL;
	n->staging_cap = 0;
}

static int
file_allocate(struct fs *fs, struct fs_node *dir, struct fs_node *n,
    uint64_t size)
{
	uint64_t start;
	unsigned i;
	void *p;
	int ret;

	if ((ret = fs_journal_room(fs)) < 0 ||
	    (ret = file_cma_alloc(fs, dir, n, size, &start)) < 0)
		return ret;
	/* Every other name holds a reference too. */
	for (i = 1; i < n->nlink; i++)
		cma_get(fs->cma, start);
	p = cma_window_ptr(fs->window, start, size);
	if (n->staging && p)
		memcpy(p, n->staging, n->staging_cap < size ?
		    n->staging_cap : size);
	file_drop_staging(n);
	n->allocated = 1;
	n->start = start;
	n->size = size;
	n->seq = fs->generation;
	file_note_region(fs, n);
	clock_gettime(CLOCK_REALTIME, &n->mtime);
	n->ctime = n->mtime;
	return fs_file_persist(fs, n);
}

int
fs_file_size(struct fs *fs, struct fs_node *dir, struct fs_node *n,
    uint64_t size)
{
	if (n->allocated)
		return size == n->size ? 0 : -EINVAL;
	if (size == 0) {
		file_drop_staging(n);
		n->size = 0;
		return 0;
	}
	return file_allocate(fs, dir, n, size);
}

int
fs_file_stage(struct fs *fs, struct fs_node *n, const char *buf, size_t len,
    uint64_t off)
{
	uint64_t end = off + len;
	size_t cap;
	char *p;

	if (end < off || end > fs->max_region)
		return -ENOSPC;		/* no region could hold it */
	if (end > n->staging_cap) {
		cap = n->staging_cap ? n->staging_cap : 65536;
		while (cap < end)
			cap *= 2;
		if (cap > fs->max_region)
			cap = fs->max_region;
		p = xrealloc(n->staging, cap);
		memset(p + n->staging_cap, 0, cap - n->staging_cap);
		n->staging = p;
		n->staging_cap = cap;
	}
	memcpy(n->staging + off, buf, len);
	if (end > n->size)
		n->size = end;
	return 0;
}

int
fs_file_commit_staged(struct fs *fs, struct fs_node *dir, struct fs_node *n)
{
	int ret;

	if (n->allocated || n->staging == NULL)
		return 0;
	if (n->size == 0 || dir == NULL) {
		file_drop_staging(n);
		n->size = 0;
		return 0;
	}
	ret = file_allocate(fs, dir, n, n->size);
	if (ret < 0) {
		/* Nothing half-done: the file stays empty. */
		file_drop_staging(n);
		n->size = 0;
	}
	return ret;
}

int
fs_file_link(struct fs *fs, struct fs_node *n)
{
	return n->allocated ? cma_get(fs->cma, n->start) : 0;
}

static void
file_release_chunk(struct fs *fs, struct fs_node *n)
{
	if (n->allocated)
		cma_put(fs->cma, n->start);
	n->allocated = 0;
}

int
fs_file_unlinked(struct fs *fs, struct fs_node *n)
{
	if (n->nlink > 0) {
		if (n->allocated)
			cma_put(fs->cma, n->start);
		return 0;
	}
	fs_node_unpersist(fs, n);
	if (n->opens > 0)
		return 0;	/* the last close frees it */
	file_release_chunk(fs, n);
	fs_node_free(n);
	return 1;
}

void
fs_file_closed(struct fs *fs, struct fs_node *n)
{
	if (--n->opens > 0 || n->nlink > 0)
		return;
	file_release_chunk(fs, n);
	fs_node_free(n);
}

void *
fs_file_bytes(struct fs *fs, struct fs_node *n)
{
	return n->allocated ? cma_window_ptr(fs->window, n->start, n->size) :
	    NULL;
}
