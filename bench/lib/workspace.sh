#!/usr/bin/env bash
# A synthetic marathon for the benchmarks: the release binary, a temporary workspace and
# fictional volunteers. Source this file from a benchmark script after setting `root` (the
# repository).
#
#   bench_workspace        build the release binary (sets `bin`), cd to `root`, make a fresh
#                          temporary workspace `ws` (removed on exit) with `recipients/` and a
#                          `campaign.toml` for campaign `bench`, 4-18 August 2026, sent from
#                          example.org and without cases (append them with `cat >>`)
#   bench_report_workspace WORK
#                          for the ledger benchmarks: the binary in `BIN` ($MARATHON when
#                          set, to compare two builds; else the release build), the report
#                          generator compiled to $WORK/gen_report, and a workspace `WS`
#                          ($WORK/ws) for campaign `bench` with twelve cases `case-00`...
#   bench_volunteers N     write N volunteers in Kraków, with a mix of languages and no group,
#                          to $ws/recipients/volunteers.csv
# Sourcing sets no shell options: the caller keeps its own.

bench_workspace() {
    cd "$root"
    cargo build --release --quiet
    bin="$root/target/release/marathon"

    ws="$(mktemp -d)"
    trap 'rm -rf "$ws"' EXIT
    mkdir -p "$ws/recipients"
    cat >"$ws/campaign.toml" <<'EOF'
id = "bench"
name = "Benchmark marathon"
starts = 2026-08-04
ends = 2026-08-18
[sender]
name = "Example group"
email = "letters@example.org"
EOF
}

bench_volunteers() {
    awk -v n="$1" 'BEGIN {
    split("ru|pl en|de|be ru|en|pl", langs, "|")
    print "id,name,email,city,country,languages,group"
    for (i = 0; i < n; i++) printf "v%d,Volunteer %d,v%d@example.org,Kraków,PL,%s,\n", i, i, i, langs[i % 6 + 1]
}' >"$ws/recipients/volunteers.csv"
}

bench_report_workspace() {
    local work="$1"
    if [ -n "${MARATHON:-}" ]; then
        BIN="$MARATHON"
    else
        cargo build --release --quiet --manifest-path "$root/Cargo.toml"
        BIN="$root/target/release/marathon"
    fi
    rustc -O -o "$work/gen_report" "$root/bench/gen_report.rs"
    WS="$work/ws"
    mkdir -p "$WS/recipients"
    {
        printf 'id = "bench"\nname = "Benchmark marathon"\nstarts = 2026-08-04\nends = 2026-08-18\n'
        printf 'report_deadline = 2026-09-15\n[sender]\nname = "Bench"\nemail = "letters@example.org"\n'
        for i in $(seq -w 0 11); do printf '[[cases]]\nid = "case-%s"\ntitle = "Case %s"\n' "$i" "$i"; done
    } > "$WS/campaign.toml"
}
