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


def _missing_containers_filled(card):
    """Checks None and blank strings only: an empty list or dict counts as filled."""
    return missing_card_fields(_with_values(
        card, lambda value: "filled" if isinstance(value, (list, dict, tuple)) and not value
        else value))


def _missing_falsy(card):
    """Uses `not value`: a 0 or False, which is filled, counts as missing."""
    out = []
    for section, name in REQUIRED_CARD_FIELDS:
        value = (card.get(section) or {}).get(name)
        if not value or (isinstance(value, str) and not value.strip()):
            out.append(f"{section}.{name}")
    return out


def _missing_sorted(card):
    """Sorts the answer alphabetically instead of keeping the order of the fields."""
    return sorted(missing_card_fields(card))


def _missing_section_crash(card):
    """Indexes the section directly: an absent section raises KeyError."""
    for section, _ in REQUIRED_CARD_FIELDS:
        card[section]  # noqa: B018 - the mistake is the lookup itself
    return missing_card_fields(card)


def _encode_str_list(value):
    _none(value, "uma lista de textos", "a list of strings")
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise OutputError({
            "pt": f"esperava-se uma lista de textos, veio {describe_type(value)}.",
            "en": f"a list of strings was expected, got {describe_type(value)}."})
    return list(value)


def _one_change(section, name, value):
    card = _full_card()
    if value is _ABSENT:
        card[section].pop(name)
    else:
        card[section][name] = value
    return card


_ABSENT = object()


def _card_probes():
    without_section = _full_card()
    del without_section["ethical_considerations"]
    return [
        Case("probe-spaces", {"args": [_one_change("model_details", "version", "  \t")]}),
        Case("probe-empty-list", {"args": [_one_change("intended_use", "primary_uses", [])]}),
        Case("probe-empty-dict", {"args": [_one_change("metrics", "performance_measures",
                                                       {})]}),
        Case("probe-none", {"args": [_one_change("model_details", "owner", None)]}),
        Case("probe-zero", {"args": [_one_change("model_details", "version", 0)]}),
        Case("probe-absent-section", {"args": [without_section]}),
        Case("probe-two-missing", {"args": [_one_change("ethical_considerations", "risks",
                                                        _ABSENT)
                                            | {"model_details": {"name": "m", "owner": "",
                                                                 "version": "2"}}]}),
    ]


def _card_cases():
    blanks = _full_card()
    blanks["model_details"]["version"] = "   "
    blanks["model_details"]["owner"] = None
    blanks["intended_use"]["primary_uses"] = []
    blanks["metrics"]["performance_measures"] = {}
    sparse = {"model_details": {"name": "m"}, "training_data": {"description": ""}}
    return [
        Case("complete-card", {"args": [_full_card()]}, covers=("every field filled",)),
        Case("blank-values", {"args": [blanks]},
             about=_about("valores em branco, None e listas vazias",
                          "blank, None and empty values"),
             covers=("a string of spaces", "None", "an empty list", "an empty dict")),
        Case("missing-sections", {"args": [sparse]},
             about=_about("seções inteiras ausentes", "whole sections absent"),
             covers=("an absent section", "an empty string")),
        Case("zero-version", {"args": [_one_change("model_details", "version", 0)]},
             about=_about("versão 0 (um número, preenchido)", "version 0 (a number, filled)"),
             covers=("a falsy value that is filled",)),
        Case("empty-card", {"args": [{}]},
             about=_about("card vazio", "an empty card"),
             covers=("every field missing: first and last of the order",)),
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
    probes=_card_probes,
    hints=[
        _about("Um campo obrigatório pode faltar de duas formas: não estar no card, ou estar "
               "lá sem conteúdo. As duas contam, e a resposta segue a ordem da lista de "
               "campos obrigatórios.",
               "A required field can be missing in two ways: not in the card at all, or "
               "there with no content. Both count, and the answer follows the order of the "
               "list of required fields."),
        _about("Percorra os pares (seção, campo) em ordem; busque a seção de um jeito que "
               "não quebre quando ela não existe; decida \"vazio\" numa função auxiliar, "
               "pensando em None, texto só de espaços, lista e dict vazios, e no 0 (que é "
               "um valor).",
               "Walk the (section, field) pairs in order; look the section up in a way that "
               "does not fail when it is absent; decide \"empty\" in a helper, thinking of "
               "None, a blank string, an empty list or dict, and 0 (which is a value)."),
        _about("`value = card.get(secao, {}).get(campo)`; vazio quando `value is None`, ou "
               "`isinstance(value, str) and not value.strip()`, ou "
               "`isinstance(value, (list, dict)) and len(value) == 0`.",
               "`value = card.get(section, {}).get(name)`; empty when `value is None`, or "
               "`isinstance(value, str) and not value.strip()`, or "
               "`isinstance(value, (list, dict)) and len(value) == 0`."),
    ],
    misconceptions=[
        Misconception("card.presence_only", _missing_presence_only, _about(
            "Seu código só confere se a chave existe; um campo presente mas vazio (None, "
            "'', [], {}) também está faltando.",
            "Your code only checks that the key exists; a field that is present but empty "
            "(None, '', [], {}) is missing too.")),
        Misconception("card.containers_filled", _missing_containers_filled, _about(
            "Seu código trata uma lista vazia ou um dict vazio como preenchidos; uma "
            "lista de usos sem nenhum uso não documenta nada.",
            "Your code treats an empty list or an empty dict as filled; a list of uses "
            "with no use in it documents nothing.")),
        Misconception("card.whitespace_filled", _missing_whitespace_filled, _about(
            "Um texto só com espaços conta como preenchido no seu código. Use `strip()`.",
            "A string of spaces counts as filled in your code. Use `strip()`.")),
        Misconception("card.falsy_missing", _missing_falsy, _about(
            "Seu código usa `not valor`, e então um 0 ou False, que são valores, contam "
            "como faltando. Teste None, texto em branco e recipiente vazio um a um.",
            "Your code uses `not value`, so a 0 or False, which are values, count as "
            "missing. Test None, blank text and an empty container one by one.")),
        Misconception("card.section_crash", _missing_section_crash, _about(
            "Seu código quebra (KeyError) quando uma seção inteira falta no card; uma "
            "seção ausente deve aparecer como campos faltando.",
            "Your code fails (KeyError) when a whole section is absent from the card; an "
            "absent section must show up as missing fields.")),
        Misconception("card.wrong_order", _missing_sorted, _about(
            "Os campos certos saem numa ordem diferente: a resposta segue a ordem de "
            "`REQUIRED_CARD_FIELDS`, não a ordem alfabética nem a do card.",
            "The right fields come out in another order: the answer follows the order of "
            "`REQUIRED_CARD_FIELDS`, not alphabetical order nor the card's.")),
    ],
)
