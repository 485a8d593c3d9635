"""Catalogued mistakes of lesson 03_fairness, each written twice more as a learner might.

``VARIANTS`` maps a misconception id to implementations that make that mistake with
another detail (pandas instead of numpy, a loop, another empty-group fallback, another
pair of groups). Each must receive that misconception's message, for every student seed.
They are written independently of the catalogue's code.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import confusion_matrix


def _df(y_true, y_pred, groups):
    return pd.DataFrame({"t": np.asarray(y_true, dtype=int), "p": np.asarray(y_pred, dtype=int),
                         "g": np.asarray(groups).astype(str)})


def _rates(y_true, y_pred, groups, *, pos=1, neg=0, empty=0.0):
    df = _df(y_true, y_pred, groups)
    rows = {}
    for g, d in df.groupby("g"):
        tp = d.loc[d["t"] == pos, "p"]
        fp = d.loc[d["t"] == neg, "p"]
        rows[g] = {"selection_rate": d["p"].mean(),
                   "tpr": tp.mean() if len(tp) else empty,
                   "fpr": fp.mean() if len(fp) else empty}
    return pd.DataFrame(rows).T


# -- task 1: group_rates ----------------------------------------------------------------
def rates_swapped_pandas(y_true, y_pred, *, sensitive_features):
    return _rates(y_true, y_pred, sensitive_features, pos=0, neg=1)


def rates_swapped_loop(y_true, y_pred, *, sensitive_features):
    out = {}
    for g in sorted(set(sensitive_features)):
        idx = [i for i, h in enumerate(sensitive_features) if h == g]
        pos = [y_pred[i] for i in idx if y_true[i] == 1]
        neg = [y_pred[i] for i in idx if y_true[i] == 0]
        out[g] = [sum(y_pred[i] for i in idx) / len(idx),
                  sum(neg) / len(neg) if neg else 0, sum(pos) / len(pos) if pos else 0]
    return pd.DataFrame.from_dict(out, orient="index", columns=["selection_rate", "tpr", "fpr"])


def rates_precision_pandas(y_true, y_pred, *, sensitive_features):
    df = _df(y_true, y_pred, sensitive_features)
    rows = {}
    for g, d in df.groupby("g"):
        chosen = d[d["p"] == 1]
        rows[g] = {"selection_rate": d["p"].mean(),
                   "tpr": chosen["t"].mean() if len(chosen) else 0.0,
                   "fpr": (1 - chosen["t"]).mean() if len(chosen) else 0.0}
    return pd.DataFrame(rows).T


def rates_precision_counts(y_true, y_pred, *, sensitive_features):
    t, p, g = map(np.asarray, (y_true, y_pred, sensitive_features))
    rows = {}
    for k in np.unique(g):
        m = g == k
        sel = p[m].sum()
        rows[k] = (p[m].mean(), ((t == 1) & (p == 1) & m).sum() / max(sel, 1),
                   ((t == 0) & (p == 1) & m).sum() / max(sel, 1))
    return pd.DataFrame.from_dict(rows, orient="index", columns=["selection_rate", "tpr", "fpr"])


def rates_joint_pandas(y_true, y_pred, *, sensitive_features):
    df = _df(y_true, y_pred, sensitive_features)
    df["tp"] = (df["t"] == 1) & (df["p"] == 1)
    df["fp"] = (df["t"] == 0) & (df["p"] == 1)
    out = df.groupby("g")[["p", "tp", "fp"]].mean()
    return out.rename(columns={"p": "selection_rate", "tp": "tpr", "fp": "fpr"})


def rates_joint_loop(y_true, y_pred, *, sensitive_features):
    rows = {}
    for g in set(sensitive_features):
        idx = [i for i, h in enumerate(sensitive_features) if h == g]
        n = len(idx)
        rows[g] = {"selection_rate": sum(y_pred[i] for i in idx) / n,
                   "tpr": sum(y_pred[i] and y_true[i] for i in idx) / n,
                   "fpr": sum(y_pred[i] and not y_true[i] for i in idx) / n}
    return pd.DataFrame(rows).T


def rates_nan_pandas(y_true, y_pred, *, sensitive_features):
    df = _df(y_true, y_pred, sensitive_features)
    sel = df.groupby("g")["p"].mean()
    tpr = df[df["t"] == 1].groupby("g")["p"].mean().reindex(sel.index)
    fpr = df[df["t"] == 0].groupby("g")["p"].mean().reindex(sel.index)
    return pd.DataFrame({"selection_rate": sel, "tpr": tpr, "fpr": fpr})


def rates_nan_numpy(y_true, y_pred, *, sensitive_features):
    t, p, g = map(np.asarray, (y_true, y_pred, sensitive_features))
    rows = {}
    with np.errstate(invalid="ignore", divide="ignore"):
        for k in np.unique(g):
            m = g == k
            rows[k] = (p[m].mean(), np.float64(p[m & (t == 1)].sum()) / (m & (t == 1)).sum(),
                       np.float64(p[m & (t == 0)].sum()) / (m & (t == 0)).sum())
    return pd.DataFrame.from_dict(rows, orient="index", columns=["selection_rate", "tpr", "fpr"])


def rates_base_rate_pandas(y_true, y_pred, *, sensitive_features):
    out = _rates(y_true, y_pred, sensitive_features)
    out["selection_rate"] = _df(y_true, y_pred, sensitive_features).groupby("g")["t"].mean()
    return out


def rates_base_rate_loop(y_true, y_pred, *, sensitive_features):
    out = _rates(y_true, y_pred, sensitive_features)
    for g in out.index:
        labels = [t for t, h in zip(y_true, sensitive_features) if str(h) == g]
        out.loc[g, "selection_rate"] = sum(labels) / len(labels)
    return out


# -- task 2: demographic parity difference ---------------------------------------------
def _sel(y, groups):
    return pd.Series(np.asarray(y, dtype=float)).groupby(np.asarray(groups).astype(str)).mean()


def dp_truth_pandas(y_true, y_pred, *, sensitive_features):
    r = _sel(y_true, sensitive_features)
    return float(r.max() - r.min())


def dp_truth_loop(y_true, y_pred, *, sensitive_features):
    rates = [np.mean([t for t, h in zip(y_true, sensitive_features) if h == g])
             for g in set(sensitive_features)]
    return max(rates) - min(rates)


def dp_signed_loop(y_true, y_pred, *, sensitive_features):
    groups = sorted(set(sensitive_features))
    first = [p for p, h in zip(y_pred, sensitive_features) if h == groups[0]]
    last = [p for p, h in zip(y_pred, sensitive_features) if h == groups[-1]]
    return sum(first) / len(first) - sum(last) / len(last)


def dp_signed_values(y_true, y_pred, *, sensitive_features):
    values = _sel(y_pred, sensitive_features).to_numpy()
    return values[0] - values[-1]


def dp_first_last_loop(y_true, y_pred, *, sensitive_features):
    groups = sorted(set(sensitive_features))
    first, last = (np.mean([p for p, h in zip(y_pred, sensitive_features) if h == g])
                   for g in (groups[0], groups[-1]))
    return abs(first - last)


def dp_first_last_numpy(y_true, y_pred, *, sensitive_features):
    r = _sel(y_pred, sensitive_features).to_numpy()
    return float(np.abs(r[-1] - r[0]))


def dp_overall_pandas(y_true, y_pred, *, sensitive_features):
    r = _sel(y_pred, sensitive_features)
    return float((r - np.mean(y_pred)).abs().max())


def dp_overall_loop(y_true, y_pred, *, sensitive_features):
    overall = sum(y_pred) / len(y_pred)
    return max(abs(v - overall) for v in _sel(y_pred, sensitive_features))


def dp_tpr_pandas(y_true, y_pred, *, sensitive_features):
    tpr = _rates(y_true, y_pred, sensitive_features)["tpr"]
    return float(tpr.max() - tpr.min())


def dp_tpr_numpy(y_true, y_pred, *, sensitive_features):
    t, p, g = map(np.asarray, (y_true, y_pred, sensitive_features))
    tprs = [p[(g == k) & (t == 1)].mean() if ((g == k) & (t == 1)).any() else 0.0
            for k in np.unique(g)]
    return float(np.ptp(tprs))


# -- task 3: demographic parity ratio ----------------------------------------------------
def dpr_inverted_pandas(y_true, y_pred, *, sensitive_features):
    r = _sel(y_pred, sensitive_features)
    return float(r.max() / r.min()) if r.min() else np.inf


def dpr_inverted_loop(y_true, y_pred, *, sensitive_features):
    r = list(_sel(y_pred, sensitive_features))
    return max(r) / min(r) if min(r) > 0 else float("inf")


def dpr_truth_pandas(y_true, y_pred, *, sensitive_features):
    r = _sel(y_true, sensitive_features)
    return float(r.min() / r.max()) if r.max() else np.nan


def dpr_truth_numpy(y_true, y_pred, *, sensitive_features):
    t, g = np.asarray(y_true, float), np.asarray(sensitive_features)
    r = np.array([t[g == k].mean() for k in np.unique(g)])
    return float(r.min() / r.max()) if r.max() > 0 else float("nan")


def dpr_zero_guard(y_true, y_pred, *, sensitive_features):
    r = _sel(y_pred, sensitive_features)
    return 0.0 if r.max() == 0 else float(r.min() / r.max())


def dpr_zero_nan_to_num(y_true, y_pred, *, sensitive_features):
    r = _sel(y_pred, sensitive_features).to_numpy()
    with np.errstate(invalid="ignore"):
        return float(np.nan_to_num(r.min() / r.max()))


def dpr_one_guard(y_true, y_pred, *, sensitive_features):
    r = _sel(y_pred, sensitive_features)
    return 1.0 if r.max() == 0 else float(r.min() / r.max())


def dpr_one_equal_rates(y_true, y_pred, *, sensitive_features):
    r = list(_sel(y_pred, sensitive_features))
    if max(r) == min(r):
        return 1.0
    return min(r) / max(r)


def dpr_overall_pandas(y_true, y_pred, *, sensitive_features):
    r = _sel(y_pred, sensitive_features)
    overall = float(np.mean(y_pred))
    return float(r.min() / overall) if overall else np.nan


def dpr_overall_loop(y_true, y_pred, *, sensitive_features):
    overall = sum(y_pred) / len(y_pred)
    return min(_sel(y_pred, sensitive_features)) / overall if overall > 0 else float("nan")


# -- task 4: equal opportunity -----------------------------------------------------------
def eo_fpr_pandas(y_true, y_pred, *, sensitive_features):
    fpr = _rates(y_true, y_pred, sensitive_features)["fpr"]
    return float(fpr.max() - fpr.min())


def eo_fpr_numpy(y_true, y_pred, *, sensitive_features):
    t, p, g = map(np.asarray, (y_true, y_pred, sensitive_features))
    rates = [p[(g == k) & (t == 0)].mean() if ((g == k) & (t == 0)).any() else 0
             for k in np.unique(g)]
    return float(max(rates) - min(rates))


def eo_confusion_flatten(y_true, y_pred, *, sensitive_features):
    t, p, g = map(np.asarray, (y_true, y_pred, sensitive_features))
    tprs = []
    for k in np.unique(g):
        tn, fp, fn, tp = confusion_matrix(t[g == k], p[g == k]).flatten()
        tprs.append(tp / (tp + fn))
    return float(max(tprs) - min(tprs))


def eo_confusion_loop(y_true, y_pred, *, sensitive_features):
    t, p, g = map(np.asarray, (y_true, y_pred, sensitive_features))
    best, worst = 0.0, 1.0
    for k in set(g):
        _, _, fn, tp = confusion_matrix(t[g == k], p[g == k]).ravel()
        rate = tp / (tp + fn) if (tp + fn) else 0.0
        best, worst = max(best, rate), min(worst, rate)
    return best - worst


def eo_selection_pandas(y_true, y_pred, *, sensitive_features):
    r = _sel(y_pred, sensitive_features)
    return float(r.max() - r.min())


def eo_selection_loop(y_true, y_pred, *, sensitive_features):
    rates = [np.mean([p for p, h in zip(y_pred, sensitive_features) if h == g])
             for g in set(sensitive_features)]
    return max(rates) - min(rates)


def eo_nan_skipped(y_true, y_pred, *, sensitive_features):
    tpr = _rates(y_true, y_pred, sensitive_features, empty=np.nan)["tpr"].astype(float)
    return float(tpr.max() - tpr.min())


def eo_filtered(y_true, y_pred, *, sensitive_features):
    df = _df(y_true, y_pred, sensitive_features)
    tpr = df[df["t"] == 1].groupby("g")["p"].mean()
    return float(tpr.max() - tpr.min())


def eo_signed_pandas(y_true, y_pred, *, sensitive_features):
    tpr = _rates(y_true, y_pred, sensitive_features)["tpr"]
    return float(tpr.iloc[0] - tpr.iloc[-1])


def eo_signed_values(y_true, y_pred, *, sensitive_features):
    tpr = _rates(y_true, y_pred, sensitive_features)["tpr"].to_numpy(dtype=float)
    return tpr[0] - tpr[len(tpr) - 1]


# -- task 5: equalized odds --------------------------------------------------------------
def _two_gaps(y_true, y_pred, groups, empty=0.0):
    r = _rates(y_true, y_pred, groups, empty=empty).astype(float)
    return float(r["tpr"].max() - r["tpr"].min()), float(r["fpr"].max() - r["fpr"].min())


def eodds_mean_numpy(y_true, y_pred, *, sensitive_features):
    return float(np.mean(_two_gaps(y_true, y_pred, sensitive_features)))


def eodds_mean_pandas(y_true, y_pred, *, sensitive_features):
    r = _rates(y_true, y_pred, sensitive_features).astype(float)
    return float((r[["tpr", "fpr"]].max() - r[["tpr", "fpr"]].min()).mean())


def eodds_sum_plain(y_true, y_pred, *, sensitive_features):
    a, b = _two_gaps(y_true, y_pred, sensitive_features)
    return a + b


def eodds_sum_pandas(y_true, y_pred, *, sensitive_features):
    r = _rates(y_true, y_pred, sensitive_features).astype(float)
    return float((r[["tpr", "fpr"]].max() - r[["tpr", "fpr"]].min()).sum())


def eodds_tpr_plain(y_true, y_pred, *, sensitive_features):
    return _two_gaps(y_true, y_pred, sensitive_features)[0]


def eodds_tpr_numpy(y_true, y_pred, *, sensitive_features):
    t, p, g = map(np.asarray, (y_true, y_pred, sensitive_features))
    return float(np.ptp([p[(g == k) & (t == 1)].mean() if ((g == k) & (t == 1)).any() else 0
                         for k in np.unique(g)]))


def eodds_fpr_plain(y_true, y_pred, *, sensitive_features):
    return _two_gaps(y_true, y_pred, sensitive_features)[1]


def eodds_fpr_numpy(y_true, y_pred, *, sensitive_features):
    t, p, g = map(np.asarray, (y_true, y_pred, sensitive_features))
    return float(np.ptp([p[(g == k) & (t == 0)].mean() if ((g == k) & (t == 0)).any() else 0
                         for k in np.unique(g)]))


def eodds_nan_skipped(y_true, y_pred, *, sensitive_features):
    return max(_two_gaps(y_true, y_pred, sensitive_features, empty=np.nan))


def eodds_filtered(y_true, y_pred, *, sensitive_features):
    df = _df(y_true, y_pred, sensitive_features)
    gaps = []
    for label in (1, 0):
        r = df[df["t"] == label].groupby("g")["p"].mean()
        gaps.append(r.max() - r.min() if len(r) else 0.0)
    return float(max(gaps))


# -- task 6: reweighing -----------------------------------------------------------------
def _counts(y, groups):
    df = pd.DataFrame({"g": np.asarray(groups).astype(str), "y": np.asarray(y)})
    n = len(df)
    cg = df["g"].map(df["g"].value_counts())
    cy = df["y"].map(df["y"].value_counts())
    cgy = df.groupby(["g", "y"])["y"].transform("count")
    return n, cg.to_numpy(float), cy.to_numpy(float), cgy.to_numpy(float)


def reweigh_one_over_label_given_group(y, *, sensitive_features):
    n, cg, cy, cgy = _counts(y, sensitive_features)
    return cg / cgy


def reweigh_one_over_label_given_group_loop(y, *, sensitive_features):
    y, g = list(y), list(sensitive_features)
    return [sum(h == b for h in g) / sum(h == b and v == a for h, v in zip(g, y))
            for a, b in zip(y, g)]


def reweigh_one_over_group_given_label(y, *, sensitive_features):
    n, cg, cy, cgy = _counts(y, sensitive_features)
    return cy / cgy


def reweigh_one_over_group_given_label_crosstab(y, *, sensitive_features):
    df = pd.DataFrame({"g": list(sensitive_features), "y": list(y)})
    cond = pd.crosstab(df["g"], df["y"], normalize="columns")
    return [1 / cond.loc[a, b] for a, b in zip(df["g"], df["y"])]


def reweigh_inverted_counts(y, *, sensitive_features):
    n, cg, cy, cgy = _counts(y, sensitive_features)
    return (cgy * n) / (cg * cy)


def reweigh_inverted_crosstab(y, *, sensitive_features):
    df = pd.DataFrame({"g": list(sensitive_features), "y": list(y)})
    joint = pd.crosstab(df["g"], df["y"], normalize=True)
    pg, py = joint.sum(axis=1), joint.sum(axis=0)
    return np.array([joint.loc[a, b] / (pg[a] * py[b]) for a, b in zip(df["g"], df["y"])])


def reweigh_raw_counts(y, *, sensitive_features):
    n, cg, cy, cgy = _counts(y, sensitive_features)
    return cg * cy / cgy


def reweigh_raw_counts_crosstab(y, *, sensitive_features):
    df = pd.DataFrame({"g": list(sensitive_features), "y": list(y)})
    joint = pd.crosstab(df["g"], df["y"])
    return [joint.loc[a].sum() * joint[b].sum() / joint.loc[a, b]
            for a, b in zip(df["g"], df["y"])]


def reweigh_sum_to_one(y, *, sensitive_features):
    n, cg, cy, cgy = _counts(y, sensitive_features)
    w = cg * cy / (n * cgy)
    return w / np.sum(w)


def reweigh_divided_by_n(y, *, sensitive_features):
    n, cg, cy, cgy = _counts(y, sensitive_features)
    return cg * cy / (n * n * cgy)


# -- task 7: group thresholds -----------------------------------------------------------
def _by_group(scores, groups):
    s = pd.Series(np.asarray(scores, float))
    return s.groupby(np.asarray(groups).astype(str))


def thresholds_everyone_pandas(scores, *, sensitive_features, target_rate):
    if target_rate == 0:
        return {g: np.inf for g in set(sensitive_features)}
    cut = float(np.quantile(scores, 1 - target_rate, method="higher"))
    return {g: cut for g in set(sensitive_features)}


def thresholds_everyone_sorted(scores, *, sensitive_features, target_rate):
    values = sorted(scores)
    if target_rate == 0:
        cut = float("inf")
    else:
        cut = values[int(np.ceil((1 - target_rate) * (len(values) - 1) - 1e-12))]
    return dict.fromkeys(sensitive_features, cut)


def thresholds_tail_pandas(scores, *, sensitive_features, target_rate):
    return {g: float(part.quantile(target_rate, interpolation="higher"))
            for g, part in _by_group(scores, sensitive_features)}


def thresholds_tail_sorted(scores, *, sensitive_features, target_rate):
    out = {}
    for g, part in _by_group(scores, sensitive_features):
        values = sorted(part)
        out[g] = values[int(np.ceil(target_rate * (len(values) - 1) - 1e-12))]
    return out


def thresholds_linear_pandas(scores, *, sensitive_features, target_rate):
    return {g: (np.inf if target_rate == 0 else float(part.quantile(1 - target_rate)))
            for g, part in _by_group(scores, sensitive_features)}


def thresholds_midpoint(scores, *, sensitive_features, target_rate):
    return {g: float(np.quantile(part, 1 - target_rate, method="midpoint"))
            for g, part in _by_group(scores, sensitive_features)}


def thresholds_zero_max(scores, *, sensitive_features, target_rate):
    return {g: (part.max() if target_rate == 0
                else float(np.quantile(part, 1 - target_rate, method="higher")))
            for g, part in _by_group(scores, sensitive_features)}


def thresholds_zero_sorted(scores, *, sensitive_features, target_rate):
    out = {}
    for g, part in _by_group(scores, sensitive_features):
        values = sorted(part)
        out[g] = values[int(np.ceil((1 - target_rate) * (len(values) - 1) - 1e-12))]
    return out


VARIANTS = {
    "rates.labels_swapped": [rates_swapped_pandas, rates_swapped_loop],
    "rates.conditioned_on_decision": [rates_precision_pandas, rates_precision_counts],
    "rates.whole_group_denominator": [rates_joint_pandas, rates_joint_loop],
    "rates.empty_as_nan": [rates_nan_pandas, rates_nan_numpy],
    "rates.selection_on_y_true": [rates_base_rate_pandas, rates_base_rate_loop],
    "dp.on_y_true": [dp_truth_pandas, dp_truth_loop],
    "dp.signed": [dp_signed_loop, dp_signed_values],
    "dp.first_and_last_only": [dp_first_last_loop, dp_first_last_numpy],
    "dp.to_overall": [dp_overall_pandas, dp_overall_loop],
    "dp.uses_tpr": [dp_tpr_pandas, dp_tpr_numpy],
    "dpr.inverted": [dpr_inverted_pandas, dpr_inverted_loop],
    "dpr.on_y_true": [dpr_truth_pandas, dpr_truth_numpy],
    "dpr.zero_when_none_selected": [dpr_zero_guard, dpr_zero_nan_to_num],
    "dpr.one_when_none_selected": [dpr_one_guard, dpr_one_equal_rates],
    "dpr.to_overall": [dpr_overall_pandas, dpr_overall_loop],
    "eo.uses_fpr": [eo_fpr_pandas, eo_fpr_numpy],
    "eo.confusion_matrix_crash": [eo_confusion_flatten, eo_confusion_loop],
    "eo.uses_selection_rate": [eo_selection_pandas, eo_selection_loop],
    "eo.skips_group_without_positives": [eo_nan_skipped, eo_filtered],
    "eo.signed": [eo_signed_pandas, eo_signed_values],
    "eodds.mean": [eodds_mean_numpy, eodds_mean_pandas],
    "eodds.sum": [eodds_sum_plain, eodds_sum_pandas],
    "eodds.tpr_only": [eodds_tpr_plain, eodds_tpr_numpy],
    "eodds.fpr_only": [eodds_fpr_plain, eodds_fpr_numpy],
    "eodds.skips_one_class_groups": [eodds_nan_skipped, eodds_filtered],
    "reweigh.inverse_conditional": [reweigh_one_over_label_given_group,
                                    reweigh_one_over_label_given_group_loop],
    "reweigh.missing_group_share": [reweigh_one_over_group_given_label,
                                    reweigh_one_over_group_given_label_crosstab],
    "reweigh.inverted": [reweigh_inverted_counts, reweigh_inverted_crosstab],
    "reweigh.counts_not_shares": [reweigh_raw_counts, reweigh_raw_counts_crosstab],
    "reweigh.normalised_to_one": [reweigh_sum_to_one, reweigh_divided_by_n],
    "thresholds.whole_population": [thresholds_everyone_pandas, thresholds_everyone_sorted],
    "thresholds.wrong_tail": [thresholds_tail_pandas, thresholds_tail_sorted],
    "thresholds.interpolated": [thresholds_linear_pandas, thresholds_midpoint],
    "thresholds.zero_rate_selects_top": [thresholds_zero_max, thresholds_zero_sorted],
}
