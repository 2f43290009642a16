/*
 * The workbench filesystem (`cma mount`): files are allocations.
 *
 * Pieces, one file each:
 *	fs_state.c	the state file: a MAP_SHARED journal that survives a
 *			SIGKILL of the daemon (header, ring of operations,
 *			namespace records)
 *	fs_tree.c	the namespace in memory (nodes, names, lookup),
 *			written through to the state file
 *	fs_file.c	what sizing, writing, linking and removing a file
 *			does to the allocator
 *	fs_journal.c	the recorder hook: each cma operation goes to the ring,
 *			then to the trace store; counters and the generation
 *	fs_restore.c	remounting: finish the trace from the ring, replay it
 *			into a fresh framework, rebuild the tree, reconcile
 *	fs_text.c	the generated files (status, sys/..., chunks, map, ...)
 *	fs_ioctl.c	the `cma` node: the v1 /dev/cma ioctl ABI
 *	fs_ops.c	the FUSE callbacks (high-level API)
 *	fs_mount.c	options, daemon start-up, the FUSE loop
 *
 * Locking: one mutex (fs->lock) guards the tree, the state file and every
 * cma call made by the filesystem; the data path (read, write) takes it
 * only to find the chunk, and copies outside it: an open file pins its
 * node and its chunk (the last cma_put waits for the last close).
 *
 * Layout of the tree:
 *
 *	/cma			the ioctl node (FS_DEVNODE)
 *	/board /param /map	board file, cma= (read-only), cma_map= (writable)
 *	/chunks /generation	one line per live chunk; an operation counter
 *	/failures		failed allocation requests so far
 *	/status			global figures
 *	/dev/DEVICE/[KIND/]F	an allocation for DEVICE (and KIND)
 *	/regions/REGION/F	an allocation from REGION (cma_alloc_from)
 *	/sys/regions/R/ATTR	per-region status, one value per file
 *	/sys/banks/B/ATTR	per-bank status
 */
#ifndef CMA_FS_H
#define CMA_FS_H

#include <pthread.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "cma/cma.h"
#include "cma/window.h"
#include "recorder.h"
#include "store.h"

#define FS_NAME_MAX	255	/* a path component */
#define FS_DEVNAME_MAX	63	/* device, kind and region directory names */

/* ---- the state file (fs_state.c) ---- */

#define FS_STATE_MAGIC	"cma-fs-state-v1"
#define FS_RING_CAP	32768u	/* operations not yet committed, at most */
#define FS_REC_CAP	65536u	/* nodes + names */
#define FS_RING_SPARE	4096u	/* ring entries kept for closes */

/* One cma operation, written before it reaches the trace store. */
struct fs_ring_entry {
	uint64_t n;		/* 1-based number in the trace; written last */
	uint64_t ts_ns;
	int32_t	 op, err, pid, has_kind;
	uint64_t size, align, start, chunk;
	char	 dev[FS_DEVNAME_MAX + 1];
	char	 kind[FS_DEVNAME_MAX + 1];
	char	 regions[FS_DEVNAME_MAX + 1];
	char	 region[FS_DEVNAME_MAX + 1];
	char	 pad[192];
};

enum fs_rec_state { FS_REC_FREE = 0, FS_REC_NODE = 1, FS_REC_NAME = 2 };

/*
 * A namespace record.  A node (a file or a user directory) and each name
 * of it are separate records, so a hard link is one more name record.  A
 * record is valid once `state` is set, and `state` is written last; a
 * node's chunk counts once `allocated` is set, written after start/size.
 */
struct fs_rec {
	uint32_t state;
	uint32_t is_dir;
	uint64_t ino;
	uint32_t mode, uid, gid, allocated;
	uint64_t size, start, align;
	int64_t	 mtime_ns, ctime_ns;
	uint64_t parent;	/* NAME: the directory's inode */
	char	 name[FS_NAME_MAX + 1];
	char	 pad[48];
};

struct fs_state_header {
	char	 magic[16];
	uint32_t version, ring_cap, rec_cap, map_slot;
	int64_t	 trace;		/* the trace in the database */
	uint64_t next_ino;
	uint32_t devnode_mode, devnode_uid, devnode_gid, pad;
	char	 db[1024];	/* the database, as an absolute path */
	char	 board_text[8192];
	char	 param[CMA_MAX_PARAM_LEN];
	char	 map[2][CMA_MAX_PARAM_LEN];	/* map[map_slot] is current */
};

struct fs_state {
	int			 fd;
	char			*path;
	size_t			 length;
	struct fs_state_header	*hdr;
	struct fs_ring_entry	*ring;
	struct fs_rec		*recs;
	uint32_t		*free_recs;	/* a stack of free slots */
	uint32_t		 nfree;
	int			 fresh;		/* created by this open */
};

int  fs_state_open(const char *path, struct fs_state *st,
    struct cma_err *err);
void fs_state_close(struct fs_state *st);
/* A free record slot (zeroed), or -ENOSPC. */
int  fs_state_rec_alloc(struct fs_state *st, uint32_t *slot);
void fs_state_rec_publish(struct fs_state *st, uint32_t slot, uint32_t state);
void fs_state_rec_free(struct fs_state *st, uint32_t slot);
void fs_state_set_map(struct fs_state *st, const char *map);
const char *fs_state_map(const struct fs_state *st);
int  fs_state_sync(struct fs_state *st);

/* ---- the namespace (fs_tree.c) ---- */

enum fs_type {
	FS_VDIR,	/* a directory of the workbench itself */
	FS_DIR,		/* a user directory (device or kind), persisted */
	FS_FILE,	/* an allocation, persisted */
	FS_TEXT,	/* a generated read-only file */
	FS_MAPFILE,	/* the writable map */
	FS_DEVNODE,	/* the ioctl node */
};

/* What creating things in a directory means. */
enum fs_role {
	FS_ROLE_NONE,
	FS_ROLE_DEVROOT,	/* /dev: mkdir makes a device */
	FS_ROLE_DEVICE,		/* /dev/D: files allocate for D; mkdir a kind */
	FS_ROLE_KIND,		/* /dev/D/K: files allocate for D, kind K */
	FS_ROLE_REGION,		/* /regions/R: files allocate from R */
};

struct fs;
struct fs_name;
struct fs_text_buf;

typedef void (*fs_text_fn)(struct fs *fs, const void *arg,
    struct fs_text_buf *out);

struct fs_node {
	uint64_t	 ino;
	enum fs_type	 type;
	mode_t		 mode;
	uid_t		 uid;
	gid_t		 gid;
	struct timespec	 mtime, ctime;
	uint32_t	 rec;		/* state-file slot, UINT32_MAX: none */
	unsigned	 nlink;		/* names naming it */
	struct fs_name	*a_name;	/* one of them (NULL when none) */
	unsigned	 opens;
	uint64_t	 align;		/* user.cma.align, 0: not set */
	/* directories */
	enum fs_role	 role;
	struct fs_name	*first;		/* children, newest first */
	unsigned	 nchildren;
	struct fs_node	*dir_parent;	/* directories have one name */
	const char	*dir_name;
	/* files */
	uint64_t	 size;		/* bytes as asked (or staged) */
	int		 allocated;
	uint64_t	 start;		/* the chunk, when allocated */
	char		*dev, *kind, *region;	/* how it was allocated */
	uint64_t	 seq;		/* generation at allocation */
	char		*staging;	/* bytes written before allocation */
	size_t		 staging_cap;
	/* generated files */
	fs_text_fn	 text;
	const void	*text_arg;
};

struct fs_name {
	struct fs_node	*parent, *node;
	char		*name;
	uint32_t	 rec;
	struct fs_name	*hnext;		/* hash chain */
	struct fs_name	*next, *prev;	/* siblings */
};

struct fs_tree {
	struct fs_node	*root, *devroot;
	struct fs_name **hash;
	size_t		 nbuckets, nnames;
};

void fs_tree_init(struct fs_tree *t);
void fs_tree_free(struct fs_tree *t);
struct fs_node *fs_node_new(enum fs_type type, uint64_t ino, mode_t mode);
void fs_node_free(struct fs_node *n);
struct fs_name *fs_tree_lookup(struct fs_tree *t, struct fs_node *dir,
    const char *name);
/* Walks a path ("/dev/mfc/a"); the node or NULL (errno-style in *err). */
struct fs_node *fs_tree_resolve(struct fs_tree *t, const char *path,
    int *err);
/* The directory and the last component of a path. */
struct fs_node *fs_tree_resolve_parent(struct fs_tree *t, const char *path,
    const char **last, int *err);
struct fs_name *fs_tree_add(struct fs_tree *t, struct fs_node *dir,
    const char *name, struct fs_node *node);
void fs_tree_remove(struct fs_tree *t, struct fs_name *nm);
/* The first name of a node within its directory tree, as a path. */
int  fs_tree_path(struct fs_tree *t, const struct fs_node *n, char *buf,
    size_t len);

/* ---- the filesystem ---- */

struct fs_region_stats {
	uint64_t releases;
};

struct fs_config {
	const struct cma_board *board;	/* NULL: the state's, or goni */
	const char *cma, *map;	/* NULL: the board's / the state's */
	const char *window;
	const char *db;
	const char *state;	/* NULL: WINDOW.fs */
};

struct fs {
	pthread_mutex_t		 lock;
	struct cma		*cma;
	struct cma_board	 board;
	struct cma_window	*window;
	struct trace_store	*store;
	struct trace_recorder	*recorder;
	struct fs_state		 state;
	struct fs_tree		 tree;
	char			*window_path, *db_path, *state_path;
	uint64_t		 generation;	/* operations and map changes */
	uint64_t		 ops_since_flush;
	uint64_t		 trace_events;	/* numbering of ring entries */
	uint64_t		 allocs, fails, frees;
	uint64_t		 retry_ns;	/* last retry of the database */
	struct fs_region_stats	 region[CMA_MAX_REGIONS];
	uint64_t		 max_region;	/* the largest region's size */
	uint64_t		 next_ino;
	struct fs_devfile	*devfiles;	/* open files of the ioctl node */
	int			 restored_files, restored_chunks;
	int			 reconciled;
	struct timespec		 started;
};

/* fs_mount.c: everything up to a served tree, and back. */
int  fs_open(struct fs *fs, const struct fs_config *cfg, struct cma_err *err);
void fs_close(struct fs *fs);

/* fs_journal.c */
void fs_journal_attach(struct fs *fs);
void fs_journal_detach(struct fs *fs);
void fs_journal_set_pid(int32_t pid);
/*
 * Whether an operation that changes the allocator may go ahead (0) or not
 * (-ENOSPC): while the database cannot be written (a full disk), the ring
 * keeps what it lacks, and operations stop before the ring would have to
 * overwrite any of it.  Retries the database now and then.
 */
int  fs_journal_room(struct fs *fs);
/* A ring entry as a trace event (pointing into the entry). */
void fs_ring_event(const struct fs_ring_entry *e, struct trace_event *ev);

/* fs_restore.c: bring back a previous session (0, or -errno + message). */
int  fs_restore(struct fs *fs, struct cma_err *err);
/* Adds the generated nodes (status files, regions, sys). */
void fs_build_static(struct fs *fs);

/* fs_file.c: allocation semantics, called with fs->lock held. */
int  fs_file_size(struct fs *fs, struct fs_node *dir, struct fs_node *n,
    uint64_t size);
int  fs_file_stage(struct fs *fs, struct fs_node *n, const char *buf,
    size_t len, uint64_t off);
int  fs_file_commit_staged(struct fs *fs, struct fs_node *dir,
    struct fs_node *n);
int  fs_file_link(struct fs *fs, struct fs_node *n);
/* Drops one name's reference; frees the chunk with the last one unless
 * the file is still open (then the last close does). */
int  fs_file_unlinked(struct fs *fs, struct fs_node *n);
void fs_file_closed(struct fs *fs, struct fs_node *n);
void *fs_file_bytes(struct fs *fs, struct fs_node *n);
int  fs_file_parse_align(const char *value, size_t len, uint64_t *align);
/* The alignment a new allocation in `dir` gets: the file's, else the
 * nearest directory's, else 0 (a page). */
uint64_t fs_file_align(const struct fs_node *dir, const struct fs_node *n);
/* Persist a node's attributes / create its record. */
int  fs_file_persist(struct fs *fs, struct fs_node *n);
int  fs_name_persist(struct fs *fs, struct fs_name *nm);
void fs_rec_pack_devkind(struct fs_rec *r, const char *dev, const char *kind);
void fs_rec_unpack_devkind(const struct fs_rec *r, char **dev, char **kind);
void fs_name_unpersist(struct fs *fs, struct fs_name *nm);
void fs_node_unpersist(struct fs *fs, struct fs_node *n);

/* fs_text.c */
struct fs_text_buf {
	char	*data;
	size_t	 len, cap;
};
void fs_text_printf(struct fs_text_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void fs_text_render(struct fs *fs, const struct fs_node *n,
    struct fs_text_buf *out);
int  fs_text_set_map(struct fs *fs, const char *text, size_t len);

/* fs_ioctl.c: the `cma` node's open files. */
struct fs_devfile {
	int		  has_chunk;
	uint64_t	  start, size;
	uint64_t	  seq;
	char		  dev[17], kind[17];
	struct fs_devfile *next, *prev;	/* fs->devfiles, while open */
};
int  fs_ioctl_alloc(struct fs *fs, struct fs_devfile *df, void *data);
void fs_ioctl_release(struct fs *fs, struct fs_devfile *df);

/* fs_ops.c */
struct fuse_operations;
const struct fuse_operations *fs_fuse_operations(void);

/* fs_mount.c: the daemon. */
struct fs_mount_options {
	struct fs_config cfg;
	const char	*mountpoint;
	int		 foreground;
	const char	*fuse_opts;	/* -o, comma-separated */
};
/* Returns an exit status (0, 1 failure, 2 configuration). */
int  fs_mount_run(const struct fs_mount_options *o);
int  fs_umount(const char *mountpoint, struct cma_err *err);

uint64_t fs_now_ns(void);

#endif
