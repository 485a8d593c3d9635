"""Wrong implementations of lesson 00_introduction's tasks, each making a catalogued mistake in its own way.

They are written as learners write them (pandas or plain Python, the fluent MLflow API or
the client), independently of the catalogue's code; where a mistake concerns one rule only,
the other rules (and the refusals) come from the reference. ``VARIANTS`` maps a
misconception id to at least two of them; each must receive that misconception's message,
for every student seed. The MLflow ones talk to the store through ``MlflowClient`` and
write nothing they do not need, so that the test stays quick.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from mlopskit.introduction import clean_hourly, daily_features, is_deterministic, missing_hours


# ================================================================ missing_hours
def missing_no_range_sets(df, *, start=None, end=None):
    stamps = set(pd.to_datetime(df["timestamp"]))
    if not stamps:
        return pd.DatetimeIndex([])
    hours = pd.date_range(min(stamps), max(stamps), freq="h")
    return pd.DatetimeIndex([h for h in hours if h not in stamps])


def missing_no_range_resample(df, *, start=None, end=None):
    if len(df) == 0:
        return pd.DatetimeIndex([])
    counts = df.set_index("timestamp")["bikers"].resample("h").count()
    return pd.DatetimeIndex(counts.index[counts == 0])


def missing_end_open_loop(df, *, start=None, end=None):
    stamps = set(df["timestamp"])
    if not stamps and (start is None or end is None):
        return pd.DatetimeIndex([])
    hour = pd.Timestamp(start) if start is not None else min(stamps)
    last = pd.Timestamp(end) if end is not None else max(stamps)
    out = []
    while hour < last:  # the last hour is never looked at
        if hour not in stamps:
            out.append(hour)
        hour += pd.Timedelta(hours=1)
    return pd.DatetimeIndex(out)


def missing_end_open_range(df, *, start=None, end=None):
    stamps = pd.DatetimeIndex(df["timestamp"])
    if len(stamps) == 0 and (start is None or end is None):
        return pd.DatetimeIndex([])
    first = pd.Timestamp(start) if start is not None else stamps.min()
    last = pd.Timestamp(end) if end is not None else stamps.max()
    hours = pd.date_range(first, last - pd.Timedelta(hours=1), freq="h")
    return hours[~hours.isin(stamps)]


def missing_gap_starts_diff(df, *, start=None, end=None):
    gaps = missing_hours(df, start=start, end=end)
    series = pd.Series(gaps)
    return pd.DatetimeIndex(series[series.diff() != pd.Timedelta(hours=1)])


def missing_gap_starts_loop(df, *, start=None, end=None):
    gaps = list(missing_hours(df, start=start, end=end))
    out = [h for i, h in enumerate(gaps) if i == 0 or h - gaps[i - 1] > pd.Timedelta(hours=1)]
    return pd.DatetimeIndex(out)


def missing_sorted_by_position_values(df, *, start=None, end=None):
    stamps = df["timestamp"].to_numpy()
    if len(stamps) == 0 and (start is None or end is None):
        return pd.DatetimeIndex([])
    first = pd.Timestamp(start) if start is not None else pd.Timestamp(stamps[0])
    last = pd.Timestamp(end) if end is not None else pd.Timestamp(stamps[-1])
    hours = pd.date_range(first, last, freq="h")
    return pd.DatetimeIndex([h for h in hours if h not in set(pd.DatetimeIndex(stamps))])


def missing_sorted_by_position_head_tail(df, *, start=None, end=None):
    if len(df) == 0 and (start is None or end is None):
        return pd.DatetimeIndex([])
    first = pd.Timestamp(start) if start is not None else df["timestamp"].head(1).item()
    last = pd.Timestamp(end) if end is not None else df["timestamp"].tail(1).item()
    hours = pd.date_range(first, last, freq="h")
    return hours.difference(pd.DatetimeIndex(df["timestamp"]))


# ================================================================ clean_hourly
def _regular(df, *, keep="first"):
    out = df.drop_duplicates(subset="timestamp", keep=keep).sort_values("timestamp")
    out = out.set_index("timestamp").astype("float64")
    if out.empty:
        return out, pd.Series(dtype=bool)
    hours = pd.date_range(out.index.min(), out.index.max(), freq="h", name="timestamp")
    return out.reindex(hours), pd.Series(~hours.isin(out.index), index=hours)


def _run_lengths(added):
    block = (added != added.shift()).cumsum()
    return added.groupby(block).transform("size")


def clean_mutates_inplace_sort(df, *, max_gap=3):
    df.sort_values("timestamp", inplace=True)  # sorts the caller's frame
    return clean_hourly(df, max_gap=max_gap)


def clean_mutates_column_assignment(df, *, max_gap=3):
    df["timestamp"] = pd.to_datetime(df["timestamp"])  # writes into the caller's frame
    df.drop_duplicates("timestamp", inplace=True)
    return clean_hourly(df, max_gap=max_gap)


def clean_partial_limit_only(df, *, max_gap=3):
    clean_hourly(df, max_gap=max_gap)
    regular, _ = _regular(df)
    if regular.empty or max_gap == 0:
        return regular
    return regular.interpolate(limit=max_gap, limit_area="inside")


def clean_partial_column_by_column(df, *, max_gap=3):
    clean_hourly(df, max_gap=max_gap)
    regular, _ = _regular(df)
    if regular.empty or max_gap == 0:
        return regular
    return pd.DataFrame({name: column.interpolate(method="linear", limit=max_gap,
                                                  limit_area="inside")
                         for name, column in regular.items()})


def _filled(regular, added, max_gap, *, method="linear", strict=False):
    lengths = _run_lengths(added)
    ok = added & ((lengths < max_gap) if strict else (lengths <= max_gap))
    filled = regular.ffill() if method == "ffill" else regular.interpolate(limit_area="inside")
    return regular.mask(ok, filled, axis=0)


def clean_last_duplicate_groupby(df, *, max_gap=3):
    clean_hourly(df, max_gap=max_gap)
    last = df.groupby("timestamp", as_index=False).last()
    regular, added = _regular(last)
    return regular if regular.empty else _filled(regular, added, max_gap)


def clean_last_duplicate_reversed(df, *, max_gap=3):
    clean_hourly(df, max_gap=max_gap)
    flipped = df.iloc[::-1].drop_duplicates("timestamp")
    regular, added = _regular(flipped)
    return regular if regular.empty else _filled(regular, added, max_gap)


def clean_ffill_method(df, *, max_gap=3):
    clean_hourly(df, max_gap=max_gap)
    regular, added = _regular(df)
    return regular if regular.empty else _filled(regular, added, max_gap, method="ffill")


def clean_ffill_loop(df, *, max_gap=3):
    clean_hourly(df, max_gap=max_gap)
    regular, added = _regular(df)
    if regular.empty:
        return regular
    lengths = _run_lengths(added)
    out = regular.copy()
    for i, stamp in enumerate(out.index):
        if added[stamp] and lengths[stamp] <= max_gap and i > 0:
            out.iloc[i] = out.iloc[i - 1]
    return out


def clean_strict_gap_compare(df, *, max_gap=3):
    clean_hourly(df, max_gap=max_gap)
    regular, added = _regular(df)
    return regular if regular.empty else _filled(regular, added, max_gap, strict=True)


def clean_strict_gap_minus_one(df, *, max_gap=3):
    clean_hourly(df, max_gap=max_gap)
    regular, added = _regular(df)
    if regular.empty:
        return regular
    return _filled(regular, added, max_gap - 1)


# ================================================================ daily_features
def _daily(hourly, min_hours, *, total="sum", hours="count", peak="hour", strict=False):
    daily_features(hourly, min_hours=min_hours)  # same refusals
    rows = hourly[["bikers", "temp"]].astype("float64")
    seen = rows.dropna(subset=["bikers"])
    by_day = seen.groupby(seen.index.floor("D"))
    out = pd.DataFrame({
        "bikers_total": getattr(by_day["bikers"], total)(),
        "temp_mean": by_day["temp"].mean(),
        "peak_hour": (by_day["bikers"].idxmax().map(lambda t: t.hour) if peak == "hour"
                      else by_day["bikers"].max()),
        "hours": (by_day["bikers"].count() if hours == "count"
                  else rows.groupby(rows.index.floor("D"))["bikers"].size()),
    })
    keep = out["hours"] > min_hours if strict else out["hours"] >= min_hours
    out = out[keep.fillna(False).astype(bool)]
    out.index = pd.DatetimeIndex(out.index, name="date")
    return out


def daily_mean_groupby(hourly, *, min_hours=18):
    return _daily(hourly, min_hours, total="mean")


def daily_mean_resample(hourly, *, min_hours=18):
    good = daily_features(hourly, min_hours=min_hours)
    means = hourly["bikers"].astype("float64").resample("D").mean()
    return good.assign(bikers_total=means.reindex(good.index).to_numpy())


def daily_empty_hours_size(hourly, *, min_hours=18):
    return _daily(hourly, min_hours, hours="size")


def daily_empty_hours_len(hourly, *, min_hours=18):
    daily_features(hourly, min_hours=min_hours)
    rows = hourly[["bikers", "temp"]].astype("float64")
    out = {}
    for day, block in rows.groupby(rows.index.date):
        seen = block.dropna(subset=["bikers"])
        if len(block) < min_hours or seen.empty:
            continue
        out[pd.Timestamp(day)] = {"bikers_total": seen["bikers"].sum(),
                                  "temp_mean": seen["temp"].mean(),
                                  "peak_hour": seen["bikers"].idxmax().hour,
                                  "hours": len(block)}
    frame = pd.DataFrame.from_dict(out, orient="index",
                                   columns=["bikers_total", "temp_mean", "peak_hour", "hours"])
    frame.index = pd.DatetimeIndex(frame.index, name="date")
    return frame


def daily_strict_threshold_flag(hourly, *, min_hours=18):
    return _daily(hourly, min_hours, strict=True)


def daily_strict_threshold_plus_one(hourly, *, min_hours=18):
    daily_features(hourly, min_hours=min_hours)
    out = _daily(hourly, 1)
    return out[out["hours"] >= min_hours + 1]


def daily_peak_value_max(hourly, *, min_hours=18):
    return _daily(hourly, min_hours, peak="value")


def daily_peak_value_sorted(hourly, *, min_hours=18):
    out = daily_features(hourly, min_hours=min_hours).copy()
    bikers = hourly["bikers"].astype("float64").dropna()
    top = bikers.groupby(bikers.index.floor("D")).apply(lambda s: s.sort_values().iloc[-1])
    out["peak_hour"] = top.reindex(out.index).to_numpy()
    return out


def daily_nan_filled_fillna(hourly, *, min_hours=18):
    return daily_features(hourly.fillna(0), min_hours=min_hours)


def daily_nan_filled_where(hourly, *, min_hours=18):
    daily_features(hourly, min_hours=min_hours)
    rows = hourly[["bikers", "temp"]].astype("float64")
    return daily_features(rows.where(rows.notna(), 0.0), min_hours=min_hours)


# ================================================================ is_deterministic
def _calls(fn, args, kwargs, runs):
    return [fn(*args, **kwargs) for _ in range(runs)]


def det_exact_equality_loop(fn, *args, runs=3, atol=0.0, **kwargs):
    results = _calls(fn, args, kwargs, runs)
    for other in results[1:]:
        same = np.array_equal(results[0], other) if isinstance(other, np.ndarray) \
            else results[0] == other
        if not same:
            return False
    return True


def det_exact_equality_set(fn, *args, runs=3, atol=0.0, **kwargs):
    results = _calls(fn, args, kwargs, runs)
    first = np.asarray(results[0])
    return all(bool((np.asarray(r) == first).all()) for r in results[1:])


def det_isclose_defaults(fn, *args, runs=3, atol=0.0, **kwargs):
    results = _calls(fn, args, kwargs, runs)
    return all(bool(np.all(np.isclose(results[0], r, atol=atol, equal_nan=True)))
               for r in results[1:])


def det_assert_allclose(fn, *args, runs=3, atol=0.0, **kwargs):
    results = _calls(fn, args, kwargs, runs)
    try:
        for other in results[1:]:
            np.testing.assert_allclose(other, results[0], atol=atol)  # rtol=1e-7 by default
    except AssertionError:
        return False
    return True


def det_nan_subtraction(fn, *args, runs=3, atol=0.0, **kwargs):
    results = _calls(fn, args, kwargs, runs)
    first = np.asarray(results[0], dtype=float)
    return all(np.abs(first - np.asarray(r, dtype=float)).max() <= atol for r in results[1:])


def det_nan_math(fn, *args, runs=3, atol=0.0, **kwargs):
    results = _calls(fn, args, kwargs, runs)
    first = np.ravel(np.asarray(results[0], dtype=float))
    for other in results[1:]:
        for a, b in zip(first, np.ravel(np.asarray(other, dtype=float))):
            if not math.fabs(a - b) <= atol:
                return False
    return True


def det_two_calls_direct(fn, *args, runs=3, atol=0.0, **kwargs):
    return is_deterministic(fn, *args, runs=2, atol=atol, **kwargs)


def det_two_calls_pairwise(fn, *args, runs=3, atol=0.0, **kwargs):
    first, second = fn(*args, **kwargs), fn(*args, **kwargs)
    return is_deterministic(iter([first, second]).__next__, runs=2, atol=atol)


def det_drops_kwargs(fn, *args, runs=3, atol=0.0, **kwargs):
    return is_deterministic(fn, *args, runs=runs, atol=atol)


def det_drops_everything(fn, *args, runs=3, atol=0.0, **kwargs):
    return is_deterministic(lambda: fn(), runs=runs, atol=atol)


# ================================================================ train_and_score
def _fit_score(X, y, *, split_seed, model_seed, test_size, stratify=True, on_train=False):
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.model_selection import train_test_split

    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, stratify=y if stratify else None, random_state=split_seed)
    model = RandomForestClassifier(n_estimators=25, random_state=model_seed).fit(X_train, y_train)
    return float(model.score(X_train, y_train) if on_train else model.score(X_test, y_test))


def seed_generator_not_passed(X, y, *, seed, test_size=0.25):
    from sklearn.utils import check_random_state

    state = check_random_state(seed)  # made from the seed, then never handed to the forest
    assert state is not None
    return _fit_score(X, y, split_seed=seed, model_seed=None, test_size=test_size)


def seed_python_random_only(X, y, *, seed, test_size=0.25):
    import random

    random.seed(seed)  # Python's generator: neither numpy nor the forest use it
    return _fit_score(X, y, split_seed=seed, model_seed=None, test_size=test_size)


def seed_fixed_constant(X, y, *, seed, test_size=0.25):
    SEED = 42
    return _fit_score(X, y, split_seed=SEED, model_seed=SEED, test_size=test_size)


def seed_fixed_default_argument(X, y, *, seed, test_size=0.25, random_state=42):
    return _fit_score(X, y, split_seed=random_state, model_seed=random_state,
                      test_size=test_size)


def seed_train_accuracy_sklearn(X, y, *, seed, test_size=0.25):
    return _fit_score(X, y, split_seed=seed, model_seed=seed, test_size=test_size,
                      on_train=True)


def seed_train_accuracy_by_hand(X, y, *, seed, test_size=0.25):
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.model_selection import train_test_split

    X_train, _, y_train, _ = train_test_split(X, y, test_size=test_size, stratify=y,
                                              random_state=seed)
    model = RandomForestClassifier(n_estimators=25, random_state=seed).fit(X_train, y_train)
    return float(np.mean(model.predict(X_train) == y_train))


def seed_no_stratify(X, y, *, seed, test_size=0.25):
    return _fit_score(X, y, split_seed=seed, model_seed=seed, test_size=test_size,
                      stratify=False)


def seed_no_stratify_shuffle_split(X, y, *, seed, test_size=0.25):
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.model_selection import ShuffleSplit

    train, test = next(ShuffleSplit(n_splits=1, test_size=test_size,
                                    random_state=seed).split(X))
    model = RandomForestClassifier(n_estimators=25, random_state=seed)
    return float(model.fit(X[train], y[train]).score(X[test], y[test]))


# ================================================================ log_run
def _experiment_id(client, experiment, *, create_always=False):
    if not create_always:
        found = client.get_experiment_by_name(experiment)
        if found is not None:
            return found.experiment_id
    return client.create_experiment(experiment)


def _log(tracking_uri, experiment, params, metrics, data, *, data_name="data",
         context="training", inputs=True, metrics_as="metric", create_always=False,
         named=True, returns="run"):
    import mlflow.data
    from mlflow import MlflowClient
    from mlflow.entities import DatasetInput, InputTag, Metric, Param

    for key, value in metrics.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f"metric {key} must be a number")
    client = MlflowClient(tracking_uri)
    experiment_id = _experiment_id(client, experiment, create_always=create_always)
    run_id = client.create_run(experiment_id).info.run_id
    logged = [Param(k, str(v)) for k, v in params.items()]
    numbers = []
    if metrics_as == "param":
        logged += [Param(k, str(v)) for k, v in metrics.items()]
    else:
        numbers = [Metric(k, float(v), 0, 0) for k, v in metrics.items()]
    client.log_batch(run_id, metrics=numbers, params=logged)
    if inputs:
        dataset = mlflow.data.from_pandas(data, name=data_name) if named \
            else mlflow.data.from_pandas(data)
        client.log_inputs(run_id, [DatasetInput(dataset._to_mlflow_entity(),
                                                [InputTag("mlflow.data.context", context)])])
    client.set_terminated(run_id)
    return experiment_id if returns == "experiment" else run_id


def log_no_input_client(tracking_uri, experiment, params, metrics, data, *,
                        data_name="data", context="training"):
    return _log(tracking_uri, experiment, params, metrics, data, inputs=False)


def log_no_input_tag_only(tracking_uri, experiment, params, metrics, data, *,
                          data_name="data", context="training"):
    from mlflow import MlflowClient

    run_id = _log(tracking_uri, experiment, params, metrics, data, inputs=False)
    MlflowClient(tracking_uri).set_tag(run_id, "rows", str(len(data)))  # a tag, not an input
    return run_id


def log_metrics_as_params_batch(tracking_uri, experiment, params, metrics, data, *,
                                data_name="data", context="training"):
    return _log(tracking_uri, experiment, params, metrics, data, data_name=data_name,
                context=context, metrics_as="param")


def log_metrics_as_params_merged(tracking_uri, experiment, params, metrics, data, *,
                                 data_name="data", context="training"):
    everything = {**params, **metrics}  # one dict, one call: all of it becomes parameters
    return _log(tracking_uri, experiment, everything, {}, data, data_name=data_name,
                context=context)


def log_always_creates_client(tracking_uri, experiment, params, metrics, data, *,
                              data_name="data", context="training"):
    return _log(tracking_uri, experiment, params, metrics, data, data_name=data_name,
                context=context, create_always=True)


def log_always_creates_fluent_id(tracking_uri, experiment, params, metrics, data, *,
                                 data_name="data", context="training"):
    import mlflow

    mlflow.set_tracking_uri(tracking_uri)
    mlflow.create_experiment(experiment)  # raises when it exists
    return _log(tracking_uri, experiment, params, metrics, data, data_name=data_name,
                context=context)


def log_unnamed_dataset_client(tracking_uri, experiment, params, metrics, data, *,
                               data_name="data", context="training"):
    return _log(tracking_uri, experiment, params, metrics, data, context=context, named=False)


def log_unnamed_dataset_default_name(tracking_uri, experiment, params, metrics, data, *,
                                     data_name="data", context="training"):
    return _log(tracking_uri, experiment, params, metrics, data, context=context,
                data_name="dataset")


def log_returns_experiment_client(tracking_uri, experiment, params, metrics, data, *,
                                  data_name="data", context="training"):
    return _log(tracking_uri, experiment, params, metrics, data, data_name=data_name,
                context=context, returns="experiment")


def log_returns_experiment_from_run(tracking_uri, experiment, params, metrics, data, *,
                                    data_name="data", context="training"):
    from mlflow import MlflowClient

    run_id = _log(tracking_uri, experiment, params, metrics, data, data_name=data_name,
                  context=context)
    return MlflowClient(tracking_uri).get_run(run_id).info.experiment_id


# ================================================================ best_run
def _frame_of_runs(tracking_uri, experiment, *, everywhere=False):
    from mlflow import MlflowClient

    client = MlflowClient(tracking_uri)
    found = client.get_experiment_by_name(experiment)
    if found is None:
        raise ValueError(f"unknown experiment {experiment!r}")
    ids = [e.experiment_id for e in client.search_experiments()] if everywhere \
        else [found.experiment_id]
    runs = client.search_runs(ids, max_results=1000)
    return pd.DataFrame([{"id": r.info.run_id, "start": r.info.start_time, **r.data.metrics}
                         for r in runs])


def best_always_max_sort(tracking_uri, experiment, metric, *, higher_is_better):
    runs = _frame_of_runs(tracking_uri, experiment)
    if runs.empty or metric not in runs:
        return None
    runs = runs.dropna(subset=[metric]).sort_values([metric, "start"],
                                                    ascending=[False, True])
    return runs["id"].iloc[0]


def best_always_max_loop(tracking_uri, experiment, metric, *, higher_is_better):
    from mlflow import MlflowClient

    client = MlflowClient(tracking_uri)
    found = client.get_experiment_by_name(experiment)
    if found is None:
        raise ValueError("no such experiment")
    best, best_value = None, None
    for run in sorted(client.search_runs([found.experiment_id]), key=lambda r: r.info.start_time):
        value = run.data.metrics.get(metric)
        if value is not None and (best_value is None or value > best_value):
            best, best_value = run.info.run_id, value
    return best


def best_missing_zero_fillna(tracking_uri, experiment, metric, *, higher_is_better):
    runs = _frame_of_runs(tracking_uri, experiment)
    if runs.empty:
        return None
    if metric not in runs:
        runs[metric] = np.nan
    runs[metric] = runs[metric].fillna(0.0)
    runs = runs.sort_values([metric, "start"], ascending=[not higher_is_better, True])
    return runs["id"].iloc[0]


def best_missing_zero_get(tracking_uri, experiment, metric, *, higher_is_better):
    from mlflow import MlflowClient

    client = MlflowClient(tracking_uri)
    found = client.get_experiment_by_name(experiment)
    if found is None:
        raise ValueError("no such experiment")
    runs = client.search_runs([found.experiment_id])
    if not runs:
        return None
    sign = -1 if higher_is_better else 1
    return min(runs, key=lambda r: (sign * r.data.metrics.get(metric, 0),
                                    r.info.start_time)).info.run_id


def best_newest_ties_stable_sort(tracking_uri, experiment, metric, *, higher_is_better):
    runs = _frame_of_runs(tracking_uri, experiment)  # newest first, as search_runs lists them
    if runs.empty or metric not in runs:
        return None
    runs = runs.dropna(subset=[metric])
    order = runs[metric].sort_values(ascending=not higher_is_better, kind="stable")
    return runs.loc[order.index[0], "id"]


def best_newest_ties_greater_equal(tracking_uri, experiment, metric, *, higher_is_better):
    runs = _frame_of_runs(tracking_uri, experiment)
    if runs.empty or metric not in runs:
        return None
    best, best_value = None, None
    for _, row in runs.sort_values("start").iterrows():
        value = row[metric]
        if pd.isna(value):
            continue
        if best_value is None:
            better = True
        elif higher_is_better:
            better = value >= best_value  # a later run wins a tie
        else:
            better = value <= best_value
        if better:
            best, best_value = row["id"], value
    return best


def best_every_experiment_frame(tracking_uri, experiment, metric, *, higher_is_better):
    runs = _frame_of_runs(tracking_uri, experiment, everywhere=True)
    if runs.empty or metric not in runs:
        return None
    runs = runs.dropna(subset=[metric]).sort_values([metric, "start"],
                                                    ascending=[not higher_is_better, True])
    return None if runs.empty else runs["id"].iloc[0]


def best_every_experiment_search_all(tracking_uri, experiment, metric, *, higher_is_better):
    import mlflow

    mlflow.set_tracking_uri(tracking_uri)
    if mlflow.get_experiment_by_name(experiment) is None:
        raise ValueError("no such experiment")
    runs = mlflow.search_runs(search_all_experiments=True, output_format="list")
    scored = [r for r in runs if metric in r.data.metrics]
    if not scored:
        return None
    sign = -1 if higher_is_better else 1
    return min(scored, key=lambda r: (sign * r.data.metrics[metric],
                                      r.info.start_time)).info.run_id


VARIANTS = {
    "missing.ignores_range": [missing_no_range_sets, missing_no_range_resample],
    "missing.end_excluded": [missing_end_open_loop, missing_end_open_range],
    "missing.first_of_each_gap": [missing_gap_starts_diff, missing_gap_starts_loop],
    "missing.assumes_sorted": [missing_sorted_by_position_values,
                               missing_sorted_by_position_head_tail],
    "clean.mutates_input": [clean_mutates_inplace_sort, clean_mutates_column_assignment],
    "clean.partial_long_gaps": [clean_partial_limit_only, clean_partial_column_by_column],
    "clean.keeps_last_duplicate": [clean_last_duplicate_groupby, clean_last_duplicate_reversed],
    "clean.forward_fill": [clean_ffill_method, clean_ffill_loop],
    "clean.gap_off_by_one": [clean_strict_gap_compare, clean_strict_gap_minus_one],
    "daily.mean_not_sum": [daily_mean_groupby, daily_mean_resample],
    "daily.counts_empty_hours": [daily_empty_hours_size, daily_empty_hours_len],
    "daily.threshold_exclusive": [daily_strict_threshold_flag, daily_strict_threshold_plus_one],
    "daily.peak_count_not_hour": [daily_peak_value_max, daily_peak_value_sorted],
    "daily.nan_as_zero": [daily_nan_filled_fillna, daily_nan_filled_where],
    "det.ignores_atol": [det_exact_equality_loop, det_exact_equality_set],
    "det.default_relative_tolerance": [det_isclose_defaults, det_assert_allclose],
    "det.nan_unequal": [det_nan_subtraction, det_nan_math],
    "det.two_calls_only": [det_two_calls_direct, det_two_calls_pairwise],
    "det.drops_arguments": [det_drops_kwargs, det_drops_everything],
    "seed.unseeded_randomness": [seed_generator_not_passed, seed_python_random_only],
    "seed.constant_seed": [seed_fixed_constant, seed_fixed_default_argument],
    "seed.scored_on_train": [seed_train_accuracy_sklearn, seed_train_accuracy_by_hand],
    "seed.not_stratified": [seed_no_stratify, seed_no_stratify_shuffle_split],
    "log_run.no_input": [log_no_input_client, log_no_input_tag_only],
    "log_run.metrics_as_params": [log_metrics_as_params_batch, log_metrics_as_params_merged],
    "log_run.always_creates_experiment": [log_always_creates_client,
                                          log_always_creates_fluent_id],
    "log_run.unnamed_dataset": [log_unnamed_dataset_client, log_unnamed_dataset_default_name],
    "log_run.returns_experiment_id": [log_returns_experiment_client,
                                      log_returns_experiment_from_run],
    "best.ignores_direction": [best_always_max_sort, best_always_max_loop],
    "best.missing_as_zero": [best_missing_zero_fillna, best_missing_zero_get],
    "best.newest_on_ties": [best_newest_ties_stable_sort, best_newest_ties_greater_equal],
    "best.all_experiments": [best_every_experiment_frame, best_every_experiment_search_all],
}
