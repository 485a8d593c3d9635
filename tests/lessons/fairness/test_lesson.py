"""What lesson 03 claims, checked on its own data; the stability and language of its feedback."""

import json
import re
from pathlib import Path

import matplotlib
import pandas as pd
import pytest
from fairlearn import metrics as flm
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

from mlopskit import fairness, plots, texts
from mlopskit.checks import check_implementation, specs_for_lesson
from mlopskit.datasets import make_biased_credit
from mlopskit.outcomes import Outcome
from tests.lessons.fairness.alternatives import ALTERNATIVES
from tests.lessons.fairness.variants import VARIANTS

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[3]
NOTEBOOK = ROOT / "solutions" / "03_fairness" / "03_fairness.ipynb"
SPECS = specs_for_lesson("03_fairness")


def test_every_task_has_four_mistakes_two_variants_each_and_boundaries():
    for spec in SPECS:
        assert len(spec.misconceptions) >= 4, spec.task
        for mis in spec.misconceptions:
            assert len(VARIANTS.get(mis.id, [])) >= 2, mis.id
        assert len(ALTERNATIVES[spec.task]) >= 2, spec.task
        fixed = spec.public_cases()
        assert sum(bool(c.covers) for c in fixed) >= 3, spec.task
        assert spec.probes is not None and spec.probes(), spec.task
    covered = {c for s in SPECS for case in s.public_cases() for c in case.covers}
    for boundary in ("a group with no positive label", "a group with no negative label",
                     "a group never selected", "no one selected at all (a 0 / 0 ratio)",
                     "target rate 0", "target rate 1", "ties at the threshold"):
        assert boundary in covered


def test_hints_go_from_concept_to_code():
    for spec in SPECS:
        assert len(spec.hints) >= 3, spec.task
        for hint in spec.hints[:-1]:
            assert "```" not in hint["en"] and "```" not in hint["pt"], spec.task
        assert "```" in spec.hints[-1]["en"], spec.task


def _lesson_model():
    credit = make_biased_credit(seed=0, n=4000)
    features = ["income", "debt_ratio", "years_employed"]
    X = credit[features].assign(group_b=(credit["group"] == "B").astype(int))
    train, test = train_test_split(credit.index, test_size=0.4, random_state=0,
                                   stratify=credit["group"])
    model = LogisticRegression(max_iter=1000).fit(X.loc[train], credit.loc[train, "approved"])
    return credit.loc[test], model.predict(X.loc[test])


def test_equal_opportunity_needs_the_ground_truth():
    """Scored against the biased labels, the past decisions look perfectly fair; against
    who repaid, they approved fewer of group B's repayers (the lesson's central claim)."""
    test, y_hat = _lesson_model()
    groups = test["group"].to_numpy()
    past, repaid = test["approved"].to_numpy(), test["repaid"].to_numpy()
    assert fairness.equal_opportunity_difference(past, past, sensitive_features=groups) == 0
    truth = fairness.group_rates(repaid, past, sensitive_features=groups)
    assert truth.loc["A", "tpr"] - truth.loc["B", "tpr"] > 0.1
    for labels in (past, repaid):
        assert fairness.equal_opportunity_difference(labels, y_hat, sensitive_features=groups) \
            == pytest.approx(flm.equal_opportunity_difference(labels, y_hat,
                                                              sensitive_features=groups))


def _code_cells():
    nb = json.loads(NOTEBOOK.read_text())
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def test_the_notebook_uses_only_catalogued_texts():
    catalogue = texts.catalogue("fairness")
    code = "\n".join(_code_cells())
    used = set(re.findall(r"\bT\(\s*\"([a-z_]+)\"", code))
    used |= set(re.findall(r"\bT\.columns\(\s*\"([a-z_]+)\"", code))
    assert used, "the notebook should print through its catalogue"
    assert used <= set(catalogue), sorted(used - set(catalogue))
    assert 'T = texts.for_lesson("fairness")' in code
    assert "LANG ==" not in code and "english" not in code


def test_printed_strings_in_the_notebook_come_from_the_catalogue():
    for source in _code_cells():
        for line in source.splitlines():
            if "print(" in line:
                assert not re.search(r"print\(\s*f?\"[A-Za-z]", line), line


@pytest.mark.parametrize("lang", ["pt", "en"])
def test_tradeoff_figure_labels_every_marker_in_one_language(lang):
    table = pd.DataFrame({"gap": [0.4, 0.05, 0.02, 0.01], "past": [0.8, 0.7, 0.72, 0.69],
                          "truth": [0.6, 0.66, 0.65, 0.67]},
                         index=["baseline", "reweighing", "thresholds", "optimizer"])
    ax = plots.plot_fairness_tradeoff(table, lang=lang)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [*table.index, "past", "truth"]
    assert len(ax.texts) == 0  # no free-floating labels that could overlap
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    points = [line for line in ax.lines if line.get_gid() == "tradeoff-point"]
    assert len(points) == 8
    for line in points:
        (x,), (y,) = line.get_xdata(), line.get_ydata()
        assert x0 < x < x1 and y0 < y < y1  # nothing sits on or beyond an edge
    catalogue = texts.catalogue("fairness")
    other = "en" if lang == "pt" else "pt"
    shown = {ax.get_title(), ax.get_xlabel(), ax.get_ylabel()}
    assert catalogue["tradeoff_title"][lang] in shown
    assert catalogue["tradeoff_title"][other] not in shown
    assert catalogue["tradeoff_x"][other] not in shown
    with pytest.raises(ValueError, match="two columns"):
        plots.plot_fairness_tradeoff(table[["gap"]])
    with pytest.raises(TypeError, match="DataFrame"):
        plots.plot_fairness_tradeoff({"gap": [0.1]})
    matplotlib.pyplot.close("all")


def test_an_answer_of_the_wrong_shape_is_named_not_passed_on():
    spec = next(s for s in SPECS if s.task == "fairness.group_rates")

    def as_dict(y_true, y_pred, *, sensitive_features):
        return fairness.group_rates(y_true, y_pred,
                                    sensitive_features=sensitive_features).to_dict()

    def transposed(y_true, y_pred, *, sensitive_features):
        return fairness.group_rates(y_true, y_pred, sensitive_features=sensitive_features).T

    result = check_implementation(spec, as_dict)
    assert result.outcome is Outcome.WRONG and "DataFrame" in result.text("en")
    assert "próximas tarefas" in result.text("pt")
    result = check_implementation(spec, transposed)
    assert "transposed" in result.text("en") and "transposta" in result.text("pt")
