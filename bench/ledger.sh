#!/usr/bin/env bash
# Ledger benchmarks: import throughput, tally time over a large ledger, bytes per action, and
# eight writers at once; on SQLite, then on PostgreSQL with the same files in the same run.
#
#   bench/ledger.sh            # 10,000,000 actions (about 2 GB of temporary files, and
#                              # about 4 GB for the PostgreSQL cluster)
#   PG=0 bench/ledger.sh       # SQLite only
#   PG_ONLY=1 ROWS=1000000 MORE=200000 bench/ledger.sh
#                              # PostgreSQL only (to iterate on its import; the default
#                              # compares both stores in one run)
#   ROWS=1000000 bench/ledger.sh
#   ROWS=200000 MORE=10000 JSON_ROWS=200000 bench/ledger.sh
#
# The report is synthetic (bench/gen_report.rs: one action per row, 60% anonymous online
# actions, 25% from 500,000 volunteers, 15% from 4,000 groups, 12 cases, 60 countries, 43
# days) and goes through the binary's own `import`. Release build. Figures are printed with
# the commands that produced them; nothing is asserted.
set -euo pipefail

ROWS=${ROWS:-10000000}
MORE=${MORE:-1000000}
# Rows imported as CSV and again as JSON (a JSON report is read whole into memory).
JSON_ROWS=${JSON_ROWS:-$((ROWS < 1000000 ? ROWS : 1000000))}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/marathon-bench.XXXXXX")
source "$ROOT/bench/lib/pg.sh"
# The cluster's own folder: the `postgres` user cannot enter $WORK (mode 0700, root's).
PG_WORK=$(mktemp -d "${TMPDIR:-/tmp}/marathon-bench-pg.XXXXXX")
trap 'pg_bench_stop; rm -rf "$WORK" "$PG_WORK"' EXIT

# MARATHON=path/to/marathon measures that binary instead (to compare two builds).
root="$ROOT"
# shellcheck source=bench/lib/workspace.sh
source "$ROOT/bench/lib/workspace.sh"
bench_report_workspace "$WORK"

now() { date +%s.%N; }
rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.0f rows/s (%.2f s)", n / t, t }'; }
# Runs a command three times and prints the fastest wall time.
best_of_3() {
    local best=999999 t0 t1 t
    for _ in 1 2 3; do
        t0=$(now); "$@" > /dev/null; t1=$(now)
        t=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
        best=$(awk -v a="$best" -v b="$t" 'BEGIN { print (b < a) ? b : a }')
    done
    printf '%.3f s' "$best"
}

echo "# generating $ROWS + $MORE report rows"
"$WORK/gen_report" "$ROWS" 1 r > "$WORK/big.csv"
"$WORK/gen_report" "$MORE" 2 s > "$WORK/more.csv"
ls -l "$WORK/big.csv" "$WORK/more.csv" | awk '{ print "#   " $5 " bytes  " $9 }'
# The reports were just written: let the disk finish with them before anything is timed.
sync

# Eight writers at once, each a separate process: WRITES `record`s each, then eight imports of
# different files at once. Prints records/s and rows/s over the whole.
EIGHT_RECORDS=${EIGHT_RECORDS:-100}
EIGHT_ROWS=${EIGHT_ROWS:-125000}
"$WORK/gen_report" "$((8 * EIGHT_ROWS))" 3 w > "$WORK/eight.csv"
for w in 0 1 2 3 4 5 6 7; do
    { head -n 1 "$WORK/eight.csv"; tail -n +2 "$WORK/eight.csv" | sed -n "$((w * EIGHT_ROWS + 1)),$(((w + 1) * EIGHT_ROWS))p"; } > "$WORK/eight-$w.csv"
done
eight_writers() {
    local t0 t1 w
    t0=$(now)
    for w in 0 1 2 3 4 5 6 7; do
        (for i in $(seq "$EIGHT_RECORDS"); do
            "$BIN" -C "$WS" -q record --kind appeal --count 1 --case case-01 --country DE --date 2026-08-10 > /dev/null
        done) &
    done
    wait
    t1=$(now)
    echo "8 processes x $EIGHT_RECORDS \`marathon record\`: $(awk -v n=$((8 * EIGHT_RECORDS)) -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f records/s (%.2f s)", n / (b - a), b - a }')"
    t0=$(now)
    for w in 0 1 2 3 4 5 6 7; do "$BIN" -C "$WS" -q import "$WORK/eight-$w.csv" > /dev/null & done
    wait
    t1=$(now)
    echo "8 processes x \`marathon import\` of $EIGHT_ROWS rows at once: $(rate $((8 * EIGHT_ROWS)) "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")"
    "$BIN" -C "$WS" tally --format json | awk '/"actions":/ { print "tally: actions = " $2; exit }'
}
TOTAL=$((ROWS + MORE))
if [ "${PG_ONLY:-0}" != 1 ]; then
echo
echo "## import"
t0=$(now); "$BIN" -C "$WS" import -q "$WORK/big.csv"; t1=$(now)
echo "marathon import big.csv   # $ROWS rows into an empty ledger: $(rate "$ROWS" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")"
t0=$(now); "$BIN" -C "$WS" import -q "$WORK/more.csv"; t1=$(now)
echo "marathon import more.csv  # $MORE new rows into the full ledger: $(rate "$MORE" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")"
t0=$(now); "$BIN" -C "$WS" import -q "$WORK/more.csv"; t1=$(now)
echo "marathon import more.csv  # the same $MORE rows again (all already there): $(rate "$MORE" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")"

echo
echo "## the same $JSON_ROWS rows as CSV and as JSON, each into an empty ledger"
head -n "$((JSON_ROWS + 1))" "$WORK/big.csv" > "$WORK/same.csv"
python3 "$ROOT/bench/csv_to_json.py" < "$WORK/same.csv" > "$WORK/same.json"
python3 "$ROOT/bench/csv_to_json.py" --one-line < "$WORK/same.csv" > "$WORK/same-one-line.json"
ls -l "$WORK/same.csv" "$WORK/same.json" "$WORK/same-one-line.json" | awk '{ print "#   " $5 " bytes  " $9 }'
sync
for f in same.csv same.json same-one-line.json; do
    rm -rf "$WORK/ws-$f"; cp -r "$WS" "$WORK/ws-$f"; rm -f "$WORK/ws-$f"/ledger.sqlite*
    t0=$(now); "$BIN" -C "$WORK/ws-$f" import -q "$WORK/$f"; t1=$(now)
    printf 'marathon import %-19s # %s\n' "$f" "$(rate "$JSON_ROWS" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")"
    rm -rf "$WORK/ws-$f"
done

echo
echo "## size"
TOTAL=$((ROWS + MORE))
SIZE=$(stat -c %s "$WS/ledger.sqlite")
echo "ledger.sqlite: $SIZE bytes for $TOTAL actions = $((SIZE / TOTAL)) bytes per action"
sqlite3 "$WS/ledger.sqlite" "SELECT '  ' || name || ': ' || (SUM(pgsize) / $TOTAL) || ' bytes per action' FROM dbstat GROUP BY name ORDER BY SUM(pgsize) DESC LIMIT 6" 2>/dev/null || true

echo
echo "## a correction and letter events, then tally (they must show)"
"$BIN" -C "$WS" -q record --corrects 1 --count 1001 > /dev/null
"$BIN" -C "$WS" -q record --kind solidarity --count 50 --case case-03 --country BY --date 2026-08-20 > /dev/null
"$BIN" -C "$WS" tally --format json | awk '/"actions":/ { print "tally --format json: actions = " $2; exit }'
echo "expected: $((TOTAL + 1000 + 50)),"

echo
echo "## tally over $TOTAL actions (best of 3, wall time of the whole command)"
echo "marathon tally --format json                      $(best_of_3 "$BIN" -C "$WS" tally --format json)"
echo "marathon tally                                    $(best_of_3 "$BIN" -C "$WS" tally)"
echo "marathon tally --case case-03 --format json       $(best_of_3 "$BIN" -C "$WS" tally --case case-03 --format json)"
echo "marathon tally --from 2026-08-10 --to 2026-08-20  $(best_of_3 "$BIN" -C "$WS" tally --from 2026-08-10 --to 2026-08-20 --format json)"
echo "marathon tally --public --format csv              $(best_of_3 "$BIN" -C "$WS" tally --public --format csv)"
echo
echo "## for comparison: one plain GROUP BY over the stored entries (no labels joined)"
echo "sqlite3 ledger.sqlite 'SELECT kind, SUM(count) FROM entry_row GROUP BY kind'  $(best_of_3 sqlite3 "$WS/ledger.sqlite" 'SELECT kind, SUM(count) FROM entry_row GROUP BY kind')"

echo
echo "## eight writers at once (SQLite)"
eight_writers
echo "expected: $((TOTAL + 1000 + 50 + 8 * EIGHT_RECORDS + 8 * EIGHT_ROWS)),"
fi

if [ "${PG:-1}" = 0 ]; then exit 0; fi
echo
echo "## PostgreSQL $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 | awk -F/ '{ print $5 }'): the same files, a throwaway cluster on 127.0.0.1 (fsync on, shared_buffers 512MB)"
rm -f "$WS"/ledger.sqlite*
# The SQLite half just wrote and deleted gigabytes: let the disk finish with them (writing
# back, and discarding the deleted blocks) before PostgreSQL, which syncs its own writes, is
# timed. Measured, its first import ran at 263,076 rows/s without this pause and at
# 326,318 rows/s with it, the SQLite figures of the two runs alike.
sync
sleep 20
pg_bench_start "$PG_WORK"
export MARATHON_LEDGER
MARATHON_LEDGER="$(pg_bench_db bench)"
echo "# MARATHON_LEDGER=$MARATHON_LEDGER"
t0=$(now); "$BIN" -C "$WS" import -q "$WORK/big.csv"; t1=$(now)
echo "marathon import big.csv   # $ROWS rows into an empty ledger, through COPY: $(rate "$ROWS" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")"
t0=$(now); "$BIN" -C "$WS" import -q "$WORK/more.csv"; t1=$(now)
echo "marathon import more.csv  # $MORE new rows into the full ledger: $(rate "$MORE" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")"
t0=$(now); "$BIN" -C "$WS" import -q "$WORK/more.csv"; t1=$(now)
echo "marathon import more.csv  # the same $MORE rows again (all already there): $(rate "$MORE" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")"
t0=$(now); "$BIN" -C "$WS" import -q "$WORK/big.csv"; t1=$(now)
echo "marathon import big.csv   # the same $ROWS rows again (all already there): $(rate "$ROWS" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")"
"$PG_BIN/psql" -X -qAt "$MARATHON_LEDGER" -c "SELECT 'database size: ' || pg_database_size(current_database()) || ' bytes = ' || pg_database_size(current_database()) / $TOTAL || ' bytes per action'"
"$BIN" -C "$WS" -q record --corrects 1 --count 1001 > /dev/null
"$BIN" -C "$WS" -q record --kind solidarity --count 50 --case case-03 --country BY --date 2026-08-20 > /dev/null
"$BIN" -C "$WS" tally --format json | awk '/"actions":/ { print "tally --format json: actions = " $2; exit }'
echo "expected: $((TOTAL + 1000 + 50)),"
echo
echo "## tally over $TOTAL actions on PostgreSQL (best of 3, wall time of the whole command)"
echo "marathon tally --format json                      $(best_of_3 "$BIN" -C "$WS" tally --format json)"
echo "marathon tally                                    $(best_of_3 "$BIN" -C "$WS" tally)"
echo "marathon tally --case case-03 --format json       $(best_of_3 "$BIN" -C "$WS" tally --case case-03 --format json)"
echo "marathon tally --from 2026-08-10 --to 2026-08-20  $(best_of_3 "$BIN" -C "$WS" tally --from 2026-08-10 --to 2026-08-20 --format json)"
echo
echo "## eight writers at once (PostgreSQL)"
eight_writers
echo "expected: $((TOTAL + 1000 + 50 + 8 * EIGHT_RECORDS + 8 * EIGHT_ROWS)),"
