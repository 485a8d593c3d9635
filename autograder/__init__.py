"""The autograder: sandboxed runs, scores decided outside the student's kernel.

From Python::

    from autograder import grade_class, grade_one

    run = grade_class("submitted", "grading_output")      # a ClassRun
    for result in run.results:                             # SubmissionResult objects
        print(result.student, [t.outcome for t in result.tasks])

From a shell, ``python -m autograder --help`` (:mod:`autograder.cli`).
"""

from autograder.api import ClassRun, grade_class, grade_one
from autograder.grading import Submission, SubmissionResult
from autograder.sandbox import Limits
from mlopskit.checks import CaseResult, TaskResult
from mlopskit.outcomes import CaseStatus, Outcome

__all__ = ["grade_class", "grade_one", "ClassRun", "SubmissionResult", "Submission", "Limits",
           "TaskResult", "CaseResult", "Outcome", "CaseStatus"]
