"""Task 5 of lesson 06_feedback: the A/B test of champion and challenger (``feedback.ab_test``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.feedback:ab_test``; the notebook cells are ``ab_test-*``.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

from mlopskit.checks._adapters import encode_float
from mlopskit.checks._core import Case, Misconception, OutputError, TaskSpec
from mlopskit.checks.feedback import LESSON
from mlopskit.feedback import AB_DECISIONS, AB_KEYS
from mlopskit.languages import bilingual as _about


def _ab(successes_a, n_a, successes_b, n_b, alpha, power, mde, alternative, *,
        pooled=True, half_p=False, one_sided_n=False, round_down=False, sign_only=False,
        peek=False):
    """The reference's computation, with one switch per catalogued mistake."""
    if n_a < 1 or n_b < 1 or not (0 <= successes_a <= n_a and 0 <= successes_b <= n_b):
        raise ValueError("bad counts")
    p_a, p_b = successes_a / n_a, successes_b / n_b
    if pooled:
        p = (successes_a + successes_b) / (n_a + n_b)
        se = math.sqrt(p * (1 - p) * (1 / n_a + 1 / n_b))
    else:
        se = math.sqrt(p_a * (1 - p_a) / n_a + p_b * (1 - p_b) / n_b)
    z = 0.0 if se == 0 else (p_b - p_a) / se
    if alternative == "two-sided":
        p_value = stats.norm.sf(abs(z)) * (1 if half_p else 2)
    else:
        p_value = stats.norm.sf(z)
    significant = bool(p_value < alpha)
    target = p_a + mde if p_a + mde <= 1 else p_a - mde
    two = alternative == "two-sided" and not one_sided_n
    z_crit = stats.norm.ppf(1 - alpha / 2 if two else 1 - alpha)
    raw = (z_crit + stats.norm.ppf(power)) ** 2 * (p_a * (1 - p_a) + target * (1 - target)) \
        / (p_a - target) ** 2
    n_needed = int(raw) if round_down else int(math.ceil(raw))
    if min(n_a, n_b) < n_needed and not peek:
        decision = "inconclusive"
    elif (significant or sign_only) and p_b > p_a:
        decision = "promote_challenger"
    else:
        decision = "keep_champion"
    return {"difference": p_b - p_a, "z": z, "p_value": min(1.0, p_value),
            "significant": significant, "n_needed": n_needed, "decision": decision}


def _make(**switch):
    def impl(successes_a, n_a, successes_b, n_b, *, alpha=0.05, power=0.8, mde=0.05,
             alternative="two-sided"):
        return _ab(successes_a, n_a, successes_b, n_b, alpha, power, mde, alternative,
                   **switch)
    return impl


_unpooled = _make(pooled=False)
_unpooled.__doc__ = "Uses the unpooled standard error sqrt(p_a(1-p_a)/n_a + p_b(1-p_b)/n_b)."
_half_p = _make(half_p=True)
_half_p.__doc__ = "Reports the one-sided p-value 1 - Φ(|z|) where the two-sided one is asked."
_one_sided_n = _make(one_sided_n=True)
_one_sided_n.__doc__ = "Plans the two-sided test's sample size with z_{1-alpha}."
_round_down = _make(round_down=True)
_round_down.__doc__ = "Truncates the sample size instead of rounding it up."
_sign_only = _make(sign_only=True)
_sign_only.__doc__ = "Promotes whenever the challenger's rate is higher, significant or not."
_peek = _make(peek=True)
_peek.__doc__ = "Decides before both arms reach n_needed (peeking)."


def _encode_result(value):
    if not isinstance(value, dict) or set(value) != set(AB_KEYS):
        raise OutputError({
            "pt": f"a tarefa pede um dict com exatamente as chaves {list(AB_KEYS)}.",
            "en": f"the task asks for a dict with exactly the keys {list(AB_KEYS)}.",
        })
    if value["decision"] not in AB_DECISIONS:
        raise OutputError({
            "pt": f"`decision` deve ser uma de {list(AB_DECISIONS)}, veio {value['decision']!r}.",
            "en": f"`decision` must be one of {list(AB_DECISIONS)}, got {value['decision']!r}.",
        })
    if not isinstance(value["significant"], (bool, np.bool_)):
        raise OutputError({"pt": "`significant` deve ser True ou False.",
                           "en": "`significant` must be True or False."})
    n = value["n_needed"]
    if isinstance(n, bool) or not isinstance(n, (int, float, np.integer, np.floating)) \
            or not float(n).is_integer():
        raise OutputError({
            "pt": "`n_needed` deve ser um número inteiro de decisões por braço.",
            "en": "`n_needed` must be a whole number of decisions per arm.",
        })
    return {"difference": encode_float(value["difference"]), "z": encode_float(value["z"]),
            "p_value": encode_float(value["p_value"]), "significant": bool(value["significant"]),
            "n_needed": int(n), "decision": value["decision"]}


def _case(name, counts, about=None, covers=(), **kwargs):
    return Case(name, {"args": list(counts), "kwargs": kwargs}, about=about, covers=tuple(covers))


def _public_cases():
    return [
        _case("clear-win", (800, 1000, 850, 1000),
              _about("o desafiante acerta 85% contra 80%, 1.000 decisões por braço, opções "
                     "omitidas", "the challenger is right 85% of the time against 80%, 1,000 "
                     "decisions per arm, options left out"),
              ("optional arguments left out",)),
        _case("equal-rates", (400, 500, 400, 500),
              _about("as duas taxas são iguais (80%)", "both rates are equal (80%)"),
              ("equal rates",)),
        _case("zero-successes", (0, 200, 12, 200),
              _about("nenhum acerto no braço do campeão", "no success in the champion's arm"),
              ("zero successes in one arm",)),
        _case("p-equals-alpha", (400, 1000, 400, 1000),
              _about("teste unilateral com taxas iguais e alpha = 0,5: p-valor exatamente igual "
                     "a alpha", "a one-sided test with equal rates and alpha = 0.5: a p-value "
                     "exactly equal to alpha"),
              ("a p-value exactly equal to alpha",), alpha=0.5, alternative="larger"),
        _case("one-sided", (1560, 2000, 1605, 2000),
              _about("teste unilateral ('larger') em que o bilateral não seria significativo",
                     "a one-sided ('larger') test where the two-sided one would not be "
                     "significant"),
              ("the one-sided alternative",), alternative="larger"),
        _case("challenger-worse", (1700, 2000, 1600, 2000),
              _about("o desafiante é significativamente pior", "the challenger is "
                     "significantly worse"), ("a significant difference against the "
                                              "challenger",)),
        _case("small-gain", (1600, 2000, 1615, 2000),
              _about("2.000 decisões por braço e uma vantagem de 0,75 ponto para o desafiante",
                     "2,000 decisions per arm and a 0.75-point advantage for the challenger"),
              ("a positive difference that is not significant",)),
        _case("near-one", (970, 1000, 985, 1000),
              _about("campeão em 97% com mde = 0,05: p_a + mde passaria de 1",
                     "champion at 97% with mde = 0.05: p_a + mde would pass 1"),
              ("p_a + mde above 1",)),
        _case("all-right", (300, 300, 200, 200),
              _about("todas as decisões certas nos dois braços (taxa combinada 1)",
                     "every decision right in both arms (pooled rate 1)"),
              ("a pooled rate of 1 (no variance)",)),
        _case("planning", (610, 900, 640, 900),
              _about("alpha = 0,01, poder 0,9 e mde = 0,04", "alpha = 0.01, power 0.9 and "
                     "mde = 0.04"), ("alpha, power and mde given",),
              alpha=0.01, power=0.9, mde=0.04),
        _case("empty-arm", (0, 0, 10, 50),
              _about("um braço sem nenhuma decisão (n_a = 0): deve levantar ValueError",
                     "an arm without decisions (n_a = 0): must raise ValueError"),
              ("a rule refused: an arm with n = 0",)),
    ]


def _probes():
    return [
        _case("probe-pooling", (300, 1000, 200, 400), mde=0.2),
        _case("probe-two-sided", (800, 1000, 830, 1000), mde=0.2),
        _case("probe-planning", (700, 5000, 760, 5000), mde=0.03),
        _case("probe-not-significant", (800, 1000, 815, 1000)),
        _case("probe-early", (160, 200, 185, 200)),
    ]


def _hidden_cases(rng):
    cases = []
    for i in range(3):
        n_a, n_b = (int(v) for v in rng.integers(300, 3000, 2))
        p_a = float(rng.uniform(0.55, 0.9))
        p_b = min(0.99, p_a + float(rng.uniform(-0.05, 0.08)))
        kwargs = {"alpha": float(rng.choice([0.01, 0.05, 0.1])),
                  "power": float(rng.choice([0.8, 0.9])),
                  "mde": float(rng.choice([0.03, 0.05, 0.08])),
                  "alternative": str(rng.choice(["two-sided", "larger"]))}
        counts = [int(rng.binomial(n_a, p_a)), n_a, int(rng.binomial(n_b, p_b)), n_b]
        cases.append(Case(f"hidden-{i}", {"args": counts, "kwargs": kwargs}))
    return cases


_CODE = ("```python\np_a, p_b = successes_a / n_a, successes_b / n_b\n"
         "p = (successes_a + successes_b) / (n_a + n_b)\n"
         "se = math.sqrt(p * (1 - p) * (1 / n_a + 1 / n_b))\n"
         "z = 0.0 if se == 0 else (p_b - p_a) / se\n"
         "p_value = 2 * stats.norm.sf(abs(z)) if alternative == \"two-sided\" "
         "else stats.norm.sf(z)\n"
         "n_needed = sample_size_per_arm(p_a, target, alpha=alpha, power=power,\n"
         "                               alternative=alternative)\n```")

SPEC = TaskSpec(
    lesson=LESSON,
    task="feedback.ab_test",
    number=5,
    name=_about("teste A/B", "A/B test"),
    entry="ab_test",
    points=3,
    reference="mlopskit.feedback:ab_test",
    encode=_encode_result,
    public_cases=_public_cases,
    hidden_cases=_hidden_cases,
    probes=_probes,
    hints=[
        _about("Sob a hipótese nula as duas taxas são iguais: por isso o erro padrão usa a "
               "taxa COMBINADA dos dois braços. O tamanho de amostra vem ANTES da decisão: "
               "enquanto um braço tiver menos de `n_needed` decisões, olhar o p-valor e parar "
               "é espiar, e espiar infla os falsos positivos.",
               "Under the null hypothesis both rates are equal: that is why the standard "
               "error uses the POOLED rate of both arms. The sample size comes BEFORE the "
               "decision: while an arm has fewer than `n_needed` decisions, looking at the "
               "p-value and stopping is peeking, and peeking inflates false positives."),
        _about("Bilateral: p = 2·(1 − Φ(|z|)) e z crítico z_{1−α/2}; unilateral ('larger'): "
               "p = 1 − Φ(z) e z_{1−α}. Arredonde o tamanho de amostra PARA CIMA "
               "(`math.ceil`). Ordem da decisão: n insuficiente → 'inconclusive'; "
               "significativo (p < alpha) e diferença > 0 → 'promote_challenger'; senão "
               "'keep_champion'.",
               "Two-sided: p = 2·(1 − Φ(|z|)) and critical z_{1−α/2}; one-sided ('larger'): "
               "p = 1 − Φ(z) and z_{1−α}. Round the sample size UP (`math.ceil`). Order of "
               "the decision: too few decisions → 'inconclusive'; significant (p < alpha) and "
               "difference > 0 → 'promote_challenger'; else 'keep_champion'."),
        _about(_CODE, _CODE),
    ],
    misconceptions=[
        Misconception("ab.unpooled_se", _unpooled, _about(
            "Seu erro padrão usa a variância de cada braço separadamente (não combinada). O "
            "teste pedido supõe, sob a hipótese nula, uma taxa comum: use a taxa combinada "
            "p = (sucessos_a + sucessos_b) / (n_a + n_b).",
            "Your standard error uses each arm's own variance (unpooled). The test asked for "
            "assumes one common rate under the null hypothesis: use the pooled rate "
            "p = (successes_a + successes_b) / (n_a + n_b).")),
        Misconception("ab.one_sided_p", _half_p, _about(
            "Com `alternative=\"two-sided\"` seu p-valor é o unilateral (metade do certo): "
            "uma diferença nos DOIS sentidos conta, então p = 2·(1 − Φ(|z|)).",
            "With `alternative=\"two-sided\"` your p-value is the one-sided one (half the "
            "right one): a difference in EITHER direction counts, so p = 2·(1 − Φ(|z|)).")),
        Misconception("ab.one_sided_critical_value", _one_sided_n, _about(
            "No tamanho de amostra de um teste bilateral você usou z_{1−α}; o valor crítico "
            "bilateral é z_{1−α/2}, e com o menor você planeja um teste sem o poder pedido.",
            "In the sample size of a two-sided test you used z_{1−α}; the two-sided critical "
            "value is z_{1−α/2}, and with the smaller one the test is planned without the "
            "power asked for.")),
        Misconception("ab.rounds_down", _round_down, _about(
            "Seu `n_needed` foi truncado para baixo. Uma fração de decisão não existe e "
            "arredondar para baixo deixa o teste com menos poder que o pedido: arredonde "
            "PARA CIMA (`math.ceil`).",
            "Your `n_needed` was truncated down. A fraction of a decision does not exist and "
            "rounding down leaves the test with less power than asked: round UP "
            "(`math.ceil`).")),
        Misconception("ab.decides_on_difference", _sign_only, _about(
            "Você promove o desafiante sempre que a taxa dele é maior, mesmo sem significância. "
            "Uma diferença pequena pode ser ruído: promova só quando p < alpha e a diferença "
            "for positiva.",
            "You promote the challenger whenever its rate is higher, even without "
            "significance. A small difference may be noise: promote only when p < alpha and "
            "the difference is positive.")),
        Misconception("ab.peeks", _peek, _about(
            "Você decide antes de os dois braços terem `n_needed` decisões. Isso é espiar: "
            "testar a cada lote e parar no primeiro resultado significativo infla os falsos "
            "positivos. Até lá a decisão é 'inconclusive'.",
            "You decide before both arms have `n_needed` decisions. That is peeking: testing "
            "after every batch and stopping at the first significant result inflates false "
            "positives. Until then the decision is 'inconclusive'.")),
    ],
)
