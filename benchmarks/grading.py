"""Grading speed: our grader vs `nbgrader autograde` vs bare execution (the floors).

Builds a class of at least 40 submissions from the sample class's correct and partial
notebooks, then, on the same machine in one run, times:

1. ours:     python -m autograder grade (sandboxed, parallel, hidden cases, reports), with
   a template process per worker forking each submission's run, then again with
   ``--prefork off`` (a fresh Python per submission);
2. nbgrader: nbgrader autograde on an ordinary nbgrader course holding the same notebooks;
3. floor:    `jupyter execute` of the same notebooks, with as many parallel workers as ours;
4. graded-cells floor: `jupyter execute` of only the cells the grader runs (no worked
   examples, no test cells): the fairer floor.

Prints the wall time of each, seconds per submission, the peak resident memory of one
submission's process (pages shared with the template included) and the ratios. Aims: ours at least 5x faster than nbgrader.
Our results are read back and counted by outcome first: a run whose submissions all failed
would be fast for nothing.

    .venv/bin/python benchmarks/grading.py [--copies 40] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from autograder.api import load_result
from mlopskit.outcomes import Outcome

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "autograder" / "sample_submissions" / "submitted"
TEMPLATES = ["ana_complete", "bruno_partial"]
LESSON = "02_drift"


def make_class(folder, copies):
    for i in range(copies):
        name = TEMPLATES[i % len(TEMPLATES)]
        target = folder / f"s{i:03d}_{name}" / LESSON
        target.mkdir(parents=True)
        shutil.copy(SAMPLES / name / LESSON / f"{LESSON}.ipynb", target / f"{LESSON}.ipynb")


def time_ours(submissions, workers, work, *, scheduler=None, out="ours", prefork="on"):
    command = [sys.executable, "-m", "autograder", "grade", str(submissions), "--out",
               str(work / out), "--workers", str(workers), "--no-similarity",
               "--prefork", prefork]
    if scheduler:
        command += ["--scheduler", scheduler]
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def outcomes_of_ours(work):
    """Tasks per outcome in the results ours kept; exits if any submission did not run."""
    kept = sorted((work / "ours" / "results" / LESSON).glob("*.json"))
    results = [load_result(path) for path in kept]
    if not results or None in results:
        sys.exit(f"ours kept {len(kept)} results, some unreadable")
    counts = Counter(t.outcome for r in results for t in r.tasks)
    failed = [f"{r.student}: {t.task} {t.outcome.value}" for r in results for t in r.tasks
              if t.outcome in (Outcome.ERROR, Outcome.TIMEOUT)]
    if failed:
        sys.exit("ours did not grade every task:\n" + "\n".join(failed[:10]))
    peaks = [r.peak_memory for r in results if r.peak_memory]
    return len(results), counts, (max(peaks) if peaks else 0)


def time_nbgrader(submissions, work):
    course = work / "nbgrader-course"
    (course / "source" / LESSON).mkdir(parents=True)
    shutil.copy(ROOT / "solutions" / LESSON / f"{LESSON}.ipynb",
                course / "source" / LESSON / f"{LESSON}.ipynb")
    shutil.copytree(submissions, course / "submitted")
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\nc.CourseDirectory.root = %r\n"
        "c.ExecutePreprocessor.timeout = 300\n" % str(course))
    env = {**os.environ, "MPLBACKEND": "Agg",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    nbgrader = [sys.executable, "-m", "nbgrader"]
    subprocess.run(nbgrader + ["generate_assignment", LESSON, "--create", "--force"], cwd=course,
                   check=True, env=env, capture_output=True)
    subprocess.run(nbgrader + ["db", "student", "import", "/dev/null"], cwd=course, env=env,
                   capture_output=True)
    start = time.perf_counter()
    subprocess.run(nbgrader + ["autograde", LESSON, "--create"], cwd=course, check=True,
                   env=env, capture_output=True)
    return time.perf_counter() - start


def _graded_cells_only(path):
    """Keep only the code cells the grader runs (no worked examples, no test cells)."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    kept = []
    for cell in nb.cells:
        grading = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or "example" in cell.metadata.get("tags", []) or (
                grading.get("grade") and not grading.get("solution")):
            continue
        kept.append(cell)
    nb.cells = kept
    nbformat.write(nb, path)


def time_floor(submissions, workers, work, *, graded_cells_only=False):
    copies = work / ("graded-floor" if graded_cells_only else "floor")
    shutil.copytree(submissions, copies)
    notebooks = sorted(copies.rglob("*.ipynb"))
    if graded_cells_only:
        for path in notebooks:
            _graded_cells_only(path)
    env = {**os.environ, "MPLBACKEND": "Agg"}
    jupyter = [str(Path(sys.executable).parent / "jupyter"), "execute", "--inplace",
               "--allow-errors"]

    def run(path):
        subprocess.run(jupyter + [str(path)], env=env, cwd=path.parent, check=True,
                       capture_output=True)

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(run, notebooks))
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--scheduler", action="append", default=[],
                        help="also time grading on a Dask cluster (tcp://..., local:N); "
                             "repeat to see how it scales with workers")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        submissions = work / "submitted"
        make_class(submissions, args.copies)
        print(f"{args.copies} submissions, {args.workers} workers, {os.cpu_count()} cores")
        ours = time_ours(submissions, args.workers, work)
        print(f"ours      {ours:8.1f} s")
        graded, counts, peak = outcomes_of_ours(work)
        print(f"          {graded} graded: " + ", ".join(
            f"{counts[o]} {o.value}" for o in Outcome if counts[o]))
        print(f"          {ours / graded:.2f} s per submission; peak memory of one "
              "submission's process: " + (f"{peak / 2**20:.0f} MiB" if peak else "not measured"))
        fresh = time_ours(submissions, args.workers, work, out="fresh", prefork="off")
        print(f"fresh     {fresh:8.1f} s   (ours with a new Python per submission)")
        floor = time_floor(submissions, args.workers, work)
        print(f"floor     {floor:8.1f} s   (jupyter execute, {args.workers} in parallel)")
        graded_floor = time_floor(submissions, args.workers, work, graded_cells_only=True)
        print(f"graded    {graded_floor:8.1f} s   (jupyter execute of the graded cells only)")
        nbg = time_nbgrader(submissions, work)
        print(f"nbgrader  {nbg:8.1f} s   (nbgrader autograde)")
        print(f"nbgrader / ours     = {nbg / ours:.2f}x faster (aim >= 5x)")
        print(f"nbgrader / fresh    = {nbg / fresh:.2f}x faster (without the template)")
        print(f"ours locally: {args.copies / ours:.2f} submissions per second")
        for n, scheduler in enumerate(args.scheduler):
            seconds = time_ours(submissions, args.workers, work, scheduler=scheduler,
                                out=f"cluster{n}")
            print(f"cluster {scheduler}: {seconds:.1f} s, "
                  f"{args.copies / seconds:.2f} submissions per second")
        print(f"ours / floor        = {ours / floor:.2f}")
        print(f"ours / graded floor = {ours / graded_floor:.2f}")


if __name__ == "__main__":
    main()
