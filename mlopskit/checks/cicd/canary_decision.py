"""Task 7 of lesson 05_cicd: a canary decision (``cicd.canary_decision``).

Everything that defines the task sits here: its catalogued misconceptions (deliberately
wrong code: fingerprints, not solutions), its cases and its spec. The reference is
``mlopskit.cicd:canary_decision``; the notebook cells are ``canary_decision-*``.
"""

from __future__ import annotations

from mlopskit.checks._core import Case, Misconception, TaskSpec
from mlopskit.checks.cicd import LESSON
from mlopskit.checks.cicd._common import encode_decision
from mlopskit.cicd import DEFAULT_CANARY_POLICY
from mlopskit.languages import bilingual as _about


def _decide(stats, policy=None, *, counts=False, traffic=True, at_min="decide",
            errors="difference", latency=True):
    policy = {**DEFAULT_CANARY_POLICY, **(policy or {})}
    canary, stable = stats["canary"], stats["stable"]
    if stable["requests"] == 0:
        raise ValueError("stable served no requests")
    if traffic:
        short = canary["requests"] <= policy["min_requests"] if at_min == "continue" \
            else canary["requests"] < policy["min_requests"]
        if short:
            return "continue"
    if counts:
        c_rate, s_rate = canary["errors"], stable["errors"]
    else:
        c_rate = canary["errors"] / canary["requests"] if canary["requests"] else 0.0
        s_rate = stable["errors"] / stable["requests"]
    if errors == "difference":
        bad = c_rate - s_rate > policy["max_error_increase"]
    elif errors == "absolute":
        bad = abs(c_rate - s_rate) > policy["max_error_increase"]
    else:  # ratio
        bad = (c_rate / s_rate if s_rate else float("inf") if c_rate else 1.0) > \
            1 + policy["max_error_increase"]
    if bad:
        return "rollback"
    if latency and canary["p95_latency_ms"] > policy["max_latency_ratio"] * \
            stable["p95_latency_ms"]:
        return "rollback"
    return "promote"


def _counts_not_rates(stats, policy=None):
    """Compares error counts, not error rates: the stable side has far more traffic."""
    return _decide(stats, policy, counts=True)


def _ignores_traffic(stats, policy=None):
    """Decides before the canary has served enough requests."""
    return _decide(stats, policy, traffic=False)


def _min_requests_exclusive(stats, policy=None):
    """Keeps waiting when the canary has exactly ``min_requests`` requests."""
    return _decide(stats, policy, at_min="continue")


def _error_ratio(stats, policy=None):
    """Reads ``max_error_increase`` as a relative increase (a ratio of rates)."""
    return _decide(stats, policy, errors="ratio")


def _absolute_difference(stats, policy=None):
    """Rolls back when the canary's error rate differs either way, better included."""
    return _decide(stats, policy, errors="absolute")


def _latency_ignored(stats, policy=None):
    """Never looks at latency."""
    return _decide(stats, policy, latency=False)


def _side(requests, errors, p95):
    return {"requests": requests, "errors": errors, "p95_latency_ms": p95}


STABLE = _side(10_000, 100, 80.0)


def _case(name, canary, stable, pt, en, covers=(), policy=None):
    inputs = {"args": [{"canary": canary, "stable": stable}]}
    if policy is not None:
        inputs["kwargs"] = {"policy": policy}
    return Case(name, inputs, about=_about(pt, en), covers=covers)


def _public_cases():
    return [
        _case("too-early", _side(499, 40, 300.0), STABLE,
              "canário com tráfego insuficiente e ruim", "a bad canary with too little "
              "traffic", covers=("one request short of min_requests",)),
        _case("exactly-min-requests", _side(500, 5, 80.0), STABLE,
              "exatamente min_requests, tudo bem", "exactly min_requests, all fine",
              covers=("requests equal to min_requests",)),
        _case("error-increase-on-limit", _side(500, 5, 60.0), _side(1000, 0, 60.0),
              "aumento de erro igual ao tolerado", "an error increase equal to the allowance",
              covers=("error increase equal to max_error_increase",)),
        _case("errors-up", _side(2000, 60, 70.0), STABLE, "taxa de erro 3% contra 1%",
              "error rate 3% against 1%"),
        _case("latency-on-limit", _side(800, 8, 96.0), STABLE,
              "latência igual a 1,2 vez a estável", "latency equal to 1.2 times the stable "
              "one", covers=("latency equal to the allowed ratio",)),
        _case("latency-up", _side(800, 8, 97.0), STABLE, "latência acima do tolerado",
              "latency above the allowance"),
        _case("canary-better", _side(1000, 0, 50.0), _side(10_000, 250, 80.0), "o canário erra menos",
              "the canary makes fewer errors", covers=("the canary is better",)),
        _case("few-errors-high-rate", _side(600, 30, 80.0), STABLE,
              "menos erros em número, mas taxa maior", "fewer errors in number, but a higher "
              "rate"),
        _case("own-policy", _side(100, 4, 100.0), _side(5000, 100, 90.0),
              "política própria (só min_requests mudado)",
              "own policy (only min_requests changed)", policy={"min_requests": 100},
              covers=("a partial policy",)),
        _case("stable-without-traffic", _side(600, 3, 80.0), _side(0, 0, 80.0),
              "versão estável sem requisições: ValueError", "a stable version with no "
              "requests: ValueError", covers=("empty stable side",)),
    ]


def _hidden_cases(rng):
    cases = []
    for i in range(5):
        s_req = int(rng.integers(2000, 20000))
        stable = _side(s_req, int(s_req * rng.uniform(0.0, 0.03)), float(rng.integers(50, 120)))
        c_req = int(rng.choice([int(rng.integers(100, 499)), int(rng.integers(500, 3000))]))
        canary = _side(c_req, int(c_req * rng.uniform(0.0, 0.05)),
                       float(stable["p95_latency_ms"] * rng.choice([0.8, 1.0, 1.1, 1.5])))
        cases.append(Case(f"hidden-{i}", {"args": [{"canary": canary, "stable": stable}]}))
    return cases


def _probes():
    return [
        Case("probe-at-min", {"args": [{"canary": _side(500, 0, 80.0), "stable": STABLE}]}),
        Case("probe-early", {"args": [{"canary": _side(10, 5, 80.0), "stable": STABLE}]}),
        Case("probe-better", {"args": [{"canary": _side(1000, 0, 80.0), "stable": STABLE}]}),
        Case("probe-rate", {"args": [{"canary": _side(1000, 50, 80.0), "stable": STABLE}]}),
        Case("probe-ratio", {"args": [{"canary": _side(1000, 15, 80.0), "stable": STABLE}]}),
        Case("probe-latency", {"args": [{"canary": _side(1000, 10, 200.0), "stable": STABLE}]}),
    ]


SPEC = TaskSpec(
    lesson=LESSON,
    task="cicd.canary_decision",
    number=7,
    name=_about("decisão do canário", "canary decision"),
    entry="canary_decision",
    points=2,
    reference="mlopskit.cicd:canary_decision",
    encode=encode_decision,
    public_cases=_public_cases,
    hidden_cases=_hidden_cases,
    probes=_probes,
    protocol={"kind": "function", "immutable": True},
    hints=[
        _about("Um canário recebe uma fatia pequena do tráfego. Primeiro espere tráfego "
               "suficiente; depois compare TAXAS (erros por requisição), porque as duas "
               "versões atendem volumes muito diferentes; por fim a latência.",
               "A canary gets a small slice of the traffic. First wait for enough traffic; "
               "then compare RATES (errors per request), because the two versions serve very "
               "different volumes; then latency."),
        _about("Ordem: `requests < min_requests` → \"continue\"; aumento da taxa de erro "
               "(canário menos estável) acima de `max_error_increase` → \"rollback\"; p95 do "
               "canário acima de `max_latency_ratio` vezes o da estável → \"rollback\"; senão "
               "\"promote\". Igual ao limite está dentro.",
               "Order: `requests < min_requests` → \"continue\"; an error-rate increase "
               "(canary minus stable) above `max_error_increase` → \"rollback\"; the canary's "
               "p95 above `max_latency_ratio` times the stable one → \"rollback\"; otherwise "
               "\"promote\". Equal to a limit is within it."),
        _about("`policy = {**DEFAULT_CANARY_POLICY, **(policy or {})}`; `rate = lambda s: "
               "s['errors'] / s['requests']`; `if rate(c) - rate(s) > "
               "policy['max_error_increase']: return 'rollback'`.",
               "`policy = {**DEFAULT_CANARY_POLICY, **(policy or {})}`; `rate = lambda s: "
               "s['errors'] / s['requests']`; `if rate(c) - rate(s) > "
               "policy['max_error_increase']: return 'rollback'`."),
    ],
    misconceptions=[
        Misconception("canary_decision.counts_not_rates", _counts_not_rates, _about(
            "Você comparou NÚMEROS de erros. A versão estável atende muito mais requisições; "
            "compare taxas (erros / requisições).",
            "You compared NUMBERS of errors. The stable version serves far more requests; "
            "compare rates (errors / requests).")),
        Misconception("canary_decision.ignores_traffic", _ignores_traffic, _about(
            "Você decidiu antes de o canário ter tráfego suficiente. Com poucas requisições "
            "a taxa é puro ruído: responda \"continue\" abaixo de `min_requests`.",
            "You decided before the canary had enough traffic. With few requests the rate "
            "is pure noise: answer \"continue\" below `min_requests`.")),
        Misconception("canary_decision.min_requests_exclusive", _min_requests_exclusive, _about(
            "Com exatamente `min_requests` requisições o tráfego já basta; você continuou "
            "esperando (`<=` no lugar de `<`).",
            "With exactly `min_requests` requests there is enough traffic; you kept waiting "
            "(`<=` instead of `<`).")),
        Misconception("canary_decision.error_ratio", _error_ratio, _about(
            "Você leu `max_error_increase` como aumento RELATIVO (uma razão de taxas). Ele é "
            "uma diferença absoluta de taxas: canário menos estável.",
            "You read `max_error_increase` as a RELATIVE increase (a ratio of rates). It is "
            "an absolute difference of rates: canary minus stable.")),
        Misconception("canary_decision.absolute_difference", _absolute_difference, _about(
            "Você reverteu um canário que erra MENOS que a estável (diferença em módulo). Só "
            "um aumento de erro é motivo de reversão.",
            "You rolled back a canary that errs LESS than the stable one (an absolute "
            "difference). Only an increase in errors is a reason to roll back.")),
        Misconception("canary_decision.latency_ignored", _latency_ignored, _about(
            "Sua decisão nunca olha a latência: um canário lento demais foi promovido.",
            "Your decision never looks at latency: a canary that is too slow was "
            "promoted.")),
    ],
)
