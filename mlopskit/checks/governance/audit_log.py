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
from mlopskit.governance import GENESIS_HASH, AuditLog, entry_hash
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
    """Verifies only the last entry's own hash (and never looks at an anchor)."""

    def verify(self, *, anchor=None):
        last = len(self.entries) - 1
        if self.entries and self.entries[last]["hash"] != self._hash(self.entries[last]):
            return last
        return None


class _AuditVerifyNoLinks(AuditLog):
    """Verifies each entry's own hash but neither its index nor its link to the previous."""

    def _is_linked(self, entry, position, previous):
        return True


class _AuditAnchorIgnored(AuditLog):
    """Takes an anchor but never looks at it: only the chain is checked."""

    def _anchor_position(self, count, anchored_hash):
        return None


class _AuditAnchorCountOnly(AuditLog):
    """Checks the anchor's count only: a rewritten chain of the same length passes."""

    def _anchor_position(self, count, anchored_hash):
        return len(self.entries) if len(self.entries) < count else None


class _AuditAnchorLastEntry(AuditLog):
    """Compares the anchored hash with the current last entry, so a legitimate entry
    appended after the anchor is reported as tampering."""

    def _anchor_position(self, count, anchored_hash):
        if len(self.entries) < count:
            return len(self.entries)
        last = self.entries[-1]["hash"] if self.entries else GENESIS_HASH
        return None if last == anchored_hash else count - 1


class _AuditTruncationOffByOne(AuditLog):
    """Reports a cut-off tail at the last entry left instead of the first one missing."""

    def _anchor_position(self, count, anchored_hash):
        if len(self.entries) < count:
            return max(len(self.entries) - 1, 0)
        return super()._anchor_position(count, anchored_hash)


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


def _logged(n, users=("ana", "bia")):
    times = iter(_clock()["sequence"])
    log = AuditLog(clock=lambda: next(times))
    for step in _log_steps(n, users):
        log.log_event(*step["args"])
    return log


def _anchor(n, users=("ana", "bia")):
    """The head of the scenario's log after its first ``n`` events."""
    return _logged(n, users).head()


def _rewrite_from(n, target, users=("ana", "bia")):
    """Steps that edit entry ``target`` and recompute every hash after it, as an attacker
    who can write the whole storage would: the chain stays consistent."""
    log = _logged(n, users)
    log.entries[target]["user"] = "mallory"
    for i in range(target, n):
        log.entries[i]["previous_hash"] = log.entries[i - 1]["hash"] if i else GENESIS_HASH
        log.entries[i]["hash"] = entry_hash(log.entries[i])
    return [{"set": ["entries", i], "value": log.entries[i]} for i in range(target, n)]


def _verify_anchored(anchor):
    return {"call": "verify", "kwargs": {"anchor": anchor}}


def _anchor_cases():
    verify = {"call": "verify"}
    clock = {"clock": _clock()}
    return [
        Case("truncated-tail", {"init": clock, "steps": _log_steps(4) + [
            {"call": "head"}, {"delete": ["entries", 3]}, verify,
            _verify_anchored(_anchor(4))]},
            about=_about("a última entrada foi cortada; a âncora guardou 4 entradas",
                         "the last entry was cut off; the anchor kept 4 entries"),
            covers=("truncation of the last element", "head of a log")),
        Case("rewritten-chain", {"init": clock, "steps": _log_steps(4) + [
            *_rewrite_from(4, 1), verify, _verify_anchored(_anchor(4))]},
            about=_about("a entrada 1 foi editada e todos os hashes seguintes recalculados",
                         "entry 1 was edited and every later hash recomputed"),
            covers=("a consistent rewrite",)),
        Case("appended-after-anchor", {"init": clock, "steps": _log_steps(5) + [
            _verify_anchored(_anchor(3)), {"call": "head"}]},
            about=_about("duas entradas legítimas depois da âncora",
                         "two legitimate entries after the anchor"),
            covers=("entries appended after the anchor",)),
        Case("all-entries-gone", {"init": clock, "steps": _log_steps(3) + [
            {"set": ["entries"], "value": []}, verify, _verify_anchored(_anchor(3)),
            {"call": "head"}]},
            about=_about("todas as entradas apagadas", "every entry deleted"),
            covers=("an empty log", "truncation of the first element")),
        Case("empty-anchor", {"init": clock, "steps": [
            {"call": "head"}, *_log_steps(2), _verify_anchored(_anchor(0))]},
            about=_about("âncora de uma trilha vazia", "the anchor of an empty log"),
            covers=("an anchor with count 0",)),
    ]


def _audit_probes():
    clock = {"clock": _clock()}
    return [
        Case("probe-edit-middle", {"init": clock, "steps": _log_steps(3) + [
            {"set": ["entries", 1, "user"], "value": "x"}, {"call": "verify"}]}),
        Case("probe-delete-first", {"init": clock, "steps": _log_steps(3) + [
            {"delete": ["entries", 0]}, {"call": "verify"}]}),
        Case("probe-rehash-one", {"init": clock, "steps": _log_steps(3) + [
            {"set": ["entries", 0, "user"], "value": "x"},
            {"set": ["entries", 0, "hash"], "value": entry_hash(
                {**_logged(3).entries[0], "user": "x"})},
            {"call": "verify"}]}),
        Case("probe-cut-tail", {"init": clock, "steps": _log_steps(3) + [
            {"delete": ["entries", 2]}, _verify_anchored(_anchor(3))]}),
        Case("probe-rewrite-last", {"init": clock, "steps": _log_steps(3) + [
            *_rewrite_from(3, 2), _verify_anchored(_anchor(3))]}),
        Case("probe-append", {"init": clock, "steps": _log_steps(3) + [
            _verify_anchored(_anchor(2))]}),
    ]


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
            about=_about("a última entrada foi editada", "the last entry was edited"),
            covers=("an edit of the last element",)),
        *_anchor_cases(),
    ]


def _audit_hidden(rng):
    n = int(rng.integers(3, 7))
    target = int(rng.integers(0, n - 1))
    steps = _log_steps(n, users=("ana", "bia", "caio"))
    users = ("ana", "bia", "caio")
    tamper = [
        [{"set": ["entries", target, "details"], "value": {"version": -1}}],
        [{"delete": ["entries", target]}],
        [{"swap": ["entries", target], "with": target + 1}],
        [{"delete": ["entries", n - 1]}],
        _rewrite_from(n, target, users),
        [],
    ][int(rng.integers(0, 6))]
    anchored_at = int(rng.integers(0, n + 1))
    return [Case("hidden-0", {"init": {"clock": _clock()},
                              "steps": steps + [{"call": "verify"}, *tamper, {"call": "verify"},
                                                _verify_anchored(_anchor(anchored_at, users)),
                                                {"call": "head"}]})]



SPEC = TaskSpec(
    lesson=LESSON,
    task='governance.audit_log',
    number=3,
    name=_about('trilha de auditoria', 'audit trail'),
    entry="AuditLog",
    points=4,
    reference="mlopskit.governance:AuditLog",
    encode=_encode_steps,
    protocol={"kind": "steps"},
    public_cases=_audit_cases,
    hidden_cases=_audit_hidden,
    probes=_audit_probes,
    hints=[
        _about("Cada entrada sela o conteúdo dela e o selo da anterior; verificar é refazer "
               "os selos desde a primeira. A âncora é o que a cadeia sozinha não prova: "
               "quantas entradas havia e qual era o último selo.",
               "Each entry seals its content and the previous entry's seal; verifying is "
               "recomputing the seals from the first. The anchor is what the chain alone "
               "cannot prove: how many entries there were and what the last seal was."),
        _about("Em `verify`, percorra todas as entradas com a posição e o hash esperado da "
               "anterior (começando em 64 zeros); só depois de a cadeia passar, compare com "
               "a âncora: primeiro o número de entradas, depois o hash da entrada "
               "`count - 1` (não a última de agora, que pode ser legítima e mais nova).",
               "In `verify`, walk every entry with its position and the previous entry's "
               "expected hash (starting from 64 zeros); only once the chain passes, compare "
               "with the anchor: first the number of entries, then the hash of entry "
               "`count - 1` (not today's last one, which may be legitimate and newer)."),
        _about("`if len(self.entries) < anchor['count']: return len(self.entries)`; depois "
               "`ultimo = self.entries[count - 1]['hash'] if count else '0' * 64` e "
               "`return None if ultimo == anchor['hash'] else count - 1`.",
               "`if len(self.entries) < anchor['count']: return len(self.entries)`; then "
               "`last = self.entries[count - 1]['hash'] if count else '0' * 64` and "
               "`return None if last == anchor['hash'] else count - 1`."),
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
        Misconception("audit.anchor_ignored", _AuditAnchorIgnored, _about(
            "Seu `verify` recebe a âncora e não a usa: cortar as últimas entradas, ou "
            "reescrever a cadeia inteira, passa. A âncora existe para pegar exatamente isso.",
            "Your `verify` takes the anchor and does not use it: cutting off the last "
            "entries, or rewriting the whole chain, gets through. The anchor is there to "
            "catch exactly that.")),
        Misconception("audit.anchor_count_only", _AuditAnchorCountOnly, _about(
            "Seu `verify` compara só o número de entradas com a âncora; quem edita uma "
            "entrada e recalcula todos os hashes seguintes mantém o número e passa. "
            "Compare também o hash ancorado.",
            "Your `verify` compares only the number of entries with the anchor; someone "
            "who edits an entry and recomputes every later hash keeps the number and gets "
            "through. Compare the anchored hash too.")),
        Misconception("audit.anchor_last_entry", _AuditAnchorLastEntry, _about(
            "Seu `verify` compara o hash ancorado com a última entrada de agora; entradas "
            "acrescentadas legitimamente depois da âncora viram alarme falso. Compare com a "
            "entrada que era a última quando a âncora foi tirada.",
            "Your `verify` compares the anchored hash with today's last entry; entries "
            "appended legitimately after the anchor become a false alarm. Compare with the "
            "entry that was last when the anchor was taken.")),
        Misconception("audit.truncation_off_by_one", _AuditTruncationOffByOne, _about(
            "Quando o fim da trilha foi cortado, seu `verify` aponta a última entrada que "
            "sobrou; a posição pedida é a da primeira entrada que falta.",
            "When the end of the trail was cut off, your `verify` points at the last entry "
            "left; the position asked for is that of the first missing entry.")),
    ],
)
