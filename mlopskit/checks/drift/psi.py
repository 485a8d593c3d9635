"""Task 3 of lesson 02_drift: PSI (``drift.psi``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.drift:psi``; the notebook cells are ``psi-*``.
"""

from __future__ import annotations

import math

import numpy as np

from mlopskit.checks._adapters import array, encode_float
from mlopskit.checks._core import Case, Misconception, TaskSpec
from mlopskit.checks.drift import LESSON
from mlopskit.checks.drift._common import _normal
from mlopskit.drift import _bin_proportions, _psi_from_proportions, _quantile_edges
from mlopskit.languages import bilingual as _about


def _samples(reference, current):
    return np.asarray(reference, dtype=float), np.asarray(current, dtype=float)


def _psi_separate_histograms(reference, current, *, bins=10, eps=1e-4):
    """Bins each sample with its own equal-width histogram edges."""
    ref_counts, _ = np.histogram(reference, bins=bins)
    cur_counts, _ = np.histogram(current, bins=bins)
    ref, cur = ref_counts / len(reference), cur_counts / len(current)
    return float(np.sum((ref - cur) * np.log((ref + 1e-8) / (cur + 1e-8))))


def _psi_current_edges(reference, current, *, bins=10, eps=1e-4):
    """Takes the bin edges from the current sample's quantiles."""
    ref, cur = _samples(reference, current)
    return _psi_from_proportions(*_bin_proportions(ref, cur, _quantile_edges(cur, bins)), eps)


def _psi_no_floor(reference, current, *, bins=10, eps=1e-4):
    """Takes the log of empty bins: no eps floor."""
    ref, cur = _samples(reference, current)
    ref, cur = _bin_proportions(ref, cur, _quantile_edges(ref, bins))
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.sum((cur - ref) * np.log(cur / ref)))


def _psi_sign_flipped(reference, current, *, bins=10, eps=1e-4):
    """Pairs cur - ref with ln(ref / cur), so every term is <= 0."""
    ref, cur = _samples(reference, current)
    ref, cur = _bin_proportions(ref, cur, _quantile_edges(ref, bins))
    ref, cur = np.maximum(ref, eps), np.maximum(cur, eps)
    return float(np.sum((cur - ref) * np.log(ref / cur)))


def _psi_equal_width(reference, current, *, bins=10, eps=1e-4):
    """Cuts equal-width bins over the reference's range instead of quantile bins."""
    ref, cur = _samples(reference, current)
    edges = np.linspace(ref.min(), ref.max(), bins + 1)
    return _psi_from_proportions(*_bin_proportions(ref, cur, edges), eps)


def _psi_closed_edges(reference, current, *, bins=10, eps=1e-4):
    """Keeps the reference's minimum and maximum as outer edges, dropping values beyond them."""
    ref, cur = _samples(reference, current)
    edges = _quantile_edges(ref, bins)
    inner = edges[1:-1]
    n = inner.size + 1

    def shares(x):
        inside = x[(x >= edges[0]) & (x <= edges[-1])]
        return np.bincount(np.searchsorted(inner, inside, side="left"), minlength=n) / x.size

    return _psi_from_proportions(shares(ref), shares(cur), eps)


def _psi_left_closed(reference, current, *, bins=10, eps=1e-4):
    """Makes the bins left-closed, [a, b): a value on an inner edge goes to the right."""
    ref, cur = _samples(reference, current)
    inner = _quantile_edges(ref, bins)[1:-1]
    n = inner.size + 1
    r = np.bincount(np.searchsorted(inner, ref, side="right"), minlength=n) / ref.size
    c = np.bincount(np.searchsorted(inner, cur, side="right"), minlength=n) / cur.size
    return _psi_from_proportions(r, c, eps)


def _psi_cases():
    rng = np.random.default_rng(31)
    ages_ref = rng.integers(18, 70, 1000).tolist()
    ages_cur = np.clip(rng.integers(18, 70, 800) + 4, 18, 75).tolist()
    return [
        Case("shifted-normal", {"args": [array(_normal(11, 50, 5, 1000)),
                                         array(_normal(12, 52, 5, 1000))]},
             about=_about("média deslocada de 50 para 52", "mean moved from 50 to 52")),
        Case("integer-ages", {"args": [array(ages_ref), array(ages_cur)]},
             about=_about("idades inteiras: valores iguais às bordas caem no intervalo à esquerda",
                          "integer ages: values equal to an edge fall in the bin on the left"),
             covers=("values equal to a bin edge", "duplicate quantile edges")),
        Case("outside-range", {"args": [array(_normal(13, 0, 1, 1000)),
                                        array(_normal(14, 2.5, 0.5, 500))],
                               "kwargs": {"bins": 5}},
             about=_about("valores além da faixa da referência e faixas vazias, bins = 5",
                          "values beyond the reference's range and empty bins, bins = 5"),
             covers=("values outside the reference's range", "an empty bin",
                     "bins passed by the caller")),
        Case("wider-spread", {"args": [array(_normal(15, 10, 2, 1000)),
                                       array(_normal(16, 10, 3, 600))],
                              "kwargs": {"bins": 8, "eps": 0.001}},
             about=_about("mesma média, dispersão maior, bins = 8, eps = 0,001",
                          "same mean, wider spread, bins = 8, eps = 0.001"),
             covers=("eps passed by the caller",)),
        Case("identical", {"args": [array(_normal(17, 0, 1, 400)), array(_normal(17, 0, 1, 400))]},
             about=_about("a mesma amostra dos dois lados: PSI 0", "the same sample on both sides: "
                          "PSI 0"),
             covers=("identical samples",)),
    ]


def _psi_probes():
    steps = [float(v) for v in np.repeat(np.arange(1, 11), 10)]
    return [
        Case("probe-shift", {"args": [array(_normal(601, 0, 1, 400)), array(_normal(602, 0.7, 1, 400))],
                             "kwargs": {"bins": 5}},
             about=_about("deslocamento moderado, bins = 5", "a moderate shift, bins = 5")),
        Case("probe-edges", {"args": [array(steps), array([float(v) for v in
                                                           np.repeat(np.arange(1, 11), 8)]
                                                          + [5.0] * 20)],
                             "kwargs": {"bins": 4}},
             about=_about("valores iguais às bordas dos quantis", "values on the quantile edges")),
        Case("probe-beyond", {"args": [array(_normal(603, 0, 1, 400)),
                                       array(_normal(604, 0, 1, 300) + [8.0] * 100)],
                              "kwargs": {"bins": 5}},
             about=_about("um quarto da amostra atual bem além da referência",
                          "a quarter of the current sample far beyond the reference")),
        Case("probe-spread", {"args": [array(_normal(605, 0, 1, 400)), array(_normal(606, 0, 0.3, 400))],
                              "kwargs": {"bins": 5}},
             about=_about("amostra atual concentrada no meio", "current sample packed in the middle")),
    ]


def _psi_hidden(rng):
    cases = []
    makers = [
        lambda n, s: rng.normal(s, 1, n),
        lambda n, s: rng.lognormal(0.5 + s / 4, 0.6, n),
        lambda n, s: rng.exponential(1 + s, n),
        lambda n, s: rng.integers(0, 30, n) + round(3 * s),
    ]
    for i, make in enumerate(makers):
        shift = float(rng.choice([0.0, 0.2, 0.5, 1.0]))
        ref = np.round(make(int(rng.integers(300, 1200)), 0.0), 6).tolist()
        cur = np.round(make(int(rng.integers(200, 800)), shift), 6).tolist()
        cases.append(Case(f"hidden-{i}", {"args": [array(ref), array(cur)],
                                          "kwargs": {"bins": int(rng.choice([4, 5, 10]))}}))
    return cases


def _psi_diagnose(inputs, data):
    if isinstance(data, float) and (math.isnan(data) or math.isinf(data)):
        return _about("Um PSI infinito ou NaN vem de ln(0) numa faixa vazia: aplique o piso eps.",
                      "An infinite or NaN PSI comes from ln(0) in an empty bin: apply the eps floor.")
    if isinstance(data, float) and data < 0:
        return _about("O PSI nunca é negativo: cada termo (c - r) ln(c / r) é >= 0.",
                      "PSI is never negative: each term (c - r) ln(c / r) is >= 0.")
    return None



SPEC = TaskSpec(
    lesson=LESSON,
    task='drift.psi',
    number=3,
    name=_about('PSI', 'PSI'),
    entry="psi",
    points=3,
    reference="mlopskit.drift:psi",
    encode=encode_float,
    public_cases=_psi_cases,
    hidden_cases=_psi_hidden,
    diagnose=_psi_diagnose,
    probes=_psi_probes,
    hints=[
        _about("A referência define as faixas e a amostra atual é medida nelas: as duas "
               "amostras são contadas nas MESMAS faixas, e nenhum valor de produção pode "
               "ficar de fora.",
               "The reference defines the bins and the current sample is measured in them: "
               "both samples are counted in the SAME bins, and no production value may be "
               "left out."),
        _about("Bordas: quantis da referência (sem repetidas), a primeira e a última trocadas "
               "por -inf e +inf; faixas (a, b]; frações de cada amostra com piso `eps`; depois "
               "a soma da fórmula.",
               "Edges: the reference's quantiles (no duplicates), the first and last replaced "
               "by -inf and +inf; (a, b] bins; each sample's shares with an `eps` floor; then "
               "the formula's sum."),
        _about("`edges = np.unique(np.quantile(reference, np.linspace(0, 1, bins + 1)))`; "
               "`idx = np.searchsorted(edges[1:-1], x, side='left')`; "
               "`np.bincount(idx, minlength=len(edges) - 1) / len(x)`; `np.maximum(..., eps)`.",
               "`edges = np.unique(np.quantile(reference, np.linspace(0, 1, bins + 1)))`; "
               "`idx = np.searchsorted(edges[1:-1], x, side='left')`; "
               "`np.bincount(idx, minlength=len(edges) - 1) / len(x)`; `np.maximum(..., eps)`."),
    ],
    misconceptions=[
        Misconception("psi.separate_histograms", _psi_separate_histograms, _about(
            "Você fez um histograma de cada amostra com suas próprias faixas (como "
            "`np.histogram(x, bins=10)` em cada uma): as faixas não são as mesmas, então a "
            "comparação não mede a mudança. Use as mesmas bordas, tiradas dos quantis da "
            "referência.",
            "You binned each sample with its own edges (like `np.histogram(x, bins=10)` on "
            "each): the bins differ, so the comparison does not measure the shift. Use one "
            "set of edges, taken from the reference's quantiles.")),
        Misconception("psi.edges_from_current", _psi_current_edges, _about(
            "Suas bordas vêm dos quantis da amostra ATUAL. A referência define as faixas; "
            "a amostra atual é medida nelas.",
            "Your edges come from the CURRENT sample's quantiles. The reference defines the "
            "bins; the current sample is measured against them.")),
        Misconception("psi.no_eps_floor", _psi_no_floor, _about(
            "Uma faixa vazia leva a ln(0): seu PSI sai infinito ou NaN. Eleve as proporções "
            "abaixo de `eps` para `eps` antes do log.",
            "An empty bin leads to ln(0): your PSI comes out infinite or NaN. Raise "
            "proportions below `eps` to `eps` before the log.")),
        Misconception("psi.sign_flipped", _psi_sign_flipped, _about(
            "Seu PSI tem o sinal trocado: um dos fatores está invertido (ref - cur com "
            "ln(cur/ref), ou cur - ref com ln(ref/cur)). Com os dois na mesma ordem cada "
            "termo é >= 0.",
            "Your PSI has the wrong sign: one factor is inverted (ref - cur with "
            "ln(cur/ref), or cur - ref with ln(ref/cur)). With both in the same order every "
            "term is >= 0.")),
        Misconception("psi.equal_width_bins", _psi_equal_width, _about(
            "Suas faixas têm larguras iguais. O enunciado pede faixas nos QUANTIS da "
            "referência, cada uma com a mesma parcela dos dados de referência.",
            "Your bins have equal widths. The task asks for bins at the reference's "
            "QUANTILES, each holding the same share of the reference data.")),
        Misconception("psi.closed_outer_edges", _psi_closed_edges, _about(
            "Valores da amostra atual fora da faixa da referência ficaram de fora da "
            "contagem: abra as bordas externas para -inf e +inf.",
            "Current values outside the reference's range were left out of the counts: "
            "open the outer edges to -inf and +inf.")),
        Misconception("psi.left_closed_bins", _psi_left_closed, _about(
            "Suas faixas são fechadas à esquerda, [a, b): um valor igual a uma borda interna "
            "vai para a faixa da direita. O enunciado pede (a, b], como o `pandas.cut`.",
            "Your bins are left-closed, [a, b): a value equal to an inner edge goes to the "
            "bin on its right. The task asks for (a, b], as `pandas.cut` makes them.")),
    ],
)
