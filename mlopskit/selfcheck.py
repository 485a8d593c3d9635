"""What the notebooks' check cells call.

A lesson's setup cell runs::

    from mlopskit import selfcheck
    check, hint = selfcheck.for_lesson("02_drift")

then each task's check cell runs ``check("drift.psi", psi)``, which answers in the
notebook's language with one of three outcomes: not attempted yet, not right yet (naming
the misconception when the answer matches a catalogued one) or correct. Only public cases
are used, against expected outputs stored by the build; the expected values are never
shown. ``hint("drift.psi")`` reveals the task's hints one at a time.

The language is found by :mod:`mlopskit.languages`: the ``lang`` argument, then the
notebook's own metadata (Jupyter tells the kernel its notebook through
``JPY_SESSION_NAME``), then a ``pt`` or ``en`` folder in its path (lessons live in
``lessons/pt/...`` and ``lessons/en/...``), then the ``MLOPSKIT_LANG`` environment
variable, else English.
"""

from __future__ import annotations

import functools
import html
import os
import re

from mlopskit import languages
from mlopskit._protocol import STORE_CACHE, CallWatch, prepare
from mlopskit.checks import (check_implementation, evaluate, get_spec, quiet, run_case,
                             specs_for_lesson)
from mlopskit.checks import fingerprints as _fingerprints
from mlopskit.checks import _messages as M
from mlopskit.checks.expected import stored_expected
from mlopskit.languages import LANGUAGES
from mlopskit.outcomes import Outcome, outcome_label

__all__ = ["LANGUAGES", "SelfCheck", "for_lesson", "detect_language", "assert_correct",
           "Feedback", "HISTORY", "summary", "NotYetCorrect", "under_nbgrader"]

#: Every result shown in this kernel, in order (the tests read it).
HISTORY = []

_COLOURS = {  # background, accent
    Outcome.CORRECT: ("#e6f4ea", "#1e7b34"),
    Outcome.WRONG: ("#fdecea", "#b3261e"),
    Outcome.NOT_ATTEMPTED: ("#eef2f7", "#44546a"),
    Outcome.FORBIDDEN: ("#fdecea", "#b3261e"),
    "hint": ("#fff7e0", "#8a5a00"),
}


class NotYetCorrect(AssertionError):
    """Raised by a check cell under nbgrader (Validate, autograde) when a task is not correct.

    In an ordinary session a check cell only shows its feedback, so that Run All goes to
    the end; nbgrader marks its own executions with ``NBGRADER_EXECUTION``, and there a
    check cell that is not correct must fail, or Validate would report unfinished tasks
    as passing.
    """


def under_nbgrader():
    """Whether this kernel was started by nbgrader (``validate`` or ``autograde``)."""
    return os.environ.get("NBGRADER_EXECUTION") in ("validate", "autograde")


_INLINE_CODE = re.compile(r"`([^`\n]+)`")


def _render_inline(text):
    """HTML of a message: escaped, with `inline code` shown as code."""
    return _INLINE_CODE.sub(r"<code>\1</code>", html.escape(text, quote=False))


def detect_language(lang=None, *, cwd=None):
    """Pick the feedback language ("pt" or "en"); see :func:`mlopskit.languages.detect_language`.

    Examples
    --------
    >>> detect_language("pt")
    'pt'
    >>> detect_language(cwd="/course/lessons/en/02_drift")
    'en'
    """
    return languages.detect_language(lang, cwd=cwd)


class Feedback:
    """One message shown in the notebook: HTML in Jupyter, plain text elsewhere."""

    def __init__(self, kind, text, *, lang):
        self.kind, self.text, self.lang = kind, text, lang

    def _repr_html_(self):
        background, colour = _COLOURS[self.kind]
        label = {lang: outcome_label(self.kind, lang) for lang in LANGUAGES}
        return (
            f'<div style="background:{background};border-left:4px solid {colour};'
            f'padding:8px 12px;margin:4px 0;color:#1f1f1f">'
            f'<strong style="color:{colour}">{html.escape(label[self.lang])}</strong> '
            f"{_render_inline(self.text)}</div>"
        )

    def __repr__(self):
        return f"[{outcome_label(self.kind, self.lang)}] {self.text}"


def _show(feedback):
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython ships with the kit
        print(repr(feedback))
        return
    if get_ipython() is None:
        print(repr(feedback))
    else:
        display(feedback)


@functools.cache
def _public_fingerprints(task):
    spec = get_spec(task)
    return _fingerprints(spec, spec.cases())


class SelfCheck:
    """Checks and hints for one lesson, in one language."""

    def __init__(self, lesson, *, lang=None):
        self.lesson = lesson
        self.lang = detect_language(lang)
        self.tasks = {spec.task for spec in specs_for_lesson(lesson)}
        self._hints_seen = {}

    def _spec(self, task):
        if task not in self.tasks:
            raise ValueError(
                f"{task!r} is not a task of lesson {self.lesson}; its tasks are: "
                f"{', '.join(sorted(self.tasks))}"
            )
        return get_spec(task)

    def check(self, task, impl):
        """Check ``impl`` on the public cases of ``task`` and show the outcome."""
        __tracebackhide__ = True  # IPython shows a failed validation without the kit's frames
        spec = self._spec(task)
        if not callable(impl):
            result_text = {
                "pt": f"`{spec.entry}` deveria ser uma função ou classe, mas é "
                f"{type(impl).__name__}.",
                "en": f"`{spec.entry}` should be a function or class, but it is "
                f"{type(impl).__name__}.",
            }
            _show(Feedback(Outcome.WRONG, result_text[self.lang], lang=self.lang))
            if under_nbgrader():
                raise NotYetCorrect(result_text[self.lang])
            return None
        cases = spec.cases()
        watch = CallWatch(spec.forbidden) if spec.forbidden else None
        with quiet():
            prepare(spec.protocol, cache=STORE_CACHE)  # e.g. the empty MLflow store, kept
            if watch is not None:
                watch.start()
            try:
                observed = [run_case(spec, impl, case) for case in cases]
            finally:
                if watch is not None:
                    watch.stop()
        if watch is not None and watch.hit is not None:
            text = f"{spec.title[self.lang]}: " + M.forbidden(
                spec.forbidden[0] if watch.hit == "profiler" else watch.hit)[self.lang]
            _show(Feedback(Outcome.FORBIDDEN, text, lang=self.lang))
            if under_nbgrader():
                raise NotYetCorrect(text)
            return None
        with quiet():
            result = evaluate(spec, observed, stored_expected(spec), cases=cases,
                              fingerprints=functools.partial(_public_fingerprints, task))
        HISTORY.append(result)
        _show(Feedback(result.outcome, result.text(self.lang), lang=self.lang))
        if under_nbgrader() and not result.correct:
            raise NotYetCorrect(result.text(self.lang))
        return None

    def hint(self, task):
        """Show the next hint of ``task``."""
        spec = self._spec(task)
        seen = self._hints_seen.get(task, 0)
        if seen >= len(spec.hints):
            text = M.no_more_hints(spec)[self.lang]
        else:
            header = M.hint_header(spec, seen + 1, len(spec.hints))[self.lang]
            text = f"{header}: {spec.hints[seen][self.lang]}"
            self._hints_seen[task] = seen + 1
        _show(Feedback("hint", text, lang=self.lang))


def for_lesson(lesson, *, lang=None):
    """The ``check`` and ``hint`` functions of a lesson's notebook.

    Examples
    --------
    >>> check, hint = for_lesson("02_drift", lang="en")
    >>> from mlopskit.drift import psi
    >>> check("drift.psi", psi)
    [Correct] Task 3 (PSI): correct! Every case agrees.
    """
    checker = SelfCheck(lesson, lang=lang)
    return checker.check, checker.hint


def assert_correct(task, impl, *, seed=0, lang=None):
    """Raise AssertionError unless ``impl`` passes public and hidden cases.

    This is what the hidden test cells call when a notebook is graded by plain
    ``nbgrader autograde``: it runs in the student's kernel, against the live
    reference, so it does not have the protections of ``python -m autograder``.
    """
    spec = get_spec(task)
    result = check_implementation(spec, impl, rng=seed)
    if not result.correct:
        raise AssertionError(result.text(detect_language(lang)))


def summary():
    """Outcome of every check run in this kernel: a list of dicts."""
    return [{"task": r.task, "outcome": str(r.outcome), "misconception": r.misconception}
            for r in HISTORY]
