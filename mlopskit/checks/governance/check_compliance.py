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
