#!/bin/sh
# SPDX-License-Identifier: MIT
# 50-smp.sh ENTENTE DATA — KTAB's Spatial Model of Politics against the reference results of
# ../shared/docs/models/smp.md §14 on the KTAB inputs in DATA/ktab/, through the CLI
# (`entente forecast --model smp`, KTAB CSV importer):
#   - the number of rounds of all seven reference inputs (§14.8, §14.10, §14.11);
#   - dummyData_3Dim and SOE-Pol-Comp: the printed winning probabilities of the first and the
#     last state, and the first round's challenges (target, P*, G* as the trace prints them);
#   - dummyData-a160 (no reference in the spec): runs, and its round count is reported.
# Prints every check; exits non-zero on any mismatch.
bin=$1
data=$2
dir=$data/ktab
fails=0
ok() { echo "ok    $1"; }
bad() { echo "FAIL  $1"; fails=$((fails + 1)); }
same() { if [ "$2" = "$3" ]; then ok "$1: $3"; else bad "$1: got '$3', expected '$2'"; fi; }

if [ ! -d "$dir" ]; then
    echo "skip  smp: $dir not found"
    exit 0
fi

rounds() { # file -> rounds of the smp run, from the JSON output
    "$bin" forecast --model smp --json "$1" 2>/dev/null |
        sed -n 's/^ *"rounds": *\([0-9][0-9]*\).*/\1/p' | head -n 1
}

for pair in dummyData_3Dim:10 SOE-Pol-Comp:27 dummyData_6Dim:29 SOE-Policy:19 \
            SOE-Competitive:35 dummyData-a040:20 dummyData-a080:17; do
    f=${pair%%:*}
    want=${pair#*:}
    same "smp $f rounds" "$want" "$(rounds "$dir/$f.csv")"
done

# state lines of the trace: "state T winning probabilities: A p B p ..."
state_line() { # file state
    "$bin" forecast --model smp --trace "$1" 2>/dev/null |
        sed -n "s/^state $2 winning probabilities: //p"
}
challenge() { # file actor -> "target P G" of round 1
    "$bin" forecast --model smp --trace "$1" 2>/dev/null |
        awk -v a="$2" '/^round 1 /{r=1; next} /^round 2 /{r=0} r && $1 == a && $2 == "challenges" {
            t = $3; sub(":", "", t); p = $5; sub(",", "", p); g = $8; sub(",", "", g);
            print t, p, g; exit }'
}

f3=$dir/dummyData_3Dim.csv
same "smp 3Dim state 0 probabilities" \
    "SActor-00 0.0047 SActor-01 0.0302 SActor-02 0.0054 SActor-03 0.1492 SActor-04 0.6001 SActor-05 0.1447 SActor-06 0.0656" \
    "$(state_line "$f3" 0)"
same "smp 3Dim state 10 probabilities" \
    "SActor-00 0.3340 SActor-01 0.3340 SActor-02 0.0183 SActor-03 0.0957 SActor-04 0.1512 SActor-05 0.4009 SActor-06 0.1512" \
    "$(state_line "$f3" 10)"
same "smp 3Dim round 1 challenge of SActor-00" "SActor-06 0.7643 +0.0947" "$(challenge "$f3" SActor-00)"
same "smp 3Dim round 1 challenge of SActor-06" "SActor-01 0.3970 +0.0286" "$(challenge "$f3" SActor-06)"

fs=$dir/SOE-Pol-Comp.csv
same "smp SOE-Pol-Comp state 27 probabilities" \
    "XJ 0.2299 LK 0.2299 ZG 0.1104 MK 0.1104 LH 0.1104 XS 0.2202 NEA 0.2063 MLR 0.2063 MEP 0.2063 MOF 0.2330 SHX 0.2330 HLJ 0.2330 WY 0.0002" \
    "$(state_line "$fs" 27)"
same "smp SOE-Pol-Comp round 1 challenge of XS" "MEP 0.1164 +0.0359" "$(challenge "$fs" XS)"
same "smp SOE-Pol-Comp round 1 challenge of XJ" "SHX 0.7676 +0.0456" "$(challenge "$fs" XJ)"

f160=$dir/dummyData-a160.csv
if [ -f "$f160" ]; then
    r=$(rounds "$f160")
    if [ -n "$r" ]; then ok "smp dummyData-a160 runs: $r rounds (no reference count in smp.md)"
    else bad "smp dummyData-a160: no result"; fi
fi

[ "$fails" -eq 0 ]
