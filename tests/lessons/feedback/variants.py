"""Catalogued mistakes of lesson 06_feedback, each written twice more as a learner might.

``VARIANTS`` maps a misconception id to implementations that make that mistake with
another detail (a merge instead of a map, a loop, groupby instead of drop_duplicates).
Each must receive that misconception's message, for every student seed.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats


def _check(predictions, labels):
    for df, cols in ((predictions, ["id", "predicted_at", "prediction"]),
                     (labels, ["id", "labeled_at", "label"])):
        if any(c not in df.columns for c in cols):
            raise ValueError("missing column")


def _merge_latest(made, known, *, how="left", first=False):
    ordered = known.sort_values("labeled_at", kind="stable")
    pick = ordered.groupby("id", as_index=False).first() if first else \
        ordered.groupby("id", as_index=False).last()
    out = made.merge(pick[["id", "label"]], on="id", how=how)
    out["label"] = out["label"].astype(float)
    return out


def _loop(predictions, labels, as_of, *, label_ok, pred_ok, keep_first=False, inner=False):
    best = {}
    for row in labels.sort_values("labeled_at", kind="stable").itertuples(index=False):
        if label_ok(row.labeled_at, as_of) and not (keep_first and row.id in best):
            best[row.id] = row.label
    rows = []
    for row in predictions.to_dict("records"):
        if not pred_ok(row["predicted_at"], as_of):
            continue
        if inner and row["id"] not in best:
            continue
        rows.append({**row, "label": float(best.get(row["id"], math.nan))})
    return pd.DataFrame(rows, columns=[*predictions.columns, "label"])


def _le(a, b):
    return a <= b


def _always(a, b):
    return True


# -- join.ignores_as_of ------------------------------------------------------------------
def join_no_date_filter_merge(predictions, labels, *, as_of):
    _check(predictions, labels)
    as_of = pd.Timestamp(as_of)
    return _merge_latest(predictions[predictions["predicted_at"] <= as_of], labels)


def join_no_date_filter_loop(predictions, labels, *, as_of):
    _check(predictions, labels)
    return _loop(predictions, labels, pd.Timestamp(as_of), label_ok=_always, pred_ok=_le)


# -- join.strict_as_of -------------------------------------------------------------------
def join_strict_merge(predictions, labels, *, as_of):
    _check(predictions, labels)
    as_of = pd.Timestamp(as_of)
    return _merge_latest(predictions[predictions["predicted_at"] <= as_of],
                         labels[labels["labeled_at"] < as_of])


def join_strict_loop(predictions, labels, *, as_of):
    _check(predictions, labels)
    return _loop(predictions, labels, pd.Timestamp(as_of), label_ok=lambda a, b: a < b,
                 pred_ok=_le)


# -- join.drops_unlabeled ----------------------------------------------------------------
def join_inner_merge(predictions, labels, *, as_of):
    _check(predictions, labels)
    as_of = pd.Timestamp(as_of)
    return _merge_latest(predictions[predictions["predicted_at"] <= as_of],
                         labels[labels["labeled_at"] <= as_of], how="inner")


def join_inner_loop(predictions, labels, *, as_of):
    _check(predictions, labels)
    return _loop(predictions, labels, pd.Timestamp(as_of), label_ok=_le, pred_ok=_le,
                 inner=True)


# -- join.first_label --------------------------------------------------------------------
def join_first_groupby(predictions, labels, *, as_of):
    _check(predictions, labels)
    as_of = pd.Timestamp(as_of)
    return _merge_latest(predictions[predictions["predicted_at"] <= as_of],
                         labels[labels["labeled_at"] <= as_of], first=True)


def join_first_loop(predictions, labels, *, as_of):
    _check(predictions, labels)
    return _loop(predictions, labels, pd.Timestamp(as_of), label_ok=_le, pred_ok=_le,
                 keep_first=True)


# -- join.keeps_future_decisions ---------------------------------------------------------
def join_all_decisions_merge(predictions, labels, *, as_of):
    _check(predictions, labels)
    as_of = pd.Timestamp(as_of)
    return _merge_latest(predictions, labels[labels["labeled_at"] <= as_of])


def join_all_decisions_loop(predictions, labels, *, as_of):
    _check(predictions, labels)
    return _loop(predictions, labels, pd.Timestamp(as_of), label_ok=_le, pred_ok=_always)


# -- windowed_accuracy -------------------------------------------------------------------
def _windows(df, freq, min_labels, confidence, *, interval, denominator="labels",
             blank_small=True, cmp=lambda n, m: n >= m):
    if min_labels < 1:
        raise ValueError("min_labels must be >= 1")
    keys = df["predicted_at"].dt.to_period(freq)
    out = []
    for key in sorted(keys.unique()):
        part = df[keys == key]
        lab = part.dropna(subset=["label"])
        n = len(lab)
        hits = int((lab["prediction"] == lab["label"]).sum())
        total = len(part) if denominator == "all" else n
        enough = bool(cmp(n, min_labels))
        if total and (enough or not blank_small):
            low, high = interval(hits, total, confidence)
            out.append((str(key), len(part), n, hits / total, low, high, enough))
        else:
            out.append((str(key), len(part), n, np.nan, np.nan, np.nan, enough))
    return pd.DataFrame(out, columns=["window", "n_predictions", "n_labels", "accuracy",
                                      "low", "high", "enough"]).set_index("window")


def _wilson_scipy(hits, n, confidence):
    ci = stats.binomtest(hits, n).proportion_ci(confidence_level=confidence, method="wilson")
    return ci.low, ci.high


def _wilson_formula(hits, n, confidence):
    z = stats.norm.ppf(1 - (1 - confidence) / 2)
    p = hits / n
    d = 1 + z ** 2 / n
    c = p + z ** 2 / (2 * n)
    r = z * math.sqrt(p * (1 - p) / n + z ** 2 / (4 * n ** 2))
    return (c - r) / d, (c + r) / d


def _wald_formula(hits, n, confidence):
    z = stats.norm.ppf(1 - (1 - confidence) / 2)
    p = hits / n
    se = math.sqrt(p * (1 - p) / n)
    return p - z * se, p + z * se


def _wald_statsmodels_like(hits, n, confidence):
    p = hits / n
    half = stats.norm.isf((1 - confidence) / 2) * np.sqrt(p * (1 - p) / n)
    return float(p - half), float(p + half)


def acc_wald_formula(df, *, freq="W", min_labels=30, confidence=0.95):
    return _windows(df, freq, min_labels, confidence, interval=_wald_formula)


def acc_wald_isf(df, *, freq="W", min_labels=30, confidence=0.95):
    return _windows(df, freq, min_labels, confidence, interval=_wald_statsmodels_like)


def acc_all_rows_scipy(df, *, freq="W", min_labels=30, confidence=0.95):
    return _windows(df, freq, min_labels, confidence, interval=_wilson_scipy,
                    denominator="all")


def acc_all_rows_formula(df, *, freq="W", min_labels=30, confidence=0.95):
    return _windows(df, freq, min_labels, confidence, interval=_wilson_formula,
                    denominator="all")


def acc_no_blank_scipy(df, *, freq="W", min_labels=30, confidence=0.95):
    return _windows(df, freq, min_labels, confidence, interval=_wilson_scipy,
                    blank_small=False)


def acc_no_blank_formula(df, *, freq="W", min_labels=30, confidence=0.95):
    return _windows(df, freq, min_labels, confidence, interval=_wilson_formula,
                    blank_small=False)


def acc_strict_scipy(df, *, freq="W", min_labels=30, confidence=0.95):
    return _windows(df, freq, min_labels, confidence, interval=_wilson_scipy,
                    cmp=lambda n, m: n > m)


def acc_strict_formula(df, *, freq="W", min_labels=30, confidence=0.95):
    return _windows(df, freq, min_labels, confidence, interval=_wilson_formula,
                    cmp=lambda n, m: n - m > 0)


def acc_default_level_scipy(df, *, freq="W", min_labels=30, confidence=0.95):
    return _windows(df, freq, min_labels, confidence,
                    interval=lambda h, n, c: _wilson_scipy(h, n, 0.95))


def acc_default_level_formula(df, *, freq="W", min_labels=30, confidence=0.95):
    return _windows(df, freq, min_labels, confidence,
                    interval=lambda h, n, c: _wilson_formula(h, n, 0.95))



# -- AlertManager ------------------------------------------------------------------------
_NAMES = ["info", "warning", "critical"]


class _Alerts:
    """A learner's AlertManager; the subclasses below change one rule each."""

    def __init__(self, rules, *, cooldown=3, audit_log=None):
        from mlopskit.governance import AuditLog

        self.rules, self.cooldown = rules, cooldown
        self.audit_log = audit_log or AuditLog()
        self.last, self.now, self.any_last = {}, None, None

    def reached(self, value, threshold):
        return value >= threshold

    def level(self, metric, value):
        hits = [n for n in _NAMES if n in self.rules[metric]
                and self.reached(value, self.rules[metric][n])]
        return hits[-1] if hits else None

    def silenced(self, metric, t, level):
        prev = self.last.get(metric)
        return prev is not None and t - prev[0] < self.cooldown and \
            _NAMES.index(level) <= _NAMES.index(prev[1])

    def write(self, t, metric, level, value):
        self.audit_log.log_event("alert", "monitor", {"t": t, "metric": metric,
                                                      "severity": level, "value": value})

    def observe(self, t, metric, value):
        if metric not in self.rules or (self.now is not None and t < self.now):
            raise ValueError("bad observation")
        self.now = t
        level = self.level(metric, value)
        if level is None:
            return None
        if self.silenced(metric, t, level):
            self.on_silenced(t, metric, level, value)
            return None
        self.last[metric] = (t, level)
        self.any_last = (t, level)
        self.write(t, metric, level, value)
        return level

    def on_silenced(self, t, metric, level, value):
        pass

    def trail(self):
        return [[e["details"]["t"], e["details"]["metric"], e["details"]["severity"]]
                for e in self.audit_log.entries if e["event_type"] == "alert"]


class AlertsGreaterThan(_Alerts):
    def reached(self, value, threshold):
        return value > threshold


class AlertsGreaterThanNumpy(_Alerts):
    def level(self, metric, value):
        names = [n for n in _NAMES if n in self.rules[metric]]
        above = np.array([self.rules[metric][n] for n in names]) < value
        return names[int(np.flatnonzero(above)[-1])] if above.any() else None


class AlertsFirstMatch(_Alerts):
    def level(self, metric, value):
        for name in _NAMES:
            if name in self.rules[metric] and value >= self.rules[metric][name]:
                return name
        return None


class AlertsMinOfReached(_Alerts):
    def level(self, metric, value):
        hits = [n for n in _NAMES if value >= self.rules[metric].get(n, math.inf)]
        return min(hits, key=_NAMES.index) if hits else None


class AlertsNoEscalation(_Alerts):
    def silenced(self, metric, t, level):
        return metric in self.last and t - self.last[metric][0] < self.cooldown


class AlertsNoEscalationNextAllowed(_Alerts):
    def silenced(self, metric, t, level):
        return t < self.last.get(metric, (-math.inf,))[0] + self.cooldown


class AlertsCooldownInclusive(_Alerts):
    def silenced(self, metric, t, level):
        prev = self.last.get(metric)
        return prev is not None and t - prev[0] <= self.cooldown and \
            _NAMES.index(level) <= _NAMES.index(prev[1])


class AlertsCooldownNotAfter(_Alerts):
    def silenced(self, metric, t, level):
        prev = self.last.get(metric)
        return prev is not None and not t > prev[0] + self.cooldown and \
            not _NAMES.index(level) > _NAMES.index(prev[1])


class AlertsLogEverything(_Alerts):
    def on_silenced(self, t, metric, level, value):
        self.write(t, metric, level, value)


class AlertsLogBeforeDeciding(_Alerts):
    def observe(self, t, metric, value):
        if metric not in self.rules or (self.now is not None and t < self.now):
            raise ValueError("bad observation")
        level = self.level(metric, value)
        if level is not None:
            self.write(t, metric, level, value)
        self.now = t
        if level is None or self.silenced(metric, t, level):
            return None
        self.last[metric] = (t, level)
        return level


class AlertsOneClock(_Alerts):
    def silenced(self, metric, t, level):
        prev = self.any_last
        return prev is not None and t - prev[0] < self.cooldown and \
            _NAMES.index(level) <= _NAMES.index(prev[1])


class AlertsSharedState(_Alerts):
    def silenced(self, metric, t, level):
        prev = self.last.get("all")
        blocked = prev is not None and t - prev[0] < self.cooldown and \
            _NAMES.index(level) <= _NAMES.index(prev[1])
        if not blocked:
            self.last["all"] = (t, level)
        return blocked


# -- should_retrain ----------------------------------------------------------------------
def _retrain(history, policy, *, ge=False, none_bad=False, guards=True, cool_le=False,
             first=False):
    if any(k not in history for k in ("drift_share", "accuracy_low", "fairness_gap",
                                      "new_labels", "days_since_retrain")):
        raise ValueError("missing signal")
    above = (lambda a, b: a >= b) if ge else (lambda a, b: a > b)
    acc = history["accuracy_low"]
    reasons = [name for name, hit in (
        ("drift", above(history["drift_share"], policy["max_drift_share"])),
        ("accuracy", (none_bad and acc is None)
         or (acc is not None and acc < policy["min_accuracy"])),
        ("fairness", above(history["fairness_gap"], policy["max_fairness_gap"]))) if hit]
    if not reasons:
        return {"action": "keep", "reasons": []}
    held = []
    if guards:
        if history["new_labels"] < policy["min_new_labels"]:
            held.append("too_few_labels")
        d, c = history["days_since_retrain"], policy["cooldown_days"]
        if d <= c if cool_le else d < c:
            held.append("cooldown")
    out = reasons + held
    return {"action": "wait" if held else "retrain", "reasons": out[:1] if first else out}


def retrain_always_when_signalled(history, policy):
    return _retrain(history, policy, guards=False)


def retrain_signal_list(history, policy):
    fired = []
    if history["drift_share"] > policy["max_drift_share"]:
        fired.append("drift")
    if history["accuracy_low"] is not None and history["accuracy_low"] < policy["min_accuracy"]:
        fired.append("accuracy")
    if history["fairness_gap"] > policy["max_fairness_gap"]:
        fired.append("fairness")
    return {"action": "retrain" if fired else "keep", "reasons": fired}


def retrain_none_as_zero(history, policy):
    history = {**history, "accuracy_low": history["accuracy_low"] or 0.0} \
        if "accuracy_low" in history else history
    return _retrain(history, policy)


def retrain_none_flag(history, policy):
    return _retrain(history, policy, none_bad=True)


def retrain_ge_limits(history, policy):
    return _retrain(history, policy, ge=True)


def retrain_not_below_limits(history, policy):
    h = dict(history)
    if "drift_share" in h:
        h["drift_share"] += 1e-12
        h["fairness_gap"] += 1e-12 if "fairness_gap" in h else 0
    return _retrain(h, policy)


def retrain_cooldown_le(history, policy):
    return _retrain(history, policy, cool_le=True)


def retrain_cooldown_not_over(history, policy):
    h = dict(history)
    if "days_since_retrain" in h:
        h["days_since_retrain"] -= 0.5
    return _retrain(h, policy)


def retrain_first_reason(history, policy):
    return _retrain(history, policy, first=True)


def retrain_reason_string_wrapped(history, policy):
    decision = _retrain(history, policy)
    return {**decision, "reasons": [r for r in decision["reasons"]][:1]}


# -- explain_decision --------------------------------------------------------------------
def _top(values, names, top_k, key=abs):
    pairs = [[str(n), float(v)] for n, v in zip(names, values)]
    return sorted(pairs, key=lambda p: key(p[1]), reverse=True)[:top_k]


def _guard(coef, x, baseline, top_k):
    if len({len(coef), len(x), len(baseline)}) != 1 or top_k < 1:
        raise ValueError("bad input")


def explain_coef_only(coef, x, *, baseline, names, top_k=3):
    _guard(coef, x, baseline, top_k)
    return _top(coef, names, top_k)


def explain_coef_table(coef, x, *, baseline, names, top_k=3):
    _guard(coef, x, baseline, top_k)
    s = pd.Series(np.asarray(coef, dtype=float), index=list(names))
    s = s.reindex(s.abs().sort_values(ascending=False, kind="stable").index)
    return [[k, float(v)] for k, v in s.head(top_k).items()]


def explain_times_x(coef, x, *, baseline, names, top_k=3):
    _guard(coef, x, baseline, top_k)
    return _top([c * v for c, v in zip(coef, x)], names, top_k)


def explain_times_x_numpy(coef, x, *, baseline, names, top_k=3):
    _guard(coef, x, baseline, top_k)
    c = np.asarray(coef, dtype=float) * np.asarray(x, dtype=float)
    order = np.argsort(-np.abs(c), kind="stable")[:top_k]
    return [[names[i], float(c[i])] for i in order]


def explain_largest_positive(coef, x, *, baseline, names, top_k=3):
    _guard(coef, x, baseline, top_k)
    return _top([c * (v - b) for c, v, b in zip(coef, x, baseline)], names, top_k,
                key=lambda v: v)


def explain_nlargest(coef, x, *, baseline, names, top_k=3):
    _guard(coef, x, baseline, top_k)
    c = pd.Series(np.asarray(coef, dtype=float) * (np.asarray(x, dtype=float)
                                                   - np.asarray(baseline, dtype=float)),
                  index=list(names))
    return [[k, float(v)] for k, v in c.nlargest(top_k, keep="first").items()]


def explain_reference_minus_person(coef, x, *, baseline, names, top_k=3):
    _guard(coef, x, baseline, top_k)
    return _top([c * (b - v) for c, v, b in zip(coef, x, baseline)], names, top_k)


def explain_negated(coef, x, *, baseline, names, top_k=3):
    _guard(coef, x, baseline, top_k)
    c = -np.asarray(coef, dtype=float) * (np.asarray(x, dtype=float)
                                          - np.asarray(baseline, dtype=float))
    order = np.argsort(-np.abs(c), kind="stable")[:top_k]
    return [[names[i], float(c[i])] for i in order]


VARIANTS = {
    "explain.raw_coefficients": [explain_coef_only, explain_coef_table],
    "explain.no_baseline": [explain_times_x, explain_times_x_numpy],
    "explain.signed_sort": [explain_largest_positive, explain_nlargest],
    "explain.baseline_flipped": [explain_reference_minus_person, explain_negated],
    "alert.strict_threshold": [AlertsGreaterThan, AlertsGreaterThanNumpy],
    "alert.lowest_severity": [AlertsFirstMatch, AlertsMinOfReached],
    "alert.no_escalation": [AlertsNoEscalation, AlertsNoEscalationNextAllowed],
    "alert.cooldown_inclusive": [AlertsCooldownInclusive, AlertsCooldownNotAfter],
    "alert.logs_silenced": [AlertsLogEverything, AlertsLogBeforeDeciding],
    "alert.global_cooldown": [AlertsOneClock, AlertsSharedState],
    "retrain.ignores_guards": [retrain_always_when_signalled, retrain_signal_list],
    "retrain.unknown_accuracy_is_bad": [retrain_none_as_zero, retrain_none_flag],
    "retrain.limit_is_breach": [retrain_ge_limits, retrain_not_below_limits],
    "retrain.inclusive_cooldown": [retrain_cooldown_le, retrain_cooldown_not_over],
    "retrain.first_reason_only": [retrain_first_reason, retrain_reason_string_wrapped],
    "join.ignores_as_of": [join_no_date_filter_merge, join_no_date_filter_loop],
    "join.strict_as_of": [join_strict_merge, join_strict_loop],
    "join.drops_unlabeled": [join_inner_merge, join_inner_loop],
    "join.first_label": [join_first_groupby, join_first_loop],
    "join.keeps_future_decisions": [join_all_decisions_merge, join_all_decisions_loop],
    "acc.wald_interval": [acc_wald_formula, acc_wald_isf],
    "acc.unlabeled_as_errors": [acc_all_rows_scipy, acc_all_rows_formula],
    "acc.reports_small_windows": [acc_no_blank_scipy, acc_no_blank_formula],
    "acc.strict_min_labels": [acc_strict_scipy, acc_strict_formula],
    "acc.ignores_confidence": [acc_default_level_scipy, acc_default_level_formula],
}


# -- ab_test -----------------------------------------------------------------------------
# Two learner-style writings of the A/B test: one with scipy.stats.norm and math, one with
# numpy and the error function; each makes one mistake at a time.
def _ab_scipy(sa, na, sb, nb, alpha, power, mde, alternative, *, se_kind="pooled",
              p_kind="right", crit_kind="right", n_kind="ceil", rule="right"):
    if na <= 0 or nb <= 0 or sa > na or sb > nb or sa < 0 or sb < 0:
        raise ValueError("invalid counts")
    pa, pb = sa / na, sb / nb
    if se_kind == "pooled":
        pool = (sa + sb) / (na + nb)
        se = math.sqrt(pool * (1 - pool) / na + pool * (1 - pool) / nb)
    else:
        se = math.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
    z = (pb - pa) / se if se > 0 else 0.0
    if alternative == "larger":
        p = 1 - stats.norm.cdf(z)
    elif p_kind == "half":
        p = 1 - stats.norm.cdf(abs(z))
    else:
        p = min(1.0, 2 * (1 - stats.norm.cdf(abs(z))))
    sig = p < alpha
    pt = pa + mde if pa + mde <= 1 else pa - mde
    if alternative == "larger" or crit_kind == "one":
        zc = stats.norm.ppf(1 - alpha)
    else:
        zc = stats.norm.ppf(1 - alpha / 2)
    raw = ((zc + stats.norm.ppf(power)) ** 2) * (pa * (1 - pa) + pt * (1 - pt)) / (pt - pa) ** 2
    n = math.floor(raw) if n_kind == "floor" else math.ceil(raw)
    if rule == "peek":
        decision = "promote_challenger" if sig and pb > pa else "keep_champion"
    elif na < n or nb < n:
        decision = "inconclusive"
    elif rule == "sign":
        decision = "promote_challenger" if pb > pa else "keep_champion"
    else:
        decision = "promote_challenger" if sig and pb > pa else "keep_champion"
    return {"difference": pb - pa, "z": z, "p_value": p, "significant": sig,
            "n_needed": n, "decision": decision}


def _phi_upper(x):
    return 0.5 * math.erfc(x / math.sqrt(2))


def _ab_numpy(sa, na, sb, nb, alpha, power, mde, alternative, *, unpooled=False,
              half=False, one_crit=False, trunc=False, sign=False, peek=False):
    counts = np.array([[sa, na], [sb, nb]], dtype=float)
    if (counts[:, 1] < 1).any() or (counts[:, 0] > counts[:, 1]).any():
        raise ValueError("every arm needs n >= 1 and successes <= n")
    rates = counts[:, 0] / counts[:, 1]
    diff = rates[1] - rates[0]
    if unpooled:
        var = np.sum(rates * (1 - rates) / counts[:, 1])
    else:
        pooled = counts[:, 0].sum() / counts[:, 1].sum()
        var = pooled * (1 - pooled) * np.sum(1 / counts[:, 1])
    z = float(diff / np.sqrt(var)) if var > 0 else 0.0
    if alternative == "two-sided":
        p_value = _phi_upper(abs(z)) * (1 if half else 2)
    else:
        p_value = _phi_upper(z)
    significant = bool(p_value < alpha)
    other = rates[0] + mde if rates[0] + mde <= 1 else rates[0] - mde
    tail = alpha if (alternative != "two-sided" or one_crit) else alpha / 2
    need = (stats.norm.isf(tail) + stats.norm.isf(1 - power)) ** 2 \
        * (rates[0] * (1 - rates[0]) + other * (1 - other)) / (other - rates[0]) ** 2
    need = int(need) if trunc else int(np.ceil(need))
    if not peek and min(na, nb) < need:
        decision = "inconclusive"
    elif diff > 0 and (significant or sign):
        decision = "promote_challenger"
    else:
        decision = "keep_champion"
    return {"difference": float(diff), "z": z, "p_value": float(min(p_value, 1.0)),
            "significant": significant, "n_needed": need, "decision": decision}


def _ab_variant(base, **flags):
    def impl(successes_a, n_a, successes_b, n_b, *, alpha=0.05, power=0.8, mde=0.05,
             alternative="two-sided"):
        return base(successes_a, n_a, successes_b, n_b, alpha, power, mde, alternative, **flags)
    impl.__name__ = f"ab_{base.__name__.strip('_')}_{'_'.join(f'{k}' for k in flags)}"
    return impl


AB_VARIANTS = {
    "ab.unpooled_se": [_ab_variant(_ab_scipy, se_kind="unpooled"),
                       _ab_variant(_ab_numpy, unpooled=True)],
    "ab.one_sided_p": [_ab_variant(_ab_scipy, p_kind="half"), _ab_variant(_ab_numpy, half=True)],
    "ab.one_sided_critical_value": [_ab_variant(_ab_scipy, crit_kind="one"),
                                    _ab_variant(_ab_numpy, one_crit=True)],
    "ab.rounds_down": [_ab_variant(_ab_scipy, n_kind="floor"), _ab_variant(_ab_numpy, trunc=True)],
    "ab.decides_on_difference": [_ab_variant(_ab_scipy, rule="sign"),
                                 _ab_variant(_ab_numpy, sign=True)],
    "ab.peeks": [_ab_variant(_ab_scipy, rule="peek"), _ab_variant(_ab_numpy, peek=True)],
}


# -- ipw_accuracy ------------------------------------------------------------------------
def _ipw_guard(correct, propensity):
    c = np.asarray(correct, dtype=float)
    p = np.asarray(propensity, dtype=float)
    if len(c) != len(p) or np.any(p <= 0) or np.any(p > 1):
        raise ValueError("propensity must be in (0, 1]")
    return c, p


def ipw_weight_p_numpy(correct, propensity):
    c, p = _ipw_guard(correct, propensity)
    keep = ~np.isnan(c)
    return float(np.average(c[keep], weights=p[keep]))


def ipw_weight_p_loop(correct, propensity):
    c, p = _ipw_guard(correct, propensity)
    top = bottom = 0.0
    for ci, pi in zip(c, p):
        if not math.isnan(ci):
            top += ci * pi
            bottom += pi
    return top / bottom


def ipw_plain_nanmean(correct, propensity):
    c, p = _ipw_guard(correct, propensity)
    return float(np.nanmean(c))


def ipw_plain_pandas(correct, propensity):
    c, p = _ipw_guard(correct, propensity)
    return float(pd.Series(c).dropna().mean())


def ipw_ht_numpy(correct, propensity):
    c, p = _ipw_guard(correct, propensity)
    return float(np.nansum(c / p) / c.size)


def ipw_ht_pandas(correct, propensity):
    c, p = _ipw_guard(correct, propensity)
    frame = pd.DataFrame({"c": c, "w": 1 / p})
    return float((frame["c"] * frame["w"]).sum() / len(frame))


def ipw_count_numpy(correct, propensity):
    c, p = _ipw_guard(correct, propensity)
    keep = ~np.isnan(c)
    return float(np.sum(c[keep] / p[keep]) / np.count_nonzero(keep))


def ipw_count_pandas(correct, propensity):
    c, p = _ipw_guard(correct, propensity)
    frame = pd.DataFrame({"c": c, "w": 1 / p}).dropna()
    return float((frame["c"] * frame["w"]).mean())


def ipw_fill_zero_numpy(correct, propensity):
    c, p = _ipw_guard(correct, propensity)
    return float(np.average(np.nan_to_num(c, nan=0.0), weights=1 / p))


def ipw_fill_zero_pandas(correct, propensity):
    c, p = _ipw_guard(correct, propensity)
    frame = pd.DataFrame({"c": c, "w": 1 / p}).fillna({"c": 0})
    return float((frame["c"] * frame["w"]).sum() / frame["w"].sum())


VARIANTS.update(AB_VARIANTS)
VARIANTS.update({
    "ipw.weights_p": [ipw_weight_p_numpy, ipw_weight_p_loop],
    "ipw.unweighted": [ipw_plain_nanmean, ipw_plain_pandas],
    "ipw.divides_by_all_rows": [ipw_ht_numpy, ipw_ht_pandas],
    "ipw.divides_by_labeled_count": [ipw_count_numpy, ipw_count_pandas],
    "ipw.unlabeled_as_wrong": [ipw_fill_zero_numpy, ipw_fill_zero_pandas],
})
