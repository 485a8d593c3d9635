"""Task 5 of lesson 03_fairness: equalized odds (``fairness.equalized_odds_difference``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.fairness:equalized_odds_difference``; the notebook cells are
``equalized_odds_difference-*``.
"""

from __future__ import annotations

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


def _gaps(y_true, y_pred, sensitive_features):
    rates = group_rates(y_true, y_pred, sensitive_features=sensitive_features)
    return _gap(rates["tpr"]), _gap(rates["fpr"])


def _eodds_mean(y_true, y_pred, *, sensitive_features):
    """Averages the TPR and FPR differences instead of keeping the larger."""
    return sum(_gaps(y_true, y_pred, sensitive_features)) / 2


def _eodds_sum(y_true, y_pred, *, sensitive_features):
    """Adds the TPR and FPR differences."""
    return sum(_gaps(y_true, y_pred, sensitive_features))


def _eodds_tpr_only(y_true, y_pred, *, sensitive_features):
    """Looks at the TPR difference only: equal opportunity, not equalized odds."""
    return _gaps(y_true, y_pred, sensitive_features)[0]


def _eodds_fpr_only(y_true, y_pred, *, sensitive_features):
    """Looks at the FPR difference only."""
    return _gaps(y_true, y_pred, sensitive_features)[1]


def _eodds_skips_empty(y_true, y_pred, *, sensitive_features):
    """Leaves out the rates of groups with no positive (or no negative) label."""
    t, p, g = _arrays(y_true, y_pred, sensitive_features)
    gaps = []
    for label in (1, 0):
        rates = [p[(g == k) & (t == label)].mean() for k in sorted(set(g))
                 if ((g == k) & (t == label)).any()]
        gaps.append(_gap(rates) if rates else 0.0)
    return max(gaps)


SPEC = TaskSpec(
    lesson=LESSON,
    task="fairness.equalized_odds_difference",
    number=5,
    name=_about("equalized odds", "equalized odds"),
    entry="equalized_odds_difference",
    points=1,
    reference="mlopskit.fairness:equalized_odds_difference",
    encode=encode_float,
    public_cases=_metric_cases,
    hidden_cases=_metric_hidden,
    probes=_metric_probes,
    hints=[_about("*Equalized odds* pede as duas coisas ao mesmo tempo: TPR parecidas E FPR "
                  "parecidas entre os grupos. A diferença resume o pior dos dois desvios.",
                  "Equalized odds asks for both at once: similar TPRs AND similar FPRs across "
                  "groups. The difference sums up the worse of the two gaps."),
           _about("Calcule a diferença (maior menos menor) da coluna `tpr` e a da coluna "
                  "`fpr` da sua `group_rates` e devolva a MAIOR delas, não a média nem a soma.",
                  "Compute the gap (largest minus smallest) of the `tpr` column and of the "
                  "`fpr` column of your `group_rates`, and return the LARGER, neither the mean "
                  "nor the sum."),
           _about("```python\nmax(taxas['tpr'].max() - taxas['tpr'].min(),\n"
                  "    taxas['fpr'].max() - taxas['fpr'].min())\n```",
                  "```python\nmax(rates['tpr'].max() - rates['tpr'].min(),\n"
                  "    rates['fpr'].max() - rates['fpr'].min())\n```")],
    misconceptions=[
        Misconception("eodds.mean", _eodds_mean, _about(
            "Você tirou a média das diferenças de TPR e FPR; a métrica é a maior das duas, "
            "para não esconder a pior.",
            "You averaged the TPR and FPR differences; the metric is the larger of the "
            "two, so the worst is not hidden.")),
        Misconception("eodds.sum", _eodds_sum, _about(
            "Você somou as diferenças de TPR e FPR (o resultado pode passar de 1); a métrica é "
            "a maior das duas.",
            "You added the TPR and FPR differences (the result can exceed 1); the metric is "
            "the larger of the two.")),
        Misconception("eodds.tpr_only", _eodds_tpr_only, _about(
            "Você só olhou a diferença de TPR (isso é igualdade de oportunidade); *equalized "
            "odds* também exige FPR parecidas.",
            "You looked only at the TPR difference (that is equal opportunity); equalized "
            "odds also requires similar FPRs.")),
        Misconception("eodds.fpr_only", _eodds_fpr_only, _about(
            "Você só olhou a diferença de FPR; *equalized odds* também exige TPR parecidas.",
            "You looked only at the FPR difference; equalized odds also requires similar "
            "TPRs.")),
        Misconception("eodds.skips_one_class_groups", _eodds_skips_empty, _about(
            "Você deixou de fora a taxa de um grupo que só tem uma classe (um NaN ignorado "
            "por `max`/`min`, ou um filtro). A tarefa, como o fairlearn, conta essa taxa "
            "como 0.",
            "You left out the rate of a group with a single class (a NaN skipped by "
            "`max`/`min`, or a filter). The task, like fairlearn, counts that rate as 0.")),
    ],
)
