"""Task 6 of lesson 01_governance: compliance (``governance.check_compliance``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.governance:check_compliance``; the notebook cells are ``check_compliance-*``.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from mlopskit.checks._core import Case, Misconception, OutputError, TaskSpec
from mlopskit.checks.governance import LESSON
from mlopskit.checks.governance._common import _full_card, _none
from mlopskit.governance import check_compliance
from mlopskit.languages import bilingual as _about


def _compliance_pii_inverted(data_info, model_card, group_metrics, *, max_gap=0.1):
    """Inverts the privacy check: it passes when there IS personal data."""
    report = check_compliance(data_info, model_card, group_metrics, max_gap=max_gap)
    checks = {**report.checks, "privacy": not report.checks["privacy"]}
    return replace(report, passed=all(checks.values()), checks=checks)


def _compliance_case_sensitive(data_info, model_card, group_metrics, *, max_gap=0.1):
    """Looks column names up without lowering them: 'Email' is not seen as personal."""
    seen = [c for c in data_info["columns"] if c == c.lower()]  # PII_COLUMNS is lower case
    return check_compliance({**data_info, "columns": seen}, model_card, group_metrics,
                            max_gap=max_gap)


def _compliance_two_groups(data_info, model_card, group_metrics, *, max_gap=0.1):
    """Measures the gap between the first two groups only."""
    first_two = dict(list(group_metrics.items())[:2])
    return check_compliance(data_info, model_card, first_two, max_gap=max_gap)


def _gap_checked(data_info, model_card, group_metrics, max_gap, within):
    report = check_compliance(data_info, model_card, group_metrics, max_gap=1e9)
    values = [float(v) for v in group_metrics.values()]
    checks = {**report.checks, "bias": within(max(values) - min(values), max_gap)}
    return replace(report, passed=all(checks.values()), checks=checks)


def _compliance_strict_gap(data_info, model_card, group_metrics, *, max_gap=0.1):
    """Uses `<` where the rule says "at most": a gap equal to the limit fails."""
    return _gap_checked(data_info, model_card, group_metrics, max_gap,
                        lambda gap, limit: gap < limit)


def _compliance_no_tolerance(data_info, model_card, group_metrics, *, max_gap=0.1):
    """Compares the float gap with `<=` and no tolerance: 0.45 - 0.30 exceeds 0.15."""
    return _gap_checked(data_info, model_card, group_metrics, max_gap,
                        lambda gap, limit: gap <= limit)


def _encode_compliance(value):
    _none(value, "um resultado com `passed` e `checks`", "a result with `passed` and `checks`")
    if isinstance(value, dict):
        passed, checks = value.get("passed"), value.get("checks")
    else:
        passed, checks = getattr(value, "passed", None), getattr(value, "checks", None)
    if not isinstance(passed, (bool, np.bool_)) or not isinstance(checks, dict):
        raise OutputError({
            "pt": "o resultado precisa de `passed` (True/False) e `checks` (um dict).",
            "en": "the result needs `passed` (True/False) and `checks` (a dict)."})
    expected_keys = {"privacy", "documentation", "bias"}
    if set(checks) != expected_keys:
        raise OutputError({
            "pt": f"`checks` deve ter exatamente as chaves {sorted(expected_keys)}, tem "
            f"{sorted(map(str, checks))}.",
            "en": f"`checks` must have exactly the keys {sorted(expected_keys)}, it has "
            f"{sorted(map(str, checks))}."})
    return {"passed": bool(passed), "checks": {k: bool(checks[k]) for k in sorted(checks)}}


def _compliance_cases():
    card = _full_card()
    thin = {"model_details": {"name": "m", "version": "1", "owner": "x"}}
    fair = {"group_a": 0.32, "group_b": 0.35}
    return [
        Case("all-good", {"args": [{"columns": ["income", "age"]}, card, fair]},
             covers=("personal data that is not a direct identifier",)),
        Case("personal-data", {"args": [{"columns": ["income", "cpf"]}, card, fair]},
             about=_about("a coluna cpf", "a cpf column")),
        Case("upper-case-email", {"args": [{"columns": ["Email", "income"]}, card, fair]},
             about=_about("a coluna 'Email' com maiúscula", "an 'Email' column, capitalised")),
        Case("justified", {"args": [{"columns": ["cpf"], "pii_justified": ["cpf"]}, card,
                                    fair]},
             about=_about("dado pessoal justificado", "justified personal data")),
        Case("three-groups", {"args": [{"columns": ["income"]}, card,
                                       {"a": 0.30, "b": 0.33, "c": 0.48}]},
             about=_about("três grupos, o terceiro distante", "three groups, the third far off")),
        Case("looser-gap", {"args": [{"columns": ["income"]}, thin, {"a": 0.30, "b": 0.45}],
                            "kwargs": {"max_gap": 0.2}},
             about=_about("cartão incompleto, max_gap = 0,2",
                          "incomplete card, max_gap = 0.2"),
             covers=("max_gap given",)),
        Case("gap-equal-to-limit", {"args": [{"columns": ["income"]}, card,
                                             {"a": 0.25, "b": 0.5}],
                                    "kwargs": {"max_gap": 0.25}},
             about=_about("diferença exatamente igual ao limite",
                          "a gap exactly equal to the limit"),
             covers=("a gap equal to max_gap",)),
        Case("decimal-limit", {"args": [{"columns": ["income"]}, card,
                                        {"N": 0.30, "S": 0.45}],
                               "kwargs": {"max_gap": 0.15}},
             about=_about("0,45 − 0,30 com limite 0,15", "0.45 − 0.30 with a limit of 0.15"),
             covers=("a gap equal to max_gap in decimal, not in binary",)),
        Case("one-group", {"args": [{"columns": ["Nome"], "pii_justified": ["NOME"]}, card,
                                    {"all": 0.4}]},
             about=_about("um só grupo; justificativa em maiúsculas",
                          "a single group; a justification in capitals"),
             covers=("a single group", "justified in another case")),
    ]


def _compliance_probes():
    card = _full_card()
    fair = {"a": 0.30, "b": 0.31}
    return [
        Case("probe-clean", {"args": [{"columns": ["income", "age"]}, card, fair]}),
        Case("probe-identifier", {"args": [{"columns": ["age", "telefone"]}, card, fair]}),
        Case("probe-capitals", {"args": [{"columns": ["CPF"]}, card, fair]}),
        Case("probe-third-group", {"args": [{"columns": []}, card,
                                            {"a": 0.3, "b": 0.3, "c": 0.9}]}),
        Case("probe-exact-limit", {"args": [{"columns": []}, card, {"a": 0.25, "b": 0.5}],
                                   "kwargs": {"max_gap": 0.25}}),
        Case("probe-decimal-limit", {"args": [{"columns": []}, card, {"a": 0.7, "b": 0.9}],
                                     "kwargs": {"max_gap": 0.2}}),
    ]


def _compliance_hidden(rng):
    cases = []
    for i in range(3):
        cols = ["income", "age"] + (["CPF", "telefone", "email"][int(rng.integers(0, 3)):
                                     int(rng.integers(0, 3)) + 1] if rng.random() < 0.6 else [])
        groups = {f"g{j}": round(float(rng.uniform(0.2, 0.5)), 3)
                  for j in range(int(rng.integers(2, 5)))}
        card = _full_card()
        if rng.random() < 0.4:
            card["ethical_considerations"]["risks"] = []
        cases.append(Case(f"hidden-{i}", {"args": [{"columns": cols}, card, groups],
                                          "kwargs": {"max_gap": float(rng.choice([0.1, 0.2]))}}))
    return cases



SPEC = TaskSpec(
    lesson=LESSON,
    task='governance.check_compliance',
    number=6,
    name=_about('conformidade', 'compliance'),
    entry="check_compliance",
    points=2,
    reference="mlopskit.governance:check_compliance",
    encode=_encode_compliance,
    public_cases=_compliance_cases,
    hidden_cases=_compliance_hidden,
    probes=_compliance_probes,
    hints=[
        _about("Cada verificação responde sim quando a regra é cumprida: privacidade passa "
               "quando NÃO há identificador direto sem justificativa. A diferença entre "
               "grupos é a do melhor para o pior, e \"no máximo\" inclui o limite.",
               "Each check answers yes when the rule is met: privacy passes when there is "
               "NO unjustified direct identifier. The gap between groups is from the best to "
               "the worst, and \"at most\" includes the limit."),
        _about("Compare nomes de coluna em minúsculas dos dois lados; reaproveite a sua "
               "`missing_card_fields` da tarefa 1; para a diferença, use todos os valores "
               "e a folga `GAP_TOLERANCE` do enunciado.",
               "Compare column names in lower case on both sides; reuse your "
               "`missing_card_fields` from task 1; for the gap, use every value and the "
               "`GAP_TOLERANCE` slack of the task."),
        _about("`valores = list(group_metrics.values())`; `max(valores) - min(valores) <= "
               "max_gap + GAP_TOLERANCE`.",
               "`values = list(group_metrics.values())`; `max(values) - min(values) <= "
               "max_gap + GAP_TOLERANCE`."),
    ],
    misconceptions=[
        Misconception("compliance.pii_inverted", _compliance_pii_inverted, _about(
            "Sua verificação de privacidade está invertida (como no material original): "
            "ela passa quando HÁ dado pessoal e falha quando não há.",
            "Your privacy check is inverted (as in the source material): it passes when "
            "there IS personal data and fails when there is none.")),
        Misconception("compliance.pii_case_sensitive", _compliance_case_sensitive, _about(
            "Sua busca de dados pessoais diferencia maiúsculas: 'Email' escapa. Compare em "
            "minúsculas.",
            "Your personal-data search is case-sensitive: 'Email' slips through. Compare "
            "in lower case.")),
        Misconception("compliance.two_groups_only", _compliance_two_groups, _about(
            "Sua diferença entre grupos olha só os dois primeiros; use o maior menos o "
            "menor entre todos.",
            "Your group gap looks only at the first two groups; use the largest minus the "
            "smallest over all of them.")),
        Misconception("compliance.strict_gap", _compliance_strict_gap, _about(
            "Seu código reprova uma diferença igual ao limite: \"no máximo `max_gap`\" "
            "inclui o próprio limite (`<=`, não `<`).",
            "Your code fails a gap equal to the limit: \"at most `max_gap`\" includes the "
            "limit itself (`<=`, not `<`).")),
        Misconception("compliance.no_tolerance", _compliance_no_tolerance, _about(
            "Seu código compara a diferença sem folga; em ponto flutuante 0,45 − 0,30 dá "
            "0,15000000000000002 e reprova no limite 0,15. Some `GAP_TOLERANCE` ao limite.",
            "Your code compares the gap with no slack; in floating point 0.45 − 0.30 is "
            "0.15000000000000002 and fails a limit of 0.15. Add `GAP_TOLERANCE` to the "
            "limit.")),
    ],
)
