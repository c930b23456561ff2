#!/bin/sh
# SPDX-License-Identifier: MIT
# man_test.sh ENTENTE MANDIR — the manual pages written by scripts/man.sh render, and say
# what --help says: each MANDIR/entente*.1 is rendered with `man -l` (man-db; groff
# warnings on, any warning is a failure), and its SYNOPSIS and DESCRIPTION sections, with
# man's 7-column indent taken off, must equal `entente [COMMAND] --help` byte for byte.
# Every command of `entente --help` must have its page. Records "man passed failed" in
# build/.results.
bin=$1; dir=$2
command -v man >/dev/null 2>&1 || { echo "man: 'man' not found (Debian man-db; make deps)"; echo "man 0 1" >> build/.results; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
check() { # check PAGE HELP-ARGS...
    p=$1; shift
    "$bin" "$@" --help > "$tmp/want"
    if [ ! -f "$dir/$p.1" ]; then fail=$((fail+1)); echo "FAIL  man page $p.1 missing"; return; fi
    LC_ALL=C.UTF-8 MANWIDTH=200 MAN_KEEP_FORMATTING= man --warnings -l "$dir/$p.1" > "$tmp/page" 2> "$tmp/warn"
    # the lines of SYNOPSIS and DESCRIPTION, less the blank line closing each section
    awk '/^[A-Z]/ { sec = $0; if (n) { for (i = 1; i < n; i++) print buf[i]; } n = 0; next }
         sec == "SYNOPSIS" || sec == "DESCRIPTION" { buf[++n] = $0 }' "$tmp/page" |
        sed 's/^       //' > "$tmp/got"
    if [ -s "$tmp/warn" ]; then
        fail=$((fail+1)); echo "FAIL  man page $p.1: groff warnings"; head -5 "$tmp/warn"
    elif ! cmp -s "$tmp/want" "$tmp/got"; then
        fail=$((fail+1)); echo "FAIL  man page $p.1 differs from '$* --help' (- help, + page)"
        diff "$tmp/want" "$tmp/got" | head -10
    elif ! grep -q "^NAME" "$tmp/page" || ! grep -q "^SEE ALSO" "$tmp/page"; then
        fail=$((fail+1)); echo "FAIL  man page $p.1: no NAME or SEE ALSO section"
    else pass=$((pass+1)); fi
}
check entente
for cmd in $("$bin" --help | awk '/^commands:/ { on = 1; next } on && /^$/ { exit } on { print $1 }'); do
    check "entente-$cmd" "$cmd"
done
echo "man ($dir): $pass passed, $fail failed"
mkdir -p build; echo "man $pass $fail" >> build/.results
[ "$fail" -eq 0 ]
