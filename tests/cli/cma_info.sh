# `cma info`: placement on the default board, dropping, resolving, boards.
. "$(dirname "$0")/lib.sh"

"$CMA" info >out 2>err || bad "cma info failed"
grep -Eq '^  fw +0x32000000 0x320fffff 1 MiB +128 KiB +dmc0 +bf$' out && ok || bad "fw placement"
grep -Eq '^  b1 +0x33000000 0x34ffffff 32 MiB +4 KiB +dmc0 +bf$' out && ok || bad "b1 placement"
grep -Eq '^  b2 +0x44000000 0x44ffffff 16 MiB +4 KiB +dmc1 +bf$' out && ok || bad "b2 placement"
grep -q '^regions 3 placed, 0 dropped$' out && ok || bad "region count"
grep -q '^  bank      dmc1     0x40000000-0x57ffffff  384 MiB$' out && ok || bad "bank dmc1"
grep -q '^  reserved  kernel   0x30000000-0x31ffffff  32 MiB$' out && ok || bad "reserved range"

# b asks for the kernel's memory: dropped, and the reason says so.
"$CMA" info --cma 'a=8M;b=8M@0x31000000' >out 2>err || bad "info with drop failed"
grep -Eq '^  a +0x32000000 0x327fffff 8 MiB' out && ok || bad "a placed lowest"
grep -q '^  dropped b (8 MiB @ 0x31000000): .*overlaps reserved range kernel' out && ok || bad "b dropped with reason"

# Unknown allocator: kept but unusable, as v1.
"$CMA" info --cma 'r=30M:na' >out 2>err
grep -q "UNUSABLE: unknown allocator 'na'" out && ok || bad "unusable allocator"

# --resolve shows the rule, the regions and cma_info().
"$CMA" info --resolve s5p-mfc5/f --resolve video --resolve s5p-mfc5 >out 2>err || bad "resolve failed"
grep -q '^  rule      1, pattern 1: s5p-mfc5/f=fw$' out && ok || bad "resolve rule"
grep -q '^  cma_info  lower_bound 0x32000000 upper_bound 0x32100000 total_size 1 MiB count 1$' out && ok || bad "resolve cma_info"
grep -q '^  regions   b1 b2$' out && ok || bad "video regions"
grep -q '^  rule      4, pattern 1: \*/\*=b1,b2$' out && ok || bad "s5p-mfc5 without kind falls to */*"

# v1: a pattern without /KIND matches only an empty kind.
"$CMA" info --map 'video=b1' --resolve video/x >out 2>err
grep -q 'no rule matches' out && ok || bad "kind omitted matches only empty kind"

# Built-in aquila and a board file.
"$CMA" info --board aquila >out 2>err && grep -q '^board aquila$' out && ok || bad "aquila"
cat > my.board <<'B'
# a one-bank test board
board tiny
bank  ram 0x80000000 64M
reserved kernel 0x80000000 8M
cma   r=16M;fw=1M/1M
map   */*=r
B
"$CMA" info --board ./my.board >out 2>err || bad "board file rejected: $(cat err)"
grep -Eq '^  r +0x80800000 0x817fffff 16 MiB' out && ok || bad "board file placement r"
grep -Eq '^  fw +0x81800000 0x818fffff 1 MiB +1 MiB' out && ok || bad "board file placement fw"

expect_output "--help" "$("$CMA" info --help)" -- "$CMA" help info
"$CMA" --version | grep -Eq '^cma [0-9]+\.[0-9]+\.[0-9]+$' && ok || bad "--version"
"$CMA" --help | grep -q '^  info' && ok || bad "--help lists info"

finish
