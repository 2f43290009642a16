/*
 * The v1 `/dev/cma` test-device ABI, as the file `cma` at the top of a
 * `cma mount` speaks it: one chunk per open file, allocated by one
 * IOCTL_CMA_ALLOC, freed by close, its bytes reachable by read, write and
 * mmap of the same descriptor (offset 0 = the chunk's first byte).
 *
 * Layout of the request (64 bytes, the same on every 64-bit Linux ABI):
 *
 *	 0  u32  magic		CMA_MAGIC, else ENOTTY
 *	 4  char name[17]	device to allocate for, NUL-terminated
 *	21  char kind[17]	kind, "" for none, NUL-terminated
 *	38  u16  pad
 *	40  u64  size		bytes (rounded up to a page)
 *	48  u64  alignment	0 or a power of two
 *	56  u64  start		out: the chunk's physical address
 *
 * Errors, in the order they are checked: another command ENOTTY; no
 * argument EINVAL; this file already holds a chunk EBADFD; bad magic
 * ENOTTY; name or kind without its NUL EINVAL; then whatever cma_alloc
 * returns (ENOENT: no map rule; ENOMEM: no region could give it).
 */
#ifndef CMA_CMADEV_H
#define CMA_CMADEV_H

#include <stdint.h>
#include <sys/ioctl.h>

#define CMA_MAGIC	(('c' << 24) | ('M' << 16) | ('a' << 8) | 0x42)

struct cma_alloc_request {
	uint32_t magic;
	char	 name[17];
	char	 kind[17];
	uint16_t pad;
	uint64_t size;
	uint64_t alignment;
	uint64_t start;
};

_Static_assert(sizeof(struct cma_alloc_request) == 64,
    "the v1 request is 64 bytes");

#define IOCTL_CMA_ALLOC	_IOWR('p', 0, struct cma_alloc_request)

#endif
