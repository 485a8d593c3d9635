"""Task 6 of lesson 06_feedback: accuracy under selective labels (``feedback.ipw_accuracy``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.feedback:ipw_accuracy``; the notebook cells are ``ipw_accuracy-*``.
"""

from __future__ import annotations

import numpy as np

from mlopskit.checks._adapters import array, encode_float
from mlopskit.checks._core import Case, Misconception, TaskSpec
from mlopskit.checks.feedback import LESSON
from mlopskit.languages import bilingual as _about

NAN = float("nan")


def _inputs(correct, propensity):
    correct = np.asarray(correct, dtype=float)
    propensity = np.asarray(propensity, dtype=float)
    if correct.shape != propensity.shape or (propensity <= 0).any() or (propensity > 1).any():
        raise ValueError("bad input")
    labeled = ~np.isnan(correct)
    if not labeled.any():
        raise ValueError("no label")
    return correct, propensity, labeled


def _weights_p(correct, propensity):
    """Weighs each label by its propensity p instead of 1/p."""
    c, p, seen = _inputs(correct, propensity)
    return float(np.sum(p[seen] * c[seen]) / np.sum(p[seen]))


def _unweighted(correct, propensity):
    """The plain accuracy of the labeled rows: the propensities are ignored."""
    c, p, seen = _inputs(correct, propensity)
    return float(c[seen].mean())


def _divides_by_all(correct, propensity):
    """Divides the weighted hits by the number of all rows (Horvitz-Thompson)."""
    c, p, seen = _inputs(correct, propensity)
    return float(np.sum(c[seen] / p[seen]) / len(c))


def _divides_by_labeled(correct, propensity):
    """Divides the weighted hits by the number of labeled rows, not the sum of weights."""
    c, p, seen = _inputs(correct, propensity)
    return float(np.sum(c[seen] / p[seen]) / seen.sum())


def _unlabeled_as_wrong(correct, propensity):
    """Counts every row without a label as a wrong decision."""
    c, p, seen = _inputs(correct, propensity)
    filled = np.where(seen, c, 0.0)
    return float(np.sum(filled / p) / np.sum(1 / p))


def _encode(value):
    return encode_float(value)


def _case(name, correct, propensity, about=None, covers=()):
    return Case(name, {"args": [array(correct), array(propensity)]}, about=about,
                covers=tuple(covers))


def _design(seed, n, *, approve=0.6, explore=0.1, acc_approved=0.8, acc_denied=0.55):
    rng = np.random.default_rng(seed)
    approved = rng.random(n) < approve
    explored = ~approved & (rng.random(n) < explore)
    right = np.where(approved, rng.random(n) < acc_approved, rng.random(n) < acc_denied)
    correct = np.where(approved | explored, right.astype(float), np.nan)
    propensity = np.where(approved, 1.0, explore)
    return [float(v) for v in correct], [float(v) for v in propensity]


def _public_cases():
    return [
        _case("credit-like", *_design(71, 120),
              about=_about("120 solicitantes: 60% aprovados, 10% dos negados explorados ao acaso",
                           "120 applicants: 60% approved, 10% of the denied explored at random"),
              covers=("denied rows without a label (NaN)",)),
        _case("everyone-labeled", [1, 0, 1, 1, 0, 1], [1, 1, 1, 1, 1, 1],
              about=_about("todos rotulados com propensão 1: a acurácia simples",
                           "everyone labeled with propensity 1: the plain accuracy"),
              covers=("propensity exactly 1 everywhere",)),
        _case("one-explored", [1, 1, 1, NAN, NAN, 0], [1, 1, 1, 0.2, 0.2, 0.2],
              about=_about("um único explorado, e errado", "a single explored row, and wrong"),
              covers=("a single explored row",)),
        _case("all-wrong", [0, 0, NAN, 0], [1, 0.5, 0.5, 0.5],
              about=_about("todas as decisões rotuladas erradas (acurácia 0)",
                           "every labeled decision wrong (accuracy 0)"),
              covers=("accuracy exactly 0",)),
        _case("first-and-last-unlabeled", [NAN, 1, 0, 1, NAN], [0.1, 1, 1, 0.1, 0.1],
              about=_about("a primeira e a última linha sem rótulo",
                           "the first and the last row without a label"),
              covers=("the first and last rows unlabeled",)),
        _case("zero-propensity", [1, 0, NAN], [1, 1, 0],
              about=_about("uma propensão 0: deve levantar ValueError",
                           "a propensity of 0: must raise ValueError"),
              covers=("a rule refused: a propensity of 0",)),
        _case("propensity-above-one", [1, 0, 1], [1, 1.5, 1],
              about=_about("uma propensão 1,5: deve levantar ValueError",
                           "a propensity of 1.5: must raise ValueError"),
              covers=("a rule refused: a propensity above 1",)),
    ]


def _probes():
    return [
        _case("probe-weights", [1, 0, 1, NAN, NAN, NAN], [1, 1, 0.25, 0.25, 0.25, 0.25]),
        _case("probe-denominator", [1, 1, 0, NAN, NAN, 1, NAN, NAN],
              [1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5]),
        _case("probe-mixed", [0, 1, NAN, 1, NAN], [1, 0.5, 0.5, 0.2, 0.2]),
    ]


def _hidden_cases(rng):
    seed = int(rng.integers(0, 2**31))
    n = int(rng.integers(80, 300))
    data = _design(seed, n, approve=float(rng.uniform(0.4, 0.8)),
                   explore=float(rng.choice([0.05, 0.1, 0.2])),
                   acc_approved=float(rng.uniform(0.7, 0.9)),
                   acc_denied=float(rng.uniform(0.4, 0.7)))
    if all(np.isnan(data[0])):
        data[0][0] = 1.0
    return [Case("hidden-0", {"args": [array(data[0]), array(data[1])]})]


_CODE = ("```python\nlabeled = ~np.isnan(correct)\nw = 1 / propensity[labeled]\n"
         "return float(np.sum(w * correct[labeled]) / np.sum(w))\n```")

SPEC = TaskSpec(
    lesson=LESSON,
    task="feedback.ipw_accuracy",
    number=6,
    name=_about("acurácia com rótulos seletivos", "accuracy under selective labels"),
    entry="ipw_accuracy",
    points=2,
    reference="mlopskit.feedback:ipw_accuracy",
    encode=_encode,
    public_cases=_public_cases,
    hidden_cases=_hidden_cases,
    probes=_probes,
    hints=[
        _about("Um rótulo que tinha só 10% de chance de ser observado representa 10 "
               "solicitantes parecidos que não vimos: ele pesa 1/0,1 = 10. Quem não tem "
               "rótulo não é acerto nem erro: fica fora.",
               "A label that had only a 10% chance of being observed stands for 10 similar "
               "applicants we did not see: it weighs 1/0.1 = 10. A row without a label is "
               "neither right nor wrong: it stays out."),
        _about("Converta as entradas com `np.asarray(..., dtype=float)`, recuse propensões "
               "fora de (0, 1], guarde só as linhas rotuladas (`~np.isnan(correct)`) e divida "
               "a soma ponderada dos acertos pela SOMA DOS PESOS (estimador autonormalizado), "
               "não pelo número de linhas.",
               "Convert the inputs with `np.asarray(..., dtype=float)`, refuse propensities "
               "outside (0, 1], keep only the labeled rows (`~np.isnan(correct)`) and divide "
               "the weighted hits by the SUM OF THE WEIGHTS (the self-normalised estimator), "
               "not by a count of rows."),
        _about(_CODE, _CODE),
    ],
    misconceptions=[
        Misconception("ipw.weights_p", _weights_p, _about(
            "Seus pesos são a própria propensão p: os rótulos raros (explorados) passam a "
            "valer MENOS, o contrário da correção. O peso é 1/p.",
            "Your weights are the propensity p itself: the rare (explored) labels end up "
            "counting LESS, the opposite of the correction. The weight is 1/p.")),
        Misconception("ipw.unweighted", _unweighted, _about(
            "Você tirou a média simples dos rótulos observados, sem pesos: essa é a acurácia "
            "entre os aprovados (e alguns explorados), a que o viés de seleção distorce. Pese "
            "cada rótulo por 1/propensão.",
            "You took the plain mean of the observed labels, with no weights: that is the "
            "accuracy among the approved (and a few explored), the one selection bias "
            "distorts. Weigh each label by 1/propensity.")),
        Misconception("ipw.divides_by_all_rows", _divides_by_all, _about(
            "Você dividiu a soma ponderada pelo número de TODAS as linhas (o estimador de "
            "Horvitz-Thompson). A tarefa pede o estimador autonormalizado: divida pela soma "
            "dos pesos das linhas rotuladas.",
            "You divided the weighted sum by the number of ALL rows (the Horvitz-Thompson "
            "estimator). The task asks for the self-normalised estimator: divide by the sum "
            "of the labeled rows' weights.")),
        Misconception("ipw.divides_by_labeled_count", _divides_by_labeled, _about(
            "Você dividiu a soma ponderada pelo NÚMERO de linhas rotuladas: com pesos maiores "
            "que 1 o resultado pode passar de 1. Divida pela soma dos pesos.",
            "You divided the weighted sum by the NUMBER of labeled rows: with weights above 1 "
            "the result can exceed 1. Divide by the sum of the weights.")),
        Misconception("ipw.unlabeled_as_wrong", _unlabeled_as_wrong, _about(
            "Linhas sem rótulo (negados não explorados) entraram como erros. Sem rótulo não "
            "se sabe se a decisão estava certa: essas linhas ficam fora das duas somas.",
            "Rows without a label (denied and not explored) counted as errors. Without a label "
            "nobody knows whether the decision was right: those rows stay out of both "
            "sums.")),
    ],
)
