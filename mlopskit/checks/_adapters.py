"""Turning case inputs (plain data) into call arguments, and outputs back into data.

Case inputs travel as JSON and are decoded by :mod:`mlopskit._protocol`. Encoders
turn what the learner returned into plain data, or raise :class:`OutputError` with a
bilingual message that says what kind of value the task expects.
"""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from mlopskit._protocol import decode, invoke
from mlopskit.checks._core import OutputError

__all__ = [
    "array",
    "frame",
    "decode",
    "invoke",
    "encode_float",
    "encode_test_result",
    "encode_str_list",
    "describe_type",
]


def array(values):
    """Mark a list as a numpy array argument."""
    return {"array": list(values)}


def frame(columns, dtypes):
    """Mark a dict of columns as a DataFrame argument with the given dtypes."""
    return {"frame": {"columns": {k: list(v) for k, v in columns.items()},
                      "dtypes": dict(dtypes)}}


def describe_type(value):
    if value is None:
        return "None"
    return type(value).__name__


def _none_message(expected_pt, expected_en):
    return {
        "pt": f"seu código devolveu None; era esperado {expected_pt}. Esqueceu o `return`?",
        "en": f"your code returned None; {expected_en} was expected. Did you forget `return`?",
    }


def encode_float(value):
    """A real number (Python or numpy scalar, or a 0-d / 1-element array)."""
    if value is None:
        raise OutputError(_none_message("um número (float)", "a number (float)"))
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(()).item()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise OutputError({
            "pt": f"seu código devolveu um valor do tipo {describe_type(value)}; a tarefa pede "
            "um único número (float).",
            "en": f"your code returned a value of type {describe_type(value)}; the task asks "
            "for a single number (float).",
        })
    return float(value)


def encode_test_result(value):
    """A DriftTestResult, or anything with statistic / p_value / drift."""
    if value is None:
        raise OutputError(_none_message("um DriftTestResult", "a DriftTestResult"))
    if isinstance(value, dict):
        parts = [value.get(k) for k in ("statistic", "p_value", "drift")]
    elif isinstance(value, tuple) and len(value) == 3 and not hasattr(value, "statistic"):
        parts = list(value)
    else:
        parts = [getattr(value, k, None) for k in ("statistic", "p_value", "drift")]
    if any(p is None for p in parts):
        raise OutputError({
            "pt": f"seu código devolveu {describe_type(value)}, sem os campos `statistic`, "
            "`p_value` e `drift`; devolva `DriftTestResult(statistic, p_value, drift)`.",
            "en": f"your code returned {describe_type(value)}, which lacks `statistic`, "
            "`p_value` and `drift`; return `DriftTestResult(statistic, p_value, drift)`.",
        })
    statistic, p_value, drift = parts
    if not isinstance(drift, (bool, np.bool_)):
        raise OutputError({
            "pt": f"o campo `drift` deve ser True ou False, não {describe_type(drift)}.",
            "en": f"the `drift` field must be True or False, not {describe_type(drift)}.",
        })
    return {"statistic": encode_float(statistic), "p_value": encode_float(p_value),
            "drift": bool(drift)}


def encode_str_list(value, *, allowed):
    """A list of strings, each one of ``allowed``."""
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise OutputError({
            "pt": f"esperava-se uma lista de textos, veio {describe_type(value)}.",
            "en": f"a list of strings was expected, got {describe_type(value)}.",
        })
    bad = sorted({v for v in value if v not in allowed})
    if bad:
        raise OutputError({
            "pt": f"o seu código devolveu {bad}; os valores possíveis são {list(allowed)}.",
            "en": f"your code returned {bad}; the possible values are {list(allowed)}.",
        })
    return list(value)
