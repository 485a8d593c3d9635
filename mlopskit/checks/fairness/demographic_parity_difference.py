"""Task 2 of lesson 03_fairness: demographic parity difference (``fairness.demographic_parity_difference``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.fairness:demographic_parity_difference``; the notebook cells are ``demographic_parity_difference-*``.
"""

from __future__ import annotations

from mlopskit.checks._adapters import encode_float
from mlopskit.checks._core import Misconception, TaskSpec
from mlopskit.checks.fairness import LESSON
from mlopskit.checks.fairness._common import _USE_Y_PRED, _metric_cases, _metric_hidden
from mlopskit.fairness import demographic_parity_difference, selection_rates
from mlopskit.languages import bilingual as _about


def _dp_on_true(y_true, y_pred, *, sensitive_features):
    """Measures the parity of the true labels instead of the model's decisions."""
    return demographic_parity_difference(y_true, y_true, sensitive_features=sensitive_features)


def _dp_signed(y_true, y_pred, *, sensitive_features):
    """Subtracts the last group's rate from the first's, keeping the sign."""
    rates = selection_rates(y_pred, sensitive_features=sensitive_features)
    return float(rates.iloc[0] - rates.iloc[-1])



SPEC = TaskSpec(
    lesson=LESSON,
    # The lesson measures this by hand and uses fairlearn as its oracle.
    forbidden=("fairlearn.metrics",),
    task='fairness.demographic_parity_difference',
    number=2,
    name=_about('diferença de paridade demográfica', 'demographic parity difference'),
    entry="demographic_parity_difference",
    points=1,
    reference="mlopskit.fairness:demographic_parity_difference",
    encode=encode_float,
    public_cases=_metric_cases,
    hidden_cases=_metric_hidden,
    hints=[_about("Calcule a taxa de seleção de cada grupo com `y_pred`.",
                  "Compute each group's selection rate from `y_pred`."),
           _about("Maior menos menor: `taxas.max() - taxas.min()`, nunca negativo.",
                  "Largest minus smallest: `rates.max() - rates.min()`, never negative.")],
    misconceptions=[
        Misconception("dp.on_y_true", _dp_on_true, _USE_Y_PRED),
        Misconception("dp.signed", _dp_signed, _about(
            "Sua diferença tem sinal (um grupo menos o outro). A métrica é o maior menos o "
            "menor, entre todos os grupos.",
            "Your difference is signed (one group minus another). The metric is the "
            "largest minus the smallest, over all groups.")),
    ],
)
