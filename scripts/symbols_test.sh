#!/bin/sh
# SPDX-License-Identifier: MIT
# symbols_test.sh — proof that scripts/symbols.sh reads declarations as the compiler does
# and catches both kinds of mismatch. A small header declares, with ENT_API, functions and a
# variable in the shapes the public headers use (multi-line parameter lists, pointer
# returns, a function returning a function pointer, comments and #define lines that mention
# ENT_API); a library built from a matching source must pass; one that also exports an
# undeclared function, or lacks a declared one, must fail and name exactly that symbol.
# Records "symbols-selftest PASSED FAILED" in build/.results.
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc=${CC:-cc}
pass=0; fail=0
ok() { pass=$((pass+1)); }
no() { fail=$((fail+1)); echo "FAIL  symbols self-test: $*"; cat "$tmp/log"; }

cat > "$tmp/api.h" <<'EOF'
#define ENT_API __attribute__((visibility("default")))
#define ENT_API_UNUSED(x) ENT_API x \
    ENT_API
/* ENT_API int ent_in_comment(void); */
// ENT_API int ent_in_line_comment(void);
typedef struct { int a; } ent_t;
ENT_API int ent_one(int x);
ENT_API const char *ent_two(const ent_t *t,
                            int y /* ENT_API */);
ENT_API extern const int ent_var[3];
ENT_API int (*ent_picker(int k))(int);
static inline int ent_inline(int x) { return x; }
EOF
cat > "$tmp/api.c" <<'EOF'
#include "api.h"
int ent_one(int x) { return x; }
const char *ent_two(const ent_t *t, int y) { return t && y ? "y" : "n"; }
const int ent_var[3] = {1, 2, 3};
ENT_API int (*ent_picker(int k))(int) { return k ? ent_one : 0; }
int ent_i_hidden(int x) { return x + ent_inline(x); }
EXTRA
EOF
build() {   # build SO with the line EXTRA replaced by $2
    sed "s/^EXTRA\$/$2/" "$tmp/api.c" > "$tmp/src.c"
    $cc -std=c11 -fPIC -fvisibility=hidden -shared -I"$tmp" -o "$tmp/$1" "$tmp/src.c"
}
check() {   # check NAME SO WANT_STATUS [TEXT]
    sh "$here/symbols.sh" "$tmp/$2" "$tmp/api.h" > "$tmp/log" 2>&1
    st=$?
    if [ $st -ne "$3" ]; then no "$1: exit $st, expected $3"
    elif [ -n "$4" ] && ! grep -q "$4" "$tmp/log"; then no "$1: '$4' not listed"
    elif [ -n "$4" ] && [ "$(grep -c '^  ' "$tmp/log")" -ne 1 ]; then no "$1: more than one symbol listed"
    else ok; fi
}
build good.so "" && check "matching library" good.so 0
build leak.so "ENT_API int ent_leak(void) { return 0; }" &&
    check "undeclared export" leak.so 1 "exported but not declared ENT_API in a public header: ent_leak$"
build other.so "ENT_API int other_leak(void) { return 0; }" &&
    check "undeclared non-ent_ export" other.so 1 "exported but not declared ENT_API in a public header: other_leak$"
sed -i '/^int ent_one(int x)/d' "$tmp/api.c"
build missing.so ""
check "declared, not defined" missing.so 1 "declared ENT_API (.*api.h:7) but not exported by .*: ent_one$"

echo "symbols-selftest: $pass passed, $fail failed"
mkdir -p build; echo "symbols-selftest $pass $fail" >> build/.results
[ "$fail" -eq 0 ]
