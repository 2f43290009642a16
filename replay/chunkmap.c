/*
 * See chunkmap.h.  Keys are hashed with a 64-bit multiplicative mix so
 * dense identities (1, 2, 3, ...) spread over the table.
 */
#include <stdlib.h>
#include <string.h>

#include "chunkmap.h"

static size_t
chunkmap_slot(const struct chunkmap *m, uint64_t key)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdull;
	key ^= key >> 33;
	return (size_t)key & (m->cap - 1);
}

void
chunkmap_init(struct chunkmap *m)
{
	m->cap = 1024;
	m->count = 0;
	m->slots = calloc(m->cap, sizeof *m->slots);
	if (m->slots == NULL)
		abort();
}

void
chunkmap_free(struct chunkmap *m)
{
	free(m->slots);
	memset(m, 0, sizeof *m);
}

struct chunkmap_entry *
chunkmap_find(struct chunkmap *m, uint64_t key)
{
	size_t i = chunkmap_slot(m, key);

	while (m->slots[i].key != 0) {
		if (m->slots[i].key == key)
			return &m->slots[i];
		i = (i + 1) & (m->cap - 1);
	}
	return NULL;
}

static void
chunkmap_grow(struct chunkmap *m)
{
	struct chunkmap_entry *old = m->slots;
	size_t oldcap = m->cap, i, j;

	m->cap *= 2;
	m->slots = calloc(m->cap, sizeof *m->slots);
	if (m->slots == NULL)
		abort();
	for (i = 0; i < oldcap; i++) {
		if (old[i].key == 0)
			continue;
		j = chunkmap_slot(m, old[i].key);
		while (m->slots[j].key != 0)
			j = (j + 1) & (m->cap - 1);
		m->slots[j] = old[i];
	}
	free(old);
}

struct chunkmap_entry *
chunkmap_put(struct chunkmap *m, uint64_t key)
{
	struct chunkmap_entry *e = chunkmap_find(m, key);
	size_t i;

	if (e != NULL)
		return e;
	if ((m->count + 1) * 2 > m->cap)
		chunkmap_grow(m);
	i = chunkmap_slot(m, key);
	while (m->slots[i].key != 0)
		i = (i + 1) & (m->cap - 1);
	memset(&m->slots[i], 0, sizeof m->slots[i]);
	m->slots[i].key = key;
	m->count++;
	return &m->slots[i];
}

void
chunkmap_remove(struct chunkmap *m, struct chunkmap_entry *e)
{
	size_t i = (size_t)(e - m->slots), j = i, home;

	/* Backward shift: pull later entries of the probe run into the gap
	 * when their home slot does not lie between the gap and them. */
	for (;;) {
		m->slots[i].key = 0;
		for (;;) {
			j = (j + 1) & (m->cap - 1);
			if (m->slots[j].key == 0) {
				m->count--;
				return;
			}
			home = chunkmap_slot(m, m->slots[j].key);
			if (i <= j ? (i < home && home <= j) :
			    (i < home || home <= j))
				continue;
			break;
		}
		m->slots[i] = m->slots[j];
		i = j;
	}
}
