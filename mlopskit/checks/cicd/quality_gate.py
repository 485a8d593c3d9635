"""Task 2 of lesson 05_cicd: a quality gate (``cicd.quality_gate``).

Everything that defines the task sits here: its catalogued misconceptions (deliberately
wrong code: fingerprints, not solutions), its cases and its spec. The reference is
``mlopskit.cicd:quality_gate``; the notebook cells are ``quality_gate-*``.
"""

from __future__ import annotations

from mlopskit.checks._core import Case, Misconception, TaskSpec
from mlopskit.checks.cicd import LESSON
from mlopskit.checks.cicd._common import encode_gate
from mlopskit.cicd import DEFAULT_POLICY
from mlopskit.languages import bilingual as _about


def _gate(candidate, champion=None, policy=None, *, strict=False, drop=None,
          skip_missing=False, needs_champion=False):
    policy = DEFAULT_POLICY if policy is None else policy
    failures = []
    for kind in ("min", "max"):
        for metric, threshold in policy.get(kind, {}).items():
            if metric not in candidate:
                if not skip_missing:
                    failures.append(f"missing:{metric}")
                continue
            value = candidate[metric]
            if kind == "min":
                bad = value <= threshold if strict else value < threshold
            else:
                bad = value >= threshold if strict else value > threshold
            if bad:
                failures.append(f"{kind}:{metric}")
    for metric, allowed in policy.get("max_drop", {}).items():
        if champion is None and not needs_champion:
            continue
        if metric not in champion:
            continue
        if metric not in candidate:
            if not skip_missing:
                failures.append(f"missing:{metric}")
            continue
        loss = (drop or (lambda old, new: old - new))(champion[metric], candidate[metric])
        if loss > allowed:
            failures.append(f"drop:{metric}")
    return {"passed": not failures, "failures": failures}


def _strict_thresholds(candidate, champion=None, policy=None):
    """Fails a metric equal to its threshold (`<=` / `>=` for `<` / `>`)."""
    return _gate(candidate, champion, policy, strict=True)


def _relative_drop(candidate, champion=None, policy=None):
    """Measures the drop relative to the champion's value, not in absolute points."""
    return _gate(candidate, champion, policy, drop=lambda old, new: (old - new) / old)


def _flipped_drop(candidate, champion=None, policy=None):
    """Computes candidate - champion: an improvement counts as a drop."""
    return _gate(candidate, champion, policy, drop=lambda old, new: new - old)


def _missing_ignored(candidate, champion=None, policy=None):
    """Skips a metric the candidate does not report instead of failing it."""
    return _gate(candidate, champion, policy, skip_missing=True)


def _needs_champion(candidate, champion=None, policy=None):
    """Reads the champion's metrics even when there is no champion (crashes on None)."""
    return _gate(candidate, champion, policy, needs_champion=True)


GOOD = {"accuracy": 0.86, "auc": 0.9, "fairness_gap": 0.04, "drift": 0.02, "latency_ms": 35.0}
CHAMPION = {"accuracy": 0.85, "auc": 0.9}


def _case(name, args, pt, en, covers=(), kwargs=None):
    inputs = {"args": args}
    if kwargs:
        inputs["kwargs"] = kwargs
    return Case(name, inputs, about=_about(pt, en), covers=covers)


def _public_cases():
    return [
        _case("all-pass", [GOOD, CHAMPION], "tudo dentro da política padrão",
              "everything within the default policy"),
        _case("on-the-thresholds",
              [{"accuracy": 0.8, "auc": 0.75, "fairness_gap": 0.1, "drift": 0.1,
                "latency_ms": 100.0}, {"accuracy": 0.875, "auc": 0.875}],
              "métricas iguais aos limiares e queda igual à permitida",
              "metrics equal to their thresholds and a drop equal to the allowance",
              covers=("a metric equal to min", "a metric equal to max",
                      "a drop equal to max_drop"),
              kwargs={"policy": {**DEFAULT_POLICY,
                                 "max_drop": {"accuracy": 0.125, "auc": 0.125}}}),
        _case("no-champion", [{**GOOD, "accuracy": 0.81}],
              "primeiro modelo: não há campeão (argumento omitido)",
              "first model: there is no champion (argument left out)",
              covers=("champion left out",)),
        _case("every-rule", [{"accuracy": 0.7, "fairness_gap": 0.3, "drift": 0.25,
                              "latency_ms": 250.0, "auc": 0.6}, CHAMPION],
              "todas as regras falham", "every rule fails",
              covers=("every rule refuses an input",)),
        _case("better-than-champion", [{**GOOD, "accuracy": 0.95, "auc": 0.97}, CHAMPION],
              "o candidato é bem melhor que o campeão", "the candidate is much better than "
              "the champion", covers=("an improvement is not a drop",)),
        _case("metric-missing", [{"accuracy": 0.9, "drift": 0.01, "latency_ms": 10.0},
                                 {"accuracy": 0.9, "auc": 0.8, "latency_ms": 12.0}],
              "o candidato não informa duas métricas exigidas",
              "the candidate lacks two required metrics",
              covers=("a metric the policy needs is missing",)),
        _case("small-drop", [{**GOOD, "accuracy": 0.5, "auc": 0.5},
                             {"accuracy": 0.625, "auc": 0.53125}],
              "política própria: queda absoluta pequena em AUC, grande em acurácia",
              "own policy: a small absolute drop in AUC, a large one in accuracy",
              kwargs={"policy": {"max_drop": {"accuracy": 0.0625, "auc": 0.0625}}},
              covers=("policy with only max_drop",)),
    ]


def _hidden_cases(rng):
    cases = []
    for i in range(5):
        cand = {"accuracy": float(rng.choice([0.75, 0.8, 0.82, 0.9])),
                "auc": float(rng.choice([0.7, 0.8, 0.85])),
                "fairness_gap": float(rng.choice([0.0, 0.05, 0.1, 0.2])),
                "drift": float(rng.choice([0.01, 0.1, 0.3])),
                "latency_ms": float(rng.choice([20.0, 100.0, 140.0]))}
        if rng.random() < 0.3:
            cand.pop(str(rng.choice(list(cand))))
        champ = None if rng.random() < 0.25 else {
            "accuracy": float(rng.choice([0.5, 0.75, 0.875])),
            "auc": float(rng.choice([0.625, 0.75, 0.9]))}
        cases.append(Case(f"hidden-{i}", {"args": [cand, champ]}))
    return cases


def _probes():
    policy = {"min": {"accuracy": 0.5}, "max": {"drift": 0.25},
              "max_drop": {"auc": 0.125}}
    return [
        Case("probe-on-min", {"args": [{"accuracy": 0.5, "drift": 0.0, "auc": 0.5}, None],
                              "kwargs": {"policy": policy}}),
        Case("probe-on-max", {"args": [{"accuracy": 1.0, "drift": 0.25, "auc": 0.5}, None],
                              "kwargs": {"policy": policy}}),
        Case("probe-relative", {"args": [{"accuracy": 1.0, "drift": 0.0, "auc": 0.25},
                                         {"auc": 0.5}], "kwargs": {"policy": policy}}),
        Case("probe-improve", {"args": [{"accuracy": 1.0, "drift": 0.0, "auc": 1.0},
                                        {"auc": 0.5}], "kwargs": {"policy": policy}}),
        Case("probe-missing", {"args": [{"drift": 0.0}, {"auc": 0.5}],
                               "kwargs": {"policy": policy}}),
        Case("probe-none", {"args": [{"accuracy": 1.0, "drift": 0.0, "auc": 1.0}, None],
                            "kwargs": {"policy": policy}}),
    ]


SPEC = TaskSpec(
    lesson=LESSON,
    task="cicd.quality_gate",
    number=2,
    name=_about("portão de qualidade", "quality gate"),
    entry="quality_gate",
    points=3,
    reference="mlopskit.cicd:quality_gate",
    encode=encode_gate,
    public_cases=_public_cases,
    hidden_cases=_hidden_cases,
    probes=_probes,
    protocol={"kind": "function", "immutable": True},
    hints=[
        _about("Um portão aplica regras fixas (mínimos e máximos) e regras relativas ao campeão "
               "(\"não piorar mais que X\"). Um valor igual ao limite passa; uma métrica exigida "
               "que falta é uma falha, não um passe livre.",
               "A gate applies fixed rules (floors and ceilings) and rules relative to the "
               "champion (\"no worse than X\"). A value equal to its limit passes; a required "
               "metric that is missing is a failure, not a free pass."),
        _about("Percorra `policy['min']`, depois `policy['max']`, depois `policy['max_drop']`; "
               "pule as regras de queda quando `champion` é None ou não tem a métrica. A "
               "queda é absoluta: `champion[m] - candidate[m]`.",
               "Walk `policy['min']`, then `policy['max']`, then `policy['max_drop']`; skip "
               "the drop rules when `champion` is None or lacks the metric. The drop is "
               "absolute: `champion[m] - candidate[m]`."),
        _about("`if m not in candidate: failures.append(f'missing:{m}')` / `elif "
               "candidate[m] < floor: failures.append(f'min:{m}')`; no fim, "
               "`return {'passed': not failures, 'failures': failures}`.",
               "`if m not in candidate: failures.append(f'missing:{m}')` / `elif "
               "candidate[m] < floor: failures.append(f'min:{m}')`; at the end, "
               "`return {'passed': not failures, 'failures': failures}`."),
    ],
    misconceptions=[
        Misconception("quality_gate.strict_thresholds", _strict_thresholds, _about(
            "Uma métrica IGUAL ao limiar foi reprovada. O limiar é o pior valor aceito: "
            "reprove só abaixo do mínimo (`<`) ou acima do máximo (`>`).",
            "A metric EQUAL to its threshold failed. The threshold is the worst accepted "
            "value: fail only below the floor (`<`) or above the ceiling (`>`).")),
        Misconception("quality_gate.relative_drop", _relative_drop, _about(
            "Você mediu a queda em relação ao valor do campeão (uma razão). `max_drop` é em "
            "pontos absolutos: `champion[m] - candidate[m]`.",
            "You measured the drop relative to the champion's value (a ratio). `max_drop` is "
            "in absolute points: `champion[m] - candidate[m]`.")),
        Misconception("quality_gate.flipped_drop", _flipped_drop, _about(
            "A subtração da queda está invertida: um candidato MELHOR que o campeão foi "
            "reprovado. A queda é `champion[m] - candidate[m]`.",
            "The drop is subtracted the wrong way round: a candidate BETTER than the "
            "champion failed. The drop is `champion[m] - candidate[m]`.")),
        Misconception("quality_gate.missing_ignored", _missing_ignored, _about(
            "Uma métrica exigida pela política e ausente no candidato passou sem aviso. Sem "
            "medida não há aprovação: relate `missing:<métrica>`.",
            "A metric the policy requires and the candidate lacks passed silently. No "
            "measurement, no approval: report `missing:<metric>`.")),
        Misconception("quality_gate.needs_champion", _needs_champion, _about(
            "Seu portão quebra quando não há campeão (`champion=None`, o primeiro modelo). "
            "Nesse caso pule as regras `max_drop`.",
            "Your gate breaks when there is no champion (`champion=None`, the first model). "
            "Then skip the `max_drop` rules.")),
    ],
)
