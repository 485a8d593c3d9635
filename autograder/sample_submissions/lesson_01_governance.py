"""Sample submissions of lesson 01_governance: complete, partial, mistakes, and hostile hand-ins."""

from __future__ import annotations

from _samplekit import (basic_students, cell, filled, insert_after, one_mistake_each,
                        set_source, tasks_of)

GOV = "01_governance"
GOV_TASKS = tasks_of(GOV)
GOV_ALL = {t: "correct" for t in GOV_TASKS}
GOV_WRONG = {
    "governance.entry_hash": ("hash.not_canonical", '''
def entry_hash(entry):
    content = {key: value for key, value in entry.items() if key != "hash"}
    return hashlib.sha256(json.dumps(content).encode("utf-8")).hexdigest()
'''),
    "governance.access_control": ("access.default_allow", '''
class AccessControl:
    def __init__(self, roles):
        self.roles = {role: set(actions) for role, actions in roles.items()}
        self.user_roles = {}

    def assign(self, user, role):
        if role not in self.roles:
            raise ValueError(role)
        self.user_roles.setdefault(user, set()).add(role)

    def can(self, user, action):
        if user not in self.user_roles:
            return True
        return any(action in self.roles[r] for r in self.user_roles[user])

    def check(self, user, action):
        if not self.can(user, action):
            raise PermissionError(user)
'''),
    "governance.check_compliance": ("compliance.pii_inverted", '''
def check_compliance(data_info, model_card, group_metrics, *, max_gap=0.1):
    justified = {c.lower() for c in data_info.get("pii_justified", [])}
    personal = [c for c in data_info["columns"]
                if c.lower() in PII_COLUMNS and c.lower() not in justified]
    values = list(group_metrics.values())
    checks = {"privacy": len(personal) > 0,
              "documentation": missing_card_fields(model_card) == [],
              "bias": max(values) - min(values) <= max_gap + GAP_TOLERANCE}
    return {"passed": all(checks.values()), "checks": checks}
'''),
    "governance.promote_challenger": ("promote.alias_before_checks", '''
def promote_challenger(client, model_name, *, approved, compliant, user="system",
                       audit_log=None):
    try:
        challenger = client.get_model_version_by_alias(model_name, "challenger")
    except Exception:
        return False
    try:
        champion = client.get_model_version_by_alias(model_name, "champion")
    except Exception:
        champion = None
    client.set_registered_model_alias(model_name, "champion", challenger.version)
    if not (approved and compliant):
        return False
    if champion is not None:
        client.set_model_version_tag(model_name, champion.version, "archived", "true")
    client.delete_registered_model_alias(model_name, "challenger")
    return True
'''),
}


def _gov(lang, tasks=None, wrong=()):
    return filled(lang, GOV, tasks, wrong, table=GOV_WRONG)


def students():
    """Lesson 01 submissions: student name -> (notebook, outcomes, misconceptions)."""
    out = basic_students(GOV, partial=3)
    # carla's non-canonical hash also breaks her audit log, which uses it
    out["carla_psi_histograms"] = (
        _gov("pt", wrong=["governance.entry_hash"]),
        {**GOV_ALL, "governance.entry_hash": "wrong", "governance.audit_log": "wrong"},
        {"governance.entry_hash": "hash.not_canonical",
         "governance.audit_log": "audit.not_canonical"})
    out.update(one_mistake_each(GOV, [
        ("elisa_chi2_crosstab", "governance.access_control"),
        ("gabi_ece_unweighted", "governance.check_compliance"),
        ("hugo_ddm_no_reset", "governance.promote_challenger")], table=GOV_WRONG, lang="en"))
    nb = _gov("en")
    insert_after(nb, cell("governance.audit_log", "check"), "from mlopskit.governance import AuditLog, entry_hash",
                  "steal")
    out["paula_imports_reference"] = (nb, {**GOV_ALL, "governance.audit_log": "wrong",
                                           "governance.entry_hash": "wrong"}, {})
    nb = _gov("pt")
    set_source(nb, cell("governance.entry_hash", "solution"),
         "def entry_hash(entry):\n    while True:\n        pass")
    out["karla_infinite_loop"] = (nb, {**GOV_ALL, "governance.entry_hash": "timeout",
                                       "governance.audit_log": "timeout"}, {})
    return out
