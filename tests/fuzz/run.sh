#!/bin/sh
# Fuzz every parser and importer for longer than ctest does:
#   tests/fuzz/run.sh BUILD_DIR [RUNS]     (BUILD_DIR configured with
#   CC=clang -DCMA_FUZZ=ON -DCMA_SANITIZE=ON)
# New interesting inputs go to a scratch directory; crashes are written to
# the current directory as crash-* files by libFuzzer.
set -eu
build=${1:?usage: tests/fuzz/run.sh BUILD_DIR [RUNS]}
runs=${2:-1000000}
here=$(cd "$(dirname "$0")" && pwd)
for name in param map board mainline dt_board import_cmatest import_ftrace \
    import_tracecmd import_dmesg test_lang; do
	work=$(mktemp -d)
	echo "== fuzz_$name: $runs runs"
	"$build/tests/fuzz/fuzz_$name" -runs="$runs" -max_len=4096 "$work" \
	    "$here/corpus/$name" 2>&1 | tail -3
	rm -rf "$work"
done
