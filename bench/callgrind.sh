#!/bin/sh
# Instructions per alloc+free pair, repeatable on a noisy machine: run the
# steady-state benchmark under callgrind with two pair counts and divide the
# difference in instructions by the difference in pairs, which cancels the
# set-up (filling the region, building the operation list).
#   bench/callgrind.sh BUILD_DIR [ALLOCATOR] [LIVE...]
# BENCH_ARGS adds options to every run (e.g. BENCH_ARGS="--align-every 0");
# PAIRS sets the smaller pair count (default 20000; the larger is 3 times).
set -eu
build=${1:?usage: bench/callgrind.sh BUILD_DIR [ALLOCATOR] [LIVE...]}
alloc=${2:-bf}
shift $(( $# >= 2 ? 2 : 1 ))
lives=${*:-1000 10000 100000}
p1=${PAIRS:-20000} p2=$((${PAIRS:-20000} * 3))
irs() {
	valgrind --tool=callgrind --callgrind-out-file=/dev/null \
	    "$build/bench/bench_alloc" --allocator "$1" --live "$2" \
	    --pairs "$3" ${4:-} ${BENCH_ARGS:-} 2>&1 >/dev/null |
	    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
printf '%-10s %8s %14s %14s\n' allocator live "instr/pair" "malloc instr/pair"
for live in $lives; do
	a1=$(irs "$alloc" "$live" $p1); a2=$(irs "$alloc" "$live" $p2)
	b1=$(irs "$alloc" "$live" $p1 --baseline-only)
	b2=$(irs "$alloc" "$live" $p2 --baseline-only)
	# The allocator run also contains a baseline pass: subtract it.
	printf '%-10s %8s %14d %14d\n' "$alloc" "$live" \
	    $(( ((a2 - a1) - (b2 - b1)) / (p2 - p1) )) $(( (b2 - b1) / (p2 - p1) ))
done
