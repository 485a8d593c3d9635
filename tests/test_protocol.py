"""The data channel between the sandbox and the trusted side."""

import json
import math
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from mlopskit._protocol import MAX_DEPTH, MAX_ITEMS, WireError, from_wire, invoke, to_wire
from mlopskit.checks import get_spec
from mlopskit.drift import DriftTestResult, drift_report


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
