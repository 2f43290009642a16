#!/bin/sh
# Quick start, part two: build everything and pass the tests, twice: a
# normal gcc build (then its unit programs again under valgrind's
# memcheck), and a clang build under AddressSanitizer +
# UndefinedBehaviorSanitizer that also runs the libFuzzer harnesses for a
# fixed number of inputs each.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
sh scripts/build.sh build
(cd build && ctest --output-on-failure -j "$(nproc)")
sh scripts/memcheck.sh build
CC=clang sh scripts/build.sh build-asan -DCMA_SANITIZE=ON -DCMA_FUZZ=ON \
    -DCMAKE_BUILD_TYPE=Debug
(cd build-asan && ctest --output-on-failure -j "$(nproc)")
