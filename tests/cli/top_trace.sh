# `cma top` on a stored trace at 120x40: open the shipped MFC 720p
# trace, jump to the first failure, step, switch allocator (the same
# position under ff), open and close the help, quit with status 0.  The
# screens are compared with golden captures.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/lib_tmux.sh"

"$CMA" import --db t.db "$CMA_SOURCE_DIR/traces/mfc-720p.txt" > /dev/null || bad "import failed"

tmux_start 120 40 "$CMA" top --db t.db
tmux_settle "event 0/1000" && ok || bad "the viewer did not come up: $(tmux_screen; cat "$WORK/top.err")"
tmux_golden "open" top_trace_open.txt

tmux_keys ']'
tmux_settle "event 82/1000" && ok || bad "] did not reach the first failure"
tmux_screen | grep -q 'event 82 (seq [0-9]*): alloc s5p-mfc5/b 424K -> FAILED ENOMEM (capacity)' && ok ||
    bad "the status line does not show the failure"
tmux_golden "first failure" top_trace_fail.txt

# select a chunk, step back and forward: one event each way
tmux_keys j Left
tmux_settle "event 81/1000" && ok || bad "Left did not step back"
tmux_keys Right
tmux_settle "event 82/1000" && ok || bad "Right did not step forward"

# bf (as cma= says), then every region under ff, at the same position
tmux_keys a a
tmux_settle "allocator ff" && ok || bad "a did not switch to ff"
tmux_golden "switched to ff" top_trace_ff.txt

tmux_keys '?'
tmux_settle "this help" && ok || bad "? did not open the help"
tmux_keys x
tmux_settle "allocator ff" && ok || bad "a key did not close the help"

tmux_keys q
[ "$(tmux_exit_status)" = 0 ] && ok || bad "q: exit status $(cat "$WORK/rc"): $(cat "$WORK/top.err")"
finish
