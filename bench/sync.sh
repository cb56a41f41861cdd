#!/usr/bin/env bash
# `ledger sync` and `ledger copy` throughput: an offline ledger of ROWS imported actions
# (plus a few records and a correction) pushed into an empty shared PostgreSQL ledger, then
# again (everything already there), and the same ledger copied SQLite -> PostgreSQL ->
# SQLite, with the tallies compared. A throwaway cluster on 127.0.0.1 (fsync on). Release
# build; figures printed with the commands, nothing asserted.
#
#   bench/sync.sh                  # 200,000 rows
#   ROWS=1000000 bench/sync.sh
set -euo pipefail

ROWS=${ROWS:-200000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/marathon-sync.XXXXXX")
source "$ROOT/bench/lib/pg.sh"
trap 'pg_bench_stop; rm -rf "$WORK"' EXIT

root="$ROOT"
# shellcheck source=bench/lib/workspace.sh
source "$ROOT/bench/lib/workspace.sh"
bench_report_workspace "$WORK"

now() { date +%s.%N; }
took() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { printf "%.2f s, %.0f entries/s", b - a, n / (b - a) }'; }

"$WORK/gen_report" "$ROWS" 1 r > "$WORK/evening.csv"
"$BIN" -C "$WS" -q import "$WORK/evening.csv" > /dev/null
"$BIN" -C "$WS" -q record --kind appeal --count 3 --case case-01 --country PL --date 2026-08-05 > /dev/null
"$BIN" -C "$WS" -q record --corrects 1 --count 2 > /dev/null
ENTRIES=$((ROWS + 2))
# The cluster runs as `postgres`, which must reach its folder.
chmod 755 "$WORK"
mkdir -p "$WORK/pg"
pg_bench_start "$WORK/pg"
SHARED="$(pg_bench_db shared)"
COPY="$(pg_bench_db copy)"
uptime
echo "# $ENTRIES entries in the offline ledger"
t0=$(now); "$BIN" -C "$WS" ledger sync "$WS/ledger.sqlite" --to "$SHARED" > /dev/null; t1=$(now)
echo "marathon ledger sync ledger.sqlite --to URL   # into an empty shared ledger: $(took "$t0" "$t1" "$ENTRIES")"
t0=$(now); "$BIN" -C "$WS" ledger sync "$WS/ledger.sqlite" --to "$SHARED" > /dev/null; t1=$(now)
echo "marathon ledger sync ledger.sqlite --to URL   # again, everything already there: $(took "$t0" "$t1" "$ENTRIES")"
t0=$(now); "$BIN" -C "$WS" ledger copy "$WS/ledger.sqlite" "$COPY" > /dev/null; t1=$(now)
echo "marathon ledger copy ledger.sqlite URL        # SQLite -> empty PostgreSQL: $(took "$t0" "$t1" "$ENTRIES")"
t0=$(now); "$BIN" -C "$WS" ledger copy "$COPY" "$WS/back.sqlite" > /dev/null; t1=$(now)
echo "marathon ledger copy URL back.sqlite          # PostgreSQL -> empty SQLite: $(took "$t0" "$t1" "$ENTRIES")"
uptime
for l in "$WS/ledger.sqlite" "$SHARED" "$COPY" "$WS/back.sqlite"; do
    "$BIN" -C "$WS" tally --ledger "$l" --format json | awk -v l="${l%%\?*}" '/"actions":/ { print "tally " l ": actions = " $2; exit }'
done
