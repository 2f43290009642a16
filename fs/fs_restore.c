/*
 * Remounting: bringing back what the previous daemon served.
 *
 * The allocators keep their state in memory only, so it is rebuilt the
 * way it was built: by doing the same operations again.  The mount's trace
 * holds them all once the ring has given back what the database lost:
 * every successful allocation is redone in the region that gave it (so a
 * map rewritten since does not matter) and must land at the address it
 * had, every get and put is redone on its address.  Then the namespace is
 * read back from the state file and the chunks are reconciled with it:
 * each chunk ends with one reference per name of its file; chunks no file
 * names (an allocation whose call never returned, a chunk of an ioctl
 * file, whose descriptor died with the daemon) are freed.  Those repairs
 * are operations like any other and go into the trace, so the trace still
 * replays to the state the filesystem serves.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fs.h"
#include "xmalloc.h"

/* ---- the trace: completing it, replaying it ---- */

void
fs_ring_event(const struct fs_ring_entry *e, struct trace_event *ev)
{
	memset(ev, 0, sizeof *ev);
	ev->op = e->op;
	ev->chunk = e->chunk;
	ev->dev = e->dev[0] || e->op == CMA_RECORD_ALLOC ? e->dev : NULL;
	ev->kind = e->has_kind ? e->kind : NULL;
	ev->regions = e->op == CMA_RECORD_ALLOC_FROM ? e->regions : NULL;
	ev->size = e->size;
	ev->align = e->align;
	ev->has_result = 1;
	ev->err = -e->err;
	ev->has_start = e->err == 0 || e->op == CMA_RECORD_GET ||
	    e->op == CMA_RECORD_PUT;
	ev->start = e->start;
	ev->region = e->region[0] ? e->region : NULL;
	ev->pid = e->pid;
	if (e->op != CMA_RECORD_ALLOC && e->op != CMA_RECORD_ALLOC_FROM)
		ev->dev = NULL;
}

/* Appends the ring's entries past what the database holds. */
static int
restore_complete_trace(struct fs *fs, struct cma_err *err)
{
	uint64_t have = (uint64_t)trace_recorder_events(fs->recorder), n;
	const struct fs_ring_entry *e;
	struct trace_event ev;
	int added = 0;

	for (n = have + 1;; n++) {
		e = &fs->state.ring[n % FS_RING_CAP];
		if (__atomic_load_n(&e->n, __ATOMIC_ACQUIRE) != n)
			break;
		fs_ring_event(e, &ev);
		if (trace_recorder_append(fs->recorder, &ev) < 0) {
			cma_err_set(err, "%s: appending recovered events",
			    fs->db_path);
			return -EIO;
		}
		added++;
	}
	/* Anything newer means the ring lost entries the database never
	 * had: the trace cannot be rebuilt, and so neither can the state. */
	for (n = 0; n < FS_RING_CAP; n++)
		if (__atomic_load_n(&fs->state.ring[n].n, __ATOMIC_ACQUIRE) >
		    have + (uint64_t)added) {
			cma_err_set(err, "%s: the trace lacks events from %"
			    PRIu64 " on, which the state file no longer holds",
			    fs->db_path, have + (uint64_t)added + 1);
			return -EIO;
		}
	if (added && trace_recorder_flush(fs->recorder) < 0) {
		cma_err_set(err, "%s: committing recovered events",
		    fs->db_path);
		return -EIO;
	}
	return added;
}

static int
restore_redo(struct fs *fs, const struct trace_event *ev, struct cma_err *err)
{
	uint64_t start;
	int ret;

	switch (ev->op) {
	case TRACE_ALLOC:
	case TRACE_ALLOC_FROM:
		if (!ev->has_result || ev->err != 0)
			return 0;	/* a failure changed nothing */
		if (ev->region == NULL) {
			cma_err_set(err, "event %" PRId64 ": an allocation "
			    "without its region", ev->seq);
			return -EINVAL;
		}
		ret = cma_alloc_from(fs->cma, ev->region, ev->size, ev->align,
		    &start);
		if (ret < 0 || start != ev->start) {
			cma_err_set(err, "event %" PRId64 ": allocation of %"
			    PRIu64 " bytes in %s came back at 0x%" PRIx64
			    " (%d), not 0x%" PRIx64 "; was the layout changed?",
			    ev->seq, ev->size, ev->region, ret < 0 ? 0 : start,
			    ret, ev->start);
			return -EINVAL;
		}
		return 0;
	case TRACE_GET:
		return ev->has_start ? (cma_get(fs->cma, ev->start), 0) : 0;
	case TRACE_PUT:
		return ev->has_start ? (cma_put(fs->cma, ev->start), 0) : 0;
	}
	return 0;
}

static int
restore_replay(struct fs *fs, int64_t trace, struct cma_err *err)
{
	struct trace_reader *rd;
	struct trace_event ev;
	int ret;

	if ((ret = trace_reader_open(fs->store, trace, &rd, err)) < 0)
		return ret;
	while ((ret = trace_reader_next(rd, &ev)) > 0)
		if ((ret = restore_redo(fs, &ev, err)) < 0)
			break;
	trace_reader_close(rd);
	if (ret < 0 && err->msg[0] == '\0')
		cma_err_set(err, "%s: reading trace %" PRId64, fs->db_path,
		    trace);
	return ret < 0 ? ret : 0;
}

/* ---- the namespace ---- */

struct restore_inode {
	uint64_t	 ino;
	struct fs_node	*node;
};

struct restore_map {
	struct restore_inode *v;
	size_t		      n, cap;
};

static void
restore_map_add(struct restore_map *m, uint64_t ino, struct fs_node *node)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 256;
		m->v = xrealloc(m->v, m->cap * sizeof *m->v);
	}
	m->v[m->n].ino = ino;
	m->v[m->n++].node = node;
}

static int
restore_cmp_ino(const void *a, const void *b)
{
	const struct restore_inode *x = a, *y = b;

	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

static struct fs_node *
restore_map_find(const struct restore_map *m, uint64_t ino)
{
	struct restore_inode key = { .ino = ino }, *f;

	f = bsearch(&key, m->v, m->n, sizeof *m->v, restore_cmp_ino);
	return f ? f->node : NULL;
}

static struct fs_node *
restore_node(struct fs *fs, uint32_t slot)
{
	const struct fs_rec *r = &fs->state.recs[slot];
	struct fs_node *n = fs_node_new(r->is_dir ? FS_DIR : FS_FILE, r->ino,
	    (mode_t)r->mode);

	n->uid = (uid_t)r->uid;
	n->gid = (gid_t)r->gid;
	n->align = r->align;
	n->rec = slot;
	n->mtime.tv_sec = r->mtime_ns / 1000000000;
	n->mtime.tv_nsec = r->mtime_ns % 1000000000;
	n->ctime.tv_sec = r->ctime_ns / 1000000000;
	n->ctime.tv_nsec = r->ctime_ns % 1000000000;
	if (!r->is_dir && __atomic_load_n(&r->allocated, __ATOMIC_ACQUIRE)) {
		n->allocated = 1;
		n->start = r->start;
		n->size = r->size;
		fs_rec_unpack_devkind(r, &n->dev, &n->kind);
	}
	if (n->ino >= fs->next_ino)
		fs->next_ino = n->ino + 1;
	return n;
}

/* The directory a name record points into, if it exists by now. */
static struct fs_node *
restore_parent(struct fs *fs, const struct restore_map *dirs, uint64_t ino)
{
	struct fs_node *d = restore_map_find(dirs, ino);

	if (d == NULL || (d->type == FS_DIR && d->dir_parent == NULL))
		return NULL;	/* not in the tree yet */
	return d;
}

static enum fs_role
restore_child_role(const struct fs_node *dir)
{
	return dir->role == FS_ROLE_DEVROOT ? FS_ROLE_DEVICE : FS_ROLE_KIND;
}

/* Places the names, parents first (devices before kinds). */
static void
restore_names(struct fs *fs, struct restore_map *dirs,
    const struct restore_map *nodes, unsigned char *placed)
{
	struct fs_rec *r;
	struct fs_node *dir, *n;
	struct fs_name *nm;
	uint32_t i;
	int progress = 1;

	while (progress) {
		progress = 0;
		for (i = 0; i < FS_REC_CAP; i++) {
			r = &fs->state.recs[i];
			if (placed[i] || r->state != FS_REC_NAME)
				continue;
			dir = restore_parent(fs, dirs, r->parent);
			n = restore_map_find(nodes, r->ino);
			if (dir == NULL || n == NULL)
				continue;
			if ((n->type == FS_DIR && n->nlink > 0) ||
			    fs_tree_lookup(&fs->tree, dir, r->name)) {
				placed[i] = 2;	/* a duplicate: dropped */
				continue;
			}
			if (n->type == FS_DIR)
				n->role = restore_child_role(dir);
			nm = fs_tree_add(&fs->tree, dir, r->name, n);
			nm->rec = i;
			placed[i] = 1;
			progress = 1;
		}
	}
}

static void
restore_drop_unplaced(struct fs *fs, const unsigned char *placed)
{
	uint32_t i;

	for (i = 0; i < FS_REC_CAP; i++)
		if (fs->state.recs[i].state == FS_REC_NAME && placed[i] != 1)
			fs_state_rec_free(&fs->state, i);
}

static void
restore_collect_dirs(struct fs *fs, struct restore_map *dirs)
{
	struct fs_name *nm;

	restore_map_add(dirs, fs->tree.devroot->ino, fs->tree.devroot);
	/* The region directories under /regions. */
	nm = fs_tree_lookup(&fs->tree, fs->tree.root, "regions");
	for (nm = nm ? nm->node->first : NULL; nm; nm = nm->next)
		restore_map_add(dirs, nm->node->ino, nm->node);
}

static int
restore_tree(struct fs *fs, struct fs_node ***files_out, size_t *nfiles_out)
{
	struct restore_map nodes = { 0 }, dirs = { 0 };
	unsigned char *placed = xcalloc(FS_REC_CAP, 1);
	struct fs_node **files;
	size_t i, nfiles = 0;
	uint32_t s;

	restore_collect_dirs(fs, &dirs);
	for (s = 0; s < FS_REC_CAP; s++) {
		struct fs_node *n;

		if (fs->state.recs[s].state != FS_REC_NODE)
			continue;
		n = restore_node(fs, s);
		restore_map_add(&nodes, n->ino, n);
		if (n->type == FS_DIR)
			restore_map_add(&dirs, n->ino, n);
	}
	qsort(nodes.v, nodes.n, sizeof *nodes.v, restore_cmp_ino);
	qsort(dirs.v, dirs.n, sizeof *dirs.v, restore_cmp_ino);
	restore_names(fs, &dirs, &nodes, placed);
	restore_drop_unplaced(fs, placed);
	files = xcalloc(nodes.n + 1, sizeof *files);
	for (i = 0; i < nodes.n; i++) {
		struct fs_node *n = nodes.v[i].node;

		if (n->nlink == 0) {	/* named nowhere: gone */
			fs_node_unpersist(fs, n);
			fs_node_free(n);
		} else if (n->type == FS_FILE) {
			files[nfiles++] = n;
			fs->restored_files++;
		}
	}
	free(nodes.v);
	free(dirs.v);
	free(placed);
	*files_out = files;
	*nfiles_out = nfiles;
	return 0;
}

/* ---- reconciling chunks with files ---- */

struct restore_chunk {
	uint64_t start;
	unsigned refs;
};

struct restore_chunks {
	struct restore_chunk *v;
	size_t		      n, cap;
};

static int
restore_chunk_visit(void *arg, const struct cma_chunk_info *c)
{
	struct restore_chunks *rc = arg;

	if (rc->n == rc->cap) {
		rc->cap = rc->cap ? rc->cap * 2 : 256;
		rc->v = xrealloc(rc->v, rc->cap * sizeof *rc->v);
	}
	rc->v[rc->n].start = c->start;
	rc->v[rc->n++].refs = c->refs;
	return 0;
}

static int
restore_cmp_file(const void *a, const void *b)
{
	const struct fs_node *x = *(struct fs_node *const *)a;
	const struct fs_node *y = *(struct fs_node *const *)b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static struct fs_node *
restore_owner(struct fs_node **files, size_t n, uint64_t start)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (files[mid]->start < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && files[lo]->start == start ? files[lo] : NULL;
}

static void
restore_chunk_details(struct fs *fs, struct fs_node *f)
{
	struct cma_chunk_info ci;
	struct cma_region_info ri;

	if (cma_chunk_find(fs->cma, f->start, &ci) == 0 &&
	    cma_region_get(fs->cma, ci.region, &ri) == 0) {
		free(f->region);
		f->region = xstrdup(ri.name);
		f->seq = ci.id;
		/* The size the file was given, within the chunk. */
		if (f->size > ci.size)
			f->size = ci.size;
	}
}

/* Files that claim a chunk the allocator does not have lose the claim;
 * of two files claiming one chunk, the second does. */
static void
restore_check_claims(struct fs *fs, struct fs_node **files, size_t n)
{
	struct cma_chunk_info ci;
	size_t i;

	for (i = 0; i < n; i++) {
		struct fs_node *f = files[i];

		if (!f->allocated)
			continue;
		if (cma_chunk_find(fs->cma, f->start, &ci) < 0 ||
		    (i > 0 && files[i - 1]->allocated &&
		    files[i - 1]->start == f->start)) {
			f->allocated = 0;
			f->size = 0;
			fs->state.recs[f->rec].allocated = 0;
			fs->reconciled++;
			continue;
		}
		restore_chunk_details(fs, f);
		fs->restored_chunks++;
	}
}

static void
restore_reconcile(struct fs *fs, struct fs_node **files, size_t n)
{
	struct restore_chunks rc = { 0 };
	size_t i;

	qsort(files, n, sizeof *files, restore_cmp_file);
	restore_check_claims(fs, files, n);
	cma_chunk_foreach(fs->cma, restore_chunk_visit, &rc);
	for (i = 0; i < rc.n; i++) {
		struct fs_node *f = restore_owner(files, n, rc.v[i].start);
		unsigned want = f && f->allocated ? f->nlink : 0;
		unsigned have = rc.v[i].refs;

		if (want != have)
			fs->reconciled++;
		for (; have < want; have++)
			cma_get(fs->cma, rc.v[i].start);
		for (; have > want; have--)
			cma_put(fs->cma, rc.v[i].start);
	}
	free(rc.v);
}

int
fs_restore(struct fs *fs, struct cma_err *err)
{
	struct fs_node **files;
	size_t nfiles;
	int ret;

	if ((ret = restore_complete_trace(fs, err)) < 0)
		return ret;
	if ((ret = restore_replay(fs, fs->state.hdr->trace, err)) < 0)
		return ret;
	fs_journal_attach(fs);
	restore_tree(fs, &files, &nfiles);
	restore_reconcile(fs, files, nfiles);
	free(files);
	if (fs->next_ino > fs->state.hdr->next_ino)
		fs->state.hdr->next_ino = fs->next_ino;
	return 0;
}
