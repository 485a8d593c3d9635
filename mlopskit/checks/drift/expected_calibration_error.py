"""Task 7 of lesson 02_drift: ECE (``drift.expected_calibration_error``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.drift:expected_calibration_error``; the notebook cells are ``expected_calibration_error-*``.
"""

from __future__ import annotations

import numpy as np

from mlopskit.checks._adapters import array, encode_float
from mlopskit.checks._core import Case, Misconception, TaskSpec
from mlopskit.checks.drift import LESSON
from mlopskit.drift import _calibration_bins
from mlopskit.languages import bilingual as _about


def _ece_parts(y_true, y_prob, n_bins):
    y = np.asarray(y_true, dtype=float)
    counts, positives, probs = _calibration_bins(y, np.asarray(y_prob, dtype=float), n_bins)
    return positives / counts, probs / counts, counts / y.size


def _ece_unweighted(y_true, y_prob, *, n_bins=10):
    """Averages the bins' gaps without weighting them by their share of the samples."""
    acc, conf, _ = _ece_parts(y_true, y_prob, n_bins)
    return float(np.mean(np.abs(acc - conf)))


def _ece_signed(y_true, y_prob, *, n_bins=10):
    """Adds signed gaps, so over- and under-confidence cancel out."""
    acc, conf, share = _ece_parts(y_true, y_prob, n_bins)
    return float(np.sum(share * (acc - conf)))


def _ece_from_index(y, prob, idx):
    y, prob, idx = np.asarray(y, float), np.asarray(prob, float), np.asarray(idx, int)
    total = 0.0
    for b in np.unique(idx):
        mask = idx == b
        total += mask.sum() / y.size * abs(y[mask].mean() - prob[mask].mean())
    return float(total)


def _ece_one_own_bin(y_true, y_prob, *, n_bins=10):
    """Bins with ``floor(p * n_bins)`` only, so p = 1.0 gets a bin of its own."""
    prob = np.asarray(y_prob, float)
    return _ece_from_index(y_true, prob, np.floor(prob * n_bins))


def _ece_right_closed(y_true, y_prob, *, n_bins=10):
    """Makes the bins right-closed, (a, b]: a value on an inner edge goes to the left."""
    prob = np.asarray(y_prob, float)
    return _ece_from_index(y_true, prob, np.clip(np.ceil(prob * n_bins) - 1, 0, n_bins - 1))


def _ece_max_gap(y_true, y_prob, *, n_bins=10):
    """Returns the largest gap of a bin (the maximum calibration error) instead of the mean."""
    acc, conf, _ = _ece_parts(y_true, y_prob, n_bins)
    return float(np.max(np.abs(acc - conf)))


def _ece_data(rng, n, *, power=2.0, spread="uniform"):
    if spread == "uniform":
        prob = rng.random(n)
    else:  # mass in [0, 0.4) and [0.8, 1), leaving bins empty
        prob = np.where(rng.random(n) < 0.5, rng.uniform(0, 0.39, n), rng.uniform(0.8, 0.99, n))
    y = (rng.random(n) < prob ** power).astype(int)
    return y.tolist(), np.round(prob, 6).tolist()


def _ece_cases():
    rng = np.random.default_rng(61)
    y1, p1 = _ece_data(rng, 500)
    y2, p2 = _ece_data(rng, 400, power=1.5, spread="gaps")
    y3, p3 = _ece_data(rng, 300, power=0.7)
    y3[:3], p3[:3] = [1, 1, 0], [1.0, 1.0, 0.0]
    return [
        Case("overconfident", {"args": [array(y1), array(p1)]},
             about=_about("probabilidades altas demais", "probabilities too high"),
             covers=("n_bins left out",)),
        Case("empty-bins", {"args": [array(y2), array(p2)], "kwargs": {"n_bins": 5}},
             about=_about("faixas vazias, n_bins = 5", "empty bins, n_bins = 5"),
             covers=("empty bins", "n_bins passed by the caller")),
        Case("underconfident", {"args": [array(y3), array(p3)], "kwargs": {"n_bins": 8}},
             about=_about("inclui probabilidades 0 e 1, n_bins = 8",
                          "includes probabilities 0 and 1, n_bins = 8"),
             covers=("probability exactly 0", "probability exactly 1 with label 1")),
        Case("on-the-edges", {"args": [array([0, 1, 1, 0, 1, 1, 1, 0, 0, 1]),
                                       array([0.25, 0.25, 0.5, 0.5, 0.75, 0.8, 1.0, 1.0,
                                              0.1, 0.9])],
                              "kwargs": {"n_bins": 4}},
             about=_about("probabilidades iguais às bordas das faixas, n_bins = 4",
                          "probabilities equal to bin edges, n_bins = 4"),
             covers=("a probability equal to an inner bin edge",
                     "probability exactly 1 with label 0 and with label 1",
                     "probability exactly 1 sharing the last bin")),
    ]


def _ece_probes():
    return [
        Case("probe-edges", {"args": [array([1, 0, 1, 1, 0, 0]),
                                      array([0.1, 0.5, 0.5, 0.9, 0.2, 0.7])],
                             "kwargs": {"n_bins": 2}},
             about=_about("valores na borda 0,5", "values on the edge 0.5")),
        Case("probe-one", {"args": [array([1, 0, 1, 1, 0, 1]),
                                    array([1.0, 1.0, 0.85, 0.95, 0.3, 0.4])],
                           "kwargs": {"n_bins": 5}},
             about=_about("probabilidade 1,0", "probability 1.0")),
        Case("probe-uneven", {"args": [array([1] * 2 + [0] * 18 + [1] * 3),
                                       array([0.15] * 20 + [0.65] * 3)],
                              "kwargs": {"n_bins": 10}},
             about=_about("uma faixa grande e uma pequena, erros de sinais opostos",
                          "one large and one small bin, gaps of opposite signs")),
    ]


def _ece_hidden(rng):
    cases = []
    for i in range(3):
        y, p = _ece_data(rng, int(rng.integers(100, 600)), power=float(rng.uniform(0.6, 2.5)),
                         spread=str(rng.choice(["uniform", "gaps"])))
        cases.append(Case(f"hidden-{i}", {"args": [array(y), array(p)],
                                          "kwargs": {"n_bins": int(rng.choice([5, 10, 15]))}}))
    return cases



SPEC = TaskSpec(
    lesson=LESSON,
    task='drift.expected_calibration_error',
    number=7,
    name=_about('ECE', 'ECE'),
    entry="expected_calibration_error",
    points=2,
    reference="mlopskit.drift:expected_calibration_error",
    encode=encode_float,
    public_cases=_ece_cases,
    hidden_cases=_ece_hidden,
    probes=_ece_probes,
    hints=[
        _about("O ECE compara, faixa a faixa, a fração de positivos com a probabilidade média "
               "prevista, e faz a média dessas distâncias pesando cada faixa pelo número de "
               "amostras que ela tem.",
               "ECE compares, bin by bin, the fraction of positives with the mean predicted "
               "probability, and averages those gaps weighting each bin by how many samples "
               "it holds."),
        _about("Atribua cada probabilidade a uma faixa (valor na borda vai para a faixa da "
               "direita; 1,0 vai para a última); para cada faixa não vazia some "
               "|fração - média| x (amostras na faixa / total).",
               "Assign each probability to a bin (a value on an edge goes to the bin on its "
               "right; 1.0 goes to the last one); for each non-empty bin add "
               "|fraction - mean| x (samples in the bin / total)."),
        _about("Índice da faixa: `np.minimum((y_prob * n_bins).astype(int), n_bins - 1)`; "
               "depois `np.unique` nos índices e uma máscara por faixa.",
               "Bin index: `np.minimum((y_prob * n_bins).astype(int), n_bins - 1)`; then "
               "`np.unique` on the indices and one mask per bin."),
    ],
    misconceptions=[
        Misconception("ece.unweighted_mean", _ece_unweighted, _about(
            "Seu ECE é a média simples das faixas: uma faixa com 3 amostras pesa tanto quanto "
            "uma com 300. Pondere cada faixa pela sua parcela das amostras.",
            "Your ECE is a plain mean over bins: a bin with 3 samples weighs as much as one "
            "with 300. Weight each bin by its share of the samples.")),
        Misconception("ece.signed_gaps", _ece_signed, _about(
            "Seu ECE soma diferenças com sinal, e excesso e falta de confiança se anulam. Use "
            "o valor absoluto de cada diferença.",
            "Your ECE adds signed gaps, so over- and under-confidence cancel out. Use the "
            "absolute value of each gap.")),
        Misconception("ece.one_in_its_own_bin", _ece_one_own_bin, _about(
            "Uma probabilidade exatamente 1,0 ganhou uma faixa só dela (`floor(p * n_bins)` "
            "dá n_bins). Ela pertence à última faixa: limite o índice a n_bins - 1.",
            "A probability of exactly 1.0 got a bin of its own (`floor(p * n_bins)` gives "
            "n_bins). It belongs to the last bin: cap the index at n_bins - 1.")),
        Misconception("ece.right_closed_bins", _ece_right_closed, _about(
            "Suas faixas são fechadas à direita: um valor igual a uma borda interna (0,5 com "
            "2 faixas) foi para a faixa da esquerda. O enunciado põe i/n_bins <= p na faixa "
            "i, isto é, a borda vai para a faixa da direita.",
            "Your bins are right-closed: a value equal to an inner edge (0.5 with 2 bins) "
            "went to the bin on its left. The task puts i/n_bins <= p in bin i, so an edge "
            "goes to the bin on its right.")),
        Misconception("ece.max_gap", _ece_max_gap, _about(
            "Você devolveu a MAIOR distância de uma faixa (o erro máximo de calibração, MCE). "
            "O ECE é a média das distâncias ponderada pelo tamanho das faixas.",
            "You returned the LARGEST gap of a bin (the maximum calibration error, MCE). ECE "
            "is the average of the gaps weighted by the bins' sizes.")),
    ],
)
