#!/bin/sh
# SPDX-License-Identifier: MIT
# 71-calibrate.sh ENTENTE DATA — `entente calibrate` on DEU III and `forecast --calibration`
# with the file it writes (issue 17, item 4). Checks: the calibration is fitted on the 294
# common issues on the scale 0..100; forecasting the same table with it succeeds, prints the
# ensemble on all 364 issues, and the ensemble's 80 % half-width in the file equals the one in the report; a
# bdm run with another variant is refused (exit 3). Prints the wall times.
bin=$1
data=$2
fail=0
check() { # label expected actual
    if [ "$2" = "$3" ]; then echo "ok    $1: $3"
    else echo "FAIL  $1: expected $2, got $3"; fail=1; fi
}
deu=$data/deu3/deu3.tsv
if [ ! -f "$deu" ]; then echo "skip  DEU III: $deu not found"; exit 0; fi
cal=$(mktemp)
trap 'rm -f "$cal"' EXIT
t0=$(date +%s.%N)
"$bin" calibrate "$deu" --skip-line 2 --capability equal -o "$cal" >/dev/null 2>&1
check "calibrate exit status" 0 "$?"
t1=$(date +%s.%N)
check "common issues, scale" "294 [0, 100]" \
    "$(awk '$1 == "issues:" {n = $2} $1 == "scale:" {s = $2 " " $3} END {print n, s}' "$cal")"
out=$("$bin" forecast "$deu" --skip-line 2 --calibration "$cal" 2>/dev/null)
check "forecast --calibration exit status" 0 "$?"
t2=$(date +%s.%N)
check "ensemble rows (every issue of the table has one)" 364 "$(echo "$out" | awk '$2 ~ /^ensemble/ && $3 != "-"' | wc -l | tr -d ' ')"
hw=$(awk '/^  ensemble:/ {on = 1} on && $1 == "half_width:" {gsub(/[\[,]/, "", $2); printf "%.1f", $2; exit}' "$cal")
check "ensemble 80 % half-width (file) is the report's" "$hw" \
    "$("$bin" validate "$deu" --skip-line 2 --capability equal --cv 10 --repeats 5 --seed 1 2>/dev/null |
       awk '/^conformal intervals/ {on = 1} on && $1 == "ensemble" {sub(/^\+-|^±/, "", $5); print $5; exit}')"
"$bin" forecast "$deu" --skip-line 2 --model bdm --variant printed --calibration "$cal" >/dev/null 2>&1
check "bdm --variant printed against a scholz2011 calibration" 3 "$?"
awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN { printf "      wall time: calibrate %.2f s; forecast --calibration %.2f s (figures only)\n", b - a, c - b }'
echo "$out" | awk '/^calibrated intervals/,0' | sed -n '1,6p;/^ensemble weights/p;/^\*/p' | sed 's/^/      /'
exit $fail
