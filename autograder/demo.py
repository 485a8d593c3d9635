"""``make demo``: build the lessons, run the solutions, grade the sample class.

Executed copies of the solution notebooks (with their figures) go to ``demo_output/``,
and the bundled sample class (``autograder/sample_submissions``) is graded into
``demo_output/grading/``: gradebook, grades.csv, feedback pages and the class report.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from autograder.api import grade_class
from autograder.cli import format_summary
from mlopskit.build import REPO_ROOT, build
from mlopskit.outcomes import Outcome
from mlopskit.run import execute_notebook

__all__ = ["main"]


def main(argv=None):
    """Build, run the solution notebooks, print a summary; exit 1 on any failure."""
    root = REPO_ROOT
    out_dir = root / "demo_output"
    out_dir.mkdir(exist_ok=True)
    changed = build(root)
    print(f"Lessons built: {len(changed)} file(s) rewritten under lessons/ "
          "(0 means they were already up to date).")
    failures = 0
    for source in sorted((root / "solutions").glob("*/*.ipynb")):
        result = execute_notebook(source, lang="en")
        target = out_dir / f"{source.stem}.executed.ipynb"
        nbformat.write(result.notebook, target)
        print(f"\n{source.relative_to(root)} ran in {result.seconds:.1f} s -> "
              f"{target.relative_to(root)}")
        for check in result.checks:  # the self-check's summary, read back from the kernel
            outcome = Outcome(check["outcome"])
            print(f"  {check['task']:<36} {outcome.value}")
            failures += outcome is not Outcome.CORRECT
        failures += len(result.errors)
    for lang_dir in sorted((root / "lessons").glob("*")):
        for nb in sorted(lang_dir.glob("*/*.ipynb")):
            print(f"student notebook: {nb.relative_to(root)}")
    print("\nGrading the sample class (autograder/sample_submissions/submitted):")
    run = grade_class(root / "autograder" / "sample_submissions" / "submitted",
                      out_dir / "grading", force=True)
    print(format_summary(run))
    print("\nOpen the lessons with `make lab`; open the class report in a browser.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
