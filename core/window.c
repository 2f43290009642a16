/*
 * The physical window: a sparse file standing in for the board's DRAM.
 *
 * The file starts with one header page naming the memory layout it was made
 * for, so reopening it under another board is refused instead of quietly
 * showing one bank's bytes at another's addresses.  The banks follow back
 * to back in board order.  The whole file is mmap'd MAP_SHARED: bytes
 * written through a pointer, pwrite() on the fd or a FUSE read all meet in
 * the page cache, and survive the process.
 */
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cma_int.h"
#include "cma/window.h"

#define WINDOW_MAGIC	"CMAWIN1"
#define WINDOW_HEADER	CMA_PAGE_SIZE

struct cma_window {
	int		 fd;
	uint8_t		*base;
	uint64_t	 length;
	int		 nbanks;
	struct cma_range banks[CMA_BOARD_MAX_BANKS];
	uint64_t	 offset[CMA_BOARD_MAX_BANKS];	/* file offset of bank */
};

static void
window_put64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void
window_header(const struct cma_window *w, uint8_t *hdr)
{
	int i;

	memset(hdr, 0, WINDOW_HEADER);
	memcpy(hdr, WINDOW_MAGIC, sizeof WINDOW_MAGIC);
	window_put64(hdr + 8, (uint64_t)w->nbanks);
	for (i = 0; i < w->nbanks; i++) {
		window_put64(hdr + 16 + 16 * i, w->banks[i].start);
		window_put64(hdr + 24 + 16 * i, w->banks[i].size);
	}
}

static int
window_layout(struct cma_window *w, const struct cma_board *b,
    struct cma_err *err)
{
	uint64_t off = WINDOW_HEADER;
	int i;

	w->nbanks = b->nbanks;
	for (i = 0; i < b->nbanks; i++) {
		w->banks[i] = b->banks[i];
		w->offset[i] = off;
		if (off > UINT64_MAX - b->banks[i].size ||
		    off + b->banks[i].size > (uint64_t)INT64_MAX) {
			cma_err_set(err, "board '%s' is too large for a window "
			    "file", b->name);
			return -EFBIG;
		}
		off += b->banks[i].size;
	}
	w->length = off;
	return 0;
}

/* Write the header into a new file, or check the one already there. */
static int
window_claim(struct cma_window *w, const char *path, struct cma_err *err)
{
	uint8_t want[WINDOW_HEADER], have[WINDOW_HEADER];
	struct stat st;
	ssize_t n;

	window_header(w, want);
	if (fstat(w->fd, &st) < 0)
		goto io_error;
	if (!S_ISREG(st.st_mode)) {
		/* A block device reports size 0 and would get a header. */
		cma_err_set(err, "%s: not a regular file", path);
		return -EINVAL;
	}
	if (st.st_size == 0) {
		if (pwrite(w->fd, want, sizeof want, 0) != (ssize_t)sizeof want)
			goto io_error;
	} else {
		n = pread(w->fd, have, sizeof have, 0);
		if (n != (ssize_t)sizeof have ||
		    memcmp(have, WINDOW_MAGIC, sizeof WINDOW_MAGIC) != 0) {
			cma_err_set(err, "%s: not a window file (refusing to "
			    "overwrite it)", path);
			return -EINVAL;
		}
		if (memcmp(have, want, sizeof want) != 0) {
			cma_err_set(err, "%s: made for a different memory "
			    "layout; use another --window or remove it", path);
			return -EINVAL;
		}
	}
	if ((uint64_t)st.st_size < w->length &&
	    ftruncate(w->fd, (off_t)w->length) < 0)
		goto io_error;
	return 0;

io_error:
	cma_err_set(err, "%s: %s", path, strerror(errno));
	return errno ? -errno : -EIO;
}

int
cma_window_open(const struct cma_board *board, const char *path,
    struct cma_window **out, struct cma_err *err)
{
	struct cma_window *w = xcalloc(1, sizeof *w);
	void *base;
	int ret;

	*out = NULL;
	w->fd = -1;
	if ((ret = window_layout(w, board, err)) < 0)
		goto fail;
	w->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (w->fd < 0) {
		ret = -errno;
		cma_err_set(err, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if ((ret = window_claim(w, path, err)) < 0)
		goto fail;
	base = mmap(NULL, (size_t)w->length, PROT_READ | PROT_WRITE,
	    MAP_SHARED, w->fd, 0);
	if (base == MAP_FAILED) {
		ret = -errno;
		cma_err_set(err, "%s: mmap: %s", path, strerror(errno));
		goto fail;
	}
	w->base = base;
	*out = w;
	return 0;

fail:
	if (w->fd >= 0)
		close(w->fd);
	free(w);
	return ret;
}

void
cma_window_close(struct cma_window *w)
{
	if (w == NULL)
		return;
	munmap(w->base, (size_t)w->length);
	close(w->fd);
	free(w);
}

int
cma_window_offset(const struct cma_window *w, uint64_t phys, uint64_t len,
    uint64_t *off)
{
	int i;

	for (i = 0; i < w->nbanks; i++) {
		const struct cma_range *b = &w->banks[i];

		if (phys >= b->start && len <= b->size &&
		    phys - b->start <= b->size - len) {
			*off = w->offset[i] + (phys - b->start);
			return 0;
		}
	}
	return -EFAULT;
}

void *
cma_window_ptr(const struct cma_window *w, uint64_t phys, uint64_t len)
{
	uint64_t off;

	if (cma_window_offset(w, phys, len, &off) < 0)
		return NULL;
	return w->base + off;
}

int
cma_window_phys(const struct cma_window *w, const void *p, uint64_t *phys)
{
	const uint8_t *q = p;
	uint64_t off;
	int i;

	if (q < w->base + WINDOW_HEADER || q >= w->base + w->length)
		return -EFAULT;
	off = (uint64_t)(q - w->base);
	for (i = 0; i < w->nbanks; i++)
		if (off >= w->offset[i] && off - w->offset[i] <
		    w->banks[i].size) {
			*phys = w->banks[i].start + (off - w->offset[i]);
			return 0;
		}
	return -EFAULT;
}

int
cma_window_fd(const struct cma_window *w)
{
	return w->fd;
}

uint64_t
cma_window_length(const struct cma_window *w)
{
	return w->length;
}

int
cma_window_sync(struct cma_window *w)
{
	return msync(w->base, (size_t)w->length, MS_SYNC) < 0 ? -errno : 0;
}
