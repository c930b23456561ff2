#!/bin/sh
# SPDX-License-Identifier: MIT
# arch_test.sh — proof that scripts/arch.sh catches what it must and passes what it may.
# It builds a small tree in a temporary folder (every public header, an internal header
# and a source file per layer, each source including all its layer may include) on which
# arch.sh must pass; then, one case at a time, plants one file with one #include line and
# checks arch.sh's verdict: "bad" cases must fail, listing exactly that file:line and the
# rule's text; "ok" cases must pass. Last, it plants one bad include in a copy of the real
# src/ and include/ and checks that this line is listed. The cases are the table below.
# Records "arch-selftest PASSED FAILED" in build/.results.
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
no() { fail=$((fail+1)); echo "FAIL  arch self-test: $*"; }

# ---- the synthetic tree ----
t=$tmp/tree
mkdir -p "$t/include/entente"
: > "$t/include/entente.h"
for h in core scenario game forecast bdm exchange validate smp analysis report; do : > "$t/include/entente/$h.h"; done
allowed() {   # layer → the public headers it may include
    case $1 in
    core) echo core ;;
    scenario) echo core scenario ;;
    game) echo core scenario game ;;
    smp) echo core smp ;;
    forecast) echo core scenario game smp forecast bdm exchange validate ;;
    analysis) echo core scenario game smp forecast bdm exchange validate analysis ;;
    report | cli) echo core scenario game smp forecast bdm exchange validate analysis report ;;
    esac
}
for l in core scenario game smp forecast analysis report cli; do
    mkdir -p "$t/src/$l"
    : > "$t/src/$l/${l}_i.h"
    {
        echo "#include \"${l}_i.h\""
        echo "#include \"$l/${l}_i.h\""
        for h in $(allowed "$l"); do echo "#include \"entente/$h.h\""; done
        echo "#include <stdio.h>"
    } > "$t/src/$l/$l.c"
done
echo '#include "entente.h"' >> "$t/src/report/report.c"
echo '#include "entente.h"' >> "$t/src/cli/cli.c"
echo '#include "forecast/forecast_i.h"' >> "$t/src/analysis/analysis.c"
echo '#include "smp/smp_i.h"' >> "$t/src/forecast/forecast.c"
echo '#include "game/game_i.h"' >> "$t/src/forecast/forecast.c"
echo '#include "scenario/scenario_i.h"' >> "$t/src/game/game.c"
echo '#include "core/core_i.h"' >> "$t/src/smp/smp.c"
if sh "$here/arch.sh" "$t" > "$tmp/log" 2>&1; then ok; else no "the clean tree fails:"; cat "$tmp/log"; fi

# ---- planted includes: verdict  file  include  text the rule must show ----
while read -r verdict file inc text; do
    [ -n "$verdict" ] && [ "${verdict#\#}" = "$verdict" ] || continue
    mkdir -p "$t/${file%/*}"
    printf '/* planted */\n#include "%s"\n' "$inc" > "$t/$file"
    sh "$here/arch.sh" "$t" > "$tmp/log" 2>&1
    st=$?
    listed=$(grep -c "^$file\(:2: #include \"$inc\"\)\{0,1\}: .*$text" "$tmp/log")
    lines=$(grep -c '^\(src\|include\)/' "$tmp/log")
    if [ "$verdict" = bad ] && [ $st -eq 1 ] && [ "$listed" -eq 1 ] && [ "$lines" -eq 1 ]; then ok
    elif [ "$verdict" = ok ] && [ $st -eq 0 ]; then ok
    else no "$file: #include \"$inc\" should be $verdict (exit $st):"; cat "$tmp/log"; fi
    rm -f "$t/$file"
    rmdir "$t/${file%/*}" 2>/dev/null
done <<'EOF'
bad src/core/p.c        entente/scenario.h     src/core includes nothing outside core
bad src/core/p.c        game/game_i.h          src/core includes nothing outside core
bad src/core/p.c        entente.h              every layer
ok  src/core/p.c        entente/core.h
ok  src/core/p.c        core_i.h
bad src/scenario/p.c    entente/game.h         scenario must not include game
bad src/scenario/p.c    game/game_i.h          scenario must not include game
bad src/scenario/p.c    entente/smp.h          scenario must not include
ok  src/scenario/p.c    entente/scenario.h
bad src/game/p.c        entente/forecast.h     game must not include forecast
bad src/game/p.c        entente/bdm.h          game must not include forecast
bad src/game/p.c        smp/smp_i.h            game must not include
bad src/game/p.c        entente/report.h       game must not include
ok  src/game/p.c        scenario/scenario_i.h
bad src/smp/p.c         entente/scenario.h     smp includes only core
bad src/smp/p.c         entente/forecast.h     smp includes only core
bad src/smp/p.c         forecast/forecast_i.h  smp includes only core
bad src/smp/p.c         game/game_i.h          smp includes only core
ok  src/smp/p.c         entente/smp.h
bad src/forecast/p.c    entente/analysis.h     forecast must not include analysis
bad src/forecast/p.c    entente/report.h       forecast must not include analysis, report
bad src/forecast/p.c    report/report_i.h      forecast must not include analysis, report
ok  src/forecast/p.c    entente/validate.h
bad src/analysis/p.c    entente/report.h       analysis must not include report
bad src/analysis/p.c    entente.h              every layer; analysis must not include report
ok  src/analysis/p.c    entente/forecast.h
bad src/report/p.c      cli/cli_i.h            nothing outside src/cli includes src/cli
ok  src/report/p.c      entente/analysis.h
bad src/game/p.c        cli/cli_i.h            nothing outside src/cli includes src/cli
bad src/cli/p.c         forecast/forecast_i.h  src/cli includes only public headers
ok  src/cli/p.c         entente.h
ok  src/cli/p.c         cli_i.h
bad src/core/p.c        no/such.h              resolves to no file
bad src/lp/p.c          entente/core.h         no layer for this file
bad include/entente/lp.h entente/core.h        no layer for this file
EOF

# ---- one bad include planted in a copy of the real tree ----
root=$(cd "$here/.." && pwd)
mkdir -p "$tmp/real"
cp -r "$root/src" "$root/include" "$tmp/real/"
f=$(cd "$tmp/real" && ls src/core/*.c | head -1)
n=$(($(wc -l < "$tmp/real/$f") + 1))
echo '#include "entente/analysis.h"' >> "$tmp/real/$f"
sh "$here/arch.sh" "$tmp/real" > "$tmp/log" 2>&1
st=$?
if [ $st -eq 1 ] && grep -q "^$f:$n: #include \"entente/analysis.h\": src/core includes nothing outside core" "$tmp/log"
then ok; else no "the include planted at $f:$n of a copy of src/ is not listed (exit $st):"; cat "$tmp/log"; fi

echo "arch-selftest: $pass passed, $fail failed"
mkdir -p build; echo "arch-selftest $pass $fail" >> build/.results
[ "$fail" -eq 0 ]
