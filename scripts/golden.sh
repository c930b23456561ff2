#!/bin/sh
# golden.sh ENTENTE — run every case in tests/golden/*/ from the repository root.
# A case folder holds: cmd (one shell command line; `entente` means the binary under test),
# out (expected stdout), optional err (expected stderr), optional status (expected exit
# status, default 0). Adding a case needs no C.
# Each cmd runs under `bash -o pipefail`, so `entente ... | head -4` fails when entente
# does: a pipe into head, grep or sed cannot hide entente's exit status.
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
pass=0; fail=0
tmp=$(mktemp -d)
for dir in tests/golden/*/; do
    case=$(basename "$dir")
    [ -f "$dir/cmd" ] || continue
    want_status=0; [ -f "$dir/status" ] && want_status=$(cat "$dir/status")
    ENTENTE_BIN=$bin bash -o pipefail -c 'entente() { "$ENTENTE_BIN" "$@"; }; eval "$(cat "$1")"' \
        golden "$dir/cmd" >"$tmp/out" 2>"$tmp/err" </dev/null
    st=$?
    ok=1
    [ "$st" -eq "$want_status" ] || { ok=0; echo "  $case: exit status $st, expected $want_status"; }
    if [ -f "$dir/out" ] && ! cmp -s "$tmp/out" "$dir/out"; then ok=0; echo "  $case: stdout differs:"; diff "$dir/out" "$tmp/out" | head -20; fi
    if [ -f "$dir/err" ] && ! cmp -s "$tmp/err" "$dir/err"; then ok=0; echo "  $case: stderr differs:"; diff "$dir/err" "$tmp/err" | head -20; fi
    if [ $ok -eq 1 ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL  golden/$case"; fi
done
rm -rf "$tmp"
echo "golden ($1): $pass passed, $fail failed"
mkdir -p build; echo "golden-$1 $pass $fail" >> build/.results
[ "$fail" -eq 0 ]
