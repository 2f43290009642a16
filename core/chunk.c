/*
 * The chunk table: every live chunk, keyed by physical start address.
 *
 * This is v1's global chunk tree.  cma_get and cma_put find a chunk by the
 * exact address the allocation returned; a second chunk at an address
 * already in the table would be an allocator bug, which the caller turns
 * into a warning and a failed allocation (v1 deadlocked there).  Every
 * function here expects the framework lock to be held.
 */
#include <errno.h>

#include "cma_int.h"

static int
chunk_cmp(struct cma_chunk *a, struct cma_chunk *b)
{
	return a->start < b->start ? -1 : a->start > b->start;
}

RB_GENERATE_STATIC(cma_chunk_tree, cma_chunk, by_start, chunk_cmp)

struct cma_chunk *
cma_chunk_lookup(struct cma *cma, uint64_t start)
{
	struct cma_chunk key = { .start = start };

	return RB_FIND(cma_chunk_tree, &cma->chunks, &key);
}

int
cma_chunk_insert(struct cma *cma, struct cma_chunk *c)
{
	if (RB_INSERT(cma_chunk_tree, &cma->chunks, c) != NULL)
		return -EEXIST;
	c->id = ++cma->next_id;
	cma->nchunks++;
	return 0;
}

void
cma_chunk_remove(struct cma *cma, struct cma_chunk *c)
{
	RB_REMOVE(cma_chunk_tree, &cma->chunks, c);
	cma->nchunks--;
}

struct cma_chunk *
cma_chunk_first(struct cma *cma)
{
	return RB_MIN(cma_chunk_tree, &cma->chunks);
}

void
cma_chunk_to_info(const struct cma_chunk *c, struct cma_chunk_info *i)
{
	i->start = c->start;
	i->size = c->size;
	i->requested = c->requested;
	i->region = c->region;
	i->refs = c->refs;
	i->id = c->id;
}

int
cma_chunk_find(struct cma *cma, uint64_t start, struct cma_chunk_info *info)
{
	struct cma_chunk *c;
	int ret = -ENOENT;

	pthread_mutex_lock(&cma->lock);
	c = cma_chunk_lookup(cma, start);
	if (c != NULL) {
		cma_chunk_to_info(c, info);
		ret = 0;
	}
	pthread_mutex_unlock(&cma->lock);
	return ret;
}

int
cma_chunk_foreach(struct cma *cma,
    int (*fn)(void *arg, const struct cma_chunk_info *c), void *arg)
{
	struct cma_chunk *c;
	struct cma_chunk_info info;
	int ret = 0;

	pthread_mutex_lock(&cma->lock);
	RB_FOREACH(c, cma_chunk_tree, &cma->chunks) {
		cma_chunk_to_info(c, &info);
		if ((ret = fn(arg, &info)) != 0)
			break;
	}
	pthread_mutex_unlock(&cma->lock);
	return ret;
}

unsigned
cma_chunk_count(struct cma *cma)
{
	unsigned n;

	pthread_mutex_lock(&cma->lock);
	n = cma->nchunks;
	pthread_mutex_unlock(&cma->lock);
	return n;
}
