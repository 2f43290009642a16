# Helpers for the shell tests.  Each test script sources this, runs checks
# with `expect_*`, and ends with `finish`, which prints "N passed, N failed"
# and sets the exit status.  $CMA is the binary under test (set by ctest).

: "${CMA:?CMA must name the cma binary}"
PASS=0
FAIL=0
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

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
	echo "$PASS passed, $FAIL failed"
	[ "$FAIL" -eq 0 ]
}
