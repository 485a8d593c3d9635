"""Correct implementations of lesson 01_governance's tasks, written differently from the reference.

A check must accept every one of them: they follow the task text but take another
route (pandas instead of numpy, a loop instead of a vectorised expression, a library
instead of a hand formula). ``ALTERNATIVES`` maps each task id to at least two of them.
"""

from __future__ import annotations

import hashlib as _hashlib
import json as _json

from mlopskit.governance import PII_COLUMNS, REQUIRED_CARD_FIELDS


def card_fields_with_a_loop(card):
    missing = []
    for section, name in REQUIRED_CARD_FIELDS:
        value = (card.get(section) or {}).get(name)
        if value is None or (isinstance(value, str) and value.strip() == "") or \
                (isinstance(value, (list, dict)) and not value):
            missing.append(section + "." + name)
    return missing


def card_fields_with_a_filter(card):
    def empty(v):
        return not (v.strip() if isinstance(v, str) else v) and v != 0

    return [f"{s}.{f}" for s, f in REQUIRED_CARD_FIELDS if empty(card.get(s, {}).get(f))]


def hash_with_hashlib_update(entry):
    digest = _hashlib.sha256()
    content = dict(entry)
    content.pop("hash", None)
    digest.update(_json.dumps(content, ensure_ascii=False, sort_keys=True,
                              separators=(",", ":")).encode())
    return digest.hexdigest()


def hash_with_sorted_items(entry):
    content = {key: entry[key] for key in sorted(entry) if key != "hash"}
    text = _json.dumps(content, separators=(",", ":"), ensure_ascii=False, sort_keys=True)
    return _hashlib.new("sha256", text.encode("utf-8")).hexdigest()


class AuditLogWithChainList:
    """Keeps the hashes in a second list as well; verifies by rebuilding the chain."""

    def __init__(self, *, clock=None):
        self.clock = clock
        self.entries = []

    def log_event(self, event_type, user, details=None):
        entry = {"index": len(self.entries), "timestamp": self.clock(),
                 "event_type": event_type, "user": user,
                 "details": _json.loads(_json.dumps(details or {})),
                 "previous_hash": self.entries[-1]["hash"] if self.entries else "0" * 64}
        entry["hash"] = hash_with_sorted_items(entry)
        self.entries.append(entry)
        return dict(entry)

    def head(self):
        return {"count": len(self.entries),
                "hash": self.entries[-1]["hash"] if self.entries else "0" * 64}

    def verify(self, anchor=None):
        expected_previous = "0" * 64
        for position, entry in enumerate(self.entries):
            ok = (entry.get("index") == position
                  and entry.get("previous_hash") == expected_previous
                  and entry.get("hash") == hash_with_sorted_items(entry))
            if not ok:
                return position
            expected_previous = entry["hash"]
        if anchor is None:
            return None
        count = anchor["count"]
        if len(self.entries) < count:
            return len(self.entries)
        hashes = ["0" * 64] + [e["hash"] for e in self.entries]
        return None if hashes[count] == anchor["hash"] else count - 1


class AuditLogWithPairs:
    """Checks each consecutive pair, then the entry's own hash."""

    def __init__(self, *, clock=None):
        self.clock = clock
        self.entries = []

    def log_event(self, event_type, user, details=None):
        previous = self.entries[-1]["hash"] if self.entries else "0" * 64
        entry = dict(index=len(self.entries), timestamp=self.clock(), event_type=event_type,
                     user=user, details=dict(details or {}), previous_hash=previous)
        entry["hash"] = hash_with_hashlib_update(entry)
        self.entries.append(entry)
        return entry.copy()

    def head(self):
        last = self.entries[len(self.entries) - 1]["hash"] if len(self.entries) else None
        return dict(count=len(self.entries), hash=last or "0" * 64)

    def verify(self, *, anchor=None):
        for i, entry in enumerate(self.entries):
            previous = self.entries[i - 1]["hash"] if i else "0" * 64
            if entry["index"] != i or entry["previous_hash"] != previous:
                return i
            if hash_with_hashlib_update(entry) != entry["hash"]:
                return i
        if anchor:
            n, anchored = anchor["count"], anchor["hash"]
            if n > len(self.entries):
                return len(self.entries)
            if n > 0 and self.entries[n - 1]["hash"] != anchored:
                return n - 1
        return None


class AccessControlWithSets:
    def __init__(self, roles):
        self.roles = {name: frozenset(actions) for name, actions in roles.items()}
        self.grants = {}

    def assign(self, user, role):
        if role not in self.roles:
            raise ValueError(f"unknown role {role}")
        self.grants[user] = self.grants.get(user, frozenset()) | self.roles[role]

    def can(self, user, action):
        return action in self.grants.get(user, frozenset())

    def check(self, user, action):
        if not self.can(user, action):
            raise PermissionError(f"{user} may not {action}")


class AccessControlWithPairs:
    def __init__(self, roles):
        self.allowed = {(r, a) for r, actions in roles.items() for a in actions}
        self.known = set(roles)
        self.membership = []

    def assign(self, user, role):
        if role not in self.known:
            raise ValueError(role)
        self.membership.append((user, role))

    def can(self, user, action):
        return any((role, action) in self.allowed for u, role in self.membership if u == user)

    def check(self, user, action):
        if self.can(user, action):
            return None
        raise PermissionError(action)


class ApprovalWorkflowWithCounters:
    def __init__(self, stages, *, user_roles):
        self.stages = list(stages)
        self.user_roles = user_roles
        self.requests = []

    def submit(self, model_id, *, author):
        self.requests.append({"author": author, "done": [], "state": "pending"})
        return f"req-{len(self.requests)}"

    def _get(self, request_id):
        return self.requests[int(request_id.split("-")[1]) - 1]

    def _stage(self, req, stage):
        if req["state"] != "pending":
            raise ValueError("closed")
        name, role = self.stages[len(req["done"])]
        if name != stage:
            raise ValueError("wrong stage")
        return role

    def approve(self, request_id, stage, *, approver):
        req = self._get(request_id)
        role = self._stage(req, stage)
        if approver == req["author"] or approver in [who for _, who in req["done"]]:
            raise PermissionError("four eyes")
        if role not in self.user_roles.get(approver, []):
            raise PermissionError("role")
        req["done"].append([stage, approver])
        if len(req["done"]) == len(self.stages):
            req["state"] = "approved"

    def reject(self, request_id, stage, *, approver, reason):
        req = self._get(request_id)
        role = self._stage(req, stage)
        if role not in self.user_roles.get(approver, []):
            raise PermissionError("role")
        req["state"] = "rejected"

    def status(self, request_id):
        req = self._get(request_id)
        pending = req["state"] == "pending"
        return {"status": req["state"], "approvals": [list(x) for x in req["done"]],
                "next_stage": self.stages[len(req["done"])][0] if pending else None}


class ApprovalWorkflowWithHistory(ApprovalWorkflowWithCounters):
    """The same rules, with the request state kept as an event history."""

    def status(self, request_id):
        req = self._get(request_id)
        history = [("approved", s, who) for s, who in req["done"]]
        state = req["state"]
        return {"status": state, "approvals": [[s, who] for _, s, who in history],
                "next_stage": None if state != "pending" else self.stages[len(history)][0]}


def compliance_with_sets(data_info, model_card, group_metrics, *, max_gap=0.1):
    justified = {c.lower() for c in data_info.get("pii_justified", [])}
    lowered = {c.lower() for c in data_info["columns"]}
    privacy = not ((lowered & PII_COLUMNS) - justified)
    documentation = card_fields_with_a_loop(model_card) == []
    bias = max(group_metrics.values()) - min(group_metrics.values()) <= max_gap + 1e-9
    checks = {"privacy": privacy, "documentation": documentation, "bias": bias}
    return {"passed": privacy and documentation and bias, "checks": checks}


def compliance_as_object(data_info, model_card, group_metrics, *, max_gap=0.1):
    from types import SimpleNamespace

    values = sorted(group_metrics.values())
    pii = [c for c in data_info["columns"] if c.casefold() in PII_COLUMNS
           and c.casefold() not in [j.casefold() for j in data_info.get("pii_justified", [])]]
    checks = {"privacy": len(pii) == 0,
              "documentation": not card_fields_with_a_filter(model_card),
              "bias": round(values[-1] - values[0], 9) <= max_gap}
    return SimpleNamespace(passed=all(checks.values()), checks=checks, reasons=[])


def promote_checking_first(client, model_name, *, approved, compliant, user="system",
                           audit_log=None):
    if not approved or not compliant:
        return False
    try:
        new = client.get_model_version_by_alias(model_name, "challenger").version
    except Exception:
        return False
    try:
        old = client.get_model_version_by_alias(model_name, "champion").version
    except Exception:
        old = None
    client.set_registered_model_alias(model_name, "champion", new)
    client.delete_registered_model_alias(model_name, "challenger")
    if old is not None:
        client.set_model_version_tag(model_name, old, "archived", "true")
    return True


def promote_with_keywords(client, model_name, *, approved, compliant, user="system",
                          audit_log=None):
    ready = bool(approved) and bool(compliant)
    if ready:
        aliases = {}
        for alias in ("challenger", "champion"):
            try:
                aliases[alias] = client.get_model_version_by_alias(model_name, alias)
            except Exception:
                pass
        ready = "challenger" in aliases
    if ready:
        challenger = client.get_model_version_by_alias(name=model_name, alias="challenger")
        try:
            champion = client.get_model_version_by_alias(name=model_name, alias="champion")
            client.set_model_version_tag(name=model_name, version=champion.version,
                                         key="archived", value="true")
        except Exception:
            pass
        client.set_registered_model_alias(name=model_name, alias="champion",
                                          version=challenger.version)
        client.delete_registered_model_alias(name=model_name, alias="challenger")
    return ready


ALTERNATIVES = {
    "governance.missing_card_fields": [card_fields_with_a_loop, card_fields_with_a_filter],
    "governance.entry_hash": [hash_with_hashlib_update, hash_with_sorted_items],
    "governance.audit_log": [AuditLogWithChainList, AuditLogWithPairs],
    "governance.access_control": [AccessControlWithSets, AccessControlWithPairs],
    "governance.approval_workflow": [ApprovalWorkflowWithCounters, ApprovalWorkflowWithHistory],
    "governance.check_compliance": [compliance_with_sets, compliance_as_object],
    "governance.promote_challenger": [promote_checking_first, promote_with_keywords],
}
