"""Task 2 of lesson 01_governance: entry hash (``governance.entry_hash``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.governance:entry_hash``; the notebook cells are ``entry_hash-*``.
"""

from __future__ import annotations

import hashlib
import json

from mlopskit.checks._adapters import describe_type
from mlopskit.checks._core import Case, Misconception, OutputError, TaskSpec
from mlopskit.checks.governance import LESSON
from mlopskit.checks.governance._common import _none
from mlopskit.governance import canonical_json
from mlopskit.languages import bilingual as _about


def _sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _without_hash(entry):
    return {k: v for k, v in entry.items() if k != "hash"}


def _hash_not_canonical(entry):
    """Hashes plain `json.dumps`: keys in insertion order, spaces, accents escaped."""
    return _sha256(json.dumps(_without_hash(entry)))


def _hash_includes_itself(entry):
    """Hashes the entry with its own `hash` field still in it."""
    return _sha256(canonical_json(entry))


def _hash_ascii_escaped(entry):
    """Leaves out `ensure_ascii=False`: accents are hashed as `\\u` escapes."""
    return _sha256(json.dumps(_without_hash(entry), sort_keys=True, separators=(",", ":")))


def _hash_with_spaces(entry):
    """Sorts the keys but keeps json.dumps' default separators (", " and ": ")."""
    return _sha256(json.dumps(_without_hash(entry), sort_keys=True, ensure_ascii=False))


def _encode_hex(value):
    _none(value, "um texto hexadecimal", "a hexadecimal string")
    if isinstance(value, bytes):
        raise OutputError({
            "pt": "seu código devolveu bytes (`.digest()`); use `.hexdigest()` para o texto.",
            "en": "your code returned bytes (`.digest()`); use `.hexdigest()` for the text."})
    if not isinstance(value, str):
        raise OutputError({
            "pt": f"esperava-se um texto, veio {describe_type(value)}.",
            "en": f"a string was expected, got {describe_type(value)}."})
    return value


def _entry(index, user="ana", details=None, previous="0" * 64, with_hash=False):
    entry = {"user": user, "index": index, "event_type": "model_registered",
             "timestamp": f"2026-03-0{index + 1}T10:00:00+00:00",
             "details": details if details is not None else {"version": index + 1},
             "previous_hash": previous}
    if with_hash:
        entry["hash"] = "f" * 64
    return entry


def _hash_cases():
    return [
        Case("simple", {"args": [_entry(0)]}, covers=("the first entry, genesis link",)),
        Case("keys-out-of-order", {"args": [_entry(1, details={"z": 1, "a": [2, 1]})]},
             about=_about("chaves fora de ordem", "keys out of order")),
        Case("with-its-hash", {"args": [_entry(2, with_hash=True)]},
             about=_about("a entrada já tem o campo `hash`", "the entry already has `hash`")),
        Case("accents", {"args": [_entry(3, user="João Conceição")]},
             about=_about("texto com acentos", "text with accents"),
             covers=("non-ASCII text",)),
        Case("empty-details", {"args": [_entry(4, details={})]},
             about=_about("detalhes vazios", "empty details"),
             covers=("an empty dict",)),
    ]


def _hash_probes():
    plain = {"b": 1, "a": "x"}
    return [
        Case("probe-order", {"args": [{"z": 1, "a": 2}]}),
        Case("probe-spaces", {"args": [{"a": [1, 2], "b": {"c": 3}}]}),
        Case("probe-accent", {"args": [{"a": "ção"}]}),
        Case("probe-own-hash", {"args": [{"a": 1, "hash": "0" * 64}]}),
        Case("probe-plain", {"args": [plain]}),
    ]


def _hash_hidden(rng):
    names = ["Luíza", "ana", "Ítalo", "bia"]
    return [Case(f"hidden-{i}", {"args": [_entry(
        int(rng.integers(0, 9)), user=names[int(rng.integers(0, 4))],
        details={f"k{int(rng.integers(0, 99))}": float(rng.integers(0, 100)), "b": "ç"},
        with_hash=bool(rng.random() < 0.5))]}) for i in range(3)]



SPEC = TaskSpec(
    lesson=LESSON,
    task='governance.entry_hash',
    number=2,
    name=_about('hash de uma entrada', 'entry hash'),
    entry="entry_hash",
    points=1,
    reference="mlopskit.governance:entry_hash",
    encode=_encode_hex,
    public_cases=_hash_cases,
    hidden_cases=_hash_hidden,
    probes=_hash_probes,
    hints=[
        _about("Um hash não pode cobrir a si mesmo, e o mesmo conteúdo tem de dar sempre os "
               "mesmos bytes, seja qual for a ordem das chaves.",
               "A hash cannot cover itself, and the same content must always give the same "
               "bytes, whatever the order of its keys."),
        _about("Três passos: uma cópia da entrada sem `hash`; o texto canônico dela (as "
               "três opções de `json.dumps` do enunciado); o SHA-256 em hexadecimal desse "
               "texto em UTF-8.",
               "Three steps: a copy of the entry without `hash`; its canonical text (the "
               "three `json.dumps` options of the task); the SHA-256 hex digest of that text "
               "in UTF-8."),
        _about("`conteudo = {k: v for k, v in entry.items() if k != 'hash'}`, depois "
               "`hashlib.sha256(json.dumps(conteudo, sort_keys=True, separators=(',', ':'), "
               "ensure_ascii=False).encode('utf-8')).hexdigest()`.",
               "`content = {k: v for k, v in entry.items() if k != 'hash'}`, then "
               "`hashlib.sha256(json.dumps(content, sort_keys=True, separators=(',', ':'), "
               "ensure_ascii=False).encode('utf-8')).hexdigest()`."),
    ],
    misconceptions=[
        Misconception("hash.not_canonical", _hash_not_canonical, _about(
            "Seu JSON não é canônico: sem `sort_keys=True` a mesma entrada com as chaves em "
            "outra ordem dá outro hash, e uma auditoria falharia sem motivo.",
            "Your JSON is not canonical: without `sort_keys=True` the same entry with its "
            "keys in another order gets another hash, and an audit would fail for no "
            "reason.")),
        Misconception("hash.includes_itself", _hash_includes_itself, _about(
            "Seu hash inclui o próprio campo `hash`; ele deve cobrir o conteúdo, não a si "
            "mesmo.",
            "Your hash includes the `hash` field itself; it must cover the content, not "
            "itself.")),
        Misconception("hash.ascii_escaped", _hash_ascii_escaped, _about(
            "Acentos saíram escapados (`\\u00e3`): use `ensure_ascii=False`, como pede o "
            "enunciado.",
            "Accents came out escaped (`\\u00e3`): use `ensure_ascii=False`, as the task "
            "says.")),
        Misconception("hash.spaces", _hash_with_spaces, _about(
            "Seu JSON ordena as chaves mas mantém os espaços padrão depois de `,` e `:`; "
            "outro programa que siga a regra canônica (`separators=(',', ':')`) calcula "
            "outro hash.",
            "Your JSON sorts the keys but keeps the default spaces after `,` and `:`; "
            "another program that follows the canonical rule (`separators=(',', ':')`) "
            "computes another hash.")),
    ],
)
