#!/bin/sh
# SPDX-License-Identifier: MIT
# unit.sh BUILD BIN... — run cmocka unit-test binaries, JOBS (default: all cores) at a time;
# print each one's result in the given order (with its log when it fails) and record the
# totals in build/.results.
build=$1; shift
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
for t in "$@"; do rm -f "$t.rc"; done
printf '%s\n' "$@" | xargs -P "$jobs" -I{} sh -c '"$1" >"$1.log" 2>&1; echo $? >"$1.rc"' unit {}
pass=0; fail=0
for t in "$@"; do
    if [ "$(cat "$t.rc" 2>/dev/null)" = 0 ]; then pass=$((pass+1)); echo "ok    $(basename "$t")"
    else fail=$((fail+1)); echo "FAIL  $(basename "$t")"; cat "$t.log"; fi
    rm -f "$t.rc"
done
echo "unit ($build): $pass passed, $fail failed"
mkdir -p build; echo "unit-$build $pass $fail" >> build/.results
[ "$fail" -eq 0 ]
