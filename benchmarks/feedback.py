"""How specific the feedback is: catalogued mistakes written differently, named or not.

For each lesson, every variant in ``tests/lessons/<topic>/variants.py`` (``VARIANTS``:
misconception id -> implementations that make that mistake in another style) is checked
with public and hidden cases for several students' seeds. Prints, per lesson and overall:

- the share of variants that lose the task's points for every seed;
- the share named with their own misconception's message (for every seed);
- the share that got only a generic message;
- the share of correct alternatives (``alternatives.py``) rejected.

    .venv/bin/python benchmarks/feedback.py [--seeds N]

Prints the figures; asserts nothing (the tests assert the per-variant promises).
"""

import argparse
import importlib
import sys
from collections import defaultdict
from pathlib import Path

from mlopskit.checks import LESSONS, check_implementation, get_spec, lesson_package
from mlopskit.outcomes import Outcome

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _catalogue(lesson, name):
    topic = lesson_package(lesson).rsplit(".", 1)[1]
    try:
        return importlib.import_module(f"tests.lessons.{topic}.{name}")
    except ModuleNotFoundError:
        return None


def _task_of(misconception_id, lesson):
    from mlopskit.checks import specs_for_lesson

    for spec in specs_for_lesson(lesson):
        if any(m.id == misconception_id for m in spec.misconceptions):
            return spec
    raise KeyError(misconception_id)


def measure(seeds):
    totals = defaultdict(int)
    print(f"{'lesson':<16} {'variants':>8} {'lose pts':>9} {'named':>7} {'generic':>8} "
          f"{'alt. rejected':>14}")
    for lesson in LESSONS:
        counts = defaultdict(int)
        variants = _catalogue(lesson, "variants")
        for mis_id, impls in (getattr(variants, "VARIANTS", {}) or {}).items():
            spec = _task_of(mis_id, lesson)
            for impl in impls:
                results = [check_implementation(spec, impl, rng=seed) for seed in seeds]
                counts["variants"] += 1
                counts["lose"] += all(r.outcome is not Outcome.CORRECT for r in results)
                counts["named"] += all(r.misconception == mis_id for r in results)
                counts["generic"] += any(r.outcome is Outcome.WRONG and r.misconception is None
                                         for r in results)
        alternatives = _catalogue(lesson, "alternatives")
        for task, impls in (getattr(alternatives, "ALTERNATIVES", {}) or {}).items():
            for impl in impls:
                counts["alternatives"] += 1
                counts["rejected"] += any(
                    check_implementation(get_spec(task), impl, rng=seed).outcome
                    is not Outcome.CORRECT for seed in seeds)
        for key, value in counts.items():
            totals[key] += value
        _row(lesson, counts)
    _row("all", totals)


def _share(part, whole):
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def _row(name, c):
    n = c["variants"]
    print(f"{name:<16} {n:>8} {_share(c['lose'], n):>9} {_share(c['named'], n):>7} "
          f"{_share(c['generic'], n):>8} "
          f"{_share(c['rejected'], c['alternatives']):>9} of {c['alternatives']:<3}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5, help="students' seeds per variant")
    args = parser.parse_args(argv)
    measure([None, *range(args.seeds)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
