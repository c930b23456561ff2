#!/bin/sh
# SPDX-License-Identifier: MIT
# bench.sh BUILD — run every benchmark program build/bench/bench_* (each prints its own
# table: method, time, peak memory, ratio to a baseline measured in the same run).
# Benchmarks that need ../shared/data say so and skip those games when it is absent.
build=$1
for b in "$build"/bench/bench_*; do
    [ -x "$b" ] || continue
    echo "== $(basename "$b")"
    "$b" || exit 1
done
