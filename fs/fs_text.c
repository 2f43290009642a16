/*
 * The generated files: what `cat` shows of the running framework.
 *
 * Every read of one of them renders it afresh under the filesystem lock,
 * so what one read returns is a consistent snapshot.  The per-region
 * directory follows mainline's debugfs (/sys/kernel/debug/cma/NAME: base,
 * count, used and maxchunk in pages) and sysfs counters
 * (alloc_pages_success and friends, here counting chunks), plus a `stat`
 * file with everything in bytes, one `key: value` per line.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cma/metrics.h"
#include "fs.h"
#include "xmalloc.h"

void
fs_text_printf(struct fs_text_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->data ? b->data + b->len : NULL,
		    b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n < 0)
			return;
		if (b->len + (size_t)n < b->cap) {
			b->len += (size_t)n;
			return;
		}
		b->cap = (b->cap + (size_t)n + 1) * 2;
		b->data = xrealloc(b->data, b->cap);
	}
}

/* ---- top-level files ---- */

static void
text_board(struct fs *fs, const void *arg, struct fs_text_buf *out)
{
	char buf[8192];

	cma_board_format(&fs->board, buf, sizeof buf);
	fs_text_printf(out, "%s", buf);
}

static void
text_param(struct fs *fs, const void *arg, struct fs_text_buf *out)
{
	fs_text_printf(out, "%s\n", cma_param_text(fs->cma));
}

static void
text_map(struct fs *fs, const void *arg, struct fs_text_buf *out)
{
	char map[CMA_MAX_PARAM_LEN];

	cma_get_map(fs->cma, map, sizeof map);
	fs_text_printf(out, "%s\n", map);
}

static void
text_generation(struct fs *fs, const void *arg, struct fs_text_buf *out)
{
	fs_text_printf(out, "%" PRIu64 "\n",
	    __atomic_load_n(&fs->generation, __ATOMIC_RELAXED));
}

/* Whether the database takes the operations, and how many it lacks
 * (they are in the state file's ring until it does). */
static void
text_recording(struct fs *fs, struct fs_text_buf *out)
{
	const char *e = trace_recorder_error(fs->recorder);
	uint64_t committed = (uint64_t)trace_recorder_committed(fs->recorder);

	if (e == NULL)
		fs_text_printf(out, "recording: ok\n");
	else
		fs_text_printf(out, "recording: stopped: %s\n", e);
	fs_text_printf(out, "uncommitted: %" PRIu64 "\n",
	    fs->trace_events > committed ? fs->trace_events - committed : 0);
}

static void
text_failures(struct fs *fs, const void *arg, struct fs_text_buf *out)
{
	fs_text_printf(out, "%" PRIu64 "\n", fs->fails);
}

static void
text_status(struct fs *fs, const void *arg, struct fs_text_buf *out)
{
	struct cma_metrics m;
	uint64_t total = 0, used = 0, free_b = 0;
	int i;

	for (i = 0; i < cma_region_count(fs->cma); i++)
		if (cma_metrics_region(fs->cma, i, CMA_PAGE_SIZE, &m) == 0) {
			total += m.total;
			used += m.used;
			free_b += m.free;
		}
	fs_text_printf(out, "pid: %d\n", (int)getpid());
	fs_text_printf(out, "board: %s\nwindow: %s\nstate: %s\n"
	    "database: %s\ntrace: %" PRId64 "\nregions: %d\nchunks: %u\n"
	    "total: %" PRIu64 "\nused: %" PRIu64 "\nfree: %" PRIu64 "\n"
	    "allocs: %" PRIu64 "\nfails: %" PRIu64 "\nfrees: %" PRIu64 "\n"
	    "generation: %" PRIu64 "\nrestored_files: %d\n"
	    "restored_chunks: %d\nreconciled: %d\n",
	    fs->board.name, fs->window_path, fs->state_path, fs->db_path,
	    fs->state.hdr->trace, cma_region_count(fs->cma),
	    cma_chunk_count(fs->cma), total, used, free_b, fs->allocs,
	    fs->fails, fs->frees, fs->generation, fs->restored_files,
	    fs->restored_chunks, fs->reconciled);
	text_recording(fs, out);
}

/* ---- the chunk listing ---- */

struct text_chunk {
	struct cma_chunk_info info;
	struct fs_node	     *file;
};

struct text_chunks {
	struct text_chunk *v;
	size_t		   n, cap;
};

static int
text_chunk_visit(void *arg, const struct cma_chunk_info *c)
{
	struct text_chunks *tc = arg;

	if (tc->n == tc->cap) {
		tc->cap = tc->cap ? tc->cap * 2 : 64;
		tc->v = xrealloc(tc->v, tc->cap * sizeof *tc->v);
	}
	tc->v[tc->n].info = *c;
	tc->v[tc->n++].file = NULL;
	return 0;
}

static struct text_chunk *
text_chunk_at(struct text_chunks *tc, uint64_t start)
{
	size_t lo = 0, hi = tc->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (tc->v[mid].info.start < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < tc->n && tc->v[lo].info.start == start ? &tc->v[lo] :
	    NULL;
}

static void
text_mark_files(struct text_chunks *tc, struct fs_node *dir)
{
	struct fs_name *nm;
	struct text_chunk *c;

	for (nm = dir->first; nm; nm = nm->next) {
		struct fs_node *n = nm->node;

		if (n->type == FS_VDIR || n->type == FS_DIR)
			text_mark_files(tc, n);
		else if (n->type == FS_FILE && n->allocated &&
		    (c = text_chunk_at(tc, n->start)) != NULL)
			c->file = n;
	}
}

static void
text_chunk_line(struct fs *fs, struct fs_text_buf *out,
    const struct text_chunk *c)
{
	const struct fs_node *f = c->file;
	const struct fs_devfile *df;
	struct cma_region_info ri;
	const char *dev = "-", *kind = "-";
	char path[4096] = "-";
	uint64_t seq = c->info.id;

	cma_region_get(fs->cma, c->info.region, &ri);
	if (f) {
		dev = f->dev ? f->dev : "-";
		kind = f->kind ? f->kind : "-";
		seq = f->seq;
		if (fs_tree_path(&fs->tree, f, path, sizeof path) == 0)
			memmove(path, path + 1, strlen(path));
	} else {
		for (df = fs->devfiles; df; df = df->next)
			if (df->has_chunk && df->start == c->info.start) {
				dev = df->dev;
				kind = df->kind[0] ? df->kind : "-";
				seq = df->seq;
				snprintf(path, sizeof path, "cma");
				break;
			}
	}
	fs_text_printf(out, "0x%08" PRIx64 " %" PRIu64 " %s %s %s %u %" PRIu64
	    " %s\n", c->info.start, c->info.size, dev, kind, ri.name,
	    c->info.refs, seq, path);
}

static void
text_chunks(struct fs *fs, const void *arg, struct fs_text_buf *out)
{
	struct text_chunks tc = { 0 };
	size_t i;

	cma_chunk_foreach(fs->cma, text_chunk_visit, &tc);
	text_mark_files(&tc, fs->tree.root);
	fs_text_printf(out, "# START SIZE DEVICE KIND REGION LINKS SEQ "
	    "PATH\n");
	for (i = 0; i < tc.n; i++)
		text_chunk_line(fs, out, &tc.v[i]);
	free(tc.v);
}

/* ---- per region and per bank ---- */

enum text_attr {
	ATTR_BASE, ATTR_SIZE, ATTR_ALLOCATOR, ATTR_COUNT, ATTR_USED,
	ATTR_MAXCHUNK, ATTR_HOLES, ATTR_CHUNKS, ATTR_ALLOC_OK, ATTR_ALLOC_FAIL,
	ATTR_RELEASE, ATTR_EXTENTS, ATTR_STAT, ATTR_FREE,
};

static const struct {
	const char *name;
	int	    attr;
	int	    bank;	/* also a bank attribute */
} text_attrs[] = {
	{ "base", ATTR_BASE, 1 },
	{ "size", ATTR_SIZE, 1 },
	{ "allocator", ATTR_ALLOCATOR, 0 },
	{ "count", ATTR_COUNT, 1 },
	{ "used", ATTR_USED, 1 },
	{ "free", ATTR_FREE, 1 },
	{ "maxchunk", ATTR_MAXCHUNK, 1 },
	{ "holes", ATTR_HOLES, 1 },
	{ "chunks", ATTR_CHUNKS, 1 },
	{ "alloc_success", ATTR_ALLOC_OK, 0 },
	{ "alloc_fail", ATTR_ALLOC_FAIL, 0 },
	{ "release_success", ATTR_RELEASE, 0 },
	{ "free_extents", ATTR_EXTENTS, 0 },
	{ "stat", ATTR_STAT, 1 },
};

#define TEXT_NATTRS (sizeof text_attrs / sizeof text_attrs[0])
#define TEXT_ARG(idx, attr, bank) \
	((const void *)(uintptr_t)(((idx) << 16) | ((attr) << 1) | (bank)))

static int
text_extent(void *arg, uint64_t start, uint64_t size)
{
	fs_text_printf(arg, "0x%08" PRIx64 " %" PRIu64 "\n", start, size);
	return 0;
}

static void
text_stat(struct fs_text_buf *out, const struct cma_metrics *m,
    uint64_t base, uint64_t size)
{
	fs_text_printf(out, "base: 0x%08" PRIx64 "\nsize: %" PRIu64
	    "\nused: %" PRIu64 "\nfree: %" PRIu64 "\nmaxchunk: %" PRIu64
	    "\nholes: %" PRIu64 "\nchunks: %u\n", base, size, m->used, m->free,
	    m->largest_free, m->holes, m->chunks);
}

static void
text_area(struct fs *fs, const void *arg, struct fs_text_buf *out)
{
	uintptr_t a = (uintptr_t)arg;
	int idx = (int)(a >> 16), attr = (int)((a >> 1) & 0x7fff);
	int bank = (int)(a & 1);
	struct cma_region_info ri = { 0 };
	struct cma_metrics m = { 0 };
	uint64_t base, size;

	if (bank) {
		cma_metrics_bank(fs->cma, idx, CMA_PAGE_SIZE, &m);
		base = fs->board.banks[idx].start;
		size = fs->board.banks[idx].size;
	} else {
		cma_region_get(fs->cma, idx, &ri);
		cma_metrics_region(fs->cma, idx, CMA_PAGE_SIZE, &m);
		base = ri.start;
		size = ri.size;
	}
	switch (attr) {
	case ATTR_BASE: fs_text_printf(out, "0x%08" PRIx64 "\n", base); break;
	case ATTR_SIZE: fs_text_printf(out, "%" PRIu64 "\n", size); break;
	case ATTR_ALLOCATOR:
		fs_text_printf(out, "%s\n", ri.allocator ? ri.allocator : "-");
		break;
	case ATTR_COUNT:
		fs_text_printf(out, "%" PRIu64 "\n", size / CMA_PAGE_SIZE);
		break;
	case ATTR_USED:
		fs_text_printf(out, "%" PRIu64 "\n", m.used / CMA_PAGE_SIZE);
		break;
	case ATTR_FREE:
		fs_text_printf(out, "%" PRIu64 "\n", m.free / CMA_PAGE_SIZE);
		break;
	case ATTR_MAXCHUNK:
		fs_text_printf(out, "%" PRIu64 "\n",
		    m.largest_free / CMA_PAGE_SIZE);
		break;
	case ATTR_HOLES: fs_text_printf(out, "%" PRIu64 "\n", m.holes); break;
	case ATTR_CHUNKS: fs_text_printf(out, "%u\n", m.chunks); break;
	case ATTR_ALLOC_OK: fs_text_printf(out, "%" PRIu64 "\n", ri.allocs);
		break;
	case ATTR_ALLOC_FAIL: fs_text_printf(out, "%" PRIu64 "\n", ri.fails);
		break;
	case ATTR_RELEASE:
		fs_text_printf(out, "%" PRIu64 "\n", fs->region[idx].releases);
		break;
	case ATTR_EXTENTS:
		cma_region_walk_free(fs->cma, idx, text_extent, out);
		break;
	case ATTR_STAT:
		text_stat(out, &m, base, size);
		if (!bank)
			fs_text_printf(out, "allocator: %s\nalloc_success: %"
			    PRIu64 "\nalloc_fail: %" PRIu64 "\n"
			    "release_success: %" PRIu64 "\n",
			    ri.allocator ? ri.allocator : "-", ri.allocs,
			    ri.fails, fs->region[idx].releases);
		break;
	}
}

void
fs_text_render(struct fs *fs, const struct fs_node *n,
    struct fs_text_buf *out)
{
	n->text(fs, n->text_arg, out);
}

int
fs_text_set_map(struct fs *fs, const char *text, size_t len)
{
	char map[CMA_MAX_PARAM_LEN];
	struct cma_err err = { "" };
	int ret;

	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == ' '))
		len--;
	if (len >= sizeof map || (len > 0 && memchr(text, '\0', len)))
		return -EINVAL;
	memcpy(map, text, len);
	map[len] = '\0';
	if ((ret = cma_set_map(fs->cma, map, &err)) < 0)
		return -EINVAL;
	fs_state_set_map(&fs->state, map);
	__atomic_add_fetch(&fs->generation, 1, __ATOMIC_RELAXED);
	return 0;
}

/* ---- building the fixed part of the tree ---- */

static uint64_t text_next_vino = 1ull << 40;

static struct fs_node *
text_vdir(struct fs *fs, struct fs_node *parent, const char *name,
    uint64_t ino, mode_t mode, enum fs_role role)
{
	struct fs_node *d = fs_node_new(FS_VDIR, ino ? ino : text_next_vino++,
	    S_IFDIR | mode);

	d->role = role;
	fs_tree_add(&fs->tree, parent, name, d);
	return d;
}

static void
text_file(struct fs *fs, struct fs_node *dir, const char *name,
    fs_text_fn fn, const void *arg)
{
	struct fs_node *n = fs_node_new(FS_TEXT, text_next_vino++,
	    S_IFREG | 0444);

	n->text = fn;
	n->text_arg = arg;
	fs_tree_add(&fs->tree, dir, name, n);
}

static void
text_area_dir(struct fs *fs, struct fs_node *parent, const char *name,
    int idx, int bank)
{
	struct fs_node *d = text_vdir(fs, parent, name, 0, 0555, FS_ROLE_NONE);
	size_t i;

	for (i = 0; i < TEXT_NATTRS; i++)
		if (!bank || text_attrs[i].bank)
			text_file(fs, d, text_attrs[i].name, text_area,
			    TEXT_ARG(idx, text_attrs[i].attr, bank));
}

void
fs_build_static(struct fs *fs)
{
	struct fs_tree *t = &fs->tree;
	struct fs_node *regions, *sys, *sysr, *sysb, *n;
	struct cma_region_info ri;
	int i;

	t->root = fs_node_new(FS_VDIR, 1, S_IFDIR | 0755);
	t->root->nlink = 1;
	t->devroot = text_vdir(fs, t->root, "dev", 2, 01777, FS_ROLE_DEVROOT);
	regions = text_vdir(fs, t->root, "regions", 3, 0755, FS_ROLE_NONE);
	for (i = 0; i < cma_region_count(fs->cma); i++) {
		cma_region_get(fs->cma, i, &ri);
		text_vdir(fs, regions, ri.name, 100 + (uint64_t)i, 01777,
		    FS_ROLE_REGION);
	}
	sys = text_vdir(fs, t->root, "sys", 4, 0555, FS_ROLE_NONE);
	sysr = text_vdir(fs, sys, "regions", 5, 0555, FS_ROLE_NONE);
	sysb = text_vdir(fs, sys, "banks", 6, 0555, FS_ROLE_NONE);
	for (i = 0; i < cma_region_count(fs->cma); i++) {
		cma_region_get(fs->cma, i, &ri);
		text_area_dir(fs, sysr, ri.name, i, 0);
	}
	for (i = 0; i < fs->board.nbanks; i++)
		text_area_dir(fs, sysb, fs->board.banks[i].name, i, 1);
	text_file(fs, t->root, "board", text_board, NULL);
	text_file(fs, t->root, "param", text_param, NULL);
	text_file(fs, t->root, "chunks", text_chunks, NULL);
	text_file(fs, t->root, "generation", text_generation, NULL);
	text_file(fs, t->root, "failures", text_failures, NULL);
	text_file(fs, t->root, "status", text_status, NULL);
	n = fs_node_new(FS_MAPFILE, 10, S_IFREG | 0644);
	n->text = text_map;
	fs_tree_add(&fs->tree, t->root, "map", n);
	n = fs_node_new(FS_DEVNODE, 11, S_IFREG |
	    (fs->state.hdr->devnode_mode & 07777));
	n->uid = fs->state.hdr->devnode_uid;
	n->gid = fs->state.hdr->devnode_gid;
	fs_tree_add(&fs->tree, t->root, "cma", n);
}
