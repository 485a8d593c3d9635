"""The reference of lesson 00_introduction."""

import pytest

from mlopskit import introduction


def test_missing_hours_counts_only_values_strictly_above():
    assert introduction.missing_hours([1, 2, 3, 4], threshold=2) == 0.5
    assert introduction.missing_hours([3, 3], threshold=3) == 0.0


def test_missing_hours_names_bad_input():
    with pytest.raises(ValueError, match="`values` is empty"):
        introduction.missing_hours([], threshold=1)
    with pytest.raises(TypeError, match="`threshold` must be a number"):
        introduction.missing_hours([1.0], threshold="1")
