# Soak: for CMA_SOAK_SECONDS (default 20; the long variant is the same
# script with a larger value) shell clients allocate, link, rename, free
# and rewrite the map through one mount while a reader cats the status
# files and chunks, `cma replay` reads the live database again and again,
# and, when the binary has `cma top`, a viewer runs in a tmux session.
# The time only bounds the workload.  At the end: the daemon is the one
# that started, every chunk has as many references as its file has
# names and none is unowned, each region's used + free is its size and
# used is what its chunks add up to, allocations - frees = live chunks,
# and the trace replays to the state served.
. "$(dirname "$0")/lib.sh"

[ -e /dev/fuse ] || { echo "SKIP: no /dev/fuse"; exit 0; }
SOAK=${CMA_SOAK_SECONDS:-20}
CLIENTS=${CMA_SOAK_CLIENTS:-4}
MAP1='s5p-mfc5/f=fw;s5p-mfc5/a=b1;s5p-mfc5/b=b2;*/*=b1,b2'
# The maps route the clients' devices alike (a map rewrite is not an event
# of the trace, so a replay routes by the first map): the rewrite itself
# is what is exercised.
MAP2='nosuchdev=b2;*/*=b1,b2'
M=$WORK/m
mount_workbench "$M" || { bad "mount"; finish; exit 1; }
pid=$(sed -n 's/^pid: //p' "$M/status")
end=$((SECONDS + SOAK))

# A client: files by redirection and by truncate, links, renames (also
# into a region directory), frees; client 1 also rewrites the map.
# Prints the number of operations that returned and of those that failed.
client() {
	c=$1 i=0 ops=0 fails=0
	mkdir -p "$M/dev/soak$c"
	d=$M/dev/soak$c
	while [ "$SECONDS" -lt "$end" ]; do
		i=$((i + 1))
		f=$d/f$i
		if [ $((i % 7)) -eq 0 ]; then
			truncate -s $(( (i % 32 + 1) * 4096 )) "$f" || fails=$((fails + 1))
		else
			head -c $(( (i * 131) % 50000 + 1 )) /dev/urandom > "$f" || fails=$((fails + 1))
		fi
		ops=$((ops + 1))
		case $((i % 6)) in
		1) ln "$f" "$f.ln" || fails=$((fails + 1)); ops=$((ops + 1)) ;;
		2) mv "$f" "$d/m$i" || fails=$((fails + 1)); ops=$((ops + 1)) ;;
		3) mv "$f" "$M/regions/b2/c${c}_$i" || fails=$((fails + 1)); ops=$((ops + 1)) ;;
		esac
		# Keep the regions from filling: free what is three steps old.
		old=$((i - 3))
		rm -f "$d/f$old" "$d/f$old.ln" "$d/m$old" "$M/regions/b2/c${c}_$old" ||
		    fails=$((fails + 1))
		ops=$((ops + 1))
		if [ "$c" = 1 ] && [ $((i % 25)) -eq 0 ]; then
			[ $((i % 50)) -eq 0 ] && m=$MAP2 || m=$MAP1
			echo "$m" > "$M/map" || fails=$((fails + 1))
			ops=$((ops + 1))
		fi
	done
	echo "$ops $fails" > "client.$c"
}

# A reader: the status files and whatever chunk files exist.
reader() {
	n=0 fails=0
	while [ "$SECONDS" -lt "$end" ]; do
		cat "$M/status" "$M/chunks" "$M/generation" "$M/map" > /dev/null || fails=$((fails + 1))
		cat "$M"/sys/regions/*/stat "$M"/sys/banks/*/stat > /dev/null || fails=$((fails + 1))
		for f in "$M"/dev/soak1/* "$M"/regions/b2/*; do
			[ -f "$f" ] && cat "$f" > /dev/null 2>&1
		done
		n=$((n + 1))
	done
	echo "$n $fails" > reader.out
}

# Replays of the live database, read-only, as the mount records into it.
replayer() {
	n=0 fails=0
	while [ "$SECONDS" -lt "$end" ]; do
		if "$CMA" replay --db "$WORK/t.db" --json --no-save > replay.live 2>&1 &&
		    grep -q '"differences":0,"address_differences":0' replay.live; then
			n=$((n + 1))
		else
			fails=$((fails + 1))
			cp replay.live "replay.fail.$fails"
		fi
	done
	echo "$n $fails" > replayer.out
}

viewer=""
if "$CMA" top --help > /dev/null 2>&1 && command -v tmux > /dev/null; then
	tmux -L "cmasoak$$" new-session -d -x 120 -y 40 "\"$CMA\" top \"$M\"" && viewer=yes
else
	echo "SKIP: viewer (this cma has no 'top', or tmux is missing)"
fi

c=0
while [ "$c" -lt "$CLIENTS" ]; do
	c=$((c + 1))
	client "$c" &
done
reader &
replayer &
wait

if [ -n "$viewer" ]; then
	tmux -L "cmasoak$$" has-session 2>/dev/null && ok || bad "the viewer exited"
	tmux -L "cmasoak$$" kill-server 2>/dev/null
fi
ops=0
for c in $(seq "$CLIENTS"); do
	read -r o f < "client.$c"
	ops=$((ops + o))
	[ "$f" -eq 0 ] && ok || bad "client $c: $f of $o operations failed"
done
read -r reads rfails < reader.out
[ "$rfails" -eq 0 ] && ok || bad "reader: $rfails failed reads"
read -r replays pfails < replayer.out
[ "$pfails" -eq 0 ] && ok || bad "$pfails live replays failed: $(cut -c1-300 replay.fail.1)"

# The books.
same() { [ "$2" = "$3" ] && ok || bad "$1: want '$2', got '$3'"; }
same "the same daemon" "$pid" "$(sed -n 's/^pid: //p' "$M/status")"
grep -v '^#' "$M/chunks" > chunks.now
awk '$8 == "-" || $8 == "cma"' chunks.now | grep -q . && bad "unowned chunks: $(awk '$8 == "-"' chunks.now | head -3)" || ok
check_refs_match_names "$M" chunks.now ""
allocs=$(sed -n 's/^allocs: //p' "$M/status")
frees=$(sed -n 's/^frees: //p' "$M/status")
same "allocs - frees = live chunks" "$(wc -l < chunks.now)" $((allocs - frees))
for r in fw b1 b2; do
	st=$M/sys/regions/$r/stat
	size=$(sed -n 's/^size: //p' "$st")
	used=$(sed -n 's/^used: //p' "$st")
	free=$(sed -n 's/^free: //p' "$st")
	same "$r: used + free = size" "$size" $((used + free))
	sum=$(awk -v r="$r" '$5 == r { s += int(($2 + 4095) / 4096) * 4096 } END { print s + 0 }' chunks.now)
	same "$r: used = its chunks" "$sum" "$used"
done

check_trace_ends_at "$M"
echo "seconds: $SOAK, clients: $CLIENTS, operations: $ops, allocations: $allocs, live allocations verified: $(wc -l < chunks.now), reads: $reads, live replays: $replays"
finish
