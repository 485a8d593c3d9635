"""Group fairness metrics and simple mitigations: the reference solutions of lesson 03.

Signatures and meanings follow fairlearn's (``fairlearn.metrics``), so that every
hand-written metric can be checked against fairlearn on the same data. A rate that is
undefined for a group (a true positive rate in a group with no positive label, a false
positive rate in a group with no negative label) counts as 0, as in fairlearn: no
division by an empty confusion-matrix cell, no crash on a group with one class.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlopskit._validation import (
    check_binary_labels,
    check_fraction,
    check_groups,
    check_same_length,
)

__all__ = [
    "selection_rate",
    "selection_rates",
    "demographic_parity_difference",
    "demographic_parity_ratio",
    "true_positive_rates",
    "false_positive_rates",
    "equal_opportunity_difference",
    "equalized_odds_difference",
    "reweighing_weights",
    "group_thresholds",
    "apply_thresholds",
]


def _groups(sensitive_features, n, name="sensitive_features"):
    return check_groups(sensitive_features, n, name)


def _labels(values, name):
    return check_binary_labels(values, name)


def selection_rate(y_pred):
    """Share of positive predictions.

    Examples
    --------
    >>> selection_rate([1, 0, 1, 1])
    0.75
    """
    return float(_labels(y_pred, "y_pred").mean())


def selection_rates(y_pred, *, sensitive_features):
    """Selection rate of each group, as a Series indexed by group (sorted).

    Examples
    --------
    >>> selection_rates([1, 0, 1, 1], sensitive_features=["a", "a", "b", "b"]).to_dict()
    {'a': 0.5, 'b': 1.0}
    """
    pred = _labels(y_pred, "y_pred")
    groups = _groups(sensitive_features, pred.size)
    rates = pd.Series(pred, dtype=float).groupby(groups.to_numpy()).mean().sort_index()
    rates.index.name = "group"
    rates.name = "selection_rate"
    return rates


def _check_lengths(y_true, y_pred):
    t, p = _labels(y_true, "y_true"), _labels(y_pred, "y_pred")
    check_same_length(t, p, ("y_true", "y_pred"))
    return t, p


def demographic_parity_difference(y_true, y_pred, *, sensitive_features):
    """Largest minus smallest group selection rate (``y_true`` is not used).

    Examples
    --------
    >>> demographic_parity_difference([0, 0, 1, 1], [1, 0, 1, 1],
    ...                               sensitive_features=["a", "a", "b", "b"])
    0.5
    """
    _, pred = _check_lengths(y_true, y_pred)
    rates = selection_rates(pred, sensitive_features=sensitive_features)
    return float(rates.max() - rates.min())


def demographic_parity_ratio(y_true, y_pred, *, sensitive_features):
    """Smallest over largest group selection rate (1 is parity; 0 when none is selected).

    Examples
    --------
    >>> demographic_parity_ratio([0, 0, 1, 1], [1, 0, 1, 1],
    ...                          sensitive_features=["a", "a", "b", "b"])
    0.5
    """
    _, pred = _check_lengths(y_true, y_pred)
    rates = selection_rates(pred, sensitive_features=sensitive_features)
    return float(rates.min() / rates.max()) if rates.max() > 0 else 0.0


def _rate_by_group(y_true, y_pred, sensitive_features, label):
    t, p = _check_lengths(y_true, y_pred)
    groups = _groups(sensitive_features, t.size)
    out = {}
    for group in sorted(groups.unique()):
        mask = (groups.to_numpy() == group) & (t == label)
        out[group] = float(p[mask].mean()) if mask.any() else 0.0
    return pd.Series(out, dtype=float)


def true_positive_rates(y_true, y_pred, *, sensitive_features):
    """True positive rate per group (0 for a group with no positive label)."""
    return _rate_by_group(y_true, y_pred, sensitive_features, 1)


def false_positive_rates(y_true, y_pred, *, sensitive_features):
    """False positive rate per group (0 for a group with no negative label)."""
    return _rate_by_group(y_true, y_pred, sensitive_features, 0)


def equal_opportunity_difference(y_true, y_pred, *, sensitive_features):
    """Largest minus smallest group true positive rate.

    Examples
    --------
    >>> equal_opportunity_difference([1, 1, 1, 0], [1, 0, 1, 0],
    ...                               sensitive_features=["a", "a", "b", "b"])
    0.5
    """
    tpr = true_positive_rates(y_true, y_pred, sensitive_features=sensitive_features)
    return float(tpr.max() - tpr.min())


def equalized_odds_difference(y_true, y_pred, *, sensitive_features):
    """The larger of the true positive rate and false positive rate differences.

    Examples
    --------
    >>> equalized_odds_difference([1, 0, 1, 0], [1, 1, 1, 0],
    ...                           sensitive_features=["a", "a", "b", "b"])
    1.0
    """
    tpr = true_positive_rates(y_true, y_pred, sensitive_features=sensitive_features)
    fpr = false_positive_rates(y_true, y_pred, sensitive_features=sensitive_features)
    return float(max(tpr.max() - tpr.min(), fpr.max() - fpr.min()))


def _reweighing_probabilities(y, sensitive_features):
    """P(group), P(label) and P(group, label) of each sample, as Series."""
    labels = _labels(y, "y")
    groups = _groups(sensitive_features, labels.size).to_numpy()
    frame = pd.DataFrame({"g": groups, "y": labels})
    n = len(frame)
    p_group = frame["g"].map(frame["g"].value_counts() / n)
    p_label = frame["y"].map(frame["y"].value_counts() / n)
    joint = frame.groupby(["g", "y"]).size() / n
    p_joint = pd.Series([joint[(g, y)] for g, y in zip(frame["g"], frame["y"])])
    return p_group, p_label, p_joint


def reweighing_weights(y, *, sensitive_features):
    """Kamiran & Calders (2012) reweighing: w = P(group) P(label) / P(group, label).

    Weighted, group and label become independent in the training data.

    Examples
    --------
    >>> reweighing_weights([1, 1, 0, 0], sensitive_features=["a", "a", "a", "b"]).round(3)
    array([0.75, 0.75, 1.5 , 0.5 ])
    """
    p_group, p_label, p_joint = _reweighing_probabilities(y, sensitive_features)
    return (p_group * p_label / p_joint).to_numpy(dtype=float)


def _group_quantiles(scores, groups, q):
    """The ``q`` quantile (numpy's "higher" method) of each group's scores, by group."""
    return {str(g): float(np.quantile(scores[groups == g], q, method="higher"))
            for g in sorted(set(groups))}


def group_thresholds(scores, *, sensitive_features, target_rate):
    """Per-group score thresholds that select ``target_rate`` of each group.

    A sample is selected when its score is at least its group's threshold; the threshold
    of a group is the ``1 - target_rate`` quantile of that group's scores (numpy's
    "higher" method), so each group's selection rate is as close to the target as ties
    allow. A post-processing mitigation for demographic parity.

    Examples
    --------
    >>> group_thresholds([0.1, 0.4, 0.35, 0.8], sensitive_features=["a", "a", "b", "b"],
    ...                  target_rate=0.5)
    {'a': 0.4, 'b': 0.8}
    """
    s = np.asarray(scores, dtype=float)
    if s.ndim != 1 or np.isnan(s).any():
        raise ValueError("`scores` must be a 1-D array without NaN.")
    rate = check_fraction(target_rate, "target_rate", inclusive=True)
    groups = _groups(sensitive_features, s.size).to_numpy()
    return _group_quantiles(s, groups, 1 - rate)


def apply_thresholds(scores, *, sensitive_features, thresholds):
    """1 where the score reaches its group's threshold, else 0."""
    s = np.asarray(scores, dtype=float)
    groups = _groups(sensitive_features, s.size).to_numpy()
    missing = sorted(set(groups) - set(thresholds))
    if missing:
        raise ValueError(f"`thresholds` has no value for group(s) {missing}.")
    return np.array([int(v >= thresholds[g]) for v, g in zip(s, groups)])
