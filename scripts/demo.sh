#!/bin/sh
# Quick start, part one: build everything and run the main job on the
# built-in default board (goni): show the configuration, replay the shipped
# cma-test session and print the fragmentation it leaves behind, then store
# the shipped "day in the life" trace and replay it under every allocator,
# and finally mount the workbench and allocate with the shell.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
sh scripts/build.sh build
rm -rf build/demo
mkdir -p build/demo
cd build/demo
../cma info --resolve s5p-mfc5/f --resolve s5p-fimc.0
echo
echo "== cma test < traces/goni-fragmentation.txt"
../cma test --quiet --stats 8M < ../../traces/goni-fragmentation.txt
echo
echo "== cma import traces/day.txt; cma compare"
../cma import --db demo.db ../../traces/day.txt
../cma compare --db demo.db --no-save
echo
echo "== cma mount: files are allocations"
mkdir -p mnt
../cma mount --window demo.window --db demo.db mnt
trap '../cma umount mnt 2>/dev/null || true' EXIT
mkdir -p mnt/dev/s5p-fimc.0 mnt/dev/s5p-mfc5/f
truncate -s 6M mnt/dev/s5p-fimc.0/frame0
truncate -s 6M mnt/dev/s5p-fimc.0/frame1
cp ../../traces/goni-fragmentation.txt mnt/dev/s5p-mfc5/f/firmware
rm mnt/dev/s5p-fimc.0/frame0
cat mnt/chunks
echo "-- sys/regions/b1/stat"
cat mnt/sys/regions/b1/stat
../cma umount mnt
trap - EXIT
