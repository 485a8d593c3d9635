"""The trusted side of grading: cases in, outputs back as data, scores decided here.

For each submission: read the notebook (a broken file is an outcome, not a crash), draw
hidden cases from a seed per (course, student, task), run the worker in the sandbox, turn
its outputs back into objects and through each task's encoder, and compare them with the
reference run here, outside the sandbox, with the same specs as the self-check.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from mlopskit._protocol import WireError, from_wire
from mlopskit.checks import (
    LESSONS,
    OutputError,
    TaskResult,
    evaluate,
    expected_outputs,
    fingerprints,
    specs_for_lesson,
)
from mlopskit.languages import DEFAULT, bilingual, language_of_notebook, language_of_path
from mlopskit.outcomes import CaseStatus, Outcome

__all__ = ["Submission", "SubmissionResult", "discover", "hidden_seed", "grade_submission",
           "read_submission", "read_regular", "parse_notebook", "code_digest",
           "forbidden_imports", "failed_submission", "InvalidSubmission", "messages",
           "submission_language", "WORKER_STATUSES"]

MAX_NOTEBOOK_BYTES = 20 * 1024**2

#: The case statuses a worker may send; the others are decided on this side.
WORKER_STATUSES = frozenset({CaseStatus.OK, CaseStatus.RAISED, CaseStatus.BAD_OUTPUT,
                             CaseStatus.NOT_ATTEMPTED, CaseStatus.TIMEOUT})


@dataclass(frozen=True)
class Submission:
    """One student's notebook for one assignment."""

    student: str
    assignment: str
    path: Path
    #: Other notebooks found next to the graded one (not graded).
    others: tuple = ()


@dataclass
class SubmissionResult:
    """Everything graded about one submission.

    Attributes
    ----------
    student, assignment : str
    lang : str
        The submission's language (``"pt"`` or ``"en"``): its feedback is written in it.
    tasks : list of TaskResult
        One per graded task of the assignment, in the notebook's order.
    isolation : str
        ``"bubblewrap"``, ``"bubblewrap-no-process-limit"`` or ``"limits-only"``.
    seconds : float
        Wall-clock time of the sandboxed run.
    notes : list of dict
        Bilingual notes for the learner (``{"pt": ..., "en": ...}``), e.g. edited locked
        cells.
    limit : str or None
        The limit the run hit (``"wall-clock time"``, ``"exit code 3"``...), if any.
    confinement : str
        What held memory and processes: ``"cgroup"`` (a control group per sandbox) or
        ``"rlimits"`` (per-process limits only); empty when nothing ran.
    peak_memory : int
        Peak memory of the sandboxed run in bytes, where a control group measured it.

    It becomes JSON only where it is kept (:meth:`to_dict`) and is read back with
    :meth:`from_dict`.
    """

    student: str
    assignment: str
    lang: str
    tasks: list[TaskResult]
    isolation: str
    seconds: float = 0.0
    notes: list[dict[str, str]] = field(default_factory=list)
    limit: str | None = None
    confinement: str = ""
    peak_memory: int = 0

    @property
    def total(self) -> float:
        return sum(t.points for t in self.tasks)

    @property
    def max_total(self) -> float:
        return sum(t.max_points for t in self.tasks)

    def to_dict(self):
        """Plain JSON-ready data (outcomes and statuses as their string values)."""
        return {"student": self.student, "assignment": self.assignment, "lang": self.lang,
                "tasks": [t.to_dict() for t in self.tasks], "isolation": self.isolation,
                "seconds": self.seconds, "notes": [dict(n) for n in self.notes],
                "limit": self.limit, "confinement": self.confinement,
                "peak_memory": self.peak_memory, "total": self.total,
                "max_total": self.max_total}

    @classmethod
    def from_dict(cls, data):
        """Read back what :meth:`to_dict` wrote (``total`` and ``max_total`` are derived).

        Raises KeyError, TypeError or ValueError when ``data`` is not such a result.
        """
        notes = [n if isinstance(n, dict) else bilingual(str(n), str(n))
                 for n in data.get("notes", [])]
        limit = data.get("limit")
        return cls(str(data["student"]), str(data["assignment"]), str(data["lang"]),
                   [TaskResult.from_dict(t) for t in data["tasks"]], str(data["isolation"]),
                   float(data.get("seconds", 0.0)), notes,
                   None if limit is None else str(limit), str(data.get("confinement", "")),
                   int(data.get("peak_memory", 0)))


#: Folder names taken as student or assignment ids: letters of any script, digits, spaces
#: and ``_.@+-``; not starting with a dot; at most 100 characters.
_SAFE = re.compile(r"^(?!\.)[\w .@+-]{1,100}$")


def _lstat(path):
    try:
        return os.lstat(path)
    except OSError:
        return None


def _is_dir_entry(path):
    """A real directory (never a link to one)."""
    st = _lstat(path)
    return st is not None and stat.S_ISDIR(st.st_mode)


def discover(root, *, assignment=None, warnings=None):
    """Submissions laid out as ``<root>/<student>/<assignment>/<notebook>.ipynb``.

    ``root`` may also be an nbgrader course folder holding ``submitted/``. Nothing is
    followed through a symbolic link. Whatever cannot be a submission (a stray file, a
    folder of an unknown assignment, an unusable folder name, a linked folder) is skipped,
    and a sentence saying so is appended to ``warnings`` (a list) when one is given.

    When an assignment folder holds several notebooks, the newest (by modification
    time, then by name) is graded; the others are listed in :attr:`Submission.others`.
    A notebook that is a link, a folder or a pipe is still chosen: grading it is that
    submission's outcome ("invalid submission"), not a crash.
    """
    root = Path(root)
    if _is_dir_entry(root / "submitted"):
        root = root / "submitted"
    if not _is_dir_entry(root):
        raise FileNotFoundError(f"no submissions folder at {root}")
    warn = warnings.append if warnings is not None else (lambda text: None)
    found = []
    for student_dir in sorted(root.iterdir()):
        if student_dir.name.startswith("."):
            continue  # hidden folders (.ipynb_checkpoints, .git): never submissions
        if not _is_dir_entry(student_dir):
            if student_dir.is_symlink():
                warn(f"skipped {student_dir.name!r}: a symbolic link, not followed")
            elif not student_dir.name.startswith("."):
                warn(f"skipped {student_dir.name!r}: not a student folder")
            continue
        if not _SAFE.match(student_dir.name):
            warn(f"skipped student folder {student_dir.name!r}: unusable name")
            continue
        for assignment_dir in sorted(student_dir.iterdir()):
            name = assignment_dir.name
            if assignment and name != assignment:
                continue
            where = f"{student_dir.name}/{name}"
            if name not in LESSONS:
                if not name.startswith("."):
                    warn(f"skipped {where!r}: not an assignment of this course")
                continue
            if assignment_dir.is_symlink():
                found.append(Submission(student_dir.name, name, assignment_dir))
                continue
            if not _is_dir_entry(assignment_dir):
                warn(f"skipped {where!r}: not a folder")
                continue
            notebooks = [p for p in assignment_dir.iterdir() if p.name.endswith(".ipynb")
                         and not p.name.startswith(".")]
            if not notebooks:
                warn(f"skipped {where!r}: no notebook in it")
                continue
            notebooks.sort(key=lambda p: (-(_lstat(p).st_mtime_ns if _lstat(p) else 0),
                                          p.name))
            chosen, others = notebooks[0], tuple(p.name for p in notebooks[1:])
            if others:
                warn(f"{where}: {len(notebooks)} notebooks; graded the newest, "
                     f"{chosen.name!r}, ignored {', '.join(repr(o) for o in others)}")
            found.append(Submission(student_dir.name, name, chosen, others))
    return found


def hidden_seed(secret, course, student, task, code=""):
    """The seed of a (course, student, task, code)'s hidden cases: stable, and secret.

    ``code`` is a digest of the submission's code (:func:`code_digest`): grading the
    same work again draws the same cases, while changed code draws new ones, so a table
    of answers built from one grading does not answer the next.
    """
    message = f"{course}\x1f{student}\x1f{task}\x1f{code}".encode()
    return int.from_bytes(hmac.new(secret, message, hashlib.sha256).digest()[:8], "big")


def messages(kind, **values):
    """Learner-facing messages of grading outcomes that are not about a value."""
    texts = {
        "invalid": ("Entrega inválida: o arquivo enviado não é um notebook Jupyter válido "
                    "({why}); nada pôde ser executado.",
                    "Invalid submission: the submitted file is not a valid Jupyter notebook "
                    "({why}); nothing could be run."),
        "invalid_note": ("entrega inválida", "invalid submission"),
        "undefined": ("`{entry}` não está definido no notebook{cells}.",
                      "`{entry}` is not defined in the notebook{cells}."),
        "not_callable": ("`{entry}` foi redefinido e não é mais uma função ou classe.",
                         "`{entry}` was redefined and is no longer a function or class."),
        "timeout": ("Seu código passou do limite de tempo {where} (um laço infinito?).",
                    "Your code ran past the time limit {where} (an infinite loop?)."),
        "ended": ("O notebook encerrou o processo ou estourou um limite antes desta tarefa "
                  "({why}).",
                  "The notebook ended the process or hit a limit before this task ({why})."),
        "bad_output": ("Seu código devolveu um valor que não pode ser avaliado ({why}).",
                       "Your code returned a value that cannot be graded ({why})."),
        "bad_results": ("O avaliador recebeu para esta tarefa resultados que não sabe ler "
                        "({why}); o professor vai verificar.",
                        "The grader received results for this task that it cannot read "
                        "({why}); your instructor will look into it."),
        "several": ("Esta pasta de entrega tinha mais de um notebook: foi avaliado "
                    "`{graded}` (o mais recente); {others} não foi avaliado.",
                    "This hand-in folder held more than one notebook: `{graded}` (the newest) "
                    "was graded; {others} was not."),
        "grader_failed": ("O avaliador não conseguiu avaliar esta entrega ({why}); o professor "
                          "vai verificar.",
                          "The grader could not grade this submission ({why}); your instructor "
                          "will look into it."),
        "locked": ("Células de teste bloqueadas foram editadas; elas foram ignoradas e as "
                   "tarefas foram avaliadas pelos testes do professor.",
                   "Locked test cells were edited; they were ignored and the tasks were graded "
                   "by the instructor's tests."),
    }
    pt, en = texts[kind]
    return bilingual(pt.format(**values.get("pt", values)), en.format(**values.get("en", values)))


class InvalidSubmission(ValueError):
    """A submitted path that is not a readable notebook file (its outcome, not a crash)."""


def read_regular(path, *, cap=MAX_NOTEBOOK_BYTES):
    """The bytes of ``path`` if it is a regular file of at most ``cap`` bytes.

    The file is opened without following a symbolic link (``O_NOFOLLOW``) and without
    blocking (a pipe in its place would otherwise hang the grader), then checked to be a
    regular file before a byte is read. Raises :class:`InvalidSubmission` saying why not.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(
        os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        st = _lstat(path)
        if st is not None and stat.S_ISLNK(st.st_mode):
            raise InvalidSubmission("a symbolic link, which is not followed") from None
        raise InvalidSubmission(f"cannot be opened: {exc.strerror or type(exc).__name__}") \
            from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = ("a folder" if stat.S_ISDIR(st.st_mode) else "a pipe"
                    if stat.S_ISFIFO(st.st_mode) else "not a regular file")
            raise InvalidSubmission(kind)
        if st.st_size > cap:
            raise InvalidSubmission(f"larger than {cap // 1024**2} MB")
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            size += len(chunk)
            if size > cap:
                raise InvalidSubmission(f"larger than {cap // 1024**2} MB")
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


MAX_JSON_DEPTH = 40


def _too_deep(value, limit=MAX_JSON_DEPTH):
    """Whether a parsed JSON value nests deeper than ``limit`` (no recursion)."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return False


def parse_notebook(data):
    """A notebook dict from ``data`` (bytes); returns ``(notebook, None)`` or ``(None, why)``.

    Only the shape the grader relies on is checked: an object with a list of cells, each
    an object; metadata that is not an object is dropped, as nbgrader would not read it.
    """
    try:
        nb = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        return None, "not UTF-8 text"
    except RecursionError:
        return None, "JSON nested too deeply"
    except ValueError as exc:
        return None, f"not JSON: {str(exc)[:80]}"
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        return None, "no list of cells"
    if _too_deep(nb):
        return None, "JSON nested too deeply"
    if not all(isinstance(c, dict) for c in nb["cells"]):
        return None, "a cell is not an object"
    for node in (nb, *nb["cells"]):
        if not isinstance(node.get("metadata", {}), dict):
            node["metadata"] = {}
        meta = node.get("metadata", {})
        for key in ("nbgrader", "mlopskit"):
            if key in meta and not isinstance(meta[key], dict):
                del meta[key]
    return nb, None


def read_submission(path):
    """Load a submitted notebook; returns ``(notebook_dict, None)`` or ``(None, why)``."""
    try:
        data = read_regular(path)
    except InvalidSubmission as exc:
        return None, str(exc)
    return parse_notebook(data)


def _runs_in_worker(cell):
    """Whether the worker runs this cell (a code cell, not a test, not an example)."""
    meta = cell.get("metadata", {})
    grading = meta.get("nbgrader", {})
    tags = meta.get("tags", [])
    return (cell.get("cell_type") == "code"
            and not (grading.get("grade") and not grading.get("solution"))
            and not (isinstance(tags, list) and "example" in tags))


def code_digest(nb):
    """A digest of the code the worker runs for notebook ``nb`` (whitespace-insensitive)."""
    digest = hashlib.sha256()
    for cell in nb.get("cells", []):
        if _runs_in_worker(cell):
            source = cell.get("source", "")
            source = "".join(map(str, source)) if isinstance(source, list) else str(source)
            digest.update(" ".join(source.split()).encode("utf-8", "replace") + b"\x1e")
    return digest.hexdigest()


def _edited_locked_cells(nb):
    from nbgrader.utils import compute_checksum

    import nbformat

    edited = []
    try:
        # reads() joins sources stored as lists of lines, as nbgrader's checksums expect
        node = nbformat.reads(json.dumps(nb), as_version=4)
    except Exception:  # an odd notebook: nothing to compare
        return edited
    for cell in node.cells:
        meta = cell.get("metadata", {})
        meta = meta.get("nbgrader", {}) if isinstance(meta, dict) else {}
        if not isinstance(meta, dict):
            continue
        if meta.get("locked") and meta.get("checksum"):
            try:
                if compute_checksum(cell) != meta["checksum"]:
                    edited.append(meta.get("grade_id"))
            except Exception:
                edited.append(meta.get("grade_id"))
    return edited


def submission_language(nb, path):
    """A submission's language: its notebook's metadata, else its folder path, else English.

    >>> submission_language({"metadata": {"mlopskit": {"lang": "pt"}}}, "s/en/x.ipynb")
    'pt'
    >>> submission_language(None, "submitted/ana/en/02_drift.ipynb")
    'en'
    """
    return language_of_notebook(nb or {}) or language_of_path(path) or DEFAULT


def _fail_all(specs, outcome, message):
    return [TaskResult(s.task, outcome, 0.0, float(s.points), message) for s in specs]


class _BadResults(ValueError):
    """A task's results from the worker are not what a worker sends."""


def _case_status(case_message):
    """The CaseStatus a worker sent for one case; raises _BadResults for anything else."""
    if not isinstance(case_message, dict):
        raise _BadResults(f"a case is a {type(case_message).__name__}, not an object")
    value = case_message.get("status")
    try:
        status = CaseStatus(value)
    except (ValueError, TypeError):
        status = None
    if status not in WORKER_STATUSES:
        raise _BadResults(f"unknown case status {str(value)[:40]!r}")
    return status


def _observe(spec, case_message, case=None):
    """One case's ``(CaseStatus, data)`` as :func:`~mlopskit.checks.evaluate` takes it.

    On a hidden case, an exception's text is reduced to the exception's name: its message
    may hold the hidden inputs.
    """
    status = _case_status(case_message)
    if status is CaseStatus.OK:
        if "value" not in case_message:
            raise _BadResults("a case has no value")
        try:
            return status, spec.encode(from_wire(case_message["value"]))
        except OutputError as exc:
            return CaseStatus.BAD_OUTPUT, exc.message
        except WireError as exc:
            return CaseStatus.BAD_OUTPUT, messages("bad_output", why=str(exc)[:120])
        except Exception as exc:  # an encoder meeting a value it does not expect
            return CaseStatus.BAD_OUTPUT, messages("bad_output", why=type(exc).__name__)
    if status in (CaseStatus.RAISED, CaseStatus.BAD_OUTPUT):
        detail = case_message.get("detail")
        if not isinstance(detail, str):
            raise _BadResults(f"a case with status {status.value!r} has no text detail")
        if status is CaseStatus.RAISED:
            if case is not None and case.hidden:
                name = detail.split(":", 1)[0].strip()
                return status, name if name.isidentifier() else "Exception"
            return status, detail[:300]
        return status, messages("bad_output", why=detail[:120])
    return status, None


def _task_messages(run_messages):
    """The last results line of each task (the worker writes its own after the student's)."""
    return {m["task"]: m for m in run_messages
            if m.get("type") == "task" and isinstance(m.get("task"), str)}


def _failed_cells(run_messages):
    """Names of the exceptions raised by the notebook's cells, as the worker reported them."""
    executed = next((m for m in run_messages if m.get("type") == "executed"), {})
    errors = executed.get("cell_errors")
    if not isinstance(errors, list):
        return []
    return [str(e["error"])[:60] for e in errors if isinstance(e, dict) and e.get("error")]


def _why_ended(run):
    if run.truncated:
        return "too much data on the results channel"
    code = run.returncode
    if code is not None and code < 0:
        name = {9: "killed: memory, CPU or process limit", 24: "CPU time limit",
                25: "file size limit"}.get(-code, f"signal {-code}")
        return name
    return f"exit code {code}"


def grade_submission(sub, *, sandbox, secret, course="mlopskit"):
    """Grade one submission; never raises for anything the student did.

    Whatever comes back from the sandbox is checked before it is read: a results line
    the worker would not write (an unknown case status, a field of the wrong type) makes
    that task's outcome :attr:`Outcome.ERROR`, and grading goes on.
    """
    if sub.assignment not in LESSONS:
        raise ValueError(f"unknown assignment {sub.assignment!r}; known: {sorted(LESSONS)}")
    specs = specs_for_lesson(sub.assignment)
    nb, why = read_submission(sub.path)
    notes = []
    if sub.others:
        notes.append(messages("several", graded=sub.path.name, others=", ".join(sub.others)))
    if nb is None:
        return SubmissionResult(sub.student, sub.assignment, submission_language(None, sub.path),
                                _fail_all(specs, Outcome.ERROR, messages("invalid", why=why)),
                                sandbox.isolation, notes=[messages("invalid_note"), *notes])
    lang = submission_language(nb, sub.path)
    if _edited_locked_cells(nb):
        notes.append(messages("locked"))
    digest = code_digest(nb)
    plans = []
    for spec in specs:
        rng = np.random.default_rng(hidden_seed(secret, course, sub.student, spec.task, digest))
        cases = spec.cases(rng=rng)
        plans.append((spec, cases))
    statically_forbidden = forbidden_imports(nb, specs)
    by_task, killed, runs = {}, {}, []
    todo = [(s, c) for s, c in plans]
    while todo:
        request = {"tasks": [{"task": s.task, "entry": s.entry, "protocol": dict(s.protocol),
                              "forbidden": list(s.forbidden),
                              "cases": [c.inputs for c in cases]} for s, cases in todo]}
        run = sandbox.run(sub.path, request)
        runs.append(run)
        by_task.update({k: v for k, v in _task_messages(run.messages).items()
                        if k in {s.task for s, _ in todo}})
        stuck = run.killed_case
        if stuck is None or stuck[0] not in {s.task for s, _ in todo}:
            break
        # A case ran past its limit with the worker's own alarm disarmed: the whole run was
        # stopped from outside; that task times out and the tasks after it run again.
        killed[stuck[0]] = stuck[1]
        done = set(by_task) | set(killed)
        todo = [(s, c) for s, c in todo if s.task not in done]
    run = runs[-1]
    first = runs[0]
    failed = _failed_cells(first.messages)
    limit = None
    if any(r.timed_out for r in runs):
        limit = "wall-clock time"
    elif killed:
        limit = "case time limit (enforced by the grader)"
    elif not any(m.get("type") == "done" for m in run.messages):
        limit = _why_ended(run)
    tasks = []
    for spec, cases in plans:
        try:
            if spec.task in killed:
                tasks.append(_killed_task(spec, cases, killed[spec.task]))
            elif spec.task in statically_forbidden:
                tasks.append(_forbidden_task(spec, statically_forbidden[spec.task]))
            else:
                tasks.append(_decide(spec, cases, by_task.get(spec.task), run=run,
                                     limit=limit, failed=failed))
        except _BadResults as exc:
            tasks.append(TaskResult(spec.task, Outcome.ERROR, 0.0, float(spec.points),
                                    messages("bad_results", why=str(exc))))
        except Exception as exc:  # anything else the results made the checks meet
            tasks.append(TaskResult(spec.task, Outcome.ERROR, 0.0, float(spec.points),
                                    messages("bad_results", why=type(exc).__name__)))
    return SubmissionResult(sub.student, sub.assignment, lang, tasks, run.isolation,
                            round(sum(r.seconds for r in runs), 3), notes, limit,
                            run.confinement, max(r.peak_memory for r in runs))


def failed_submission(sub, exc, *, isolation):
    """The result of a submission whose grading raised ``exc``: an error on every task."""
    try:
        specs = specs_for_lesson(sub.assignment)
    except Exception:
        specs = []
    why = type(exc).__name__
    return SubmissionResult(sub.student, sub.assignment, submission_language(None, sub.path),
                            _fail_all(specs, Outcome.ERROR, messages("grader_failed", why=why)),
                            isolation, notes=[messages("grader_failed", why=why)],
                            limit=f"grading failed: {why}")


def _where(case):
    return {"pt": {"where": "num caso oculto" if case.hidden else f"no caso `{case.name}`"},
            "en": {"where": "on a hidden case" if case.hidden else f"on case `{case.name}`"}}


def _killed_task(spec, cases, index):
    case = cases[index] if isinstance(index, int) and 0 <= index < len(cases) else cases[0]
    return TaskResult(spec.task, Outcome.TIMEOUT, 0.0, float(spec.points),
                      messages("timeout", **_where(case)))


def _forbidden_task(spec, name):
    from mlopskit.checks import _messages

    return TaskResult(spec.task, Outcome.FORBIDDEN, 0.0, float(spec.points),
                      _messages.forbidden(name))


def _imported_names(source):
    import ast

    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError):
        return []
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
            names += [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id == "__import__" and node.args \
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            names.append(node.args[0].value)
    return names


def forbidden_imports(nb, specs):
    """Map task -> the forbidden module its learner's code imports (solution cells only).

    A task's :attr:`~mlopskit.checks.TaskSpec.forbidden` names modules (or module
    attributes) the lesson asks learners not to use for it; an import of one, or of
    anything inside it, in a cell the learner writes (an nbgrader solution cell) counts.
    The worker also watches calls while the task's cases run.
    """
    imported = []
    for cell in nb.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") == "code" and meta.get("solution"):
            source = cell.get("source", "")
            source = "".join(map(str, source)) if isinstance(source, list) else str(source)
            imported += _imported_names(source)
    found = {}
    for spec in specs:
        for name in spec.forbidden:
            if any(i == name or i.startswith(name + ".") for i in imported):
                found[spec.task] = name
                break
    return found


def _decide(spec, cases, message, *, run, limit, failed):
    """One task's TaskResult from its results line (``None`` when none came back)."""
    max_points = float(spec.points)
    if message is None or (message.get("cases") is None and message.get("missing") is None):
        if run.timed_out:
            text = messages("timeout", pt={"where": "ao rodar o notebook"},
                            en={"where": "while running the notebook"})
            return TaskResult(spec.task, Outcome.TIMEOUT, 0.0, max_points, text)
        text = messages("ended", why=limit or "no result")
        return TaskResult(spec.task, Outcome.ERROR, 0.0, max_points, text)
    missing = message.get("missing")
    if missing is not None:
        if missing not in ("undefined", "not_callable"):
            raise _BadResults(f"unknown reason {str(missing)[:40]!r} for a missing entry point")
        cells = (bilingual(f" (células com erro: {', '.join(failed[:3])})",
                           f" (cells that failed: {', '.join(failed[:3])})") if failed
                 else bilingual("", ""))
        text = messages(missing, pt={"entry": spec.entry, "cells": cells["pt"]},
                        en={"entry": spec.entry, "cells": cells["en"]})
        return TaskResult(spec.task, Outcome.ERROR, 0.0, max_points, text)
    raw = message["cases"]
    if not isinstance(raw, list):
        raise _BadResults(f"the cases are a {type(raw).__name__}, not a list")
    if len(raw) != len(cases):
        text = messages("ended", why="incomplete results")
        return TaskResult(spec.task, Outcome.ERROR, 0.0, max_points, text)
    flagged = message.get("forbidden")
    if flagged is not None:
        if not isinstance(flagged, str) or flagged not in (*spec.forbidden, "profiler"):
            raise _BadResults("an unknown forbidden module")
        return _forbidden_task(spec, spec.forbidden[0] if flagged == "profiler" else flagged)
    observed = [_observe(spec, m, c) for m, c in zip(raw, cases)]
    timed = [c for c, (status, _) in zip(cases, observed) if status is CaseStatus.TIMEOUT]
    if timed and not any(status is CaseStatus.NOT_ATTEMPTED for status, _ in observed):
        where = timed[0]
        text = messages("timeout",
                        pt={"where": "num caso oculto" if where.hidden
                            else f"no caso `{where.name}`"},
                        en={"where": "on a hidden case" if where.hidden
                            else f"on case `{where.name}`"})
        return TaskResult(spec.task, Outcome.TIMEOUT, 0.0, max_points, text)
    observed = [(CaseStatus.RAISED, "TimeoutError") if s is CaseStatus.TIMEOUT else (s, d)
                for s, d in observed]
    expected = expected_outputs(spec, spec.load_reference(), cases)
    return evaluate(spec, observed, expected, cases=cases,
                    fingerprints=lambda: fingerprints(spec, cases))


def load_secret(out_dir, *, env="MLOPSKIT_GRADING_SECRET"):
    """The course secret behind hidden seeds: from the environment, or kept in OUT."""
    if os.environ.get(env):
        return os.environ[env].encode()
    path = Path(out_dir) / ".grading-secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(os.urandom(32).hex())
    return bytes.fromhex(path.read_text().strip())
