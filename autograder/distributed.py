"""Grading on a Dask cluster: the same sandbox on every worker, results kept on this side.

A MOOC cohort hands in thousands of notebooks; one machine is not enough. With
``grade_class(..., scheduler=...)`` (or ``python -m autograder grade ... --scheduler``)
each submission is sent to a worker of an existing Dask cluster as its bytes (read here,
without following links); the worker grades it in its own bubblewrap sandbox exactly as
a local run would, and returns the result, which is kept here as soon as it arrives, so
a run that is killed resumes where it stopped. The hidden cases' secret travels to the
workers: they are machines of the grading staff, never of students.

``scheduler`` is the address of a running scheduler (``tcp://host:8786``), or
``"local"`` / ``"local:N"`` for a ``LocalCluster`` of N worker processes on 127.0.0.1.
Each worker machine needs bubblewrap, the kit installed (``pip install -e '.[cluster]'``
in a checkout of the same commit) and the datasets that ship with it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["cluster_client", "grade_on_cluster"]

_SANDBOX = {}


def _worker_sandbox(limits, use_bwrap):
    """One sandbox per worker process and settings, made on first use."""
    from autograder.sandbox import Sandbox

    key = (repr(limits), use_bwrap)
    if key not in _SANDBOX:
        _SANDBOX[key] = Sandbox(limits=limits, use_bwrap=use_bwrap)
    return _SANDBOX[key]


def _grade_remote(student, assignment, name, others, data, secret, course, limits, use_bwrap):
    """Run on a worker: grade one notebook given as bytes; return the result as a dict."""
    from autograder.grading import Submission, grade_submission

    sandbox = _worker_sandbox(limits, use_bwrap)
    with tempfile.TemporaryDirectory(prefix="mlopskit-remote-") as tmp:
        path = Path(tmp) / assignment / name
        path.parent.mkdir()
        path.write_bytes(data)
        sub = Submission(student, assignment, path, tuple(others))
        return grade_submission(sub, sandbox=sandbox, secret=secret, course=course).to_dict()


@contextlib.contextmanager
def cluster_client(scheduler):
    """A ``distributed.Client`` for ``scheduler`` ("tcp://...", "local" or "local:N")."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ValueError("grading on a cluster needs Dask's `distributed` package: "
                         "pip install -e '.[cluster]'") from None
    if not isinstance(scheduler, str) or not scheduler:
        raise ValueError(f"`scheduler` must be an address or 'local[:N]', got {scheduler!r}")
    if scheduler == "local" or scheduler.startswith("local:"):
        count = scheduler.partition(":")[2] or str(os.cpu_count() or 2)
        if not count.isdigit() or int(count) < 1:
            raise ValueError(f"'local:N' needs a positive number of workers, got {scheduler!r}")
        with LocalCluster(n_workers=int(count), threads_per_worker=1, processes=True,
                          host="127.0.0.1", dashboard_address=None) as cluster, \
                Client(cluster) as client:
            yield client
    elif "://" in scheduler:
        with Client(scheduler, timeout="30s") as client:
            yield client
    else:
        raise ValueError(f"`scheduler` must look like tcp://host:8786 or 'local[:N]', "
                         f"got {scheduler!r}")


def grade_on_cluster(todo, *, scheduler, secret, course, limits, use_bwrap, on_result,
                     grade_here, on_failure):
    """Grade ``todo`` (Submissions) on the cluster; call ``on_result(sub, result)`` as each
    arrives. Hand-ins that cannot be read as regular files are graded by ``grade_here``
    (nothing of theirs runs); a grader failure on one submission becomes
    ``on_failure(sub, exc)`` (its result); a sandbox that cannot start on a worker stops
    the run, as it does locally."""
    from distributed import as_completed

    from autograder.grading import InvalidSubmission, SubmissionResult, read_regular
    from autograder.sandbox import SandboxError

    with cluster_client(scheduler) as client:
        futures = {}
        for sub in todo:
            try:
                data = read_regular(sub.path)
            except InvalidSubmission:
                on_result(sub, grade_here(sub))
                continue
            future = client.submit(_grade_remote, sub.student, sub.assignment, sub.path.name,
                                   list(sub.others), data, secret, course, limits, use_bwrap,
                                   pure=False)
            futures[future] = sub
        for future in as_completed(list(futures)):
            sub = futures[future]
            try:
                result = SubmissionResult.from_dict(future.result())
            except SandboxError:
                raise
            except Exception as exc:  # noqa: BLE001 - one submission's failure, not the run's
                result = on_failure(sub, exc)
            on_result(sub, result)
