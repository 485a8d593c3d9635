"""The self-check a notebook imports while it is graded: the same names, doing nothing.

The sandbox's public copy of the kit holds this file as ``mlopskit/selfcheck.py``: the
real self-check needs the check specs and the stored expected outputs, which the sandbox
does not have, and its outcomes would mean nothing there, since scores are decided outside
the student's process. A notebook's setup and check cells still run unchanged: every name
of :mod:`mlopskit.selfcheck` a notebook can use exists here, and checks and hints show
nothing. The language is found as everywhere else in the kit, by :mod:`mlopskit.languages`.
"""

from mlopskit.languages import LANGUAGES, detect_language

__all__ = ["LANGUAGES", "SelfCheck", "for_lesson", "detect_language", "assert_correct",
           "Feedback", "HISTORY", "summary", "NotYetCorrect", "under_nbgrader"]

#: Results shown in this kernel: none while grading.
HISTORY = []


class NotYetCorrect(AssertionError):
    """What a check cell raises under nbgrader; never raised while grading here."""


def under_nbgrader():
    """Whether nbgrader started this kernel: never, in the kit's grader."""
    return False


class Feedback:
    """A message the self-check would show; while grading, nothing is shown."""

    def __init__(self, kind, text, *, lang):
        self.kind, self.text, self.lang = kind, text, lang

    def _repr_html_(self):
        return ""

    def __repr__(self):
        return ""


class SelfCheck:
    """Checks and hints for one lesson; while grading, they do nothing."""

    def __init__(self, lesson, *, lang=None):
        self.lesson = lesson
        self.lang = detect_language(lang)
        self.tasks = set()

    def check(self, task, impl):
        """Do nothing: the grader checks ``impl`` outside this process."""
        return None

    def hint(self, task):
        """Do nothing: hints are for working on the lesson, not for grading."""
        return None


def for_lesson(lesson, *, lang=None):
    """The ``check`` and ``hint`` functions of a lesson's notebook (both do nothing)."""
    checker = SelfCheck(lesson, lang=lang)
    return checker.check, checker.hint


def assert_correct(task, impl, *, seed=0, lang=None):
    """Do nothing: the grader decides whether ``impl`` is correct."""
    return None


def summary():
    """Outcome of every check run in this kernel: none while grading."""
    return []
