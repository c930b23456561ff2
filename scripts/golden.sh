#!/bin/sh
# SPDX-License-Identifier: MIT
# golden.sh ENTENTE — run every case in tests/golden/*/ from the repository root.
# A case folder holds: cmd (one shell command line; `entente` means the binary under test),
# out (expected stdout), optional err (expected stderr), optional status (expected exit
# status, default 0). Adding a case needs no C.
# Each cmd runs under `bash -o pipefail`, so `entente ... | sed -n 1,4p` fails when entente
# does: a pipe into sed or grep cannot hide entente's exit status. Cut output with sed -n,
# not head, which makes entente die of SIGPIPE on some runs (docs/testing.md).
# Cases run JOBS (default: all cores) at a time; results print in case order.
if [ "$1" = --case ]; then   # internal: --case BIN DIR RESULTS — run one case
    bin=$2; dir=$3; res=$4/$(basename "$dir")
    case=$(basename "$dir")
    want_status=0; [ -f "$dir/status" ] && want_status=$(cat "$dir/status")
    ENTENTE_BIN=$bin bash -o pipefail -c 'entente() { "$ENTENTE_BIN" "$@"; }; eval "$(cat "$1")"' \
        golden "$dir/cmd" >"$res.out" 2>"$res.err" </dev/null
    st=$?
    {
        [ "$st" -eq "$want_status" ] || echo "  $case: exit status $st, expected $want_status"
        if [ -f "$dir/out" ] && ! cmp -s "$res.out" "$dir/out"; then echo "  $case: stdout differs:"; diff "$dir/out" "$res.out" | head -20; fi
        if [ -f "$dir/err" ] && ! cmp -s "$res.err" "$dir/err"; then echo "  $case: stderr differs:"; diff "$dir/err" "$res.err" | head -20; fi
    } >"$res.log"
    rm -f "$res.out" "$res.err"
    exit 0
fi
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
tmp=$(mktemp -d)
for dir in tests/golden/*/; do [ -f "$dir/cmd" ] && echo "${dir%/}"; done > "$tmp/cases"
xargs -P "$jobs" -I{} sh "$0" --case "$bin" {} "$tmp" < "$tmp/cases"
pass=0; fail=0
while read -r dir; do
    case=$(basename "$dir")
    if [ -f "$tmp/$case.log" ] && [ ! -s "$tmp/$case.log" ]; then pass=$((pass+1))
    else fail=$((fail+1)); cat "$tmp/$case.log" 2>/dev/null; echo "FAIL  golden/$case"; fi
done < "$tmp/cases"
rm -rf "$tmp"
echo "golden ($1): $pass passed, $fail failed"
mkdir -p build; echo "golden-$1 $pass $fail" >> build/.results
[ "$fail" -eq 0 ]
