"""Task 4 of lesson 03_fairness: equal opportunity (``fairness.equal_opportunity_difference``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.fairness:equal_opportunity_difference``; the notebook cells are ``equal_opportunity_difference-*``.
"""

from __future__ import annotations

import warnings

import numpy as np
from sklearn.metrics import confusion_matrix

from mlopskit.checks._adapters import encode_float
from mlopskit.checks._core import Misconception, TaskSpec
from mlopskit.checks.fairness import LESSON
from mlopskit.checks.fairness._common import _group_names, _metric_cases, _metric_hidden
from mlopskit.fairness import false_positive_rates
from mlopskit.languages import bilingual as _about


def _eo_uses_fpr(y_true, y_pred, *, sensitive_features):
    """Compares false positive rates instead of true positive rates."""
    fpr = false_positive_rates(y_true, y_pred, sensitive_features=sensitive_features)
    return float(fpr.max() - fpr.min())


def _eo_ravel(y_true, y_pred, *, sensitive_features):
    """Unpacks each group's confusion_matrix(...).ravel(), which breaks on a one-class group."""
    t, p = np.asarray(y_true, dtype=int), np.asarray(y_pred, dtype=int)
    groups = _group_names(sensitive_features)
    tprs = []
    for g in sorted(set(groups)):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # sklearn warns about the single label
            tn, fp, fn, tp = confusion_matrix(t[groups == g], p[groups == g]).ravel()
        tprs.append(tp / (tp + fn) if tp + fn else 0.0)
    return float(max(tprs) - min(tprs))



SPEC = TaskSpec(
    lesson=LESSON,
    # The lesson measures this by hand and uses fairlearn as its oracle.
    forbidden=("fairlearn.metrics",),
    task='fairness.equal_opportunity_difference',
    number=4,
    name=_about('igualdade de oportunidade', 'equal opportunity'),
    entry="equal_opportunity_difference",
    points=2,
    reference="mlopskit.fairness:equal_opportunity_difference",
    encode=encode_float,
    public_cases=_metric_cases,
    hidden_cases=_metric_hidden,
    hints=[_about("TPR de um grupo: entre os que têm `y_true == 1`, a fração com "
                  "`y_pred == 1`; 0 se o grupo não tem positivos.",
                  "A group's TPR: among those with `y_true == 1`, the share with "
                  "`y_pred == 1`; 0 when the group has no positives."),
           _about("Evite `confusion_matrix(...).ravel()` por grupo: com uma só classe ela "
                  "é 1 x 1.",
                  "Avoid `confusion_matrix(...).ravel()` per group: with one class it is "
                  "1 x 1.")],
    misconceptions=[
        Misconception("eo.uses_fpr", _eo_uses_fpr, _about(
            "Você comparou taxas de FALSOS positivos; igualdade de oportunidade compara as "
            "taxas de VERDADEIROS positivos (entre quem tem `y_true == 1`).",
            "You compared FALSE positive rates; equal opportunity compares TRUE positive "
            "rates (among those with `y_true == 1`).")),
        Misconception("eo.confusion_matrix_crash", _eo_ravel, _about(
            "Seu código quebra num grupo com uma só classe: `confusion_matrix(...).ravel()` "
            "devolve uma única célula. Conte os casos diretamente, com 0 quando não houver "
            "positivos.",
            "Your code breaks on a group with a single class: `confusion_matrix(...).ravel()`"
            " returns a single cell. Count the cases directly, with 0 when there are no "
            "positives.")),
    ],
)
