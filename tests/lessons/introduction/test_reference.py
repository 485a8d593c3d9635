"""The reference of lesson 00_introduction, against pandas, scikit-learn and MLflow on SQLite."""

import numpy as np
import pandas as pd
import pytest

from mlopskit import introduction as kit
from mlopskit.datasets import load_bikeshare


@pytest.fixture(scope="module")
def bike():
    return kit.with_timestamps(load_bikeshare())


def test_missing_hours_on_the_real_year(bike):
    gaps = kit.missing_hours(bike, start="2011-01-01 00:00", end="2011-12-31 23:00")
    assert len(gaps) + len(bike) == 8760  # every hour of 2011, observed or missing
    assert not gaps.isin(bike["timestamp"]).any()
    assert gaps.is_monotonic_increasing


def test_missing_hours_refuses_a_reversed_range(bike):
    with pytest.raises(ValueError, match="before"):
        kit.missing_hours(bike, start="2011-02-01", end="2011-01-01")
    with pytest.raises(ValueError, match="no `timestamp`"):
        kit.missing_hours(bike.drop(columns="timestamp"))


def test_clean_hourly_is_regular_and_leaves_its_input_alone(bike):
    frame = bike[["timestamp", "bikers", "temp"]]
    before = frame.copy()
    clean = kit.clean_hourly(frame, max_gap=2)
    assert frame.equals(before)
    assert clean.index.to_series().diff().dropna().eq(pd.Timedelta(hours=1)).all()
    assert clean.index.is_unique and clean.index.is_monotonic_increasing
    observed = clean.loc[frame["timestamp"], "bikers"].to_numpy()
    np.testing.assert_array_equal(observed, frame["bikers"].to_numpy(dtype=float))


def test_clean_hourly_fills_whole_gaps_only():
    df = pd.DataFrame({"timestamp": pd.to_datetime(["2011-01-01 00:00", "2011-01-01 03:00",
                                                    "2011-01-01 08:00"]),
                       "bikers": [0, 30, 80]})
    clean = kit.clean_hourly(df, max_gap=2)
    assert clean["bikers"].iloc[:4].tolist() == [0.0, 10.0, 20.0, 30.0]
    assert clean["bikers"].iloc[4:8].isna().all()
    with pytest.raises(ValueError, match="max_gap"):
        kit.clean_hourly(df, max_gap=-1)


def test_daily_features_agree_with_resample(bike):
    hourly = kit.clean_hourly(bike[["timestamp", "bikers", "temp"]], max_gap=0)
    daily = kit.daily_features(hourly, min_hours=1)
    by_day = hourly.dropna().resample("D")
    oracle = by_day["bikers"].sum()
    oracle = oracle[by_day["bikers"].count() > 0]
    np.testing.assert_allclose(daily["bikers_total"], oracle)
    assert (daily["hours"] <= 24).all() and daily["peak_hour"].between(0, 23).all()
    with pytest.raises(ValueError, match="min_hours"):
        kit.daily_features(hourly, min_hours=25)


def test_is_deterministic_tells_seeded_from_unseeded():
    from sklearn.datasets import make_classification

    X, y = make_classification(n_samples=120, random_state=0)
    assert kit.is_deterministic(kit.train_and_score, X, y, seed=3)
    rng = np.random.default_rng(0)
    assert not kit.is_deterministic(lambda: rng.normal())
    assert kit.is_deterministic(lambda: float("nan"))
    assert kit.is_deterministic(lambda: 1.0 + rng.normal() * 1e-9, atol=1e-6)
    with pytest.raises(ValueError, match="runs"):
        kit.is_deterministic(lambda: 1, runs=1)


def test_train_and_score_matches_sklearn_by_hand():
    from sklearn.datasets import make_classification
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.model_selection import train_test_split

    X, y = make_classification(n_samples=150, random_state=1)
    a, b, c, d = train_test_split(X, y, test_size=0.25, stratify=y, random_state=9)
    expected = RandomForestClassifier(n_estimators=25, random_state=9).fit(a, c).score(b, d)
    assert kit.train_and_score(X, y, seed=9) == expected


def test_log_run_and_best_run_read_back_from_sqlite(tmp_path):
    from mlflow import MlflowClient

    uri = kit.default_tracking_uri(tmp_path)
    data = pd.DataFrame({"temp": [0.2, 0.3], "bikers": [10, 20]})
    first = kit.log_run(uri, "bikes", {"max_gap": 3}, {"rmse": 40.0}, data, data_name="d")
    second = kit.log_run(uri, "bikes", {"max_gap": 0}, {"rmse": 40.0}, data)
    run = MlflowClient(uri).get_run(first)
    assert run.info.status == "FINISHED"
    assert run.data.params == {"max_gap": "3"} and run.data.metrics == {"rmse": 40.0}
    (dataset,) = run.inputs.dataset_inputs
    assert dataset.dataset.name == "d" and dataset.tags[0].value == "training"
    assert kit.best_run(uri, "bikes", "rmse", higher_is_better=False) == first  # the tie
    assert second != first
    assert kit.best_run(uri, "bikes", "auc", higher_is_better=True) is None
    with pytest.raises(ValueError, match="no experiment"):
        kit.best_run(uri, "trains", "rmse", higher_is_better=True)
