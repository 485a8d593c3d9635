"""Correct implementations of lesson 03_fairness's tasks, written differently from the reference.

A check must accept every one of them: they follow the task text but take another
route (pandas instead of numpy, a loop instead of a vectorised expression, a library
instead of a hand formula). ``ALTERNATIVES`` maps each task id to at least two of them.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
from fairlearn import metrics as _fm


def rates_with_metricframe(y_true, y_pred, *, sensitive_features):
    frame = _fm.MetricFrame(metrics={"selection_rate": _fm.selection_rate,
                                     "tpr": _fm.true_positive_rate,
                                     "fpr": _fm.false_positive_rate},
                            y_true=np.asarray(y_true), y_pred=np.asarray(y_pred),
                            sensitive_features=list(sensitive_features))
    return frame.by_group


def rates_with_a_loop(y_true, y_pred, *, sensitive_features):
    counts = {}
    for t, p, g in zip(y_true, y_pred, sensitive_features):
        c = counts.setdefault(g, {"n": 0, "sel": 0, "pos": 0, "tp": 0, "neg": 0, "fp": 0})
        c["n"] += 1
        c["sel"] += int(p)
        if t == 1:
            c["pos"] += 1
            c["tp"] += int(p)
        else:
            c["neg"] += 1
            c["fp"] += int(p)
    rows = {g: {"selection_rate": c["sel"] / c["n"],
                "tpr": c["tp"] / c["pos"] if c["pos"] else 0.0,
                "fpr": c["fp"] / c["neg"] if c["neg"] else 0.0} for g, c in counts.items()}
    return pd.DataFrame(rows).T  # groups unsorted: the order is free


def rates_with_groupby(y_true, y_pred, *, sensitive_features):
    df = pd.DataFrame({"t": np.asarray(y_true), "p": np.asarray(y_pred),
                       "g": np.asarray(sensitive_features)})
    out = df.groupby("g").apply(lambda d: pd.Series({
        "selection_rate": d["p"].mean(),
        "tpr": d.loc[d["t"] == 1, "p"].mean(),
        "fpr": d.loc[d["t"] == 0, "p"].mean(),
        "count": len(d)}), include_groups=False)
    return out.fillna(0.0)


def dp_difference_fairlearn(y_true, y_pred, *, sensitive_features):
    return _fm.demographic_parity_difference(y_true, y_pred,
                                             sensitive_features=sensitive_features)


def dp_difference_on_rates(y_true, y_pred, *, sensitive_features):
    rates = rates_with_a_loop(y_true, y_pred, sensitive_features=sensitive_features)
    return float(np.ptp(rates["selection_rate"].to_numpy(dtype=float)))


def dp_ratio_fairlearn(y_true, y_pred, *, sensitive_features):
    return _fm.demographic_parity_ratio(y_true, y_pred, sensitive_features=sensitive_features)


def dp_ratio_on_rates(y_true, y_pred, *, sensitive_features):
    sel = rates_with_groupby(y_true, y_pred, sensitive_features=sensitive_features)[
        "selection_rate"]
    return np.nan if sel.max() == 0 else sel.min() / sel.max()


def eo_fairlearn(y_true, y_pred, *, sensitive_features):
    return _fm.equal_opportunity_difference(y_true, y_pred,
                                            sensitive_features=sensitive_features)


def eo_on_rates(y_true, y_pred, *, sensitive_features):
    tpr = rates_with_a_loop(y_true, y_pred, sensitive_features=sensitive_features)["tpr"]
    return max(tpr) - min(tpr)


def eodds_fairlearn(y_true, y_pred, *, sensitive_features):
    return _fm.equalized_odds_difference(y_true, y_pred, sensitive_features=sensitive_features)


def eodds_metricframe(y_true, y_pred, *, sensitive_features):
    frame = _fm.MetricFrame(metrics={"tpr": _fm.true_positive_rate,
                                     "fpr": _fm.false_positive_rate},
                            y_true=y_true, y_pred=y_pred,
                            sensitive_features=sensitive_features)
    return float(frame.difference().max())


def eodds_on_rates(y_true, y_pred, *, sensitive_features):
    rates = rates_with_groupby(y_true, y_pred, sensitive_features=sensitive_features)
    gaps = rates[["tpr", "fpr"]].max() - rates[["tpr", "fpr"]].min()
    return float(gaps.max())


def reweigh_with_counts(y, *, sensitive_features):
    y, g = list(y), list(sensitive_features)
    n = len(y)
    cg, cy, cgy = Counter(g), Counter(y), Counter(zip(g, y))
    return [cg[a] * cy[b] / (n * cgy[(a, b)]) for a, b in zip(g, y)]


def reweigh_with_crosstab(y, *, sensitive_features):
    frame = pd.DataFrame({"g": list(sensitive_features), "y": list(y)})
    joint = pd.crosstab(frame["g"], frame["y"], normalize=True)
    p_g, p_y = joint.sum(axis=1), joint.sum(axis=0)
    return np.array([p_g[a] * p_y[b] / joint.loc[a, b] for a, b in zip(frame["g"], frame["y"])])


def thresholds_with_groupby(scores, *, sensitive_features, target_rate):
    series = pd.Series(np.asarray(scores, float))
    if target_rate == 0:
        return {g: np.inf for g in set(sensitive_features)}
    return {g: float(np.quantile(part, 1 - target_rate, method="higher"))
            for g, part in series.groupby(np.asarray(sensitive_features))}


def thresholds_by_sorting(scores, *, sensitive_features, target_rate):
    out = {}
    for g in set(sensitive_features):
        values = sorted(s for s, h in zip(scores, sensitive_features) if h == g)
        if target_rate <= 0:
            out[g] = float("inf")
            continue
        index = int(np.ceil((1 - target_rate) * (len(values) - 1) - 1e-12))
        out[g] = float(values[index])
    return out


ALTERNATIVES = {
    "fairness.group_rates": [rates_with_metricframe, rates_with_a_loop, rates_with_groupby],
    "fairness.demographic_parity_difference": [dp_difference_fairlearn, dp_difference_on_rates],
    "fairness.demographic_parity_ratio": [dp_ratio_fairlearn, dp_ratio_on_rates],
    "fairness.equal_opportunity_difference": [eo_fairlearn, eo_on_rates],
    "fairness.equalized_odds_difference": [eodds_fairlearn, eodds_metricframe, eodds_on_rates],
    "fairness.reweighing_weights": [reweigh_with_counts, reweigh_with_crosstab],
    "fairness.group_thresholds": [thresholds_with_groupby, thresholds_by_sorting],
}
