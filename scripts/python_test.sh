#!/bin/sh
# SPDX-License-Identifier: MIT
# python_test.sh BUILD — the Python package (python/, docs/python.md) installed and tested
# the way a user installs it: a virtual environment with the system's packages (Debian's
# python3-cffi, python3-pytest, python3-pandas, python3-matplotlib), then `pip install
# --no-build-isolation --no-index ./python` (offline), built against BUILD/libentente.so;
# then pytest over python/tests (every result compared with the CLI BUILD/entente; the
# worked example of docs/python.md run with matplotlib's Agg backend, its figure checked),
# from outside the source tree so that the installed package is what is imported.
# The interpreter: $PYTHON if set, else the first of `python3` and /usr/bin/python3 that
# imports cffi, pytest, pandas, matplotlib and openpyxl (a python3 of pyenv or conda earlier in PATH
# does not see Debian's packages). scripts/deps.sh installs them, so a missing one is a
# failure, not a skip; only a missing python3 skips, loudly. Records "python passed failed".
build=${1:-build}
root=$(pwd)
mkdir -p build
if ! command -v python3 >/dev/null 2>&1 && [ -z "$PYTHON" ]; then
    echo "************************************************************************"
    echo "SKIPPED  python: python3 not found; the Python package is NOT tested"
    echo "         (Debian: python3 python3-venv python3-cffi python3-dev; make deps)"
    echo "************************************************************************"
    echo "python-skipped 0 0" >> build/.results
    exit 0
fi
fail() { echo "FAIL  python: $*"; echo "python 0 1" >> "$root/build/.results"; exit 1; }
need="cffi pytest pandas matplotlib openpyxl"
py=""
for c in ${PYTHON:-python3 /usr/bin/python3}; do
    command -v "$c" >/dev/null 2>&1 || continue
    if "$c" -c "import venv, $(echo $need | tr ' ' ',')" 2>/dev/null; then py=$c; break; fi
done
if [ -z "$py" ]; then
    c=${PYTHON:-python3}
    miss=$(for m in venv $need; do "$c" -c "import $m" 2>/dev/null || printf ' %s' "$m"; done)
    fail "$c cannot import:$miss (Debian: python3-venv python3-cffi python3-pytest python3-pandas python3-matplotlib python3-openpyxl; make deps)"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$py" -m venv --system-site-packages "$tmp/venv" > "$tmp/log" 2>&1 || { cat "$tmp/log"; fail "$py -m venv"; }
ENTENTE_INCLUDEDIR="$root/include" ENTENTE_LIBDIR="$root/$build" \
    "$tmp/venv/bin/pip" install --no-build-isolation --no-index "$root/python" > "$tmp/log" 2>&1 ||
    { tail -30 "$tmp/log"; fail "pip install --no-build-isolation --no-index ./python"; }
cd "$tmp" || exit 1
# -p no:cacheprovider and PYTHONDONTWRITEBYTECODE: write nothing into the source tree;
# -rfEs: say what failed or skipped
ENTENTE_ROOT="$root" ENTENTE_CLI="$root/$build/entente" MPLBACKEND=Agg PYTHONDONTWRITEBYTECODE=1 \
    "$tmp/venv/bin/python" -m pytest -q -rfEs -p no:cacheprovider "$root/python/tests" > "$tmp/out" 2>&1
st=$?
# the summary line: "3 failed, 25 passed, 1 skipped in 9.81s"
last=$(grep -E '^(=+ )?[0-9]+ (passed|failed|error|errors|skipped)' "$tmp/out" | tail -1)
count() { echo "$last" | sed -n "s/.*\([^0-9]\|^\)\([0-9][0-9]*\) $1.*/\2/p" | head -1; }
pass=$(count passed); failed=$(count failed); errors=$(count 'errors*'); skipped=$(count skipped)
pass=${pass:-0}; bad=$(( ${failed:-0} + ${errors:-0} ))
[ "$st" -ne 0 ] && { cat "$tmp/out"; [ "$bad" -eq 0 ] && bad=1; }
# a skip is a test that did not run although everything it needs is installed: a failure
[ "${skipped:-0}" -gt 0 ] && { grep -i skip "$tmp/out"; bad=$((bad + skipped)); }
echo "python ($build, $("$py" -c 'import sys; print(sys.executable)'), pytest): $pass passed, $bad failed"
echo "python $pass $bad" >> "$root/build/.results"
[ "$bad" -eq 0 ]
