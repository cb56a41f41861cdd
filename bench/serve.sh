#!/usr/bin/env bash
# Web server benchmarks for `marathon serve` (release build), on 127.0.0.1 only:
#   1. /api/v1/tally.json under 64 connections (wrk), beside nginx serving the same bytes as a
#      static file in the same run: requests/s and p99 latency. Target: >= 0.8x nginx's rate,
#      p99 < 20 ms.
#   2. 10,000 Server-Sent Events subscribers at once: a CLI `import` in another process, and
#      the time until every subscriber has the new count (target: all within 1 s), with the
#      server's memory (target: < 300 MB).
#   3. Confirmed actions recorded through HTTP: ACTS (20,000) submissions of the form, their
#      confirmation mails into smtp-sink, then every mailed link confirmed by POST from CONNS
#      (32) connections. Target: >= 2,000 confirmed actions per second.
#
#   bench/serve.sh                 # ROWS=200000 actions in the ledger, 10 s per wrk run
#   ROWS=20000 DURATION=5 SUBSCRIBERS=2000 bench/serve.sh
#
# Needs Debian's `wrk` and `nginx` (installed when missing, as root) and python3. Figures are
# printed with the commands that made them and the machine's load; nothing is asserted.
set -euo pipefail

ROWS=${ROWS:-200000}
DURATION=${DURATION:-10}
SUBSCRIBERS=${SUBSCRIBERS:-10000}
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib/workspace.sh
. "$root/bench/lib/workspace.sh"

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
if [ ${#missing[@]} -gt 0 ]; then
    echo "# installing ${missing[*]}" >&2
    apt-get -q update >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends "${missing[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
# Each subscriber is one descriptor in the server and one in the client (separate processes).
ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((SUBSCRIBERS + 200)) ]; then
    echo "ulimit -n is $(ulimit -n): too low for $SUBSCRIBERS subscribers" >&2
    exit 2
fi

bench_workspace
for i in $(seq -w 0 11); do printf '[[cases]]\nid = "case-%s"\ntitle = "Case %s"\ngoal = 50000\n' "$i" "$i"; done >>"$ws/campaign.toml"
rustc -O -o "$ws/gen_report" "$root/bench/gen_report.rs"
"$ws/gen_report" "$ROWS" 1 r >"$ws/report.csv"
"$bin" -C "$ws" import -q "$ws/report.csv"

pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    rm -rf "$ws"
}
trap cleanup EXIT

"$bin" -C "$ws" serve -q --listen 127.0.0.1:0 >"$ws/serve.out" 2>"$ws/serve.err" &
server=$!
pids+=("$server")
for _ in $(seq 100); do grep -q listening "$ws/serve.out" 2>/dev/null && break; sleep 0.1; done
addr=$(sed -n 's#^listening on http://##p' "$ws/serve.out")
[ -n "$addr" ] || { cat "$ws/serve.err"; exit 2; }

# nginx with the same bytes as a static file.
mkdir -p "$ws/nginx/www/api/v1" "$ws/nginx/logs"
curl -sf "http://$addr/api/v1/tally.json" >"$ws/nginx/www/api/v1/tally.json"
# As root, nginx's workers would run as nobody, who cannot enter the private temporary folder.
user_line=""
[ "$(id -u)" -eq 0 ] && user_line="user root;"
cat >"$ws/nginx/nginx.conf" <<NGINX
$user_line
worker_processes auto;
pid $ws/nginx/nginx.pid;
error_log $ws/nginx/logs/error.log;
events { worker_connections 4096; }
http {
    access_log off;
    types { application/json json; }
    server {
        listen 127.0.0.1:0;
        root $ws/nginx/www;
    }
}
NGINX
nginx_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
sed -i "s/listen 127.0.0.1:0;/listen 127.0.0.1:$nginx_port;/" "$ws/nginx/nginx.conf"
"$NGINX" -p "$ws/nginx" -c "$ws/nginx/nginx.conf" -g 'daemon off;' &
pids+=("$!")
sleep 0.5
cmp -s <(curl -sf "http://127.0.0.1:$nginx_port/api/v1/tally.json") "$ws/nginx/www/api/v1/tally.json" ||
    { echo "nginx does not serve the file:"; cat "$ws/nginx/logs/error.log"; exit 2; }

echo "# marathon serve at $addr, nginx $("$NGINX" -v 2>&1 | sed 's/.*\///') at 127.0.0.1:$nginx_port"
echo "# ledger: $ROWS actions; tally.json is $(wc -c <"$ws/nginx/www/api/v1/tally.json") bytes"
echo
echo "## /api/v1/tally.json, 64 connections, ${DURATION} s each, nginx and marathon alternating"
run_wrk() { # NAME URL
    local out rps p99
    out=$(wrk -t2 -c64 -d"${DURATION}s" --latency "$2")
    rps=$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")
    p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
    non2xx=$(awk '/Non-2xx/ { print $4 }' <<<"$out")
    printf '%-9s %10s req/s   p99 %8s   %s   (load %s)\n' "$1" "$rps" "$p99" \
        "${non2xx:+non-2xx: $non2xx}" "$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "$rps" >>"$ws/rps-$1"
}
for round in 1 2; do
    run_wrk nginx "http://127.0.0.1:$nginx_port/api/v1/tally.json"
    run_wrk marathon "http://$addr/api/v1/tally.json"
done
echo "command: wrk -t2 -c64 -d${DURATION}s --latency URL"
awk 'NR == FNR { n += $1; c++; next } { m += $1; d++ } END {
    printf "marathon / nginx: %.2f (mean of %d runs each)\n", (m / d) / (n / c), d }' \
    "$ws/rps-nginx" "$ws/rps-marathon"

echo
echo "## $SUBSCRIBERS SSE subscribers, then a CLI import of one more action"
printf 'ref,date,kind,count,case,country\nlive-1,2026-08-10,card,1,case-00,PL\n' >"$ws/one.csv"
rss() { awk '/^VmRSS/ { printf "%.0f MB", $2 / 1024 }' "/proc/$server/status"; }
echo "server RSS before: $(rss)"
python3 "$root/bench/sse_clients.py" "$addr" "$SUBSCRIBERS" -- "$bin" -C "$ws" import -q "$ws/one.csv"
echo "server RSS with $SUBSCRIBERS subscribers: $(rss) (peak $(awk '/^VmHWM/ { printf "%.0f MB", $2 / 1024 }' "/proc/$server/status"))"
echo "command: python3 bench/sse_clients.py ADDR $SUBSCRIBERS -- marathon import one.csv   (load $(cut -d' ' -f1-3 /proc/loadavg))"

echo
echo "## confirmed actions through HTTP (target: >= 2,000 per second)"
# ACTS submissions through the form (limits raised for one client), their confirmation mails
# through the outbox into smtp-sink, the links read back from the stored mails, then every
# link confirmed with a POST from CONNS keep-alive connections (bench/act_load.rs).
ACTS=${ACTS:-20000}
CONNS=${CONNS:-32}
kill "$server" 2>/dev/null || true
# shellcheck source=bench/lib/smtp-sink.sh
. "$root/bench/lib/smtp-sink.sh"
smtp_sink_install
sink_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# smtp-sink writes as `nobody`, which cannot enter the private workspace folder.
sink=$(mktemp -d)
chmod 755 "$sink"
smtp_sink_start "$sink" "$sink_port"
sink_stop() { smtp_sink_stop "$sink" 2>/dev/null || true; rm -rf "$sink"; cleanup; }
trap sink_stop EXIT
cat >>"$ws/campaign.toml" <<TOML
[smtp]
host = "127.0.0.1"
port = $sink_port
security = "plain"
connections = 4
[web]
per_ip_per_hour = 100000000
per_ip_burst = 100000000
TOML
rustc -O --edition 2024 -o "$ws/act_load" "$root/bench/act_load.rs"
"$bin" -C "$ws" serve -q --listen 127.0.0.1:0 >"$ws/act.out" 2>"$ws/act.err" &
server=$!
pids+=("$server")
for _ in $(seq 100); do grep -q listening "$ws/act.out" 2>/dev/null && break; sleep 0.1; done
addr=$(sed -n 's#^listening on http://##p' "$ws/act.out")
[ -n "$addr" ] || { cat "$ws/act.err"; exit 2; }
before=$(curl -sf "http://$addr/api/v1/tally.json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["actions"])')
"$ws/act_load" submit "$addr" "$ACTS" "$CONNS"
for _ in $(seq 600); do [ "$(smtp_sink_count "$sink")" -ge "$ACTS" ] && break; sleep 0.2; done
echo "confirmation mails stored by smtp-sink: $(smtp_sink_count "$sink")"
python3 - "$sink" >"$ws/tokens" <<'PY'
import email, pathlib, re, sys
for f in pathlib.Path(sys.argv[1]).rglob("*"):
    if f.is_file() and f.suffix not in (".log", ".pid"):
        msg = email.message_from_bytes(f.read_bytes())
        body = (msg.get_payload(decode=True) or b"").decode("utf-8", "replace")
        for t in re.findall(r"/act/confirm/([0-9a-f]{64})", body):
            print(t)
PY
echo "links read back: $(wc -l <"$ws/tokens")"
"$ws/act_load" confirm "$addr" "$ws/tokens" "$CONNS"
echo "command: bench/act_load.rs confirm ADDR TOKENS $CONNS   (load $(cut -d' ' -f1-3 /proc/loadavg))"
sleep 1
after=$(curl -sf "http://$addr/api/v1/tally.json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["actions"])')
echo "counter: $before -> $after (expected +$((2 * $(wc -l <"$ws/tokens"))))"
