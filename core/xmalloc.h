/*
 * Allocation that aborts on failure (xmalloc.c): out of memory is not a
 * condition this program can report usefully, so it is not one callers
 * have to handle.
 */
#ifndef CMA_XMALLOC_H
#define CMA_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t m);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
