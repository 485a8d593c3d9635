"""Shared input validation: messages name the argument and the rule, in any topic."""

import re

import numpy as np
import pandas as pd
import pytest

from mlopskit import _validation as V
from mlopskit import drift, fairness


def _exact(template, **values):
    return "^" + re.escape(template.format(**values)) + "$"


def test_empty_input_message_is_the_same_in_every_topic():
    with pytest.raises(ValueError, match=_exact(V.EMPTY, name="y_pred")):
        fairness.selection_rate([])
    with pytest.raises(ValueError, match=_exact(V.EMPTY, name="reference")):
        drift.ks_test([], [1.0])


@pytest.mark.parametrize("template", [getattr(V, n) for n in V.__all__ if n.isupper()])
def test_messages_name_the_argument_and_no_topic(template):
    assert "{name}" in template or "{first}" in template
    assert "drift" not in template.lower() and "fairness" not in template.lower()


def test_each_rule_raises_its_own_message():
    with pytest.raises(TypeError, match=_exact(V.NOT_ONE_DIMENSIONAL, name="x", type="float")):
        V.check_numeric_sample(3.0, "x")
    with pytest.raises(TypeError, match=_exact(V.FRAME_NOT_COLUMN, name="x")):
        V.check_numeric_sample(pd.DataFrame({"a": [1]}), "x")
    with pytest.raises(ValueError, match=_exact(V.WRONG_SHAPE, name="x", shape=(1, 2))):
        V.check_numeric_sample([[1, 2]], "x")
    with pytest.raises(TypeError, match=_exact(V.NOT_NUMERIC_DTYPE, name="x", dtype="object")):
        V.check_numeric_sample(pd.Series(["a"], dtype=object), "x")
    with pytest.raises(ValueError, match=_exact(V.HAS_NAN, name="x", count=2)):
        V.check_numeric_sample([1.0, np.nan, np.nan], "x")
    with pytest.raises(ValueError, match=_exact(V.HAS_INF, name="x")):
        V.check_numeric_sample([1.0, np.inf], "x")
    with pytest.raises(ValueError, match=_exact(V.HAS_MISSING, name="x", count=1)):
        V.check_category_sample(["a", None], "x")
    with pytest.raises(ValueError, match=_exact(V.NEGATIVE_PROBABILITY, name="p")):
        V.check_probability_vector([1.5, -0.5], "p")
    with pytest.raises(ValueError, match=_exact(V.NOT_SUMMING_TO_ONE, name="p", total=0.5)):
        V.check_probability_vector([0.25, 0.25], "p")
    with pytest.raises(TypeError, match=_exact(V.NOT_INTEGER, name="k", value=1.5)):
        V.check_positive_int(1.5, "k")
    with pytest.raises(ValueError, match=_exact(V.TOO_SMALL, name="k", minimum=2, value=1)):
        V.check_positive_int(1, "k", minimum=2)
    with pytest.raises(TypeError, match=_exact(V.NOT_NUMBER, name="a", value="x")):
        V.check_fraction("x", "a")
    with pytest.raises(ValueError, match=_exact(V.OUT_OF_RANGE, name="a", low=0.0, high=1.0,
                                                sign="<", value=1.0)):
        V.check_fraction(1.0, "a")
    with pytest.raises(ValueError, match=_exact(V.NOT_BINARY, name="y", found=[2.0])):
        V.check_binary_labels([0, 1, 2], "y")
    with pytest.raises(ValueError, match=_exact(V.REQUIRED, name="g")):
        V.check_groups(None, 2, "g")
    with pytest.raises(TypeError, match=_exact(V.NOT_ONE_COLUMN, name="g")):
        V.check_groups(pd.DataFrame({"a": [1, 2]}), 2, "g")
    with pytest.raises(ValueError, match=_exact(V.WRONG_LENGTH, name="g", expected=3, got=2)):
        V.check_groups(["a", "b"], 3, "g")
    with pytest.raises(ValueError, match=_exact(V.LENGTHS_DIFFER, first="y_true",
                                                second="y_pred", n_first=2, n_second=3)):
        fairness.demographic_parity_difference([0, 1], [0, 1, 1],
                                               sensitive_features=["a", "b", "a"])
