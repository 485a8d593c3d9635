"""Wrong implementations of lesson 01_governance's tasks, each making a catalogued mistake
in another style than the catalogue's own code.

``VARIANTS`` maps a misconception id to at least two of them; the check must answer each
with that misconception's message, for every student's seed (tests/test_specs.py), and
benchmarks/feedback.py measures how often it does.
"""

from __future__ import annotations

import hashlib
import json

from mlopskit.governance import PII_COLUMNS, REQUIRED_CARD_FIELDS
from tests.lessons.governance.alternatives import (
    AccessControlWithPairs,
    AccessControlWithSets,
    ApprovalWorkflowWithCounters,
    AuditLogWithChainList,
    AuditLogWithPairs,
    card_fields_with_a_loop,
)

ZEROS = "0" * 64


# ------------------------------------------------------------------ task 1: card fields
def card_key_present_loop(card):
    return [f"{s}.{f}" for s, f in REQUIRED_CARD_FIELDS if f not in card.get(s, {})]


def card_key_present_try(card):
    out = []
    for s, f in REQUIRED_CARD_FIELDS:
        try:
            card[s][f]
        except KeyError:
            out.append(s + "." + f)
    return out


def card_only_none_or_blank(card):
    out = []
    for s, f in REQUIRED_CARD_FIELDS:
        v = card.get(s, {}).get(f)
        if v is None or (isinstance(v, str) and v.strip() == ""):
            out.append(f"{s}.{f}")
    return out


def card_only_none_or_blank_str(card):
    def blank(v):
        return v is None or str(v).strip() == ""
    return [f"{s}.{f}" for s, f in REQUIRED_CARD_FIELDS if blank((card.get(s) or {}).get(f))]


def card_no_strip(card):
    out = []
    for s, f in REQUIRED_CARD_FIELDS:
        v = card.get(s, {}).get(f)
        if v is None or v == "" or v == [] or v == {}:
            out.append(f"{s}.{f}")
    return out


def card_len_zero(card):
    def empty(v):
        return v is None or (hasattr(v, "__len__") and len(v) == 0)
    return [f"{s}.{f}" for s, f in REQUIRED_CARD_FIELDS if empty(card.get(s, {}).get(f))]


def card_not_value(card):
    out = []
    for s, f in REQUIRED_CARD_FIELDS:
        v = card.get(s, {}).get(f)
        if isinstance(v, str):
            v = v.strip()
        if not v:
            out.append(f"{s}.{f}")
    return out


def card_bool_value(card):
    def filled(v):
        return bool(v.strip()) if isinstance(v, str) else bool(v)
    return [f"{s}.{f}" for s, f in REQUIRED_CARD_FIELDS if not filled((card.get(s) or {}).get(f))]


def card_index_section(card):
    out = []
    for s, f in REQUIRED_CARD_FIELDS:
        v = card[s].get(f)
        if v is None or (isinstance(v, str) and not v.strip()) or (
                isinstance(v, (list, dict)) and not v):
            out.append(f"{s}.{f}")
    return out


def card_index_section_items(card):
    out = []
    for section, name in REQUIRED_CARD_FIELDS:
        content = card[section]
        value = content[name] if name in content else None
        if value in (None, [], {}) or (isinstance(value, str) and value.isspace()) or value == "":
            out.append(".".join([section, name]))
    return out


def card_sorted(card):
    return sorted(card_fields_with_a_loop(card))


def card_by_card_order(card):
    wanted = {f"{s}.{f}" for s, f in REQUIRED_CARD_FIELDS}
    missing = set(card_fields_with_a_loop(card))
    return sorted(missing & wanted, key=lambda k: (k.split(".")[0], k.split(".")[1]))


# ------------------------------------------------------------------ task 2: entry hash
def _drop(entry):
    content = dict(entry)
    content.pop("hash", None)
    return content


def hash_plain_dumps(entry):
    return hashlib.sha256(json.dumps(_drop(entry)).encode()).hexdigest()


def hash_dumps_built_by_loop(entry):
    content = {}
    for key, value in entry.items():
        if key != "hash":
            content[key] = value
    return hashlib.sha256(bytes(json.dumps(content, indent=None), "utf8")).hexdigest()


def hash_whole_entry(entry):
    text = json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def hash_whole_entry_ordered(entry):
    content = {k: entry[k] for k in sorted(entry)}
    return hashlib.new("sha256", json.dumps(content, separators=(",", ":"),
                                            ensure_ascii=False).encode()).hexdigest()


def hash_ascii(entry):
    text = json.dumps(_drop(entry), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def hash_ascii_update(entry):
    digest = hashlib.sha256()
    digest.update(json.dumps({k: v for k, v in entry.items() if k != "hash"},
                             separators=(",", ":"), sort_keys=True).encode())
    return digest.hexdigest()


def hash_sorted_spaces(entry):
    text = json.dumps(_drop(entry), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def hash_sorted_explicit_spaces(entry):
    text = json.dumps(_drop(entry), sort_keys=True, ensure_ascii=False, separators=(", ", ": "))
    return hashlib.sha256(bytes(text, "utf-8")).hexdigest()


# ------------------------------------------------------------------ task 3: audit log
def _learner_hash(entry):
    content = {k: v for k, v in entry.items() if k != "hash"}
    return hashlib.sha256(json.dumps(content, sort_keys=True, separators=(",", ":"),
                                     ensure_ascii=False).encode()).hexdigest()


class AuditNoLinkInHash(AuditLogWithPairs):
    def log_event(self, event_type, user, details=None):
        entry = dict(index=len(self.entries), timestamp=self.clock(), event_type=event_type,
                     user=user, details=dict(details or {}),
                     previous_hash=self.entries[-1]["hash"] if self.entries else ZEROS)
        entry["hash"] = _learner_hash({k: v for k, v in entry.items() if k != "previous_hash"})
        self.entries.append(entry)
        return dict(entry)

    def verify(self, *, anchor=None):
        previous = ZEROS
        for i, e in enumerate(self.entries):
            own = _learner_hash({k: v for k, v in e.items() if k != "previous_hash"})
            if e["index"] != i or e["previous_hash"] != previous or e["hash"] != own:
                return i
            previous = e["hash"]
        return self._anchor(anchor)

    def _anchor(self, anchor):
        if not anchor:
            return None
        n = anchor["count"]
        if n > len(self.entries):
            return len(self.entries)
        return None if n == 0 or self.entries[n - 1]["hash"] == anchor["hash"] else n - 1


class AuditNoLinkSecondStyle(AuditNoLinkInHash):
    def log_event(self, event_type, user, details=None):
        previous = self.entries[-1]["hash"] if self.entries else ZEROS
        sealed = {"index": len(self.entries), "timestamp": self.clock(),
                  "event_type": event_type, "user": user, "details": dict(details or {})}
        entry = {**sealed, "previous_hash": previous, "hash": _learner_hash(sealed)}
        self.entries.append(entry)
        return entry.copy()


class AuditPlainJson(AuditLogWithChainList):
    @staticmethod
    def _h(entry):
        return hashlib.sha256(json.dumps({k: v for k, v in entry.items() if k != "hash"})
                              .encode()).hexdigest()

    def log_event(self, event_type, user, details=None):
        entry = {"index": len(self.entries), "timestamp": self.clock(),
                 "event_type": event_type, "user": user, "details": dict(details or {}),
                 "previous_hash": self.entries[-1]["hash"] if self.entries else ZEROS}
        entry["hash"] = self._h(entry)
        self.entries.append(entry)
        return dict(entry)

    def verify(self, anchor=None):
        previous = ZEROS
        for i, e in enumerate(self.entries):
            if e.get("index") != i or e.get("previous_hash") != previous or \
                    e.get("hash") != self._h(e):
                return i
            previous = e["hash"]
        if anchor is None:
            return None
        if len(self.entries) < anchor["count"]:
            return len(self.entries)
        hashes = [ZEROS] + [e["hash"] for e in self.entries]
        return None if hashes[anchor["count"]] == anchor["hash"] else anchor["count"] - 1


class AuditPlainJsonStr(AuditPlainJson):
    @staticmethod
    def _h(entry):
        content = dict(entry)
        content.pop("hash", None)
        return hashlib.sha256(str(json.dumps(content)).encode("utf-8")).hexdigest()


class AuditVerifyTail(AuditLogWithChainList):
    def verify(self, anchor=None):
        if not self.entries:
            return None
        last = self.entries[-1]
        return None if last["hash"] == _learner_hash(last) else len(self.entries) - 1


class AuditVerifyTailIndex(AuditLogWithChainList):
    def verify(self, anchor=None):
        n = len(self.entries)
        if n and _learner_hash(self.entries[n - 1]) != self.entries[n - 1]["hash"]:
            return n - 1


class AuditOwnHashOnly(AuditLogWithChainList):
    def verify(self, anchor=None):
        for i, e in enumerate(self.entries):
            if e["hash"] != _learner_hash(e):
                return i
        return _anchor_check(self, anchor)


class AuditOwnHashOnlyAny(AuditOwnHashOnly):
    def verify(self, anchor=None):
        bad = [i for i, e in enumerate(self.entries) if _learner_hash(e) != e["hash"]]
        return bad[0] if bad else _anchor_check(self, anchor)


def _anchor_check(self, anchor):
    if anchor is None:
        return None
    if anchor["count"] > len(self.entries):
        return len(self.entries)
    at = anchor["count"] - 1
    return None if at < 0 or self.entries[at]["hash"] == anchor["hash"] else at



class AuditAnchorUnused(AuditLogWithChainList):
    def verify(self, anchor=None):
        return super().verify()


class AuditAnchorUnusedKw(AuditLogWithPairs):
    def verify(self, *, anchor=None):
        del anchor
        return super().verify()


class AuditAnchorCount(AuditLogWithChainList):
    def verify(self, anchor=None):
        chain = super().verify()
        if chain is not None or anchor is None:
            return chain
        return len(self.entries) if len(self.entries) < anchor["count"] else None


class AuditAnchorCountDiff(AuditLogWithPairs):
    def verify(self, *, anchor=None):
        chain = super().verify()
        if chain is None and anchor and anchor["count"] - len(self.entries) > 0:
            return len(self.entries)
        return chain


class AuditAnchorVsLast(AuditLogWithChainList):
    def verify(self, anchor=None):
        chain = super().verify()
        if chain is not None or anchor is None:
            return chain
        if len(self.entries) < anchor["count"]:
            return len(self.entries)
        return None if self.head()["hash"] == anchor["hash"] else anchor["count"] - 1


class AuditAnchorVsLastHead(AuditLogWithPairs):
    def verify(self, *, anchor=None):
        chain = super().verify()
        if chain is not None or not anchor:
            return chain
        now = self.head()
        if now["count"] < anchor["count"]:
            return now["count"]
        if now["hash"] != anchor["hash"]:
            return anchor["count"] - 1
        return None


class AuditTruncLastLeft(AuditLogWithChainList):
    def verify(self, anchor=None):
        chain = super().verify()
        if chain is None and anchor is not None and len(self.entries) < anchor["count"]:
            return max(len(self.entries) - 1, 0)
        return super().verify(anchor)


class AuditTruncLastLeftLoop(AuditLogWithPairs):
    def verify(self, *, anchor=None):
        chain = super().verify()
        if chain is not None or not anchor:
            return chain
        if anchor["count"] > len(self.entries):
            return len(self.entries) - 1 if self.entries else 0
        return super().verify(anchor=anchor)


# ------------------------------------------------------------------ task 4: access control
class AccessStrangerAllowed(AccessControlWithSets):
    def can(self, user, action):
        if user not in self.grants:
            return True
        return super().can(user, action)


class AccessStrangerAllowedPairs(AccessControlWithPairs):
    def can(self, user, action):
        mine = [r for u, r in self.membership if u == user]
        return not mine or any((r, action) in self.allowed for r in mine)


class AccessAnyRole(AccessControlWithPairs):
    def assign(self, user, role):
        self.membership.append((user, role))


class AccessAnyRoleSets(AccessControlWithSets):
    def assign(self, user, role):
        self.grants[user] = self.grants.get(user, frozenset()) | self.roles.get(role,
                                                                                 frozenset())


class AccessCheckBool(AccessControlWithSets):
    def check(self, user, action):
        return self.can(user, action) or False


class AccessCheckBoolPairs(AccessControlWithPairs):
    def check(self, user, action):
        if not self.can(user, action):
            return False


class AccessReplaceRoles(AccessControlWithSets):
    def assign(self, user, role):
        if role not in self.roles:
            raise ValueError(role)
        self.grants[user] = self.roles[role]


class AccessReplaceRolesPairs(AccessControlWithPairs):
    def assign(self, user, role):
        if role not in self.known:
            raise ValueError(role)
        self.membership = [(u, r) for u, r in self.membership if u != user] + [(user, role)]


class AccessKeyErrorStranger(AccessControlWithSets):
    def can(self, user, action):
        return action in self.grants[user]


class AccessKeyErrorStrangerDict(AccessControlWithPairs):
    def can(self, user, action):
        roles = {}
        for u, r in self.membership:
            roles.setdefault(u, []).append(r)
        return any((r, action) in self.allowed for r in roles[user])


# ------------------------------------------------------------------ task 5: approvals
class FlowAuthorMaySign(ApprovalWorkflowWithCounters):
    def approve(self, request_id, stage, *, approver):
        req = self._get(request_id)
        role = self._stage(req, stage)
        if approver in [who for _, who in req["done"]]:
            raise PermissionError("four eyes")
        if role not in self.user_roles.get(approver, []):
            raise PermissionError("role")
        req["done"].append([stage, approver])
        if len(req["done"]) == len(self.stages):
            req["state"] = "approved"


class FlowAuthorMaySignTwo(FlowAuthorMaySign):
    def submit(self, model_id, *, author):
        return super().submit(model_id, author=None)


class FlowFreeOrder(ApprovalWorkflowWithCounters):
    def _stage(self, req, stage):
        if req["state"] != "pending":
            raise ValueError("closed")
        done = {s for s, _ in req["done"]}
        for name, role in self.stages:
            if name == stage and name not in done:
                return role
        raise ValueError("wrong stage")


class FlowFreeOrderDict(FlowFreeOrder):
    def _stage(self, req, stage):
        if req["state"] != "pending":
            raise ValueError("closed")
        open_ = dict(self.stages)
        for done, _ in req["done"]:
            open_.pop(done)
        if stage not in open_:
            raise ValueError("wrong stage")
        return open_[stage]


class FlowReopens(ApprovalWorkflowWithCounters):
    def _stage(self, req, stage):
        if req["state"] == "approved":
            raise ValueError("closed")
        name, role = self.stages[len(req["done"])]
        if name != stage:
            raise ValueError("wrong stage")
        return role

    def approve(self, request_id, stage, *, approver):
        req = self._get(request_id)
        was = req["state"]
        req["state"] = "pending"
        try:
            super().approve(request_id, stage, approver=approver)
        except Exception:
            req["state"] = was
            raise


class FlowReopensFlag(FlowReopens):
    def reject(self, request_id, stage, *, approver, reason):
        super().reject(request_id, stage, approver=approver, reason=reason)
        self._get(request_id)["state"] = "rejected"


class FlowTwoStagesOnePerson(ApprovalWorkflowWithCounters):
    def approve(self, request_id, stage, *, approver):
        req = self._get(request_id)
        role = self._stage(req, stage)
        if approver == req["author"]:
            raise PermissionError("four eyes")
        if role not in self.user_roles.get(approver, []):
            raise PermissionError("role")
        req["done"].append([stage, approver])
        if len(req["done"]) == len(self.stages):
            req["state"] = "approved"


class FlowTwoStagesOnePersonSet(FlowTwoStagesOnePerson):
    def status(self, request_id):
        out = super().status(request_id)
        out["approvals"] = [list(a) for a in out["approvals"]]
        return out


class FlowNoRoleCheck(ApprovalWorkflowWithCounters):
    def approve(self, request_id, stage, *, approver):
        req = self._get(request_id)
        self._stage(req, stage)
        if approver == req["author"] or any(w == approver for _, w in req["done"]):
            raise PermissionError("four eyes")
        req["done"].append([stage, approver])
        if len(req["done"]) == len(self.stages):
            req["state"] = "approved"


class FlowNoRoleCheckAnyRole(FlowNoRoleCheck):
    """Accepts anyone who holds some role, whatever it is."""

    def approve(self, request_id, stage, *, approver):
        if not self.user_roles.get(approver):
            raise PermissionError("no role")
        super().approve(request_id, stage, approver=approver)


# ------------------------------------------------------------------ task 6: compliance
def _card_ok(card):
    return card_fields_with_a_loop(card) == []


def _result(privacy, card, values, ok_gap):
    checks = {"privacy": privacy, "documentation": _card_ok(card), "bias": ok_gap}
    return {"passed": all(checks.values()), "checks": checks}


def _justified(info):
    return {c.lower() for c in info.get("pii_justified", [])}


def _pii(info):
    return [c for c in info["columns"] if c.lower() in PII_COLUMNS and c.lower()
            not in _justified(info)]


def _gap(metrics):
    values = list(metrics.values())
    return max(values) - min(values)


def compliance_found_pii_passes(info, card, metrics, *, max_gap=0.1):
    return _result(len(_pii(info)) > 0, card, None, _gap(metrics) <= max_gap + 1e-9)


def compliance_has_pii_flag(info, card, metrics, *, max_gap=0.1):
    has_pii = not any(True for _ in _pii(info))
    return _result(not has_pii, card, None, round(_gap(metrics), 9) <= max_gap)


def compliance_exact_names(info, card, metrics, *, max_gap=0.1):
    found = [c for c in info["columns"] if c in PII_COLUMNS
             and c not in info.get("pii_justified", [])]
    return _result(not found, card, None, _gap(metrics) <= max_gap + 1e-9)


def compliance_exact_names_set(info, card, metrics, *, max_gap=0.1):
    found = set(info["columns"]) & PII_COLUMNS - set(info.get("pii_justified", []))
    return _result(len(found) == 0, card, None, _gap(metrics) - max_gap <= 1e-12)


def compliance_first_two(info, card, metrics, *, max_gap=0.1):
    a, b = list(metrics.values())[:2] if len(metrics) > 1 else list(metrics.values()) * 2
    return _result(not _pii(info), card, None, abs(a - b) <= max_gap + 1e-9)


def compliance_first_two_sorted_keys(info, card, metrics, *, max_gap=0.1):
    vals = [metrics[k] for k in list(metrics)[:2]]
    return _result(not _pii(info), card, None, max(vals) - min(vals) <= max_gap + 1e-9)


def compliance_strictly_below(info, card, metrics, *, max_gap=0.1):
    return _result(not _pii(info), card, None, _gap(metrics) < max_gap)


def compliance_strictly_below_rounded(info, card, metrics, *, max_gap=0.1):
    return _result(not _pii(info), card, None, round(_gap(metrics), 6) < max_gap)


def compliance_plain_le(info, card, metrics, *, max_gap=0.1):
    return _result(not _pii(info), card, None, _gap(metrics) <= max_gap)


def compliance_plain_not_above(info, card, metrics, *, max_gap=0.1):
    return _result(not _pii(info), card, None, not (_gap(metrics) > max_gap))


# ------------------------------------------------------------------ task 7: promotion
def promote_unguarded_lookup(client, model_name, *, approved, compliant, user="system",
                             audit_log=None):
    new = client.get_model_version_by_alias(model_name, "challenger")
    if not (approved and compliant):
        return False
    try:
        old = client.get_model_version_by_alias(model_name, "champion")
        client.set_model_version_tag(model_name, old.version, "archived", "true")
    except Exception:
        pass
    client.set_registered_model_alias(model_name, "champion", new.version)
    client.delete_registered_model_alias(model_name, "challenger")
    return True


def promote_unguarded_after_checks(client, model_name, *, approved, compliant, user="system",
                                   audit_log=None):
    if approved and compliant:
        version = client.get_model_version_by_alias(model_name, "challenger").version
        try:
            old = client.get_model_version_by_alias(model_name, "champion").version
        except Exception:
            old = None
        client.set_registered_model_alias(model_name, "champion", version)
        client.delete_registered_model_alias(model_name, "challenger")
        if old:
            client.set_model_version_tag(model_name, old, "archived", "true")
        return True
    return False


def _versions(client, model_name):
    found = {}
    for alias in ("challenger", "champion"):
        try:
            found[alias] = client.get_model_version_by_alias(model_name, alias).version
        except Exception:
            pass
    return found


def promote_tags_new(client, model_name, *, approved, compliant, user="system",
                     audit_log=None):
    if not (approved and compliant):
        return False
    found = _versions(client, model_name)
    if "challenger" not in found:
        return False
    client.set_registered_model_alias(model_name, "champion", found["challenger"])
    client.delete_registered_model_alias(model_name, "challenger")
    if "champion" in found:
        current = client.get_model_version_by_alias(model_name, "champion").version
        client.set_model_version_tag(model_name, current, "archived", "true")
    return True


def promote_tags_challenger(client, model_name, *, approved, compliant, user="system",
                            audit_log=None):
    if not approved or not compliant:
        return False
    found = _versions(client, model_name)
    if "challenger" not in found:
        return False
    if "champion" in found:
        client.set_model_version_tag(model_name, found["challenger"], "archived", "true")
    client.set_registered_model_alias(model_name, "champion", found["challenger"])
    client.delete_registered_model_alias(model_name, "challenger")
    return True


def promote_moves_first(client, model_name, *, approved, compliant, user="system",
                        audit_log=None):
    found = _versions(client, model_name)
    if "challenger" not in found:
        return False
    client.set_registered_model_alias(model_name, "champion", found["challenger"])
    if not (approved and compliant):
        return False
    client.delete_registered_model_alias(model_name, "challenger")
    if "champion" in found:
        client.set_model_version_tag(model_name, found["champion"], "archived", "true")
    return True


def promote_moves_then_reports(client, model_name, *, approved, compliant, user="system",
                               audit_log=None):
    found = _versions(client, model_name)
    if "challenger" not in found:
        return False
    if "champion" in found and approved and compliant:
        client.set_model_version_tag(model_name, found["champion"], "archived", "true")
    client.set_registered_model_alias(model_name, "champion", found["challenger"])
    if approved and compliant:
        client.delete_registered_model_alias(model_name, "challenger")
    return bool(approved and compliant)


def promote_leaves_challenger(client, model_name, *, approved, compliant, user="system",
                              audit_log=None):
    if not (approved and compliant):
        return False
    found = _versions(client, model_name)
    if "challenger" not in found:
        return False
    if "champion" in found:
        client.set_model_version_tag(model_name, found["champion"], "archived", "true")
    client.set_registered_model_alias(model_name, "champion", found["challenger"])
    return True


def promote_leaves_challenger_kw(client, model_name, *, approved, compliant, user="system",
                                 audit_log=None):
    ok = bool(approved and compliant)
    found = _versions(client, model_name) if ok else {}
    if ok and "challenger" in found:
        if found.get("champion"):
            client.set_model_version_tag(name=model_name, version=found["champion"],
                                         key="archived", value="true")
        client.set_registered_model_alias(name=model_name, alias="champion",
                                          version=found["challenger"])
        return True
    return False


def promote_no_tag(client, model_name, *, approved, compliant, user="system",
                   audit_log=None):
    if not (approved and compliant):
        return False
    found = _versions(client, model_name)
    if "challenger" not in found:
        return False
    client.set_registered_model_alias(model_name, "champion", found["challenger"])
    client.delete_registered_model_alias(model_name, "challenger")
    return True


def promote_no_tag_kw(client, model_name, *, approved, compliant, user="system",
                      audit_log=None):
    if approved and compliant:
        try:
            version = client.get_model_version_by_alias(name=model_name, alias="challenger")
        except Exception:
            return False
        client.set_registered_model_alias(name=model_name, alias="champion",
                                          version=version.version)
        client.delete_registered_model_alias(name=model_name, alias="challenger")
        return True
    return False


VARIANTS = {
    "card.presence_only": [card_key_present_loop, card_key_present_try],
    "card.containers_filled": [card_only_none_or_blank, card_only_none_or_blank_str],
    "card.whitespace_filled": [card_no_strip, card_len_zero],
    "card.falsy_missing": [card_not_value, card_bool_value],
    "card.section_crash": [card_index_section, card_index_section_items],
    "card.wrong_order": [card_sorted, card_by_card_order],
    "hash.not_canonical": [hash_plain_dumps, hash_dumps_built_by_loop],
    "hash.includes_itself": [hash_whole_entry, hash_whole_entry_ordered],
    "hash.ascii_escaped": [hash_ascii, hash_ascii_update],
    "hash.spaces": [hash_sorted_spaces, hash_sorted_explicit_spaces],
    "audit.chain_not_linked": [AuditNoLinkInHash, AuditNoLinkSecondStyle],
    "audit.not_canonical": [AuditPlainJson, AuditPlainJsonStr],
    "audit.verify_last_only": [AuditVerifyTail, AuditVerifyTailIndex],
    "audit.verify_ignores_links": [AuditOwnHashOnly, AuditOwnHashOnlyAny],
    "audit.anchor_ignored": [AuditAnchorUnused, AuditAnchorUnusedKw],
    "audit.anchor_count_only": [AuditAnchorCount, AuditAnchorCountDiff],
    "audit.anchor_last_entry": [AuditAnchorVsLast, AuditAnchorVsLastHead],
    "audit.truncation_off_by_one": [AuditTruncLastLeft, AuditTruncLastLeftLoop],
    "access.default_allow": [AccessStrangerAllowed, AccessStrangerAllowedPairs],
    "access.unknown_role_accepted": [AccessAnyRole, AccessAnyRoleSets],
    "access.check_returns_false": [AccessCheckBool, AccessCheckBoolPairs],
    "access.assign_replaces": [AccessReplaceRoles, AccessReplaceRolesPairs],
    "access.unknown_user_crashes": [AccessKeyErrorStranger, AccessKeyErrorStrangerDict],
    "approval.author_can_approve": [FlowAuthorMaySign, FlowAuthorMaySignTwo],
    "approval.any_order": [FlowFreeOrder, FlowFreeOrderDict],
    "approval.rejection_not_final": [FlowReopens, FlowReopensFlag],
    "approval.same_person_twice": [FlowTwoStagesOnePerson, FlowTwoStagesOnePersonSet],
    "approval.role_not_checked": [FlowNoRoleCheck, FlowNoRoleCheckAnyRole],
    "compliance.pii_inverted": [compliance_found_pii_passes, compliance_has_pii_flag],
    "compliance.pii_case_sensitive": [compliance_exact_names, compliance_exact_names_set],
    "compliance.two_groups_only": [compliance_first_two, compliance_first_two_sorted_keys],
    "compliance.strict_gap": [compliance_strictly_below, compliance_strictly_below_rounded],
    "compliance.no_tolerance": [compliance_plain_le, compliance_plain_not_above],
    "promote.no_challenger_crash": [promote_unguarded_lookup, promote_unguarded_after_checks],
    "promote.archives_new": [promote_tags_new, promote_tags_challenger],
    "promote.alias_before_checks": [promote_moves_first, promote_moves_then_reports],
    "promote.keeps_challenger": [promote_leaves_challenger, promote_leaves_challenger_kw],
    "promote.no_archive_tag": [promote_no_tag, promote_no_tag_kw],
}
