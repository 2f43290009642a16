/*
 * "buddy": a binary buddy allocator over the region, 4 KiB (order 0) to
 * 4 MiB (order 10) blocks, as the page allocator of the day would place
 * them, for comparison with the range allocators.
 *
 * Blocks are naturally aligned to PHYSICAL page frame numbers (pfns), not
 * to the region start: a block of order k starts at a pfn that is a
 * multiple of 2^k and its buddy is the block at pfn ^ 2^k.  Requests carry
 * physical alignments (the MFC's 128 KiB base, 64 KiB for a codec), so with
 * physical natural alignment every block already meets any alignment up to
 * its own size, whatever the region start; a region-relative scheme would
 * make every aligned request of a region not aligned to 4 MiB a search.
 * The price is paid once, at the edges of a misaligned region: init carves
 * [start, end) greedily from the start into the largest blocks that are
 * naturally aligned and fit (so a region starting at 0x40123000 begins with
 * blocks of 4, 16, 32, 64, 256 and 512 KiB and 2 MiB up to the first 4 MiB
 * boundary and ends with shrinking blocks after the last one), and a buddy
 * lying partly or wholly outside the region never merges.  A region that is not a multiple of
 * 4 MiB is handled the same way.
 *
 * Free blocks of orders 0-9 are bookkept in nodes, one per free block:
 *
 *  - a doubly linked list per (order k, class t), where the class is the
 *    block's physical alignment t = min(ctz(pfn), 10) >= k; push and pop
 *    are O(1) and a 16-bit mask per order says which classes are
 *    non-empty.  The classes are what makes alignment cheap: a request of
 *    order k aligned to 2^a pages (a > k) is met by any block of order
 *    >= a, or by a block of order j in [k, a) whose class is >= a, and
 *    each order answers "have you one?" with one mask test, so the search
 *    is O(orders), never a walk along a free list;
 *  - a chained hash table keyed by pfn, so that free() finds the buddy's
 *    node (is it free, and of the same order?) in O(1) expected time.
 *
 * Lists rather than per-order bitmaps: a bitmap would be smaller (two bits
 * per page in all) and give address order for free, but popping from it is
 * a search, and "a free block of order j at a multiple of 2^a" is a strided
 * search that no summary word answers; with lists every step is O(1).  The
 * kernel keeps its list nodes in struct page, which a userspace model of
 * physical memory does not have, hence nodes allocated per free block and
 * the hash to find them.  Within one (order, class) list the last block
 * pushed is the first taken, as in the kernel's free lists.
 *
 * Free blocks of order 10 are bits in a bitmap with one bit per 4 MiB slot
 * of the region (the 4 MiB-aligned windows lying wholly inside it): an
 * order-10 pop takes the lowest free slot, and the two searches that need
 * address order use it directly, first fit over consecutive slots for
 * requests larger than 4 MiB and the first slot aligned to a request's
 * alignment above 4 MiB.  These cost O(region / 4 MiB / 64) words for the
 * pop and O(region / 4 MiB) bit tests for the searches: one or a few words
 * for any region a phone has.
 *
 * Memory: O(free blocks) for the nodes (recycled through a spare list, so
 * they are allocated once at the high-water mark of free blocks), the hash
 * buckets (at most one per node at that mark) and the walk's sort buffer,
 * plus the slot bitmap of region / 4 MiB bits.  Nothing is kept per page,
 * and nothing about allocated blocks: the extent handed back to free()
 * says what it was.
 *
 * alloc(size, align): k = ceil(log2(pages)), a = log2(align / 4 KiB).
 *   1. for j = k .. a-1 (orders too small to be aligned by themselves): a
 *      block of order j and class >= a, the least aligned such class;
 *   2. else the smallest order j >= max(k, a) with a free block, the least
 *      aligned class at that order (keeping well-aligned blocks for the
 *      requests that need them); order 10 is the lowest free slot.  When
 *      a > 10 (aligned beyond 4 MiB) class 10 says too little: the class-10
 *      lists of orders k..9 are walked for a pfn that is a multiple of the
 *      alignment, smallest order first, then the slots for the lowest
 *      aligned one; as at most one free block starts at any pfn, that is
 *      O(region / 4 MiB) blocks looked at;
 *   3. split it down to order k, keeping the lower half each time, which
 *      keeps the block's start and so its alignment; the upper halves go
 *      on the free lists.  The extent reported is the whole 2^k pages, so
 *      the framework's used-minus-requested is the internal fragmentation.
 *   More than 1024 pages: ceil(pages / 1024) consecutive free slots, first
 *   fit in address order from a slot aligned as asked; the extent is the
 *   whole run.  The cookie is not used.
 * free(chunk): a run of 4 MiB blocks goes back slot by slot (order 10 has
 *   nothing to merge with); a block of order k < 10 merges with its buddy
 *   while the buddy lies in the region and is free at the same order.
 * walk_free: every free block, sorted by address (O(F log F)); touching
 *   buddies are separate extents, which is how a buddy sees them.
 * largest_free: the largest free block, from the masks, O(1) (the same
 *   figure a walk gives; a run of free 4 MiB blocks can serve more).
 *
 * A failed alloc touches nothing.  Merging is deterministic, so when every
 * chunk is back the free blocks are exactly init's carving again.
 */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cma_int.h"
#include "cma/param.h"

#define BD_PAGE_SHIFT	12
#define BD_TOP		10			/* the largest order */
#define BD_TOP_PAGES	((uint64_t)1 << BD_TOP)
#define BD_NCLASS	(BD_TOP + 1)		/* classes 0 .. 10 */
#define BD_HASH_BITS0	6

struct bd_blk {
	struct bd_blk	*next, *prev;	/* in its (order, class) list */
	struct bd_blk	*hnext;		/* hash chain; spare list */
	uint64_t	 pfn;
	unsigned	 order, cls;
};

struct bd_state {
	uint64_t	 start, size;		/* the region, bytes */
	uint64_t	 spfn, epfn;		/* the region, [spfn, epfn) */
	uint64_t	 free_pages;

	/* Orders 0 .. 9: lists by (order, class), masks, hash by pfn. */
	struct bd_blk	*head[BD_TOP][BD_NCLASS];
	uint16_t	 clsmask[BD_TOP];	/* bit t: head[k][t] non-empty */
	uint16_t	 ordmask;		/* bit k: order k has a block */
	struct bd_blk  **bucket;
	unsigned	 hbits;
	size_t		 nblk;			/* nodes in use */
	struct bd_blk	*spare;

	/* Order 10: one bit per 4 MiB slot, slot s at pfn top_base + s*1024. */
	uint64_t	*top;
	uint64_t	 top_base, ntop, ntopfree;

	struct cma_extent *scratch;		/* walk_free's sort buffer */
	size_t		 scratch_cap;
};

static unsigned
bd_ctz(uint64_t x)
{
	return x == 0 ? 64 : (unsigned)__builtin_ctzll(x);
}

/* The alignment class of a block at `pfn`. */
static unsigned
bd_class(uint64_t pfn)
{
	unsigned t = bd_ctz(pfn);

	return t < BD_TOP ? t : BD_TOP;
}

/* ceil(log2(pages)), pages >= 1. */
static unsigned
bd_order_of(uint64_t pages)
{
	return pages <= 1 ? 0 : 64 - (unsigned)__builtin_clzll(pages - 1);
}

/* ---- the hash of free nodes, keyed by pfn ---- */

static size_t
bd_hash(const struct bd_state *st, uint64_t pfn)
{
	return (size_t)((pfn * 0x9e3779b97f4a7c15ull) >> (64 - st->hbits));
}

static void
bd_hash_grow(struct bd_state *st)
{
	size_t n = (size_t)1 << st->hbits, i, h;
	struct bd_blk **old = st->bucket, *b, *next;

	st->hbits++;
	st->bucket = xcalloc((size_t)1 << st->hbits, sizeof *st->bucket);
	for (i = 0; i < n; i++)
		for (b = old[i]; b != NULL; b = next) {
			next = b->hnext;
			h = bd_hash(st, b->pfn);
			b->hnext = st->bucket[h];
			st->bucket[h] = b;
		}
	free(old);
}

static struct bd_blk *
bd_lookup(const struct bd_state *st, uint64_t pfn)
{
	struct bd_blk *b;

	for (b = st->bucket[bd_hash(st, pfn)]; b != NULL; b = b->hnext)
		if (b->pfn == pfn)
			return b;
	return NULL;
}

/* ---- free blocks: push and take ---- */

static void
bd_top_set(struct bd_state *st, uint64_t slot)
{
	assert(slot < st->ntop);
	assert(!(st->top[slot / 64] & (1ull << (slot % 64))));
	st->top[slot / 64] |= 1ull << (slot % 64);
	st->ntopfree++;
	st->ordmask |= 1u << BD_TOP;
}

static void
bd_top_clear(struct bd_state *st, uint64_t slot)
{
	assert(st->top[slot / 64] & (1ull << (slot % 64)));
	st->top[slot / 64] &= ~(1ull << (slot % 64));
	if (--st->ntopfree == 0)
		st->ordmask &= ~(1u << BD_TOP);
}

static int
bd_top_isset(const struct bd_state *st, uint64_t slot)
{
	return (st->top[slot / 64] >> (slot % 64)) & 1;
}

/* A free block of `order` pages at `pfn`, not merged with anything. */
static void
bd_push(struct bd_state *st, uint64_t pfn, unsigned order)
{
	struct bd_blk *b;
	size_t h;

	st->free_pages += (uint64_t)1 << order;
	if (order == BD_TOP) {
		bd_top_set(st, (pfn - st->top_base) >> BD_TOP);
		return;
	}
	if ((b = st->spare) != NULL)
		st->spare = b->hnext;
	else
		b = xmalloc(sizeof *b);
	b->pfn = pfn;
	b->order = order;
	b->cls = bd_class(pfn);
	b->prev = NULL;
	b->next = st->head[order][b->cls];
	if (b->next != NULL)
		b->next->prev = b;
	st->head[order][b->cls] = b;
	st->clsmask[order] |= (uint16_t)(1u << b->cls);
	st->ordmask |= (uint16_t)(1u << order);
	if (++st->nblk > ((size_t)1 << st->hbits))
		bd_hash_grow(st);
	h = bd_hash(st, pfn);
	b->hnext = st->bucket[h];
	st->bucket[h] = b;
}

/* Take a free block of order < 10 off its list and the hash. */
static void
bd_take(struct bd_state *st, struct bd_blk *b)
{
	struct bd_blk **pp;

	if (b->prev != NULL)
		b->prev->next = b->next;
	else
		st->head[b->order][b->cls] = b->next;
	if (b->next != NULL)
		b->next->prev = b->prev;
	if (st->head[b->order][b->cls] == NULL) {
		st->clsmask[b->order] &= (uint16_t)~(1u << b->cls);
		if (st->clsmask[b->order] == 0)
			st->ordmask &= (uint16_t)~(1u << b->order);
	}
	for (pp = &st->bucket[bd_hash(st, b->pfn)]; *pp != b;
	    pp = &(*pp)->hnext)
		assert(*pp != NULL);
	*pp = b->hnext;
	st->nblk--;
	st->free_pages -= (uint64_t)1 << b->order;
	b->hnext = st->spare;
	st->spare = b;
}

static void
bd_take_slot(struct bd_state *st, uint64_t slot)
{
	bd_top_clear(st, slot);
	st->free_pages -= BD_TOP_PAGES;
}

/* The lowest free slot (one exists). */
static uint64_t
bd_top_first(const struct bd_state *st)
{
	uint64_t w;

	for (w = 0; st->top[w] == 0; w++)
		assert(w < (st->ntop + 63) / 64);
	return w * 64 + bd_ctz(st->top[w]);
}

/*
 * The first slot of the first run of `n` free slots whose pfn is a
 * multiple of `apages` (a power of two), in *slot; 0 if there is none.
 */
static int
bd_top_find(const struct bd_state *st, uint64_t n, uint64_t apages,
    uint64_t *slot)
{
	uint64_t first, stride, s, i;

	if (st->ntopfree < n)
		return 0;
	if (apages <= BD_TOP_PAGES) {
		first = 0;
		stride = 1;
	} else {
		if (cma_round_up(st->top_base, apages, &first) < 0)
			return 0;
		first = (first - st->top_base) >> BD_TOP;
		stride = apages >> BD_TOP;
	}
	for (s = first; s < st->ntop && st->ntop - s >= n; ) {
		for (i = 0; i < n && bd_top_isset(st, s + i); i++)
			;
		if (i == n) {
			*slot = s;
			return 1;
		}
		/* Slot s+i is taken: the next start past it. */
		s += (i / stride + 1) * stride;
	}
	return 0;
}

/* ---- the ops ---- */

static int
bd_init(uint64_t start, uint64_t size, const char *params, void **priv,
    struct cma_err *err)
{
	struct bd_state *st;
	uint64_t pfn, top_end;
	unsigned k;

	if (params != NULL && *params != '\0') {
		cma_err_set(err, "buddy takes no parameters (got '%s')",
		    params);
		return -EINVAL;
	}
	if (size == 0 || start % CMA_PAGE_SIZE != 0 ||
	    size % CMA_PAGE_SIZE != 0 || start + size < start) {
		cma_err_set(err, "buddy needs a non-empty page-aligned region "
		    "(got %#llx+%#llx)", (unsigned long long)start,
		    (unsigned long long)size);
		return -EINVAL;
	}
	st = xcalloc(1, sizeof *st);
	st->start = start;
	st->size = size;
	st->spfn = start >> BD_PAGE_SHIFT;
	st->epfn = st->spfn + (size >> BD_PAGE_SHIFT);
	st->hbits = BD_HASH_BITS0;
	st->bucket = xcalloc((size_t)1 << st->hbits, sizeof *st->bucket);

	/* The 4 MiB slots: aligned windows wholly inside the region. */
	st->top_base = (st->spfn + BD_TOP_PAGES - 1) & ~(BD_TOP_PAGES - 1);
	top_end = st->epfn & ~(BD_TOP_PAGES - 1);
	st->ntop = top_end > st->top_base ?
	    (top_end - st->top_base) >> BD_TOP : 0;
	st->top = xcalloc((size_t)(st->ntop + 63) / 64 + 1, sizeof *st->top);

	/* The largest naturally aligned block that fits, from the start. */
	for (pfn = st->spfn; pfn < st->epfn; pfn += (uint64_t)1 << k) {
		for (k = bd_class(pfn); st->epfn - pfn < (uint64_t)1 << k; k--)
			;
		bd_push(st, pfn, k);
	}
	assert(st->free_pages == st->epfn - st->spfn);
	*priv = st;
	return 0;
}

static void
bd_cleanup(void *priv)
{
	struct bd_state *st = priv;
	struct bd_blk *b, *next;
	unsigned k, t;

	/* With every chunk freed, all of the region is free again. */
	assert(st->free_pages == st->epfn - st->spfn);
	for (k = 0; k < BD_TOP; k++)
		for (t = 0; t < BD_NCLASS; t++)
			for (b = st->head[k][t]; b != NULL; b = next) {
				next = b->next;
				free(b);
			}
	for (b = st->spare; b != NULL; b = next) {
		next = b->hnext;
		free(b);
	}
	free(st->bucket);
	free(st->top);
	free(st->scratch);
	free(st);
}

/* More than 4 MiB: a run of free slots, first fit in address order. */
static int
bd_alloc_run(struct bd_state *st, uint64_t pages, uint64_t apages,
    struct cma_extent *out)
{
	uint64_t n = (pages + BD_TOP_PAGES - 1) >> BD_TOP, slot, i;

	if (!bd_top_find(st, n, apages, &slot))
		return -ENOMEM;
	for (i = 0; i < n; i++)
		bd_take_slot(st, slot + i);
	out->start = (st->top_base + (slot << BD_TOP)) << BD_PAGE_SHIFT;
	out->size = (n << BD_TOP) << BD_PAGE_SHIFT;
	return 0;
}

static int
bd_alloc(void *priv, uint64_t size, uint64_t align, struct cma_extent *out,
    void **cookie)
{
	struct bd_state *st = priv;
	uint64_t pages = size >> BD_PAGE_SHIFT, apages = align >> BD_PAGE_SHIFT;
	uint64_t pfn, slot;
	unsigned k, a, j, lo, m;
	struct bd_blk *b;

	*cookie = NULL;
	assert(pages > 0 && size % CMA_PAGE_SIZE == 0 && cma_is_pow2(apages));
	if (pages > st->free_pages)
		return -ENOMEM;
	if (pages > BD_TOP_PAGES)
		return bd_alloc_run(st, pages, apages, out);
	k = bd_order_of(pages);
	a = bd_ctz(apages);
	if (a > BD_TOP) {
		/*
		 * Aligned beyond 4 MiB: class 10 says only "4 MiB aligned",
		 * so walk the class-10 lists of orders k..9, then the slots.
		 * At most one free block starts at a pfn, so this looks at
		 * O(region / 4 MiB) blocks.
		 */
		for (j = k; j < BD_TOP; j++)
			for (b = st->head[j][BD_TOP]; b != NULL; b = b->next)
				if (b->pfn % apages == 0)
					goto take;
		if (!bd_top_find(st, 1, apages, &slot))
			return -ENOMEM;
		bd_take_slot(st, slot);
		pfn = st->top_base + (slot << BD_TOP);
		j = BD_TOP;
		goto split;
	}
	/* Orders below the alignment: only blocks of a class >= a. */
	for (j = k; j < a; j++) {
		m = (unsigned)st->clsmask[j] >> a;
		if (m != 0) {
			b = st->head[j][a + bd_ctz(m)];
			goto take;
		}
	}
	/* Orders from max(k, a) up: any block; the smallest order. */
	lo = k > a ? k : a;
	m = (unsigned)st->ordmask >> lo;
	if (m == 0)
		return -ENOMEM;
	j = lo + bd_ctz(m);
	if (j == BD_TOP) {
		slot = bd_top_first(st);
		bd_take_slot(st, slot);
		pfn = st->top_base + (slot << BD_TOP);
		goto split;
	}
	b = st->head[j][bd_ctz(st->clsmask[j])];
take:
	pfn = b->pfn;
	assert(b->order == j && pfn % apages == 0);
	bd_take(st, b);
split:
	while (j > k) {
		j--;
		bd_push(st, pfn + ((uint64_t)1 << j), j);
	}
	out->start = pfn << BD_PAGE_SHIFT;
	out->size = ((uint64_t)1 << k) << BD_PAGE_SHIFT;
	return 0;
}

static void
bd_free(void *priv, const struct cma_extent *chunk, void *cookie)
{
	struct bd_state *st = priv;
	uint64_t pfn = chunk->start >> BD_PAGE_SHIFT, buddy, i;
	uint64_t pages = chunk->size >> BD_PAGE_SHIFT;
	struct bd_blk *b;
	unsigned k;

	(void)cookie;
	assert(chunk->start % CMA_PAGE_SIZE == 0 && pages > 0 &&
	    pfn >= st->spfn && pfn < st->epfn && st->epfn - pfn >= pages);
	if (pages > BD_TOP_PAGES) {
		/* A run of 4 MiB blocks: back slot by slot. */
		assert(pages % BD_TOP_PAGES == 0 && pfn >= st->top_base &&
		    (pfn - st->top_base) % BD_TOP_PAGES == 0);
		for (i = 0; i < pages >> BD_TOP; i++)
			bd_push(st, pfn + (i << BD_TOP), BD_TOP);
		return;
	}
	assert(cma_is_pow2(pages));
	k = bd_order_of(pages);
	assert(pfn % pages == 0);
	for (; k < BD_TOP; k++) {
		buddy = pfn ^ ((uint64_t)1 << k);
		if (buddy < st->spfn || st->epfn - buddy < (uint64_t)1 << k)
			break;
		b = bd_lookup(st, buddy);
		if (b == NULL || b->order != k)
			break;
		bd_take(st, b);
		pfn &= ~((uint64_t)1 << k);
	}
	bd_push(st, pfn, k);
}

static int
bd_extent_cmp(const void *x, const void *y)
{
	const struct cma_extent *a = x, *b = y;

	return a->start < b->start ? -1 : a->start > b->start;
}

static int
bd_walk_free(void *priv, cma_extent_fn fn, void *arg)
{
	struct bd_state *st = priv;
	size_t n = st->nblk + (size_t)st->ntopfree, i = 0;
	struct bd_blk *b;
	uint64_t s;
	unsigned k, t;
	int ret;

	if (n > st->scratch_cap) {
		st->scratch_cap = n + n / 2 + 16;
		free(st->scratch);
		st->scratch = xmalloc(st->scratch_cap * sizeof *st->scratch);
	}
	for (k = 0; k < BD_TOP; k++)
		for (t = k; t < BD_NCLASS; t++)
			for (b = st->head[k][t]; b != NULL; b = b->next) {
				st->scratch[i].start = b->pfn << BD_PAGE_SHIFT;
				st->scratch[i++].size =
				    ((uint64_t)1 << k) << BD_PAGE_SHIFT;
			}
	for (s = 0; s < st->ntop; s++)
		if (bd_top_isset(st, s)) {
			st->scratch[i].start = (st->top_base + (s << BD_TOP)) <<
			    BD_PAGE_SHIFT;
			st->scratch[i++].size = BD_TOP_PAGES << BD_PAGE_SHIFT;
		}
	assert(i == n);
	if (n == 0)
		return 0;	/* full: no extent (and maybe no scratch yet) */
	qsort(st->scratch, n, sizeof *st->scratch, bd_extent_cmp);
	for (i = 0; i < n; i++)
		if ((ret = fn(arg, st->scratch[i].start, st->scratch[i].size))
		    != 0)
			return ret;
	return 0;
}

static uint64_t
bd_largest_free(void *priv)
{
	struct bd_state *st = priv;

	if (st->ordmask == 0)
		return 0;
	return ((uint64_t)1 << (31 - __builtin_clz(st->ordmask))) <<
	    BD_PAGE_SHIFT;
}

const struct cma_allocator cma_buddy_allocator = {
	.name = "buddy",
	.summary = "binary buddy, 4 KiB to 4 MiB blocks naturally aligned to "
	    "physical addresses, larger requests from runs of 4 MiB blocks",
	.init = bd_init,
	.cleanup = bd_cleanup,
	.alloc = bd_alloc,
	.free = bd_free,
	.walk_free = bd_walk_free,
	.largest_free = bd_largest_free,
};
