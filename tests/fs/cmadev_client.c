/*
 * A client of the v1 /dev/cma ABI (include/cma/cmadev.h), run against the
 * `cma` node of a mount: every rule of the ABI once, then a chunk written
 * through mmap and read back through read(2) and through the window file.
 *
 *	cmadev_client NODE MOUNTPOINT WINDOW
 *	cmadev_client --mmap FILE	(an allocation file: mmap, write, read)
 *
 * Prints one line per check ("ok"/"FAIL"), the chunk's address, and exits
 * non-zero if any check failed.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cma/cmadev.h"

#define CLIENT_SIZE	(1u << 20)
#define WINDOW_HEADER	4096	/* the window file's header page */
#define WINDOW_BASE	0x30000000ull	/* goni: the first bank */

static int failures;

static void
check(int cond, const char *what)
{
	printf("%s %s\n", cond ? "ok  " : "FAIL", what);
	if (!cond)
		failures++;
}

static void
request(struct cma_alloc_request *r, const char *name, const char *kind,
    uint64_t size)
{
	memset(r, 0, sizeof *r);
	r->magic = CMA_MAGIC;
	snprintf(r->name, sizeof r->name, "%s", name);
	snprintf(r->kind, sizeof r->kind, "%s", kind);
	r->size = size;
}

static int
alloc_errno(int fd, struct cma_alloc_request *r)
{
	return ioctl(fd, IOCTL_CMA_ALLOC, r) == 0 ? 0 : errno;
}

/* The listing line of the chunk at start, 1 if present. */
static int
listed(const char *mnt, uint64_t start)
{
	char path[4096], line[4096], want[32];
	int found = 0;
	FILE *f;

	snprintf(path, sizeof path, "%s/chunks", mnt);
	snprintf(want, sizeof want, "0x%08" PRIx64 " ", start);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, want, strlen(want)) == 0 &&
		    strstr(line, " cma\n"))
			found = 1;
	fclose(f);
	return found;
}

static void
check_refusals(const char *node)
{
	struct cma_alloc_request r;
	char b;
	int fd = open(node, O_RDWR);

	check(fd >= 0, "open the node");
	if (fd < 0)
		exit(1);
	request(&r, "s5p-mfc5", "a", CLIENT_SIZE);
	r.magic = 0x12345678;
	check(alloc_errno(fd, &r) == ENOTTY, "a wrong magic is ENOTTY");
	request(&r, "s5p-mfc5", "a", CLIENT_SIZE);
	memset(r.name, 'x', sizeof r.name);
	check(alloc_errno(fd, &r) == EINVAL, "an unterminated name is EINVAL");
	request(&r, "s5p-mfc5", "a", CLIENT_SIZE);
	memset(r.kind, 'y', sizeof r.kind);
	check(alloc_errno(fd, &r) == EINVAL, "an unterminated kind is EINVAL");
	check(ioctl(fd, _IOWR('p', 7, struct cma_alloc_request), &r) < 0 &&
	    errno == ENOTTY, "another command is ENOTTY");
	check(read(fd, &b, 1) < 0 && errno == EBADFD,
	    "reading before an allocation is EBADFD");
	request(&r, "s5p-mfc5", "a", 1ull << 30);
	check(alloc_errno(fd, &r) == ENOMEM, "1 GiB is ENOMEM");
	request(&r, "s5p-mfc5", "a", 3000);
	r.alignment = 3000;
	check(alloc_errno(fd, &r) == EINVAL, "alignment 3000 is EINVAL");
	close(fd);
}

static void
fill(uint32_t *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		w[i] = (uint32_t)i ^ 0x5a5a0000u;
}

static int
verify(const uint32_t *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (w[i] != ((uint32_t)i ^ 0x5a5a0000u))
			return 0;
	return 1;
}

static void
check_window(const char *window, uint64_t start)
{
	uint32_t *buf = malloc(CLIENT_SIZE);
	int fd = open(window, O_RDONLY);

	check(fd >= 0 && pread(fd, buf, CLIENT_SIZE, (off_t)(WINDOW_HEADER +
	    start - WINDOW_BASE)) == CLIENT_SIZE && verify(buf,
	    CLIENT_SIZE / 4), "the bytes are in the window at the address");
	if (fd >= 0)
		close(fd);
	free(buf);
}

static uint64_t
check_chunk(const char *node, const char *mnt, const char *window)
{
	struct cma_alloc_request r;
	uint32_t *map, *buf = malloc(CLIENT_SIZE);
	int fd = open(node, O_RDWR);
	uint64_t start;

	request(&r, "s5p-mfc5", "a", CLIENT_SIZE);
	check(fd >= 0 && alloc_errno(fd, &r) == 0, "allocate 1 MiB for "
	    "s5p-mfc5/a");
	if (fd < 0 || r.start == 0)
		exit(1);
	start = r.start;
	printf("start 0x%08" PRIx64 "\n", start);
	check(start >= 0x33000000ull && start < 0x35000000ull,
	    "the map sends s5p-mfc5/a to b1");
	check(alloc_errno(fd, &r) == EBADFD, "a second allocation is EBADFD");
	check(listed(mnt, start) == 1, "the chunk is listed as the node's");
	map = mmap(NULL, CLIENT_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
	    0);
	check(map != MAP_FAILED, "mmap the chunk");
	if (map != MAP_FAILED) {
		fill(map, CLIENT_SIZE / 4);
		check(msync(map, CLIENT_SIZE, MS_SYNC) == 0, "msync");
		munmap(map, CLIENT_SIZE);
	}
	check(pread(fd, buf, CLIENT_SIZE, 0) == CLIENT_SIZE &&
	    verify(buf, CLIENT_SIZE / 4), "read(2) sees what mmap wrote");
	check_window(window, start);
	close(fd);
	free(buf);
	return start;
}

/* An allocation file mapped, written through the mapping, read back. */
static int
mmap_file(const char *path)
{
	int fd = open(path, O_RDWR);
	off_t size = fd >= 0 ? lseek(fd, 0, SEEK_END) : -1;
	uint32_t *map, *buf;

	check(size > 0, "the file has a size");
	if (size <= 0)
		return 1;
	map = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
	    0);
	check(map != MAP_FAILED, "mmap the file");
	if (map == MAP_FAILED)
		return 1;
	fill(map, (size_t)size / 4);
	check(msync(map, (size_t)size, MS_SYNC) == 0, "msync");
	munmap(map, (size_t)size);
	buf = malloc((size_t)size);
	check(pread(fd, buf, (size_t)size, 0) == size &&
	    verify(buf, (size_t)size / 4), "read(2) sees what mmap wrote");
	free(buf);
	close(fd);
	printf("%d failed\n", failures);
	return failures ? 1 : 0;
}

int
main(int argc, char **argv)
{
	uint64_t start;
	int i;

	if (argc == 3 && strcmp(argv[1], "--mmap") == 0)
		return mmap_file(argv[2]);
	if (argc != 4) {
		fprintf(stderr, "usage: cmadev_client NODE MOUNTPOINT WINDOW\n");
		return 2;
	}
	check_refusals(argv[1]);
	start = check_chunk(argv[1], argv[2], argv[3]);
	/* close is asynchronous in FUSE (release): wait for it. */
	for (i = 0; i < 200 && listed(argv[2], start) == 1; i++)
		usleep(10000);
	check(listed(argv[2], start) == 0, "close freed the chunk");
	printf("%d failed\n", failures);
	return failures ? 1 : 0;
}
