"""Task 4 of lesson 03_fairness: equal opportunity (``fairness.equal_opportunity_difference``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.fairness:equal_opportunity_difference``; the notebook cells are
``equal_opportunity_difference-*``.
"""

from __future__ import annotations

import warnings

import numpy as np
from sklearn.metrics import confusion_matrix

from mlopskit.checks._adapters import encode_float
from mlopskit.checks._core import Misconception, TaskSpec
from mlopskit.checks.fairness import LESSON
from mlopskit.checks.fairness._common import (
    _arrays,
    _gap,
    _metric_cases,
    _metric_hidden,
    _metric_probes,
)
from mlopskit.fairness import group_rates
from mlopskit.languages import bilingual as _about


def _column(y_true, y_pred, sensitive_features, name):
    return group_rates(y_true, y_pred, sensitive_features=sensitive_features)[name]


def _eo_uses_fpr(y_true, y_pred, *, sensitive_features):
    """Compares false positive rates instead of true positive rates."""
    return _gap(_column(y_true, y_pred, sensitive_features, "fpr"))


def _eo_ravel(y_true, y_pred, *, sensitive_features):
    """Unpacks each group's confusion_matrix(...).ravel(), which breaks on a one-class group."""
    t, p, groups = _arrays(y_true, y_pred, sensitive_features)
    tprs = []
    for g in sorted(set(groups)):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # sklearn warns about the single label
            tn, fp, fn, tp = confusion_matrix(t[groups == g], p[groups == g]).ravel()
        tprs.append(tp / (tp + fn) if tp + fn else 0.0)
    return float(max(tprs) - min(tprs))


def _eo_uses_selection(y_true, y_pred, *, sensitive_features):
    """Compares selection rates: demographic parity, not equal opportunity."""
    return _gap(_column(y_true, y_pred, sensitive_features, "selection_rate"))


def _eo_skips_empty(y_true, y_pred, *, sensitive_features):
    """Leaves out a group with no positive label instead of counting its TPR as 0."""
    t, p, g = _arrays(y_true, y_pred, sensitive_features)
    tprs = [p[(g == k) & (t == 1)].mean() for k in sorted(set(g)) if ((g == k) & (t == 1)).any()]
    return _gap(tprs) if tprs else 0.0


def _eo_signed(y_true, y_pred, *, sensitive_features):
    """Subtracts the last group's TPR from the first's, keeping the sign."""
    tpr = _column(y_true, y_pred, sensitive_features, "tpr")
    return float(tpr.iloc[0] - tpr.iloc[-1])


SPEC = TaskSpec(
    lesson=LESSON,
    task="fairness.equal_opportunity_difference",
    number=4,
    name=_about("igualdade de oportunidade", "equal opportunity"),
    entry="equal_opportunity_difference",
    points=1,
    reference="mlopskit.fairness:equal_opportunity_difference",
    encode=encode_float,
    public_cases=_metric_cases,
    hidden_cases=_metric_hidden,
    probes=_metric_probes,
    hints=[_about("Igualdade de oportunidade compara, entre os grupos, as chances de ser "
                  "selecionado de quem tem rótulo positivo: as taxas de verdadeiros positivos.",
                  "Equal opportunity compares, across groups, the chance of being selected "
                  "for those with a positive label: the true positive rates."),
           _about("Pegue a coluna `tpr` da sua `group_rates` e faça como na tarefa 2: a maior "
                  "menos a menor, entre todos os grupos. Um grupo sem positivos entra com TPR "
                  "0, não fica de fora.",
                  "Take the `tpr` column of your `group_rates` and do as in task 2: the "
                  "largest minus the smallest, over all groups. A group with no positives "
                  "counts with TPR 0; it is not left out."),
           _about("```python\ntpr = group_rates(y_true, y_pred, sensitive_features="
                  "sensitive_features)['tpr']\nfloat(tpr.max() - tpr.min())\n```",
                  "```python\ntpr = group_rates(y_true, y_pred, sensitive_features="
                  "sensitive_features)['tpr']\nfloat(tpr.max() - tpr.min())\n```")],
    misconceptions=[
        Misconception("eo.uses_fpr", _eo_uses_fpr, _about(
            "Você comparou taxas de FALSOS positivos; igualdade de oportunidade compara as "
            "taxas de VERDADEIROS positivos (entre quem tem `y_true == 1`).",
            "You compared FALSE positive rates; equal opportunity compares TRUE positive "
            "rates (among those with `y_true == 1`).")),
        Misconception("eo.confusion_matrix_crash", _eo_ravel, _about(
            "Seu código quebra num grupo com uma só classe: `confusion_matrix(...).ravel()` "
            "devolve uma única célula. Use as TPR da sua `group_rates`, que já tratam o grupo "
            "sem positivos.",
            "Your code breaks on a group with a single class: `confusion_matrix(...).ravel()`"
            " returns a single cell. Use the TPRs of your `group_rates`, which already handle "
            "a group with no positives.")),
        Misconception("eo.uses_selection_rate", _eo_uses_selection, _about(
            "Você comparou taxas de seleção (isso é paridade demográfica). Igualdade de "
            "oportunidade olha só quem tem `y_true == 1`: as TPR.",
            "You compared selection rates (that is demographic parity). Equal opportunity "
            "looks only at those with `y_true == 1`: the TPRs.")),
        Misconception("eo.skips_group_without_positives", _eo_skips_empty, _about(
            "Você deixou de fora um grupo sem rótulos positivos (uma TPR NaN que `max`/`min` "
            "ignoram, ou um filtro). A tarefa, como o fairlearn, conta a TPR desse grupo como "
            "0.",
            "You left out a group with no positive labels (a NaN TPR that `max`/`min` skip, "
            "or a filter). The task, like fairlearn, counts that group's TPR as 0.")),
        Misconception("eo.signed", _eo_signed, _about(
            "Sua diferença tem sinal (a TPR de um grupo menos a de outro). A métrica é a maior "
            "menos a menor TPR, entre todos os grupos.",
            "Your difference is signed (one group's TPR minus another's). The metric is the "
            "largest minus the smallest TPR, over all groups.")),
    ],
)
