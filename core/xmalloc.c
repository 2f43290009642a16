/*
 * Allocation that never returns NULL.
 *
 * The workbench has no sensible way to go on when the host is out of
 * memory, and checking every small allocation would bury the logic, so
 * these wrappers print one line and abort (as tmux's xmalloc does).  Errors a
 * user can cause are reported with return codes, never through here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cma_int.h"

static void
xmalloc_die(size_t n)
{
	fprintf(stderr, "cma: out of memory allocating %zu bytes\n", n);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		xmalloc_die(n);
	return p;
}

void *
xcalloc(size_t n, size_t m)
{
	void *p = calloc(n ? n : 1, m ? m : 1);

	if (p == NULL)
		xmalloc_die(n * m);
	return p;
}

void *
xrealloc(void *old, size_t n)
{
	void *p = realloc(old, n ? n : 1);

	if (p == NULL)
		xmalloc_die(n);
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
