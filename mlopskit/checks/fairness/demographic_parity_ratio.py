"""Task 3 of lesson 03_fairness: demographic parity ratio (``fairness.demographic_parity_ratio``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.fairness:demographic_parity_ratio``; the notebook cells are
``demographic_parity_ratio-*``.
"""

from __future__ import annotations

from mlopskit.checks._adapters import encode_float
from mlopskit.checks._core import Misconception, TaskSpec
from mlopskit.checks.fairness import LESSON
from mlopskit.checks.fairness._common import (
    _USE_Y_PRED,
    _arrays,
    _metric_cases,
    _metric_hidden,
    _metric_probes,
)
from mlopskit.fairness import demographic_parity_ratio, group_rates
from mlopskit.languages import bilingual as _about


def _selection(y_true, y_pred, sensitive_features):
    return group_rates(y_true, y_pred, sensitive_features=sensitive_features)["selection_rate"]


def _dpr_inverted(y_true, y_pred, *, sensitive_features):
    """Divides the largest selection rate by the smallest."""
    rates = _selection(y_true, y_pred, sensitive_features)
    return float(rates.max() / rates.min()) if rates.min() > 0 else float("inf")


def _dpr_on_true(y_true, y_pred, *, sensitive_features):
    """Measures the parity of the true labels instead of the model's decisions."""
    return demographic_parity_ratio(y_true, y_true, sensitive_features=sensitive_features)


def _dpr_zero_when_none(y_true, y_pred, *, sensitive_features):
    """Returns 0 when nobody is selected, where the ratio is 0 / 0."""
    rates = _selection(y_true, y_pred, sensitive_features)
    return float(rates.min() / rates.max()) if rates.max() > 0 else 0.0


def _dpr_one_when_none(y_true, y_pred, *, sensitive_features):
    """Declares parity (1) when nobody is selected, where the ratio is 0 / 0."""
    rates = _selection(y_true, y_pred, sensitive_features)
    return float(rates.min() / rates.max()) if rates.max() > 0 else 1.0


def _dpr_to_overall(y_true, y_pred, *, sensitive_features):
    """Divides the smallest group rate by everyone's selection rate."""
    rates = _selection(y_true, y_pred, sensitive_features)
    overall = _arrays(y_true, y_pred, sensitive_features)[1].mean()
    return float(rates.min() / overall) if overall > 0 else float("nan")


SPEC = TaskSpec(
    lesson=LESSON,
    task="fairness.demographic_parity_ratio",
    number=3,
    name=_about("razão de paridade demográfica", "demographic parity ratio"),
    entry="demographic_parity_ratio",
    points=1,
    reference="mlopskit.fairness:demographic_parity_ratio",
    encode=encode_float,
    public_cases=_metric_cases,
    hidden_cases=_metric_hidden,
    probes=_metric_probes,
    hints=[_about("A razão diz quantas vezes o grupo menos selecionado é selecionado, em "
                  "relação ao mais selecionado: 1 é paridade, e ela nunca passa de 1.",
                  "The ratio says how often the least selected group is selected, relative "
                  "to the most selected one: 1 is parity, and it never exceeds 1."),
           _about("Menor taxa de seleção sobre a maior. Se a maior for 0, ninguém foi "
                  "selecionado e a razão é 0 / 0: indefinida, NaN (como no fairlearn), nem 0 "
                  "nem 1.",
                  "Smallest selection rate over the largest. If the largest is 0, nobody was "
                  "selected and the ratio is 0 / 0: undefined, NaN (as in fairlearn), "
                  "neither 0 nor 1."),
           _about("```python\nif taxas.max() == 0:\n    return float('nan')\n"
                  "return float(taxas.min() / taxas.max())\n```",
                  "```python\nif rates.max() == 0:\n    return float('nan')\n"
                  "return float(rates.min() / rates.max())\n```")],
    misconceptions=[
        Misconception("dpr.inverted", _dpr_inverted, _about(
            "Sua razão está invertida (maior sobre menor) e passa de 1; a regra dos quatro "
            "quintos compara o menor com o maior.",
            "Your ratio is inverted (largest over smallest) and exceeds 1; the four-fifths "
            "rule compares the smallest with the largest.")),
        Misconception("dpr.on_y_true", _dpr_on_true, _USE_Y_PRED),
        Misconception("dpr.zero_when_none_selected", _dpr_zero_when_none, _about(
            "Quando ninguém é selecionado, sua razão vale 0, como se houvesse a pior "
            "disparidade. É 0 / 0: indefinida. Devolva NaN, como o fairlearn.",
            "When nobody is selected your ratio is 0, as if the disparity were the worst. It "
            "is 0 / 0: undefined. Return NaN, as fairlearn does.")),
        Misconception("dpr.one_when_none_selected", _dpr_one_when_none, _about(
            "Quando ninguém é selecionado, sua razão vale 1, como se houvesse paridade. É "
            "0 / 0: indefinida. Devolva NaN, como o fairlearn.",
            "When nobody is selected your ratio is 1, as if there were parity. It is 0 / 0: "
            "undefined. Return NaN, as fairlearn does.")),
        Misconception("dpr.to_overall", _dpr_to_overall, _about(
            "Você dividiu a menor taxa pela taxa de seleção de todos juntos; a razão compara "
            "os grupos entre si: a menor taxa sobre a maior.",
            "You divided the smallest rate by everyone's selection rate; the ratio compares "
            "the groups with each other: the smallest rate over the largest.")),
    ],
)
