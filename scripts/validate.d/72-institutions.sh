#!/bin/sh
# SPDX-License-Identifier: MIT
# 72-institutions.sh ENTENTE DATA — issue 17's target on DEU III: do predictors the models do
# not use (the Commission's and the Parliament's positions, the Council's weighted mean and
# median, the midpoint of the range, the status quo, the Council's QMV/unanimity pivot and the
# procedural agenda-setter prediction; src/analysis/crossval.c, docs/validation.md) bring the
# out-of-sample MAE of the LAD ensemble below the best single model's by more than one SE?
# And the affine fit (--affine: free weights and an intercept), which can stretch forecasts?
# Runs `validate --cv 10 --repeats 5` with seeds 1 and 2 (the second seed checks that the
# finding does not depend on the split) and asserts the figures recorded in docs/validation.md
# within 0.02 (they are deterministic; the tolerance allows the last printed digit to round
# differently on another libm). The answers asserted: the convex ensemble gains nothing beyond
# 1 SE; the affine fit with the Parliament's position does (1.2 SE with com,ep; 1.9 SE with
# ep alone, a post-hoc choice), at 22.0 on its common issues: not below the goal of 22.
bin=$1
data=$2
fail=0
deu=$data/deu3/deu3.tsv
if [ ! -f "$deu" ]; then echo "skip  DEU III: $deu not found"; exit 0; fi
near() { # label expected actual
    if [ -n "$3" ] && awk -v a="$2" -v b="$3" 'BEGIN { d = a - b; exit !(d <= 0.02 && d >= -0.02) }'; then
        echo "ok    $1: $3"
    else echo "FAIL  $1: expected $2 (within 0.02), got ${3:-nothing}"; fail=1; fi
}
run() { # seed extra
    "$bin" validate "$deu" --skip-line 2 --capability equal --cv 10 --repeats 5 --seed "$1" --extra "$2" 2>/dev/null
}
# method table (before the "(issues:" note): field 3 = MAE on the method's own issues, 5 = on the common set
mae() { echo "$1" | awk -v m="$2" -v f="$3" '/^\(issues/ {exit} $1 == m && NF == 7 {print $f}'; }
pair() { echo "$1" | awk -v a="$2" -v b="$3" -v f="$4" '/^paired differences/ {on = 1} on && $1 == a && $2 == b {print $f}'; }
common() { echo "$1" | awk 'NR == 1 {print $9}'; }

# every predictor alone (unfitted: its out-of-sample MAE is its in-sample MAE), own issues
all=com,ep,status_quo,council_mean,council_median,qmv_pivot,procedural,range_mid
out=$(run 1 "$all")
for want in pos:com:37.55 pos:ep:34.19 status_quo:51.31 council_mean:24.62 council_median:29.95 \
            qmv_pivot:35.42 procedural:36.85 range_mid:26.78 compromise:23.64; do
    name=${want%:*}
    near "$name alone, MAE on its own issues" "${want##*:}" "$(mae "$out" "$name" 3)"
done
near "all eight predictors with the models: common issues" 178 "$(common "$out")"
near "all eight: ensemble MAE on the common set (seed 1)" 23.14 "$(mae "$out" ensemble 5)"
near "all eight: compromise MAE on the common set" 22.75 "$(mae "$out" compromise 5)"

# the best set found: the institutions' positions and the Council's centre (248 common issues)
best=com,ep,council_mean,council_median,range_mid
for seed in 1 2; do
    out=$(run $seed "$best")
    near "seed $seed, --extra $best: common issues" 248 "$(common "$out")"
    near "seed $seed: compromise (best single model there), common-set MAE" 23.01 "$(mae "$out" compromise 5)"
    near "seed $seed: ensemble, common-set MAE" 22.63 "$(mae "$out" ensemble 5)"
    se=$(pair "$out" compromise ensemble 5)
    diff=$(pair "$out" compromise ensemble 4)
    near "seed $seed: compromise - ensemble (paired)" 0.38 "$diff"
    [ $seed = 1 ] && near "seed 1: its SE" 0.48 "$se"
    [ $seed = 2 ] && near "seed 2: its SE" 0.47 "$se"
    if awk -v d="$diff" -v s="$se" 'BEGIN { exit !(d > s) }'; then
        echo "note  seed $seed: the ensemble beats compromise by more than 1 SE (docs/validation.md says it does not: update it)"; fail=1
    else echo "ok    seed $seed: gain $diff within 1 SE ($se): target not reached, as documented"; fi
done
# the positions-free derived predictors keep all 294 common issues and change nothing
out=$(run 1 council_mean,council_median,range_mid)
near "--extra council_mean,council_median,range_mid: ensemble, common-set MAE (294)" 23.72 "$(mae "$out" ensemble 5)"
out=$(run 1 qmv_pivot,procedural,status_quo)
near "--extra qmv_pivot,procedural,status_quo: common issues" 212 "$(common "$out")"
near "  its ensemble, common-set MAE" 23.31 "$(mae "$out" ensemble 5)"
near "  compromise there" 23.28 "$(mae "$out" compromise 5)"
# the affine fit
for seed in 1 2; do
    for set in com,ep:248:22.31:22.32:0.70:0.68:0.56 ep:249:22.02:22.00:0.91:0.92:0.48; do
        IFS=: read -r x n m1 m2 d1 d2 se <<EOT
$set
EOT
        out=$("$bin" validate "$deu" --skip-line 2 --capability equal --cv 10 --repeats 5 --seed $seed \
              --extra $x --affine --no-features 2>/dev/null)
        near "seed $seed, --extra $x --affine: common issues" "$n" "$(common "$out")"
        if [ $seed = 1 ]; then m=$m1; d=$d1; else m=$m2; d=$d2; fi
        near "seed $seed, --extra $x: affine, common-set MAE" "$m" "$(mae "$out" affine 5)"
        diff=$(pair "$out" compromise affine 4); s=$(pair "$out" compromise affine 5)
        near "seed $seed, --extra $x: compromise - affine (paired)" "$d" "$diff"
        near "seed $seed, --extra $x: its SE" "$se" "$s"
        if awk -v d="$diff" -v s="$s" 'BEGIN { exit !(d > s) }'; then
            echo "ok    seed $seed, --extra $x: affine beats compromise by more than 1 SE ($diff > $s)"
        else echo "FAIL  seed $seed, --extra $x: affine within 1 SE of compromise ($diff, SE $s)"; fail=1; fi
    done
done
exit $fail
