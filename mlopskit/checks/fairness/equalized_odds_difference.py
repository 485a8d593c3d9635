"""Task 5 of lesson 03_fairness: equalized odds (``fairness.equalized_odds_difference``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.fairness:equalized_odds_difference``; the notebook cells are ``equalized_odds_difference-*``.
"""

from __future__ import annotations

import numpy as np

from mlopskit.checks._adapters import encode_float
from mlopskit.checks._core import Misconception, TaskSpec
from mlopskit.checks.fairness import LESSON
from mlopskit.checks.fairness._common import _metric_cases, _metric_hidden
from mlopskit.fairness import equal_opportunity_difference, false_positive_rates
from mlopskit.languages import bilingual as _about


def _eodds_mean(y_true, y_pred, *, sensitive_features):
    """Averages the TPR and FPR differences instead of keeping the larger."""
    fpr = false_positive_rates(y_true, y_pred, sensitive_features=sensitive_features)
    tpr_gap = equal_opportunity_difference(y_true, y_pred, sensitive_features=sensitive_features)
    return float(np.mean([tpr_gap, fpr.max() - fpr.min()]))


def _eodds_tpr_only(y_true, y_pred, *, sensitive_features):
    """Looks at the TPR difference only: equal opportunity, not equalized odds."""
    return equal_opportunity_difference(y_true, y_pred, sensitive_features=sensitive_features)



SPEC = TaskSpec(
    lesson=LESSON,
    # The lesson measures this by hand and uses fairlearn as its oracle.
    forbidden=("fairlearn.metrics",),
    task='fairness.equalized_odds_difference',
    number=5,
    name=_about('chances equalizadas', 'equalized odds'),
    entry="equalized_odds_difference",
    points=2,
    reference="mlopskit.fairness:equalized_odds_difference",
    encode=encode_float,
    public_cases=_metric_cases,
    hidden_cases=_metric_hidden,
    hints=[_about("Calcule a diferença de TPR e a diferença de FPR entre grupos.",
                  "Compute the TPR difference and the FPR difference between groups."),
           _about("Devolva a MAIOR das duas (o pior caso).",
                  "Return the LARGER of the two (the worst case).")],
    misconceptions=[
        Misconception("eodds.mean", _eodds_mean, _about(
            "Você tirou a média das diferenças de TPR e FPR; a métrica é a maior das duas, "
            "para não esconder a pior.",
            "You averaged the TPR and FPR differences; the metric is the larger of the "
            "two, so the worst is not hidden.")),
        Misconception("eodds.tpr_only", _eodds_tpr_only, _about(
            "Você só olhou a diferença de TPR (isso é igualdade de oportunidade); chances "
            "equalizadas também exigem FPR parecidas.",
            "You looked only at the TPR difference (that is equal opportunity); equalized "
            "odds also requires similar FPRs.")),
    ],
)
