#!/bin/sh
# SPDX-License-Identifier: MIT
# python_test.sh BUILD — the Python package (python/, docs/python.md) installed and tested
# the way a user installs it: a virtual environment with the system's packages (Debian's
# python3-cffi), then `pip install --no-build-isolation --no-index ./python` (offline),
# built against BUILD/libentente.so; then python/tests (unittest; every result compared with
# the CLI BUILD/entente) and the worked example of docs/python.md, run from outside the
# source tree so the installed package is what is imported. Skipped, loudly, only when
# python3 itself is missing (scripts/deps.sh installs it). Records "python passed failed".
build=${1:-build}
root=$(pwd)
mkdir -p build
if ! command -v python3 >/dev/null 2>&1; then
    echo "************************************************************************"
    echo "SKIPPED  python: python3 not found; the Python package is NOT tested"
    echo "         (Debian: python3 python3-venv python3-cffi python3-dev; make deps)"
    echo "************************************************************************"
    echo "python-skipped 0 0" >> build/.results
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL  python: $*"; echo "python 0 1" >> build/.results; exit 1; }
python3 -m venv --system-site-packages "$tmp/venv" > "$tmp/log" 2>&1 || { cat "$tmp/log"; fail "python3 -m venv"; }
ENTENTE_INCLUDEDIR="$root/include" ENTENTE_LIBDIR="$root/$build" \
    "$tmp/venv/bin/pip" install --no-build-isolation --no-index "$root/python" > "$tmp/log" 2>&1 ||
    { tail -30 "$tmp/log"; fail "pip install --no-build-isolation --no-index ./python"; }
cd "$tmp" || exit 1
ENTENTE_ROOT="$root" ENTENTE_CLI="$root/$build/entente" \
    "$tmp/venv/bin/python" -m unittest discover -s "$root/python/tests" > "$tmp/out" 2>&1
st=$?
ran=$(sed -n 's/^Ran \([0-9]*\) tests\{0,1\} .*/\1/p' "$tmp/out")
bad=$(sed -n 's/^FAILED (\(.*\))/\1/p' "$tmp/out" | tr ',' '\n' | sed -n 's/.*\(failures\|errors\)=\([0-9]*\).*/\2/p' | awk '{s+=$1} END {print s+0}')
skipped=$(grep -o 'skipped=[0-9]*' "$tmp/out" | cut -d= -f2)
[ "$st" -ne 0 ] && { cat "$tmp/out"; [ "${bad:-0}" -eq 0 ] && bad=1; }
[ -n "$ran" ] || ran=0
pass=$((ran - bad - ${skipped:-0}))
# the worked example of docs/python.md: its ```python block, run from a scratch folder
awk '/^```python *$/ { on = 1; next } on && /^```/ { exit } on { print }' "$root/docs/python.md" > "$tmp/example.py"
if [ -s "$tmp/example.py" ]; then
    ln -s "$root/examples" "$tmp/examples"   # the example is written for the repository root
    if ENTENTE_ROOT="$root" "$tmp/venv/bin/python" "$tmp/example.py" > "$tmp/ex.out" 2>&1 &&
       { ! "$tmp/venv/bin/python" -c 'import matplotlib' 2>/dev/null || [ -s "$tmp/forecasts.png" ]; }; then
        pass=$((pass + 1))
    else
        bad=$((bad + 1)); echo "FAIL  python: the docs/python.md example"; cat "$tmp/ex.out"
    fi
else
    bad=$((bad + 1)); echo "FAIL  python: no \`\`\`python block in docs/python.md"
fi
echo "python ($build): $pass passed, $bad failed${skipped:+, $skipped skipped (see python/tests)}"
echo "python $pass $bad" >> "$root/build/.results"
[ "$bad" -eq 0 ]
