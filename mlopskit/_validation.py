"""Input validation shared by the reference modules.

Every public function validates its data first and raises an error that names the
argument and the rule it breaks, so that a learner who passes the wrong thing reads what
is wrong rather than a traceback from deep inside numpy. The messages speak of no
particular topic (these checks serve drift, fairness and every later lesson) and are
kept as module constants, which the tests assert.

Examples
--------
>>> check_positive_int(0, "bins")
Traceback (most recent call last):
...
ValueError: `bins` must be >= 1, got 0.
"""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

__all__ = [
    "NOT_ONE_DIMENSIONAL",
    "FRAME_NOT_COLUMN",
    "WRONG_SHAPE",
    "EMPTY",
    "NOT_NUMERIC_DTYPE",
    "NOT_NUMERIC_VALUES",
    "HAS_NAN",
    "HAS_INF",
    "HAS_MISSING",
    "NEGATIVE_PROBABILITY",
    "NOT_SUMMING_TO_ONE",
    "NOT_INTEGER",
    "TOO_SMALL",
    "NOT_NUMBER",
    "OUT_OF_RANGE",
    "NOT_BINARY",
    "REQUIRED",
    "NOT_ONE_COLUMN",
    "WRONG_LENGTH",
    "LENGTHS_DIFFER",
    "check_numeric_sample",
    "check_category_sample",
    "check_probability_vector",
    "check_positive_int",
    "check_fraction",
    "check_binary_labels",
    "check_groups",
    "check_same_length",
]

# The messages, with the argument's name as ``{name}``.
NOT_ONE_DIMENSIONAL = ("`{name}` must be a 1-D array-like (list, numpy array or pandas Series), "
                       "got {type}.")
FRAME_NOT_COLUMN = "`{name}` must be one column (1-D), got a DataFrame; pass df['col']."
WRONG_SHAPE = "`{name}` must be 1-D, got an array of shape {shape}."
EMPTY = "`{name}` is empty: it needs at least one value."
NOT_NUMERIC_DTYPE = "`{name}` must hold numbers, got a column of dtype {dtype}."
NOT_NUMERIC_VALUES = "`{name}` must hold numbers, got values such as {examples}."
HAS_NAN = ("`{name}` contains {count} missing (NaN) value(s); drop or impute them first "
           "(and keep an eye on how many there are).")
HAS_INF = "`{name}` contains infinite values."
HAS_MISSING = ("`{name}` contains {count} missing value(s); give them an explicit value such "
               "as 'missing' first.")
NEGATIVE_PROBABILITY = "`{name}` has negative entries; probabilities must be >= 0."
NOT_SUMMING_TO_ONE = "`{name}` must sum to 1, its entries sum to {total:.6g}."
NOT_INTEGER = "`{name}` must be an integer, got {value!r}."
TOO_SMALL = "`{name}` must be >= {minimum}, got {value}."
NOT_NUMBER = "`{name}` must be a number, got {value!r}."
OUT_OF_RANGE = "`{name}` must satisfy {low} {sign} {name} {sign} {high}, got {value}."
NOT_BINARY = "`{name}` must hold binary labels 0/1, found {found}."
REQUIRED = "`{name}` is required."
NOT_ONE_COLUMN = "`{name}` must be one column; combine several into one first."
WRONG_LENGTH = "`{name}` must have one value per sample ({expected}), got {got}."
LENGTHS_DIFFER = "`{first}` and `{second}` must have the same length, got {n_first} and {n_second}."


def _as_1d(values, name):
    if isinstance(values, (str, bytes)) or values is None or np.isscalar(values):
        raise TypeError(NOT_ONE_DIMENSIONAL.format(name=name, type=type(values).__name__))
    if isinstance(values, pd.DataFrame):
        raise TypeError(FRAME_NOT_COLUMN.format(name=name))
    arr = np.asarray(values, dtype=object if isinstance(values, pd.Series) and
                     values.dtype == object else None)
    if arr.ndim != 1:
        raise ValueError(WRONG_SHAPE.format(name=name, shape=arr.shape))
    if arr.size == 0:
        raise ValueError(EMPTY.format(name=name))
    return arr


def check_numeric_sample(values, name):
    """Return `values` as a 1-D float array with no NaN, or raise naming `name`."""
    if isinstance(values, pd.Series) and not pd.api.types.is_numeric_dtype(values.dtype):
        raise TypeError(NOT_NUMERIC_DTYPE.format(name=name, dtype=values.dtype))
    arr = _as_1d(values, name)
    if arr.dtype == bool:
        arr = arr.astype(float)
    try:
        out = arr.astype(float)
    except (TypeError, ValueError):
        raise TypeError(NOT_NUMERIC_VALUES.format(name=name, examples=repr(arr[:3].tolist()))) \
            from None
    if np.isnan(out).any():
        raise ValueError(HAS_NAN.format(name=name, count=int(np.isnan(out).sum())))
    if np.isinf(out).any():
        raise ValueError(HAS_INF.format(name=name))
    return out


def check_category_sample(values, name):
    """Return `values` as a 1-D object array with no missing values, or raise."""
    arr = _as_1d(values, name)
    arr = np.asarray(arr, dtype=object)
    missing = pd.isna(arr)
    if missing.any():
        raise ValueError(HAS_MISSING.format(name=name, count=int(missing.sum())))
    return arr


def check_probability_vector(values, name, *, atol=1e-6):
    """Return a 1-D float array of non-negative numbers summing to 1, or raise."""
    arr = check_numeric_sample(values, name)
    if (arr < 0).any():
        raise ValueError(NEGATIVE_PROBABILITY.format(name=name))
    total = arr.sum()
    if not np.isclose(total, 1.0, atol=atol):
        raise ValueError(NOT_SUMMING_TO_ONE.format(name=name, total=total))
    return arr


def check_positive_int(value, name, *, minimum=1):
    """Return `value` as an int >= `minimum`, or raise naming `name`."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(NOT_INTEGER.format(name=name, value=value))
    if value < minimum:
        raise ValueError(TOO_SMALL.format(name=name, minimum=minimum, value=value))
    return int(value)


def check_fraction(value, name, *, low=0.0, high=1.0, inclusive=False):
    """Return `value` as a float strictly (or not) between `low` and `high`."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(NOT_NUMBER.format(name=name, value=value))
    ok = low <= value <= high if inclusive else low < value < high
    if not ok:
        sign = "<=" if inclusive else "<"
        raise ValueError(OUT_OF_RANGE.format(name=name, low=low, high=high, sign=sign,
                                             value=value))
    return float(value)


def check_binary_labels(values, name):
    """Return `values` as a 1-D int array of 0/1 labels, or raise naming `name`."""
    arr = check_numeric_sample(values, name)
    bad = ~np.isin(arr, (0.0, 1.0))
    if bad.any():
        raise ValueError(NOT_BINARY.format(name=name, found=np.unique(arr[bad])[:5].tolist()))
    return arr.astype(int)


def check_groups(values, n, name="sensitive_features"):
    """Return one group label (str) per sample as a Series, or raise naming `name`."""
    if values is None:
        raise ValueError(REQUIRED.format(name=name))
    if isinstance(values, pd.DataFrame):
        raise TypeError(NOT_ONE_COLUMN.format(name=name))
    groups = pd.Series(np.asarray(values, dtype=object))
    if groups.ndim != 1 or len(groups) != n:
        raise ValueError(WRONG_LENGTH.format(name=name, expected=n, got=len(groups)))
    if groups.isna().any():
        raise ValueError(HAS_MISSING.format(name=name, count=int(groups.isna().sum())))
    return groups.astype(str)


def check_same_length(first, second, names):
    """Raise naming both arguments unless ``first`` and ``second`` have the same length."""
    if len(first) != len(second):
        raise ValueError(LENGTHS_DIFFER.format(first=names[0], second=names[1],
                                               n_first=len(first), n_second=len(second)))
