"""Calling a learner's code on a case, and moving values across a process boundary.

Nothing here is secret: it is what both the notebook's self-check and the grading
sandbox use to turn a case's plain-data inputs into arguments, call the learner's entry
point, and carry what it returned back as JSON-safe data (``to_wire``), which the trusted
side turns back into objects (``from_wire``) before the task's own encoder reads them.
"""

from __future__ import annotations

import atexit
import copy
import inspect
import math
import numbers
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import types
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd

__all__ = ["decode", "invoke", "prepare", "to_wire", "from_wire", "WireError", "FakeRegistry",
           "InputMutated", "Replay", "TrackingStore", "CallWatch", "write_files",
           "run_test_class", "logistic_model", "FakeAuditLog"]

#: How many items a list, a frame column or a mapping may hold on the wire.
MAX_ITEMS = 100_000
MAX_DEPTH = 8


class WireError(ValueError):
    """A value cannot be carried (too large, too deep, or of an unknown kind)."""


class InputMutated(Exception):
    """The learner's code changed an argument that the task says it must leave alone."""


def _unchanged(before, after):
    """Whether an argument is as it was before the call (values, dtypes, index)."""
    try:
        if isinstance(before, (pd.DataFrame, pd.Series)):
            return (type(after) is type(before) and before.equals(after)
                    and before.index.equals(after.index)
                    and getattr(before, "name", None) == getattr(after, "name", None)
                    and list(getattr(before, "columns", [])) ==
                    list(getattr(after, "columns", [])))
        if isinstance(before, np.ndarray):
            return (isinstance(after, np.ndarray) and before.dtype == after.dtype
                    and before.shape == after.shape
                    and bool(np.all((before == after) | (pd.isna(before) & pd.isna(after)))))
        return bool(before == after)
    except Exception:  # a value that cannot be compared: count it as changed
        return False


def _call_without_side_effects(impl, args, kwargs):
    """Call ``impl``; raise InputMutated naming the first argument it changed."""
    before = [copy.deepcopy(a) for a in args]
    before_kw = {k: copy.deepcopy(v) for k, v in kwargs.items()}
    result = impl(*args, **kwargs)
    try:
        names = list(inspect.signature(impl).parameters)
    except (TypeError, ValueError):
        names = []
    for i, (old, new) in enumerate(zip(before, args)):
        if not _unchanged(old, new):
            name = names[i] if i < len(names) else f"#{i + 1}"
            raise InputMutated(f"argument `{name}`")
    for key, old in before_kw.items():
        if not _unchanged(old, kwargs[key]):
            raise InputMutated(f"argument `{key}`")
    return result


def decode(value):
    """Build a real argument from its plain-data description.

    ``{"array": [...]}`` becomes a numpy array (of objects when it holds strings),
    ``{"frame": {"columns": {...}, "dtypes": {...}}}`` a DataFrame (with ``"index"``,
    ``"index_dtype"`` and ``"index_name"`` when it is not the default index),
    ``{"registry": {...}}`` a :class:`FakeRegistry`, ``{"audit_log": {}}`` an empty
    :class:`FakeAuditLog`, ``{"logistic": {...}}`` the ``predict_proba`` of
    :func:`logistic_model`, ``{"sequence": [...]}``
    a function returning the next item at each call (a deterministic clock, say),
    ``{"files": {...}, "open": path}`` the path (a string) of a new temporary folder
    holding those files (see :func:`write_files`), or of the file ``open`` inside it;
    anything else is passed as it is.
    """
    if isinstance(value, dict) and set(value) == {"array"}:
        items = value["array"]
        if items and all(isinstance(v, str) for v in items):
            return np.array(items, dtype=object)
        return np.asarray(items)
    if isinstance(value, dict) and set(value) == {"sequence"}:
        items = iter(list(value["sequence"]))
        return lambda: next(items)
    if isinstance(value, dict) and set(value) == {"registry"}:
        return FakeRegistry(**value["registry"])
    if isinstance(value, dict) and set(value) == {"replay"}:
        return Replay(**value["replay"])
    if isinstance(value, dict) and set(value) == {"tracking_store"}:
        return TrackingStore(**value["tracking_store"])
    if isinstance(value, dict) and set(value) == {"files", "open"}:
        folder = write_files(value["files"])
        return str(folder / value["open"]) if value["open"] else str(folder)
    if isinstance(value, dict) and set(value) == {"logistic"}:
        return logistic_model(**value["logistic"])
    if isinstance(value, dict) and set(value) == {"audit_log"}:
        return FakeAuditLog()
    if isinstance(value, dict) and set(value) == {"frame"}:
        spec = value["frame"]
        data = {}
        for name, values in spec["columns"].items():
            dtype = spec["dtypes"][name]
            data[name] = pd.Series(values, dtype="category" if dtype == "category" else dtype)
        if "index" not in spec:
            return pd.DataFrame(data)
        index = pd.Index(pd.Series(spec["index"], dtype=spec.get("index_dtype")),
                         name=spec.get("index_name"))
        return pd.DataFrame({k: v.to_numpy() for k, v in data.items()}, index=index)
    return value


def prepare(protocol, *, cache=None):
    """Do, once and before any case runs, the slow set-up a protocol needs.

    ``{"stores": true}``: the cases build MLflow stores (:class:`TrackingStore`); the
    empty store they copy is made now, so that no case pays for creating its tables.
    With ``cache`` (a folder), that empty store is kept there and reused by later
    processes; the grader passes none, so that it never reads a file a notebook could
    have written.
    """
    if protocol.get("stores"):
        _store_template(cache)


_FOLDERS = []


@atexit.register
def _remove_folders():
    while _FOLDERS:
        shutil.rmtree(_FOLDERS.pop(), ignore_errors=True)


def write_files(files):
    """Write ``files`` into a new temporary folder (removed at exit) and return its path.

    ``files`` maps a relative path (``/``-separated; a path ending in ``/`` is an empty
    folder) to its content: a string (written as UTF-8 bytes, line endings kept) or
    ``{"text": str, "repeat": n}`` (the text written ``n`` times).
    """
    folder = Path(tempfile.mkdtemp(prefix="mlopskit-case-"))
    _FOLDERS.append(folder)
    for relative, content in files.items():
        parts = [p for p in str(relative).split("/") if p]
        if not parts or any(p in (".", "..") for p in parts):
            raise ValueError(f"a case file path must stay inside its folder, got {relative!r}")
        target = folder.joinpath(*parts)
        if str(relative).endswith("/"):
            target.mkdir(parents=True, exist_ok=True)
            continue
        if isinstance(content, dict):
            content = str(content["text"]) * int(content.get("repeat", 1))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(str(content).encode("utf-8"))
    return folder


def invoke(impl, inputs, protocol):
    """Call ``impl`` on one case's inputs, following the task's protocol.

    ``{"kind": "function"}``: ``impl(*args, **kwargs)``; with ``"repeat": n`` it is called
    ``n`` times, numpy's and Python's global random state set to another seed before each
    call (and restored after), and the list of results is returned, so that code which
    leaves some randomness unseeded shows it; with ``"observe": true`` the
    result is ``{"returned": ..., "observed": [...]}``, the snapshots of the arguments
    that can take one (a :class:`FakeRegistry`); with ``"immutable": true`` a call that
    changes one of its arguments raises :class:`InputMutated` naming it.
    ``{"kind": "scenario", "method": m}``: ``obj = impl(**init)``, then
    ``obj.m(x)`` for each ``x`` of ``calls``; returns the list of results.
    ``{"kind": "steps"}``: ``obj = impl(**init)``, then each of ``steps``: a method call
    (``{"call": name, "args": [...], "kwargs": {...}}``) or a change made from outside,
    as a test of tamper evidence would (``{"set": path, "value": v}``, ``{"delete": path}``,
    ``{"swap": path, "with": key}``, a path being an attribute name then keys or
    indices). Each step gives ``{"ok": result}`` or ``{"raised": exception name}``.
    ``{"kind": "pytest_mutants", "test_timeout": s}``: ``impl`` is a class of pytest-style
    tests; each ``test*`` method runs on a fresh module built from the case's ``source``
    (see :func:`run_test_class`); returns ``{"module", "must_pass", "tests"}``.
    """
    kind = protocol.get("kind")
    if kind == "function":
        args = [decode(a) for a in inputs.get("args", [])]
        kwargs = {k: decode(v) for k, v in inputs.get("kwargs", {}).items()}
        if protocol.get("repeat"):
            return _repeat(impl, inputs, int(protocol["repeat"]))
        if protocol.get("immutable"):
            result = _call_without_side_effects(impl, args, kwargs)
        else:
            result = impl(*args, **kwargs)
        if protocol.get("observe"):  # the state the call left behind counts too
            return {"returned": result,
                    "observed": [a.snapshot() for a in args if hasattr(a, "snapshot")]}
        return result
    if kind == "scenario":
        obj = impl(**{k: decode(v) for k, v in inputs.get("init", {}).items()})
        method = getattr(obj, protocol["method"])
        return [method(decode(x)) for x in inputs["calls"]]
    if kind == "steps":
        obj = impl(**{k: decode(v) for k, v in inputs.get("init", {}).items()})
        return [_step(obj, step) for step in inputs["steps"]]
    if kind == "pytest_mutants":
        return {"module": inputs["module"], "must_pass": bool(inputs.get("must_pass")),
                "tests": run_test_class(impl, inputs["source"],
                                        test_timeout=float(protocol.get("test_timeout", 2.0)))}
    raise ValueError(f"unknown protocol kind {kind!r}")


def _repeat(impl, inputs, times):
    """Call ``impl`` ``times`` times on fresh arguments, each after another global seed."""
    import random

    saved = np.random.get_state(), random.getstate()
    results = []
    try:
        for run in range(times):
            np.random.seed(1000 + run)
            random.seed(1000 + run)
            args = [decode(a) for a in inputs.get("args", [])]
            kwargs = {k: decode(v) for k, v in inputs.get("kwargs", {}).items()}
            results.append(impl(*args, **kwargs))
    finally:
        np.random.set_state(saved[0])
        random.setstate(saved[1])
    return results


class Replay:
    """A function that returns the given outputs one per call: a stand-in for a model.

    ``args`` and ``kwargs``, when given, are the only arguments it accepts (TypeError
    otherwise); a call past the last output raises RuntimeError.
    """

    def __init__(self, outputs, args=None, kwargs=None):
        self.outputs = list(outputs)
        self.args = None if args is None else list(args)
        self.kwargs = dict(kwargs or {}) if args is not None or kwargs is not None else None
        self.calls = 0

    def __call__(self, *args, **kwargs):
        if self.args is not None and (list(args) != self.args or kwargs != self.kwargs):
            raise TypeError(f"expected to be called with {self.args} and {self.kwargs}, "
                            f"got {list(args)} and {kwargs}")
        if self.calls >= len(self.outputs):
            raise RuntimeError(f"called {self.calls + 1} times; it has only "
                               f"{len(self.outputs)} results")
        self.calls += 1
        return decode(self.outputs[self.calls - 1])


_STORE_TEMPLATE = []


#: Where a learner's kernel keeps an empty MLflow store between sessions (git ignores it).
STORE_CACHE = Path(__file__).resolve().parent.parent / "mlruns"


def _store_template(cache=None):
    """A SQLite file holding an empty MLflow store, made once and then copied.

    MLflow creates its tables through a long chain of migrations (seconds). The file is
    made once per process; with ``cache`` (a folder) it is also kept there, named by the
    MLflow version, and a later process copies it instead of migrating again.
    """
    if _STORE_TEMPLATE:
        return _STORE_TEMPLATE[0]
    import mlflow
    from mlflow import MlflowClient

    kept = Path(cache) / f".empty-store-mlflow-{mlflow.__version__}.db" if cache else None
    if kept is not None and kept.is_file():
        _STORE_TEMPLATE.append(str(kept))
        return _STORE_TEMPLATE[0]
    folder = tempfile.mkdtemp(prefix="mlopskit-store-template-")
    path = f"{folder}/mlflow.db"
    MlflowClient(f"sqlite:///{path}").search_experiments()
    _STORE_TEMPLATE.append(path)
    if kept is not None:
        try:
            kept.parent.mkdir(parents=True, exist_ok=True)
            partial = kept.with_name(f"{kept.name}.{os.getpid()}.part")
            shutil.copy(path, partial)
            os.replace(partial, kept)  # a reader never sees half a file
        except OSError:  # a read-only kit: the template lives for this process only
            pass
    return _STORE_TEMPLATE[0]


#: The tag that marks the runs a case puts in a store before the learner's code runs.
GIVEN_TAG = "mlopskit.given"

_FILLED = {}


def _filled_template(experiments):
    """A store file holding ``experiments`` (see :class:`TrackingStore`), made once per
    content and copied for each case: cases, references and misconceptions that share
    the same runs do not write them again, run by run."""
    import json

    from mlflow import MlflowClient

    key = json.dumps(experiments, sort_keys=True, default=str)
    if key in _FILLED:
        return _FILLED[key]
    folder = tempfile.mkdtemp(prefix="mlopskit-store-template-")
    _FOLDERS.append(Path(folder))
    path = f"{folder}/mlflow.db"
    shutil.copy(_store_template(), path)
    client = MlflowClient(f"sqlite:///{path}")
    for name, runs in experiments.items():
        experiment_id = client.create_experiment(name)
        for run in runs:
            created = client.create_run(experiment_id, start_time=int(run["start"]),
                                        run_name=run["name"], tags={GIVEN_TAG: "true"})
            run_id = created.info.run_id
            for key_, value in run.get("params", {}).items():
                client.log_param(run_id, key_, value)
            for key_, value in run.get("metrics", {}).items():
                client.log_metric(run_id, key_, float(value), timestamp=int(run["start"]))
            client.set_terminated(run_id, "FINISHED", end_time=int(run["start"]) + 1000)
    _FILLED[key] = path
    return path


class TrackingStore(str):
    """A fresh MLflow tracking URI (SQLite, in a new temporary folder) that reads itself back.

    It is a ``str`` (the URI), so code receives it as any tracking URI. ``experiments``
    maps an experiment's name to the runs put there first, each
    ``{"name": ..., "start": ms, "metrics": {...}, "params": {...}}``.
    :meth:`snapshot` lists every run of every experiment as plain data.
    """

    def __new__(cls, experiments=None):
        folder = tempfile.mkdtemp(prefix="mlopskit-store-")
        _FOLDERS.append(Path(folder))
        shutil.copy(_filled_template(experiments or {}), f"{folder}/mlflow.db")
        store = super().__new__(cls, f"sqlite:///{folder}/mlflow.db")
        store.folder = folder
        return store

    def snapshot(self):
        from mlflow import MlflowClient

        client = MlflowClient(str(self))
        out = {}
        for experiment in client.search_experiments():
            runs = client.search_runs([experiment.experiment_id], max_results=1000,
                                      order_by=["attributes.start_time ASC"])
            if not runs and experiment.name == "Default":
                continue
            out[experiment.name] = {"id": experiment.experiment_id, "runs": [{
                "id": run.info.run_id,
                "given": run.data.tags.get(GIVEN_TAG) == "true",
                "name": run.info.run_name,
                "status": run.info.status,
                "params": dict(sorted(run.data.params.items())),
                "metrics": dict(sorted(run.data.metrics.items())),
                "inputs": sorted(([d.dataset.name, d.dataset.digest,
                                   {t.key: t.value for t in d.tags}.get("mlflow.data.context")]
                                  for d in (run.inputs.dataset_inputs if run.inputs else [])),
                                 key=str),
            } for run in runs]}
        return out


def _locate(obj, path):
    """The container and key that ``path`` (attribute, then keys/indices) points at."""
    if not path or not isinstance(path[0], str):
        raise ValueError("a step path starts with an attribute name")
    target = getattr(obj, path[0])
    if len(path) == 1:
        return obj, path[0], True
    for key in path[1:-1]:
        target = target[key]
    return target, path[-1], False


def _step(obj, step):
    """Run one step of a ``steps`` scenario; an exception becomes data."""
    try:
        if "call" in step:
            args = [decode(a) for a in step.get("args", [])]
            kwargs = {k: decode(v) for k, v in step.get("kwargs", {}).items()}
            return {"ok": getattr(obj, step["call"])(*args, **kwargs)}
        if "set" in step:
            container, key, is_attr = _locate(obj, step["set"])
            if is_attr:
                setattr(container, key, decode(step["value"]))
            else:
                container[key] = decode(step["value"])
            return {"ok": None}
        if "delete" in step:
            container, key, _ = _locate(obj, step["delete"])
            del container[key]
            return {"ok": None}
        if "swap" in step:
            container, key, _ = _locate(obj, step["swap"])
            other = step["with"]
            container[key], container[other] = container[other], container[key]
            return {"ok": None}
    except NotImplementedError:
        raise
    except Exception as exc:  # the scenario records what the learner's code raised
        return {"raised": type(exc).__name__}
    raise ValueError(f"unknown step {sorted(step)}")


def _check_size(n):
    if n > MAX_ITEMS:
        raise WireError(f"a value with {n} items is larger than the limit of {MAX_ITEMS}")


def to_wire(value, _depth=0):
    """A JSON-safe description of ``value`` (numbers, strings, lists, frames, records).

    Raises WireError for values too large, too deep or of a kind it does not carry.
    """
    if _depth > MAX_DEPTH:
        raise WireError("the value is nested too deeply")
    if value is None or isinstance(value, (bool, str)):
        if isinstance(value, str) and len(value) > 10_000:
            raise WireError("a string longer than 10,000 characters")
        return value
    if isinstance(value, np.bool_):
        return bool(value)
    if value is pd.NaT:
        return {"__timestamp__": "NaT"}
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        return {"__timestamp__": pd.Timestamp(value).isoformat()}
    if isinstance(value, pd.Index) and not isinstance(value, pd.MultiIndex):
        _check_size(len(value))
        return {"__index__": {"values": [to_wire(v, _depth + 1) for v in value.tolist()],
                              "name": None if value.name is None else str(value.name)}}
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return {"__float__": repr(float(value))} if not math.isfinite(value) else float(value)
    if isinstance(value, pd.DataFrame):
        _check_size(value.size)
        return {"__frame__": {
            "columns": [str(c) for c in value.columns],
            "index": [to_wire(i, _depth + 1) for i in value.index.tolist()],
            "index_name": None if value.index.name is None else str(value.index.name),
            "data": [[to_wire(v, _depth + 1) for v in value[c].tolist()] for c in value.columns],
        }}
    if isinstance(value, pd.Series):
        _check_size(len(value))
        return {"__series__": {
            "index": [to_wire(i, _depth + 1) for i in value.index.tolist()],
            "values": [to_wire(v, _depth + 1) for v in value.tolist()],
            "name": None if value.name is None else str(value.name),
        }}
    if isinstance(value, np.ndarray) and value.dtype.kind == "M":
        return to_wire(list(pd.DatetimeIndex(value.ravel())), _depth)
    if isinstance(value, np.ndarray):
        items = value.tolist()
        if not isinstance(items, list):
            return to_wire(items, _depth + 1)
        _check_size(len(items))
        return [to_wire(v, _depth + 1) for v in items]
    if isinstance(value, (list, tuple)):
        _check_size(len(value))
        out = [to_wire(v, _depth + 1) for v in value]
        if hasattr(value, "_fields"):  # a named tuple
            return {"__record__": dict(zip(value._fields, out))}
        return {"__tuple__": out} if isinstance(value, tuple) else out
    if isinstance(value, dict):
        _check_size(len(value))
        return {"__dict__": [[to_wire(k, _depth + 1), to_wire(v, _depth + 1)]
                             for k, v in value.items()]}
    fields = getattr(value, "__dataclass_fields__", None)
    if fields is not None:
        return {"__record__": {f: to_wire(getattr(value, f), _depth + 1) for f in fields}}
    raise WireError(f"values of type {type(value).__name__} cannot be graded")


def from_wire(data, _depth=0):
    """Rebuild objects from :func:`to_wire`'s description (untrusted input)."""
    if _depth > MAX_DEPTH + 2:
        raise WireError("the value is nested too deeply")
    if data is None or isinstance(data, (bool, int, float, str)):
        return data
    if isinstance(data, list):
        _check_size(len(data))
        return [from_wire(v, _depth + 1) for v in data]
    if not isinstance(data, dict) or len(data) != 1:
        raise WireError("malformed value")
    (tag, body), = data.items()
    if tag == "__float__" and body in ("nan", "inf", "-inf"):
        return float(body)
    if tag == "__timestamp__" and (body is None or isinstance(body, str)):
        try:
            return pd.NaT if body is None else pd.Timestamp(body)
        except ValueError as exc:
            raise WireError(f"malformed timestamp: {exc}") from None
    if tag == "__index__" and isinstance(body, dict):
        values = body.get("values")
        if not isinstance(values, list):
            raise WireError("malformed index")
        _check_size(len(values))
        return pd.Index([from_wire(v, _depth + 1) for v in values], name=body.get("name"))
    if tag == "__tuple__" and isinstance(body, list):
        return tuple(from_wire(v, _depth + 1) for v in body)
    if tag == "__dict__" and isinstance(body, list):
        _check_size(len(body))
        out = {}
        for pair in body:
            if not (isinstance(pair, list) and len(pair) == 2):
                raise WireError("malformed mapping")
            key = from_wire(pair[0], _depth + 1)
            if not isinstance(key, (str, int, float, bool, type(None))):
                raise WireError("malformed mapping key")
            out[key] = from_wire(pair[1], _depth + 1)
        return out
    if tag == "__record__" and isinstance(body, dict):
        return SimpleNamespace(**{str(k): from_wire(v, _depth + 1) for k, v in body.items()})
    if tag == "__series__" and isinstance(body, dict):
        try:
            index = [from_wire(i, _depth + 1) for i in body["index"]]
            values = [from_wire(v, _depth + 1) for v in body["values"]]
        except (KeyError, TypeError) as exc:
            raise WireError(f"malformed series: {exc}") from None
        if len(index) != len(values):
            raise WireError("malformed series")
        return pd.Series(values, index=index, name=body.get("name"), dtype=object).infer_objects()
    if tag == "__frame__" and isinstance(body, dict):
        try:
            columns, data_ = body["columns"], body["data"]
            index = [from_wire(i, _depth + 1) for i in body["index"]]
            if len(columns) != len(data_) or any(len(col) != len(index) for col in data_):
                raise WireError("malformed frame")
            frame = pd.DataFrame(
                {str(c): pd.Series([from_wire(v, _depth + 1) for v in col], dtype=object)
                 for c, col in zip(columns, data_)})
            frame.index = pd.Index(index, name=body.get("index_name"))
            for c in frame.columns:
                frame[c] = frame[c].infer_objects()
            return frame
        except (KeyError, TypeError) as exc:
            raise WireError(f"malformed frame: {exc}") from None
    raise WireError(f"unknown value tag {tag!r}")


def _missing_alias(name, alias):
    message = f"Registered model alias {alias} not found for model {name}."
    try:
        from mlflow.exceptions import MlflowException
    except ImportError:  # pragma: no cover - mlflow ships with the kit
        return LookupError(message)
    return MlflowException(message)


class FakeAuditLog:
    """An in-memory stand-in for the writing side of lesson 01's ``AuditLog``.

    Grading passes it to a learner's class that writes to an audit trail: it keeps each
    ``log_event(event_type, user, details)`` as an entry in ``entries``, in order, with
    the same keys as the real log's entries (without the hash chain).
    """

    def __init__(self):
        self.entries = []

    def __len__(self):
        return len(self.entries)

    def log_event(self, event_type, user, details=None):
        entry = {"index": len(self.entries), "timestamp": "", "event_type": str(event_type),
                 "user": str(user), "details": copy.deepcopy(dict(details or {}))}
        self.entries.append(entry)
        return copy.deepcopy(entry)

    def filter(self, *, event_type=None, user=None):
        return [e for e in self.entries if (event_type is None or e["event_type"] == event_type)
                and (user is None or e["user"] == user)]


class FakeRegistry:
    """An in-memory stand-in for the registry and run methods of ``mlflow.MlflowClient``.

    Grading runs a learner's promotion function against it (no server, no files) and
    reads back the aliases and tags it left with :meth:`snapshot`. With ``versions``
    (version -> ``{"run_id", "creation_timestamp", "user_id"}``) and ``runs`` (run id ->
    ``{"params", "tags", "metrics", "inputs": [{"name", "digest", "context"}]}``) it also
    answers ``get_run`` and ``search_model_versions`` with objects shaped like MLflow's.
    """

    def __init__(self, model, aliases=None, tags=None, versions=None, runs=None):
        self.model = model
        self.aliases = {str(k): str(v) for k, v in (aliases or {}).items()}
        self.tags = {str(v): dict(t) for v, t in (tags or {}).items()}
        self.versions = {str(v): dict(info) for v, info in (versions or {}).items()}
        self.runs = {str(r): dict(info) for r, info in (runs or {}).items()}

    def _check(self, name):
        if name != self.model:
            raise _missing_alias(name, "?")

    def get_model_version(self, name, version):
        self._check(name)
        version = str(version)
        info = self.versions.get(version, {})
        return SimpleNamespace(name=name, version=version,
                               aliases=sorted(a for a, v in self.aliases.items() if v == version),
                               tags=dict(self.tags.get(version, {})),
                               run_id=info.get("run_id"),
                               creation_timestamp=info.get("creation_timestamp", 0),
                               user_id=info.get("user_id", ""))

    def search_model_versions(self, filter_string=None, *args, **kwargs):
        """Every version of the model, newest first (the filter is not read)."""
        return [self.get_model_version(self.model, v)
                for v in sorted(self.versions, key=int, reverse=True)]

    def get_run(self, run_id):
        if run_id not in self.runs:
            try:
                from mlflow.exceptions import MlflowException
            except ImportError:  # pragma: no cover - mlflow ships with the kit
                raise LookupError(f"Run '{run_id}' not found") from None
            raise MlflowException(f"Run '{run_id}' not found")
        info = self.runs[run_id]
        inputs = []
        for item in info.get("inputs", []):
            tags = [] if item.get("context") is None else [
                SimpleNamespace(key="mlflow.data.context", value=item["context"])]
            inputs.append(SimpleNamespace(
                dataset=SimpleNamespace(name=item["name"], digest=item["digest"],
                                        source_type=item.get("source_type", "code"),
                                        source=item.get("source", "{}"),
                                        schema=item.get("schema", ""),
                                        profile=item.get("profile", "")),
                tags=tags))
        return SimpleNamespace(
            info=SimpleNamespace(run_id=run_id, experiment_id="0", status="FINISHED"),
            data=SimpleNamespace(params=dict(info.get("params", {})),
                                 tags=dict(info.get("tags", {})),
                                 metrics=dict(info.get("metrics", {}))),
            inputs=SimpleNamespace(dataset_inputs=inputs))

    def get_model_version_by_alias(self, name, alias):
        self._check(name)
        if alias not in self.aliases:
            raise _missing_alias(name, alias)
        return self.get_model_version(name, self.aliases[alias])

    def set_registered_model_alias(self, name, alias, version):
        self._check(name)
        self.aliases[str(alias)] = str(version)

    def delete_registered_model_alias(self, name, alias):
        self._check(name)
        if alias not in self.aliases:
            raise _missing_alias(name, alias)
        del self.aliases[alias]

    def set_model_version_tag(self, name, version=None, key=None, value=None, stage=None):
        self._check(name)
        self.tags.setdefault(str(version), {})[str(key)] = str(value)

    def snapshot(self):
        return {"aliases": dict(sorted(self.aliases.items())),
                "tags": {v: dict(sorted(t.items())) for v, t in sorted(self.tags.items())}}


class CallWatch:
    """Flags calls into forbidden modules while a task's cases run (``sys.setprofile``).

    ``names`` are modules (or packages) a task rules out, e.g. ``("fairlearn.metrics",)``.
    Python functions are recognised by the file they live in, C functions by their
    module; switching the watch off from the learner's code counts as a use.
    The grader's worker and the notebook's self-check use the same watch, so a learner
    hears in the notebook what grading will say.

    Examples
    --------
    >>> import json
    >>> watch = CallWatch(["json"])
    >>> watch.start(); _ = json.dumps([1]); watch.stop()
    >>> watch.hit
    'json'
    """

    def __init__(self, names):
        import importlib

        self.names = list(names)
        self.prefixes = []
        for name in self.names:
            module = None
            parts = name.split(".")
            for cut in range(len(parts), 0, -1):
                try:
                    module = importlib.import_module(".".join(parts[:cut]))
                    break
                except Exception:
                    continue
            where = getattr(module, "__file__", None) if module else None
            if where:
                folder = os.path.dirname(where)
                base = os.path.basename(where)
                root = folder if base == "__init__.py" else where[:-3]
                self.prefixes.append((name, root))
        self.hit = None

    def __call__(self, frame, event, arg):
        if self.hit is not None:
            return
        if event == "call":
            filename = frame.f_code.co_filename
            for name, root in self.prefixes:
                if filename.startswith(root):
                    self.hit = name
                    return
        elif event == "c_call":
            module = getattr(arg, "__module__", None) or ""
            for name in self.names:
                if module == name or module.startswith(name + "."):
                    self.hit = name
                    return

    def start(self):
        sys.setprofile(self)

    def stop(self):
        tampered = sys.getprofile() is not self
        sys.setprofile(None)
        if tampered and self.hit is None:
            self.hit = "profiler"  # the learner's code switched the watch off


def logistic_model(coef, intercept=0.0, square=None):
    """A ``predict_proba`` for a DataFrame: a logistic model with optional squared terms.

    ``p = 1 / (1 + exp(-(intercept + sum coef[c] * x_c + sum square[c] * x_c ** 2)))``;
    returns an ``(n, 2)`` array, the positive class in column 1.

    Examples
    --------
    >>> proba = logistic_model({"x": 1.0})
    >>> proba(pd.DataFrame({"x": [0.0]})).tolist()
    [[0.5, 0.5]]
    """
    coef, square = dict(coef), dict(square or {})

    def predict_proba(X):
        z = np.full(len(X), float(intercept))
        for column, weight in coef.items():
            z = z + float(weight) * X[column].to_numpy(dtype=float)
        for column, weight in square.items():
            z = z + float(weight) * X[column].to_numpy(dtype=float) ** 2
        p = 1.0 / (1.0 + np.exp(-z))
        return np.column_stack([1.0 - p, p])

    return predict_proba


class _TestTimeout(BaseException):
    """A learner's test ran past its time limit."""


def _on_test_alarm(signum, frame):
    raise _TestTimeout()


def _test_names(cls):
    """The names pytest would collect on a test class: callables whose name starts with
    ``test``, in the order they are defined (inherited ones after)."""
    names = []
    for klass in getattr(cls, "__mro__", (cls,)):
        for name, value in vars(klass).items():
            if name.startswith("test") and callable(value) and name not in names:
                names.append(name)
    return names


def _fixtures(method, module, workdir):
    """Arguments for one test method: ``trainer`` (the module), ``tmp_path``."""
    kwargs = {}
    for name, param in inspect.signature(method).parameters.items():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        if name == "trainer":
            kwargs[name] = module
        elif name == "tmp_path":
            kwargs[name] = Path(tempfile.mkdtemp(dir=workdir))
        elif param.default is param.empty:
            raise TypeError(f"unknown fixture {name!r}")
    return kwargs


def _go_back(cwd):
    try:
        os.chdir(cwd)
    except OSError:  # a test removed it: somewhere that exists
        os.chdir(tempfile.gettempdir())


#: Runs of trusted test classes (those that set ``_memoize_runs = True``), by class and
#: source: the reference and the catalogued mistakes are run again and again on the same
#: modules, and their tests are deterministic.
_RUNS = {}


def run_test_class(cls, source, *, test_timeout=2.0, name="trainer"):
    """Run a class of pytest-style tests against a module built from ``source``.

    Each ``test*`` method runs on a fresh instance with a freshly executed module (so a
    test that changes the module cannot disturb the next one), and, on the main thread,
    in a new temporary working directory under a time limit of ``test_timeout`` seconds
    (kept inside any limit already running on this process's timer, which is restored
    afterwards). Other threads (the trusted side grading in parallel) get neither: the
    working directory and the timer belong to the whole process. A test
    passes when it returns; an ``AssertionError`` fails it, any other exception is an
    error, and running out of time a timeout, as pytest would report them. A class that
    sets ``_memoize_runs = True`` (a trusted one) has its runs remembered.

    Returns
    -------
    dict
        Test name -> ``"passed"``, ``"failed"``, ``"error"`` or ``"timeout"``.

    Examples
    --------
    >>> class T:
    ...     def test_answer(self, trainer):
    ...         assert trainer.ANSWER == 42
    ...     def helper(self):
    ...         raise RuntimeError
    >>> run_test_class(T, "ANSWER = 42")
    {'test_answer': 'passed'}
    >>> run_test_class(T, "ANSWER = 41")
    {'test_answer': 'failed'}
    """
    if not isinstance(cls, type):
        raise TypeError(f"the tests must be a class, got {type(cls).__name__}")
    memo = (cls, source, float(test_timeout)) \
        if getattr(cls, "_memoize_runs", False) is True else None
    if memo is not None and memo in _RUNS:
        return dict(_RUNS[memo])
    code = compile(source, f"<{name}>", "exec")
    exec(code, types.ModuleType(name).__dict__)  # imports load once, outside the tests' time
    timer = threading.current_thread() is threading.main_thread()
    outer_left = signal.getitimer(signal.ITIMER_REAL)[0] if timer else 0.0
    outer_handler = signal.getsignal(signal.SIGALRM) if timer else None
    start, results = time.monotonic(), {}
    cwd = os.getcwd()
    workdir = tempfile.mkdtemp(prefix="tests-")

    def disarm():
        if timer:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, outer_handler)

    try:
        for test in _test_names(cls):
            limit = float(test_timeout)
            if outer_left:  # leave the outer limit time to report
                limit = min(limit, outer_left - (time.monotonic() - start) - 0.5)
                if limit <= 0:
                    results[test] = "timeout"
                    continue
            status = "timeout"
            try:
                try:
                    if timer:
                        signal.signal(signal.SIGALRM, _on_test_alarm)
                        signal.setitimer(signal.ITIMER_REAL, limit, 0.05)
                    if timer:  # the working directory is the process's: main thread only
                        os.chdir(tempfile.mkdtemp(dir=workdir))
                    module = types.ModuleType(name)
                    module.__file__ = f"<{name}>"
                    exec(code, module.__dict__)
                    method = getattr(cls(), test)
                    method(**_fixtures(method, module, workdir))
                    status = "passed"
                except NotImplementedError:  # the stub of a test not written yet
                    raise
                except AssertionError:
                    status = "failed"
                except Exception:  # a test that crashes fails as an error, as in pytest
                    status = "error"
                finally:
                    disarm()
            except _TestTimeout:
                disarm()
            results[test] = status
            if timer:
                _go_back(cwd)
    finally:
        if timer:
            _go_back(cwd)
        shutil.rmtree(workdir, ignore_errors=True)
        if timer and outer_left:
            signal.setitimer(signal.ITIMER_REAL,
                             max(outer_left - (time.monotonic() - start), 0.01))
    if memo is not None and "timeout" not in results.values():
        if len(_RUNS) > 1000:
            _RUNS.clear()
        _RUNS[memo] = dict(results)
    return results
