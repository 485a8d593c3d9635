"""How long a learner waits: self-check latency per task, and each solution notebook's run.

Targets: every check answers within one second; every solution notebook runs top to bottom
in under a minute on a two-core laptop. Prints the figures; asserts nothing.

    .venv/bin/python benchmarks/selfcheck_latency.py [--no-notebooks]
"""

import argparse
import contextlib
import io
import statistics
import time
from pathlib import Path

from mlopskit import selfcheck
from mlopskit.checks import LESSONS, specs_for_lesson

ROOT = Path(__file__).resolve().parent.parent


def time_checks(repeats=5):
    print(f"{'task':<36} {'first (s)':>10} {'median (s)':>11}")
    for lesson in LESSONS:
        checker = selfcheck.SelfCheck(lesson, lang="en")
        for spec in specs_for_lesson(lesson):
            impl = spec.load_reference()
            times = []
            for _ in range(repeats):
                with contextlib.redirect_stdout(io.StringIO()):  # the feedback text
                    start = time.perf_counter()
                    checker.check(spec.task, impl)
                    times.append(time.perf_counter() - start)
            print(f"{spec.task:<36} {times[0]:>10.3f} {statistics.median(times):>11.3f}")


def time_notebooks():
    from mlopskit.run import execute_notebook

    for lesson in LESSONS:
        path = ROOT / "solutions" / lesson / f"{lesson}.ipynb"
        result = execute_notebook(path, lang="en")
        print(f"{path.relative_to(ROOT)}: {result.seconds:.1f} s "
              f"({len(result.checks)} checks, {len(result.errors)} errors)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-notebooks", action="store_true")
    args = parser.parse_args()
    time_checks()
    if not args.no_notebooks:
        time_notebooks()
