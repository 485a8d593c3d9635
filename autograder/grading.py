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
    OutputError,
    TaskResult,
    evaluate,
    expected_outputs,
    fingerprints,
    specs_for_lesson,
)
from mlopskit.checks import LESSONS

__all__ = ["Submission", "SubmissionResult", "discover", "hidden_seed", "grade_submission",
           "read_submission", "messages"]

MAX_NOTEBOOK_BYTES = 20 * 1024**2


@dataclass(frozen=True)
class Submission:
    """One student's notebook for one assignment."""

    student: str
    assignment: str
    path: Path


@dataclass
class SubmissionResult:
    """Everything graded about one submission (JSON round-trippable)."""

    student: str
    assignment: str
    lang: str
    tasks: list
    isolation: str
    seconds: float = 0.0
    notes: list = field(default_factory=list)
    limit: str | None = None

    @property
    def total(self):
        return sum(t["points"] for t in self.tasks)

    @property
    def max_total(self):
        return sum(t["max_points"] for t in self.tasks)

    def to_dict(self):
        return {"student": self.student, "assignment": self.assignment, "lang": self.lang,
                "tasks": self.tasks, "isolation": self.isolation, "seconds": self.seconds,
                "notes": self.notes, "limit": self.limit, "total": self.total,
                "max_total": self.max_total}

    @classmethod
    def from_dict(cls, data):
        keys = ("student", "assignment", "lang", "tasks", "isolation", "seconds", "notes",
                "limit")
        return cls(**{k: data[k] for k in keys})


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
        "undefined": ("`{entry}` não está definido no notebook{cells}.",
                      "`{entry}` is not defined in the notebook{cells}."),
        "not_callable": ("`{entry}` foi redefinido e não é mais uma função ou classe.",
                         "`{entry}` was redefined and is no longer a function or class."),
        "timeout": ("Seu código passou do limite de tempo {where} (um laço infinito?).",
                    "Your code ran past the time limit {where} (an infinite loop?)."),
        "ended": ("O notebook encerrou o processo ou estourou um limite antes desta tarefa "
                  "({why}).",
                  "The notebook ended the process or hit a limit before this task ({why})."),
        "bad_wire": ("Seu código devolveu um valor que não pode ser avaliado ({why}).",
                     "Your code returned a value that cannot be graded ({why})."),
        "locked": ("Células de teste bloqueadas foram editadas; elas foram ignoradas e as "
                   "tarefas foram avaliadas pelos testes do professor.",
                   "Locked test cells were edited; they were ignored and the tasks were graded "
                   "by the instructor's tests."),
    }
    pt, en = texts[kind]
    return {"pt": pt.format(**values.get("pt", values)),
            "en": en.format(**values.get("en", values))}


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


def _language(nb):
    lang = (nb or {}).get("metadata", {}).get("mlopskit", {}).get("lang")
    return lang if lang in ("pt", "en") else "en"


def _fail_all(specs, outcome, message):
    return [TaskResult(s.task, outcome, 0.0, float(s.points), message).to_dict() for s in specs]


def _observe(spec, case_message):
    status = case_message.get("status")
    if status == "ok":
        try:
            return "ok", spec.encode(from_wire(case_message.get("value")))
        except OutputError as exc:
            return "bad_output", exc.message
        except WireError as exc:
            return "bad_output", messages("bad_wire", why=str(exc)[:120])
        except Exception as exc:  # an encoder meeting a value it does not expect
            return "bad_output", messages("bad_wire", why=type(exc).__name__)
    if status == "raised":
        return "raised", str(case_message.get("detail", ""))[:300]
    if status == "not_attempted":
        return "not_attempted", None
    if status == "bad_wire":
        return "bad_output", messages("bad_wire", why=str(case_message.get("detail"))[:120])
    return "timeout", None


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
    """Grade one submission; never raises for anything the student did."""
    if sub.assignment not in LESSONS:
        raise ValueError(f"unknown assignment {sub.assignment!r}; known: {sorted(LESSONS)}")
    specs = specs_for_lesson(sub.assignment)
    nb, why = read_submission(sub.path)
    if nb is None:
        return SubmissionResult(sub.student, sub.assignment, "en",
                                _fail_all(specs, "error", messages("invalid", why=why)),
                                sandbox.isolation, notes=["invalid notebook"])
    lang = _language(nb)
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
    by_task = {m.get("task"): m for m in run.messages if m.get("type") == "task"}
    executed = next((m for m in run.messages if m.get("type") == "executed"), {})
    cell_errors = executed.get("cell_errors", []) if isinstance(executed, dict) else []
    limit = None
    if run.timed_out:
        limit = "wall-clock time"
    elif not any(m.get("type") == "done" for m in run.messages):
        limit = _why_ended(run)
    tasks = []
    for spec, cases in plans:
        message = by_task.get(spec.task)
        max_points = float(spec.points)
        if message is None or (message.get("cases") is None and message.get("missing") is None):
            if run.timed_out:
                text = messages("timeout", pt={"where": "ao rodar o notebook"},
                                en={"where": "while running the notebook"})
                tasks.append(TaskResult(spec.task, "timeout", 0.0, max_points, text).to_dict())
            else:
                text = messages("ended", why=limit or "no result")
                tasks.append(TaskResult(spec.task, "error", 0.0, max_points, text).to_dict())
            continue
        if message.get("missing"):
            failed = [e["error"] for e in cell_errors if isinstance(e, dict)]
            cells = ({"pt": f" (células com erro: {', '.join(failed[:3])})",
                      "en": f" (cells that failed: {', '.join(failed[:3])})"} if failed
                     else {"pt": "", "en": ""})
            kind = "undefined" if message["missing"] == "undefined" else "not_callable"
            text = messages(kind, pt={"entry": spec.entry, "cells": cells["pt"]},
                            en={"entry": spec.entry, "cells": cells["en"]})
            tasks.append(TaskResult(spec.task, "error", 0.0, max_points, text).to_dict())
            continue
        raw = message.get("cases") if isinstance(message.get("cases"), list) else []
        if len(raw) != len(cases):
            text = messages("ended", why="incomplete results")
            tasks.append(TaskResult(spec.task, "error", 0.0, max_points, text).to_dict())
            continue
        observed = [_observe(spec, m if isinstance(m, dict) else {}) for m in raw]
        timed = [c for c, (status, _) in zip(cases, observed) if status == "timeout"]
        if timed and not any(status == "not_attempted" for status, _ in observed):
            where = timed[0]
            text = messages("timeout",
                            pt={"where": "num caso oculto" if where.hidden
                                else f"no caso `{where.name}`"},
                            en={"where": "on a hidden case" if where.hidden
                                else f"on case `{where.name}`"})
            tasks.append(TaskResult(spec.task, "timeout", 0.0, max_points, text).to_dict())
            continue
        observed = [("raised", "TimeoutError") if s == "timeout" else (s, d)
                    for s, d in observed]
        expected = expected_outputs(spec, spec.load_reference(), cases)
        result = evaluate(spec, observed, expected, cases=cases,
                          fingerprints=fingerprints(spec, cases))
        tasks.append(result.to_dict())
    return SubmissionResult(sub.student, sub.assignment, lang, tasks, run.isolation,
                            round(run.seconds, 3), notes, limit)


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
