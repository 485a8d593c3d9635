"""What several tasks of lesson 03_fairness share: case builders, probes and encoders.

The fixed cases are the same for every student and sit on the boundaries of the input's
domain (a group with no positive label, one with no negative label, a group never selected,
nobody selected, everyone selected, a single group, the widest gap between middle groups).
The probes are tiny hand-made inputs that each isolate one property, so that a catalogued
mistake written with another detail is still recognised by how it behaves.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlopskit.checks._adapters import array, describe_type, encode_float
from mlopskit.checks._core import Case, OutputError
from mlopskit.fairness import RATE_COLUMNS
from mlopskit.languages import bilingual as _about


def _group_names(sensitive_features):
    return np.asarray(sensitive_features).astype(str)


def _arrays(y_true, y_pred, sensitive_features):
    return (np.asarray(y_true, dtype=int), np.asarray(y_pred, dtype=int),
            _group_names(sensitive_features))


def _none():
    return OutputError({"pt": "seu código devolveu None; esqueceu o `return`?",
                        "en": "your code returned None; did you forget `return`?"})


def _encode_by_group(value):
    """One number per group, from a Series or a dict."""
    if value is None:
        raise _none()
    if isinstance(value, pd.Series):
        value = value.to_dict()
    if not isinstance(value, dict):
        raise OutputError({
            "pt": f"esperava-se um valor por grupo (Series ou dict), veio {describe_type(value)}.",
            "en": f"one value per group (a Series or dict) was expected, got "
            f"{describe_type(value)}."})
    return {str(k): encode_float(v) for k, v in value.items()}


def encode_rates(value):
    """The table of :func:`mlopskit.fairness.group_rates`: column -> group -> rate.

    Only a DataFrame is accepted, because the next tasks read its columns
    (``rates["selection_rate"]``): a dict or a Series that passed here would make them fail.
    Extra columns are ignored.
    """
    if value is None:
        raise _none()
    if not isinstance(value, pd.DataFrame):
        raise OutputError({
            "pt": f"seu código devolveu {describe_type(value)}; a tarefa pede um DataFrame com "
            "uma linha por grupo e as colunas 'selection_rate', 'tpr' e 'fpr' (as próximas "
            "tarefas leem essas colunas).",
            "en": f"your code returned {describe_type(value)}; the task asks for a DataFrame "
            "with one row per group and the columns 'selection_rate', 'tpr' and 'fpr' (the "
            "next tasks read those columns)."})
    missing = [c for c in RATE_COLUMNS if c not in value.columns]
    if missing and not [c for c in RATE_COLUMNS if c not in value.index]:
        raise OutputError({
            "pt": "sua tabela está transposta: as taxas estão nas linhas e os grupos nas "
            "colunas. Queremos uma linha por grupo (use `.T`).",
            "en": "your table is transposed: the rates are rows and the groups columns. One "
            "row per group is wanted (use `.T`)."})
    if missing:
        raise OutputError({
            "pt": f"faltam as colunas {missing} na sua tabela (os nomes são exatamente "
            "'selection_rate', 'tpr' e 'fpr').",
            "en": f"your table lacks the columns {missing} (the names are exactly "
            "'selection_rate', 'tpr' and 'fpr')."})
    if value.index.has_duplicates:
        raise OutputError({"pt": "sua tabela tem grupos repetidos no índice; uma linha por grupo.",
                           "en": "your table repeats groups in its index; one row per group."})
    return {col: {str(k): encode_float(v) for k, v in value[col].items()}
            for col in RATE_COLUMNS}


# --------------------------------------------------------------------------- data
def _data(seed, n, groups, *, bias=0.2):
    rng = np.random.default_rng(seed)
    g = rng.choice(groups, n)
    y_true = (rng.random(n) < 0.45).astype(int)
    boost = np.where(g == groups[-1], bias, 0.0)
    y_pred = (rng.random(n) < np.clip(0.35 + 0.3 * y_true + boost, 0, 1)).astype(int)
    return y_true, y_pred, g


def _case(name, y_true, y_pred, groups, *, hidden=False, about=None, covers=()):
    return Case(name, {"args": [array([int(v) for v in y_true]),
                                array([int(v) for v in y_pred])],
                       "kwargs": {"sensitive_features": array([str(v) for v in groups])}},
                hidden, about, tuple(covers))


def _metric_cases():
    """Fixed cases of the metric tasks, each on a boundary named in ``covers``."""
    y1, p1, g1 = _data(1, 60, ["A", "B"])
    y2, p2, g2 = _data(2, 90, ["norte", "sul", "leste"], bias=0.25)
    p2[g2 == "norte"] = (np.arange((g2 == "norte").sum()) % 7 == 0).astype(int)
    y3, p3, g3 = _data(3, 50, ["x", "y", "z"])
    y3[g3 == "z"], p3[g3 == "z"] = 1, 1
    y8, _, g8 = _data(8, 64, ["P", "Q"])
    rng8 = np.random.default_rng(80)
    p8 = (rng8.random(64) < 0.3 + 0.5 * y8 + 0.4 * ((g8 == "Q") & (y8 == 0))).astype(int)
    y4, p4, g4 = _data(4, 48, ["F", "M", "N"], bias=-0.2)
    y4[g4 == "M"] = 0
    y7, p7, g7 = _data(7, 45, ["F", "M", "N"], bias=0.1)
    p7[g7 == "M"] = 0
    y5, p5, g5 = _data(5, 30, ["A", "B"])
    y6, p6, g6 = _data(6, 24, ["solo"])
    return [
        _case("two-groups", y1, p1, g1,
              covers=("two groups, the last one selected more",)),
        _case("three-groups", y2, p2, g2,
              about=_about("três grupos; o menos selecionado não é o primeiro nem o último",
                           "three groups; the least selected is neither the first nor the "
                           "last"),
              covers=("the widest gap between a middle group and another",)),
        _case("no-negatives-group", y3, p3, g3,
              about=_about("o grupo 'z' só tem `y_true == 1` (FPR sem denominador)",
                           "group 'z' has only `y_true == 1` (FPR with no denominator)"),
              covers=("a group with no negative label",
                      "a group with a single label and a single decision")),
        _case("wider-fpr-gap", y8, p8, g8,
              about=_about("a diferença de FPR é maior que a de TPR",
                           "the FPR gap is wider than the TPR gap"),
              covers=("the FPR gap decides equalized odds",)),
        _case("no-positives-group", y4, p4, g4,
              about=_about("o grupo 'M' só tem `y_true == 0` (TPR sem denominador)",
                           "group 'M' has only `y_true == 0` (TPR with no denominator)"),
              covers=("a group with no positive label", "the first group selected least")),
        _case("never-selected-group", y7, p7, g7,
              about=_about("o grupo 'M' nunca é selecionado", "group 'M' is never selected"),
              covers=("a group never selected",)),
        _case("nobody-selected", y5, np.zeros_like(p5), g5,
              about=_about("ninguém é selecionado", "nobody is selected"),
              covers=("no one selected at all (a 0 / 0 ratio)",)),
        _case("everyone-selected", y5, np.ones_like(p5), g5,
              about=_about("todos são selecionados", "everyone is selected"),
              covers=("everyone selected",)),
        _case("one-group", y6, p6, g6,
              about=_about("um único grupo", "a single group"), covers=("a single group",)),
    ]


def _metric_probes():
    """Tiny inputs, each isolating one property of the rates."""
    g2 = ["a"] * 6 + ["b"] * 6
    return [
        # rates all differ: selection, TPR, FPR and precision are distinct numbers
        _case("probe-rates", [1, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0],
              [1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 1, 0], g2),
        # three groups whose extremes are the middle and the last group
        _case("probe-order", [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0],
              [1, 0, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1], ["a"] * 4 + ["b"] * 4 + ["c"] * 4),
        # the second group is selected more than the first (first minus last is negative)
        _case("probe-reversed", [1, 0, 1, 0, 1, 0, 1, 0], [1, 0, 0, 0, 1, 1, 1, 0],
              ["a"] * 4 + ["b"] * 4),
        # group b has no positive label; group c has only positives, all selected (a
        # per-group confusion matrix is 1 x 1 there)
        _case("probe-one-class", [1, 0, 1, 0, 0, 0, 0, 1, 1, 1],
              [1, 0, 0, 1, 1, 0, 1, 1, 1, 1], ["a"] * 4 + ["b"] * 3 + ["c"] * 3),
        # nobody selected in any group
        _case("probe-none", [1, 0, 1, 0, 1, 0], [0, 0, 0, 0, 0, 0], ["a"] * 3 + ["b"] * 3),
        # labels spread unlike the decisions (true base rates differ from selection rates)
        _case("probe-labels", [1, 1, 1, 1, 0, 0, 0, 0], [1, 0, 0, 0, 1, 1, 1, 0],
              ["a"] * 4 + ["b"] * 4),
    ]


def _metric_hidden(rng):
    cases = []
    for i in range(3):
        k = int(rng.integers(2, 5))
        groups = [f"g{j}" for j in range(k)]
        y, p, g = _data(int(rng.integers(0, 10**6)), int(rng.integers(30, 120)), groups,
                        bias=float(rng.uniform(-0.3, 0.3)))
        if i == 2:
            y[g == "g0"] = 1
        cases.append(_case(f"hidden-{i}", y, p, g, hidden=True))
    return cases


def _gap(values):
    values = np.asarray(list(values), dtype=float)
    return float(values.max() - values.min())


_USE_Y_PRED = _about(
    "Paridade demográfica compara as DECISÕES do modelo (`y_pred`), não os rótulos "
    "verdadeiros: você calculou sobre `y_true`.",
    "Demographic parity compares the model's DECISIONS (`y_pred`), not the true labels: you "
    "computed it on `y_true`.")
