"""Diagnosis by behaviour: a mistake is named even when it is written with another detail."""

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from mlopskit.checks import Case, Misconception, TaskSpec, check_implementation, get_spec
from mlopskit.checks._adapters import array, encode_float
from mlopskit.checks._core import behaves_like
from mlopskit.drift import psi as reference_psi
from mlopskit.languages import bilingual
from mlopskit.outcomes import CaseStatus, Outcome

SPEC = get_spec("drift.psi")


def _psi_parts(reference, current, bins, eps):
    edges = np.unique(np.quantile(reference, np.linspace(0, 1, bins + 1)))
    edges[0], edges[-1] = -np.inf, np.inf
    ref = np.bincount(np.searchsorted(edges[1:-1], reference), minlength=len(edges) - 1)
    cur = np.bincount(np.searchsorted(edges[1:-1], current), minlength=len(edges) - 1)
    ref = np.maximum(ref / len(reference), eps)
    cur = np.maximum(cur / len(current), eps)
    return ref, cur


def psi_flipped_with_its_own_floor(reference, current, *, bins=10, eps=1e-4):
    """The sign-flip mistake, written with another floor than the task's eps."""
    ref, cur = _psi_parts(np.asarray(reference, float), np.asarray(current, float), bins, 1e-6)
    return float(np.sum((ref - cur) * np.log(cur / ref)))


@pytest.mark.parametrize("seed", [None, 0, 1, 2])
def test_a_mistake_with_another_detail_is_still_named(seed):
    result = check_implementation(SPEC, psi_flipped_with_its_own_floor, rng=seed)
    assert result.outcome is Outcome.WRONG
    assert result.misconception == "psi.sign_flipped"


def test_behaviour_needs_evidence_and_agreement():
    spec = SPEC
    right, wrong = [1.0, 2.0, 3.0], [1.0, -2.0, -3.0]
    assert behaves_like(spec, [0.9, -1.9, -2.7], wrong, right)
    assert not behaves_like(spec, [1.0, 2.0, -3.0], wrong, right)  # right where it differs
    assert not behaves_like(spec, [1.0, 2.0, 3.0], [1.0, 2.0, 3.0], right)  # no evidence
    assert behaves_like(spec, [{"a": 1.0, "b": "x"}], [{"a": 5.0, "b": "x"}],
                        [{"a": 1.0, "b": "y"}]) is False  # "b" must agree too
    assert behaves_like(spec, [{"a": 1.0, "b": "y"}], [{"a": 1.0, "b": "y"}],
                        [{"a": 1.0, "b": "x"}])
    assert behaves_like(spec, [1e9], [float("inf")], [0.5])  # a blow-up, as the mistake does
    assert not behaves_like(spec, [0.6], [float("inf")], [0.5])
    assert not behaves_like(spec, [None], [2.0], [1.0])


def _toy_spec(**changes):
    def public():
        return [Case("plain", {"args": [array([1.0, 2.0, 3.0])], "kwargs": {"threshold": 1.5}})]

    def probes():
        return [Case("on-edge", {"args": [array([2.0, 2.0, 5.0])], "kwargs": {"threshold": 2.0}},
                     about=bilingual("valores no limiar", "values on the threshold"))]

    def at_or_above(values, *, threshold):
        return float(np.mean(np.asarray(values) >= threshold))

    spec = TaskSpec(task="toy.share_above", number=1, name=bilingual("parcela", "share"),
                    entry="share_above", points=1, reference="tests.test_diagnosis:share_above",
                    encode=encode_float, public_cases=public, hidden_cases=lambda rng: [],
                    hints=[bilingual("a", "a"), bilingual("b", "b"), bilingual("c", "c")],
                    misconceptions=[Misconception("toy.at_or_above", at_or_above,
                                                  bilingual("usou >=", "used >="))],
                    probes=probes, lesson="toy")
    return replace(spec, **changes)


def share_above(values, *, threshold):
    return float(np.mean(np.asarray(values, float) > threshold))


def test_probes_are_evidence_not_score():
    spec = _toy_spec()
    cases = spec.cases()
    assert [c.probe for c in cases] == [False, True]

    def at_or_above_rounded(values, *, threshold):  # the mistake, written another way
        values = list(values)
        return sum(v >= threshold for v in values) / len(values)

    result = check_implementation(spec, at_or_above_rounded)
    assert result.outcome is Outcome.CORRECT  # right on every scored case
    assert [c.probe for c in result.cases] == [False, True]
    assert result.cases[1].status is CaseStatus.MISMATCH

    def wrong_and_at_or_above(values, *, threshold):
        return 0.99 if len(values) == 3 and values[0] == 1.0 else at_or_above_rounded(
            values, threshold=threshold)

    result = check_implementation(spec, wrong_and_at_or_above)
    assert result.outcome is Outcome.WRONG and result.misconception == "toy.at_or_above"
    assert "used >=" in result.text("en")


def test_scenarios_say_which_step_first_differs():
    from mlopskit.governance import AuditLog

    class VerifyPointsOnePast(AuditLog):
        def verify(self):
            found = super().verify()
            return None if found is None else found + 1

    spec = get_spec("governance.audit_log")
    result = check_implementation(spec, VerifyPointsOnePast)
    assert result.outcome is Outcome.WRONG
    text = result.text("en")
    assert "at step" in text and "`verify()`" in text and "the steps before it agree" in text
    assert "no passo" in result.text("pt")


def test_a_function_that_changes_its_input_is_caught_as_such():
    def public():
        return [Case("frame", {"args": [{"frame": {"columns": {"x": [3.0, 1.0, 2.0]},
                                                    "dtypes": {"x": "float64"}}}]})]

    def total(df):
        return float(df["x"].sum())

    def sorts_in_place(df):
        df["x"] = df["x"].sort_values().to_numpy()
        return float(df["x"].sum())

    spec = TaskSpec(task="toy.total", number=1, name=bilingual("soma", "sum"), entry="total",
                    points=1, reference="tests.test_diagnosis:share_above",
                    encode=encode_float, public_cases=public, hidden_cases=lambda rng: [],
                    hints=[bilingual("a", "a")], lesson="toy",
                    protocol={"kind": "function", "immutable": True})
    assert check_implementation(spec, total, reference=total).outcome is Outcome.CORRECT
    result = check_implementation(spec, sorts_in_place, reference=total)
    assert result.outcome is Outcome.WRONG
    assert "changed the input it was given (argument `df`)" in result.text("en")
    assert "alterou a entrada" in result.text("pt")
    untouched = pd.DataFrame({"x": [1.0]})
    assert untouched.equals(pd.DataFrame({"x": [1.0]}))
