"""Task specs of lesson 01, governance.

The stateful tasks (audit log, access control, approval workflow) are scenarios: a
sequence of method calls on a fresh instance, and of changes made from outside as an
attacker with access to the storage would, each step's result or exception compared.
The misconceptions below are deliberately wrong code: fingerprints, not solutions.
"""

from __future__ import annotations

import hashlib
import json
import math

import numpy as np

from mlopskit.checks._adapters import describe_type
from mlopskit.checks._core import Case, Misconception, OutputError, TaskSpec

LESSON = "01_governance"

__all__ = ["LESSON", "SPECS"]

REQUIRED = (
    ("model_details", "name"), ("model_details", "version"), ("model_details", "owner"),
    ("intended_use", "primary_uses"), ("intended_use", "out_of_scope_uses"),
    ("metrics", "performance_measures"), ("evaluation_data", "description"),
    ("training_data", "description"), ("ethical_considerations", "risks"),
)
PII = {"name", "nome", "cpf", "rg", "email", "phone", "telefone", "address", "endereco",
       "birth_date", "data_nascimento"}


def _about(pt, en):
    return {"pt": pt, "en": en}


def _canonical(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _sha(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ------------------------------------------------------------------ wrong answers
def _missing_presence_only(card):
    return [f"{s}.{f}" for s, f in REQUIRED if f not in card.get(s, {})]


def _missing_whitespace_filled(card):
    return [f"{s}.{f}" for s, f in REQUIRED
            if card.get(s, {}).get(f) in (None, "", [], {})]


def _hash_not_canonical(entry):
    return _sha(json.dumps({k: v for k, v in entry.items() if k != "hash"}))


def _hash_includes_itself(entry):
    return _sha(_canonical(entry))


def _hash_ascii_escaped(entry):
    content = {k: v for k, v in entry.items() if k != "hash"}
    return _sha(json.dumps(content, sort_keys=True, separators=(",", ":")))


class _AuditBase:
    """A hash-chained log with switches that reproduce common mistakes."""

    link = True
    canonical = True
    verify_mode = "full"

    def __init__(self, *, clock=None):
        self.clock = clock
        self.entries = []

    def _hash(self, entry):
        content = {k: v for k, v in entry.items() if k != "hash"}
        if not self.link:
            content.pop("previous_hash", None)
        text = _canonical(content) if self.canonical else json.dumps(content)
        return _sha(text)

    def log_event(self, event_type, user, details=None):
        entry = {"index": len(self.entries), "timestamp": self.clock(),
                 "event_type": event_type, "user": user, "details": dict(details or {}),
                 "previous_hash": self.entries[-1]["hash"] if self.entries else "0" * 64}
        entry["hash"] = self._hash(entry)
        self.entries.append(entry)
        return dict(entry)

    def verify(self):
        if self.verify_mode == "last":
            if self.entries and self.entries[-1]["hash"] != self._hash(self.entries[-1]):
                return len(self.entries) - 1
            return None
        previous = "0" * 64
        for i, entry in enumerate(self.entries):
            linked_ok = self.verify_mode == "no_links" or (
                entry["index"] == i and entry["previous_hash"] == previous)
            if not linked_ok or entry["hash"] != self._hash(entry):
                return i
            previous = entry["hash"]
        return None


class _AuditNotLinked(_AuditBase):
    link = False


class _AuditNotCanonical(_AuditBase):
    canonical = False


class _AuditVerifyLast(_AuditBase):
    verify_mode = "last"


class _AuditVerifyNoLinks(_AuditBase):
    verify_mode = "no_links"


class _AccessBase:
    default_allow = False
    check_unknown_role = True
    check_raises = True

    def __init__(self, roles):
        self.roles = {r: set(a) for r, a in roles.items()}
        self.users = {}

    def assign(self, user, role):
        if self.check_unknown_role and role not in self.roles:
            raise ValueError(role)
        self.users.setdefault(user, set()).add(role)

    def can(self, user, action):
        if user not in self.users:
            return self.default_allow
        return any(action in self.roles.get(r, set()) for r in self.users[user])

    def check(self, user, action):
        if not self.can(user, action):
            if self.check_raises:
                raise PermissionError(user)
            return False
        return None


class _AccessDefaultAllow(_AccessBase):
    default_allow = True


class _AccessUnknownRole(_AccessBase):
    check_unknown_role = False


class _AccessCheckReturns(_AccessBase):
    check_raises = False


class _FlowBase:
    author_may_approve = False
    any_order = False
    rejection_final = True

    def __init__(self, stages, *, user_roles):
        self.stages = [tuple(s) for s in stages]
        self.user_roles = {u: set(r) for u, r in user_roles.items()}
        self.requests = {}

    def submit(self, model_id, *, author):
        rid = f"req-{len(self.requests) + 1}"
        self.requests[rid] = {"author": author, "status": "pending", "approvals": []}
        return rid

    def _current(self, rid, stage):
        req = self.requests[rid]
        if req["status"] != "pending" and (self.rejection_final or req["status"] != "rejected"):
            raise ValueError(req["status"])
        done = {s for s, _ in req["approvals"]}
        if self.any_order:
            match = [s for s in self.stages if s[0] == stage and s[0] not in done]
            if not match:
                raise ValueError(stage)
            return req, match[0][1]
        expected, role = self.stages[len(req["approvals"])]
        if stage != expected:
            raise ValueError(stage)
        return req, role

    def approve(self, rid, stage, *, approver):
        req, role = self._current(rid, stage)
        if approver == req["author"] and not self.author_may_approve:
            raise PermissionError(approver)
        if any(a == approver for _, a in req["approvals"]):
            raise PermissionError(approver)
        if role not in self.user_roles.get(approver, set()):
            raise PermissionError(approver)
        req["approvals"].append([stage, approver])
        req["status"] = "approved" if len(req["approvals"]) == len(self.stages) else "pending"

    def reject(self, rid, stage, *, approver, reason):
        req, role = self._current(rid, stage)
        if role not in self.user_roles.get(approver, set()):
            raise PermissionError(approver)
        req["status"] = "rejected"

    def status(self, rid):
        req = self.requests[rid]
        done = {s for s, _ in req["approvals"]}
        pending = [s for s, _ in self.stages if s not in done]
        return {"status": req["status"], "approvals": [list(a) for a in req["approvals"]],
                "next_stage": pending[0] if req["status"] == "pending" and pending else None}


class _FlowAuthorApproves(_FlowBase):
    author_may_approve = True


class _FlowAnyOrder(_FlowBase):
    any_order = True


class _FlowRejectionNotFinal(_FlowBase):
    rejection_final = False


def _compliance(data_info, model_card, group_metrics, *, max_gap=0.1, pii_rule="ok",
                gap_rule="ok"):
    columns = data_info["columns"]
    justified = {c.lower() for c in data_info.get("pii_justified", [])}
    if pii_rule == "case":
        pii = [c for c in columns if c in PII and c not in justified]
    else:
        pii = [c for c in columns if c.lower() in PII and c.lower() not in justified]
    privacy = bool(pii) if pii_rule == "inverted" else not pii
    values = list(group_metrics.values())
    gap = abs(values[0] - values[1]) if gap_rule == "two" and len(values) > 1 else \
        max(values) - min(values)
    missing = [f"{s}.{f}" for s, f in REQUIRED
               if not str(model_card.get(s, {}).get(f) or "").strip()]
    checks = {"privacy": privacy, "documentation": not missing, "bias": gap <= max_gap}
    return {"passed": all(checks.values()), "checks": checks}


def _compliance_pii_inverted(data_info, model_card, group_metrics, *, max_gap=0.1):
    return _compliance(data_info, model_card, group_metrics, max_gap=max_gap,
                       pii_rule="inverted")


def _compliance_case_sensitive(data_info, model_card, group_metrics, *, max_gap=0.1):
    return _compliance(data_info, model_card, group_metrics, max_gap=max_gap, pii_rule="case")


def _compliance_two_groups(data_info, model_card, group_metrics, *, max_gap=0.1):
    return _compliance(data_info, model_card, group_metrics, max_gap=max_gap, gap_rule="two")


def _promote(client, model_name, *, approved, compliant, user="system", audit_log=None,
             mistake=None):
    challenger = client.get_model_version_by_alias(model_name, "challenger")
    if mistake == "alias_first":
        try:
            previous = client.get_model_version_by_alias(model_name, "champion")
        except Exception:
            previous = None
        client.set_registered_model_alias(model_name, "champion", challenger.version)
        if not (approved and compliant):
            return False
        if previous is not None:
            client.set_model_version_tag(model_name, previous.version, "archived", "true")
        client.delete_registered_model_alias(model_name, "challenger")
        return True
    if not (approved and compliant):
        return False
    try:
        previous = client.get_model_version_by_alias(model_name, "champion")
    except Exception:
        previous = None
    if previous is not None and mistake != "no_archive":
        client.set_model_version_tag(model_name, previous.version, "archived", "true")
    client.set_registered_model_alias(model_name, "champion", challenger.version)
    if mistake != "keeps_challenger":
        client.delete_registered_model_alias(model_name, "challenger")
    return True


def _promote_alias_first(client, model_name, *, approved, compliant, user="system",
                         audit_log=None):
    return _promote(client, model_name, approved=approved, compliant=compliant,
                    mistake="alias_first")


def _promote_keeps_challenger(client, model_name, *, approved, compliant, user="system",
                              audit_log=None):
    return _promote(client, model_name, approved=approved, compliant=compliant,
                    mistake="keeps_challenger")


def _promote_no_archive(client, model_name, *, approved, compliant, user="system",
                        audit_log=None):
    return _promote(client, model_name, approved=approved, compliant=compliant,
                    mistake="no_archive")


# ------------------------------------------------------------------ encoders
def _none(value, what_pt, what_en):
    if value is None:
        raise OutputError({
            "pt": f"seu código devolveu None; era esperado {what_pt}. Esqueceu o `return`?",
            "en": f"your code returned None; {what_en} was expected. Did you forget `return`?"})


def _encode_str_list(value):
    _none(value, "uma lista de textos", "a list of strings")
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise OutputError({
            "pt": f"esperava-se uma lista de textos, veio {describe_type(value)}.",
            "en": f"a list of strings was expected, got {describe_type(value)}."})
    return list(value)


def _encode_hex(value):
    _none(value, "um texto hexadecimal", "a hexadecimal string")
    if isinstance(value, bytes):
        raise OutputError({
            "pt": "seu código devolveu bytes (`.digest()`); use `.hexdigest()` para o texto.",
            "en": "your code returned bytes (`.digest()`); use `.hexdigest()` for the text."})
    if not isinstance(value, str):
        raise OutputError({
            "pt": f"esperava-se um texto, veio {describe_type(value)}.",
            "en": f"a string was expected, got {describe_type(value)}."})
    return value


def _plain(value):
    """Make a step's value comparable: dict-like records and tuples to plain data."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if hasattr(value, "__dict__"):
        return {k: _plain(v) for k, v in vars(value).items()}
    raise OutputError({
        "pt": f"um passo devolveu um valor do tipo {describe_type(value)}, que não pode ser "
        "comparado.",
        "en": f"a step returned a value of type {describe_type(value)}, which cannot be "
        "compared."})


def _encode_steps(value):
    if not isinstance(value, list):
        raise OutputError({"pt": "resultado inesperado do cenário.",
                           "en": "unexpected scenario result."})
    return [_plain(step) for step in value]


def _encode_compliance(value):
    _none(value, "um resultado com `passed` e `checks`", "a result with `passed` and `checks`")
    if isinstance(value, dict):
        passed, checks = value.get("passed"), value.get("checks")
    else:
        passed, checks = getattr(value, "passed", None), getattr(value, "checks", None)
    if not isinstance(passed, (bool, np.bool_)) or not isinstance(checks, dict):
        raise OutputError({
            "pt": "o resultado precisa de `passed` (True/False) e `checks` (um dict).",
            "en": "the result needs `passed` (True/False) and `checks` (a dict)."})
    expected_keys = {"privacy", "documentation", "bias"}
    if set(checks) != expected_keys:
        raise OutputError({
            "pt": f"`checks` deve ter exatamente as chaves {sorted(expected_keys)}, tem "
            f"{sorted(map(str, checks))}.",
            "en": f"`checks` must have exactly the keys {sorted(expected_keys)}, it has "
            f"{sorted(map(str, checks))}."})
    return {"passed": bool(passed), "checks": {k: bool(checks[k]) for k in sorted(checks)}}


def _encode_promotion(value):
    if not isinstance(value, dict) or "returned" not in value:
        raise OutputError({"pt": "resultado inesperado.", "en": "unexpected result."})
    returned = value["returned"]
    if not isinstance(returned, (bool, np.bool_)):
        raise OutputError({
            "pt": f"a função deve devolver True ou False, devolveu {describe_type(returned)}.",
            "en": f"the function must return True or False, it returned "
            f"{describe_type(returned)}."})
    return {"returned": bool(returned), "registry": value["observed"][0]}


# ------------------------------------------------------------------ cases
def _full_card():
    return {
        "model_details": {"name": "credit-risk", "version": "3", "owner": "risk team"},
        "intended_use": {"primary_uses": ["pre-screening"], "out_of_scope_uses": ["pricing"]},
        "metrics": {"performance_measures": {"auc": 0.81}},
        "evaluation_data": {"description": "2024 applications"},
        "training_data": {"description": "2022-2023 applications"},
        "ethical_considerations": {"risks": ["proxy discrimination by region"]},
    }


def _card_cases():
    blanks = _full_card()
    blanks["model_details"]["version"] = "   "
    blanks["model_details"]["owner"] = None
    blanks["intended_use"]["primary_uses"] = []
    blanks["metrics"]["performance_measures"] = {}
    sparse = {"model_details": {"name": "m"}, "training_data": {"description": ""}}
    return [
        Case("complete-card", {"args": [_full_card()]}),
        Case("blank-values", {"args": [blanks]},
             about=_about("valores em branco, None e listas vazias",
                          "blank, None and empty values")),
        Case("missing-sections", {"args": [sparse]},
             about=_about("seções inteiras ausentes", "whole sections absent")),
    ]


def _card_hidden(rng):
    cases = []
    for i in range(3):
        card = _full_card()
        for section, name in REQUIRED:
            roll = rng.random()
            if roll < 0.15:
                card[section].pop(name, None)
            elif roll < 0.3:
                card[section][name] = [" ", "", None, [], {}][int(rng.integers(0, 5))]
        cases.append(Case(f"hidden-{i}", {"args": [card]}))
    return cases


def _entry(index, user="ana", details=None, previous="0" * 64, with_hash=False):
    entry = {"user": user, "index": index, "event_type": "model_registered",
             "timestamp": f"2026-03-0{index + 1}T10:00:00+00:00",
             "details": details if details is not None else {"version": index + 1},
             "previous_hash": previous}
    if with_hash:
        entry["hash"] = "f" * 64
    return entry


def _hash_cases():
    return [
        Case("simple", {"args": [_entry(0)]}),
        Case("keys-out-of-order", {"args": [_entry(1, details={"z": 1, "a": [2, 1]})]},
             about=_about("chaves fora de ordem", "keys out of order")),
        Case("with-its-hash", {"args": [_entry(2, with_hash=True)]},
             about=_about("a entrada já tem o campo `hash`", "the entry already has `hash`")),
        Case("accents", {"args": [_entry(3, user="João Conceição")]},
             about=_about("texto com acentos", "text with accents")),
    ]


def _hash_hidden(rng):
    names = ["Luíza", "ana", "Ítalo", "bia"]
    return [Case(f"hidden-{i}", {"args": [_entry(
        int(rng.integers(0, 9)), user=names[int(rng.integers(0, 4))],
        details={f"k{int(rng.integers(0, 99))}": float(rng.integers(0, 100)), "b": "ç"},
        with_hash=bool(rng.random() < 0.5))]}) for i in range(3)]


def _clock(n=12):
    return {"sequence": [f"2026-03-01T10:{m:02d}:00+00:00" for m in range(n)]}


def _log_steps(n, users=("ana", "bia")):
    return [{"call": "log_event",
             "args": [["model_registered", "stage_approved", "model_promoted"][i % 3],
                      users[i % len(users)], {"version": i + 1, "by": users[i % len(users)]}]}
            for i in range(n)]


def _rehashed_value():
    """The hash an attacker would write after editing entry 2 of the scenario below."""
    log = _AuditBase(clock=lambda: None)
    times = iter(_clock()["sequence"])
    log.clock = lambda: next(times)
    for step in _log_steps(4):
        log.log_event(*step["args"])
    log.entries[2]["user"] = "mallory"
    return log._hash(log.entries[2])


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


_ROLES = {"reviewer": ["read", "approve"], "engineer": ["read", "deploy"],
          "auditor": ["read", "read_audit"]}


def _access_cases():
    init = {"roles": _ROLES}
    return [
        Case("grants", {"init": init, "steps": [
            {"call": "assign", "args": ["ana", "engineer"]},
            {"call": "can", "args": ["ana", "deploy"]},
            {"call": "can", "args": ["ana", "approve"]},
            {"call": "assign", "args": ["ana", "reviewer"]},
            {"call": "can", "args": ["ana", "approve"]},
            {"call": "check", "args": ["ana", "deploy"]}]},
            about=_about("papéis concedem ações", "roles grant actions")),
        Case("refusals", {"init": init, "steps": [
            {"call": "assign", "args": ["bia", "auditor"]},
            {"call": "check", "args": ["bia", "deploy"]},
            {"call": "can", "args": ["zé", "read"]},
            {"call": "check", "args": ["zé", "read"]}]},
            about=_about("ações negadas e usuário desconhecido",
                         "denied actions and an unknown user")),
        Case("unknown-role", {"init": init, "steps": [
            {"call": "assign", "args": ["caio", "superuser"]},
            {"call": "can", "args": ["caio", "deploy"]}]},
            about=_about("papel que não existe", "a role that does not exist")),
    ]


def _access_hidden(rng):
    users = ["u1", "u2", "u3"]
    steps = []
    for _ in range(8):
        kind = int(rng.integers(0, 4))
        user = users[int(rng.integers(0, 3))]
        action = ["read", "approve", "deploy", "read_audit"][int(rng.integers(0, 4))]
        if kind == 0:
            role = list(_ROLES)[int(rng.integers(0, 3))] if rng.random() < 0.8 else "root"
            steps.append({"call": "assign", "args": [user, role]})
        elif kind == 1:
            steps.append({"call": "check", "args": [user, action]})
        else:
            steps.append({"call": "can", "args": [user, action]})
    return [Case("hidden-0", {"init": {"roles": _ROLES}, "steps": steps})]


_STAGES = [["technical", "reviewer"], ["risk", "risk_officer"]]
_USER_ROLES = {"ana": ["data_scientist", "reviewer"], "bia": ["reviewer"],
               "caio": ["risk_officer"], "dora": ["reviewer", "risk_officer"]}


def _flow(steps):
    return {"init": {"stages": _STAGES, "user_roles": _USER_ROLES}, "steps": steps}


def _submit(author="ana"):
    return {"call": "submit", "args": ["credit:3"], "kwargs": {"author": author}}


def _approve(stage, who, rid="req-1"):
    return {"call": "approve", "args": [rid, stage], "kwargs": {"approver": who}}


def _status(rid="req-1"):
    return {"call": "status", "args": [rid]}


def _flow_cases():
    return [
        Case("happy-path", _flow([_submit(), _status(), _approve("technical", "bia"), _status(),
                                  _approve("risk", "caio"), _status()]),
             about=_about("duas aprovações em ordem", "two approvals in order")),
        Case("author-approves", _flow([_submit(), _approve("technical", "ana"), _status(),
                                       _approve("technical", "dora"),
                                       _approve("risk", "dora"), _status()]),
             about=_about("a autora tenta aprovar; alguém aprova duas etapas",
                          "the author tries to approve; someone approves two stages")),
        Case("out-of-order", _flow([_submit(), _approve("risk", "caio"), _status(),
                                    _approve("technical", "caio")]),
             about=_about("etapa fora de ordem, aprovador sem o papel",
                          "a stage out of order, an approver without the role")),
        Case("rejected", _flow([_submit(), {"call": "reject", "args": ["req-1", "technical"],
                                            "kwargs": {"approver": "bia",
                                                       "reason": "no fairness analysis"}},
                                _status(), _approve("technical", "dora"), _status()]),
             about=_about("uma rejeição encerra o pedido", "a rejection closes the request")),
    ]


def _flow_hidden(rng):
    people = ["ana", "bia", "caio", "dora"]
    steps = [_submit(people[int(rng.integers(0, 4))])]
    for _ in range(5):
        stage = ["technical", "risk"][int(rng.integers(0, 2))]
        steps.append(_approve(stage, people[int(rng.integers(0, 4))]))
        steps.append(_status())
    return [Case("hidden-0", _flow(steps))]


def _compliance_cases():
    card = _full_card()
    thin = {"model_details": {"name": "m", "version": "1", "owner": "x"}}
    fair = {"group_a": 0.32, "group_b": 0.35}
    return [
        Case("all-good", {"args": [{"columns": ["income", "age"]}, card, fair]}),
        Case("personal-data", {"args": [{"columns": ["income", "cpf"]}, card, fair]},
             about=_about("a coluna cpf", "a cpf column")),
        Case("upper-case-email", {"args": [{"columns": ["Email", "income"]}, card, fair]},
             about=_about("a coluna 'Email' com maiúscula", "an 'Email' column, capitalised")),
        Case("justified", {"args": [{"columns": ["cpf"], "pii_justified": ["cpf"]}, card,
                                    fair]},
             about=_about("dado pessoal justificado", "justified personal data")),
        Case("three-groups", {"args": [{"columns": ["income"]}, card,
                                       {"a": 0.30, "b": 0.33, "c": 0.48}]},
             about=_about("três grupos, o terceiro distante", "three groups, the third far off")),
        Case("looser-gap", {"args": [{"columns": ["income"]}, thin, {"a": 0.30, "b": 0.45}],
                            "kwargs": {"max_gap": 0.2}},
             about=_about("cartão incompleto, max_gap = 0,2",
                          "incomplete card, max_gap = 0.2")),
    ]


def _compliance_hidden(rng):
    cases = []
    for i in range(3):
        cols = ["income", "age"] + (["CPF", "telefone", "email"][int(rng.integers(0, 3)):
                                     int(rng.integers(0, 3)) + 1] if rng.random() < 0.6 else [])
        groups = {f"g{j}": round(float(rng.uniform(0.2, 0.5)), 3)
                  for j in range(int(rng.integers(2, 5)))}
        card = _full_card()
        if rng.random() < 0.4:
            card["ethical_considerations"]["risks"] = []
        cases.append(Case(f"hidden-{i}", {"args": [{"columns": cols}, card, groups],
                                          "kwargs": {"max_gap": float(rng.choice([0.1, 0.2]))}}))
    return cases


def _registry(aliases, tags=None):
    return {"registry": {"model": "credit", "aliases": aliases, "tags": tags or {}}}


def _promotion_cases():
    both = {"champion": "1", "challenger": "2"}
    return [
        Case("approved-and-compliant", {"args": [_registry(both), "credit"],
                                        "kwargs": {"approved": True, "compliant": True}}),
        Case("not-approved", {"args": [_registry(both), "credit"],
                              "kwargs": {"approved": False, "compliant": True}},
             about=_about("aprovação pendente", "approval pending")),
        Case("not-compliant", {"args": [_registry(both), "credit"],
                               "kwargs": {"approved": True, "compliant": False}},
             about=_about("reprovado na conformidade", "failed compliance")),
        Case("first-champion", {"args": [_registry({"challenger": "1"}), "credit"],
                                "kwargs": {"approved": True, "compliant": True}},
             about=_about("ainda não há champion", "no champion yet")),
    ]


def _promotion_hidden(rng):
    champion = str(int(rng.integers(1, 5)))
    challenger = str(int(champion) + 1)
    aliases = {"challenger": challenger}
    if rng.random() < 0.7:
        aliases["champion"] = champion
    return [Case("hidden-0", {"args": [_registry(aliases), "credit"],
                              "kwargs": {"approved": bool(rng.random() < 0.7),
                                         "compliant": bool(rng.random() < 0.7)}})]


def _spec(**kw):
    return TaskSpec(lesson=LESSON, **kw)


SPECS = (
    _spec(
        task="governance.missing_card_fields",
        entry="missing_card_fields",
        title=_about("Tarefa 1 (campos do model card)", "Task 1 (model card fields)"),
        points=1,
        reference="mlopskit.governance:missing_card_fields",
        encode=_encode_str_list,
        public_cases=_card_cases,
        hidden_cases=_card_hidden,
        hints=[
            _about("Percorra `REQUIRED_CARD_FIELDS` na ordem: cada item é (seção, campo).",
                   "Walk `REQUIRED_CARD_FIELDS` in order: each item is (section, field)."),
            _about("`card.get(secao, {})` evita erro quando a seção falta.",
                   "`card.get(section, {})` avoids an error when the section is absent."),
            _about("Vazio é: None, texto só com espaços (`not v.strip()`), lista ou dict vazios.",
                   "Empty means: None, a blank string (`not v.strip()`), an empty list or "
                   "dict."),
        ],
        misconceptions=[
            Misconception("card.presence_only", _missing_presence_only, _about(
                "Seu código só confere se a chave existe; um campo presente mas vazio (None, "
                "'', [], {}) também está faltando.",
                "Your code only checks that the key exists; a field that is present but empty "
                "(None, '', [], {}) is missing too.")),
            Misconception("card.whitespace_filled", _missing_whitespace_filled, _about(
                "Um texto só com espaços conta como preenchido no seu código. Use `strip()`.",
                "A string of spaces counts as filled in your code. Use `strip()`.")),
        ],
    ),
    _spec(
        task="governance.entry_hash",
        entry="entry_hash",
        title=_about("Tarefa 2 (hash de uma entrada)", "Task 2 (entry hash)"),
        points=1,
        reference="mlopskit.governance:entry_hash",
        encode=_encode_hex,
        public_cases=_hash_cases,
        hidden_cases=_hash_hidden,
        hints=[
            _about("Tire a chave `hash` antes: `{k: v for k, v in entry.items() if k != 'hash'}`.",
                   "Drop the `hash` key first: `{k: v for k, v in entry.items() if k != 'hash'}`."),
            _about("`json.dumps(conteudo, sort_keys=True, separators=(',', ':'), "
                   "ensure_ascii=False)` dá um texto único para o mesmo conteúdo.",
                   "`json.dumps(content, sort_keys=True, separators=(',', ':'), "
                   "ensure_ascii=False)` gives one text for one content."),
            _about("`hashlib.sha256(texto.encode('utf-8')).hexdigest()`.",
                   "`hashlib.sha256(text.encode('utf-8')).hexdigest()`."),
        ],
        misconceptions=[
            Misconception("hash.not_canonical", _hash_not_canonical, _about(
                "Seu JSON não é canônico: sem `sort_keys=True` a mesma entrada com as chaves em "
                "outra ordem dá outro hash, e uma auditoria falharia sem motivo.",
                "Your JSON is not canonical: without `sort_keys=True` the same entry with its "
                "keys in another order gets another hash, and an audit would fail for no "
                "reason.")),
            Misconception("hash.includes_itself", _hash_includes_itself, _about(
                "Seu hash inclui o próprio campo `hash`; ele deve cobrir o conteúdo, não a si "
                "mesmo.",
                "Your hash includes the `hash` field itself; it must cover the content, not "
                "itself.")),
            Misconception("hash.ascii_escaped", _hash_ascii_escaped, _about(
                "Acentos saíram escapados (`\\u00e3`): use `ensure_ascii=False`, como pede o "
                "enunciado.",
                "Accents came out escaped (`\\u00e3`): use `ensure_ascii=False`, as the task "
                "says.")),
        ],
    ),
    _spec(
        task="governance.audit_log",
        entry="AuditLog",
        title=_about("Tarefa 3 (trilha de auditoria)", "Task 3 (audit trail)"),
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
    ),
    _spec(
        task="governance.access_control",
        entry="AccessControl",
        title=_about("Tarefa 4 (controle de acesso)", "Task 4 (access control)"),
        points=2,
        reference="mlopskit.governance:AccessControl",
        encode=_encode_steps,
        protocol={"kind": "steps"},
        public_cases=_access_cases,
        hidden_cases=_access_hidden,
        hints=[
            _about("Guarde `{usuario: set(papeis)}`; `can` olha se algum papel concede a ação.",
                   "Keep `{user: set(roles)}`; `can` asks whether any role grants the action."),
            _about("Quem não está no dicionário não pode nada: `return False`.",
                   "Someone not in the dict may do nothing: `return False`."),
            _about("`check` devolve None quando pode e levanta `PermissionError` quando não.",
                   "`check` returns None when allowed and raises `PermissionError` when not."),
        ],
        misconceptions=[
            Misconception("access.default_allow", _AccessDefaultAllow, _about(
                "Usuários desconhecidos recebem permissão no seu código. Controle de acesso "
                "nega por padrão.",
                "Unknown users are allowed in your code. Access control denies by default.")),
            Misconception("access.unknown_role_accepted", _AccessUnknownRole, _about(
                "Seu `assign` aceita um papel que não existe; levante `ValueError` para "
                "não esconder um erro de digitação.",
                "Your `assign` accepts a role that does not exist; raise `ValueError` so a "
                "typo is not hidden.")),
            Misconception("access.check_returns_false", _AccessCheckReturns, _about(
                "Seu `check` devolve False em vez de levantar `PermissionError`; quem esquece "
                "de olhar o retorno executa a ação proibida.",
                "Your `check` returns False instead of raising `PermissionError`; a caller who "
                "forgets to look at it performs the forbidden action.")),
        ],
    ),
    _spec(
        task="governance.approval_workflow",
        entry="ApprovalWorkflow",
        title=_about("Tarefa 5 (fluxo de aprovação)", "Task 5 (approval workflow)"),
        points=3,
        reference="mlopskit.governance:ApprovalWorkflow",
        encode=_encode_steps,
        protocol={"kind": "steps"},
        public_cases=_flow_cases,
        hidden_cases=_flow_hidden,
        hints=[
            _about("Guarde por pedido: autor, situação e a lista de aprovações [etapa, quem].",
                   "Keep per request: author, status and the list of approvals [stage, who]."),
            _about("A etapa atual é `stages[len(aprovacoes)]`; outra etapa é `ValueError`.",
                   "The current stage is `stages[len(approvals)]`; any other is `ValueError`."),
            _about("Ordem das verificações: pedido aberto, etapa certa, não é o autor, não "
                   "aprovou antes, tem o papel.",
                   "Order of checks: request open, right stage, not the author, has not "
                   "approved before, holds the role."),
        ],
        misconceptions=[
            Misconception("approval.author_can_approve", _FlowAuthorApproves, _about(
                "A autora do modelo conseguiu aprovar o próprio modelo: a regra dos quatro "
                "olhos exige outra pessoa.",
                "The model's author could approve her own model: the four-eyes rule requires "
                "someone else.")),
            Misconception("approval.any_order", _FlowAnyOrder, _about(
                "Seu fluxo aceita etapas fora de ordem; a etapa de risco só vem depois da "
                "técnica.",
                "Your workflow accepts stages out of order; the risk stage comes only after the "
                "technical one.")),
            Misconception("approval.rejection_not_final", _FlowRejectionNotFinal, _about(
                "Depois de uma rejeição seu fluxo ainda aceita aprovações: a rejeição encerra o "
                "pedido.",
                "After a rejection your workflow still accepts approvals: a rejection closes "
                "the request.")),
        ],
    ),
    _spec(
        task="governance.check_compliance",
        entry="check_compliance",
        title=_about("Tarefa 6 (conformidade)", "Task 6 (compliance)"),
        points=2,
        reference="mlopskit.governance:check_compliance",
        encode=_encode_compliance,
        public_cases=_compliance_cases,
        hidden_cases=_compliance_hidden,
        hints=[
            _about("Privacidade passa quando NÃO há coluna pessoal sem justificativa; compare "
                   "em minúsculas com `PII_COLUMNS`.",
                   "Privacy passes when there is NO unjustified personal column; compare in "
                   "lower case with `PII_COLUMNS`."),
            _about("Documentação: use a sua `missing_card_fields` da tarefa 1.",
                   "Documentation: use your `missing_card_fields` from task 1."),
            _about("Viés: maior menos menor valor entre TODOS os grupos, comparado com "
                   "`max_gap`.",
                   "Bias: largest minus smallest value over ALL groups, compared with "
                   "`max_gap`."),
        ],
        misconceptions=[
            Misconception("compliance.pii_inverted", _compliance_pii_inverted, _about(
                "Sua verificação de privacidade está invertida (como no material original): "
                "ela passa quando HÁ dado pessoal e falha quando não há.",
                "Your privacy check is inverted (as in the source material): it passes when "
                "there IS personal data and fails when there is none.")),
            Misconception("compliance.pii_case_sensitive", _compliance_case_sensitive, _about(
                "Sua busca de dados pessoais diferencia maiúsculas: 'Email' escapa. Compare em "
                "minúsculas.",
                "Your personal-data search is case-sensitive: 'Email' slips through. Compare "
                "in lower case.")),
            Misconception("compliance.two_groups_only", _compliance_two_groups, _about(
                "Sua diferença entre grupos olha só os dois primeiros; use o maior menos o "
                "menor entre todos.",
                "Your group gap looks only at the first two groups; use the largest minus the "
                "smallest over all of them.")),
        ],
    ),
    _spec(
        task="governance.promote_challenger",
        entry="promote_challenger",
        title=_about("Tarefa 7 (promoção no registro)", "Task 7 (registry promotion)"),
        points=2,
        reference="mlopskit.governance:promote_challenger",
        encode=_encode_promotion,
        protocol={"kind": "function", "observe": True},
        public_cases=_promotion_cases,
        hidden_cases=_promotion_hidden,
        hints=[
            _about("Primeiro as verificações: se `approved and compliant` for falso, devolva "
                   "False sem tocar no registro.",
                   "Checks first: if `approved and compliant` is false, return False without "
                   "touching the registry."),
            _about("O champion anterior pode não existir: `get_model_version_by_alias` levanta "
                   "`MlflowException`.",
                   "There may be no champion yet: `get_model_version_by_alias` raises "
                   "`MlflowException`."),
            _about("Marque o antigo com `set_model_version_tag(..., 'archived', 'true')`, mova "
                   "`champion` e apague `challenger`.",
                   "Tag the old one with `set_model_version_tag(..., 'archived', 'true')`, move "
                   "`champion` and delete `challenger`."),
        ],
        misconceptions=[
            Misconception("promote.alias_before_checks", _promote_alias_first, _about(
                "Seu código move o alias `champion` antes de conferir aprovação e conformidade: "
                "um modelo reprovado chega à produção.",
                "Your code moves the `champion` alias before checking approval and compliance: "
                "a rejected model reaches production.")),
            Misconception("promote.keeps_challenger", _promote_keeps_challenger, _about(
                "Depois da promoção o alias `challenger` continua apontando para o novo "
                "champion; apague-o.",
                "After the promotion the `challenger` alias still points at the new champion; "
                "delete it.")),
            Misconception("promote.no_archive_tag", _promote_no_archive, _about(
                "O champion anterior não foi marcado com `archived=true`; sem isso ninguém sabe "
                "que ele saiu de produção.",
                "The previous champion was not tagged `archived=true`; without it nobody knows "
                "it left production.")),
        ],
    ),
)
