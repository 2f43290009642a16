#!/bin/sh
# Quick start, part two: build everything and pass the tests, twice: a
# normal build and one under AddressSanitizer + UndefinedBehaviorSanitizer.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
sh scripts/build.sh build
(cd build && ctest --output-on-failure -j "$(nproc)")
sh scripts/build.sh build-asan -DCMA_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j "$(nproc)")
