"""Task 3 of lesson 05_cicd: is the challenger really better? (``cicd.paired_bootstrap``).

Everything that defines the task sits here: its catalogued misconceptions (deliberately
wrong code: fingerprints, not solutions), its cases and its spec. The reference is
``mlopskit.cicd:paired_bootstrap``; the notebook cells are ``paired_bootstrap-*``.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from mlopskit.checks._adapters import array
from mlopskit.checks._core import Case, Misconception, TaskSpec
from mlopskit.checks.cicd import LESSON
from mlopskit.checks.cicd._common import encode_interval
from mlopskit.cicd import _metric_values, _paired_inputs
from mlopskit.languages import bilingual as _about


def _score(metric, y, s, *, strict=False):
    if metric == "accuracy" and strict:
        return np.mean((s > 0.5) == (y == 1), axis=-1)
    return _metric_values(metric, y, s)


def _bootstrap(y_true, score_a, score_b, *, metric="accuracy", n_boot=1000, seed=0,
               alpha=0.05, paired=True, flip=False, interval="percentile", halve=True,
               strict=False, replace=True):
    y, a, b = _paired_inputs(y_true, score_a, score_b)
    rng = np.random.default_rng(seed)
    n = y.size
    if replace:
        idx = rng.integers(0, n, size=(n_boot, n))
        idx_b = idx if paired else rng.integers(0, n, size=(n_boot, n))
    else:
        idx = np.array([rng.permutation(n) for _ in range(n_boot)])
        idx_b = idx
    first, second = (a, b) if not flip else (b, a)
    delta = float(_score(metric, y, second, strict=strict) - _score(metric, y, first,
                                                                    strict=strict))
    deltas = (_score(metric, y[idx_b], second[idx_b], strict=strict)
              - _score(metric, y[idx], first[idx], strict=strict))
    if interval == "normal":
        z = stats.norm.ppf(1 - alpha / 2)
        sd = float(np.std(deltas, ddof=1))
        return delta, delta - z * sd, delta + z * sd
    q = alpha / 2 if halve else alpha
    low, high = np.quantile(deltas, [q, 1 - q])
    return delta, float(low), float(high)


def _unpaired(y_true, score_a, score_b, *, metric="accuracy", n_boot=1000, seed=0, alpha=0.05):
    """Resamples the rows of A and of B independently: the pairing is lost."""
    return _bootstrap(y_true, score_a, score_b, metric=metric, n_boot=n_boot, seed=seed,
                      alpha=alpha, paired=False)


def _sign_flipped(y_true, score_a, score_b, *, metric="accuracy", n_boot=1000, seed=0,
                  alpha=0.05):
    """Returns metric(A) - metric(B), the champion minus the challenger."""
    return _bootstrap(y_true, score_a, score_b, metric=metric, n_boot=n_boot, seed=seed,
                      alpha=alpha, flip=True)


def _normal_interval(y_true, score_a, score_b, *, metric="accuracy", n_boot=1000, seed=0,
                     alpha=0.05):
    """Uses delta +- z * sd of the resamples instead of their quantiles."""
    return _bootstrap(y_true, score_a, score_b, metric=metric, n_boot=n_boot, seed=seed,
                      alpha=alpha, interval="normal")


def _alpha_not_halved(y_true, score_a, score_b, *, metric="accuracy", n_boot=1000, seed=0,
                      alpha=0.05):
    """Takes the alpha and 1 - alpha quantiles: a 90% interval for alpha = 0.05."""
    return _bootstrap(y_true, score_a, score_b, metric=metric, n_boot=n_boot, seed=seed,
                      alpha=alpha, halve=False)


def _strict_threshold(y_true, score_a, score_b, *, metric="accuracy", n_boot=1000, seed=0,
                      alpha=0.05):
    """Predicts the positive class only for a score strictly above 0.5."""
    return _bootstrap(y_true, score_a, score_b, metric=metric, n_boot=n_boot, seed=seed,
                      alpha=alpha, strict=True)


def _without_replacement(y_true, score_a, score_b, *, metric="accuracy", n_boot=1000, seed=0,
                         alpha=0.05):
    """Shuffles the rows instead of drawing them with replacement."""
    return _bootstrap(y_true, score_a, score_b, metric=metric, n_boot=n_boot, seed=seed,
                      alpha=alpha, replace=False)


def _scores(seed, n, *, skill_a, skill_b, grid=False):
    """Labels and two models' probabilities on the same rows (shared noise: paired)."""
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.4).astype(int)
    noise = rng.normal(0, 1, n)
    extra = rng.normal(0, 1, n)
    a = 1 / (1 + np.exp(-(skill_a * (2 * y - 1) + noise)))
    b = 1 / (1 + np.exp(-(skill_b * (2 * y - 1) + 0.7 * noise + 0.3 * extra)))
    if grid:  # many scores exactly on the 0.5 threshold
        a, b = np.round(a * 4) / 4, np.round(b * 4) / 4
    return y.tolist(), np.round(a, 6).tolist(), np.round(b, 6).tolist()


def _case(name, data, pt, en, covers=(), **kwargs):
    y, a, b = data
    return Case(name, {"args": [array(y), array(a), array(b)], "kwargs": kwargs},
                about=_about(pt, en), covers=covers)


def _public_cases():
    return [
        _case("clear-winner", _scores(1, 300, skill_a=0.6, skill_b=1.4),
              "o desafiante acerta bem mais", "the challenger is right much more often",
              n_boot=400, seed=1),
        _case("small-gain", _scores(2, 250, skill_a=0.9, skill_b=1.0),
              "ganho pequeno, o intervalo contém zero", "a small gain, the interval holds "
              "zero", n_boot=400, seed=2),
        _case("same-model", (lambda d: (d[0], d[1], d[1]))(_scores(3, 120, skill_a=1, skill_b=1)),
              "o mesmo modelo dos dois lados", "the same model on both sides",
              covers=("identical scores: a zero-width interval",), n_boot=200, seed=3),
        _case("scores-on-threshold", _scores(4, 200, skill_a=0.8, skill_b=1.1, grid=True),
              "muitas probabilidades exatamente 0,5", "many probabilities exactly 0.5",
              covers=("a score equal to the 0.5 threshold",), n_boot=300, seed=4),
        _case("brier", _scores(5, 200, skill_a=1.2, skill_b=0.8), "métrica de Brier",
              "Brier metric", metric="brier", n_boot=300, seed=5),
        _case("alpha-0.2", _scores(6, 150, skill_a=0.7, skill_b=1.2),
              "alpha = 0,2 (intervalo de 80%)", "alpha = 0.2 (an 80% interval)",
              alpha=0.2, n_boot=300, seed=6),
        _case("defaults", _scores(7, 80, skill_a=0.7, skill_b=1.0),
              "metric, n_boot, seed e alpha omitidos", "metric, n_boot, seed and alpha left "
              "out", covers=("optional arguments left out",)),
    ]


def _hidden_cases(rng):
    cases = []
    for i in range(4):
        seed = int(rng.integers(0, 10_000))
        data = _scores(seed, int(rng.integers(60, 300)), skill_a=float(rng.uniform(0.3, 1.5)),
                       skill_b=float(rng.uniform(0.3, 1.5)), grid=bool(i == 3))
        y, a, b = data
        cases.append(Case(f"hidden-{i}", {"args": [array(y), array(a), array(b)],
                                          "kwargs": {"metric": str(rng.choice(["accuracy",
                                                                                "brier"])),
                                                     "n_boot": int(rng.integers(100, 400)),
                                                     "seed": int(rng.integers(0, 1000))}}))
    return cases


def _probes():
    y = [1, 0, 1, 0, 1, 0, 1, 0]
    a = [0.6, 0.4, 0.4, 0.6, 0.6, 0.4, 0.4, 0.6]
    b = [0.9, 0.1, 0.8, 0.2, 0.6, 0.4, 0.4, 0.6]
    same = _scores(8, 300, skill_a=1.0, skill_b=1.0)
    return [
        Case("probe-basic", {"args": [array(y * 50), array(a * 50), array(b * 50)],
                             "kwargs": {"n_boot": 400, "seed": 0}}),
        Case("probe-half", {"args": [array([1, 0, 1, 0] * 60),
                                     array([0.5, 0.5, 0.2, 0.7] * 60),
                                     array([0.9, 0.5, 0.8, 0.5] * 60)],
                            "kwargs": {"n_boot": 300, "seed": 0}}),
        Case("probe-same-model", {"args": [array(same[0]), array(same[1]), array(same[1])],
                                  "kwargs": {"n_boot": 300, "seed": 0}}),
    ]


SPEC = TaskSpec(
    lesson=LESSON,
    task="cicd.paired_bootstrap",
    number=3,
    name=_about("bootstrap pareado", "paired bootstrap"),
    entry="paired_bootstrap",
    points=3,
    reference="mlopskit.cicd:paired_bootstrap",
    encode=encode_interval,
    public_cases=_public_cases,
    hidden_cases=_hidden_cases,
    probes=_probes,
    protocol={"kind": "function", "immutable": True},
    hints=[
        _about("Os dois modelos são avaliados nas MESMAS linhas; a pergunta é sobre a "
               "diferença. Reamostrar as linhas com reposição e recalcular a diferença em cada "
               "reamostra mostra quanto ela varia; decida pelo intervalo, não pelo ponto.",
               "Both models are scored on the SAME rows; the question is about the "
               "difference. Resampling rows with replacement and recomputing the difference "
               "on each resample shows how much it varies; decide by the interval, not the "
               "point."),
        _about("Sorteie todos os índices de uma vez (`rng.integers(0, n, size=(n_boot, n))`) "
               "e use a MESMA linha de índices para A e B. O intervalo são os quantis "
               "`alpha/2` e `1 - alpha/2` das diferenças.",
               "Draw all indices at once (`rng.integers(0, n, size=(n_boot, n))`) and use the "
               "SAME row of indices for A and B. The interval is the `alpha/2` and "
               "`1 - alpha/2` quantiles of the differences."),
        _about("`acc = lambda y, s: np.mean((s >= 0.5) == (y == 1), axis=-1)`; `deltas = "
               "acc(y[idx], b[idx]) - acc(y[idx], a[idx])`; `low, high = np.quantile(deltas, "
               "[alpha / 2, 1 - alpha / 2])`.",
               "`acc = lambda y, s: np.mean((s >= 0.5) == (y == 1), axis=-1)`; `deltas = "
               "acc(y[idx], b[idx]) - acc(y[idx], a[idx])`; `low, high = np.quantile(deltas, "
               "[alpha / 2, 1 - alpha / 2])`."),
    ],
    misconceptions=[
        Misconception("paired_bootstrap.unpaired", _unpaired, _about(
            "Você reamostrou as linhas de A e de B separadamente: o pareamento se perde e o "
            "intervalo fica largo demais. Use os mesmos índices para os dois modelos.",
            "You resampled A's rows and B's rows separately: the pairing is lost and the "
            "interval comes out too wide. Use the same indices for both models.")),
        Misconception("paired_bootstrap.sign_flipped", _sign_flipped, _about(
            "O sinal está trocado: a diferença pedida é métrica(B) - métrica(A), o "
            "desafiante menos o campeão.",
            "The sign is flipped: the difference asked for is metric(B) - metric(A), the "
            "challenger minus the champion.")),
        Misconception("paired_bootstrap.normal_interval", _normal_interval, _about(
            "Seu intervalo é delta ± z·desvio, que supõe uma distribuição normal. O "
            "bootstrap percentil usa os quantis das diferenças reamostradas.",
            "Your interval is delta ± z·sd, which assumes a normal distribution. The "
            "percentile bootstrap uses the quantiles of the resampled differences.")),
        Misconception("paired_bootstrap.alpha_not_halved", _alpha_not_halved, _about(
            "Você cortou `alpha` em cada cauda: o intervalo cobre 1 - 2·alpha. Use os quantis "
            "`alpha/2` e `1 - alpha/2`.",
            "You cut `alpha` from each tail: the interval covers 1 - 2·alpha. Use the "
            "`alpha/2` and `1 - alpha/2` quantiles.")),
        Misconception("paired_bootstrap.strict_threshold", _strict_threshold, _about(
            "Uma probabilidade exatamente 0,5 virou classe 0. O enunciado prevê a classe 1 "
            "quando `score >= 0.5`.",
            "A probability of exactly 0.5 became class 0. The task predicts class 1 when "
            "`score >= 0.5`.")),
        Misconception("paired_bootstrap.without_replacement", _without_replacement, _about(
            "Suas reamostras embaralham as linhas sem reposição: cada uma tem as mesmas "
            "linhas e a diferença nunca varia. Sorteie com reposição.",
            "Your resamples shuffle the rows without replacement: each holds the same rows "
            "and the difference never varies. Draw with replacement.")),
    ],
)
