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
