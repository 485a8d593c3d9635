"""Task 4 of lesson 06_feedback: the retraining decision (``feedback.should_retrain``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.feedback:should_retrain``; the notebook cells are ``should_retrain-*``.
"""

from __future__ import annotations

from mlopskit.checks._core import Case, Misconception, OutputError, TaskSpec
from mlopskit.checks.feedback import LESSON
from mlopskit.feedback import ACTIONS, REASONS, should_retrain
from mlopskit.languages import bilingual as _about


def _decide(history, policy, *, at_limit=False, unknown_is_bad=False, guards=True,
            inclusive_cooldown=False):
    """The reference's rule, with one switch per catalogued mistake."""
    over = (lambda a, b: a >= b) if at_limit else (lambda a, b: a > b)
    triggers = []
    if over(history["drift_share"], policy["max_drift_share"]):
        triggers.append("drift")
    acc = history["accuracy_low"]
    if (acc is None and unknown_is_bad) or (acc is not None and acc < policy["min_accuracy"]):
        triggers.append("accuracy")
    if over(history["fairness_gap"], policy["max_fairness_gap"]):
        triggers.append("fairness")
    if not triggers:
        return {"action": "keep", "reasons": []}
    held = []
    if guards and history["new_labels"] < policy["min_new_labels"]:
        held.append("too_few_labels")
    days = history["days_since_retrain"]
    if guards and (days <= policy["cooldown_days"] if inclusive_cooldown
                   else days < policy["cooldown_days"]):
        held.append("cooldown")
    return {"action": "wait" if held else "retrain", "reasons": triggers + held}


def _ignores_guards(history, policy):
    """Retrains on any signal, with no look at the data available or the cooldown."""
    return _decide(history, policy, guards=False)


def _unknown_accuracy_is_bad(history, policy):
    """Counts an accuracy not yet measurable (None) as a drop."""
    return _decide(history, policy, unknown_is_bad=True)


def _limit_triggers(history, policy):
    """Counts a drift share or fairness gap equal to its limit as a breach (>= for >)."""
    return _decide(history, policy, at_limit=True)


def _inclusive_cooldown(history, policy):
    """Still in cooldown on day ``cooldown_days`` itself (<= for <)."""
    return _decide(history, policy, inclusive_cooldown=True)


def _first_reason_only(history, policy):
    """Reports only the first reason found."""
    decision = should_retrain(history, policy)
    return {"action": decision["action"], "reasons": decision["reasons"][:1]}


def _encode_decision(value):
    if not isinstance(value, dict) or set(value) != {"action", "reasons"}:
        raise OutputError({
            "pt": "a tarefa pede um dict com exatamente as chaves 'action' e 'reasons'.",
            "en": "the task asks for a dict with exactly the keys 'action' and 'reasons'.",
        })
    if value["action"] not in ACTIONS:
        raise OutputError({
            "pt": f"`action` deve ser uma de {list(ACTIONS)}, veio {value['action']!r}.",
            "en": f"`action` must be one of {list(ACTIONS)}, got {value['action']!r}.",
        })
    reasons = value["reasons"]
    if not isinstance(reasons, (list, tuple)) or any(r not in REASONS for r in reasons):
        raise OutputError({
            "pt": f"`reasons` deve ser uma lista com códigos de {list(REASONS)}.",
            "en": f"`reasons` must be a list of codes from {list(REASONS)}.",
        })
    return {"action": value["action"], "reasons": list(reasons)}


POLICY = {"max_drift_share": 0.3, "min_accuracy": 0.8, "max_fairness_gap": 0.1,
          "min_new_labels": 500, "cooldown_days": 30}
CALM = {"drift_share": 0.1, "accuracy_low": 0.86, "fairness_gap": 0.04, "new_labels": 900,
        "days_since_retrain": 60}


def _case(name, about=None, covers=(), policy=POLICY, **changes):
    return Case(name, {"args": [{**CALM, **changes}, dict(policy)]}, about=about,
                covers=tuple(covers))


def _public_cases():
    return [
        _case("calm-month", _about("nenhum sinal: manter o modelo", "no signal: keep the model"),
              ("no signal at all",)),
        _case("everything-wrong", _about("deriva, acurácia e equidade fora da política",
                                         "drift, accuracy and fairness out of policy"),
              ("every signal at once",), drift_share=0.6, accuracy_low=0.7, fairness_gap=0.2),
        _case("on-the-limits", _about("valores exatamente nos limites da política",
                                      "values exactly on the policy's limits"),
              ("values exactly on every limit",), drift_share=0.3, accuracy_low=0.8,
              fairness_gap=0.1, new_labels=500, days_since_retrain=30),
        _case("few-labels-fresh-model", _about("deriva, mas poucos rótulos e retreino recente",
                                               "drift, but few labels and a recent retrain"),
              ("both guards hold it back",), drift_share=0.5, new_labels=120,
              days_since_retrain=10),
        _case("labels-not-in-yet", _about("acurácia ainda não mensurável (None) e deriva",
                                          "accuracy not measurable yet (None) and drift"),
              ("accuracy unknown (None)",), accuracy_low=None, drift_share=0.45),
        _case("unknown-accuracy-alone", _about("só a acurácia desconhecida: manter",
                                               "only an unknown accuracy: keep"),
              ("accuracy unknown and nothing else",), accuracy_low=None),
        _case("cooldown-ends-today", _about("equidade fora e cooldown terminando hoje",
                                            "fairness out and the cooldown ending today"),
              ("the cooldown's last day",), fairness_gap=0.15, days_since_retrain=30),
        Case("missing-signal", {"args": [{k: v for k, v in CALM.items() if k != "fairness_gap"},
                                         dict(POLICY)]},
             about=_about("falta `fairness_gap`: deve levantar ValueError",
                          "`fairness_gap` is missing: must raise ValueError"),
             covers=("a rule refused: a missing signal",)),
    ]


def _probes():
    return [
        _case("probe-guard", drift_share=0.5, new_labels=10),
        _case("probe-unknown", accuracy_low=None),
        _case("probe-limit", drift_share=0.3),
        _case("probe-cooldown-day", drift_share=0.5, days_since_retrain=30),
        _case("probe-two-reasons", drift_share=0.5, fairness_gap=0.3),
    ]


def _hidden_cases(rng):
    cases = []
    for i in range(4):
        history = {
            "drift_share": float(rng.choice([0.0, 0.2, 0.3, 0.4, 0.7])),
            "accuracy_low": None if rng.random() < 0.25 else float(rng.choice([0.7, 0.8, 0.9])),
            "fairness_gap": float(rng.choice([0.02, 0.1, 0.18])),
            "new_labels": int(rng.choice([100, 499, 500, 2000])),
            "days_since_retrain": int(rng.choice([5, 29, 30, 90])),
        }
        cases.append(Case(f"hidden-{i}", {"args": [history, dict(POLICY)]}))
    return cases


SPEC = TaskSpec(
    lesson=LESSON,
    task="feedback.should_retrain",
    number=4,
    name=_about("decisão de retreino", "retraining decision"),
    entry="should_retrain",
    points=2,
    reference="mlopskit.feedback:should_retrain",
    encode=_encode_decision,
    public_cases=_public_cases,
    hidden_cases=_hidden_cases,
    probes=_probes,
    hints=[
        _about("Separe SINAIS (algo piorou: deriva, acurácia, equidade) de TRAVAS (ainda não "
               "dá: poucos rótulos novos, retreino recente). Sem sinal, mantenha; com sinal e "
               "trava, espere; com sinal e sem trava, retreine.",
               "Separate SIGNALS (something got worse: drift, accuracy, fairness) from GUARDS "
               "(not yet: too few new labels, a recent retrain). No signal: keep; a signal and "
               "a guard: wait; a signal and no guard: retrain."),
        _about("Um valor igual ao limite está dentro da política. Acurácia `None` quer dizer "
               "'ainda não medida', não 'ruim'. Junte os motivos na ordem de `REASONS`.",
               "A value equal to its limit is within the policy. An accuracy of `None` means "
               "'not measured yet', not 'bad'. Collect the reasons in the order of "
               "`REASONS`."),
        _about("```python\nif history[\"drift_share\"] > policy[\"max_drift_share\"]:\n    "
               "triggers.append(\"drift\")\n...\nif history[\"days_since_retrain\"] < "
               "policy[\"cooldown_days\"]:\n    guards.append(\"cooldown\")\n```",
               "```python\nif history[\"drift_share\"] > policy[\"max_drift_share\"]:\n    "
               "triggers.append(\"drift\")\n...\nif history[\"days_since_retrain\"] < "
               "policy[\"cooldown_days\"]:\n    guards.append(\"cooldown\")\n```"),
    ],
    misconceptions=[
        Misconception("retrain.ignores_guards", _ignores_guards, _about(
            "Você retreina a cada sinal sem olhar as travas da política: com poucos rótulos "
            "novos ou logo depois de um retreino, a decisão é esperar ('wait').",
            "You retrain on every signal without looking at the policy's guards: with few "
            "new labels or right after a retrain, the decision is to wait ('wait').")),
        Misconception("retrain.unknown_accuracy_is_bad", _unknown_accuracy_is_bad, _about(
            "Uma acurácia `None` ainda não foi medida (poucos rótulos chegaram); ela não é "
            "um sinal de queda. Só um limite inferior abaixo de `min_accuracy` é.",
            "An accuracy of `None` has not been measured yet (too few labels arrived); it is "
            "not a sign of a drop. Only a lower bound below `min_accuracy` is.")),
        Misconception("retrain.limit_is_breach", _limit_triggers, _about(
            "Um valor IGUAL ao limite da política ainda está dentro dela: a deriva e a "
            "lacuna de equidade disparam só ACIMA do limite (`>`).",
            "A value EQUAL to the policy's limit is still within it: drift and the fairness "
            "gap trigger only ABOVE the limit (`>`).")),
        Misconception("retrain.inclusive_cooldown", _inclusive_cooldown, _about(
            "No dia `cooldown_days` o período de espera já acabou: a trava vale só enquanto "
            "`days_since_retrain < cooldown_days`.",
            "On day `cooldown_days` the waiting period is over: the guard holds only while "
            "`days_since_retrain < cooldown_days`.")),
        Misconception("retrain.first_reason_only", _first_reason_only, _about(
            "Você devolve só o primeiro motivo. Quem aprova o retreino precisa de TODOS: "
            "cada sinal e cada trava, na ordem de `REASONS`.",
            "You return the first reason only. Whoever approves the retrain needs ALL of "
            "them: every signal and every guard, in the order of `REASONS`.")),
    ],
)
