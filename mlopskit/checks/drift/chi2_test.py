"""Task 2 of lesson 02_drift: chi-square (``drift.chi2_test``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.drift:chi2_test``; the notebook cells are ``chi2_test-*``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from mlopskit.checks._adapters import array, encode_test_result
from mlopskit.checks._core import Case, Misconception, TaskSpec
from mlopskit.checks.drift import LESSON
from mlopskit.checks.drift._common import _draw
from mlopskit.drift import DriftTestResult, chi2_test
from mlopskit.languages import bilingual as _about


def _chi2_crosstab(reference, current, *, alpha=0.05):
    """Cross-tabulates the two samples row by row instead of comparing their counts."""
    r = stats.chi2_contingency(pd.crosstab(np.asarray(reference), np.asarray(current)))
    return DriftTestResult(float(r.statistic), float(r.pvalue), bool(r.pvalue < alpha))


def _chi2_reference_only(reference, current, *, alpha=0.05):
    """Keeps only the reference's categories, so a new one in production vanishes."""
    known = set(reference)
    return chi2_test(reference, [c for c in current if c in known], alpha=alpha)


def _chi2_cases():
    rng = np.random.default_rng(21)
    channels = ["branch", "web", "app"]
    return [
        Case("channel-shift", {"args": [array(_draw(rng, channels, [0.5, 0.3, 0.2], 400)),
                                        array(_draw(rng, channels, [0.35, 0.3, 0.35], 300))]},
             about=_about("amostras de tamanhos diferentes", "samples of different sizes")),
        Case("equal-sizes", {"args": [array(_draw(rng, channels, [0.4, 0.4, 0.2], 250)),
                                      array(_draw(rng, channels, [0.3, 0.4, 0.3], 250))]},
             about=_about("amostras do mesmo tamanho", "samples of the same size")),
        Case("new-category", {"args": [array(_draw(rng, channels, [0.4, 0.4, 0.2], 300)),
                                       array(_draw(rng, channels + ["partner"],
                                                   [0.38, 0.38, 0.19, 0.05], 300))]},
             about=_about("uma categoria nova aparece na produção",
                          "a new category appears in production")),
        Case("two-categories", {"args": [array(_draw(rng, ["yes", "no"], [0.5, 0.5], 200)),
                                         array(_draw(rng, ["yes", "no"], [0.6, 0.4], 220))],
                                "kwargs": {"alpha": 0.1}},
             about=_about("duas categorias, alpha = 0,1", "two categories, alpha = 0.1")),
    ]


def _chi2_hidden(rng):
    cases = []
    for i in range(4):
        k = int(rng.integers(2, 6))
        cats = [f"c{j}" for j in range(k)]
        p_ref = rng.dirichlet(np.full(k, 3.0))
        p_cur = rng.dirichlet(np.full(k, 3.0)) if rng.random() < 0.6 else p_ref
        n = int(rng.integers(100, 400))
        m = n if i == 0 else int(rng.integers(100, 400))
        extra = ["new"] if i == 3 else []
        p_cur2 = np.append(p_cur * 0.95, 0.05) if extra else p_cur
        cases.append(Case(f"hidden-{i}", {
            "args": [array(_draw(rng, cats, p_ref, n)), array(_draw(rng, cats + extra, p_cur2, m))],
            "kwargs": {"alpha": float(rng.choice([0.01, 0.05]))}}))
    return cases



SPEC = TaskSpec(
    lesson=LESSON,
    task='drift.chi2_test',
    number=2,
    name=_about('qui-quadrado', 'chi-square'),
    entry="chi2_test",
    points=2,
    reference="mlopskit.drift:chi2_test",
    encode=encode_test_result,
    public_cases=_chi2_cases,
    hidden_cases=_chi2_hidden,
    hints=[
        _about("Conte cada categoria em cada amostra (`pd.Series(x).value_counts()`).",
               "Count each category in each sample (`pd.Series(x).value_counts()`)."),
        _about("Alinhe as contagens sobre a UNIÃO das categorias, preenchendo com 0 "
               "(`reindex(..., fill_value=0)`), e empilhe-as numa tabela 2 x k.",
               "Align the counts over the UNION of categories, filling with 0 "
               "(`reindex(..., fill_value=0)`), and stack them into a 2 x k table."),
        _about("`scipy.stats.chi2_contingency(tabela)` devolve `.statistic` e `.pvalue`.",
               "`scipy.stats.chi2_contingency(table)` returns `.statistic` and `.pvalue`."),
    ],
    misconceptions=[
        Misconception("chi2.row_by_row_crosstab", _chi2_crosstab, _about(
            "Você cruzou as duas amostras linha a linha (`pd.crosstab(reference, current)`): "
            "isso testa se o i-ésimo valor de uma está associado ao i-ésimo da outra, o que "
            "não tem sentido aqui. Compare as CONTAGENS de cada categoria numa tabela 2 x k.",
            "You cross-tabulated the two samples row by row (`pd.crosstab(reference, "
            "current)`): that tests whether the i-th value of one is associated with the "
            "i-th of the other, which is meaningless here. Compare the COUNTS of each "
            "category in a 2 x k table.")),
        Misconception("chi2.reference_categories_only", _chi2_reference_only, _about(
            "Sua tabela usa só as categorias da referência, então uma categoria nova na "
            "produção some do teste. Use a união das categorias, com contagem 0 onde faltar.",
            "Your table uses only the reference's categories, so a category new in "
            "production vanishes from the test. Use the union of categories, with count 0 "
            "where one is missing.")),
    ],
)
