"""The reference drift functions: agreement with scipy, properties, bad input."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from scipy.spatial.distance import jensenshannon

from mlopskit import drift


@pytest.fixture
def rng():
    return np.random.default_rng(2024)


INPUT_KINDS = [list, np.asarray, pd.Series]


@pytest.mark.parametrize("kind", INPUT_KINDS)
def test_ks_test_agrees_with_scipy(rng, kind):
    a, b = rng.normal(0, 1, 400), rng.normal(0.3, 1.2, 300)
    expected = stats.ks_2samp(a, b)
    result = drift.ks_test(kind(a), kind(b), alpha=0.01)
    assert result.statistic == pytest.approx(expected.statistic)
    assert result.p_value == pytest.approx(expected.pvalue)
    assert result.drift is bool(expected.pvalue < 0.01)
    assert isinstance(result.statistic, float) and isinstance(result.drift, bool)


def test_chi2_test_builds_the_two_by_k_table_over_the_union():
    ref = ["a"] * 30 + ["b"] * 50 + ["c"] * 20
    cur = ["a"] * 20 + ["b"] * 40 + ["d"] * 10
    table = np.array([[30, 50, 20, 0], [20, 40, 0, 10]])
    expected = stats.chi2_contingency(table)
    result = drift.chi2_test(ref, cur)
    assert result.statistic == pytest.approx(expected.statistic)
    assert result.p_value == pytest.approx(expected.pvalue)
    assert result.drift


def test_chi2_test_single_category_is_no_drift():
    assert drift.chi2_test(["a"] * 5, ["a"] * 9) == drift.DriftTestResult(0.0, 1.0, False)


def test_psi_matches_an_independent_pandas_computation(rng):
    ref, cur = rng.gamma(2.0, 2.0, 3000), rng.gamma(2.5, 2.0, 2000)
    _, edges = pd.qcut(ref, 10, retbins=True)
    edges[0], edges[-1] = -np.inf, np.inf
    r = pd.Series(pd.cut(ref, edges)).value_counts(normalize=True, sort=False).to_numpy()
    c = pd.Series(pd.cut(cur, edges)).value_counts(normalize=True, sort=False).to_numpy()
    assert drift.psi(ref, cur) == pytest.approx(np.sum((c - r) * np.log(c / r)))


def test_psi_properties(rng):
    ref = rng.normal(0, 1, 2000)
    assert drift.psi(ref, ref) == pytest.approx(0.0, abs=1e-12)
    small, large = drift.psi(ref, rng.normal(0.1, 1, 2000)), drift.psi(ref, rng.normal(1, 1, 2000))
    assert 0 <= small < 0.1 < 0.25 < large
    # Values far outside the reference range still count: they land in the outer bins.
    far = drift.psi(ref, np.full(100, 50.0))
    assert math.isfinite(far) and far > 5


def test_psi_right_closed_bins_and_duplicate_edges():
    ref = np.array([1, 1, 1, 1, 2, 2, 3, 3, 4, 5] * 10, dtype=float)
    cur = np.array([1, 2, 3, 4, 5] * 20, dtype=float)
    edges = np.unique(np.quantile(ref, np.linspace(0, 1, 11)))
    inner = edges[1:-1]
    r = pd.Series(pd.cut(ref, [-np.inf, *inner, np.inf])).value_counts(normalize=True, sort=False)
    c = pd.Series(pd.cut(cur, [-np.inf, *inner, np.inf])).value_counts(normalize=True, sort=False)
    r, c = np.maximum(r.to_numpy(), 1e-4), np.maximum(c.to_numpy(), 1e-4)
    assert drift.psi(ref, cur) == pytest.approx(np.sum((c - r) * np.log(c / r)))


def test_psi_categorical_and_severity():
    assert drift.psi_categorical(["x", "y"] * 50, ["x"] * 100) > 0.25
    assert [drift.psi_severity(v) for v in (0.0, 0.099, 0.1, 0.2499, 0.25, 3)] == [
        "stable", "stable", "moderate", "moderate", "significant", "significant"]
    with pytest.raises(ValueError, match="value"):
        drift.psi_severity(-0.1)
    with pytest.raises(TypeError, match="value"):
        drift.psi_severity("0.2")


def test_js_divergence_is_scipy_distance_squared(rng):
    for _ in range(20):
        k = int(rng.integers(2, 9))
        p, q = rng.dirichlet(np.ones(k)), rng.dirichlet(np.ones(k))
        assert drift.js_divergence(p, q) == pytest.approx(jensenshannon(p, q, base=2) ** 2)
    assert drift.js_divergence([1, 0], [0, 1]) == pytest.approx(1.0)
    assert drift.js_divergence([0.5, 0.5, 0], [0.5, 0.5, 0]) == 0.0


def test_wasserstein_agrees_with_scipy(rng):
    a, b = rng.normal(0, 1, 100), rng.normal(2, 1, 150)
    assert drift.wasserstein(a, b) == pytest.approx(stats.wasserstein_distance(a, b))


def test_drift_report_picks_the_test_by_dtype(rng):
    n = 500
    ref = pd.DataFrame({"x": rng.normal(0, 1, n), "k": rng.integers(0, 5, n),
                        "c": rng.choice(["a", "b"], n), "flag": rng.random(n) < 0.5,
                        "cat": pd.Categorical(rng.choice(["u", "v"], n))})
    cur = ref.copy()
    cur["x"] = cur["x"] + 1
    report = drift.drift_report(ref, cur)
    assert list(report.index) == ["x", "k", "c", "flag", "cat"]
    assert report.index.name == "feature"
    assert list(report.columns) == ["kind", "test", "statistic", "p_value", "psi", "severity",
                                    "drift"]
    assert report["test"].tolist() == ["ks", "ks", "chi2", "chi2", "chi2"]
    assert report["drift"].tolist() == [True, False, False, False, False]
    assert report.loc["x", "severity"] == "significant"


def test_drift_report_names_a_missing_column():
    ref = pd.DataFrame({"income": [1.0, 2.0], "age": [30, 40]})
    with pytest.raises(ValueError, match="'age'"):
        drift.drift_report(ref, ref[["income"]])
    with pytest.raises(TypeError, match="reference_df"):
        drift.drift_report(ref.to_dict(), ref)


def test_drift_report_names_the_column_with_bad_values():
    ref = pd.DataFrame({"income": [1.0, 2.0, 3.0]})
    with pytest.raises(ValueError, match="column 'income'.*NaN"):
        drift.drift_report(ref, pd.DataFrame({"income": [1.0, np.nan, 3.0]}))


@pytest.mark.parametrize("func", [drift.ks_test, drift.psi, drift.wasserstein])
def test_numeric_functions_reject_bad_input(func):
    with pytest.raises(ValueError, match="`reference` is empty"):
        func([], [1.0, 2.0])
    with pytest.raises(ValueError, match=r"`current` contains 1 missing \(NaN\)"):
        func([1.0, 2.0], [1.0, np.nan])
    with pytest.raises(TypeError, match="`current` must hold numbers"):
        func([1.0, 2.0], ["a", "b"])
    with pytest.raises(TypeError, match="`reference` must hold numbers"):
        func(pd.Series(["a", "b"]), [1.0])
    with pytest.raises(TypeError, match="`reference` must be a 1-D"):
        func(3.0, [1.0])


def test_bad_options_are_named():
    with pytest.raises(ValueError, match="alpha"):
        drift.ks_test([1.0, 2.0], [1.0, 2.0], alpha=1.5)
    with pytest.raises(ValueError, match="bins"):
        drift.psi([1.0, 2.0], [1.0, 2.0], bins=0)
    with pytest.raises(ValueError, match="same length"):
        drift.js_divergence([0.5, 0.5], [1 / 3] * 3)
    with pytest.raises(ValueError, match="must sum to 1"):
        drift.js_divergence([0.5, 0.6], [0.5, 0.5])
    with pytest.raises(ValueError, match="missing"):
        drift.chi2_test(["a", None], ["a"])


def test_ddm_detects_a_jump_and_resets(rng):
    detector = drift.DDM()
    calm = [detector.update(bool(e)) for e in rng.random(500) < 0.1]
    assert "drift" not in calm
    jump = [detector.update(bool(e)) for e in rng.random(300) < 0.5]
    first = jump.index("drift")
    assert first < 100
    assert detector.n < 300 - first  # it reset after the drift and counts afresh
    assert jump[first + 1: first + detector.min_samples].count("stable") == detector.min_samples - 1


def test_ddm_validates_its_options():
    with pytest.raises(ValueError, match="drift_level"):
        drift.DDM(warning_level=3, drift_level=2)
    with pytest.raises(ValueError, match="min_samples"):
        drift.DDM(min_samples=0)
    with pytest.raises(ValueError, match="error"):
        drift.DDM().update(0.5)


def test_ece_matches_a_calibration_curve_computation(rng):
    from sklearn.calibration import calibration_curve

    prob = rng.random(2000)
    y = (rng.random(2000) < prob**1.5).astype(int)
    frac, mean_prob = calibration_curve(y, prob, n_bins=10, strategy="uniform")
    counts = np.histogram(prob, bins=np.linspace(0, 1, 11))[0]
    weights = counts[counts > 0] / prob.size
    assert drift.expected_calibration_error(y, prob) == pytest.approx(
        np.sum(weights * np.abs(frac - mean_prob)))


def test_ece_edges_and_errors():
    assert drift.expected_calibration_error([1, 0], [1.0, 0.0]) == 0.0
    with pytest.raises(ValueError, match="y_prob"):
        drift.expected_calibration_error([1, 0], [1.2, 0.0])
    with pytest.raises(ValueError, match="same length"):
        drift.expected_calibration_error([1, 0, 1], [0.2, 0.3])
    with pytest.raises(ValueError, match="y_true"):
        drift.expected_calibration_error([2, 0], [0.2, 0.3])


def _report(*severities):
    return pd.DataFrame({"severity": list(severities)}, index=[f"f{i}" for i in range(len(severities))])


@pytest.mark.parametrize(
    "severities, kwargs, action",
    [
        (("stable", "stable"), dict(recent_auc=0.85), "none"),
        (("stable", "moderate"), dict(recent_auc=0.85), "investigate"),
        (("stable", "stable"), dict(recent_auc=0.84, ece=0.1), "recalibrate"),
        (("significant", "stable"), dict(recent_auc=0.83, ece=0.01), "investigate"),
        (("stable", "stable"), dict(recent_auc=0.70, concept_drift=True), "retrain"),
        (("significant", "significant"), dict(recent_auc=0.70), "retrain"),
        (("significant", "stable"), dict(recent_auc=0.70, ece=0.3), "investigate"),
    ],
)
def test_recommend_action_follows_its_written_policy(severities, kwargs, action):
    decision = drift.recommend_action(_report(*severities), baseline_auc=0.85, **kwargs)
    assert decision.action == action
    assert (decision.reasons == ()) == (action == "none")


def test_recommend_action_validates_report():
    with pytest.raises(ValueError, match="severity"):
        drift.recommend_action(pd.DataFrame({"x": [1]}), baseline_auc=0.9, recent_auc=0.9)
    with pytest.raises(ValueError, match="recent_auc"):
        drift.recommend_action(_report("stable"), baseline_auc=0.9, recent_auc=1.5)


# ------------------------------------------------------------------ claims the lesson makes
@pytest.fixture(scope="module")
def credit():
    from mlopskit.datasets import make_credit_applications

    return make_credit_applications(seed=0)


FEATURES = ["age", "income", "loan_amount", "loan_term", "credit_history_years",
            "num_open_accounts", "channel", "region"]
INJECTED = {**{m: {"income"} for m in (4, 5)}, **{m: {"income", "channel"} for m in range(6, 13)}}


def _flags(credit, correction):
    ref = credit.reference[FEATURES]
    out = {}
    for month, batch in credit.batches.items():
        report = drift.drift_report(ref, batch[FEATURES], correction=correction)
        out[month] = set(report.index[report["drift"]])
    return out


def test_psi_is_not_symmetric_on_the_lessons_data(credit):
    ref, month6 = credit.reference["income"], credit.batches[6]["income"]
    forward, backward = drift.psi(ref, month6), drift.psi(month6, ref)
    assert forward == pytest.approx(0.508, abs=5e-4)
    assert backward == pytest.approx(0.460, abs=5e-4)
    assert abs(forward - backward) > 0.01


def test_adjust_p_values_agrees_with_scipy_and_bonferroni(rng):
    for m in (1, 2, 7, 40):
        p = rng.random(m) ** 2
        assert drift.adjust_p_values(p) == pytest.approx(stats.false_discovery_control(p))
        assert drift.adjust_p_values(p, method="bonferroni") == pytest.approx(
            np.minimum(p * m, 1.0))
    ties = np.array([0.01, 0.01, 0.04, 0.04, 0.9])
    assert drift.adjust_p_values(ties) == pytest.approx(stats.false_discovery_control(ties))
    with pytest.raises(ValueError, match="method"):
        drift.adjust_p_values([0.1], method="holm")
    with pytest.raises(ValueError, match="p_values"):
        drift.adjust_p_values([1.2])


def test_without_correction_the_report_flags_untouched_features(credit):
    flags = _flags(credit, None)
    false_alarms = {(m, f) for m, found in flags.items() for f in found - INJECTED.get(m, set())}
    assert false_alarms == {(2, "region"), (4, "region"), (7, "age")}


@pytest.mark.parametrize("correction", ["bonferroni", "fdr_bh"])
def test_with_a_correction_the_report_flags_only_what_was_injected(credit, correction):
    flags = _flags(credit, correction)
    assert flags == {m: INJECTED.get(m, set()) for m in range(1, 13)}


def test_correction_adds_the_adjusted_column_and_validates():
    ref = pd.DataFrame({"x": np.arange(100.0), "c": ["a", "b"] * 50})
    cur = pd.DataFrame({"x": np.arange(100.0) + 20, "c": ["a", "b"] * 50})
    report = drift.drift_report(ref, cur, correction="bonferroni")
    assert list(report.columns) == ["kind", "test", "statistic", "p_value", "p_adjusted", "psi",
                                    "severity", "drift"]
    assert report["p_adjusted"].tolist() == pytest.approx(
        np.minimum(report["p_value"] * 2, 1).tolist())
    assert report["drift"].tolist() == (report["p_adjusted"] < 0.05).tolist()
    with pytest.raises(ValueError, match="correction"):
        drift.drift_report(ref, cur, correction="holm")


def test_js_alert_level_is_the_natural_log_rule_in_bits(rng):
    assert drift.JS_ALERT == pytest.approx(0.1 / math.log(2))
    p, q = rng.dirichlet(np.ones(4)), rng.dirichlet(np.ones(4))
    nats = jensenshannon(p, q) ** 2
    assert drift.js_divergence(p, q) == pytest.approx(nats / math.log(2))
    assert (drift.js_divergence(p, q) > drift.JS_ALERT) == (nats > 0.1)


def test_chi2_applies_yates_with_two_categories_only():
    two_ref, two_cur = ["a"] * 30 + ["b"] * 70, ["a"] * 45 + ["b"] * 55
    table = np.array([[30, 70], [45, 55]])
    result = drift.chi2_test(two_ref, two_cur)
    assert result.statistic == pytest.approx(stats.chi2_contingency(table, correction=True).statistic)
    assert result.statistic < stats.chi2_contingency(table, correction=False).statistic
    three = np.array([[30, 50, 20], [45, 35, 20]])
    result = drift.chi2_test(["a"] * 30 + ["b"] * 50 + ["c"] * 20,
                             ["a"] * 45 + ["b"] * 35 + ["c"] * 20)
    assert result.statistic == pytest.approx(
        stats.chi2_contingency(three, correction=False).statistic)


def test_ece_bin_rule_puts_one_in_the_last_bin_and_edges_on_the_right():
    # p = 1.0 shares the last bin with 0.95: one bin, gap |1 - 0.975|.
    assert drift.expected_calibration_error([1, 1], [0.95, 1.0]) == pytest.approx(0.025)
    # 0.5 is an inner edge for 2 bins: it joins 0.9 in the upper bin, not 0.1.
    assert drift.expected_calibration_error([0, 1, 1], [0.1, 0.5, 0.9], n_bins=2) == \
        pytest.approx(2 / 3 * abs(1 - 0.7) + 1 / 3 * 0.1)


def test_ddm_counts_errors_without_resetting_on_a_correct_prediction():
    ddm = drift.DDM(min_samples=5)
    for e in (True, False, True, False):
        ddm.update(e)
    assert (ddm.n, ddm.errors) == (4, 2)


def test_recommend_action_reasons_follow_the_language():
    report = _report("significant", "stable")
    pt = drift.recommend_action(report, baseline_auc=0.85, recent_auc=0.7, lang="pt")
    en = drift.recommend_action(report, baseline_auc=0.85, recent_auc=0.7, lang="en")
    assert pt.action == en.action == "investigate"
    assert pt.reasons[0].startswith("a AUC caiu") and en.reasons[0].startswith("AUC fell")
