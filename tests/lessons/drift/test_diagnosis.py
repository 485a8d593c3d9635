"""Lesson 02's checks diagnose by behaviour, the same way for every student."""

import numpy as np
import pytest

from mlopskit.checks import evaluate, expected_outputs, run_case, specs_for_lesson
from mlopskit.checks import fingerprints
from mlopskit.outcomes import Outcome
from tests.lessons.drift.alternatives import ALTERNATIVES
from tests.lessons.drift.variants import VARIANTS

SPECS = specs_for_lesson("02_drift")
SEEDS = range(20)


def _spec_of(mis_id):
    return next(s for s in SPECS if any(m.id == mis_id for m in s.misconceptions))


WRONG = [(spec, mis.id, mis.impl) for spec in SPECS for mis in spec.misconceptions] + [
    (_spec_of(mis_id), mis_id, impl) for mis_id, impls in VARIANTS.items() for impl in impls]


def test_every_task_has_a_rich_catalogue_probes_and_covered_boundaries():
    for spec in SPECS:
        assert len(spec.misconceptions) >= 4, spec.task
        assert spec.probes is not None and len(spec.probes()) >= 2, spec.task
        fixed = [c for c in spec.public_cases() if c.covers]
        assert fixed, spec.task
        for mis in spec.misconceptions:
            assert len(VARIANTS.get(mis.id, [])) >= 2, mis.id
        assert len(ALTERNATIVES[spec.task]) >= 2, spec.task


@pytest.fixture(scope="module")
def checked_cases():
    """Per (task, seed): the cases, the reference's outputs and the fingerprints, computed once."""
    cache = {}

    def get(spec, seed):
        key = (spec.task, seed)
        if key not in cache:
            rng = None if seed is None else np.random.default_rng(seed)
            cases = spec.cases(rng=rng)
            cache[key] = (cases, expected_outputs(spec, spec.load_reference(), cases),
                          fingerprints(spec, cases))
        return cache[key]

    return get


@pytest.mark.parametrize("spec,mis_id,impl", WRONG,
                         ids=[f"{m}-{getattr(i, '__name__', 'impl')}" for _, m, i in WRONG])
def test_a_mistake_is_caught_and_named_alike_for_every_seed(spec, mis_id, impl, checked_cases):
    """Public cases alone lose the points, so no student seed can let a mistake through."""
    for seed in (None, *SEEDS):
        cases, expected, prints = checked_cases(spec, seed)
        observed = [run_case(spec, impl, case) for case in cases]
        result = evaluate(spec, observed, expected, cases=cases, fingerprints=prints)
        assert result.outcome is Outcome.WRONG, (seed, result.text())
        assert result.misconception == mis_id, (seed, result.text())


def test_boundary_cases_do_not_depend_on_the_seed():
    for spec in SPECS:
        first = [c.inputs for c in spec.public_cases()]
        assert [c.inputs for c in spec.public_cases()] == first, spec.task
