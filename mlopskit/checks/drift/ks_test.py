"""Task 1 of lesson 02_drift: KS test (``drift.ks_test``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.drift:ks_test``; the notebook cells are ``ks_test-*``.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from scipy import stats

from mlopskit.checks._adapters import array, encode_test_result
from mlopskit.checks._core import Case, Misconception, TaskSpec
from mlopskit.checks.drift import LESSON
from mlopskit.checks.drift._common import _normal
from mlopskit.drift import DriftTestResult, ks_test
from mlopskit.languages import bilingual as _about


def _ks_reversed(reference, current, *, alpha=0.05):
    """Flags drift when the p-value is ABOVE alpha."""
    result = ks_test(reference, current, alpha=alpha)
    return replace(result, drift=bool(result.p_value > alpha))


def _ks_fixed_alpha(reference, current, *, alpha=0.05):
    """Compares the p-value with 0.05 whatever alpha it is given."""
    return ks_test(reference, current)


def _ks_at_or_below(reference, current, *, alpha=0.05):
    """Flags drift when ``p_value <= alpha``: a p-value equal to alpha counts as drift."""
    result = ks_test(reference, current, alpha=alpha)
    return replace(result, drift=bool(result.p_value <= alpha))


def _ks_fields_swapped(reference, current, *, alpha=0.05):
    """Puts the p-value where the statistic goes and the statistic where the p-value goes."""
    result = ks_test(reference, current, alpha=alpha)
    return DriftTestResult(result.p_value, result.statistic, result.drift)


def _ks_one_sided(reference, current, *, alpha=0.05):
    """Runs the one-sided test ``alternative="greater"`` instead of the two-sided one."""
    r = stats.ks_2samp(np.asarray(reference, float), np.asarray(current, float),
                       alternative="greater")
    return DriftTestResult(float(r.statistic), float(r.pvalue), bool(r.pvalue < alpha))


def _ks_t_test(reference, current, *, alpha=0.05):
    """Compares the means with Welch's t-test instead of the distributions with KS."""
    r = stats.ttest_ind(np.asarray(reference, float), np.asarray(current, float),
                        equal_var=False)
    return DriftTestResult(float(r.statistic), float(r.pvalue), bool(r.pvalue < alpha))


def _p_of(reference, current):
    return float(stats.ks_2samp(reference, current).pvalue)


def _ks_cases():
    tie_ref, tie_cur = _normal(302, 0, 1, 120), _normal(402, 0.3, 1, 120)
    return [
        Case("shifted-mean", {"args": [array(_normal(1, 0, 1, 300)), array(_normal(2, 0.4, 1, 300))]},
             about=_about("média deslocada em 0,4 desvio", "mean shifted by 0.4 sd"),
             covers=("a clear drift",)),
        Case("same-distribution", {"args": [array(_normal(3, 0, 1, 300)),
                                            array(_normal(4, 0, 1, 250))]},
             about=_about("mesma distribuição", "same distribution"),
             covers=("no drift", "samples of different sizes")),
        Case("strict-alpha", {"args": [array(_normal(8, 0, 1, 200)), array(_normal(108, 0.2, 1, 200))],
                              "kwargs": {"alpha": 0.01}},
             about=_about("alpha = 0,01", "alpha = 0.01"),
             covers=("alpha passed by the caller", "a p-value between alpha and 0.05")),
        Case("p-equals-alpha", {"args": [array(tie_ref), array(tie_cur)],
                                "kwargs": {"alpha": _p_of(tie_ref, tie_cur)}},
             about=_about("o p-valor é exatamente igual a alpha",
                          "the p-value equals alpha exactly"),
             covers=("a p-value equal to alpha",)),
    ]


def _ks_probes():
    up_ref, up_cur = _normal(501, 0, 1, 150), _normal(502, 0.6, 1, 150)
    tie_ref, tie_cur = _normal(302, 0, 1, 120), _normal(402, 0.3, 1, 120)
    return [
        Case("probe-shift-up", {"args": [array(up_ref), array(up_cur)]},
             about=_about("a amostra atual desloca-se para cima", "the current sample moves up")),
        Case("probe-spread", {"args": [array(_normal(503, 0, 1, 150)),
                                       array(_normal(504, 0, 2.5, 150))]},
             about=_about("mesma média, dispersão maior", "same mean, wider spread")),
        Case("probe-alpha", {"args": [array(_normal(8, 0, 1, 200)), array(_normal(108, 0.2, 1, 200))],
                             "kwargs": {"alpha": 0.01}},
             about=_about("p-valor entre 0,01 e 0,05, alpha = 0,01",
                          "p-value between 0.01 and 0.05, alpha = 0.01")),
        Case("probe-tie", {"args": [array(tie_ref), array(tie_cur)],
                           "kwargs": {"alpha": _p_of(tie_ref, tie_cur)}},
             about=_about("p-valor igual a alpha", "p-value equal to alpha")),
        Case("probe-loose-alpha", {"args": [array(_normal(700, 0, 1, 150)),
                                            array(_normal(800, 0.2, 1, 150))],
                                   "kwargs": {"alpha": 0.1}},
             about=_about("p-valor entre 0,05 e 0,1, alpha = 0,1",
                          "p-value between 0.05 and 0.1, alpha = 0.1")),
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
    probes=_ks_probes,
    hints=[
        _about("O KS compara as duas distribuições acumuladas inteiras, não só as médias: a "
               "estatística é a maior distância vertical entre elas, e o teste é bilateral.",
               "KS compares the two whole cumulative distributions, not just the means: the "
               "statistic is the largest vertical gap between them, and the test is "
               "two-sided."),
        _about("Um p-valor pequeno é evidência contra 'mesma distribuição': há deriva quando o "
               "p-valor fica estritamente abaixo do `alpha` recebido (igual não conta).",
               "A small p-value is evidence against 'same distribution': drift when the "
               "p-value is strictly below the `alpha` you were given (equal does not count)."),
        _about("`r = scipy.stats.ks_2samp(reference, current)`; devolva "
               "`DriftTestResult(r.statistic, r.pvalue, r.pvalue < alpha)`.",
               "`r = scipy.stats.ks_2samp(reference, current)`; return "
               "`DriftTestResult(r.statistic, r.pvalue, r.pvalue < alpha)`."),
    ],
    misconceptions=[
        Misconception("ks.fields_swapped", _ks_fields_swapped, _about(
            "A estatística e o p-valor estão trocados no resultado: o primeiro campo é a "
            "estatística D (a maior distância entre as ECDFs), o segundo o p-valor.",
            "The statistic and the p-value are swapped in your result: the first field is the "
            "statistic D (the largest gap between the ECDFs), the second the p-value.")),
        Misconception("ks.one_sided", _ks_one_sided, _about(
            "Você usou um teste KS unilateral (`alternative=\"greater\"` ou \"less\"): ele só "
            "enxerga mudança numa direção. A deriva pode ir para qualquer lado; use o teste "
            "bilateral, o padrão do scipy.",
            "You used a one-sided KS test (`alternative=\"greater\"` or \"less\"): it sees "
            "change in one direction only. Drift can go either way; use the two-sided test, "
            "scipy's default.")),
        Misconception("ks.t_test", _ks_t_test, _about(
            "Você comparou as MÉDIAS com um teste t. O KS compara as distribuições inteiras: "
            "uma mudança de dispersão ou de forma com a mesma média também é deriva.",
            "You compared the MEANS with a t-test. KS compares whole distributions: a change "
            "of spread or shape with the same mean is drift too.")),
        Misconception("ks.flag_reversed", _ks_reversed, _about(
            "Seu sinal de deriva está invertido: um p-valor ALTO não indica mudança. Há deriva "
            "quando o p-valor fica abaixo de alpha.",
            "Your drift flag is reversed: a HIGH p-value does not indicate change. Drift is "
            "when the p-value falls below alpha.")),
        Misconception("ks.fixed_alpha", _ks_fixed_alpha, _about(
            "Seu código compara o p-valor com 0,05 fixo e ignora o argumento `alpha`.",
            "Your code compares the p-value with a fixed 0.05 and ignores the `alpha` "
            "argument.")),
        Misconception("ks.at_or_below_alpha", _ks_at_or_below, _about(
            "Seu código sinaliza deriva quando o p-valor é IGUAL a alpha (`<=`). A regra é "
            "estrita: deriva só quando o p-valor fica abaixo de alpha.",
            "Your code flags drift when the p-value EQUALS alpha (`<=`). The rule is strict: "
            "drift only when the p-value is below alpha.")),
    ],
)
