"""Task 3 of lesson 01_governance: audit trail (``governance.audit_log``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.governance:AuditLog``; the notebook cells are ``audit_log-*``.
"""

from __future__ import annotations

from mlopskit.checks._core import Case, Misconception, TaskSpec
from mlopskit.checks.governance import LESSON
from mlopskit.checks.governance._common import _encode_steps
from mlopskit.checks.governance.entry_hash import _hash_not_canonical
from mlopskit.governance import AuditLog, entry_hash
from mlopskit.languages import bilingual as _about


class _AuditNotLinked(AuditLog):
    """Leaves `previous_hash` out of the hash, so the entries are not chained."""

    def _hash(self, entry):
        return super()._hash({k: v for k, v in entry.items() if k != "previous_hash"})


class _AuditNotCanonical(AuditLog):
    """Hashes plain `json.dumps` of each entry as it was built, not its canonical JSON."""

    def _copy_details(self, details):
        return dict(details)  # keeps the caller's key order, which json.dumps then hashes

    def _hash(self, entry):
        return _hash_not_canonical(entry)


class _AuditVerifyLast(AuditLog):
    """Verifies only the last entry's own hash."""

    def verify(self):
        last = len(self.entries) - 1
        if self.entries and self.entries[last]["hash"] != self._hash(self.entries[last]):
            return last
        return None


class _AuditVerifyNoLinks(AuditLog):
    """Verifies each entry's own hash but neither its index nor its link to the previous."""

    def _is_linked(self, entry, position, previous):
        return True


def _clock(n=12):
    return {"sequence": [f"2026-03-01T10:{m:02d}:00+00:00" for m in range(n)]}


def _log_steps(n, users=("ana", "bia")):
    return [{"call": "log_event",
             "args": [["model_registered", "stage_approved", "model_promoted"][i % 3],
                      users[i % len(users)], {"version": i + 1, "by": users[i % len(users)]}]}
            for i in range(n)]


def _rehashed_value():
    """The hash an attacker would write after editing entry 2 of the scenario below."""
    times = iter(_clock()["sequence"])
    log = AuditLog(clock=lambda: next(times))
    for step in _log_steps(4):
        log.log_event(*step["args"])
    log.entries[2]["user"] = "mallory"
    return entry_hash(log.entries[2])


def _audit_cases():
    verify = {"call": "verify"}
    return [
        Case("intact-chain", {"init": {"clock": _clock()}, "steps": _log_steps(3) + [verify]},
             about=_about("três eventos, nada alterado", "three events, nothing changed")),
        Case("edited-details", {"init": {"clock": _clock()}, "steps": _log_steps(4) + [
            {"set": ["entries", 1, "details"], "value": {"version": 99}}, verify]},
            about=_about("os detalhes da entrada 1 foram editados", "entry 1's details edited")),
        Case("removed-entry", {"init": {"clock": _clock()}, "steps": _log_steps(4) + [
            {"delete": ["entries", 1]}, verify]},
            about=_about("a entrada 1 foi apagada", "entry 1 was deleted")),
        Case("reordered", {"init": {"clock": _clock()}, "steps": _log_steps(4) + [
            {"swap": ["entries", 1], "with": 2}, verify]},
            about=_about("as entradas 1 e 2 trocaram de lugar", "entries 1 and 2 swapped")),
        Case("edited-and-rehashed", {"init": {"clock": _clock()}, "steps": _log_steps(4) + [
            {"set": ["entries", 2, "user"], "value": "mallory"},
            {"set": ["entries", 2, "hash"], "value": _rehashed_value()}, verify]},
            about=_about("a entrada 2 foi editada e seu hash recalculado",
                         "entry 2 edited and its own hash recomputed")),
        Case("edited-last", {"init": {"clock": _clock()}, "steps": _log_steps(4) + [
            {"set": ["entries", 3, "event_type"], "value": "model_deleted"}, verify]},
            about=_about("a última entrada foi editada", "the last entry was edited")),
    ]


def _audit_hidden(rng):
    n = int(rng.integers(3, 7))
    target = int(rng.integers(0, n - 1))
    steps = _log_steps(n, users=("ana", "bia", "caio"))
    tamper = [
        {"set": ["entries", target, "details"], "value": {"version": -1}},
        {"delete": ["entries", target]},
        {"swap": ["entries", target], "with": target + 1},
    ][int(rng.integers(0, 3))]
    return [Case("hidden-0", {"init": {"clock": _clock()},
                              "steps": steps + [{"call": "verify"}, tamper, {"call": "verify"}]})]



SPEC = TaskSpec(
    lesson=LESSON,
    task='governance.audit_log',
    number=3,
    name=_about('trilha de auditoria', 'audit trail'),
    entry="AuditLog",
    points=3,
    reference="mlopskit.governance:AuditLog",
    encode=_encode_steps,
    protocol={"kind": "steps"},
    public_cases=_audit_cases,
    hidden_cases=_audit_hidden,
    hints=[
        _about("`previous_hash` da entrada 0 é `'0' * 64`; das outras, o `hash` da anterior.",
               "Entry 0's `previous_hash` is `'0' * 64`; the others', the previous `hash`."),
        _about("Use a sua `entry_hash` da tarefa 2 para o campo `hash`.",
               "Use your `entry_hash` from task 2 for the `hash` field."),
        _about("`verify` percorre TODAS as entradas: confere `index`, o elo `previous_hash` "
               "e o próprio hash; devolve a primeira posição que falha.",
               "`verify` walks ALL entries: it checks `index`, the `previous_hash` link and "
               "the entry's own hash; it returns the first position that fails."),
    ],
    misconceptions=[
        Misconception("audit.chain_not_linked", _AuditNotLinked, _about(
            "Seu hash não inclui `previous_hash`, então as entradas não estão encadeadas: "
            "apagar ou reordenar entradas passa despercebido.",
            "Your hash does not include `previous_hash`, so entries are not chained: "
            "deleting or reordering entries goes unnoticed.")),
        Misconception("audit.not_canonical", _AuditNotCanonical, _about(
            "Seu hash usa um JSON não canônico (sem `sort_keys`, com espaços): use a "
            "`entry_hash` da tarefa 2.",
            "Your hash uses non-canonical JSON (no `sort_keys`, with spaces): use the "
            "`entry_hash` of task 2.")),
        Misconception("audit.verify_last_only", _AuditVerifyLast, _about(
            "Seu `verify` só olha a última entrada; uma edição no meio da trilha passa. "
            "Percorra todas.",
            "Your `verify` looks only at the last entry; an edit in the middle gets "
            "through. Walk them all.")),
        Misconception("audit.verify_ignores_links", _AuditVerifyNoLinks, _about(
            "Seu `verify` recalcula o hash de cada entrada mas não confere o elo com a "
            "anterior: quem editar uma entrada e recalcular o hash dela engana a auditoria.",
            "Your `verify` recomputes each entry's hash but does not check the link to the "
            "previous one: editing an entry and recomputing its own hash fools it.")),
    ],
)
