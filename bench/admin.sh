#!/usr/bin/env bash
# The coordinators' overview over a large ledger (release build, 127.0.0.1 only): ROWS
# synthetic actions (bench/gen_report.rs: 12 cases, 60 countries, 43 days, 500,000
# volunteers) imported through `marathon import`, then, with a logged-in session, REQUESTS
# sequential requests of each kind: median, p95 and slowest wall time as curl measures them.
#   - `GET /admin` asked again with nothing changed (the server keeps the last overview);
#   - `GET /admin` right after an action is recorded by `marathon record` (another process),
#     so the overview is gathered again from the ledger: what a coordinator gets while
#     actions come in;
#   - `/admin/progress.json` and a CSV download.
# Target: the overview under 200 ms over 10,000,000 actions.
#
#   bench/admin.sh                 # ROWS=10000000
#   ROWS=1000000 REQUESTS=50 bench/admin.sh
#   BEFORE=/tmp/marathon-old bench/admin.sh   # the same ledger served by BEFORE first
#
# BEFORE (a marathon binary, e.g. built from an earlier commit) imports the rows and serves
# them first; then this build serves the same ledger (upgrading it if its version is newer):
# both sets of figures come from one run on one ledger. MARATHON measures another binary
# instead of this build. Figures are printed with the machine's load; nothing is asserted.
set -euo pipefail

ROWS=${ROWS:-10000000}
REQUESTS=${REQUESTS:-30}
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib/workspace.sh
. "$root/bench/lib/workspace.sh"

bench_workspace
bin=${MARATHON:-$bin}
for i in $(seq -w 0 11); do printf '[[cases]]\nid = "case-%s"\ntitle = "Case %s"\n' "$i" "$i"; done >>"$ws/campaign.toml"
rustc -O -o "$ws/gen_report" "$root/bench/gen_report.rs"
echo "# generating and importing $ROWS report rows"
"$ws/gen_report" "$ROWS" 1 r >"$ws/big.csv"
"${BEFORE:-$bin}" -C "$ws" import -q "$ws/big.csv"
rm -f "$ws/big.csv"
printf 'a benchmark password\n' | "${BEFORE:-$bin}" -C "$ws" -q admin add bench

server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$ws"' EXIT
jar="$ws/cookies"

# Starts `$1 serve` on the workspace and logs in; sets `server` and `base`.
start() {
    rm -f "$ws/serve.out" "$jar"
    "$1" -C "$ws" serve --listen 127.0.0.1:0 >"$ws/serve.out" 2>"$ws/serve.err" &
    server=$!
    for _ in $(seq 600); do grep -q listening "$ws/serve.out" 2>/dev/null && break; sleep 0.1; done
    base=$(sed -n 's/^listening on //p' "$ws/serve.out")
    local token
    token=$(curl -s -c "$jar" -b "$jar" "$base/admin/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p')
    curl -s -o /dev/null -c "$jar" -b "$jar" --data "csrf=$token&next=%2Fadmin&name=bench&password=a+benchmark+password" "$base/admin/login"
}

stop() {
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    server=""
}

# Prints median, p95 and max of times in ms read as "CODE SECONDS" lines, labelled $1.
summary() {
    sort -k2 -n | awk -v what="$1" '
        $1 != 200 { bad++ }
        { t[NR] = $2 * 1000 }
        END {
            n = NR
            p95 = int(n * 0.95 + 0.5); if (p95 < 1) p95 = 1
            printf "  %-44s median %7.1f ms, p95 %7.1f ms, max %7.1f ms (%d requests, %d not 200)\n",
                what, t[int((n + 1) / 2)], t[p95], t[n], n, bad
        }'
}

# REQUESTS sequential GETs of $1 (after one warm-up), nothing recorded between them.
repeat() {
    curl -s -o /dev/null -b "$jar" "$base$1"
    for _ in $(seq "$REQUESTS"); do
        curl -s -o /dev/null -b "$jar" -w '%{http_code} %{time_total}\n' "$base$1"
    done | summary "GET $1"
}

# REQUESTS GETs of $1, each right after `$2 record` of one action (not timed).
after_change() {
    for _ in $(seq "$REQUESTS"); do
        "$2" -C "$ws" -q record --kind petition --case case-00 --country DE >/dev/null
        curl -s -o /dev/null -b "$jar" -w '%{http_code} %{time_total}\n' "$base$1"
    done | summary "GET $1, an action recorded before each"
}

# serve LABEL BINARY: every measurement with BINARY serving the ledger.
serve() {
    start "$2"
    echo "$1 ($2); $(uptime | sed 's/.*load/load/')"
    repeat /admin
    after_change /admin "$2"
    repeat /admin/progress.json
    repeat /admin/csv/day-kind.csv
    stop
}

echo
echo "## $ROWS actions in the ledger"
if [ -n "${BEFORE:-}" ]; then
    serve before "$BEFORE"
fi
serve now "$bin"
echo "# $(uptime | sed 's/.*load/load/')"
