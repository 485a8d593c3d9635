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
           "read_submission", "messages", "submission_language", "WORKER_STATUSES"]

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
                "limit": self.limit, "total": self.total, "max_total": self.max_total}

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
                   None if limit is None else str(limit))


_SAFE = re.compile(r"^[A-Za-z0-9_.@+-]{1,100}$")


def discover(root, *, assignment=None):
    """Submissions laid out as ``<root>/<student>/<assignment>/<notebook>.ipynb``.

    ``root`` may also be an nbgrader course folder holding ``submitted/``.
    """
    root = Path(root)
    if (root / "submitted").is_dir():
        root = root / "submitted"
    if not root.is_dir():
        raise FileNotFoundError(f"no submissions folder at {root}")
    found = []
    for student_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        for assignment_dir in sorted(p for p in student_dir.iterdir() if p.is_dir()):
            if assignment and assignment_dir.name != assignment:
                continue
            if not _SAFE.match(student_dir.name) or not _SAFE.match(assignment_dir.name):
                raise ValueError(f"unsafe folder name in {assignment_dir}")
            notebooks = sorted(assignment_dir.glob("*.ipynb"))
            preferred = [p for p in notebooks if p.stem == assignment_dir.name]
            if preferred or notebooks:
                found.append(Submission(student_dir.name, assignment_dir.name,
                                        (preferred or notebooks)[0]))
    return found


def hidden_seed(secret, course, student, task):
    """The seed of a (course, student, task)'s hidden cases: stable, and secret."""
    message = f"{course}\x1f{student}\x1f{task}".encode()
    return int.from_bytes(hmac.new(secret, message, hashlib.sha256).digest()[:8], "big")


def messages(kind, **values):
    """Learner-facing messages of grading outcomes that are not about a value."""
    texts = {
        "invalid": ("O arquivo enviado não é um notebook Jupyter válido ({why}); nada pôde "
                    "ser executado.",
                    "The submitted file is not a valid Jupyter notebook ({why}); nothing could "
                    "be run."),
        "invalid_note": ("notebook inválido", "invalid notebook"),
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
        "locked": ("Células de teste bloqueadas foram editadas; elas foram ignoradas e as "
                   "tarefas foram avaliadas pelos testes do professor.",
                   "Locked test cells were edited; they were ignored and the tasks were graded "
                   "by the instructor's tests."),
    }
    pt, en = texts[kind]
    return bilingual(pt.format(**values.get("pt", values)), en.format(**values.get("en", values)))


def read_submission(path):
    """Load a submitted notebook; returns ``(notebook_dict, None)`` or ``(None, why)``."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_NOTEBOOK_BYTES:
            return None, f"larger than {MAX_NOTEBOOK_BYTES // 1024**2} MB"
        nb = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return None, "not UTF-8 text"
    except ValueError as exc:
        return None, f"not JSON: {str(exc)[:80]}"
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        return None, "no list of cells"
    return nb, None


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
        meta = cell.metadata.get("nbgrader", {})
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


def _observe(spec, case_message):
    """One case's ``(CaseStatus, data)`` as :func:`~mlopskit.checks.evaluate` takes it."""
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
    if nb is None:
        return SubmissionResult(sub.student, sub.assignment, submission_language(None, sub.path),
                                _fail_all(specs, Outcome.ERROR, messages("invalid", why=why)),
                                sandbox.isolation, notes=[messages("invalid_note")])
    lang = submission_language(nb, sub.path)
    notes = []
    if _edited_locked_cells(nb):
        notes.append(messages("locked"))
    plans = []
    for spec in specs:
        rng = np.random.default_rng(hidden_seed(secret, course, sub.student, spec.task))
        cases = spec.cases(rng=rng)
        plans.append((spec, cases))
    request = {"tasks": [{"task": s.task, "entry": s.entry, "protocol": dict(s.protocol),
                          "cases": [c.inputs for c in cases]} for s, cases in plans]}
    run = sandbox.run(sub.path, request)
    by_task = _task_messages(run.messages)
    failed = _failed_cells(run.messages)
    limit = None
    if run.timed_out:
        limit = "wall-clock time"
    elif not any(m.get("type") == "done" for m in run.messages):
        limit = _why_ended(run)
    tasks = []
    for spec, cases in plans:
        try:
            tasks.append(_decide(spec, cases, by_task.get(spec.task), run=run, limit=limit,
                                 failed=failed))
        except _BadResults as exc:
            tasks.append(TaskResult(spec.task, Outcome.ERROR, 0.0, float(spec.points),
                                    messages("bad_results", why=str(exc))))
    return SubmissionResult(sub.student, sub.assignment, lang, tasks, run.isolation,
                            round(run.seconds, 3), notes, limit)


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
    observed = [_observe(spec, m) for m in raw]
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
                    fingerprints=fingerprints(spec, cases))


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
