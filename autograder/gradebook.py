"""Writing results into nbgrader's own gradebook, so formgrader and export work as usual.

The course folder ``OUT/course`` is an ordinary nbgrader course: ``source/`` holds the
assignment's source notebook, ``generate_assignment`` records its cells in the gradebook
(nbgrader's schema, through nbgrader's API), each submission is copied to ``submitted/``
and ``autograded/``, and the autograded cells get the scores decided by the grader. The
written answers keep no score until an instructor grades them in ``nbgrader formgrader``.
"""

from __future__ import annotations

import re
import shutil
import warnings
from pathlib import Path

from mlopskit.build import ensure_scripts_on_path

__all__ = ["course_config", "existing_assignment", "prepare_course", "record",
           "task_grade_ids"]

_CHECK = re.compile(r"""check\(\s*["']([\w.]+)["']""")


def course_config(course_root):
    """A traitlets Config for an nbgrader course at ``course_root``."""
    from traitlets.config import Config

    config = Config()
    config.CourseDirectory.root = str(course_root)
    config.CourseDirectory.db_url = f"sqlite:///{Path(course_root).resolve() / 'gradebook.db'}"
    config.Exchange.root = str(Path(course_root) / "exchange")
    return config


def task_grade_ids(source_nb):
    """Map task id -> grade id of the autograded test cell that checks it."""
    mapping = {}
    for cell in source_nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            found = _CHECK.search(cell.source)
            if found:
                mapping[found.group(1)] = meta["grade_id"]
    return mapping


def prepare_course(course_root, assignment, source_path):
    """Create the course folder and record the assignment's cells in the gradebook."""
    from nbgrader.apps import NbGraderAPI

    ensure_scripts_on_path()
    course_root = Path(course_root)
    course_root.mkdir(parents=True, exist_ok=True)
    (course_root / "nbgrader_config.py").write_text(
        "# Written by the autograder: run `nbgrader formgrader` or `nbgrader export` here.\n"
        "c = get_config()\n"
        f"c.CourseDirectory.root = {str(course_root.resolve())!r}\n"
        f"c.CourseDirectory.db_url = {'sqlite:///' + str(course_root.resolve() / 'gradebook.db')!r}\n")
    target = course_root / "source" / assignment / f"{assignment}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_bytes() != Path(source_path).read_bytes():
        shutil.copyfile(source_path, target)
        api = NbGraderAPI(config=course_config(course_root))
        result = api.generate_assignment(assignment, force=True, create=True)
        if not result["success"]:
            raise RuntimeError(f"nbgrader generate_assignment failed:\n{result.get('log')}")
    return course_root / "gradebook.db"


def existing_assignment(course_root, assignment):
    """The source notebook of ``assignment`` in an existing course, checked to be graded.

    Raises ValueError, saying what to run, when the course has no such source notebook or
    its gradebook does not know the assignment.
    """
    from nbgrader.api import Gradebook, MissingEntry

    course_root = Path(course_root)
    source = course_root / "source" / assignment / f"{assignment}.ipynb"
    database = course_root / "gradebook.db"
    hint = ("set the course up first (`python -m classroom.course setup`, or "
            "`nbgrader generate_assignment` in the course)")
    if not source.is_file() or not database.is_file():
        raise ValueError(f"{course_root}: no source notebook {source.relative_to(course_root)} "
                         f"or no gradebook.db; {hint}")
    with Gradebook(f"sqlite:///{database.resolve()}") as gb:
        try:
            gb.find_notebook(assignment, assignment)
        except MissingEntry:
            raise ValueError(f"{database}: assignment {assignment!r} (notebook "
                             f"{assignment!r}) is not in the gradebook; {hint}") from None
    return source


def _timestamp(folder):
    """(text, time) of nbgrader's ``folder/timestamp.txt``, or None (never through a link)."""
    from nbgrader.utils import parse_utc

    from autograder.grading import InvalidSubmission, read_regular

    try:
        text = read_regular(Path(folder) / "timestamp.txt", cap=1024).decode("utf-8").strip()
        return (text, parse_utc(text)) if text else None
    except (InvalidSubmission, UnicodeDecodeError, ValueError, TypeError, OverflowError):
        return None


def record(course_root, result, submission_path, grade_ids, *, collected=False):
    """Store one submission's scores (a SubmissionResult) in the gradebook (idempotent).

    With ``collected=True`` the course's ``submitted/`` is the hand-in itself (collected
    by nbgrader) and is not written; its ``timestamp.txt`` goes to ``autograded/`` and
    into the gradebook.
    """
    from nbgrader.api import Gradebook, MissingEntry
    from sqlalchemy.exc import SAWarning

    course_root = Path(course_root)
    assignment, student = result.assignment, result.student
    from autograder.grading import InvalidSubmission, read_regular

    try:
        # never through a link, never anything but a regular file of bounded size
        data = read_regular(submission_path)
    except InvalidSubmission:
        data = None
    for stage in ("autograded",) if collected else ("submitted", "autograded"):
        target = course_root / stage / student / assignment / f"{assignment}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        # a new file, not written through: `nbgrader autograde` leaves its copy read-only
        target.unlink(missing_ok=True)
        if data is not None:
            target.write_bytes(data)
    kept = _timestamp(Path(submission_path).parent) if collected else None
    when = kept[1] if kept else None
    if kept is not None:
        stamp = course_root / "autograded" / student / assignment / "timestamp.txt"
        stamp.unlink(missing_ok=True)
        stamp.write_text(kept[0], encoding="utf-8")
    with warnings.catch_warnings(), \
            Gradebook(f"sqlite:///{course_root.resolve() / 'gradebook.db'}") as gb:
        warnings.simplefilter("ignore", SAWarning)  # raised inside nbgrader's own API
        gb.update_or_create_student(student)
        try:
            submission = gb.find_submission(assignment, student)
        except MissingEntry:
            submission = gb.add_submission(assignment, student)
        if when is not None:
            submission.timestamp = when
        for task in result.tasks:
            grade_id = grade_ids.get(task.task)
            if grade_id is None:
                continue
            grade = gb.find_grade(grade_id, assignment, assignment, student)
            grade.auto_score = float(task.points)
        gb.db.commit()
