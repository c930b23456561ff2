# SPDX-License-Identifier: MIT
"""The worked example of docs/python.md, run as a test: its ```python block is extracted and
run in a scratch folder (where `examples/` is the repository's) with matplotlib's Agg
backend; it must exit 0, print the analyses, and write forecasts.png, a non-empty PNG.
matplotlib is required (scripts/deps.sh installs python3-matplotlib): no skip.

Environment: ENTENTE_ROOT (the repository), set by scripts/python_test.sh.
"""
import os
import re
import subprocess
import sys
import tempfile
import unittest

ROOT = os.environ.get("ENTENTE_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))


def example_code():
    with open(os.path.join(ROOT, "docs", "python.md"), encoding="utf-8") as f:
        m = re.search(r"^```python *\n(.*?)^```", f.read(), re.S | re.M)
    return m.group(1) if m else None


class TestWorkedExample(unittest.TestCase):
    def test_example_runs_and_plots(self):
        import matplotlib  # noqa: F401  (required: fail, not skip, when it is missing)
        code = example_code()
        self.assertTrue(code, "no ```python block in docs/python.md")
        with tempfile.TemporaryDirectory() as tmp:
            os.symlink(os.path.join(os.path.abspath(ROOT), "examples"), os.path.join(tmp, "examples"))
            with open(os.path.join(tmp, "example.py"), "w", encoding="utf-8") as f:
                f.write(code)
            env = dict(os.environ, MPLBACKEND="Agg")
            r = subprocess.run([sys.executable, "example.py"], cwd=tmp, env=env,
                               capture_output=True, text=True, timeout=600)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertIn("Russia", r.stdout)
            png = os.path.join(tmp, "forecasts.png")
            self.assertTrue(os.path.isfile(png), "the example wrote no forecasts.png")
            self.assertGreater(os.path.getsize(png), 1000)
            with open(png, "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")


if __name__ == "__main__":
    unittest.main()
