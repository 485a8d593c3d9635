"""``python -m autograder``: grade a class, or one notebook.

``grade SUBMISSIONS --out OUT`` grades every ``<student>/<assignment>/<notebook>.ipynb``
in parallel, keeps each result in ``OUT/results/`` as soon as it is known (a run killed
half-way and started again grades only what is missing), then writes the nbgrader
gradebook, ``grades.csv``, one feedback page per submission and the class report, all
from the kept results, so the same inputs always give the same files.

This module only reads arguments, calls :mod:`autograder.api` and prints.
"""

from __future__ import annotations

import argparse
import json
import sys

from autograder.api import grade_class, grade_one
from mlopskit.languages import LANGUAGES
from mlopskit.outcomes import SYMBOLS, Outcome, outcome_label

__all__ = ["main", "format_summary"]


def format_summary(run):
    """The table printed at the end of a grading run (``run`` is a ClassRun)."""
    lines = [f"{'student':<24} {'assignment':<12} {'score':>9}  tasks"]
    for r in run.results:
        marks = "".join(SYMBOLS[t.outcome] for t in r.tasks)
        lines.append(f"{r.student:<24} {r.assignment:<12} {r.total:>4g}/{r.max_total:<4g}  "
                     f"{marks}")
    lines.append(f"\n{len(run.results)} submissions ({run.graded_now} graded now, "
                 f"{run.reused} kept from before) in {run.seconds:.1f} s.")
    lines.append("  ".join(f"{SYMBOLS[o]} {outcome_label(o, 'en').lower()}" for o in Outcome))
    lines.append(f"gradebook: {(run.course_root or run.out / 'course') / 'gradebook.db'}")
    lines.append(f"grades:    {run.out / 'grades.csv'}")
    lines.append(f"feedback:  {run.out / 'feedback'}/<student>/<assignment>.html")
    lines.append(f"report:    {run.out / 'report.html'}")
    if (run.out / "similarity.csv").exists():
        lines.append(f"similar:   {run.out / 'similarity.csv'} (pairs to read side by side "
                     "in the report)")
    return "\n".join(lines)


def _format_one(result, lang, as_json):
    """What ``grade-one`` prints for a SubmissionResult, in ``lang``."""
    if as_json:
        return json.dumps({
            "assignment": result.assignment, "isolation": result.isolation,
            "tasks": [{"task": t.task, "points": t.points, "max_points": t.max_points,
                       "outcome": t.outcome.value, "message": t.message[lang]}
                      for t in result.tasks],
            "total": result.total, "max_total": result.max_total,
        }, ensure_ascii=False, indent=1)
    lines = [f"{t.task:<36} {t.outcome.value:<14} {t.points:g}/{t.max_points:g}  "
             f"{t.message[lang]}" for t in result.tasks]
    lines.append(f"total: {result.total:g}/{result.max_total:g} (isolation: {result.isolation})")
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
    g.add_argument("--scheduler", default=None,
                   help="grade on a Dask cluster: tcp://host:8786, or local[:N] workers here")
    g.add_argument("--no-similarity", action="store_true",
                   help="leave out the report's pairs of similar solutions")
    g.add_argument("--prefork", choices=("auto", "on", "off"), default="auto",
                   help="a template process per worker that forks each submission's run "
                        "(default: when each worker has two submissions or more)")
    g.add_argument("--course-dir", default=None,
                   help="an nbgrader course whose gradebook.db and autograded/ receive the "
                        "scores (e.g. the instructor's, after `nbgrader collect`)")
    o = sub.add_parser("grade-one", help="grade one notebook")
    o.add_argument("notebook")
    o.add_argument("--assignment", required=True)
    o.add_argument("--json", action="store_true", help="print a JSON object")
    o.add_argument("--lang", choices=LANGUAGES, default=None)
    o.add_argument("--no-sandbox", action="store_true")
    args = parser.parse_args(argv)
    try:
        if args.command == "grade":
            run = grade_class(args.submissions, args.out, workers=args.workers,
                              assignment=args.assignment, force=args.force, course=args.course,
                              use_bwrap=not args.no_sandbox,
                              find_similar=not args.no_similarity,
                              scheduler=args.scheduler, course_root=args.course_dir,
                              prefork={"auto": None, "on": True, "off": False}[args.prefork])
            print(format_summary(run))
            return 0
        result = grade_one(args.notebook, assignment=args.assignment,
                           use_bwrap=not args.no_sandbox)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(_format_one(result, args.lang or result.lang, args.json))
    return 0
