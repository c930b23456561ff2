#!/bin/bash
# SPDX-License-Identifier: MIT
# completion_test.sh ENTENTE COMPLETION — drive the generated bash completion
# (scripts/completion.sh) as bash does on TAB: set COMP_WORDS / COMP_CWORD, call _entente,
# compare COMPREPLY. Checks commands, options, option values (formats, models, comma lists
# of indices), file arguments, an id argument that completes nothing, and that every option
# of every command's --help is offered after "--". Run from the repository root (it
# completes examples/). Records "completion passed failed" in build/.results.
bin=$1; comp=$2
# shellcheck disable=SC1090
. "$comp" || { echo "completion: cannot source $comp"; echo "completion 0 1" >> build/.results; exit 1; }
pass=0; fail=0
# expect "WANTED WORDS" word... : the completion of the command line (last word = the word
# being completed) must be exactly WANTED WORDS (sorted, space-separated)
expect() {
    local want=$1; shift
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
    _entente
    local got
    got=$(printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort | tr '\n' ' ' | sed 's/ $//')
    if [ "$got" = "$want" ]; then pass=$((pass+1))
    else fail=$((fail+1)); echo "FAIL  completion of '$*': want '$want', got '$got'"; fi
}
expect "power proposals" entente p
expect "--help" entente --he
expect "--rule" entente power examples/eu-council-qmv.yaml --ru
expect "" entente power --rule ""
expect "yaml" entente info --format y
expect "bdm" entente forecast --model b
expect "compromise,median" entente forecast --model compromise,me
expect "shapley" entente power --index sha
expect "penrose,shapley" entente power --index penrose,sha
expect "examples/ukraine-guarantees.yaml" entente info examples/ukr
expect "examples/un-security-council.yaml" entente validate --csv examples/un
expect "examples/eu-council-qmv.yaml" entente validate --capability-file examples/eu
expect "--no-position=abstain --no-position=indifferent" entente analyze --no-p
expect "--no-forecasts --no-position=abstain --no-position=indifferent --no-readings --no-sensitivity" entente analyze --no
# every option of every command's help is offered
for cmd in $("$bin" --help | awk '/^commands:/ { on = 1; next } on && /^$/ { exit } on { print $1 }'); do
    COMP_WORDS=(entente "$cmd" --); COMP_CWORD=2; COMPREPLY=(); _entente
    offered=" ${COMPREPLY[*]} "
    missing=""
    for o in $("$bin" "$cmd" --help | grep -oE '(^ +|also )--[a-z][a-z0-9-]*' | grep -oE -- '--[a-z0-9-]+$' | sort -u); do
        case $offered in *" $o "*|*" $o="*) ;; *) missing="$missing $o";; esac
    done
    if [ -z "$missing" ] && [ "${#COMPREPLY[@]}" -gt 0 ]; then pass=$((pass+1))
    else fail=$((fail+1)); echo "FAIL  completion of 'entente $cmd --' lacks:$missing"; fi
done
echo "completion ($comp): $pass passed, $fail failed"
mkdir -p build; echo "completion $pass $fail" >> build/.results
[ "$fail" -eq 0 ]
