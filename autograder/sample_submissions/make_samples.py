"""Write the demo class: every lesson, submissions of every kind a grader meets.

Each student starts from the released lesson (``lessons/<lang>/<lesson>``) and fills the
solution cells with the instructor's solution, a catalogued mistake, or something
hostile. ``expected.json`` holds what grading must give for each. Task lists and cell ids
come from the task specs, so a new lesson gets a complete, a partial and an untouched
submission with no edit here; a lesson adds its own mistakes and hostile hand-ins in a
module ``lesson_<lesson id>.py`` beside this file, whose ``students()`` returns them.
Run after ``make build`` changes a lesson:

    .venv/bin/python autograder/sample_submissions/make_samples.py
"""

from __future__ import annotations

import importlib
import json
import shutil
import sys
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # the per-lesson modules import _samplekit
    sys.path.insert(0, str(HERE))

from _samplekit import basic_students  # noqa: E402

from mlopskit.checks import LESSONS  # noqa: E402


def students_for(lesson):
    """Student name -> (notebook or raw text, outcomes, misconceptions) for ``lesson``."""
    if (HERE / f"lesson_{lesson}.py").exists():
        if str(HERE) not in sys.path:  # imported from elsewhere (the tests)
            sys.path.insert(0, str(HERE))
        return importlib.import_module(f"lesson_{lesson}").students()
    return basic_students(lesson)


def main():
    target = HERE / "submitted"
    if target.exists():
        shutil.rmtree(target)
    expected = {}
    for lesson in LESSONS:
        for name, (nb, outcomes, misconceptions) in students_for(lesson).items():
            path = target / name / lesson / f"{lesson}.ipynb"
            path.parent.mkdir(parents=True)
            if isinstance(nb, str):
                path.write_text(nb)
            else:
                nbformat.write(nb, path)
            expected[f"{name}/{lesson}"] = {"outcomes": outcomes,
                                            "misconceptions": misconceptions}
    (HERE / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(expected)} submissions to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
