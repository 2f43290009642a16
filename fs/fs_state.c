/*
 * The state file: what the filesystem must find again after the daemon
 * is killed.
 *
 * The trace store commits in batches, so its last few thousand events can
 * be lost with the process; the window's bytes cannot (they are a
 * MAP_SHARED file), and neither can this file, for the same reason: a
 * store into it is in the page cache the moment it is made, whatever
 * happens to the process next.  It holds
 *
 *	header	the layout the window was made for, the trace id, the map
 *	ring	the last FS_RING_CAP cma operations, each numbered; those the
 *		database lost are copied into it on the next mount
 *	records	the namespace: one record per file or directory and one per
 *		name, each valid once its `state` word is set
 *
 * A flock on the file keeps a second daemon off the same window.  The file
 * is sparse: untouched records cost nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs.h"
#include "xmalloc.h"

#define FS_STATE_VERSION 1u

_Static_assert(sizeof(struct fs_ring_entry) == 512, "ring entries are 512");
_Static_assert(sizeof(struct fs_rec) == 384, "records are 384 bytes");
_Static_assert(sizeof(struct fs_state_header) <= 16384, "header fits");

#define FS_HDR_BYTES	16384u

static size_t
state_length(void)
{
	return FS_HDR_BYTES + (size_t)FS_RING_CAP * sizeof(struct fs_ring_entry)
	    + (size_t)FS_REC_CAP * sizeof(struct fs_rec);
}

static int
state_map(struct fs_state *st, struct cma_err *err)
{
	char *base;

	base = mmap(NULL, st->length, PROT_READ | PROT_WRITE, MAP_SHARED,
	    st->fd, 0);
	if (base == MAP_FAILED) {
		cma_err_set(err, "%s: mmap: %s", st->path, strerror(errno));
		return -errno;
	}
	st->hdr = (struct fs_state_header *)base;
	st->ring = (struct fs_ring_entry *)(base + FS_HDR_BYTES);
	st->recs = (struct fs_rec *)(base + FS_HDR_BYTES +
	    (size_t)FS_RING_CAP * sizeof(struct fs_ring_entry));
	return 0;
}

static int
state_check(struct fs_state *st, struct cma_err *err)
{
	const struct fs_state_header *h = st->hdr;

	if (memcmp(h->magic, FS_STATE_MAGIC, sizeof FS_STATE_MAGIC) != 0) {
		cma_err_set(err, "%s: not a cma filesystem state file",
		    st->path);
		return -EINVAL;
	}
	if (h->version != FS_STATE_VERSION || h->ring_cap != FS_RING_CAP ||
	    h->rec_cap != FS_REC_CAP || h->map_slot > 1) {
		cma_err_set(err, "%s: state file of another version (%u)",
		    st->path, h->version);
		return -EINVAL;
	}
	return 0;
}

static void
state_init_header(struct fs_state *st)
{
	struct fs_state_header *h = st->hdr;

	h->version = FS_STATE_VERSION;
	h->ring_cap = FS_RING_CAP;
	h->rec_cap = FS_REC_CAP;
	h->next_ino = 1000;
	h->devnode_mode = 0600;
	h->devnode_uid = (uint32_t)getuid();
	h->devnode_gid = (uint32_t)getgid();
	memcpy(h->magic, FS_STATE_MAGIC, sizeof FS_STATE_MAGIC);
}

static void
state_collect_free(struct fs_state *st)
{
	uint32_t i;

	st->free_recs = xcalloc(FS_REC_CAP, sizeof *st->free_recs);
	st->nfree = 0;
	/* Pushed high to low so slots are handed out low first. */
	for (i = FS_REC_CAP; i-- > 0;)
		if (st->recs[i].state != FS_REC_NODE &&
		    st->recs[i].state != FS_REC_NAME)
			st->free_recs[st->nfree++] = i;
}

int
fs_state_open(const char *path, struct fs_state *st, struct cma_err *err)
{
	struct stat sb;
	int ret;

	memset(st, 0, sizeof *st);
	st->path = xstrdup(path);
	st->length = state_length();
	st->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (st->fd < 0) {
		ret = -errno;
		cma_err_set(err, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (flock(st->fd, LOCK_EX | LOCK_NB) < 0) {
		ret = -EBUSY;
		cma_err_set(err, "%s: in use by another cma mount", path);
		goto fail;
	}
	if (fstat(st->fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		ret = -EINVAL;
		cma_err_set(err, "%s: not a regular file", path);
		goto fail;
	}
	st->fresh = sb.st_size == 0;
	if (!st->fresh && (size_t)sb.st_size != st->length) {
		ret = -EINVAL;
		cma_err_set(err, "%s: not a cma filesystem state file (size %lld)",
		    path, (long long)sb.st_size);
		goto fail;
	}
	if (st->fresh && ftruncate(st->fd, (off_t)st->length) < 0) {
		ret = -errno;
		cma_err_set(err, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if ((ret = state_map(st, err)) < 0)
		goto fail;
	if (st->fresh)
		state_init_header(st);
	else if ((ret = state_check(st, err)) < 0)
		goto fail_unmap;
	state_collect_free(st);
	return 0;

fail_unmap:
	munmap(st->hdr, st->length);
fail:
	if (st->fd >= 0)
		close(st->fd);
	free(st->path);
	memset(st, 0, sizeof *st);
	return ret;
}

void
fs_state_close(struct fs_state *st)
{
	if (st->hdr == NULL)
		return;
	msync(st->hdr, st->length, MS_SYNC);
	munmap(st->hdr, st->length);
	close(st->fd);		/* drops the flock */
	free(st->free_recs);
	free(st->path);
	memset(st, 0, sizeof *st);
}

int
fs_state_rec_alloc(struct fs_state *st, uint32_t *slot)
{
	if (st->nfree == 0)
		return -ENOSPC;
	*slot = st->free_recs[--st->nfree];
	memset(&st->recs[*slot], 0, sizeof st->recs[*slot]);
	return 0;
}

void
fs_state_rec_publish(struct fs_state *st, uint32_t slot, uint32_t state)
{
	/* Everything written to the record before is in place first. */
	__atomic_store_n(&st->recs[slot].state, state, __ATOMIC_RELEASE);
}

void
fs_state_rec_free(struct fs_state *st, uint32_t slot)
{
	__atomic_store_n(&st->recs[slot].state, FS_REC_FREE, __ATOMIC_RELEASE);
	st->free_recs[st->nfree++] = slot;
}

void
fs_state_set_map(struct fs_state *st, const char *map)
{
	uint32_t next = st->hdr->map_slot ^ 1u;

	snprintf(st->hdr->map[next], sizeof st->hdr->map[next], "%s", map);
	__atomic_store_n(&st->hdr->map_slot, next, __ATOMIC_RELEASE);
}

const char *
fs_state_map(const struct fs_state *st)
{
	return st->hdr->map[st->hdr->map_slot];
}

int
fs_state_sync(struct fs_state *st)
{
	return msync(st->hdr, st->length, MS_SYNC) < 0 ? -errno : 0;
}
