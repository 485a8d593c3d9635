"""Expected outputs of the public cases, stored as data by the build.

The notebook's self-check compares a learner's answers with these stored outputs, so
it never runs the reference. ``python -m mlopskit.checks.expected`` rewrites the files
(``make build`` does); ``--check`` exits non-zero when any is stale.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from pathlib import Path

from mlopskit.checks import LESSONS, expected_outputs, specs_for_lesson
from mlopskit.checks._core import case_digest

__all__ = ["EXPECTED_DIR", "StaleExpectationError", "stored_expected", "render", "main"]

EXPECTED_DIR = Path(__file__).with_name("expected")


class StaleExpectationError(RuntimeError):
    """The stored expected outputs do not match the spec's current cases."""


def render(lesson):
    """The JSON text of the stored expectations of ``lesson``, computed afresh."""
    tasks = {}
    for spec in specs_for_lesson(lesson):
        cases = spec.cases()
        outputs = expected_outputs(spec, spec.load_reference(), cases)
        tasks[spec.task] = [
            {"case": c.name, "digest": case_digest(c), "expected": out}
            for c, out in zip(cases, outputs)
        ]
    return json.dumps({"lesson": lesson, "tasks": tasks}, indent=1, sort_keys=True) + "\n"


@functools.cache
def _load(lesson):
    path = EXPECTED_DIR / f"{lesson}.json"
    if not path.exists():
        raise StaleExpectationError(
            f"{path} is missing: run `make build` to generate the self-check data."
        )
    return json.loads(path.read_text())


def stored_expected(spec):
    """Stored expected outputs for ``spec``'s public cases, checked for staleness."""
    entries = _load(spec.lesson)["tasks"].get(spec.task)
    cases = spec.cases()
    if entries is None or [e["digest"] for e in entries] != [case_digest(c) for c in cases]:
        raise StaleExpectationError(
            f"the stored expectations of {spec.task} do not match its cases: "
            "run `make build`."
        )
    return [e["expected"] for e in entries]


def main(argv=None):
    """Rewrite the stored expectations, or with ``--check`` report stale ones."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale files")
    parser.add_argument("--lesson", nargs="+", default=None, metavar="ID",
                        help="only these lessons")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.lesson or ()) - set(LESSONS))
    if unknown:
        print(f"error: unknown lesson(s) {unknown}; known: {sorted(LESSONS)}", file=sys.stderr)
        return 2
    stale = []
    for lesson in args.lesson or LESSONS:
        path = EXPECTED_DIR / f"{lesson}.json"
        text = render(lesson)
        if path.exists() and path.read_text() == text:
            continue
        if args.check:
            stale.append(str(path))
        else:
            path.write_text(text)
            print(f"wrote {path}")
    if stale:
        print("stale: " + ", ".join(stale) + " (run `make build`)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
