"""Correct implementations of lesson 00_introduction's tasks, written differently from the reference.

A check must accept every one of them. ``ALTERNATIVES`` maps each task id to at least two.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


# ---------------------------------------------------------------- missing_hours
def missing_hours_with_sets(df, *, start=None, end=None):
    seen = set(pd.to_datetime(df["timestamp"]))
    if start is None and not seen or end is None and not seen:
        return []
    first = pd.Timestamp(start) if start is not None else min(seen)
    last = pd.Timestamp(end) if end is not None else max(seen)
    if last < first:
        raise ValueError("end before start")
    out, hour = [], first
    while hour <= last:
        if hour not in seen:
            out.append(hour)
        hour += pd.Timedelta(hours=1)
    return out


def missing_hours_with_isin(df, *, start=None, end=None):
    stamps = df["timestamp"].sort_values()
    if stamps.empty and (start is None or end is None):
        return pd.DatetimeIndex([])
    lo = stamps.iloc[0] if start is None else pd.Timestamp(start)
    hi = stamps.iloc[-1] if end is None else pd.Timestamp(end)
    if hi < lo:
        raise ValueError("`end` is before `start`")
    hours = pd.date_range(lo, hi, freq="h")
    return hours[~hours.isin(stamps)]


# ---------------------------------------------------------------- clean_hourly
def clean_hourly_with_groupby(df, *, max_gap=3):
    if max_gap < 0:
        raise ValueError("max_gap must be >= 0")
    if df.drop(columns="timestamp").isna().any().any():
        raise ValueError("missing values")
    frame = df.groupby("timestamp", sort=True).first().astype(float)
    if frame.empty:
        return frame
    frame = frame.asfreq("h")
    gap = frame.isna().all(axis=1)
    block = (gap != gap.shift()).cumsum()
    size = gap.groupby(block).transform("size")
    mask = gap & (size <= max_gap)
    return frame.mask(mask, frame.interpolate())


def clean_hourly_with_a_loop(df, *, max_gap=3):
    if max_gap < 0:
        raise ValueError("negative max_gap")
    data = df.copy()
    if data.drop(columns=["timestamp"]).isna().to_numpy().any():
        raise ValueError("NaN")
    data = data.drop_duplicates(subset=["timestamp"]).sort_values("timestamp")
    data = data.set_index("timestamp").astype("float64")
    if len(data) == 0:
        return data
    full = data.reindex(pd.date_range(data.index.min(), data.index.max(), freq="h"))
    values = full.to_numpy().copy()
    i = 0
    while i < len(full):
        if np.isnan(values[i]).all():
            j = i
            while j < len(full) and np.isnan(values[j]).all():
                j += 1
            if j - i <= max_gap:
                for k in range(i, j):
                    w = (k - i + 1) / (j - i + 1)
                    values[k] = values[i - 1] * (1 - w) + values[j] * w
            i = j
        else:
            i += 1
    return pd.DataFrame(values, index=full.index.rename("timestamp"), columns=full.columns)


# ---------------------------------------------------------------- daily_features
def daily_features_with_resample(hourly, *, min_hours=18):
    if not 1 <= min_hours <= 24:
        raise ValueError("min_hours out of range")
    obs = hourly.dropna(subset=["bikers"])
    day = obs.resample("D")
    out = pd.DataFrame({
        "bikers_total": day["bikers"].sum(),
        "temp_mean": day["temp"].mean(),
        "peak_hour": day["bikers"].apply(lambda s: s.idxmax().hour if len(s) else -1),
        "hours": day["bikers"].count(),
    })
    return out[out["hours"] >= min_hours]


def daily_features_with_records(hourly, *, min_hours=18):
    if min_hours > 24 or min_hours < 1:
        raise ValueError("bad min_hours")
    rows = {}
    for stamp, bikers, temp in zip(hourly.index, hourly["bikers"], hourly["temp"]):
        if math.isnan(bikers):
            continue
        rows.setdefault(stamp.normalize(), []).append((stamp.hour, bikers, temp))
    records = []
    for day, items in sorted(rows.items()):
        if len(items) < min_hours:
            continue
        best = max(items, key=lambda it: (it[1], -it[0]))
        records.append({"date": day, "bikers_total": sum(b for _, b, _ in items),
                        "temp_mean": sum(t for _, _, t in items) / len(items),
                        "peak_hour": best[0], "hours": len(items)})
    columns = ["date", "bikers_total", "temp_mean", "peak_hour", "hours"]
    return pd.DataFrame.from_records(records, columns=columns).set_index("date")


# ---------------------------------------------------------------- is_deterministic
def is_deterministic_with_allclose(fn, *args, runs=3, atol=0.0, **kwargs):
    if runs < 2:
        raise ValueError("runs must be at least 2")
    results = [fn(*args, **kwargs) for _ in range(runs)]
    first = results[0]
    for other in results[1:]:
        try:
            same = np.allclose(np.asarray(first, float), np.asarray(other, float), rtol=0,
                               atol=atol, equal_nan=True)
        except (TypeError, ValueError):
            same = first == other
        if not same:
            return False
    return True


def is_deterministic_with_a_loop(fn, *args, runs=3, atol=0.0, **kwargs):
    if runs < 2:
        raise ValueError("need two runs")
    first = fn(*args, **kwargs)

    def equal(a, b):
        if isinstance(a, (float, int, np.ndarray)) and not isinstance(a, bool):
            a, b = np.atleast_1d(np.asarray(a, float)), np.atleast_1d(np.asarray(b, float))
            return a.shape == b.shape and all(
                (math.isnan(x) and math.isnan(y)) or abs(x - y) <= atol for x, y in zip(a, b))
        return a == b

    for _ in range(runs - 1):
        if not equal(first, fn(*args, **kwargs)):
            return False
    return True


# ---------------------------------------------------------------- train_and_score
def train_and_score_with_shuffle_split(X, y, *, seed, test_size=0.25):
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.metrics import accuracy_score
    from sklearn.model_selection import StratifiedShuffleSplit

    train, test = next(StratifiedShuffleSplit(n_splits=1, test_size=test_size,
                                              random_state=seed).split(X, y))
    X, y = np.asarray(X), np.asarray(y)
    model = RandomForestClassifier(n_estimators=25, random_state=seed).fit(X[train], y[train])
    return accuracy_score(y[test], model.predict(X[test]))


def train_and_score_with_global_seed(X, y, *, seed, test_size=0.25):
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.model_selection import train_test_split

    parts = train_test_split(X, y, test_size=test_size, stratify=y, random_state=seed)
    np.random.seed(seed)  # sklearn's random_state=None draws from numpy's global RandomState
    model = RandomForestClassifier(n_estimators=25)
    model.fit(parts[0], parts[2])
    return float((model.predict(parts[1]) == parts[3]).mean())


# ---------------------------------------------------------------- log_run
def log_run_fluent(tracking_uri, experiment, params, metrics, data, *, data_name="data",
                   context="training"):
    import mlflow

    for value in metrics.values():
        if not isinstance(value, (int, float)):
            raise TypeError("metrics must be numbers")
    mlflow.set_tracking_uri(tracking_uri)
    mlflow.set_experiment(experiment)
    with mlflow.start_run() as run:
        mlflow.log_params(params)
        mlflow.log_metrics(metrics)
        mlflow.log_input(mlflow.data.from_pandas(data, name=data_name), context=context)
    return run.info.run_id


def log_run_with_client(tracking_uri, experiment, params, metrics, data, *, data_name="data",
                        context="training"):
    import mlflow
    from mlflow import MlflowClient
    from mlflow.entities import DatasetInput, InputTag, Metric, Param

    if any(isinstance(v, str) for v in metrics.values()):
        raise TypeError("a metric is text")
    client = MlflowClient(tracking_uri=tracking_uri)
    exp = client.get_experiment_by_name(experiment)
    exp_id = exp.experiment_id if exp is not None else client.create_experiment(experiment)
    run = client.create_run(exp_id)
    client.log_batch(run.info.run_id,
                     metrics=[Metric(k, float(v), 0, 0) for k, v in metrics.items()],
                     params=[Param(k, str(v)) for k, v in params.items()])
    entity = mlflow.data.from_pandas(data, name=data_name)._to_mlflow_entity()
    client.log_inputs(run.info.run_id,
                      [DatasetInput(entity, [InputTag("mlflow.data.context", context)])])
    client.set_terminated(run.info.run_id)
    return run.info.run_id


# ---------------------------------------------------------------- best_run
def best_run_with_order_by(tracking_uri, experiment, metric, *, higher_is_better):
    from mlflow import MlflowClient

    client = MlflowClient(tracking_uri)
    exp = client.get_experiment_by_name(experiment)
    if exp is None:
        raise ValueError(f"unknown experiment {experiment}")
    order = "DESC" if higher_is_better else "ASC"
    runs = client.search_runs([exp.experiment_id], filter_string=f"metrics.{metric} > -1e308",
                              order_by=[f"metrics.{metric} {order}", "attributes.start_time ASC"],
                              max_results=1)
    return runs[0].info.run_id if runs else None


def best_run_with_pandas(tracking_uri, experiment, metric, *, higher_is_better):
    import mlflow

    mlflow.set_tracking_uri(tracking_uri)
    if mlflow.get_experiment_by_name(experiment) is None:
        raise ValueError("no such experiment")
    table = mlflow.search_runs(experiment_names=[experiment])
    column = f"metrics.{metric}"
    if table.empty or column not in table or table[column].isna().all():
        return None
    table = table.dropna(subset=[column]).sort_values(
        [column, "start_time"], ascending=[not higher_is_better, True], kind="stable")
    return table["run_id"].iloc[0]


ALTERNATIVES = {
    "introduction.missing_hours": [missing_hours_with_sets, missing_hours_with_isin],
    "introduction.clean_hourly": [clean_hourly_with_groupby, clean_hourly_with_a_loop],
    "introduction.daily_features": [daily_features_with_resample, daily_features_with_records],
    "introduction.is_deterministic": [is_deterministic_with_allclose,
                                      is_deterministic_with_a_loop],
    "introduction.train_and_score": [train_and_score_with_shuffle_split,
                                     train_and_score_with_global_seed],
    "introduction.log_run": [log_run_fluent, log_run_with_client],
    "introduction.best_run": [best_run_with_order_by, best_run_with_pandas],
}
