# A full disk under the database: a mount whose database sits on a 256 KiB
# tmpfs (the window elsewhere) is driven until SQLite cannot commit.  The
# daemon goes on serving, says "recording: stopped" in status, keeps the
# operations the database lacks in its state file's ring and refuses new
# ones (ENOSPC) before the ring would overwrite any; the window's bytes
# and the committed trace stay intact, an import into the full database
# is refused and changes nothing.  Given room again, recording resumes
# by itself, and a remount brings every file back and replays.
. "$(dirname "$0")/lib.sh"

[ -e /dev/fuse ] || { echo "SKIP: no /dev/fuse"; exit 0; }
enable -f /usr/lib/bash/rm rm 2>/dev/null || true
M=$WORK/m
mkdir -p small "$M"
if ! mount -t tmpfs -o size=256k tmpfs small 2>/dev/null; then
	echo "SKIP: cannot mount a tmpfs"
	exit 0
fi
SMALL=$WORK/small
trap 'cd /; "$CMA" umount "$M" 2>/dev/null; umount "$SMALL" 2>/dev/null; cleanup' EXIT
DB=$SMALL/t.db
wb_mount() {
	CMA_MOUNT_LOG=$WORK/daemon.log "$CMA" mount -w "$WORK/w.window" -d "$DB" "$M" &&
	    MOUNTS=$M
}
same() { [ "$2" = "$3" ] && ok || bad "$1: want '$2', got '$3'"; }
status() { sed -n "s/^$1: //p" "$M/status"; }

wb_mount || { bad "mount"; finish; exit 1; }
mkdir "$M/dev/x"
head -c 300000 /dev/urandom > keep.bytes
cp keep.bytes "$M/dev/x/keep" || bad "cp keep"
start=$(getfattr --absolute-names --only-values -n user.cma.start "$M/dev/x/keep")

# Allocate and free until the filesystem says no.
i=0
while [ "$i" -lt 60000 ]; do
	i=$((i + 1))
	printf 'cycle %d\n' "$i" 2>err > "$M/dev/x/f" || break
	rm "$M/dev/x/f" 2>err || break
done
grep -q "No space left" err && ok || bad "the filesystem did not refuse with ENOSPC after $i cycles: $(cat err)"
refused=$i
case $(status recording) in
stopped:*"disk is full"*) ok ;;
*) bad "status does not say recording stopped: $(status recording)" ;;
esac
[ "$(status uncommitted)" -gt 0 ] && ok || bad "nothing uncommitted?"
# Still serving: reads, the bytes, status files; refusing new allocations.
cmp -s keep.bytes "$M/dev/x/keep" && ok || bad "the bytes of keep changed"
same "keep's address" "$start" "$(getfattr --absolute-names --only-values -n user.cma.start "$M/dev/x/keep")"
cat "$M/chunks" "$M/sys/regions/b1/stat" > /dev/null && ok || bad "status files unreadable"
truncate -s 4K "$M/dev/x/more" 2>err && bad "an allocation went through" ||
    { grep -q "No space left" err && ok || bad "truncate: $(cat err)"; }
# The committed trace is intact and an import into it is refused.
events=$(sqlite3 "$DB" "SELECT COUNT(*) FROM events")
traces=$(sqlite3 "$DB" "SELECT COUNT(*) FROM traces")
# Whatever the WAL file could still reuse: fill the rest of the disk.
dd if=/dev/zero of="$SMALL/filler" bs=4K status=none 2>/dev/null
"$CMA" gen day > day.txt
expect_error "import into a full database" "t.db: .*(full|locked|busy)" -- "$CMA" import --db "$DB" day.txt
same "events after the refused import" "$events" "$(sqlite3 "$DB" "SELECT COUNT(*) FROM events")"
same "traces after the refused import" "$traces" "$(sqlite3 "$DB" "SELECT COUNT(*) FROM traces")"

# Room again: the next operation (a retry is at most once a second) brings
# recording back, with every operation the ring kept.
rm -f "$SMALL/filler"
mount -o remount,size=16m "$SMALL"
n=0
until truncate -s 4K "$M/dev/x/more" 2>/dev/null || [ "$n" -ge 50 ]; do
	sleep 0.1; n=$((n + 1))
done
same "recording again" "ok" "$(status recording)"
"$CMA" umount "$M" || bad "umount"
sqlite3 "$DB" "SELECT printf('0x%08x', start) FROM live_at_end ORDER BY 1" > trace.live
wb_mount || bad "remount"
grep -v '^#' "$M/chunks" | awk '{print $1}' | sort > served.live
cmp -s trace.live served.live && ok || bad "the trace ends elsewhere than the mount"
cmp -s keep.bytes "$M/dev/x/keep" && ok || bad "keep lost its bytes across the remount"
same "keep's address after the remount" "$start" "$(getfattr --absolute-names --only-values -n user.cma.start "$M/dev/x/keep")"
"$CMA" replay --db "$DB" --json --no-save > replay.json 2>&1
grep -q '"differences":0,"address_differences":0' replay.json && ok ||
    bad "the trace does not replay: $(cut -c1-300 replay.json)"
echo "cycles until refused: $refused, events committed while full: $events, recorded in the end: $(sqlite3 "$DB" "SELECT COUNT(*) FROM events")"
"$CMA" umount "$M"
MOUNTS=""
finish
