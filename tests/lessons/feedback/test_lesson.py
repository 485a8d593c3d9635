"""What lesson 06 claims, checked on its own data; the stability and language of its feedback."""

import functools
import json
import re
import warnings
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest

from tests.lessons import STUDENT_SEEDS
from mlopskit import feedback, plots, texts
from mlopskit.checks import evaluate, expected_outputs, fingerprints, run_case, specs_for_lesson
from mlopskit.outcomes import Outcome
from tests.lessons.feedback.alternatives import ALTERNATIVES
from tests.lessons.feedback.variants import VARIANTS

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[3]
NOTEBOOK = ROOT / "solutions" / "06_feedback" / "06_feedback.ipynb"
SPECS = specs_for_lesson("06_feedback")
SEEDS = STUDENT_SEEDS


@functools.lru_cache(maxsize=None)
def _trusted(task, seed):
    spec = next(s for s in SPECS if s.task == task)
    cases = spec.cases(rng=np.random.default_rng(seed))
    return cases, expected_outputs(spec, spec.load_reference(), cases), \
        fingerprints(spec, cases)


def test_every_task_has_four_mistakes_two_variants_each_and_boundaries():
    assert [s.task for s in SPECS] == ["feedback.join_feedback", "feedback.windowed_accuracy",
                                       "feedback.alert_manager", "feedback.should_retrain",
                                       "feedback.ab_test", "feedback.ipw_accuracy",
                                       "feedback.explain_decision"]
    for spec in SPECS:
        assert len(spec.misconceptions) >= 4, spec.task
        for mis in spec.misconceptions:
            assert len(VARIANTS.get(mis.id, [])) >= 2, mis.id
        assert len(ALTERNATIVES[spec.task]) >= 2, spec.task
        fixed = spec.public_cases()
        assert sum(bool(c.covers) for c in fixed) >= 3, spec.task
        assert any(c.startswith("a rule refused") for case in fixed for c in case.covers), \
            spec.task
        assert spec.probes is not None and spec.probes(), spec.task
    covered = {c for s in SPECS for case in s.public_cases() for c in case.covers}
    for boundary in ("a label that arrives exactly at as_of", "no label known yet (empty labels)",
                     "a window with exactly min_labels labels", "optional arguments left out",
                     "a value exactly on a threshold", "a repeat exactly cooldown later",
                     "no observation at all", "values exactly on every limit",
                     "accuracy unknown (None)", "the cooldown's last day", "equal rates",
                     "zero successes in one arm", "a p-value exactly equal to alpha",
                     "the one-sided alternative", "a rule refused: an arm with n = 0",
                     "denied rows without a label (NaN)", "propensity exactly 1 everywhere",
                     "a rule refused: a propensity of 0", "a rule refused: a propensity above 1"):
        assert boundary in covered, boundary


def test_hints_go_from_concept_to_code():
    for spec in SPECS:
        assert len(spec.hints) >= 3, spec.task
        for hint in spec.hints[:-1]:
            assert "```" not in hint["en"] and "```" not in hint["pt"], spec.task
        assert "```" in spec.hints[-1]["en"], spec.task


def _code_cells():
    nb = json.loads(NOTEBOOK.read_text())
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def test_the_notebook_uses_only_catalogued_texts():
    catalogue = texts.catalogue("feedback")
    code = "\n".join(_code_cells())
    used = set(re.findall(r"\bT\(\s*\"([a-z_]+)\"", code))
    assert used, "the notebook should print through its catalogue"
    assert used <= set(catalogue), sorted(used - set(catalogue))
    assert 'T = texts.for_lesson("feedback")' in code
    for source in _code_cells():
        for line in source.splitlines():
            if "print(" in line:
                assert not re.search(r"print\(\s*f?\"[A-Za-z]", line), line
    for reason in feedback.REASONS:  # every reason can be shown in the notebook's language
        assert ("accuracy_reason" if reason == "accuracy" else reason) in catalogue
    for level in (*feedback.SEVERITIES, *feedback.ACTIONS):
        assert level in catalogue


def test_labels_that_arrive_first_are_optimistic_on_the_lessons_data():
    """The worked example's claim: with defaults confirmed later, the accuracy on the labels
    known at the end of March is above the one on every label of the same decisions."""
    from mlopskit.datasets import load_german_credit

    credit = load_german_credit()
    rng = np.random.default_rng(0)
    n = len(credit)
    preds = pd.DataFrame({"id": np.arange(n), "prediction": np.ones(n, dtype=int),
                          "predicted_at": pd.Timestamp("2024-01-01")
                          + pd.to_timedelta(rng.integers(0, 90, n), "D")})
    days = np.where(credit["good_credit"] == 1, rng.integers(20, 91, n), rng.integers(60, 121, n))
    labels = pd.DataFrame({"id": np.arange(n), "label": credit["good_credit"],
                           "labeled_at": preds["predicted_at"] + pd.to_timedelta(days, "D")})
    early = feedback.join_feedback(preds, labels, as_of="2024-03-31").dropna(subset=["label"])
    late = feedback.join_feedback(preds, labels, as_of="2024-12-31")
    assert (early["label"] == 1).mean() > (late["label"] == 1).mean() + 0.1


@pytest.mark.parametrize("lang", ["pt", "en"])
def test_figures_speak_the_notebooks_language(lang):
    catalogue = texts.catalogue("feedback")
    other = "en" if lang == "pt" else "pt"
    table = pd.DataFrame({"n_predictions": [50, 40, 30], "n_labels": [45, 30, 3],
                          "accuracy": [0.8, 0.7, np.nan], "low": [0.67, 0.52, np.nan],
                          "high": [0.89, 0.83, np.nan], "enough": [True, True, False]},
                         index=pd.Index(["2024-01", "2024-02", "2024-03"], name="window"))
    ax = plots.plot_windowed_accuracy(table, lang=lang)
    assert ax.get_title() == catalogue["accuracy_title"][lang]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert sorted(legend) == sorted([catalogue["accuracy"][lang], catalogue["too_few"][lang]])
    assert catalogue["accuracy_title"][other] != ax.get_title()
    history = pd.DataFrame({"drift_share": [0.0, 0.5], "accuracy_low": [np.nan, 0.6],
                            "action": ["keep", "retrain"], "promoted": [False, True]},
                           index=["2024-01", "2024-02"])
    ax = plots.plot_feedback_timeline(history, lang=lang)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert catalogue["keep"][lang] in legend and catalogue["retrain"][lang] in legend
    assert ax.get_xlabel() == catalogue["month"][lang]
    with pytest.raises(ValueError, match="lacks the columns"):
        plots.plot_windowed_accuracy(table.drop(columns="enough"))
    with pytest.raises(TypeError, match="DataFrame"):
        plots.plot_feedback_timeline({"drift_share": [0.1]})
    matplotlib.pyplot.close("all")


def test_peeking_inflates_false_positives_as_the_lesson_says():
    """The worked example's claim, with its own parameters: about alpha when looking once at
    the end, above 20% when stopping at the first significant look out of 20."""
    sim = feedback.peeking_simulation(rate=0.8, n_max=2000, looks=20, alpha=0.05, n_tests=2000)
    assert 0.035 < sim["at_this_look"].iloc[-1] < 0.065
    assert sim["by_this_look"].iloc[-1] > 0.2
    assert sim["by_this_look"].is_monotonic_increasing


def test_ab_examples_decide_as_the_lesson_says():
    decisions = [feedback.ab_test(*c)["decision"] for c in
                 [(1560, 2000, 1640, 2000), (160, 200, 180, 200), (1600, 2000, 1615, 2000)]]
    assert decisions == ["promote_challenger", "inconclusive", "keep_champion"]
    assert feedback.ab_test(160, 200, 180, 200)["p_value"] < 0.05


def test_selective_labels_example_as_the_lesson_says():
    """On the lesson's data (the notebook's split), accuracy among the approved is above the
    truth in every round, while IPW errs both ways with a mean error near zero and a smaller
    mean absolute error."""
    from mlopskit.datasets import load_german_credit

    credit = load_german_credit()
    features = ["duration_months", "credit_amount", "age", "installment_rate"]
    order = np.random.default_rng(6).permutation(len(credit))
    train = credit.iloc[order[:400]].reset_index(drop=True)
    loop = feedback.selective_labels_rounds(credit, features, "good_credit", start=train,
                                            rounds=12)
    error = loop[["seen", "ipw"]].sub(loop["truth"], axis=0)
    assert (error["seen"] > 0).all()
    assert (error["ipw"] > 0).any() and (error["ipw"] < 0).any()
    assert abs(error["ipw"].mean()) < 0.02 < error["seen"].mean()
    assert error["ipw"].abs().mean() < error["seen"].abs().mean()


def _ab_off_catalogue(change):
    """The reference A/B test with one mistake the catalogue does not name."""
    import math

    from scipy import stats

    def impl(successes_a, n_a, successes_b, n_b, *, alpha=0.05, power=0.8, mde=0.05,
             alternative="two-sided"):
        result = feedback.ab_test(successes_a, n_a, successes_b, n_b, alpha=alpha, power=power,
                                  mde=mde, alternative=alternative)
        p_a, p_b = successes_a / n_a, successes_b / n_b
        if change == "p_at_alpha":
            result["significant"] = result["p_value"] <= alpha
        elif change == "round_nearest":
            target = p_a + mde if p_a + mde <= 1 else p_a - mde
            tail = alpha / 2 if alternative == "two-sided" else alpha
            z = stats.norm.ppf(1 - tail) + stats.norm.ppf(power)
            result["n_needed"] = round(z * z * (p_a * (1 - p_a) + target * (1 - target))
                                       / (p_a - target) ** 2)
        elif change == "yates":
            table = [[successes_a, n_a - successes_a], [successes_b, n_b - successes_b]]
            try:
                chi2 = stats.chi2_contingency(table)[0]
            except ValueError:
                chi2 = 0.0
            result["z"] = math.copysign(math.sqrt(chi2), p_b - p_a)
        elif change == "ignores_sign" and result["decision"] == "keep_champion" \
                and result["significant"]:
            result["decision"] = "promote_challenger"
        elif change == "no_upper_guard":
            if p_a + mde > 1:
                raise ValueError("p_b must be in [0, 1]")
        return result
    impl.__name__ = f"ab_{change}"
    return impl


def _ipw_no_upper_check(correct, propensity):
    p = np.asarray(propensity, dtype=float)
    if (p <= 0).any():
        raise ValueError("propensity must be positive")
    return feedback.ipw_accuracy(correct, np.minimum(p, 1.0))


def _ipw_all_weights(correct, propensity):
    c, p = np.asarray(correct, dtype=float), np.asarray(propensity, dtype=float)
    feedback.ipw_accuracy(c, p)  # the same refusals
    return float(np.nansum(c / p) / np.sum(1 / p))


OFF_CATALOGUE = [("feedback.ab_test", _ab_off_catalogue(c)) for c in
                 ("p_at_alpha", "round_nearest", "yates", "ignores_sign", "no_upper_guard")] + [
    ("feedback.ipw_accuracy", _ipw_no_upper_check), ("feedback.ipw_accuracy", _ipw_all_weights)]


@pytest.mark.parametrize("task,impl", OFF_CATALOGUE, ids=[i.__name__ for _, i in OFF_CATALOGUE])
def test_mistakes_off_the_catalogue_lose_the_points_for_every_student(task, impl):
    spec = next(s for s in SPECS if s.task == task)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for seed in SEEDS:
            cases, expected, prints = _trusted(task, seed)
            observed = [run_case(spec, impl, c) for c in cases]
            result = evaluate(spec, observed, expected, cases=cases, fingerprints=prints)
            assert result.outcome is Outcome.WRONG, (seed, result.text())
