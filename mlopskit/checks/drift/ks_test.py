"""Task 1 of lesson 02_drift: KS test (``drift.ks_test``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.drift:ks_test``; the notebook cells are ``ks_test-*``.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from mlopskit.checks._adapters import array, encode_test_result
from mlopskit.checks._core import Case, Misconception, TaskSpec
from mlopskit.checks.drift import LESSON
from mlopskit.checks.drift._common import _normal
from mlopskit.drift import ks_test
from mlopskit.languages import bilingual as _about


def _ks_reversed(reference, current, *, alpha=0.05):
    """Flags drift when the p-value is ABOVE alpha."""
    result = ks_test(reference, current, alpha=alpha)
    return replace(result, drift=bool(result.p_value > alpha))


def _ks_fixed_alpha(reference, current, *, alpha=0.05):
    """Compares the p-value with 0.05 whatever alpha it is given."""
    return ks_test(reference, current)


def _ks_cases():
    return [
        Case("shifted-mean", {"args": [array(_normal(1, 0, 1, 300)), array(_normal(2, 0.4, 1, 300))]},
             about=_about("média deslocada em 0,4 desvio", "mean shifted by 0.4 sd")),
        Case("same-distribution", {"args": [array(_normal(3, 0, 1, 300)),
                                            array(_normal(4, 0, 1, 250))]},
             about=_about("mesma distribuição", "same distribution")),
        Case("strict-alpha", {"args": [array(_normal(8, 0, 1, 200)), array(_normal(108, 0.2, 1, 200))],
                              "kwargs": {"alpha": 0.01}},
             about=_about("alpha = 0,01", "alpha = 0.01")),
    ]


def _ks_hidden(rng):
    cases = []
    for i in range(4):
        n, m = int(rng.integers(80, 400)), int(rng.integers(80, 400))
        shift = float(rng.choice([0.0, 0.1, 0.3, 0.8]))
        ref = np.round(rng.normal(0, 1, n), 6).tolist()
        cur = np.round(rng.normal(shift, float(rng.uniform(0.8, 1.3)), m), 6).tolist()
        cases.append(Case(f"hidden-{i}", {"args": [array(ref), array(cur)],
                                          "kwargs": {"alpha": float(rng.choice([0.01, 0.05, 0.1]))}}))
    return cases



SPEC = TaskSpec(
    lesson=LESSON,
    task='drift.ks_test',
    number=1,
    name=_about('teste KS', 'KS test'),
    entry="ks_test",
    points=1,
    reference="mlopskit.drift:ks_test",
    encode=encode_test_result,
    public_cases=_ks_cases,
    hidden_cases=_ks_hidden,
    hints=[
        _about("`scipy.stats.ks_2samp(reference, current)` devolve um objeto com "
               "`.statistic` e `.pvalue`.",
               "`scipy.stats.ks_2samp(reference, current)` returns an object with "
               "`.statistic` and `.pvalue`."),
        _about("Um p-valor pequeno é evidência contra 'mesma distribuição': há drift quando "
               "`p_value < alpha`, usando o `alpha` recebido.",
               "A small p-value is evidence against 'same distribution': drift when "
               "`p_value < alpha`, using the `alpha` you were given."),
    ],
    misconceptions=[
        Misconception("ks.flag_reversed", _ks_reversed, _about(
            "Seu sinal de drift está invertido: um p-valor ALTO não indica mudança. Há drift "
            "quando o p-valor fica abaixo de alpha.",
            "Your drift flag is reversed: a HIGH p-value does not indicate change. Drift is "
            "when the p-value falls below alpha.")),
        Misconception("ks.fixed_alpha", _ks_fixed_alpha, _about(
            "Seu código compara o p-valor com 0,05 fixo e ignora o argumento `alpha`.",
            "Your code compares the p-value with a fixed 0.05 and ignores the `alpha` "
            "argument.")),
    ],
)
