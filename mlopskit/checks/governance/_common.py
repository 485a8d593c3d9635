"""What several tasks of lesson 01_governance share: case builders and helpers."""

from __future__ import annotations

import numpy as np

from mlopskit.checks._adapters import describe_type
from mlopskit.checks._core import OutputError


def _none(value, what_pt, what_en):
    if value is None:
        raise OutputError({
            "pt": f"seu código devolveu None; era esperado {what_pt}. Esqueceu o `return`?",
            "en": f"your code returned None; {what_en} was expected. Did you forget `return`?"})


def _plain(value):
    """Make a step's value comparable: dict-like records and tuples to plain data."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if hasattr(value, "__dict__"):
        return {k: _plain(v) for k, v in vars(value).items()}
    raise OutputError({
        "pt": f"um passo devolveu um valor do tipo {describe_type(value)}, que não pode ser "
        "comparado.",
        "en": f"a step returned a value of type {describe_type(value)}, which cannot be "
        "compared."})


def _encode_steps(value):
    if not isinstance(value, list):
        raise OutputError({"pt": "resultado inesperado do cenário.",
                           "en": "unexpected scenario result."})
    return [_plain(step) for step in value]


def _full_card():
    return {
        "model_details": {"name": "credit-risk", "version": "3", "owner": "risk team"},
        "intended_use": {"primary_uses": ["pre-screening"], "out_of_scope_uses": ["pricing"]},
        "metrics": {"performance_measures": {"auc": 0.81}},
        "evaluation_data": {"description": "2024 applications"},
        "training_data": {"description": "2022-2023 applications"},
        "ethical_considerations": {"risks": ["proxy discrimination by region"]},
    }

