"""Reference solutions of lesson 06_feedback: the feedback loop.

Each graded function here is the reference of one task spec in
``mlopskit/checks/feedback/``: joining labels that arrive late to the decisions they
judge, and measuring accuracy per window with an honest interval.
"""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd
from scipy import stats

__all__ = ["PREDICTION_COLUMNS", "LABEL_COLUMNS", "WINDOW_COLUMNS", "join_feedback",
           "windowed_accuracy", "wilson_interval"]

#: The columns ``join_feedback`` needs in each of its inputs.
PREDICTION_COLUMNS = ("id", "predicted_at", "prediction")
LABEL_COLUMNS = ("id", "labeled_at", "label")
#: The columns of the table ``windowed_accuracy`` returns, in order.
WINDOW_COLUMNS = ("n_predictions", "n_labels", "accuracy", "low", "high", "enough")


def _check_frame(df, name, columns):
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"`{name}` must be a pandas DataFrame, got {type(df).__name__}.")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"`{name}` lacks the column(s) {missing}; it needs {list(columns)}.")


def _timestamp(value, name):
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        stamp = pd.NaT
    if pd.isna(stamp):
        raise ValueError(f"`{name}` must be a date or a timestamp, got {value!r}.")
    return stamp


def join_feedback(predictions, labels, *, as_of):
    """Attach to each decision the outcome known at ``as_of``, and nothing later.

    Outcomes (a loan repaid, a churn confirmed) arrive days or weeks after the decision.
    Only a label with ``labeled_at <= as_of`` was known at ``as_of``; a later one would leak
    the future into an evaluation done then. When an id has several labels known by then
    (a correction), the latest known one counts. Decisions made after ``as_of`` did not
    exist yet and are left out; decisions still waiting for their outcome stay, with a
    missing label, so that the share still unlabeled can be seen.

    Parameters
    ----------
    predictions : pandas.DataFrame
        One row per decision, with columns ``id``, ``predicted_at`` (datetime) and
        ``prediction``.
    labels : pandas.DataFrame
        One row per outcome received, with columns ``id``, ``labeled_at`` (datetime) and
        ``label``. An id absent from ``predictions`` is ignored.
    as_of : str or datetime-like
        The moment of the evaluation.

    Returns
    -------
    pandas.DataFrame
        The decisions made by ``as_of``, in their original order and with a fresh index,
        with the columns of ``predictions`` plus ``label`` (float; NaN while unknown).

    Examples
    --------
    >>> preds = pd.DataFrame({"id": [1, 2, 3], "prediction": [1, 0, 1],
    ...                       "predicted_at": pd.to_datetime(["2024-01-02", "2024-01-03",
    ...                                                       "2024-02-10"])})
    >>> labels = pd.DataFrame({"id": [1, 2], "label": [1, 1],
    ...                        "labeled_at": pd.to_datetime(["2024-01-20", "2024-03-01"])})
    >>> join_feedback(preds, labels, as_of="2024-02-15")["label"].tolist()
    [1.0, nan, nan]
    """
    _check_frame(predictions, "predictions", PREDICTION_COLUMNS)
    _check_frame(labels, "labels", LABEL_COLUMNS)
    as_of = _timestamp(as_of, "as_of")
    if predictions["id"].duplicated().any():
        raise ValueError("`predictions` has repeated ids; each decision needs its own id.")
    made = predictions[pd.to_datetime(predictions["predicted_at"]) <= as_of]
    known = labels[pd.to_datetime(labels["labeled_at"]) <= as_of]
    latest = (known.assign(_at=pd.to_datetime(known["labeled_at"]))
              .sort_values("_at", kind="stable")
              .drop_duplicates("id", keep="last")
              .set_index("id")["label"])
    out = made.reset_index(drop=True).copy()
    out["label"] = out["id"].map(latest).astype(float)
    return out


def wilson_interval(successes, n, *, confidence=0.95):
    """Wilson score interval of a proportion ``successes / n``.

    Parameters
    ----------
    successes, n : int
        ``0 <= successes <= n`` and ``n >= 1``.
    confidence : float, optional
        Confidence level in (0, 1).

    Returns
    -------
    tuple of float
        ``(low, high)``.

    Examples
    --------
    >>> low, high = wilson_interval(45, 50)
    >>> round(low, 3), round(high, 3)
    (0.786, 0.957)
    """
    for name, value in (("successes", successes), ("n", n)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise TypeError(f"`{name}` must be an integer, got {value!r}.")
    if n < 1 or not 0 <= successes <= n:
        raise ValueError(f"need 0 <= successes <= n and n >= 1, got {successes} and {n}.")
    if isinstance(confidence, bool) or not isinstance(confidence, numbers.Real) \
            or not 0 < confidence < 1:
        raise ValueError(f"`confidence` must be a number in (0, 1), got {confidence!r}.")
    z = stats.norm.ppf(0.5 + confidence / 2)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return float(max(0.0, centre - half)), float(min(1.0, centre + half))


def windowed_accuracy(df, *, freq="W", min_labels=30, confidence=0.95):
    """Accuracy of the labeled decisions in each time window, with a Wilson interval.

    A window's accuracy is the share of its labeled decisions whose prediction equals the
    label; decisions without a label yet are not errors, they are unknown. A window with
    fewer than ``min_labels`` labels is reported as such (``enough`` False and NaN for
    accuracy and interval), never as a number that looks as solid as the others.

    Parameters
    ----------
    df : pandas.DataFrame
        Columns ``predicted_at`` (datetime), ``prediction`` and ``label`` (NaN while
        unknown), as :func:`join_feedback` returns.
    freq : str, optional
        A pandas period alias: ``"D"``, ``"W"``, ``"M"``...
    min_labels : int, optional
        The fewest labels a window needs for its accuracy to be reported (``>=``).
    confidence : float, optional
        The confidence level of the Wilson interval.

    Returns
    -------
    pandas.DataFrame
        One row per window holding at least one decision, in time order, indexed by the
        window (a string, index name ``window``), with columns ``n_predictions``,
        ``n_labels``, ``accuracy``, ``low``, ``high`` and ``enough``.

    Examples
    --------
    >>> df = pd.DataFrame({"predicted_at": pd.to_datetime(["2024-01-01"] * 4 + ["2024-02-01"]),
    ...                    "prediction": [1, 1, 0, 1, 1], "label": [1, 0, 0, np.nan, 1]})
    >>> table = windowed_accuracy(df, freq="M", min_labels=2)
    >>> table.index.tolist(), table["n_labels"].tolist(), table["enough"].tolist()
    (['2024-01', '2024-02'], [3, 1], [True, False])
    >>> table["accuracy"].round(3).tolist()
    [0.667, nan]
    """
    _check_frame(df, "df", ("predicted_at", "prediction", "label"))
    if isinstance(min_labels, bool) or not isinstance(min_labels, numbers.Integral) \
            or min_labels < 1:
        raise ValueError(f"`min_labels` must be an integer >= 1, got {min_labels!r}.")
    if isinstance(confidence, bool) or not isinstance(confidence, numbers.Real) \
            or not 0 < confidence < 1:
        raise ValueError(f"`confidence` must be a number in (0, 1), got {confidence!r}.")
    try:
        periods = pd.to_datetime(df["predicted_at"]).dt.to_period(freq)
    except (TypeError, ValueError, AttributeError) as exc:
        raise ValueError(f"`freq` must be a pandas period alias such as 'W' or 'M', "
                         f"got {freq!r}.") from exc
    rows = {}
    for period, part in df.groupby(periods, sort=True):
        labeled = part[part["label"].notna()]
        n, hits = len(labeled), int((labeled["prediction"] == labeled["label"]).sum())
        enough = n >= min_labels
        if enough:
            ci = stats.binomtest(hits, n).proportion_ci(confidence_level=confidence,
                                                        method="wilson")
            acc, low, high = hits / n, float(ci.low), float(ci.high)
        else:
            acc = low = high = np.nan
        rows[str(period)] = (len(part), n, acc, low, high, enough)
    table = pd.DataFrame.from_dict(rows, orient="index", columns=list(WINDOW_COLUMNS))
    table = table.astype({"n_predictions": int, "n_labels": int, "accuracy": float,
                          "low": float, "high": float, "enough": bool})
    table.index.name = "window"
    return table
