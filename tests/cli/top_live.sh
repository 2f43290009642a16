# `cma top MOUNTPOINT` on a directory holding the files a mount shows
# (board, param, map, chunks, generation): the first screen, a chunk that
# appears when the generation moves, and no redraw while nothing changes
# (--stats counts the frames: the first, the change, nothing else).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/lib_tmux.sh"

mkdir mnt
cat > mnt/board <<'B'
board    goni
bank     dmc0 0x30000000 80M
bank     dmc1 0x40000000 384M
reserved kernel 0x30000000 32M
B
echo 'fw=1M@0x32000000/128K;b1=32M@0x33000000;b2=16M@0x44000000' > mnt/param
echo 's5p-mfc5/f=fw;s5p-mfc5/a=b1;s5p-mfc5/b=b2;*/*=b1,b2' > mnt/map
cat > mnt/chunks <<'C'
# START SIZE DEVICE KIND REGION LINKS SEQ PATH
0x32000000 1048576 s5p-mfc5 f fw 1 1 dev/s5p-mfc5/f/fw
0x33000000 6291456 s5p-mfc5 a b1 1 2 dev/s5p-mfc5/a/dpb0
0x33600000 4194304 s5p-fimc.0 - b1 1 3 dev/s5p-fimc.0/cap0
0x44000000 6291456 s5p-mfc5 b b2 1 4 dev/s5p-mfc5/b/dpb1
C
echo 4 > mnt/generation

tmux_start 120 40 "$CMA" top --stats --poll 50 mnt
tmux_settle "generation 4" && ok || bad "the viewer did not come up: $(tmux_screen; cat "$WORK/top.err")"
tmux_golden "live, first screen" top_live_open.txt

# an allocation elsewhere: a new line, then the generation
echo '0x33a00000 2097152 s3c-fb - b1 1 5 dev/s3c-fb/fb0' >> mnt/chunks
echo 5 > mnt/generation
tmux_settle "s3c-fb" && ok || bad "the new chunk did not show: $(tmux_screen)"
tmux_settle "generation 5: 5 chunks live (+1)" && ok || bad "status line: $(tmux_screen)"
tmux_golden "live, after an allocation" top_live_change.txt

# idle: polls go on, frames do not
sleep 1
tmux_keys q
[ "$(tmux_exit_status)" = 0 ] && ok || bad "q: exit status $(cat "$WORK/rc")"
grep -Eq '^cma top: 2 frames, [0-9]+ polls, 2 reloads$' "$WORK/top.err" && ok ||
    bad "expected 2 frames and 2 reloads: $(cat "$WORK/top.err")"
polls=$(sed -n 's/.* frames, \([0-9]*\) polls.*/\1/p' "$WORK/top.err")
[ "${polls:-0}" -ge 2 ] && ok || bad "expected polls while idle: $(cat "$WORK/top.err")"

# not a mount; no terminal; bad options
expect_error "not a mount" 'not a mounted workbench' -- "$CMA" top "$WORK"
expect_error "no terminal" 'needs a terminal' -- "$CMA" top mnt
expect_error "both sources" 'either a MOUNTPOINT or --db' -- "$CMA" top --db t.db mnt
expect_error "neither source" 'either a MOUNTPOINT or --db' -- "$CMA" top
expect_error "bad poll" "--poll 'x'" -- "$CMA" top --poll x mnt
expect_error "allocator with a mount" '--allocator.*go with --db' -- "$CMA" top --allocator ff mnt
expect_error "no database" 'no such database' -- "$CMA" top --db nothing.db
expect_error "unknown allocator" "unknown allocator 'nope'" -- "$CMA" top --db nothing.db --allocator nope
finish
