# Bad input on the command line: each case must exit non-zero with one line
# on stderr naming the problem, and never crash (also under ASan/UBSan).
. "$(dirname "$0")/lib.sh"

i() { expect_error "$1" "$2" -- "$CMA" info "${@:3}"; }

i "comma-separated cma="      "position 6: expected ';' or end of string \(regions are separated by ';', not ','\)" --cma 'v=20M,c=20M'
i "fields out of order"       "position 9: expected ';' or end of string \(fields go in the order" --cma 'r=64M/1M@512M'
i "size 0"                    "cma=: position 3: invalid size: must not be 0" --cma 'a=0'
i "size -1"                   "cma=: position 3: invalid size: expected a number" --cma 'a=-1'
i "size overflow"             "cma=: position 3: invalid size: does not fit in 64 bits" --cma 'a=99999999999999999999G'
i "suffix overflow"           "invalid size: does not fit in 64 bits" --cma 'a=17179869184G'
i "alignment not pow2"        "position 6: invalid alignment: 0x3000 is not a power of two" --cma 'a=1M/12K'
i "bad start"                 "position 6: invalid start" --cma 'a=1M@zz'
i "missing )"                 "missing '\)' after allocator parameters" --cma 'a=1M:bf(x'
i "no name"                   "position 1: expected a region name" --cma '=1M'
i "no ="                      "expected '=' after region name 'abc'" --cma 'abc'
i "double ;"                  "position 6: expected a region name" --cma 'a=1M;;b=1M'
i "17 regions"                "too many regions \(at most 16\)" --cma "$(for n in $(seq 17); do printf 'r%d=4K;' "$n"; done)"
i "cma= too long"             "cma=: too long: 600 characters, at most 511" --cma "$(head -c 600 /dev/zero | tr '\0' a)"
i "map without ="             "cma_map=: position 4: expected '=' in rule 'foo'" --map 'foo'
i "map ;;"                    "cma_map=: position 5: empty rule" --map 'a=b;;c=d'
i "65 rules"                  "too many rules \(at most 64\)" --map "$(for n in $(seq 65); do printf 'd%d=r;' "$n"; done)"
i "map too long"              "cma_map=: too long" --map "$(head -c 700 /dev/zero | tr '\0' a)"
i "unknown board"             "board: unknown board 'nosuch'" --board nosuch
i "missing board file"        "board: ./nope.board: No such file or directory" --board ./nope.board
i "unknown option"            "^cma info: unknown option '--frobnicate' \(try 'cma info --help'\)$" --frobnicate
i "missing option value"      "^cma info: option '--cma' needs a value" --cma
i "unknown short option"      "^cma info: unknown option '-z'" -z
i "stray argument"            "unexpected argument 'extra'" extra
i "resolve without device"    "--resolve '/x': expected DEV or DEV/KIND" --resolve /x

# Board files.
printf 'bank a 0x40000000 64M\nbank b 0x42000000 64M\n' > overlap.board
i "overlapping banks"         "overlap.board: banks a \(0x40000000-0x43ffffff\) and b \(0x42000000-0x45ffffff\) overlap" --board ./overlap.board
printf 'bank a 0x40000000 64M\nfrob x\n' > kw.board
i "unknown keyword"           "kw.board:2: unknown keyword 'frob'" --board ./kw.board
printf 'bank a 0x40000800 64M\n' > unaligned.board
i "unaligned bank"            "unaligned.board:1: start and size must be multiples of the 4096-byte page" --board ./unaligned.board
printf 'bank a 0x40000000 0\n' > zero.board
i "zero-size bank"            "zero.board:1: size must not be 0" --board ./zero.board
printf 'bank a 0x40000000 lots\n' > num.board
i "bad number in board"       "num.board:1: invalid size 'lots'" --board ./num.board
printf '# nothing\n' > empty.board
i "board without banks"       "empty.board: no 'bank' line" --board ./empty.board
printf 'bank a 0x40000000 64M\ncma a=1M,b=1M\n' > cma.board
i "bad cma in board"          "cma.board:2: cma: position 5: expected ';'" --board ./cma.board
printf 'bank a 0xfffffffffffff000 64M\n' > wrap.board
i "bank wraps"                "wrap.board:1: range runs past the end of the address space" --board ./wrap.board
head -c 100 /dev/urandom > binary.board
expect_error "binary board file" "binary.board" -- "$CMA" info --board ./binary.board

# cma test option errors.
expect_error "test: bad --stats"  "--stats 'x': expected a size" -- "$CMA" test --stats x
expect_error "test: bad cma="     "cma=: position 3: invalid size" -- "$CMA" test --cma 'a=0'
printf 'x' > notawindow
expect_error "test: not a window" "window: notawindow: not a window file" -- "$CMA" test --window notawindow
expect_error "unknown command"    "unknown command 'frob'" -- "$CMA" frob

echo "$((PASS + FAIL)) inputs tried"
finish
