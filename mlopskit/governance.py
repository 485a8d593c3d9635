"""Model governance: the reference solutions behind lesson 01.

A model card with the sections of Mitchell et al. (2019); an append-only audit trail
whose entries are hash-chained, so that an edit, removal or reordering inside the trail is
found, and whose head can be anchored outside the writer's reach, so that a cut-off tail or
a rewritten chain is found too; role-based
access control whose refusals are themselves audited; a multi-stage approval workflow with
the four-eyes rule; a compliance check; and promotion in the MLflow model registry with
aliases (``challenger`` -> ``champion``) and tags, only when the policy passes.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from pathlib import Path

__all__ = [
    "canonical_json",
    "MODEL_CARD_SECTIONS",
    "REQUIRED_CARD_FIELDS",
    "ModelCard",
    "AuditLog",
    "GENESIS_HASH",
    "entry_hash",
    "missing_card_fields",
    "DEFAULT_ROLES",
    "AccessControl",
    "ApprovalWorkflow",
    "PII_COLUMNS",
    "GAP_TOLERANCE",
    "ComplianceReport",
    "check_compliance",
    "register_challenger",
    "promote_challenger",
]


def canonical_json(obj):
    """One text for one value: sorted keys, no spaces, UTF-8 kept.

    Canonical for the values an audit entry holds (strings, integers, booleans, None, and
    lists and dicts of them with string keys): there, equal values give equal text.
    It is not a general canonical form: floats are written as Python writes them, and
    NaN and infinity are refused. RFC 8785 (JSON Canonicalization Scheme) defines one for
    any JSON value.

    Examples
    --------
    >>> canonical_json({"b": 1, "a": [1, 2]}) == canonical_json({"a": [1, 2], "b": 1})
    True
    """
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)


# ----------------------------------------------------------------------- model card
MODEL_CARD_SECTIONS = (
    "model_details", "intended_use", "factors", "metrics", "evaluation_data",
    "training_data", "quantitative_analyses", "ethical_considerations",
    "caveats_and_recommendations",
)

#: Fields a card must fill before it can be approved, as (section, field).
REQUIRED_CARD_FIELDS = (
    ("model_details", "name"), ("model_details", "version"), ("model_details", "owner"),
    ("intended_use", "primary_uses"), ("intended_use", "out_of_scope_uses"),
    ("metrics", "performance_measures"), ("evaluation_data", "description"),
    ("training_data", "description"), ("ethical_considerations", "risks"),
)

def _empty(value):
    return value is None or (isinstance(value, (str, list, dict, tuple)) and len(value) == 0) \
        or (isinstance(value, str) and not value.strip())


def missing_card_fields(card):
    """Required fields of a model card (a dict of sections) that are missing or empty.

    A field counts as missing when its section or key is absent, or its value is None,
    a blank string, or an empty list or dict. Returned as ``"section.field"`` in the
    order of ``REQUIRED_CARD_FIELDS``.

    Examples
    --------
    >>> missing_card_fields({"model_details": {"name": "m", "version": " "}})[:2]
    ['model_details.version', 'model_details.owner']
    """
    if not isinstance(card, dict):
        raise TypeError(f"`card` must be a dict of sections, got {type(card).__name__}.")
    out = []
    for section, name in REQUIRED_CARD_FIELDS:
        content = card.get(section)
        value = content.get(name) if isinstance(content, dict) else None
        if _empty(value):
            out.append(f"{section}.{name}")
    return out


@dataclass
class ModelCard:
    """A model card (Mitchell et al., 2019): one dict per section.

    Examples
    --------
    >>> card = ModelCard(model_details={"name": "credit", "version": "1"})
    >>> "model_details.owner" in card.validate()
    True
    >>> ModelCard.from_dict(card.to_dict()) == card
    True
    """

    model_details: dict = field(default_factory=dict)
    intended_use: dict = field(default_factory=dict)
    factors: dict = field(default_factory=dict)
    metrics: dict = field(default_factory=dict)
    evaluation_data: dict = field(default_factory=dict)
    training_data: dict = field(default_factory=dict)
    quantitative_analyses: dict = field(default_factory=dict)
    ethical_considerations: dict = field(default_factory=dict)
    caveats_and_recommendations: dict = field(default_factory=dict)

    def __post_init__(self):
        for f in fields(self):
            if not isinstance(getattr(self, f.name), dict):
                raise TypeError(f"section `{f.name}` must be a dict, got "
                                f"{type(getattr(self, f.name)).__name__}.")

    def validate(self):
        """The required fields that are missing or empty, as ``"section.field"``."""
        return missing_card_fields(self.to_dict())

    def to_dict(self):
        """A plain dict with every section, in the paper's order."""
        return {section: json.loads(canonical_json(getattr(self, section)))
                for section in MODEL_CARD_SECTIONS}

    @classmethod
    def from_dict(cls, data):
        """Rebuild a card; unknown sections are an error that names them."""
        if not isinstance(data, dict):
            raise TypeError(f"`data` must be a dict, got {type(data).__name__}.")
        unknown = sorted(set(data) - set(MODEL_CARD_SECTIONS))
        if unknown:
            raise ValueError(f"unknown model card section(s) {unknown}; the sections are "
                             f"{list(MODEL_CARD_SECTIONS)}.")
        return cls(**{k: dict(v) for k, v in data.items()})

    def to_json(self, path):
        """Write the card as JSON (UTF-8) and return the path."""
        path = Path(path)
        path.write_text(json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
        return path

    @classmethod
    def from_json(cls, path):
        """Read a card written by :meth:`to_json`."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except ValueError as exc:
            raise ValueError(f"{path}: not a JSON model card ({exc})") from None
        return cls.from_dict(data)

    def digest(self):
        """SHA-256 of the card's canonical JSON: changes whenever any field changes."""
        return hashlib.sha256(canonical_json(self.to_dict()).encode()).hexdigest()

    def to_markdown(self, *, lang=None):
        """The card as Markdown, one heading per section, in ``lang`` ("pt" or "en";
        the notebook's language by default). Field names and values are shown as
        written."""
        from mlopskit.texts import for_lesson

        T = for_lesson("governance", lang=lang)
        name = self.model_details.get("name", T("card_unnamed"))
        lines = [T("card_title", name=name), ""]
        for section in MODEL_CARD_SECTIONS:
            lines += [f"## {T('section_' + section)}", ""]
            content = getattr(self, section)
            if not content:
                lines += [T("card_not_documented"), ""]
                continue
            for key, value in content.items():
                label = key.replace("_", " ").capitalize()
                if isinstance(value, (list, tuple)):
                    lines.append(f"- **{label}:**")
                    lines += [f"  - {item}" for item in value]
                elif isinstance(value, dict):
                    lines.append(f"- **{label}:**")
                    lines += [f"  - {k}: {v}" for k, v in value.items()]
                else:
                    lines.append(f"- **{label}:** {value}")
            lines.append("")
        missing = self.validate()
        if missing:
            lines += [T("card_missing", fields=", ".join(missing)), ""]
        return "\n".join(lines)


# ----------------------------------------------------------------------- audit log
GENESIS_HASH = "0" * 64


def _utc_now():
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def entry_hash(entry):
    """SHA-256 (hex) of an audit entry's canonical JSON, leaving out its own ``hash``.

    Examples
    --------
    >>> entry_hash({"a": 1, "b": "ç"}) == entry_hash({"b": "ç", "a": 1, "hash": "x"})
    True
    """
    if not isinstance(entry, dict):
        raise TypeError(f"`entry` must be a dict, got {type(entry).__name__}.")
    content = {k: v for k, v in entry.items() if k != "hash"}
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


class AuditLog:
    """Append-only, tamper-evident audit trail.

    Each entry holds the hash of the previous one, and its own hash covers its content
    and that link, so changing, removing or reordering an entry that has entries after
    it breaks the chain from that point on. The entries are the plain list ``entries``:
    anyone with access to the storage can edit it, as anyone with access to a database
    can, and :meth:`verify` finds out.

    The chain alone proves only that the entries agree with each other. Whoever can
    write the storage can cut off the last entries, or edit an entry and recompute every
    hash after it, and the chain still verifies. :meth:`head` gives the anchor, the
    number of entries and the last hash; kept where the writer cannot rewrite it (another
    system, a signed message, a printed report), ``verify(anchor=...)`` finds those two
    attacks as well. With ``path`` the log is kept as JSON Lines and a reopened log
    continues the chain.

    Parameters
    ----------
    path : str or Path, optional
    clock : callable, optional
        Returns the timestamp of a new entry (ISO 8601 text); for tests.

    Examples
    --------
    >>> log = AuditLog()
    >>> _ = log.log_event("model_registered", "ana", {"version": 1})
    >>> _ = log.log_event("model_approved", "bia", {"version": 1})
    >>> log.verify() is None
    True
    >>> anchor = log.head()
    >>> del log.entries[-1]          # cut off the tail: the chain alone still verifies
    >>> log.verify() is None, log.verify(anchor=anchor)
    (True, 1)
    """

    def __init__(self, path=None, *, clock=None):
        self.path = None if path is None else Path(path)
        self._clock = clock or _utc_now
        self.entries = []
        if self.path is not None and self.path.exists():
            for number, line in enumerate(self.path.read_text(encoding="utf-8").splitlines(), 1):
                if not line.strip():
                    continue
                try:
                    entry = json.loads(line)
                except ValueError:
                    raise ValueError(f"{self.path}, line {number}: not a JSON entry") from None
                if not isinstance(entry, dict):
                    raise ValueError(f"{self.path}, line {number}: not a JSON object")
                self.entries.append(entry)

    def __len__(self):
        return len(self.entries)

    def log_event(self, event_type, user, details=None):
        """Append an event and return a copy of the new entry."""
        for name, value in (("event_type", event_type), ("user", user)):
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"`{name}` must be a non-empty string, got {value!r}.")
        details = {} if details is None else details
        if not isinstance(details, dict):
            raise TypeError(f"`details` must be a dict, got {type(details).__name__}.")
        details = self._copy_details(details)
        previous = self.entries[-1]["hash"] if self.entries else GENESIS_HASH
        entry = {"index": len(self.entries), "timestamp": str(self._clock()),
                 "event_type": event_type, "user": user, "details": details,
                 "previous_hash": previous}
        entry["hash"] = self._hash(entry)
        self.entries.append(entry)
        if self.path is not None:
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(canonical_json(entry) + "\n")
        return json.loads(canonical_json(entry))

    def filter(self, *, event_type=None, user=None, start=None, end=None):
        """Entries matching every given criterion; ``start``/``end`` bound the timestamp
        (ISO text or datetime, inclusive)."""
        def text(t):
            return t.isoformat() if isinstance(t, datetime) else t

        start, end = text(start), text(end)
        return [json.loads(canonical_json(e)) for e in self.entries
                if (event_type is None or e.get("event_type") == event_type)
                and (user is None or e.get("user") == user)
                and (start is None or e.get("timestamp", "") >= start)
                and (end is None or e.get("timestamp", "") <= end)]

    def _copy_details(self, details):
        """A JSON-only copy of ``details``, detached from the caller."""
        return json.loads(canonical_json(details))

    def _hash(self, entry):
        """The hash that seals ``entry``: :func:`entry_hash`."""
        return entry_hash(entry)

    def _is_linked(self, entry, position, previous):
        """Whether ``entry`` sits at ``position`` and holds the hash of the one before."""
        return entry["index"] == position and entry["previous_hash"] == previous

    def head(self):
        """The anchor of the log as it is now: ``{"count": n, "hash": last hash}``.

        An empty log's hash is ``GENESIS_HASH``. Keep it where the log's writer cannot
        rewrite it, then pass it to :meth:`verify`.
        """
        last = self.entries[-1]["hash"] if self.entries else GENESIS_HASH
        return {"count": len(self.entries), "hash": last}

    def _check_anchor(self, anchor):
        if not isinstance(anchor, dict) or set(anchor) != {"count", "hash"}:
            raise ValueError("`anchor` must be a dict with the keys 'count' and 'hash', "
                             f"as head() returns; got {anchor!r}.")
        count = anchor["count"]
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(f"anchor['count'] must be an int >= 0, got {count!r}.")
        return count, anchor["hash"]

    def _anchor_position(self, count, anchored_hash):
        """Where the log disagrees with an anchor taken when it had ``count`` entries."""
        if len(self.entries) < count:
            return len(self.entries)  # the first entry that should be there is gone
        last = self.entries[count - 1]["hash"] if count else GENESIS_HASH
        return None if last == anchored_hash else count - 1

    def verify(self, *, anchor=None):
        """Position of the first entry that fails a check; None when all pass.

        Walks every entry from the first: its ``index`` must be its position, its
        ``previous_hash`` the hash of the entry before (``GENESIS_HASH`` for the first)
        and its ``hash`` :func:`entry_hash` of it. With ``anchor`` (from :meth:`head`,
        taken when the log had ``count`` entries) the log must then still hold at least
        ``count`` entries, else the position of the first missing one (``count``
        entries ago it ended there: ``len(entries)``); and entry ``count - 1`` must
        still carry the anchored hash, else ``count - 1`` (0 for an empty anchor). Which
        entry of a consistently rewritten chain was edited cannot be told, only that the
        anchored head changed. Entries appended after the anchor are checked by the
        chain alone.
        """
        if anchor is not None:
            count, anchored_hash = self._check_anchor(anchor)
        previous = GENESIS_HASH
        for position, entry in enumerate(self.entries):
            try:
                if (not self._is_linked(entry, position, previous)
                        or entry["hash"] != self._hash(entry)):
                    return position
            except (KeyError, TypeError, ValueError):
                return position
            previous = entry["hash"]
        if anchor is not None:
            return self._anchor_position(count, anchored_hash)
        return None


# ----------------------------------------------------------------------- access control
DEFAULT_ROLES = {
    "data_scientist": frozenset({"read", "train", "register"}),
    "reviewer": frozenset({"read", "approve_technical"}),
    "risk_officer": frozenset({"read", "approve_risk"}),
    "ml_engineer": frozenset({"read", "deploy"}),
    "auditor": frozenset({"read", "read_audit"}),
}


class AccessControl:
    """Role-based access control whose refusals are written to the audit log.

    Unknown users and unknown roles are granted nothing.

    Examples
    --------
    >>> acl = AccessControl()
    >>> acl.assign("ana", "data_scientist")
    >>> acl.can("ana", "register"), acl.can("ana", "deploy"), acl.can("zé", "read")
    (True, False, False)
    """

    def __init__(self, roles=None, *, audit_log=None):
        roles = DEFAULT_ROLES if roles is None else roles
        self.roles = {str(r): frozenset(actions) for r, actions in roles.items()}
        self.audit_log = audit_log
        self._users = {}

    def assign(self, user, role):
        """Give ``user`` a role (a user may hold several)."""
        if role not in self.roles:
            raise ValueError(f"unknown role {role!r}; roles are {sorted(self.roles)}.")
        self._users.setdefault(user, set()).add(role)

    def roles_of(self, user):
        return frozenset(self._users.get(user, ()))

    def can(self, user, action):
        """Whether any role of ``user`` grants ``action``."""
        return any(action in self.roles.get(role, ()) for role in self._users.get(user, ()))

    def check(self, user, action):
        """Raise PermissionError (and audit the refusal) unless ``user`` may ``action``."""
        if not self.can(user, action):
            if self.audit_log is not None:
                self.audit_log.log_event("access_denied", str(user), {"action": action})
            raise PermissionError(f"user {user!r} may not {action!r}")

    def require(self, action):
        """Decorator: the wrapped function's ``user`` argument must be allowed ``action``."""
        def decorate(func):
            signature = inspect.signature(func)
            if "user" not in signature.parameters:
                raise TypeError(f"{func.__name__} must take a `user` argument to be guarded.")

            @functools.wraps(func)
            def wrapper(*args, **kwargs):
                user = signature.bind(*args, **kwargs).arguments["user"]
                self.check(user, action)
                return func(*args, **kwargs)

            return wrapper
        return decorate


# ----------------------------------------------------------------------- approvals
class ApprovalWorkflow:
    """Ordered approval stages, each needing an approver with a given role.

    The four-eyes rule: the model's author cannot approve any stage, and no person
    approves two stages. A rejection closes the request.

    Parameters
    ----------
    stages : sequence of (stage, role)
        E.g. ``[("technical", "reviewer"), ("risk", "risk_officer")]``.
    user_roles : mapping of user -> iterable of roles
    audit_log : AuditLog, optional
        Every request, approval, refusal and rejection is written to it.

    Examples
    --------
    >>> flow = ApprovalWorkflow([("technical", "reviewer"), ("risk", "risk_officer")],
    ...                         user_roles={"bia": ["reviewer"], "caio": ["risk_officer"]})
    >>> rid = flow.submit("credit:3", author="ana")
    >>> flow.approve(rid, "technical", approver="bia")
    >>> flow.approve(rid, "risk", approver="caio")
    >>> flow.status(rid)
    {'status': 'approved', 'approvals': [['technical', 'bia'], ['risk', 'caio']], 'next_stage': None}
    """

    def __init__(self, stages, *, user_roles, audit_log=None):
        stages = [(str(stage), str(role)) for stage, role in stages]
        if not stages:
            raise ValueError("`stages` must name at least one stage.")
        if len({s for s, _ in stages}) != len(stages):
            raise ValueError("stage names in `stages` must be unique.")
        self.stages = stages
        self.user_roles = {str(u): frozenset(r) for u, r in dict(user_roles).items()}
        self.audit_log = audit_log
        self._requests = {}

    def _log(self, event, user, details):
        if self.audit_log is not None:
            self.audit_log.log_event(event, user, details)

    def submit(self, model_id, *, author):
        """Open a request for ``model_id``; returns its id (``"req-1"``, ``"req-2"``, ...)."""
        request_id = f"req-{len(self._requests) + 1}"
        self._requests[request_id] = {"author": author, "status": "pending", "approvals": []}
        self._log("approval_requested", author, {"request": request_id, "model": model_id})
        return request_id

    def _open_stages(self, req):
        """The (stage, role) pairs a pending request can be decided at: only the next one."""
        return [self.stages[len(req["approvals"])]]

    def _is_author(self, req, user):
        """Whether ``user`` wrote the model of the request."""
        return user == req["author"]

    def _pending(self, request_id, stage):
        if request_id not in self._requests:
            raise KeyError(f"no approval request {request_id!r}")
        req = self._requests[request_id]
        if req["status"] != "pending":
            raise ValueError(f"request {request_id} is {req['status']}; it cannot change.")
        open_stages = self._open_stages(req)
        for name, role in open_stages:
            if name == stage:
                return req, role
        raise ValueError(f"stage {stage!r} cannot be decided now: the current stage is "
                         f"{open_stages[0][0]!r}.")

    def _require_role(self, user, role):
        if role not in self.user_roles.get(user, ()):
            self._log("access_denied", user, {"role": role})
            raise PermissionError(f"{user!r} does not have the role {role!r}.")

    def approve(self, request_id, stage, *, approver):
        """Approve the current stage of a pending request."""
        req, role = self._pending(request_id, stage)
        if self._is_author(req, approver):
            self._log("access_denied", approver, {"reason": "four-eyes"})
            raise PermissionError(f"four-eyes rule: {approver!r} wrote the model and cannot "
                                  "approve it.")
        if any(who == approver for _, who in req["approvals"]):
            raise PermissionError(f"four-eyes rule: {approver!r} already approved a stage.")
        self._require_role(approver, role)
        req["approvals"].append([stage, approver])
        if len(req["approvals"]) == len(self.stages):
            req["status"] = "approved"
        self._log("stage_approved", approver, {"request": request_id, "stage": stage})

    def reject(self, request_id, stage, *, approver, reason):
        """Reject at the current stage; the request is closed for good."""
        req, role = self._pending(request_id, stage)
        self._require_role(approver, role)
        req["status"] = "rejected"
        self._log("request_rejected", approver, {"request": request_id, "stage": stage,
                                                 "reason": reason})

    def status(self, request_id):
        """``{"status", "approvals", "next_stage"}`` of a request."""
        if request_id not in self._requests:
            raise KeyError(f"no approval request {request_id!r}")
        req = self._requests[request_id]
        pending = req["status"] == "pending"
        return {"status": req["status"], "approvals": [list(a) for a in req["approvals"]],
                "next_stage": self._open_stages(req)[0][0] if pending else None}


# ----------------------------------------------------------------------- compliance
#: Column names of direct identifiers: data that names a person by itself (LGPD art. 5 I
#: covers far more: income and age are personal data too). The privacy check looks for
#: these, as a data-minimisation control (art. 6 III), not as a test of "no personal data".
PII_COLUMNS = frozenset({"name", "nome", "cpf", "rg", "email", "phone", "telefone",
                         "address", "endereco", "birth_date", "data_nascimento"})


@dataclass(frozen=True)
class ComplianceReport:
    """Outcome of :func:`check_compliance`."""

    passed: bool
    checks: dict
    reasons: tuple


#: Slack allowed when the bias gap is compared with ``max_gap``: 0.45 - 0.30 is
#: 0.15000000000000002 in binary floating point, and a gap equal to the limit passes.
GAP_TOLERANCE = 1e-9


def check_compliance(data_info, model_card, group_metrics, *, max_gap=0.1, lang=None):
    """Privacy, documentation and bias checks before a model may be promoted.

    ``model_card`` is a :class:`ModelCard` or a dict of sections.

    - **privacy** (data minimisation) passes when no column of ``data_info["columns"]``
      is a direct identifier (``PII_COLUMNS``, compared in lower case), unless listed in
      ``data_info["pii_justified"]`` (also compared in lower case);
    - **documentation** passes when the model card has every required field;
    - **bias** passes when the largest minus the smallest value of ``group_metrics``
      (a metric per group, e.g. selection rate), over every group, is at most
      ``max_gap``: ``gap <= max_gap + GAP_TOLERANCE``, so a gap equal to the limit
      passes although the subtraction is done in binary floating point.

    The reasons are written in ``lang`` ("pt" or "en"; the notebook's language by
    default).

    Examples
    --------
    >>> card = ModelCard()
    >>> report = check_compliance({"columns": ["income", "cpf"]}, card, {"a": 0.5, "b": 0.3},
    ...                           lang="en")
    >>> report.passed, report.checks
    (False, {'privacy': False, 'documentation': False, 'bias': False})
    >>> check_compliance({"columns": []}, card, {"a": 0.45, "b": 0.30},
    ...                  max_gap=0.15).checks["bias"]
    True
    """
    if not isinstance(data_info, dict) or "columns" not in data_info:
        raise ValueError("`data_info` must be a dict with a 'columns' list.")
    if isinstance(model_card, ModelCard):
        missing = model_card.validate()
    elif isinstance(model_card, dict):
        missing = missing_card_fields(model_card)
    else:
        raise TypeError("`model_card` must be a ModelCard or a dict of sections.")
    if not isinstance(group_metrics, dict) or not group_metrics:
        raise ValueError("`group_metrics` must be a non-empty dict of group -> metric.")
    justified = {c.lower() for c in data_info.get("pii_justified", [])}
    pii = sorted(c for c in data_info["columns"]
                 if c.lower() in PII_COLUMNS and c.lower() not in justified)
    from mlopskit.texts import for_lesson

    T = for_lesson("governance", lang=lang)
    values = [float(v) for v in group_metrics.values()]
    gap = max(values) - min(values)
    within = gap <= max_gap + GAP_TOLERANCE
    checks = {"privacy": not pii, "documentation": not missing, "bias": within}
    reasons = []
    if pii:
        reasons.append(T("reason_identifiers", columns=pii))
    if missing:
        reasons.append(T("reason_card", fields=missing))
    if not within:
        reasons.append(T("reason_gap", gap=f"{gap:.3f}", limit=max_gap))
    return ComplianceReport(all(checks.values()), checks, tuple(reasons))


# ----------------------------------------------------------------------- MLflow registry
def register_challenger(client, model, *, model_name, card):
    """Register a logged model as a new version, aliased ``challenger``.

    The version is created from the logged model itself (MLflow 3 keeps a model as a
    *logged model* with its own id, not as a folder of the run), so
    ``mlflow.pyfunc.load_model(f"models:/{model_name}@champion")`` loads it once it is
    promoted. The version is tagged with the model card's digest, so the card that was
    reviewed is bound to the exact version promoted.

    Parameters
    ----------
    client : mlflow.MlflowClient
    model : mlflow.models.model.ModelInfo or str
        What ``mlflow.<flavor>.log_model`` returned, or its ``model_uri``
        (``"models:/m-..."``).
    model_name : str
    card : ModelCard

    Returns
    -------
    mlflow.entities.model_registry.ModelVersion
    """
    from mlflow.exceptions import MlflowException

    model_uri = getattr(model, "model_uri", model)
    if not isinstance(model_uri, str) or not model_uri.startswith("models:/"):
        raise ValueError("`model` must be the ModelInfo that log_model returned, or its "
                         f"model_uri ('models:/<model id>'), got {model!r}.")
    model_id = getattr(model, "model_id", None) or model_uri[len("models:/"):]
    run_id = getattr(model, "run_id", None)
    if not isinstance(card, ModelCard):
        raise TypeError(f"`card` must be a ModelCard, got {type(card).__name__}.")
    try:
        client.get_registered_model(model_name)
    except MlflowException:
        client.create_registered_model(model_name)
    version = client.create_model_version(model_name, model_uri, run_id=run_id,
                                          model_id=model_id)
    client.set_model_version_tag(model_name, version.version, "model_card_digest",
                                 card.digest())
    client.set_registered_model_alias(model_name, "challenger", version.version)
    return client.get_model_version(model_name, version.version)


def promote_challenger(client, model_name, *, approved, compliant, user="system",
                       audit_log=None):
    """Move ``champion`` to the challenger only when approval and compliance both pass.

    Checks first, then moves: when either fails, nothing in the registry changes and the
    refusal is audited. With no ``challenger`` alias there is nothing to promote: the
    function returns False and changes nothing either. On promotion the previous champion is tagged ``archived=true``,
    the ``champion`` alias moves to the challenger's version and the ``challenger`` alias
    is removed; each step is audited.

    Parameters
    ----------
    client : mlflow.MlflowClient
        Or anything with the same alias and tag methods.
    model_name : str
    approved, compliant : bool
        The approval workflow's and the compliance check's verdicts.
    user : str, default="system"
    audit_log : AuditLog, optional

    Returns
    -------
    bool
        Whether the challenger was promoted.
    """
    def audit(event, details):
        if audit_log is not None:
            audit_log.log_event(event, user, {"model": model_name, **details})

    if not (approved and compliant):
        audit("promotion_blocked", {"approved": bool(approved), "compliant": bool(compliant)})
        return False
    try:
        challenger = client.get_model_version_by_alias(model_name, "challenger")
    except Exception:  # MlflowException: nothing waits to be promoted
        audit("promotion_blocked", {"reason": "no challenger"})
        return False
    try:
        previous = client.get_model_version_by_alias(model_name, "champion")
    except Exception:  # MlflowException: no champion yet
        previous = None
    if previous is not None:
        client.set_model_version_tag(model_name, previous.version, "archived", "true")
        audit("model_archived", {"version": str(previous.version)})
    client.set_registered_model_alias(model_name, "champion", challenger.version)
    client.delete_registered_model_alias(model_name, "challenger")
    audit("model_promoted", {"version": str(challenger.version)})
    return True
