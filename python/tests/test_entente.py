# SPDX-License-Identifier: MIT
"""Tests of the Python package `entente` (run by scripts/python_test.sh from `make test`).

Every result is compared with the CLI on the examples: the scenario with `entente convert`
(text, byte for byte), power with `entente power --json` (exact fractions equal, floats
equal at the CLI's 10 digits), forecasts with `entente forecast --json --precision 17` (the
whole report equal, and each outcome bit for bit), the analyses with their `--json`
reports; edits with `--set`. Then errors (InputError with file:line:col or a key path,
LimitError, UsageError, TypeError before C, closed scenarios), Ctrl-C through the progress
callback, and the GIL released during a long computation.

Environment: ENTENTE_CLI (the entente binary), ENTENTE_ROOT (the repository), both set by
scripts/python_test.sh.
"""
import glob
import json
import os
import signal
import subprocess
import threading
import time
import unittest
from fractions import Fraction

import entente

ROOT = os.environ.get("ENTENTE_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
CLI = os.environ.get("ENTENTE_CLI", os.path.join(ROOT, "build", "entente"))
EX = os.path.join(ROOT, "examples")
# the flagship as it was before issue 12 recoded it: these tests check its figures
FLAGSHIP = os.path.join(ROOT, "tests", "data", "analysis", "ukraine-flagship-v1.yaml")
EXAMPLES = sorted(glob.glob(os.path.join(EX, "*.yaml")))


def cli(*args, check=True):
    r = subprocess.run([CLI] + list(args), capture_output=True, text=True, cwd=ROOT)
    if check and r.returncode != 0:
        raise AssertionError("entente %s: exit %d: %s" % (" ".join(args), r.returncode, r.stderr))
    return r


def cli_json(*args):
    return json.loads(cli(*args).stdout)


class TestScenario(unittest.TestCase):
    def test_load_equals_convert(self):
        for path in EXAMPLES:
            with self.subTest(path=path):
                s = entente.load(path)
                self.assertEqual(s.to_dict(), cli_json("convert", "--json", path))
                self.assertEqual(s.to_yaml(), cli("convert", path).stdout)
                self.assertEqual(s.to_json(), cli("convert", "--json", path).stdout)

    def test_objects(self):
        s = entente.load(FLAGSHIP)
        self.assertEqual(len(s.actors), 13)
        self.assertIsInstance(s.actors[0], entente.Element)
        self.assertEqual(s.actor("RU").kind, "actor")
        self.assertEqual(s.position("RU", "guarantee").salience, 90)
        self.assertEqual(s.rule("istanbul").expr, "all of istanbul_guarantors")
        with self.assertRaises(KeyError):
            s.actor("XX")
        with self.assertRaises(KeyError):
            s.position("RU", "nope")

    def test_dict_round_trip(self):
        s = entente.load(FLAGSHIP)
        d = s.to_dict()
        t = entente.load(d)
        self.assertEqual(t.to_dict(), d)
        self.assertEqual(t.to_yaml(), s.to_yaml())

    def test_edit_equals_cli_set(self):
        s = entente.load(FLAGSHIP)
        s.position("RU", "guarantee").position = 75
        s.actor("US").capability = 80
        want = cli_json("convert", "--json", FLAGSHIP, "--set", "RU.guarantee.position=75",
                        "--set", "US.capability=80")
        self.assertEqual(s.to_dict(), want)
        g = cli_json("guarantee", "--json", FLAGSHIP, "--set", "RU.guarantee.position=75",
                     "--set", "US.capability=80")
        self.assertEqual(s.guarantee().data, g)

    def test_to_dict_is_a_copy(self):
        s = entente.load(FLAGSHIP)
        d = s.to_dict()
        d["actors"][0]["capability"] = 1
        self.assertEqual(s.actors[0].capability, 40)


class TestPower(unittest.TestCase):
    CASES = [("eu-council-qmv.yaml", "qmv"), ("un-security-council.yaml", "art27"),
             ("ukraine-guarantees.yaml", "istanbul_april"), ("ukraine-guarantees.yaml", "article5_like")]

    def test_power_equals_cli(self):
        for name, rule in self.CASES:
            path = os.path.join(EX, name)
            with self.subTest(path=path, rule=rule):
                want = cli_json("power", path, "--rule", rule, "--json")
                s = entente.load(path)
                p = s.power(rule)
                q = entente.power(s, rule, exact=True)
                self.assertEqual(p.players, [x["name"] for x in want["players"]])
                self.assertEqual(p.winning, int(want["winning"]))
                self.assertEqual(p.minimal_winning, int(want["minimal_winning"]))
                self.assertEqual(q.collective, Fraction(want["collective"]["exact"]))
                for row in want["players"]:
                    who = row["name"]
                    self.assertEqual(p.swings[who], int(row["swings"]))
                    self.assertEqual(who in p.veto, row["veto"])
                    self.assertEqual(who in p.dummy, row["dummy"])
                    for idx in entente.power_indices():
                        self.assertEqual(q[idx][who], Fraction(row[idx]["exact"]))
                        self.assertIsInstance(p[idx][who], float)
                        # the CLI prints %.10g of the same double
                        self.assertEqual(float("%.10g" % p[idx][who]), row[idx]["value"])

    def test_game_text(self):
        p = entente.power("[3; 2, 1, 1]", indices=["shapley", "banzhaf"], exact=True)
        self.assertEqual(p["shapley"], {"1": Fraction(2, 3), "2": Fraction(1, 6), "3": Fraction(1, 6)})
        self.assertEqual(set(p.values), {"shapley", "banzhaf"})
        want = cli_json("power", "--game", "[3; 2, 1, 1]", "--json")
        self.assertEqual(p["banzhaf"]["1"], Fraction(want["players"][0]["banzhaf"]["exact"]))

    def test_expr(self):
        s = entente.load(FLAGSHIP)
        p = s.power(expr="2 of {UA, RU, US}", indices="shapley", exact=True)
        self.assertEqual(p["shapley"], {"UA": Fraction(1, 3), "RU": Fraction(1, 3), "US": Fraction(1, 3)})

    def test_monte_carlo(self):
        s = entente.load(os.path.join(EX, "eu-council-qmv.yaml"))
        p = s.power("qmv", indices="banzhaf", approx=True, samples=2000, seed=7)
        want = cli_json("power", os.path.join(EX, "eu-council-qmv.yaml"), "--rule", "qmv",
                        "--index", "banzhaf", "--approx", "--samples", "2000", "--seed", "7", "--json")
        self.assertFalse(p.exact)
        self.assertIsNone(p.winning)
        for row in want["players"]:
            self.assertEqual(float("%.10g" % p["banzhaf"][row["name"]]), row["banzhaf"]["value"])


class TestForecastAndAnalyses(unittest.TestCase):
    def test_forecast_equals_cli_precision_17(self):
        for path in EXAMPLES:
            with self.subTest(path=path):
                r = cli("forecast", "--json", "--precision", "17", path, check=False)
                s = entente.load(path)
                if r.returncode != 0:
                    with self.assertRaises(entente.Error):
                        s.forecast()
                    continue
                want = json.loads(r.stdout)
                import warnings
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    f = s.forecast()
                self.assertEqual(f.report, want)
                for issue in want["issues"]:
                    for model, fc in issue["forecasts"].items():
                        if fc["outcome"] is None:
                            self.assertNotIn(issue["id"], f[model].outcome)
                            continue
                        got = f[model].outcome[issue["id"]]
                        got = list(got) if isinstance(got, tuple) else [got]
                        # bit for bit: 17 significant digits give every double exactly
                        self.assertEqual([x.hex() for x in got], [float(x).hex() for x in fc["outcome"]])

    def test_forecast_models_and_rounds(self):
        s = entente.load(FLAGSHIP)
        f = entente.forecast(s, ["bdm", "compromise"], rounds=5)
        want = cli_json("forecast", "--json", "--precision", "17", "--model", "bdm,compromise",
                        "--rounds", "5", FLAGSHIP)
        self.assertEqual(f.report, want)
        self.assertEqual([m.model for m in f], ["bdm", "compromise"])

    def test_analyses_equal_cli(self):
        s = entente.load(FLAGSHIP)
        self.assertEqual(entente.guarantee(s).data, cli_json("guarantee", "--json", FLAGSHIP))
        self.assertEqual(entente.proposals(s).data, cli_json("proposals", "--json", FLAGSHIP))
        self.assertEqual(entente.sequence(s, cuts=3).data,
                         cli_json("sequence", "--json", "--cuts", "3", FLAGSHIP))
        self.assertEqual(entente.analyze(s).data, cli_json("analyze", "--json", FLAGSHIP))

    def test_moved_position_changes_guarantee(self):
        s = entente.load(FLAGSHIP)
        before = s.guarantee().data
        s.position("RU", "guarantee").position = 100
        after = s.guarantee().data
        want = cli_json("guarantee", "--json", FLAGSHIP, "--set", "RU.guarantee.position=100")
        self.assertEqual(after, want)
        self.assertEqual(entente.proposals(s).data, cli_json(
            "proposals", "--json", FLAGSHIP, "--set", "RU.guarantee.position=100"))
        self.assertIsInstance(before, dict)

    @unittest.skipUnless(__import__("importlib").util.find_spec("pandas"), "pandas not installed")
    def test_frames(self):
        s = entente.load(FLAGSHIP)
        df = s.forecast(["compromise"]).to_frame()
        self.assertEqual(list(df.columns), ["compromise"])
        self.assertEqual(len(s.power("article5").to_frame()), len(s.power("article5").players))


class TestErrors(unittest.TestCase):
    def test_bad_files_carry_file_line_col(self):
        bad = sorted(glob.glob(os.path.join(ROOT, "tests", "bad", "yaml", "*.yaml")))
        self.assertGreater(len(bad), 10)
        for path in bad:
            r = cli("info", path, check=False)
            if r.returncode != 3:
                continue
            with self.subTest(path=path):
                with self.assertRaises(entente.InputError) as c:
                    entente.load(path)
                e = c.exception
                first = r.stderr.splitlines()[0]
                self.assertEqual(str(e), first)  # "file:line:col: message"
                if e.line:
                    self.assertTrue(first.startswith("%s:%d:" % (e.file, e.line)))

    def test_dict_error_names_key_path(self):
        d = entente.load(FLAGSHIP).to_dict()
        d["actors"][3]["capability"] = -5
        with self.assertRaises(entente.InputError) as c:
            entente.load(d)
        self.assertEqual(c.exception.path, "actors[3].capability")
        self.assertTrue(str(c.exception).startswith("actors[3].capability: "))
        s = entente.load(FLAGSHIP)
        s.positions[2].salience = "high"
        with self.assertRaises(entente.InputError) as c:
            s.guarantee()
        self.assertEqual(c.exception.path, "positions[2].salience")

    def test_type_errors_before_c(self):
        s = entente.load(FLAGSHIP)
        for call in (lambda: entente.load(42), lambda: s.power(42), lambda: s.power("article5", exact="yes"),
                     lambda: s.power("article5", indices=5), lambda: s.forecast(rounds="3"),
                     lambda: s.forecast([1]), lambda: entente.proposals("not a scenario"),
                     lambda: entente.load({"entente": 1, "actors": [{"id": "A", "capability": object()}]})):
            with self.assertRaises(TypeError):
                call()

    def test_usage_and_limit_errors(self):
        s = entente.load(os.path.join(EX, "eu-council-qmv.yaml"))
        with self.assertRaises(entente.UsageError):
            s.power("qmv", indices="nonsense")
        with self.assertRaises(entente.UsageError):
            s.forecast(["nonsense"])
        with self.assertRaises(entente.UsageError):
            s.power("no_such_rule")
        with self.assertRaises(entente.LimitError) as c:
            s.power("qmv", method="enum", max_seconds=1e-9)
        self.assertIn("estimate", c.exception.estimate)
        self.assertEqual(str(c.exception), cli("power", os.path.join(EX, "eu-council-qmv.yaml"), "--rule", "qmv",
                                               "--method", "enum", "--max-seconds", "1e-9",
                                               check=False).stderr.strip().split(": ", 1)[1])

    def test_closed_scenario_raises(self):
        s = entente.load(FLAGSHIP)
        with s:
            s.guarantee()
        self.assertTrue(s.closed)
        for call in (s.to_dict, s.guarantee, lambda: s.power("article5"), lambda: entente.analyze(s),
                     lambda: s.actor("RU")):
            with self.assertRaises(ValueError):
                call()

    def test_docstrings(self):
        self.assertIn("Fraction", entente.power.__doc__)
        self.assertIn("InputError", entente.load.__doc__)
        for f in (entente.forecast, entente.guarantee, entente.proposals, entente.sequence,
                  entente.analyze, entente.Scenario.power, entente.Scenario.forecast):
            self.assertTrue(f.__doc__ and len(f.__doc__) > 40, f)


class TestLongRuns(unittest.TestCase):
    QMV = os.path.join(EX, "eu-council-qmv.yaml")

    def long_power(self, s):
        # Monte Carlo with 10^11 samples: hours, unless stopped
        return s.power("qmv", indices="banzhaf", approx=True, samples=10 ** 11, max_seconds=1e9)

    def test_ctrl_c_interrupts_cleanly(self):
        s = entente.load(self.QMV)
        t0 = time.monotonic()
        timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
        timer.start()
        with self.assertRaises(KeyboardInterrupt):
            self.long_power(s)
        timer.join()
        self.assertLess(time.monotonic() - t0, 30)
        # the interpreter and the scenario still work
        self.assertEqual(s.power("qmv", indices="shapley").method, "enumeration")

    def test_gil_released(self):
        s = entente.load(self.QMV)
        done = threading.Event()
        box = {}

        def work():
            try:
                box["p"] = s.power("qmv", indices="banzhaf", approx=True, samples=10 ** 5, seed=3)
            finally:
                done.set()
        t = threading.Thread(target=work)
        ticks = 0
        t0 = time.monotonic()
        t.start()
        while not done.is_set():
            ticks += 1
            sum(range(1000))  # Python work, needs the GIL
        t.join()
        took = time.monotonic() - t0
        self.assertIn("p", box)
        # with the GIL held for the whole call the loop would barely have run
        self.assertGreater(ticks, 100, "main thread ran %d times in %.2f s" % (ticks, took))


if __name__ == "__main__":
    unittest.main()
