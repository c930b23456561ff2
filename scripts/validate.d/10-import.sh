#!/bin/sh
# SPDX-License-Identifier: MIT
# 10-import.sh ENTENTE DATA — the table importers on the reference data (docs/importers.md).
# For every file of DATA that is in one of the imported formats (bdm/*, exchange/*, ktab/*,
# deu3/deu3.tsv with --skip-line 2):
#   1. `entente info FILE` succeeds, is read in the expected format (auto-detected), and has
#      the expected numbers of actors and issues (sizes from DATA/README.md; for the
#      expected-utility tables, the number of data rows);
#   2. `entente convert FILE -o A` succeeds; `entente convert A` gives back A byte for byte
#      (import -> canonical YAML -> load -> canonical YAML is the identity).
# Also: DEU III with --capability-row line:2 (the copy's GDP row) loads 364 issues.
# Prints one line per file; exits non-zero on any failure.
bin=$1
data=$2
fail=0
n=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# check FILE FORMAT ACTORS ISSUES [options...]
check() {
    f=$1; fmt=$2; want_a=$3; want_i=$4; shift 4
    rel=${f#"$data"/}
    n=$((n + 1))
    if [ ! -f "$f" ]; then echo "skip  $rel: not found"; return; fi
    if ! "$bin" info "$@" "$f" >"$tmp/info" 2>"$tmp/report"; then
        echo "FAIL  $rel: info failed: $(head -3 "$tmp/report")"; fail=1; return
    fi
    got=$(grep -m1 -E '^[0-9]+ actors, [0-9]+ issues' "$tmp/info" | sed -E 's/^([0-9]+) actors, ([0-9]+) issues.*/\1 \2/')
    if [ "$got" != "$want_a $want_i" ]; then
        echo "FAIL  $rel: $got actors/issues, expected $want_a $want_i"; fail=1; return
    fi
    case $fmt in
        eu) pat='salience read on a 0-';;
        ktab) pat='KTAB SMP table';;
        decide) pat='Decide exchange-model file';;
        deu) pat='DEU table';;
    esac
    if ! grep -q "$pat" "$tmp/report"; then
        echo "FAIL  $rel: not read as $fmt (report: $(head -1 "$tmp/report"))"; fail=1; return
    fi
    if ! "$bin" convert "$@" "$f" -o "$tmp/a.yaml" 2>/dev/null; then
        echo "FAIL  $rel: convert failed"; fail=1; return
    fi
    if ! "$bin" convert "$tmp/a.yaml" -o "$tmp/b.yaml" 2>"$tmp/err"; then
        echo "FAIL  $rel: the converted YAML does not load: $(head -1 "$tmp/err")"; fail=1; return
    fi
    if ! cmp -s "$tmp/a.yaml" "$tmp/b.yaml"; then
        echo "FAIL  $rel: round trip differs:"; diff "$tmp/a.yaml" "$tmp/b.yaml" | head -5; fail=1; return
    fi
    echo "ok    $rel: $fmt, $want_a actors x $want_i issues; info, convert, round trip identical ($(wc -l <"$tmp/a.yaml") lines)"
}

# expected-utility tables: one issue; actors = non-blank data rows after the header
for f in "$data"/bdm/*; do
    [ -f "$f" ] || continue
    rows=$(awk 'NF && !/^#/ {n++} END {print n - 1}' "$f")
    check "$f" eu "$rows" 1
done
# Decide files (data README: 10x6, 11x7, 15x13)
check "$data/exchange/sample_data.txt" decide 10 6
check "$data/exchange/copenhagen.csv" decide 11 7
check "$data/exchange/cop21.csv" decide 15 13
# KTAB SMP files: one issue with nDims dimensions
check "$data/ktab/dummyData_3Dim.csv" ktab 7 1
check "$data/ktab/dummyData_6Dim.csv" ktab 27 1
check "$data/ktab/SOE-Pol-Comp.csv" ktab 13 1
check "$data/ktab/SOE-Policy.csv" ktab 26 1
check "$data/ktab/SOE-Competitive.csv" ktab 34 1
check "$data/ktab/dummyData-a040.csv" ktab 40 1
check "$data/ktab/dummyData-a080.csv" ktab 80 1
check "$data/ktab/dummyData-a160.csv" ktab 160 1
# DEU III: 364 issues, 30 actors; line 2 (GDP figures) skipped, or used as capabilities
check "$data/deu3/deu3.tsv" deu 30 364 --skip-line 2
check "$data/deu3/deu3.tsv" deu 30 364 --capability-row line:2

# the KTAB dimension counts (README: 3Dim x3, 6Dim x6, Pol-Comp x2)
for case in "dummyData_3Dim.csv 3" "dummyData_6Dim.csv 6" "SOE-Pol-Comp.csv 2"; do
    set -- $case
    f=$data/ktab/$1
    [ -f "$f" ] || continue
    d=$("$bin" convert "$f" 2>/dev/null | awk '/dimensions:/ {print gsub(/,/, ",") + 1}')
    if [ "$d" = "$2" ]; then echo "ok    ktab/$1: $d dimensions"
    else echo "FAIL  ktab/$1: $d dimensions, expected $2"; fail=1; fi
done

echo "import: $n files checked"
[ "$fail" -eq 0 ]
