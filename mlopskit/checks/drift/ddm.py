"""Task 6 of lesson 02_drift: DDM (``drift.ddm``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.drift:DDM``; the notebook cells are ``ddm-*``.
"""

from __future__ import annotations

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
             about=_about("a taxa de erro sobe de 10% para 50%", "the error rate jumps from 10% to 50%")),
        Case("steady", {"init": {}, "calls": _stream(rng, [(0.2, 300)])},
             about=_about("taxa de erro constante", "a steady error rate")),
        Case("two-jumps", {"init": {"warning_level": 1.5, "drift_level": 2.5, "min_samples": 20},
                           "calls": _stream(rng, [(0.05, 150), (0.3, 150), (0.6, 150)])},
             about=_about("duas mudanças; níveis 1,5 / 2,5; min_samples = 20",
                          "two changes; levels 1.5 / 2.5; min_samples = 20")),
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
    hints=[
        _about("Guarde `n`, `errors`, `p_min` e `s_min` em `self`; comece `p_min` e `s_min` "
               "com `math.inf`.",
               "Keep `n`, `errors`, `p_min` and `s_min` on `self`; start `p_min` and `s_min` "
               "at `math.inf`."),
        _about("Siga a ordem do enunciado: atualiza o mínimo, testa drift, depois alerta.",
               "Follow the task's order: update the minimum, test for drift, then warning."),
        _about("Depois de um drift, zere tudo (um método `reset()` ajuda) para aprender o novo "
               "nível de erro.",
               "After a drift, reset everything (a `reset()` method helps) to learn the new "
               "error level."),
    ],
    misconceptions=[
        Misconception("ddm.never_resets", _DDMNeverResets, _about(
            "Seu detector não reinicia depois de um drift, então continua comparando com o "
            "mínimo antigo e repete o alarme. Depois de 'drift', zere n, erros, p_min e s_min.",
            "Your detector does not reset after a drift, so it keeps comparing with the old "
            "minimum and repeats the alarm. After 'drift', reset n, errors, p_min and "
            "s_min.")),
        Misconception("ddm.warning_before_drift", _DDMWarningFirst, _about(
            "Seu código testa o alerta antes do drift: como o limite de alerta é menor, "
            "'drift' nunca é devolvido. Teste o drift primeiro.",
            "Your code tests the warning before the drift: since the warning threshold is "
            "lower, 'drift' is never returned. Test for drift first.")),
        Misconception("ddm.ignores_min_samples", _DDMNoMinSamples, _about(
            "Seu detector emite sinais antes de `min_samples` atualizações, quando a taxa de "
            "erro ainda é instável. Devolva 'stable' enquanto n < min_samples.",
            "Your detector signals before `min_samples` updates, while the error rate is "
            "still unstable. Return 'stable' while n < min_samples.")),
    ],
)
