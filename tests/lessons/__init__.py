"""Tests that follow the lessons: one package per lesson, named like its checks."""

import importlib
import pkgutil
from pathlib import Path


def _catalogues(name, attribute):
    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if not info.ispkg:
            continue
        try:
            module = importlib.import_module(f"{__name__}.{info.name}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{info.name}.{name}":
                raise
            continue
        yield getattr(module, attribute)


def all_variants():
    """Misconception id -> wrong implementations that make it in other styles."""
    found = {}
    for table in _catalogues("variants", "VARIANTS"):
        for mis_id, impls in table.items():
            found.setdefault(mis_id, []).extend(impls)
    return found


def all_alternatives():
    """Task id -> correct alternative implementations, from every lesson's alternatives.py."""
    found = {}
    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if not info.ispkg:
            continue
        try:
            module = importlib.import_module(f"{__name__}.{info.name}.alternatives")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{info.name}.alternatives":
                raise
            continue
        for task, impls in module.ALTERNATIVES.items():
            found.setdefault(task, []).extend(impls)
    return found
