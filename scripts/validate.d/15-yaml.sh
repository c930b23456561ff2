#!/bin/sh
# SPDX-License-Identifier: MIT
# 15-yaml.sh ENTENTE DATA — `entente info` statistics and the JSON round trip on the
# reference data (docs/format.md, "entente info" and "Canonical output").
#  1. The capability x salience weighted mean and weighted median that `entente info --json`
#     reports for the classic expected-utility cases equal the figures published in
#     DATA/README.md (mean to the README's decimals, median exactly).
#  2. For every table in DATA that entente imports: `convert --json` then `convert` of that
#     JSON gives the same canonical YAML as `convert` of the table (YAML and JSON canonical
#     forms carry the same scenario, bit for bit).
# Prints one line per check; exits non-zero on any mismatch.
bin=$1
data=$2
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# stats FILE DECIMALS MEAN MEDIAN
stats() {
    f=$data/$1
    if [ ! -f "$f" ]; then echo "skip  $1: not found"; return; fi
    if ! "$bin" info --json "$f" >"$tmp/j" 2>"$tmp/e"; then
        echo "FAIL  $1: info failed: $(head -2 "$tmp/e")"; fail=1; return
    fi
    mean=$(grep -m1 '"mean"' "$tmp/j" | sed -E 's/.*: *([-0-9.eE+]+).*/\1/')
    median=$(grep -m1 '"median"' "$tmp/j" | sed -E 's/.*: *([-0-9.eE+]+).*/\1/')
    gotmean=$(awk -v m="$mean" -v d="$2" 'BEGIN { printf "%.*f", d, m }')
    if [ "$gotmean" = "$3" ] && awk -v a="$median" -v b="$4" 'BEGIN { exit !(a == b) }'; then
        echo "ok    $1: weighted mean $gotmean, weighted median $median (published $3, $4)"
    else
        echo "FAIL  $1: weighted mean $gotmean, median $median; published $3, $4"; fail=1
    fi
}

stats bdm/emission_standards.csv 3 7.390 7
stats bdm/saudi_oil_price.csv 3 13.620 13.9
stats bdm/iran_election_2013.tsv 2 5.44 5
stats bdm/greece_2015.csv 2 82.22 100

# json_round FILE [options...]
json_round() {
    f=$1; shift
    rel=${f#"$data"/}
    if ! "$bin" convert "$@" "$f" >"$tmp/a.yaml" 2>"$tmp/e"; then
        echo "skip  $rel: not imported ($(head -1 "$tmp/e"))"; return
    fi
    if ! "$bin" convert --json "$@" "$f" -o "$tmp/b.json" 2>"$tmp/e" || ! "$bin" convert "$tmp/b.json" >"$tmp/c.yaml" 2>"$tmp/e"; then
        echo "FAIL  $rel: JSON convert failed: $(head -2 "$tmp/e")"; fail=1; return
    fi
    if cmp -s "$tmp/a.yaml" "$tmp/c.yaml"; then
        echo "ok    $rel: YAML and JSON canonical forms agree ($(wc -c <"$tmp/a.yaml") bytes)"
    else
        echo "FAIL  $rel: YAML via JSON differs from the direct YAML"; fail=1
    fi
}

for f in "$data"/bdm/* "$data"/exchange/* "$data"/ktab/*; do
    [ -f "$f" ] && json_round "$f"
done
[ -f "$data/deu3/deu3.tsv" ] && json_round "$data/deu3/deu3.tsv" --skip-line 2
exit $fail
