"""Task 4 of lesson 02_drift: Jensen-Shannon (``drift.js_divergence``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.drift:js_divergence``; the notebook cells are ``js_divergence-*``.
"""

from __future__ import annotations

import math

import numpy as np

from mlopskit.checks._adapters import encode_float
from mlopskit.checks._core import Case, Misconception, TaskSpec
from mlopskit.checks.drift import LESSON
from mlopskit.languages import bilingual as _about


def _js_nat(p, q):
    p, q = np.asarray(p, float), np.asarray(q, float)
    m = (p + q) / 2

    def kl(a, b):
        keep = a > 0
        return np.sum(a[keep] * np.log(a[keep] / b[keep]))

    return float(0.5 * kl(p, m) + 0.5 * kl(q, m))


def _js_natural_log(p, q):
    return _js_nat(p, q)


def _js_distance_base2(p, q):
    return math.sqrt(max(_js_nat(p, q) / math.log(2), 0.0))


def _js_scipy_default(p, q):
    return math.sqrt(max(_js_nat(p, q), 0.0))


def _js_bits(p, q):
    return _js_nat(p, q) / math.log(2)


def _js_no_halving(p, q):
    """Adds KL(P||M) + KL(Q||M) without the halves."""
    return 2.0 * _js_bits(p, q)


def _js_sum_mixture(p, q):
    """Takes M = P + Q, forgetting to average."""
    p, q = np.asarray(p, float), np.asarray(q, float)
    m = p + q

    def kl(a, b):
        keep = a > 0
        return np.sum(a[keep] * np.log2(a[keep] / b[keep]))

    return float(0.5 * kl(p, m) + 0.5 * kl(q, m))


def _js_cases():
    return [
        Case("three-categories", {"args": [[0.5, 0.3, 0.2], [0.2, 0.3, 0.5]]}),
        Case("with-a-zero", {"args": [[0.6, 0.4, 0.0], [0.3, 0.3, 0.4]]},
             about=_about("uma probabilidade zero", "a zero probability"),
             covers=("a zero probability in one vector",)),
        Case("identical", {"args": [[0.25, 0.25, 0.5], [0.25, 0.25, 0.5]]},
             covers=("identical vectors: JS 0",)),
        Case("five-categories", {"args": [[0.1, 0.2, 0.3, 0.2, 0.2], [0.3, 0.1, 0.1, 0.25, 0.25]]}),
        Case("disjoint", {"args": [[0.5, 0.5, 0.0, 0.0], [0.0, 0.0, 0.5, 0.5]]},
             about=_about("nenhuma categoria em comum: o máximo", "no category in common: the "
                          "maximum"),
             covers=("disjoint supports: JS 1",)),
        Case("close", {"args": [[0.26, 0.24, 0.5], [0.24, 0.26, 0.5]]},
             about=_about("vetores quase iguais", "nearly equal vectors"),
             covers=("a divergence near 0",)),
    ]


def _js_probes():
    return [
        Case("probe-small", {"args": [[0.4, 0.35, 0.25], [0.35, 0.35, 0.3]]},
             about=_about("divergência pequena", "a small divergence")),
        Case("probe-zero", {"args": [[0.5, 0.5, 0.0], [0.45, 0.45, 0.1]]},
             about=_about("uma probabilidade zero", "a zero probability")),
        Case("probe-moderate", {"args": [[0.6, 0.3, 0.1], [0.45, 0.35, 0.2]]},
             about=_about("divergência moderada", "a moderate divergence")),
    ]


def _js_hidden(rng):
    cases = []
    for i in range(4):
        k = int(rng.integers(2, 8))
        p, q = rng.dirichlet(np.ones(k)), rng.dirichlet(np.ones(k))
        if i == 3:
            p[0] = 0.0
            p = p / p.sum()
        cases.append(Case(f"hidden-{i}", {"args": [np.round(p, 12).tolist(),
                                                   np.round(q, 12).tolist()]}))
    return cases



SPEC = TaskSpec(
    lesson=LESSON,
    task='drift.js_divergence',
    number=4,
    name=_about('Jensen-Shannon', 'Jensen-Shannon'),
    entry="js_divergence",
    points=1,
    reference="mlopskit.drift:js_divergence",
    encode=encode_float,
    public_cases=_js_cases,
    hidden_cases=_js_hidden,
    probes=_js_probes,
    hints=[
        _about("A JS compara P e Q com a mistura M, a MÉDIA das duas, e faz a média das duas "
               "divergências de Kullback-Leibler; em bits (base 2) ela fica entre 0 e 1.",
               "JS compares P and Q with the mixture M, the AVERAGE of the two, and averages "
               "the two Kullback-Leibler divergences; in bits (base 2) it lies in [0, 1]."),
        _about("Calcule M = (P + Q) / 2 e KL(A||M) = soma de a log2(a / m) só onde a > 0; "
               "devolva a divergência, não a sua raiz (a distância).",
               "Compute M = (P + Q) / 2 and KL(A||M) = sum of a log2(a / m) only where a > 0; "
               "return the divergence, not its square root (the distance)."),
        _about("Com scipy: `scipy.spatial.distance.jensenshannon(p, q, base=2) ** 2`.",
               "With scipy: `scipy.spatial.distance.jensenshannon(p, q, base=2) ** 2`."),
    ],
    misconceptions=[
        Misconception("js.distance_not_divergence", _js_distance_base2, _about(
            "Você devolveu a DISTÂNCIA de Jensen-Shannon (a raiz quadrada da divergência), "
            "que é o que `scipy.spatial.distance.jensenshannon` calcula. Eleve ao quadrado.",
            "You returned the Jensen-Shannon DISTANCE (the square root of the divergence), "
            "which is what `scipy.spatial.distance.jensenshannon` computes. Square it.")),
        Misconception("js.natural_log", _js_natural_log, _about(
            "Sua divergência usa logaritmo natural. O enunciado pede base 2, para que o "
            "resultado fique em [0, 1].",
            "Your divergence uses the natural log. The task asks for base 2, so the result "
            "lies in [0, 1].")),
        Misconception("js.scipy_default", _js_scipy_default, _about(
            "Você devolveu `jensenshannon(p, q)` do scipy com os padrões: é a distância "
            "(raiz quadrada) e em log natural. Use `base=2` e eleve ao quadrado.",
            "You returned scipy's `jensenshannon(p, q)` with its defaults: that is the "
            "distance (square root) in natural log. Use `base=2` and square it.")),
        Misconception("js.no_halving", _js_no_halving, _about(
            "Você somou KL(P||M) + KL(Q||M) sem o fator 1/2: o resultado sai em dobro e pode "
            "passar de 1. A JS é a MÉDIA das duas divergências.",
            "You added KL(P||M) + KL(Q||M) without the 1/2 factor: the result doubles and "
            "can exceed 1. JS is the AVERAGE of the two divergences.")),
        Misconception("js.mixture_not_averaged", _js_sum_mixture, _about(
            "Sua mistura M é P + Q, sem dividir por 2: M não é uma distribuição (soma 2) e o "
            "resultado sai negativo ou zero. Use M = (P + Q) / 2.",
            "Your mixture M is P + Q, not divided by 2: M is not a distribution (it sums to "
            "2) and the result comes out negative or zero. Use M = (P + Q) / 2.")),
    ],
)
