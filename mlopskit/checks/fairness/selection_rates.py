"""Task 1 of lesson 03_fairness: selection rate by group (``fairness.selection_rates``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.fairness:selection_rates``; the notebook cells are ``selection_rates-*``.
"""

from __future__ import annotations

import pandas as pd

from mlopskit.checks._core import Case, Misconception, TaskSpec
from mlopskit.checks.fairness import LESSON
from mlopskit.checks.fairness._common import (
    _encode_by_group,
    _group_names,
    _metric_cases,
    _metric_hidden,
)
from mlopskit.languages import bilingual as _about


def _selected(y_pred, sensitive_features):
    return pd.Series(y_pred, dtype=float).groupby(_group_names(sensitive_features)).sum()


def _sel_counts(y_pred, *, sensitive_features):
    """Counts each group's selected people instead of dividing by the group's size."""
    return _selected(y_pred, sensitive_features).to_dict()


def _sel_share_of_positives(y_pred, *, sensitive_features):
    """Divides by everyone selected instead of by the group's size."""
    selected = _selected(y_pred, sensitive_features)
    return (selected / max(selected.sum(), 1)).to_dict()


def _selection_cases():
    return [Case(c.name, {"args": [c.inputs["args"][1]], "kwargs": c.inputs["kwargs"]},
                 c.hidden, c.about) for c in _metric_cases()]


def _selection_hidden(rng):
    return [Case(c.name, {"args": [c.inputs["args"][1]], "kwargs": c.inputs["kwargs"]}, True)
            for c in _metric_hidden(rng)]



SPEC = TaskSpec(
    lesson=LESSON,
    # The lesson measures this by hand and uses fairlearn as its oracle.
    forbidden=("fairlearn.metrics",),
    task='fairness.selection_rates',
    number=1,
    name=_about('taxa de seleção por grupo', 'selection rate by group'),
    entry="selection_rates",
    points=1,
    reference="mlopskit.fairness:selection_rates",
    encode=_encode_by_group,
    public_cases=_selection_cases,
    hidden_cases=_selection_hidden,
    hints=[_about("`pd.Series(y_pred).groupby(grupos).mean()`.",
                  "`pd.Series(y_pred).groupby(groups).mean()`."),
           _about("A taxa de seleção é a MÉDIA de `y_pred` no grupo (a fração de 1s).",
                  "The selection rate is the MEAN of `y_pred` in the group (the share of "
                  "1s).")],
    misconceptions=[
        Misconception("selection.counts", _sel_counts, _about(
            "Você devolveu quantas pessoas foram selecionadas em cada grupo; a taxa é essa "
            "contagem dividida pelo tamanho do grupo.",
            "You returned how many people were selected in each group; the rate is that "
            "count divided by the group's size.")),
        Misconception("selection.share_of_positives", _sel_share_of_positives, _about(
            "Você dividiu pelo total de selecionados (a fatia de cada grupo entre os "
            "aprovados); a taxa de seleção divide pelo tamanho do próprio grupo.",
            "You divided by all selected people (each group's share of the approvals); "
            "the selection rate divides by the group's own size.")),
    ],
)
