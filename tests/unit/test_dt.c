/*
 * Boards from device trees (include/cma/dt.h).
 *
 * The three shipped fixtures (the .dts files in tests/fixtures/dt, compiled by dtc,
 * which must be installed) read to exactly the banks, reserved ranges,
 * cma= and cma_map= they declare, as source and as a .dtb; the default
 * area left out with CMA_DT_NO_DEFAULT; dynamic placement top-down inside
 * alloc-ranges and after every fixed node; and every kind of malformed
 * tree, each with its "FILE: /node: what" message and nothing left in the
 * board: bad cells, overlapping regions, a phandle to nowhere, misaligned
 * CMA areas, no room, limits.  Blobs that are not device trees (garbage,
 * truncated) are refused before anything reads them; without dtc in PATH
 * a .dts says so.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cunit_main.h"
#include "cma/dt.h"

#define MiB (1024ull * 1024)

static struct cma_board B;
static struct cma_err E;
static char Tmpdir[] = "/tmp/cma-test-dt-XXXXXX";

static const char *
fixture(const char *name)
{
	static char path[4096];
	const char *slash = strrchr(__FILE__, '/');
	int n = slash ? (int)(slash - __FILE__) : 1;

	snprintf(path, sizeof path, "%.*s/../fixtures/dt/%s", n,
	    slash ? __FILE__ : ".", name);
	return path;
}

static int
load(const char *path, int flags)
{
	memset(&E, 0, sizeof E);
	return cma_dt_board_load(path, flags, &B, &E);
}

static void
expect_range(const struct cma_range *r, const char *name, uint64_t start,
    uint64_t size)
{
	CU_ASSERT_STRING_EQUAL(r->name, name);
	CU_ASSERT_EQUAL(r->start, start);
	CU_ASSERT_EQUAL(r->size, size);
}

/* ---- the fixtures ---- */

static void
test_s5pv210(void)
{
	CU_ASSERT_EQUAL_FATAL(load(fixture("s5pv210-phone.dts"), 0), 0);
	CU_ASSERT_STRING_EQUAL(B.name, "s5pv210-phone");
	CU_ASSERT_EQUAL_FATAL(B.nbanks, 2);
	expect_range(&B.banks[0], "mem0", 0x30000000, 80 * MiB);
	expect_range(&B.banks[1], "mem1", 0x40000000, 384 * MiB);
	CU_ASSERT_EQUAL_FATAL(B.nreserved, 1);
	expect_range(&B.reserved[0], "memreserve", 0x30000000, 32 * MiB);
	CU_ASSERT_STRING_EQUAL(B.cma, "fw_32000000=4M@0x32000000/4M;"
	    "b1_33000000=32M@0x33000000/4M;b2_44000000=16M@0x44000000/4M;"
	    "linux_cma=16M@0x57000000/4M");
	CU_ASSERT_STRING_EQUAL(B.map, "mfc=fw_32000000;mfc/f=fw_32000000;"
	    "mfc/a=b1_33000000;mfc/b=b2_44000000;*/*=linux_cma");
}

static void
test_exynos4(void)
{
	CU_ASSERT_EQUAL_FATAL(load(fixture("exynos4-mfc.dts"), 0), 0);
	CU_ASSERT_EQUAL_FATAL(B.nbanks, 2);
	expect_range(&B.banks[0], "mem0", 0x40000000, 512 * MiB);
	expect_range(&B.banks[1], "mem1", 0x60000000, 512 * MiB);
	CU_ASSERT_EQUAL_FATAL(B.nreserved, 1);
	expect_range(&B.reserved[0], "secmon_7fe00000", 0x7fe00000, 2 * MiB);
	/* 64 MiB at the top of alloc-ranges 0x40000000+256M */
	CU_ASSERT_STRING_EQUAL(B.cma, "region_51000000=8M@0x51000000/4M;"
	    "region_63000000=8M@0x63000000/4M;linux_cma=64M@0x4c000000/4M");
	CU_ASSERT_STRING_EQUAL(B.map, "codec=region_51000000;"
	    "codec/left=region_51000000;codec/right=region_63000000;"
	    "*/*=linux_cma");
	/* the command line's cma= replaces the default area */
	CU_ASSERT_EQUAL_FATAL(load(fixture("exynos4-mfc.dts"),
	    CMA_DT_NO_DEFAULT), 0);
	CU_ASSERT_STRING_EQUAL(B.cma, "region_51000000=8M@0x51000000/4M;"
	    "region_63000000=8M@0x63000000/4M");
	CU_ASSERT_STRING_EQUAL(B.map, "codec=region_51000000;"
	    "codec/left=region_51000000;codec/right=region_63000000");
}

static void
test_rpi(void)
{
	CU_ASSERT_EQUAL_FATAL(load(fixture("rpi-cma.dts"), 0), 0);
	CU_ASSERT_EQUAL_FATAL(B.nbanks, 2);
	expect_range(&B.banks[0], "mem0", 0, 0x3b400000);
	expect_range(&B.banks[1], "mem1", 0x40000000, 0xbc000000);
	expect_range(&B.reserved[0], "memreserve", 0, 4096);
	/* two address cells; top of the first bank, inside the first GiB */
	CU_ASSERT_STRING_EQUAL(B.cma, "linux_cma=256M@0x2b400000/4M");
	CU_ASSERT_STRING_EQUAL(B.map, "v3d=linux_cma;*/*=linux_cma");
}

/* ---- writing trees ---- */

static const char *
write_dts(const char *name, const char *body)
{
	static char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", Tmpdir, name);
	f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(body, f);
	fclose(f);
	return path;
}

#define DTS_HEAD "/dts-v1/;\n/ {\n #address-cells = <1>; #size-cells = <1>;\n" \
	" memory@40000000 { device_type = \"memory\"; reg = <0x40000000 0x10000000>; };\n"
#define RMEM_HEAD " reserved-memory { #address-cells = <1>; #size-cells = <1>; ranges;\n"
#define POOL(label, node, reg) "  " label ": " node " { compatible = " \
	"\"shared-dma-pool\"; reusable; reg = <" reg ">; };\n"

/* The tree body fails; the message starts "t.dts: " and contains `what`. */
static void
expect_bad(const char *body, const char *what)
{
	const char *path = write_dts("t.dts", body);
	char prefix[600];

	snprintf(prefix, sizeof prefix, "%s: ", path);
	CU_ASSERT_EQUAL(load(path, 0), -EINVAL);
	CU_ASSERT_EQUAL(strncmp(E.msg, prefix, strlen(prefix)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(E.msg, what));
	if (strncmp(E.msg, prefix, strlen(prefix)) != 0 ||
	    strstr(E.msg, what) == NULL)
		fprintf(stderr, "\n  got '%s', want '...%s'\n", E.msg, what);
	CU_ASSERT_EQUAL(B.nbanks, 0);
	CU_ASSERT_EQUAL(B.cma[0], '\0');
}

static void
test_dynamic_order(void)
{
	const char *path = write_dts("dyn.dts", DTS_HEAD RMEM_HEAD
	    "  a: a { compatible = \"shared-dma-pool\"; reusable; size = <0x800000>; };\n"
	    "  b: b { compatible = \"shared-dma-pool\"; reusable; size = <0x400000>;"
	    " alloc-ranges = <0x40000000 0x100000>, <0x40000000 0x1000000>; };\n"
	    POOL("f", "fixed@4f800000", "0x4f800000 0x800000")
	    "  pool { size = <0x100000>; alignment = <0x10000>; };\n"
	    " };\n"
	    " dev@0 { memory-region = <&b>, <&a>; };\n"
	    " dev@1 { memory-region = <&f>; };\n"
	    "};\n");

	CU_ASSERT_EQUAL_FATAL(load(path, 0), 0);
	/* the fixed node first; a below it; b in its second range (the first
	 * is too small); the no-map-less pool, not a CMA area, reserved
	 * below a with 64 KiB alignment */
	CU_ASSERT_STRING_EQUAL(B.cma, "a=8M@0x4f000000/4M;b=4M@0x40c00000/4M;"
	    "fixed_4f800000=8M@0x4f800000/4M");
	CU_ASSERT_EQUAL_FATAL(B.nreserved, 1);
	expect_range(&B.reserved[0], "pool", 0x4ef00000, MiB);
	CU_ASSERT_STRING_EQUAL(B.map, "dev=b;dev/1=a;dev_1=fixed_4f800000");
	CU_ASSERT_STRING_EQUAL(B.name, "dyn");
}

static void
test_dtb(void)
{
	char cmd[1200], dtb[600];

	snprintf(dtb, sizeof dtb, "%s/x.dtb", Tmpdir);
	snprintf(cmd, sizeof cmd, "dtc -q -I dts -O dtb -o %s %s", dtb,
	    fixture("exynos4-mfc.dts"));
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	CU_ASSERT_EQUAL_FATAL(load(dtb, 0), 0);
	CU_ASSERT_STRING_EQUAL(B.name, "x");
	CU_ASSERT_STRING_EQUAL(B.cma, "region_51000000=8M@0x51000000/4M;"
	    "region_63000000=8M@0x63000000/4M;linux_cma=64M@0x4c000000/4M");
}

static void
test_bad_trees(void)
{
	expect_bad(DTS_HEAD RMEM_HEAD POOL("m", "mfc@0", "0x40000000 0x400000 0x0")
	    " };\n};\n", "/reserved-memory/mfc@0: reg: expected a multiple of 2 cells");
	expect_bad(DTS_HEAD RMEM_HEAD "  m: mfc@0 { compatible = \"shared-dma-pool\";"
	    " reusable; reg = <0x40000000>; }; };\n};\n",
	    "/reserved-memory/mfc@0: reg: expected 2 cells, got 1");
	expect_bad(DTS_HEAD RMEM_HEAD POOL("m", "r@0", "0x40000000 0x400000 0x40400000 0x400000")
	    " };\n};\n", "reg: expected 2 cells, got 4 (a CMA area is one range)");
	expect_bad(DTS_HEAD RMEM_HEAD POOL("a", "a@40000000", "0x40000000 0x800000")
	    POOL("b", "b@40400000", "0x40400000 0x800000") " };\n};\n",
	    "/reserved-memory/a@40000000: 0x40000000-0x407fffff overlaps "
	    "b_40400000 (0x40400000-0x40bfffff)");
	expect_bad(DTS_HEAD RMEM_HEAD "  n@40000000 { reg = <0x40000000 0x800000>; no-map; };\n"
	    POOL("b", "b@40400000", "0x40400000 0x800000") " };\n};\n",
	    "overlaps n_40000000");
	expect_bad(DTS_HEAD RMEM_HEAD POOL("a", "a@0", "0x40000000 0x400000")
	    " };\n dev { memory-region = <0x1234>; };\n};\n",
	    "/dev: memory-region: phandle 0x1234 refers to no node");
	expect_bad(DTS_HEAD " other: other { };\n dev { memory-region = <&other>; };\n};\n",
	    "/dev: memory-region: /other is not a /reserved-memory node");
	expect_bad(DTS_HEAD RMEM_HEAD POOL("a", "a@0", "0x40100000 0x400000")
	    " };\n};\n", "not aligned to 4 MiB (CMA_MIN_ALIGNMENT)");
	expect_bad(DTS_HEAD RMEM_HEAD POOL("a", "a@0", "0x30000000 0x400000")
	    " };\n};\n", "0x30000000-0x303fffff is not inside one memory bank");
	expect_bad(DTS_HEAD RMEM_HEAD "  a { compatible = \"shared-dma-pool\"; reusable;"
	    " no-map; size = <0x400000>; };\n };\n};\n", "reusable and no-map together");
	expect_bad(DTS_HEAD RMEM_HEAD "  a { compatible = \"shared-dma-pool\"; reusable;"
	    " size = <0x400000>; alloc-ranges = <0x50000000 0x1000000>; };\n };\n};\n",
	    "/reserved-memory/a: no room for 0x400000 bytes");
	expect_bad(DTS_HEAD RMEM_HEAD "  a { compatible = \"shared-dma-pool\"; reusable;"
	    " size = <0x300000>; };\n };\n};\n", "not aligned to 4 MiB");
	expect_bad(DTS_HEAD RMEM_HEAD "  a { compatible = \"shared-dma-pool\"; reusable; };\n"
	    " };\n};\n", "/reserved-memory/a: neither reg nor size");
	expect_bad(DTS_HEAD RMEM_HEAD "  a { compatible = \"shared-dma-pool\"; reusable;"
	    " size = <0x400000>; linux,cma-default; };\n"
	    "  b { compatible = \"shared-dma-pool\"; reusable; size = <0x400000>;"
	    " linux,cma-default; };\n };\n};\n", "/reserved-memory/b: a second linux,cma-default");
	expect_bad("/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; };\n",
	    "no memory node");
	expect_bad("/dts-v1/;\n/ { #address-cells = <3>; #size-cells = <1>;\n"
	    " memory { reg = <0 0 0 0>; }; };\n", "#address-cells is 3: only 1 or 2");
	expect_bad(DTS_HEAD RMEM_HEAD POOL("a", "a@0", "0x40000000 0x400000")
	    " };\n dev { memory-region = <&a &a>; memory-region-names = \"x\"; };\n};\n",
	    "/dev: memory-region-names: 1 names for 2 memory-region entries");
	expect_bad("/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>;\n"
	    " memory { device_type = \"memory\"; reg = <0x40000000 0x1000 0x40001000 0x1000"
	    " 0x40002000 0x1000 0x40003000 0x1000 0x40004000 0x1000 0x40005000 0x1000"
	    " 0x40006000 0x1000 0x40007000 0x1000 0x40008000 0x1000>; }; };\n",
	    "/memory: more than 8 memory banks");
	expect_bad("/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>;\n"
	    " memory { device_type = \"memory\"; reg = <0x40000000 0x1800>; }; };\n",
	    "not a whole number of 4 KiB pages");
	expect_bad(DTS_HEAD RMEM_HEAD
	    "  a { reg = <0x40000000 0x1000>; }; b { reg = <0x40001000 0x1000>; };\n"
	    "  c { reg = <0x40002000 0x1000>; }; d { reg = <0x40003000 0x1000>; };\n"
	    "  e { reg = <0x40004000 0x1000>; }; f { reg = <0x40005000 0x1000>; };\n"
	    "  g { reg = <0x40006000 0x1000>; }; h { reg = <0x40007000 0x1000>; };\n"
	    "  i { reg = <0x40008000 0x1000>; };\n };\n};\n",
	    "more than 8 reserved ranges");
}

static void
test_not_a_tree(void)
{
	static const unsigned char junk[64] = { 0xd0, 0x0d, 0xfe, 0xed, 0, 0,
	    0x10, 0, [23] = 17, [27] = 16 };	/* v17, 4 KiB said, 64 given */
	char cmd[1200], dtb[600], cut[600];
	FILE *f;
	char buf[8192];
	size_t n;

	memset(&E, 0, sizeof E);
	CU_ASSERT_EQUAL(cma_dt_board_blob("hello", 5, "x.dtb", 0, &B, &E),
	    -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(E.msg, "x.dtb: not a valid device tree"));
	CU_ASSERT_EQUAL(cma_dt_board_blob(junk, sizeof junk, "j.dtb", 0, &B,
	    &E), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(E.msg, "truncated or corrupt"));
	/* a pre-16 layout (libfdt's full check is not safe on those) */
	{
		unsigned char old[64] = { 0xd0, 0x0d, 0xfe, 0xed, 0, 0, 0, 64,
		    0, 0, 0, 0x38, 0, 0, 0, 0x3c, 0, 0, 0, 0x28, 0, 0, 0, 3 };

		CU_ASSERT_EQUAL(cma_dt_board_blob(old, sizeof old, "o.dtb", 0,
		    &B, &E), -EINVAL);
		CU_ASSERT_PTR_NOT_NULL(strstr(E.msg, "o.dtb: device tree blob "
		    "version 3"));
	}
	/* a real blob cut short */
	snprintf(dtb, sizeof dtb, "%s/full.dtb", Tmpdir);
	snprintf(cut, sizeof cut, "%s/cut.dtb", Tmpdir);
	snprintf(cmd, sizeof cmd, "dtc -q -I dts -O dtb -o %s %s", dtb,
	    fixture("rpi-cma.dts"));
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	f = fopen(dtb, "rb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	f = fopen(cut, "wb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fwrite(buf, 1, n / 2, f);
	fclose(f);
	CU_ASSERT_EQUAL(load(cut, 0), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(E.msg, "cut.dtb: not a valid device "
	    "tree blob (truncated or corrupt)"));
}

static void
test_dtc(void)
{
	const char *path = write_dts("syntax.dts", "/dts-v1/;\n/ { oops\n");
	char *old = getenv("PATH") ? strdup(getenv("PATH")) : NULL;

	CU_ASSERT_EQUAL(load(path, 0), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(E.msg, "syntax.dts: dtc failed: "));
	setenv("PATH", "/nonexistent", 1);
	CU_ASSERT_EQUAL(load(fixture("rpi-cma.dts"), 0), -ENOENT);
	CU_ASSERT_PTR_NOT_NULL(strstr(E.msg, "needs the dtc program"));
	if (old)
		setenv("PATH", old, 1);
	free(old);
	CU_ASSERT_EQUAL(load("/nonexistent.dtb", 0), -ENOENT);
	CU_ASSERT_PTR_NOT_NULL(strstr(E.msg, "/nonexistent.dtb: No such file"));
}

static int
suite_init(void)
{
	return mkdtemp(Tmpdir) == NULL;
}

static int
suite_cleanup(void)
{
	char cmd[600];

	snprintf(cmd, sizeof cmd, "rm -rf %s", Tmpdir);
	return system(cmd) != 0;
}

static CU_TestInfo dt_tests[] = {
	{ "S5PV210 phone: memreserve, fixed areas, routing", test_s5pv210 },
	{ "Exynos4: MFC left/right, no-map, default left out", test_exynos4 },
	{ "RPi style: two address cells, linux,cma", test_rpi },
	{ "dynamic placement order and alloc-ranges", test_dynamic_order },
	{ "a .dtb", test_dtb },
	{ "malformed trees", test_bad_trees },
	{ "blobs that are not device trees", test_not_a_tree },
	{ "dtc failing or missing", test_dtc },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "device-tree boards", suite_init, suite_cleanup, NULL, NULL,
	    dt_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return cunit_run(suites);
}
