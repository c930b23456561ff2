#!/bin/sh
# SPDX-License-Identifier: MIT
# check.sh ENTENTE [OUTDIR] — the briefing as a person sees it (issue 14): writes the report
# of every example, of tests/data/report/*.yaml and (when ../shared/data is present) of
# KTAB's a160 SMP table, and the page of two scenarios side by side, into OUTDIR (default
# build/report), writes the flagship's figures as SVG, PNG and PDF (PNG/PDF when built with
# librsvg; the files' signatures are checked), checks each page with
# `xmllint --noout` (well-formed XHTML5), then opens them all in headless Chromium
# (tests/report/browser_check.py: console errors, loads, empty figures, mark counts;
# screenshots in OUTDIR/shots). Exit 1 on any failure; a missing browser is reported as
# SKIP (exit 0) so that a machine without scripts/deps.sh's packages says so rather than fails.
bin=$1
out=${2:-build/report}
mkdir -p "$out"
fail=0
pages=""
for f in examples/*.yaml tests/data/report/*.yaml ${ENTENTE_DATA:-../shared/data}/ktab/dummyData-a160.csv; do
    [ -f "$f" ] || { echo "skip $f (absent)"; continue; }
    name=$(basename "${f%.*}")
    if ! "$bin" report "$f" -o "$out/$name.html" 2>"$out/$name.err"; then
        echo "FAIL report $f:"; cat "$out/$name.err"; fail=1; continue
    fi
    if ! xmllint --noout "$out/$name.html"; then echo "FAIL xmllint $out/$name.html"; fail=1; fi
    pages="$pages $out/$name.html"
done
# two scenarios side by side (entente compare's page)
if "$bin" report tests/data/analysis/ukraine-flagship-v1.yaml tests/data/analysis/ukraine-istanbul-without-russia.yaml \
       -o "$out/two-scenarios.html" 2>"$out/two-scenarios.err" && xmllint --noout "$out/two-scenarios.html"; then
    pages="$pages $out/two-scenarios.html"
else echo "FAIL report of two scenarios:"; cat "$out/two-scenarios.err"; fail=1; fi
# figures alone: SVG always; PNG and PDF when this entente was built with librsvg and cairo
rm -rf "$out/figures"
if "$bin" report examples/ukraine-guarantees.yaml -o "$out/figures.html" --figures "$out/figures" \
       --figure-formats svg,png,pdf 2>"$out/figures.err"; then
    nsvg=$(ls "$out/figures"/*.svg | wc -l); npng=0; npdf=0
    for f in "$out/figures"/*.png; do head -c 8 "$f" | od -An -c | grep -q 'P   N   G' && npng=$((npng+1)); done
    for f in "$out/figures"/*.pdf; do [ "$(head -c 5 "$f")" = "%PDF-" ] && npdf=$((npdf+1)); done
    xmllint --noout "$out/figures"/*.svg || fail=1
    if [ "$nsvg" -gt 0 ] && [ "$npng" -eq "$nsvg" ] && [ "$npdf" -eq "$nsvg" ]; then
        echo "ok   figures: $nsvg SVG, $npng PNG, $npdf PDF in $out/figures"
    else echo "FAIL figures: $nsvg SVG, $npng PNG, $npdf PDF"; fail=1; fi
elif grep -q "built without" "$out/figures.err"; then echo "SKIP PNG/PDF figures: $(cat "$out/figures.err" | head -1)"
else echo "FAIL figures:"; cat "$out/figures.err"; fail=1; fi
/usr/bin/python3 tests/report/browser_check.py "$out/shots" $pages
st=$?
if [ "$st" -eq 77 ]; then echo "SKIP browser check (sh scripts/deps.sh installs chromium, chromium-driver, python3-selenium)"
elif [ "$st" -ne 0 ]; then fail=1; fi
[ "$fail" -eq 0 ] && echo "report check: every briefing well-formed and checked in the browser" || echo "report check: FAILED"
exit $fail
