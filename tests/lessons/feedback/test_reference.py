"""The reference of lesson 06_feedback, against pandas and scipy as oracles."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from mlopskit import feedback


def _decisions(seed, n=200):
    rng = np.random.default_rng(seed)
    made = pd.Timestamp("2024-01-01") + pd.to_timedelta(np.sort(rng.integers(0, 120, n)), "D")
    preds = pd.DataFrame({"id": np.arange(n), "predicted_at": made,
                          "prediction": rng.integers(0, 2, n)})
    first = preds.sample(frac=0.8, random_state=seed)
    fixes = first.sample(frac=0.1, random_state=seed + 1)
    labels = pd.concat([
        pd.DataFrame({"id": first["id"], "label": rng.integers(0, 2, len(first)),
                      "labeled_at": first["predicted_at"]
                      + pd.to_timedelta(rng.integers(1, 60, len(first)), "D")}),
        pd.DataFrame({"id": fixes["id"], "label": rng.integers(0, 2, len(fixes)),
                      "labeled_at": first.loc[fixes.index, "predicted_at"]
                      + pd.to_timedelta(rng.integers(61, 90, len(fixes)), "D")}),
    ], ignore_index=True)
    return preds, labels


@pytest.mark.parametrize("seed", range(5))
def test_join_feedback_agrees_with_merge_asof(seed):
    """pandas' merge_asof (the last label at or before as_of, per id) as the oracle."""
    preds, labels = _decisions(seed)
    as_of = pd.Timestamp("2024-03-15")
    got = feedback.join_feedback(preds, labels, as_of=as_of)
    made = preds[preds["predicted_at"] <= as_of].assign(_t=as_of)
    oracle = pd.merge_asof(made.sort_values("_t"),
                           labels.sort_values("labeled_at")[["labeled_at", "id", "label"]],
                           left_on="_t", right_on="labeled_at", by="id", direction="backward")
    oracle = oracle.set_index("id").loc[got["id"], "label"].astype(float).to_numpy()
    np.testing.assert_array_equal(got["label"].to_numpy(), oracle)
    assert got["id"].tolist() == made["id"].tolist()
    assert (got["predicted_at"] <= as_of).all()


def test_join_feedback_leaves_its_inputs_alone_and_names_bad_input():
    preds, labels = _decisions(0, 20)
    before = preds.copy(), labels.copy()
    feedback.join_feedback(preds, labels, as_of="2024-02-01")
    pd.testing.assert_frame_equal(preds, before[0])
    pd.testing.assert_frame_equal(labels, before[1])
    with pytest.raises(ValueError, match="lacks the column"):
        feedback.join_feedback(preds.drop(columns="prediction"), labels, as_of="2024-02-01")
    with pytest.raises(TypeError, match="DataFrame"):
        feedback.join_feedback(preds.to_dict(), labels, as_of="2024-02-01")
    with pytest.raises(ValueError, match="`as_of`"):
        feedback.join_feedback(preds, labels, as_of="not a date")
    with pytest.raises(ValueError, match="repeated ids"):
        feedback.join_feedback(pd.concat([preds, preds]), labels, as_of="2024-02-01")


@pytest.mark.parametrize("hits,n,confidence", [(0, 1, 0.95), (5, 5, 0.95), (45, 50, 0.9),
                                               (17, 40, 0.99), (300, 1000, 0.95)])
def test_wilson_interval_is_scipys(hits, n, confidence):
    ci = stats.binomtest(hits, n).proportion_ci(confidence_level=confidence, method="wilson")
    assert feedback.wilson_interval(hits, n, confidence=confidence) == \
        pytest.approx((ci.low, ci.high), abs=1e-12)


def test_wilson_interval_names_bad_input():
    with pytest.raises(ValueError, match="successes <= n"):
        feedback.wilson_interval(6, 5)
    with pytest.raises(TypeError, match="integer"):
        feedback.wilson_interval(2.5, 5)
    with pytest.raises(ValueError, match="confidence"):
        feedback.wilson_interval(2, 5, confidence=1.0)


@pytest.mark.parametrize("seed", range(3))
def test_windowed_accuracy_agrees_with_a_groupby_and_scipy(seed):
    preds, labels = _decisions(seed)
    joined = feedback.join_feedback(preds, labels, as_of="2024-06-30")
    table = feedback.windowed_accuracy(joined, freq="M", min_labels=25, confidence=0.9)
    assert list(table.columns) == list(feedback.WINDOW_COLUMNS)
    month = joined["predicted_at"].dt.to_period("M").astype(str)
    for window, part in joined.groupby(month):
        row = table.loc[window]
        labeled = part.dropna(subset=["label"])
        assert row["n_predictions"] == len(part) and row["n_labels"] == len(labeled)
        assert row["enough"] == (len(labeled) >= 25)
        if row["enough"]:
            hits = int((labeled["prediction"] == labeled["label"]).sum())
            ci = stats.binomtest(hits, len(labeled)).proportion_ci(0.9, method="wilson")
            assert row["accuracy"] == pytest.approx(hits / len(labeled))
            assert (row["low"], row["high"]) == pytest.approx((ci.low, ci.high))
        else:
            assert np.isnan(row[["accuracy", "low", "high"]].astype(float)).all()


def test_windowed_accuracy_names_bad_input():
    df = pd.DataFrame({"predicted_at": pd.to_datetime(["2024-01-01"]), "prediction": [1],
                       "label": [1.0]})
    with pytest.raises(ValueError, match="min_labels"):
        feedback.windowed_accuracy(df, min_labels=0)
    with pytest.raises(ValueError, match="confidence"):
        feedback.windowed_accuracy(df, confidence=95)
    with pytest.raises(ValueError, match="freq"):
        feedback.windowed_accuracy(df, freq="fortnight")
    with pytest.raises(ValueError, match="lacks the column"):
        feedback.windowed_accuracy(df.drop(columns="label"))


def test_alert_manager_writes_sent_alerts_to_a_verifiable_trail():
    from mlopskit.governance import AuditLog

    log = AuditLog()
    log.log_event("model_registered", "ana", {"version": 1})
    manager = feedback.AlertManager({"psi": {"warning": 0.1, "critical": 0.25},
                                     "error_rate": {"info": 0.1}}, cooldown=2, audit_log=log)
    sent = [manager.observe(t, m, v) for t, m, v in [(0, "psi", 0.1), (1, "psi", 0.2),
                                                     (1, "error_rate", 0.5), (2, "psi", 0.1),
                                                     (2, "psi", 0.3)]]
    assert sent == ["warning", None, "info", "warning", "critical"]
    assert len(log) == 1 + 4 and log.verify() is None
    assert [e["details"]["severity"] for e in log.filter(event_type="alert")] == \
        ["warning", "info", "warning", "critical"]
    assert manager.trail()[-1] == [2, "psi", "critical"]


def test_alert_manager_names_bad_rules_and_observations():
    with pytest.raises(ValueError, match="non-empty"):
        feedback.AlertManager({})
    with pytest.raises(ValueError, match="unknown severities"):
        feedback.AlertManager({"psi": {"urgent": 0.3}})
    with pytest.raises(ValueError, match="must not decrease"):
        feedback.AlertManager({"psi": {"warning": 0.3, "critical": 0.2}})
    manager = feedback.AlertManager({"psi": {"warning": 0.1}})
    manager.observe(5, "psi", 0.0)
    with pytest.raises(ValueError, match="time goes forward"):
        manager.observe(4, "psi", 0.2)
    with pytest.raises(ValueError, match="no rule"):
        manager.observe(6, "latency", 0.2)
    with pytest.raises(TypeError, match="`value`"):
        manager.observe(6, "psi", "high")


POLICY = {"max_drift_share": 0.3, "min_accuracy": 0.8, "max_fairness_gap": 0.1,
          "min_new_labels": 500, "cooldown_days": 30}


@pytest.mark.parametrize("drift,acc,gap,labels,days,action,reasons", [
    (0.3, 0.8, 0.1, 500, 30, "keep", []),
    (0.31, None, 0.0, 0, 0, "wait", ["drift", "too_few_labels", "cooldown"]),
    (0.0, 0.79, 0.11, 500, 30, "retrain", ["accuracy", "fairness"]),
    (0.0, None, 0.0, 0, 0, "keep", []),
])
def test_should_retrain_follows_the_policy(drift, acc, gap, labels, days, action, reasons):
    history = {"drift_share": drift, "accuracy_low": acc, "fairness_gap": gap,
               "new_labels": labels, "days_since_retrain": days}
    assert feedback.should_retrain(history, POLICY) == {"action": action, "reasons": reasons}


def test_should_retrain_names_bad_input():
    history = {"drift_share": 0.1, "accuracy_low": 0.9, "fairness_gap": 0.0,
               "new_labels": 10, "days_since_retrain": 3}
    with pytest.raises(ValueError, match="lacks the key"):
        feedback.should_retrain({k: v for k, v in history.items() if k != "new_labels"}, POLICY)
    with pytest.raises(TypeError, match="must be a dict"):
        feedback.should_retrain(history, list(POLICY))
    with pytest.raises(TypeError, match="drift_share"):
        feedback.should_retrain({**history, "drift_share": "high"}, POLICY)


def test_explain_decision_adds_up_to_sklearns_score():
    """scikit-learn's LogisticRegression as the oracle: the contributions of every feature
    add up to the person's decision_function minus the baseline's."""
    from sklearn.linear_model import LogisticRegression

    from mlopskit.datasets import load_german_credit

    credit = load_german_credit()
    features = ["duration_months", "credit_amount", "age", "installment_rate"]
    model = LogisticRegression(max_iter=2000).fit(credit[features], credit["good_credit"])
    baseline = credit[features].mean()
    for row in (0, 17, 999):
        person = credit.loc[[row], features]
        reasons = feedback.explain_decision(model.coef_[0], person.iloc[0], baseline=baseline,
                                            names=features, top_k=len(features))
        total = sum(value for _, value in reasons)
        expected = model.decision_function(person)[0] - \
            model.decision_function(baseline.to_frame().T)[0]
        assert total == pytest.approx(expected)
        sizes = [abs(v) for _, v in reasons]
        assert sizes == sorted(sizes, reverse=True)
        assert feedback.explain_decision(model.coef_[0], person.iloc[0], baseline=baseline,
                                         names=features) == reasons[:3]


def test_explain_decision_names_bad_input():
    with pytest.raises(ValueError, match="one length"):
        feedback.explain_decision([1.0, 2.0], [1.0], baseline=[0.0, 0.0], names=["a", "b"])
    with pytest.raises(ValueError, match="top_k"):
        feedback.explain_decision([1.0], [1.0], baseline=[0.0], names=["a"], top_k=0)


# -- the A/B test ------------------------------------------------------------------------
@pytest.mark.parametrize("counts", [(800, 1000, 850, 1000), (0, 200, 12, 200),
                                    (1700, 2000, 1600, 2000), (37, 90, 52, 110),
                                    (970, 1000, 985, 1000)])
def test_ab_test_z_squared_is_scipys_chi_square(counts):
    """For a 2x2 table the pooled z statistic squared is Pearson's chi-square without
    continuity correction, and the two-sided p-values agree."""
    sa, na, sb, nb = counts
    chi2, p, _, _ = stats.chi2_contingency([[sa, na - sa], [sb, nb - sb]], correction=False)
    result = feedback.ab_test(*counts)
    assert result["z"] ** 2 == pytest.approx(chi2, rel=1e-9)
    assert result["p_value"] == pytest.approx(p, rel=1e-9)
    assert np.sign(result["z"]) == np.sign(sb / nb - sa / na)
    one_sided = feedback.ab_test(*counts, alternative="larger")
    assert one_sided["p_value"] == pytest.approx(stats.norm.sf(result["z"]), rel=1e-9)


def test_ab_test_boundaries():
    equal = feedback.ab_test(400, 500, 400, 500)
    assert (equal["z"], equal["p_value"], equal["significant"]) == (0.0, 1.0, False)
    at_alpha = feedback.ab_test(400, 1000, 400, 1000, alpha=0.5, alternative="larger")
    assert at_alpha["p_value"] == 0.5 and at_alpha["significant"] is False
    assert feedback.ab_test(300, 300, 200, 200)["z"] == 0.0  # pooled rate 1: no variance
    near_one = feedback.ab_test(970, 1000, 985, 1000, mde=0.05)
    assert near_one["n_needed"] == feedback.sample_size_per_arm(0.97, 0.92)
    early = feedback.ab_test(160, 200, 185, 200)
    assert early["significant"] and early["decision"] == "inconclusive"


def test_ab_test_names_bad_input():
    with pytest.raises(ValueError, match="n_a` must be >= 1"):
        feedback.ab_test(0, 0, 10, 50)
    with pytest.raises(ValueError, match="successes_b <= n_b"):
        feedback.ab_test(1, 10, 11, 10)
    with pytest.raises(TypeError, match="integer"):
        feedback.ab_test(1.5, 10, 1, 10)
    with pytest.raises(ValueError, match="alpha"):
        feedback.ab_test(1, 10, 1, 10, alpha=0)
    with pytest.raises(ValueError, match="alternative"):
        feedback.ab_test(1, 10, 1, 10, alternative="smaller")
    with pytest.raises(ValueError, match="must differ"):
        feedback.sample_size_per_arm(0.2, 0.2)


def test_sample_size_per_arm_hand_computed():
    """(z_0.975 + z_0.8)² = (1.959964 + 0.841621)² = 7.848879; for 10% against 15% the
    variance term is 0.09 + 0.1275 = 0.2175 and the difference 0.05: 7.848879 · 0.2175 /
    0.0025 = 682.85, rounded up to 683. One-sided: (1.644854 + 0.841621)² = 6.182557 → 537.9
    → 538. At alpha 0.01 and power 0.9: (2.575829 + 1.281552)² = 14.879388 → 1294.5 → 1295."""
    assert feedback.sample_size_per_arm(0.10, 0.15) == 683
    assert feedback.sample_size_per_arm(0.15, 0.10) == 683
    assert feedback.sample_size_per_arm(0.10, 0.15, alternative="larger") == 538
    assert feedback.sample_size_per_arm(0.10, 0.15, alpha=0.01, power=0.9) == 1295


def test_sample_size_per_arm_gives_the_power_asked_by_simulation():
    """With n per arm from the formula, the pooled z-test rejects about 80% of the time when
    the difference is real (binomial draws from numpy, the test as scipy's chi-square)."""
    rng = np.random.default_rng(0)
    n = feedback.sample_size_per_arm(0.30, 0.36)
    a, b = rng.binomial(n, 0.30, 4000), rng.binomial(n, 0.36, 4000)
    pooled = (a + b) / (2 * n)
    z = (b - a) / n / np.sqrt(pooled * (1 - pooled) * 2 / n)
    power = np.mean(2 * stats.norm.sf(np.abs(z)) < 0.05)
    assert 0.77 < power < 0.83
    small = n // 2  # half the size loses a lot of power
    a, b = rng.binomial(small, 0.30, 4000), rng.binomial(small, 0.36, 4000)
    pooled = (a + b) / (2 * small)
    z = (b - a) / small / np.sqrt(pooled * (1 - pooled) * 2 / small)
    assert np.mean(2 * stats.norm.sf(np.abs(z)) < 0.05) < 0.6


# -- selective labels --------------------------------------------------------------------
def test_ipw_accuracy_is_numpys_weighted_average_of_the_labeled():
    rng = np.random.default_rng(3)
    correct = rng.integers(0, 2, 200).astype(float)
    propensity = rng.choice([1.0, 0.1, 0.25], 200)
    correct[rng.random(200) < 0.4] = np.nan
    keep = ~np.isnan(correct)
    expected = np.average(correct[keep], weights=1 / propensity[keep])
    assert feedback.ipw_accuracy(correct, propensity) == pytest.approx(expected)
    assert feedback.ipw_accuracy(list(correct), pd.Series(propensity)) == pytest.approx(expected)


def test_ipw_accuracy_recovers_the_truth_where_the_plain_mean_does_not():
    """Labels observed with a known propensity that depends on the outcome: over many
    draws the self-normalised IPW estimate centres on the true accuracy."""
    rng = np.random.default_rng(4)
    plain, ipw = [], []
    for _ in range(300):
        right = (rng.random(500) < 0.7).astype(float)
        propensity = np.where(right == 1, 0.9, 0.3)
        seen = rng.random(500) < propensity
        observed = np.where(seen, right, np.nan)
        plain.append(np.nanmean(observed) - right.mean())
        ipw.append(feedback.ipw_accuracy(observed, propensity) - right.mean())
    assert np.mean(plain) > 0.1
    assert abs(np.mean(ipw)) < 0.01


def test_ipw_accuracy_names_bad_input():
    with pytest.raises(ValueError, match=r"\(0, 1\]"):
        feedback.ipw_accuracy([1, 0, np.nan], [1, 1, 0])
    with pytest.raises(ValueError, match=r"\(0, 1\]"):
        feedback.ipw_accuracy([1, 0, 1], [1, 1.5, 1])
    with pytest.raises(ValueError, match="one length"):
        feedback.ipw_accuracy([1, 0], [1.0])
    with pytest.raises(ValueError, match="no row has a label"):
        feedback.ipw_accuracy([np.nan, np.nan], [0.5, 0.5])
    with pytest.raises(ValueError, match="1 \\(right\\), 0"):
        feedback.ipw_accuracy([2, 0], [1, 1])
