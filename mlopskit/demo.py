"""``make demo``: build the lessons, run the solution notebooks, say what was produced.

Executed copies of the solution notebooks (with their figures) are written to
``demo_output/``; the summary lists every graded task and its self-check outcome.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from mlopskit.build import REPO_ROOT, build
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
        for check in result.checks:
            print(f"  {check['task']:<36} {check['outcome']}")
            failures += check["outcome"] != "correct"
        failures += len(result.errors)
    for lang_dir in sorted((root / "lessons").glob("*")):
        for nb in sorted(lang_dir.glob("*/*.ipynb")):
            print(f"student notebook: {nb.relative_to(root)}")
    print("\nOpen the lessons with `make lab`.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
