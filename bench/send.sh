#!/usr/bin/env bash
# Sending speed of `marathon send` against Postfix's smtp-sink on 127.0.0.1, and how well the
# rate limit holds. Prints figures; asserts nothing. Run from anywhere:
#
#   bash bench/send.sh
#
# 1. Unthrottled: N letters (default 20,000) with 16 connections, then mailmerge 2.3.0 sending
#    the same letters (same recipients, subjects, bodies) to the same kind of sink, then marathon
#    again; messages per second for each and the ratio to the mean of marathon's two runs.
# 2. Throttled: `rate = "14 per second"`, `burst = 20` for about 60 seconds; the rate achieved
#    after the initial burst, the largest count in any one-second window, and the worst excess
#    over the limit's promise (at most BURST + RATE x t messages in any span of t seconds),
#    read from the times smtp-sink finished writing each message.
#
# 3. Sizes (only with LARGE set, e.g. LARGE=1000000): N letters and LARGE letters side by side,
#    each in a workspace of its own: the plan's time and peak memory on a fresh ledger,
#    `send --yes --limit 10000`'s peak memory, the full `send --yes` (rate and peak memory, into
#    a sink of its own) and the plan again once every letter is delivered.
#
# Settings (environment): N, CONNECTIONS, RATE (messages per second), BURST, THROTTLED_SECONDS
# (length of the throttled run), SKIP_MAILMERGE=1, SKIP_THROTTLED=1, SKIP_UNTHROTTLED=1,
# MARATHON (a binary to measure instead of building this one), LARGE (letters; at 1,000,000 the
# sizes run needs about 5 GB of disk, and 5 GB of memory for the sink's files in /dev/shm).
# Needs: cargo, python3, and root or sudo-free apt for smtp-sink (installed if missing).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib/smtp-sink.sh
source "$root/bench/lib/smtp-sink.sh"

N="${N:-20000}"
CONNECTIONS="${CONNECTIONS:-16}"
RATE="${RATE:-14}"
BURST="${BURST:-20}"
SECONDS_THROTTLED="${THROTTLED_SECONDS:-60}"

work="$(mktemp -d /tmp/marathon-bench-send.XXXXXX)"
chmod 755 "$work"
# The sinks store one file per message. In memory (tmpfs) where there is one: this disk
# creates files at a rate that swings tenfold with what else ran on it, and the sink shares
# the cores with the sender, so a slow disk would be counted against the sender.
sink_root="$work"
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
    sink_root="$(mktemp -d /dev/shm/marathon-bench-sink.XXXXXX)"
    chmod 755 "$sink_root"
fi
sinks=()
cleanup() {
    local d
    for d in "${sinks[@]}"; do smtp_sink_stop "$d"; done
    rm -rf "$work" "$sink_root"
}
trap cleanup EXIT

say() { printf 'bench/send.sh: %s\n' "$*" >&2; }

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_sink NAME: starts a fresh smtp-sink storing under $work/NAME; sets $port. (Not run in
# a command substitution: the subshell would lose the list the exit trap stops.)
start_sink() {
    local dir="$sink_root/$1"
    port="$(free_port)"
    smtp_sink_start "$dir" "$port"
    sinks+=("$dir")
}

# cpu_ticks NAME: CPU time (1/100 s) used so far by the smtp-sink storing under $work/NAME.
cpu_ticks() {
    awk '{print $14 + $15}' "/proc/$(cat "$sink_root/$1/smtp-sink.pid")/stat"
}

# timed NAME COUNT LABEL CMD...: runs CMD sending COUNT letters to the sink NAME; prints the
# wall time, messages per second, the CPU seconds of CMD and of the sink, and the load average
# before the run (the machine is shared: other work slows both sides).
timed() {
    local name="$1" count="$2" label="$3"
    shift 3
    local load ticks0 ticks1 stored
    load="$(cut -d' ' -f1 /proc/loadavg)"
    ticks0="$(cpu_ticks "$name")"
    /usr/bin/time -f '%e %U %S' -o "$work/$name.time" "$@"
    ticks1="$(cpu_ticks "$name")"
    stored="$(smtp_sink_count "$sink_root/$name")"
    python3 - "$label" "$count" "$stored" "$load" "$((ticks1 - ticks0))" "$work/$name.time" <<'PY'
import sys
label, n, stored, load, sink_ticks, time_file = sys.argv[1:]
n = int(n)
wall, user, sys_ = map(float, open(time_file).read().split()[-3:])
cpu, sink = user + sys_, int(sink_ticks) / 100
print(f"{label}: {n} letters in {wall:.2f} s = {n / wall:.0f} messages/s "
      f"(sink stored {stored}; CPU: sender {cpu:.2f} s = {cpu / n * 1e6:.0f} us/letter, "
      f"sink {sink:.2f} s = {sink / n * 1e6:.0f} us/letter; load average before {load})")
PY
    awk -v n="$count" '{printf "%.0f\n", n / $1}' "$work/$name.time" >"$work/$name.rate"
}

smtp_sink_install
mailmerge=""
if [ "${SKIP_MAILMERGE:-}" != 1 ]; then
    mailmerge="$(mailmerge_install)"
fi
if [ -n "${MARATHON:-}" ]; then
    marathon="$MARATHON"
    say "measuring $marathon"
else
    say "building marathon (release)"
    (cd "$root" && cargo build --release --quiet)
    marathon="$root/target/release/marathon"
fi

# workspace DIR COUNT [nomailmerge]: a campaign workspace with COUNT email letters, plus the
# same letters as a mailmerge database (DIR/mailmerge.csv) and template unless told not to.
workspace() {
    python3 - "$1" "$2" "${3:-}" <<'PY'
import csv, json, os, sys
root, n, mailmerge = sys.argv[1], int(sys.argv[2]), sys.argv[3] != "nomailmerge"
os.makedirs(f"{root}/letters/appeal", exist_ok=True)
with open(f"{root}/campaign.toml", "w") as f:
    f.write('id = "bench"\nname = "Benchmark"\nstarts = 2026-08-04\nends = 2026-08-18\n'
            '[sender]\nname = "Letters for Belarus"\nemail = "letters@example.org"\n')
rows = []
with open(f"{root}/letters/manifest.jsonl", "w") as m:
    for i in range(n):
        to, vol = f"official{i}@example.org", f"volunteer{i}@example.org"
        subject = f"Освободите Алеся Беляцкого ({i})"
        body = (f"Уважаемый прокурор {i},\n\nпрошу освободить Алеся Беляцкого.\n\n"
                + "Текст письма. " * 40 + f"\n\nVolunteer {i}\n")
        entry = {
            "id": f"{i:016x}", "template": "appeal", "kind": "appeal", "language": "ru",
            "case": "bialiatski", "prisoner": "bialiatski",
            "recipient": {"id": f"o{i}", "role": "authority", "name": f"Official {i}",
                          "email": to, "country": "BY"},
            "sender": {"id": f"v{i}", "role": "volunteer", "name": f"Volunteer {i}",
                       "email": vol, "country": "PL"},
            "channel": "email", "subject": subject, "path": f"appeal/{i}.txt",
        }
        m.write(json.dumps(entry, ensure_ascii=False) + "\n")
        with open(f"{root}/letters/appeal/{i}.txt", "w") as t:
            t.write(body)
        if mailmerge:
            rows.append({"email": to, "name": f"Official {i}", "reply_to": vol,
                         "subject": subject, "body": body})
if not mailmerge:
    sys.exit(0)
with open(f"{root}/mailmerge.csv", "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0]))
    w.writeheader()
    w.writerows(rows)
with open(f"{root}/mailmerge_template.txt", "w") as f:
    f.write("TO: {{name}} <{{email}}>\nFROM: Letters for Belarus <letters@example.org>\n"
            "REPLY-TO: {{reply_to}}\nSUBJECT: {{subject}}\n\n{{body}}\n")
PY
}

if [ "${SKIP_UNTHROTTLED:-}" != 1 ]; then
say "writing $N letters"
workspace "$work/ws" "$N"
# The same letters again, for a second marathon run after mailmerge's (see below).
cp -a "$work/ws" "$work/ws2"
# 40,000 files were just written: let the disk finish with them before anything is timed (the
# first run measured a third slower without this).
sync

# --- unthrottled -------------------------------------------------------------------------
start_sink marathon
say "marathon send: $N letters, $CONNECTIONS connections, unthrottled"
timed marathon "$N" "marathon send ($CONNECTIONS connections)" \
    "$marathon" -C "$work/ws" --quiet send --yes --host 127.0.0.1 --port "$port" \
    --security plain --connections "$CONNECTIONS"

if [ -n "$mailmerge" ]; then
    start_sink mailmerge
    printf '[smtp_server]\nhost = 127.0.0.1\nport = %s\nratelimit = 0\n' "$port" \
        >"$work/ws/mailmerge_server.conf"
    say "mailmerge 2.3.0: the same $N letters"
    (
        cd "$work/ws"
        # mailmerge prints every message; only its own output goes to /dev/null.
        timed mailmerge "$N" "mailmerge 2.3.0" sh -c 'exec "$@" >/dev/null' sh "$mailmerge" \
            --no-dry-run --no-limit --output-format text --template mailmerge_template.txt \
            --database mailmerge.csv --config mailmerge_server.conf
    )
    # marathon runs for seconds, mailmerge for half a minute, and this machine's speed drifts
    # by a third over minutes: marathon is measured once before and once after mailmerge,
    # and the ratio is taken to the mean of the two.
    start_sink marathon2
    say "marathon send again, after mailmerge: the same $N letters"
    timed marathon2 "$N" "marathon send ($CONNECTIONS connections, after mailmerge)" \
        "$marathon" -C "$work/ws2" --quiet send --yes --host 127.0.0.1 --port "$port" \
        --security plain --connections "$CONNECTIONS"
    python3 - "$(cat "$work/marathon.rate")" "$(cat "$work/marathon2.rate")" \
        "$(cat "$work/mailmerge.rate")" <<'PY'
import sys
before, after, mailmerge = map(float, sys.argv[1:])
print(f"marathon / mailmerge: {(before + after) / 2 / mailmerge:.1f}x messages/s "
      f"(before: {before / mailmerge:.1f}x, after: {after / mailmerge:.1f}x)")
PY
fi
fi

# --- throttled ---------------------------------------------------------------------------
if [ "${SKIP_THROTTLED:-}" != 1 ]; then
    count=$((RATE * SECONDS_THROTTLED + BURST))
    workspace "$work/slow" "$count"
    start_sink throttled
    say "marathon send: $count letters at $RATE per second, burst $BURST (about ${SECONDS_THROTTLED} s)"
    "$marathon" -C "$work/slow" --quiet send --yes --host 127.0.0.1 --port "$port" \
        --security plain --connections 4 --rate "$RATE per second" --burst "$BURST"
    find "$sink_root/throttled" -mindepth 2 -type f -printf '%T@\n' | sort -n >"$work/times"
    python3 - "$work/times" "$RATE" "$BURST" <<'PY'
import sys
times = [float(line) for line in open(sys.argv[1])]
rate, burst = float(sys.argv[2]), int(sys.argv[3])
n = len(times)
steady = (n - burst) / (times[-1] - times[burst - 1])
print(f"throttled: {n} messages over {times[-1] - times[0]:.1f} s; configured {rate:g}/s, "
      f"burst {burst}")
print(f"  rate after the initial burst: {steady:.3f}/s ({(steady / rate - 1) * 100:+.2f}%)")
# Largest count in any one-second window, and the worst excess over BURST + RATE x t.
worst_window, worst_excess, j = 0, float("-inf"), 0
for i in range(n):
    while times[i] - times[j] > 1.0:
        j += 1
    worst_window = max(worst_window, i - j + 1)
for i in range(n):
    for k in range(i, min(n, i + 4 * burst + 4 * int(rate))):
        excess = (k - i + 1) - (burst + rate * (times[k] - times[i]))
        worst_excess = max(worst_excess, excess)
print(f"  most messages in any 1-second window: {worst_window} (limit allows {burst} + {rate:g})")
print(f"  worst excess over burst + rate x t: {worst_excess:.2f} messages "
      f"({'within' if worst_excess <= 0.5 else 'OVER'} the limit)")
PY
fi

# --- sizes -------------------------------------------------------------------------------
# measure OUT CMD...: runs CMD with its output discarded; writes "wall-seconds peak-KB load"
# to OUT (load: the 1-minute load average before the run).
measure() {
    local out="$1" load
    shift
    load="$(cut -d' ' -f1 /proc/loadavg)"
    /usr/bin/time -f '%e %M' -o "$out.t" "$@" >/dev/null
    printf '%s %s\n' "$(tail -n1 "$out.t")" "$load" >"$out"
}

# drop_sink NAME: stops the sink NAME and removes what it stored (a million files in memory).
drop_sink() {
    smtp_sink_stop "$sink_root/$1"
    rm -rf "${sink_root:?}/$1"
}

# sizes LABEL COUNT: the measurements of section 3 for COUNT letters, into $work/LABEL.*.
sizes() {
    local label="$1" count="$2" ws="$work/size-$1"
    say "sizes: writing $count letters"
    workspace "$ws" "$count" nomailmerge
    sync
    say "sizes: plan of $count letters (fresh ledger)"
    measure "$work/$label.plan" "$marathon" -C "$ws" --quiet send --host 127.0.0.1 --security plain
    start_sink "$label-limit"
    say "sizes: send --yes --limit 10000 of $count letters"
    measure "$work/$label.limit" "$marathon" -C "$ws" --quiet send --yes --limit 10000 \
        --host 127.0.0.1 --port "$port" --security plain --connections "$CONNECTIONS"
    drop_sink "$label-limit"
    # A fresh ledger again: the full run sends every letter.
    rm -rf "$ws/ledger.sqlite" "$ws/ledger.sqlite-wal" "$ws/ledger.sqlite-shm" "$ws/.marathon"
    sync
    start_sink "$label"
    say "sizes: send --yes of $count letters, $CONNECTIONS connections"
    measure "$work/$label.send" "$marathon" -C "$ws" --quiet send --yes \
        --host 127.0.0.1 --port "$port" --security plain --connections "$CONNECTIONS"
    smtp_sink_count "$sink_root/$label" >"$work/$label.stored"
    drop_sink "$label"
    say "sizes: plan of $count letters, all delivered"
    measure "$work/$label.replan" "$marathon" -C "$ws" --quiet send --host 127.0.0.1 --security plain
    # The workspace stays until the end: removing a million files takes minutes.
}

if [ -n "${LARGE:-}" ]; then
    sizes small "$N"
    sizes large "$LARGE"
    python3 - "$work" "$N" "$LARGE" <<'PY'
import sys
work, small, large = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def read(label, what):
    wall, kb, load = open(f"{work}/{label}.{what}").read().split()
    return float(wall), int(kb) / 1024, load
def row(name, cell):
    print(f"  {name:<30}{cell('small', small):>48}{cell('large', large):>48}")
def plain(what):
    def cell(label, n):
        wall, mb, load = read(label, what)
        return f"{wall:.2f} s, {mb:.0f} MB (load {load})"
    return cell
def send(label, n):
    wall, mb, load = read(label, "send")
    stored = int(open(f"{work}/{label}.stored").read())
    return f"{n / wall:,.0f}/s, {mb:.0f} MB, {stored:,} stored (load {load})"
print(f"sizes: wall time, peak memory (max RSS) and the load average before each run")
print(f"  {'':<30}{f'{small:,} letters':>48}{f'{large:,} letters':>48}")
row("plan, fresh ledger", plain("plan"))
row("send --yes --limit 10000", plain("limit"))
row("send --yes", send)
row("plan, every letter delivered", plain("replan"))
rate_small = small / read("small", "send")[0]
rate_large = large / read("large", "send")[0]
print(f"  rate at {large:,} / rate at {small:,}: {rate_large / rate_small:.3f}")
PY
fi
