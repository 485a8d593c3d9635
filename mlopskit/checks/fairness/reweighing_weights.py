"""Task 6 of lesson 03_fairness: reweighing (``fairness.reweighing_weights``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.fairness:reweighing_weights``; the notebook cells are ``reweighing_weights-*``.
"""

from __future__ import annotations

import numpy as np

from mlopskit.checks._adapters import array, describe_type
from mlopskit.checks._core import Case, Misconception, OutputError, TaskSpec
from mlopskit.checks.fairness import LESSON
from mlopskit.checks.fairness._common import _metric_cases, _metric_hidden
from mlopskit.fairness import _reweighing_probabilities, reweighing_weights
from mlopskit.languages import bilingual as _about


def _reweigh_inverse_conditional(y, *, sensitive_features):
    """Weighs by 1 / P(label | group), leaving out the factor P(label)."""
    p_group, _, p_joint = _reweighing_probabilities(y, sensitive_features)
    return (p_group / p_joint).to_numpy()


def _reweigh_missing_group(y, *, sensitive_features):
    """Weighs by 1 / P(group | label), leaving out the factor P(group)."""
    _, p_label, p_joint = _reweighing_probabilities(y, sensitive_features)
    return (p_label / p_joint).to_numpy()


def _reweigh_inverted(y, *, sensitive_features):
    """Weighs by P(group, label) / (P(group) P(label)): the reciprocal of the weight."""
    p_group, p_label, p_joint = _reweighing_probabilities(y, sensitive_features)
    return (p_joint / (p_group * p_label)).to_numpy()


def _reweigh_counts(y, *, sensitive_features):
    """Uses counts where the formula has shares: every weight is n times too large."""
    return reweighing_weights(y, sensitive_features=sensitive_features) * len(y)


def _reweigh_normalised(y, *, sensitive_features):
    """Rescales the weights to sum to 1: every weight is n times too small."""
    w = reweighing_weights(y, sensitive_features=sensitive_features)
    return w / w.sum()


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


def _labels_case(case, **changes):
    return Case(case.name, {"args": [case.inputs["args"][0]], "kwargs": case.inputs["kwargs"]},
                **{"hidden": case.hidden, "about": case.about, "covers": case.covers,
                   **changes})


_KEEP = ("two-groups", "three-groups", "no-negatives-group", "no-positives-group", "one-group")


def _reweigh_cases():
    cases = [_labels_case(c) for c in _metric_cases() if c.name in _KEEP]
    cases.append(Case("one-label", {"args": [array([1] * 6)], "kwargs": {
        "sensitive_features": array(["a", "a", "b", "b", "b", "b"])}},
        about=_about("todos os rótulos são 1", "every label is 1"),
        covers=("a single label value",)))
    return cases


def _reweigh_probes():
    return [
        # P(group) and P(label) differ, so each missing factor shows
        Case("probe-unbalanced", {"args": [array([1, 1, 1, 0, 0, 1, 0, 0, 0, 0])], "kwargs": {
            "sensitive_features": array(["a"] * 7 + ["b"] * 3)}}),
        Case("probe-three-groups", {"args": [array([1, 0, 0, 1, 1, 0, 1, 0, 0])], "kwargs": {
            "sensitive_features": array(["a", "a", "a", "b", "b", "b", "c", "c", "c"])}}),
    ]


def _reweigh_hidden(rng):
    return [_labels_case(c, hidden=True) for c in _metric_hidden(rng)[:2]]


SPEC = TaskSpec(
    lesson=LESSON,
    task="fairness.reweighing_weights",
    number=6,
    name=_about("reponderação", "reweighing"),
    entry="reweighing_weights",
    points=2,
    reference="mlopskit.fairness:reweighing_weights",
    encode=_encode_weights,
    public_cases=_reweigh_cases,
    hidden_cases=_reweigh_hidden,
    probes=_reweigh_probes,
    hints=[_about("A ideia: se grupo e rótulo fossem independentes, cada combinação (grupo, "
                  "rótulo) apareceria com frequência P(grupo) P(rótulo). O peso corrige a "
                  "frequência observada P(grupo, rótulo) para essa.",
                  "The idea: if group and label were independent, each (group, label) "
                  "combination would occur with frequency P(group) P(label). The weight "
                  "corrects the observed frequency P(group, label) to that."),
           _about("Estime as três probabilidades como FRAÇÕES das n amostras (contagem / n), "
                  "leve cada uma para a linha da amostra e divida: peso = P(grupo) P(rótulo) "
                  "/ P(grupo, rótulo). A soma dos pesos dá n.",
                  "Estimate the three probabilities as SHARES of the n samples (count / n), "
                  "bring each to the sample's row and divide: weight = P(group) P(label) / "
                  "P(group, label). The weights sum to n."),
           _about("```python\nquadro = pd.DataFrame({'g': grupos, 'y': y})\n"
                  "p_g = quadro['g'].map(quadro['g'].value_counts(normalize=True))\n"
                  "p_gy = quadro.groupby(['g', 'y'])['y'].transform('size') / len(quadro)\n```",
                  "```python\nframe = pd.DataFrame({'g': groups, 'y': y})\n"
                  "p_g = frame['g'].map(frame['g'].value_counts(normalize=True))\n"
                  "p_gy = frame.groupby(['g', 'y'])['y'].transform('size') / len(frame)\n```")],
    misconceptions=[
        Misconception("reweigh.inverse_conditional", _reweigh_inverse_conditional, _about(
            "Seus pesos usam só 1 / P(rótulo | grupo); falta multiplicar por P(rótulo), "
            "para que rótulo e grupo fiquem independentes sem mudar a proporção de rótulos.",
            "Your weights use only 1 / P(label | group); multiply by P(label) as well, so "
            "label and group become independent without changing the label mix.")),
        Misconception("reweigh.missing_group_share", _reweigh_missing_group, _about(
            "Seus pesos usam só P(rótulo) / P(grupo, rótulo), isto é 1 / P(grupo | rótulo): "
            "falta multiplicar por P(grupo).",
            "Your weights use only P(label) / P(group, label), that is 1 / P(group | label): "
            "multiply by P(group) as well.")),
        Misconception("reweigh.inverted", _reweigh_inverted, _about(
            "Seus pesos estão invertidos: P(grupo, rótulo) / (P(grupo) P(rótulo)) reforça "
            "as combinações já frequentes.",
            "Your weights are inverted: P(group, label) / (P(group) P(label)) reinforces "
            "the combinations that are already frequent.")),
        Misconception("reweigh.counts_not_shares", _reweigh_counts, _about(
            "Você usou contagens onde a fórmula pede frações: cada peso sai n vezes maior. "
            "Divida cada contagem pelo número de amostras.",
            "You used counts where the formula needs shares: every weight comes out n times "
            "too large. Divide each count by the number of samples.")),
        Misconception("reweigh.normalised_to_one", _reweigh_normalised, _about(
            "Você normalizou os pesos para somarem 1; a fórmula dá pesos que somam n (média "
            "1), e é assim que o `sample_weight` os espera aqui.",
            "You normalised the weights to sum to 1; the formula gives weights that sum to n "
            "(mean 1), and that is how `sample_weight` expects them here.")),
    ],
)
