"""Task 1 of lesson 03_fairness: rates by group (``fairness.group_rates``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.fairness:group_rates``; the notebook cells are ``group_rates-*``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlopskit.checks._core import Misconception, TaskSpec
from mlopskit.checks.fairness import LESSON
from mlopskit.checks.fairness._common import (
    _arrays,
    _metric_cases,
    _metric_hidden,
    _metric_probes,
    encode_rates,
)
from mlopskit.fairness import RATE_COLUMNS, group_rates
from mlopskit.languages import bilingual as _about


def _frame(rows):
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(RATE_COLUMNS))


def _share(values, mask, empty=0.0):
    return float(values[mask].mean()) if mask.any() else empty


def _rates_labels_swapped(y_true, y_pred, *, sensitive_features):
    """Takes the TPR among the negatives and the FPR among the positives."""
    t, p, g = _arrays(y_true, y_pred, sensitive_features)
    return _frame({k: (p[g == k].mean(), _share(p, (g == k) & (t == 0)),
                       _share(p, (g == k) & (t == 1))) for k in sorted(set(g))})


def _rates_precision(y_true, y_pred, *, sensitive_features):
    """Conditions on the decision: the share of true positives among those selected."""
    t, p, g = _arrays(y_true, y_pred, sensitive_features)
    return _frame({k: (p[g == k].mean(), _share(t, (g == k) & (p == 1)),
                       _share(1 - t, (g == k) & (p == 1))) for k in sorted(set(g))})


def _rates_joint(y_true, y_pred, *, sensitive_features):
    """Divides the true and false positives by the whole group's size."""
    t, p, g = _arrays(y_true, y_pred, sensitive_features)
    return _frame({k: (p[g == k].mean(), ((p == 1) & (t == 1))[g == k].mean(),
                       ((p == 1) & (t == 0))[g == k].mean()) for k in sorted(set(g))})


def _rates_nan(y_true, y_pred, *, sensitive_features):
    """Leaves a rate with an empty denominator as NaN instead of 0."""
    t, p, g = _arrays(y_true, y_pred, sensitive_features)
    nan = float("nan")
    return _frame({k: (p[g == k].mean(), _share(p, (g == k) & (t == 1), nan),
                       _share(p, (g == k) & (t == 0), nan)) for k in sorted(set(g))})


def _rates_selection_on_truth(y_true, y_pred, *, sensitive_features):
    """Computes the selection rate from the true labels (the base rate)."""
    rates = group_rates(y_true, y_pred, sensitive_features=sensitive_features)
    t, _, g = _arrays(y_true, y_pred, sensitive_features)
    rates["selection_rate"] = [t[g == k].mean() for k in rates.index]
    return rates


SPEC = TaskSpec(
    lesson=LESSON,
    task="fairness.group_rates",
    number=1,
    name=_about("taxas por grupo", "rates by group"),
    entry="group_rates",
    points=3,
    reference="mlopskit.fairness:group_rates",
    encode=encode_rates,
    public_cases=_metric_cases,
    hidden_cases=_metric_hidden,
    probes=_metric_probes,
    hints=[_about("Cada taxa é uma fração dentro de um subconjunto do grupo: a taxa de seleção "
                  "olha todos os membros; a TPR só os que têm `y_true == 1`; a FPR só os que "
                  "têm `y_true == 0`. Em todas, o numerador é quem o modelo selecionou.",
                  "Each rate is a share within a subset of the group: the selection rate looks "
                  "at every member; the TPR only at those with `y_true == 1`; the FPR only at "
                  "those with `y_true == 0`. In all three, the numerator is who the model "
                  "selected."),
           _about("Percorra os grupos; para cada um, monte máscaras booleanas (membro do "
                  "grupo, e rótulo 1 ou 0). A média de `y_pred` sob uma máscara é a fração "
                  "selecionada; se a máscara estiver vazia, a taxa é 0 (como no fairlearn), "
                  "não NaN.",
                  "Loop over the groups; for each, build boolean masks (in the group, and "
                  "label 1 or 0). The mean of `y_pred` under a mask is the share selected; "
                  "when the mask is empty the rate is 0 (as in fairlearn), not NaN."),
           _about("```python\nmembro = grupos == g\npos = membro & (y_true == 1)\n"
                  "tpr = y_pred[pos].mean() if pos.any() else 0.0\n"
                  "linhas[g] = (y_pred[membro].mean(), tpr, fpr)\n"
                  "pd.DataFrame.from_dict(linhas, orient='index',\n"
                  "                       columns=['selection_rate', 'tpr', 'fpr'])\n```",
                  "```python\nmember = groups == g\npos = member & (y_true == 1)\n"
                  "tpr = y_pred[pos].mean() if pos.any() else 0.0\n"
                  "rows[g] = (y_pred[member].mean(), tpr, fpr)\n"
                  "pd.DataFrame.from_dict(rows, orient='index',\n"
                  "                       columns=['selection_rate', 'tpr', 'fpr'])\n```")],
    misconceptions=[
        Misconception("rates.labels_swapped", _rates_labels_swapped, _about(
            "Suas TPR e FPR estão trocadas: a TPR é calculada entre quem tem `y_true == 1` "
            "(quem pagaria) e a FPR entre quem tem `y_true == 0`.",
            "Your TPR and FPR are swapped: the TPR is computed among those with "
            "`y_true == 1` (who would repay) and the FPR among those with `y_true == 0`.")),
        Misconception("rates.conditioned_on_decision", _rates_precision, _about(
            "Você condicionou na decisão: entre os selecionados, a fração com rótulo 1 (isso "
            "é a precisão). A TPR condiciona no rótulo: entre os que têm `y_true == 1`, a "
            "fração selecionada.",
            "You conditioned on the decision: among those selected, the share labelled 1 "
            "(that is precision). The TPR conditions on the label: among those with "
            "`y_true == 1`, the share selected.")),
        Misconception("rates.whole_group_denominator", _rates_joint, _about(
            "Você dividiu os verdadeiros (ou falsos) positivos pelo tamanho do grupo inteiro; "
            "o denominador da TPR são só os membros com `y_true == 1`, e o da FPR só os com "
            "`y_true == 0`.",
            "You divided the true (or false) positives by the whole group's size; the TPR's "
            "denominator is only the members with `y_true == 1`, the FPR's only those with "
            "`y_true == 0`.")),
        Misconception("rates.empty_as_nan", _rates_nan, _about(
            "Num grupo sem rótulos positivos (ou sem negativos) sua taxa ficou NaN (0 / 0). A "
            "tarefa, como o fairlearn, conta essa taxa como 0; trate a máscara vazia.",
            "In a group with no positive (or no negative) labels your rate is NaN (0 / 0). "
            "The task, like fairlearn, counts that rate as 0; handle the empty mask.")),
        Misconception("rates.selection_on_y_true", _rates_selection_on_truth, _about(
            "Sua taxa de seleção veio dos rótulos verdadeiros (a taxa básica do grupo); ela "
            "mede as DECISÕES: a média de `y_pred` no grupo.",
            "Your selection rate comes from the true labels (the group's base rate); it "
            "measures the DECISIONS: the mean of `y_pred` in the group.")),
    ],
)
