# `cma test`: the seed's cma-test command language, output for output.
. "$(dirname "$0")/lib.sh"

run_test() { printf "$1" | "$CMA" test -q "${@:2}"; }

expect_output "acceptance sequence" "  3: 0x600000@0x33000000
  4: 0x100000@0x44000000
  5: 0x200000@0x33600000
  3: 0x600000@0x33000000
  4: 0x100000@0x44000000
  5: 0x200000@0x33600000
  3: 0x600000@0x33000000
  4: 0x100000@0x44000000" -- \
	run_test 'a s5p-mfc5/a 6M\na s5p-mfc5/b 1M\na video 2M\nl\nf\nl\n'

# The number of a freed chunk is reused first, like a file descriptor, and
# best fit puts the new chunk back into the exact-size hole it left.
expect_output "numbers reused lowest first" "  3: 0x1000@0x33000000
  4: 0x1000@0x33001000
  5: 0x1000@0x33002000
  3: 0x1000@0x33000000" -- \
	run_test 'a x 4K\na x 4K\na x 4K\nf 3\na x 4K\n'

# Size printed as typed; the chunk still takes whole pages.
expect_output "size printed as typed" "  3: 0x1234@0x33000000
  4: 0x10@0x33002000" -- run_test 'a x 0x1234\na x 16\n'

# Alignment works (the seed's parser bug is fixed).  The aligned chunk
# would sit mid-hole with a 30 MiB tail, a multiple of 1 MiB, so bf slides
# it to the end of the hole to leave a single fragment; a 4K chunk at 128K
# alignment leaves a tail that is no multiple of 128K, so it stays put.
expect_output "alignment honoured" "  3: 0x1000@0x33000000
  4: 0x100000@0x34f00000
  5: 0x1000@0x33001000
  6: 0x1000@0x33020000" -- run_test 'a x 4K\na x 1M/1M\na x 4K\na x 4K/128K\n'

# Comments are skipped and an empty line repeats the last command.
expect_output "empty line repeats" "  3: 0x1000@0x33000000
  4: 0x1000@0x33001000
  5: 0x1000@0x33002000" -- run_test '# hello\na x 4K\n\n   \n'

# Kinds route through the map: firmware lands in fw, 128 KiB aligned.
expect_output "kind routing" "  3: 0x1000@0x32000000
  4: 0x1000@0x33000000
  5: 0x1000@0x44000000
  6: 0x1000@0x32020000" -- \
	run_test 'a s5p-mfc5/f 4K/128K\na s5p-mfc5/a 4K\na s5p-mfc5/b 4K\na s5p-mfc5/f 4K/128K\n'

# The shipped trace gives the same addresses every time.
expect_output "shipped trace" "$(cat "$CMA_SOURCE_DIR/tests/cli/expected/goni-fragmentation.out")" -- \
	sh -c "\"$CMA\" test -q < \"$CMA_SOURCE_DIR/traces/goni-fragmentation.txt\""

# Diagnostics go to stderr with the seed's wording; stdout stays clean.
printf 'a\na x\na x 0\na x 1M junk\na 12345678901234567 4K\na x/12345678901234567 4K\nf\nf 99\nf x\nf 99999999999\nfoo\na x 1G\na x 1M/3\n' \
	| "$CMA" test -q >out 2>err
want='a: expecting name
a: expecting size after name
a: invalid size
a: unknown arguments at the end: junk
a: name or kind too long
a: name or kind too long
f: no chunks
f: no chunk  99
f: unknown arguments at the end: x
f: invalid number
foo: unknown command
a: allocating 0x40000000/(nil)
a: cma_alloc: Cannot allocate memory
a: allocating 0x100000/0x3
a: cma_alloc: Invalid argument'
if [ -s out ]; then bad "diagnostics: stdout not empty"; cat out >&2
elif [ "$(cat err)" != "$want" ]; then bad "diagnostics differ"; diff <(echo "$want") err >&2
else ok; fi

# Long lines and a missing final newline, as the seed reports them.
{ printf 'a x 4K\n'; head -c 1100 /dev/zero | tr '\0' '#'; printf '\nl\na x 4K'; } \
	| "$CMA" test -q >out 2>err
if [ "$(cat out)" = "  3: 0x1000@0x33000000
  3: 0x1000@0x33000000" ] && grep -qx 'cma: 2: line too long' err &&
   grep -qx 'cma: 4: no new line at EOF' err; then ok
else bad "long line / EOF handling"; cat out err >&2; fi

# w/v write the pattern into the window file at the chunk's physical
# address: 0x33000000 is 0x3000000 into dmc0, after the 4096-byte header.
rm -f cma.window
printf 'a x 8K\nv\nw\nv 3\n' | "$CMA" test -q >out 2>err
if [ "$(cat out)" = "  3: 0x2000@0x33000000" ] &&
   grep -qx 'v: 0x2000@0x33000000: mismatch at offset 0x4' err &&
   grep -qx 'v: 0x2000@0x33000000: verified' err; then ok
else bad "write/verify"; cat out err >&2; fi
words=$(od -A n -t u4 -j $((4096 + 0x3000000)) -N 16 cma.window | tr -s ' ')
[ "$words" = " 0 1 2 3" ] && ok || bad "pattern not at the chunk's window offset: '$words'"

# No rule for the device.
printf 'a nodev 4K\n' | "$CMA" test -q --map 'x=b1' >out 2>err
grep -q 'cma_alloc: No such file or directory' err && ok || bad "ENOENT not reported"

finish
