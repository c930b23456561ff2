#!/bin/sh
# SPDX-License-Identifier: MIT
# 70-crossval.sh ENTENTE DATA — `entente validate --cv` on DEU III (issue 17): out-of-sample MAE
# per model and combination, ensemble weights, paired differences, conformal coverage.
# Checks: 351 issues, 294 of them forecast by every model (smp refuses 57); the models' own
# out-of-sample MAE equals their in-sample figure (nothing is fitted: compromise 23.64); every
# method's 80 % and 90 % coverage lies within two standard errors of nominal; the run is
# deterministic (same seed, same output). Prints the whole report and the added time.
bin=$1
data=$2
fail=0
check() { # label expected actual
    if [ "$2" = "$3" ]; then echo "ok    $1: $3"
    else echo "FAIL  $1: expected $2, got $3"; fail=1; fi
}
deu=$data/deu3/deu3.tsv
if [ ! -f "$deu" ]; then echo "skip  DEU III: $deu not found"; exit 0; fi
cmd="validate $deu --skip-line 2 --capability equal --cv 10 --repeats 5 --seed 1"
out=$("$bin" $cmd 2>/dev/null)
check "validate --cv exit status" 0 "$?"
check "DEU III issues counted, dossiers, common set" "351 137 294" \
    "$(echo "$out" | awk 'NR == 1 {print $3, $7, $9}' | tr -d ';')"
check "compromise out-of-sample MAE (not fitted: the in-sample figure)" 23.64 \
    "$(echo "$out" | awk '$1 == "compromise" && NF == 7 {print $3; exit}')"
bad=$(echo "$out" | awk '/^conformal intervals/ {on = 1; next}
    on && NF == 9 && $2 ~ /%$/ {   # method, then per level: coverage, SE, width, +-q
        n++; c80 = $2; sub(/%/, "", c80); c90 = $6; sub(/%/, "", c90)
        if ((c80 - 80) ^ 2 > (2 * $3) ^ 2 || (c90 - 90) ^ 2 > (2 * $7) ^ 2) printf "%s ", $1
    }
    END { if (n != 13) printf "(%d methods read, expected 13) ", n }')
check "methods whose coverage is more than 2 SE from 80 % or 90 %" none "${bad:-none}"
again=$("$bin" $cmd 2>/dev/null)
check "same seed, same report" same "$([ "$out" = "$again" ] && echo same || echo different)"
echo "      entente $cmd:"
echo "$out" | sed 's/^/      /'
echo "      with the Commission's and the Parliament's positions as extra predictors (--extra com,ep; figures only):"
"$bin" $cmd --extra com,ep 2>/dev/null | awk '/^method/,/^\(issues/' | sed 's/^/      /'
t0=$(date +%s.%N); "$bin" validate "$deu" --skip-line 2 --capability equal >/dev/null 2>&1; t1=$(date +%s.%N)
"$bin" $cmd >/dev/null 2>&1; t2=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN { printf "      wall time: validate %.2f s; with --cv 10 --repeats 5 %.2f s (figures only; the machine may be loaded)\n", b - a, c - b }'
exit $fail
