/*
 * Interned strings: device names, kinds and alloc_from region lists are
 * few and repeat in every event, so the trace stepper and the live reader
 * keep each once and refer to it by index.  Open addressing on an FNV-1a
 * hash, grown at half load; indices never change.
 */
#include <stdlib.h>
#include <string.h>

#include "tui.h"

static uint32_t
tui_names_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return h;
}

void
tui_names_init(struct tui_names *t)
{
	memset(t, 0, sizeof *t);
}

void
tui_names_free(struct tui_names *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i]);
	free(t->v);
	free(t->slot);
	memset(t, 0, sizeof *t);
}

static void
tui_names_rehash(struct tui_names *t, size_t nslot)
{
	uint32_t *slot = calloc(nslot, sizeof *slot);
	size_t i;

	if (slot == NULL)
		abort();
	for (i = 0; i < t->n; i++) {
		size_t j = tui_names_hash(t->v[i]) & (nslot - 1);

		while (slot[j] != 0)
			j = (j + 1) & (nslot - 1);
		slot[j] = (uint32_t)i + 1;
	}
	free(t->slot);
	t->slot = slot;
	t->nslot = nslot;
}

uint32_t
tui_names_intern(struct tui_names *t, const char *s)
{
	size_t j;

	if (s == NULL)
		return TUI_NONE;
	if (t->nslot == 0 || 2 * (t->n + 1) > t->nslot)
		tui_names_rehash(t, t->nslot ? 2 * t->nslot : 64);
	j = tui_names_hash(s) & (t->nslot - 1);
	while (t->slot[j] != 0) {
		if (strcmp(t->v[t->slot[j] - 1], s) == 0)
			return t->slot[j] - 1;
		j = (j + 1) & (t->nslot - 1);
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 32;
		t->v = realloc(t->v, t->cap * sizeof *t->v);
		if (t->v == NULL)
			abort();
	}
	t->v[t->n] = strdup(s);
	if (t->v[t->n] == NULL)
		abort();
	t->slot[j] = (uint32_t)t->n + 1;
	return (uint32_t)t->n++;
}
