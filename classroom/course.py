"""The instructor's nbgrader course, built from the kit, and graded by the kit's grader.

``python -m classroom.course setup 02_drift --lang pt`` puts a lesson in the course, in one
language:

- ``source/02_drift/02_drift.ipynb``: the lesson's source (``solutions/``) with that
  language's prose only, as the kit's build splits it;
- the assignment and its cells recorded in the course's gradebook by nbgrader's own
  ``generate_assignment``;
- ``release/02_drift/02_drift.ipynb``: the kit's student notebook
  (``lessons/<lang>/02_drift/``), checked to be the one nbgrader generated (same cells,
  same checksums), so ``nbgrader release_assignment 02_drift`` hands out the kit's lesson.

``python -m classroom.course grade 02_drift`` grades what ``nbgrader collect`` put in
``submitted/`` with the kit's grader (the sandbox; see :func:`autograder.grade_class`):

- the scores go to the course's own ``gradebook.db`` (formgrader shows them, next to the
  written answers still to grade; ``nbgrader export`` lists them) and the graded copies
  to ``autograded/``;
- results, ``grades.csv`` and the class report go to ``<course>/grading/``;
- each student's feedback page (in the submission's language) goes where
  ``nbgrader release_feedback`` looks for it:
  ``feedback/<student>/02_drift/<notebook>.html``, with the submission's
  ``timestamp.txt`` and ``submission_secret.txt``, so students get it with
  ``nbgrader fetch_feedback``.

``nbgrader autograde`` still works on the same course (it runs the notebooks in the
student's own kernel instead of the sandbox).

The course folder is the instructor's (``MLOPSKIT_COURSE_ROOT``, see classroom/__init__.py),
or ``--course-dir``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from classroom import REPO_ROOT, settings

__all__ = ["CourseGrading", "setup_lesson", "grade_lesson", "main"]

_STUB = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}


def _check_lesson(lesson, lang="pt"):
    from mlopskit.checks import LESSONS
    from mlopskit.languages import LANGUAGES

    if lesson not in LESSONS:
        raise ValueError(f"unknown lesson {lesson!r}; the kit's lessons: {sorted(LESSONS)}")
    if lang not in LANGUAGES:
        raise ValueError(f"`lang` must be one of {list(LANGUAGES)}, got {lang!r}")


def _api(course_root, course_id):
    from nbgrader.apps import NbGraderAPI
    from traitlets.config import Config

    config = Config()
    config.CourseDirectory.root = str(course_root)
    config.CourseDirectory.course_id = course_id
    config.ClearSolutions.code_stub = dict(_STUB)
    config.Exchange.root = str(settings().exchange)
    return NbGraderAPI(config=config)


def _graded_cells(nb):
    """grade_id -> (cell type, checksum) of every nbgrader cell."""
    cells = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if "grade_id" in meta:
            cells[meta["grade_id"]] = (cell.cell_type, meta.get("checksum"))
    return cells


def setup_lesson(lesson, *, lang="pt", course_root=None, course_id=None):
    """Put a lesson of the kit in an nbgrader course, ready for ``release_assignment``.

    Parameters
    ----------
    lesson : str
        The lesson, e.g. ``"02_drift"``.
    lang : str, default="pt"
        The language the class reads (``"pt"`` or ``"en"``).
    course_root : str or Path, optional
        The course folder (default: the classroom's, ``MLOPSKIT_COURSE_ROOT``); created
        when missing.
    course_id : str, optional
        nbgrader's course id (default: the classroom's, ``MLOPSKIT_COURSE_ID``).

    Returns
    -------
    Path
        The released student notebook, ``release/<lesson>/<lesson>.ipynb``.

    Raises
    ------
    ValueError
        For an unknown lesson or language, or when the kit's student notebook is not the
        one nbgrader generates from the source (``lessons/`` is stale: run ``make build``).
    RuntimeError
        When nbgrader's ``generate_assignment`` fails.

    Examples
    --------
    >>> setup_lesson("99_nothing", course_root="/tmp/none")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: unknown lesson '99_nothing'; the kit's lessons: [...]
    """
    from mlopskit.build import apply_specs, ensure_scripts_on_path, read_notebook, \
        split_language
    from mlopskit.checks import specs_for_lesson

    _check_lesson(lesson, lang)
    room = settings()
    course_root = Path(course_root or room.course_root).absolute()
    course_id = course_id or room.course_id
    source_path = REPO_ROOT / "solutions" / lesson / f"{lesson}.ipynb"
    nb = apply_specs(read_notebook(source_path), specs_for_lesson(lesson), path=source_path)
    split = split_language(nb, lang, lesson=lesson, path=source_path)
    target = course_root / "source" / lesson / f"{lesson}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(split, target)

    ensure_scripts_on_path()
    result = _api(course_root, course_id).generate_assignment(lesson, force=True, create=True)
    if not result["success"]:
        raise RuntimeError(f"nbgrader generate_assignment failed for {lesson}:\n"
                           f"{result.get('error') or result.get('log')}")
    released = course_root / "release" / lesson / f"{lesson}.ipynb"
    kit = REPO_ROOT / "lessons" / lang / lesson / f"{lesson}.ipynb"
    generated = _graded_cells(nbformat.read(released, as_version=4))
    ours = _graded_cells(nbformat.read(kit, as_version=4))
    if generated != ours:
        differ = sorted(k for k in set(generated) | set(ours) if generated.get(k) != ours.get(k))
        raise ValueError(f"{kit} is not the notebook nbgrader generates from "
                         f"solutions/{lesson} (cells {differ[:5]} differ): run `make build`")
    shutil.copyfile(kit, released)
    return released


@dataclass
class CourseGrading:
    """What :func:`grade_lesson` did.

    Attributes
    ----------
    run : autograder.ClassRun
        The grading run (results, warnings, where its files are).
    feedback : list of Path
        The feedback pages placed for ``nbgrader release_feedback``.
    warnings : list of str
        Submissions whose feedback could not be placed, and why.
    """

    run: object
    feedback: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _read_small(path):
    from autograder.grading import InvalidSubmission, read_regular

    try:
        return read_regular(path, cap=4096)
    except InvalidSubmission:
        return None


def grade_lesson(lesson, *, course_root=None, course_id=None, out=None, use_bwrap=True,
                 force=False, workers=None, progress=False):
    """Grade a lesson's collected submissions with the kit's grader, into the course.

    Parameters
    ----------
    lesson : str
        The lesson, e.g. ``"02_drift"``.
    course_root : str or Path, optional
        The course folder (default: the classroom's); ``submitted/`` is read from it.
    course_id : str, optional
        nbgrader's course id (default: the classroom's); it seeds the hidden cases.
    out : str or Path, optional
        Where results and reports go (default: ``<course>/grading``).
    use_bwrap, force, workers, progress
        As in :func:`autograder.grade_class`.

    Returns
    -------
    CourseGrading

    Raises
    ------
    ValueError
        For an unknown lesson, or when the course does not hold the lesson (run
        :func:`setup_lesson` first).
    FileNotFoundError
        When the course has no ``submitted/`` folder (nothing collected yet).
    """
    from autograder import grade_class
    from autograder.grading import discover

    _check_lesson(lesson)
    room = settings()
    course_root = Path(course_root or room.course_root).absolute()
    out = Path(out) if out else course_root / "grading"
    if not (course_root / "submitted").is_dir():
        raise FileNotFoundError(f"{course_root}: no submitted/ folder; collect first "
                                f"(`nbgrader collect {lesson}`)")
    run = grade_class(course_root, out, assignment=lesson, course=course_id or room.course_id,
                      course_root=course_root, use_bwrap=use_bwrap, force=force,
                      workers=workers, progress=progress)
    done = CourseGrading(run)
    for sub in discover(course_root, assignment=lesson):
        page = out / "feedback" / sub.student / f"{lesson}.html"
        folder = Path(sub.path).parent
        kept = {name: _read_small(folder / name)
                for name in ("timestamp.txt", "submission_secret.txt")}
        missing = [name for name, data in kept.items() if data is None]
        if missing or not page.is_file():
            done.warnings.append(f"{sub.student}/{lesson}: no feedback for nbgrader's "
                                 f"exchange ({', '.join(missing) or 'no feedback page'}; "
                                 "was it collected with `nbgrader collect`?)")
            continue
        target = course_root / "feedback" / sub.student / lesson
        target.mkdir(parents=True, exist_ok=True)
        for name, data in kept.items():
            (target / name).unlink(missing_ok=True)
            (target / name).write_bytes(data)
        html = target / f"{Path(sub.path).stem}.html"
        shutil.copyfile(page, html)
        done.feedback.append(html)
    return done


def main(argv=None):
    """Command-line entry point: ``python -m classroom.course {setup,grade} LESSON``."""
    parser = argparse.ArgumentParser(prog="python -m classroom.course",
                                     description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("setup", help="put a lesson in the course, ready to release")
    s.add_argument("lesson", help="e.g. 02_drift")
    s.add_argument("--lang", default="pt", help="the class's language: pt or en")
    g = sub.add_parser("grade", help="grade the collected submissions into the course")
    g.add_argument("lesson")
    g.add_argument("--out", default=None, help="results and reports (default: <course>/grading)")
    g.add_argument("--force", action="store_true", help="grade again what was graded before")
    g.add_argument("--workers", type=int, default=None)
    g.add_argument("--no-sandbox", action="store_true",
                   help="run without bubblewrap (limits only; the report says so)")
    for p in (s, g):
        p.add_argument("--course-dir", default=None,
                       help="the nbgrader course folder (default: the classroom's)")
    args = parser.parse_args(argv)
    room = settings()
    course = Path(args.course_dir or room.course_root)
    try:
        if args.command == "setup":
            released = setup_lesson(args.lesson, lang=args.lang, course_root=course)
            print(f"source:   {course / 'source' / args.lesson}\nrelease:  {released}\n"
                  f"gradebook: {course / 'gradebook.db'}\n"
                  f"next: in {course}, `nbgrader release_assignment {args.lesson}`")
            return 0
        done = grade_lesson(args.lesson, course_root=course, out=args.out,
                            use_bwrap=not args.no_sandbox, force=args.force,
                            workers=args.workers, progress=True)
    except (ValueError, FileNotFoundError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    from autograder.cli import format_summary

    print(format_summary(done.run))
    for line in done.warnings:
        print(f"warning: {line}", file=sys.stderr)
    print(f"feedback for nbgrader: {len(done.feedback)} page(s) in {course / 'feedback'}; "
          f"next: `nbgrader release_feedback {args.lesson}`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
