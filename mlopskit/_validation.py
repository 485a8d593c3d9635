"""Input validation shared by the reference modules.

Every public function validates its data first and raises an error that names the
argument, so that a learner who passes the wrong thing reads what is wrong rather than a
traceback from deep inside numpy.
"""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

__all__ = [
    "check_numeric_sample",
    "check_category_sample",
    "check_probability_vector",
    "check_positive_int",
    "check_fraction",
    "check_binary_labels",
]


def _as_1d(values, name):
    if isinstance(values, (str, bytes)) or values is None or np.isscalar(values):
        raise TypeError(
            f"`{name}` must be a 1-D array-like (list, numpy array or pandas Series), "
            f"got {type(values).__name__}."
        )
    if isinstance(values, pd.DataFrame):
        raise TypeError(f"`{name}` must be one column (1-D), got a DataFrame; pass df['col'].")
    arr = np.asarray(values, dtype=object if isinstance(values, pd.Series) and
                     values.dtype == object else None)
    if arr.ndim != 1:
        raise ValueError(f"`{name}` must be 1-D, got an array of shape {arr.shape}.")
    if arr.size == 0:
        raise ValueError(f"`{name}` is empty: a drift test needs at least one value.")
    return arr


def check_numeric_sample(values, name):
    """Return `values` as a 1-D float array with no NaN, or raise naming `name`."""
    if isinstance(values, pd.Series) and not pd.api.types.is_numeric_dtype(values.dtype):
        raise TypeError(
            f"`{name}` must hold numbers, got a column of dtype {values.dtype}; "
            "for categories use the categorical test instead."
        )
    arr = _as_1d(values, name)
    if arr.dtype == bool:
        arr = arr.astype(float)
    try:
        out = arr.astype(float)
    except (TypeError, ValueError):
        raise TypeError(
            f"`{name}` must hold numbers, got values such as {arr[:3].tolist()!r}; "
            "for categories use the categorical test instead."
        ) from None
    if np.isnan(out).any():
        raise ValueError(
            f"`{name}` contains {int(np.isnan(out).sum())} NaN value(s); drop or impute "
            "missing values before testing for drift (and monitor the missing rate itself)."
        )
    if np.isinf(out).any():
        raise ValueError(f"`{name}` contains infinite values.")
    return out


def check_category_sample(values, name):
    """Return `values` as a 1-D object array with no missing values, or raise."""
    arr = _as_1d(values, name)
    arr = np.asarray(arr, dtype=object)
    missing = pd.isna(arr)
    if missing.any():
        raise ValueError(
            f"`{name}` contains {int(missing.sum())} missing value(s); fill them with an "
            "explicit category such as 'missing' first."
        )
    return arr


def check_probability_vector(values, name, *, atol=1e-6):
    """Return a 1-D float array of non-negative numbers summing to 1, or raise."""
    arr = check_numeric_sample(values, name)
    if (arr < 0).any():
        raise ValueError(f"`{name}` has negative entries; probabilities must be >= 0.")
    total = arr.sum()
    if not np.isclose(total, 1.0, atol=atol):
        raise ValueError(f"`{name}` must sum to 1, its entries sum to {total:.6g}.")
    return arr


def check_positive_int(value, name, *, minimum=1):
    """Return `value` as an int >= `minimum`, or raise naming `name`."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"`{name}` must be an integer, got {value!r}.")
    if value < minimum:
        raise ValueError(f"`{name}` must be >= {minimum}, got {value}.")
    return int(value)


def check_fraction(value, name, *, low=0.0, high=1.0, inclusive=False):
    """Return `value` as a float strictly (or not) between `low` and `high`."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"`{name}` must be a number, got {value!r}.")
    ok = low <= value <= high if inclusive else low < value < high
    if not ok:
        sign = "<=" if inclusive else "<"
        raise ValueError(f"`{name}` must satisfy {low} {sign} {name} {sign} {high}, got {value}.")
    return float(value)


def check_binary_labels(values, name):
    """Return `values` as a 1-D int array of 0/1 labels, or raise naming `name`."""
    arr = check_numeric_sample(values, name)
    bad = ~np.isin(arr, (0.0, 1.0))
    if bad.any():
        raise ValueError(
            f"`{name}` must hold binary labels 0/1, found {np.unique(arr[bad])[:5].tolist()}."
        )
    return arr.astype(int)
