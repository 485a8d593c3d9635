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
    line = json.dumps(message, allow_nan=False)
    if len(line) > MAX_LINE:
        message = {"type": message["type"], "task": message.get("task"),
                   "error": "result too large"}
        line = json.dumps(message)
    stream.write(line + "\n")
    stream.flush()


def _is_test_cell(cell):
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("grade")) and not meta.get("solution")


def _is_example(cell):
    """A worked example of the lesson (tag ``example``): it defines nothing graded."""
    tags = cell.get("metadata", {}).get("tags", [])
    return isinstance(tags, list) and "example" in tags


def _source(cell):
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _run_cells(shell, nb, cell_timeout):
    errors = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code" or _is_test_cell(cell) or _is_example(cell):
            continue
        signal.alarm(cell_timeout)
        try:
            result = shell.run_cell(_source(cell), store_history=True)
        except CaseTimeout:
            result = None
            errors.append({"cell": cell.get("id"), "error": "CellTimeout"})
        finally:
            signal.alarm(0)
        if os.getpid() != MAIN_PID:  # a forked child does not go on with the notebook
            os._exit(0)
        if result is not None and not result.success:
            exc = result.error_in_exec or result.error_before_exec
            errors.append({"cell": cell.get("id"),
                           "error": type(exc).__name__ if exc else "Error"})
    return errors


def _run_case(impl, inputs, protocol, case_timeout, invoke, to_wire, WireError):
    signal.alarm(case_timeout)
    try:
        value = invoke(impl, inputs, protocol)
    except NotImplementedError:
        return {"status": CaseStatus.NOT_ATTEMPTED}
    except CaseTimeout:
        return {"status": CaseStatus.TIMEOUT}
    except BaseException as exc:  # student code may raise anything, even SystemExit
        return {"status": CaseStatus.RAISED, "detail": f"{type(exc).__name__}: {exc}"[:300]}
    finally:
        signal.alarm(0)
    try:
        return {"status": CaseStatus.OK, "value": to_wire(value)}
    except WireError as exc:  # a value that cannot travel: what it is goes in the detail
        return {"status": CaseStatus.BAD_OUTPUT, "detail": str(exc)[:300]}
    except CaseTimeout:
        return {"status": CaseStatus.TIMEOUT}


def main(argv):
    request = json.loads(sys.stdin.read())
    results = os.fdopen(int(request["results_fd"]), "w")
    cell_timeout = int(request.get("cell_timeout", 60))
    case_timeout = int(request.get("case_timeout", 10))
    signal.signal(signal.SIGALRM, _on_alarm)

    from IPython.core.interactiveshell import InteractiveShell

    from mlopskit._protocol import WireError, invoke, prepare, to_wire

    with open(argv[1], encoding="utf-8") as fh:
        nb = json.load(fh)
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False  # no history thread, no files in the submission
    shell = InteractiveShell.instance(config=config)
    start = time.perf_counter()
    cell_errors = _run_cells(shell, nb, cell_timeout)
    _send(results, {"type": "executed", "cell_errors": cell_errors,
                    "seconds": round(time.perf_counter() - start, 3)})
    for task in request["tasks"]:
        impl = shell.user_ns.get(task["entry"])
        if impl is None or not callable(impl):
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
        cases = []
        for inputs in task["cases"]:
            if cases and cases[-1]["status"] is CaseStatus.TIMEOUT:
                cases.append({"status": CaseStatus.TIMEOUT})  # do not wait again on the loop
                continue
            cases.append(_run_case(impl, inputs, task["protocol"], case_timeout,
                                   invoke, to_wire, WireError))
        _send(results, {"type": "task", "task": task["task"], "cases": cases})
    _send(results, {"type": "done"})
    results.close()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:
        pass
    os._exit(0)  # do not run student atexit hooks or threads


if __name__ == "__main__":
    main(sys.argv)
