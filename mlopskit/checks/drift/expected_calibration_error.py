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
             about=_about("probabilidades altas demais", "probabilities too high")),
        Case("empty-bins", {"args": [array(y2), array(p2)], "kwargs": {"n_bins": 5}},
             about=_about("faixas vazias, n_bins = 5", "empty bins, n_bins = 5")),
        Case("underconfident", {"args": [array(y3), array(p3)], "kwargs": {"n_bins": 8}},
             about=_about("inclui probabilidades 0 e 1, n_bins = 8",
                          "includes probabilities 0 and 1, n_bins = 8")),
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
    hints=[
        _about("Índice da faixa: `np.minimum((y_prob * n_bins).astype(int), n_bins - 1)`.",
               "Bin index: `np.minimum((y_prob * n_bins).astype(int), n_bins - 1)`."),
        _about("Por faixa não vazia: fração de positivos, média das probabilidades e quantas "
               "amostras ela tem.",
               "Per non-empty bin: fraction of positives, mean probability and how many "
               "samples it holds."),
        _about("Some |fração - média| ponderado por (amostras na faixa / total).",
               "Sum |fraction - mean| weighted by (samples in the bin / total)."),
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
    ],
)
