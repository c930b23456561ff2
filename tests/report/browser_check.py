#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# browser_check.py OUTDIR REPORT.html... — open each briefing of `entente report` in headless
# Chromium (Debian chromium + chromium-driver, python3-selenium; scripts/deps.sh installs
# them) and fail on: any console message of level SEVERE, any resource the page loads (a
# self-contained page loads none, so a failed load cannot hide), any <script> element, any
# figure whose <svg> has an empty bounding box, any figure whose number of marks
# (.mark elements) differs from its data-marks (the count its data calls for, written by
# src/report/report_html.c), and any mark with an empty box outside a zero-valued bar.
# Saves OUTDIR/<name>.png (the whole page), OUTDIR/<name>-top.png (the first screen) and
# OUTDIR/<name>-fig-N.png (each of the first 40 figures) and OUTDIR/<name>-print.png (the first
# A4 screen under the print stylesheet).
# Prints one line per report; exit status 1 when any check failed, 77 when the browser
# cannot be started (then the caller says SKIP, not PASS).
import json
import os
import sys

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
except ImportError:
    print("browser_check: python3-selenium is missing (sh scripts/deps.sh)")
    sys.exit(77)

CHECK_JS = r"""
const out = {figures: [], problems: []};
if (document.querySelectorAll('script').length)
  out.problems.push(document.querySelectorAll('script').length + ' <script> element(s) in the page');
const res = performance.getEntriesByType('resource');
for (const r of res) out.problems.push('resource loaded: ' + r.name);
for (const f of document.querySelectorAll('figure.fig')) {
  const want = parseInt(f.dataset.marks, 10);
  const marks = f.querySelectorAll('.mark');
  const svg = f.querySelector('svg');
  const rec = {id: f.id, kind: f.dataset.kind, want: want, got: marks.length};
  if (svg) {
    const b = svg.getBoundingClientRect();
    rec.box = [b.width, b.height];
    if (!(b.width > 0 && b.height > 0)) out.problems.push(f.id + ': empty figure bounding box');
  } else if (!f.querySelector('table')) out.problems.push(f.id + ': a figure with neither svg nor table');
  if (marks.length !== want) out.problems.push(f.id + ' (' + rec.kind + '): ' + marks.length + ' marks, the data calls for ' + want);
  let empty = 0;
  for (const m of marks) {
    const b = m.getBoundingClientRect();
    const zeroBar = m.tagName === 'rect' && (parseFloat(m.getAttribute('width')) === 0 || parseFloat(m.getAttribute('height')) === 0);
    if (!(b.width > 0 || b.height > 0) && !zeroBar) empty++;
  }
  if (empty) out.problems.push(f.id + ': ' + empty + ' marks with an empty box');
  out.figures.push(rec);
}
for (const s of document.querySelectorAll('section')) {
  if (!s.querySelector('figure, p, table, ul')) out.problems.push('section ' + s.id + ' is empty');
}
out.height = document.documentElement.scrollHeight;
return JSON.stringify(out);
"""


def main():
    if len(sys.argv) < 3:
        print("usage: browser_check.py OUTDIR REPORT.html...")
        return 2
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--window-size=1280,900", "--hide-scrollbars"):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        drv = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    except Exception as e:  # no browser on this machine: a skip, said as such
        print("browser_check: cannot start chromium: %s" % str(e).splitlines()[0])
        return 77
    bad = 0
    try:
        for path in sys.argv[2:]:
            name = os.path.splitext(os.path.basename(path))[0]
            drv.set_window_size(1280, 900)
            drv.get("file://" + os.path.abspath(path))
            res = json.loads(drv.execute_script(CHECK_JS))
            logs = [l for l in drv.get_log("browser") if l.get("level") == "SEVERE"]
            problems = res["problems"] + ["console: " + l["message"] for l in logs]
            drv.save_screenshot(os.path.join(outdir, name + "-top.png"))
            drv.set_window_size(1280, min(res["height"] + 100, 16000))
            drv.save_screenshot(os.path.join(outdir, name + ".png"))
            drv.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
            drv.set_window_size(794, 1123)  # A4 at 96 dpi: the print stylesheet's first page
            drv.save_screenshot(os.path.join(outdir, name + "-print.png"))
            drv.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
            drv.set_window_size(1280, min(res["height"] + 100, 16000))
            for k, el in enumerate(drv.find_elements("css selector", "figure.fig")[:40]):
                el.screenshot(os.path.join(outdir, "%s-%s.png" % (name, el.get_attribute("id"))))
            nmarks = sum(f["got"] for f in res["figures"])
            if problems:
                bad = 1
                print("FAIL %s: %d figures, %d marks" % (path, len(res["figures"]), nmarks))
                for p in problems[:40]:
                    print("  " + p)
            else:
                print("ok   %s: %d figures, %d marks, page %d px, screenshot %s" %
                      (path, len(res["figures"]), nmarks, res["height"], os.path.join(outdir, name + ".png")))
    finally:
        drv.quit()
    return bad


if __name__ == "__main__":
    sys.exit(main())
