#!/bin/sh
# SPDX-License-Identifier: MIT
# crossval.sh — writes the two synthetic DEU-style tables of the cross-validation tests
# (tests/unit/test_analysis_crossval.c, tests/golden/validate-cv-*), from the repository root:
#   sh tests/data/forecast/crossval.sh
# Made up; nothing read from ../shared/data. Both tables: actors a b c, salience 100 each,
# capability 1 (the importer's default), so the compromise model is the plain mean of the
# positions and the median model the middle position.
#
# cv-exact.tsv — 30 issues in 15 dossiers d01..d15 (issues d01i1, d01i2, ...). Issue k
# (1..30): a = 7k mod 41, b = 30 + 13k mod 37, c = 70 + 11k mod 31 lowered by (a+b+c) mod 3,
# so the mean is an integer; the outcome IS that mean. The compromise model is exact by
# construction: MAE 0, ensemble weight 1 on compromise, every conformal width 0.
#
# cv-mix.tsv — the positions of cv-exact.tsv; the outcome is 0.25 × the mean + 0.75 × the
# middle position, i.e. 0.25 × compromise + 0.75 × median exactly (the mean is an integer,
# so every outcome is a multiple of 0.25, written exactly): the LAD ensemble of compromise and
# median must recover the weights 0.25 and 0.75 (out-of-sample MAE 0).
#
# cv-affine.tsv — the positions of cv-exact.tsv; the outcome is 2 × the mean − 40 (26 to 98:
# inside the scale, and exact since the mean is an integer). No convex combination reaches it
# (the weights would have to sum to 2); the affine LAD fit (validate --affine) must recover
# weight 2 on compromise, 0 on median and the intercept −40 (out-of-sample MAE 0).
#
# cv-conformal.tsv — 20 issues, one per dossier c01..c20: positions 40 50 60 (both models
# forecast 50), outcome 50 + k, so the absolute errors are 1..20 (MAE 10.5). With 20 folds
# (leave one dossier out) the 80 % interval of issue k uses the 16th smallest of the other 19
# errors: 17 for k <= 16 (covered), 16 for k >= 17 (not): coverage exactly 16/20 = 80 %, mean
# width (16·34 + 4·32)/20 = 33.6; at 90 % the 18th smallest: 19 for k <= 18, 18 for k = 19, 20:
# coverage 18/20 = 90 %, mean width (18·38 + 2·36)/20 = 37.8.
dir=$(dirname "$0")
awk 'BEGIN {
    OFS = "\t"
    print "prnr", "isnr", "pa", "pb", "pc", "sa", "sb", "sc", "rp", "out"
    for (k = 1; k <= 30; k++) {
        a = (7 * k) % 41; b = 30 + (13 * k) % 37; c = 70 + (11 * k) % 31
        c -= (a + b + c) % 3
        d = sprintf("d%02d", int((k + 1) / 2))
        print d, d "i" (2 - k % 2), a, b, c, 100, 100, 100, "", (a + b + c) / 3
    }
}' > "$dir/cv-exact.tsv"
awk 'BEGIN {
    OFS = "\t"
    print "prnr", "isnr", "pa", "pb", "pc", "sa", "sb", "sc", "rp", "out"
    for (k = 1; k <= 30; k++) {
        a = (7 * k) % 41; b = 30 + (13 * k) % 37; c = 70 + (11 * k) % 31
        c -= (a + b + c) % 3
        x[1] = a; x[2] = b; x[3] = c
        for (i = 1; i <= 3; i++) for (j = i + 1; j <= 3; j++) if (x[j] < x[i]) { t = x[i]; x[i] = x[j]; x[j] = t }
        d = sprintf("d%02d", int((k + 1) / 2))
        print d, d "i" (2 - k % 2), a, b, c, 100, 100, 100, "", 0.25 * (a + b + c) / 3 + 0.75 * x[2]
    }
}' > "$dir/cv-mix.tsv"
awk 'BEGIN {
    OFS = "\t"
    print "prnr", "isnr", "pa", "pb", "pc", "sa", "sb", "sc", "rp", "out"
    for (k = 1; k <= 30; k++) {
        a = (7 * k) % 41; b = 30 + (13 * k) % 37; c = 70 + (11 * k) % 31
        c -= (a + b + c) % 3
        d = sprintf("d%02d", int((k + 1) / 2))
        print d, d "i" (2 - k % 2), a, b, c, 100, 100, 100, "", 2 * (a + b + c) / 3 - 40
    }
}' > "$dir/cv-affine.tsv"
awk 'BEGIN {
    OFS = "\t"
    print "prnr", "isnr", "pa", "pb", "pc", "sa", "sb", "sc", "rp", "out"
    for (k = 1; k <= 20; k++) {
        d = sprintf("c%02d", k)
        print d, d "i1", 40, 50, 60, 100, 100, 100, "", 50 + k
    }
}' > "$dir/cv-conformal.tsv"
