#!/bin/sh
# SPDX-License-Identifier: MIT
# fuzz.sh SECONDS — build every libFuzzer harness in tests/fuzz/fuzz_*.c with clang
# (ASan+UBSan) and run each for SECONDS seconds on a copy of its seed corpus
# (tests/fuzz/corpus/<name>/), with the libFuzzer dictionary tests/fuzz/fuzz_<name>.dict
# when there is one (-dict=). Any crash, leak or timeout fails the run.
# The build is the Makefile's FUZZ=1 mode: the library is compiled once, with
# -fsanitize=fuzzer-no-link,address,undefined, into build-fuzz/libentente.a, and every
# harness links against that archive (make tracks headers, so a rerun rebuilds only what
# changed). JOBS (default: all cores) is the build's parallelism.
set -e
secs=${1:-5}
out=build-fuzz
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
make --no-print-directory -j"$jobs" FUZZ=1 CC=clang BUILD=$out fuzz-bin
pass=0; fail=0
for h in tests/fuzz/fuzz_*.c; do
    [ -f "$h" ] || continue
    name=$(basename "$h" .c)
    bin=$out/fuzz/$name
    corpus=$out/corpus/$name
    mkdir -p "$corpus"
    [ -d tests/fuzz/corpus/${name#fuzz_} ] && cp -r tests/fuzz/corpus/${name#fuzz_}/. "$corpus/" 2>/dev/null || true
    dict=; [ -f tests/fuzz/$name.dict ] && dict=-dict=tests/fuzz/$name.dict
    if "$bin" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
            -print_final_stats=0 $dict "$corpus" >"$out/$name.log" 2>&1; then
        pass=$((pass+1)); echo "ok    fuzz/$name ($secs s)"
    else
        fail=$((fail+1)); echo "FAIL  fuzz/$name"; tail -40 "$out/$name.log"
    fi
done
echo "fuzz: $pass passed, $fail failed"
mkdir -p build; echo "fuzz $pass $fail" >> build/.results
[ "$fail" -eq 0 ]
