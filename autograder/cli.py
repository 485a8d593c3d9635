"""``python -m autograder``: grade a class, or one notebook.

``grade SUBMISSIONS --out OUT`` grades every ``<student>/<assignment>/<notebook>.ipynb``
in parallel, keeps each result in ``OUT/results/`` as soon as it is known (a run killed
half-way and started again grades only what is missing), then writes the nbgrader
gradebook, ``grades.csv``, one feedback page per submission and the class report, all
from the kept results, so the same inputs always give the same files.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

__all__ = ["main", "grade_class", "grade_one", "format_summary", "ClassRun"]

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass
class ClassRun:
    """What a class grading run produced."""

    results: list
    graded_now: int
    reused: int
    out: Path
    seconds: float


def _result_path(out, sub):
    return Path(out) / "results" / sub.assignment / f"{sub.student}.json"


def _save(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
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
                course="mlopskit", use_bwrap=True, limits=None, progress=True):
    """Grade a folder of submissions; see the module docstring."""
    from autograder import gradebook, reports
    from autograder.grading import SubmissionResult, discover, grade_submission, load_secret
    from autograder.sandbox import Limits, Sandbox

    start = time.perf_counter()
    out = Path(out)
    found = discover(submissions, assignment=assignment)
    secret = load_secret(out)
    todo = [s for s in found if force or not _result_path(out, s).exists()]
    results = {}
    graded_now = 0
    if todo:
        sandbox = Sandbox(limits=limits or Limits(), use_bwrap=use_bwrap)
        bar = _Progress(len(todo)) if progress else None
        try:
            with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 2) as pool:
                futures = {pool.submit(grade_submission, sub, sandbox=sandbox, secret=secret,
                                       course=course): sub for sub in todo}
                for future in as_completed(futures):
                    sub = futures[future]
                    result = future.result()
                    _save(_result_path(out, sub), result.to_dict())
                    graded_now += 1
                    if bar:
                        bar.advance(f"{sub.student}")
        finally:
            sandbox.public.cleanup()
    for sub in found:
        data = json.loads(_result_path(out, sub).read_text(encoding="utf-8"))
        results[(sub.student, sub.assignment)] = (SubmissionResult.from_dict(data), sub)
    course_root = out / "course"
    for name in sorted({sub.assignment for sub in found}):
        source = REPO_ROOT / "solutions" / name / f"{name}.ipynb"
        gradebook.prepare_course(course_root, name, source)
        import nbformat

        grade_ids = gradebook.task_grade_ids(nbformat.read(source, as_version=4))
        for (student, assignment_id), (result, sub) in sorted(results.items()):
            if assignment_id == name:
                gradebook.record(course_root, result, sub.path, grade_ids)
    ordered = [r for r, _ in (results[k] for k in sorted(results))]
    reports.write_grades_csv(ordered, out / "grades.csv")
    for result in ordered:
        reports.write_feedback(result, out / "feedback" / result.student /
                               f"{result.assignment}.html")
    reports.write_class_report(ordered, out / "report.html")
    return ClassRun(ordered, graded_now, len(found) - graded_now, out,
                    time.perf_counter() - start)


def grade_one(notebook, *, assignment, student="student", use_bwrap=True, limits=None):
    """Grade a single notebook and return its SubmissionResult."""
    from autograder.grading import Submission, grade_submission
    from autograder.sandbox import Limits, Sandbox

    sandbox = Sandbox(limits=limits or Limits(), use_bwrap=use_bwrap)
    try:
        return grade_submission(Submission(student, assignment, Path(notebook)),
                                sandbox=sandbox, secret=b"grade-one", course="grade-one")
    finally:
        sandbox.public.cleanup()


def format_summary(run):
    """The table printed at the end of a grading run."""
    lines = [f"{'student':<24} {'assignment':<12} {'score':>9}  tasks"]
    for r in run.results:
        marks = "".join({"correct": "✓", "wrong": "✗", "not_attempted": "·", "error": "!",
                         "timeout": "⏱"}[t["outcome"]] for t in r.tasks)
        lines.append(f"{r.student:<24} {r.assignment:<12} {r.total:>4g}/{r.max_total:<4g}  "
                     f"{marks}")
    lines.append(f"\n{len(run.results)} submissions ({run.graded_now} graded now, "
                 f"{run.reused} kept from before) in {run.seconds:.1f} s.")
    lines.append("✓ correct  ✗ not yet  · not attempted  ! error  ⏱ time limit")
    lines.append(f"gradebook: {run.out / 'course' / 'gradebook.db'}")
    lines.append(f"grades:    {run.out / 'grades.csv'}")
    lines.append(f"feedback:  {run.out / 'feedback'}/<student>/<assignment>.html")
    lines.append(f"report:    {run.out / 'report.html'}")
    return "\n".join(lines)


def main(argv=None):
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__.split(
        "\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("grade", help="grade a folder of submissions")
    g.add_argument("submissions", help="folder of <student>/<assignment>/<notebook>.ipynb")
    g.add_argument("--out", required=True, help="where results and reports go")
    g.add_argument("--workers", type=int, default=None, help="parallel workers (default: cores)")
    g.add_argument("--assignment", default=None, help="grade only this assignment")
    g.add_argument("--force", action="store_true", help="grade again what was graded before")
    g.add_argument("--course", default="mlopskit", help="course id (part of hidden seeds)")
    g.add_argument("--no-sandbox", action="store_true",
                   help="run without bubblewrap (limits only; the report says so)")
    o = sub.add_parser("grade-one", help="grade one notebook")
    o.add_argument("notebook")
    o.add_argument("--assignment", required=True)
    o.add_argument("--json", action="store_true", help="print a JSON object")
    o.add_argument("--lang", choices=("pt", "en"), default=None)
    o.add_argument("--no-sandbox", action="store_true")
    args = parser.parse_args(argv)
    try:
        if args.command == "grade":
            run = grade_class(args.submissions, args.out, workers=args.workers,
                              assignment=args.assignment, force=args.force, course=args.course,
                              use_bwrap=not args.no_sandbox)
            print(format_summary(run))
            return 0
        result = grade_one(args.notebook, assignment=args.assignment,
                           use_bwrap=not args.no_sandbox)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    lang = args.lang or result.lang
    if args.json:
        print(json.dumps({
            "assignment": result.assignment, "isolation": result.isolation,
            "tasks": [{"task": t["task"], "points": t["points"], "max_points": t["max_points"],
                       "outcome": t["outcome"], "message": t["message"][lang]}
                      for t in result.tasks],
            "total": result.total, "max_total": result.max_total,
        }, ensure_ascii=False, indent=1))
    else:
        for t in result.tasks:
            print(f"{t['task']:<36} {t['outcome']:<14} {t['points']:g}/{t['max_points']:g}  "
                  f"{t['message'][lang]}")
        print(f"total: {result.total:g}/{result.max_total:g} (isolation: {result.isolation})")
    return 0
