"""Grading from Python: a class of submissions, or one notebook.

:func:`grade_class` grades every ``<student>/<assignment>/<notebook>.ipynb`` in parallel,
keeps each result in ``OUT/results/<assignment>/<student>.json`` as soon as it is known (a
run killed half-way and started again grades only what is missing), then writes the
nbgrader gradebook, ``grades.csv``, one feedback page per submission and the class report,
all from the results, so the same inputs always give the same files. :func:`grade_one`
grades a single notebook and writes nothing.

Results are objects (:class:`~autograder.grading.SubmissionResult`, holding
:class:`~mlopskit.checks.TaskResult` objects with :class:`~mlopskit.outcomes.Outcome`
members); they become JSON only in the kept results files.

``python -m autograder`` (:mod:`autograder.cli`) is a thin command line over these.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from autograder.grading import Submission, SubmissionResult, discover, failed_submission, \
    grade_submission, load_secret
from autograder.sandbox import Limits, Sandbox, SandboxError

__all__ = ["ClassRun", "grade_class", "grade_one", "result_path", "load_result"]

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass
class ClassRun:
    """What a class grading run produced.

    Attributes
    ----------
    results : list of SubmissionResult
        One per submission found, ordered by (student, assignment).
    graded_now : int
        Submissions graded by this run.
    reused : int
        Submissions whose kept result was read back instead.
    out : Path
        The output folder.
    seconds : float
        Wall-clock time of the run.
    warnings : list of str
        What the instructor should know: folders skipped, several notebooks in one
        hand-in, submissions the grader failed on, the confinement that held.
    course_root : Path, optional
        The nbgrader course holding the gradebook: ``out/course``, or the course given
        to :func:`grade_class`.
    """

    results: list[SubmissionResult]
    graded_now: int
    reused: int
    out: Path
    seconds: float
    warnings: list[str] = field(default_factory=list)
    course_root: Path | None = None


def result_path(out, sub):
    """Where the result of submission ``sub`` is kept under ``out``."""
    return Path(out) / "results" / sub.assignment / f"{sub.student}.json"


def load_result(path):
    """The SubmissionResult kept at ``path``, or None when it is missing or unreadable."""
    try:
        return SubmissionResult.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # a file from elsewhere, or damaged: grade the submission again


def _save(path, result):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(json.dumps(result.to_dict(), indent=1, sort_keys=True), encoding="utf-8")
    tmp.replace(path)


class _Progress:
    def __init__(self, total, stream=sys.stderr):
        self.total, self.done, self.stream = total, 0, stream
        self.start = time.perf_counter()
        self.lock = threading.Lock()
        self._draw()

    def advance(self, label):
        with self.lock:
            self.done += 1
            self._draw(label)

    def _draw(self, label=""):
        width = 30
        filled = int(width * self.done / self.total) if self.total else width
        elapsed = time.perf_counter() - self.start
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}"
                          f" {elapsed:5.0f}s {label[:30]:<30}")
        if self.done == self.total:
            self.stream.write("\n")
        self.stream.flush()


def grade_class(submissions, out, *, workers=None, assignment=None, force=False,
                course="mlopskit", use_bwrap=True, limits=None, progress=True,
                find_similar=True, scheduler=None, course_root=None,
                prefork=None) -> ClassRun:
    """Grade a folder of submissions and write the gradebook, grades, feedback and report.

    Parameters
    ----------
    submissions : str or Path
        A folder laid out as ``<student>/<assignment>/<notebook>.ipynb``, or an nbgrader
        course folder holding ``submitted/``.
    out : str or Path
        Where results and reports go: ``results/``, ``course/gradebook.db``,
        ``grades.csv``, ``feedback/<student>/<assignment>.html`` and ``report.html``.
    workers : int, optional
        Submissions graded in parallel (default: the number of cores).
    assignment : str, optional
        Grade only this assignment (default: every one found).
    force : bool, default=False
        Grade again the submissions whose result is already kept in ``out``.
    course : str, default="mlopskit"
        The course id; with the secret in ``out/.grading-secret`` (or the environment
        variable ``MLOPSKIT_GRADING_SECRET``) it seeds the hidden cases.
    use_bwrap : bool, default=True
        Run student code in the bubblewrap sandbox when it is available; without it, with
        resource limits only (results and report say isolation was reduced).
    limits : Limits, optional
        Resource limits of each run (default: ``Limits()``).
    progress : bool, default=True
        Draw a progress bar on standard error.
    find_similar : bool, default=True
        Add to the report, task by task, the pairs of submissions whose solution code is
        suspiciously similar (also ``similarity.csv``); see :mod:`autograder.similarity`.
    scheduler : str, optional
        Grade on a Dask cluster: a scheduler's address (``tcp://host:8786``) or
        ``"local"``/``"local:N"`` for N worker processes on this machine (see
        :mod:`autograder.distributed`). Grades are the same as a local run's.
    course_root : str or Path, optional
        An existing nbgrader course (e.g. the instructor's, whose ``submitted/`` was
        filled by ``nbgrader collect``): the scores go to its own ``gradebook.db`` and the
        graded copies to its ``autograded/``, instead of ``out/course``. Each assignment
        must already be in its gradebook, from its ``source/`` notebook (``nbgrader
        generate_assignment`` does that); the course's files are otherwise left as they
        are.
    prefork : bool, optional
        Keep in each parallel slot a template process that has imported the scientific
        stack once and forks a fresh worker per submission (see
        :mod:`autograder.template`): the same guarantees, several times faster. By
        default it is used when each slot has at least two submissions to grade (a
        template takes a few seconds to start).

    Returns
    -------
    ClassRun

    Raises
    ------
    FileNotFoundError
        When ``submissions`` is not a folder.
    SandboxError
        When the sandbox itself cannot run (a problem of the grading machine, not of a
        submission). Anything a submission does is that submission's outcome: folders
        that are not submissions are skipped with a warning in the report.
    ValueError
        When ``course_root`` is given and does not hold an assignment found (nothing is
        graded then).
    """
    import nbformat

    from autograder import gradebook, reports, similarity

    start = time.perf_counter()
    out = Path(out)
    warnings = []
    found = discover(submissions, assignment=assignment, warnings=warnings)
    own_course = course_root is not None
    course_root = Path(course_root) if own_course else out / "course"
    sources = {}
    for name in sorted({sub.assignment for sub in found}):
        # an existing course must already hold the assignment: checked before grading
        sources[name] = (gradebook.existing_assignment(course_root, name) if own_course
                         else REPO_ROOT / "solutions" / name / f"{name}.ipynb")
    secret = load_secret(out)
    results: dict[tuple[str, str], tuple[SubmissionResult, Submission]] = {}
    todo = []
    for sub in found:
        kept = None if force else load_result(result_path(out, sub))
        if kept is None:
            todo.append(sub)
        else:
            results[(sub.student, sub.assignment)] = (kept, sub)
    confinement = set()

    def keep(sub, result):
        confinement.add(getattr(result, "confinement", ""))
        _save(result_path(out, sub), result)
        results[(sub.student, sub.assignment)] = (result, sub)
        if bar:
            bar.advance(f"{sub.student}")

    bar = _Progress(len(todo)) if progress and todo else None

    def failed(sub, exc, isolation):
        warnings.append(f"{sub.student}/{sub.assignment}: the grader failed on this "
                        f"submission ({type(exc).__name__}: {str(exc)[:200]})")
        return failed_submission(sub, exc, isolation=isolation)

    if todo and scheduler is not None:
        from autograder.distributed import grade_on_cluster

        here = Sandbox(limits=limits or Limits(), use_bwrap=use_bwrap, prefork=False)
        try:
            grade_on_cluster(
                todo, scheduler=scheduler, secret=secret, course=course,
                limits=limits or Limits(), use_bwrap=use_bwrap, on_result=keep,
                grade_here=lambda sub: grade_submission(sub, sandbox=here, secret=secret,
                                                        course=course),
                on_failure=lambda sub, exc: failed(sub, exc, here.isolation))
        finally:
            here.close()
    elif todo:
        parallel = workers or os.cpu_count() or 2
        sandbox = Sandbox(limits=limits or Limits(), use_bwrap=use_bwrap,
                          prefork=len(todo) >= 2 * parallel if prefork is None else prefork,
                          lessons=sorted({sub.assignment for sub in todo}))
        try:
            with ThreadPoolExecutor(max_workers=parallel) as pool:
                futures = {pool.submit(grade_submission, sub, sandbox=sandbox, secret=secret,
                                       course=course): sub for sub in todo}
                for future in as_completed(futures):
                    sub = futures[future]
                    try:
                        result = future.result()
                    except SandboxError:
                        for other in futures:
                            other.cancel()
                        raise
                    except Exception as exc:  # a grader bug met by one submission only
                        result = failed(sub, exc, sandbox.isolation)
                    keep(sub, result)
        finally:
            sandbox.close()
        if sandbox.prefork_note:
            warnings.append(f"submissions were graded without a template process: "
                            f"{sandbox.prefork_note}")
    for name, source in sources.items():
        if not own_course:
            gradebook.prepare_course(course_root, name, source)
        grade_ids = gradebook.task_grade_ids(nbformat.read(source, as_version=4))
        for (student, assignment_id), (result, sub) in sorted(results.items()):
            if assignment_id == name:
                try:
                    gradebook.record(course_root, result, sub.path, grade_ids,
                                     collected=own_course)
                except Exception as exc:  # noqa: BLE001 - one student's row, not the run
                    warnings.append(f"{student}/{name}: not recorded in the gradebook "
                                    f"({type(exc).__name__}: {str(exc)[:200]})")
    ordered = [results[key][0] for key in sorted(results)]
    if todo:
        held = sorted(c for c in confinement if c)
        warnings.append("memory and process limits held by: " + (", ".join(held) or "rlimits")
                        + " (cgroup = a control group per sandbox, memory including its "
                        "in-memory folders; rlimits = per-process limits only)")
    reports.write_grades_csv(ordered, out / "grades.csv")
    for result in ordered:
        reports.write_feedback(result, out / "feedback" / result.student /
                               f"{result.assignment}.html")
    similar = None
    if find_similar:
        try:
            similar = similarity.class_pairs(found)
        except Exception as exc:  # noqa: BLE001 - the report without it, never no report
            warnings.append(f"similar solutions were not searched ({type(exc).__name__}: "
                            f"{str(exc)[:200]})")
    if similar is not None:
        reports.write_similarity_csv(similar, out / "similarity.csv")
    reports.write_class_report(ordered, out / "report.html", warnings=warnings,
                               similar=similar)
    return ClassRun(ordered, len(todo), len(found) - len(todo), out,
                    time.perf_counter() - start, warnings, course_root)


def grade_one(notebook, *, assignment, student="student", use_bwrap=True,
              limits=None) -> SubmissionResult:
    """Grade a single notebook; nothing is written.

    Parameters
    ----------
    notebook : str or Path
        The notebook to grade.
    assignment : str
        The lesson it answers, e.g. ``"02_drift"``.
    student : str, default="student"
        The student id (it seeds the hidden cases, with a fixed secret).
    use_bwrap : bool, default=True
        Run in the bubblewrap sandbox when it is available, else with limits only.
    limits : Limits, optional
        Resource limits of the run (default: ``Limits()``).

    Returns
    -------
    SubmissionResult

    Raises
    ------
    ValueError
        For an unknown assignment.
    """
    # one submission: a template process (grade_class's prefork) would not pay off
    sandbox = Sandbox(limits=limits or Limits(), use_bwrap=use_bwrap, prefork=False)
    try:
        return grade_submission(Submission(student, assignment, Path(notebook)),
                                sandbox=sandbox, secret=b"grade-one", course="grade-one")
    finally:
        sandbox.close()
