# The trace store end to end: record with `cma test --db`, replay, compare,
# sweep, import; and the database and import errors a user can run into.
. "$(dirname "$0")/lib.sh"

# A goni session with failures in it: 1080p decoding overruns b2.
"$CMA" gen mfc-1080p --seed 3 > mfc.txt
allocs=$(grep -c '^a ' mfc.txt)
"$CMA" test -q --db t.db < mfc.txt > session.out 2> session.err || bad "cma test --db failed"

# Replaying under the same layout with bf gives every address again.
"$CMA" replay --db t.db --allocator bf --json > r.json 2> r.err || bad "replay failed: $(cat r.err)"
grep -q '"differences":0,' r.json && grep -q '"address_differences":0,' r.json &&
    grep -q "\"requests\":$allocs," r.json && ok ||
    bad "replay of the recording differs: $(cat r.json)"
grep -q '"recorded_failures":0,' r.json && bad "expected recorded failures in mfc-1080p" || ok
if command -v python3 >/dev/null; then
	python3 -m json.tool r.json >/dev/null && ok || bad "--json output is not JSON"
fi
# The same count of chunk lines as the session printed, and the same
# addresses, read back from the database.
sqlite3 t.db "SELECT printf('%x', start) FROM events WHERE trace = 1 AND op = 1 AND err = 0 ORDER BY seq" > db.addr
sed -n 's/^ *[0-9]*: 0x[0-9a-f]*@0x\([0-9a-f]*\)$/\1/p' session.out > session.addr
cmp -s db.addr session.addr && [ -s db.addr ] && ok || bad "recorded addresses differ from the session's output"

# Under another layout the comparison does notice.
"$CMA" replay --db t.db --cma 'fw=1M/128K;b1=32M;b2=16M' --json --no-save > moved.json
grep -q '"address_differences":0,' moved.json && bad "moved layout shows no address difference" || ok

# Human output and the stored result.
"$CMA" replay --db t.db > r.txt || bad "replay (table) failed"
grep -q '^requests [0-9]*: [0-9]* succeeded, [0-9]* failed ([0-9]* capacity, [0-9]* fragmentation, 0 other)$' r.txt && ok || bad "replay table: $(head -5 r.txt)"
grep -Eq '^region b2 +16 MiB' r.txt && ok || bad "region row missing"
grep -q '^saved as replay 2 in t.db$' r.txt && ok || bad "replay not saved: $(tail -1 r.txt)"
[ "$(sqlite3 t.db 'SELECT COUNT(*) FROM replays')" = 2 ] && ok || bad "replays table"
[ "$(sqlite3 t.db "SELECT COUNT(*) FROM replay_stats WHERE replay = 2 AND scope = 'region'")" = 3 ] && ok || bad "replay_stats rows"
fails=$(sqlite3 t.db 'SELECT fail_capacity + fail_fragmentation FROM replays WHERE id = 2')
[ "$(sqlite3 t.db 'SELECT COUNT(DISTINCT seq) FROM replay_failures WHERE replay = 2')" = "$fails" ] && ok || bad "replay_failures rows"

# Views.
[ "$(sqlite3 t.db 'SELECT COUNT(*) FROM allocations WHERE trace = 1')" = "$allocs" ] && ok || bad "allocations view"
sqlite3 t.db 'UPDATE at SET seq = 40' && n=$(sqlite3 t.db 'SELECT COUNT(*) FROM live_at WHERE trace = 1') && [ "$n" -gt 0 ] && ok || bad "live_at view"

# Compare lists every allocator; sweep finds a clean configuration.
"$CMA" compare --db t.db --no-save > cmp.txt && grep -Eq '^1 +cma test +bf +[0-9]+ +[0-9]+' cmp.txt && ok || bad "compare: $(cat cmp.txt)"
"$CMA" sweep --db t.db > sweep.txt 2> sweep.err || bad "sweep failed: $(cat sweep.err)"
grep -q '^footprint / peak live = ' sweep.txt && ok || bad "sweep report: $(cat sweep.txt)"
last=$(sqlite3 t.db 'SELECT fail_capacity + fail_fragmentation + fail_other FROM replays ORDER BY id DESC LIMIT 1')
[ "$last" = 0 ] && ok || bad "sweep's final replay has $last failures"

# Import: a script keeps identities, so frees match whatever the layout.
"$CMA" import --db t.db mfc.txt > imp.txt && grep -q "^mfc.txt: trace 2, $((allocs * 2)) events" imp.txt && ok || bad "import: $(cat imp.txt)"
"$CMA" traces --db t.db > tr.txt && grep -Eq '^ +2  mfc.txt +cma-test +goni' tr.txt && ok || bad "traces list: $(cat tr.txt)"
"$CMA" replay --db t.db --trace 2 --cma 'fw=1M/128K;b1=128M;b2=112M' --board ./big.board --no-save > /dev/null 2>&1 && bad "missing board file accepted" || ok
printf 'bank a 0x40000000 512M\nmap s5p-mfc5/f=fw;s5p-mfc5/a=b1;s5p-mfc5/b=b2;*/*=b1,b2\n' > big.board
"$CMA" replay --db t.db --trace 2 --board ./big.board --cma 'fw=1M/128K;b1=128M;b2=112M' --json --no-save > big.json &&
    grep -q '"fail_capacity":0,"fail_fragmentation":0,"fail_other":0,' big.json && grep -q '"orphans":0,' big.json && ok || bad "big layout replay: $(cat big.json)"

# A malformed line: the error names file and line, and nothing is stored.
before=$(sqlite3 t.db 'SELECT COUNT(*) FROM traces'):$(sqlite3 t.db 'SELECT COUNT(*) FROM events')
printf 'a x 4K\na y 8K\nf 3\nfrobnicate\n' > bad.txt
expect_error "import: bad line" "bad.txt:4: " -- "$CMA" import --db t.db --format cma-test mfc.txt bad.txt
after=$(sqlite3 t.db 'SELECT COUNT(*) FROM traces'):$(sqlite3 t.db 'SELECT COUNT(*) FROM events')
[ "$before" = "$after" ] && ok || bad "failed import changed the database ($before -> $after)"

# Databases that are not ours, newer, corrupt, truncated, missing.
sqlite3 other.db 'CREATE TABLE photos (id INTEGER)'
expect_error "foreign database" "other.db: not a cma trace database" -- "$CMA" replay --db other.db
cp t.db newer.db && sqlite3 newer.db "UPDATE meta SET value = '7' WHERE key = 'schema'"
expect_error "newer schema" "newer.db: schema version 7 is newer than this cma understands" -- "$CMA" traces --db newer.db
head -c 3000 /dev/urandom > junk.db
expect_error "corrupt database" "junk.db: not a readable database" -- "$CMA" replay --db junk.db
sqlite3 t.db 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
head -c 8192 t.db > trunc.db
expect_error "truncated database" "trunc.db: " -- "$CMA" replay --db trunc.db
expect_error "missing database" "nope.db: no such database" -- "$CMA" replay --db nope.db
expect_error "no --db" "no database: give one with --db FILE" -- "$CMA" replay
expect_error "no such trace" "no trace 99" -- "$CMA" replay --db t.db --trace 99
expect_error "bad trace id" "--trace 'x': expected a trace number" -- "$CMA" replay --db t.db --trace x
expect_error "unknown allocator" "unknown allocator 'nosuch'" -- "$CMA" replay --db t.db --allocator nosuch
expect_error "compare: unknown allocator" "unknown allocator 'bf2'" -- "$CMA" compare --db t.db --allocators bf,bf2
expect_error "import: no file" "no capture file given" -- "$CMA" import --db t.db
expect_error "import: missing file" "nothere.txt: No such file or directory" -- "$CMA" import --db t.db nothere.txt
expect_error "import: unknown format" "unknown format 'pcap'" -- "$CMA" import --db t.db --format pcap mfc.txt
# The stored database is still fine after all of that.
"$CMA" traces --db t.db > /dev/null && ok || bad "database damaged"

finish
