"""Sample submissions of lesson 06_feedback: complete, partial, mistakes and a hostile hand-in."""

from __future__ import annotations

from _samplekit import basic_students, cell, filled, insert_after, one_mistake_each, tasks_of

LESSON = "06_feedback"
TASKS = tasks_of(LESSON)
ALL = {t: "correct" for t in TASKS}

# Wrong answers a learner plausibly writes (each matches a catalogued misconception).
WRONG = {
    "feedback.join_feedback": ("join.ignores_as_of", '''
def join_feedback(predictions, labels, *, as_of):
    for df, cols in ((predictions, ["id", "predicted_at", "prediction"]),
                     (labels, ["id", "labeled_at", "label"])):
        if any(c not in df.columns for c in cols):
            raise ValueError("missing column")
    as_of = pd.Timestamp(as_of)
    made = predictions[predictions["predicted_at"] <= as_of]
    latest = labels.sort_values("labeled_at").groupby("id")["label"].last()
    out = made.reset_index(drop=True)
    out["label"] = out["id"].map(latest).astype(float)
    return out
'''),
    "feedback.windowed_accuracy": ("acc.wald_interval", '''
def windowed_accuracy(df, *, freq="W", min_labels=30, confidence=0.95):
    if min_labels < 1:
        raise ValueError("min_labels must be >= 1")
    z = stats.norm.ppf(0.5 + confidence / 2)
    rows = {}
    for period, part in df.groupby(df["predicted_at"].dt.to_period(freq)):
        labeled = part.dropna(subset=["label"])
        n = len(labeled)
        if n >= min_labels:
            p = (labeled["prediction"] == labeled["label"]).mean()
            half = z * np.sqrt(p * (1 - p) / n)
            rows[str(period)] = (len(part), n, p, p - half, p + half, True)
        else:
            rows[str(period)] = (len(part), n, np.nan, np.nan, np.nan, False)
    table = pd.DataFrame.from_dict(rows, orient="index", columns=[
        "n_predictions", "n_labels", "accuracy", "low", "high", "enough"])
    table.index.name = "window"
    return table
'''),
    "feedback.alert_manager": ("alert.global_cooldown", '''
class AlertManager:
    def __init__(self, rules, *, cooldown=3, audit_log=None):
        self.rules = rules
        self.cooldown = cooldown
        self.audit_log = AuditLog() if audit_log is None else audit_log
        self.last = None
        self.now = None

    def observe(self, t, metric, value):
        if metric not in self.rules or (self.now is not None and t < self.now):
            raise ValueError("bad observation")
        self.now = t
        reached = [s for s in SEVERITIES
                   if s in self.rules[metric] and value >= self.rules[metric][s]]
        if not reached:
            return None
        level = reached[-1]
        if self.last is not None and t - self.last[0] < self.cooldown \\
                and SEVERITIES.index(level) <= SEVERITIES.index(self.last[1]):
            return None
        self.last = (t, level)
        self.audit_log.log_event("alert", "monitor", {"t": t, "metric": metric,
                                                      "severity": level, "value": value})
        return level

    def trail(self):
        return [[e["details"]["t"], e["details"]["metric"], e["details"]["severity"]]
                for e in self.audit_log.entries if e["event_type"] == "alert"]
'''),
    "feedback.should_retrain": ("retrain.unknown_accuracy_is_bad", '''
def should_retrain(history, policy):
    for key in ["drift_share", "accuracy_low", "fairness_gap", "new_labels",
                "days_since_retrain"]:
        if key not in history:
            raise ValueError(f"missing {key}")
    reasons = []
    if history["drift_share"] > policy["max_drift_share"]:
        reasons.append("drift")
    if history["accuracy_low"] is None or history["accuracy_low"] < policy["min_accuracy"]:
        reasons.append("accuracy")
    if history["fairness_gap"] > policy["max_fairness_gap"]:
        reasons.append("fairness")
    if not reasons:
        return {"action": "keep", "reasons": []}
    guards = []
    if history["new_labels"] < policy["min_new_labels"]:
        guards.append("too_few_labels")
    if history["days_since_retrain"] < policy["cooldown_days"]:
        guards.append("cooldown")
    return {"action": "wait" if guards else "retrain", "reasons": reasons + guards}
'''),
    "feedback.explain_decision": ("explain.signed_sort", '''
def explain_decision(coef, x, *, baseline, names, top_k=3):
    if not len(coef) == len(x) == len(baseline) == len(names) or top_k < 1:
        raise ValueError("bad input")
    contributions = np.asarray(coef) * (np.asarray(x) - np.asarray(baseline))
    order = np.argsort(-contributions, kind="stable")[:top_k]
    return [[names[i], float(contributions[i])] for i in order]
'''),
    "feedback.ab_test": ("ab.peeks", '''
import math


def sample_size_per_arm(p_a, p_b, *, alpha=0.05, power=0.8, alternative="two-sided"):
    tail = alpha / 2 if alternative == "two-sided" else alpha
    z = stats.norm.ppf(1 - tail) + stats.norm.ppf(power)
    return math.ceil(z ** 2 * (p_a * (1 - p_a) + p_b * (1 - p_b)) / (p_a - p_b) ** 2)


def ab_test(successes_a, n_a, successes_b, n_b, *, alpha=0.05, power=0.8, mde=0.05,
            alternative="two-sided"):
    if n_a < 1 or n_b < 1 or not (0 <= successes_a <= n_a and 0 <= successes_b <= n_b):
        raise ValueError("bad counts")
    p_a, p_b = successes_a / n_a, successes_b / n_b
    pooled = (successes_a + successes_b) / (n_a + n_b)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    z = (p_b - p_a) / se if se else 0.0
    p = 2 * stats.norm.sf(abs(z)) if alternative == "two-sided" else stats.norm.sf(z)
    other = p_a + mde if p_a + mde <= 1 else p_a - mde
    n_needed = sample_size_per_arm(p_a, other, alpha=alpha, power=power,
                                   alternative=alternative)
    # decides as soon as the data says so, whatever the planned size
    decision = "promote_challenger" if p < alpha and p_b > p_a else "keep_champion"
    return {"difference": p_b - p_a, "z": z, "p_value": min(1.0, p), "significant": p < alpha,
            "n_needed": n_needed, "decision": decision}
'''),
    "feedback.ipw_accuracy": ("ipw.unweighted", '''
def ipw_accuracy(correct, propensity):
    correct = np.asarray(correct, dtype=float)
    propensity = np.asarray(propensity, dtype=float)
    if (propensity <= 0).any() or (propensity > 1).any():
        raise ValueError("propensity must be in (0, 1]")
    return float(np.nanmean(correct))
'''),
}

# More catalogued mistakes of the two statistical tasks, each handed in by one student.
EXTRA_WRONG = {
    "feedback.ab_test": ("ab.unpooled_se", '''
import math


def sample_size_per_arm(p_a, p_b, *, alpha=0.05, power=0.8, alternative="two-sided"):
    tail = alpha / 2 if alternative == "two-sided" else alpha
    z = stats.norm.ppf(1 - tail) + stats.norm.ppf(power)
    return math.ceil(z ** 2 * (p_a * (1 - p_a) + p_b * (1 - p_b)) / (p_a - p_b) ** 2)


def ab_test(successes_a, n_a, successes_b, n_b, *, alpha=0.05, power=0.8, mde=0.05,
            alternative="two-sided"):
    if min(n_a, n_b) < 1 or successes_a > n_a or successes_b > n_b:
        raise ValueError("bad counts")
    p_a, p_b = successes_a / n_a, successes_b / n_b
    se = math.sqrt(p_a * (1 - p_a) / n_a + p_b * (1 - p_b) / n_b)
    z = (p_b - p_a) / se if se > 0 else 0.0
    if alternative == "two-sided":
        p = min(1.0, 2 * (1 - stats.norm.cdf(abs(z))))
    else:
        p = 1 - stats.norm.cdf(z)
    other = p_a + mde if p_a + mde <= 1 else p_a - mde
    n_needed = sample_size_per_arm(p_a, other, alpha=alpha, power=power,
                                   alternative=alternative)
    if min(n_a, n_b) < n_needed:
        decision = "inconclusive"
    elif p < alpha and p_b > p_a:
        decision = "promote_challenger"
    else:
        decision = "keep_champion"
    return {"difference": p_b - p_a, "z": z, "p_value": p, "significant": p < alpha,
            "n_needed": n_needed, "decision": decision}
'''),
    "feedback.ipw_accuracy": ("ipw.unlabeled_as_wrong", '''
def ipw_accuracy(correct, propensity):
    correct = np.nan_to_num(np.asarray(correct, dtype=float), nan=0.0)
    propensity = np.asarray(propensity, dtype=float)
    if (propensity <= 0).any() or (propensity > 1).any():
        raise ValueError("propensity must be in (0, 1]")
    return float(np.average(correct, weights=1 / propensity))
'''),
}


def _filled(lang, tasks=None, wrong=()):
    return filled(lang, LESSON, tasks, wrong, table=WRONG)


def students():
    """Lesson 06 submissions: student name -> (notebook, outcomes, misconceptions)."""
    out = basic_students(LESSON, partial=2, untouched="en")
    out.update(one_mistake_each(LESSON, [
        ("carla_psi_histograms", "feedback.join_feedback"),
        ("diego_ks_reversed", "feedback.windowed_accuracy"),
        ("elisa_chi2_crosstab", "feedback.alert_manager"),
        ("fabio_js_distance", "feedback.should_retrain"),
        ("gabi_ece_unweighted", "feedback.explain_decision"),
        ("hugo_ab_peeks", "feedback.ab_test"),
        ("julia_ipw_unweighted", "feedback.ipw_accuracy")], table=WRONG))
    out.update(one_mistake_each(LESSON, [
        ("kaio_ab_unpooled", "feedback.ab_test"),
        ("lara_ipw_denied_as_wrong", "feedback.ipw_accuracy")], table=EXTRA_WRONG, lang="en"))
    nb = _filled("en")
    insert_after(nb, cell("feedback.should_retrain", "check"),
                 "from mlopskit.feedback import should_retrain", "steal")
    out["paula_imports_reference"] = (nb, {**ALL, "feedback.should_retrain": "wrong"}, {})
    return out
