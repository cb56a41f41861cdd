#!/usr/bin/env bash
# Times `marathon assign` on a synthetic marathon and prints the figures.
#
#   bench/assign.sh [VOLUNTEERS] [PRISONERS] [K]      (defaults: 100000 3000 3)
#
# Builds the release binary, writes a temporary workspace (fictional people; a mix of
# languages so that some letters are bilingual), runs `assign` once to warm the file cache and
# three times measured, and prints the best wall time and letters per second.
set -euo pipefail

volunteers="${1:-100000}"
prisoners="${2:-3000}"
k="${3:-3}"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib/workspace.sh
source "$root/bench/lib/workspace.sh"
bench_workspace
mkdir -p "$ws/templates/prepared/en"
for lang in ru be; do
    printf 'Здравствуйте!\n' >"$ws/templates/prepared/solidarity-$lang.txt.hbs"
    printf 'Hello!\n' >"$ws/templates/prepared/en/solidarity-$lang.txt.hbs"
done
awk -v n="$prisoners" 'BEGIN {
    print "id,name,name_native,patronymic,gender,birth_date,institution,street,postcode,town,country,languages,detained,case,status"
    for (i = 0; i < n; i++) {
        status = (i % 50 == 7) ? "released" : "detained"
        langs = (i % 3 == 0) ? "be ru" : "ru"
        printf "p%d,Prisoner %d,Прыкладны Алесь,,m,19%02d-0%d-1%d,ИК №4,ул. Ефремова 1,246035,г. Гомель,BY,%s,2021-07-14,case-1,%s\n", i, i, 50 + i % 40, 1 + i % 9, i % 10, langs, status
    }
}' >"$ws/recipients/prisoners.csv"
bench_volunteers "$volunteers"

"$bin" -C "$ws" assign -k "$k" --dry-run --quiet || true
best=""
for _ in 1 2 3; do
    start=$(date +%s.%N)
    "$bin" -C "$ws" assign -k "$k" --seed 1 --replace --quiet || true
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
done
letters=$((volunteers * k))
printf 'assign: %s volunteers x %s over %s prisoners: best of 3 %.3f s (%.0f letters/s)\n' \
    "$volunteers" "$k" "$prisoners" "$best" "$(echo "$letters / $best" | bc -l)"
