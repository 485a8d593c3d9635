"""Correct implementations written differently from the reference.

A check must accept every one of them: they follow the task text but take another
route (pandas instead of numpy, a loop instead of a vectorised expression, scipy instead
of a hand formula). Keyed by task id.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial.distance import jensenshannon
from scipy.special import xlogy

from mlopskit.drift import DriftTestResult, psi_categorical, psi_severity


# ---------------------------------------------------------------- KS
def ks_by_hand_statistic(reference, current, *, alpha=0.05):
    ref, cur = np.sort(np.asarray(reference, float)), np.sort(np.asarray(current, float))
    grid = np.concatenate([ref, cur])
    d = np.max(np.abs(np.searchsorted(ref, grid, side="right") / ref.size
                      - np.searchsorted(cur, grid, side="right") / cur.size))
    p = stats.ks_2samp(ref, cur).pvalue
    return DriftTestResult(float(d), float(p), bool(p < alpha))


def ks_as_dict(reference, current, *, alpha=0.05):
    res = stats.kstest(list(reference), list(current))
    return {"statistic": res.statistic, "p_value": res.pvalue, "drift": res.pvalue < alpha}


# ---------------------------------------------------------------- chi-square
def chi2_with_crosstab_of_labels(reference, current, *, alpha=0.05):
    values = pd.concat([pd.Series(reference), pd.Series(current)], ignore_index=True)
    sample = ["reference"] * len(reference) + ["current"] * len(current)
    table = pd.crosstab(pd.Series(sample, name="sample"), values)
    table = table.loc[["reference", "current"]]
    res = stats.chi2_contingency(table.to_numpy())
    return DriftTestResult(float(res.statistic), float(res.pvalue), bool(res.pvalue < alpha))


def chi2_with_counter(reference, current, *, alpha=0.05):
    ref, cur = Counter(reference), Counter(current)
    categories = sorted(set(ref) | set(cur))
    table = [[ref[c] for c in categories], [cur[c] for c in categories]]
    chi2, p, _, _ = stats.chi2_contingency(table)
    return DriftTestResult(chi2, p, p < alpha)


# ---------------------------------------------------------------- PSI
def psi_with_pandas(reference, current, *, bins=10, eps=1e-4):
    ref, cur = pd.Series(reference, dtype=float), pd.Series(current, dtype=float)
    _, edges = pd.qcut(ref, bins, retbins=True, duplicates="drop")
    edges = np.asarray(edges, dtype=float)
    edges[0], edges[-1] = -np.inf, np.inf
    r = pd.cut(ref, edges).value_counts(normalize=True, sort=False).clip(lower=eps)
    c = pd.cut(cur, edges).value_counts(normalize=True, sort=False).clip(lower=eps)
    return float(((c - r) * np.log(c / r)).sum())


def psi_with_a_loop(reference, current, *, bins=10, eps=1e-4):
    reference, current = list(map(float, reference)), list(map(float, current))
    edges = sorted(set(np.quantile(reference, np.linspace(0, 1, bins + 1)).tolist()))
    inner = edges[1:-1]

    def shares(values):
        counts = [0] * (len(inner) + 1)
        for v in values:
            k = 0
            while k < len(inner) and v > inner[k]:
                k += 1
            counts[k] += 1
        return [max(n / len(values), eps) for n in counts]

    total = 0.0
    for r, c in zip(shares(reference), shares(current)):
        total += (c - r) * math.log(c / r)
    return total


# ---------------------------------------------------------------- JS
def js_with_scipy(p, q):
    return float(jensenshannon(p, q, base=2) ** 2)


def js_with_xlogy(p, q):
    p, q = np.asarray(p, float), np.asarray(q, float)
    m = 0.5 * (p + q)
    entropy = lambda x: -np.sum(xlogy(x, x)) / np.log(2)  # noqa: E731
    return float(entropy(m) - 0.5 * (entropy(p) + entropy(q)))


# ---------------------------------------------------------------- report
def report_with_records(reference_df, current_df, *, alpha=0.05, bins=10):
    absent = set(reference_df.columns) - set(current_df.columns)
    if absent:
        raise ValueError(f"missing columns: {sorted(absent)}")
    records = {}
    for name in reference_df:
        ref, cur = reference_df[name], current_df[name]
        if ref.dtype.kind in "iuf":
            res, value = ks_by_hand_statistic(ref, cur, alpha=alpha), psi_with_pandas(
                ref, cur, bins=bins)
            kind, test = "numeric", "ks"
        else:
            res, value = chi2_with_counter(list(ref), list(cur), alpha=alpha), psi_categorical(
                ref, cur)
            kind, test = "categorical", "chi2"
        records[name] = dict(kind=kind, test=test, statistic=res.statistic,
                             p_value=res.p_value, psi=value, severity=psi_severity(value),
                             drift=res.drift)
    out = pd.DataFrame.from_dict(records, orient="index")
    out.index.name = "feature"
    return out


def report_with_scipy_inline(reference_df, current_df, *, alpha=0.05, bins=10):
    for column in reference_df.columns:
        if column not in current_df.columns:
            raise ValueError(f"column {column!r} is missing from current_df")
    rows = []
    for column in reference_df.columns:
        ref, cur = reference_df[column], current_df[column]
        if pd.api.types.is_numeric_dtype(ref) and not pd.api.types.is_bool_dtype(ref):
            res = stats.ks_2samp(ref, cur)
            value = psi_with_a_loop(ref, cur, bins=bins)
            row = ["numeric", "ks"]
        else:
            counts = pd.concat([ref.value_counts(), cur.value_counts()], axis=1).fillna(0)
            res = stats.chi2_contingency(counts.T.to_numpy())
            value = psi_categorical(ref, cur)
            row = ["categorical", "chi2"]
        rows.append(row + [res.statistic, res.pvalue, value, psi_severity(value),
                           bool(res.pvalue < alpha)])
    return pd.DataFrame(rows, columns=["kind", "test", "statistic", "p_value", "psi",
                                       "severity", "drift"],
                        index=pd.Index(reference_df.columns, name="feature"))


# ---------------------------------------------------------------- DDM
class DDMWithRunningMean:
    """Keeps the error rate as a running mean instead of counting errors."""

    def __init__(self, *, warning_level=2.0, drift_level=3.0, min_samples=30):
        self.levels = (warning_level, drift_level)
        self.min_samples = min_samples
        self._start()

    def _start(self):
        self.count, self.rate, self.best = 0, 0.0, (float("inf"), float("inf"))

    def update(self, error):
        self.count += 1
        self.rate += (float(error) - self.rate) / self.count
        sd = math.sqrt(self.rate * (1 - self.rate) / self.count)
        if self.count < self.min_samples:
            return "stable"
        if self.rate + sd < sum(self.best):
            self.best = (self.rate, sd)
        p_min, s_min = self.best
        warning, drift = self.levels
        if self.rate + sd > p_min + drift * s_min:
            self._start()
            return "drift"
        return "warning" if self.rate + sd > p_min + warning * s_min else "stable"


class DDMWithHistory:
    """Keeps every outcome in a list and recomputes from it."""

    def __init__(self, *, warning_level=2.0, drift_level=3.0, min_samples=30):
        self.warning_level, self.drift_level = warning_level, drift_level
        self.min_samples = min_samples
        self.history, self.p_min, self.s_min = [], np.inf, np.inf

    def update(self, error):
        self.history.append(1 if error else 0)
        n = len(self.history)
        p = sum(self.history) / n
        s = (p * (1 - p) / n) ** 0.5
        if n < self.min_samples:
            return "stable"
        if p + s < self.p_min + self.s_min:
            self.p_min, self.s_min = p, s
        if p + s > self.p_min + self.drift_level * self.s_min:
            self.history, self.p_min, self.s_min = [], np.inf, np.inf
            return "drift"
        if p + s > self.p_min + self.warning_level * self.s_min:
            return "warning"
        return "stable"


# ---------------------------------------------------------------- ECE
def ece_with_pandas(y_true, y_prob, *, n_bins=10):
    frame = pd.DataFrame({"y": y_true, "p": y_prob})
    frame["bin"] = np.minimum(np.floor(frame["p"] * n_bins), n_bins - 1)
    per_bin = frame.groupby("bin").agg(acc=("y", "mean"), conf=("p", "mean"), n=("y", "size"))
    return float((per_bin["n"] / len(frame) * (per_bin["acc"] - per_bin["conf"]).abs()).sum())


def ece_with_digitize(y_true, y_prob, *, n_bins=10):
    y, p = np.asarray(y_true, float), np.asarray(y_prob, float)
    edges = np.linspace(0, 1, n_bins + 1)
    idx = np.clip(np.digitize(p, edges[1:-1]), 0, n_bins - 1)
    total = 0.0
    for b in range(n_bins):
        mask = idx == b
        if mask.any():
            total += mask.sum() / len(p) * abs(y[mask].mean() - p[mask].mean())
    return total


ALTERNATIVES = {
    "drift.ks_test": [ks_by_hand_statistic, ks_as_dict],
    "drift.chi2_test": [chi2_with_crosstab_of_labels, chi2_with_counter],
    "drift.psi": [psi_with_pandas, psi_with_a_loop],
    "drift.js_divergence": [js_with_scipy, js_with_xlogy],
    "drift.drift_report": [report_with_records, report_with_scipy_inline],
    "drift.ddm": [DDMWithRunningMean, DDMWithHistory],
    "drift.expected_calibration_error": [ece_with_pandas, ece_with_digitize],
}


# ================================================================ lesson 01, governance
import hashlib as _hashlib  # noqa: E402
import json as _json  # noqa: E402

from mlopskit.governance import PII_COLUMNS, REQUIRED_CARD_FIELDS  # noqa: E402


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

    def verify(self):
        expected_previous = "0" * 64
        for position, entry in enumerate(self.entries):
            ok = (entry.get("index") == position
                  and entry.get("previous_hash") == expected_previous
                  and entry.get("hash") == hash_with_sorted_items(entry))
            if not ok:
                return position
            expected_previous = entry["hash"]
        return None


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

    def verify(self):
        for i, entry in enumerate(self.entries):
            previous = self.entries[i - 1]["hash"] if i else "0" * 64
            if entry["index"] != i or entry["previous_hash"] != previous:
                return i
            if hash_with_hashlib_update(entry) != entry["hash"]:
                return i
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
    bias = max(group_metrics.values()) - min(group_metrics.values()) <= max_gap
    checks = {"privacy": privacy, "documentation": documentation, "bias": bias}
    return {"passed": privacy and documentation and bias, "checks": checks}


def compliance_as_object(data_info, model_card, group_metrics, *, max_gap=0.1):
    from types import SimpleNamespace

    values = sorted(group_metrics.values())
    pii = [c for c in data_info["columns"] if c.casefold() in PII_COLUMNS
           and c.casefold() not in [j.casefold() for j in data_info.get("pii_justified", [])]]
    checks = {"privacy": len(pii) == 0,
              "documentation": not card_fields_with_a_filter(model_card),
              "bias": values[-1] - values[0] <= max_gap}
    return SimpleNamespace(passed=all(checks.values()), checks=checks, reasons=[])


def promote_checking_first(client, model_name, *, approved, compliant, user="system",
                           audit_log=None):
    if not approved or not compliant:
        return False
    new = client.get_model_version_by_alias(model_name, "challenger").version
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


ALTERNATIVES.update({
    "governance.missing_card_fields": [card_fields_with_a_loop, card_fields_with_a_filter],
    "governance.entry_hash": [hash_with_hashlib_update, hash_with_sorted_items],
    "governance.audit_log": [AuditLogWithChainList, AuditLogWithPairs],
    "governance.access_control": [AccessControlWithSets, AccessControlWithPairs],
    "governance.approval_workflow": [ApprovalWorkflowWithCounters, ApprovalWorkflowWithHistory],
    "governance.check_compliance": [compliance_with_sets, compliance_as_object],
    "governance.promote_challenger": [promote_checking_first, promote_with_keywords],
})


# ================================================================ lesson 03, fairness
from fairlearn import metrics as _fm  # noqa: E402


def selection_with_metricframe(y_pred, *, sensitive_features):
    frame = _fm.MetricFrame(metrics=_fm.selection_rate, y_true=y_pred, y_pred=y_pred,
                            sensitive_features=list(sensitive_features))
    return frame.by_group.to_dict()


def selection_with_a_loop(y_pred, *, sensitive_features):
    totals, chosen = {}, {}
    for p, g in zip(y_pred, sensitive_features):
        totals[g] = totals.get(g, 0) + 1
        chosen[g] = chosen.get(g, 0) + int(p)
    return {g: chosen[g] / totals[g] for g in totals}


def dp_difference_fairlearn(y_true, y_pred, *, sensitive_features):
    return _fm.demographic_parity_difference(y_true, y_pred,
                                             sensitive_features=sensitive_features)


def dp_difference_by_hand(y_true, y_pred, *, sensitive_features):
    rates = selection_with_a_loop(y_pred, sensitive_features=sensitive_features)
    return max(rates.values()) - min(rates.values())


def dp_ratio_fairlearn(y_true, y_pred, *, sensitive_features):
    return _fm.demographic_parity_ratio(y_true, y_pred, sensitive_features=sensitive_features)


def dp_ratio_by_hand(y_true, y_pred, *, sensitive_features):
    rates = pd.Series(y_pred).groupby(np.asarray(sensitive_features)).mean()
    return float(rates.min() / rates.max()) if rates.max() else 0.0


def _tpr_fpr_by_hand(y_true, y_pred, groups):
    tpr, fpr = {}, {}
    for g in set(groups):
        pos = [p for t, p, h in zip(y_true, y_pred, groups) if h == g and t == 1]
        neg = [p for t, p, h in zip(y_true, y_pred, groups) if h == g and t == 0]
        tpr[g] = sum(pos) / len(pos) if pos else 0.0
        fpr[g] = sum(neg) / len(neg) if neg else 0.0
    return tpr, fpr


def eo_fairlearn(y_true, y_pred, *, sensitive_features):
    return _fm.equal_opportunity_difference(y_true, y_pred,
                                            sensitive_features=sensitive_features)


def eo_by_hand(y_true, y_pred, *, sensitive_features):
    tpr, _ = _tpr_fpr_by_hand(list(y_true), list(y_pred), list(sensitive_features))
    return max(tpr.values()) - min(tpr.values())


def eodds_metricframe(y_true, y_pred, *, sensitive_features):
    frame = _fm.MetricFrame(metrics={"tpr": _fm.true_positive_rate,
                                     "fpr": _fm.false_positive_rate},
                            y_true=y_true, y_pred=y_pred,
                            sensitive_features=sensitive_features)
    return float(frame.difference().max())


def eodds_by_hand(y_true, y_pred, *, sensitive_features):
    tpr, fpr = _tpr_fpr_by_hand(list(y_true), list(y_pred), list(sensitive_features))
    return max(max(tpr.values()) - min(tpr.values()), max(fpr.values()) - min(fpr.values()))


def reweigh_with_counts(y, *, sensitive_features):
    y, g = list(y), list(sensitive_features)
    n = len(y)
    from collections import Counter
    cg, cy, cgy = Counter(g), Counter(y), Counter(zip(g, y))
    return [cg[a] * cy[b] / (n * cgy[(a, b)]) for a, b in zip(g, y)]


def reweigh_with_crosstab(y, *, sensitive_features):
    frame = pd.DataFrame({"g": list(sensitive_features), "y": list(y)})
    joint = pd.crosstab(frame["g"], frame["y"], normalize=True)
    p_g, p_y = joint.sum(axis=1), joint.sum(axis=0)
    return np.array([p_g[a] * p_y[b] / joint.loc[a, b] for a, b in zip(frame["g"], frame["y"])])


def thresholds_with_groupby(scores, *, sensitive_features, target_rate):
    series = pd.Series(np.asarray(scores, float))
    return {g: float(np.quantile(part, 1 - target_rate, method="higher"))
            for g, part in series.groupby(np.asarray(sensitive_features))}


def thresholds_by_sorting(scores, *, sensitive_features, target_rate):
    out = {}
    for g in set(sensitive_features):
        values = sorted(s for s, h in zip(scores, sensitive_features) if h == g)
        index = int(np.ceil((1 - target_rate) * (len(values) - 1) - 1e-12))
        out[g] = float(values[index])
    return out


ALTERNATIVES.update({
    "fairness.selection_rates": [selection_with_metricframe, selection_with_a_loop],
    "fairness.demographic_parity_difference": [dp_difference_fairlearn, dp_difference_by_hand],
    "fairness.demographic_parity_ratio": [dp_ratio_fairlearn, dp_ratio_by_hand],
    "fairness.equal_opportunity_difference": [eo_fairlearn, eo_by_hand],
    "fairness.equalized_odds_difference": [eodds_metricframe, eodds_by_hand],
    "fairness.reweighing_weights": [reweigh_with_counts, reweigh_with_crosstab],
    "fairness.group_thresholds": [thresholds_with_groupby, thresholds_by_sorting],
})
