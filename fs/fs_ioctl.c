/*
 * The `cma` node: the v1 /dev/cma test device (include/cma/cmadev.h).
 *
 * Each open file starts without a chunk; IOCTL_CMA_ALLOC gives it one,
 * close frees it.  The checks come in the v1 driver's order, so a client
 * sees the same errno for the same mistake.  The kernel does the copying
 * of the 64-byte request in and out (FUSE's restricted ioctls carry the
 * size in the command), so a bad pointer is EFAULT before we see it.
 */
#include <errno.h>
#include <string.h>

#include "cma/cmadev.h"
#include "fs.h"

static int
ioctl_terminated(const char *s, size_t len)
{
	return memchr(s, '\0', len) != NULL;
}

int
fs_ioctl_alloc(struct fs *fs, struct fs_devfile *df, void *data)
{
	struct cma_alloc_request *req = data;
	uint64_t start;
	int ret;

	if (req == NULL)
		return -EINVAL;
	if (df->has_chunk)
		return -EBADFD;
	if (req->magic != (uint32_t)CMA_MAGIC)
		return -ENOTTY;
	if (!ioctl_terminated(req->name, sizeof req->name) ||
	    !ioctl_terminated(req->kind, sizeof req->kind))
		return -EINVAL;
	if ((ret = fs_journal_room(fs)) < 0)
		return ret;
	ret = cma_alloc(fs->cma, req->name, req->kind[0] ? req->kind : NULL,
	    req->size, req->alignment, &start);
	if (ret < 0)
		return ret;
	req->start = start;
	df->has_chunk = 1;
	df->start = start;
	df->size = req->size;
	df->seq = fs->generation;
	memcpy(df->dev, req->name, sizeof df->dev);
	memcpy(df->kind, req->kind, sizeof df->kind);
	return 0;
}

void
fs_ioctl_release(struct fs *fs, struct fs_devfile *df)
{
	if (df->has_chunk)
		cma_put(fs->cma, df->start);
	df->has_chunk = 0;
}
