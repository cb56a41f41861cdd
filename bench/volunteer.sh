#!/usr/bin/env bash
# The volunteer's page under load (release build, 127.0.0.1 only): 64 volunteers, each with
# 10 post letters to a prisoner in Belarus (every request builds the page: the letters read,
# checked against the country rules, their envelopes laid out), and 64 connections, each
# request carrying the next volunteer's session cookie (wrk). Target: p99 under 50 ms.
#
#   bench/volunteer.sh                # 10 s
#   DURATION=5 bench/volunteer.sh
#
# Needs Debian's `wrk` (installed when missing, as root), python3 and curl. The figures are
# printed with the command that made them and the machine's load; nothing is asserted.
set -euo pipefail

DURATION=${DURATION:-10}
VOLUNTEERS=64
LETTERS=10
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib/workspace.sh
. "$root/bench/lib/workspace.sh"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

bench_workspace
cp "$root/campaign.toml" "$ws/campaign.toml"
cp "$root/recipients/prisoners.csv" "$ws/recipients/"
# Sessions last until the report deadline: one ahead of today.
sed -i 's/^report_deadline = .*/report_deadline = 2099-01-15/' "$ws/campaign.toml"
bench_volunteers "$VOLUNTEERS"

python3 - "$ws" "$VOLUNTEERS" "$LETTERS" <<'EOF'
import json, os, sys
ws, n, k = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(f"{ws}/letters/post", exist_ok=True)
with open(f"{ws}/letters/post/letter.txt", "w") as f:
    f.write("Дорогая Тамара!\n\nПишу вам из Кракова. У нас тёплая осень, я гуляю у реки "
            "и думаю о вас.\n\nЖелаю вам здоровья и тёплых дней.\n\nС теплом,\nАнна\n")
prisoner = {"id": "tamara-viarbitskaya", "role": "prisoner", "name": "Tamara Viarbitskaya",
            "country": "BY"}
with open(f"{ws}/letters/manifest.jsonl", "w") as f:
    for i in range(n):
        sender = {"id": f"v{i}", "role": "volunteer", "name": f"Volunteer {i}",
                  "email": f"v{i}@example.org", "country": "PL"}
        for j in range(k):
            f.write(json.dumps({
                "id": f"{i:08x}{j:08x}", "template": "solidarity-ru", "kind": "solidarity",
                "language": "ru", "case": "defenders", "prisoner": prisoner["id"],
                "recipient": prisoner, "sender": sender, "channel": "post", "subject": "",
                "path": "post/letter.txt"}, ensure_ascii=False) + "\n")
EOF

out="$ws/serve.out"
"$bin" serve -C "$ws" --listen 127.0.0.1:0 >"$out" 2>"$ws/serve.err" &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$ws"' EXIT
for _ in $(seq 100); do grep -q listening "$out" && break; sleep 0.1; done
addr=$(sed -n 's|^listening on http://||p' "$out")

# Sessions as the personal links set them: signed with the server's key.
python3 - "$ws" "$VOLUNTEERS" >"$ws/sessions.lua" <<'EOF'
import hashlib, hmac, sys
ws, n = sys.argv[1], int(sys.argv[2])
key = bytes.fromhex(open(f"{ws}/.marathon/web-secret").read().strip())
until = 4070908800  # 2099-01-01
cookies = []
for i in range(n):
    idhex = f"v{i}".encode().hex()
    sig = hmac.new(key, b"volunteer session\0" + idhex.encode() + b"\0" + str(until).encode(),
                   hashlib.sha256).hexdigest()
    cookies.append(f'"marathon_volunteer={idhex}.{until}.{sig}"')
print("local cookies = {" + ", ".join(cookies) + "}")
print("""local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/me", { ["Cookie"] = cookies[(i % #cookies) + 1] })
end""")
EOF

first=$(sed -n 's/^local cookies = {"\([^"]*\)".*/\1/p' "$ws/sessions.lua")
page=$(curl -sf -H "Cookie: $first" "http://$addr/me")
letters=$(grep -o 'class="letter"' <<<"$page" | wc -l)
echo "a volunteer's page: $letters letters, $(wc -c <<<"$page") bytes"
[ "$letters" -eq "$LETTERS" ] || { echo "expected $LETTERS letters on the page" >&2; exit 1; }

echo "load before: $(uptime)"
wrk -t2 -c64 -d"${DURATION}s" --latency -s "$ws/sessions.lua" "http://$addr/me" | tee "$ws/wrk.out"
echo "load after: $(uptime)"
echo "command: wrk -t2 -c64 -d${DURATION}s --latency -s sessions.lua http://ADDR/me ($VOLUNTEERS sessions, $LETTERS letters each)"
echo "p99: $(awk '$1 == "99%" {print $2}' "$ws/wrk.out") (target: under 50 ms)"
