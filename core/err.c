/*
 * Filling struct cma_err: one line saying what went wrong and where.
 * cma_err_prefix lets an outer layer add its context ("cma=: ") in front of
 * a message an inner layer wrote.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cma/err.h"

void
cma_err_set(struct cma_err *err, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
}

void
cma_err_prefix(struct cma_err *err, const char *fmt, ...)
{
	char prefix[CMA_ERR_MAX], old[CMA_ERR_MAX];
	size_t n;
	va_list ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof old);
	n = strlen(prefix);
	if (n >= sizeof err->msg)
		n = sizeof err->msg - 1;
	memcpy(err->msg, prefix, n);
	snprintf(err->msg + n, sizeof err->msg - n, "%.*s",
	    (int)(sizeof err->msg - n - 1), old);
}
