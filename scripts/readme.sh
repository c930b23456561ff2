#!/bin/sh
# SPDX-License-Identifier: MIT
# readme.sh ENTENTE — the README's examples run as tests. Every fenced block in README.md
# whose first line starts with "$ entente" is a case: the rest of the line is run from the
# repository root (with `entente` meaning the binary under test), and its standard output
# must equal the remaining lines of the block.
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d)
awk -v dir="$tmp" '
    /^```/ { if (inblk) { inblk = 0; close(out) } else { inblk = 1; n++; first = 1 } next }
    inblk && first { first = 0; if ($0 ~ /^\$ entente/) { out = dir "/case" n; sub(/^\$ /, ""); print > (out ".cmd"); out = out ".want"; printf "" > out } else out = ""; next }
    inblk && out != "" { print >> out }
' README.md
pass=0; fail=0
for c in "$tmp"/*.cmd; do
    [ -f "$c" ] || continue
    want=${c%.cmd}.want
    cmd=$(cat "$c")
    ( entente() { "$bin" "$@"; }; eval "$cmd" ) >"$tmp/got" 2>/dev/null </dev/null
    if cmp -s "$tmp/got" "$want"; then pass=$((pass+1))
    else fail=$((fail+1)); echo "FAIL  README example: $cmd"; diff "$want" "$tmp/got" | head -10; fi
done
rm -rf "$tmp"
echo "readme ($1): $pass passed, $fail failed"
mkdir -p build; echo "readme-$1 $pass $fail" >> build/.results
[ "$fail" -eq 0 ]
