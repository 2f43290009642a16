/*
 * The filesystem's recorder hook.
 *
 * Every cma operation, from any path (files, the ioctl node, remount
 * reconciliation), passes through here after it happened and before the
 * call that made it returns: it is numbered and copied into the state
 * file's ring (durable at once), then handed to the trace recorder (batched
 * into SQLite).  A mount after a crash copies the ring's entries the
 * database never committed back into the trace, so the trace always ends
 * where the allocator was.  The database is flushed every half ring, so
 * the ring never overwrites an uncommitted entry.
 *
 * The core serialises operations while a recorder is attached, so this
 * runs one call at a time.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fs.h"

static __thread int32_t journal_pid;

void
fs_journal_set_pid(int32_t pid)
{
	journal_pid = pid;
	trace_recorder_set_pid(pid);
}

uint64_t
fs_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void
journal_copy(char *dst, size_t len, const char *src)
{
	if (src)
		snprintf(dst, len, "%s", src);
	else
		dst[0] = '\0';
}

static void
journal_ring(struct fs *fs, const struct cma_record *rec, uint64_t n)
{
	struct fs_ring_entry *e = &fs->state.ring[n % FS_RING_CAP];

	__atomic_store_n(&e->n, 0, __ATOMIC_RELEASE);
	e->ts_ns = fs_now_ns();
	e->op = rec->op;
	e->err = rec->err;
	e->pid = journal_pid;
	e->has_kind = rec->kind != NULL;
	e->size = rec->size;
	e->align = rec->align;
	e->start = rec->start;
	e->chunk = rec->chunk;
	journal_copy(e->dev, sizeof e->dev, rec->dev);
	journal_copy(e->kind, sizeof e->kind, rec->kind);
	journal_copy(e->regions, sizeof e->regions, rec->regions);
	journal_copy(e->region, sizeof e->region, rec->region);
	__atomic_store_n(&e->n, n, __ATOMIC_RELEASE);
}

static void
journal_count(struct fs *fs, const struct cma_record *rec)
{
	int idx;

	if (rec->op == CMA_RECORD_ALLOC || rec->op == CMA_RECORD_ALLOC_FROM) {
		if (rec->err == 0)
			fs->allocs++;
		else
			fs->fails++;
	} else if (rec->op == CMA_RECORD_PUT && rec->freed) {
		fs->frees++;
		if (rec->region &&
		    (idx = cma_region_find(fs->cma, rec->region)) >= 0)
			fs->region[idx].releases++;
	}
}

static void
journal_event(void *arg, const struct cma_record *rec)
{
	struct fs *fs = arg;
	uint64_t n = ++fs->trace_events;

	journal_ring(fs, rec, n);
	trace_recorder_record(fs->recorder, rec);
	journal_count(fs, rec);
	__atomic_add_fetch(&fs->generation, 1, __ATOMIC_RELAXED);
	if (++fs->ops_since_flush >= FS_RING_CAP / 2) {
		trace_recorder_flush(fs->recorder);
		fs->ops_since_flush = 0;
	}
}

/* The database failed (a full disk): try it again, at most once a second,
 * giving it every operation the ring holds beyond what it committed. */
static void
journal_retry(struct fs *fs)
{
	uint64_t now = fs_now_ns(), n;
	const struct fs_ring_entry *e;
	struct trace_event ev;

	if (fs->retry_ns && now - fs->retry_ns < 1000000000ull)
		return;
	fs->retry_ns = now;
	if (trace_recorder_retry(fs->recorder) < 0)
		return;
	for (n = (uint64_t)trace_recorder_committed(fs->recorder) + 1;
	    n <= fs->trace_events; n++) {
		e = &fs->state.ring[n % FS_RING_CAP];
		if (__atomic_load_n(&e->n, __ATOMIC_ACQUIRE) != n)
			return;		/* cannot happen: room() stops first */
		fs_ring_event(e, &ev);
		if (trace_recorder_append(fs->recorder, &ev) < 0)
			return;
	}
	if (trace_recorder_flush(fs->recorder) == 0)
		fs->ops_since_flush = 0;
}

int
fs_journal_room(struct fs *fs)
{
	uint64_t committed;

	if (fs->recorder == NULL || trace_recorder_error(fs->recorder) == NULL)
		return 0;
	journal_retry(fs);
	if (trace_recorder_error(fs->recorder) == NULL)
		return 0;
	committed = (uint64_t)trace_recorder_committed(fs->recorder);
	return fs->trace_events - committed >= FS_RING_CAP - FS_RING_SPARE ?
	    -ENOSPC : 0;
}

void
fs_journal_attach(struct fs *fs)
{
	fs->trace_events = (uint64_t)trace_recorder_events(fs->recorder);
	cma_set_recorder(fs->cma, journal_event, fs);
}

void
fs_journal_detach(struct fs *fs)
{
	cma_set_recorder(fs->cma, NULL, NULL);
}
