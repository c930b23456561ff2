# SPDX-License-Identifier: MIT
"""Tests of entente.survey(): expert codings from an .xlsx sheet (written here by openpyxl)
and from a CSV file, fed to the library's survey reader and aggregation (src/scenario/survey.c)
and compared with the CLI (`entente survey --json` for the spread, `-o` for the recoded
scenario) on tests/data/survey/three.csv, whose aggregates tests/golden/survey-three/README
computes by hand. Environment: ENTENTE_CLI, ENTENTE_ROOT (scripts/python_test.sh)."""
import csv
import datetime
import json
import os
import subprocess
import tempfile
import unittest

import openpyxl

import entente

ROOT = os.environ.get("ENTENTE_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
CLI = os.environ.get("ENTENTE_CLI", os.path.join(ROOT, "build", "entente"))
DATA = os.path.join(ROOT, "tests", "data", "survey")
BASE = os.path.join(DATA, "base.yaml")
THREE = os.path.join(DATA, "three.csv")


def _number(t):
    """A CSV cell as a spreadsheet would hold it: numbers as numbers, the rest as text."""
    if t == "":
        return None
    try:
        return int(t)
    except ValueError:
        try:
            return float(t)
        except ValueError:
            return t


def _write_xlsx(path, rows, title="codings"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    wb.save(path)


def _cli(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True, check=False)


class SurveyTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.base = entente.load(BASE)

    def tearDown(self):
        self.base.close()
        self.tmp.cleanup()

    def xlsx(self, rows, name="three.xlsx"):
        path = os.path.join(self.tmp.name, name)
        _write_xlsx(path, rows)
        return path

    def three_rows(self):
        with open(THREE, newline="") as f:
            rows = list(csv.reader(f))
        return [rows[0]] + [[_number(c) for c in r] for r in rows[1:]]

    def test_xlsx_equals_cli_on_csv(self):
        path = self.xlsx(self.three_rows())
        s, rep = entente.survey(path, self.base, point="median", disagree=15)
        cli = _cli("survey", THREE, "--scenario", BASE, "--point", "median", "--disagree", "15", "--json")
        self.assertEqual(cli.returncode, 0, cli.stderr)
        self.assertEqual(rep.to_dict(), json.loads(cli.stdout))
        # the hand-computed aggregates of tests/golden/survey-three/README
        v = {x["value"]: x for x in rep["values"]}
        self.assertEqual(v["UA.g.position"]["mean"], 92.5)
        self.assertEqual(v["UA.g.position"]["median"], 90)
        self.assertEqual(v["RU.g.salience"]["mean"], 82.5)
        self.assertEqual(v["US.g.position"]["coders"], 2)
        self.assertEqual(rep["flagged"], 4)
        # the recoded scenario is the CLI's but for the survey's name in `source`
        out = os.path.join(self.tmp.name, "out.yaml")
        cli = _cli("survey", THREE, "--scenario", BASE, "--point", "median", "-o", out)
        self.assertEqual(cli.returncode, 0, cli.stderr)
        with open(out) as f:
            want = f.read().replace("expert survey " + THREE, "expert survey " + path)
        self.assertEqual(s.to_yaml(), want)
        pos = {(p.actor, p.issue): p for p in s.positions}
        self.assertEqual(pos[("UA", "g")].position, 90)
        self.assertEqual(pos[("UA", "g")].preference, "at_least")  # the base's form is kept
        s.close()

    def test_csv_through_library_reader(self):
        s, rep = entente.survey(THREE, self.base)
        cli = _cli("survey", THREE, "--scenario", BASE, "--json")
        self.assertEqual(rep.to_dict(), json.loads(cli.stdout))
        self.assertEqual({a.id: a.capability for a in s.actors}["RU"], 110 / 3)
        s.close()

    def test_dates_and_simulate(self):
        rows = [["coder", "actor", "issue", "position", "salience", "date"],
                ["alice", "RU", "g", 10, 60, datetime.date(2025, 3, 1)],
                ["bob", "RU", "g", 20, 80, datetime.datetime(2025, 3, 1)],
                ["alice", "RU", "g", 40, 70, datetime.date(2025, 12, 1)]]
        s, rep = entente.survey(self.xlsx(rows), self.base, distribution="triangular")
        self.assertEqual([(x["value"], x["as_of"]) for x in rep["values"]],
                         [("RU.g.position", "2025-12-01"), ("RU.g.salience", "2025-12-01"),
                          ("RU.g.position", "2025-03-01"), ("RU.g.salience", "2025-03-01")])
        ru = [p for p in s.positions if p.actor == "RU"]
        self.assertEqual([(p.position, p.as_of) for p in ru], [(40, "2025-12-01"), (15, "2025-03-01")])
        sim = s.simulate(draws=50, seed=3)
        self.assertIn("RU.g.position", json.dumps(sim.to_dict()["inputs"]))
        s.close()

    def test_bad_cells_name_sheet_row_and_column(self):
        rows = self.three_rows()
        rows[3][1] = "XX"  # sheet row 4, column B
        with self.assertRaises(entente.InputError) as e:
            entente.survey(self.xlsx(rows), self.base)
        self.assertEqual((e.exception.line, e.exception.col), (4, 2))
        self.assertIn("unknown actor 'XX'", str(e.exception))
        rows = self.three_rows()
        rows[2][3] = 120  # position outside 0..100
        with self.assertRaises(entente.InputError) as e:
            entente.survey(self.xlsx(rows), self.base)
        self.assertEqual((e.exception.line, e.exception.col), (3, 4))
        rows = self.three_rows()
        rows.append(list(rows[1]))  # alice codes UA on g twice
        with self.assertRaises(entente.InputError) as e:
            entente.survey(self.xlsx(rows), self.base)
        self.assertIn("already coded", str(e.exception))
        self.assertEqual(e.exception.line, len(rows))
        with self.assertRaises(entente.InputError):
            entente.survey(self.xlsx([["coder", "actor", "position", "salience"]]), self.base)
        with self.assertRaises(entente.UsageError):
            entente.survey(THREE, self.base, point="mode")


if __name__ == "__main__":
    unittest.main()
