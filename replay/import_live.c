/*
 * The allocations a capture has made and not yet released.
 *
 * A kernel capture names a chunk by where it is (an area and a pfn, or a
 * struct page pointer), not by an identity that survives a replay under
 * another layout, so the importer gives each allocation an identity and
 * must find it again when the release comes.  This table is the only thing
 * an import keeps that grows with the input, and it holds only what is live
 * at the time: a capture of a billion events that never has more than a
 * few hundred buffers allocated keeps a few hundred entries.
 *
 * Open addressing with linear probing; a removal shifts the following
 * entries of the run back instead of leaving a tombstone, so a long stream
 * of alloc/free pairs never fills the table with dead slots and never needs
 * a rebuild.  The table doubles at 3/4 full and never shrinks: its size is
 * the peak of the live set, which is what "memory proportional to what is
 * live" allows.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "import_int.h"

#define LIVE_MIN_CAP	64

static size_t
live_hash(uint32_t area, uint64_t key, size_t cap)
{
	/* Pfns and page pointers are sequences with a common stride: mix the
	 * bits (splitmix64's finaliser) so they do not cluster. */
	uint64_t h = key ^ ((uint64_t)area << 56) ^ ((uint64_t)area * 0x9e37);

	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ull;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebull;
	h ^= h >> 31;
	return (size_t)h & (cap - 1);
}

void
import_live_init(struct import_live *t)
{
	memset(t, 0, sizeof *t);
}

void
import_live_free(struct import_live *t)
{
	free(t->slots);
	memset(t, 0, sizeof *t);
}

/* Index of (area, key), or of the empty slot where it would go. */
static size_t
live_find(const struct import_live *t, uint32_t area, uint64_t key)
{
	size_t i = live_hash(area, key, t->cap);

	while (t->slots[i].used &&
	    (t->slots[i].key != key || t->slots[i].area != area))
		i = (i + 1) & (t->cap - 1);
	return i;
}

static int
live_grow(struct import_live *t)
{
	struct import_live_entry *old = t->slots;
	size_t oldcap = t->cap, i, j;
	size_t cap = oldcap ? oldcap * 2 : LIVE_MIN_CAP;

	if (cap < oldcap || cap > SIZE_MAX / sizeof *old)
		return -ENOMEM;
	t->slots = calloc(cap, sizeof *t->slots);
	if (t->slots == NULL) {
		t->slots = old;
		return -ENOMEM;
	}
	t->cap = cap;
	for (i = 0; i < oldcap; i++)
		if (old[i].used) {
			j = live_find(t, old[i].area, old[i].key);
			t->slots[j] = old[i];
		}
	free(old);
	return 0;
}

int
import_live_insert(struct import_live *t, uint32_t area, uint64_t key,
    uint64_t id, uint64_t bytes, uint32_t aux, uint64_t *old_id)
{
	struct import_live_entry *e;
	int ret;

	if ((t->count + 1) * 4 > t->cap * 3 && (ret = live_grow(t)) < 0)
		return ret;
	e = &t->slots[live_find(t, area, key)];
	if (e->used) {
		if (old_id)
			*old_id = e->id;
		e->id = id;
		e->bytes = bytes;
		e->aux = aux;
		return 1;
	}
	e->used = 1;
	e->area = area;
	e->key = key;
	e->id = id;
	e->bytes = bytes;
	e->aux = aux;
	t->count++;
	return 0;
}

int
import_live_remove(struct import_live *t, uint32_t area, uint64_t key,
    uint64_t *id, uint64_t *bytes, uint32_t *aux)
{
	size_t hole, i, home;

	if (t->cap == 0)
		return -ENOENT;
	hole = live_find(t, area, key);
	if (!t->slots[hole].used)
		return -ENOENT;
	if (id)
		*id = t->slots[hole].id;
	if (bytes)
		*bytes = t->slots[hole].bytes;
	if (aux)
		*aux = t->slots[hole].aux;
	/* Pull back every later entry of the run that may move into the hole
	 * without passing its home slot. */
	for (i = (hole + 1) & (t->cap - 1); t->slots[i].used;
	    i = (i + 1) & (t->cap - 1)) {
		home = live_hash(t->slots[i].area, t->slots[i].key, t->cap);
		if (((i - home) & (t->cap - 1)) >= ((i - hole) & (t->cap - 1))) {
			t->slots[hole] = t->slots[i];
			hole = i;
		}
	}
	memset(&t->slots[hole], 0, sizeof t->slots[hole]);
	t->count--;
	return 0;
}
