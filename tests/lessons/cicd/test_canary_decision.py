"""The reference of lesson 05_cicd."""

import pytest

from mlopskit import cicd


def test_canary_decision_counts_only_values_strictly_above():
    assert cicd.canary_decision([1, 2, 3, 4], threshold=2) == 0.5
    assert cicd.canary_decision([3, 3], threshold=3) == 0.0


def test_canary_decision_names_bad_input():
    with pytest.raises(ValueError, match="`values` is empty"):
        cicd.canary_decision([], threshold=1)
    with pytest.raises(TypeError, match="`threshold` must be a number"):
        cicd.canary_decision([1.0], threshold="1")
