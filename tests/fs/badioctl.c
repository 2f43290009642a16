/*
 * Malformed use of the `cma` node of a mount (include/cma/cmadev.h), one
 * case per line: each must fail with its errno and leave the daemon
 * serving.
 *
 *	badioctl NODE FILE	(FILE: an allocated file of the same mount)
 *
 * Prints "ok"/"FAIL" per case, then "N inputs tried, N failed"; exits
 * non-zero if any case did not fail as it should.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cma/cmadev.h"

static int tried, failures;
static sigjmp_buf fault_jmp;

static void
check(int cond, const char *what)
{
	int e = errno;

	tried++;
	printf("%s %s", cond ? "ok  " : "FAIL", what);
	if (!cond) {
		printf(" (last error: %s)", strerror(e));
		failures++;
	}
	printf("\n");
}

static void
request(struct cma_alloc_request *r, uint64_t size)
{
	memset(r, 0, sizeof *r);
	r->magic = CMA_MAGIC;
	snprintf(r->name, sizeof r->name, "%s", "s5p-mfc5");
	snprintf(r->kind, sizeof r->kind, "%s", "a");
	r->size = size;
}

/* The errno of one ioctl (0: it succeeded). */
static int
try_ioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) == 0 ? 0 : errno;
}

static int
open_node(const char *node)
{
	int fd = open(node, O_RDWR);

	if (fd < 0) {
		perror(node);
		exit(1);
	}
	return fd;
}

static void
on_fault(int sig)
{
	(void)sig;
	siglongjmp(fault_jmp, 1);
}

/* 1 if touching p faults (SIGBUS/SIGSEGV), 0 if it reads. */
static int
touch_faults(const volatile char *p)
{
	struct sigaction sa, old_bus, old_segv;
	volatile int faulted = 0;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_fault;
	sigaction(SIGBUS, &sa, &old_bus);
	sigaction(SIGSEGV, &sa, &old_segv);
	if (sigsetjmp(fault_jmp, 1) == 0)
		(void)p[0];
	else
		faulted = 1;
	sigaction(SIGBUS, &old_bus, NULL);
	sigaction(SIGSEGV, &old_segv, NULL);
	return faulted;
}

/* Requests the node refuses before allocating anything. */
static void
bad_requests(const char *node)
{
	struct cma_alloc_request r;
	int fd = open_node(node), v = 0;

	request(&r, 4096);
	r.magic = 0xdeadbeef;
	check(try_ioctl(fd, IOCTL_CMA_ALLOC, &r) == ENOTTY,
	    "wrong magic: ENOTTY");
	request(&r, 4096);
	r.magic = (uint32_t)CMA_MAGIC ^ 0xff000000u;
	check(try_ioctl(fd, IOCTL_CMA_ALLOC, &r) == ENOTTY,
	    "magic with one wrong byte: ENOTTY");
	request(&r, 4096);
	memset(r.name, 'n', sizeof r.name);
	check(try_ioctl(fd, IOCTL_CMA_ALLOC, &r) == EINVAL,
	    "unterminated name: EINVAL");
	request(&r, 4096);
	memset(r.kind, 'k', sizeof r.kind);
	check(try_ioctl(fd, IOCTL_CMA_ALLOC, &r) == EINVAL,
	    "unterminated kind: EINVAL");
	request(&r, 4096);
	memset(r.name, 'n', sizeof r.name);
	memset(r.kind, 'k', sizeof r.kind);
	r.magic = 0;
	check(try_ioctl(fd, IOCTL_CMA_ALLOC, &r) == ENOTTY,
	    "wrong magic and unterminated strings: ENOTTY (magic first)");
	check(try_ioctl(fd, _IOWR('p', 7, struct cma_alloc_request), &r) ==
	    ENOTTY, "unknown command number: ENOTTY");
	check(try_ioctl(fd, _IOWR('q', 0, struct cma_alloc_request), &r) ==
	    ENOTTY, "another type letter: ENOTTY");
	check(try_ioctl(fd, _IOWR('p', 0, int), &v) == ENOTTY,
	    "the right number with the wrong size: ENOTTY");
	check(try_ioctl(fd, _IO('p', 0), NULL) == ENOTTY,
	    "the right number without an argument: ENOTTY");
	check(try_ioctl(fd, IOCTL_CMA_ALLOC, NULL) == EFAULT,
	    "a NULL request: EFAULT");
	request(&r, 0);
	check(try_ioctl(fd, IOCTL_CMA_ALLOC, &r) == EINVAL, "size 0: EINVAL");
	request(&r, UINT64_MAX);
	check(try_ioctl(fd, IOCTL_CMA_ALLOC, &r) == EINVAL,
	    "size 2^64-1 (cannot be rounded): EINVAL");
	request(&r, 1ull << 40);
	check(try_ioctl(fd, IOCTL_CMA_ALLOC, &r) == ENOMEM, "1 TiB: ENOMEM");
	request(&r, 4096);
	r.alignment = 12288;
	check(try_ioctl(fd, IOCTL_CMA_ALLOC, &r) == EINVAL,
	    "alignment 12 KiB: EINVAL");
	request(&r, 4096);
	r.alignment = 1ull << 63;
	check(try_ioctl(fd, IOCTL_CMA_ALLOC, &r) == ENOMEM,
	    "alignment 2^63: ENOMEM");
	close(fd);
}

/* Using the descriptor's bytes before it has a chunk. */
static void
before_alloc(const char *node)
{
	int fd = open_node(node);
	char b[16] = "x";
	void *p;

	check(read(fd, b, sizeof b) < 0 && errno == EBADFD,
	    "read before an allocation: EBADFD");
	check(write(fd, b, sizeof b) < 0 && errno == EBADFD,
	    "write before an allocation: EBADFD");
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	check(p == MAP_FAILED || touch_faults(p),
	    "mmap before an allocation: refused or faults");
	if (p != MAP_FAILED)
		munmap(p, 4096);
	close(fd);
}

/* A chunk, then everything a client must not do with it. */
static void
after_alloc(const char *node)
{
	struct cma_alloc_request r;
	int fd = open_node(node);
	char b[16] = "x";

	request(&r, 8192);
	check(try_ioctl(fd, IOCTL_CMA_ALLOC, &r) == 0 && r.start != 0,
	    "a good request succeeds");
	request(&r, 8192);
	check(try_ioctl(fd, IOCTL_CMA_ALLOC, &r) == EBADFD,
	    "a second allocation on one descriptor: EBADFD");
	r.magic = 0;
	check(try_ioctl(fd, IOCTL_CMA_ALLOC, &r) == EBADFD,
	    "a second one with a bad magic: EBADFD (held chunk first)");
	check(pwrite(fd, b, sizeof b, 8192) < 0 && errno == EFBIG,
	    "write at the chunk's end: EFBIG");
	check(pwrite(fd, b, sizeof b, 1ll << 40) < 0 && errno == EFBIG,
	    "write at 1 TiB: EFBIG");
	check(pread(fd, b, sizeof b, 8192) == 0, "read at the end: 0 bytes");
	check(pread(fd, b, sizeof b, (off_t)(((uint64_t)1 << 62))) == 0,
	    "read at 2^62: 0 bytes");
	close(fd);
}

/* The ABI belongs to the node only. */
static void
on_a_file(const char *file)
{
	struct cma_alloc_request r;
	int fd = open(file, O_RDWR);

	request(&r, 4096);
	check(fd >= 0 && try_ioctl(fd, IOCTL_CMA_ALLOC, &r) == ENOTTY,
	    "the request on an allocation file: ENOTTY");
	if (fd >= 0)
		close(fd);
}

int
main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: badioctl NODE FILE\n");
		return 2;
	}
	bad_requests(argv[1]);
	before_alloc(argv[1]);
	after_alloc(argv[1]);
	on_a_file(argv[2]);
	printf("%d inputs tried, %d failed\n", tried, failures);
	return failures ? 1 : 0;
}
