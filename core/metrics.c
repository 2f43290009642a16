/*
 * Fragmentation figures from the free extents an allocator reports.
 *
 * The numbers are the ones kernel people already read: total/used/free and
 * the largest free extent (CMA debugfs's maxchunk), the hole count, and the
 * unusable-free-space and fragmentation indices of mm/vmstat.c evaluated
 * for one request size instead of one buddy order (see metrics.h).  They
 * are computed by walking the extents under the region's lock, so a region
 * is never measured half-way through an allocation.
 */
#include <errno.h>
#include <string.h>

#include "cma_int.h"
#include "cma/metrics.h"

void
cma_metrics_begin(struct cma_metrics *m, uint64_t s)
{
	memset(m, 0, sizeof *m);
	if (cma_round_up(s, CMA_PAGE_SIZE, &m->s) < 0 || m->s == 0)
		m->s = s ? UINT64_MAX & ~(uint64_t)(CMA_PAGE_SIZE - 1) :
		    CMA_PAGE_SIZE;
}

void
cma_metrics_add_extent(struct cma_metrics *m, uint64_t size)
{
	m->free += size;
	m->holes++;
	if (size > m->largest_free)
		m->largest_free = size;
	if (size >= m->s)
		m->fit_free += size;
}

void
cma_metrics_finish(struct cma_metrics *m)
{
	double f = (double)(m->free / CMA_PAGE_SIZE);
	double s = (double)(m->s / CMA_PAGE_SIZE);

	m->unusable = m->free == 0 ? 1.0 :
	    (double)(m->free - m->fit_free) / (double)m->free;
	if (m->fit_free > 0)
		m->fragindex = -1.0;
	else if (m->holes == 0)
		m->fragindex = 0.0;
	else
		m->fragindex = 1.0 - (1.0 + f / s) / (double)m->holes;
	/* With less free memory than s in few holes the formula dips below
	 * zero; -1 must keep meaning "fits", so clamp to the "short of
	 * memory" end of the scale. */
	if (m->fit_free == 0 && m->fragindex < 0)
		m->fragindex = 0.0;
}

static int
metrics_extent(void *arg, uint64_t start, uint64_t size)
{
	(void)start;
	cma_metrics_add_extent(arg, size);
	return 0;
}

/* Add one usable region's extents and sizes into m (no finish). */
static int
metrics_region(struct cma *cma, int idx, struct cma_metrics *m)
{
	struct cma_region *r = &cma->regions[idx];

	if (r->ops == NULL)
		return -ENODEV;
	pthread_mutex_lock(&r->lock);
	r->ops->walk_free(r->priv, metrics_extent, m);
	m->total += r->size;
	m->chunks += r->users;
	pthread_mutex_unlock(&r->lock);
	m->used = m->total - m->free;
	return 0;
}

int
cma_metrics_region(struct cma *cma, int region, uint64_t s,
    struct cma_metrics *m)
{
	int ret;

	if (region < 0 || region >= cma->nregions)
		return -ENOENT;
	cma_metrics_begin(m, s);
	if ((ret = metrics_region(cma, region, m)) < 0)
		return ret;
	cma_metrics_finish(m);
	return 0;
}

int
cma_metrics_bank(struct cma *cma, int bank, uint64_t s, struct cma_metrics *m)
{
	int i;

	if (bank < 0 || bank >= cma->board.nbanks)
		return -ENOENT;
	cma_metrics_begin(m, s);
	for (i = 0; i < cma->nregions; i++)
		if (cma->regions[i].bank == bank)
			(void)metrics_region(cma, i, m);
	cma_metrics_finish(m);
	return 0;
}
