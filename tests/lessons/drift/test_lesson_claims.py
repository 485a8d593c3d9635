"""What the lesson's prose states is what its code prints.

The worked-example cells of the solution notebook are run (figures off) and every number or
outcome the prose states about them is recomputed and compared, in both languages.
"""

import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOK = Path(__file__).resolve().parents[3] / "solutions" / "02_drift" / "02_drift.ipynb"
CELLS = ["setup-code", "data-load", "ks-example", "psi-asymmetry", "psi-month5", "js-example",
         "multiple-testing", "ddm-example", "label-shift", "decision-example"]


@pytest.fixture(scope="module")
def notebook():
    return nbformat.read(NOTEBOOK, as_version=4)


def _cell(nb, cell_id):
    return next(c for c in nb.cells if c.get("id") == cell_id)


def _prose(nb, section, lang):
    return " ".join(_cell(nb, f"{section}-{lang}").source.split())


@pytest.fixture(scope="module")
def run(notebook, monkeypatch_module):
    """The cells run as in the Portuguese notebook; ``_out`` holds each cell's displayed value."""
    import ast

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import mlopskit.texts

    monkeypatch_module.setattr(plt, "show", lambda *a, **k: plt.close("all"))
    monkeypatch_module.setattr(mlopskit.texts, "detect_language", lambda lang=None: lang or "pt")
    namespace = {"_out": {}}
    for cell_id in CELLS:
        tree = ast.parse(_cell(notebook, cell_id).source)
        last = tree.body.pop() if isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, cell_id, "exec"), namespace)
        if last is not None:
            namespace["_out"][cell_id] = eval(compile(ast.Expression(last.value), cell_id, "eval"),
                                              namespace)
    plt.close("all")
    return namespace


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def test_psi_asymmetry_numbers(run, notebook):
    forward, backward = f"{run['forward']:.3f}", f"{run['backward']:.3f}"
    assert (forward, backward) == ("0.508", "0.460")
    assert f"{forward} one way, {backward} the other" in _prose(notebook, "psi_theory", "en")
    pt = f"{forward.replace('.', ',')} num sentido, {backward.replace('.', ',')} no outro"
    assert pt in _prose(notebook, "psi_theory", "pt")


def test_month5_psi_has_one_feature_standing_out(run):
    table = run["table"]
    assert list(table.index[table["psi"] >= 0.1]) == ["income"]


def test_js_alert_level_and_channel_sizes(run, notebook):
    from mlopskit.drift import JS_ALERT

    assert f"{JS_ALERT:.3f}" == "0.144"
    assert "0.144" in _prose(notebook, "js_theory", "en")
    assert "0,144" in _prose(notebook, "js_theory", "pt")
    js = run["distances"]["js_channel"]
    assert not run["distances"]["js_alert"].any()
    assert js.loc[6:].between(0.04, 0.06).all() and js.loc[:5].max() < 0.01
    assert "near 0.05 bits" in _prose(notebook, "js_theory", "en")
    assert "perto de 0,05 bit" in _prose(notebook, "js_theory", "pt")


def test_multiple_testing_counts(run, notebook):
    untouched = run["untouched"]
    assert untouched[None] == [(2, "region"), (4, "region"), (7, "age")]
    assert untouched["bonferroni"] == untouched["fdr_bh"] == []
    injected = run["injected"]
    assert len(injected) == 16
    assert run["flagged"]["bonferroni"] == run["flagged"]["fdr_bh"] == injected
    n_features, n_months = len(run["features"]), len(run["credit"].batches)
    total = n_features * n_months
    assert (total, total - len(injected), round((total - len(injected)) * 0.05)) == (96, 80, 4)
    en, pt = _prose(notebook, "multiple_testing", "en"), _prose(notebook, "multiple_testing", "pt")
    for text in ("96 comparisons", "16 of them", "other 80", "= 4", "`region` in months 2 and 4",
                 "`age` in month 7", "16 injected comparisons"):
        assert text in en, text
    for text in ("96 comparações", "16 delas", "outras 80", "= 4", "`region` nos meses 2 e 4",
                 "`age` no mês 7", "16 comparações injetadas"):
        assert text in pt, text


def test_ddm_fires_where_the_prose_says(run, notebook):
    months = sorted(set(run["drift_months"]))
    assert months == [5, 8, 12]
    for lang, words in (("en", ("month 5", "month 8", "month 12", "month 10")),
                        ("pt", ("mês 5", "mês 8", "mês 12", "mês 10"))):
        text = _prose(notebook, "recal_theory", lang)
        assert all(w in text for w in words)


def test_label_shift_against_the_month8_change(run):
    shifted, month8 = run["compare"](run["pool"], run["label_shifted"]), run["compare"](
        run["credit"].batches[7], run["credit"].batches[8])
    for row in (shifted, month8):
        before, after = (float(v) for v in row["default rate"].split(" → "))
        assert 1.8 < after / before < 2.2  # the default rate doubles in both
    score = {name: [float(v) for v in row["mean score"].split(" → ")]
             for name, row in (("label", shifted), ("month8", month8))}
    assert score["label"][1] - score["label"][0] > 0.01  # the mean score rises
    assert abs(score["month8"][1] - score["month8"][0]) < 0.01  # and stays put
    none = run["T"]("none_flagged")
    assert shifted["drift"] == month8["drift"] == none


def test_decisions_match_the_prose(run, notebook):
    actions = {m: d.action for m, d in run["decisions"].items()}
    assert actions == {5: "investigate", 9: "recalibrate", 11: "retrain"}
    en = _prose(notebook, "decision", "en")
    assert re.search(r"Month 5:.*look.*Month 9:.*recalibrate\. Month 11:.*retrain", en)
    pt = _prose(notebook, "decision", "pt")
    assert re.search(r"Mês 5:.*olhar.*Mês 9:.*recalibrar\. Mês 11:.*retreinar", pt)


def test_data_sizes(run, notebook):
    credit = run["credit"]
    assert len(credit.reference) == 2000 and len(credit.batches) == 12
    assert {len(b) for b in credit.batches.values()} == {1000}
    assert "2,000 applications" in _prose(notebook, "data_intro", "en")
    assert "2.000 pedidos" in _prose(notebook, "data_intro", "pt")


def test_tables_show_portuguese_headers_in_the_portuguese_notebook(run):
    import pandas as pd

    from mlopskit.texts.drift import TEXTS

    portuguese = {entry["pt"] for entry in TEXTS.values()}
    english_only = {entry["en"] for entry in TEXTS.values()} - portuguese
    shown = 0
    for cell_id, value in run["_out"].items():
        if not isinstance(value, (pd.DataFrame, pd.Series)):
            continue
        labels = [value.index.name, *(value.columns if isinstance(value, pd.DataFrame)
                                      else [value.name])]
        for label in labels:
            if isinstance(label, str):
                shown += 1
                assert label not in english_only, (cell_id, label)
        if isinstance(value, pd.DataFrame):
            for column in value.columns:
                if value[column].dtype == object:
                    assert not set(map(str, value[column])) & english_only, (cell_id, column)
    assert shown >= 10
