#!/usr/bin/env bash
# The coordinators' overview over a large ledger (release build, 127.0.0.1 only): ROWS
# synthetic actions (bench/gen_report.rs: 12 cases, 60 countries, 43 days, 500,000
# volunteers) imported through `marathon import`, then `GET /admin` with a logged-in session
# REQUESTS times, one at a time: median, p95 and slowest wall time as curl measures it, and
# the same for `/admin/progress.json` and a CSV download. Target: the overview under 200 ms
# over 10,000,000 actions.
#
#   bench/admin.sh                 # ROWS=10000000
#   ROWS=1000000 REQUESTS=50 bench/admin.sh
#
# Figures are printed with the machine's load; nothing is asserted.
set -euo pipefail

ROWS=${ROWS:-10000000}
REQUESTS=${REQUESTS:-30}
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib/workspace.sh
. "$root/bench/lib/workspace.sh"

bench_workspace
for i in $(seq -w 0 11); do printf '[[cases]]\nid = "case-%s"\ntitle = "Case %s"\n' "$i" "$i"; done >>"$ws/campaign.toml"
rustc -O -o "$ws/gen_report" "$root/bench/gen_report.rs"
echo "# generating and importing $ROWS report rows"
"$ws/gen_report" "$ROWS" 1 r >"$ws/big.csv"
"$bin" -C "$ws" import -q "$ws/big.csv"
rm -f "$ws/big.csv"
printf 'a benchmark password\n' | "$bin" -C "$ws" -q admin add bench

"$bin" -C "$ws" serve --listen 127.0.0.1:0 >"$ws/serve.out" 2>"$ws/serve.err" &
server=$!
trap 'kill "$server" 2>/dev/null; rm -rf "$ws"' EXIT
for _ in $(seq 100); do grep -q listening "$ws/serve.out" 2>/dev/null && break; sleep 0.1; done
base=$(sed -n 's/^listening on //p' "$ws/serve.out")

jar="$ws/cookies"
token=$(curl -s -c "$jar" -b "$jar" "$base/admin/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p')
curl -s -o /dev/null -c "$jar" -b "$jar" --data "csrf=$token&next=%2Fadmin&name=bench&password=a+benchmark+password" "$base/admin/login"

# Prints median, p95 and max of REQUESTS sequential GETs of $1 (after one warm-up).
measure() {
    curl -s -o /dev/null -b "$jar" "$base$1"
    for _ in $(seq "$REQUESTS"); do
        curl -s -o /dev/null -b "$jar" -w '%{http_code} %{time_total}\n' "$base$1"
    done | sort -k2 -n | awk -v path="$1" '
        $1 != 200 { bad++ }
        { t[NR] = $2 * 1000 }
        END {
            n = NR
            p95 = int(n * 0.95 + 0.5); if (p95 < 1) p95 = 1
            printf "GET %-28s median %.1f ms, p95 %.1f ms, max %.1f ms (%d requests, %d not 200)\n",
                path, t[int((n + 1) / 2)], t[p95], t[n], n, bad
        }'
}

echo
echo "## $ROWS actions in the ledger; $(uptime | sed 's/.*load/load/')"
measure /admin
measure /admin/progress.json
measure /admin/csv/day-kind.csv
echo "# $(uptime | sed 's/.*load/load/')"
