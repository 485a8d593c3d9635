"""The data channel between the sandbox and the trusted side."""

import json
import math
import signal
import time
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from mlopskit._protocol import MAX_DEPTH, MAX_ITEMS, WireError, from_wire, invoke, to_wire
from mlopskit.checks import get_spec
from mlopskit.drift import DriftTestResult, drift_report
from mlopskit.outcomes import CaseStatus, Outcome


def roundtrip(value):
    return from_wire(json.loads(json.dumps(to_wire(value), allow_nan=False)))


def test_numbers_strings_and_special_floats():
    assert roundtrip(3) == 3 and roundtrip(2.5) == 2.5 and roundtrip("x") == "x"
    assert roundtrip(np.float64(0.25)) == 0.25 and roundtrip(np.bool_(True)) is True
    assert math.isnan(roundtrip(float("nan"))) and roundtrip(float("-inf")) == float("-inf")
    assert roundtrip((1, 2)) == (1, 2) and roundtrip({"a": [1, 2]}) == {"a": [1, 2]}


def test_series_keep_their_index():
    series = pd.Series([0.25, 0.5], index=["A", "B"], name="selection_rate")
    back = roundtrip(series)
    assert isinstance(back, pd.Series) and back.to_dict() == {"A": 0.25, "B": 0.5}
    assert back.name == "selection_rate"
    with pytest.raises(WireError, match="series"):
        from_wire({"__series__": {"index": [1], "values": []}})


def test_records_come_back_with_their_fields():
    back = roundtrip(DriftTestResult(0.5, 0.01, True))
    assert isinstance(back, SimpleNamespace)
    assert (back.statistic, back.p_value, back.drift) == (0.5, 0.01, True)


def test_frames_come_back_and_pass_the_task_encoder():
    ref = pd.DataFrame({"x": np.arange(50.0), "c": ["a", "b"] * 25})
    cur = pd.DataFrame({"x": np.arange(25.0, 75.0), "c": ["a"] * 50})
    report = drift_report(ref, cur)
    spec = get_spec("drift.drift_report")
    assert spec.encode(roundtrip(report)) == spec.encode(report)


def test_unknown_objects_and_huge_values_are_refused():
    with pytest.raises(WireError, match="cannot be graded"):
        to_wire(object())
    with pytest.raises(WireError, match="larger than the limit"):
        to_wire(list(range(MAX_ITEMS + 1)))
    nested = []
    for _ in range(MAX_DEPTH + 3):
        nested = [nested]
    with pytest.raises(WireError, match="too deeply"):
        to_wire(nested)
    with pytest.raises(WireError, match="10,000"):
        to_wire("x" * 10_001)


@pytest.mark.parametrize("bad", [
    {"__frame__": {"columns": ["a"], "index": [0, 1], "data": [[1]]}},
    {"__frame__": {"columns": ["a"]}},
    {"__dict__": [[{"__tuple__": []}, 1]]},
    {"__dict__": [[1]]},
    {"__pickle__": "gASV"},
    {"a": 1, "b": 2},
    {"__float__": "1e999999"},
])
def test_malformed_data_from_the_sandbox_is_rejected_cleanly(bad):
    with pytest.raises(WireError):
        from_wire(bad)


def test_deeply_nested_input_is_rejected():
    data = 1
    for _ in range(MAX_DEPTH + 5):
        data = [data]
    with pytest.raises(WireError, match="too deeply"):
        from_wire(data)


def test_invoke_runs_functions_and_scenarios():
    assert invoke(lambda a, *, b: a + b, {"args": [1], "kwargs": {"b": 2}},
                  {"kind": "function"}) == 3

    class Counter:
        def __init__(self, start=0):
            self.n = start

        def add(self, x):
            self.n += x
            return self.n

    assert invoke(Counter, {"init": {"start": 1}, "calls": [1, 2]},
                  {"kind": "scenario", "method": "add"}) == [2, 4]
    with pytest.raises(ValueError, match="unknown protocol"):
        invoke(Counter, {}, {"kind": "pickle"})


@dataclass
class _Pair:
    left: int
    right: int


def test_dataclasses_travel_as_records():
    back = roundtrip(_Pair(1, 2))
    assert back.left == 1 and back.right == 2


class _Ledger:
    def __init__(self, *, clock):
        self.clock = clock
        self.entries = []

    def add(self, item):
        if item is None:
            raise PermissionError("no")
        self.entries.append({"item": item, "at": self.clock()})
        return len(self.entries)

    def items(self):
        return [e["item"] for e in self.entries]


def test_steps_scenarios_call_methods_tamper_and_record_errors():
    inputs = {"init": {"clock": {"sequence": ["t0", "t1", "t2"]}}, "steps": [
        {"call": "add", "args": ["a"]},
        {"call": "add", "args": ["b"]},
        {"call": "add", "args": [None]},
        {"set": ["entries", 0, "item"], "value": "z"},
        {"swap": ["entries", 0], "with": 1},
        {"call": "items"},
        {"delete": ["entries", 0]},
        {"call": "items"},
        {"delete": ["missing", 0]},
        {"call": "nope"},
    ]}
    out = invoke(_Ledger, inputs, {"kind": "steps"})
    assert out == [{"ok": 1}, {"ok": 2}, {"raised": "PermissionError"}, {"ok": None},
                   {"ok": None}, {"ok": ["b", "z"]}, {"ok": None}, {"ok": ["z"]},
                   {"raised": "AttributeError"}, {"raised": "AttributeError"}]
    assert roundtrip(out) == out


def test_steps_stop_at_a_stub():
    class Stub:
        def __init__(self):
            raise NotImplementedError()

    with pytest.raises(NotImplementedError):
        invoke(Stub, {"steps": []}, {"kind": "steps"})


def test_fake_registry_behaves_like_the_client_for_promotion():
    from mlopskit.governance import promote_challenger

    inputs = {"args": [{"registry": {"model": "credit", "aliases": {"champion": "1",
                                                                    "challenger": "2"}}},
                       "credit"], "kwargs": {"approved": True, "compliant": True}}
    out = invoke(promote_challenger, inputs, {"kind": "function", "observe": True})
    assert out == {"returned": True, "observed": [
        {"aliases": {"champion": "2"}, "tags": {"1": {"archived": "true"}}}]}
    blocked = invoke(promote_challenger, {**inputs, "kwargs": {"approved": True,
                                                               "compliant": False}},
                     {"kind": "function", "observe": True})
    assert blocked["returned"] is False
    assert blocked["observed"][0]["aliases"] == {"champion": "1", "challenger": "2"}
    from mlflow.exceptions import MlflowException
    registry = invoke(lambda r: r, {"args": [{"registry": {"model": "m"}}]},
                      {"kind": "function"})
    with pytest.raises(MlflowException):
        registry.get_model_version_by_alias("m", "champion")


# ------------------------------------------------------------------ case statuses
def _worker_case(impl, inputs=None, *, timeout=5, protocol=None):
    """What the sandbox's worker sends for one case."""
    from autograder import worker

    previous = signal.signal(signal.SIGALRM, worker._on_alarm)
    try:
        return worker._run_case(impl, inputs or {"args": [], "kwargs": {}},
                                protocol or {"kind": "function"}, timeout, invoke, to_wire,
                                WireError)
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_the_worker_sends_case_statuses_the_trusted_side_reads():
    from autograder.grading import WORKER_STATUSES, _observe

    def stub():
        raise NotImplementedError()

    def slow():
        time.sleep(3)

    def broken():
        raise KeyError("x")

    sent = {
        "ok": _worker_case(lambda: 0.25),
        "raised": _worker_case(broken),
        "not_attempted": _worker_case(stub),
        "bad_output": _worker_case(object),
        "timeout": _worker_case(slow, timeout=1),
    }
    for expected, message in sent.items():
        assert type(message["status"]) is CaseStatus and message["status"] == expected
        assert message["status"] in WORKER_STATUSES
        back = json.loads(json.dumps(message, allow_nan=False))
        status, data = _observe(get_spec("drift.psi"), back)
        assert status is CaseStatus(expected)
    assert sent["raised"]["detail"] == "KeyError: 'x'"
    assert "cannot be graded" in sent["bad_output"]["detail"]
    status, data = _observe(get_spec("drift.psi"), sent["bad_output"])
    assert "cannot be graded" in data["en"] and data["pt"]


class _FakeSandbox:
    """Runs the reference on the host in place of a worker, then lets a test edit the lines."""

    isolation = "fake"

    def __init__(self, edit=None, *, done=True):
        self.edit, self.done = edit, done

    def run(self, notebook_path, request):
        from autograder.sandbox import RunResult

        messages = [{"type": "executed", "cell_errors": [], "seconds": 0.0}]
        for task in request["tasks"]:
            reference = get_spec(task["task"]).load_reference()
            cases = [_worker_case(reference, inputs, protocol=task["protocol"])
                     for inputs in task["cases"]]
            messages.append({"type": "task", "task": task["task"], "cases": cases})
        if self.done:
            messages.append({"type": "done"})
        if self.edit:
            messages = self.edit(messages)
        return RunResult(messages=json.loads(json.dumps(messages)), returncode=0,
                         isolation=self.isolation)


def _grade_with(tmp_path, edit):
    import nbformat

    from autograder.grading import Submission, grade_submission

    nb = nbformat.v4.new_notebook(metadata={"mlopskit": {"lang": "pt"}})
    path = tmp_path / "en" / "02_drift.ipynb"  # the metadata wins over the folder
    path.parent.mkdir(exist_ok=True)
    nbformat.write(nb, path)
    result = grade_submission(Submission("ana", "02_drift", path), sandbox=_FakeSandbox(edit),
                              secret=b"s")
    assert result.lang == "pt"
    return {t.task: t for t in result.tasks}


def _edit_task(task, change):
    def edit(messages):
        for message in messages:
            if message.get("task") == task:
                change(message)
        return messages
    return edit


@pytest.mark.parametrize("change", [
    lambda m: m["cases"][0].update(status="bad_wire"),
    lambda m: m["cases"][0].update(status="mismatch"),
    lambda m: m["cases"][0].update(status=["ok"]),
    lambda m: m["cases"][0].update(status=None),
    lambda m: m["cases"][0].pop("value"),
    lambda m: m["cases"].__setitem__(0, "ok"),
    lambda m: m["cases"][0].update(status="raised", detail=3),
    lambda m: m.update(cases="ok"),
    lambda m: m.update(cases={"0": {"status": "ok"}}),
    lambda m: m.update(missing="gone"),
], ids=["old-status", "trusted-only-status", "list-status", "no-status", "no-value",
        "case-not-object", "detail-not-text", "cases-text", "cases-object", "unknown-missing"])
def test_unreadable_results_make_that_task_an_error(tmp_path, change):
    tasks = _grade_with(tmp_path, _edit_task("drift.psi", change))
    assert tasks["drift.psi"].outcome is Outcome.ERROR and tasks["drift.psi"].points == 0
    assert "cannot read" in tasks["drift.psi"].message["en"]
    assert "não sabe ler" in tasks["drift.psi"].message["pt"]
    others = [t for name, t in tasks.items() if name != "drift.psi"]
    assert len(others) == 6 and all(t.outcome is Outcome.CORRECT for t in others)


def test_odd_lines_elsewhere_on_the_channel_do_not_stop_grading(tmp_path):
    def edit(messages):
        odd = [{"type": "task", "task": ["drift.psi"]}, {"type": "task", "task": 3},
               {"type": "executed", "cell_errors": 5}, {"type": "task"}]
        return odd + messages

    tasks = _grade_with(tmp_path, edit)
    assert all(t.outcome is Outcome.CORRECT for t in tasks.values())

    def missing(messages):
        for message in messages:
            if message.get("task") == "drift.ks_test":
                message.pop("cases")
                message["missing"] = "undefined"
            if message.get("type") == "executed":
                message["cell_errors"] = [{"error": "NameError"}, {"error": ["x"]}, "y", {}]
        return messages

    ks = _grade_with(tmp_path, missing)["drift.ks_test"]
    assert ks.outcome is Outcome.ERROR and "NameError" in ks.message["en"]


def test_timestamps_cross_the_wire_and_nat_stays_missing():
    frame = pd.DataFrame({"at": pd.to_datetime(["2024-01-31", None]), "label": [1.0, None]})
    back = from_wire(to_wire(frame))
    assert back["at"].iloc[0] == pd.Timestamp("2024-01-31") and pd.isna(back["at"].iloc[1])
    assert from_wire(to_wire(pd.Timestamp("2024-02-29 12:30"))) == \
        pd.Timestamp("2024-02-29 12:30")
    with pytest.raises(WireError, match="timestamp"):
        from_wire({"__timestamp__": "not a date"})


def test_fake_audit_log_keeps_what_a_scenario_writes():
    log = invoke(lambda audit_log: audit_log, {"args": [{"audit_log": {}}]},
                 {"kind": "function"})
    entry = log.log_event("alert", "monitor", {"metric": "psi"})
    entry["details"]["metric"] = "changed"  # a returned copy, as the real log's
    log.log_event("note", "ana")
    assert len(log) == 2 and log.entries[0]["details"] == {"metric": "psi"}
    assert [e["user"] for e in log.filter(event_type="alert")] == ["monitor"]
