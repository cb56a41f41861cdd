#!/usr/bin/env bash
# Times assign, generate and pack on a synthetic marathon built on the sample campaign's
# templates, and prints the figures.
#
#   bench/pack.sh [VOLUNTEERS] [PRISONERS] [K]      (defaults: 1000 300 3)
#
# Fictional people; a mix of volunteer languages so that about half the letters are bilingual.
# Each step runs once after a warm-up run of the whole pipeline.
set -euo pipefail

volunteers="${1:-1000}"
prisoners="${2:-300}"
k="${3:-3}"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib/workspace.sh
source "$root/bench/lib/workspace.sh"
bench_workspace
cat >>"$ws/campaign.toml" <<'EOF'
[[cases]]
id = "defenders"
title = "Defenders"
EOF
cp -r "$root/templates" "$ws/"
awk -v n="$prisoners" 'BEGIN {
    print "id,name,name_native,patronymic,gender,birth_date,institution,street,postcode,town,country,languages,detained,case,status"
    for (i = 0; i < n; i++) {
        g = (i % 2) ? "f" : "m"
        printf "p%d,Prisoner %d,Прыкладны Алесь,,%s,1970-01-15,ИК №4,ул. Ефремова 1,246035,г. Гомель,BY,ru be,2021-07-14,defenders,detained\n", i, i, g
    }
}' >"$ws/recipients/prisoners.csv"
bench_volunteers "$volunteers"

step() {
    local start end
    start=$(date +%s.%N)
    "$bin" -C "$ws" "$@" --quiet >/dev/null 2>&1 || true
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l
}

step assign -k "$k" --seed 1 --replace >/dev/null
step generate >/dev/null
step pack >/dev/null
a=$(step assign -k "$k" --seed 1 --replace)
g=$(step generate)
p=$(step pack)
letters=$((volunteers * k))
packs=$(find "$ws/letters/packs" -name '*.html' | wc -l)
bytes=$(du -sb "$ws/letters/packs" | cut -f1)
printf 'pipeline: %s volunteers x %s over %s prisoners (%s letters)\n' "$volunteers" "$k" "$prisoners" "$letters"
printf '  assign   %.3f s\n  generate %.3f s\n  pack     %.3f s (%s packs, %s bytes)\n' "$a" "$g" "$p" "$packs" "$bytes"
