"""Task 6 of lesson 01_governance: compliance (``governance.check_compliance``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.governance:check_compliance``; the notebook cells are ``check_compliance-*``.
"""

from __future__ import annotations

import numpy as np

from mlopskit.checks._core import Case, Misconception, OutputError, TaskSpec
from mlopskit.checks.governance import LESSON
from mlopskit.checks.governance._common import REQUIRED, _full_card, _none
from mlopskit.languages import bilingual as _about


PII = {"name", "nome", "cpf", "rg", "email", "phone", "telefone", "address", "endereco",
       "birth_date", "data_nascimento"}


def _compliance(data_info, model_card, group_metrics, *, max_gap=0.1, pii_rule="ok",
                gap_rule="ok"):
    columns = data_info["columns"]
    justified = {c.lower() for c in data_info.get("pii_justified", [])}
    if pii_rule == "case":
        pii = [c for c in columns if c in PII and c not in justified]
    else:
        pii = [c for c in columns if c.lower() in PII and c.lower() not in justified]
    privacy = bool(pii) if pii_rule == "inverted" else not pii
    values = list(group_metrics.values())
    gap = abs(values[0] - values[1]) if gap_rule == "two" and len(values) > 1 else \
        max(values) - min(values)
    missing = [f"{s}.{f}" for s, f in REQUIRED
               if not str(model_card.get(s, {}).get(f) or "").strip()]
    checks = {"privacy": privacy, "documentation": not missing, "bias": gap <= max_gap}
    return {"passed": all(checks.values()), "checks": checks}


def _compliance_pii_inverted(data_info, model_card, group_metrics, *, max_gap=0.1):
    return _compliance(data_info, model_card, group_metrics, max_gap=max_gap,
                       pii_rule="inverted")


def _compliance_case_sensitive(data_info, model_card, group_metrics, *, max_gap=0.1):
    return _compliance(data_info, model_card, group_metrics, max_gap=max_gap, pii_rule="case")


def _compliance_two_groups(data_info, model_card, group_metrics, *, max_gap=0.1):
    return _compliance(data_info, model_card, group_metrics, max_gap=max_gap, gap_rule="two")


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
        Case("all-good", {"args": [{"columns": ["income", "age"]}, card, fair]}),
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
                          "incomplete card, max_gap = 0.2")),
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
    hints=[
        _about("Privacidade passa quando NÃO há coluna pessoal sem justificativa; compare "
               "em minúsculas com `PII_COLUMNS`.",
               "Privacy passes when there is NO unjustified personal column; compare in "
               "lower case with `PII_COLUMNS`."),
        _about("Documentação: use a sua `missing_card_fields` da tarefa 1.",
               "Documentation: use your `missing_card_fields` from task 1."),
        _about("Viés: maior menos menor valor entre TODOS os grupos, comparado com "
               "`max_gap`.",
               "Bias: largest minus smallest value over ALL groups, compared with "
               "`max_gap`."),
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
    ],
)
