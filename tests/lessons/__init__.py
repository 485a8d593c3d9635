"""Tests that follow the lessons: one package per lesson, named like its checks."""

import importlib
import os
import pkgutil
from pathlib import Path

#: The student seeds that the "caught alike for every student" tests try. The fixed
#: boundary cases make a catch independent of the seed; these seeds check that the seeded
#: cases do not change the outcome or the message. `make test` tries 5 (MLOPSKIT_SEEDS),
#: `make test-seeds` 20.
STUDENT_SEEDS = range(int(os.environ.get("MLOPSKIT_SEEDS", "5")))


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
