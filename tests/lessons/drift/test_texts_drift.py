"""Lesson 02's code shows text from its catalogue, in the notebook's language."""

import ast
from pathlib import Path

import nbformat
import pandas as pd

from mlopskit import drift, texts
from mlopskit.texts.drift import TEXTS

NOTEBOOK = Path(__file__).resolve().parents[3] / "solutions" / "02_drift" / "02_drift.ipynb"


def _keys_used(source):
    """Keys of every T("key", ...) call whose key is a literal, and of f-string month keys."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "T":
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.add(first.value)
            elif isinstance(first, ast.JoinedStr):
                found.update(f"month_abbr_{i}" for i in range(1, 13))
    return found


def test_catalogue_is_well_formed():
    assert texts.check_catalogue(TEXTS) == []
    for lang in ("pt", "en"):
        assert texts.for_lesson("drift", lang=lang)("month_n", n=3)


def test_every_key_the_notebook_uses_exists():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    used = set()
    for cell in nb.cells:
        if cell.cell_type == "code":
            used |= _keys_used(cell.source)
    assert used, "the notebook should take its shown texts from the catalogue"
    assert used <= set(TEXTS), sorted(used - set(TEXTS))
    # table headers renamed with T.columns must be catalogue keys too
    for header in ("rows", "default rate", "median income", "app share", "psi", "severity",
                   "js_channel", "wasserstein_income", "js_alert", "action", "reasons",
                   "mean score", "drift", "kind", "test", "p_value", "p_adjusted"):
        assert header in TEXTS, header


def test_no_ad_hoc_text_dict_in_the_setup_cell():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    setup = next(c for c in nb.cells if c.get("id") == "setup-code").source
    assert 'texts.for_lesson("drift")' in setup and '"pt": {' not in setup


def test_month_abbreviations_are_one_calendar_form():
    pt = [TEXTS[f"month_abbr_{i}"]["pt"] for i in range(1, 13)]
    en = [TEXTS[f"month_abbr_{i}"]["en"] for i in range(1, 13)]
    assert pt == ["jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"]
    assert all(len(m) == 3 for m in en) and en[2] == "Mar" and en[8] == "Sep"


def test_recommend_action_reasons_are_portuguese_for_pt():
    report = pd.DataFrame({"severity": ["significant", "significant", "moderate"]},
                          index=["a", "b", "c"])
    pt_texts = {k: v["pt"].split("{")[0] for k, v in TEXTS.items() if k.startswith("reason_")}
    cases = [dict(recent_auc=0.6, concept_drift=True), dict(recent_auc=0.6),
             dict(recent_auc=0.85, ece=0.2), dict(recent_auc=0.85)]
    seen = set()
    for kwargs in cases:
        decision = drift.recommend_action(report, baseline_auc=0.85, lang="pt", **kwargs)
        for reason in decision.reasons:
            match = [k for k, prefix in pt_texts.items() if reason.startswith(prefix)]
            assert match, reason
            seen.update(match)
    assert len(seen) >= 4
