#!/bin/sh
# SPDX-License-Identifier: MIT
# summary.sh — add up the results recorded in build/.results by every phase of make test
# (unit.sh, golden.sh, readme.sh, fuzz.sh, arch.sh, symbols.sh and their self-tests: one
# line "phase passed failed" each) and name the phases that failed.
awk '{p+=$2; f+=$3; if ($3 > 0) bad = bad (bad ? ", " : "") $1}
     END {printf "%d passed, %d failed%s\n", p, f, bad ? " (" bad ")" : ""; exit (f>0)}' build/.results
