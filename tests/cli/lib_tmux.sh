# Driving `cma top` in a detached tmux session, for the shell tests.
# Source after lib.sh.  The session is private (own socket directory and
# name, no configuration), runs under LC_ALL=C.UTF-8 at a fixed size, and
# is killed on exit.  Waits poll the screen with an iteration cap; nothing
# is asserted about how long anything took.
#
#   tmux_start W H COMMAND...   run COMMAND in a W x H pane; its stderr goes
#                               to $WORK/top.err, "exit=STATUS" to $WORK/rc
#   tmux_settle TEXT            wait until the screen shows TEXT and stops
#                               changing; 1 if it never does
#   tmux_golden NAME FILE       the screen must equal tests/cli/expected/FILE
#                               (CMA_UPDATE_GOLDEN=1 rewrites FILE instead)
#   tmux_keys KEY...            send keys (tmux key names)
#   tmux_resize W H
#   tmux_exit_status            wait for the command to end; prints STATUS

command -v tmux >/dev/null || { echo "skipped: tmux is not installed"; exit 77; }

TS=cmatop$$
export TMUX_TMPDIR="$WORK/tmux"
mkdir -p "$TMUX_TMPDIR"
trap 'tmux -L "$TS" kill-server 2>/dev/null; rm -rf "$WORK"' EXIT

tmux_start() {
	w=$1 h=$2
	shift 2
	rm -f "$WORK/rc"
	tmux -L "$TS" -f /dev/null new-session -d -s t -x "$w" -y "$h" \
	    "cd '$WORK' && env LC_ALL=C.UTF-8 TERM=tmux-256color $* 2>'$WORK/top.err'; echo exit=\$? > '$WORK/rc'"
}

tmux_screen() {
	tmux -L "$TS" capture-pane -p -t t 2>/dev/null
}

tmux_settle() {
	prev=""
	i=0
	while [ $i -lt 200 ]; do
		cur=$(tmux_screen)
		if [ -n "$cur" ] && [ "$cur" = "$prev" ] &&
		    printf '%s\n' "$cur" | grep -qF -- "$1"; then
			return 0
		fi
		prev=$cur
		i=$((i + 1))
		sleep 0.1
	done
	return 1
}

tmux_golden() {
	name=$1 file=$CMA_SOURCE_DIR/tests/cli/expected/$2
	tmux_screen > "$WORK/screen.txt"
	if [ "${CMA_UPDATE_GOLDEN:-0}" = 1 ]; then
		cp "$WORK/screen.txt" "$file"
		ok
		return
	fi
	if cmp -s "$WORK/screen.txt" "$file"; then
		ok
	else
		bad "$name: the screen differs from $2"
		diff "$file" "$WORK/screen.txt" >&2
	fi
}

tmux_keys() {
	tmux -L "$TS" send-keys -t t "$@"
}

tmux_resize() {
	tmux -L "$TS" resize-window -t t -x "$1" -y "$2"
}

tmux_exit_status() {
	i=0
	while [ ! -s "$WORK/rc" ] && [ $i -lt 200 ]; do
		i=$((i + 1))
		sleep 0.1
	done
	sed -n 's/^exit=//p' "$WORK/rc" 2>/dev/null
}
