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


def _js_cases():
    return [
        Case("three-categories", {"args": [[0.5, 0.3, 0.2], [0.2, 0.3, 0.5]]}),
        Case("with-a-zero", {"args": [[0.6, 0.4, 0.0], [0.3, 0.3, 0.4]]},
             about=_about("uma probabilidade zero", "a zero probability")),
        Case("identical", {"args": [[0.25, 0.25, 0.5], [0.25, 0.25, 0.5]]}),
        Case("five-categories", {"args": [[0.1, 0.2, 0.3, 0.2, 0.2], [0.3, 0.1, 0.1, 0.25, 0.25]]}),
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
    hints=[
        _about("M = (P + Q) / 2; JS = 0,5 KL(P||M) + 0,5 KL(Q||M).",
               "M = (P + Q) / 2; JS = 0.5 KL(P||M) + 0.5 KL(Q||M)."),
        _about("Use `np.log2` e some só onde a probabilidade é maior que 0.",
               "Use `np.log2` and sum only where the probability is above 0."),
        _about("Com scipy: `jensenshannon(p, q, base=2) ** 2` (a função devolve a "
               "distância, que é a raiz quadrada).",
               "With scipy: `jensenshannon(p, q, base=2) ** 2` (the function returns the "
               "distance, which is the square root)."),
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
    ],
)
