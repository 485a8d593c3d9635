"""Group fairness metrics and simple mitigations: the reference solutions of lesson 03.

Signatures and meanings follow fairlearn's (``fairlearn.metrics``), so that every
hand-written metric can be checked against fairlearn on the same data. Everything is built
on :func:`group_rates`, the selection rate, true positive rate and false positive rate of
each group. A rate whose denominator is empty (a true positive rate in a group with no
positive label, a false positive rate in a group with no negative label) counts as 0, as
fairlearn's ``true_positive_rate`` and ``false_positive_rate`` count it. A ratio whose
denominator is 0 (the demographic parity ratio when no group is selected at all) is NaN,
as fairlearn returns it: 0 / 0 says nothing about parity.
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
    "RATE_COLUMNS",
    "selection_rate",
    "selection_rates",
    "group_rates",
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

#: The columns of :func:`group_rates`, in order.
RATE_COLUMNS = ("selection_rate", "tpr", "fpr")


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


def _share_selected(pred, mask):
    """Mean of ``pred`` where ``mask`` holds; 0 when nobody is in ``mask``."""
    return float(pred[mask].mean()) if mask.any() else 0.0


def group_rates(y_true, y_pred, *, sensitive_features):
    """Selection rate, true positive rate and false positive rate of each group.

    Parameters
    ----------
    y_true, y_pred : array-like of 0/1
        True labels and decisions, one per person.
    sensitive_features : array-like
        The group of each person.

    Returns
    -------
    pandas.DataFrame
        One row per group (sorted, index named ``"group"``) and the columns
        ``"selection_rate"`` (share of the group with ``y_pred == 1``), ``"tpr"`` (share
        selected among the group's ``y_true == 1``) and ``"fpr"`` (share selected among
        the group's ``y_true == 0``). A rate with no one in its denominator is 0, as in
        fairlearn.

    Examples
    --------
    >>> group_rates([1, 0, 1, 1], [1, 1, 0, 1], sensitive_features=["a", "a", "b", "b"])
           selection_rate  tpr  fpr
    group                          
    a                 1.0  1.0  1.0
    b                 0.5  0.5  0.0
    """
    t, p = _check_lengths(y_true, y_pred)
    groups = _groups(sensitive_features, t.size).to_numpy()
    rows = {}
    for group in sorted(set(groups)):
        member = groups == group
        rows[group] = (float(p[member].mean()), _share_selected(p, member & (t == 1)),
                       _share_selected(p, member & (t == 0)))
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(RATE_COLUMNS))
    frame.index.name = "group"
    return frame


def demographic_parity_difference(y_true, y_pred, *, sensitive_features):
    """Largest minus smallest group selection rate (``y_true`` is not used).

    Examples
    --------
    >>> demographic_parity_difference([0, 0, 1, 1], [1, 0, 1, 1],
    ...                               sensitive_features=["a", "a", "b", "b"])
    0.5
    """
    rates = group_rates(y_true, y_pred, sensitive_features=sensitive_features)
    return float(rates["selection_rate"].max() - rates["selection_rate"].min())


def demographic_parity_ratio(y_true, y_pred, *, sensitive_features):
    """Smallest over largest group selection rate (1 is parity).

    NaN when no group is selected at all (0 / 0), as fairlearn returns it; 0 when some
    group is selected and another never is.

    Examples
    --------
    >>> demographic_parity_ratio([0, 0, 1, 1], [1, 0, 1, 1],
    ...                          sensitive_features=["a", "a", "b", "b"])
    0.5
    >>> demographic_parity_ratio([0, 1, 1, 0], [0, 0, 0, 0],
    ...                          sensitive_features=["a", "a", "b", "b"])
    nan
    """
    rates = group_rates(y_true, y_pred, sensitive_features=sensitive_features)
    top = rates["selection_rate"].max()
    return float(rates["selection_rate"].min() / top) if top > 0 else float("nan")


def true_positive_rates(y_true, y_pred, *, sensitive_features):
    """True positive rate per group (0 for a group with no positive label)."""
    return group_rates(y_true, y_pred, sensitive_features=sensitive_features)["tpr"]


def false_positive_rates(y_true, y_pred, *, sensitive_features):
    """False positive rate per group (0 for a group with no negative label)."""
    return group_rates(y_true, y_pred, sensitive_features=sensitive_features)["fpr"]


def _gap(values):
    return float(values.max() - values.min())


def equal_opportunity_difference(y_true, y_pred, *, sensitive_features):
    """Largest minus smallest group true positive rate.

    Examples
    --------
    >>> equal_opportunity_difference([1, 1, 1, 0], [1, 0, 1, 0],
    ...                               sensitive_features=["a", "a", "b", "b"])
    0.5
    """
    return _gap(group_rates(y_true, y_pred, sensitive_features=sensitive_features)["tpr"])


def equalized_odds_difference(y_true, y_pred, *, sensitive_features):
    """The larger of the true positive rate and false positive rate differences.

    Examples
    --------
    >>> equalized_odds_difference([1, 0, 1, 0], [1, 1, 1, 0],
    ...                           sensitive_features=["a", "a", "b", "b"])
    1.0
    """
    rates = group_rates(y_true, y_pred, sensitive_features=sensitive_features)
    return max(_gap(rates["tpr"]), _gap(rates["fpr"]))


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

    A sample is selected when its score is at least its group's threshold. The threshold
    of a group is the ``1 - target_rate`` quantile of that group's scores with numpy's
    "higher" method (always one of the group's own scores: the next one up when the
    quantile falls between two), so each group's selection rate is as close to the target
    as ties allow. At the edges: ``target_rate=1`` gives each group its lowest score
    (everyone selected) and ``target_rate=0`` gives ``inf`` (no one selected; the highest
    score would still select its holder). A post-processing mitigation for demographic
    parity.

    Examples
    --------
    >>> group_thresholds([0.1, 0.4, 0.35, 0.8], sensitive_features=["a", "a", "b", "b"],
    ...                  target_rate=0.5)
    {'a': 0.4, 'b': 0.8}
    >>> group_thresholds([0.1, 0.4], sensitive_features=["a", "a"], target_rate=0)
    {'a': inf}
    """
    s = np.asarray(scores, dtype=float)
    if s.ndim != 1 or s.size == 0 or np.isnan(s).any():
        raise ValueError("`scores` must be a non-empty 1-D array without NaN.")
    rate = check_fraction(target_rate, "target_rate", inclusive=True)
    groups = _groups(sensitive_features, s.size).to_numpy()
    if rate == 0:
        return {str(g): float("inf") for g in sorted(set(groups))}
    return _group_quantiles(s, groups, 1 - rate)


def apply_thresholds(scores, *, sensitive_features, thresholds):
    """1 where the score reaches its group's threshold, else 0."""
    s = np.asarray(scores, dtype=float)
    groups = _groups(sensitive_features, s.size).to_numpy()
    missing = sorted(set(groups) - set(thresholds))
    if missing:
        raise ValueError(f"`thresholds` has no value for group(s) {missing}.")
    return np.array([int(v >= thresholds[g]) for v, g in zip(s, groups)])
