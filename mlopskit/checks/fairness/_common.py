"""What several tasks of lesson 03_fairness share: case builders and helpers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlopskit.checks._adapters import array, describe_type, encode_float
from mlopskit.checks._core import Case, OutputError
from mlopskit.languages import bilingual as _about


def _group_names(sensitive_features):
    return np.asarray(sensitive_features).astype(str)


def _encode_by_group(value):
    if value is None:
        raise OutputError({"pt": "seu código devolveu None; esqueceu o `return`?",
                           "en": "your code returned None; did you forget `return`?"})
    if isinstance(value, pd.Series):
        value = value.to_dict()
    if not isinstance(value, dict):
        raise OutputError({
            "pt": f"esperava-se um valor por grupo (Series ou dict), veio {describe_type(value)}.",
            "en": f"one value per group (a Series or dict) was expected, got "
            f"{describe_type(value)}."})
    return {str(k): encode_float(v) for k, v in value.items()}


def _data(seed, n, groups, *, bias=0.2, single_class=None):
    rng = np.random.default_rng(seed)
    g = rng.choice(groups, n)
    y_true = (rng.random(n) < 0.45).astype(int)
    boost = np.where(g == groups[-1], bias, 0.0)
    y_pred = (rng.random(n) < np.clip(0.35 + 0.3 * y_true + boost, 0, 1)).astype(int)
    if single_class:
        y_true[g == single_class] = 1
        y_pred[g == single_class] = 1
    return y_true.tolist(), y_pred.tolist(), g.tolist()


def _metric_cases():
    y1, p1, g1 = _data(1, 60, ["A", "B"])
    y2, p2, g2 = _data(2, 90, ["norte", "sul", "leste"], bias=0.25)
    y3, p3, g3 = _data(3, 50, ["x", "y", "z"], single_class="z")
    y4, p4, g4 = _data(4, 40, ["F", "M"], bias=-0.2)
    return [
        Case("two-groups", {"args": [array(y1), array(p1)],
                            "kwargs": {"sensitive_features": array(g1)}}),
        Case("three-groups", {"args": [array(y2), array(p2)],
                              "kwargs": {"sensitive_features": array(g2)}},
             about=_about("três grupos", "three groups")),
        Case("one-class-group", {"args": [array(y3), array(p3)],
                                 "kwargs": {"sensitive_features": array(g3)}},
             about=_about("o grupo 'z' só tem a classe 1", "group 'z' has only class 1")),
        Case("reversed-gap", {"args": [array(y4), array(p4)],
                              "kwargs": {"sensitive_features": array(g4)}},
             about=_about("o primeiro grupo é o mais selecionado",
                          "the first group is selected more")),
    ]


def _metric_hidden(rng):
    cases = []
    for i in range(3):
        k = int(rng.integers(2, 5))
        groups = [f"g{j}" for j in range(k)]
        single = groups[0] if i == 2 else None
        y, p, g = _data(int(rng.integers(0, 10**6)), int(rng.integers(30, 120)), groups,
                        bias=float(rng.uniform(-0.3, 0.3)), single_class=single)
        cases.append(Case(f"hidden-{i}", {"args": [array(y), array(p)],
                                          "kwargs": {"sensitive_features": array(g)}}))
    return cases


_USE_Y_PRED = _about(
    "Paridade demográfica compara as DECISÕES do modelo (`y_pred`), não os rótulos "
    "verdadeiros: você calculou sobre `y_true`.",
    "Demographic parity compares the model's DECISIONS (`y_pred`), not the true labels: you "
    "computed it on `y_true`.")

