/*
 * "tlsf": two-level segregated fit (Masmano et al., ECRTS 2004), with its
 * metadata kept outside the managed memory.
 *
 * The region is "physical" memory the allocator never touches, so TLSF's
 * in-band block headers become records (struct tlsf_block) allocated from
 * slabs and recycled through a spare list: no malloc per operation once
 * the slabs have grown to the peak number of blocks (at most two per live
 * chunk plus one; slabs go back only at cleanup).  Units are pages and
 * a block's start is its absolute page frame number, so alignment is
 * physical even when the region start is not aligned.
 *
 * Every block of the region, free or handed out, has a record, and the
 * records form a doubly-linked list in address order -- the boundary tags
 * of TLSF (its prev_phys pointer and size-derived next pointer) moved out
 * of band.  alloc hands the chunk's record back as the cookie, so free
 * finds the chunk's record and both its neighbours in O(1), worst case,
 * with no lookup: immediate coalescing costs two pointer reads.  (A hash
 * of block start and end would be O(1) only expected, and boundary maps
 * indexed by page would cost memory in proportion to the region; a tree
 * would be O(log n).)  The cookie is therefore required: free with a
 * NULL or foreign cookie is a caller bug (asserted).
 *
 * Free blocks are also filed in TLSF's segregated lists: a first level per
 * power of two and 32 linear second-level bins within it (alloc_tlsf.h has
 * the mapping; sizes below 32 pages have a bin each).  One 64-bit word
 * marks the non-empty first levels and one 32-bit word per first level its
 * non-empty bins.  Lists are LIFO.
 *
 * alloc(size, align):
 *   align == 1 page: round the size up to the next bin boundary, map it,
 *     and take the head of the first non-empty list at or above that bin
 *     (find-first-set on the second-level word, else on the first-level
 *     word above and then that level's word): every block there fits.  The
 *     chunk is the block's front; the rest is filed as a new free block.
 *     This is "good fit": a block in the request's own bin may fit (a hole
 *     of exactly the requested size above 32 pages, say) and be passed
 *     over for a larger one, and when no larger one exists the request
 *     fails although it would fit.  Below 32 pages the bins are exact and
 *     the search is a true best fit.
 *   align > 1 page (a pages): first the same O(1) probe; if the head
 *     block it finds happens to hold an aligned chunk, that is used.  Else
 *     the search is repeated for size + a - 1 pages, which any block holds
 *     at its first aligned page; the block is split into a free front
 *     (start to the aligned page), the chunk and a free back.  Both probes
 *     are O(1).  Over-asking by a - 1 pages means an aligned request can
 *     fail where an exhaustive search would find an aligned place in a
 *     smaller block; that, and good fit above, is why the randomised
 *     oracle does not hold tlsf to `complete`.
 *   The extent handed out is exactly the request.
 * free(chunk): merge with the previous and next blocks in address order
 *   when they are free (taking them out of their bins), file the result.
 * walk_free: the address-ordered list, skipping chunks: O(blocks).
 * largest_free: the longest block in the highest non-empty bin, O(that
 *   list).
 */
#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_tlsf.h"
#include "cma_int.h"

#define TLSF_PAGE_SHIFT	12
#define TLSF_PAGE	((uint64_t)1 << TLSF_PAGE_SHIFT)
#define TLSF_SLAB_MIN	64
#define TLSF_SLAB_MAX	65536

struct tlsf_block {
	uint64_t	 start;		/* page frame number */
	uint64_t	 size;		/* pages */
	struct tlsf_block *prev_phys, *next_phys;	/* address order */
	struct tlsf_block *prev_free, *next_free;	/* in its bin; spare */
	int		 is_free;
};

struct tlsf_slab {
	struct tlsf_slab *next;
	size_t		  n;
	struct tlsf_block blocks[];
};

struct tlsf_state {
	uint64_t	   fl_map;			/* non-empty levels */
	uint32_t	   sl_map[TLSF_FL_COUNT];	/* non-empty bins */
	struct tlsf_block *bins[TLSF_FL_COUNT][TLSF_SL_COUNT];
	struct tlsf_block *first;	/* lowest block of the region */
	struct tlsf_block *spare;	/* unused records, via next_free */
	struct tlsf_slab  *slabs;
	size_t		   slab_n;	/* records in the next slab */
	uint64_t	   start, npages;	/* the region, in pages */
};

/* ---- records ---- */

static struct tlsf_block *
tlsf_rec_get(struct tlsf_state *st)
{
	struct tlsf_block *b = st->spare;
	struct tlsf_slab *s;
	size_t i;

	if (b == NULL) {
		s = xmalloc(sizeof *s + st->slab_n * sizeof s->blocks[0]);
		s->n = st->slab_n;
		s->next = st->slabs;
		st->slabs = s;
		for (i = 0; i + 1 < s->n; i++)
			s->blocks[i].next_free = &s->blocks[i + 1];
		s->blocks[s->n - 1].next_free = NULL;
		b = &s->blocks[0];
		if (st->slab_n < TLSF_SLAB_MAX)
			st->slab_n *= 2;
	}
	st->spare = b->next_free;
	return b;
}

static void
tlsf_rec_put(struct tlsf_state *st, struct tlsf_block *b)
{
	b->next_free = st->spare;
	st->spare = b;
}

/* ---- the segregated lists ---- */

static void
tlsf_file(struct tlsf_state *st, struct tlsf_block *b)
{
	struct tlsf_block **head;
	unsigned fl, sl;

	tlsf_mapping(b->size, &fl, &sl);
	head = &st->bins[fl][sl];
	b->is_free = 1;
	b->prev_free = NULL;
	b->next_free = *head;
	if (*head != NULL)
		(*head)->prev_free = b;
	*head = b;
	st->sl_map[fl] |= 1u << sl;
	st->fl_map |= (uint64_t)1 << fl;
}

static void
tlsf_unfile(struct tlsf_state *st, struct tlsf_block *b)
{
	unsigned fl, sl;

	b->is_free = 0;
	if (b->next_free != NULL)
		b->next_free->prev_free = b->prev_free;
	if (b->prev_free != NULL) {
		b->prev_free->next_free = b->next_free;
		return;
	}
	tlsf_mapping(b->size, &fl, &sl);
	st->bins[fl][sl] = b->next_free;
	if (b->next_free == NULL) {
		st->sl_map[fl] &= ~(1u << sl);
		if (st->sl_map[fl] == 0)
			st->fl_map &= ~((uint64_t)1 << fl);
	}
}

/*
 * The head of the first non-empty bin that holds only blocks of at least
 * `pages` pages, or NULL.
 */
static struct tlsf_block *
tlsf_find(const struct tlsf_state *st, uint64_t pages)
{
	uint64_t flm;
	uint32_t slm;
	unsigned fl, sl;

	tlsf_mapping(tlsf_round_up(pages), &fl, &sl);
	if (fl >= TLSF_FL_COUNT)
		return NULL;
	slm = st->sl_map[fl] & (~0u << sl);
	if (slm == 0) {
		flm = st->fl_map & (~(uint64_t)0 << (fl + 1));	/* fl < 48 */
		if (flm == 0)
			return NULL;
		fl = (unsigned)__builtin_ctzll(flm);
		slm = st->sl_map[fl];
	}
	sl = (unsigned)__builtin_ctz(slm);
	return st->bins[fl][sl];
}

/* ---- the address-ordered list ---- */

/* Cut b after its first `pages` pages; the new record is the rest. */
static struct tlsf_block *
tlsf_split(struct tlsf_state *st, struct tlsf_block *b, uint64_t pages)
{
	struct tlsf_block *r = tlsf_rec_get(st);

	r->start = b->start + pages;
	r->size = b->size - pages;
	r->is_free = 0;
	r->prev_phys = b;
	r->next_phys = b->next_phys;
	if (r->next_phys != NULL)
		r->next_phys->prev_phys = r;
	b->next_phys = r;
	b->size = pages;
	return r;
}

/* Absorb b's successor n into b (n is out of the bins) and recycle n. */
static void
tlsf_absorb(struct tlsf_state *st, struct tlsf_block *b, struct tlsf_block *n)
{
	b->size += n->size;
	b->next_phys = n->next_phys;
	if (n->next_phys != NULL)
		n->next_phys->prev_phys = b;
	tlsf_rec_put(st, n);
}

/* ---- ops ---- */

static int
tlsf_init(uint64_t start, uint64_t size, const char *params, void **priv,
    struct cma_err *err)
{
	struct tlsf_state *st;
	struct tlsf_block *b;

	if (params != NULL && *params != '\0') {
		cma_err_set(err, "tlsf takes no parameters (got '%s')", params);
		return -EINVAL;
	}
	if (size == 0 || start % TLSF_PAGE != 0 || size % TLSF_PAGE != 0) {
		cma_err_set(err, "tlsf needs a non-empty page-aligned region "
		    "(got %#" PRIx64 "+%#" PRIx64 ")", start, size);
		return -EINVAL;
	}
	st = xcalloc(1, sizeof *st);
	st->slab_n = TLSF_SLAB_MIN;
	st->start = start >> TLSF_PAGE_SHIFT;
	st->npages = size >> TLSF_PAGE_SHIFT;
	b = tlsf_rec_get(st);
	b->start = st->start;
	b->size = st->npages;
	b->prev_phys = b->next_phys = NULL;
	st->first = b;
	tlsf_file(st, b);
	*priv = st;
	return 0;
}

static void
tlsf_cleanup(void *priv)
{
	struct tlsf_state *st = priv;
	struct tlsf_slab *s, *next;

	/* With every chunk freed, the region is one free block again. */
	assert(st->first->is_free && st->first->next_phys == NULL &&
	    st->first->start == st->start && st->first->size == st->npages);
	for (s = st->slabs; s != NULL; s = next) {
		next = s->next;
		free(s);
	}
	free(st);
}

static int
tlsf_alloc(void *priv, uint64_t size, uint64_t align, struct cma_extent *out,
    void **cookie)
{
	struct tlsf_state *st = priv;
	struct tlsf_block *b, *c;
	uint64_t n = size >> TLSF_PAGE_SHIFT, a = align >> TLSF_PAGE_SHIFT;
	uint64_t at;

	*cookie = NULL;
	if (n == 0 || n > st->npages)
		return -ENOMEM;
	b = tlsf_find(st, n);
	if (a <= 1) {
		if (b == NULL)
			return -ENOMEM;
		at = b->start;
	} else {
		/* The good-fit block, if it happens to hold an aligned chunk. */
		if (b != NULL) {
			at = (b->start + a - 1) & ~(a - 1);
			if (at - b->start > b->size - n)
				b = NULL;
		}
		if (b == NULL) {
			/* Any block of n + a - 1 pages holds one. */
			if (a - 1 > st->npages - n ||
			    (b = tlsf_find(st, n + a - 1)) == NULL)
				return -ENOMEM;
			at = (b->start + a - 1) & ~(a - 1);
		}
	}
	tlsf_unfile(st, b);
	if (at != b->start) {
		c = tlsf_split(st, b, at - b->start);
		tlsf_file(st, b);
		b = c;
	}
	if (b->size != n)
		tlsf_file(st, tlsf_split(st, b, n));
	out->start = b->start << TLSF_PAGE_SHIFT;
	out->size = n << TLSF_PAGE_SHIFT;
	*cookie = b;
	return 0;
}

static void
tlsf_free(void *priv, const struct cma_extent *chunk, void *cookie)
{
	struct tlsf_state *st = priv;
	struct tlsf_block *b = cookie, *p, *n;

	assert(b != NULL && !b->is_free &&
	    b->start == chunk->start >> TLSF_PAGE_SHIFT &&
	    b->size == chunk->size >> TLSF_PAGE_SHIFT);
	(void)chunk;
	p = b->prev_phys;
	if (p != NULL && p->is_free) {
		tlsf_unfile(st, p);
		tlsf_absorb(st, p, b);
		b = p;
	}
	n = b->next_phys;
	if (n != NULL && n->is_free) {
		tlsf_unfile(st, n);
		tlsf_absorb(st, b, n);
	}
	tlsf_file(st, b);
}

static int
tlsf_walk_free(void *priv, cma_extent_fn fn, void *arg)
{
	struct tlsf_state *st = priv;
	struct tlsf_block *b;
	int ret;

	for (b = st->first; b != NULL; b = b->next_phys)
		if (b->is_free && (ret = fn(arg, b->start << TLSF_PAGE_SHIFT,
		    b->size << TLSF_PAGE_SHIFT)) != 0)
			return ret;
	return 0;
}

static uint64_t
tlsf_largest_free(void *priv)
{
	struct tlsf_state *st = priv;
	struct tlsf_block *b;
	uint64_t best = 0;
	unsigned fl;

	if (st->fl_map == 0)
		return 0;
	fl = 63u - (unsigned)__builtin_clzll(st->fl_map);
	for (b = st->bins[fl][31u - (unsigned)__builtin_clz(st->sl_map[fl])];
	    b != NULL; b = b->next_free)
		if (b->size > best)
			best = b->size;
	return best << TLSF_PAGE_SHIFT;
}

/* ---- consistency check (tests) ---- */

#define TLSF_FAIL(...) do {						\
	snprintf(msg, len, __VA_ARGS__);				\
	return -1;							\
} while (0)

int
cma_tlsf_check(void *priv, char *msg, size_t len)
{
	struct tlsf_state *st = priv;
	struct tlsf_block *b, *prev = NULL;
	uint64_t at = st->start, nfree = 0, nfiled = 0;
	unsigned fl, sl, bfl, bsl;

	if (st->first == NULL || st->first->prev_phys != NULL)
		TLSF_FAIL("bad first block");
	for (b = st->first; b != NULL; prev = b, b = b->next_phys) {
		if (b->prev_phys != prev)
			TLSF_FAIL("block %#" PRIx64 ": prev_phys broken",
			    b->start);
		if (b->start != at || b->size == 0 ||
		    b->size > st->start + st->npages - at)
			TLSF_FAIL("block %#" PRIx64 "+%#" PRIx64 " (pages) "
			    "does not continue the region at %#" PRIx64,
			    b->start, b->size, at);
		if (b->is_free && prev != NULL && prev->is_free)
			TLSF_FAIL("free blocks at %#" PRIx64 " and %#" PRIx64
			    " not coalesced", prev->start, b->start);
		at += b->size;
		nfree += b->is_free != 0;
	}
	if (at != st->start + st->npages)
		TLSF_FAIL("blocks end at page %#" PRIx64 ", region at %#"
		    PRIx64, at, st->start + st->npages);
	for (fl = 0; fl < TLSF_FL_COUNT; fl++) {
		if (((st->fl_map >> fl) & 1) != (st->sl_map[fl] != 0))
			TLSF_FAIL("fl bitmap bit %u wrong", fl);
		for (sl = 0; sl < TLSF_SL_COUNT; sl++) {
			if (((st->sl_map[fl] >> sl) & 1) !=
			    (st->bins[fl][sl] != NULL))
				TLSF_FAIL("sl bitmap %u bit %u wrong", fl, sl);
			prev = NULL;
			for (b = st->bins[fl][sl]; b != NULL;
			    prev = b, b = b->next_free) {
				tlsf_mapping(b->size, &bfl, &bsl);
				if (!b->is_free || b->prev_free != prev ||
				    bfl != fl || bsl != sl)
					TLSF_FAIL("block %#" PRIx64 "+%#"
					    PRIx64 " misfiled in bin %u/%u",
					    b->start, b->size, fl, sl);
				if (++nfiled > nfree)
					TLSF_FAIL("more filed blocks than "
					    "free ones");
			}
		}
	}
	if (nfiled != nfree)
		TLSF_FAIL("%" PRIu64 " free blocks, %" PRIu64 " filed", nfree,
		    nfiled);
	return 0;
}

const struct cma_allocator cma_tlsf_allocator = {
	.name = "tlsf",
	.summary = "two-level segregated fit (32 bins per power of two, "
	    "good fit, O(1) alloc and free)",
	.init = tlsf_init,
	.cleanup = tlsf_cleanup,
	.alloc = tlsf_alloc,
	.free = tlsf_free,
	.walk_free = tlsf_walk_free,
	.largest_free = tlsf_largest_free,
};
