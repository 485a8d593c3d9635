"""Correct implementations of lesson 06_feedback's tasks, written differently from the reference.

A check must accept every one of them. ``ALTERNATIVES`` maps each task id to at least two.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

ALTERNATIVES = {}


def _need(df, columns):
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"missing columns {missing}")


# -- task 1: join_feedback ---------------------------------------------------------------
def join_feedback_with_merge(predictions, labels, *, as_of):
    _need(predictions, ["id", "predicted_at", "prediction"])
    _need(labels, ["id", "labeled_at", "label"])
    as_of = pd.Timestamp(as_of)
    made = predictions.loc[predictions["predicted_at"] <= as_of]
    known = labels.loc[labels["labeled_at"] <= as_of]
    last = known.sort_values("labeled_at").groupby("id", as_index=False).last()
    out = made.merge(last[["id", "label"]], on="id", how="left")
    out["label"] = out["label"].astype(float)
    return out


def join_feedback_with_a_loop(predictions, labels, *, as_of):
    _need(predictions, ["id", "predicted_at", "prediction"])
    _need(labels, ["id", "labeled_at", "label"])
    as_of = pd.Timestamp(as_of)
    best = {}
    for row in labels.itertuples(index=False):
        if row.labeled_at <= as_of and (row.id not in best or row.labeled_at >= best[row.id][0]):
            best[row.id] = (row.labeled_at, row.label)
    rows = []
    for row in predictions.to_dict("records"):
        if row["predicted_at"] <= as_of:
            row["label"] = float(best[row["id"]][1]) if row["id"] in best else math.nan
            rows.append(row)
    return pd.DataFrame(rows, columns=[*predictions.columns, "label"])


ALTERNATIVES["feedback.join_feedback"] = [join_feedback_with_merge, join_feedback_with_a_loop]


# -- task 2: windowed_accuracy -----------------------------------------------------------
def _wilson(hits, n, confidence):
    z = stats.norm.ppf(0.5 + confidence / 2)
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def windowed_accuracy_with_agg(df, *, freq="W", min_labels=30, confidence=0.95):
    if min_labels < 1:
        raise ValueError("min_labels must be >= 1")
    work = pd.DataFrame({
        "window": df["predicted_at"].dt.to_period(freq),
        "labeled": df["label"].notna(),
        "hit": df["label"].notna() & (df["prediction"] == df["label"]),
    })
    table = work.groupby("window").agg(n_predictions=("hit", "size"),
                                       n_labels=("labeled", "sum"), hits=("hit", "sum"))
    table["enough"] = table["n_labels"] >= min_labels
    ok = table["enough"]
    table["accuracy"] = np.where(ok, table["hits"] / table["n_labels"].clip(lower=1), np.nan)
    bounds = [_wilson(h, n, confidence) if e else (np.nan, np.nan)
              for h, n, e in zip(table["hits"], table["n_labels"], ok)]
    table["low"] = [b[0] for b in bounds]
    table["high"] = [b[1] for b in bounds]
    table.index = table.index.astype(str)
    table.index.name = "window"
    return table[["n_predictions", "n_labels", "accuracy", "low", "high", "enough"]]


def windowed_accuracy_with_a_loop(df, *, freq="W", min_labels=30,
                                                   confidence=0.95):
    if min_labels < 1:
        raise ValueError("min_labels must be >= 1")
    windows = df["predicted_at"].dt.to_period(freq)
    records = []
    for window in sorted(windows.unique()):
        part = df[windows == window]
        y = part["label"].dropna()
        pred = part.loc[y.index, "prediction"]
        n, hits = len(y), int((pred.to_numpy() == y.to_numpy()).sum())
        if n >= min_labels:
            ci = stats.binomtest(hits, n).proportion_ci(confidence, method="wilson")
            records.append((str(window), len(part), n, hits / n, ci.low, ci.high, True))
        else:
            records.append((str(window), len(part), n, math.nan, math.nan, math.nan, False))
    return pd.DataFrame(records, columns=["window", "n_predictions", "n_labels", "accuracy",
                                          "low", "high", "enough"]).set_index("window")


ALTERNATIVES["feedback.windowed_accuracy"] = [windowed_accuracy_with_agg,
                                              windowed_accuracy_with_a_loop]


# -- task 3: AlertManager ----------------------------------------------------------------
class AlertManagerWithTables:
    """Per-metric state in two dicts; thresholds scanned from the most severe down."""

    ORDER = ["critical", "warning", "info"]

    def __init__(self, rules, *, cooldown=3, audit_log=None):
        from mlopskit.governance import AuditLog

        self.rules = rules
        self.cooldown = cooldown
        self.audit_log = audit_log if audit_log is not None else AuditLog()
        self.last_time, self.last_level = {}, {}
        self.clock = None

    def observe(self, t, metric, value):
        if metric not in self.rules:
            raise ValueError(f"unknown metric {metric}")
        if self.clock is not None and t < self.clock:
            raise ValueError("time went back")
        self.clock = t
        level = next((s for s in self.ORDER if s in self.rules[metric]
                      and value >= self.rules[metric][s]), None)
        if level is None:
            return None
        rank = self.ORDER[::-1].index
        if metric in self.last_time and t - self.last_time[metric] < self.cooldown \
                and rank(level) <= rank(self.last_level[metric]):
            return None
        self.last_time[metric], self.last_level[metric] = t, level
        self.audit_log.log_event("alert", "monitor", {"t": t, "metric": metric,
                                                      "severity": level, "value": value})
        return level

    def trail(self):
        return [[e["details"]["t"], e["details"]["metric"], e["details"]["severity"]]
                for e in self.audit_log.filter(event_type="alert")]


class AlertManagerWithNumbers:
    """Severities as numbers 1-3; the last alert per metric kept as one tuple."""

    def __init__(self, rules, *, cooldown=3, audit_log=None):
        from mlopskit.governance import AuditLog

        self.levels = {m: sorted(((["info", "warning", "critical"].index(s) + 1, v)
                                  for s, v in r.items()), reverse=True)
                       for m, r in rules.items()}
        self.cooldown = cooldown
        self.audit_log = audit_log or AuditLog()
        self.state = {}
        self.now = -math.inf

    def observe(self, t, metric, value):
        if metric not in self.levels or t < self.now:
            raise ValueError("bad observation")
        self.now = t
        level = max((n for n, v in self.levels[metric] if value >= v), default=0)
        if not level:
            return None
        before = self.state.get(metric)
        if before and t < before[0] + self.cooldown and level <= before[1]:
            return None
        self.state[metric] = (t, level)
        name = ["info", "warning", "critical"][level - 1]
        self.audit_log.log_event("alert", "monitor", {"t": t, "metric": metric,
                                                      "severity": name, "value": value})
        return name

    def trail(self):
        return [[e["details"][k] for k in ("t", "metric", "severity")]
                for e in self.audit_log.entries if e["event_type"] == "alert"]


ALTERNATIVES["feedback.alert_manager"] = [AlertManagerWithTables, AlertManagerWithNumbers]


# -- task 4: should_retrain --------------------------------------------------------------
def should_retrain_with_tables(history, policy):
    needed = ["drift_share", "accuracy_low", "fairness_gap", "new_labels", "days_since_retrain"]
    if any(k not in history for k in needed):
        raise ValueError("a signal is missing")
    acc = history["accuracy_low"]
    signals = {"drift": history["drift_share"] > policy["max_drift_share"],
               "accuracy": acc is not None and acc < policy["min_accuracy"],
               "fairness": history["fairness_gap"] > policy["max_fairness_gap"]}
    guards = {"too_few_labels": history["new_labels"] < policy["min_new_labels"],
              "cooldown": history["days_since_retrain"] < policy["cooldown_days"]}
    fired = [k for k, v in signals.items() if v]
    held = [k for k, v in guards.items() if v]
    if not fired:
        return {"action": "keep", "reasons": []}
    return {"action": "wait" if held else "retrain", "reasons": fired + held}


def should_retrain_with_a_series(history, policy):
    if set(history) < {"drift_share", "accuracy_low", "fairness_gap", "new_labels",
                       "days_since_retrain"}:
        raise ValueError("history lacks a signal")
    acc = history["accuracy_low"]
    gaps = pd.Series({
        "drift": history["drift_share"] - policy["max_drift_share"],
        "accuracy": -math.inf if acc is None else policy["min_accuracy"] - acc,
        "fairness": history["fairness_gap"] - policy["max_fairness_gap"],
    })
    fired = gaps[gaps > 0].index.tolist()
    if not fired:
        return {"action": "keep", "reasons": []}
    held = []
    if policy["min_new_labels"] - history["new_labels"] > 0:
        held.append("too_few_labels")
    if policy["cooldown_days"] - history["days_since_retrain"] > 0:
        held.append("cooldown")
    return {"action": "retrain" if not held else "wait", "reasons": [*fired, *held]}


ALTERNATIVES["feedback.should_retrain"] = [should_retrain_with_tables,
                                           should_retrain_with_a_series]


# -- task 5: explain_decision ------------------------------------------------------------
def explain_decision_with_pandas(coef, x, *, baseline, names, top_k=3):
    if not len(coef) == len(x) == len(baseline) == len(names) or top_k < 1:
        raise ValueError("lengths differ or top_k < 1")
    c = pd.Series(np.asarray(coef, dtype=float) * (np.asarray(x, dtype=float)
                                                   - np.asarray(baseline, dtype=float)),
                  index=list(names))
    top = c.iloc[c.abs().sort_values(ascending=False, kind="stable").index.map(
        list(names).index)].head(top_k)
    return [[name, float(value)] for name, value in top.items()]


def explain_decision_with_sorted(coef, x, *, baseline, names, top_k=3):
    if len({len(coef), len(x), len(baseline), len(names)}) != 1:
        raise ValueError("lengths differ")
    if top_k < 1:
        raise ValueError("top_k must be >= 1")
    pairs = [[n, float(c) * (float(v) - float(b))]
             for n, c, v, b in zip(names, coef, x, baseline)]
    return sorted(pairs, key=lambda p: abs(p[1]), reverse=True)[:top_k]


ALTERNATIVES["feedback.explain_decision"] = [explain_decision_with_pandas,
                                             explain_decision_with_sorted]


# -- task 6: ab_test ---------------------------------------------------------------------
def _n_per_arm(p1, p2, alpha, power, alternative):
    tail = alpha / 2 if alternative == "two-sided" else alpha
    z = stats.norm.ppf(1 - tail) + stats.norm.ppf(power)
    return math.ceil(z * z * (p1 * (1 - p1) + p2 * (1 - p2)) / (p1 - p2) ** 2)


def ab_test_with_chi2(successes_a, n_a, successes_b, n_b, *, alpha=0.05, power=0.8, mde=0.05,
                      alternative="two-sided"):
    """z from scipy's chi-square test of the 2x2 table (chi2 = z²), sign from the difference."""
    if min(n_a, n_b) < 1 or not (0 <= successes_a <= n_a and 0 <= successes_b <= n_b):
        raise ValueError("each arm needs n >= 1 and 0 <= successes <= n")
    p_a, p_b = successes_a / n_a, successes_b / n_b
    table = np.array([[successes_a, n_a - successes_a], [successes_b, n_b - successes_b]])
    if (table.sum(axis=0) == 0).any():
        z = 0.0
    else:
        chi2 = stats.chi2_contingency(table, correction=False)[0]
        z = math.copysign(math.sqrt(chi2), p_b - p_a) if p_b != p_a else 0.0
    p_value = 2 * stats.norm.sf(abs(z)) if alternative == "two-sided" else stats.norm.sf(z)
    p_value = min(1.0, p_value)
    target = p_a + mde if p_a + mde <= 1 else p_a - mde
    need = _n_per_arm(p_a, target, alpha, power, alternative)
    if n_a < need or n_b < need:
        decision = "inconclusive"
    elif p_value < alpha and p_b > p_a:
        decision = "promote_challenger"
    else:
        decision = "keep_champion"
    return {"difference": p_b - p_a, "z": z, "p_value": p_value,
            "significant": p_value < alpha, "n_needed": need, "decision": decision}


def ab_test_with_arrays(successes_a, n_a, successes_b, n_b, *, alpha=0.05, power=0.8,
                        mde=0.05, alternative="two-sided"):
    hits = np.array([successes_a, successes_b], dtype=float)
    sizes = np.array([n_a, n_b], dtype=float)
    if (sizes <= 0).any() or (hits < 0).any() or (hits > sizes).any():
        raise ValueError("bad counts")
    rate = hits / sizes
    pooled = hits.sum() / sizes.sum()
    se = np.sqrt(pooled * (1 - pooled) * (1 / sizes).sum())
    z = 0.0 if se == 0 else float((rate[1] - rate[0]) / se)
    if alternative == "two-sided":
        p_value = float(min(1.0, 2 * stats.norm.cdf(-abs(z))))
    else:
        p_value = float(stats.norm.cdf(-z))
    alt_rate = rate[0] + mde
    if alt_rate > 1:
        alt_rate = rate[0] - mde
    need = _n_per_arm(float(rate[0]), float(alt_rate), alpha, power, alternative)
    enough = sizes.min() >= need
    significant = p_value < alpha
    decision = ("inconclusive" if not enough else
                "promote_challenger" if significant and rate[1] > rate[0] else "keep_champion")
    return {"difference": float(rate[1] - rate[0]), "z": z, "p_value": p_value,
            "significant": bool(significant), "n_needed": int(need), "decision": decision}


ALTERNATIVES["feedback.ab_test"] = [ab_test_with_chi2, ab_test_with_arrays]


# -- task 7: ipw_accuracy ----------------------------------------------------------------
def ipw_accuracy_with_pandas(correct, propensity):
    frame = pd.DataFrame({"correct": correct, "p": propensity}, dtype=float)
    if ((frame["p"] <= 0) | (frame["p"] > 1) | frame["p"].isna()).any():
        raise ValueError("propensity must be in (0, 1]")
    seen = frame.dropna(subset=["correct"])
    if seen.empty:
        raise ValueError("no label")
    weights = 1 / seen["p"]
    return float((weights * seen["correct"]).sum() / weights.sum())


def ipw_accuracy_with_a_loop(correct, propensity):
    if len(correct) != len(propensity):
        raise ValueError("lengths differ")
    num = den = 0.0
    for c, p in zip(correct, propensity):
        p = float(p)
        if not 0 < p <= 1:
            raise ValueError(f"propensity {p} outside (0, 1]")
        if c is None or math.isnan(float(c)):
            continue
        num += float(c) / p
        den += 1 / p
    if den == 0:
        raise ValueError("no label")
    return num / den


ALTERNATIVES["feedback.ipw_accuracy"] = [ipw_accuracy_with_pandas, ipw_accuracy_with_a_loop]
