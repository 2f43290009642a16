# Boards from device trees (--board-dtb) and the mainline cma= default area
# (--cma-mainline): the fixtures compiled by dtc and shown by `cma info`,
# a trace recorded and replayed on one, malformed trees and strings.
. "$(dirname "$0")/lib.sh"
DT=$CMA_SOURCE_DIR/tests/fixtures/dt

command -v dtc >/dev/null || { bad "dtc is not installed (device-tree-compiler)"; finish; exit 1; }
dtc -q -I dts -O dtb -o exynos.dtb "$DT/exynos4-mfc.dts" && ok || bad "dtc on exynos4-mfc.dts"

"$CMA" info --board-dtb exynos.dtb >out 2>err || bad "info --board-dtb: $(cat err)"
grep -q '^board exynos$' out && ok || bad "board name from the file"
grep -q '^  bank      mem0     0x40000000-0x5fffffff  512 MiB$' out && ok || bad "bank mem0"
grep -q '^  bank      mem1     0x60000000-0x7fffffff  512 MiB$' out && ok || bad "bank mem1"
grep -q '^  reserved  secmon_7fe00000 0x7fe00000-0x7fffffff  2 MiB$' out && ok || bad "no-map range"
grep -Eq '^  region_51000000 0x51000000 0x517fffff 8 MiB +4 MiB +mem0 ' out && ok || bad "MFC left"
grep -Eq '^  region_63000000 0x63000000 0x637fffff 8 MiB +4 MiB +mem1 ' out && ok || bad "MFC right"
grep -Eq '^  linux_cma 0x4c000000 0x4fffffff 64 MiB ' out && ok || bad "default area placed top-down in alloc-ranges"
grep -q '^regions 3 placed, 0 dropped$' out && ok || bad "region count"

"$CMA" info --board-dtb "$DT/s5pv210-phone.dts" --resolve mfc/a --resolve video >out 2>err || bad "info on a .dts: $(cat err)"
grep -q '^  reserved  memreserve 0x30000000-0x31ffffff  32 MiB$' out && ok || bad "/memreserve/"
grep -q '^  rule      3, pattern 1: mfc/a=b1_33000000$' out && ok || bad "memory-region-names route"
grep -q '^  rule      5, pattern 1: \*/\*=linux_cma$' out && ok || bad "default area route"

# A session recorded on the tree's board replays there with no difference.
printf 'a codec/left 1M\na codec/right 2M\na video 3M\nf 3\na codec 1M\n' >s.txt
"$CMA" test -q --board-dtb exynos.dtb --window w.win --db t.db <s.txt >out 2>err || bad "cma test: $(cat err)"
grep -q '^  4: 0x200000@0x63000000$' out && ok || bad "codec/right from the right port"
"$CMA" replay --db t.db --board-dtb exynos.dtb >out 2>err || bad "replay: $(cat err)"
grep -q '0 outcome differences, 0 address differences' out && ok || bad "replay differs"
"$CMA" replay --db t.db --allocator ff >out 2>err && grep -q 'requests 4: 4 succeeded' out && ok || bad "replay on the stored board"

# The command line's cma= replaces the tree's default area.
"$CMA" info --board-dtb exynos.dtb --cma-mainline 128M >out 2>err || bad "mainline on a tree: $(cat err)"
grep -Eq '^  reserved 0x77c00000 0x7fbfffff 128 MiB ' out && ok || bad "mainline area top-down below secmon"
grep -q 'linux_cma' out && bad "default area not left out" || ok
"$CMA" info --cma-mainline 16M@0x40000000-0x48000000 >out 2>err || bad "mainline on goni"
grep -Eq '^  reserved 0x47000000 0x47ffffff 16 MiB +4 MiB +dmc1 ' out && ok || bad "mainline on goni placement"

# Malformed trees and strings: one line, what and where.
cat > bad.dts <<'B'
/dts-v1/;
/ {
	#address-cells = <1>; #size-cells = <1>;
	memory@40000000 { device_type = "memory"; reg = <0x40000000 0x10000000>; };
	reserved-memory {
		#address-cells = <1>; #size-cells = <1>; ranges;
		mfc@0 { compatible = "shared-dma-pool"; reusable; reg = <0x40000000 0x400000 0x0>; };
	};
};
B
expect_error "bad cells" '^cma: board: bad\.dts: /reserved-memory/mfc@0: reg: expected a multiple of 2 cells' -- "$CMA" info --board-dtb bad.dts
sed -i 's/reg = <0x40000000 0x400000 0x0>; };/reg = <0x40000000 0x400000>; }; x@40000000 { compatible = "shared-dma-pool"; reusable; reg = <0x40000000 0x800000>; };/' bad.dts
expect_error "overlap" 'bad\.dts: /reserved-memory/mfc@0: 0x40000000-0x403fffff overlaps x_40000000' -- "$CMA" info --board-dtb bad.dts
sed -i 's/x@40000000 {[^}]*};//; s/^};$/	dev { memory-region = <0x77>; };\n};/' bad.dts
expect_error "phandle to nowhere" 'bad\.dts: /dev: memory-region: phandle 0x77 refers to no node' -- "$CMA" info --board-dtb bad.dts
printf 'not a tree' >junk.dtb
expect_error "not a blob" 'junk\.dtb: not a valid device tree blob' -- "$CMA" info --board-dtb junk.dtb
expect_error "dtc missing" 'needs the dtc program' -- env PATH=/nonexistent "$CMA" info --board-dtb "$DT/rpi-cma.dts"
expect_error "both boards" 'give --board or --board-dtb, not both' -- "$CMA" info --board goni --board-dtb exynos.dtb
expect_error "mainline syntax" "^cma: --cma-mainline '16M@1G\+2G': position 7: expected '-'" -- "$CMA" info --cma-mainline '16M@1G+2G'
expect_error "mainline misaligned" 'not a multiple of 4 MiB' -- "$CMA" info --cma-mainline 16M@0x48100000
expect_error "mainline no room" 'no free 4 MiB-aligned 1024 MiB' -- "$CMA" info --cma-mainline 1G
expect_error "mainline in sweep" 'sweep varies the cma= regions' -- "$CMA" sweep --db t.db --cma-mainline 16M

finish
