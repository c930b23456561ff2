#!/bin/sh
# SPDX-License-Identifier: MIT
# install_test.sh BUILD — `make install` into a temporary prefix, then use what was
# installed as a user would: the docs/api.md example is compiled with nothing but
# `pkg-config --cflags --libs entente` (PKG_CONFIG_PATH pointing into the prefix) and run
# against the installed shared library; the SONAME, the exported symbols of the installed
# .so against the installed headers (scripts/symbols.sh), the installed CLI, man pages
# (found through MANPATH) and completion are checked; `make uninstall` must leave no file
# behind. Then the same with DESTDIR staging (PREFIX=/usr DESTDIR=tmp): files land under
# DESTDIR, entente.pc names /usr. Records "install passed failed" in build/.results.
build=${1:-build}
make=${MAKE:-make}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL  install: $*"; }
check() { # check DESCRIPTION COMMAND...
    d=$1; shift
    if "$@" > "$tmp/log" 2>&1; then ok; else bad "$d"; sed 's/^/      /' "$tmp/log" | head -20; fi
}
# left PREFIX-DIR: no file or link is left under it
left() { [ -z "$(find "$1" \( -type f -o -type l \) 2>/dev/null)" ] || { find "$1" \( -type f -o -type l \); false; }; }

p=$tmp/prefix
check "make install PREFIX=$p" $make --no-print-directory -s BUILD="$build" install PREFIX="$p"
for f in bin/entente lib/libentente.so.0 lib/libentente.so lib/libentente.a lib/pkgconfig/entente.pc \
         include/entente.h include/entente/core.h include/entente/scenario.h share/man/man1/entente.1 \
         share/man/man1/entente-power.1 share/bash-completion/completions/entente; do
    check "installed $f" test -e "$p/$f"
done
check "SONAME of the installed library is libentente.so.0" \
    sh -c "readelf -d '$p/lib/libentente.so' | grep -q 'SONAME.*\[libentente.so.0\]'"
check "the installed library exports exactly the installed headers' ENT_API" \
    sh scripts/symbols.sh "$p/lib/libentente.so" "$p/include/entente.h" "$p"/include/entente/*.h

# the docs/api.md example, against the installed library only
mkdir -p "$tmp/ex"
check "cut the docs/api.md example" $make --no-print-directory -s BUILD="$build" "$build/tests/api_example.inc"
cp "$build/tests/api_example.inc" "$tmp/ex/api_example.inc"
cat > "$tmp/ex/main.c" <<'EOF'
#include <entente.h>
#include <stdio.h>
#include <string.h>
#include "api_example.inc"
int main(void)
{
    char ss[64];
    double c = 0;
    ent_error_t err = {0};
    if (example(ss, sizeof ss, &c, &err) != ENT_OK) { fprintf(stderr, "%s\n", err.msg); return 1; }
    printf("shapley(A) = %s, compromise = %.2f, library %s\n", ss, c, ent_version());
    return 0;
}
EOF
export PKG_CONFIG_PATH="$p/lib/pkgconfig"
flags=$(pkg-config --cflags --libs entente 2>"$tmp/pcerr")
check "pkg-config --cflags --libs entente" test -n "$flags"
check "pkg-config --static --libs entente" pkg-config --static --libs entente
check "pkg-config --modversion is the header's" sh -c "[ \"\$(pkg-config --modversion entente)\" = \"$("$build/entente" --version | cut -d' ' -f2)\" ]"
# shellcheck disable=SC2086
check "compile the docs/api.md example with pkg-config only" \
    sh -c "cd '$tmp/ex' && ${CC:-cc} -std=c11 -Wall -Werror main.c $flags -o example"
check "the example runs against the installed libentente.so.0" \
    sh -c "LD_LIBRARY_PATH='$p/lib' '$tmp/ex/example' > '$tmp/ex/out' && LD_LIBRARY_PATH='$p/lib' ldd '$tmp/ex/example' | grep -q 'libentente.so.0 => $p/lib/'"
check "the example prints 1/3 and 43.33" grep -q "^shapley(A) = 1/3, compromise = 43.33, library " "$tmp/ex/out"
check "the installed CLI runs" sh -c "'$p/bin/entente' power examples/eu-council-qmv.yaml --rule qmv --index shapley > /dev/null"
check "man finds the installed pages" sh -c "MANPATH='$p/share/man' man -w entente-forecast | grep -q '$p/share/man/man1/entente-forecast.1'"
check "the installed completion loads" bash -c ". '$p/share/bash-completion/completions/entente' && complete -p entente"

check "make uninstall PREFIX=$p" $make --no-print-directory -s BUILD="$build" uninstall PREFIX="$p"
check "uninstall leaves no file behind" left "$p"
check "uninstall removes include/entente" test ! -e "$p/include/entente"

# DESTDIR staging
s=$tmp/stage
check "make install PREFIX=/usr DESTDIR=$s" $make --no-print-directory -s BUILD="$build" install PREFIX=/usr DESTDIR="$s"
check "staged under DESTDIR" test -f "$s/usr/lib/libentente.so.0" -a -f "$s/usr/include/entente/game.h"
check "entente.pc names the final prefix" grep -q "^prefix=/usr$" "$s/usr/lib/pkgconfig/entente.pc"
check "make uninstall PREFIX=/usr DESTDIR=$s" $make --no-print-directory -s BUILD="$build" uninstall PREFIX=/usr DESTDIR="$s"
check "staged uninstall leaves no file behind" left "$s"
# the .pc file is regenerated for every PREFIX; leave the default one in BUILD
$make --no-print-directory -s BUILD="$build" "$build/entente.pc" >/dev/null 2>&1

echo "install ($build): $pass passed, $fail failed"
mkdir -p build; echo "install $pass $fail" >> build/.results
[ "$fail" -eq 0 ]
