# Bad databases and bad captures: each refused with one line naming the
# file, a non-zero exit and no crash, and nothing already stored changed
# (a refused database is byte for byte what it was; a failed import leaves
# the same SQL dump).
. "$(dirname "$0")/lib.sh"

FIX=$CMA_SOURCE_DIR/tests/fixtures/import
TRIED=0
e() { TRIED=$((TRIED + 1)); expect_error "$@"; }
dump() { sqlite3 "$1" .dump; }
# unchanged NAME FILE SUM: the file's bytes are what they were.
unchanged() { [ "$(md5sum < "$2")" = "$3" ] && ok || bad "$1: $2 changed"; }

"$CMA" gen mfc-1080p > mfc.txt
"$CMA" test -q --db good.db < mfc.txt > /dev/null 2>&1 || bad "recording good.db"
"$CMA" import --db good.db "$FIX/ftrace_modern.txt" > /dev/null 2>&1 || bad "importing into good.db"
sqlite3 good.db 'PRAGMA wal_checkpoint(TRUNCATE)' > /dev/null
dump good.db > good.dump

# Databases that are not ours, or not whole.
head -c 5000 good.db > trunc.db
sum=$(md5sum < trunc.db)
e "traces: truncated" "trunc.db: not a readable database" -- "$CMA" traces --db trunc.db
e "replay: truncated" "trunc.db: not a readable database" -- "$CMA" replay --db trunc.db
e "import: truncated" "trunc.db: not a readable database" -- "$CMA" import --db trunc.db mfc.txt
unchanged "truncated" trunc.db "$sum"
head -c 4096 /dev/urandom > garbage.db
sum=$(md5sum < garbage.db)
e "traces: garbage" "garbage.db: not a readable database" -- "$CMA" traces --db garbage.db
e "test --db: garbage" "garbage.db: not a readable database" -- "$CMA" test -q --db garbage.db
unchanged "garbage" garbage.db "$sum"
sqlite3 other.db 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ($$mine$$)' 2>/dev/null ||
    sqlite3 other.db "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('mine')"
sum=$(md5sum < other.db)
e "traces: another application's" "other.db: not a cma trace database" -- "$CMA" traces --db other.db
e "import: another application's" "other.db: not a cma trace database" -- "$CMA" import --db other.db mfc.txt
e "test --db: another application's" "other.db: not a cma trace database" -- "$CMA" test -q --db other.db
unchanged "another application's" other.db "$sum"
sqlite3 samename.db "CREATE TABLE meta (key TEXT, value TEXT); INSERT INTO meta VALUES ('format', 'other-app')"
e "a meta table of someone else" "samename.db: not a cma trace database" -- "$CMA" import --db samename.db mfc.txt
cp good.db newer.db
sqlite3 newer.db "UPDATE meta SET value = '2' WHERE key = 'schema'"
sqlite3 newer.db 'PRAGMA wal_checkpoint(TRUNCATE)' > /dev/null
sum=$(md5sum < newer.db)
e "traces: newer schema" "newer.db: schema version 2 is newer than this cma understands \(1\)" -- "$CMA" traces --db newer.db
e "import: newer schema" "newer.db: schema version 2 is newer" -- "$CMA" import --db newer.db mfc.txt
e "replay: newer schema" "newer.db: schema version 2 is newer" -- "$CMA" replay --db newer.db
unchanged "newer schema" newer.db "$sum"
cp good.db noschema.db
sqlite3 noschema.db "DELETE FROM meta WHERE key = 'schema'"
e "no schema version" "noschema.db: cma trace database without a schema version" -- "$CMA" traces --db noschema.db
mkdir dir.db
e "traces: a directory" "dir.db: is a directory, not a database" -- "$CMA" traces --db dir.db
e "import: a directory" "dir.db: is a directory, not a database" -- "$CMA" import --db dir.db mfc.txt
e "test --db: a directory" "dir.db: is a directory, not a database" -- "$CMA" test -q --db dir.db
e "traces: missing" "nosuch.db: no such database" -- "$CMA" traces --db nosuch.db
e "replay: missing" "nosuch.db: no such database" -- "$CMA" replay --db nosuch.db
[ -e nosuch.db ] && bad "reading a missing database created it" || ok
e "import: missing directory" "no/such/dir/t.db: opening" -- "$CMA" import --db no/such/dir/t.db mfc.txt
e "replay: no such trace" "good.db: no trace 99" -- "$CMA" replay --db good.db --trace 99
e "replay: a trace id that is not a number" "trace" -- "$CMA" replay --db good.db --trace x1

# Captures: truncated, garbage, missing; each import all or nothing.
for f in cmatest_basic.txt ftrace_modern.txt dmesg_modern.txt tracecmd_modern.txt; do
	# Cut the capture in the middle of a line and add a bad line.
	lines=$(wc -l < "$FIX/$f")
	head -n $((lines / 2)) "$FIX/$f" > "cut.$f"
	printf '%s' "$(sed -n "$((lines / 2 + 1))p" "$FIX/$f" | cut -c1-17)" >> "cut.$f"
	printf '\n\001\002 garbage ( ) [ ] 0x\n' >> "cut.$f"
	# The kernel log skips lines it does not know: give it a known one.
	printf '[    9.000000][  T101] cma: cma_alloc(cma 000000002a1c4f1e, name: linux,cma, count zz, align 2)\n' >> "cut.$f"
	e "import: truncated $f" "cut.$f:[0-9]+: " -- "$CMA" import --db good.db "cut.$f" \
	    --format "$(case $f in cmatest*) echo cma-test ;; ftrace*) echo ftrace ;;
	        dmesg*) echo dmesg ;; tracecmd*) echo trace-cmd ;; esac)"
done
head -c 20000 /dev/urandom > random.bin
e "import: random bytes, format guessed" "random.bin" -- "$CMA" import --db good.db random.bin
e "import: random bytes as trace.dat" "random.bin" -- "$CMA" import --db good.db --format trace.dat random.bin
e "import: a missing capture" "nosuch.txt" -- "$CMA" import --db good.db nosuch.txt
e "import: a directory as capture" "dir.db" -- "$CMA" import --db good.db --format ftrace dir.db
e "import: unknown format" "format" -- "$CMA" import --db good.db --format frob mfc.txt
printf 'a video 1M\nf\nzz top\n' > bad.cmatest
e "import: the second file is bad" "bad.cmatest:3: " -- "$CMA" import --db good.db --format cma-test mfc.txt bad.cmatest
e "import: an alloc with a size of -1" "neg.cmatest:1: " -- sh -c "printf 'a video -1\n' > neg.cmatest; exec \"\$0\" import --db good.db --format cma-test neg.cmatest" "$CMA"
dump good.db > after.dump
cmp -s good.dump after.dump && ok || bad "failed imports changed good.db: $(diff good.dump after.dump | head -5)"

# A read-only file system: read yes, write no, nothing changed.
if mkdir ro && mount -t tmpfs -o size=4m tmpfs ro 2>/dev/null; then
	MOUNTED_RO=$WORK/ro
	trap 'umount "$MOUNTED_RO" 2>/dev/null; cleanup' EXIT
	cp good.db ro/good.db
	mount -o remount,ro ro
	sum=$(md5sum < ro/good.db)
	expect_output "traces on a read-only file system" "$("$CMA" traces --db good.db 2>&1)" -- "$CMA" traces --db ro/good.db
	"$CMA" replay --db ro/good.db --no-save > /dev/null 2>&1 && ok || bad "replay --no-save on a read-only file system"
	e "import: read-only" "ro/good.db: on a read-only file system" -- "$CMA" import --db ro/good.db mfc.txt
	e "replay (saving): read-only" "ro/good.db: on a read-only file system" -- "$CMA" replay --db ro/good.db
	e "test --db: read-only" "ro/good.db: on a read-only file system" -- "$CMA" test -q --db ro/good.db
	e "import: a new database on a read-only file system" "ro/new.db: on a read-only file system" -- "$CMA" import --db ro/new.db mfc.txt
	mkdir mnt
	e "mount: read-only database" "ro/good.db: on a read-only file system" -- "$CMA" mount -w "$WORK/w.window" -d "$WORK/ro/good.db" mnt
	[ -e w.window.fs ] && bad "a failed mount left a state file" || ok
	unchanged "read-only" ro/good.db "$sum"
	[ "$(ls ro)" = good.db ] && ok || bad "files appeared on the read-only file system: $(ls ro)"
	umount ro
else
	echo "SKIP: cannot mount a tmpfs; read-only cases not run"
fi

echo "$TRIED inputs tried"
finish
