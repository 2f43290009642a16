#!/bin/sh
# Quick start, part one: build everything and run the main job on the
# built-in default board (goni): show the configuration, then replay the
# shipped cma-test session and print the fragmentation it leaves behind.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
sh scripts/build.sh build
mkdir -p build/demo
cd build/demo
../cma info --resolve s5p-mfc5/f --resolve s5p-fimc.0
echo
echo "== cma test < traces/goni-fragmentation.txt"
../cma test --quiet --stats 8M < ../../traces/goni-fragmentation.txt
