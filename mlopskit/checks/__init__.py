"""Task specs and the machinery that checks an implementation against them.

One spec per graded task, used three ways: the notebook's self-check (public cases,
expected outputs stored as data by the build), the grader (public and seeded hidden cases
against the live reference) and the project's tests (reference, catalogued
misconceptions and correct alternatives).

Lessons and tasks are found by convention, with no list to keep up to date: every
subpackage of ``mlopskit.checks`` whose ``__init__`` sets ``LESSON = "NN_topic"`` is a
lesson, and every public module inside it that defines ``SPEC`` is one of its tasks,
ordered by ``SPEC.number``. So task ``"drift.psi"`` lives in ``mlopskit/checks/drift/psi.py``
(its reference in ``mlopskit/drift.py``, its cells ``psi-*`` in
``solutions/02_drift/02_drift.ipynb``, its tests in ``tests/lessons/test_02_drift.py``).

Examples
--------
>>> from mlopskit.checks import get_spec, check_implementation
>>> from mlopskit.drift import psi
>>> check_implementation(get_spec("drift.psi"), psi).outcome
<Outcome.CORRECT: 'correct'>
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import logging
import warnings
import pkgutil

import numpy as np

from mlopskit.checks._core import (
    OUTCOMES,
    Case,
    CaseResult,
    CaseStatus,
    Misconception,
    Outcome,
    OutputError,
    TaskResult,
    TaskSpec,
    evaluate,
    expected_outputs,
    run_case,
    same_data,
)

__all__ = [
    "quiet",
    "OUTCOMES",
    "Case",
    "CaseResult",
    "CaseStatus",
    "Misconception",
    "Outcome",
    "OutputError",
    "TaskResult",
    "TaskSpec",
    "LESSONS",
    "SpecError",
    "all_specs",
    "check_implementation",
    "evaluate",
    "expected_outputs",
    "fingerprints",
    "get_spec",
    "lesson_package",
    "run_case",
    "same_data",
    "specs_for_lesson",
]


class SpecError(ValueError):
    """A lesson's task modules do not fit together (numbering, names, lesson ids)."""


def _discover():
    found = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if not info.ispkg or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        lesson = getattr(module, "LESSON", None)
        if lesson is None:
            continue
        if lesson in found:
            raise SpecError(f"lesson {lesson!r} is declared by both {found[lesson]} and "
                            f"{module.__name__}")
        found[lesson] = module.__name__
    return dict(sorted(found.items()))


#: Lesson id -> the package holding its task modules (found by convention, see above).
LESSONS = _discover()


def lesson_package(lesson):
    """The name of the package that holds ``lesson``'s task modules."""
    if lesson not in LESSONS:
        raise ValueError(f"unknown lesson {lesson!r}; known lessons: {sorted(LESSONS)}")
    return LESSONS[lesson]


@functools.cache
def specs_for_lesson(lesson):
    """The task specs of one lesson, in the order the notebook asks them."""
    package = importlib.import_module(lesson_package(lesson))
    specs = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        spec = getattr(module, "SPEC", None)
        if spec is None:
            continue
        if spec.lesson != lesson:
            raise SpecError(f"{module.__name__}: SPEC.lesson is {spec.lesson!r}, expected "
                            f"{lesson!r} (use the package's LESSON)")
        if spec.stem != info.name:
            raise SpecError(f"{module.__name__}: the module of task {spec.task!r} must be "
                            f"named {spec.stem}.py")
        specs.append(spec)
    specs.sort(key=lambda s: s.number)
    numbers = [s.number for s in specs]
    if numbers != list(range(1, len(specs) + 1)):
        raise SpecError(f"lesson {lesson}: task numbers must be 1..{len(specs)} with no gap "
                        f"or repeat, got {numbers} ({[s.task for s in specs]})")
    tasks = [s.task for s in specs]
    if len(set(tasks)) != len(tasks):
        raise SpecError(f"lesson {lesson}: a task id is repeated in {tasks}")
    return tuple(specs)


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


@contextlib.contextmanager
def quiet():
    """Silence library chatter (warnings, MLflow's INFO lines) while cases run.

    A check cell shows its verdict; anything written to stderr meanwhile would be read
    by nbgrader as the cell failing.
    """
    logger = logging.getLogger("mlflow")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


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
    with quiet():
        expected = expected_outputs(spec, reference, cases)
        observed = [run_case(spec, impl, case) for case in cases]
        return evaluate(spec, observed, expected, cases=cases,
                        fingerprints=lambda: fingerprints(spec, cases))
