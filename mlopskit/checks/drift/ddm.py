"""Task 6 of lesson 02_drift: DDM (``drift.ddm``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.drift:DDM``; the notebook cells are ``ddm-*``.
"""

from __future__ import annotations

import math

import numpy as np

from mlopskit.checks._adapters import encode_str_list
from mlopskit.checks._core import Case, Misconception, TaskSpec
from mlopskit.checks.drift import LESSON
from mlopskit.drift import DDM, DDM_STATUSES
from mlopskit.languages import bilingual as _about


class _DDMNeverResets(DDM):
    """Keeps its counts and minimum after a drift, so the alarm repeats."""

    def _after_drift(self):
        pass


class _DDMWarningFirst(DDM):
    """Tests the warning threshold before the drift one, so drift never comes out."""

    def _signal(self, level):
        if level > self.p_min + self.warning_level * self.s_min:
            return "warning"
        return super()._signal(level)


class _DDMNoMinSamples(DDM):
    """Ignores ``min_samples``: signals from the very first update."""

    def __init__(self, *, min_samples=30, **levels):
        super().__init__(min_samples=1, **levels)


class _DDMOffByOne(DDM):
    """Stays silent while ``n <= min_samples``, one update longer than asked."""

    def update(self, error):
        status = super().update(error)
        if self.n == self.min_samples:  # the minimum was just set one update too early
            self.p_min = self.s_min = math.inf
            return "stable"
        return status


class _DDMKeepsMinimum(DDM):
    """After a drift, resets the counts but keeps the old ``p_min`` and ``s_min``."""

    def _after_drift(self):
        self.n, self.errors = 0, 0


def _encode_statuses(value):
    return encode_str_list(value, allowed=DDM_STATUSES)


def _stream(rng, segments):
    out = []
    for rate, length in segments:
        out += (rng.random(length) < rate).tolist()
    return out


def _ddm_cases():
    rng = np.random.default_rng(51)
    return [
        Case("one-jump", {"init": {}, "calls": _stream(rng, [(0.1, 200), (0.5, 100)])},
             about=_about("a taxa de erro sobe de 10% para 50%", "the error rate jumps from 10% to 50%"),
             covers=("a drift followed by a reset", "default levels and min_samples left out")),
        Case("steady", {"init": {}, "calls": _stream(rng, [(0.2, 300)])},
             about=_about("taxa de erro constante", "a steady error rate"),
             covers=("no drift",)),
        Case("two-jumps", {"init": {"warning_level": 1.5, "drift_level": 2.5, "min_samples": 20},
                           "calls": _stream(rng, [(0.05, 150), (0.3, 150), (0.6, 150)])},
             about=_about("duas mudanças; níveis 1,5 / 2,5; min_samples = 20",
                          "two changes; levels 1.5 / 2.5; min_samples = 20"),
             covers=("levels passed by the caller", "a second drift after the reset")),
        Case("perfect-start", {"init": {"min_samples": 5},
                               "calls": [False] * 5 + [True] + [False] * 20 + [True] * 3},
             about=_about("nenhum erro nas primeiras 5 previsões, depois um erro; "
                          "min_samples = 5",
                          "no error in the first 5 predictions, then one; min_samples = 5"),
             covers=("n equal to min_samples", "s_min = 0 after a perfect start",
                     "the first update and the last")),
    ]


def _ddm_probes():
    rng = np.random.default_rng(53)
    return [
        Case("probe-jump", {"init": {"min_samples": 20},
                            "calls": _stream(rng, [(0.1, 120), (0.6, 60)])},
             about=_about("um salto na taxa de erro", "a jump in the error rate")),
        Case("probe-edge", {"init": {"min_samples": 4},
                            "calls": [False] * 4 + [True] + [False] * 10},
             about=_about("n igual a min_samples", "n equal to min_samples")),
        Case("probe-early", {"init": {"min_samples": 30},
                             "calls": [True] + [False] * 9 + _stream(rng, [(0.1, 60)])},
             about=_about("um erro logo na primeira previsão", "an error on the very first "
                          "prediction")),
    ]


def _ddm_hidden(rng):
    segments = [(float(rng.uniform(0.05, 0.25)), int(rng.integers(100, 250))),
                (float(rng.uniform(0.3, 0.7)), int(rng.integers(50, 200))),
                (float(rng.uniform(0.05, 0.25)), int(rng.integers(50, 200)))]
    return [Case("hidden-0", {"init": {"min_samples": int(rng.choice([20, 30, 40]))},
                              "calls": _stream(rng, segments)})]



SPEC = TaskSpec(
    lesson=LESSON,
    task='drift.ddm',
    number=6,
    name=_about('DDM', 'DDM'),
    entry="DDM",
    points=3,
    reference="mlopskit.drift:DDM",
    protocol={"kind": "scenario", "method": "update"},
    encode=_encode_statuses,
    public_cases=_ddm_cases,
    hidden_cases=_ddm_hidden,
    probes=_ddm_probes,
    hints=[
        _about("O DDM compara o nível atual p + s com o MENOR nível já visto; enquanto há "
               "poucas previsões, p oscila demais para sinalizar. Depois de uma deriva ele "
               "esquece tudo, para aprender o novo nível de erro.",
               "DDM compares the current level p + s with the LOWEST level seen so far; with "
               "few predictions, p swings too much to signal. After a drift it forgets "
               "everything, to learn the new error level."),
        _about("Guarde em `self` o número de previsões, o de erros e o mínimo (p_min, s_min, "
               "começando em infinito). Em cada atualização siga a ordem do enunciado: conte, "
               "espere min_samples, atualize o mínimo, teste a deriva antes do alerta.",
               "Keep on `self` the number of predictions, of errors and the minimum (p_min, "
               "s_min, starting at infinity). On each update follow the task's order: count, "
               "wait for min_samples, update the minimum, test drift before warning."),
        _about("Um método `reset()` que faça `self.n = self.errors = 0` e `self.p_min = "
               "self.s_min = math.inf` serve no `__init__` e depois de cada 'drift'.",
               "A `reset()` method doing `self.n = self.errors = 0` and `self.p_min = "
               "self.s_min = math.inf` serves in `__init__` and after each 'drift'."),
    ],
    misconceptions=[
        Misconception("ddm.never_resets", _DDMNeverResets, _about(
            "Seu detector não reinicia depois de um sinal de deriva ('drift'), então "
            "continua comparando com o "
            "mínimo antigo e repete o alarme. Depois de 'drift', zere n, erros, p_min e s_min.",
            "Your detector does not reset after a drift, so it keeps comparing with the old "
            "minimum and repeats the alarm. After 'drift', reset n, errors, p_min and "
            "s_min.")),
        Misconception("ddm.warning_before_drift", _DDMWarningFirst, _about(
            "Seu código testa o alerta antes da deriva: como o limite de alerta é menor, "
            "'drift' nunca é devolvido. Teste a deriva primeiro.",
            "Your code tests the warning before the drift: since the warning threshold is "
            "lower, 'drift' is never returned. Test for drift first.")),
        Misconception("ddm.ignores_min_samples", _DDMNoMinSamples, _about(
            "Seu detector emite sinais antes de `min_samples` atualizações, quando a taxa de "
            "erro ainda é instável. Devolva 'stable' enquanto n < min_samples.",
            "Your detector signals before `min_samples` updates, while the error rate is "
            "still unstable. Return 'stable' while n < min_samples.")),
        Misconception("ddm.min_samples_off_by_one", _DDMOffByOne, _about(
            "Seu detector espera uma atualização a mais (`n <= min_samples`): na atualização "
            "em que n == min_samples ele já deve guardar o mínimo. Use `n < min_samples`.",
            "Your detector waits one update too long (`n <= min_samples`): on the update "
            "where n == min_samples it must already record the minimum. Use "
            "`n < min_samples`.")),
        Misconception("ddm.keeps_minimum_after_drift", _DDMKeepsMinimum, _about(
            "Depois de um sinal de deriva seu detector zera as contagens mas mantém p_min e s_min "
            "antigos, então compara o novo nível com o antigo e repete o alarme. Volte p_min "
            "e s_min ao infinito também.",
            "After a drift your detector resets the counts but keeps the old p_min and "
            "s_min, so it compares the new level with the old one and repeats the alarm. Set "
            "p_min and s_min back to infinity too.")),
    ],
)
