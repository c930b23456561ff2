# SPDX-License-Identifier: MIT
"""entente — analyse multi-party negotiations from Python.

Bindings of the C library libentente (cffi, API mode; docs/python.md). A scenario is loaded
from a file (any format the library reads) or from a dict, becomes plain, editable Python
objects, and every analysis runs on the scenario as it stands:

    >>> import entente
    >>> s = entente.load("examples/ukraine-guarantees.yaml")
    >>> s.position("RU", "guarantee").position = 75
    >>> s.guarantee()["rows"][0]["rule"]
    >>> p = s.power("settlement", indices="shapley", exact=True)
    >>> p["shapley"]["RU"]
    Fraction(1, 2)

Power, forecast and simulate numbers are the C library's own doubles (bit for bit those
the CLI prints at 17 digits); exact power indices are fractions.Fraction; the guarantee,
proposals, sequence and analyze reports are the CLI's --json documents (6 significant
digits, as the CLI prints them). Errors raise
InputError (file, line, col, or the key path of a dict), LimitError, UsageError; wrong
Python types raise TypeError before reaching C. Long computations release the GIL and stop
cleanly on Ctrl-C (KeyboardInterrupt), through the library's progress callback.
"""
import json as _json
import os as _os
import threading as _threading
import time as _time
import warnings as _warnings
from fractions import Fraction as _Fraction
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from ._entente import ffi as _ffi, lib as _lib

__all__ = ["load", "power", "forecast", "guarantee", "proposals", "sequence", "analyze", "compare",
           "simulate", "survey",
           "version", "formats", "Scenario", "Element", "Power", "Forecast", "Report",
           "Error", "InputError", "LimitError", "UsageError", "models", "power_indices"]

__version__ = _ffi.string(_lib.ent_version()).decode()


def version() -> str:
    """The version of the C library in use ("0.1.0")."""
    return _ffi.string(_lib.ent_version()).decode()


# ---- errors ----

class Error(Exception):
    """Any error the library reports. `status` is the C status name ("bad input", ...)."""

    def __init__(self, message: str, status: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class InputError(Error, ValueError):
    """Bad input: a malformed or rejected file, rule text or dict.

    file, line, col: where (file may be "" and line/col 0 when unknown); for a scenario given
    as a dict (or edited objects), `path` names the key instead ("actors[3].capability") and
    file is "<dict>"."""

    def __init__(self, message: str, file: str = "", line: int = 0, col: int = 0,
                 path: Optional[str] = None, status: str = "bad input") -> None:
        self.file, self.line, self.col, self.path = file, line, col, path
        where = path if path is not None else ":".join(
            [file] + [str(x) for x in (line, col) if x])
        super().__init__(message, status)
        self.args = ("%s: %s" % (where, message) if where else message,)


class LimitError(Error):
    """A documented size or resource limit refused the computation. `estimate` is the
    library's message, which gives the estimated memory and time."""

    def __init__(self, message: str, status: str = "limit") -> None:
        super().__init__(message, status)
        self.estimate = message


class UsageError(Error, ValueError):
    """A bad argument value (an unknown model or index name, an option out of range)."""


_interrupt = _threading.local()


@_ffi.def_extern(onerror=lambda exc, val, tb: _stop_on(val))
def _entente_progress(user, phase, done, total):
    # Called from the C tick (entente_build.SOURCE: at most every 50 ms) in the calling
    # thread, with the GIL re-acquired. A Ctrl-C that arrived while C ran is delivered here
    # (sleep(0) checks for signals); onerror keeps the KeyboardInterrupt and returns 1, and
    # the library stops with ENT_EINTR, its results freed.
    _time.sleep(0)
    return 0


def _stop_on(exc):
    _interrupt.exc = exc
    return 1


_TICK = _ffi.addressof(_lib, "_entente_tick")


def _with_progress(opts) -> Any:
    """Point opts.progress at the C tick; the returned state must live during the call."""
    state = _ffi.new("double[2]")
    opts.progress.fn = _TICK
    opts.progress.user = state
    _interrupt.exc = None
    return state


def _raise(st: int, err, path_of_line=None) -> None:
    """Turn a failed status and its ent_error_t into the Python exception."""
    msg = _ffi.string(err.msg).decode("utf-8", "replace")
    status = _ffi.string(_lib.ent_status_name(st)).decode()
    if st == _lib.ENT_EINTR:
        exc = getattr(_interrupt, "exc", None)
        _interrupt.exc = None
        raise exc if exc is not None else KeyboardInterrupt()
    if st == _lib.ENT_EINPUT:
        f = _ffi.string(err.file).decode("utf-8", "replace")
        if path_of_line is not None:
            raise InputError(msg, "<dict>", 0, 0, path_of_line(err.line))
        raise InputError(msg, f, err.line, err.col)
    if st == _lib.ENT_ELIMIT:
        raise LimitError(msg)
    if st == _lib.ENT_EINVAL:
        raise UsageError(msg, status)
    if st == _lib.ENT_ENOMEM:
        raise MemoryError(msg)
    if st == _lib.ENT_EIO:
        f = _ffi.string(err.file).decode("utf-8", "replace")
        raise OSError("%s: %s" % (f, msg) if f else msg)
    raise Error(msg, status)


def _check(st: int, err, path_of_line=None) -> None:
    if st != _lib.ENT_OK:
        _raise(st, err, path_of_line)


def _buf_text(buf) -> str:
    text = _ffi.string(buf.data, buf.len).decode("utf-8") if buf.data != _ffi.NULL else ""
    _lib.ent_buf_free(buf)
    return text


def _render(st: int, buf) -> Any:
    """The JSON a renderer wrote into buf, parsed (the buffer is freed)."""
    text = _buf_text(buf)
    if st != _lib.ENT_OK:
        raise MemoryError("out of memory") if st == _lib.ENT_ENOMEM else Error(
            "cannot render the report", _ffi.string(_lib.ent_status_name(st)).decode())
    if not text.startswith(("{", "[")):
        # a sentence instead of a document: `entente guarantee --json` on a scenario without
        # rules prints "The scenario has no rules: ..." (src/report/report_guarantee.c)
        return {"message": text.rstrip("\n")}
    return _json.loads(text)


def _str(name: str, v: Any, allow_none: bool = False) -> Optional[bytes]:
    if v is None and allow_none:
        return None
    if not isinstance(v, str):
        raise TypeError("%s must be a str, not %s" % (name, type(v).__name__))
    return v.encode()


def _num(name: str, v: Any, lo: float, hi: float, integer: bool = False) -> Any:
    if isinstance(v, bool) or not isinstance(v, (int, float) if not integer else int):
        raise TypeError("%s must be %s, not %s" % (name, "an int" if integer else "a number",
                                                  type(v).__name__))
    if not (lo <= v <= hi):
        raise UsageError("%s = %r is out of range; expected %s..%s" % (name, v, lo, hi))
    return v


def _bool(name: str, v: Any) -> bool:
    if not isinstance(v, bool):
        raise TypeError("%s must be a bool, not %s" % (name, type(v).__name__))
    return v


def _pd():
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - depends on the system
        raise ImportError("to_frame() needs pandas (Debian: python3-pandas)") from e
    return pandas


# ---- scenario elements ----

class Element:
    """One element of a scenario (an actor, issue, position, rule, ...): its fields are
    attributes, named as in the scenario format (docs/format.md); nested values (labels,
    points, preconditions) are plain dicts and lists. Edit them freely; to_dict() gives the
    element back in the format."""

    __slots__ = ("_fields",)
    kind = "element"

    def __init__(self, fields: Optional[Dict[str, Any]] = None, **kw: Any) -> None:
        object.__setattr__(self, "_fields", dict(fields or {}, **kw) if kw else dict(fields or {}))

    def __getattr__(self, name: str) -> Any:
        try:
            return object.__getattribute__(self, "_fields")[name]
        except KeyError:
            raise AttributeError("%s has no field %r" % (self.kind, name)) from None

    def __setattr__(self, name: str, value: Any) -> None:
        self._fields[name] = value

    def __delattr__(self, name: str) -> None:
        del self._fields[name]

    def __dir__(self) -> List[str]:
        return sorted(set(self._fields) | {"to_dict", "kind"})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Element) and other.to_dict() == self.to_dict()

    def __repr__(self) -> str:
        ident = self._fields.get("id") or "/".join(
            str(self._fields[k]) for k in ("actor", "issue") if k in self._fields)
        return "<%s %s>" % (self.kind, ident)

    def to_dict(self) -> Dict[str, Any]:
        return {k: x if type(x) in _SCALAR else _copy(x) for k, x in self._fields.items()}


_SCALAR = frozenset((str, int, float, bool, type(None)))


def _copy(v: Any) -> Any:
    """A deep copy of a JSON-like value (Elements become dicts). Hot: to_dict() of a large
    scenario runs it on every element, so scalars are skipped by type before recursing."""
    t = type(v)
    if t in _SCALAR:
        return v
    if t is dict or isinstance(v, dict):
        return {k: x if type(x) in _SCALAR else _copy(x) for k, x in v.items()}
    if t is list or isinstance(v, (list, tuple)):
        return [x if type(x) in _SCALAR else _copy(x) for x in v]
    if isinstance(v, Element):
        return v.to_dict()
    return v


_KINDS = {"sources": "source", "actors": "actor", "issues": "issue", "positions": "position",
          "groups": "group", "rules": "rule", "proposals": "proposal", "steps": "step",
          "variants": "variant", "outcomes": "outcome"}
_CLASSES = {}
for _list, _kind in _KINDS.items():
    _CLASSES[_list] = type(_kind.capitalize(), (Element,), {"__slots__": (), "kind": _kind,
                           "__doc__": "A%s %s of a scenario (see Element)." % (
                               "n" if _kind[0] in "aeiou" else "", _kind)})
Actor, Issue, Position, Rule = (_CLASSES[k] for k in ("actors", "issues", "positions", "rules"))


# ---- dict -> JSON lines, each line's key path (for InputError on dicts) ----

def _dump(obj: Any) -> Tuple[str, List[str]]:
    """JSON text of obj with every scalar on its own line, and the key path of each line,
    so that a loader error at line L names paths[L-1]."""
    lines: List[str] = []
    paths: List[str] = []

    def emit(text: str, path: str) -> None:
        lines.append(text)
        paths.append(path)

    def walk(v: Any, path: str, prefix: str, comma: str) -> None:
        if isinstance(v, dict):
            emit(prefix + "{", path)
            items = list(v.items())
            for i, (k, x) in enumerate(items):
                if not isinstance(k, str):
                    raise TypeError("%s: keys must be str, not %s" % (path or "scenario",
                                                                     type(k).__name__))
                walk(x, (path + "." if path else "") + k, _json.dumps(k) + ": ",
                     "," if i + 1 < len(items) else "")
            emit("}" + comma, path)
        elif isinstance(v, (list, tuple)):
            emit(prefix + "[", path)
            for i, x in enumerate(v):
                walk(x, "%s[%d]" % (path, i), "", "," if i + 1 < len(v) else "")
            emit("]" + comma, path)
        elif isinstance(v, Element):
            walk(v.to_dict(), path, prefix, comma)
        elif v is None or isinstance(v, (str, bool, int, float)):
            if isinstance(v, float) and v != v:
                raise ValueError("%s: NaN is not a valid number in a scenario" % path)
            emit(prefix + _json.dumps(v) + comma, path)
        elif isinstance(v, _Fraction):
            emit(prefix + repr(float(v)) + comma, path)
        else:
            raise TypeError("%s: %s is not a scenario value (dict, list, str, number, bool, "
                            "None)" % (path or "scenario", type(v).__name__))

    walk(obj, "", "", "")
    return "\n".join(lines) + "\n", paths


class _CScenario:
    """A loaded C scenario (ent_scenario_t), destroyed with its Python owner."""

    __slots__ = ("ptr", "closed")

    def __init__(self) -> None:
        self.ptr = _ffi.new("ent_scenario_t *")
        _lib.ent_scenario_init(self.ptr)
        self.closed = False

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            _lib.ent_scenario_destroy(self.ptr)

    def __del__(self) -> None:
        self.close()


def _load_opts(format: Optional[str], skip_line: Optional[int], capability_row: Optional[str],
               capability_file: Optional[str], keep: list):
    lo = _ffi.new("ent_load_opts_t *")
    _lib.ent_load_opts_init(lo)
    if format is not None:
        f = _ffi.new("ent_format_t *")
        if _lib.ent_format_parse(_str("format", format), f) != _lib.ENT_OK:
            raise UsageError("unknown format %r; expected one of %s" % (format, ", ".join(formats())))
        lo.format = f[0]
    if skip_line is not None:
        lo.deu_skip_line = _num("skip_line", skip_line, 1, 1000000000, integer=True)
    for name, v in (("deu_capability_row", capability_row), ("capability_file", capability_file)):
        if v is not None:
            if isinstance(v, _os.PathLike):
                v = _os.fspath(v)
            c = _ffi.new("char[]", _str(name, v))
            keep.append(c)
            setattr(lo, name, c)
    return lo


def _c_load_dict(d: Dict[str, Any]) -> _CScenario:
    text, paths = _dump(d)
    data = text.encode()
    cs = _CScenario()
    err = _ffi.new("ent_error_t *")
    lo = _ffi.new("ent_load_opts_t *")
    _lib.ent_load_opts_init(lo)
    lo.format = _lib.ENT_FMT_JSON

    def path_of(line: int) -> str:
        return paths[line - 1] if 1 <= line <= len(paths) and paths[line - 1] else "scenario"

    _check(_lib.ent_scenario_load_mem(cs.ptr, b"<dict>", data, len(data), lo, err), err, path_of)
    _check(_lib.ent_game_check_rules(cs.ptr, err), err, path_of)
    return cs


def _emit(cs: _CScenario, fmt: int) -> str:
    out = _ffi.new("char **")
    n = _ffi.new("size_t *")
    err = _ffi.new("ent_error_t *")
    _check(_lib.ent_scenario_emit(cs.ptr, fmt, out, n, err), err)
    try:
        return _ffi.string(out[0], n[0]).decode("utf-8")
    finally:
        _lib.ent_free(out[0])


class Scenario:
    """A negotiation: actors, issues, positions, groups, rules, proposals, steps ... as
    lists of Element objects (attributes named as in docs/format.md), plus the top-level
    fields (title, description, salience_scale ...) as attributes.

    `source` is the path it was loaded from (None for a dict); `load_notes` the loader's
    notes ("salience read on a 0-100 scale", ...; the CLI prints them on stderr).

    Edit anything; every analysis runs on the scenario as it stands (it is checked again by
    the library, and a bad value raises InputError naming its key path). close() (or a
    `with` block) frees the C copy; a closed scenario raises ValueError when used."""

    def __init__(self, data: Optional[Dict[str, Any]], source: Optional[str] = None,
                 notes: str = "", c: Optional["_CScenario"] = None) -> None:
        object.__setattr__(self, "_closed", False)
        object.__setattr__(self, "_cache", c)
        object.__setattr__(self, "_cache_dict", None)
        object.__setattr__(self, "_order", [])
        object.__setattr__(self, "source", source)
        object.__setattr__(self, "load_notes", notes)
        # data None: the Python objects are made from the C scenario `c` when first needed
        # (_materialize); until then every analysis runs on `c` as loaded.
        object.__setattr__(self, "_materialized", data is not None)
        if data is not None:
            self._fill(data)

    def _fill(self, data: Dict[str, Any]) -> None:
        self._order[:] = list(data)
        for k, v in data.items():
            if k in _CLASSES and isinstance(v, list):
                v = [_CLASSES[k](x) if isinstance(x, dict) else x for x in v]
            object.__setattr__(self, k, v)

    def _materialize(self) -> None:
        """Make the Python objects from the C scenario: its canonical JSON (the library's
        emitter, as `entente convert --json`), parsed. The text is kept as the snapshot that
        _c() compares the objects with (parsed only then)."""
        if self._materialized:
            return
        self._check_open()
        text = _emit(self._cache, _lib.ENT_FMT_JSON)
        self._fill(_json.loads(text))
        object.__setattr__(self, "_cache_dict", text)
        object.__setattr__(self, "_materialized", True)

    def __getattr__(self, name: str) -> Any:
        # Only called when normal look-up fails: a field of a scenario not yet materialised.
        if name.startswith("_") or self.__dict__.get("_materialized", True):
            raise AttributeError("%s has no attribute %r" % (type(self).__name__, name))
        self._materialize()
        return object.__getattribute__(self, name)

    def __dir__(self) -> List[str]:
        if not self._closed:
            self._materialize()
        return sorted(set(object.__dir__(self)))

    # -- state --
    def _check_open(self) -> None:
        if self._closed:
            raise ValueError("this entente.Scenario is closed")

    def close(self) -> None:
        """Free the C copy of the scenario. Later use raises ValueError."""
        if self._cache is not None:
            self._cache.close()
        object.__setattr__(self, "_cache", None)
        object.__setattr__(self, "_closed", True)

    @property
    def closed(self) -> bool:
        return self._closed

    def __enter__(self) -> "Scenario":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __setattr__(self, name: str, value: Any) -> None:
        self._check_open()
        self._materialize()
        if name not in self._order:
            self._order.append(name)
        object.__setattr__(self, name, value)

    def __repr__(self) -> str:
        if self._closed:
            return "<entente.Scenario (closed)>"
        if not self._materialized:
            p = self._cache.ptr
            title = _ffi.string(p.title).decode() if p.title != _ffi.NULL else None
            return "<entente.Scenario %r: %d actors, %d issues>" % (
                title or self.source or "", p.nactors, p.nissues)
        return "<entente.Scenario %r: %d actors, %d issues>" % (
            getattr(self, "title", None) or self.source or "", len(getattr(self, "actors", [])),
            len(getattr(self, "issues", [])))

    # -- look-ups --
    def _find(self, key: str, ident: str) -> Element:
        self._check_open()
        _str("id", ident)
        for e in getattr(self, key, []):
            if getattr(e, "id", None) == ident:
                return e
        raise KeyError("no %s with id %r" % (_KINDS[key], ident))

    def actor(self, ident: str) -> Element:
        """The actor with this id (KeyError if none)."""
        return self._find("actors", ident)

    def issue(self, ident: str) -> Element:
        """The issue with this id (KeyError if none)."""
        return self._find("issues", ident)

    def rule(self, ident: str) -> Element:
        """The rule with this id (KeyError if none)."""
        return self._find("rules", ident)

    def position(self, actor: str, issue: str) -> Element:
        """The position of `actor` on `issue` (KeyError if it takes none)."""
        self._check_open()
        _str("actor", actor), _str("issue", issue)
        for p in getattr(self, "positions", []):
            if getattr(p, "actor", None) == actor and getattr(p, "issue", None) == issue:
                return p
        raise KeyError("actor %r takes no position on issue %r" % (actor, issue))

    # -- conversions --
    def to_dict(self) -> Dict[str, Any]:
        """The scenario in the format of docs/format.md, as plain dicts and lists."""
        self._check_open()
        self._materialize()
        return {k: _copy(getattr(self, k)) for k in self._order if k in self.__dict__}

    def _c(self) -> _CScenario:
        """The C scenario of the current state (reloaded when anything changed)."""
        self._check_open()
        if not self._materialized:  # nothing was read, so nothing was edited
            return self._cache
        d = self.to_dict()
        snap = self._cache_dict
        if isinstance(snap, str):  # load() keeps the JSON text; parsed on first use
            snap = _json.loads(snap)
            object.__setattr__(self, "_cache_dict", snap)
        if self._cache is not None and d == snap:
            return self._cache
        cs = _c_load_dict(d)
        if self._cache is not None:
            self._cache.close()
        object.__setattr__(self, "_cache", cs)
        object.__setattr__(self, "_cache_dict", d)
        return cs

    def to_json(self) -> str:
        """The canonical JSON text (as `entente convert --json` writes it)."""
        return _emit(self._c(), _lib.ENT_FMT_JSON)

    def to_yaml(self) -> str:
        """The canonical YAML text (as `entente convert` writes it)."""
        return _emit(self._c(), _lib.ENT_FMT_YAML)

    def check(self) -> None:
        """Check the scenario as it stands (InputError naming the key path if it is bad)."""
        self._c()

    # -- analyses --
    def _game(self, rule: Optional[str], expr: Optional[str]):
        cs = self._c()
        err = _ffi.new("ent_error_t *")
        g = _ffi.new("ent_game_t **")
        if (rule is None) == (expr is None):
            raise TypeError("give exactly one of rule (a rule id) or expr (a rule text)")
        if rule is not None:
            k = _lib.ent_scenario_find_rule(cs.ptr, _str("rule", rule))
            if k < 0:
                raise UsageError("no rule with id %r in the scenario" % rule)
            _check(_lib.ent_game_from_rule(cs.ptr, k, b"<scenario>", g, err), err)
        else:
            loc = _ffi.new("ent_loc_t *")
            _check(_lib.ent_game_compile(cs.ptr, _str("expr", expr), b"<expr>", loc[0], g, err), err)
        return _ffi.gc(g[0], _lib.ent_game_destroy)

    def power(self, rule: Optional[str] = None, *, expr: Optional[str] = None,
              indices: Union[str, Iterable[str]] = "all", exact: bool = False,
              approx: bool = False, fallback: bool = False, method: str = "auto",
              samples: int = 100000, seed: int = 1, confidence: float = 0.95,
              max_seconds: float = 60, max_memory: float = 4) -> "Power":
        """Voting power of every player of a decision rule (docs/power.md).

        rule: the id of a rule of the scenario; or expr: a rule text (docs/rules.md).
        indices: "all" or names (str "a,b" or a list): penrose, banzhaf, shapley, holler,
          deegan, johnston, prevent, initiate (entente.power_indices()).
        exact: values as fractions.Fraction instead of floats (exact methods only).
        approx: Monte Carlo estimates (samples, seed, confidence); fallback: Monte Carlo
          when exact computation is refused.
        method: "auto", "enum", "dp", "mc", "types" (player types) or "parts" (independent parts).
        max_seconds, max_memory (GiB): limits of the exact methods; beyond them LimitError
          gives the estimate.
        Same numbers as `entente power`. Releases the GIL; Ctrl-C stops it."""
        return _power(self._game(rule, expr), indices, exact, approx, fallback, method,
                      samples, seed, confidence, max_seconds, max_memory, keep=self)

    def forecast(self, models: Optional[Union[str, Sequence[str]]] = None, *,
                 rounds: int = 0, tol: float = 0.0) -> "Forecast":
        """Forecast every issue with the models of docs/models.md (entente.models()).

        models: None for the CLI's default set (every model whose issue-count limits the
          scenario meets; a model refusing an issue runs issue by issue and the refused
          issues get a note; a model refusing the scenario is left out with a warning), or
          names (a list or "a,b"), each of which must forecast.
        rounds: round limit of the dynamic models (0 = the model's own).
        tol: convergence tolerance in issue units (0 = the codings' precision).
        The result's .report is `entente forecast --json --precision 17` for the same
        scenario and models, bit for bit."""
        cs = self._c()
        explicit = models is not None
        if explicit:
            if isinstance(models, str):
                models = [m for m in models.split(",")]
            if isinstance(models, (bytes, dict)) or not all(isinstance(m, str) for m in models):
                raise TypeError("models must be a str or a sequence of str")
            models = list(models)
            if not models:
                raise UsageError("models is empty; expected model names: %s" % ", ".join(
                    m for m, _ in globals()["models"]()))
            for m in models:
                if _lib.ent_forecast_model_find(m.encode()) == _ffi.NULL:
                    raise UsageError("unknown model %r; expected one of %s" % (
                        m, ", ".join(n for n, _ in globals()["models"]())))
            if len(set(models)) != len(models):
                raise UsageError("a model is named twice in %r" % models)
        fo = _ffi.new("ent_forecast_opts_t *")
        _lib.ent_forecast_opts_init(fo)
        fo.rounds = _num("rounds", rounds, 0, 1000000, integer=True)
        fo.tol = _num("tol", tol, 0, float("inf"))
        tick = _with_progress(fo)  # noqa: F841 (kept alive for the calls below)
        nis = cs.ptr.nissues
        runs = []
        err = _ffi.new("ent_error_t *")
        k = 0
        wanted = []
        if explicit:
            wanted = [_lib.ent_forecast_model_find(m.encode()) for m in models]
        else:
            while True:
                m = _lib.ent_forecast_model_at(k)
                k += 1
                if m == _ffi.NULL:
                    break
                if nis < m.min_issues:
                    continue
                if m.default_max_issues and nis > m.default_max_issues:
                    _warnings.warn("model %s left out of the default set: %d issues (more than "
                                   "%d); name it in models= to run it" % (
                                       _ffi.string(m.name).decode(), nis, m.default_max_issues))
                    continue
                wanted.append(m)
        fs = _ffi.new("ent_forecast_t[]", max(len(wanted), 1))
        n = 0
        try:
            for m in wanted:
                f = fs + n
                _lib.ent_forecast_init(f)
                n += 1
                st = _lib.ent_forecast_run(cs.ptr, m.name, fo, f, err)
                name = _ffi.string(m.name).decode()
                if st == _lib.ENT_OK:
                    if explicit and nis and all(f.outcome[i] == _ffi.NULL for i in range(nis)):
                        why = next((_ffi.string(f.why[i]).decode() for i in range(nis)
                                    if f.why[i] != _ffi.NULL), "no issue can be forecast")
                        raise InputError("model %s refuses this scenario: %s" % (name, why),
                                         self.source or "")
                    continue
                if st == _lib.ENT_EINPUT and not explicit and not m.joint:
                    err = _ffi.new("ent_error_t *")
                    st = _lib.ent_forecast_run_each(cs.ptr, m.name, fo, f, _ffi.NULL, err)
                    if st == _lib.ENT_OK:
                        continue
                if explicit or st != _lib.ENT_EINPUT:
                    _raise(st, err)
                _warnings.warn("model %s left out: %s" % (name, _ffi.string(err.msg).decode()))
                n -= 1
                _lib.ent_forecast_destroy(f)
                err = _ffi.new("ent_error_t *")
            ro = _ffi.new("ent_report_forecast_opts_t *")
            _lib.ent_report_forecast_opts_init(ro)
            src = _ffi.new("char[]", (self.source or "").encode()) if self.source else _ffi.NULL
            ro.source = src
            ro.precision = 17
            buf = _ffi.new("ent_buf_t *")
            report = _render(_lib.ent_report_forecast(cs.ptr, fs, n, ro, _lib.ENT_OUTPUT_JSON, buf), buf)
            issues = [getattr(x, "id") for x in self.issues]
            results = []
            for j in range(n):
                f = fs[j]
                out, why = {}, {}
                for i in range(nis):
                    if f.outcome[i] != _ffi.NULL:
                        nd = len(self.issues[i].to_dict().get("dimensions", [])) or 1
                        v = [f.outcome[i][d] for d in range(nd)]
                        out[issues[i]] = v[0] if nd == 1 else tuple(v)
                    if f.why != _ffi.NULL and f.why[i] != _ffi.NULL:
                        why[issues[i]] = _ffi.string(f.why[i]).decode()
                results.append(ModelForecast(
                    _ffi.string(f.model).decode(),
                    _ffi.string(f.variant).decode() if f.variant != _ffi.NULL else None, out, why))
            return Forecast(results, report)
        finally:
            for j in range(n):
                _lib.ent_forecast_destroy(fs + j)

    def _analysis(self, kind: str, opts, run, report) -> "Report":
        cs = self._c()
        tick = _with_progress(opts)  # noqa: F841 (kept alive for the call)
        r = _ffi.new("ent_%s_t *" % kind)
        getattr(_lib, "ent_%s_init" % kind)(r)
        err = _ffi.new("ent_error_t *")
        try:
            _check(run(cs.ptr, opts, r, err), err)
            buf = _ffi.new("ent_buf_t *")
            return Report(kind, _render(report(cs.ptr, r, _lib.ENT_OUTPUT_JSON, buf), buf))
        finally:
            getattr(_lib, "ent_%s_destroy" % kind)(r)

    def guarantee(self, against: Optional[str] = None, partners: Optional[str] = None,
                  limit: int = 5) -> "Report":
        """Can a guarantee be triggered against an aggressor's objection (docs/analyses.md
        §1)? against: an actor or group id (default: the library's choice); partners: a
        group id; limit: blocking coalitions listed per design. The Report holds what
        `entente guarantee --json` prints."""
        o = _ffi.new("ent_guarantee_opts_t *")
        _lib.ent_guarantee_opts_init(o)
        keep = [_ffi.new("char[]", _str("against", against)) if against is not None else _ffi.NULL,
                _ffi.new("char[]", _str("partners", partners)) if partners is not None else _ffi.NULL]
        o.against, o.partners = keep
        o.limit = _num("limit", limit, 0, 1 << 30, integer=True)
        return self._analysis("guarantee", o, _lib.ent_guarantee_analyze, _lib.ent_report_guarantee)

    def analyze_proposals(self, no_position: str = "abstain") -> "Report":
        """(entente.proposals(scenario) calls this: the attribute `proposals` is the list of
        the scenario's proposals.) Acceptability of the proposals and the win-set of the status quo (docs/analyses.md
        §2). no_position: "abstain" or "indifferent". As `entente proposals --json`."""
        o = _ffi.new("ent_proposals_opts_t *")
        _lib.ent_proposals_opts_init(o)
        o.no_position = _no_position(no_position)
        return self._analysis("proposals", o, _lib.ent_proposals_analyze, _lib.ent_report_proposals)

    def sequence(self, limit: int = 100, cuts: int = 0) -> "Report":
        """Circular preconditions, cheapest links to drop, a feasible order (docs/analyses.md
        §3). limit: cycles listed; cuts: the K cheapest minimal cuts (0..100). As
        `entente sequence --json`."""
        o = _ffi.new("ent_sequence_opts_t *")
        _lib.ent_sequence_opts_init(o)
        o.limit_cycles = _num("limit", limit, 0, 1 << 30, integer=True)
        o.cuts = _num("cuts", cuts, 0, 100, integer=True)
        return self._analysis("sequence", o, _lib.ent_sequence_analyze, _lib.ent_report_sequence)

    def variant(self, ident: str) -> "Scenario":
        """The scenario with its variant `ident` (the file's `variants:`, a reading of the
        coding) applied, as `entente --variant ident` loads it: a new Scenario; this one is
        unchanged. UsageError names the variants there are when `ident` is not one."""
        return Scenario(None, source=self.source, c=self._variant_c(_str("variant", ident)))

    def _variant_c(self, ident: bytes) -> _CScenario:
        """A C copy of the scenario as it stands (its canonical JSON, reloaded) with the
        variant applied and the rules checked again."""
        text = _emit(self._c(), _lib.ENT_FMT_JSON).encode()
        cs = _CScenario()
        err = _ffi.new("ent_error_t *")
        lo = _ffi.new("ent_load_opts_t *")
        _lib.ent_load_opts_init(lo)
        lo.format = _lib.ENT_FMT_JSON
        try:
            _check(_lib.ent_scenario_load_mem(cs.ptr, b"<scenario>", text, len(text), lo, err), err)
            _check(_lib.ent_scenario_apply_variant(cs.ptr, ident, b"<scenario>", err), err)
            _check(_lib.ent_game_check_rules(cs.ptr, err), err)
        except BaseException:
            cs.close()
            raise
        return cs

    def _variant_ids(self) -> List[str]:
        p = self._c().ptr
        return [_ffi.string(p.variants[k].id).decode() for k in range(p.nvariants)]

    def _compare_run(self, ids: Sequence[str], opts):
        """ent_compare_run over the scenario (column "base") and the variants `ids`; the
        caller destroys the returned ent_compare_t * (ent_compare_destroy)."""
        cs = self._c()
        runs = [self._variant_c(_str("variant", v)) for v in ids]
        try:
            sp = _ffi.new("const ent_scenario_t *[]", [cs.ptr] + [r.ptr for r in runs])
            keep = [_ffi.new("char[]", b"base")] + [_ffi.new("char[]", v.encode()) for v in ids]
            names = _ffi.new("const char *[]", keep)
            rd = _ffi.new("ent_compare_t *")
            _lib.ent_compare_init(rd)
            err = _ffi.new("ent_error_t *")
            st = _lib.ent_compare_run(sp, names, len(keep), opts, rd, err)
            if st != _lib.ENT_OK:
                _lib.ent_compare_destroy(rd)
                _raise(st, err)
            return rd
        finally:
            for r in runs:
                r.close()

    def analyze(self, sensitivity: bool = True, shift: Optional[float] = None,
                forecasts: bool = True, no_position: str = "abstain",
                readings: bool = True) -> "Report":
        """Every analysis the scenario supports, with the computed summary (as `entente
        analyze --json` with the same options).

        sensitivity: the thresholds of every flag (how far each coding must move to flip a
          conclusion); False skips them and the search below (`--no-sensitivity`).
        shift: also move each position by ±shift (issue units) and report the conclusions
          that flip (`--shift D`); None (default) skips this older one-at-a-time search.
        forecasts: run the forecast models (`--no-forecasts`); no_position: "abstain" or
          "indifferent" (`--no-position`).
        readings: when the scenario has variants (readings of its coding), run each of them
          too and say under each summary line which readings change it (the "readings" key,
          as the CLI prints by default; False is `--no-readings`)."""
        o = _analyze_opts(sensitivity, shift, forecasts, no_position)
        o.power = 0  # the JSON report has no voting-power table (as the CLI's --json)
        cs = self._c()
        rd = _ffi.NULL
        if _bool("readings", readings) and cs.ptr.nvariants:
            ro = _analyze_opts(sensitivity, shift, forecasts, no_position)
            ro.power = 0
            rd = self._compare_run(self._variant_ids(), ro)
        tick = _with_progress(o)  # noqa: F841 (kept alive for the call)
        r = _ffi.new("ent_analyze_t *")
        _lib.ent_analyze_init(r)
        err = _ffi.new("ent_error_t *")
        try:
            _check(_lib.ent_analyze_run(cs.ptr, o, r, err), err)
            buf = _ffi.new("ent_buf_t *")
            return Report("analyze", _render(_lib.ent_report_analyze_readings(
                cs.ptr, r, rd, _lib.ENT_OUTPUT_JSON, buf), buf))
        finally:
            _lib.ent_analyze_destroy(r)
            if rd != _ffi.NULL:
                _lib.ent_compare_destroy(rd)

    def compare(self, variants: Optional[Sequence[str]] = None, sensitivity: bool = True,
                forecasts: bool = True, no_position: str = "abstain") -> "Report":
        """The analyses of analyze() on the scenario (column "base") and on each of its
        variants (default: all, in file order; or these ids), as `entente compare --json`:
        "columns", and "rows" with one cell per column, the cells that differ from base
        marked. sensitivity: False skips the one-at-a-time search (`--no-sensitivity`; the
        thresholds stay); forecasts, no_position: as in analyze()."""
        if variants is None:
            ids = self._variant_ids()
        elif isinstance(variants, str):
            ids = variants.split(",")
        else:
            ids = list(variants)
            for v in ids:
                _str("variant", v)
        # as `entente compare`: the analyze defaults (the one-at-a-time sensitivity search
        # included, the thresholds always), without the voting-power table
        o = _ffi.new("ent_analyze_opts_t *")
        _lib.ent_analyze_opts_init(o)
        o.power = 0
        o.sensitivity = o.sensitivity and _bool("sensitivity", sensitivity)
        o.forecasts = _bool("forecasts", forecasts)
        o.no_position = _no_position(no_position)
        tick = _with_progress(o)  # noqa: F841 (kept alive for the call)
        rd = self._compare_run(ids, o)
        try:
            buf = _ffi.new("ent_buf_t *")
            return Report("compare", _render(_lib.ent_report_compare(self._c().ptr, rd,
                                                                     _lib.ENT_OUTPUT_JSON, buf), buf))
        finally:
            _lib.ent_compare_destroy(rd)

    def simulate(self, draws: int = 1000, seed: int = 1, threads: int = 0,
                 forecasts: bool = True, no_position: str = "abstain", sobol: int = 0,
                 bootstrap: int = 100) -> "Report":
        """Monte Carlo over the codings (docs/analyses.md §6): draw `draws` codings from the
        scenario's `uncertainty:` section, run every analysis on each and aggregate. The
        Report holds what `entente simulate --json` prints: "summary" (each line of the
        coded scenario's summary with the probability that it holds and its 95 % Wilson
        interval), "outputs" (numbers: mean, sd, quantiles; flags: p, low, high;
        categories: frequencies), "inputs" and, with sobol=N base draws, the Sobol indices.
        Numbers have 17 significant digits, so each is the library's double bit for bit.
        seed: the counter-based generator's seed; threads: workers (0 = every core; the
        result does not depend on it); forecasts: run the forecast models in each draw;
        bootstrap: resamples of the Sobol indices' intervals. Releases the GIL; Ctrl-C stops
        it (KeyboardInterrupt)."""
        o = _ffi.new("ent_simulate_opts_t *")
        _lib.ent_simulate_opts_init(o)
        o.draws = _num("draws", draws, 1, 1 << 62, integer=True)
        o.seed = _num("seed", seed, 0, 2 ** 64 - 1, integer=True)
        o.threads = _num("threads", threads, 0, 256, integer=True)
        o.forecasts = _bool("forecasts", forecasts)
        o.no_position = _no_position(no_position)
        o.sobol = _num("sobol", sobol, 0, 1 << 62, integer=True)
        o.bootstrap = _num("bootstrap", bootstrap, 1, 10000, integer=True)
        cs = self._c()
        tick = _with_progress(o)  # noqa: F841 (kept alive for the call)
        r = _ffi.new("ent_simulation_t *")
        _lib.ent_simulation_init(r)
        err = _ffi.new("ent_error_t *")
        try:
            _check(_lib.ent_simulate_run(cs.ptr, o, r, err), err)
            buf = _ffi.new("ent_buf_t *")
            return Report("simulate", _render(_lib.ent_report_simulate(cs.ptr, r, _lib.ENT_OUTPUT_JSON,
                                                                       buf), buf))
        finally:
            _lib.ent_simulation_destroy(r)


def _analyze_opts(sensitivity: bool, shift: Optional[float], forecasts: bool, no_position: str):
    """ent_analyze_opts_t as `entente analyze` sets it from the same options."""
    o = _ffi.new("ent_analyze_opts_t *")
    _lib.ent_analyze_opts_init(o)
    if not _bool("sensitivity", sensitivity):
        o.sensitivity = 0
        o.thresholds = 0
    if shift is None:
        o.sensitivity = 0
    else:
        if _num("shift", shift, 0, 1e9) <= 0:
            raise UsageError("shift must be positive")
        o.shift = shift
    o.forecasts = _bool("forecasts", forecasts)
    o.no_position = _no_position(no_position)
    return o


def _no_position(v: str) -> int:
    _str("no_position", v)
    if v == "abstain":
        return _lib.ENT_NO_POSITION_ABSTAIN
    if v == "indifferent":
        return _lib.ENT_NO_POSITION_INDIFFERENT
    raise UsageError("no_position wants 'abstain' or 'indifferent', not %r" % v)


# ---- results ----

class Report:
    """The result of an analysis: the JSON document of the library's renderer (what the CLI
    prints with --json) as dicts and lists: 6 significant digits for guarantee, proposals,
    sequence and analyze, 17 (every double exact) for simulate; {"message": sentence} when
    the CLI prints a sentence instead (guarantee on a scenario without rules). Index it like
    a dict; to_frame(key) gives the list under `key` (default: the first list of objects)
    as a pandas DataFrame."""

    def __init__(self, kind: str, data: Dict[str, Any]) -> None:
        self.kind = kind
        self.data = data

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def __contains__(self, key: object) -> bool:
        return key in self.data

    def keys(self):
        return self.data.keys()

    def __repr__(self) -> str:
        return "<entente.Report %s: %s>" % (self.kind, ", ".join(self.data))

    def to_dict(self) -> Dict[str, Any]:
        return _copy(self.data)

    def to_frame(self, key: Optional[str] = None):
        pd = _pd()
        if key is None:
            key = next((k for k, v in self.data.items()
                        if isinstance(v, list) and v and isinstance(v[0], dict)), None)
            if key is None:
                return pd.DataFrame([self.data])
        return pd.json_normalize(self.data[key])


class ModelForecast:
    """One model's forecast: outcome {issue id: value, or a tuple for a multi-dimensional
    issue}; why {issue id: reason} for the issues it did not forecast or annotated."""

    def __init__(self, model: str, variant: Optional[str], outcome: Dict[str, Any],
                 why: Dict[str, str]) -> None:
        self.model, self.variant, self.outcome, self.why = model, variant, outcome, why

    def __repr__(self) -> str:
        return "<entente.ModelForecast %s: %r>" % (self.model, self.outcome)


class Forecast:
    """The forecasts of several models. forecast["bdm"] is a ModelForecast; .models lists
    them in run order; .report is the full JSON report (dynamics, verdicts, notes) exactly as
    `entente forecast --json --precision 17` prints it."""

    def __init__(self, models: List[ModelForecast], report: Dict[str, Any]) -> None:
        self.models = models
        self.report = report

    def __getitem__(self, model: str) -> ModelForecast:
        for m in self.models:
            if m.model == model:
                return m
        raise KeyError(model)

    def __iter__(self):
        return iter(self.models)

    def __repr__(self) -> str:
        return "<entente.Forecast %s>" % ", ".join(m.model for m in self.models)

    def to_dict(self) -> Dict[str, Any]:
        return {m.model: dict(m.outcome) for m in self.models}

    def to_frame(self):
        """Rows: issues; columns: models (pandas)."""
        pd = _pd()
        return pd.DataFrame({m.model: pd.Series(m.outcome, dtype=object) for m in self.models})


class Power:
    """Voting power of every player. power["shapley"] is {player: value} (float, or
    fractions.Fraction when exact=True); .players, .veto, .dummy (player lists), .swings
    {player: int}, .winning and .minimal_winning (int; None for Monte Carlo),
    .collective (Coleman's power of the collectivity to act), .method, .why, .exact,
    .ci {index: {player: half-width}} for Monte Carlo."""

    def __init__(self, **kw: Any) -> None:
        self.__dict__.update(kw)

    def __getitem__(self, index: str) -> Dict[str, Any]:
        return self.values[index]

    def __contains__(self, index: object) -> bool:
        return index in self.values

    def __repr__(self) -> str:
        return "<entente.Power %s, %d players, %s>" % (self.method, len(self.players),
                                                      ", ".join(self.values))

    def to_dict(self) -> Dict[str, Any]:
        d = dict(self.__dict__)
        d["values"] = {k: dict(v) for k, v in self.values.items()}
        return d

    def to_frame(self):
        """Rows: players; columns: the indices, veto, dummy (pandas)."""
        pd = _pd()
        df = pd.DataFrame({k: pd.Series(v) for k, v in self.values.items()}, index=self.players)
        df["veto"] = [p in self.veto for p in self.players]
        df["dummy"] = [p in self.dummy for p in self.players]
        return df


def power_indices() -> List[str]:
    """The names of the power indices, in the library's order."""
    return [_ffi.string(_lib.ent_power_index_name(i)).decode()
            for i in range(_lib.ent_power_index_count())]


def models() -> List[Tuple[str, str]]:
    """The forecast models: (name, one-line description), in the library's order."""
    out, k = [], 0
    while True:
        m = _lib.ent_forecast_model_at(k)
        if m == _ffi.NULL:
            return out
        out.append((_ffi.string(m.name).decode(), _ffi.string(m.help).decode()))
        k += 1


def formats() -> List[str]:
    """The input formats load() reads (its format= names)."""
    return ["yaml", "json", "eu", "ktab", "decide", "deu"]


_METHODS = {"auto": "ENT_METHOD_AUTO", "enum": "ENT_METHOD_ENUM", "dp": "ENT_METHOD_DP",
            "mc": "ENT_METHOD_MC", "types": "ENT_METHOD_TYPES", "parts": "ENT_METHOD_PARTS"}


def _power(g, indices, exact, approx, fallback, method, samples, seed, confidence,
           max_seconds, max_memory, keep=None) -> Power:
    err = _ffi.new("ent_error_t *")
    po = _ffi.new("ent_power_opts_t *")
    _lib.ent_power_opts_init(po)
    if isinstance(indices, str):
        text = indices
    elif isinstance(indices, (list, tuple, set, frozenset)) and all(isinstance(i, str) for i in indices):
        text = ",".join(indices)
    else:
        raise TypeError("indices must be 'all', a comma list or a sequence of index names")
    mask = _ffi.new("unsigned *")
    _check(_lib.ent_power_index_parse(text.encode(), mask, err), err)
    po.indices = mask[0]
    exact, approx, fallback = _bool("exact", exact), _bool("approx", approx), _bool("fallback", fallback)
    if exact and approx:
        raise UsageError("exact=True and approx=True contradict each other")
    _str("method", method)
    if method not in _METHODS:
        raise UsageError("method %r; expected one of %s" % (method, ", ".join(_METHODS)))
    po.method = getattr(_lib, _METHODS[method])
    po.approx, po.approx_on_refusal = approx, fallback
    po.samples = _num("samples", samples, 1, 2 ** 64 - 1, integer=True)
    po.seed = _num("seed", seed, 0, 2 ** 64 - 1, integer=True)
    c = _num("confidence", confidence, 0, 1)
    if not 0 < c < 1:
        raise UsageError("confidence must be between 0 and 1, not %r" % c)
    po.confidence = c
    po.max_seconds = _num("max_seconds", max_seconds, 0, 1e12)
    po.max_memory = _num("max_memory", max_memory, 0, 1e9) * 1024.0 ** 3
    tick = _with_progress(po)  # noqa: F841 (kept alive for the call)
    p = _ffi.new("ent_power_t *")
    _lib.ent_power_init(p)
    try:
        _check(_lib.ent_game_power(g, po, p, err), err)
        n = p.n
        players = [_ffi.string(_lib.ent_game_player_name(g, k)).decode() for k in range(n)]
        names = power_indices()
        values, ci = {}, {}
        for i, name in enumerate(names):
            if not (p.computed >> i) & 1:
                continue
            if exact and p.is_exact and p.exact[i] != _ffi.NULL:
                values[name] = {players[k]: _Fraction(_ffi.string(p.exact[i][k]).decode())
                                for k in range(n)}
            else:
                values[name] = {players[k]: p.value[i][k] for k in range(n)}
            if p.ci[i] != _ffi.NULL:
                ci[name] = {players[k]: p.ci[i][k] for k in range(n)}

        def cnum(s):
            return int(_ffi.string(s).decode()) if s != _ffi.NULL else None
        coll = p.collective
        if exact and p.collective_exact != _ffi.NULL:
            coll = _Fraction(_ffi.string(p.collective_exact).decode())
        return Power(
            players=players, values=values, ci=ci,
            veto=[players[k] for k in range(n) if p.veto != _ffi.NULL and p.veto[k]],
            dummy=[players[k] for k in range(n) if p.dummy != _ffi.NULL and p.dummy[k]],
            swings={players[k]: int(_ffi.string(p.swings[k]).decode()) for k in range(n)}
            if p.swings != _ffi.NULL else None,
            winning=cnum(p.winning), minimal_winning=cnum(p.min_winning), collective=coll,
            exact=bool(p.is_exact),
            method=_ffi.string(_lib.ent_power_method_name(p.method)).decode(),
            why=_ffi.string(p.why).decode(),
            samples=p.samples if not p.is_exact else None,
            seed=p.seed if not p.is_exact else None)
    finally:
        _lib.ent_power_destroy(p)


def power(game: Union[str, Scenario], rule: Optional[str] = None, *, expr: Optional[str] = None,
          indices: Union[str, Iterable[str]] = "all", exact: bool = False,
          approx: bool = False, fallback: bool = False, method: str = "auto",
          samples: int = 100000, seed: int = 1, confidence: float = 0.95,
          max_seconds: float = 60, max_memory: float = 4) -> Power:
    """Voting power of every player of a decision rule.

    power(scenario, "rule_id", ...) or power(scenario, expr="2 of {A, B, C}", ...): a rule
    of a scenario, as Scenario.power (which documents every option).
    power("[q; w1, w2, ...]", ...): a weighted game written as text (repetition "7x5"; q may
    be "P%"; several quotas "[q1, q2; a1 b1, ...]"), as `entente power --game`; its players
    are named "1".."n".
    Returns a Power: power["shapley"]["RU"] is a float, or a fractions.Fraction when
    exact=True."""
    if isinstance(game, Scenario):
        return game.power(rule, expr=expr, indices=indices, exact=exact, approx=approx,
                          fallback=fallback, method=method, samples=samples, seed=seed,
                          confidence=confidence, max_seconds=max_seconds, max_memory=max_memory)
    if rule is not None or expr is not None:
        raise TypeError("rule and expr apply to a scenario, not to a game text")
    err = _ffi.new("ent_error_t *")
    g = _ffi.new("ent_game_t **")
    _check(_lib.ent_game_from_text(_str("game", game), g, err), err)
    return _power(_ffi.gc(g[0], _lib.ent_game_destroy), indices, exact, approx, fallback,
                  method, samples, seed, confidence, max_seconds, max_memory)


def forecast(scenario: Scenario, models: Optional[Union[str, Sequence[str]]] = None, *,
             rounds: int = 0, tol: float = 0.0) -> Forecast:
    """Scenario.forecast(models, rounds=, tol=) as a function."""
    return _scenario(scenario).forecast(models, rounds=rounds, tol=tol)


def guarantee(scenario: Scenario, against: Optional[str] = None, partners: Optional[str] = None,
              limit: int = 5) -> Report:
    """Scenario.guarantee as a function: can a guarantee be triggered against an aggressor's
    objection (`entente guarantee --json`)."""
    return _scenario(scenario).guarantee(against, partners, limit)


def proposals(scenario: Scenario, no_position: str = "abstain") -> Report:
    """Acceptability of the proposals and the win-set of the status quo (`entente proposals
    --json`; Scenario.analyze_proposals)."""
    return _scenario(scenario).analyze_proposals(no_position)


def sequence(scenario: Scenario, limit: int = 100, cuts: int = 0) -> Report:
    """Scenario.sequence as a function (`entente sequence --json`)."""
    return _scenario(scenario).sequence(limit, cuts)


def analyze(scenario: Scenario, sensitivity: bool = True, shift: Optional[float] = None,
            forecasts: bool = True, no_position: str = "abstain", readings: bool = True) -> Report:
    """Scenario.analyze as a function (`entente analyze --json`)."""
    return _scenario(scenario).analyze(sensitivity, shift, forecasts, no_position, readings)


def compare(scenario: Scenario, variants: Optional[Sequence[str]] = None, sensitivity: bool = True,
            forecasts: bool = True, no_position: str = "abstain") -> Report:
    """Scenario.compare as a function (`entente compare --json`)."""
    return _scenario(scenario).compare(variants, sensitivity, forecasts, no_position)


def simulate(scenario: Scenario, draws: int = 1000, seed: int = 1, threads: int = 0,
             forecasts: bool = True, no_position: str = "abstain", sobol: int = 0,
             bootstrap: int = 100) -> Report:
    """Scenario.simulate as a function: Monte Carlo over the codings (`entente simulate
    --json`, every number bit for bit)."""
    return _scenario(scenario).simulate(draws, seed, threads, forecasts, no_position, sobol,
                                        bootstrap)


def _cell_text(v: Any) -> Optional[str]:
    """A spreadsheet cell as the text a CSV would hold: numbers in full (repr), dates as
    YYYY-MM-DD (a date-time with a time of day keeps it, and the library refuses it)."""
    import datetime
    if v is None:
        return None
    if isinstance(v, datetime.datetime):
        if v.time() == datetime.time(0):
            return v.strftime("%Y-%m-%d")
        return v.isoformat()
    if isinstance(v, datetime.date):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, (int, float)):
        return repr(v)
    return str(v)


def _survey_rows(path: str, sheet: Optional[str]):
    """(line, [cells]) of the non-empty rows of an .xlsx sheet (openpyxl, Debian's
    python3-openpyxl), the line being the sheet's row number."""
    try:
        import openpyxl
    except ImportError as e:  # pragma: no cover - scripts/deps.sh installs it
        raise ImportError("reading .xlsx surveys needs openpyxl (Debian: python3-openpyxl)") from e
    wb = openpyxl.load_workbook(path, data_only=True)
    try:
        if sheet is None:
            ws = wb.worksheets[0]
        elif sheet in wb.sheetnames:
            ws = wb[sheet]
        else:
            raise InputError("no sheet %r; expected one of %s" % (sheet, ", ".join(wb.sheetnames)),
                             path, 0, 0)
        for line, row in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in row]
            if any(c is not None and c.strip() for c in cells):
                yield line, cells
    finally:
        wb.close()


def survey(table: Union[str, "_os.PathLike[str]"], scenario: Scenario, *,
           sheet: Optional[str] = None, point: str = "mean", distribution: str = "empirical",
           disagree: Optional[float] = None) -> Tuple[Scenario, Report]:
    """Expert codings aggregated into a scenario, as `entente survey` (docs/format.md,
    "Expert surveys"): `table` is a CSV file (read by the library) or an .xlsx workbook (its
    first sheet, or `sheet`; read with openpyxl, every cell handed to the library's reader
    row by row, so checks, messages and aggregation are the C ones, with the sheet's row
    and column numbers as line:col). Columns: coder, actor, issue, position, salience and
    optionally capability, date, confidence.

    Returns (the recoded copy of `scenario`, the spread Report: what `entente survey --json`
    prints). point: "mean" or "median"; distribution: "empirical", "normal" or
    "triangular"; disagree: flag values whose coders are more than this apart.
    Raises InputError (file:line:col), UsageError for a bad option."""
    base = _scenario(scenario)
    if isinstance(table, _os.PathLike):
        table = _os.fspath(table)
    if not isinstance(table, str):
        raise TypeError("survey() takes a path (str or os.PathLike), not %s" % type(table).__name__)
    o = _ffi.new("ent_survey_opts_t *")
    _lib.ent_survey_opts_init(o)
    pp = _ffi.new("ent_survey_point_t *")
    if _lib.ent_survey_point_parse(_str("point", point), pp) != _lib.ENT_OK:
        raise UsageError("point wants 'mean' or 'median', not %r" % point)
    o.point = pp[0]
    dp = _ffi.new("ent_dist_kind_t *")
    if _lib.ent_survey_dist_parse(_str("distribution", distribution), dp) != _lib.ENT_OK:
        raise UsageError("distribution wants 'empirical', 'normal' or 'triangular', not %r"
                         % distribution)
    o.dist = dp[0]
    if disagree is not None:
        o.disagree = _num("disagree", disagree, 0, float("inf"))
    # a fresh C copy of the base, which the survey recodes
    text = base.to_json().encode()
    cs = _CScenario()
    err = _ffi.new("ent_error_t *")
    lo = _ffi.new("ent_load_opts_t *")
    _lib.ent_load_opts_init(lo)
    lo.format = _lib.ENT_FMT_JSON
    tp = _ffi.new("ent_survey_table_t **")
    r = _ffi.new("ent_survey_t *")
    applied = False
    try:
        _check(_lib.ent_scenario_load_mem(cs.ptr, (base.source or "<scenario>").encode(), text,
                                          len(text), lo, err), err)
        _check(_lib.ent_survey_table_new(cs.ptr, table.encode(), tp, err), err)
        if table.lower().endswith((".xlsx", ".xlsm")):
            header = True
            for line, cells in _survey_rows(table, sheet):
                keep = [_ffi.new("char[]", c.encode()) if c is not None else _ffi.NULL
                        for c in cells]
                arr = _ffi.new("const char *[]", keep) if keep else _ffi.NULL
                locs = _ffi.new("ent_loc_t[]", [(line, k + 1) for k in range(len(cells))])
                if header:
                    _check(_lib.ent_survey_header(tp[0], len(cells), arr, locs, err), err)
                    header = False
                else:
                    _check(_lib.ent_survey_row(tp[0], len(cells), arr, locs, line, err), err)
            if header:
                raise InputError("empty survey; expected a header coder,actor,issue,position,"
                                 "salience and one row per coder, actor and issue", table, 1, 1)
        else:
            if sheet is not None:
                raise UsageError("sheet applies to .xlsx workbooks, not to %s" % table)
            _check(_lib.ent_survey_load_csv(tp[0], table.encode(), err), err)
        _check(_lib.ent_survey_apply(tp[0], cs.ptr, o, r, err), err)
        applied = True
        buf = _ffi.new("ent_buf_t *")
        report = Report("survey", _render(_lib.ent_report_survey(cs.ptr, r, _lib.ENT_OUTPUT_JSON,
                                                                 buf), buf))
    except BaseException:
        cs.close()
        raise
    finally:
        if applied:
            _lib.ent_survey_destroy(r)
        _lib.ent_survey_table_destroy(tp[0])
    return Scenario(None, source=None, c=cs), report


def _scenario(s: Any) -> Scenario:
    if not isinstance(s, Scenario):
        raise TypeError("expected an entente.Scenario (entente.load(...)), not %s" % type(s).__name__)
    return s


# ---- loading ----

def load(source: Union[str, "_os.PathLike[str]", Dict[str, Any]], *, format: Optional[str] = None,
         skip_line: Optional[int] = None, capability_row: Optional[str] = None,
         capability_file: Optional[str] = None) -> Scenario:
    """Load a scenario from a file (any format the library reads: YAML, JSON, the EU, KTAB,
    Decide and DEU tables; docs/importers.md) or from a dict in the format of
    docs/format.md. The rules are checked right away (as the CLI does).

    format: force the input format (entente.formats()); skip_line, capability_row: DEU
    tables; capability_file: capabilities from a CSV table "actor,capability".
    Raises InputError (file:line:col, or the key path of a dict), OSError for a file that
    cannot be read, TypeError for a source that is neither a path nor a dict."""
    if isinstance(source, dict):
        if any(x is not None for x in (format, skip_line, capability_row, capability_file)):
            raise TypeError("format, skip_line, capability_row and capability_file apply to "
                            "files, not to a dict")
        cs = _c_load_dict(source)
        try:
            text = _emit(cs, _lib.ENT_FMT_JSON)
        except BaseException:
            cs.close()
            raise
        s = Scenario(_json.loads(text), c=cs)
        object.__setattr__(s, "_cache_dict", text)  # the state cs holds (see _c)
        return s
    if isinstance(source, _os.PathLike):
        source = _os.fspath(source)
    if not isinstance(source, str):
        raise TypeError("load() takes a path (str or os.PathLike) or a dict, not %s"
                        % type(source).__name__)
    keep: list = []
    lo = _load_opts(format, skip_line, capability_row, capability_file, keep)
    cs = _CScenario()
    err = _ffi.new("ent_error_t *")
    _check(_lib.ent_scenario_load(cs.ptr, source.encode(), lo, err), err)
    _check(_lib.ent_game_check_rules(cs.ptr, err), err)
    notes = cs.ptr.load_report
    # The Python objects are made when first read (Scenario._materialize): a table loaded
    # only to be analysed never pays for them.
    return Scenario(None, source=source, c=cs,
                    notes=_ffi.string(notes).decode("utf-8", "replace") if notes != _ffi.NULL else "")
