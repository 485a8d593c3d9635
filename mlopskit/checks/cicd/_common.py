"""What several tasks of lesson 05_cicd share: encoders of their answers."""

from __future__ import annotations

import numbers

import numpy as np

from mlopskit.checks._adapters import describe_type, encode_float
from mlopskit.checks._core import OutputError


def encode_codes(value):
    """A list of ``"kind:name"`` strings, in the order returned."""
    if value is None or not isinstance(value, (list, tuple)) \
            or not all(isinstance(v, str) for v in value):
        raise OutputError({
            "pt": f"seu código devolveu {describe_type(value)}; a tarefa pede uma lista de "
            "textos como \"missing:idade\".",
            "en": f"your code returned {describe_type(value)}; the task asks for a list of "
            "strings such as \"missing:age\".",
        })
    return list(value)


def encode_gate(value):
    """``{"passed": bool, "failures": [str, ...]}``."""
    if not isinstance(value, dict) or set(value) != {"passed", "failures"}:
        raise OutputError({
            "pt": f"seu código devolveu {describe_type(value)}; a tarefa pede um dict com as "
            "chaves \"passed\" e \"failures\".",
            "en": f"your code returned {describe_type(value)}; the task asks for a dict with "
            "the keys \"passed\" and \"failures\".",
        })
    if not isinstance(value["passed"], (bool, np.bool_)):
        raise OutputError({
            "pt": f"\"passed\" deve ser True ou False, não {describe_type(value['passed'])}.",
            "en": f"\"passed\" must be True or False, not {describe_type(value['passed'])}.",
        })
    return {"passed": bool(value["passed"]), "failures": encode_codes(value["failures"])}


def encode_interval(value):
    """A tuple ``(delta, low, high)`` of numbers."""
    if not isinstance(value, (tuple, list, np.ndarray)) or len(value) != 3:
        raise OutputError({
            "pt": f"seu código devolveu {describe_type(value)}; a tarefa pede uma tupla "
            "(delta, low, high).",
            "en": f"your code returned {describe_type(value)}; the task asks for a tuple "
            "(delta, low, high).",
        })
    return [encode_float(v) for v in value]


def encode_decision(value):
    """One of "promote", "continue", "rollback"."""
    allowed = ("promote", "continue", "rollback")
    if not isinstance(value, str) or value not in allowed:
        raise OutputError({
            "pt": f"seu código devolveu {value!r:.40}; a tarefa pede um destes textos: "
            f"{', '.join(allowed)}.",
            "en": f"your code returned {value!r:.40}; the task asks for one of these strings: "
            f"{', '.join(allowed)}.",
        })
    return value


def is_number(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)
