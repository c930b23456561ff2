#!/bin/sh
# SPDX-License-Identifier: MIT
# arch.sh [ROOT] — check the layering of the library by its #include "..." lines.
#
#   cli → analysis → forecast → game → scenario → core
#                        forecast → smp ──────────→ core
#   report beside: it may include any engine's public header, and no engine includes it.
#
# Every #include "..." in ROOT/src/*/* and ROOT/include/entente/*.h is resolved as the
# compiler does (the including file's folder, then include/, then src/) and given a layer:
# src/<layer>/... is that layer; a public header is the layer it declares (entente/core.h →
# core, scenario.h and survey.h → scenario, game.h → game, forecast.h, bdm.h, exchange.h, validate.h →
# forecast, smp.h → smp, analysis.h and simulate.h → analysis, report.h → report), and entente.h is every
# layer. A line breaks a rule when its layer may not include the included one:
#   core      only core
#   scenario  no game, forecast, smp, analysis, report, cli
#   game      no forecast, smp, analysis, report, cli
#   smp       only core (and src/smp)
#   forecast  no analysis, report, cli
#   analysis  no report, cli
#   report    no cli
#   cli       public headers and src/cli only (the command line is a client of the API)
# and nothing outside src/cli includes src/cli. Each broken rule is listed as
# file:line: #include "...": rule; the exit status is 1 when any is. An include that
# resolves nowhere, a folder of src/ or a public header without a layer is an error too
# (add it to the tables below): the checker never passes what it does not know.
# Run on the repository (no ROOT), it records "arch 1 0" or "arch 0 1" in build/.results.
# Cost: one pass over the include lines.
root=${1:-.}
results=build/.results
[ "$root" = . ] || results=/dev/null

files=$( (cd "$root" && find src -mindepth 2 -name '*.[ch]' && find include -name '*.h') 2>/dev/null | sort)
[ -n "$files" ] || { echo "arch: no sources under $root/src"; exit 1; }
# one awk pass over "file:line:text" of every include line (and one line per file, so that
# a file of an unknown folder is reported even when it includes nothing)
out=$(cd "$root" && { for f in $files; do echo "$f:0:"; done
                      grep -Hn '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' $files; } | awk -F: '
function exists(p,   x, r) { r = (getline x < p) >= 0; close(p); return r }
function public_layer(h) {   # public header (path under include/) -> layer
    if (h == "entente.h") return "all"
    if (h == "entente/core.h") return "core"
    if (h == "entente/scenario.h" || h == "entente/survey.h") return "scenario"
    if (h == "entente/game.h") return "game"
    if (h == "entente/forecast.h" || h == "entente/bdm.h" || h == "entente/exchange.h" || h == "entente/validate.h") return "forecast"
    if (h == "entente/smp.h") return "smp"
    if (h == "entente/analysis.h" || h == "entente/simulate.h") return "analysis"
    if (h == "entente/report.h") return "report"
    return "unknown"
}
function layer_of(path,   p) {   # a path under the root -> layer
    if (path ~ /^src\/[^\/]+\//) { p = path; sub(/^src\//, "", p); sub(/\/.*/, "", p); return p }
    if (path ~ /^include\//) { p = path; sub(/^include\//, "", p); return public_layer(p) }
    return "unknown"
}
BEGIN {
    # the layers each layer must not include, and the rule as printed
    bad["core"] = " scenario game smp forecast analysis report cli "
    bad["scenario"] = " game smp forecast analysis report cli "
    bad["game"] = " smp forecast analysis report cli "
    bad["smp"] = " scenario game forecast analysis report cli "
    bad["forecast"] = " analysis report cli "
    bad["analysis"] = " report cli "
    bad["report"] = " cli "
    bad["cli"] = " "
    rule["core"] = "src/core includes nothing outside core"
    rule["scenario"] = "scenario must not include game, forecast, smp, analysis, report or cli"
    rule["game"] = "game must not include forecast, smp, analysis, report or cli"
    rule["smp"] = "smp includes only core (entente/core.h) and its own folder"
    rule["forecast"] = "forecast must not include analysis, report or cli"
    rule["analysis"] = "analysis must not include report or cli"
    rule["report"] = "report must not include cli"
}
{
    f = $1; line = $2
    if (f == "include/entente.h") next   # the umbrella header: every layer by definition
    from = layer_of(f)
    if (line == 0) {
        if (!(from in bad)) print f ": no layer for this file; add its folder or header to scripts/arch.sh"
        next
    }
    if (!(from in bad)) next
    inc = $0; sub(/^[^"]*"/, "", inc); sub(/".*/, "", inc)
    where = f ":" line ": #include \"" inc "\""
    dir = f; sub(/\/[^\/]*$/, "", dir)
    if (exists(dir "/" inc)) target = dir "/" inc
    else if (exists("include/" inc)) target = "include/" inc
    else if (exists("src/" inc)) target = "src/" inc
    else { print where ": resolves to no file"; next }
    to = layer_of(target)
    if (to == "unknown") { print where ": no layer for " target "; add it to scripts/arch.sh"; next }
    if (to == "cli" && from != "cli") { print where ": nothing outside src/cli includes src/cli"; next }
    if (from == "cli") {
        if (target !~ /^include\// && to != "cli")
            print where ": src/cli includes only public headers (include/) and src/cli"
        next
    }
    if (to == "all") {   # every layer but cli
        if (bad[from] != " " && bad[from] != " cli ") print where ": entente.h is every layer; " rule[from]
        next
    }
    if (index(bad[from], " " to " ")) print where ": " rule[from]
}')
if [ -n "$out" ]; then
    echo "$out"
    n=$(echo "$out" | wc -l)
    echo "arch: $n include line(s) break the layering"
    [ "$results" = /dev/null ] || { mkdir -p build; echo "arch 0 1" >> "$results"; }
    exit 1
fi
echo "arch: the include lines of src/ and include/ keep the layering"
[ "$results" = /dev/null ] || { mkdir -p build; echo "arch 1 0" >> "$results"; }
