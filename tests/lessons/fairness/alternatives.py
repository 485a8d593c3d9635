"""Correct implementations of lesson 03_fairness's tasks, written differently from the reference.

A check must accept every one of them: they follow the task text but take another
route (pandas instead of numpy, a loop instead of a vectorised expression, a library
instead of a hand formula). ``ALTERNATIVES`` maps each task id to at least two of them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from fairlearn import metrics as _fm


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


ALTERNATIVES = {
    "fairness.selection_rates": [selection_with_metricframe, selection_with_a_loop],
    "fairness.demographic_parity_difference": [dp_difference_fairlearn, dp_difference_by_hand],
    "fairness.demographic_parity_ratio": [dp_ratio_fairlearn, dp_ratio_by_hand],
    "fairness.equal_opportunity_difference": [eo_fairlearn, eo_by_hand],
    "fairness.equalized_odds_difference": [eodds_metricframe, eodds_by_hand],
    "fairness.reweighing_weights": [reweigh_with_counts, reweigh_with_crosstab],
    "fairness.group_thresholds": [thresholds_with_groupby, thresholds_by_sorting],
}
