#!/bin/sh
# Every unit test program under valgrind's memcheck: any invalid access,
# use of an uninitialised value or definite/indirect leak fails the run.
#   scripts/memcheck.sh BUILD_DIR     (a build without sanitizers)
set -eu
build=$(cd "${1:?usage: scripts/memcheck.sh BUILD_DIR}" && pwd)
command -v valgrind > /dev/null || { echo "memcheck: valgrind is not installed" >&2; exit 1; }
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
failed=0 ran=0
for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	ran=$((ran + 1))
	if (cd "$log" && valgrind -q --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect --error-exitcode=1 \
	    "$t" > "$log/$name.out" 2>&1); then
		echo "memcheck: $name: clean"
	else
		failed=$((failed + 1))
		echo "memcheck: $name: FAILED" >&2
		grep -E '==[0-9]+==|FAIL' "$log/$name.out" | head -40 >&2
	fi
done
echo "memcheck: $ran programs, $failed failed"
[ "$ran" -gt 0 ] && [ "$failed" -eq 0 ]
