#!/bin/sh
# SPDX-License-Identifier: MIT
# simulate_memory.sh [BUILD] — peak memory (maximum resident set, /usr/bin/time -f %M) of
# `entente simulate` below and above its exact limit (issue 13, "Speed and memory";
# docs/analyses.md §6), on the EC emission-standards case (examples/emission-standards.yaml,
# 10 actors) with the compromise model alone and every position sd 10: a cheap model, so
# that the draws' own memory shows. Runs, in one go:
#   10^5 draws (the baseline), 10^6 (exact: every draw's values kept), 4·10^6 (streamed:
#   blocks of 65536 draws folded and dropped, quantiles estimated) and 4·10^6 with
#   --exact-limit 4000000 (what keeping them would cost).
# Prints each run's peak RSS, CPU time (user, every thread), its growth over the baseline in
# bytes per draw, and the ratio to the baseline; then the bytes per draw that the exact path
# should hold, 8 × (columns + 2): a double per output and summary line, the drop-set label
# pointer, and the sorted copy of one column while its quantiles are taken. CPU times are
# for orientation only; memory does not depend on the load.
b=${1:-build}
f=examples/emission-standards.yaml
opts="--models compromise --uncertainty position.sd=10 --quiet --threads 2"
[ -x "$b/entente" ] || { echo "simulate_memory: $b/entente not built (make all)"; exit 1; }
[ -x /usr/bin/time ] || { echo "simulate_memory: /usr/bin/time not found"; exit 1; }
# columns held per draw: outputs (JSON "kind") and summary lines (JSON "line")
# shellcheck disable=SC2086
json=$("$b/entente" simulate $f $opts --draws 2 --json) || exit 1
nout=$(printf '%s\n' "$json" | grep -c '"kind"')
nlines=$(printf '%s\n' "$json" | grep -c '"line"')
cols=$((nout + nlines))
echo "simulate memory: $f, compromise, $nout outputs + $nlines summary lines = $cols columns"
printf '%-30s %10s %8s %16s %7s\n' run "peak KiB" "CPU s" "B/draw over base" ratio
base=
for run in "100000" "1000000" "4000000" "4000000 --exact-limit 4000000"; do
    set -- $run
    n=$1; shift
    # shellcheck disable=SC2086
    r=$( { /usr/bin/time -f "%M %U" "$b/entente" simulate $f $opts --draws "$n" "$@" > /dev/null; } 2>&1 | tail -1)
    kb=${r% *}; cpu=${r#* }
    [ -z "$base" ] && { base=$kb; bn=$n; }
    awk -v run="$n $*" -v kb="$kb" -v cpu="$cpu" -v base="$base" -v bn="$bn" -v n="$n" -v cols="$cols" 'BEGIN {
        per = n > bn ? (kb - base) * 1024 / (n - bn) : 0
        printf "%-30s %10d %8.2f %16.2f %7.2f\n", run, kb, cpu, per, kb / base }'
done
echo "exact path, expected: 8 x ($cols + 2) = $((8 * (cols + 2))) B/draw; streamed: one block of 65536 draws and a quantile summary per number (8 x 16384 x (log2(draws / 16384) + 2) B)"
