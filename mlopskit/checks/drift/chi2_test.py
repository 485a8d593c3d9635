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


def _counts(reference, current):
    ref, cur = pd.Series(list(reference)).value_counts(), pd.Series(list(current)).value_counts()
    categories = ref.index.union(cur.index)
    return (ref.reindex(categories, fill_value=0).to_numpy(dtype=float),
            cur.reindex(categories, fill_value=0).to_numpy(dtype=float))


def _result(statistic, p_value, alpha):
    return DriftTestResult(float(statistic), float(p_value), bool(p_value < alpha))


def _chi2_no_yates(reference, current, *, alpha=0.05):
    """Turns Yates' correction off, which changes the test with two categories."""
    r = stats.chi2_contingency(np.vstack(_counts(reference, current)), correction=False)
    return _result(r.statistic, r.pvalue, alpha)


def _chi2_on_shares(reference, current, *, alpha=0.05):
    """Feeds the table of proportions, not of counts, to the test."""
    ref, cur = _counts(reference, current)
    r = stats.chi2_contingency(np.vstack([ref / ref.sum(), cur / cur.sum()]))
    return _result(r.statistic, r.pvalue, alpha)


def _chi2_goodness_of_fit(reference, current, *, alpha=0.05):
    """Tests the current counts against the reference's shares as if they were known."""
    ref, cur = _counts(reference, current)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = stats.chisquare(cur, f_exp=ref / ref.sum() * cur.sum())
    return _result(r.statistic, r.pvalue, alpha)


def _chi2_cases():
    rng = np.random.default_rng(21)
    channels = ["branch", "web", "app"]
    return [
        Case("channel-shift", {"args": [array(_draw(rng, channels, [0.5, 0.3, 0.2], 400)),
                                        array(_draw(rng, channels, [0.35, 0.3, 0.35], 300))]},
             about=_about("amostras de tamanhos diferentes", "samples of different sizes"),
             covers=("samples of different sizes",)),
        Case("equal-sizes", {"args": [array(_draw(rng, channels, [0.4, 0.4, 0.2], 250)),
                                      array(_draw(rng, channels, [0.3, 0.4, 0.3], 250))]},
             about=_about("amostras do mesmo tamanho", "samples of the same size")),
        Case("new-category", {"args": [array(_draw(rng, channels, [0.4, 0.4, 0.2], 300)),
                                       array(_draw(rng, channels + ["partner"],
                                                   [0.38, 0.38, 0.19, 0.05], 300))]},
             about=_about("uma categoria nova aparece na produção",
                          "a new category appears in production"),
             covers=("a category absent from the reference",)),
        Case("two-categories", {"args": [array(_draw(rng, ["yes", "no"], [0.5, 0.5], 200)),
                                         array(_draw(rng, ["yes", "no"], [0.6, 0.4], 220))],
                                "kwargs": {"alpha": 0.1}},
             about=_about("duas categorias, alpha = 0,1", "two categories, alpha = 0.1"),
             covers=("two categories (Yates' correction)", "alpha passed by the caller")),
        Case("gone-category", {"args": [array(["a"] * 40 + ["b"] * 40 + ["c"] * 20),
                                        array(["a"] * 60 + ["b"] * 50)]},
             about=_about("uma categoria da referência some na produção",
                          "a reference category disappears in production"),
             covers=("a category absent from the current sample",)),
    ]


def _chi2_probes():
    return [
        Case("probe-two", {"args": [array(["y"] * 45 + ["n"] * 55), array(["y"] * 60 + ["n"] * 40)]},
             about=_about("duas categorias, mesmo tamanho", "two categories, same size")),
        Case("probe-three", {"args": [array(["a"] * 50 + ["b"] * 30 + ["c"] * 20),
                                      array(["a"] * 30 + ["b"] * 36 + ["c"] * 24 + ["a"] * 10)]},
             about=_about("três categorias, mesmo tamanho", "three categories, same size")),
        Case("probe-new", {"args": [array(["a"] * 50 + ["b"] * 50),
                                    array(["a"] * 45 + ["b"] * 45 + ["z"] * 10)]},
             about=_about("categoria nova", "a new category")),
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
    probes=_chi2_probes,
    hints=[
        _about("O teste compara quantas vezes cada categoria aparece em cada amostra; as "
               "linhas das duas amostras não têm relação entre si, e as amostras podem ter "
               "tamanhos diferentes.",
               "The test compares how many times each category appears in each sample; the "
               "rows of the two samples are unrelated, and the samples may differ in size."),
        _about("Monte uma tabela 2 x k de CONTAGENS (não de proporções) sobre a união das "
               "categorias, com 0 onde uma categoria falta, e passe-a ao teste de homogeneidade "
               "do scipy com as configurações padrão.",
               "Build a 2 x k table of COUNTS (not proportions) over the union of the "
               "categories, with 0 where a category is missing, and pass it to scipy's test "
               "of homogeneity with its default settings."),
        _about("`r = pd.Series(reference).value_counts()`, idem para `current`; "
               "`cats = r.index.union(c.index)`; `tabela = [r.reindex(cats, fill_value=0), "
               "c.reindex(cats, fill_value=0)]`; `scipy.stats.chi2_contingency(tabela)`.",
               "`r = pd.Series(reference).value_counts()`, the same for `current`; "
               "`cats = r.index.union(c.index)`; `table = [r.reindex(cats, fill_value=0), "
               "c.reindex(cats, fill_value=0)]`; `scipy.stats.chi2_contingency(table)`."),
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
        Misconception("chi2.no_yates", _chi2_no_yates, _about(
            "Seu teste desliga a correção de Yates (`correction=False`). Com duas categorias "
            "a tabela tem 1 grau de liberdade e o padrão do scipy aplica a correção; o "
            "enunciado pede as configurações padrão.",
            "Your test turns Yates' correction off (`correction=False`). With two categories "
            "the table has 1 degree of freedom and scipy's default applies the correction; "
            "the task asks for the default settings.")),
        Misconception("chi2.proportions_table", _chi2_on_shares, _about(
            "Sua tabela tem PROPORÇÕES, não contagens. O qui-quadrado depende do tamanho das "
            "amostras: com frações, 1.000 clientes pesam o mesmo que 10 e o teste quase "
            "nunca acusa nada.",
            "Your table holds PROPORTIONS, not counts. The chi-square test depends on the "
            "sample sizes: with shares, 1,000 clients weigh as much as 10 and the test almost "
            "never flags anything.")),
        Misconception("chi2.goodness_of_fit", _chi2_goodness_of_fit, _about(
            "Você fez um teste de aderência (`scipy.stats.chisquare`) da amostra atual contra "
            "as proporções da referência, como se elas fossem exatas. A referência também é "
            "uma amostra: use o teste de homogeneidade sobre a tabela 2 x k.",
            "You ran a goodness-of-fit test (`scipy.stats.chisquare`) of the current sample "
            "against the reference's shares, as if they were exact. The reference is a "
            "sample too: use the test of homogeneity on the 2 x k table.")),
    ],
)
