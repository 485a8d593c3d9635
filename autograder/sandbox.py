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
import copy
import json
import os
import resource
import shutil
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import mlopskit
from mlopskit.checks import all_specs

__all__ = ["Limits", "RunResult", "PublicTree", "Sandbox", "SandboxError", "bwrap_path",
           "public_module", "lesson_gifts", "preload_config"]


class SandboxError(RuntimeError):
    """The sandbox itself could not start: a problem of the grading machine."""

WORKER = Path(__file__).with_name("worker.py")
TEMPLATE = Path(__file__).with_name("template.py")
#: Memory a template's control group allows on top of a run's limits: the template
#: itself, whose pages its children share until they write to them.
TEMPLATE_BYTES = 1024**3
#: Seconds a template may take to import what it preloads.
TEMPLATE_START_SECONDS = 180
#: The self-check the public kit holds while grading (the same names, doing nothing).
GRADING_SELFCHECK = Path(__file__).with_name("_grading_selfcheck.py")
MAX_RESULTS_BYTES = 16_000_000


@dataclass(frozen=True)
class Limits:
    """Resource limits of one submission's run.

    ``tmp_bytes`` caps each of the sandbox's in-memory folders (``/tmp``, ``/dev/shm``)
    and ``disk_bytes`` the submission's working copy: both are RAM, counted in the
    control group's memory where one is available, and not by the address-space limit.
    """

    wall_seconds: int = 300
    cpu_seconds: int = 240
    memory_bytes: int = 3 * 1024**3
    processes: int = 64
    file_bytes: int = 64 * 1024**2
    cell_seconds: int = 60
    case_seconds: int = 10
    tmp_bytes: int = 256 * 1024**2
    disk_bytes: int = 256 * 1024**2
    #: Seconds the grader waits past a case's or a cell's limit before it stops the run
    #: from outside (the worker's own alarm is the first line).
    grace_seconds: int = 3


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
    #: ``(task, case index)`` of a case the grader stopped from outside, if any.
    killed_case: tuple | None = None
    #: Whether a notebook cell was stopped from outside.
    killed_cell: bool = False
    #: ``"cgroup"`` when a control group held memory and processes, else ``"rlimits"``.
    confinement: str = "rlimits"
    #: Peak memory of the run's control group in bytes (0 when there was none).
    peak_memory: int = 0


def bwrap_path():
    """The bubblewrap executable, or None when it is not installed or not usable."""
    path = shutil.which("bwrap")
    if path is None:
        return None
    probe = subprocess.run([path, "--ro-bind", "/", "/", "--unshare-net", "true"],
                           capture_output=True, timeout=30)
    return path if probe.returncode == 0 else None


_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _names_in(node):
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _def_time_names(node):
    """Names a def statement evaluates when the module runs: decorators, defaults, bases."""
    parts = list(node.decorator_list)
    if isinstance(node, ast.ClassDef):
        parts += node.bases + [k.value for k in node.keywords]
    else:
        parts += node.args.defaults + [d for d in node.args.kw_defaults if d is not None]
    return set().union(*(_names_in(p) for p in parts)) if parts else set()


def _stub(name, text):
    return ast.parse(f"def {name}(*args, **kwargs):\n    raise RuntimeError({text!r})\n").body[0]


def public_module(source, module, *, graded=(), given=()):
    """The source of reference module ``module`` as the sandbox holds it.

    Only what the lesson gives the learner stays usable: the names in ``given`` (what
    the notebook imports from the module by name) and the module's constants. Every
    other function and class becomes a stub that raises ``RuntimeError`` when called;
    the graded entry points (``graded``) say they are the reference solution. The private
    helpers a kept function needs are copied inside it (nested), so they stay out of the
    learner's reach; a class a kept name needs stays as it is.
    """
    tree = ast.parse(source)
    defs = {node.name: node for node in tree.body if isinstance(node, _DEFS)}
    keep = {name for name in given if name in defs and name not in graded}
    for node in tree.body:  # what the module itself runs at import time
        if isinstance(node, _DEFS):
            continue
        keep |= {n for n in _names_in(node) if n in defs and n not in graded}
    inline = {}
    changed = True
    while changed:
        changed = False
        for name in sorted(keep):
            node = defs[name]
            needs = _def_time_names(node) & set(defs)
            deps, todo = set(), list(_names_in(node) & set(defs))
            while todo:
                dep = todo.pop()
                if dep in deps or dep in keep or dep == name:
                    continue
                if isinstance(defs[dep], ast.ClassDef) or dep in needs:
                    needs.add(dep)
                    continue
                deps.add(dep)
                todo += list(_names_in(defs[dep]) & set(defs))
            new = {n for n in needs if n not in graded} - keep
            if new:
                keep |= new
                changed = True
            inline[name] = sorted(deps)
    reference = (f"{module}.{{}} is the reference solution, which is not available while "
                 "grading: write your own.")
    withheld = (f"{module}.{{}} is not part of what this lesson gives you, so it is not "
                "available while grading: write your own code.")
    body = []
    for node in tree.body:
        if not isinstance(node, _DEFS):
            body.append(node)
        elif node.name in graded:
            body.append(_stub(node.name, reference.format(node.name)))
        elif node.name not in keep:
            body.append(_stub(node.name, withheld.format(node.name)))
        else:
            helpers = [copy.deepcopy(defs[d]) for d in inline.get(node.name, [])]
            targets = [node] if not isinstance(node, ast.ClassDef) else [
                m for m in node.body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))]
            for target in targets if helpers else []:
                used = _names_in(target)
                nested = [copy.deepcopy(h) for h in helpers if h.name in used or any(
                    h2.name in used for h2 in helpers)]
                if nested:
                    docstring = (target.body[:1] if target.body and isinstance(
                        target.body[0], ast.Expr) and isinstance(
                        getattr(target.body[0], "value", None), ast.Constant) else [])
                    target.body = docstring + nested + target.body[len(docstring):]
            body.append(node)
    tree.body = body
    return ast.unparse(ast.fix_missing_locations(tree))


def _worker_cells(lessons=None):
    """Parsed code of the cells the grader runs in each lesson's source notebook.

    Not the worked examples (tag ``example``), not the test cells; cells that do not
    parse are skipped. Nothing where the notebooks are not at hand.
    """
    from mlopskit.checks import LESSONS

    root = Path(mlopskit.__file__).resolve().parent.parent / "solutions"
    for lesson in sorted(lessons or LESSONS):
        path = root / lesson / f"{lesson}.ipynb"
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for cell in nb.get("cells", []):
            meta = cell.get("metadata", {})
            grading = meta.get("nbgrader", {})
            if cell.get("cell_type") != "code" or "example" in meta.get("tags", []) or (
                    grading.get("grade") and not grading.get("solution")):
                continue
            try:
                yield ast.parse("".join(cell.get("source", "")))
            except SyntaxError:
                continue


def lesson_gifts(lessons=None):
    """Map reference module -> the names the lessons' notebooks import from it by name.

    Read from each lesson's source notebook (``solutions/NN_topic/NN_topic.ipynb``),
    in the cells the grader runs (not the worked examples, not the tests): what the
    lesson gives the learner to call. Empty where the notebooks are not at hand.
    """
    gifts = {}
    for tree in _worker_cells(lessons):
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                    "mlopskit."):
                gifts.setdefault(node.module, set()).update(a.name for a in node.names)
    return gifts


#: What every worker imports, whatever the lesson.
_WORKER_MODULES = ("IPython.core.interactiveshell", "traitlets.config", "mlopskit._protocol",
                   "mlopskit.outcomes")


def preload_config(lessons=None):
    """What a template process imports once, before it forks the workers.

    The modules the lessons' graded cells import (``import a.b`` gives ``a.b``, ``from
    a.b import c`` gives ``a.b`` and ``a.b.c``, which may not be a module; the kit's own modules as the sandbox holds them), those every worker
    imports, and whether some task's cases need an empty MLflow store (``"store"``):
    the template then makes it once and each child gets its own copy.

    Examples
    --------
    >>> config = preload_config()
    >>> "numpy" in config["modules"] and "IPython.core.interactiveshell" in config["modules"]
    True
    """
    modules = set(_WORKER_MODULES)
    for tree in _worker_cells(lessons):
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                modules.add(node.module)
                # ``from scipy import stats``: the name may be a submodule (the template
                # skips those that are not)
                modules.update(f"{node.module}.{a.name}" for a in node.names if a.name != "*")
    from mlopskit.checks import LESSONS, specs_for_lesson

    store = any(spec.protocol.get("stores") for lesson in (lessons or LESSONS)
                for spec in specs_for_lesson(lesson))
    return {"modules": sorted(modules), "store": bool(store)}


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
        gifts = lesson_gifts()
        for module, names in graded.items():
            rel = Path(*module.split(".")[1:]).with_suffix(".py")
            path = target / rel
            path.write_text(public_module(path.read_text(), module, graded=names,
                                          given=gifts.get(module, ())))
        shutil.copy(WORKER, self.root / "_grading_worker.py")
        shutil.copy(TEMPLATE, self.root / "_grading_template.py")
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


class _Cgroup:
    """A control group for one run: memory (tmpfs pages included) and process count.

    Made under the grader's own group, in cgroup v2 (``memory.max``, ``pids.max``) or
    v1 (``memory`` and ``pids`` hierarchies). :meth:`create` returns None where the
    machine does not let the grader make one; the rlimits still hold then.
    """

    ROOT = Path("/sys/fs/cgroup")

    def __init__(self, dirs):
        self.dirs = dirs

    @classmethod
    def _own(cls):
        own = {}
        try:
            for line in Path("/proc/self/cgroup").read_text().splitlines():
                _, controllers, path = line.split(":", 2)
                for name in controllers.split(",") if controllers else [""]:
                    own[name] = path
        except (OSError, ValueError):
            pass
        return own

    @classmethod
    def create(cls, name, *, memory_bytes, processes):
        own = cls._own()
        dirs = []
        try:
            if (cls.ROOT / "cgroup.controllers").exists():  # v2
                base = cls.ROOT / own.get("", "/").lstrip("/")
                folder = base / name
                folder.mkdir()
                dirs.append(folder)
                (folder / "memory.max").write_text(str(memory_bytes))
                (folder / "memory.swap.max").write_text("0")
                (folder / "pids.max").write_text(str(processes))
            else:  # v1
                for controller, files in (
                        ("memory", {"memory.limit_in_bytes": memory_bytes}),
                        ("pids", {"pids.max": processes})):
                    base = cls.ROOT / controller / own.get(controller, "/").lstrip("/")
                    folder = base / name
                    folder.mkdir()
                    dirs.append(folder)
                    for key, value in files.items():
                        (folder / key).write_text(str(value))
        except OSError:
            cls(dirs).remove()
            return None
        return cls(dirs)

    def enter(self):
        """Move the calling process into the group (run in the child before exec)."""
        for folder in self.dirs:
            with open(folder / "cgroup.procs", "w") as fh:
                fh.write(str(os.getpid()))

    def peak_memory(self):
        """The group's peak memory use in bytes, or 0 when the kernel does not say."""
        for folder in self.dirs:
            for name in ("memory.peak", "memory.max_usage_in_bytes"):
                try:
                    return int((folder / name).read_text().split()[0])
                except (OSError, ValueError, IndexError):
                    continue
        return 0

    def kill_all(self):
        for folder in self.dirs:
            try:
                if (folder / "cgroup.kill").exists():
                    (folder / "cgroup.kill").write_text("1")
                for pid in (folder / "cgroup.procs").read_text().split():
                    try:
                        os.kill(int(pid), signal.SIGKILL)
                    except (ProcessLookupError, PermissionError, ValueError):
                        pass
            except OSError:
                pass

    def remove(self):
        for folder in reversed(self.dirs):
            for _ in range(50):
                try:
                    folder.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    self.kill_all()
                    time.sleep(0.05)


class Sandbox:
    """Runs workers; one instance serves a whole grading run (thread-safe).

    With ``prefork=True`` (the default where bubblewrap runs) each parallel slot keeps a
    template process in its sandbox that has imported the scientific stack once, and
    forks one fresh worker per submission (:mod:`autograder.template`); with
    ``prefork=False`` every submission starts its own Python. The guarantees are the
    same: a fresh process per submission, nothing left between two students. Call
    :meth:`close` at the end (it stops the templates and removes the public tree).
    ``lessons`` (default: all) limits what a template imports to what those lessons need.
    """

    def __init__(self, *, limits=Limits(), use_bwrap=True, public=None, use_cgroups=True,
                 prefork=True, lessons=None):
        self.limits = limits
        self.public = public or PublicTree()
        self.bwrap = bwrap_path() if use_bwrap else None
        self.as_root = os.geteuid() == 0
        self.use_cgroups = use_cgroups and self.as_root
        self.prefork = bool(prefork) and self.bwrap is not None
        #: Why the templates were given up for this run, if they were.
        self.prefork_note = ""
        self._templates = {}
        self._preload = preload_config(lessons) if self.prefork else None
        self._slots = list(range(os.cpu_count() or 2, 0, -1))
        self._slot_lock = threading.Lock()

    def close(self):
        """Stop the template processes and remove the public tree."""
        with self._slot_lock:
            templates, self._templates = list(self._templates.values()), {}
        for template in templates:
            template.stop()
        self.public.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

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

    def _command(self, workdir, notebook_name, uid, notebook_fd=None, program=None):
        python = str(Path(sys.executable))
        env = {
            "PATH": "/usr/bin:/bin", "HOME": "/submission", "LANG": "C.UTF-8",
            "PYTHONPATH": "/grader", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0",
            "MPLBACKEND": "Agg", "MPLCONFIGDIR": "/grader/mplconfig",
            "MLOPSKIT_DATA_DIR": "/grader/datasets", "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "IPYTHONDIR": "/tmp/ipython",
            # no allocator thread in pyarrow (pandas imports it): a template forks safely
            "JE_ARROW_MALLOC_CONF": "background_thread:false",
        }
        worker = program or ["/grader/_grading_worker.py", f"/submission/{notebook_name}"]
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
        lim = self.limits
        cmd += ["--proc", "/proc", "--dev", "/dev",
                "--perms", "1777", "--size", str(lim.tmp_bytes), "--tmpfs", "/tmp",
                "--perms", "1777", "--size", str(lim.tmp_bytes), "--tmpfs", "/dev/shm"]
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
        # The working copy is an in-memory folder of capped size: all that the notebook
        # writes counts against it; the notebook itself comes in through a descriptor.
        cmd += ["--perms", "1777", "--size", str(lim.disk_bytes), "--tmpfs", "/submission"]
        if notebook_fd is not None:
            cmd += ["--perms", "0644", "--file", str(notebook_fd), f"/submission/{notebook_name}"]
        cmd += ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
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

    def _limits(self, cgroup=None):
        lim = self.limits

        def apply():
            os.setsid()
            if cgroup is not None:
                cgroup.enter()
            resource.setrlimit(resource.RLIMIT_CPU, (lim.cpu_seconds, lim.cpu_seconds))
            resource.setrlimit(resource.RLIMIT_AS, (lim.memory_bytes, lim.memory_bytes))
            resource.setrlimit(resource.RLIMIT_FSIZE, (lim.file_bytes, lim.file_bytes))
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            if self.as_root and self.bwrap is not None:
                resource.setrlimit(resource.RLIMIT_NPROC, (lim.processes, lim.processes))

        return apply

    def run(self, notebook_path, request):
        """Run the worker on a copy of ``notebook_path`` with ``request`` (a dict).

        The notebook is read once more here, as a regular file opened without following
        links (:func:`~autograder.grading.read_regular`); what the sandbox sees is that
        copy of its bytes.
        """
        from autograder.grading import InvalidSubmission, read_regular

        try:
            data = read_regular(notebook_path)
        except InvalidSubmission:
            data = b"{}"
        if self.prefork:
            slot = self._take_slot()
            try:
                return self._run_templated(slot, data, request)
            except _NoTemplate as exc:
                self.prefork = False
                self.prefork_note = str(exc)
            finally:
                self._give_slot(slot)
        slot = self._take_slot()
        uid = 61000 + slot
        workdir = Path(tempfile.mkdtemp(prefix="mlopskit-sub-"))
        notebook_fd = None
        try:
            name = "submission.ipynb"
            if self.bwrap is None:
                (workdir / name).write_bytes(data)
            else:
                notebook_fd = os.memfd_create("submission", 0) if hasattr(
                    os, "memfd_create") else os.open(workdir, os.O_TMPFILE | os.O_RDWR, 0o600)
                os.write(notebook_fd, data)
                os.lseek(notebook_fd, 0, os.SEEK_SET)
            workdir.chmod(0o700)
            return self._run(workdir, name, request, uid, notebook_fd)
        finally:
            if notebook_fd is not None:
                os.close(notebook_fd)
            self._give_slot(slot)
            shutil.rmtree(workdir, ignore_errors=True)

    def _run(self, workdir, name, request, uid, notebook_fd):
        cmd, env, cwd = self._command(workdir, name, uid, notebook_fd)
        read_fd, write_fd = os.pipe()
        log_path = workdir.parent / f"{workdir.name}.log"
        result = RunResult(isolation=self.isolation)
        lim = self.limits
        cgroup = None
        if self.use_cgroups:
            cgroup = _Cgroup.create(
                f"mlopskit-{os.getpid()}-{uid}-{time.monotonic_ns()}",
                memory_bytes=lim.memory_bytes + 2 * lim.tmp_bytes + lim.disk_bytes,
                processes=lim.processes)
        result.confinement = "cgroup" if cgroup is not None else "rlimits"
        start = time.perf_counter()
        keep = (write_fd,) + ((notebook_fd,) if notebook_fd is not None else ())
        try:
            with open(log_path, "wb") as log:
                proc = subprocess.Popen(
                    cmd, stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT,
                    pass_fds=keep, env=env, cwd=cwd, preexec_fn=self._limits(cgroup))
            os.close(write_fd)
            reader = _CappedReader(read_fd, MAX_RESULTS_BYTES)
            reader.start()
            try:
                proc.stdin.write(json.dumps({**request, "results_fd": write_fd,
                                             "cell_timeout": lim.cell_seconds,
                                             "case_timeout": lim.case_seconds}).encode())
                proc.stdin.close()
            except BrokenPipeError:
                pass
            try:
                self._watch(lambda: _waited(proc, 0.2), reader, result, start)
            finally:
                if cgroup is not None:
                    cgroup.kill_all()
                _kill_group(proc)
            reader.join(timeout=10)
        finally:
            if cgroup is not None:
                result.peak_memory = cgroup.peak_memory()
                cgroup.remove()
        result.returncode = proc.returncode
        return _finished(result, reader, log_path, start)

    def _template(self, slot):
        """The slot's template, started (again) if it is not running."""
        template = self._templates.get(slot)
        if template is not None and template.alive():
            return template
        if template is not None:
            template.stop()
        template = _Template(self, slot)
        with self._slot_lock:
            self._templates[slot] = template
        return template

    def _drop_template(self, slot, template):
        template.stop()
        with self._slot_lock:
            if self._templates.get(slot) is template:
                del self._templates[slot]

    def _run_templated(self, slot, data, request):
        """One run in a child forked by the slot's template (see :mod:`autograder.template`)."""
        lim = self.limits
        template = self._template(slot)
        notebook_fd = os.memfd_create("submission", 0)
        read_fd, write_fd = os.pipe()
        request_r, request_w = os.pipe()
        log_fd, log_name = tempfile.mkstemp(prefix="mlopskit-sub-", suffix=".log")
        log_path = Path(log_name)
        start = time.perf_counter()
        try:
            os.write(notebook_fd, data)
            os.lseek(notebook_fd, 0, os.SEEK_SET)
            sent = template.send([notebook_fd, write_fd, request_r, log_fd])
            if not sent:  # the template ended since it was last used: one more try
                self._drop_template(slot, template)
                template = self._template(slot)
                sent = template.send([notebook_fd, write_fd, request_r, log_fd])
            if not sent:
                raise SandboxError("the grading template stopped answering")
        finally:
            for fd in (notebook_fd, write_fd, request_r, log_fd):
                os.close(fd)
        result = RunResult(isolation=self.isolation, confinement=template.confinement)
        reader = _CappedReader(read_fd, MAX_RESULTS_BYTES)
        reader.start()
        payload = json.dumps({**request, "results_fd": 3, "cell_timeout": lim.cell_seconds,
                              "case_timeout": lim.case_seconds}).encode()
        writer = threading.Thread(target=_write_all, args=(request_w, payload), daemon=True)
        writer.start()
        reply = {}
        after_done = []

        def ended():
            got = template.finished(0.2)
            if got is not None:
                reply.update(got)
                return True
            if not reader.is_alive():  # the child and all it started have ended
                if not template.alive():
                    return True
                after_done.append(time.perf_counter())
                return after_done[-1] - after_done[0] > lim.grace_seconds + 5
            return False

        try:
            self._watch(ended, reader, result, start)
        finally:
            if reply.get("type") != "finished":
                # stopped from outside, or the template died or hung: the next
                # submission gets a new one
                self._drop_template(slot, template)
            reader.join(timeout=10)
            if reader.is_alive():  # something still holds the results pipe
                self._drop_template(slot, template)
                reader.join(timeout=10)
            writer.join(timeout=1)
        status = reply.get("status")
        if isinstance(status, int):
            result.returncode = os.waitstatus_to_exitcode(status)
        else:
            result.returncode = template.proc.poll() if template.proc.poll() is not None \
                else -signal.SIGKILL
        result.peak_memory = int(reply.get("peak_memory") or 0)
        return _finished(result, reader, log_path, start)

    def _watch(self, ended, reader, result, start):
        """Wait for the worker; stop it from outside when a case or cell outlives its limit.

        The limits are enforced here, out of the notebook's reach, from the markers the
        worker writes before each cell and case; the worker's own alarm comes first.
        """
        lim = self.limits
        while True:
            if ended():
                return
            now = time.perf_counter()
            if now - start > lim.wall_seconds:
                result.timed_out = True
                return
            kind, key, since = reader.pending()
            if kind == "case" and now - since > lim.case_seconds + lim.grace_seconds:
                result.killed_case = key
                return
            if kind == "cell" and now - since > lim.cell_seconds + lim.grace_seconds:
                result.killed_cell = True
                result.timed_out = True
                return


class _NoTemplate(RuntimeError):
    """A template could not be used on this machine; runs start their own Python."""


class _Template:
    """One slot's template process, in its own sandbox, and its control socket."""

    def __init__(self, sandbox, slot):
        lim = sandbox.limits
        self.uid = 61000 + slot
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock, self._buffer, self._closed = ours, b"", False
        program = ["/grader/_grading_template.py", str(theirs.fileno()),
                   json.dumps(sandbox._preload)]
        cmd, env, cwd = sandbox._command(None, None, self.uid, program=program)
        self.cgroup = None
        if sandbox.use_cgroups:
            self.cgroup = _Cgroup.create(
                f"mlopskit-{os.getpid()}-{self.uid}-{time.monotonic_ns()}",
                memory_bytes=lim.memory_bytes + 2 * lim.tmp_bytes + lim.disk_bytes
                + TEMPLATE_BYTES, processes=lim.processes)
        self.confinement = "cgroup" if self.cgroup is not None else "rlimits"
        self.log = tempfile.TemporaryFile(prefix="mlopskit-template-")
        try:
            self.proc = subprocess.Popen(
                cmd, stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT,
                pass_fds=(theirs.fileno(),), env=env, cwd=cwd,
                preexec_fn=sandbox._limits(self.cgroup))
        except OSError as exc:  # bubblewrap or Python cannot be executed: the machine's
            self.stop()
            raise SandboxError(f"the grading template could not be started: {exc}") from exc
        finally:
            theirs.close()
        ready = self._line(TEMPLATE_START_SECONDS)
        if ready is None or ready.get("type") != "ready":
            tail = self._log_tail()
            self.stop()
            raise SandboxError("the grading template did not start"
                               + (f": {tail[-1][:300]}" if tail else ""))
        threads = ready.get("threads")
        if not isinstance(threads, list) or len(threads) != 1:
            self.stop()
            raise _NoTemplate(f"the template process had threads after its imports "
                              f"({threads}), and a process with threads cannot be forked "
                              "safely: each submission starts its own Python")

    def _log_tail(self):
        try:
            self.log.seek(0)
            return self.log.read()[-2000:].decode("utf-8", "replace").strip().splitlines()
        except (OSError, ValueError):
            return []

    def _line(self, timeout):
        """The next JSON line from the template, or None at end of stream or timeout."""
        deadline = time.perf_counter() + timeout
        while b"\n" not in self._buffer:
            left = deadline - time.perf_counter()
            if left <= 0:
                return None
            try:
                ready, _, _ = select.select([self.sock], [], [], left)
            except (OSError, ValueError):
                return None
            if not ready:
                return None
            try:
                chunk = self.sock.recv(65536)
            except OSError:
                return None
            if not chunk:
                self._closed = True
                return None
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        try:
            message = json.loads(line)
        except ValueError:
            return None
        return message if isinstance(message, dict) else None

    def alive(self):
        return self.proc.poll() is None

    def send(self, fds):
        """Ask for one run with ``fds``; False when the template is gone."""
        if not self.alive():
            return False
        try:
            socket.send_fds(self.sock, [b"run"], fds)
        except OSError:
            return False
        return True

    def finished(self, timeout):
        """The template's report on the current run, or None while it runs."""
        if self._closed:
            time.sleep(timeout)
            return None
        message = self._line(timeout)
        if message is not None and message.get("type") == "finished":
            return message
        return None

    def stop(self):
        if self.cgroup is not None:
            self.cgroup.kill_all()
        if hasattr(self, "proc"):
            _kill_group(self.proc)
        if self.cgroup is not None:
            self.cgroup.remove()
            self.cgroup = None
        self.sock.close()
        self.log.close()


def _write_all(fd, payload):
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
    except (BrokenPipeError, OSError):
        pass


def _waited(proc, timeout):
    try:
        proc.wait(timeout=timeout)
        return True
    except subprocess.TimeoutExpired:
        return False


def _finished(result, reader, log_path, start):
    """Fill ``result`` from the results channel and the run's log (then removed)."""
    result.seconds = time.perf_counter() - start
    result.truncated = reader.truncated
    result.messages = reader.messages()
    try:
        with open(log_path, "rb") as fh:
            fh.seek(max(0, log_path.stat().st_size - 2000))
            result.log_tail = fh.read().decode("utf-8", "replace")
    finally:
        log_path.unlink(missing_ok=True)
    _check_started(result)
    return result


def _check_started(result):
    started = any(m.get("type") == "started" for m in result.messages)
    if not started and not result.timed_out and result.returncode != 0:
        # The worker writes "started" before it reads the notebook: without it, the
        # sandbox or the Python installation failed, not the student's code.
        tail = result.log_tail.strip().splitlines()
        raise SandboxError(f"the sandbox did not start (exit code {result.returncode})"
                           + (f": {tail[-1][:300]}" if tail else ""))


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
    """Reads the results channel, keeping at most ``cap`` bytes.

    Lines are parsed as they come, so that the grader knows which case or cell runs
    (:meth:`pending`). Any line that is not a JSON object with a string ``type`` (deeply
    nested, malformed, of the wrong kind) is dropped.
    """

    def __init__(self, fd, cap):
        super().__init__(daemon=True)
        self.fd, self.cap = fd, cap
        self.size, self.truncated = 0, False
        self._messages, self._partial = [], b""
        self._lock = threading.Lock()
        self._pending = (None, None, 0.0)

    def run(self):
        with os.fdopen(self.fd, "rb") as fh:
            while True:
                chunk = fh.read1(65536)
                if not chunk:
                    self._line(self._partial)
                    return
                if self.size + len(chunk) > self.cap:
                    self.truncated = True
                    continue  # drain without keeping, so the writer never blocks
                self.size += len(chunk)
                lines = (self._partial + chunk).split(b"\n")
                self._partial = lines.pop()
                for line in lines:
                    self._line(line)

    def _line(self, line):
        if not line.strip():
            return
        try:
            message = json.loads(line)
        except (ValueError, RecursionError):
            return
        if not (isinstance(message, dict) and isinstance(message.get("type"), str)):
            return
        now = time.perf_counter()
        with self._lock:
            self._messages.append(message)
            kind = message["type"]
            if kind == "begin" and isinstance(message.get("task"), str) \
                    and isinstance(message.get("case"), int):
                self._pending = ("case", (message["task"], message["case"]), now)
            elif kind == "cell":
                self._pending = ("cell", message.get("index"), now)
            elif kind in ("task", "executed", "done"):
                self._pending = (None, None, now)

    def pending(self):
        """``(kind, key, since)``: the case or cell the worker is running, if any."""
        with self._lock:
            return self._pending

    def messages(self):
        with self._lock:
            return list(self._messages)
