"""Task 6 of lesson 03_fairness: reweighing (``fairness.reweighing_weights``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.fairness:reweighing_weights``; the notebook cells are ``reweighing_weights-*``.
"""

from __future__ import annotations

import numpy as np

from mlopskit.checks._adapters import describe_type
from mlopskit.checks._core import Case, Misconception, OutputError, TaskSpec
from mlopskit.checks.fairness import LESSON
from mlopskit.checks.fairness._common import _metric_cases, _metric_hidden
from mlopskit.fairness import _reweighing_probabilities
from mlopskit.languages import bilingual as _about


def _reweigh_inverse_conditional(y, *, sensitive_features):
    """Weighs by 1 / P(label | group), leaving out the factor P(label)."""
    p_group, _, p_joint = _reweighing_probabilities(y, sensitive_features)
    return (p_group / p_joint).to_numpy()


def _reweigh_inverted(y, *, sensitive_features):
    """Weighs by P(group, label) / (P(group) P(label)): the reciprocal of the weight."""
    p_group, p_label, p_joint = _reweighing_probabilities(y, sensitive_features)
    return (p_joint / (p_group * p_label)).to_numpy()


def _encode_weights(value):
    if value is None:
        raise OutputError({"pt": "seu código devolveu None; esqueceu o `return`?",
                           "en": "your code returned None; did you forget `return`?"})
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise OutputError({"pt": f"esperava-se um peso por amostra, veio {describe_type(value)}.",
                           "en": f"one weight per sample was expected, got "
                           f"{describe_type(value)}."}) from None
    if arr.ndim != 1:
        raise OutputError({"pt": "esperava-se um vetor de pesos (1-D).",
                           "en": "a 1-D array of weights was expected."})
    return [float(v) for v in arr]


def _reweigh_cases():
    return [Case(c.name, {"args": [c.inputs["args"][0]], "kwargs": c.inputs["kwargs"]},
                 c.hidden, c.about) for c in _metric_cases() if c.name != "one-class-group"]


def _reweigh_hidden(rng):
    return [Case(c.name, {"args": [c.inputs["args"][0]], "kwargs": c.inputs["kwargs"]}, True)
            for c in _metric_hidden(rng)[:2]]



SPEC = TaskSpec(
    lesson=LESSON,
    task='fairness.reweighing_weights',
    number=6,
    name=_about('reponderação', 'reweighing'),
    entry="reweighing_weights",
    points=2,
    reference="mlopskit.fairness:reweighing_weights",
    encode=_encode_weights,
    public_cases=_reweigh_cases,
    hidden_cases=_reweigh_hidden,
    hints=[_about("Três probabilidades por amostra: P(grupo), P(rótulo) e P(grupo, rótulo).",
                  "Three probabilities per sample: P(group), P(label) and P(group, label)."),
           _about("Peso = P(grupo) * P(rótulo) / P(grupo, rótulo): combinações raras ganham "
                  "peso maior.",
                  "Weight = P(group) * P(label) / P(group, label): rare combinations get "
                  "more weight.")],
    misconceptions=[
        Misconception("reweigh.inverse_conditional", _reweigh_inverse_conditional, _about(
            "Seus pesos usam só 1 / P(rótulo | grupo); falta multiplicar por P(rótulo), "
            "para que rótulo e grupo fiquem independentes sem mudar a proporção de rótulos.",
            "Your weights use only 1 / P(label | group); multiply by P(label) as well, so "
            "label and group become independent without changing the label mix.")),
        Misconception("reweigh.inverted", _reweigh_inverted, _about(
            "Seus pesos estão invertidos: P(grupo, rótulo) / (P(grupo) P(rótulo)) reforça "
            "as combinações já frequentes.",
            "Your weights are inverted: P(group, label) / (P(group) P(label)) reinforces "
            "the combinations that are already frequent.")),
    ],
)
