"""Reference solutions of lesson 00_introduction: from notebook hell to a tracked pipeline.

Each graded function here is the reference of one task spec in
``mlopskit/checks/introduction/``: the small steps of a pipeline that a notebook usually
does by hand and out of order (find the hours missing from a series, clean it without side
effects, aggregate it by day, train reproducibly, log the run and find the best one).
"""

from __future__ import annotations

import math
import numbers
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "with_timestamps",
    "missing_hours",
    "clean_hourly",
    "daily_features",
    "is_deterministic",
    "train_and_score",
    "log_run",
    "best_run",
    "default_tracking_uri",
    "LIFECYCLE",
]

#: The stages of the MLOps lifecycle and the lessons of the course that work on each.
LIFECYCLE = (
    ("data", ("00",)),
    ("train", ("00",)),
    ("track", ("00", "04")),
    ("govern", ("01",)),
    ("deploy", ("05",)),
    ("monitor", ("02", "03")),
    ("feedback", ("06",)),
)

_YEAR_START = pd.Timestamp("2011-01-01")


def _check_frame(df, name):
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"`{name}` must be a pandas DataFrame, got {type(df).__name__}.")


def _timestamps(df, name, column="timestamp"):
    _check_frame(df, name)
    if column not in df.columns:
        raise ValueError(f"`{name}` has no `{column}` column; its columns are "
                         f"{list(df.columns)}.")
    stamps = df[column]
    if not pd.api.types.is_datetime64_any_dtype(stamps):
        raise TypeError(f"`{name}['{column}']` must hold datetimes (datetime64), got dtype "
                        f"{stamps.dtype}; convert it with pd.to_datetime first.")
    if stamps.isna().any():
        raise ValueError(f"`{name}['{column}']` has {int(stamps.isna().sum())} missing "
                         "timestamp(s).")
    return stamps


def _check_count(value, name, *, minimum):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"`{name}` must be an integer, got {value!r}.")
    if value < minimum:
        raise ValueError(f"`{name}` must be >= {minimum}, got {value}.")
    return int(value)


def with_timestamps(bike):
    """The Bike Sharing frame with a ``timestamp`` column first (day of year + hour).

    Parameters
    ----------
    bike : pandas.DataFrame
        As :func:`mlopskit.datasets.load_bikeshare` returns it (``day`` is the day of
        2011, 1 to 365; ``hr`` the hour, 0 to 23).

    Returns
    -------
    pandas.DataFrame
        A new frame; ``bike`` is left as it was.

    Examples
    --------
    >>> frame = pd.DataFrame({"day": [1, 2], "hr": [0, 5], "bikers": [16, 3]})
    >>> with_timestamps(frame)["timestamp"].dt.strftime("%m-%d %H").tolist()
    ['01-01 00', '01-02 05']
    """
    _check_frame(bike, "bike")
    missing = [c for c in ("day", "hr") if c not in bike.columns]
    if missing:
        raise ValueError(f"`bike` lacks the column(s) {missing}.")
    stamps = (_YEAR_START + pd.to_timedelta(bike["day"].astype("int64") - 1, unit="D")
              + pd.to_timedelta(bike["hr"].astype("int64"), unit="h"))
    out = bike.copy()
    out.insert(0, "timestamp", stamps.astype("datetime64[ns]"))
    return out


def missing_hours(df, *, start=None, end=None):
    """The hours absent from an hourly series, in time order.

    Parameters
    ----------
    df : pandas.DataFrame
        With a datetime column ``timestamp``, one row per observed hour (rows may come in
        any order, and an hour may appear twice: it is observed, not missing).
    start, end : datetime-like, optional
        The first and last hour the series should cover. Default: the first and the last
        timestamp of ``df``. Hours before the first or after the last observation are
        missing only when ``start`` / ``end`` reach them.

    Returns
    -------
    pandas.DatetimeIndex
        Every whole hour from ``start`` to ``end`` (both included) absent from ``df``;
        empty when nothing is missing or ``df`` is empty and no range is given.

    Examples
    --------
    >>> df = pd.DataFrame({"timestamp": pd.to_datetime(
    ...     ["2011-01-01 00:00", "2011-01-01 01:00", "2011-01-01 04:00"])})
    >>> missing_hours(df).strftime("%H:%M").tolist()
    ['02:00', '03:00']
    >>> len(missing_hours(df, end="2011-01-01 06:00"))
    4
    """
    stamps = _timestamps(df, "df")
    if len(stamps) == 0 and (start is None or end is None):
        return pd.DatetimeIndex([], dtype="datetime64[ns]", name="timestamp")
    first = pd.Timestamp(start) if start is not None else stamps.min()
    last = pd.Timestamp(end) if end is not None else stamps.max()
    if last < first:
        raise ValueError(f"`end` ({last}) is before `start` ({first}).")
    expected = pd.date_range(first.ceil("h"), last.floor("h"), freq="h", name="timestamp")
    observed = pd.DatetimeIndex(stamps.dt.floor("h").unique())
    return expected.difference(observed).astype("datetime64[ns]").rename("timestamp")


def _gap_lengths(added):
    """For each row, the length of the run of added (missing) rows it belongs to."""
    run = (~added).cumsum()
    return added.groupby(run).transform("sum").where(added, 0)


def clean_hourly(df, *, max_gap=3):
    """Put an hourly series on a regular hourly index, without changing ``df``.

    The rules, in order:

    1. a timestamp that appears more than once keeps its **first** row (later ones are
       re-sent records);
    2. rows are sorted by time and ``timestamp`` becomes the index;
    3. every missing hour between the first and the last timestamp gets a row;
    4. a run of at most ``max_gap`` consecutive missing hours is filled by linear
       interpolation between its two neighbours (every numeric column); a longer run
       stays missing (NaN), all of it.

    Parameters
    ----------
    df : pandas.DataFrame
        A datetime column ``timestamp`` and numeric columns without missing values.
    max_gap : int, default=3
        The longest run of missing hours that is filled; 0 fills nothing.

    Returns
    -------
    pandas.DataFrame
        Indexed by an hourly ``DatetimeIndex`` named ``timestamp``, the other columns as
        floats. ``df`` itself is never modified.

    Examples
    --------
    >>> df = pd.DataFrame({"timestamp": pd.to_datetime(
    ...     ["2011-01-01 02:00", "2011-01-01 00:00", "2011-01-01 00:00"]),
    ...     "bikers": [30, 10, 99]})
    >>> clean_hourly(df)["bikers"].tolist()
    [10.0, 20.0, 30.0]
    >>> df["bikers"].tolist()  # unchanged
    [30, 10, 99]
    """
    stamps = _timestamps(df, "df")
    max_gap = _check_count(max_gap, "max_gap", minimum=0)
    values = df.drop(columns="timestamp")
    bad = [c for c in values.columns if not pd.api.types.is_numeric_dtype(values[c])
           or pd.api.types.is_bool_dtype(values[c])]
    if bad:
        raise TypeError(f"`df` must hold numbers besides `timestamp`; {bad} do not.")
    if values.isna().any().any():
        raise ValueError("`df` has missing values; clean_hourly only fills missing hours.")
    frame = values.astype("float64").assign(timestamp=stamps.to_numpy())
    frame = frame.drop_duplicates("timestamp", keep="first").sort_values(
        "timestamp", kind="stable").set_index("timestamp")
    if frame.empty:
        frame.index = pd.DatetimeIndex([], dtype="datetime64[ns]", name="timestamp")
        return frame
    hours = pd.date_range(frame.index[0], frame.index[-1], freq="h", name="timestamp")
    regular = frame.reindex(hours)
    added = pd.Series(~hours.isin(frame.index), index=hours)
    fillable = added & (_gap_lengths(added) <= max_gap)
    filled = regular.interpolate(method="linear", limit_area="inside")
    return regular.where(~fillable, filled, axis=0)


def daily_features(hourly, *, min_hours=18):
    """One row per calendar day from an hourly series, with the aggregation rules stated.

    =========================  ===================================================
    column                     rule
    =========================  ===================================================
    ``bikers_total``           sum of ``bikers`` over the day's observed hours
    ``temp_mean``              mean of ``temp`` over the day's observed hours
    ``peak_hour``              hour (0-23) with most ``bikers``; the earliest on ties
    ``hours``                  how many hours of the day have ``bikers`` (not NaN)
    =========================  ===================================================

    A day with fewer than ``min_hours`` observed hours is dropped (too little to trust its
    sum); a day with exactly ``min_hours`` is kept.

    Parameters
    ----------
    hourly : pandas.DataFrame
        Indexed by a ``DatetimeIndex`` (as :func:`clean_hourly` returns it), with numeric
        columns ``bikers`` and ``temp``; NaN marks an hour without data.
    min_hours : int, default=18
        Between 1 and 24.

    Returns
    -------
    pandas.DataFrame
        Indexed by the day (``DatetimeIndex`` named ``date``, at midnight), the four
        columns above; ``peak_hour`` and ``hours`` as integers.

    Examples
    --------
    >>> idx = pd.date_range("2011-01-01", periods=48, freq="h", name="timestamp")
    >>> hourly = pd.DataFrame({"bikers": np.arange(48.0), "temp": 0.5}, index=idx)
    >>> daily_features(hourly)[["bikers_total", "peak_hour", "hours"]].to_dict("list")
    {'bikers_total': [276.0, 852.0], 'peak_hour': [23, 23], 'hours': [24, 24]}
    """
    _check_frame(hourly, "hourly")
    if not isinstance(hourly.index, pd.DatetimeIndex):
        raise TypeError("`hourly` must be indexed by a DatetimeIndex, got "
                        f"{type(hourly.index).__name__}; use clean_hourly first.")
    missing = [c for c in ("bikers", "temp") if c not in hourly.columns]
    if missing:
        raise ValueError(f"`hourly` lacks the column(s) {missing}.")
    min_hours = _check_count(min_hours, "min_hours", minimum=1)
    if min_hours > 24:
        raise ValueError(f"`min_hours` must be <= 24, got {min_hours}.")
    rows = hourly[["bikers", "temp"]].astype("float64")
    observed = rows[rows["bikers"].notna()]
    day = observed.index.normalize()
    groups = observed.groupby(day)
    out = pd.DataFrame({
        "bikers_total": groups["bikers"].sum(),
        "temp_mean": groups["temp"].mean(),
        "peak_hour": groups["bikers"].idxmax().map(lambda t: t.hour),
        "hours": groups["bikers"].count(),
    })
    out = out[out["hours"] >= min_hours]
    out = out.astype({"peak_hour": "int64", "hours": "int64"})
    out.index = pd.DatetimeIndex(out.index, name="date")
    return out


def _same(a, b, atol):
    """Whether two results of a function are equal (floats within ``atol``, NaN == NaN)."""
    if isinstance(a, (pd.DataFrame, pd.Series)) or isinstance(b, (pd.DataFrame, pd.Series)):
        if type(a) is not type(b) or a.shape != b.shape or not a.index.equals(b.index):
            return False
        if isinstance(a, pd.DataFrame) and not a.columns.equals(b.columns):
            return False
        return _same(a.to_numpy(), b.to_numpy(), atol)
    if isinstance(a, dict) or isinstance(b, dict):
        return (isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys()
                and all(_same(a[k], b[k], atol) for k in a))
    if isinstance(a, (list, tuple, np.ndarray)) or isinstance(b, (list, tuple, np.ndarray)):
        try:
            x, y = np.asarray(a), np.asarray(b)
        except ValueError:  # ragged
            return (len(a) == len(b)) and all(_same(p, q, atol) for p, q in zip(a, b))
        if x.shape != y.shape:
            return False
        if x.dtype.kind in "fciub" and y.dtype.kind in "fciub":
            return bool(np.all((np.abs(x - y) <= atol) | (np.isnan(x) & np.isnan(y))))
        return all(_same(p, q, atol) for p, q in zip(x.ravel().tolist(), y.ravel().tolist()))
    if isinstance(a, numbers.Real) and isinstance(b, numbers.Real) \
            and not isinstance(a, bool) and not isinstance(b, bool):
        a, b = float(a), float(b)
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return abs(a - b) <= atol
    return bool(a == b)


def is_deterministic(fn, *args, runs=3, atol=0.0, **kwargs):
    """Whether ``fn(*args, **kwargs)`` gives the same result every time it is called.

    ``fn`` is called ``runs`` times and every result is compared with the first. Numbers
    (and arrays, lists, dicts, Series and DataFrames of numbers) are equal when they differ
    by at most ``atol``; ``atol=0`` (the default) asks for exactly the same values. NaN
    equals NaN: a function that always returns NaN is deterministic. Anything else is
    compared with ``==``.

    Parameters
    ----------
    fn : callable
    *args, **kwargs
        Passed to ``fn`` on every call.
    runs : int, default=3
        How many calls, at least 2.
    atol : float, default=0.0
        The tolerance for numbers: a model that is stochastic by design (dropout, sampling)
        is "deterministic enough" when its results stay within ``atol``.

    Returns
    -------
    bool

    Examples
    --------
    >>> is_deterministic(lambda x: x * 2, 21)
    True
    >>> rng = np.random.default_rng(0)
    >>> is_deterministic(lambda: rng.normal())
    False
    >>> is_deterministic(lambda: 1.0 + rng.normal() * 1e-9, atol=1e-6)
    True
    """
    if not callable(fn):
        raise TypeError(f"`fn` must be callable, got {type(fn).__name__}.")
    runs = _check_count(runs, "runs", minimum=2)
    if isinstance(atol, bool) or not isinstance(atol, numbers.Real) or not atol >= 0:
        raise ValueError(f"`atol` must be a number >= 0, got {atol!r}.")
    first = fn(*args, **kwargs)
    return all(_same(first, fn(*args, **kwargs), float(atol)) for _ in range(runs - 1))


def train_and_score(X, y, *, seed, test_size=0.25):
    """Train a random forest and return its test accuracy, the same for the same ``seed``.

    Every source of randomness gets ``seed``: the split
    (``train_test_split(X, y, test_size=test_size, stratify=y, random_state=seed)``)
    and the model (``RandomForestClassifier(n_estimators=25, random_state=seed)``). The
    model learns from the training part only and is scored on the test part.

    Parameters
    ----------
    X : array-like of shape (n, p)
    y : array-like of shape (n,)
        Class labels; each class needs at least two rows (the split is stratified).
    seed : int
    test_size : float, default=0.25

    Returns
    -------
    float
        Accuracy on the test part.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> X, y = make_classification(n_samples=80, random_state=0)
    >>> train_and_score(X, y, seed=1) == train_and_score(X, y, seed=1)
    True
    """
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.model_selection import train_test_split

    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"`seed` must be an integer, got {seed!r}.")
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, stratify=y, random_state=seed)
    model = RandomForestClassifier(n_estimators=25, random_state=seed)
    model.fit(X_train, y_train)
    return float(model.score(X_test, y_test))


def default_tracking_uri(folder=None):
    """The lesson's MLflow store: a SQLite file in a folder git ignores, reused across runs.

    Parameters
    ----------
    folder : path, optional
        Default: ``mlruns/`` at the root of the course kit.

    Returns
    -------
    str
        A ``sqlite:///...`` tracking URI.

    Examples
    --------
    >>> default_tracking_uri("/tmp/store")
    'sqlite:////tmp/store/mlflow.db'
    """
    from mlopskit._protocol import STORE_CACHE, _store_template

    folder = Path(folder) if folder is not None else STORE_CACHE
    folder.mkdir(parents=True, exist_ok=True)
    path = folder.resolve() / "mlflow.db"
    if not path.exists():  # start from a kept empty store: MLflow's migrations are slow
        shutil.copy(_store_template(STORE_CACHE), path)
    return f"sqlite:///{path}"


def _check_name(value, name):
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"`{name}` must be a non-empty string, got {value!r}.")


def log_run(tracking_uri, experiment, params, metrics, data, *, data_name="data",
            context="training"):
    """Log one run: its parameters, metrics and input dataset; return the run id.

    The experiment is created when it does not exist and reused when it does. The data
    is logged with ``mlflow.log_input`` as ``mlflow.data.from_pandas(data,
    name=data_name)`` under ``context``, so the run records which data (by digest) it
    learned from. The run is ended (status ``FINISHED``) before returning.

    Parameters
    ----------
    tracking_uri : str
        E.g. ``"sqlite:///mlruns/mlflow.db"``.
    experiment : str
        The experiment's name.
    params : dict
        Name -> value (stored as text, as MLflow does).
    metrics : dict
        Name -> number.
    data : pandas.DataFrame
    data_name : str, default="data"
    context : str, default="training"

    Returns
    -------
    str
        The run id.

    Examples
    --------
    >>> import tempfile
    >>> from mlflow import MlflowClient
    >>> uri = default_tracking_uri(tempfile.mkdtemp())
    >>> run_id = log_run(uri, "bikes", {"max_gap": 3}, {"rmse": 41.5},
    ...                  pd.DataFrame({"x": [1, 2]}))
    >>> MlflowClient(uri).get_run(run_id).data.metrics
    {'rmse': 41.5}
    """
    import mlflow
    import mlflow.data
    from mlflow import MlflowClient

    _check_name(tracking_uri, "tracking_uri")
    _check_name(experiment, "experiment")
    for what, mapping in (("params", params), ("metrics", metrics)):
        if not isinstance(mapping, dict):
            raise TypeError(f"`{what}` must be a dict, got {type(mapping).__name__}.")
    for key, value in metrics.items():
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"metric `{key}` must be a number, got {value!r}.")
    _check_frame(data, "data")
    client = MlflowClient(tracking_uri)
    found = client.get_experiment_by_name(experiment)
    experiment_id = found.experiment_id if found else client.create_experiment(experiment)
    run = client.create_run(experiment_id)
    run_id = run.info.run_id
    try:
        for key, value in params.items():
            client.log_param(run_id, str(key), value)
        for key, value in metrics.items():
            client.log_metric(run_id, str(key), float(value))
        dataset = mlflow.data.from_pandas(data, name=data_name)
        client.log_inputs(run_id, [mlflow.entities.DatasetInput(
            dataset._to_mlflow_entity(), tags=[mlflow.entities.InputTag("mlflow.data.context",
                                                                         context)])])
    except Exception:
        client.set_terminated(run_id, "FAILED")
        raise
    client.set_terminated(run_id, "FINISHED")
    return run_id


def best_run(tracking_uri, experiment, metric, *, higher_is_better):
    """The id of the run of ``experiment`` with the best value of ``metric``.

    Runs that did not log ``metric`` are ignored. On a tie the run that started first wins
    (the earlier result was there first). Only runs of ``experiment`` count.

    Parameters
    ----------
    tracking_uri : str
    experiment : str
        An existing experiment's name.
    metric : str
    higher_is_better : bool
        True for accuracy or AUC, False for an error such as RMSE.

    Returns
    -------
    str or None
        The run id; None when no run logged ``metric``.

    Raises
    ------
    ValueError
        When the experiment does not exist.

    Examples
    --------
    >>> import tempfile
    >>> uri = default_tracking_uri(tempfile.mkdtemp())
    >>> frame = pd.DataFrame({"x": [1]})
    >>> a = log_run(uri, "bikes", {}, {"rmse": 40.0}, frame)
    >>> b = log_run(uri, "bikes", {}, {"rmse": 35.0}, frame)
    >>> best_run(uri, "bikes", "rmse", higher_is_better=False) == b
    True
    """
    from mlflow import MlflowClient

    _check_name(tracking_uri, "tracking_uri")
    _check_name(experiment, "experiment")
    _check_name(metric, "metric")
    if not isinstance(higher_is_better, (bool, np.bool_)):
        raise TypeError(f"`higher_is_better` must be True or False, got {higher_is_better!r}.")
    client = MlflowClient(tracking_uri)
    found = client.get_experiment_by_name(experiment)
    if found is None:
        raise ValueError(f"there is no experiment named {experiment!r} in {tracking_uri}.")
    runs, token = [], None
    while True:
        page = client.search_runs([found.experiment_id], max_results=1000, page_token=token)
        runs.extend(page)
        token = page.token
        if not token:
            break
    scored = [r for r in runs if metric in r.data.metrics]
    if not scored:
        return None
    sign = -1.0 if higher_is_better else 1.0
    best = min(scored, key=lambda r: (sign * r.data.metrics[metric], r.info.start_time,
                                      r.info.run_id))
    return best.info.run_id
