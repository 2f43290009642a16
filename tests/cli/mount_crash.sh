# Crash safety: SIGKILL the daemon at random points of a workload of
# creates, copies, links, removals, mkdir/rmdir, map rewrites and use of
# the ioctl node, remount with the same window and database, and check
# every operation that had returned: each file is back at its address
# with its bytes, each removed name is gone, each directory made is there,
# the map is one that was written, no chunk is leaked or owned twice, and
# the trace replays to the state being served.
#
# CMA_CRASH_ROUNDS kills (default 20), each after a random delay drawn
# from CMA_CRASH_SEED (default: a fresh seed, printed, so a failing run
# can be repeated); CMA_CRASH_OPS bounds the workload of one round.
. "$(dirname "$0")/lib.sh"

[ -e /dev/fuse ] || { echo "SKIP: no /dev/fuse"; exit 0; }
ROUNDS=${CMA_CRASH_ROUNDS:-20}
OPS=${CMA_CRASH_OPS:-150}
SEED=${CMA_CRASH_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
RANDOM=$SEED
echo "seed $SEED (CMA_CRASH_SEED=$SEED repeats the kill delays)"
CLIENT=$CMA_BUILD_DIR/tests/cmadev_client
MAP1='s5p-mfc5/f=fw;s5p-mfc5/a=b1;s5p-mfc5/b=b2;*/*=b1,b2'
# Both maps route the workload's devices alike: a map rewrite is not an
# event of the trace, and a replay routes by the first map.
MAP2='nosuchdev=b2;*/*=b1,b2'
M=$WORK/m
mkdir -p data
verified=0 kills=0

daemon_pid() { sed -n 's/^pid: //p' "$M/status"; }

# One client: files of random sizes in three kinds of directory, some
# linked, some removed, device directories made and removed, the map
# rewritten, the ioctl node used; each line of its log is written only
# once the operation it names has returned.
workload() {
	r=$1 i=0
	while [ "$i" -lt "$OPS" ]; do
		i=$((i + 1))
		f=r${r}_$i
		case $((i % 3)) in
		0) d=dev/mfc ;;
		1) d=dev/cam/preview ;;
		2) d=regions/b2 ;;
		esac
		case $((i % 10)) in
		7)
			if [ $((i % 20)) -eq 7 ]; then
				mkdir "$M/dev/d$f" 2>/dev/null || break
				echo "dir dev/d$f" >> log
			else
				last=$(awk '$1 == "dir" { d[$2] = 1; o[++n] = $2 }
				    $1 == "gonedir" { delete d[$2] }
				    END { for (k = n; k > 0; k--) if (o[k] in d) { print o[k]; exit } }' log)
				[ -n "$last" ] || continue
				echo "doing $last" >> log
				rmdir "$M/$last" 2>/dev/null || break
				echo "gonedir $last" >> log
			fi
			continue ;;
		8)
			[ $((i % 20)) -eq 8 ] && m=$MAP2 || m=$MAP1
			echo "$m" > "$M/map" 2>/dev/null || break
			continue ;;
		9)
			"$CLIENT" "$M/cma" "$M" "$WORK/w.window" > /dev/null 2>&1 || break
			continue ;;
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
			echo "doing $d/$f" >> log
			rm "$M/$d/$f" 2>/dev/null || break
			echo "gone $d/$f" >> log
		fi
	done
}

check_state() {
	# The operation the kill interrupted may or may not have happened.
	inflight=$(tail -n 1 log | awk '$1 == "doing" { print $2 }')
	# Files: the last word on each path wins.
	awk '$1 == "file" { st[$2] = "file " $3 } $1 == "gone" { st[$2] = "gone" }
	     $1 == "start" { at[$2] = $3 }
	     END { for (p in st) print p, st[p], (p in at) ? at[p] : "-" }' log |
	while read -r p what data start; do
		[ "$p" = "$inflight" ] && continue
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
	# Directories: made ones are there, removed ones gone.
	awk '$1 == "dir" { st[$2] = 1 } $1 == "gonedir" { st[$2] = 0 }
	     END { for (d in st) print d, st[d] }' log |
	while read -r d there; do
		[ "$d" = "$inflight" ] && continue
		if [ "$there" = 1 ] && [ ! -d "$M/$d" ]; then echo "BAD: $d is gone"; fi
		if [ "$there" = 0 ] && [ -e "$M/$d" ]; then echo "BAD: $d is back"; fi
	done > dirs.verdict
	grep BAD dirs.verdict >&2 && bad "round $1: directories not as they were" || ok
	case $(cat "$M/map") in
	"$MAP1"|"$MAP2") ok ;;
	*) bad "round $1: a map nobody wrote: $(cat "$M/map")" ;;
	esac
	# Chunks: each owned by one file, none without a name.
	grep -v '^#' "$M/chunks" > chunks.now
	awk '$8 == "-" || $8 == "cma" { print "BAD: unowned chunk", $0 }' chunks.now >&2
	awk '$8 == "-" || $8 == "cma"' chunks.now | grep -q . && bad "round $1: leaked chunks" || ok
	[ "$(awk '{print $1}' chunks.now | sort | uniq -d | wc -l)" -eq 0 ] && ok || bad "round $1: a chunk owned twice"
	# Each chunk has as many references as its file has names.
	check_refs_match_names "$M" chunks.now "round $1: "
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
	# Kill the daemon wherever the workload has got to.
	delay=$(printf '0.%03d' $((RANDOM % 400 + 20)))
	sleep "$delay"
	kill -9 "$pid" && kills=$((kills + 1))
	wait "$wl"
	"$CMA" umount "$M" || bad "umount of a dead mount"
	mount_workbench "$M" || { bad "remount after kill $r"; break; }
	check_state "$r"
	# Settle what the interrupted operation did.
	if [ -n "$inflight" ]; then
		if [ -e "$M/$inflight" ]; then
			[ -d "$M/$inflight" ] || rm "$M/$inflight"
			[ -d "$M/$inflight" ] && rmdir "$M/$inflight"
		fi
		case $inflight in
		dev/d*) echo "gonedir $inflight" >> log ;;
		*) echo "gone $inflight" >> log ;;
		esac
	fi
	# The region may fill up: free the oldest files between rounds.
	find "$M/dev" "$M/regions" -type f -name "r$((r - 1))_*" -exec rm {} + 2>/dev/null
	awk -v p="r$((r - 1))_" 'index($2, p) == 0 || $1 == "start"' log > log.new
	awk -v p="r$((r - 1))_" '$1 == "file" && index($2, "/" p) { print "gone", $2 }' log >> log.new
	mv log.new log
done

# The trace ends where the allocator is: its live chunks are those served.
check_trace_ends_at "$M"
echo "kills survived: $kills, files verified: $verified"
finish
