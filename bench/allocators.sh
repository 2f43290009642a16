#!/bin/sh
# Every allocator side by side in one table: steady-state speed at 1,000
# and 100,000 live chunks (bench_alloc; its glibc malloc baseline is in
# the last row), optionally instructions per alloc+free pair (callgrind),
# and fragmentation on the shipped traces (failures over all of them, the
# smallest largest-free extent seen on day.txt, and the carve-out `cma
# sweep --uniform` finds for day.txt against its peak of live bytes).
#   bench/allocators.sh BUILD_DIR [--callgrind]
set -eu
build=${1:?usage: bench/allocators.sh BUILD_DIR [--callgrind]}
cg=${2:-}
here=$(cd "$(dirname "$0")/.." && pwd)
cma=$build/cma
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for f in "$here"/traces/*.txt; do
	"$cma" import --db "$work/t.db" "$f" > /dev/null
done
day=$(sqlite3 "$work/t.db" "SELECT id FROM traces WHERE name = 'day.txt'")

rate() {	# allocator live pairs -> alloc+free pairs per second
	"$build/bench/bench_alloc" --allocator "$1" --live "$2" --pairs "$3" |
	    awk -v a="$1" '$1 == a { printf "%.0f", 1e9 / $2 }'
}

instr() {	# allocator live pairs -> instructions per pair
	PAIRS=$3 "$here/bench/callgrind.sh" "$build" "$1" "$2" |
	    awk -v a="$1" '$1 == a { print $3 }'
}

printf '%-7s %12s %12s' ALLOC "PAIRS/S@1K" "PAIRS/S@100K"
[ "$cg" = --callgrind ] && printf ' %10s %11s' "INSTR@1K" "INSTR@100K"
printf ' %9s %10s %12s %12s %8s\n' FAILURES "DAY-MINMAX" "DAY-SWEEP" "DAY-PEAK" RATIO
# DAY-MINMAX: bytes; DAY-SWEEP / DAY-PEAK: the uniform carve-out found and
# the peak of live bytes it was measured against; RATIO: their quotient.
for a in $("$cma" info | sed -n '/^allocators/,$p' | awk 'NR > 1 { print $1 }'); do
	r1=$(rate "$a" 1000 100000)
	r2=$(rate "$a" 100000 2000)
	printf '%-7s %12s %12s' "$a" "$r1" "$r2"
	if [ "$cg" = --callgrind ]; then
		printf ' %10s %11s' "$(instr "$a" 1000 2000)" "$(instr "$a" 100000 200)"
	fi
	"$cma" compare --db "$work/t.db" --all --allocators "$a" --json > "$work/c.json"
	fails=$(sed 's/.*"fail_capacity":\([0-9]*\),"fail_fragmentation":\([0-9]*\),"fail_other":\([0-9]*\),.*/\1 \2 \3/' "$work/c.json" |
	    awk '{ s += $1 + $2 + $3 } END { print s }')
	minmax=$(sqlite3 "$work/t.db" "SELECT MIN(min_largest_free) FROM replay_stats s JOIN replays r ON r.id = s.replay WHERE r.trace = $day AND r.allocator = '$a' AND s.scope = 'region' AND s.requests > 0")
	"$cma" sweep --db "$work/t.db" --trace "$day" --allocator "$a" --uniform > "$work/s.txt" 2>&1 || true
	sweep=$(awk '/^total/ { print $2 $3, $4 $5 }' "$work/s.txt")
	set -- $sweep
	printf ' %9s %10s %12s %12s %8s\n' "$fails" "$minmax" "${1:-?}" "${2:-?}" \
	    "$(sed -n 's/^footprint \/ peak live = \([0-9.]*\).*/\1/p' "$work/s.txt")"
done
printf '%-7s %12s %12s\n' malloc \
    "$("$build/bench/bench_alloc" --live 1000 --pairs 100000 --baseline-only | awk '$1 == "malloc" { printf "%.0f", 1e9 / $2 }')" \
    "$("$build/bench/bench_alloc" --live 100000 --pairs 2000 --baseline-only | awk '$1 == "malloc" { printf "%.0f", 1e9 / $2 }')"
