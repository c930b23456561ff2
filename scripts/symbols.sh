#!/bin/sh
# SPDX-License-Identifier: MIT
# symbols.sh LIB.so [HEADER...] — the shared library exports exactly the public API.
# Two lists are computed, none is kept by hand:
#   declared  every name declared with ENT_API in the public headers (default:
#             include/entente.h include/entente/*.h), read by one awk pass that drops
#             comments and preprocessor lines and splits declarations at ';' and '{';
#             the name is the identifier before the parameter list (or the variable name);
#   exported  `nm -D --defined-only LIB.so`, every symbol the library defines for others.
# It fails, listing each, when a symbol is exported but not declared ENT_API in a public
# header (an internal function leaking: any name, ent_ or not), or when a declared ENT_API
# name is missing from the library (a declaration without a definition).
# Run with the default headers, it records "symbols 1 0" or "symbols 0 1" in build/.results.
so=$1; shift
[ -f "$so" ] || { echo "symbols: $so not found (make lib)"; exit 1; }
results=build/.results
if [ $# -eq 0 ]; then set -- include/entente.h include/entente/*.h; else results=/dev/null; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

awk '
FNR == 1 { incomment = 0; cont = 0 }
{
    line = $0
    # a preprocessor line and its continuations are no declaration
    if (cont || (!incomment && line ~ /^[ \t]*#/)) { cont = (line ~ /\\$/); next }
    out = ""
    while (line != "") {
        if (incomment) {
            e = index(line, "*/")
            if (!e) { line = ""; break }
            line = substr(line, e + 2); incomment = 0
        } else {
            b = index(line, "/*"); c = index(line, "//")
            if (c && (!b || c < b)) { out = out substr(line, 1, c - 1); line = ""; break }
            if (!b) { out = out line; line = ""; break }
            out = out substr(line, 1, b - 1) " "; line = substr(line, b + 2); incomment = 1
        }
    }
    if (out ~ /(^|[^A-Za-z0-9_])ENT_API([^A-Za-z0-9_]|$)/) loc[++nloc] = FILENAME ":" FNR
    text = text " " out
}
END {
    n = split(text, stmt, /[;{}]/)
    k = 0
    for (i = 1; i <= n; i++) {
        s = stmt[i]
        if (!match(s, /(^|[^A-Za-z0-9_])ENT_API([^A-Za-z0-9_]|$)/)) continue
        where = loc[++k]
        s = substr(s, RSTART + RLENGTH)
        p = index(s, "(")
        if (p) {
            name = substr(s, p + 1)
            if (name ~ /^[ \t]*\*/) sub(/^[ \t]*\*[ \t]*/, "", name)   # T (*f(...))(...)
            else name = substr(s, 1, p - 1)                                # T f(...)
        } else {
            name = s; sub(/[ \t]*(\[.*|=.*)?$/, "", name)                      # a variable
        }
        if (!match(name, /[A-Za-z_][A-Za-z0-9_]*[ \t]*$/) && !match(name, /^[A-Za-z_][A-Za-z0-9_]*/)) {
            print "?? " where ": cannot read the declared name" > "/dev/stderr"; continue
        }
        name = substr(name, RSTART, RLENGTH); gsub(/[ \t]/, "", name)
        print name "\t" where
    }
}' "$@" | sort -u -k1,1 > "$tmp/declared"

nm -D --defined-only "$so" | awk 'NF >= 3 { sub(/@.*/, "", $3); print $3 }' | sort -u > "$tmp/exported"
cut -f1 "$tmp/declared" > "$tmp/declared.names"

bad=0
extra=$(comm -13 "$tmp/declared.names" "$tmp/exported")
missing=$(comm -23 "$tmp/declared.names" "$tmp/exported")
for s in $extra; do
    echo "  exported but not declared ENT_API in a public header: $s"; bad=$((bad+1))
done
for s in $missing; do
    where=$(awk -F'\t' -v s="$s" '$1 == s { print $2 }' "$tmp/declared")
    echo "  declared ENT_API ($where) but not exported by $so: $s"; bad=$((bad+1))
done
nd=$(wc -l < "$tmp/declared.names"); ne=$(wc -l < "$tmp/exported")
if [ "$bad" -gt 0 ]; then
    echo "FAIL  symbols: $ne exported, $nd declared ENT_API; $bad differ"
    [ "$results" = /dev/null ] || { mkdir -p build; echo "symbols 0 1" >> "$results"; }
    exit 1
fi
echo "symbols ($so): the $ne exported symbols are the $nd ENT_API declarations"
[ "$results" = /dev/null ] || { mkdir -p build; echo "symbols 1 0" >> "$results"; }
