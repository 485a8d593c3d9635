"""Task 3 of lesson 03_fairness: demographic parity ratio (``fairness.demographic_parity_ratio``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.fairness:demographic_parity_ratio``; the notebook cells are ``demographic_parity_ratio-*``.
"""

from __future__ import annotations

from mlopskit.checks._adapters import encode_float
from mlopskit.checks._core import Misconception, TaskSpec
from mlopskit.checks.fairness import LESSON
from mlopskit.checks.fairness._common import _USE_Y_PRED, _metric_cases, _metric_hidden
from mlopskit.fairness import demographic_parity_ratio, selection_rates
from mlopskit.languages import bilingual as _about


def _dpr_inverted(y_true, y_pred, *, sensitive_features):
    """Divides the largest selection rate by the smallest."""
    rates = selection_rates(y_pred, sensitive_features=sensitive_features)
    return float(rates.max() / rates.min()) if rates.min() > 0 else float("inf")


def _dpr_on_true(y_true, y_pred, *, sensitive_features):
    """Measures the parity of the true labels instead of the model's decisions."""
    return demographic_parity_ratio(y_true, y_true, sensitive_features=sensitive_features)



SPEC = TaskSpec(
    lesson=LESSON,
    # The lesson measures this by hand and uses fairlearn as its oracle.
    forbidden=("fairlearn.metrics",),
    task='fairness.demographic_parity_ratio',
    number=3,
    name=_about('razão de paridade demográfica', 'demographic parity ratio'),
    entry="demographic_parity_ratio",
    points=1,
    reference="mlopskit.fairness:demographic_parity_ratio",
    encode=encode_float,
    public_cases=_metric_cases,
    hidden_cases=_metric_hidden,
    hints=[_about("Menor taxa de seleção dividida pela maior: fica entre 0 e 1.",
                  "Smallest selection rate over the largest: it lies between 0 and 1."),
           _about("Se a maior taxa for 0, devolva 0.", "If the largest rate is 0, return 0.")],
    misconceptions=[
        Misconception("dpr.inverted", _dpr_inverted, _about(
            "Sua razão está invertida (maior sobre menor) e passa de 1; a regra dos "
            "quatro quintos compara o menor com o maior.",
            "Your ratio is inverted (largest over smallest) and exceeds 1; the four-fifths "
            "rule compares the smallest with the largest.")),
        Misconception("dpr.on_y_true", _dpr_on_true, _USE_Y_PRED),
    ],
)
