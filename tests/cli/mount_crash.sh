# Crash safety: SIGKILL the daemon in the middle of a workload of creates,
# copies, links and removals, remount with the same window and database,
# and check every operation that had returned: each file is back at its
# address with its bytes, each removed name is gone, no chunk is leaked or
# owned twice, and the trace replays to the state being served.
. "$(dirname "$0")/lib.sh"

[ -e /dev/fuse ] || { echo "SKIP: no /dev/fuse"; exit 0; }
ROUNDS=${CMA_CRASH_ROUNDS:-6}
M=$WORK/m
mkdir -p data
verified=0 kills=0

daemon_pid() { sed -n 's/^pid: //p' "$M/status"; }

# One client: files of random sizes in three kinds of directory, some
# linked, some removed; each line of its log is written only once the
# operation it names has returned.
workload() {
	r=$1 i=0
	while [ "$i" -lt 400 ]; do
		i=$((i + 1))
		f=r${r}_$i
		case $((i % 3)) in
		0) d=dev/mfc ;;
		1) d=dev/cam/preview ;;
		2) d=regions/b2 ;;
		esac
		head -c $(( (i * 7919 % 61) * 4096 + i )) /dev/urandom > "data/$f"
		cp "data/$f" "$M/$d/$f" 2>/dev/null || break
		echo "file $d/$f data/$f" >> log
		s=$(getfattr --only-values -n user.cma.start "$M/$d/$f" 2>/dev/null) || break
		echo "start $d/$f $s" >> log
		if [ $((i % 5)) -eq 0 ]; then
			ln "$M/$d/$f" "$M/$d/$f.ln" 2>/dev/null || break
			echo "file $d/$f.ln data/$f" >> log
		fi
		if [ $((i % 4)) -eq 0 ]; then
			rm "$M/$d/$f" 2>/dev/null || break
			echo "gone $d/$f" >> log
		fi
	done
}

check_state() {
	# Files: the last word on each path wins.
	awk '$1 == "file" { st[$2] = "file " $3 } $1 == "gone" { st[$2] = "gone" }
	     $1 == "start" { at[$2] = $3 }
	     END { for (p in st) print p, st[p], (p in at) ? at[p] : "-" }' log |
	while read -r p what data start; do
		if [ "$what" = gone ]; then
			[ -e "$M/$p" ] && echo "BAD: $p was removed but is back"
			continue
		fi
		cmp -s "$data" "$M/$p" || echo "BAD: $p: bytes differ or missing"
		if [ "$start" != - ]; then
			got=$(getfattr --only-values -n user.cma.start "$M/$p" 2>/dev/null)
			[ "$got" = "$start" ] || echo "BAD: $p: at $got, was at $start"
		fi
		echo checked
	done > verdict
	grep BAD verdict >&2 && bad "round $1: files not as they were" || ok
	verified=$((verified + $(grep -c checked verdict)))
	# Chunks: each owned by one file, none without a name.
	grep -v '^#' "$M/chunks" > chunks.now
	awk '$8 == "-" || $8 == "cma" { print "BAD: unowned chunk", $0 }' chunks.now >&2
	awk '$8 == "-" || $8 == "cma"' chunks.now | grep -q . && bad "round $1: leaked chunks" || ok
	[ "$(awk '{print $1}' chunks.now | sort | uniq -d | wc -l)" -eq 0 ] && ok || bad "round $1: a chunk owned twice"
	# Each chunk has as many references as its file has names.
	find "$M/dev" "$M/regions" -type f -size +0 -exec getfattr --absolute-names --only-values \
	    -n user.cma.start {} \; -exec echo \; | sort | uniq -c |
	    awk '{print $2, $1}' > names.now
	awk '{print $1, $6}' chunks.now | sort > refs.now
	cmp -s names.now refs.now && ok || bad "round $1: references differ from names: $(diff names.now refs.now | head -5)"
}

mount_workbench "$M" || { bad "mount"; finish; exit 1; }
mkdir -p "$M/dev/mfc" "$M/dev/cam/preview"
: > log
r=0
while [ "$r" -lt "$ROUNDS" ]; do
	r=$((r + 1))
	pid=$(daemon_pid)
	workload "$r" &
	wl=$!
	# Let the workload get going, then kill the daemon wherever it is.
	sleep "0.$(( (r * 37) % 7 + 2 ))"
	kill -9 "$pid" && kills=$((kills + 1))
	wait "$wl"
	"$CMA" umount "$M" || bad "umount of a dead mount"
	mount_workbench "$M" || { bad "remount after kill $r"; break; }
	check_state "$r"
	# The region may fill up: free the oldest files between rounds.
	find "$M/dev" "$M/regions" -type f -name "r$((r - 1))_*" -exec rm {} + 2>/dev/null
	awk -v p="r$((r - 1))_" 'index($2, p) == 0 || $1 == "start"' log > log.new
	awk -v p="r$((r - 1))_" '$1 == "file" && index($2, "/" p) { print "gone", $2 }' log >> log.new
	mv log.new log
done

# The trace ends where the allocator is: its live chunks are those served.
"$CMA" umount "$M"
sqlite3 "$WORK/t.db" "SELECT printf('0x%08x', start) FROM live_at_end ORDER BY start" > trace.live
mount_workbench "$M"
grep -v '^#' "$M/chunks" | awk '{print $1}' | sort > served.live
sort trace.live | cmp -s - served.live && ok || bad "the trace's live chunks differ from the served ones"
"$CMA" replay --db "$WORK/t.db" --json --no-save > replay.json 2>&1
grep -q '"differences":0,"address_differences":0' replay.json && ok || bad "the trace does not replay: $(cut -c1-400 replay.json)"
echo "kills survived: $kills, files verified: $verified"
finish
