#!/bin/sh
# The workbench filesystem against a bare FUSE filesystem (bench/barefs.c,
# same libfuse options and loop) and tmpfs: mounts `cma mount` with a
# throwaway window and database in a temporary directory (one 96 MiB
# region, every device mapped to it, so the 64 MiB data file fits),
# mounts barefs next to it, works in a fresh directory of /dev/shm as
# tmpfs, runs bench_fs on the three and unmounts everything on the way out.
# On a shared machine the rates move with the load; the daemons' CPU time
# per iteration moves much less.
# BAREFS_OPTS=-x makes barefs answer getxattr too: the workbench does (for
# its user.cma.* attributes), which costs the kernel's security.capability
# query before each ftruncate and write one more round trip, so that
# baseline leaves only the allocator's and the recorder's cost.
#   sh bench/fs.sh [BUILD_DIR] [bench_fs options, e.g. -n 20000 -r 3]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
[ $# -gt 0 ] && shift
cma=$build/cma
work=$(mktemp -d "${TMPDIR:-/tmp}/cma-fsbench.XXXXXX")
shm=$(mktemp -d /dev/shm/cma-fsbench.XXXXXX)
wb=$work/wb
bare=$work/bare

cleanup() {
	mountpoint -q "$wb" && "$cma" umount "$wb" || true
	mountpoint -q "$bare" && fusermount3 -u "$bare" || true
	wait
	rm -rf "$work" "$shm"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# Both daemons run in the foreground of this script, so their process
# ids are known: bench_fs reports their CPU time per iteration.
mounted() {	# mountpoint daemon-pid: wait until served, or fail
	i=0
	until mountpoint -q "$1"; do
		kill -0 "$2" 2> /dev/null || { echo "fs.sh: $1: not mounted" >&2; exit 1; }
		i=$((i + 1))
		[ $i -lt 300 ] || { echo "fs.sh: $1: not mounted" >&2; exit 1; }
		sleep 0.1
	done
}

mkdir "$wb" "$bare"
"$cma" mount -f -w "$work/bench.window" -d "$work/bench.db" \
    --cma 'big=96M' --map '*/*=big' "$wb" &
wpid=$!
# shellcheck disable=SC2086
"$build/bench/barefs" ${BAREFS_OPTS:-} -f "$bare" &
bpid=$!
mounted "$wb" $wpid
mounted "$bare" $bpid
mkdir "$wb/dev/bench" "$bare/bench"

echo "workbench: $wb (window and database on $(df -T "$work" | awk 'NR == 2 { print $2 }'))"
echo "bare FUSE: $bare${BAREFS_OPTS:+ (barefs $BAREFS_OPTS)}    tmpfs: $shm"
echo
"$build/bench/bench_fs" -p $wpid,$bpid "$@" "$wb/dev/bench" "$bare/bench" "$shm"
