#!/bin/sh
# fuzz.sh SECONDS — build every libFuzzer harness in tests/fuzz/fuzz_*.c with clang
# (ASan+UBSan) and run each for SECONDS seconds on a copy of its seed corpus
# (tests/fuzz/corpus/<name>/). Any crash, leak or timeout fails the run.
set -e
secs=${1:-5}
out=build-fuzz
mkdir -p $out
src=$(ls src/*/*.c | grep -v '^src/cli/')
flags="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 -Iinclude -Isrc -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all"
pass=0; fail=0
for h in tests/fuzz/fuzz_*.c; do
    [ -f "$h" ] || continue
    name=$(basename "$h" .c)
    bin=$out/$name
    if [ ! -x "$bin" ] || [ -n "$(find $h $src include -newer "$bin" 2>/dev/null | head -1)" ]; then
        clang $flags -o "$bin" "$h" $src -lfyaml -lgmp -lm -lpthread $(pkg-config --libs clp 2>/dev/null || echo -lClp -lCoinUtils)
    fi
    corpus=$out/corpus/$name
    mkdir -p "$corpus"
    [ -d tests/fuzz/corpus/${name#fuzz_} ] && cp -r tests/fuzz/corpus/${name#fuzz_}/. "$corpus/" 2>/dev/null || true
    if "$bin" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
            -print_final_stats=0 "$corpus" >"$out/$name.log" 2>&1; then
        pass=$((pass+1)); echo "ok    fuzz/$name ($secs s)"
    else
        fail=$((fail+1)); echo "FAIL  fuzz/$name"; tail -40 "$out/$name.log"
    fi
done
echo "fuzz: $pass passed, $fail failed"
mkdir -p build; echo "fuzz $pass $fail" >> build/.results
[ "$fail" -eq 0 ]
