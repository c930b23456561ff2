#!/bin/sh
# summary.sh — add up the results recorded by unit.sh, golden.sh and fuzz.sh.
awk '{p+=$2; f+=$3} END {printf "%d passed, %d failed\n", p, f; exit (f>0)}' build/.results
