# `cma top` on a real mount: a `truncate -s` in another pane shows up on
# the viewer's screen.  Needs `cma mount` (FUSE); skipped, with a message,
# where the command or /dev/fuse is not available.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

if ! "$CMA" mount --help >/dev/null 2>&1; then
	echo "skipped: 'cma mount' is not available in this build"
	exit 77
fi
if [ ! -e /dev/fuse ]; then
	echo "skipped: no /dev/fuse"
	exit 77
fi
. "$here/lib_tmux.sh"

mkdir mnt
"$CMA" mount --window w.window --db m.db mnt || { bad "cma mount failed"; finish; exit 1; }
trap '"$CMA" umount mnt 2>/dev/null; tmux -L "$TS" kill-server 2>/dev/null; rm -rf "$WORK"' EXIT

tmux_start 120 40 "$CMA" top --stats --poll 50 mnt
tmux_settle "generation" && ok || bad "the viewer did not come up: $(tmux_screen; cat "$WORK/top.err")"
tmux_screen | grep -q 's5p-mfc5' && bad "s5p-mfc5 on screen before any allocation" || ok

# the other pane: allocate 2 MiB for the MFC
tmux -L "$TS" split-window -t t -d "mkdir -p '$WORK/mnt/dev/s5p-mfc5' && truncate -s 2M '$WORK/mnt/dev/s5p-mfc5/a'; touch '$WORK/allocated'"
i=0
while [ ! -e "$WORK/allocated" ] && [ $i -lt 100 ]; do i=$((i + 1)); sleep 0.1; done
[ -s "$WORK/mnt/dev/s5p-mfc5/a" ] || [ -e "$WORK/mnt/dev/s5p-mfc5/a" ] && ok || bad "truncate -s did not allocate"
tmux_settle "s5p-mfc5" && ok || bad "the allocation did not show: $(tmux_screen)"
grep -q '2097152 s5p-mfc5' mnt/chunks && ok || bad "mnt/chunks: $(cat mnt/chunks)"

tmux_keys q
[ "$(tmux_exit_status)" = 0 ] && ok || bad "q: exit status $(cat "$WORK/rc")"
"$CMA" umount mnt && ok || bad "cma umount failed"
finish
