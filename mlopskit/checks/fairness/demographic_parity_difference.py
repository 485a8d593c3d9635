"""Task 2 of lesson 03_fairness: demographic parity difference (``fairness.demographic_parity_difference``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.fairness:demographic_parity_difference``; the notebook cells are
``demographic_parity_difference-*``.
"""

from __future__ import annotations

from mlopskit.checks._adapters import encode_float
from mlopskit.checks._core import Misconception, TaskSpec
from mlopskit.checks.fairness import LESSON
from mlopskit.checks.fairness._common import (
    _USE_Y_PRED,
    _arrays,
    _gap,
    _metric_cases,
    _metric_hidden,
    _metric_probes,
)
from mlopskit.fairness import demographic_parity_difference, group_rates
from mlopskit.languages import bilingual as _about


def _selection(y_true, y_pred, sensitive_features):
    return group_rates(y_true, y_pred, sensitive_features=sensitive_features)["selection_rate"]


def _dp_on_true(y_true, y_pred, *, sensitive_features):
    """Measures the parity of the true labels instead of the model's decisions."""
    return demographic_parity_difference(y_true, y_true, sensitive_features=sensitive_features)


def _dp_signed(y_true, y_pred, *, sensitive_features):
    """Subtracts the last group's rate from the first's, keeping the sign."""
    rates = _selection(y_true, y_pred, sensitive_features)
    return float(rates.iloc[0] - rates.iloc[-1])


def _dp_first_last(y_true, y_pred, *, sensitive_features):
    """Compares only the first and the last group, without sign."""
    rates = _selection(y_true, y_pred, sensitive_features)
    return float(abs(rates.iloc[0] - rates.iloc[-1]))


def _dp_to_overall(y_true, y_pred, *, sensitive_features):
    """The largest distance between a group's rate and everyone's rate."""
    rates = _selection(y_true, y_pred, sensitive_features)
    overall = _arrays(y_true, y_pred, sensitive_features)[1].mean()
    return float((rates - overall).abs().max())


def _dp_uses_tpr(y_true, y_pred, *, sensitive_features):
    """Takes the gap of the TPR column instead of the selection rate."""
    return _gap(group_rates(y_true, y_pred, sensitive_features=sensitive_features)["tpr"])


SPEC = TaskSpec(
    lesson=LESSON,
    task="fairness.demographic_parity_difference",
    number=2,
    name=_about("diferença de paridade demográfica", "demographic parity difference"),
    entry="demographic_parity_difference",
    points=1,
    reference="mlopskit.fairness:demographic_parity_difference",
    encode=encode_float,
    public_cases=_metric_cases,
    hidden_cases=_metric_hidden,
    probes=_metric_probes,
    hints=[_about("A paridade demográfica só olha as decisões: quanto as taxas de seleção dos "
                  "grupos se afastam, no pior par de grupos.",
                  "Demographic parity looks only at decisions: how far apart the groups' "
                  "selection rates are, for the worst pair of groups."),
           _about("Use a coluna `selection_rate` da sua `group_rates` e compare a maior com a "
                  "menor, entre TODOS os grupos (o resultado nunca é negativo).",
                  "Use the `selection_rate` column of your `group_rates` and compare the "
                  "largest with the smallest, over ALL groups (the result is never "
                  "negative)."),
           _about("```python\ntaxas = group_rates(y_true, y_pred, sensitive_features="
                  "sensitive_features)['selection_rate']\nfloat(taxas.max() - taxas.min())\n```",
                  "```python\nrates = group_rates(y_true, y_pred, sensitive_features="
                  "sensitive_features)['selection_rate']\nfloat(rates.max() - rates.min())\n```")],
    misconceptions=[
        Misconception("dp.on_y_true", _dp_on_true, _USE_Y_PRED),
        Misconception("dp.signed", _dp_signed, _about(
            "Sua diferença tem sinal (um grupo menos o outro) e pode ser negativa. A métrica é "
            "a maior menos a menor taxa, entre todos os grupos.",
            "Your difference is signed (one group minus another) and can be negative. The "
            "metric is the largest minus the smallest rate, over all groups.")),
        Misconception("dp.first_and_last_only", _dp_first_last, _about(
            "Você comparou só o primeiro e o último grupo. Com três grupos ou mais, a maior "
            "diferença pode envolver um grupo do meio: use o máximo e o mínimo de todos.",
            "You compared only the first and the last group. With three or more groups the "
            "widest gap may involve a middle group: use the maximum and minimum of all.")),
        Misconception("dp.to_overall", _dp_to_overall, _about(
            "Você comparou cada grupo com a taxa de seleção de todos juntos (o `method="
            "'to_overall'` do fairlearn). A tarefa compara os grupos entre si: a maior menos a "
            "menor taxa.",
            "You compared each group with everyone's selection rate (fairlearn's "
            "`method='to_overall'`). The task compares the groups with each other: the "
            "largest minus the smallest rate.")),
        Misconception("dp.uses_tpr", _dp_uses_tpr, _about(
            "Você usou a coluna de TPR; isso é igualdade de oportunidade. A paridade "
            "demográfica usa a taxa de seleção.",
            "You used the TPR column; that is equal opportunity. Demographic parity uses "
            "the selection rate.")),
    ],
)
