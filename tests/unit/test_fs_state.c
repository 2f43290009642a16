/*
 * The filesystem's namespace and its state file, without FUSE: names and
 * hard links in the tree, paths back up, and the state file's records,
 * map slots and lock surviving a reopen (what a remount relies on).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cunit_main.h"
#include "fs.h"

static char state_path[64];

static int
state_setup(void)
{
	int fd;

	snprintf(state_path, sizeof state_path, "/tmp/cma-fs-state-XXXXXX");
	if ((fd = mkstemp(state_path)) < 0)
		return -1;
	close(fd);
	unlink(state_path);	/* fs_state_open creates it */
	return 0;
}

static int
state_teardown(void)
{
	unlink(state_path);
	return 0;
}

static void
test_tree_names_and_links(void)
{
	struct fs_tree t;
	struct fs_node *dev, *d, *f;
	struct fs_name *a, *b;
	char path[256];
	int err;

	fs_tree_init(&t);
	t.root = fs_node_new(FS_VDIR, 1, S_IFDIR | 0755);
	dev = fs_node_new(FS_VDIR, 2, S_IFDIR | 01777);
	fs_tree_add(&t, t.root, "dev", dev);
	d = fs_node_new(FS_DIR, 1000, S_IFDIR | 0755);
	fs_tree_add(&t, dev, "mfc", d);
	f = fs_node_new(FS_FILE, 1001, S_IFREG | 0600);
	a = fs_tree_add(&t, d, "a", f);
	b = fs_tree_add(&t, dev, "b", f);
	CU_ASSERT_EQUAL(f->nlink, 2);
	CU_ASSERT_PTR_EQUAL(fs_tree_resolve(&t, "/dev/mfc/a", &err), f);
	CU_ASSERT_PTR_EQUAL(fs_tree_resolve(&t, "/dev/b", &err), f);
	CU_ASSERT_PTR_NULL(fs_tree_resolve(&t, "/dev/mfc/zz", &err));
	CU_ASSERT_EQUAL(err, -ENOENT);
	CU_ASSERT_PTR_NULL(fs_tree_resolve(&t, "/dev/b/x", &err));
	CU_ASSERT_EQUAL(err, -ENOTDIR);
	CU_ASSERT_EQUAL(fs_tree_path(&t, d, path, sizeof path), 8);
	CU_ASSERT_STRING_EQUAL(path, "/dev/mfc");
	CU_ASSERT_EQUAL(fs_tree_path(&t, f, path, sizeof path), 0);
	CU_ASSERT_STRING_EQUAL(path, "/dev/mfc/a");
	/* Removing the name a path is built from falls back on another. */
	fs_tree_remove(&t, a);
	CU_ASSERT_EQUAL(f->nlink, 1);
	CU_ASSERT_EQUAL(fs_tree_path(&t, f, path, sizeof path), 0);
	CU_ASSERT_STRING_EQUAL(path, "/dev/b");
	fs_tree_remove(&t, b);
	CU_ASSERT_EQUAL(f->nlink, 0);
	CU_ASSERT_EQUAL(fs_tree_path(&t, f, path, sizeof path), -ENOENT);
	fs_node_free(f);
	fs_tree_free(&t);
}

static void
test_tree_many_names(void)
{
	struct fs_tree t;
	struct fs_node *dir, *n;
	char name[32];
	int i, err, found = 0;

	fs_tree_init(&t);
	t.root = fs_node_new(FS_VDIR, 1, S_IFDIR | 0755);
	dir = fs_node_new(FS_VDIR, 2, S_IFDIR | 0755);
	fs_tree_add(&t, t.root, "d", dir);
	for (i = 0; i < 5000; i++) {	/* several hash table growths */
		snprintf(name, sizeof name, "f%d", i);
		fs_tree_add(&t, dir, name, fs_node_new(FS_FILE, 100 + i,
		    S_IFREG | 0600));
	}
	for (i = 0; i < 5000; i++) {
		snprintf(name, sizeof name, "/d/f%d", i);
		n = fs_tree_resolve(&t, name, &err);
		found += n && n->ino == (uint64_t)(100 + i);
	}
	CU_ASSERT_EQUAL(found, 5000);
	CU_ASSERT_EQUAL(dir->nchildren, 5000);
	fs_tree_free(&t);
}

static void
test_state_records_survive_reopen(void)
{
	struct cma_err err = { "" };
	struct fs_state st, st2;
	uint32_t a, b, c;

	CU_ASSERT_EQUAL_FATAL(fs_state_open(state_path, &st, &err), 0);
	CU_ASSERT(st.fresh);
	CU_ASSERT_EQUAL(fs_state_rec_alloc(&st, &a), 0);
	CU_ASSERT_EQUAL(fs_state_rec_alloc(&st, &b), 0);
	CU_ASSERT_NOT_EQUAL(a, b);
	st.recs[a].ino = 1234;
	fs_state_rec_publish(&st, a, FS_REC_NODE);
	st.recs[b].ino = 99;	/* never published: not a record */
	fs_state_set_map(&st, "mfc=b2");
	fs_state_set_map(&st, "*/*=b1");
	/* A second opener is refused while the first holds it. */
	CU_ASSERT_EQUAL(fs_state_open(state_path, &st2, &err), -EBUSY);
	CU_ASSERT(strstr(err.msg, "in use") != NULL);
	fs_state_close(&st);

	CU_ASSERT_EQUAL_FATAL(fs_state_open(state_path, &st, &err), 0);
	CU_ASSERT(!st.fresh);
	CU_ASSERT_EQUAL(st.recs[a].state, FS_REC_NODE);
	CU_ASSERT_EQUAL(st.recs[a].ino, 1234);
	CU_ASSERT_STRING_EQUAL(fs_state_map(&st), "*/*=b1");
	/* The unpublished slot is free again; the published one is not. */
	CU_ASSERT_EQUAL(fs_state_rec_alloc(&st, &c), 0);
	CU_ASSERT_NOT_EQUAL(c, a);
	fs_state_rec_free(&st, a);
	fs_state_close(&st);
	CU_ASSERT_EQUAL_FATAL(fs_state_open(state_path, &st, &err), 0);
	CU_ASSERT_EQUAL(st.recs[a].state, FS_REC_FREE);
	fs_state_close(&st);
}

static void
test_state_foreign_file_refused(void)
{
	struct cma_err err = { "" };
	struct fs_state st;
	int fd = open(state_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(write(fd, "not a state file\n", 17), 17);
	close(fd);
	CU_ASSERT_EQUAL(fs_state_open(state_path, &st, &err), -EINVAL);
	CU_ASSERT(strstr(err.msg, "not a cma filesystem state file") != NULL);
	unlink(state_path);
}

static void
test_devkind_packing(void)
{
	struct fs_rec r;
	char *dev, *kind;

	fs_rec_pack_devkind(&r, "s5p-mfc5", "f");
	fs_rec_unpack_devkind(&r, &dev, &kind);
	CU_ASSERT_STRING_EQUAL(dev, "s5p-mfc5");
	CU_ASSERT_STRING_EQUAL(kind, "f");
	free(dev);
	free(kind);
	fs_rec_pack_devkind(&r, "fimc", NULL);
	fs_rec_unpack_devkind(&r, &dev, &kind);
	CU_ASSERT_STRING_EQUAL(dev, "fimc");
	CU_ASSERT_PTR_NULL(kind);
	free(dev);
	fs_rec_pack_devkind(&r, NULL, NULL);
	fs_rec_unpack_devkind(&r, &dev, &kind);
	CU_ASSERT_PTR_NULL(dev);
	CU_ASSERT_PTR_NULL(kind);
}

static void
test_align_values(void)
{
	uint64_t a;

	CU_ASSERT_EQUAL(fs_file_parse_align("1M", 2, &a), 0);
	CU_ASSERT_EQUAL(a, 1u << 20);
	CU_ASSERT_EQUAL(fs_file_parse_align("0x1000\n", 7, &a), 0);
	CU_ASSERT_EQUAL(a, 4096);
	CU_ASSERT_EQUAL(fs_file_parse_align("0", 1, &a), 0);
	CU_ASSERT_EQUAL(a, 0);
	CU_ASSERT_EQUAL(fs_file_parse_align("3000", 4, &a), -EINVAL);
	CU_ASSERT_EQUAL(fs_file_parse_align("1Q", 2, &a), -EINVAL);
	CU_ASSERT_EQUAL(fs_file_parse_align("", 0, &a), -EINVAL);
	CU_ASSERT_EQUAL(fs_file_parse_align("4K", 1, &a), 0);	/* "4" */
	CU_ASSERT_EQUAL(a, 4);
}

static CU_TestInfo tree_tests[] = {
	{ "names and hard links", test_tree_names_and_links },
	{ "5000 names in one directory", test_tree_many_names },
	CU_TEST_INFO_NULL
};

static CU_TestInfo state_tests[] = {
	{ "records survive a reopen", test_state_records_survive_reopen },
	{ "foreign file refused", test_state_foreign_file_refused },
	{ "device and kind packing", test_devkind_packing },
	{ "alignment values", test_align_values },
	CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
	{ "fs tree", NULL, NULL, NULL, NULL, tree_tests },
	{ "fs state", state_setup, state_teardown, NULL, NULL, state_tests },
	CU_SUITE_INFO_NULL
};

int
main(void)
{
	return cunit_run(suites);
}
