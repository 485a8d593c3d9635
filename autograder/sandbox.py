"""Run one submission's worker in a sandbox, with limits, and read its results.

With bubblewrap (``bwrap``) the worker sees a read-only system, the Python installation,
the data sets and a *public* copy of the kit — the reference solutions of graded tasks
replaced by stubs, the check specs left out — plus its own writable working copy; no
network, its own PID, IPC and UTS namespaces. When the grader runs as root, each parallel
slot's worker runs under its own unprivileged uid, so the process-count limit applies to
it alone. Without bubblewrap (a Mac) the worker runs with resource limits only, and the
result says isolation was reduced.

In every case: CPU time, address space, process count, file size and wall-clock limits;
the results channel is read with a size cap; the whole process group is killed at the end.
"""

from __future__ import annotations

import ast
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import mlopskit
from mlopskit.checks import all_specs

__all__ = ["Limits", "RunResult", "PublicTree", "Sandbox", "SandboxError", "bwrap_path"]


class SandboxError(RuntimeError):
    """The sandbox itself could not start: a problem of the grading machine."""

WORKER = Path(__file__).with_name("worker.py")
#: The self-check the public kit holds while grading (the same names, doing nothing).
GRADING_SELFCHECK = Path(__file__).with_name("_grading_selfcheck.py")
MAX_RESULTS_BYTES = 16_000_000


@dataclass(frozen=True)
class Limits:
    """Resource limits of one submission's run."""

    wall_seconds: int = 300
    cpu_seconds: int = 240
    memory_bytes: int = 3 * 1024**3
    processes: int = 64
    file_bytes: int = 64 * 1024**2
    cell_seconds: int = 60
    case_seconds: int = 10


@dataclass
class RunResult:
    """What came back from one sandboxed run."""

    messages: list = field(default_factory=list)
    returncode: int | None = None
    timed_out: bool = False
    truncated: bool = False
    isolation: str = "bubblewrap"
    seconds: float = 0.0
    log_tail: str = ""


def bwrap_path():
    """The bubblewrap executable, or None when it is not installed or not usable."""
    path = shutil.which("bwrap")
    if path is None:
        return None
    probe = subprocess.run([path, "--ro-bind", "/", "/", "--unshare-net", "true"],
                           capture_output=True, timeout=30)
    return path if probe.returncode == 0 else None


def _stub_graded(source, names, module):
    """Replace the graded entry points of a reference module by stubs that raise."""
    tree = ast.parse(source)
    message = (f"{module}.{{}} is the reference solution, which is not available while "
               "grading: write your own.")
    body = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name in names:
            stub = ast.parse(
                f"def {node.name}(*args, **kwargs):\n"
                f"    raise RuntimeError({message.format(node.name)!r})\n").body[0]
            body.append(stub)
        else:
            body.append(node)
    tree.body = body
    return ast.unparse(ast.fix_missing_locations(tree))


class PublicTree:
    """A read-only folder with what the sandbox may import and read."""

    def __init__(self, root=None):
        self.root = Path(root or tempfile.mkdtemp(prefix="mlopskit-public-"))
        package = Path(mlopskit.__file__).resolve().parent
        target = self.root / "mlopskit"
        shutil.copytree(package, target, ignore=shutil.ignore_patterns(
            "__pycache__", "checks", "build.py", "run.py", "demo.py"))
        shutil.copyfile(GRADING_SELFCHECK, target / "selfcheck.py")
        graded = {}
        for spec in all_specs():
            module, _, name = spec.reference.partition(":")
            graded.setdefault(module, set()).add(name)
        for module, names in graded.items():
            rel = Path(*module.split(".")[1:]).with_suffix(".py")
            path = target / rel
            path.write_text(_stub_graded(path.read_text(), names, module))
        shutil.copy(WORKER, self.root / "_grading_worker.py")
        self.datasets = package.parent / "datasets"
        (self.root / "datasets").mkdir()  # mount point of the real data folder
        self.mplconfig = self.root / "mplconfig"
        self.mplconfig.mkdir()
        self._warm_font_cache()
        for path in [self.root, *self.root.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)

    def _warm_font_cache(self):
        env = {**os.environ, "MPLCONFIGDIR": str(self.mplconfig), "MPLBACKEND": "Agg"}
        subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"],
                       env=env, check=False, capture_output=True, timeout=300)

    def cleanup(self):
        shutil.rmtree(self.root, ignore_errors=True)


def _installed_copies():
    """Folders of this project's packages inside the Python installation, if any."""
    found = []
    for entry in sys.path:
        path = Path(entry)
        if not path.is_dir() or not any(path.resolve().is_relative_to(r) for r in _python_roots()):
            continue
        for name in ("mlopskit", "autograder"):
            if (path / name).is_dir():
                found.append((path / name).resolve())
    return found


def _python_roots():
    roots = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()}
    exe = Path(sys.executable)
    roots.add(exe.resolve().parent.parent)
    return sorted(roots)


class Sandbox:
    """Runs workers; one instance serves a whole grading run (thread-safe)."""

    def __init__(self, *, limits=Limits(), use_bwrap=True, public=None):
        self.limits = limits
        self.public = public or PublicTree()
        self.bwrap = bwrap_path() if use_bwrap else None
        self.as_root = os.geteuid() == 0
        self._slots = list(range(os.cpu_count() or 2, 0, -1))
        self._slot_lock = threading.Lock()

    @property
    def isolation(self):
        if self.bwrap is None:
            return "limits-only"
        return "bubblewrap" if self.as_root else "bubblewrap-no-process-limit"

    def _take_slot(self):
        with self._slot_lock:
            if not self._slots:
                self._slots.append(len(self._slots) + 100)
            return self._slots.pop()

    def _give_slot(self, slot):
        with self._slot_lock:
            self._slots.append(slot)

    def _command(self, workdir, notebook_name, uid):
        python = str(Path(sys.executable))
        env = {
            "PATH": "/usr/bin:/bin", "HOME": "/submission", "LANG": "C.UTF-8",
            "PYTHONPATH": "/grader", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0",
            "MPLBACKEND": "Agg", "MPLCONFIGDIR": "/grader/mplconfig",
            "MLOPSKIT_DATA_DIR": "/grader/datasets", "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "IPYTHONDIR": "/tmp/ipython",
        }
        worker = ["/grader/_grading_worker.py", f"/submission/{notebook_name}"]
        if self.bwrap is None:
            env = {**env, "PYTHONPATH": str(self.public.root), "HOME": str(workdir),
                   "MPLCONFIGDIR": str(self.public.mplconfig),
                   "MLOPSKIT_DATA_DIR": str(self.public.datasets)}
            return [python, "-I", "-c", _UNSANDBOXED_BOOT,
                    str(self.public.root / "_grading_worker.py"),
                    str(workdir / notebook_name)], env, str(workdir)
        cmd = [self.bwrap]
        for path in ("/usr", "/lib", "/lib64", "/bin", "/etc/alternatives",
                     "/etc/ld.so.cache", "/etc/localtime"):
            if Path(path).exists():
                cmd += ["--ro-bind", path, path]
        # /tmp first: the Python installation may itself live under /tmp (a CI clone),
        # and a later tmpfs would hide it.
        cmd += ["--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--tmpfs", "/tmp"]
        made = {"/", "/usr", "/lib", "/lib64", "/bin", "/etc", "/tmp", "/proc", "/dev"}
        for root in _python_roots():
            # bwrap would create the parents of a mount point with the host's modes (a
            # 0700 /root would hide the Python installation from the unprivileged uid).
            for parent in reversed(root.parents):
                if str(parent) not in made:
                    cmd += ["--perms", "0755", "--dir", str(parent)]
                    made.add(str(parent))
            cmd += ["--ro-bind", str(root), str(root)]
        for hidden in _installed_copies():
            # A non-editable install would put the reference and the specs in
            # site-packages: cover them with an empty folder.
            cmd += ["--tmpfs", str(hidden)]
        cmd += ["--ro-bind", str(self.public.root), "/grader"]
        if self.public.datasets.is_dir():
            cmd += ["--ro-bind", str(self.public.datasets), "/grader/datasets"]
        cmd += ["--bind", str(workdir), "/submission",
                "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
                "--unshare-cgroup-try", "--die-with-parent", "--new-session",
                "--clearenv", "--chdir", "/submission"]
        for key, value in env.items():
            cmd += ["--setenv", key, value]
        if self.as_root:
            cmd += ["--", "/usr/bin/setpriv", f"--reuid={uid}", f"--regid={uid}",
                    "--clear-groups", "--no-new-privs", python, "-I", "-c", _SANDBOXED_BOOT]
        else:
            cmd[1:1] = ["--unshare-user"]
            cmd += ["--", python, "-I", "-c", _SANDBOXED_BOOT]
        return cmd + worker, None, None

    def _limits(self):
        lim = self.limits

        def apply():
            os.setsid()
            resource.setrlimit(resource.RLIMIT_CPU, (lim.cpu_seconds, lim.cpu_seconds))
            resource.setrlimit(resource.RLIMIT_AS, (lim.memory_bytes, lim.memory_bytes))
            resource.setrlimit(resource.RLIMIT_FSIZE, (lim.file_bytes, lim.file_bytes))
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            if self.as_root and self.bwrap is not None:
                resource.setrlimit(resource.RLIMIT_NPROC, (lim.processes, lim.processes))

        return apply

    def run(self, notebook_path, request):
        """Run the worker on a copy of ``notebook_path`` with ``request`` (a dict)."""
        slot = self._take_slot()
        uid = 61000 + slot
        workdir = Path(tempfile.mkdtemp(prefix="mlopskit-sub-"))
        try:
            name = "submission.ipynb"
            shutil.copyfile(notebook_path, workdir / name)
            if self.as_root and self.bwrap is not None:
                for path in (workdir, workdir / name):
                    os.chown(path, uid, uid)
            workdir.chmod(0o700)
            return self._run(workdir, name, request, uid)
        finally:
            self._give_slot(slot)
            shutil.rmtree(workdir, ignore_errors=True)

    def _run(self, workdir, name, request, uid):
        cmd, env, cwd = self._command(workdir, name, uid)
        read_fd, write_fd = os.pipe()
        log_path = workdir.parent / f"{workdir.name}.log"
        result = RunResult(isolation=self.isolation)
        start = time.perf_counter()
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(
                cmd, stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT,
                pass_fds=(write_fd,), env=env, cwd=cwd, preexec_fn=self._limits())
        os.close(write_fd)
        reader = _CappedReader(read_fd, MAX_RESULTS_BYTES)
        reader.start()
        try:
            proc.stdin.write(json.dumps({**request, "results_fd": write_fd,
                                         "cell_timeout": self.limits.cell_seconds,
                                         "case_timeout": self.limits.case_seconds}).encode())
            proc.stdin.close()
        except BrokenPipeError:
            pass
        try:
            proc.wait(timeout=self.limits.wall_seconds)
        except subprocess.TimeoutExpired:
            result.timed_out = True
        finally:
            _kill_group(proc)
        reader.join(timeout=10)
        result.returncode = proc.returncode
        result.seconds = time.perf_counter() - start
        result.truncated = reader.truncated
        result.messages = reader.messages()
        try:
            with open(log_path, "rb") as fh:
                fh.seek(max(0, log_path.stat().st_size - 2000))
                result.log_tail = fh.read().decode("utf-8", "replace")
        finally:
            log_path.unlink(missing_ok=True)
        if not result.messages and result.log_tail.startswith("bwrap:"):
            raise SandboxError(result.log_tail.strip().splitlines()[0])
        return result


# The worker is started with -I (isolated: no user site, no PYTHONPATH from outside);
# these lines put the public tree first on sys.path, then run the worker file.
_SANDBOXED_BOOT = (
    "import sys, runpy, site; sys.path.insert(0, '/grader'); "
    "sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')"
)
_UNSANDBOXED_BOOT = (
    "import sys, runpy, os; sys.path.insert(0, os.path.dirname(sys.argv[1])); "
    "sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')"
)


def _kill_group(proc):
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover
        proc.kill()


class _CappedReader(threading.Thread):
    """Reads the results channel, keeping at most ``cap`` bytes."""

    def __init__(self, fd, cap):
        super().__init__(daemon=True)
        self.fd, self.cap = fd, cap
        self.chunks, self.size, self.truncated = [], 0, False

    def run(self):
        with os.fdopen(self.fd, "rb") as fh:
            while True:
                chunk = fh.read(65536)
                if not chunk:
                    return
                if self.size + len(chunk) > self.cap:
                    self.truncated = True
                    continue  # drain without keeping, so the writer never blocks
                self.chunks.append(chunk)
                self.size += len(chunk)

    def messages(self):
        out = []
        for line in b"".join(self.chunks).split(b"\n"):
            if not line.strip():
                continue
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if isinstance(message, dict) and isinstance(message.get("type"), str):
                out.append(message)
        return out
