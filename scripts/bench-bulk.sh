#!/usr/bin/env bash
# Bulk-scan throughput and memory: `apkscan bulk` over a set of APKs
# (default: ../shared/corpus/realworld and ../shared/corpus/large) into a
# fresh SQLite file, with 1 and with 2 workers (WORKERS="1 2" to change),
# each RUNS times (default 3), keeping the best. Reports:
#   apps/s    - inputs per second of the scan loop (as bulk prints it:
#               walking and loading the signature database excluded)
#   wall_s    - the whole command, from /usr/bin/time
#   rssMB     - peak RSS of the whole command
#   speedup   - apps/s relative to the first WORKERS value
# and the peak RSS of a plain `apkscan --format json` of the largest input,
# so that rss(N workers) can be compared with N x the largest single scan.
# Run it on a quiet machine: other processes skew the ratios.
#
# usage: scripts/bench-bulk.sh [PATH...]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
WORKERS=${WORKERS:-"1 2"}
command -v /usr/bin/time >/dev/null || { echo "bench-bulk: /usr/bin/time is required (apt-get install time)" >&2; exit 2; }
if (($# == 0)); then
  set -- ../shared/corpus/realworld ../shared/corpus/large
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=$work/apkscan
go build -o "$bin" ./cmd/apkscan

largest=$(find "$@" -type f \( -name '*.apk' -o -name '*.apks' -o -name '*.xapk' -o -name '*.apkm' \) -printf '%s %p\n' | sort -n | tail -n1 | cut -d' ' -f2-)
/usr/bin/time -f %M -o "$work/rss" "$bin" --format json "$largest" >/dev/null 2>&1 || true
single=$(echo "scale=1; $(cat "$work/rss") / 1024" | bc -l)
echo "inputs: $*"
echo "largest input: $largest; peak RSS of one scan: ${single} MB"
printf '%-8s %8s %8s %8s %8s %12s\n' workers apps/s wall_s rssMB speedup rss/single
base=""
for w in $WORKERS; do
  best=0; bwall=0; brss=0
  for ((i = 0; i < RUNS; i++)); do
    rm -f "$work"/r.sqlite*
    /usr/bin/time -f '%e %M' -o "$work/time" "$bin" bulk "$@" --db "$work/r.sqlite" --workers "$w" 2>"$work/err" >/dev/null || { cat "$work/err" >&2; exit 1; }
    rate=$(grep -o '([0-9.]* apps/s)' "$work/err" | tail -n1 | tr -d '(' | cut -d' ' -f1)
    read -r wall rss <"$work/time"
    if (($(echo "$rate > $best" | bc -l))); then best=$rate; bwall=$wall; fi
    if ((rss > brss)); then brss=$rss; fi
  done
  [ -n "$base" ] || base=$best
  printf '%-8s %8s %8s %8.1f %8.2f %12.2f\n' "$w" "$best" "$bwall" "$(echo "$brss / 1024" | bc -l)" \
    "$(echo "$best / $base" | bc -l)" "$(echo "$brss / 1024 / $single" | bc -l)"
done
