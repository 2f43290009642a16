/*
 * Error reports for the core.
 *
 * Functions that can fail because of what a user wrote return 0 or -errno
 * (so a FUSE handler can hand the value straight back) and, when the caller
 * passes a struct cma_err, fill it with one line saying what was wrong and
 * where ("position 14: expected ';' or end").  Callers add their own prefix
 * ("cma=: ", "board.txt:3: ").  A NULL struct cma_err is always allowed.
 */
#ifndef CMA_ERR_H
#define CMA_ERR_H

#define CMA_ERR_MAX 256

struct cma_err {
	char msg[CMA_ERR_MAX];
};

void cma_err_set(struct cma_err *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void cma_err_prefix(struct cma_err *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
