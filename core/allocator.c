/*
 * The allocator registry: ops tables looked up by name.
 *
 * v1 generated a static table with preprocessor tricks; Corbet's review
 * asked for an ops struct and a register call instead, which v2 adopted and
 * which is what this is.  The built-in allocators come first, "bf" at the
 * head, so "bf" is what a region gets when cma= names none.  Registration is
 * process-wide and may happen at any time; lookups take the same lock.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "cma_int.h"

#define ALLOCATOR_MAX 32

static pthread_mutex_t allocator_lock = PTHREAD_MUTEX_INITIALIZER;
/* Unused slots are NULL; the built-ins come first, "bf" at the head. */
static const struct cma_allocator *allocator_table[ALLOCATOR_MAX] = {
	&cma_bf_allocator,
	&cma_ff_allocator,
	&cma_gbf_allocator,
	&cma_gff_allocator,
	&cma_tlsf_allocator,
	&cma_buddy_allocator,
};
static int allocator_count = -1;	/* counted on first use */

/* Number of allocators in the table (allocator_lock held). */
static int
allocator_n(void)
{
	if (allocator_count < 0)
		for (allocator_count = 0; allocator_count < ALLOCATOR_MAX &&
		    allocator_table[allocator_count] != NULL;
		    allocator_count++)
			;
	return allocator_count;
}

static const struct cma_allocator *
allocator_lookup(const char *name)
{
	int i;

	for (i = 0; i < allocator_n(); i++)
		if (strcmp(allocator_table[i]->name, name) == 0)
			return allocator_table[i];
	return NULL;
}

int
cma_allocator_register(const struct cma_allocator *a)
{
	int ret = 0;

	if (a == NULL || a->name == NULL || a->name[0] == '\0' ||
	    a->init == NULL || a->cleanup == NULL || a->alloc == NULL ||
	    a->free == NULL || a->walk_free == NULL)
		return -EINVAL;
	pthread_mutex_lock(&allocator_lock);
	if (allocator_lookup(a->name) != NULL)
		ret = -EEXIST;
	else if (allocator_n() == ALLOCATOR_MAX)
		ret = -ENOSPC;
	else
		allocator_table[allocator_count++] = a;
	pthread_mutex_unlock(&allocator_lock);
	return ret;
}

const struct cma_allocator *
cma_allocator_find(const char *name)
{
	const struct cma_allocator *a;

	pthread_mutex_lock(&allocator_lock);
	a = (name == NULL || *name == '\0') ? allocator_table[0] :
	    allocator_lookup(name);
	pthread_mutex_unlock(&allocator_lock);
	return a;
}

const struct cma_allocator *
cma_allocator_get(int i)
{
	const struct cma_allocator *a = NULL;

	pthread_mutex_lock(&allocator_lock);
	if (i >= 0 && i < allocator_n())
		a = allocator_table[i];
	pthread_mutex_unlock(&allocator_lock);
	return a;
}
