#!/usr/bin/env bash
# Before/after figures for a change, in one run on the same files (the
# machine is noisy; ratios measured side by side are what count):
#   inflate      - unzip -p APK 'classes*.dex' >/dev/null: the floor;
#   old, new     - apkscan built at BASE (default: the parent of the
#                  first commit of this session's work, see the README)
#                  and at the working tree: default scan (taint on) and
#                  --no-taint, JSON to /dev/null;
#   fixed cost   - the smallest corpus app against `apkscan --version`;
#   peak RSS     - /usr/bin/time on the 16-DEX Appium server.
# Each command runs RUNS times (default 3); the best wall time is kept.
#
# usage: scripts/bench-compare.sh BASE [APK...]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
base=${1:?usage: scripts/bench-compare.sh BASE-REVISION [APK...]}
shift
if (($# == 0)); then
  set -- ../shared/corpus/large/*.apk ../shared/corpus/realworld/*.apk
fi
work=$(mktemp -d)
trap 'git worktree remove --force "$work/old" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add -q --detach "$work/old" "$base"
(cd "$work/old" && go build -o "$work/apkscan-old" ./cmd/apkscan)
go build -o "$work/apkscan-new" ./cmd/apkscan

now() { date +%s.%N; }
best() {
  local b=999999 s e d
  for ((i = 0; i < RUNS; i++)); do
    s=$(now); "$@" >/dev/null 2>&1 || true; e=$(now)
    d=$(echo "$e - $s" | bc -l)
    if (($(echo "$d < $b" | bc -l))); then b=$d; fi
  done
  printf '%.3f' "$b"
}
rss() { /usr/bin/time -f %M -o "$work/rss" "$@" >/dev/null 2>&1 || true; echo "scale=1; $(cat "$work/rss") / 1024" | bc -l; }
inflate() { unzip -p "$1" 'classes*.dex' >/dev/null; }

printf '%-44s %8s %8s %8s %8s %8s\n' apk inflate old new old_nt new_nt
ti=0; to=0; tn=0; ton=0; tnn=0
smallest=""; smallest_size=0
for apk in "$@"; do
  i=$(best inflate "$apk")
  o=$(best "$work/apkscan-old" --format json "$apk"); n=$(best "$work/apkscan-new" --format json "$apk")
  on=$(best "$work/apkscan-old" --no-taint --format json "$apk"); nn=$(best "$work/apkscan-new" --no-taint --format json "$apk")
  printf '%-44s %8s %8s %8s %8s %8s\n' "$(basename "$apk" | cut -c1-44)" "$i" "$o" "$n" "$on" "$nn"
  ti=$(echo "$ti + $i" | bc -l); to=$(echo "$to + $o" | bc -l); tn=$(echo "$tn + $n" | bc -l)
  ton=$(echo "$ton + $on" | bc -l); tnn=$(echo "$tnn + $nn" | bc -l)
  sz=$(stat -c %s "$apk")
  if [[ -z $smallest || $sz -lt $smallest_size ]]; then smallest=$apk; smallest_size=$sz; fi
done
r() { printf '%.2f' "$(echo "$1 / $2" | bc -l)"; }
echo "sum: inflate ${ti}s; default old ${to}s new ${tn}s; --no-taint old ${ton}s new ${tnn}s"
echo "default  / inflate: old $(r "$to" "$ti")x, new $(r "$tn" "$ti")x"
echo "no-taint / inflate: old $(r "$ton" "$ti")x, new $(r "$tnn" "$ti")x"
echo "default  / no-taint: old $(r "$to" "$ton")x, new $(r "$tn" "$tnn")x"
vo=$(best "$work/apkscan-old" --version); vn=$(best "$work/apkscan-new" --version)
so=$(best "$work/apkscan-old" --format json "$smallest"); sn=$(best "$work/apkscan-new" --format json "$smallest")
echo "fixed cost ($(basename "$smallest"), $smallest_size bytes): old $(r "$so" "$vo")x --version, new $(r "$sn" "$vn")x --version (${so}s/${vo}s, ${sn}s/${vn}s)"
big=../shared/corpus/large/appium-uiautomator2-server-v10.6.6.apk
if [[ -f $big ]]; then
  dexb=$(unzip -Zl "$big" 2>/dev/null | awk '$NF ~ /^classes[0-9]*\.dex$/ {s += $4} END {print s+0}')
  ro=$(rss "$work/apkscan-old" --format json "$big"); rn=$(rss "$work/apkscan-new" --format json "$big")
  echo "peak RSS appium (taint on): old ${ro} MiB ($(r "$ro*1048576" "$dexb")x DEX), new ${rn} MiB ($(r "$rn*1048576" "$dexb")x DEX)"
fi
