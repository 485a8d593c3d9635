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


def _thresholds_interpolated(scores, *, sensitive_features, target_rate):
    """Interpolates between two scores (numpy's default quantile) instead of the next one up."""
    s, g = np.asarray(scores, dtype=float), _group_names(sensitive_features)
    if target_rate == 0:
        return {k: float("inf") for k in sorted(set(g))}
    return {k: float(np.quantile(s[g == k], 1 - target_rate)) for k in sorted(set(g))}


def _thresholds_zero_selects_top(scores, *, sensitive_features, target_rate):
    """At target rate 0 returns each group's highest score, which still selects its holder."""
    return _group_quantiles(np.asarray(scores, dtype=float), _group_names(sensitive_features),
                            1 - target_rate)


def _scores(seed, n, groups, shift):
    rng = np.random.default_rng(seed)
    g = rng.choice(groups, n)
    s = np.round(rng.beta(2, 3, n) + np.where(g == groups[0], shift, 0.0), 6)
    return s.tolist(), g.tolist()


def _case(name, scores, groups, rate, *, hidden=False, about=None, covers=()):
    return Case(name, {"args": [array(scores)], "kwargs": {"sensitive_features": array(groups),
                                                           "target_rate": rate}},
                hidden, about, tuple(covers))


def _threshold_cases():
    s1, g1 = _scores(11, 80, ["A", "B"], 0.15)
    s2, g2 = _scores(12, 120, ["N", "NE", "SE"], -0.1)
    s3, g3 = _scores(13, 40, ["A", "B"], 0.2)
    ties = [0.2, 0.5, 0.5, 0.5, 0.9, 0.1, 0.3, 0.3, 0.7, 0.7]
    return [
        _case("two-groups", s1, g1, 0.3),
        _case("three-groups", s2, g2, 0.5,
              about=_about("três grupos, taxa-alvo 0,5", "three groups, target rate 0.5")),
        _case("target-zero", s3, g3, 0.0,
              about=_about("taxa-alvo 0: ninguém selecionado", "target rate 0: nobody selected"),
              covers=("target rate 0",)),
        _case("target-one", s3, g3, 1.0,
              about=_about("taxa-alvo 1: todos selecionados", "target rate 1: everyone selected"),
              covers=("target rate 1",)),
        _case("ties", ties, ["a"] * 5 + ["b"] * 5, 0.5,
              about=_about("scores empatados no quantil", "scores tied at the quantile"),
              covers=("ties at the threshold", "a quantile between two scores")),
        _case("group-of-one", [0.4, 0.6, 0.8, 0.3], ["a", "a", "a", "solo"], 0.4,
              about=_about("um grupo com uma só pessoa", "a group of one person"),
              covers=("a group of one",)),
    ]


def _threshold_probes():
    s = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]
    shifted = s + [v + 0.15 for v in s]
    groups = ["a"] * 8 + ["b"] * 8
    return [
        _case("probe-between", s + s, groups, 0.5),  # the quantile falls between two scores
        _case("probe-shifted", shifted, groups, 0.5),  # the groups' scores differ
        _case("probe-zero", shifted, groups, 0.0),
        _case("probe-one", shifted, groups, 1.0),
    ]


def _threshold_hidden(rng):
    s, g = _scores(int(rng.integers(0, 10**6)), int(rng.integers(40, 150)),
                   ["g0", "g1", "g2"][: int(rng.integers(2, 4))], float(rng.uniform(-0.2, 0.2)))
    return [_case("hidden-0", s, g, float(rng.choice([0.2, 0.4, 0.6])), hidden=True)]


SPEC = TaskSpec(
    lesson=LESSON,
    task="fairness.group_thresholds",
    number=7,
    name=_about("limiares por grupo", "group thresholds"),
    entry="group_thresholds",
    points=2,
    reference="mlopskit.fairness:group_thresholds",
    encode=_encode_by_group,
    public_cases=_threshold_cases,
    hidden_cases=_threshold_hidden,
    probes=_threshold_probes,
    hints=[_about("Para selecionar a fração `target_rate` de um grupo, o limiar do grupo deve "
                  "deixar acima dele essa fração dos scores DAQUELE grupo: cada grupo tem o seu "
                  "limiar.",
                  "To select the `target_rate` share of a group, the group's threshold must "
                  "leave that share of THAT group's scores above it: each group has its own "
                  "threshold."),
           _about("É o quantil `1 - target_rate` dos scores do grupo, sem interpolar (o próximo "
                  "score acima, numpy `method='higher'`). Nas pontas: taxa 1 dá o menor score "
                  "do grupo; taxa 0 dá `inf`, porque o maior score ainda selecionaria alguém.",
                  "It is the `1 - target_rate` quantile of the group's scores, without "
                  "interpolation (the next score up, numpy `method='higher'`). At the edges: "
                  "rate 1 gives the group's lowest score; rate 0 gives `inf`, because the "
                  "highest score would still select someone."),
           _about("```python\nif target_rate == 0:\n    return {g: float('inf') for g in grupos}\n"
                  "np.quantile(scores[grupos == g], 1 - target_rate, method='higher')\n```",
                  "```python\nif target_rate == 0:\n    return {g: float('inf') for g in groups}\n"
                  "np.quantile(scores[groups == g], 1 - target_rate, method='higher')\n```")],
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
        Misconception("thresholds.interpolated", _thresholds_interpolated, _about(
            "Seu limiar interpola entre dois scores (o quantil padrão do numpy) e pode não "
            "ser o score de ninguém. A tarefa usa um score do próprio grupo: o próximo acima "
            "(`method='higher'`).",
            "Your threshold interpolates between two scores (numpy's default quantile) and "
            "may be nobody's score. The task uses one of the group's own scores: the next "
            "one up (`method='higher'`).")),
        Misconception("thresholds.zero_rate_selects_top", _thresholds_zero_selects_top, _about(
            "Com `target_rate=0` seu limiar é o maior score do grupo, que ainda seleciona "
            "quem o tem (score >= limiar). Para não selecionar ninguém, o limiar é `inf`.",
            "With `target_rate=0` your threshold is the group's highest score, which still "
            "selects its holder (score >= threshold). To select nobody the threshold is "
            "`inf`.")),
    ],
)
