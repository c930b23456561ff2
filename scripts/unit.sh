#!/bin/sh
# unit.sh BUILD BIN... — run cmocka unit-test binaries; record the totals.
build=$1; shift
pass=0; fail=0
for t in "$@"; do
    if "$t" >"$t.log" 2>&1; then pass=$((pass+1)); echo "ok    $(basename "$t")"
    else fail=$((fail+1)); echo "FAIL  $(basename "$t")"; cat "$t.log"; fi
done
echo "unit ($build): $pass passed, $fail failed"
mkdir -p build; echo "unit-$build $pass $fail" >> build/.results
[ "$fail" -eq 0 ]
