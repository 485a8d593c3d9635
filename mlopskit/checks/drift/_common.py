"""What several tasks of lesson 02_drift share: case builders and helpers."""

from __future__ import annotations

import numpy as np


def _normal(seed, loc, scale, n):
    return np.round(np.random.default_rng(seed).normal(loc, scale, n), 6).tolist()


def _result(statistic, p_value, drift):
    return {"statistic": float(statistic), "p_value": float(p_value), "drift": bool(drift)}


def _proportions(values, edges):
    idx = np.searchsorted(edges[1:-1], values, side="left")
    return np.bincount(idx, minlength=len(edges) - 1) / len(values)


def _quantile_edges(values, bins):
    edges = np.unique(np.quantile(values, np.linspace(0, 1, bins + 1)))
    edges[0], edges[-1] = -np.inf, np.inf
    return edges


def _psi_terms(ref, cur, eps):
    ref, cur = np.maximum(ref, eps), np.maximum(cur, eps)
    return float(np.sum((cur - ref) * np.log(cur / ref)))


def _draw(rng, categories, probs, n):
    return rng.choice(np.array(categories, dtype=object), size=n, p=probs).tolist()

