/*
 * The namespace in memory: nodes, and the names that point at them.
 *
 * FUSE's high-level API hands every call a path, so lookups dominate: one
 * hash table keyed by (directory, component) finds each step of a path in
 * constant time, and each directory also keeps its names in a list for
 * readdir.  A node may have several names (hard links); a directory has
 * exactly one, kept in the node for building paths back up.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fs.h"
#include "xmalloc.h"

#define FS_TREE_MIN_BUCKETS 256

static size_t
tree_hash(const struct fs_node *dir, const char *name)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)(uintptr_t)dir;

	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 1099511628211ull;
	return (size_t)(h ^ (h >> 29));
}

static void
tree_grow(struct fs_tree *t)
{
	size_t nb = t->nbuckets * 2, i;
	struct fs_name **h = xcalloc(nb, sizeof *h);
	struct fs_name *nm, *next;

	for (i = 0; i < t->nbuckets; i++)
		for (nm = t->hash[i]; nm; nm = next) {
			size_t b = tree_hash(nm->parent, nm->name) & (nb - 1);

			next = nm->hnext;
			nm->hnext = h[b];
			h[b] = nm;
		}
	free(t->hash);
	t->hash = h;
	t->nbuckets = nb;
}

void
fs_tree_init(struct fs_tree *t)
{
	memset(t, 0, sizeof *t);
	t->nbuckets = FS_TREE_MIN_BUCKETS;
	t->hash = xcalloc(t->nbuckets, sizeof *t->hash);
}

struct fs_node *
fs_node_new(enum fs_type type, uint64_t ino, mode_t mode)
{
	struct fs_node *n = xcalloc(1, sizeof *n);

	n->type = type;
	n->ino = ino;
	n->mode = mode;
	n->rec = UINT32_MAX;
	n->uid = getuid();
	n->gid = getgid();
	clock_gettime(CLOCK_REALTIME, &n->mtime);
	n->ctime = n->mtime;
	return n;
}

void
fs_node_free(struct fs_node *n)
{
	free(n->dev);
	free(n->kind);
	free(n->region);
	free(n->staging);
	free(n);
}

static void
tree_free_dir(struct fs_tree *t, struct fs_node *dir)
{
	struct fs_name *nm, *next;

	for (nm = dir->first; nm; nm = next) {
		struct fs_node *child = nm->node;

		next = nm->next;
		if (child->type == FS_VDIR || child->type == FS_DIR)
			tree_free_dir(t, child);
		if (--child->nlink == 0)
			fs_node_free(child);
		free(nm->name);
		free(nm);
	}
	dir->first = NULL;
}

void
fs_tree_free(struct fs_tree *t)
{
	if (t->root) {
		tree_free_dir(t, t->root);
		fs_node_free(t->root);
	}
	free(t->hash);
	memset(t, 0, sizeof *t);
}

struct fs_name *
fs_tree_lookup(struct fs_tree *t, struct fs_node *dir, const char *name)
{
	struct fs_name *nm;

	for (nm = t->hash[tree_hash(dir, name) & (t->nbuckets - 1)]; nm;
	    nm = nm->hnext)
		if (nm->parent == dir && strcmp(nm->name, name) == 0)
			return nm;
	return NULL;
}

/* Copies the next component of *path into buf; 0 at the end. */
static int
tree_component(const char **path, char *buf, size_t len, int *err)
{
	const char *p = *path, *e;
	size_t n;

	while (*p == '/')
		p++;
	if (*p == '\0')
		return 0;
	for (e = p; *e && *e != '/'; e++)
		;
	n = (size_t)(e - p);
	if (n >= len) {
		*err = -ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, p, n);
	buf[n] = '\0';
	*path = e;
	return 1;
}

struct fs_node *
fs_tree_resolve(struct fs_tree *t, const char *path, int *err)
{
	struct fs_node *n = t->root;
	char comp[FS_NAME_MAX + 1];
	struct fs_name *nm;
	int r;

	*err = 0;
	while ((r = tree_component(&path, comp, sizeof comp, err)) > 0) {
		if (n->type != FS_VDIR && n->type != FS_DIR) {
			*err = -ENOTDIR;
			return NULL;
		}
		if ((nm = fs_tree_lookup(t, n, comp)) == NULL) {
			*err = -ENOENT;
			return NULL;
		}
		n = nm->node;
	}
	return r < 0 ? NULL : n;
}

struct fs_node *
fs_tree_resolve_parent(struct fs_tree *t, const char *path,
    const char **last, int *err)
{
	const char *slash = strrchr(path, '/');
	char dir[4096];
	struct fs_node *d;
	size_t n;

	*err = 0;
	if (slash == NULL || slash[1] == '\0') {
		*err = -EINVAL;
		return NULL;
	}
	n = (size_t)(slash - path);
	if (n >= sizeof dir) {
		*err = -ENAMETOOLONG;
		return NULL;
	}
	memcpy(dir, path, n);
	dir[n] = '\0';
	*last = slash + 1;
	if (strlen(*last) > FS_NAME_MAX) {
		*err = -ENAMETOOLONG;
		return NULL;
	}
	if ((d = fs_tree_resolve(t, dir, err)) == NULL)
		return NULL;
	if (d->type != FS_VDIR && d->type != FS_DIR) {
		*err = -ENOTDIR;
		return NULL;
	}
	return d;
}

struct fs_name *
fs_tree_add(struct fs_tree *t, struct fs_node *dir, const char *name,
    struct fs_node *node)
{
	struct fs_name *nm = xcalloc(1, sizeof *nm);
	size_t b;

	if (t->nnames + 1 > t->nbuckets)
		tree_grow(t);
	nm->parent = dir;
	nm->node = node;
	nm->name = xstrdup(name);
	nm->rec = UINT32_MAX;
	b = tree_hash(dir, name) & (t->nbuckets - 1);
	nm->hnext = t->hash[b];
	t->hash[b] = nm;
	nm->next = dir->first;
	if (dir->first)
		dir->first->prev = nm;
	dir->first = nm;
	dir->nchildren++;
	node->nlink++;
	if (node->a_name == NULL)
		node->a_name = nm;
	if (node->type == FS_VDIR || node->type == FS_DIR) {
		node->dir_parent = dir;
		node->dir_name = nm->name;
	}
	t->nnames++;
	return nm;
}

/* Another name of nm's node (hard links only: a scan is fine). */
static struct fs_name *
tree_other_name(struct fs_tree *t, const struct fs_name *nm)
{
	struct fs_name *o;
	size_t i;

	for (i = 0; i < t->nbuckets; i++)
		for (o = t->hash[i]; o; o = o->hnext)
			if (o->node == nm->node && o != nm)
				return o;
	return NULL;
}

void
fs_tree_remove(struct fs_tree *t, struct fs_name *nm)
{
	struct fs_name **pp;
	size_t b = tree_hash(nm->parent, nm->name) & (t->nbuckets - 1);

	for (pp = &t->hash[b]; *pp != nm; pp = &(*pp)->hnext)
		;
	*pp = nm->hnext;
	if (nm->prev)
		nm->prev->next = nm->next;
	else
		nm->parent->first = nm->next;
	if (nm->next)
		nm->next->prev = nm->prev;
	nm->parent->nchildren--;
	nm->node->nlink--;
	t->nnames--;
	if (nm->node->a_name == nm)
		nm->node->a_name = nm->node->nlink ? tree_other_name(t, nm) :
		    NULL;
	free(nm->name);
	free(nm);
}

/* The path of a directory, from the root. */
static int
tree_dir_path(const struct fs_node *d, char *buf, size_t len)
{
	int n;

	if (d->dir_parent == NULL) {
		buf[0] = '\0';
		return 0;
	}
	n = tree_dir_path(d->dir_parent, buf, len);
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	return n + snprintf(buf + n, len - (size_t)n, "/%s", d->dir_name);
}

int
fs_tree_path(struct fs_tree *t, const struct fs_node *n, char *buf,
    size_t len)
{
	const struct fs_name *nm = n->a_name;
	int k;

	(void)t;
	if (n->type == FS_VDIR || n->type == FS_DIR)
		return tree_dir_path(n, buf, len);
	if (nm == NULL)
		return -ENOENT;
	k = tree_dir_path(nm->parent, buf, len);
	if (k < 0 || (size_t)k >= len)
		return -ENAMETOOLONG;
	snprintf(buf + k, len - (size_t)k, "/%s", nm->name);
	return 0;
}
