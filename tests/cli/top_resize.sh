# `cma top` at 80x24: the same trace in ASCII and in UTF-8, resized to
# 60x20 (below the minimum: a message instead of a garbled screen) and
# back (the same screen as before); Ctrl-C restores the terminal and exits
# with the signal's status; NO_COLOR and --no-color are accepted.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/lib_tmux.sh"

"$CMA" import --db t.db "$CMA_SOURCE_DIR/traces/mfc-720p.txt" > /dev/null || bad "import failed"

tmux_start 80 24 "$CMA" top --db t.db --ascii --no-color
tmux_settle "event 0/1000" && ok || bad "the viewer did not come up: $(tmux_screen; cat "$WORK/top.err")"
tmux_keys End
tmux_settle "event 1000/1000" && ok || bad "End did not reach the end"
tmux_golden "ascii, at the end" top_resize_ascii.txt
tmux_screen | LC_ALL=C grep -q '[^ -~]' && bad "--ascii drew non-ASCII characters" || ok

tmux_resize 60 20
tmux_settle "terminal too small: 60x20" && ok || bad "no message at 60x20: $(tmux_screen)"
tmux_golden "too small" top_resize_small.txt
tmux_resize 80 24
tmux_settle "event 1000/1000" && ok || bad "no relayout at 80x24: $(tmux_screen)"
tmux_golden "back to 80x24" top_resize_ascii.txt
tmux_keys q
[ "$(tmux_exit_status)" = 0 ] && ok || bad "q: exit status $(cat "$WORK/rc")"

# UTF-8, colours off through NO_COLOR; then Ctrl-C
tmux_start 80 24 NO_COLOR=1 "$CMA" top --db t.db
tmux_settle "event 0/1000" && ok || bad "the viewer did not come up: $(cat "$WORK/top.err")"
tmux_keys g ']' ']'
tmux_settle "fail 2/14" && ok || bad "] ] did not reach the second failure"
tmux_golden "utf-8 at 80x24" top_resize_utf8.txt
tmux_keys '['
tmux_settle "fail 1/14" && ok || bad "[ did not go back to the first failure"
tmux_keys C-c
[ "$(tmux_exit_status)" = 130 ] && ok || bad "Ctrl-C: exit status $(cat "$WORK/rc")"
finish
