# Helpers for the shell tests.  Each test script sources this, runs checks
# with `expect_*`, and ends with `finish`, which prints "N passed, N failed"
# and sets the exit status.  $CMA is the binary under test (set by ctest).

: "${CMA:?CMA must name the cma binary}"
PASS=0
FAIL=0
WORK=$(mktemp -d)
MOUNTS=""
cleanup() {
	cd /
	for m in $MOUNTS; do
		"$CMA" umount "$m" 2>/dev/null || fusermount3 -u "$m" 2>/dev/null
	done
	rm -rf "$WORK"
}
trap cleanup EXIT
cd "$WORK"

# mount_workbench MNT [OPTIONS...]: `cma mount` with a window and a
# database in $WORK (unless OPTIONS name others); unmounted at exit.
mount_workbench() {
	_mnt=$1
	shift
	mkdir -p "$_mnt"
	CMA_MOUNT_LOG=$WORK/daemon.log "$CMA" mount -w "$WORK/w.window" \
	    -d "$WORK/t.db" "$@" "$_mnt" || return 1
	case " $MOUNTS " in *" $_mnt "*) ;; *) MOUNTS="$MOUNTS $_mnt" ;; esac
}

# The offset in the window file of a physical address (goni: dmc0 is
# 0x30000000..+80M, dmc1 follows it in the file).
window_offset() {
	_a=$(($1))
	if [ "$_a" -ge $((0x40000000)) ]; then
		echo $((4096 + 80 * 1048576 + _a - 0x40000000))
	else
		echo $((4096 + _a - 0x30000000))
	fi
}

ok()   { PASS=$((PASS + 1)); }
bad()  { FAIL=$((FAIL + 1)); printf 'FAIL: %s\n' "$*" >&2; }

# A sanitizer report or a signal is a crash whatever the exit status says.
crashed() {
	[ "$1" -ge 128 ] || grep -q -e 'AddressSanitizer' -e 'runtime error:' \
	    -e 'LeakSanitizer' "$2"
}

# expect_output NAME EXPECTED_STDOUT -- command...   (exit status must be 0)
expect_output() {
	name=$1 want=$2
	shift 3
	"$@" >out 2>err </dev/null
	rc=$?
	if crashed "$rc" err; then bad "$name: crashed (rc $rc)"; cat err >&2; return; fi
	if [ "$rc" -ne 0 ]; then bad "$name: exit $rc"; cat err >&2; return; fi
	if [ "$(cat out)" != "$want" ]; then
		bad "$name: unexpected output"
		printf -- '--- want\n%s\n--- got\n%s\n' "$want" "$(cat out)" >&2
		return
	fi
	ok
}

# expect_error NAME PATTERN -- command...
# Non-zero exit, no crash, stderr one line matching the grep -E PATTERN.
expect_error() {
	name=$1 pattern=$2
	shift 3
	"$@" >out 2>err </dev/null
	rc=$?
	if crashed "$rc" err; then bad "$name: crashed (rc $rc)"; cat err >&2; return; fi
	if [ "$rc" -eq 0 ]; then bad "$name: exit 0, expected failure"; return; fi
	if [ "$(wc -l <err)" -ne 1 ]; then
		bad "$name: expected one line on stderr, got:"; cat err >&2; return
	fi
	if ! grep -Eq -- "$pattern" err; then
		bad "$name: stderr does not match /$pattern/:"; cat err >&2; return
	fi
	ok
}

finish() {
	# A daemon's sanitizer report (written at its exit) fails the test.
	for m in $MOUNTS; do "$CMA" umount "$m" 2>/dev/null; done
	MOUNTS=""
	if [ -s "$WORK/daemon.log" ] && crashed 0 "$WORK/daemon.log"; then
		bad "the daemon reported:"; cat "$WORK/daemon.log" >&2
	fi
	echo "$PASS passed, $FAIL failed"
	[ "$FAIL" -eq 0 ]
}

# check_trace_ends_at MNT: unmount, then check that the mount's trace ends
# where the allocator is (its live chunks are those served after a
# remount) and that it replays with no difference.  Leaves MNT mounted.
check_trace_ends_at() {
	"$CMA" umount "$1" || bad "umount"
	sqlite3 "$WORK/t.db" "SELECT printf('0x%08x', start) FROM live_at_end" |
	    sort > trace.live
	mount_workbench "$1" || bad "remount"
	grep -v '^#' "$1/chunks" | awk '{print $1}' | sort > served.live
	cmp -s trace.live served.live && ok ||
	    bad "the trace's live chunks differ from the served ones"
	"$CMA" replay --db "$WORK/t.db" --json --no-save > replay.json 2>&1
	grep -q '"differences":0,"address_differences":0' replay.json && ok ||
	    bad "the trace does not replay: $(cut -c1-400 replay.json)"
}

# check_refs_match_names MNT CHUNKS LABEL: each chunk listed in CHUNKS (the
# mount's `chunks` without its header) has as many references as its file
# has names.
check_refs_match_names() {
	find "$1/dev" "$1/regions" -type f -size +0 -exec getfattr \
	    --absolute-names --only-values -n user.cma.start {} \; \
	    -exec echo \; | sort | uniq -c | awk '{print $2, $1}' > names.now
	awk '{print $1, $6}' "$2" | sort > refs.now
	cmp -s names.now refs.now && ok ||
	    bad "$3references differ from names: $(diff names.now refs.now | head -5)"
}
