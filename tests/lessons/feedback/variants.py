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


VARIANTS = {
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
