#!/bin/sh
# SPDX-License-Identifier: MIT
# 30-power.sh ENTENTE DATA_DIR — voting power against the reference data in DATA_DIR/power:
#  1. US Electoral College, 2020-census apportionment (us_electoral_college_2024.csv, quota
#     270): California Shapley-Shubik 0.1080368337, normalized Banzhaf 0.1107964116, Penrose
#     0.4607113065; Wyoming Shapley-Shubik 0.0054022786 (published values, issue 3).
#  2. Every case of epic_unittest_expected.csv (expected values from the unit tests of the
#     EPIC project) for the 14 indices that do not depend on precoalitions (Owen and
#     Banzhaf-Owen do, and are skipped): relative tolerance 1e-5, as EPIC prints 6 digits.
#     EPIC lists players by decreasing weight, so the games are given in that order.
#  3. The EU27 Lisbon rule with the 2023 populations: the 65% quota equals 291,452,117.
# Prints each check; exits 1 on any mismatch.
bin=$1
data=$2/power
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ ! -d "$data" ]; then echo "power: $data not found; nothing checked"; exit 0; fi

# ---- 1. US Electoral College
"$bin" power "$data/us_electoral_college_2024.csv" --quota 270 --csv --precision 10 \
    --index penrose,banzhaf,shapley > "$tmp/us.csv" || { echo "FAIL us electoral college: entente failed"; exit 1; }
check_us() { # state column expected
    got=$(awk -F, -v s="$1" -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next } $1 == s { print $col[c] }' "$tmp/us.csv")
    if [ "$got" = "$3" ]; then echo "ok    US EC 2020 census: $1 $2 = $got"
    else echo "FAIL  US EC 2020 census: $1 $2 = $got, expected $3"; fail=1; fi
}
check_us CA shapley 0.1080368337
check_us CA banzhaf 0.1107964116
check_us CA penrose 0.4607113065
check_us WY shapley 0.0054022786

# ---- 2. EPIC unit-test expectations
exp="$data/epic_unittest_expected.csv"
if [ -f "$exp" ]; then
    # one game per case: case;quota;weights
    awk -F'"' 'NR > 1 { split($1, a, ","); print a[1] ";" a[2] ";" $2 }' "$exp" | sort -u > "$tmp/games"
    ncases=0
    while IFS=';' read -r case quota weights; do
        ncases=$((ncases + 1))
        # EPIC reports its players sorted by decreasing weight: give them in that order
        weights=$(echo "$weights" | tr ',' '\n' | sort -rn | paste -sd, -)
        "$bin" power --game "[$quota; $weights]" --csv --raw --precision 15 > "$tmp/g$case.csv" 2> "$tmp/g$case.err" \
            || { echo "FAIL  EPIC case $case: entente failed: $(cat "$tmp/g$case.err")"; fail=1; continue; }
    done < "$tmp/games"
    # compare: index name -> our column
    awk -F'"' -v dir="$tmp" '
        BEGIN {
            m["AbsoluteBanzhaf"] = "penrose"; m["Banzhaf"] = "banzhaf"; m["ShapleyShubik"] = "shapley";
            m["PublicGood"] = "holler"; m["DeeganPackel"] = "deegan"; m["Johnston"] = "johnston";
            m["ColemanPreventive"] = "prevent"; m["ColemanInitiative"] = "initiate";
            m["ColemanCollective"] = "collective"; m["RawBanzhaf"] = "swings";
            m["RawShapleyShubik"] = "shapley_raw"; m["RawPublicGood"] = "holler_raw";
            m["RawDeeganPackel"] = "deegan_raw"; m["RawJohnston"] = "johnston_raw";
        }
        NR > 1 {
            split($1, a, ","); c = a[1];
            n = split($5, b, ","); idx = b[2]; want = b[3];
            if (!(idx in m)) { skipped++; next }
            f = dir "/g" c ".csv";
            if (!(f in loaded)) {
                loaded[f] = 1; r = 0;
                while ((getline line < f) > 0) {
                    k = split(line, fld, ",");
                    if (r == 0) for (i = 1; i <= k; i++) hdr[f, fld[i]] = i;
                    else for (i = 1; i <= k; i++) val[f, r, i] = fld[i];
                    r++;
                }
                close(f);
            }
            col = hdr[f, m[idx]];
            np = split(want, w, ";");
            for (p = 1; p <= np; p++) {
                got = val[f, p, col] + 0; e = w[p] + 0;
                d = got - e; if (d < 0) d = -d;
                tol = 1e-5 * (e < 0 ? -e : e); if (tol < 1e-9) tol = 1e-9;
                checks++;
                if (col == "" || d > tol) { bad++; printf "FAIL  EPIC case %s %s player %d: %s, expected %s\n", c, idx, p - 1, val[f, p, col], w[p] }
            }
        }
        END { printf "%s EPIC expected values: %d checked, %d mismatched (%d precoalition rows skipped)\n", bad ? "FAIL " : "ok   ", checks, bad, skipped; exit bad ? 1 : 0 }
    ' "$exp" || fail=1
else
    echo "skip  EPIC: $exp not found"
fi

# ---- 3. EU27 quota
eu="$data/eu27_population_eurostat_2023.csv"
if [ -f "$eu" ]; then
    q=$("$bin" rule "$eu" --quota 65% --coalition Germany | sed -n 's/^rule: >= \([0-9]*\) of.*/\1/p')
    if [ "$q" = "291452117" ]; then echo "ok    EU27 2023: 65% population quota = $q"
    else echo "FAIL  EU27 2023: 65% population quota = $q, expected 291452117"; fail=1; fi
fi
exit $fail
