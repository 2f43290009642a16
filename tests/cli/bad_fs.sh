# Bad input to a mount: malformed xattrs, sizes and writes an allocation
# cannot take, directories and names where none may be, map rewrites with
# garbage, removals and renames of the workbench's own files, special
# files, misuse of the ioctl node (tests/fs/badioctl.c).  Each must fail
# with its errno; afterwards the daemon still serves, every allocation made
# before is at its address with its bytes, and the trace replays.
. "$(dirname "$0")/lib.sh"

[ -e /dev/fuse ] || { echo "SKIP: no /dev/fuse"; exit 0; }
BADIOCTL=$CMA_BUILD_DIR/tests/badioctl
M=$WORK/m
TRIED=0

# refuse NAME ERRNO-TEXT COMMAND...: the command fails, saying ERRNO-TEXT.
refuse() {
	_n=$1 _e=$2
	shift 2
	TRIED=$((TRIED + 1))
	if "$@" >/dev/null 2>"$WORK/refuse.err"; then bad "$_n: succeeded"; return; fi
	grep -q -- "$_e" "$WORK/refuse.err" && ok ||
	    bad "$_n: expected '$_e', got: $(cat "$WORK/refuse.err")"
}
same() { [ "$2" = "$3" ] && ok || bad "$1: want '$2', got '$3'"; }
xattr() { getfattr --only-values -n "user.cma.$2" "$1" 2>/dev/null; }
setx() { setfattr -n "$1" -v "$2" "$3"; }

mount_workbench "$M" || { bad "mount"; finish; exit 1; }
pid=$(sed -n 's/^pid: //p' "$M/status")

# What is stored before the bad input: files of every kind, with bytes.
mkdir -p "$M/dev/mfc" "$M/dev/s5p-mfc5/f" "$M/dev/empty"
head -c 1048576 /dev/urandom > a.bytes
truncate -s 1M "$M/dev/mfc/a" && dd if=a.bytes of="$M/dev/mfc/a" bs=64K conv=notrunc status=none
head -c 200000 /dev/urandom > cp.bytes
cp cp.bytes "$M/dev/mfc/cp"
head -c 65536 /dev/urandom > fw.bytes
cp fw.bytes "$M/dev/s5p-mfc5/f/fw"
head -c 12288 /dev/urandom > x.bytes
cp x.bytes "$M/regions/b2/x"
ln "$M/dev/mfc/cp" "$M/dev/mfc/cp2"
touch "$M/dev/mfc/e"
for f in dev/mfc/a dev/mfc/cp dev/s5p-mfc5/f/fw regions/b2/x; do
	echo "$f $(xattr "$M/$f" start)"
done > starts.before
grep -v '^#' "$M/chunks" > chunks.before
cp "$M/map" map.before

# Extended attributes.
refuse "align: garbage" "Invalid argument" setx user.cma.align 1Q "$M/dev/mfc/e"
refuse "align: not a power of two" "Invalid argument" setx user.cma.align 3000 "$M/dev/mfc/e"
refuse "align: does not fit in 64 bits" "Invalid argument" setx user.cma.align 99999999999999999999 "$M/dev/mfc/e"
refuse "align: 2^64 by suffix" "Invalid argument" setx user.cma.align 16777216T "$M/dev/mfc/e"
refuse "align: empty" "Invalid argument" setx user.cma.align "" "$M/dev/mfc/e"
refuse "align: a NUL inside" "Invalid argument" setx user.cma.align 0sNEsAeno= "$M/dev/mfc/e"
refuse "align: 200 digits" "Invalid argument" setx user.cma.align "$(head -c 200 /dev/zero | tr '\0' 1)" "$M/dev/mfc/e"
refuse "align: a negative number" "Invalid argument" setx user.cma.align -4096 "$M/dev/mfc/e"
refuse "align on a status file" "not supported" setx user.cma.align 4K "$M/status"
refuse "align on sys/" "not supported" setx user.cma.align 4K "$M/sys/regions"
refuse "align on an allocated file" "busy" setx user.cma.align 4K "$M/dev/mfc/a"
refuse "remove align of an allocated file" "No such attribute" setfattr -x user.cma.align "$M/dev/mfc/a"
refuse "set user.cma.start" "not permitted" setx user.cma.start 0x40000000 "$M/dev/mfc/a"
refuse "set user.cma.size" "not permitted" setx user.cma.size 1 "$M/dev/mfc/a"
refuse "unknown user.cma.frob" "not permitted" setx user.cma.frob 1 "$M/dev/mfc/e"
refuse "another user.* name" "not supported" setx user.mime_type text/plain "$M/dev/mfc/e"
refuse "a security.* name" "not supported" setx security.selinux x "$M/dev/mfc/e"
refuse "a trusted.* name" "not supported" setx trusted.x 1 "$M/dev/mfc/e"
refuse "remove user.cma.start" "not permitted" setfattr -x user.cma.start "$M/dev/mfc/a"
refuse "read an absent xattr" "No such attribute" getfattr -n user.cma.start "$M/dev/mfc/e"
same "no alignment stuck on the file" "" "$(xattr "$M/dev/mfc/e" align)"

# Sizes and writes.
refuse "write past the end" "too large" dd if=/dev/zero of="$M/dev/mfc/a" bs=4K seek=256 count=1 conv=notrunc status=none
refuse "write at 1 TiB" "too large" dd if=/dev/zero of="$M/dev/mfc/a" bs=1 seek=1T count=1 conv=notrunc status=none
refuse "truncate a live allocation larger" "Invalid argument" truncate -s 2M "$M/dev/mfc/a"
refuse "truncate a live allocation smaller" "Invalid argument" truncate -s 4K "$M/dev/mfc/a"
refuse "truncate a live allocation to 0" "Invalid argument" truncate -s 0 "$M/dev/mfc/a"
refuse "> on a live allocation" "Invalid argument" sh -c ": > '$M/dev/mfc/cp'"
refuse "fallocate past the end" "too large" fallocate -l 2M "$M/dev/mfc/a"
refuse "fallocate: punch a hole" "unsupported\|not supported" fallocate -p -o 0 -l 4096 "$M/dev/mfc/a"
refuse "fallocate: zero a range" "not supported" fallocate -z -o 0 -l 4096 "$M/dev/mfc/a"
refuse "fallocate: collapse a range" "not supported" fallocate -c -o 0 -l 4096 "$M/dev/mfc/a"
refuse "truncate beyond every region" "No space left" truncate -s 40M "$M/dev/mfc/huge"
refuse "truncate to 8 EiB" "No space left\|too large\|Invalid argument" truncate -s 8E "$M/dev/mfc/huge"
refuse "a staged write beyond every region" "No space left" dd if=/dev/zero of="$M/dev/mfc/far" bs=1 seek=64M count=1 status=none
refuse "truncate a status file" "denied" truncate -s 0 "$M/status"
refuse "write a status file" "denied" sh -c "echo x > '$M/status'"
refuse "write a sys file" "denied" sh -c "echo 1 > '$M/sys/regions/b1/count'"
refuse "append to generation" "denied" sh -c "echo 1 >> '$M/generation'"
refuse "write board" "denied" sh -c "echo 'bank a 0 4K' > '$M/board'"
refuse "cat a directory" "Is a directory" cat "$M/dev/mfc"
same "a read at 1 TiB is empty" "" "$(dd if="$M/dev/mfc/a" bs=1 skip=1T count=16 status=none 2>&1)"
same "a read of the node at 1 TiB is EBADFD" "" "$(dd if="$M/cma" bs=1 skip=1T count=1 status=none 2>/dev/null)"

# Directories and names.
refuse "mkdir below a kind" "not permitted" mkdir "$M/dev/s5p-mfc5/f/deeper"
refuse "mkdir in a region" "not permitted" mkdir "$M/regions/b1/d"
refuse "mkdir in sys" "not permitted" mkdir "$M/sys/x"
refuse "mkdir at the top" "not permitted" mkdir "$M/x"
refuse "a 64-byte device name" "too long" mkdir "$M/dev/$(head -c 64 /dev/zero | tr '\0' d)"
refuse "a 64-byte kind name" "too long" mkdir "$M/dev/mfc/$(head -c 64 /dev/zero | tr '\0' k)"
refuse "a 300-byte name" "too long" touch "$M/dev/mfc/$(head -c 300 /dev/zero | tr '\0' f)"
refuse "mkdir over a file" "exists" mkdir "$M/dev/mfc/a"
refuse "a file directly in dev/" "not permitted" touch "$M/dev/stray"
refuse "a file at the top" "denied" touch "$M/stray"
refuse "a file in sys/" "denied" touch "$M/sys/regions/b1/stray"
refuse "a symlink" "not implemented\|not permitted" ln -s /etc/passwd "$M/dev/mfc/sl"
refuse "a device node" "not implemented\|not permitted" mknod "$M/dev/mfc/nod" c 1 3
refuse "a fifo" "not implemented\|not permitted" mkfifo "$M/dev/mfc/fifo"

# Removing and moving the workbench's own files.
refuse "rm status" "not permitted" rm -f "$M/status"
refuse "rm the ioctl node" "not permitted" rm -f "$M/cma"
refuse "rm map" "not permitted" rm -f "$M/map"
refuse "rmdir dev" "busy" rmdir "$M/dev"
refuse "rmdir a region" "busy" rmdir "$M/regions/b1"
refuse "rmdir sys/regions" "busy" rmdir "$M/sys/regions"
refuse "rmdir a device with files" "not empty" rmdir "$M/dev/mfc"
refuse "rmdir a file" "Not a directory" rmdir "$M/dev/mfc/a"
refuse "unlink a directory" "Is a directory" rm -f "$M/dev/empty"
refuse "mv a device into a region" "not permitted" mv "$M/dev/empty" "$M/regions/b1/"
refuse "mv a kind to another device" "not permitted" mv "$M/dev/s5p-mfc5/f" "$M/dev/mfc/f"
refuse "mv a file into sys" "not permitted" mv "$M/dev/mfc/e" "$M/sys/"
refuse "mv a file into dev/" "not permitted" mv "$M/dev/mfc/e" "$M/dev/"
refuse "mv status into a device" "not permitted" mv "$M/status" "$M/dev/mfc/"
refuse "mv a file over a directory" "directory" mv -T "$M/dev/mfc/e" "$M/dev/empty"
refuse "ln into sys" "not permitted" ln "$M/dev/mfc/a" "$M/sys/a"
refuse "ln of a status file" "not permitted" ln "$M/status" "$M/dev/mfc/st"
refuse "ln over an existing name" "exists" ln "$M/dev/mfc/a" "$M/dev/mfc/cp"
refuse "chmod a status file" "not permitted" chmod 666 "$M/status"
refuse "chown a sys file" "not permitted" chown 1:1 "$M/sys/regions/b1/stat"

# Map rewrites with garbage; the old map stays each time.  (bash: dash
# reports every failed write as "I/O error"; dd: it checks close, where a
# map without a newline is applied.)
mapw() { bash -c "{ $1; } > '$M/map'"; }
refuse "map: garbage" "Invalid argument" mapw "echo 'garbage=;;'"
refuse "map: a rule without =" "Invalid argument" mapw "echo mfc"
refuse "map: a NUL inside" "Invalid argument" mapw "printf 'mfc=b2\\0junk\\n'"
refuse "map: 600 characters" "Invalid argument" mapw "head -c 600 /dev/zero | tr '\\0' a"
refuse "map: 65 rules" "Invalid argument" mapw "for n in \$(seq 65); do printf 'd%d=b1;' \$n; done; echo"
refuse "map: 3000 random bytes" "Invalid argument" mapw "head -c 3000 /dev/urandom"
refuse "map: a write at 100000" "Invalid argument" dd if=/dev/zero of="$M/map" bs=1 seek=100000 count=1 conv=notrunc status=none
refuse "map: a bad map without newline (at close)" "Invalid argument" sh -c "printf 'zz;;' | dd of='$M/map' status=none"
same "the map after the garbage" "$(cat map.before)" "$(cat "$M/map")"
refuse "map: a good line then a bad one" "Invalid argument" mapw "echo 'mfc=b2'; echo 'zz;;'"
same "the good line applied, not the bad one" "mfc=b2" "$(cat "$M/map")"
# Lines are applied one by one: two long lines are two maps, not one.
L1=$(for n in $(seq 40); do printf 'dev%02d=b1;' "$n"; done)
{ echo "$L1"; echo "$L1"; } > "$M/map" 2>/dev/null && ok || bad "two 360-byte map lines refused"
same "the second line is the map" "$L1" "$(cat "$M/map")"
{ echo 'mfc=b2'; echo '*/*=b1,b2'; } > "$M/map" 2>/dev/null && ok || bad "two short map lines refused"
same "the last line wins" "*/*=b1,b2" "$(cat "$M/map")"
cp map.before "$M/map"

# The ioctl node.
if "$BADIOCTL" "$M/cma" "$M/dev/mfc/a" > badioctl.out 2>&1; then ok; else
	bad "badioctl:"; grep -v '^ok' badioctl.out >&2
fi
n=$(sed -n 's/^\([0-9]*\) inputs tried.*/\1/p' badioctl.out)
TRIED=$((TRIED + ${n:-0}))
# Its chunks go with their descriptors (release is asynchronous).
i=0
while [ "$i" -lt 100 ] && [ "$(grep -vc '^#' "$M/chunks")" -ne "$(wc -l < chunks.before)" ]; do
	sleep 0.05; i=$((i + 1))
done

# Nothing stored is lost, the daemon is the same one and still serves.
same "the same daemon" "$pid" "$(sed -n 's/^pid: //p' "$M/status")"
grep -v '^#' "$M/chunks" > chunks.after
cmp -s chunks.before chunks.after && ok || bad "chunks changed: $(diff chunks.before chunks.after | head -5)"
for f in dev/mfc/a dev/mfc/cp dev/s5p-mfc5/f/fw regions/b2/x; do
	echo "$f $(xattr "$M/$f" start)"
done > starts.after
cmp -s starts.before starts.after && ok || bad "addresses changed: $(diff starts.before starts.after)"
cmp -s a.bytes "$M/dev/mfc/a" && ok || bad "the bytes of dev/mfc/a changed"
cmp -s cp.bytes "$M/dev/mfc/cp2" && ok || bad "the bytes of dev/mfc/cp changed"
cmp -s fw.bytes "$M/dev/s5p-mfc5/f/fw" && ok || bad "the bytes of fw changed"
cmp -s x.bytes "$M/regions/b2/x" && ok || bad "the bytes of regions/b2/x changed"
"$CMA" umount "$M" || bad "umount"
mount_workbench "$M" || bad "remount"
for f in dev/mfc/a dev/mfc/cp dev/s5p-mfc5/f/fw regions/b2/x; do
	echo "$f $(xattr "$M/$f" start)"
done > starts.remount
cmp -s starts.before starts.remount && ok || bad "addresses changed across a remount"
cmp -s a.bytes "$M/dev/mfc/a" && ok || bad "dev/mfc/a changed across a remount"
"$CMA" replay --db "$WORK/t.db" --json --no-save > replay.json 2>&1
grep -q '"differences":0,"address_differences":0' replay.json && ok ||
    bad "the trace does not replay: $(cut -c1-300 replay.json)"
echo "$TRIED inputs tried"
finish
