"""Task specs and the machinery that checks an implementation against them.

One spec per graded task (see ``mlopskit/checks/<topic>.py``), used three ways: the
notebook's self-check (public cases, expected outputs stored as data by the build), the
grader (public and seeded hidden cases against the live reference) and the project's
tests (reference, catalogued misconceptions and correct alternatives).

Examples
--------
>>> from mlopskit.checks import get_spec, check_implementation
>>> from mlopskit.drift import psi
>>> check_implementation(get_spec("drift.psi"), psi).outcome
'correct'
"""

from __future__ import annotations

import functools
import importlib

import numpy as np

from mlopskit.checks._core import (
    OUTCOMES,
    Case,
    CaseResult,
    Misconception,
    OutputError,
    TaskResult,
    TaskSpec,
    evaluate,
    expected_outputs,
    run_case,
    same_data,
)

__all__ = [
    "OUTCOMES",
    "Case",
    "CaseResult",
    "Misconception",
    "OutputError",
    "TaskResult",
    "TaskSpec",
    "LESSONS",
    "all_specs",
    "check_implementation",
    "evaluate",
    "expected_outputs",
    "fingerprints",
    "get_spec",
    "run_case",
    "same_data",
    "specs_for_lesson",
]

#: Lesson id -> module holding its ``SPECS``.
LESSONS = {
    "01_governance": "mlopskit.checks.governance",
    "02_drift": "mlopskit.checks.drift",
    "03_fairness": "mlopskit.checks.fairness",
}


def specs_for_lesson(lesson):
    """The task specs of one lesson, in the order the notebook asks them."""
    if lesson not in LESSONS:
        raise ValueError(f"unknown lesson {lesson!r}; known lessons: {sorted(LESSONS)}")
    return tuple(importlib.import_module(LESSONS[lesson]).SPECS)


def all_specs():
    """Every task spec of every lesson."""
    return tuple(spec for lesson in LESSONS for spec in specs_for_lesson(lesson))


@functools.cache
def _index():
    return {spec.task: spec for spec in all_specs()}


def get_spec(task):
    """The spec of ``task`` (e.g. ``"drift.psi"``)."""
    try:
        return _index()[task]
    except KeyError:
        raise ValueError(
            f"unknown task {task!r}; known tasks: {', '.join(sorted(_index()))}"
        ) from None


def fingerprints(spec, cases):
    """Outputs of every catalogued misconception on ``cases``."""
    return {m.id: expected_outputs(spec, m.impl, cases) for m in spec.misconceptions}


def check_implementation(spec, impl, *, rng=None, reference=None):
    """Check ``impl`` on the trusted side, against the live reference.

    Parameters
    ----------
    spec : TaskSpec
    impl : callable or class
        The implementation under test.
    rng : numpy.random.Generator or int, optional
        When given, seeded hidden cases are added to the public ones.
    reference : callable, optional
        Defaults to the spec's reference implementation.

    Returns
    -------
    TaskResult
    """
    if rng is not None and not isinstance(rng, np.random.Generator):
        rng = np.random.default_rng(rng)
    cases = spec.cases(rng=rng)
    reference = reference if reference is not None else spec.load_reference()
    expected = expected_outputs(spec, reference, cases)
    observed = [run_case(spec, impl, case) for case in cases]
    return evaluate(spec, observed, expected, cases=cases,
                    fingerprints=fingerprints(spec, cases))
