"""Task 7 of lesson 03_fairness: group thresholds (``fairness.group_thresholds``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.fairness:group_thresholds``; the notebook cells are ``group_thresholds-*``.
"""

from __future__ import annotations

import numpy as np

from mlopskit.checks._adapters import array
from mlopskit.checks._core import Case, Misconception, TaskSpec
from mlopskit.checks.fairness import LESSON
from mlopskit.checks.fairness._common import _encode_by_group, _group_names
from mlopskit.fairness import _group_quantiles, group_thresholds
from mlopskit.languages import bilingual as _about


def _thresholds_whole(scores, *, sensitive_features, target_rate):
    """Gives every group the one threshold of the whole population."""
    groups = _group_names(sensitive_features)
    everyone = group_thresholds(scores, sensitive_features=["all"] * groups.size,
                                target_rate=target_rate)["all"]
    return {g: everyone for g in sorted(set(groups))}


def _thresholds_wrong_tail(scores, *, sensitive_features, target_rate):
    """Takes each group's ``target_rate`` quantile instead of its ``1 - target_rate`` one."""
    return _group_quantiles(np.asarray(scores, dtype=float), _group_names(sensitive_features),
                            target_rate)


def _scores(seed, n, groups, shift):
    rng = np.random.default_rng(seed)
    g = rng.choice(groups, n)
    s = np.round(rng.beta(2, 3, n) + np.where(g == groups[0], shift, 0.0), 6)
    return s.tolist(), g.tolist()


def _threshold_cases():
    s1, g1 = _scores(11, 80, ["A", "B"], 0.15)
    s2, g2 = _scores(12, 120, ["N", "NE", "SE"], -0.1)
    return [
        Case("two-groups", {"args": [array(s1)], "kwargs": {"sensitive_features": array(g1),
                                                           "target_rate": 0.3}}),
        Case("three-groups", {"args": [array(s2)], "kwargs": {"sensitive_features": array(g2),
                                                             "target_rate": 0.5}},
             about=_about("três grupos, taxa-alvo 0,5", "three groups, target rate 0.5")),
    ]


def _threshold_hidden(rng):
    s, g = _scores(int(rng.integers(0, 10**6)), int(rng.integers(40, 150)),
                   ["g0", "g1", "g2"][: int(rng.integers(2, 4))], float(rng.uniform(-0.2, 0.2)))
    return [Case("hidden-0", {"args": [array(s)], "kwargs": {
        "sensitive_features": array(g), "target_rate": float(rng.choice([0.2, 0.4, 0.6]))}})]



SPEC = TaskSpec(
    lesson=LESSON,
    task='fairness.group_thresholds',
    number=7,
    name=_about('limiares por grupo', 'group thresholds'),
    entry="group_thresholds",
    points=2,
    reference="mlopskit.fairness:group_thresholds",
    encode=_encode_by_group,
    public_cases=_threshold_cases,
    hidden_cases=_threshold_hidden,
    hints=[_about("Para cada grupo, só os scores daquele grupo.",
                  "For each group, only that group's scores."),
           _about("`np.quantile(scores_do_grupo, 1 - target_rate, method='higher')`.",
                  "`np.quantile(group_scores, 1 - target_rate, method='higher')`.")],
    misconceptions=[
        Misconception("thresholds.whole_population", _thresholds_whole, _about(
            "Você escolheu um único limiar na população inteira; cada grupo precisa do "
            "seu, calculado só com os scores do grupo.",
            "You chose one threshold on the whole population; each group needs its own, "
            "computed from that group's scores only.")),
        Misconception("thresholds.wrong_tail", _thresholds_wrong_tail, _about(
            "Seu quantil está na cauda errada: para selecionar a fração `target_rate` dos "
            "scores mais altos, use o quantil `1 - target_rate`.",
            "Your quantile is on the wrong tail: to select the top `target_rate` share of "
            "scores, use the `1 - target_rate` quantile.")),
    ],
)
