"""Runs inside the sandbox: execute one notebook, then call its entry points on cases.

Started as ``python _grading_worker.py NOTEBOOK`` with a pipe open for results (its
descriptor number comes in the request). The request (the tasks, their entry points, protocols and case inputs) arrives
on standard input before any student code runs. The notebook's code cells run in a fresh
IPython shell, skipping nbgrader's test cells and the lesson's worked examples (cells
tagged ``example``, which define nothing graded); then each case runs under a time
limit and its result goes out on that pipe as one JSON line per task, each case with a
:class:`~mlopskit.outcomes.CaseStatus` value (``ok`` with the value, ``raised``,
``bad_output`` with a detail, ``not_attempted`` or ``timeout``), the vocabulary the
trusted side reads back. This process never sees expected values or the reference:
scores are decided by the caller.

Only the standard library, IPython, ``mlopskit._protocol`` and ``mlopskit.outcomes`` are
imported here.
"""

import json
import os
import signal
import sys
import time

from mlopskit._protocol import CallWatch
from mlopskit.outcomes import CaseStatus

MAX_LINE = 4_000_000  # bytes of one result line


class CaseTimeout(BaseException):
    """Raised in student code when a case or cell runs past its time limit."""


def _on_alarm(signum, frame):
    raise CaseTimeout()


MAIN_PID = os.getpid()


def _send(stream, message):
    if os.getpid() != MAIN_PID:  # a process the student's code forked: it reports nothing
        os._exit(0)
    try:
        line = json.dumps(message, allow_nan=False)
    except (ValueError, TypeError, RecursionError):
        line = json.dumps({"type": message["type"], "task": message.get("task"),
                           "error": "result cannot be written"})
    if len(line) > MAX_LINE:
        message = {"type": message["type"], "task": message.get("task"),
                   "error": "result too large"}
        line = json.dumps(message)
    stream.write(line + "\n")
    stream.flush()


def _dict(value):
    return value if isinstance(value, dict) else {}


def _is_test_cell(cell):
    meta = _dict(_dict(cell.get("metadata")).get("nbgrader"))
    return bool(meta.get("grade")) and not meta.get("solution")


def _is_example(cell):
    """A worked example of the lesson (tag ``example``): it defines nothing graded."""
    tags = _dict(cell.get("metadata")).get("tags", [])
    return isinstance(tags, list) and "example" in tags


def _source(cell):
    src = cell.get("source", "")
    return "".join(map(str, src)) if isinstance(src, list) else str(src)


def _run_cells(shell, nb, cell_timeout, results):
    errors = []
    cells = nb.get("cells", []) if isinstance(nb, dict) else []
    for index, cell in enumerate(cells if isinstance(cells, list) else []):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code" \
                or _is_test_cell(cell) or _is_example(cell):
            continue
        # The grader stops the run from outside if this cell outlives its limit, even
        # when the cell's code disarms the alarm below.
        _send(results, {"type": "cell", "index": index})
        signal.alarm(cell_timeout)
        try:
            result = shell.run_cell(_source(cell), store_history=True)
        except CaseTimeout:
            result = None
            errors.append({"cell": str(cell.get("id"))[:60], "error": "CellTimeout"})
        finally:
            signal.alarm(0)
        if os.getpid() != MAIN_PID:  # a forked child does not go on with the notebook
            os._exit(0)
        if result is not None and not result.success:
            exc = result.error_in_exec or result.error_before_exec
            errors.append({"cell": str(cell.get("id"))[:60],
                           "error": type(exc).__name__ if exc else "Error"})
    return errors


def _run_case(impl, inputs, protocol, case_timeout, invoke, to_wire, WireError, watch=None):
    """One case, its result converted to wire data under the same time limit."""
    signal.alarm(case_timeout)
    try:
        if watch is not None:
            watch.start()
        try:
            value = invoke(impl, inputs, protocol)
        finally:
            if watch is not None:
                watch.stop()
        try:
            return {"status": CaseStatus.OK, "value": to_wire(value)}
        except WireError as exc:  # a value that cannot travel: what it is goes in the detail
            return {"status": CaseStatus.BAD_OUTPUT, "detail": str(exc)[:300]}
        except CaseTimeout:
            raise
        except BaseException as exc:  # a returned object whose conversion raises
            return {"status": CaseStatus.BAD_OUTPUT,
                    "detail": f"converting the returned value raised {type(exc).__name__}"}
    except NotImplementedError:
        return {"status": CaseStatus.NOT_ATTEMPTED}
    except CaseTimeout:
        return {"status": CaseStatus.TIMEOUT}
    except BaseException as exc:  # student code may raise anything, even SystemExit
        try:
            text = f"{type(exc).__name__}: {exc}"[:300]
        except BaseException:  # an exception whose str() raises
            text = type(exc).__name__
        return {"status": CaseStatus.RAISED, "detail": text}
    finally:
        signal.alarm(0)


def main(argv, *, request_file=None, results_fd=None):
    """Run the notebook ``argv[1]``; the request comes on ``request_file`` (stdin)."""
    global MAIN_PID
    MAIN_PID = os.getpid()  # also in a child forked from the template (autograder.template)
    request = json.loads((request_file or sys.stdin).read())
    results = os.fdopen(int(request["results_fd"] if results_fd is None else results_fd), "w")
    # Before any of the notebook's code: the grader knows from this line that the sandbox
    # started, whatever the notebook prints or does later.
    _send(results, {"type": "started"})
    cell_timeout = int(request.get("cell_timeout", 60))
    case_timeout = int(request.get("case_timeout", 10))
    signal.signal(signal.SIGALRM, _on_alarm)

    from IPython.core.interactiveshell import InteractiveShell

    from mlopskit._protocol import WireError, invoke, prepare, to_wire

    try:
        with open(argv[1], encoding="utf-8") as fh:
            nb = json.load(fh)
    except (ValueError, RecursionError):
        nb = {}
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False  # no history thread, no files in the submission
    shell = InteractiveShell.instance(config=config)
    start = time.perf_counter()
    cell_errors = _run_cells(shell, nb, cell_timeout, results)
    _send(results, {"type": "executed", "cell_errors": cell_errors,
                    "seconds": round(time.perf_counter() - start, 3)})
    for task in request["tasks"]:
        impl = shell.user_ns.get(task["entry"])
        if impl is None or not _callable(impl):
            _send(results, {"type": "task", "task": task["task"],
                            "missing": "undefined" if impl is None else "not_callable"})
            continue
        signal.alarm(cell_timeout)
        try:
            prepare(task["protocol"])  # slow set-up the cases share, outside their limit
        except BaseException:  # the cases will report what is wrong
            pass
        finally:
            signal.alarm(0)
        watch = CallWatch(task["forbidden"]) if task.get("forbidden") else None
        cases = []
        for index, inputs in enumerate(task["cases"]):
            if cases and cases[-1]["status"] is CaseStatus.TIMEOUT:
                cases.append({"status": CaseStatus.TIMEOUT})  # do not wait again on the loop
                continue
            _send(results, {"type": "begin", "task": task["task"], "case": index})
            cases.append(_run_case(impl, inputs, task["protocol"], case_timeout,
                                   invoke, to_wire, WireError, watch))
        line = {"type": "task", "task": task["task"], "cases": cases}
        if watch is not None and watch.hit is not None:
            line["forbidden"] = watch.hit
        _send(results, line)
    _send(results, {"type": "done"})
    results.close()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:
        pass
    os._exit(0)  # do not run student atexit hooks or threads


def _callable(value):
    try:
        return callable(value)
    except BaseException:
        return False


if __name__ == "__main__":
    main(sys.argv)
