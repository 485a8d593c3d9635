"""Task 1 of lesson 01_governance: model card fields (``governance.missing_card_fields``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.governance:missing_card_fields``; the notebook cells are ``missing_card_fields-*``.
"""

from __future__ import annotations

from mlopskit.checks._adapters import describe_type
from mlopskit.checks._core import Case, Misconception, OutputError, TaskSpec
from mlopskit.checks.governance import LESSON
from mlopskit.checks.governance._common import _full_card, _none
from mlopskit.governance import REQUIRED_CARD_FIELDS, missing_card_fields
from mlopskit.languages import bilingual as _about


def _with_values(card, change):
    """A copy of ``card`` with ``change`` applied to the value of every field."""
    return {section: {name: change(value) for name, value in content.items()}
            for section, content in card.items()}


def _missing_presence_only(card):
    """Only checks that the key exists: a present but empty value counts as filled."""
    return missing_card_fields(_with_values(card, lambda value: "filled"))


def _missing_whitespace_filled(card):
    """Forgets `strip()`: a string of spaces counts as filled."""
    return missing_card_fields(_with_values(
        card, lambda value: "filled" if isinstance(value, str) and value.isspace() else value))


def _encode_str_list(value):
    _none(value, "uma lista de textos", "a list of strings")
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise OutputError({
            "pt": f"esperava-se uma lista de textos, veio {describe_type(value)}.",
            "en": f"a list of strings was expected, got {describe_type(value)}."})
    return list(value)


def _card_cases():
    blanks = _full_card()
    blanks["model_details"]["version"] = "   "
    blanks["model_details"]["owner"] = None
    blanks["intended_use"]["primary_uses"] = []
    blanks["metrics"]["performance_measures"] = {}
    sparse = {"model_details": {"name": "m"}, "training_data": {"description": ""}}
    return [
        Case("complete-card", {"args": [_full_card()]}),
        Case("blank-values", {"args": [blanks]},
             about=_about("valores em branco, None e listas vazias",
                          "blank, None and empty values")),
        Case("missing-sections", {"args": [sparse]},
             about=_about("seções inteiras ausentes", "whole sections absent")),
    ]


def _card_hidden(rng):
    cases = []
    for i in range(3):
        card = _full_card()
        for section, name in REQUIRED_CARD_FIELDS:
            roll = rng.random()
            if roll < 0.15:
                card[section].pop(name, None)
            elif roll < 0.3:
                card[section][name] = [" ", "", None, [], {}][int(rng.integers(0, 5))]
        cases.append(Case(f"hidden-{i}", {"args": [card]}))
    return cases



SPEC = TaskSpec(
    lesson=LESSON,
    task='governance.missing_card_fields',
    number=1,
    name=_about('campos do model card', 'model card fields'),
    entry="missing_card_fields",
    points=1,
    reference="mlopskit.governance:missing_card_fields",
    encode=_encode_str_list,
    public_cases=_card_cases,
    hidden_cases=_card_hidden,
    hints=[
        _about("Percorra `REQUIRED_CARD_FIELDS` na ordem: cada item é (seção, campo).",
               "Walk `REQUIRED_CARD_FIELDS` in order: each item is (section, field)."),
        _about("`card.get(secao, {})` evita erro quando a seção falta.",
               "`card.get(section, {})` avoids an error when the section is absent."),
        _about("Vazio é: None, texto só com espaços (`not v.strip()`), lista ou dict vazios.",
               "Empty means: None, a blank string (`not v.strip()`), an empty list or "
               "dict."),
    ],
    misconceptions=[
        Misconception("card.presence_only", _missing_presence_only, _about(
            "Seu código só confere se a chave existe; um campo presente mas vazio (None, "
            "'', [], {}) também está faltando.",
            "Your code only checks that the key exists; a field that is present but empty "
            "(None, '', [], {}) is missing too.")),
        Misconception("card.whitespace_filled", _missing_whitespace_filled, _about(
            "Um texto só com espaços conta como preenchido no seu código. Use `strip()`.",
            "A string of spaces counts as filled in your code. Use `strip()`.")),
    ],
)
