# `cma gen`: the workload generators as cma-test scripts.
. "$(dirname "$0")/lib.sh"

TRACES=$CMA_SOURCE_DIR/traces
WORKLOADS="mfc-1080p mfc-720p mfc-wvga camera-preview jpeg-capture framebuffer day imx6-gst"
# Big enough that nothing fails, so cma-test's numbering never drifts.
ROOMY='fw=1M@0x32000000/128K;b1=256M;b2=112M'

# Each shipped trace is reproduced byte for byte, by the plain command
# (README) and by the canonical one in its first line.
for w in $WORKLOADS; do
	"$CMA" gen "$w" >out 2>err
	if [ $? -ne 0 ] || [ -s err ]; then bad "$w: cma gen failed"; cat err >&2
	elif ! cmp -s out "$TRACES/$w.txt"; then bad "$w: differs from traces/$w.txt"
	else ok; fi
	cmd=$(head -n 1 "$TRACES/$w.txt" | sed -n 's/^# cma gen /gen /p')
	# shellcheck disable=SC2086  # the recorded command's words
	if [ -z "$cmd" ]; then bad "$w: no command in the first line"
	elif ! "$CMA" $cmd | cmp -s - "$TRACES/$w.txt"; then
		bad "$w: '$cmd' does not reproduce the trace"
	else ok; fi
done

# --list names every workload; --help is usage on stdout.
"$CMA" gen --list >out 2>err
for w in $WORKLOADS; do
	if grep -q "^$w " out; then ok; else bad "--list lacks $w"; fi
done
expect_output "help" "usage: cma gen WORKLOAD [OPTIONS] > TRACE" -- \
	sh -c "\"$CMA\" gen --help | head -n 1"
if "$CMA" help gen | grep -q '^usage: cma gen WORKLOAD'; then ok
else bad "cma help gen"; fi

# Same seed, same output; another seed, another output (imx6-gst is a
# fixed sequence: the seed changes nothing, and is not in its header).
for w in $WORKLOADS; do
	"$CMA" gen "$w" --seed 42 --events 2000 >s42a
	"$CMA" gen --seed 42 --events 2000 "$w" >s42b
	"$CMA" gen "$w" --seed 43 --events 2000 >s43
	if ! cmp -s s42a s42b; then bad "$w: seed 42 twice differs"; else ok; fi
	if [ "$w" = imx6-gst ]; then
		if cmp -s s42a s43; then ok; else bad "$w: seed matters"; fi
	elif cmp -s <(grep -v '^#' s42a) <(grep -v '^#' s43); then
		bad "$w: seeds 42 and 43 give the same events"
	else ok; fi
done
if [ "$("$CMA" gen day --seed 0x2a --events 50 | tail -n +2)" = \
     "$("$CMA" gen day --seed 42 --events 50 | tail -n +2)" ]; then ok
else bad "--seed 0x2a is not 42"; fi

# Every workload runs through cma test: no diagnostics about the script
# itself, one result line per allocation, and on a roomy layout no
# failure at all (so every "f NUM" names a live chunk).
for w in $WORKLOADS; do
	"$CMA" gen "$w" --events 3001 >trace
	"$CMA" test -q --cma "$ROOMY" <trace >res 2>diag
	rc=$?
	allocs=$(grep -c '^a ' trace)
	if crashed "$rc" diag || [ "$rc" -ne 0 ]; then bad "$w: cma test rc $rc"
	elif grep -E 'unknown command|unknown arguments|invalid|no chunk|expecting|too long|no new line|cma_alloc:' diag >&2
	then bad "$w: cma test complained (roomy layout)"
	elif [ "$(wc -l <res)" -ne "$allocs" ]; then
		bad "$w: $(wc -l <res) chunks for $allocs allocations"
	elif [ "$(grep -c '^[af] ' trace)" -ne 3001 ]; then
		bad "$w: not 3001 a/f lines"
	else ok; fi
	# On goni itself allocations may fail, but the script is understood.
	"$CMA" test -q <trace >/dev/null 2>diag
	if grep -E 'unknown command|unknown arguments|invalid|expecting|too long' diag >&2
	then bad "$w: cma test complained (goni)"; else ok; fi
done

# The point of the workbench: on goni, day and mfc-1080p do fail.
for w in day mfc-1080p; do
	"$CMA" test -q <"$TRACES/$w.txt" >/dev/null 2>diag
	if grep -q 'a: cma_alloc: Cannot allocate memory' diag; then ok
	else bad "$w: nothing fails on goni"; fi
done

# The 1080p planes as computed from the MFC v5 formulas, 8K aligned.
for line in 'a s5p-mfc5/b 2088960/8K' 'a s5p-mfc5/a 1048576/8K' \
    'a s5p-mfc5/b 557056/8K' 'a s5p-mfc5/f 393216/128K'; do
	if grep -qx "$line" "$TRACES/mfc-1080p.txt"; then ok
	else bad "mfc-1080p: no '$line'"; fi
done
# The header says what made the file and what it models.
if head -n 3 "$TRACES/day.txt" | grep -qx '# cma gen day --seed 1 --events 20000' &&
   grep -q '^# On goni' "$TRACES/day.txt"; then ok; else bad "day header"; fi

# Exactly N events, even a million; an odd count leaves one chunk.
n=$("$CMA" gen day --events 1000000 | grep -c '^[af] ')
if [ "$n" -eq 1000000 ]; then ok; else bad "day --events 1000000: $n lines"; fi
expect_output "odd count" "# end: 11 allocations, 10 frees, 1 chunk left allocated" -- \
	sh -c "\"$CMA\" gen imx6-gst | tail -n 1"
expect_output "one event" "a s5p-mfc5/f 393216/128K" -- \
	sh -c "\"$CMA\" gen mfc-720p --events 1 | grep -v '^#'"

# Bad usage: one line on stderr, exit 2.
g() {
	expect_error "$1" "$2" -- "$CMA" gen "${@:3}"
	"$CMA" gen "${@:3}" >/dev/null 2>&1 </dev/null
	if [ $? -eq 2 ]; then ok; else bad "$1: exit status not 2"; fi
}
g "no workload"         "^cma gen: expected a workload"
g "unknown workload"    "^cma gen: unknown workload 'nosuch'" nosuch
g "seed not a number"   "^cma gen: --seed 'abc': expected a number" day --seed abc
g "negative seed"       "^cma gen: --seed '-1'" day --seed -1
g "seed with junk"      "^cma gen: --seed '12x'" day --seed 12x
g "seed overflow"       "^cma gen: --seed '99999999999999999999'" day --seed 99999999999999999999
g "empty seed"          "^cma gen: --seed ''" day --seed ''
g "events 0"            "^cma gen: --events '0': expected a number of events, at least 1" day --events 0
g "events not a number" "^cma gen: --events 'many'" day --events many
g "negative events"     "^cma gen: --events '-5'" day --events -5
g "events with suffix"  "^cma gen: --events '5M'" day --events 5M
g "missing value"       "^cma gen: option '--events' needs a value" day --events
g "unknown option"      "^cma gen: unknown option '--frobnicate'" day --frobnicate
g "two workloads"       "^cma gen: unexpected argument 'day'" day day
g "list with workload"  "^cma gen: unexpected argument 'day'" --list day

finish
