# trace-cmd captures: `trace-cmd report` text in both layouts imports to the
# same events as the tracefs trace file of the same capture; a trace.dat
# goes through the trace-cmd program (here a stand-in script printing a
# report, since making a real trace.dat needs kernel tracing); without
# trace-cmd, or when it fails, a clear error and nothing stored.
. "$(dirname "$0")/lib.sh"
FX=$CMA_SOURCE_DIR/tests/fixtures/import

"$CMA" import --db t.db "$FX/ftrace_modern.txt" "$FX/tracecmd_modern.txt" \
    "$FX/tracecmd_modern_lat.txt" >out 2>err || bad "import: $(cat err)"
grep -q 'tracecmd_modern.txt: trace 2, 5 events from 16 lines (11 skipped), trace-cmd$' out && ok || bad "report detected"
grep -q 'tracecmd_modern_lat.txt: trace 3, 5 events from 16 lines (11 skipped), trace-cmd$' out && ok || bad "report -l detected"
q='SELECT ts, op, chunk, regions, size, align, err, start, region, pid FROM events WHERE trace = %d ORDER BY seq'
for t in 2 3; do
	a=$(sqlite3 t.db "$(printf "$q" 1)") b=$(sqlite3 t.db "$(printf "$q" $t)")
	[ -n "$a" ] && [ "$a" = "$b" ] && ok || bad "trace $t events differ from the trace file's"
done
n=$(sqlite3 t.db "SELECT COUNT(DISTINCT board_text || cma || map) FROM traces")
[ "$n" = 1 ] && ok || bad "the implied layouts differ"

# trace.dat through a stand-in trace-cmd
mkdir bin
cat > bin/trace-cmd <<B
#!/bin/sh
[ "\$1 \$2" = "report -i" ] && [ -f "\$3" ] || { echo "bad arguments" >&2; exit 9; }
cat "$FX/tracecmd_modern.txt"
B
chmod +x bin/trace-cmd
printf '\027\010\104tracing6\0\0\0\0' >cap.dat
env PATH="$PWD/bin:$PATH" "$CMA" import --db d.db cap.dat >out 2>err || bad "trace.dat: $(cat err)"
grep -q '^cap.dat: trace 1, 5 events from 16 lines (11 skipped), trace.dat$' out && ok || bad "trace.dat imported"
a=$(sqlite3 t.db "$(printf "$q" 1)") b=$(sqlite3 d.db "$(printf "$q" 1)")
[ "$a" = "$b" ] && ok || bad "trace.dat events differ"

expect_error "no trace-cmd" "cap\.dat: reading a trace\.dat needs the trace-cmd program" -- env PATH=/nonexistent "$CMA" import --db e.db cap.dat
printf '#!/bin/sh\necho "  error reading header" >&2\nexit 3\n' >bin/trace-cmd
expect_error "trace-cmd fails" 'cap\.dat: trace-cmd report failed \(exit 3\): error reading header' -- env PATH="$PWD/bin:$PATH" "$CMA" import --db e.db cap.dat
printf '#!/bin/sh\nexit 0\n' >bin/trace-cmd
expect_error "empty report" 'cap\.dat: trace-cmd report printed nothing' -- env PATH="$PWD/bin:$PATH" "$CMA" import --db e.db cap.dat
[ "$(sqlite3 e.db 'SELECT COUNT(*) FROM traces' 2>/dev/null || echo 0)" = 0 ] && ok || bad "a failed import stored a trace"
# the real trace-cmd, when installed, on a damaged file
if command -v trace-cmd >/dev/null; then
	printf 'not a trace' >junk.dat
	expect_error "real trace-cmd, junk" 'junk\.dat: trace-cmd report failed' -- "$CMA" import --db e.db --format trace.dat junk.dat
fi

# a report cut short in the middle: the line is named
head -5 "$FX/tracecmd_modern.txt" >cut.txt
printf '    kworker/u8:2-112   [001] 100.0\n' >>cut.txt
tail -3 "$FX/tracecmd_modern.txt" >>cut.txt
expect_error "cut line" 'cut\.txt:6: not an ftrace event line' -- "$CMA" import --db e.db cut.txt
expect_error "trace.dat from stdin" 'a trace\.dat cannot come from standard input' -- "$CMA" import --db e.db --format trace.dat -

finish
