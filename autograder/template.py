"""Runs inside the sandbox: a template that forks one fresh worker per submission.

Starting Python and importing IPython, numpy, pandas, scipy, scikit-learn and the kit takes
most of a submission's time. This process does that once, inside the same sandbox a
worker would run in, then waits on its control socket. For each submission the grader
sends four descriptors (the notebook, the results pipe, the request pipe, the log) and
this process forks a child that runs the worker (:mod:`autograder.worker`) on them. The
template never reads a request, a notebook or a result: it holds nothing of any student.

Between two submissions, nothing a child did survives: once the child has ended, every
process it left behind is killed (``kill(-1)``), System V IPC objects are removed, and the
in-memory folders (``/tmp``, ``/dev/shm``, ``/submission``) are emptied, before the
template says it is finished. The template is not dumpable, so a child (same uid) cannot
read or write its memory; a child that kills or stops the template only ends its own run
(the grader starts a new template for the next submission).

Started as ``python _grading_template.py CONTROL_FD PRELOAD_JSON``.
"""

import ctypes
import importlib
import json
import os
import resource
import shutil
import signal
import socket
import stat
import sys
import time

FOLDERS = ("/tmp", "/dev/shm", "/submission")
NOTEBOOK = "/submission/submission.ipynb"
PR_SET_DUMPABLE = 4
IPC_RMID = 0

_libc = ctypes.CDLL(None, use_errno=True)


def _threads():
    """The names of this process's threads (one, ``python``, when forking is safe)."""
    names = []
    try:
        for task in os.listdir("/proc/self/task"):
            with open(f"/proc/self/task/{task}/comm") as fh:
                names.append(fh.read().strip())
    except OSError:
        pass
    return names or ["python"]


def preload(modules, *, store=False):
    """Import ``modules`` (those that fail are skipped); return the store's bytes if asked."""
    failed = []
    for name in modules:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:  # ``a.b.c`` where ``c`` is a name, not a module, is fine
                failed.append(name)
        except BaseException:  # the child imports it again, or meets the error itself
            failed.append(name)
    store_bytes = None
    if store:
        try:
            from mlopskit import _protocol

            path = _protocol._store_template()
            with open(path, "rb") as fh:
                store_bytes = fh.read()
            shutil.rmtree(os.path.dirname(path), ignore_errors=True)
            _protocol._STORE_TEMPLATE.clear()
        except BaseException:
            store_bytes = None
    return failed, store_bytes


def _remove_ipc():
    for kind, call in (("shm", lambda i: _libc.shmctl(i, IPC_RMID, None)),
                       ("msg", lambda i: _libc.msgctl(i, IPC_RMID, None)),
                       ("sem", lambda i: _libc.semctl(i, 0, IPC_RMID))):
        try:
            with open(f"/proc/sysvipc/{kind}") as fh:
                lines = fh.read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) > 1 and fields[1].isdigit():
                call(int(fields[1]))


def _empty(folder):
    """Remove everything in ``folder`` (made writable first where a child locked it)."""
    try:
        os.chmod(folder, 0o1777 if folder in FOLDERS else 0o700)
    except OSError:
        pass
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                _empty(entry.path)
                os.rmdir(entry.path)
            else:
                os.unlink(entry.path)
        except OSError:
            pass


def _kill_leftovers():
    """Kill every process this uid may signal except the template itself."""
    for _ in range(100):
        try:
            os.kill(-1, signal.SIGKILL)
        except ProcessLookupError:
            return
        except PermissionError:
            return
        time.sleep(0.01)


def _reap():
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _child(fds, store_bytes):
    """In the forked child: become a fresh worker on the descriptors received."""
    import random

    notebook_fd, results_fd, request_fd, log_fd = fds
    try:
        os.setsid()
        _libc.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)  # its own process, as a fresh one would be
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(log_fd, 1)
        os.dup2(log_fd, 2)
        # the descriptors the worker keeps, at fixed numbers; the rest closed
        moved = [os.dup(fd) for fd in (results_fd, request_fd, notebook_fd)]
        for target, fd in zip((3, 4, 5), moved):
            os.dup2(fd, target)
        os.closerange(6, resource.getrlimit(resource.RLIMIT_NOFILE)[0])
        with os.fdopen(5, "rb") as src, open(NOTEBOOK, "wb") as dst:
            shutil.copyfileobj(src, dst)
        os.chdir("/submission")
        random.seed()
        numpy = sys.modules.get("numpy")
        if numpy is not None:
            numpy.random.seed()
        if store_bytes is not None:
            from mlopskit import _protocol
            import tempfile

            folder = tempfile.mkdtemp(prefix="mlopskit-store-template-")
            with open(f"{folder}/mlflow.db", "wb") as fh:
                fh.write(store_bytes)
            _protocol._STORE_TEMPLATE[:] = [f"{folder}/mlflow.db"]
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        import _grading_worker as worker

        sys.argv = [worker.__file__, NOTEBOOK]
        with os.fdopen(4, "r", encoding="utf-8") as request:
            worker.main(sys.argv, request_file=request, results_fd=3)
    except BaseException:
        pass
    os._exit(1)


def serve(control, store_bytes):
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(control, 64, 8)
        except OSError:
            return
        if not message or message.strip() != b"run" or len(fds) != 4:
            for fd in fds:
                os.close(fd)
            if not message:
                return
            continue
        pid = os.fork()
        if pid == 0:
            control.close()
            _child(fds, store_bytes)
        for fd in fds:
            os.close(fd)
        while True:
            try:
                _, status, usage = os.wait4(pid, 0)
                break
            except InterruptedError:
                continue
        _kill_leftovers()
        _reap()
        _remove_ipc()
        for folder in FOLDERS:
            _empty(folder)
        reply = {"type": "finished", "status": status,
                 "peak_memory": int(usage.ru_maxrss) * 1024}
        try:
            control.sendall((json.dumps(reply) + "\n").encode())
        except OSError:
            return


def main(argv):
    control = socket.socket(fileno=int(argv[1]))
    config = json.loads(argv[2])
    _libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    sys.path.insert(0, os.path.dirname(os.path.abspath(argv[0])))
    failed, store_bytes = preload(config.get("modules", []), store=config.get("store", False))
    import _grading_worker  # noqa: F401 - imported once here, used by every child

    for folder in FOLDERS:
        _empty(folder)
    threads = _threads()
    ready = {"type": "ready", "threads": threads, "failed": failed}
    control.sendall((json.dumps(ready) + "\n").encode())
    if len(threads) != 1:  # forking a process with threads is not safe: the grader falls back
        return
    serve(control, store_bytes)


if __name__ == "__main__":
    main(sys.argv)
    os._exit(0)
