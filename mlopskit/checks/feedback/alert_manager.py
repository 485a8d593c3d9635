"""Task 3 of lesson 06_feedback: alerts (``feedback.alert_manager``).

Graded as scenarios: a fresh ``AlertManager`` receives a sequence of observations, and
each call's result is compared, then the alerts it wrote to the audit trail (``trail``).
The reference is ``mlopskit.feedback:AlertManager``; the notebook cells are
``alert_manager-*``.
"""

from __future__ import annotations

from mlopskit.checks._core import Case, Misconception, OutputError, TaskSpec
from mlopskit.checks.feedback import LESSON
from mlopskit.feedback import _RANK, AlertManager
from mlopskit.languages import bilingual as _about


class _StrictThreshold(AlertManager):
    """A value equal to a threshold does not reach it (> for >=)."""

    def severity(self, metric, value):
        reached = [s for s, threshold in self.rules[metric] if value > threshold]
        return reached[-1] if reached else None


class _LowestSeverity(AlertManager):
    """Takes the first (mildest) level reached instead of the most severe."""

    def severity(self, metric, value):
        reached = [s for s, threshold in self.rules[metric] if value >= threshold]
        return reached[0] if reached else None


class _Silencer(AlertManager):
    """The reference's observe with a pluggable silencing rule and audit."""

    log_silenced = False

    def _silenced(self, metric, t, level):
        last = self._last.get(metric)
        return last is not None and t - last[0] < self.cooldown and \
            _RANK[level] <= _RANK[last[1]]

    def observe(self, t, metric, value):
        if metric not in self.rules:
            raise ValueError(f"no rule for {metric!r}")
        if self._now is not None and t < self._now:
            raise ValueError("time goes forward")
        self._now = t
        level = self.severity(metric, value)
        if level is None:
            return None
        if self._silenced(metric, t, level):
            if self.log_silenced:
                self.audit_log.log_event("alert", "monitor", {"t": t, "metric": metric,
                                                              "severity": level, "value": value})
            return None
        self._last[metric] = (t, level)
        self._last["__any__"] = (t, level)
        self.audit_log.log_event("alert", "monitor", {"t": t, "metric": metric,
                                                      "severity": level, "value": value})
        return level


class _NoEscalation(_Silencer):
    """Silences every repeat within the cooldown, even a more severe one."""

    def _silenced(self, metric, t, level):
        last = self._last.get(metric)
        return last is not None and t - last[0] < self.cooldown


class _CooldownInclusive(_Silencer):
    """Silences a repeat exactly ``cooldown`` later too (<= for <)."""

    def _silenced(self, metric, t, level):
        last = self._last.get(metric)
        return last is not None and t - last[0] <= self.cooldown and \
            _RANK[level] <= _RANK[last[1]]


class _LogsSilenced(_Silencer):
    """Writes the silenced repeats to the audit trail too."""

    log_silenced = True


class _GlobalCooldown(_Silencer):
    """One cooldown for all metrics: an alert on one silences the others."""

    def _silenced(self, metric, t, level):
        last = self._last.get("__any__")
        return last is not None and t - last[0] < self.cooldown and \
            _RANK[level] <= _RANK[last[1]]


def _encode_steps(value):
    if not isinstance(value, list):
        raise OutputError({"pt": "o cenário deveria devolver uma lista de passos.",
                           "en": "the scenario should return a list of steps."})
    out = []
    for step in value:
        if "raised" in step:
            out.append({"raised": step["raised"]})
            continue
        result = step["ok"]
        if result is not None and not isinstance(result, (str, list)):
            raise OutputError({
                "pt": f"`observe` deve devolver a severidade (um texto) ou None, e `trail` "
                f"uma lista; veio {type(result).__name__}.",
                "en": f"`observe` must return the severity (a string) or None, and `trail` "
                f"a list; got {type(result).__name__}.",
            })
        if isinstance(result, list):
            try:
                result = [[float(t), str(m), str(s)] for t, m, s in result]
            except (TypeError, ValueError):
                raise OutputError({
                    "pt": "`trail()` deve devolver uma lista de [t, métrica, severidade].",
                    "en": "`trail()` must return a list of [t, metric, severity].",
                }) from None
        out.append({"ok": result})
    return out


_RULES = {"psi": {"info": 0.1, "warning": 0.2, "critical": 0.3},
          "error_rate": {"warning": 0.15, "critical": 0.25}}


def _scenario(name, observations, *, cooldown=3, rules=_RULES, about=None, covers=()):
    steps = [{"call": "observe", "args": list(o)} for o in observations]
    steps.append({"call": "trail"})
    return Case(name, {"init": {"rules": rules, "cooldown": cooldown,
                                "audit_log": {"audit_log": {}}}, "steps": steps},
                about=about, covers=tuple(covers))


def _public_cases():
    return [
        _scenario("a-bad-month", [(0, "psi", 0.05), (1, "psi", 0.22), (2, "psi", 0.24),
                                  (3, "error_rate", 0.16), (4, "psi", 0.35), (5, "psi", 0.4),
                                  (9, "psi", 0.21), (10, "error_rate", 0.3)],
                  about=_about("deriva que piora, um erro que sobe, repetições silenciadas",
                               "worsening drift, a rising error rate, repeats silenced")),
        _scenario("on-the-thresholds", [(0, "psi", 0.1), (1, "error_rate", 0.15),
                                        (5, "psi", 0.3), (6, "error_rate", 0.25)],
                  about=_about("valores exatamente nos limiares", "values exactly on thresholds"),
                  covers=("a value exactly on a threshold",)),
        _scenario("cooldown-edge", [(0, "psi", 0.25), (2, "psi", 0.25), (3, "psi", 0.25),
                                    (4, "psi", 0.12), (6, "psi", 0.26)],
                  about=_about("uma repetição exatamente `cooldown` depois", "a repeat exactly "
                               "`cooldown` later"),
                  covers=("a repeat exactly cooldown later",
                          "a milder alert within the cooldown")),
        _scenario("escalation", [(0, "error_rate", 0.2), (1, "error_rate", 0.3),
                                 (2, "error_rate", 0.2), (2, "psi", 0.31)],
                  about=_about("uma escalada dentro do cooldown, e outra métrica no mesmo "
                               "instante", "an escalation within the cooldown, and another "
                               "metric at the same moment"),
                  covers=("an escalation within the cooldown",
                          "two metrics at the same moment")),
        _scenario("quiet", [], about=_about("nenhuma observação: a trilha fica vazia",
                                            "no observation: the trail stays empty"),
                  covers=("no observation at all",)),
        _scenario("no-cooldown", [(0, "psi", 0.2), (0, "psi", 0.2), (1, "psi", 0.2)],
                  cooldown=0, about=_about("cooldown = 0: toda ocorrência alerta",
                                           "cooldown = 0: every occurrence alerts"),
                  covers=("cooldown 0",)),
        _scenario("refused", [(0, "psi", 0.2), (5, "psi", 0.25), (4, "psi", 0.3),
                              (6, "latency", 900.0)],
                  about=_about("o tempo volta e uma métrica sem regra: ValueError em cada uma",
                               "time going back and a metric without a rule: ValueError for "
                               "each"),
                  covers=("a rule refused: time going back",
                          "a rule refused: a metric without a rule")),
    ]


def _probes():
    return [
        _scenario("probe-threshold", [(0, "error_rate", 0.15)]),
        _scenario("probe-severest", [(0, "psi", 0.35)]),
        _scenario("probe-escalation", [(0, "psi", 0.2), (1, "psi", 0.3)]),
        _scenario("probe-edge", [(0, "psi", 0.2), (3, "psi", 0.2)]),
        _scenario("probe-repeat", [(0, "psi", 0.2), (1, "psi", 0.2)]),
        _scenario("probe-two-metrics", [(0, "psi", 0.2), (1, "error_rate", 0.2)]),
    ]


def _hidden_cases(rng):
    cases = []
    for i in range(2):
        t, observations = 0, []
        for _ in range(int(rng.integers(15, 40))):
            t += int(rng.integers(0, 3))
            metric = str(rng.choice(["psi", "error_rate"]))
            value = float(rng.choice([0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4]))
            observations.append((t, metric, value))
        cases.append(_scenario(f"hidden-{i}", observations,
                               cooldown=int(rng.choice([2, 3, 5]))))
    return cases


SPEC = TaskSpec(
    lesson=LESSON,
    task="feedback.alert_manager",
    number=3,
    name=_about("alertas", "alerts"),
    entry="AlertManager",
    points=3,
    reference="mlopskit.feedback:AlertManager",
    protocol={"kind": "steps"},
    encode=_encode_steps,
    public_cases=_public_cases,
    hidden_cases=_hidden_cases,
    probes=_probes,
    hints=[
        _about("Um alerta que se repete a cada minuto é ignorado: cada métrica lembra o "
               "último alerta enviado (quando e qual severidade) e só repete depois do "
               "cooldown, a menos que a situação tenha piorado.",
               "An alert repeated every minute gets ignored: each metric remembers its last "
               "alert sent (when, and how severe) and repeats only after the cooldown, unless "
               "things got worse."),
        _about("Em `observe`: valide, ache a severidade MAIS grave alcançada (`>=`), compare "
               "com o último alerta da MESMA métrica (`t - t_ultimo < cooldown` e severidade "
               "não maior silencia) e só então registre no `audit_log` e devolva.",
               "In `observe`: validate, find the MOST severe level reached (`>=`), compare "
               "with the last alert of the SAME metric (`t - t_last < cooldown` and a "
               "severity not higher silences) and only then log to `audit_log` and return."),
        _about("```python\nlast = self._last.get(metric)\nif last and t - last[0] < "
               "self.cooldown and RANK[level] <= RANK[last[1]]:\n    return None\n"
               "self._last[metric] = (t, level)\nself.audit_log.log_event(\"alert\", "
               "\"monitor\", {\"t\": t, \"metric\": metric, \"severity\": level, "
               "\"value\": value})\nreturn level\n```",
               "```python\nlast = self._last.get(metric)\nif last and t - last[0] < "
               "self.cooldown and RANK[level] <= RANK[last[1]]:\n    return None\n"
               "self._last[metric] = (t, level)\nself.audit_log.log_event(\"alert\", "
               "\"monitor\", {\"t\": t, \"metric\": metric, \"severity\": level, "
               "\"value\": value})\nreturn level\n```"),
    ],
    misconceptions=[
        Misconception("alert.strict_threshold", _StrictThreshold, _about(
            "Um valor IGUAL ao limiar já alcança a severidade: use `>=`, não `>`.",
            "A value EQUAL to the threshold already reaches the severity: use `>=`, not "
            "`>`.")),
        Misconception("alert.lowest_severity", _LowestSeverity, _about(
            "Quando vários níveis são alcançados você devolve o mais brando; o alerta leva "
            "a severidade MAIS grave alcançada.",
            "When several levels are reached you return the mildest; the alert takes the "
            "MOST severe level reached.")),
        Misconception("alert.no_escalation", _NoEscalation, _about(
            "Seu cooldown silencia também uma escalada: um alerta mais grave que o anterior "
            "deve sair na hora, mesmo dentro do cooldown.",
            "Your cooldown also silences an escalation: an alert more severe than the "
            "previous one must go out at once, even within the cooldown.")),
        Misconception("alert.cooldown_inclusive", _CooldownInclusive, _about(
            "Uma repetição exatamente `cooldown` depois já passou do período de silêncio: "
            "silencie só quando `t - t_ultimo < cooldown`.",
            "A repeat exactly `cooldown` later is past the quiet period: silence only when "
            "`t - t_last < cooldown`.")),
        Misconception("alert.logs_silenced", _LogsSilenced, _about(
            "Você grava na trilha de auditoria também os alertas silenciados. A trilha "
            "registra o que foi enviado: grave só quando o alerta sai.",
            "You write the silenced alerts to the audit trail too. The trail records what "
            "was sent: write only when the alert goes out.")),
        Misconception("alert.global_cooldown", _GlobalCooldown, _about(
            "Seu cooldown vale para todas as métricas juntas: um alerta de uma silencia o de "
            "outra. Guarde o último alerta POR métrica.",
            "Your cooldown covers all metrics at once: an alert on one silences another. "
            "Keep the last alert PER metric.")),
    ],
)
