# Eight shell clients allocate and free at once through one mount, 10,000
# cycles each (CMA_CYCLES to change it): no deadlock, the allocator's
# books balance afterwards, and the recorded trace replays to the state
# being served.
. "$(dirname "$0")/lib.sh"

[ -e /dev/fuse ] || { echo "SKIP: no /dev/fuse"; exit 0; }
CYCLES=${CMA_CYCLES:-10000}
CLIENTS=8
M=$WORK/m
mount_workbench "$M" || { bad "mount"; finish; exit 1; }

# Process start-up, not the filesystem, would dominate a loop of external
# commands: bash's loadable rm (package bash-builtins) keeps the loop in
# the shell when it is there.
enable -f /usr/lib/bash/rm rm 2>/dev/null || true

# A client: allocate by redirection (every 64th by truncate), free with
# rm; every 500th file is kept so the final state is not simply empty.
client() {
	c=$1 i=0 fails=0
	mkdir -p "$M/dev/client$c"
	pad=$(printf '%*s' $((c * 700)) '')
	while [ "$i" -lt "$CYCLES" ]; do
		i=$((i + 1))
		f=$M/dev/client$c/f$i
		if [ $((i % 64)) -eq 0 ]; then
			truncate -s $(( (i % 16 + 1) * 4096 )) "$f" || fails=$((fails + 1))
		else
			printf 'client %d cycle %d %s\n' "$c" "$i" "${pad:0:$((i % 6000))}" > "$f" ||
			    fails=$((fails + 1))
		fi
		[ $((i % 500)) -eq 0 ] || rm -f "$f" || fails=$((fails + 1))
	done
	echo "$fails" > "fails.$c"
}

c=0
while [ "$c" -lt "$CLIENTS" ]; do
	c=$((c + 1))
	client "$c" &
done
wait
for c in $(seq "$CLIENTS"); do
	[ "$(cat "fails.$c")" -eq 0 ] && ok || bad "client $c: $(cat "fails.$c") operations failed"
done

kept=$((CLIENTS * (CYCLES / 500)))
same() { [ "$2" = "$3" ] && ok || bad "$1: want '$2', got '$3'"; }
same "files kept" "$kept" "$(grep -vc '^#' "$M/chunks")"
allocs=$(sed -n 's/^allocs: //p' "$M/status")
frees=$(sed -n 's/^frees: //p' "$M/status")
same "allocations" $((CLIENTS * CYCLES)) "$allocs"
same "allocs - frees = live" "$kept" $((allocs - frees))
# The region's books: used is what the live chunks add up to.
used=$(sed -n 's/^used: //p' "$M/sys/regions/b1/stat")
sum=$(awk '!/^#/ && $5 == "b1" { s += $2 } END { print s + 0 }' "$M/chunks")
same "b1 used = its chunks" "$sum" "$used"
free=$(sed -n 's/^free: //p' "$M/sys/regions/b1/stat")
same "b1 used + free = size" 33554432 $((used + free))

check_trace_ends_at "$M"
echo "clients: $CLIENTS, cycles each: $CYCLES, operations: $((allocs + frees))"
finish
