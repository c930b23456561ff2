# SPDX-License-Identifier: MIT
"""bench.py — speed of the Python package against C and the CLI (docs/python.md, issue 16):

  call overhead   a scalar call through the package (lib.ent_version_number(), and the
                  public entente.version()) against the same C function called directly in a
                  loop compiled by cffi (the C loop's cost per call is the baseline)
  to_dict         Scenario.to_dict() of the flagship (target < 1 ms), repeated; and the
                  first call after load(), which makes the Python objects
  load            entente.load() of the DEU III table (364 issues x 30 actors, when
                  ../shared/data or ENTENTE_DATA has it) against `entente info` and
                  `entente convert --json` of the same file in a process (target <= 1.2x),
                  best of 5 each. load() = the C loader + the rule check; the Python
                  objects are made when first read (the library's JSON emitter +
                  json.loads + the Element objects), so "load + read" (load(), then
                  s.actors) and "load + analysis" (load(), then proposals, which runs on the
                  C scenario without making them) are printed too.

Run with the package installed: VENV/bin/python python/bench.py [ENTENTE_CLI]. Prints one
line per figure; no assertion (timings on a shared machine are not tests).
"""
import os
import subprocess
import sys
import time
import timeit

# import the installed package, not the source folder this script sits in
here = os.path.dirname(os.path.abspath(__file__))
sys.path = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]
import entente  # noqa: E402
from entente._entente import lib  # noqa: E402

root = os.environ.get("ENTENTE_ROOT", os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
cli = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build", "entente")


def best(f, n, rep=5):
    return min(timeit.repeat(f, number=n, repeat=rep)) / n


n = 200000
py_raw = best(lib.ent_version_number, n)
py_pub = best(entente.version, n)
c_call = min(lib._entente_bench_scalar(10 * n) for _ in range(5))  # the C function, from C
print("scalar call: C direct %.4f us, through cffi %.3f us (overhead %.3f us, target < 5), "
      "entente.version() %.3f us" % (c_call * 1e6, py_raw * 1e6, (py_raw - c_call) * 1e6,
                                     py_pub * 1e6))

flagship = os.path.join(root, "examples", "ukraine-guarantees.yaml")
s = entente.load(flagship)


def first_to_dict():
    """Best of 50: to_dict() right after load(), the load itself not counted."""
    out = []
    for _ in range(50):
        t = entente.load(flagship)
        t0 = time.perf_counter()
        t.to_dict()
        out.append(time.perf_counter() - t0)
    return min(out)


print("to_dict of the flagship: %.3f ms (repeated); first call after load(): %.3f ms" % (
    best(s.to_dict, 200) * 1e3, first_to_dict() * 1e3))

data = os.environ.get("ENTENTE_DATA", os.path.join(root, "..", "shared", "data"))
deu = os.path.join(data, "deu3", "deu3.tsv")
if os.path.exists(deu):
    py = best(lambda: entente.load(deu, skip_line=2), 1)
    read = best(lambda: entente.load(deu, skip_line=2).actors, 1)
    ana = best(lambda: entente.load(deu, skip_line=2).analyze_proposals(), 1)
    print("load DEU III: load() %.1f ms, load + read s.actors %.1f ms, load + proposals %.1f ms"
          % (py * 1e3, read * 1e3, ana * 1e3))

    def run_cli(*cmd):
        return lambda: subprocess.run([cli] + list(cmd) + [deu, "--skip-line", "2"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                      check=True)
    for cmd in (["info"], ["convert", "--json"]):
        c = best(run_cli(*cmd), 1)
        print("load DEU III: CLI `entente %s` %.1f ms (process included): load() %.2fx, "
              "load + read %.2fx" % (" ".join(cmd), c * 1e3, py / c, read / c))
    c = best(run_cli("proposals", "--json"), 1)
    print("load DEU III + proposals: CLI `entente proposals --json` %.1f ms, Python %.2fx"
          % (c * 1e3, ana / c))
else:
    print("load DEU III: %s not found; skipped" % deu)
