"""The reference of lesson 00_introduction."""

import pytest

from mlopskit import introduction


def test_log_run_counts_only_values_strictly_above():
    assert introduction.log_run([1, 2, 3, 4], threshold=2) == 0.5
    assert introduction.log_run([3, 3], threshold=3) == 0.0


def test_log_run_names_bad_input():
    with pytest.raises(ValueError, match="`values` is empty"):
        introduction.log_run([], threshold=1)
    with pytest.raises(TypeError, match="`threshold` must be a number"):
        introduction.log_run([1.0], threshold="1")
