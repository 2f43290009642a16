# `cmake --install` into a fresh prefix: the command, the core library with
# its headers and pkg-config file, the man page and the bash completion;
# a program built with `pkg-config --cflags --libs cma` allocates at the
# address `cma test` gives; --json outputs parse; the man page and the
# completion know every subcommand and option the command's --help names.
. "$(dirname "$0")/lib.sh"

: "${CMA_SOURCE_DIR:?}" "${CMA_BUILD_DIR:?}"
PREFIX=$WORK/prefix
cache() { sed -n "s/^$1:[A-Z]*=//p" "$CMA_BUILD_DIR/CMakeCache.txt"; }
have() { command -v "$1" >/dev/null 2>&1; }

if cmake --install "$CMA_BUILD_DIR" --prefix "$PREFIX" >install.log 2>&1
then ok; else bad "cmake --install failed"; cat install.log >&2; fi

# ---- the files, in the standard places ----
PC=$(find "$PREFIX" -name cma.pc | head -n 1)
LIBA=$(find "$PREFIX" -name libcma.a | head -n 1)
for f in "$PREFIX/bin/cma" "$PREFIX/share/man/man1/cma.1" \
    "$PREFIX/share/bash-completion/completions/cma" "$PC" "$LIBA"; do
	if [ -n "$f" ] && [ -f "$f" ]; then ok; else bad "not installed: $f"; fi
done
case $PC in */lib*/pkgconfig/cma.pc | */share/pkgconfig/cma.pc) ok ;;
*) bad "cma.pc not in a pkgconfig directory: $PC" ;; esac
for h in cma.h param.h board.h window.h allocator.h metrics.h err.h; do
	if [ -f "$PREFIX/include/cma/$h" ]; then ok
	else bad "header cma/$h not installed"; fi
done
# Only the core is installed: no FUSE, SQLite or device-tree library.
if find "$PREFIX" -name 'libcmafs*' -o -name 'libcmareplay*' \
    -o -name 'libcmadt*' | grep -q .; then
	bad "a library other than the core was installed"
else ok; fi

# Each installed header includes only the system's and other installed
# headers, and compiles on its own.
CC=$(cache CMAKE_C_COMPILER)
[ -n "$CC" ] || CC=cc
for h in "$PREFIX"/include/cma/*.h; do
	for inc in $(sed -n 's/^#include "\(.*\)"/\1/p' "$h"); do
		if [ -f "$PREFIX/include/$inc" ]; then ok
		else bad "$(basename "$h") includes $inc, which is not installed"; fi
	done
	if echo "#include <cma/$(basename "$h")>" | "$CC" -std=c11 -Wall \
	    -Werror -fsyntax-only -I"$PREFIX/include" -x c - 2>err; then ok
	else bad "cma/$(basename "$h") does not compile alone"; cat err >&2; fi
done

# ---- the installed command ----
VERSION=$(sed -n 's/^project(cma VERSION \([0-9.]*\).*/\1/p' \
    "$CMA_SOURCE_DIR/CMakeLists.txt")
expect_output "cma --version" "cma $VERSION" -- "$PREFIX/bin/cma" --version
expect_output "cma version" "cma $VERSION" -- "$PREFIX/bin/cma" version

# ---- pkg-config and a program that embeds the core ----
export PKG_CONFIG_PATH=${PC%/cma.pc}
if ! have pkg-config; then
	bad "pkg-config is not installed"
elif [ "$(pkg-config --modversion cma)" != "$VERSION" ]; then
	bad "pkg-config --modversion cma: $(pkg-config --modversion cma 2>&1)"
else
	ok
	# A sanitizer build's library needs the same runtime at link time.
	EXTRA=$(cache CMAKE_C_FLAGS)
	case $(cache CMA_SANITIZE) in ON | TRUE | 1 | YES | on)
		EXTRA="$EXTRA -fsanitize=address,undefined -fno-sanitize-recover=all" ;;
	esac
	# shellcheck disable=SC2046,SC2086  # pkg-config's and the cache's words
	if "$CC" -std=c11 -Wall -Wextra -Werror $EXTRA \
	    -o embed "$CMA_SOURCE_DIR/tests/install/embed.c" \
	    $(pkg-config --cflags --libs cma) 2>err; then
		ok
	else
		bad "embed.c does not build against the installed cma"
		cat err >&2
	fi
	for req in "s5p-mfc5/a 6M" "s5p-mfc5/b 1M" "video 2M" "fimc/x 8M"; do
		[ -x embed ] || break
		# shellcheck disable=SC2086
		got=$(./embed $req 2>err)
		want=$(echo "a $req" | "$PREFIX/bin/cma" test -q \
		    -w "$WORK/t.window" 2>/dev/null | sed -n 's/.*@//p')
		rm -f "$WORK/t.window"
		if [ -z "$want" ]; then bad "cma test gave no address for $req"
		elif [ "$got" != "$want" ]; then
			bad "embed $req: '$got', cma test: '$want'"; cat err >&2
		else ok; fi
	done
fi

# ---- --json where the command prints tables ----
"$PREFIX/bin/cma" gen jpeg-capture -n 60 >w.txt
"$PREFIX/bin/cma" test -q -w "$WORK/j.window" --db t.db <w.txt >/dev/null 2>&1
json_check() {
	name=$1
	shift
	"$@" >out 2>err </dev/null
	rc=$?
	if crashed "$rc" err; then bad "$name: crashed"; cat err >&2; return; fi
	if [ "$rc" -ne 0 ]; then bad "$name: exit $rc"; cat err >&2; return; fi
	if ! have python3; then ok; return; fi
	if python3 -m json.tool out >/dev/null 2>err; then ok
	else bad "$name: not JSON"; cat err out >&2; fi
}
json_check "info --json" "$PREFIX/bin/cma" info --json -r video -r 'x"y/\z'
json_check "info --json, a dropped region" "$PREFIX/bin/cma" info --json \
    --cma 'a=8M;b=8M@0x31000000'
json_check "replay --json" "$PREFIX/bin/cma" replay --db t.db --json
json_check "traces --json" "$PREFIX/bin/cma" traces --db t.db --json
json_check "traces --replays --json" "$PREFIX/bin/cma" traces --db t.db -r -j
json_check "sweep --json" "$PREFIX/bin/cma" sweep --db t.db --json
json_check "sweep --uniform --json" "$PREFIX/bin/cma" sweep --db t.db -u -j
if have python3; then
	# compare --json: one object per line.
	"$PREFIX/bin/cma" compare --db t.db --json -n >out 2>/dev/null
	if python3 -c 'import json, sys
lines = [l for l in open(sys.argv[1]) if l.strip()]
assert len(lines) >= 2
for l in lines: json.loads(l)' out; then ok
	else bad "compare --json: not one JSON object per line"; fi
	# The addresses in info --json are the ones the text shows.
	"$PREFIX/bin/cma" info --json >out
	if [ "$(python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(" ".join("%s=%#x" % (r["name"], r["start"]) for r in d["regions"]))' \
	    out)" = "fw=0x32000000 b1=0x33000000 b2=0x44000000" ]; then ok
	else bad "info --json: unexpected regions"; cat out >&2; fi
else
	echo "python3 not found: JSON validity not checked" >&2
fi

# ---- the man page: renders, and names every command and option ----
MAN=$PREFIX/share/man/man1/cma.1
if have groff; then
	if groff -man -Tutf8 -ww "$MAN" >rendered 2>err && [ ! -s err ]; then ok
	else bad "groff warns about cma.1"; cat err >&2; fi
elif have man; then
	if man -l "$MAN" >rendered 2>/dev/null; then ok
	else bad "man -l cma.1 failed"; fi
else
	echo "neither groff nor man found: cma.1 not rendered" >&2
	sed 's/\\-/-/g' "$MAN" >rendered
fi
COMMANDS=$("$PREFIX/bin/cma" --help | sed -n '/^commands:/,/^$/s/^  \([a-z]*\) .*/\1/p')
[ -n "$COMMANDS" ] && ok || bad "cma --help lists no commands"
man_text=$(sed 's/\\-/-/g; s/\\f[BIRP]//g' "$MAN")
comp=$PREFIX/share/bash-completion/completions/cma
for c in $COMMANDS; do
	if printf '%s\n' "$man_text" | grep -q "^\.SS \"cma $c"; then ok
	else bad "cma.1 has no section for cma $c"; fi
	opts=$("$PREFIX/bin/cma" "$c" --help | grep -o -- '--[a-z][a-z-]*' | sort -u)
	offered=$(bash -c '. "$1"; v=_cma_opts_$2; echo "${!v}"' - "$comp" "$c")
	[ -n "$offered" ] && ok || bad "completion: no options for $c"
	for o in $opts; do
		if printf '%s\n' "$man_text" | grep -q -- "$o\b"; then ok
		else bad "cma.1 does not mention $c's $o"; fi
		case " $offered " in
		*" $o "*) ok ;;
		*) bad "the completion does not offer $c's $o" ;;
		esac
	done
done
for sect in NAME SYNOPSIS DESCRIPTION FILES ENVIRONMENT 'EXIT STATUS' EXAMPLES; do
	if grep -q "^\.SH $sect\$" "$MAN"; then ok
	else bad "cma.1 has no section $sect"; fi
done
if [ -s rendered ]; then ok; else bad "cma.1 renders to nothing"; fi

# ---- bash completion ----
if bash -c ". '$comp' && complete -p cma" >out 2>err &&
    grep -q -- '-F _cma cma' out; then ok
else bad "the completion does not register"; cat err >&2; fi
# complete WORDS...: what the completion offers for the last word (in an
# empty directory, so that file names do not mix in).
mkdir empty
complete_words() {
	(cd empty && PATH=$PREFIX/bin:$PATH bash -c '. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_cma cma; printf "%s\n" "${COMPREPLY[@]}" | LC_ALL=C sort |
		tr "\n" " "' - "$comp" "$@")
}
expect_output "complete cma re" "replay " -- complete_words cma re
expect_output "complete cma --b" "--board --board-dtb " -- \
    complete_words cma info --b
expect_output "complete --board" "aquila goni " -- \
    complete_words cma info --board ''
expect_output "complete -a" "bf buddy ff gbf gff tlsf " -- \
    complete_words cma replay -a ''
expect_output "complete --allocators" "bf,gbf bf,gff " -- \
    complete_words cma compare --allocators bf,g
expect_output "complete gen" "mfc-1080p mfc-720p mfc-wvga " -- \
    complete_words cma gen mfc
expect_output "complete import -f" "trace-cmd trace.dat " -- \
    complete_words cma import -f tr
expect_output "complete traces -r" "--replays " -- \
    complete_words cma traces -r --re
expect_output "complete help" "sweep " -- complete_words cma help sw
: >empty/board.txt
expect_output "complete --board, a file" "board.txt " -- \
    complete_words cma sweep -b bo

finish
