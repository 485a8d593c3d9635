"""Lesson 01's feedback: every catalogued mistake and its variants are named for every
student, and the notebook only uses texts that its catalogue holds."""

import json
import re
from pathlib import Path

import pytest

from mlopskit import texts
from mlopskit.checks import check_implementation, specs_for_lesson
from mlopskit.outcomes import Outcome
from tests.lessons.governance.alternatives import ALTERNATIVES
from tests.lessons.governance.variants import VARIANTS

SPECS = specs_for_lesson("01_governance")
BY_MISCONCEPTION = {m.id: (spec, m) for spec in SPECS for m in spec.misconceptions}
SEEDS = range(20)
NOTEBOOK = Path(__file__).resolve().parents[3] / "solutions/01_governance/01_governance.ipynb"


def test_every_task_has_four_misconceptions_probes_and_fixed_boundaries():
    for spec in SPECS:
        assert len(spec.misconceptions) >= 4, spec.task
        assert spec.probes is not None and len(spec.probes()) >= 3, spec.task
        covered = [c for c in spec.public_cases() if c.covers]
        assert len(covered) >= 3, spec.task


def test_every_misconception_has_two_variants_and_every_task_two_alternatives():
    for mis_id in BY_MISCONCEPTION:
        assert len(VARIANTS.get(mis_id, [])) >= 2, mis_id
    for spec in SPECS:
        assert len(ALTERNATIVES[spec.task]) >= 2, spec.task


@pytest.mark.parametrize("mis_id", sorted(BY_MISCONCEPTION))
def test_a_mistake_is_caught_and_named_whatever_the_seed(mis_id):
    spec, mis = BY_MISCONCEPTION[mis_id]
    for impl in [mis.impl, *VARIANTS[mis_id]]:
        outcomes = {(r.outcome, r.misconception) for r in
                    (check_implementation(spec, impl, rng=seed) for seed in SEEDS)}
        assert outcomes == {(Outcome.WRONG, mis_id)}, (getattr(impl, "__name__", impl),
                                                        outcomes)


@pytest.mark.parametrize("task", sorted(ALTERNATIVES))
def test_correct_alternatives_pass_whatever_the_seed(task):
    spec = next(s for s in SPECS if s.task == task)
    for impl in ALTERNATIVES[task]:
        for seed in SEEDS:
            assert check_implementation(spec, impl, rng=seed).correct, (impl.__name__, seed)


def _code_cells():
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]


def test_the_notebook_asks_its_catalogue_for_existing_keys_only():
    catalogue = texts.catalogue("governance")
    code = "\n".join(_code_cells())
    assert 'texts.for_lesson("governance")' in code
    used = set(re.findall(r"\bT\(\s*[\"']([a-z0-9_]+)[\"']", code))
    used |= set(re.findall(r"\bT\[\s*[\"']([a-z0-9_]+)[\"']\s*\]", code))
    assert used, "the notebook prints nothing through its catalogue"
    assert used <= set(catalogue), sorted(used - set(catalogue))


def test_the_notebook_has_no_language_switch_written_by_hand():
    code = "\n".join(_code_cells())
    assert 'LANG == "en"' not in code and "LANG ==" not in code
