/*
 * See bitmap.h.  Bits beyond nbits in the last word are kept set, so a
 * search for a clear bit never runs off the end.
 */
#include <stdlib.h>
#include <string.h>

#include "bitmap.h"
#include "cma_int.h"

#define BITMAP_WORDS(n) (((n) + 63) / 64)

void
bitmap_init(struct bitmap *b, uint64_t nbits)
{
	uint64_t nwords = BITMAP_WORDS(nbits);

	b->nbits = nbits;
	b->scanned = 0;
	b->words = xcalloc((size_t)(nwords ? nwords : 1), sizeof *b->words);
	if (nbits % 64)
		b->words[nwords - 1] = ~0ull << (nbits % 64);
}

void
bitmap_free(struct bitmap *b)
{
	free(b->words);
	memset(b, 0, sizeof *b);
}

uint64_t
bitmap_next_zero(struct bitmap *b, uint64_t from)
{
	uint64_t i, w;

	if (from >= b->nbits)
		return b->nbits;
	i = from / 64;
	w = ~b->words[i] & (~0ull << (from % 64));
	b->scanned++;
	while (w == 0) {
		if (++i >= BITMAP_WORDS(b->nbits))
			return b->nbits;
		w = ~b->words[i];
		b->scanned++;
	}
	from = i * 64 + (uint64_t)__builtin_ctzll(w);
	return from < b->nbits ? from : b->nbits;
}

uint64_t
bitmap_next_set(struct bitmap *b, uint64_t from, uint64_t limit)
{
	uint64_t i, w, last;

	if (limit > b->nbits)
		limit = b->nbits;
	if (from >= limit)
		return limit;
	i = from / 64;
	last = (limit - 1) / 64;
	w = b->words[i] & (~0ull << (from % 64));
	b->scanned++;
	while (w == 0) {
		if (++i > last)
			return limit;
		w = b->words[i];
		b->scanned++;
	}
	from = i * 64 + (uint64_t)__builtin_ctzll(w);
	return from < limit ? from : limit;
}

static void
bitmap_range(struct bitmap *b, uint64_t from, uint64_t n, int set)
{
	uint64_t end = from + n, i, m;

	while (from < end) {
		i = from / 64;
		m = ~0ull << (from % 64);
		if (end - (from & ~63ull) < 64)
			m &= ~(~0ull << (end % 64));
		if (set)
			b->words[i] |= m;
		else
			b->words[i] &= ~m;
		from = (from & ~63ull) + 64;
	}
}

void
bitmap_set_range(struct bitmap *b, uint64_t from, uint64_t n)
{
	bitmap_range(b, from, n, 1);
}

void
bitmap_clear_range(struct bitmap *b, uint64_t from, uint64_t n)
{
	bitmap_range(b, from, n, 0);
}

int
bitmap_range_clear(struct bitmap *b, uint64_t from, uint64_t n)
{
	return bitmap_next_set(b, from, from + n) == from + n;
}

uint64_t
bitmap_zero_area(struct bitmap *b, uint64_t from, uint64_t n, uint64_t mask,
    uint64_t offset)
{
	uint64_t index, end, hit;

	for (;;) {
		index = bitmap_next_zero(b, from);
		if (index >= b->nbits)
			return b->nbits;
		index = ((index + offset + mask) & ~mask) - offset;
		if (index > b->nbits || n > b->nbits - index)
			return b->nbits;
		end = index + n;
		hit = bitmap_next_set(b, index, end);
		if (hit == end)
			return index;
		from = hit + 1;
	}
}
