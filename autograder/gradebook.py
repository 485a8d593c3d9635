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

__all__ = ["course_config", "prepare_course", "record", "task_grade_ids"]

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


def record(course_root, result, submission_path, grade_ids):
    """Store one submission's scores (a SubmissionResult) in the gradebook (idempotent)."""
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
    for stage in ("submitted", "autograded"):
        target = course_root / stage / student / assignment / f"{assignment}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_symlink():
            target.unlink()
        if data is None:
            target.unlink(missing_ok=True)
        else:
            target.write_bytes(data)
    with warnings.catch_warnings(), \
            Gradebook(f"sqlite:///{course_root.resolve() / 'gradebook.db'}") as gb:
        warnings.simplefilter("ignore", SAWarning)  # raised inside nbgrader's own API
        gb.update_or_create_student(student)
        try:
            gb.find_submission(assignment, student)
        except MissingEntry:
            gb.add_submission(assignment, student)
        for task in result.tasks:
            grade_id = grade_ids.get(task.task)
            if grade_id is None:
                continue
            grade = gb.find_grade(grade_id, assignment, assignment, student)
            grade.auto_score = float(task.points)
        gb.db.commit()
