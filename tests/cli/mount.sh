# `cma mount` on a real FUSE mount: the shell idioms that allocate, free and
# reach the bytes, the xattrs and status files, the writable map, the ioctl
# node, errors as errno, ownership, and files surviving a remount.
. "$(dirname "$0")/lib.sh"

[ -e /dev/fuse ] || { echo "SKIP: no /dev/fuse"; exit 0; }
CLIENT=$CMA_BUILD_DIR/tests/cmadev_client
M=$WORK/m

# check NAME COMMAND...: the command succeeds.
check() { _n=$1; shift; if "$@" >/dev/null 2>"$WORK/check.err"; then ok; else bad "$_n: $(cat "$WORK/check.err")"; fi; }
# refuse NAME ERRNO-TEXT COMMAND...: the command fails with that error.
refuse() {
	_n=$1 _e=$2; shift 2
	if "$@" >/dev/null 2>"$WORK/check.err"; then bad "$_n: succeeded"; return; fi
	grep -q "$_e" "$WORK/check.err" && ok || bad "$_n: expected '$_e', got: $(cat "$WORK/check.err")"
}
# same NAME WANT GOT
same() { [ "$2" = "$3" ] && ok || bad "$1: want '$2', got '$3'"; }
xattr() { getfattr --only-values -n "user.cma.$2" "$1" 2>/dev/null; }
chunk_lines() { grep -vc '^#' "$M/chunks"; }
window_bytes() { dd if="$WORK/w.window" bs=1 skip="$(window_offset "$1")" count="$2" status=none; }

expect_output "mount --help" "" -- sh -c "\"$CMA\" mount --help | grep -q 'ioctl node' && \"$CMA\" umount --help | grep -q fusermount3"
mount_workbench "$M" || { bad "mount failed"; finish; exit 1; }
same "param" "fw=1M@0x32000000/128K;b1=32M@0x33000000;b2=16M@0x44000000" "$(cat "$M/param")"
grep -q '^board goni' "$M/board" && ok || bad "board file"

# truncate and fallocate allocate for the directory's device.
check "mkdir a device" mkdir "$M/dev/mfc"
check "truncate allocates" truncate -s 2M "$M/dev/mfc/a"
same "start of a" 0x33000000 "$(xattr "$M/dev/mfc/a" start)"
same "region of a" b1 "$(xattr "$M/dev/mfc/a" region)"
same "dev of a" mfc "$(xattr "$M/dev/mfc/a" dev)"
same "size of a" 2097152 "$(stat -c %s "$M/dev/mfc/a")"
check "fallocate allocates" fallocate -l 1M "$M/dev/mfc/b"
same "start of b" 0x33200000 "$(xattr "$M/dev/mfc/b" start)"
grep -q '^0x33000000 2097152 mfc - b1 1 [0-9]* dev/mfc/a$' "$M/chunks" && ok || bad "chunks line of a: $(cat "$M/chunks")"

# Kinds and regions.
check "mkdir a kind" mkdir -p "$M/dev/s5p-mfc5/f"
check "allocate for s5p-mfc5/f" truncate -s 64K "$M/dev/s5p-mfc5/f/fw1"
same "the map sends s5p-mfc5/f to fw" fw "$(xattr "$M/dev/s5p-mfc5/f/fw1" region)"
same "kind" f "$(xattr "$M/dev/s5p-mfc5/f/fw1" kind)"
check "allocate from a region" truncate -s 1M "$M/regions/b2/x"
same "from b2" 0x44000000 "$(xattr "$M/regions/b2/x" start)"

# Alignment: on the file, inherited from the directory, refused when bad.
check "touch" touch "$M/dev/mfc/c"
check "align on a file" setfattr -n user.cma.align -v 1M "$M/dev/mfc/c"
check "size the aligned file" truncate -s 4K "$M/dev/mfc/c"
same "1 MiB aligned" 0 "$(( $(xattr "$M/dev/mfc/c" start) % 1048576 ))"
check "mkdir" mkdir "$M/dev/al"
check "align on a directory" setfattr -n user.cma.align -v 2M "$M/dev/al"
check "size a file in it" truncate -s 4K "$M/dev/al/x"
same "2 MiB aligned" 0 "$(( $(xattr "$M/dev/al/x" start) % 2097152 ))"
check "touch" touch "$M/dev/mfc/d"
refuse "align 3000" "Invalid argument" setfattr -n user.cma.align -v 3000 "$M/dev/mfc/d"
refuse "align garbage" "Invalid argument" setfattr -n user.cma.align -v 1Q "$M/dev/mfc/d"
refuse "align after allocation" "busy" setfattr -n user.cma.align -v 1M "$M/dev/mfc/a"
refuse "start is read-only" "not permitted" setfattr -n user.cma.start -v 0 "$M/dev/mfc/a"

# cp, dd and > allocate once, at the size written.
head -c 300000 /dev/urandom > src
check "cp into a new file" cp src "$M/dev/mfc/cp"
check "cp: same bytes" cmp src "$M/dev/mfc/cp"
same "cp: size" 300000 "$(stat -c %s "$M/dev/mfc/cp")"
head -c 200000 src > src2
check "dd of=" dd if=src2 of="$M/dev/mfc/dd" bs=64K status=none
check "dd: same bytes" cmp src2 "$M/dev/mfc/dd"
echo hello > "$M/dev/mfc/r"
same "> redirection" hello "$(cat "$M/dev/mfc/r")"
same "> allocated 6 bytes" 6 "$(xattr "$M/dev/mfc/r" size)"

# Bytes written through a file are in the window at its address.
printf 'WXYZ' | dd of="$M/dev/mfc/a" bs=1 seek=4096 conv=notrunc status=none
same "write reaches the window" WXYZ "$(window_bytes $((0x33000000 + 4096)) 4)"
same "and reads back" WXYZ "$(dd if="$M/dev/mfc/a" bs=1 skip=4096 count=4 status=none)"
check "mmap a file" "$CLIENT" --mmap "$M/dev/mfc/b"

# Size changes of an allocation, writes past its end.
refuse "truncate to another size" "Invalid argument" truncate -s 3M "$M/dev/mfc/a"
check "truncate to the same size" truncate -s 2M "$M/dev/mfc/a"
refuse "write past the end" "too large" dd if=/dev/zero of="$M/dev/mfc/b" bs=4K seek=256 count=1 conv=notrunc status=none
refuse "a file directly in dev/" "not permitted" touch "$M/dev/stray"
refuse "writing a status file" "denied" sh -c "echo x > '$M/status'"

# ln is a reference, rm the put; the chunk goes with the last name.
n0=$(chunk_lines)
check "ln" ln "$M/dev/mfc/a" "$M/dev/mfc/a2"
grep -q '^0x33000000 2097152 mfc - b1 2 ' "$M/chunks" && ok || bad "two links"
check "rm one name" rm "$M/dev/mfc/a"
same "still there" "$n0" "$(chunk_lines)"
same "same bytes under the other name" WXYZ "$(dd if="$M/dev/mfc/a2" bs=1 skip=4096 count=4 status=none)"
check "rm the last name" rm "$M/dev/mfc/a2"
same "freed" $((n0 - 1)) "$(chunk_lines)"

# The ioctl node.
"$CLIENT" "$M/cma" "$M" "$WORK/w.window" > client.out 2>&1 && ok || { bad "cmadev_client"; cat client.out >&2; }

# Out of memory, no rule.
refuse "40M does not fit" "No space left" truncate -s 40M "$M/dev/mfc/huge"
check "the map is writable" sh -c "echo 'mfc=b2' > '$M/map'"
same "the new map" "mfc=b2" "$(cat "$M/map")"
check "touch" touch "$M/dev/mfc/m2"
check "allocate under the new map" truncate -s 4K "$M/dev/mfc/m2"
same "mfc now goes to b2" b2 "$(xattr "$M/dev/mfc/m2" region)"
refuse "a bad map" "error\\|Invalid argument" sh -c "echo 'garbage=;;' > '$M/map'"
same "the old map stays" "mfc=b2" "$(cat "$M/map")"
check "mkdir" mkdir "$M/dev/other"
refuse "no rule" "No such file" truncate -s 4K "$M/dev/other/x"

# Status files.
same "b1 count (pages)" 8192 "$(cat "$M/sys/regions/b1/count")"
grep -q '^allocator: bf$' "$M/sys/regions/b1/stat" && ok || bad "region stat"
[ "$(cat "$M/sys/regions/b1/alloc_success")" -ge 5 ] && ok || bad "alloc_success"
[ "$(wc -l < "$M/sys/regions/b1/free_extents")" -ge 1 ] && ok || bad "free_extents"
grep -q '^size: 83886080$' "$M/sys/banks/dmc0/stat" && ok || bad "bank stat: $(cat "$M/sys/banks/dmc0/stat")"
grep -q '^fails: [1-9]' "$M/status" && ok || bad "failures counted"


# Everything came from somewhere the trace knows.
"$CMA" umount "$M" && ok || bad "umount"
sqlite3 "$WORK/t.db" "SELECT COUNT(*) FROM events WHERE op = 1 AND err = 0 AND size = 300000" > cp.count
same "cp is one allocation of its size" 1 "$(cat cp.count)"
same "events carry the calling process" 0 "$(sqlite3 "$WORK/t.db" "SELECT COUNT(*) FROM events WHERE op IN (1, 2) AND pid IS NULL")"

# A remount brings every file back, at its address, with its bytes.
mount_workbench "$M" || bad "remount"
same "after remount: start" 0x33200000 "$(xattr "$M/dev/mfc/b" start)"
check "after remount: bytes" cmp src "$M/dev/mfc/cp"
same "after remount: kind" f "$(xattr "$M/dev/s5p-mfc5/f/fw1" kind)"
same "after remount: the map" "mfc=b2" "$(cat "$M/map")"
refuse "a second daemon on that window" "in use" "$CMA" mount -w "$WORK/w.window" -d "$WORK/t.db" "$WORK"
"$CMA" umount "$M"
mkdir m2
refuse "another board on that window" "made for board goni" "$CMA" mount -b aquila -w "$WORK/w.window" -d "$WORK/t.db" m2
refuse "another cma= on that window" "made for cma=" "$CMA" mount -c 'b1=8M' -w "$WORK/w.window" -d "$WORK/t.db" m2
refuse "another database" "recorded into" "$CMA" mount -w "$WORK/w.window" -d "$WORK/other.db" m2
refuse "not a directory" "not a directory" "$CMA" mount -w "$WORK/w.window" -d "$WORK/t.db" src
mount_workbench "$M" || bad "remount"

# Ownership: 0600 files, a user cannot touch root's allocation.
if command -v setpriv >/dev/null && [ "$(id -u)" = 0 ]; then
	echo '*/*=b1,b2' > "$M/map"
	"$CMA" umount "$M"
	mount_workbench "$M" -o allow_other || bad "mount -o allow_other"
	chmod 755 "$WORK"
	as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	same "mode" 600 "$(stat -c %a "$M/dev/mfc/b")"
	refuse "read another's file" "denied" as_nobody cat "$M/dev/mfc/b"
	refuse "free another's file" "denied" as_nobody rm -f "$M/dev/mfc/b"
	check "a user makes a device" as_nobody mkdir "$M/dev/nob"
	check "and allocates in it" as_nobody truncate -s 4K "$M/dev/nob/f"
	same "owned by the user" 65534 "$(stat -c %u "$M/dev/nob/f")"
	refuse "the ioctl node is 0600" "denied" as_nobody sh -c "exec 3<>'$M/cma'"
	check "chmod the ioctl node" chmod 666 "$M/cma"
	check "then a user may use it" as_nobody sh -c "exec 3<>'$M/cma'"
fi
finish
