"""The reference of lesson 00_introduction."""

import pytest

from mlopskit import introduction


def test_daily_features_counts_only_values_strictly_above():
    assert introduction.daily_features([1, 2, 3, 4], threshold=2) == 0.5
    assert introduction.daily_features([3, 3], threshold=3) == 0.0


def test_daily_features_names_bad_input():
    with pytest.raises(ValueError, match="`values` is empty"):
        introduction.daily_features([], threshold=1)
    with pytest.raises(TypeError, match="`threshold` must be a number"):
        introduction.daily_features([1.0], threshold="1")
