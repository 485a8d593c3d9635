"""The learner-facing texts of code: complete in both languages, and used by the figures."""

import importlib
import pkgutil

import matplotlib
import pytest

import mlopskit.texts as texts
from mlopskit import plots

matplotlib.use("Agg")

CATALOGUES = sorted(m.name for m in pkgutil.iter_modules(texts.__path__))


@pytest.mark.parametrize("topic", CATALOGUES)
def test_every_catalogue_is_complete_in_both_languages(topic):
    assert texts.check_catalogue(texts.catalogue(topic)) == []


def test_a_malformed_catalogue_is_refused_with_the_key_named():
    with pytest.raises(ValueError, match="'x'"):
        texts.Texts({"x": {"pt": "só português"}}, "pt")
    problems = texts.check_catalogue({"y": {"pt": "{n} dias", "en": "{days} days"}})
    assert problems and "'y'" in problems[0]


def test_missing_key_and_missing_field_name_what_is_wrong():
    T = texts.for_lesson("common", lang="en")
    with pytest.raises(KeyError, match="nonexistent"):
        T("nonexistent")
    T2 = texts.Texts({"n": {"pt": "{k} meses", "en": "{k} months"}}, "en")
    with pytest.raises(KeyError, match="k"):
        T2("n")
    assert T2("n", k=2) == "2 months"


def test_unknown_topic_says_where_to_add_it():
    with pytest.raises(ValueError, match="mlopskit/texts/nope.py"):
        texts.for_lesson("nope", lang="pt")


def test_language_follows_the_notebook(monkeypatch, tmp_path):
    folder = tmp_path / "lessons" / "pt" / "02_drift"
    folder.mkdir(parents=True)
    monkeypatch.chdir(folder)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    assert texts.for_lesson("common").lang == "pt"


def _visible_text(ax):
    found = [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
    legend = ax.get_legend()
    if legend is not None:
        found += [t.get_text() for t in legend.get_texts()]
    return found


@pytest.mark.parametrize("lang", ["pt", "en"])
def test_figures_speak_the_requested_language_only(lang):
    import numpy as np

    other = "en" if lang == "pt" else "pt"
    common = texts.catalogue("common")
    axes = [
        plots.plot_ecdf(np.arange(10.0), np.arange(3.0, 13.0), lang=lang),
        plots.plot_reliability_diagram([0, 1, 1, 0], [0.2, 0.7, 0.9, 0.4], n_bins=2, lang=lang),
        plots.plot_ddm(["stable", "warning", "drift"], error_rates=[0.1, 0.2, 0.3], lang=lang),
    ]
    shown = " | ".join(t for ax in axes for t in _visible_text(ax))
    own = {entry[lang] for entry in common.values()}
    foreign = {entry[other] for entry in common.values()} - own
    assert any(text in shown for text in own)
    for text in foreign:
        assert text not in shown.split(" | "), f"{text!r} shown in a {lang} figure"
    matplotlib.pyplot.close("all")
