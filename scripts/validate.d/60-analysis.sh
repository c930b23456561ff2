#!/bin/sh
# SPDX-License-Identifier: MIT
# 60-analysis.sh ENTENTE DATA_DIR — the analysis examples against the reference data:
#  1. examples/eu-council-qmv.yaml: every member state's population attribute equals the
#     Eurostat 2023 table (DATA_DIR/power/eu27_population_eurostat_2023.csv), total 448,387,872;
#  2. the same file's positions and saliences equal DEU III issue d160070i1 (DATA_DIR/deu3/
#     deu3.tsv, row isnrnmc = 350), as do its status quo (rp) and recorded outcome (out);
#  3. computed on the real data: the outcome DEU III records was adopted by qualified majority,
#     so `entente proposals` must find that the adopted text passes under the QMV rule and
#     lies in the win-set of the status quo, and that unanimity would not have passed it
#     (three member states reject it).
# Prints each check; exits 1 on any mismatch.
bin=$1
data=$2
ex=examples/eu-council-qmv.yaml
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pop="$data/power/eu27_population_eurostat_2023.csv"
deu="$data/deu3/deu3.tsv"

# ---- 1. populations
if [ -f "$pop" ]; then
    # YAML rows: - {id: DE, name: Germany, capability: 1, attributes: {population: 84358845}, ...}
    sed -n 's/.*name: \([^,]*\), capability: 1, attributes: {population: \([0-9]*\)}.*/\1,\2/p' "$ex" | sort > "$tmp/yaml_pop"
    tail -n +2 "$pop" | tr -d '\r' | sort > "$tmp/csv_pop"
    if cmp -s "$tmp/yaml_pop" "$tmp/csv_pop"; then
        echo "ok    EU27 populations in $ex equal the Eurostat 2023 table ($(wc -l < "$tmp/csv_pop") states)"
    else
        echo "FAIL  EU27 populations differ:"; diff "$tmp/csv_pop" "$tmp/yaml_pop" | head; fail=1
    fi
    total=$(awk -F, '{ s += $2 } END { printf "%d", s }' "$tmp/yaml_pop")
    if [ "$total" = "448387872" ]; then echo "ok    EU27 total population $total"
    else echo "FAIL  EU27 total population $total, expected 448387872"; fail=1; fi
else
    echo "power data not found at $pop; populations not checked"
fi

# ---- 2. DEU III positions
if [ -f "$deu" ]; then
    # DEU code -> the example's actor id
    cat > "$tmp/map" <<'EOF'
at AT
be BE
bu BG
cr HR
cy CY
cz CZ
dk DK
ee EE
fi FI
fr FR
de DE
el EL
hu HU
ie IE
it IT
lv LV
lt LT
lu LU
mt MT
nl NL
pl PL
pt PT
ro RO
si SI
sk SK
es ES
se SE
com COM
ep EP
EOF
    awk -F'\t' 'NR == FNR { split($0, m, " "); id[m[1]] = m[2]; next }
        FNR == 1 { for (i = 1; i <= NF; i++) { gsub(/"/, "", $i); col[$i] = i }; next }
        { v = $col["isnrnmc"]; gsub(/"/, "", v); if (v != "350") next
          for (c in id) { p = $col["p" c]; s = $col["s" c]; gsub(/"/, "", p); gsub(/"/, "", s)
                          print id[c] "," p "," s }
          rp = $col["rp"]; out = $col["out"]; gsub(/"/, "", rp); gsub(/"/, "", out)
          print "rp," rp > "'"$tmp"'/rp"; print "out," out > "'"$tmp"'/out" }' \
        "$tmp/map" "$deu" | sort > "$tmp/deu_pos"
    sed -n 's/.*{actor: \([A-Z]*\), issue: posting, position: \([0-9]*\), salience: \([0-9]*\),.*/\1,\2,\3/p' "$ex" \
        | sort > "$tmp/yaml_pos"
    if [ -s "$tmp/deu_pos" ] && cmp -s "$tmp/deu_pos" "$tmp/yaml_pos"; then
        echo "ok    DEU III d160070i1 positions and saliences in $ex ($(wc -l < "$tmp/deu_pos") actors)"
    else
        echo "FAIL  DEU III positions differ:"; diff "$tmp/deu_pos" "$tmp/yaml_pos" | head; fail=1
    fi
    rp=$(cut -d, -f2 "$tmp/rp" 2>/dev/null); out=$(cut -d, -f2 "$tmp/out" 2>/dev/null)
    if grep -q "status_quo: $rp\$" "$ex" && grep -q "outcome: $out\$" "$ex"; then
        echo "ok    DEU III reference point $rp and outcome $out"
    else
        echo "FAIL  DEU III reference point '$rp' / outcome '$out' not those of $ex"; fail=1
    fi
else
    echo "DEU III data not found at $deu; positions not checked"
fi

# ---- 3. the adopted outcome passes by QMV and not by unanimity
"$bin" proposals --json "$ex" > "$tmp/p.json" || { echo "FAIL  entente proposals failed on $ex"; exit 1; }
adopted=$(tr -d ' \n' < "$tmp/p.json" | sed 's/.*"id":"adopted"//' | sed 's/"no_agreement_possible".*//')
case "$adopted" in
    *'"passes":true'*) echo "ok    the adopted text (DEU outcome 80) passes under the Lisbon QMV rule" ;;
    *) echo "FAIL  the adopted text does not pass under QMV"; fail=1 ;;
esac
"$bin" proposals "$ex" > "$tmp/p.txt"
if grep -q "along posting (status quo 0.0, others held there): (0.00, 100.00]" "$tmp/p.txt"; then
    echo "ok    80 lies in the QMV win-set of the status quo (0, 100]"
else
    echo "FAIL  win-set of the status quo under QMV is not (0, 100]:"; grep "along posting" "$tmp/p.txt"; fail=1
fi
nrej=$(awk '/^Proposal adopted/,/passes:/' "$tmp/p.txt" | grep -c ' reject$')
if [ "$nrej" = "3" ]; then echo "ok    three member states reject the adopted text (unanimity would fail)"
else echo "FAIL  $nrej member states reject the adopted text, expected 3"; fail=1; fi
exit $fail
