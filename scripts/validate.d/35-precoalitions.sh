#!/bin/sh
# SPDX-License-Identifier: MIT
# 35-precoalitions.sh ENTENTE DATA_DIR — precoalition values against the reference data in
# DATA_DIR/power:
#  1. Owen and Banzhaf-Owen values of every case of epic_unittest_expected.csv (EPIC's unit
#     tests), relative tolerance 1e-5 (EPIC prints 6 digits). The game is written as an EPIC
#     precoalition file (quota, then one precoalition a line), read by `entente power`. EPIC
#     lists players by decreasing weight, and the order of equal weights is its own: values
#     are compared per weight, as sorted lists.
#  2. EPIC's precoalition benchmark files (epic_test_cases/precoalitions/*_50.csv and _75.csv):
#     each is read and its Owen value must sum to 1 exactly (or the run be refused with an
#     estimate, exit 4, for the cases beyond the default limits).
# Prints each check; exits 1 on any mismatch.
bin=$1
data=$2/power
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ ! -d "$data" ]; then echo "precoalitions: $data not found; nothing checked"; exit 0; fi
exp="$data/epic_unittest_expected.csv"
if [ -f "$exp" ]; then
    # case;quota;weights;precoalitions
    awk -F'"' 'NR > 1 { split($1, a, ","); print a[1] ";" a[2] ";" $2 ";" $4 }' "$exp" | sort -u > "$tmp/games"
    while IFS=';' read -r case quota weights pcs; do
        # the EPIC file: quota, then each precoalition's weights (players in that order)
        echo "$pcs" | awk -v q="$quota" -v w="$weights" '
            BEGIN { n = split(w, W, ","); print q }
            { s = $0; gsub(/[{} ]/, "", s); gsub(/\},\{/, ";", $0)
              t = $0; gsub(/^\{\{|\}\}$/, "", t); k = split(t, U, /\}, *\{/)
              for (u = 1; u <= k; u++) { m = split(U[u], M, ","); line = ""
                  for (j = 1; j <= m; j++) { gsub(/ /, "", M[j]); line = line (j > 1 ? "," : "") W[M[j] + 1] }
                  print line } }' > "$tmp/g$case.csv"
        "$bin" power "$tmp/g$case.csv" --index owen,banzhaf_owen --csv --precision 15 > "$tmp/o$case.csv" 2> "$tmp/e$case" \
            || { echo "FAIL  EPIC case $case: entente failed: $(cat "$tmp/e$case")"; fail=1; }
    done < "$tmp/games"
    awk -F'"' -v dir="$tmp" '
        function sortv(a, n,    i, j, t) { for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t } }
        NR > 1 {
            split($1, a, ","); c = a[1];
            split($5, b, ","); idx = b[2]; want = b[3];
            if (idx == "Owen") col = "owen"; else if (idx == "BanzhafOwen") col = "banzhaf_owen"; else next;
            f = dir "/o" c ".csv"; r = 0; delete hdr; delete wt; delete val;
            while ((getline line < f) > 0) {
                k = split(line, fld, ",");
                if (r == 0) for (i = 1; i <= k; i++) hdr[fld[i]] = i;
                else { wt[r] = fld[hdr["weight"]]; val[r] = fld[hdr[col]] }
                r++;
            }
            close(f);
            np = split(want, e, ";");
            # EPIC order: weights sorted decreasing
            ns = split($2, ws, ","); for (i = 1; i <= ns; i++) sw[i] = ws[i] + 0;
            for (i = 2; i <= ns; i++) { t = sw[i]; for (j = i - 1; j >= 1 && sw[j] < t; j--) sw[j + 1] = sw[j]; sw[j + 1] = t }
            if (np != r - 1 || np != ns) { bad++; printf "FAIL  EPIC case %s %s: %d players, expected %d\n", c, idx, r - 1, np; next }
            # per weight: sorted lists
            delete seenw;
            for (p = 1; p <= np; p++) {
                x = sw[p]; if (x in seenw) continue; seenw[x] = 1;
                ne = 0; ng = 0;
                for (q = 1; q <= np; q++) if (sw[q] == x) E[++ne] = e[q] + 0;
                for (q = 1; q < r; q++) if (wt[q] + 0 == x) G[++ng] = val[q] + 0;
                sortv(E, ne); sortv(G, ng);
                for (q = 1; q <= ne; q++) {
                    d = G[q] - E[q]; if (d < 0) d = -d;
                    tol = 1e-5 * (E[q] < 0 ? -E[q] : E[q]); if (tol < 1e-9) tol = 1e-9;
                    checks++;
                    if (ng != ne || d > tol) { bad++; printf "FAIL  EPIC case %s %s weight %s: %s, expected %s\n", c, idx, x, G[q], E[q] }
                }
            }
        }
        END { printf "%s EPIC precoalition values (Owen, Banzhaf-Owen): %d checked, %d mismatched\n", bad ? "FAIL " : "ok   ", checks, bad; exit bad ? 1 : 0 }
    ' "$exp" || fail=1
else
    echo "skip  EPIC: $exp not found"
fi

for f in "$data"/epic_test_cases/precoalitions/*_50.csv "$data"/epic_test_cases/precoalitions/*_75.csv; do
    [ -f "$f" ] || continue
    name=$(basename "$f")
    "$bin" power "$f" --index owen --csv --precision 15 > "$tmp/owen.csv" 2> "$tmp/err"; st=$?
    if [ "$st" -eq 4 ]; then echo "ok    $name: refused with an estimate ($(cut -c10-130 "$tmp/err"))"; continue; fi
    if [ "$st" -ne 0 ]; then echo "FAIL  $name: exit $st: $(cat "$tmp/err")"; fail=1; continue; fi
    if awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "owen") c = i; next } { s += $c; n++ }
               END { d = s - 1; if (d < 0) d = -d; printf "%d players, Owen values sum to %.12f", n, s; exit d > 1e-9 }' "$tmp/owen.csv" > "$tmp/sum"
    then echo "ok    $name: $(cat "$tmp/sum")"
    else echo "FAIL  $name: $(cat "$tmp/sum")"; fail=1; fi
done
exit $fail
