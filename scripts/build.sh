#!/bin/sh
# Configure and build into DIR (default: build), passing extra CMake options.
#   scripts/build.sh [DIR] [-DOPTION=VALUE ...]
set -eu
cd "$(dirname "$0")/.."
dir=${1:-build}
[ $# -gt 0 ] && shift
cmake -S . -B "$dir" -DCMA_WERROR=ON "$@" >/dev/null
cmake --build "$dir" -j "$(nproc)"
