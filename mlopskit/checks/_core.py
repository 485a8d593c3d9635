"""The check machinery: task specs, cases, misconceptions and their evaluation.

A :class:`TaskSpec` only declares what to check: how to call the learner's code on a
case (``call``), how to turn what it returned into plain data (``encode``), the cases
(fixed public ones and seeded hidden ones), hints, and the catalogued misconceptions,
each a wrong implementation whose outputs are its fingerprint. :func:`evaluate` decides
the outcome from data alone, so the same spec serves the notebook's self-check (expected
data stored by the build), the grader (expected data from the live reference on the
trusted side) and the project's tests.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from mlopskit._protocol import invoke
from mlopskit.checks import _messages as M

__all__ = [
    "Case",
    "Misconception",
    "TaskSpec",
    "CaseResult",
    "TaskResult",
    "OutputError",
    "OUTCOMES",
    "run_case",
    "evaluate",
    "expected_outputs",
    "same_data",
    "case_digest",
]

#: Every outcome a task can have.
OUTCOMES = ("correct", "wrong", "not_attempted", "error", "timeout")


class OutputError(TypeError):
    """What the learner returned cannot be read as the task's kind of answer.

    ``message`` is a bilingual mapping {"pt": ..., "en": ...} for the learner.
    """

    def __init__(self, message):
        super().__init__(message["en"])
        self.message = dict(message)


@dataclass(frozen=True)
class Case:
    """One input of a task.

    Attributes
    ----------
    name : str
        Short identifier shown to the learner ("shifted-mean").
    inputs : dict
        JSON-serialisable description of the inputs; the spec's ``call`` builds the
        real objects (arrays, frames) from it.
    hidden : bool
        Hidden cases are used only when grading; their inputs are never shown.
    about : dict, optional
        Bilingual description of what the case exercises, shown when it fails
        (public cases only).
    """

    name: str
    inputs: dict
    hidden: bool = False
    about: Mapping[str, str] | None = None


@dataclass(frozen=True)
class Misconception:
    """A plausible wrong answer: an implementation and the message that explains it."""

    id: str
    impl: Callable
    message: Mapping[str, str]


@dataclass(frozen=True)
class TaskSpec:
    """Everything needed to check one graded task.

    ``protocol`` says how a case is run: ``{"kind": "function"}`` calls the entry point
    with the case's ``args`` and ``kwargs``; ``{"kind": "scenario", "method": "update"}``
    builds an instance with ``init`` and calls the method on each of ``calls``.
    """

    task: str
    entry: str
    title: Mapping[str, str]
    points: int
    reference: str
    encode: Callable
    public_cases: Callable[[], Sequence[Case]]
    hidden_cases: Callable[[np.random.Generator], Sequence[Case]]
    hints: Sequence[Mapping[str, str]]
    misconceptions: Sequence[Misconception] = ()
    rtol: float = 1e-6
    atol: float = 1e-9
    diagnose: Callable | None = None
    lesson: str = ""
    protocol: Mapping = field(default_factory=lambda: {"kind": "function"})

    def call(self, impl, inputs):
        """Call ``impl`` on one case's inputs (see :func:`mlopskit._protocol.invoke`)."""
        return invoke(impl, inputs, self.protocol)

    def load_reference(self):
        """Import the reference implementation (trusted side only)."""
        module, _, name = self.reference.partition(":")
        return getattr(importlib.import_module(module), name)

    def cases(self, *, rng=None):
        """Public cases, then hidden ones drawn from ``rng`` when given."""
        cases = list(self.public_cases())
        if rng is not None:
            cases += [Case(c.name, c.inputs, True, c.about) for c in self.hidden_cases(rng)]
        return cases


@dataclass
class CaseResult:
    """What happened on one case."""

    case: str
    hidden: bool
    status: str  # "ok", "mismatch", "raised", "bad_output", "not_attempted"
    detail: str | None = None

    @property
    def passed(self):
        return self.status == "ok"

    def to_dict(self):
        return {"case": self.case, "hidden": self.hidden, "status": self.status,
                "detail": self.detail}


@dataclass
class TaskResult:
    """The outcome of checking one task, with a message in both languages."""

    task: str
    outcome: str
    points: float
    max_points: float
    message: dict
    misconception: str | None = None
    cases: list = field(default_factory=list)

    @property
    def correct(self):
        return self.outcome == "correct"

    def text(self, lang="en"):
        """The message in ``lang`` ("pt" or "en")."""
        return self.message.get(lang) or self.message["en"]

    def to_dict(self):
        return {
            "task": self.task,
            "outcome": self.outcome,
            "points": self.points,
            "max_points": self.max_points,
            "misconception": self.misconception,
            "message": dict(self.message),
            "cases": [c.to_dict() for c in self.cases],
        }


# --------------------------------------------------------------------------- data
def _plain(value):
    """Make encoded data JSON-friendly (numpy scalars to Python)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value)
    return value


def same_data(expected, actual, *, rtol=1e-6, atol=1e-9):
    """Whether two pieces of encoded data agree (floats within tolerance).

    NaN equals NaN and infinities equal themselves, so a fingerprint that holds
    them can be matched.
    """
    if isinstance(expected, bool) or isinstance(actual, bool):
        return isinstance(expected, bool) and isinstance(actual, bool) and expected == actual
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        e, a = float(expected), float(actual)
        if math.isnan(e) or math.isnan(a):
            return math.isnan(e) and math.isnan(a)
        if math.isinf(e) or math.isinf(a):
            return e == a
        return abs(e - a) <= atol + rtol * abs(e)
    if isinstance(expected, dict) and isinstance(actual, dict):
        return expected.keys() == actual.keys() and all(
            same_data(expected[k], actual[k], rtol=rtol, atol=atol) for k in expected
        )
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(
            same_data(e, a, rtol=rtol, atol=atol) for e, a in zip(expected, actual)
        )
    return type(expected) is type(actual) and expected == actual


def case_digest(case):
    """A short digest of a case's inputs, to notice stale stored expectations."""
    blob = json.dumps(case.inputs, sort_keys=True, allow_nan=True).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


def run_case(spec, impl, case):
    """Run ``impl`` on one case and return ``("ok", data)`` or another status.

    Statuses: ``("ok", data)``, ``("not_attempted", None)``,
    ``("raised", "ExcType: message")``, ``("bad_output", bilingual_message)``.
    """
    try:
        output = spec.call(impl, case.inputs)
    except NotImplementedError:
        return "not_attempted", None
    except Exception as exc:  # the learner's code may raise anything
        text = f"{type(exc).__name__}: {exc}"
        return "raised", text[:300]
    try:
        return "ok", _plain(spec.encode(output))
    except OutputError as exc:
        return "bad_output", exc.message


def expected_outputs(spec, impl, cases):
    """Encoded outputs of a trusted implementation (reference or misconception).

    An exception becomes ``{"__raised__": ExcType}`` so that a misconception that
    crashes on a case has a fingerprint a learner's crash can match.
    """
    out = []
    for case in cases:
        status, data = run_case(spec, impl, case)
        if status == "ok":
            out.append(data)
        elif status == "raised":
            out.append({"__raised__": data.split(":", 1)[0]})
        else:
            raise RuntimeError(f"{spec.task}: trusted implementation gave {status} on {case.name}")
    return out


def _matches(spec, observed, fingerprint):
    return all(
        same_data(f, o, rtol=spec.rtol, atol=spec.atol) for f, o in zip(fingerprint, observed)
    )


def evaluate(spec, observed, expected, *, cases, fingerprints=None):
    """Decide a task's outcome from the learner's observed results.

    Parameters
    ----------
    spec : TaskSpec
    observed : list of (status, data)
        What :func:`run_case` gave for each case, in order (possibly computed in
        another process and sent back as data).
    expected : list
        Encoded expected outputs for the same cases.
    cases : list of Case
    fingerprints : dict, optional
        Misconception id -> encoded outputs of that misconception on the same cases.

    Returns
    -------
    TaskResult
    """
    if not (len(observed) == len(expected) == len(cases)):
        raise ValueError("observed, expected and cases must have the same length")
    results = []
    comparable = []
    for case, (status, data), exp in zip(cases, observed, expected):
        detail = None
        if status == "ok":
            ok = same_data(exp, data, rtol=spec.rtol, atol=spec.atol)
            status = "ok" if ok else "mismatch"
            comparable.append(data)
        elif status == "raised":
            detail = data
            raised_as = {"__raised__": str(data).split(":", 1)[0]}
            comparable.append(raised_as)
            if exp == raised_as:  # the task asks for this error on this case
                status, detail = "ok", None
        else:
            comparable.append(None)
            if status == "bad_output":
                detail = data["en"]
        results.append(CaseResult(case.name, case.hidden, status, detail))

    max_points = float(spec.points)
    if any(r.status == "not_attempted" for r in results):
        return TaskResult(spec.task, "not_attempted", 0.0, max_points,
                          M.not_attempted(spec), None, results)
    if all(r.passed for r in results):
        return TaskResult(spec.task, "correct", max_points, max_points,
                          M.correct(spec), None, results)

    for mis in spec.misconceptions:
        fp = (fingerprints or {}).get(mis.id)
        if fp is not None and _matches(spec, comparable, fp):
            return TaskResult(spec.task, "wrong", 0.0, max_points,
                              M.misconception(spec, mis), mis.id, results)

    first = next(r for r in results if not r.passed)
    case = next(c for c in cases if c.name == first.case)
    index = cases.index(case)
    if first.status == "bad_output":
        message = M.bad_output(spec, case, observed[index][1])
    elif first.status == "raised":
        message = M.raised(spec, case, first.detail)
    else:
        extra = spec.diagnose(case.inputs, observed[index][1]) if spec.diagnose else None
        message = M.mismatch(spec, case, observed[index][1], extra)
    return TaskResult(spec.task, "wrong", 0.0, max_points, message, None, results)
