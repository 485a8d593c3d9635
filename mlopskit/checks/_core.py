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
from dataclasses import dataclass, field, replace

import numpy as np

from mlopskit._protocol import invoke
from mlopskit.checks import _messages as M
from mlopskit.outcomes import CaseStatus, Outcome

__all__ = [
    "CaseStatus",
    "Outcome",
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
OUTCOMES = tuple(Outcome)


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
    covers : tuple of str
        The boundaries of the input's domain this fixed case sits on ("a value equal
        to a bin edge", "a group with no positives"), so a spec lists what it covers.
    probe : bool
        A diagnostic probe: a small input that isolates one property, run like any case
        but counted only as evidence for naming a misconception, never for the score.
    """

    name: str
    inputs: dict
    hidden: bool = False
    about: Mapping[str, str] | None = None
    covers: tuple = ()
    probe: bool = False


@dataclass(frozen=True)
class Misconception:
    """A plausible wrong answer: an implementation and the message that explains it."""

    id: str
    impl: Callable
    message: Mapping[str, str]


@dataclass(frozen=True)
class TaskSpec:
    """Everything needed to check one graded task.

    A spec only declares; :func:`evaluate` decides. Facts that follow from the task's
    name are derived, not typed again: the notebook cells of task ``"drift.psi"`` are
    ``psi-task-pt``, ``psi-task-en`` (the instructions), ``psi-solution`` and
    ``psi-check`` (see :attr:`cells`); its title is built from ``number`` and ``name``;
    the build writes ``number`` and ``points`` into both languages' headings and into
    the nbgrader metadata of the check cell.

    ``protocol`` says how a case is run: ``{"kind": "function"}`` calls the entry point
    with the case's ``args`` and ``kwargs``; ``{"kind": "scenario", "method": "update"}``
    builds an instance with ``init`` and calls the method on each of ``calls``;
    ``{"kind": "steps"}`` runs method calls and outside changes on one instance;
    ``{"kind": "pytest_mutants"}`` runs a class of the learner's tests against modules.
    With ``"score": "share"`` a wrong answer still earns the share of its scored cases that
    pass, and nothing when a case whose inputs say ``"must_pass": true`` fails.
    """

    task: str
    number: int
    name: Mapping[str, str]
    entry: str
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
    probes: Callable[[], Sequence[Case]] | None = None
    #: Modules (or ``module.attribute`` names) this task's solution may not use, e.g.
    #: ``("fairlearn.metrics",)`` when the lesson asks for a metric written by hand; empty
    #: where the lesson allows libraries. A use is the task's :attr:`Outcome.FORBIDDEN`.
    forbidden: tuple = ()

    def __post_init__(self):
        if self.task.count(".") != 1 or not all(self.task.split(".")):
            raise ValueError(f"task ids look like 'topic.name', got {self.task!r}")
        if isinstance(self.number, bool) or not isinstance(self.number, int) or self.number < 1:
            raise ValueError(f"{self.task}: `number` must be a positive int, got {self.number!r}")
        if isinstance(self.points, bool) or not isinstance(self.points, int) or self.points < 1:
            raise ValueError(f"{self.task}: `points` must be a positive int, got {self.points!r}")
        from mlopskit.languages import LANGUAGES

        for what, text in (("name", self.name), *((f"hint {i + 1}", h)
                                                  for i, h in enumerate(self.hints))):
            if not isinstance(text, Mapping) or any(not text.get(lang) for lang in LANGUAGES):
                raise ValueError(f"{self.task}: {what} needs a text in each of {LANGUAGES}")

    @property
    def title(self):
        """``{"pt": "Tarefa 3 (PSI)", "en": "Task 3 (PSI)"}``."""
        return {"pt": f"Tarefa {self.number} ({self.name['pt']})",
                "en": f"Task {self.number} ({self.name['en']})"}

    @property
    def stem(self):
        """The part of the task id after the dot: the prefix of its notebook cells."""
        return self.task.split(".", 1)[1]

    @property
    def cells(self):
        """The ids of the task's notebook cells, by role."""
        stem = self.stem
        return {"task-pt": f"{stem}-task-pt", "task-en": f"{stem}-task-en",
                "solution": f"{stem}-solution", "check": f"{stem}-check"}

    @property
    def grade_ids(self):
        """The nbgrader grade ids of the solution and check cells."""
        return {"solution": f"{self.stem}_solution", "check": f"{self.stem}_check"}

    def heading(self, lang):
        """The first line of the task's instructions in ``lang``, as the build writes it."""
        if lang == "pt":
            unit = "ponto" if self.points == 1 else "pontos"
            return f"### Tarefa {self.number} — `{self.entry}` ({self.points} {unit})"
        unit = "point" if self.points == 1 else "points"
        return f"### Task {self.number} — `{self.entry}` ({self.points} {unit})"

    def call(self, impl, inputs):
        """Call ``impl`` on one case's inputs (see :func:`mlopskit._protocol.invoke`)."""
        return invoke(impl, inputs, self.protocol)

    def load_reference(self):
        """Import the reference implementation (trusted side only)."""
        module, _, name = self.reference.partition(":")
        return getattr(importlib.import_module(module), name)

    def cases(self, *, rng=None):
        """Public cases, the diagnostic probes, then hidden ones drawn from ``rng``."""
        cases = list(self.public_cases())
        if self.probes is not None:
            cases += [replace(c, hidden=False, probe=True) for c in self.probes()]
        if rng is not None:
            cases += [replace(c, hidden=True, probe=False) for c in self.hidden_cases(rng)]
        return cases


@dataclass
class CaseResult:
    """What happened on one case."""

    case: str
    hidden: bool
    status: CaseStatus
    detail: str | None = None
    probe: bool = False

    def __post_init__(self):
        self.status = CaseStatus(self.status)

    @property
    def passed(self):
        return self.status is CaseStatus.OK

    def to_dict(self):
        out = {"case": self.case, "hidden": self.hidden, "status": str(self.status),
               "detail": self.detail}
        if self.probe:
            out["probe"] = True
        return out

    @classmethod
    def from_dict(cls, data):
        return cls(str(data["case"]), bool(data["hidden"]), CaseStatus(data["status"]),
                   data.get("detail"), bool(data.get("probe", False)))


@dataclass
class TaskResult:
    """The outcome of checking one task, with a message in both languages."""

    task: str
    outcome: Outcome
    points: float
    max_points: float
    message: dict
    misconception: str | None = None
    cases: list = field(default_factory=list)

    def __post_init__(self):
        self.outcome = Outcome(self.outcome)

    @property
    def correct(self):
        return self.outcome is Outcome.CORRECT

    def text(self, lang="en"):
        """The message in ``lang`` ("pt" or "en")."""
        return self.message.get(lang) or self.message["en"]

    def to_dict(self):
        return {
            "task": self.task,
            "outcome": str(self.outcome),
            "points": self.points,
            "max_points": self.max_points,
            "misconception": self.misconception,
            "message": dict(self.message),
            "cases": [c.to_dict() for c in self.cases],
        }

    @classmethod
    def from_dict(cls, data):
        return cls(str(data["task"]), Outcome(data["outcome"]), float(data["points"]),
                   float(data["max_points"]), dict(data["message"]),
                   data.get("misconception"),
                   [CaseResult.from_dict(c) for c in data.get("cases", [])])


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
    """Run ``impl`` on one case and return ``(CaseStatus.OK, data)`` or another status.

    Statuses (:class:`CaseStatus`): ``(OK, data)``, ``(NOT_ATTEMPTED, None)``,
    ``(RAISED, "ExcType: message")``, ``(BAD_OUTPUT, bilingual_message)``.
    """
    try:
        output = spec.call(impl, case.inputs)
    except NotImplementedError:
        return CaseStatus.NOT_ATTEMPTED, None
    except Exception as exc:  # the learner's code may raise anything
        text = f"{type(exc).__name__}: {exc}"
        return CaseStatus.RAISED, text[:300]
    try:
        return CaseStatus.OK, _plain(spec.encode(output))
    except OutputError as exc:
        return CaseStatus.BAD_OUTPUT, exc.message


def expected_outputs(spec, impl, cases):
    """Encoded outputs of a trusted implementation (reference or misconception).

    An exception becomes ``{"__raised__": ExcType}`` so that a misconception that
    crashes on a case has a fingerprint a learner's crash can match.
    """
    out = []
    for case in cases:
        status, data = run_case(spec, impl, case)
        if status == CaseStatus.OK:
            out.append(data)
        elif status == CaseStatus.RAISED:
            out.append({"__raised__": data.split(":", 1)[0]})
        else:
            raise RuntimeError(f"{spec.task}: trusted implementation gave {status} on {case.name}")
    return out


def _matches(spec, observed, fingerprint):
    return all(
        same_data(f, o, rtol=spec.rtol, atol=spec.atol) for f, o in zip(fingerprint, observed)
    )


#: How far, as a share of the way from the reference to a misconception, a learner's
#: number must move to count as making that mistake (with another detail).
TOWARD_LOW, TOWARD_HIGH = 0.5, 2.0


def _leaves(data, path=()):
    if isinstance(data, dict) and "__raised__" not in data:
        for key in sorted(data):
            yield from _leaves(data[key], (*path, key))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _leaves(item, (*path, i))
    else:
        yield path, data


def _shape(data):
    if isinstance(data, dict) and "__raised__" not in data:
        return {k: _shape(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_shape(v) for v in data]
    return None


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _leaf_agrees(learner, wrong, right, spec):
    """Whether one value of the learner's output goes the way the misconception does."""
    if same_data(wrong, learner, rtol=max(spec.rtol, 1e-3), atol=spec.atol):
        return True
    if not (_is_number(learner) and _is_number(wrong) and _is_number(right)):
        return False
    learner, wrong, right = float(learner), float(wrong), float(right)
    if math.isnan(learner) or math.isnan(right):
        return False
    if not math.isfinite(wrong):  # the mistake blows up: the learner must be far off too
        scale = abs(right) + spec.atol + 1e-12
        return (not math.isfinite(learner) and (learner > 0) == (wrong > 0)) or \
            (math.copysign(1, learner - right) == math.copysign(1, wrong - right)
             and abs(learner - right) > 10 * scale)
    if not math.isfinite(learner) or wrong == right:
        return False
    share = (learner - right) / (wrong - right)
    return TOWARD_LOW <= share <= TOWARD_HIGH


def behaves_like(spec, observed, wrong, right):
    """Whether the learner's outputs make the same mistake as a misconception.

    On every case where the misconception's output differs from the reference's, the
    learner's output must agree with the misconception (equal within a loose tolerance,
    or, for a number, moved from the reference towards the misconception's value by
    between half and twice the way), and there must be at least one such case. Cases
    where the misconception and the reference agree are ignored, so a learner who makes
    the catalogued mistake with another detail elsewhere is still recognised.

    Parameters
    ----------
    spec : TaskSpec
    observed, wrong, right : list
        Comparable data per case: the learner's, the misconception's and the reference's.
    """
    evidence = 0
    for learner, mis, ref in zip(observed, wrong, right):
        if same_data(mis, ref, rtol=spec.rtol, atol=spec.atol):
            continue
        if learner is None or _shape(learner) != _shape(mis) or _shape(mis) != _shape(ref):
            if learner is None or learner != mis:
                return False
            evidence += 1
            continue
        leaves_l, leaves_m, leaves_r = (dict(_leaves(x)) for x in (learner, mis, ref))
        for path, m in leaves_m.items():
            r = leaves_r.get(path)
            if same_data(m, r, rtol=spec.rtol, atol=spec.atol):
                continue
            if not _leaf_agrees(leaves_l.get(path), m, r, spec):
                return False
        evidence += 1
    return evidence > 0


def evaluate(spec, observed, expected, *, cases, fingerprints=None):
    """Decide a task's outcome from the learner's observed results.

    The score counts every case but the diagnostic probes. When the learner's answer is
    wrong, a misconception is named when the learner's outputs equal its fingerprint on
    every case, or else when they behave like it (see :func:`behaves_like`) on the
    probes (on every case, for a spec without probes).

    Parameters
    ----------
    spec : TaskSpec
    observed : list of (status, data)
        What :func:`run_case` gave for each case, in order (possibly computed in
        another process and sent back as data).
    expected : list
        Encoded expected outputs for the same cases.
    cases : list of Case
    fingerprints : dict or callable, optional
        Misconception id -> encoded outputs of that misconception on the same cases, or a
        function without arguments returning that dict, called only when the answer is
        wrong (running every misconception can be slow).

    Returns
    -------
    TaskResult
    """
    if not (len(observed) == len(expected) == len(cases)):
        raise ValueError("observed, expected and cases must have the same length")
    results = []
    comparable = []
    for case, (status, data), exp in zip(cases, observed, expected):
        status, detail = CaseStatus(status), None
        if status == CaseStatus.OK:
            ok = same_data(exp, data, rtol=spec.rtol, atol=spec.atol)
            status = CaseStatus.OK if ok else CaseStatus.MISMATCH
            comparable.append(data)
        elif status == CaseStatus.RAISED:
            detail = data
            raised_as = {"__raised__": str(data).split(":", 1)[0]}
            comparable.append(raised_as)
            if exp == raised_as:  # the task asks for this error on this case
                status, detail = CaseStatus.OK, None
        else:
            comparable.append(None)
            if status == CaseStatus.BAD_OUTPUT:
                detail = data["en"]
        results.append(CaseResult(case.name, case.hidden, status, detail, case.probe))

    max_points = float(spec.points)
    scored = [r for r in results if not r.probe]
    if any(r.status is CaseStatus.NOT_ATTEMPTED for r in scored):
        return TaskResult(spec.task, Outcome.NOT_ATTEMPTED, 0.0, max_points,
                          M.not_attempted(spec), None, results)
    if all(r.passed for r in scored):
        return TaskResult(spec.task, Outcome.CORRECT, max_points, max_points,
                          M.correct(spec), None, results)

    points, note = _share_points(spec, cases, results)
    if callable(fingerprints):  # computed only now that the answer is known to be wrong
        fingerprints = fingerprints()
    fingerprints = fingerprints or {}
    for mis in spec.misconceptions:
        fp = fingerprints.get(mis.id)
        if fp is not None and _matches(spec, comparable, fp):
            return TaskResult(spec.task, Outcome.WRONG, points, max_points,
                              _with_note(M.misconception(spec, mis), note), mis.id, results)
    probes = [i for i, c in enumerate(cases) if c.probe] or range(len(cases))
    for mis in spec.misconceptions:
        fp = fingerprints.get(mis.id)
        if fp is not None and behaves_like(spec, [comparable[i] for i in probes],
                                           [fp[i] for i in probes],
                                           [expected[i] for i in probes]):
            return TaskResult(spec.task, Outcome.WRONG, points, max_points,
                              _with_note(M.misconception(spec, mis), note), mis.id, results)

    first = next(r for r in results if not r.passed and not r.probe)
    index = results.index(first)
    case = cases[index]
    if first.status is CaseStatus.BAD_OUTPUT:
        message = M.bad_output(spec, case, observed[index][1])
    elif first.status is CaseStatus.RAISED and str(first.detail).startswith("InputMutated"):
        message = M.mutated(spec, case, str(first.detail))
    elif first.status is CaseStatus.RAISED:
        message = M.raised(spec, case, first.detail)
    else:
        extra = spec.diagnose(case.inputs, observed[index][1]) if spec.diagnose else None
        step = _first_different_step(spec, case, observed[index][1], expected[index])
        message = (M.step_mismatch(spec, case, *step) if step is not None
                   else M.mismatch(spec, case, observed[index][1], extra))
    return TaskResult(spec.task, Outcome.WRONG, points, max_points, _with_note(message, note),
                      None, results)


def _share_points(spec, cases, results):
    """Points of a wrong answer, and a bilingual note on them (None when all or nothing).

    Only a spec whose protocol says ``"score": "share"`` earns part of its points: the
    share of its scored cases (not probes, not those marked ``must_pass``) that pass, and
    nothing when a ``must_pass`` case fails.
    """
    if spec.protocol.get("score") != "share":
        return 0.0, None
    scored = [(c, r) for c, r in zip(cases, results) if not r.probe]
    if not all(r.passed for c, r in scored if c.inputs.get("must_pass")):
        return 0.0, None
    rest = [r for c, r in scored if not c.inputs.get("must_pass")]
    if not rest:
        return 0.0, None
    passed = sum(r.passed for r in rest)
    points = round(spec.points * passed / len(rest), 2)
    return points, M.partial(spec, passed, len(rest), points)


def _with_note(message, note):
    if note is None:
        return message
    return {lang: f"{text} {note[lang]}" for lang, text in message.items()}


def _first_different_step(spec, case, data, exp):
    """For a scenario, ``(index, call, what the learner's code gave)`` of the first step
    whose result differs from the expected one; None for other tasks."""
    kind = spec.protocol.get("kind")
    if kind not in ("steps", "scenario") or not isinstance(data, list) \
            or not isinstance(exp, list):
        return None
    for i, (mine, want) in enumerate(zip(data, exp)):
        if not same_data(want, mine, rtol=spec.rtol, atol=spec.atol):
            break
    else:
        if len(data) == len(exp):
            return None
        i, mine = min(len(data), len(exp)), None
    if kind == "steps":
        steps = case.inputs.get("steps", [])
        step = steps[i] if i < len(steps) else {}
        if "call" in step:
            args = [repr(a) for a in step.get("args", [])]
            args += [f"{k}={v!r}" for k, v in step.get("kwargs", {}).items()]
            call = f"{step['call']}({', '.join(args)})"
        else:
            call = None  # a change made from outside, as an attacker would
    else:
        calls = case.inputs.get("calls", [])
        call = f"{spec.protocol['method']}({calls[i]!r})" if i < len(calls) else None
    return i, call, mine
