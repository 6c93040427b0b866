#!/usr/bin/env bash
# Speed and memory of `apkscan` as ratios against baselines measured in the
# same run, on the same files (the machine is noisy; ratios are what count):
#   inflate  - `unzip -p APK 'classes*.dex' >/dev/null`: just inflating the
#              DEX entries, the physical floor of any DEX analysis;
#   dexdump  - the Exodus method's first step alone: extract the DEX files
#              and list their classes with `dexdump`;
#   exodus   - the whole Exodus method: that listing, then every tracker's
#              code-signature regex searched in every class name, in Python
#              (scripts/exodus_method.py over ../shared/corpus/sigdb);
#   apkscan  - a full scan (manifest, signers, DEX index with call sites,
#              SDK detection over all channels, endpoints, taint analysis),
#              JSON to /dev/null;
#   no-taint - the same scan with --no-taint; x_taint = apkscan / no-taint.
# Each command runs RUNS times (default 3); the best wall time is kept.
# Peak RSS comes from /usr/bin/time. Needs: go, unzip, dexdump, /usr/bin/time.
#
# usage: scripts/bench.sh [APK...]
#   default: ../shared/corpus/large/appium-uiautomator2-server-v10.6.6.apk
#            and every APK in ../shared/corpus/realworld
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
for t in unzip dexdump /usr/bin/time; do
  command -v "$t" >/dev/null || { echo "bench: $t is required (apt-get install unzip dexdump time)" >&2; exit 2; }
done
if (($# == 0)); then
  set -- ../shared/corpus/large/appium-uiautomator2-server-v10.6.6.apk ../shared/corpus/realworld/*.apk
fi
bin=$(mktemp -d)/apkscan
go build -o "$bin" ./cmd/apkscan
work=$(mktemp -d)
trap 'rm -rf "$work" "$(dirname "$bin")"' EXIT

now() { date +%s.%N; }
# best TIME of RUNS runs of "$@" (stdout discarded)
best() {
  local b=999999 s e d
  for ((i = 0; i < RUNS; i++)); do
    s=$(now); "$@" >/dev/null 2>&1 || true; e=$(now)
    d=$(echo "$e - $s" | bc -l)
    if (($(echo "$d < $b" | bc -l))); then b=$d; fi
  done
  printf '%.3f' "$b"
}
rss() { # peak RSS in MiB of "$@"
  /usr/bin/time -f %M -o "$work/rss" "$@" >/dev/null 2>&1 || true
  echo "scale=1; $(cat "$work/rss") / 1024" | bc -l
}
inflate() { unzip -p "$1" 'classes*.dex' >/dev/null; }
dexdump_list() {
  rm -rf "$work/x"; mkdir -p "$work/x"
  unzip -qq -o "$1" 'classes*.dex' -d "$work/x"
  for f in "$work"/x/classes*.dex; do dexdump "$f" | grep -F 'Class descriptor'; done
}
exodus_method() {
  rm -rf "$work/x"; mkdir -p "$work/x"
  unzip -qq -o "$1" 'classes*.dex' -d "$work/x"
  for f in "$work"/x/classes*.dex; do dexdump "$f"; done | python3 scripts/exodus_method.py "$sigdb"
}
scan() { "$bin" --format json "$1"; }
scan_nt() { "$bin" --no-taint --format json "$1"; }
sigdb=../shared/corpus/sigdb/exodus_trackers.json

printf '%-44s %4s %6s %9s %9s %8s %9s %9s %9s %8s %6s %7s %10s %7s %9s\n' apk dex dexMB inflate_s dexdump_s exodus_s apkscan_s x_inflate x_dexdump x_exodus rssMB rss/dex no-taint_s x_taint rssMB_nt
tot_i=0; tot_d=0; tot_e=0; tot_a=0; tot_n=0; max_xt=0; max_app=-
for apk in "$@"; do
  [[ -f $apk ]] || { echo "bench: $apk: no such file (is ../shared beside the checkout?)" >&2; exit 2; }
  n=$(unzip -Z1 "$apk" 2>/dev/null | grep -c '^classes[0-9]*\.dex$' || true)
  bytes=$(unzip -Zl "$apk" 2>/dev/null | awk '$NF ~ /^classes[0-9]*\.dex$/ {s += $4} END {print s+0}')
  mb=$(echo "scale=2; $bytes / 1048576" | bc -l)
  ti=$(best inflate "$apk"); td=$(best dexdump_list "$apk"); te=$(best exodus_method "$apk"); ta=$(best scan "$apk")
  r=$(rss "$bin" --format json "$apk")
  tn=$(best scan_nt "$apk"); rn=$(rss "$bin" --no-taint --format json "$apk"); xt=$(echo "scale=2; $ta / $tn" | bc -l)
  xi=$(echo "scale=2; $ta / $ti" | bc -l); xd=$(echo "scale=2; $ta / $td" | bc -l); xe=$(echo "scale=3; $ta / $te" | bc -l)
  rd=$(if ((bytes > 0)); then echo "scale=2; $r * 1048576 / $bytes" | bc -l; else echo -; fi)
  printf '%-44s %4s %6s %9s %9s %8s %9s %9s %9s %8s %6s %7s %10s %7s %9s\n' "$(basename "$apk" | cut -c1-44)" "$n" "$mb" "$ti" "$td" "$te" "$ta" "$xi" "$xd" "$xe" "$r" "$rd" "$tn" "$xt" "$rn"
  tot_i=$(echo "$tot_i + $ti" | bc -l); tot_d=$(echo "$tot_d + $td" | bc -l); tot_e=$(echo "$tot_e + $te" | bc -l); tot_a=$(echo "$tot_a + $ta" | bc -l)
  tot_n=$(echo "$tot_n + $tn" | bc -l)
  if (($(echo "$xt > $max_xt" | bc -l))); then max_xt=$xt; max_app=$(basename "$apk"); fi
done
printf 'total: inflate %.2fs, dexdump %.2fs, exodus %.2fs, apkscan %.2fs -> apkscan = %.2fx inflate, %.2fx dexdump, %.3fx exodus\n' \
  "$tot_i" "$tot_d" "$tot_e" "$tot_a" "$(echo "$tot_a / $tot_i" | bc -l)" "$(echo "$tot_a / $tot_d" | bc -l)" "$(echo "$tot_a / $tot_e" | bc -l)"
# The cost of the taint analysis (issue 10's targets: the default scan at
# most 1.5x --no-taint summed over the inputs, no app above 3x).
printf 'taint: apkscan / no-taint summed = %.2fx (target <= 1.5), worst app %.2fx %s (target <= 3)\n' \
  "$(echo "$tot_a / $tot_n" | bc -l)" "$max_xt" "$max_app"
