/*
 * A map from a trace's chunk identities to what the replay made of them.
 *
 * Open addressing with linear probing and backward-shift deletion: no
 * tombstones, so a replay that allocates and frees millions of chunks keeps
 * a table proportional to the chunks live at once, not to the trace.
 */
#ifndef CMA_CHUNKMAP_H
#define CMA_CHUNKMAP_H

#include <stddef.h>
#include <stdint.h>

struct chunkmap_entry {
	uint64_t key;		/* chunk identity; 0 = empty slot */
	uint64_t start;		/* where the replay put it */
	uint64_t size;		/* as requested */
	uint64_t used;		/* what the region gave */
	int	 region;
	unsigned refs;
};

struct chunkmap {
	struct chunkmap_entry *slots;
	size_t		       cap;	/* a power of two */
	size_t		       count;
};

void chunkmap_init(struct chunkmap *m);
void chunkmap_free(struct chunkmap *m);
struct chunkmap_entry *chunkmap_find(struct chunkmap *m, uint64_t key);
/* Insert or return the existing entry for key (key != 0). */
struct chunkmap_entry *chunkmap_put(struct chunkmap *m, uint64_t key);
void chunkmap_remove(struct chunkmap *m, struct chunkmap_entry *e);

#endif
