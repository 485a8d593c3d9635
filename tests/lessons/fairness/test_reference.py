"""The fairness reference against fairlearn, on random data and awkward inputs."""

import zlib

import numpy as np
import pandas as pd
import pytest
from fairlearn import metrics as flm

from mlopskit import fairness

METRICS = ["demographic_parity_difference", "demographic_parity_ratio",
           "equal_opportunity_difference", "equalized_odds_difference"]
KINDS = {"list": list, "ndarray": np.asarray, "series": pd.Series}


def _random(rng, *, single_class=False):
    n = int(rng.integers(8, 80))
    k = int(rng.integers(2, 5))
    groups = rng.choice([f"g{i}" for i in range(k)], n)
    y_true = rng.integers(0, 2, n)
    y_pred = rng.integers(0, 2, n)
    if single_class:
        y_true[groups == "g0"] = int(rng.integers(0, 2))
    return y_true, y_pred, groups


@pytest.mark.parametrize("name", METRICS)
@pytest.mark.parametrize("kind", KINDS)
def test_metrics_agree_with_fairlearn(name, kind):
    rng = np.random.default_rng(zlib.crc32(f"{name}/{kind}".encode()))
    convert = KINDS[kind]
    for trial in range(30):
        y_true, y_pred, groups = _random(rng, single_class=trial % 3 == 0)
        ours = getattr(fairness, name)(convert(y_true), convert(y_pred),
                                       sensitive_features=convert(groups))
        theirs = getattr(flm, name)(y_true, y_pred, sensitive_features=groups)
        assert ours == pytest.approx(theirs), (name, trial)


@pytest.mark.parametrize("kind", KINDS)
def test_group_rates_match_metricframe(kind):
    rng = np.random.default_rng(zlib.crc32(kind.encode()))
    convert = KINDS[kind]
    for trial in range(20):
        y_true, y_pred, groups = _random(rng, single_class=trial % 2 == 0)
        ours = fairness.group_rates(convert(y_true), convert(y_pred),
                                    sensitive_features=convert(groups))
        frame = flm.MetricFrame(metrics={"selection_rate": flm.selection_rate,
                                         "tpr": flm.true_positive_rate,
                                         "fpr": flm.false_positive_rate},
                                y_true=y_true, y_pred=y_pred, sensitive_features=groups)
        assert list(ours.columns) == list(fairness.RATE_COLUMNS)
        assert list(ours.index) == sorted(ours.index)
        pd.testing.assert_frame_equal(ours, frame.by_group.astype(float), check_names=False)


def test_selection_rates_match_metricframe():
    rng = np.random.default_rng(0)
    y_pred, groups = rng.integers(0, 2, 200), rng.choice(["norte", "sul", "leste"], 200)
    frame = flm.MetricFrame(metrics=flm.selection_rate, y_true=y_pred, y_pred=y_pred,
                            sensitive_features=groups)
    ours = fairness.selection_rates(y_pred, sensitive_features=groups)
    assert ours.to_dict() == pytest.approx(frame.by_group.to_dict())
    assert fairness.selection_rate(y_pred) == pytest.approx(flm.selection_rate(y_pred, y_pred))


def test_parity_ratio_is_nan_where_fairlearn_gives_nan():
    """Nobody selected: 0 / 0 is undefined, for fairlearn and for the kit alike."""
    y_true, groups = [1, 0, 1, 0, 1, 1], ["a", "a", "a", "b", "b", "b"]
    nobody = [0] * 6
    theirs = flm.demographic_parity_ratio(y_true, nobody, sensitive_features=groups)
    ours = fairness.demographic_parity_ratio(y_true, nobody, sensitive_features=groups)
    assert np.isnan(theirs) and np.isnan(ours)
    one_side = [1, 0, 1, 0, 0, 0]  # group b never selected: a real 0, not NaN
    assert fairness.demographic_parity_ratio(y_true, one_side, sensitive_features=groups) == \
        flm.demographic_parity_ratio(y_true, one_side, sensitive_features=groups) == 0.0


def test_a_group_with_one_class_does_not_crash():
    y_true = [1, 1, 1, 0, 1, 0]
    y_pred = [1, 1, 1, 0, 0, 1]
    groups = ["z", "z", "z", "a", "a", "a"]
    tpr = fairness.true_positive_rates(y_true, y_pred, sensitive_features=groups)
    fpr = fairness.false_positive_rates(y_true, y_pred, sensitive_features=groups)
    assert tpr.to_dict() == {"a": 0.0, "z": 1.0} and fpr.to_dict() == {"a": 0.5, "z": 0.0}


def test_reweighing_makes_group_and_label_independent():
    rng = np.random.default_rng(3)
    groups = rng.choice(["A", "B"], 1000, p=[0.6, 0.4])
    y = (rng.random(1000) < np.where(groups == "A", 0.7, 0.3)).astype(int)
    w = fairness.reweighing_weights(y, sensitive_features=groups)
    frame = pd.DataFrame({"g": groups, "y": y, "w": w})
    weighted = frame.groupby("g").apply(lambda d: np.average(d["y"], weights=d["w"]),
                                        include_groups=False)
    assert weighted["A"] == pytest.approx(weighted["B"]) == pytest.approx(y.mean())
    assert w.sum() == pytest.approx(len(y))


def test_group_thresholds_reach_the_target_rate():
    rng = np.random.default_rng(5)
    scores = rng.random(600)
    groups = rng.choice(["A", "B", "C"], 600)
    scores[groups == "A"] += 0.3
    cuts = fairness.group_thresholds(scores, sensitive_features=groups, target_rate=0.25)
    chosen = fairness.apply_thresholds(scores, sensitive_features=groups, thresholds=cuts)
    rates = pd.Series(chosen).groupby(groups).mean()
    assert (rates - 0.25).abs().max() < 0.01
    assert fairness.demographic_parity_difference(chosen, chosen,
                                                  sensitive_features=groups) < 0.02
    with pytest.raises(ValueError, match="no value for group"):
        fairness.apply_thresholds(scores, sensitive_features=groups, thresholds={"A": 0.5})


def test_group_thresholds_at_the_edges_select_nobody_and_everyone():
    scores = [0.2, 0.9, 0.5, 0.9, 0.1, 0.7]
    groups = ["a", "a", "a", "b", "b", "b"]
    for rate, expected in [(0.0, 0.0), (1.0, 1.0)]:
        cuts = fairness.group_thresholds(scores, sensitive_features=groups, target_rate=rate)
        chosen = fairness.apply_thresholds(scores, sensitive_features=groups, thresholds=cuts)
        assert chosen.mean() == expected, rate
    assert fairness.group_thresholds(scores, sensitive_features=groups, target_rate=0) == \
        {"a": float("inf"), "b": float("inf")}
    assert fairness.group_thresholds(scores, sensitive_features=groups, target_rate=1) == \
        {"a": 0.2, "b": 0.1}


def test_bad_inputs_are_named():
    with pytest.raises(ValueError, match="sensitive_features"):
        fairness.selection_rates([1, 0], sensitive_features=["a"])
    with pytest.raises(ValueError, match="y_pred"):
        fairness.selection_rates([1, 2], sensitive_features=["a", "b"])
    with pytest.raises(ValueError, match="same length"):
        fairness.demographic_parity_difference([1, 0, 1], [1, 0], sensitive_features=["a", "b"])
    with pytest.raises(ValueError, match="missing"):
        fairness.selection_rates([1, 0], sensitive_features=["a", None])
    with pytest.raises(ValueError, match="target_rate"):
        fairness.group_thresholds([0.1, 0.2], sensitive_features=["a", "b"], target_rate=2)
    with pytest.raises(TypeError, match="one column"):
        fairness.selection_rates([1, 0], sensitive_features=pd.DataFrame({"a": [1, 2]}))
