#!/usr/bin/env bash
# Generation benchmark. Prints letters per second for marathon and for mailmerge 2.3.0
# rendering the same ~1 KB letter for the same 10,000 rows, then the time, peak memory and
# CPU time of generating a large number of letters to disk and to /dev/shm, each beside the
# file system's own floor (the same number of 1 KB files created by 2 threads and nothing
# else), so the figures show how much of the time is the file system's.
#
# usage: bench/generate.sh [LARGE]
#   LARGE  letters in the large run (default 1000000; 0 skips it)
#
# Everything it makes lives under target/bench/ (the mailmerge virtualenv is kept between
# runs). Run it on an otherwise idle machine, not within minutes of deleting many files on the
# same disk (see $TRASH below): the figures are wall-clock times.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/target/bench
LARGE=${1:-1000000}
mkdir -p "$OUT"

echo "building marathon (release)..."
cargo build --release --quiet
BIN=$ROOT/target/release/marathon
FLOOR=$OUT/fs-floor
rustc -O --edition 2024 -o "$FLOOR" bench/fs-floor.rs

# Files are never deleted before a timed run, only moved aside into $TRASH and deleted at
# the end: after many deletions some file systems create files far more slowly for minutes
# (ext4 without a journal skips inodes freed in the last 60 s, 360 s while their inode table
# block is unwritten, scanning them on every create; mounted with `discard` it also trims the
# freed blocks later). Before a timed run, `sync` writes out what earlier steps left dirty.
TRASH=$OUT/trash
rm -rf "$TRASH"
mkdir -p "$TRASH"
aside() { if [ -e "$1" ]; then mv "$1" "$(mktemp -d "$TRASH/XXXXXX")/"; fi; }

now() { date +%s.%N; }
# seconds between two `now` stamps
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$1" "$2"; }
# N / SECONDS, grouped
per_sec() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):,.0f}')" "$1" "$2"; }
ratio() { python3 -c "import sys; print(f'{float(sys.argv[2]) / float(sys.argv[1]):.0f}')" "$1" "$2"; }
# the best of three wall-clock timings of a command; $BEFORE (if set) runs untimed before each
best_of_3() {
    local best="" t0 t1 s
    for _ in 1 2 3; do
        if [ -n "${BEFORE:-}" ]; then eval "$BEFORE"; fi
        t0=$(now)
        "$@" >/dev/null
        t1=$(now)
        s=$(since "$t0" "$t1")
        if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < float(sys.argv[2]) else 1)" "$s" "$best"; then
            best=$s
        fi
    done
    echo "$best"
}

echo "== the same ~1 KB letter for 10,000 rows (100 volunteers x 100 prisoners)"
rm -rf "$OUT/ws10k" "$OUT/mm10k"
python3 bench/synth.py "$OUT/ws10k" 100 100 "$OUT/mm10k"
N=10000

if [ ! -x "$OUT/venv/bin/mailmerge" ]; then
    echo "installing mailmerge 2.3.0 into $OUT/venv..."
    python3 -m venv "$OUT/venv"
    "$OUT/venv/bin/pip" install --quiet mailmerge==2.3.0
fi
cat >"$OUT/mm10k/server.conf" <<'EOF'
[smtp_server]
host = 127.0.0.1
port = 25
security = Never
username = bench
ratelimit = 0
EOF
mm() {
    (cd "$OUT/mm10k" && "$OUT/venv/bin/mailmerge" --dry-run --no-limit --output-format raw \
        --template template.txt --database database.csv --config server.conf)
}
t0=$(now)
mm >"$OUT/mm10k/out.txt"
t1=$(now)
mm_s=$(since "$t0" "$t1")
grep -c '^>>> message .* sent' "$OUT/mm10k/out.txt" | sed 's/^/mailmerge messages rendered: /'

check_s=$(best_of_3 "$BIN" -C "$OUT/ws10k" check --quiet)
gen_s=$(BEFORE='aside "$OUT/ws10k/letters"; sync' best_of_3 "$BIN" -C "$OUT/ws10k" generate --quiet)
test "$(wc -l <"$OUT/ws10k/letters/manifest.jsonl")" -eq "$N"
# Replacing a previous letters/ also deletes its files, which some file systems make slow
# (ext4 mounted with `discard` trims on every unlink).
replace_s=$(best_of_3 "$BIN" -C "$OUT/ws10k" generate --quiet)

mm_rate=$(per_sec "$N" "$mm_s")
printf '%-44s %8s s %12s letters/s\n' "mailmerge 2.3.0 --dry-run (to /dev/null)" "$mm_s" "$mm_rate"
printf '%-44s %8s s %12s letters/s  %4sx mailmerge\n' "marathon check (render in memory)" \
    "$check_s" "$(per_sec "$N" "$check_s")" "$(ratio "$check_s" "$mm_s")"
printf '%-44s %8s s %12s letters/s  %4sx mailmerge\n' "marathon generate (new letters/)" \
    "$gen_s" "$(per_sec "$N" "$gen_s")" "$(ratio "$gen_s" "$mm_s")"
printf '%-44s %8s s %12s letters/s  %4sx mailmerge\n' "marathon generate (replacing letters/)" \
    "$replace_s" "$(per_sec "$N" "$replace_s")" "$(ratio "$replace_s" "$mm_s")"

# LABEL N CMD...: runs CMD under /usr/bin/time -v, prints its wall time, N/s, peak memory and
# CPU time per letter (user + kernel)
timed() {
    local label=$1 n=$2 wall rss secs user sys
    shift 2
    /usr/bin/time -v "$@" 2>"$OUT/time.txt" >/dev/null
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$OUT/time.txt")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$OUT/time.txt")
    user=$(sed -n 's/.*User time (seconds): //p' "$OUT/time.txt")
    sys=$(sed -n 's/.*System time (seconds): //p' "$OUT/time.txt")
    secs=$(python3 -c "import sys; p=sys.argv[1].split(':'); print(f'{sum(float(x) * 60 ** i for i, x in enumerate(reversed(p))):.2f}')" "$wall")
    printf '%-44s %8s s %12s letters/s  peak %s MB  cpu %s+%s us/letter\n' "$label" "$secs" \
        "$(per_sec "$n" "$secs")" "$(( rss / 1024 ))" \
        "$(python3 -c "import sys; print(f'{float(sys.argv[1]) * 1e6 / float(sys.argv[2]):.1f}')" "$user" "$n")" \
        "$(python3 -c "import sys; print(f'{float(sys.argv[1]) * 1e6 / float(sys.argv[2]):.1f}')" "$sys" "$n")"
}

# LABEL N DIR: the file system alone: N files of 1 KB created in DIR by 2 threads, nothing
# else (bench/fs-floor.rs); prints the time and files/s
floor() {
    local label=$1 n=$2 dir=$3 secs
    rm -rf "$dir"
    secs=$("$FLOOR" "$dir" "$n" 2)
    printf '%-44s %8s s %12s files/s\n' "$label" "$secs" "$(per_sec "$n" "$secs")"
}

if [ "$LARGE" -gt 0 ]; then
    VOL=1000
    PRIS=$(( (LARGE + VOL - 1) / VOL ))
    TOTAL=$(( VOL * PRIS ))
    echo "== $TOTAL letters ($VOL volunteers x $PRIS prisoners)"
    rm -rf "$OUT/wsbig"
    python3 bench/synth.py "$OUT/wsbig" "$VOL" "$PRIS"
    timed "marathon check (render in memory)" "$TOTAL" "$BIN" -C "$OUT/wsbig" check --quiet
    sync
    timed "marathon generate (to disk)" "$TOTAL" "$BIN" -C "$OUT/wsbig" generate --quiet
    test "$(wc -l <"$OUT/wsbig/letters/manifest.jsonl")" -eq "$TOTAL"
    sync
    floor "file system alone (to disk, 2 threads)" "$TOTAL" "$OUT/wsbig/floor"
    # The same runs into memory (tmpfs), where the disk's write bandwidth does not count:
    # a million letters are a million files, about 4 GB of 4 KB blocks.
    SHM=/dev/shm/marathon-bench-letters
    free_kb=$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $4 }')
    if [ -n "$free_kb" ] && [ "$free_kb" -gt $(( TOTAL * 6 )) ]; then
        floor "file system alone (/dev/shm, 2 threads)" "$TOTAL" "$SHM"
        rm -rf "$SHM"
        timed "marathon generate --out /dev/shm (tmpfs)" "$TOTAL" \
            "$BIN" -C "$OUT/wsbig" generate --quiet --out "$SHM"
        rm -rf "$SHM"
    fi
    t0=$(now)
    rm -rf "$OUT/wsbig"
    t1=$(now)
    echo "(removing the $TOTAL letter files afterwards took $(since "$t0" "$t1") s)"
fi
rm -rf "$TRASH" "$OUT/ws10k/letters"
