"""Correct implementations of lesson 02_drift's tasks, written differently from the reference.

A check must accept every one of them: they follow the task text but take another
route (pandas instead of numpy, a loop instead of a vectorised expression, a library
instead of a hand formula). ``ALTERNATIVES`` maps each task id to at least two of them.
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
