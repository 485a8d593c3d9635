"""Task 2 of lesson 06_feedback: accuracy per window (``feedback.windowed_accuracy``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.feedback:windowed_accuracy``; the notebook cells are ``windowed_accuracy-*``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

from mlopskit.checks._adapters import encode_float, frame
from mlopskit.checks._core import Case, Misconception, OutputError, TaskSpec
from mlopskit.checks.feedback import LESSON
from mlopskit.feedback import WINDOW_COLUMNS
from mlopskit.languages import bilingual as _about

_DTYPES = {"predicted_at": "datetime64[ns]", "prediction": "int64", "label": "float64"}


def _table(df, freq, min_labels, confidence, *, interval="wilson", unlabeled_wrong=False,
           report_small=False, strict=False):
    """The reference's computation, with one switch per catalogued mistake."""
    periods = pd.to_datetime(df["predicted_at"]).dt.to_period(freq)
    rows = {}
    for period, part in df.groupby(periods, sort=True):
        labeled = part[part["label"].notna()]
        n = len(labeled)
        hits = int((labeled["prediction"] == labeled["label"]).sum())
        total = len(part) if unlabeled_wrong else n
        enough = n > min_labels if strict else n >= min_labels
        if (enough or report_small) and total > 0:
            acc = hits / total
            if interval == "wald":
                z = stats.norm.ppf(0.5 + confidence / 2)
                half = z * math.sqrt(acc * (1 - acc) / total)
                low, high = acc - half, acc + half
            else:
                ci = stats.binomtest(hits, total).proportion_ci(confidence_level=confidence,
                                                                method="wilson")
                low, high = float(ci.low), float(ci.high)
        else:
            acc = low = high = np.nan
        rows[str(period)] = (len(part), n, acc, low, high, enough)
    table = pd.DataFrame.from_dict(rows, orient="index", columns=list(WINDOW_COLUMNS))
    table.index.name = "window"
    return table


def _wald(df, *, freq="W", min_labels=30, confidence=0.95):
    """Uses the normal-approximation (Wald) interval p ± z·sqrt(p(1-p)/n)."""
    return _table(df, freq, min_labels, confidence, interval="wald")


def _unlabeled_as_errors(df, *, freq="W", min_labels=30, confidence=0.95):
    """Divides the hits by every decision, so a missing label counts as an error."""
    return _table(df, freq, min_labels, confidence, unlabeled_wrong=True)


def _reports_small(df, *, freq="W", min_labels=30, confidence=0.95):
    """Reports accuracy and interval for windows below ``min_labels`` too."""
    return _table(df, freq, min_labels, confidence, report_small=True)


def _strict_min(df, *, freq="W", min_labels=30, confidence=0.95):
    """Needs more than ``min_labels`` labels (> for >=)."""
    return _table(df, freq, min_labels, confidence, strict=True)


def _fixed_confidence(df, *, freq="W", min_labels=30, confidence=0.95):
    """Ignores ``confidence``: always a 95% interval."""
    return _table(df, freq, min_labels, 0.95)


def _encode_windows(value):
    if not isinstance(value, pd.DataFrame):
        raise OutputError({
            "pt": f"seu código devolveu {type(value).__name__}; a tarefa pede um pandas "
            "DataFrame.",
            "en": f"your code returned {type(value).__name__}; the task asks for a pandas "
            "DataFrame.",
        })
    columns = list(WINDOW_COLUMNS)
    if list(value.columns) != columns:
        raise OutputError({
            "pt": f"as colunas da sua tabela são {list(value.columns)}; o enunciado pede "
            f"exatamente {columns}, nessa ordem.",
            "en": f"your table's columns are {list(value.columns)}; the task asks for exactly "
            f"{columns}, in that order.",
        })
    flags = value["enough"].tolist()
    if not all(isinstance(v, (bool, np.bool_)) for v in flags):
        raise OutputError({"pt": "a coluna `enough` deve conter True/False.",
                           "en": "the `enough` column must hold True/False."})
    out = {"index": [str(i) for i in value.index], "enough": [bool(v) for v in flags]}
    for col in ("n_predictions", "n_labels", "accuracy", "low", "high"):
        out[col] = [encode_float(v) for v in value[col]]
    return out


def _days(start, counts):
    """``counts[i]`` timestamps on day ``start + i``."""
    day = pd.Timestamp(start)
    return [str((day + pd.Timedelta(days=i)).date()) for i, c in enumerate(counts)
            for _ in range(c)]


def _frame(times, predictions, labels):
    return frame({"predicted_at": times, "prediction": predictions,
                  "label": [float("nan") if v is None else float(v) for v in labels]}, _DTYPES)


def _stream(seed, n, *, start="2024-01-01", days=56, accuracy=0.85, labeled=0.7):
    rng = np.random.default_rng(seed)
    offsets = np.sort(rng.integers(0, days, n))
    times = [str((pd.Timestamp(start) + pd.Timedelta(days=int(d))).date()) for d in offsets]
    pred = rng.integers(0, 2, n)
    right = rng.random(n) < accuracy
    label = np.where(right, pred, 1 - pred).astype(float)
    label[rng.random(n) >= labeled] = np.nan
    return times, pred.tolist(), [None if np.isnan(v) else v for v in label]


def _public_cases():
    weeks = _stream(61, 160)
    # one week (8-14 Jan) with exactly 10 labels, one of them wrong, plus 2 unlabeled
    exact = (_days("2024-01-08", [12]), [1] * 12, [1] * 9 + [0] + [None, None])
    perfect = (_days("2024-01-01", [15]), [0] * 15, [0] * 15)
    silent = (_days("2024-01-01", [6]) + _days("2024-01-08", [12]), [1] * 18,
              [None] * 6 + [1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1])
    months = _stream(62, 240, days=90, accuracy=0.75, labeled=0.5)
    return [
        Case("eight-weeks", {"args": [_frame(*weeks)], "kwargs": {"min_labels": 10}},
             about=_about("oito semanas, 70% rotuladas, min_labels = 10",
                          "eight weeks, 70% labeled, min_labels = 10")),
        Case("exactly-min-labels", {"args": [_frame(*exact)], "kwargs": {"min_labels": 10}},
             about=_about("uma semana com exatamente min_labels rótulos e 2 decisões sem rótulo",
                          "a week with exactly min_labels labels and 2 unlabeled decisions"),
             covers=("a window with exactly min_labels labels",
                     "unlabeled decisions in a window")),
        Case("all-right", {"args": [_frame(*perfect)], "kwargs": {"min_labels": 5}},
             about=_about("todas as decisões rotuladas estão certas (acurácia 1)",
                          "every labeled decision is right (accuracy 1)"),
             covers=("accuracy exactly 1 (a single window)",)),
        Case("silent-week", {"args": [_frame(*silent)], "kwargs": {"min_labels": 5}},
             about=_about("uma semana sem nenhum rótulo, a seguinte com 12",
                          "a week with no label at all, the next one with 12"),
             covers=("a window with no label at all (the first)",)),
        Case("months-90", {"args": [_frame(*months)],
                           "kwargs": {"freq": "M", "min_labels": 20, "confidence": 0.9}},
             about=_about("janelas mensais, intervalo de 90%", "monthly windows, a 90% interval"),
             covers=("freq and confidence given",)),
        Case("defaults", {"args": [_frame(*_stream(63, 150, days=21))]},
             about=_about("argumentos opcionais omitidos (semanas, min_labels = 30, 95%)",
                          "optional arguments left out (weeks, min_labels = 30, 95%)"),
             covers=("optional arguments left out",)),
        Case("zero-min-labels", {"args": [_frame(*perfect)], "kwargs": {"min_labels": 0}},
             about=_about("min_labels = 0: deve levantar ValueError",
                          "min_labels = 0: must raise ValueError"),
             covers=("a rule refused: min_labels below 1",)),
    ]


def _probes():
    mixed = (_days("2024-01-01", [10]), [1] * 10, [1] * 6 + [0, 0] + [None, None])
    return [
        Case("probe-interval", {"args": [_frame(*mixed)], "kwargs": {"min_labels": 1}}),
        Case("probe-confidence", {"args": [_frame(mixed[0][:8], mixed[1][:8], mixed[2][:8])],
                                  "kwargs": {"min_labels": 1, "confidence": 0.8}}),
        Case("probe-small", {"args": [_frame(mixed[0][:8], mixed[1][:8], mixed[2][:8])],
                             "kwargs": {"min_labels": 9}}),
        Case("probe-threshold", {"args": [_frame(mixed[0][:8], mixed[1][:8], mixed[2][:8])],
                                 "kwargs": {"min_labels": 8}}),
    ]


def _hidden_cases(rng):
    seed = int(rng.integers(0, 2**31))
    freq = str(rng.choice(["W", "M"]))
    data = _stream(seed, int(rng.integers(120, 300)), days=int(rng.integers(40, 100)),
                   accuracy=float(rng.uniform(0.6, 0.95)), labeled=float(rng.uniform(0.3, 0.9)))
    return [Case("hidden-0", {"args": [_frame(*data)],
                              "kwargs": {"freq": freq, "min_labels": int(rng.integers(5, 25)),
                                         "confidence": float(rng.choice([0.9, 0.95, 0.99]))}})]


SPEC = TaskSpec(
    lesson=LESSON,
    task="feedback.windowed_accuracy",
    number=2,
    name=_about("acurácia por janela", "accuracy per window"),
    entry="windowed_accuracy",
    points=3,
    reference="mlopskit.feedback:windowed_accuracy",
    encode=_encode_windows,
    public_cases=_public_cases,
    hidden_cases=_hidden_cases,
    probes=_probes,
    hints=[
        _about("Uma acurácia medida em poucos rótulos é uma estimativa ruidosa: o intervalo "
               "de Wilson mostra o quanto ela pode variar, e continua dentro de [0, 1] mesmo "
               "com 0 ou 100% de acertos. Decisões sem rótulo não são erros: são "
               "desconhecidas.",
               "An accuracy measured on few labels is a noisy estimate: the Wilson interval "
               "shows how far it may be off, and stays inside [0, 1] even at 0 or 100% hits. "
               "Decisions without a label are not errors: they are unknown."),
        _about("Agrupe por `df[\"predicted_at\"].dt.to_period(freq)`. Em cada grupo conte as "
               "decisões, os rótulos (`label.notna()`) e os acertos entre os rotulados; só "
               "com `n_labels >= min_labels` calcule acurácia e intervalo, senão NaN.",
               "Group by `df[\"predicted_at\"].dt.to_period(freq)`. In each group count the "
               "decisions, the labels (`label.notna()`) and the hits among the labeled; only "
               "when `n_labels >= min_labels` compute accuracy and interval, else NaN."),
        _about("```python\nci = stats.binomtest(hits, n).proportion_ci(\n    "
               "confidence_level=confidence, method=\"wilson\")\nrows[str(period)] = "
               "(len(part), n, hits / n, ci.low, ci.high, True)\n```",
               "```python\nci = stats.binomtest(hits, n).proportion_ci(\n    "
               "confidence_level=confidence, method=\"wilson\")\nrows[str(period)] = "
               "(len(part), n, hits / n, ci.low, ci.high, True)\n```"),
    ],
    misconceptions=[
        Misconception("acc.wald_interval", _wald, _about(
            "Seu intervalo é o de Wald (p ± z·√(p(1-p)/n)): com poucos rótulos ou acurácia "
            "perto de 1 ele encolhe até zero e sai de [0, 1]. A tarefa pede o intervalo de "
            "Wilson.",
            "Your interval is Wald's (p ± z·√(p(1-p)/n)): with few labels or an accuracy near "
            "1 it shrinks to nothing and leaves [0, 1]. The task asks for the Wilson "
            "interval.")),
        Misconception("acc.unlabeled_as_errors", _unlabeled_as_errors, _about(
            "Você dividiu os acertos por TODAS as decisões da janela: uma decisão sem rótulo "
            "virou erro. A acurácia é medida só entre as decisões rotuladas.",
            "You divided the hits by EVERY decision of the window: a decision without a label "
            "became an error. Accuracy is measured among the labeled decisions only.")),
        Misconception("acc.reports_small_windows", _reports_small, _about(
            "Janelas com menos de `min_labels` rótulos receberam acurácia e intervalo. Elas "
            "devem aparecer com `enough` False e NaN, para ninguém ler um número frágil como "
            "sólido.",
            "Windows with fewer than `min_labels` labels got an accuracy and an interval. They "
            "must show `enough` False and NaN, so nobody reads a fragile number as a solid "
            "one.")),
        Misconception("acc.strict_min_labels", _strict_min, _about(
            "Uma janela com exatamente `min_labels` rótulos já basta: use `>=`, não `>`.",
            "A window with exactly `min_labels` labels is enough: use `>=`, not `>`.")),
        Misconception("acc.ignores_confidence", _fixed_confidence, _about(
            "Seu intervalo ignora `confidence` e usa sempre 95%. Passe o nível pedido a "
            "`proportion_ci(confidence_level=...)`.",
            "Your interval ignores `confidence` and always uses 95%. Pass the level asked "
            "for to `proportion_ci(confidence_level=...)`.")),
    ],
)
