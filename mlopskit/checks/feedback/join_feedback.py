"""Task 1 of lesson 06_feedback: delayed labels (``feedback.join_feedback``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.feedback:join_feedback``; the notebook cells are ``join_feedback-*``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlopskit.checks._adapters import frame
from mlopskit.checks._core import Case, Misconception, OutputError, TaskSpec
from mlopskit.checks.feedback import LESSON
from mlopskit.feedback import join_feedback
from mlopskit.languages import bilingual as _about

_PRED_DTYPES = {"id": "int64", "predicted_at": "datetime64[ns]", "prediction": "int64"}
_LABEL_DTYPES = {"id": "int64", "labeled_at": "datetime64[ns]", "label": "int64"}


def _latest(labels, as_of, *, strict=False, keep="last"):
    at = pd.to_datetime(labels["labeled_at"])
    known = labels[at < as_of] if strict else labels[at <= as_of]
    return (known.assign(_at=pd.to_datetime(known["labeled_at"]))
            .sort_values("_at", kind="stable").drop_duplicates("id", keep=keep)
            .set_index("id")["label"])


def _attach(predictions, latest, as_of, *, filter_predictions=True):
    made = predictions
    if filter_predictions:
        made = predictions[pd.to_datetime(predictions["predicted_at"]) <= as_of]
    out = made.reset_index(drop=True).copy()
    out["label"] = out["id"].map(latest).astype(float)
    return out


def _ignores_as_of(predictions, labels, *, as_of):
    """Joins every label, including those that arrived after ``as_of``."""
    as_of = pd.Timestamp(as_of)
    return _attach(predictions, _latest(labels, pd.Timestamp.max), as_of)


def _strict_as_of(predictions, labels, *, as_of):
    """Counts a label as known only strictly before ``as_of`` (< for <=)."""
    as_of = pd.Timestamp(as_of)
    return _attach(predictions, _latest(labels, as_of, strict=True), as_of)


def _drops_unlabeled(predictions, labels, *, as_of):
    """Inner join: decisions still waiting for their label disappear."""
    out = join_feedback(predictions, labels, as_of=as_of)
    return out[out["label"].notna()].reset_index(drop=True)


def _first_label(predictions, labels, *, as_of):
    """Keeps the first label of an id, not its latest correction."""
    as_of = pd.Timestamp(as_of)
    return _attach(predictions, _latest(labels, as_of, keep="first"), as_of)


def _keeps_future_decisions(predictions, labels, *, as_of):
    """Keeps decisions made after ``as_of``, which did not exist yet."""
    as_of = pd.Timestamp(as_of)
    return _attach(predictions, _latest(labels, as_of), as_of, filter_predictions=False)


def _encode_joined(value):
    if not isinstance(value, pd.DataFrame):
        raise OutputError({
            "pt": f"seu código devolveu {type(value).__name__}; a tarefa pede um pandas "
            "DataFrame.",
            "en": f"your code returned {type(value).__name__}; the task asks for a pandas "
            "DataFrame.",
        })
    missing = [c for c in ("id", "prediction", "label") if c not in value.columns]
    if missing:
        raise OutputError({
            "pt": f"faltam as colunas {missing} no DataFrame devolvido; ele deve ter as "
            "colunas de `predictions` mais `label`.",
            "en": f"the returned DataFrame lacks the columns {missing}; it must have the "
            "columns of `predictions` plus `label`.",
        })
    try:
        labels = [float(v) for v in pd.to_numeric(value["label"], errors="raise")]
    except (TypeError, ValueError):
        raise OutputError({
            "pt": "a coluna `label` deve conter números (NaN enquanto o rótulo não chegou).",
            "en": "the `label` column must hold numbers (NaN while the label has not "
            "arrived).",
        }) from None
    return {"id": [int(v) for v in value["id"]], "label": labels}


def _case(name, preds, labels, as_of, about, covers=()):
    return Case(name, {"args": [frame(preds, _PRED_DTYPES), frame(labels, _LABEL_DTYPES)],
                       "kwargs": {"as_of": as_of}}, about=about, covers=tuple(covers))


def _month():
    preds = {"id": [1, 2, 3, 4, 5, 6],
             "predicted_at": ["2024-01-03", "2024-01-10", "2024-01-17", "2024-01-24",
                              "2024-02-05", "2024-02-20"],
             "prediction": [1, 0, 1, 1, 0, 1]}
    labels = {"id": [1, 2, 3, 1, 4, 9],
              "labeled_at": ["2024-01-20", "2024-02-01", "2024-02-25", "2024-02-08",
                             "2024-03-10", "2024-01-30"],
              "label": [1, 0, 0, 0, 1, 1]}
    return preds, labels


def _public_cases():
    preds, labels = _month()
    empty = {"id": [], "labeled_at": [], "label": []}
    return [
        _case("month-end", preds, labels, "2024-02-15", _about(
            "rótulos que chegam antes e depois de 15/02, uma correção e um id desconhecido",
            "labels arriving before and after 15 Feb, a correction and an unknown id"),
            ["a label for an id with no decision", "a decision made after as_of (the last one)"]),
        _case("label-on-as-of", preds, labels, "2024-02-25", _about(
            "um rótulo chega exatamente na data da avaliação",
            "a label arrives exactly on the evaluation date"),
            ["a label that arrives exactly at as_of"]),
        _case("correction-later", preds, labels, "2024-02-01", _about(
            "a correção do id 1 chega depois da avaliação",
            "the correction of id 1 arrives after the evaluation"),
            ["a correction that arrives after as_of"]),
        _case("no-labels-yet", preds, empty, "2024-03-31", _about(
            "nenhum rótulo chegou ainda (tabela de rótulos vazia)",
            "no label has arrived yet (empty labels table)"),
            ["no label known yet (empty labels)", "every decision made by as_of"]),
        _case("decision-on-as-of", preds, labels, "2024-01-03", _about(
            "a primeira decisão foi tomada exatamente na data da avaliação",
            "the first decision was made exactly on the evaluation date"),
            ["a decision made exactly at as_of (the first one)"]),
        Case("missing-column", {"args": [frame({k: v for k, v in preds.items()
                                                if k != "predicted_at"},
                                               {"id": "int64", "prediction": "int64"}),
                                         frame(labels, _LABEL_DTYPES)],
                                "kwargs": {"as_of": "2024-02-15"}},
             about=_about("falta a coluna `predicted_at`: deve levantar ValueError",
                          "the `predicted_at` column is missing: must raise ValueError"),
             covers=("a rule refused: a missing column",)),
    ]


def _probes():
    preds = {"id": [1, 2], "predicted_at": ["2024-01-01", "2024-01-05"], "prediction": [1, 1]}

    def probe(name, labels, as_of, p=preds):
        return _case(name, p, labels, as_of, None)

    return [
        probe("probe-future-label", {"id": [1], "labeled_at": ["2024-02-01"], "label": [1]},
              "2024-01-10"),
        probe("probe-label-on-date", {"id": [1], "labeled_at": ["2024-01-10"], "label": [0]},
              "2024-01-10"),
        probe("probe-unlabeled-stays", {"id": [2], "labeled_at": ["2024-01-08"], "label": [1]},
              "2024-01-10"),
        probe("probe-correction", {"id": [1, 1], "labeled_at": ["2024-01-06", "2024-01-08"],
                                   "label": [1, 0]}, "2024-01-10"),
        probe("probe-future-decision", {"id": [1, 2], "labeled_at": ["2024-01-02", "2024-01-02"],
                                        "label": [1, 1]}, "2024-01-03"),
    ]


def _hidden_cases(rng):
    n = int(rng.integers(30, 80))
    start = np.datetime64("2024-01-01")
    made = start + np.sort(rng.integers(0, 90, n)).astype("timedelta64[D]")
    delay = rng.integers(5, 60, n).astype("timedelta64[D]")
    has = rng.random(n) < 0.8
    ids = np.arange(100, 100 + n)
    lab_ids = ids[has].tolist()
    lab_at = (made + delay)[has].astype(str).tolist()
    y = rng.integers(0, 2, int(has.sum())).tolist()
    fixes = rng.choice(np.flatnonzero(has), size=min(5, int(has.sum())), replace=False)
    for i in fixes:
        lab_ids.append(int(ids[i]))
        lab_at.append(str(made[i] + delay[i] + np.timedelta64(int(rng.integers(1, 20)), "D")))
        y.append(int(rng.integers(0, 2)))
    preds = {"id": ids.tolist(), "predicted_at": made.astype(str).tolist(),
             "prediction": rng.integers(0, 2, n).tolist()}
    labels = {"id": lab_ids, "labeled_at": lab_at, "label": y}
    as_of = str(start + np.timedelta64(int(rng.integers(40, 100)), "D"))
    return [_case("hidden-0", preds, labels, as_of, None)]


SPEC = TaskSpec(
    lesson=LESSON,
    task="feedback.join_feedback",
    number=1,
    name=_about("rótulos atrasados", "delayed labels"),
    entry="join_feedback",
    points=2,
    reference="mlopskit.feedback:join_feedback",
    encode=_encode_joined,
    public_cases=_public_cases,
    hidden_cases=_hidden_cases,
    probes=_probes,
    hints=[
        _about("Pense no que a equipe sabia NA DATA `as_of`: decisões tomadas até ela e "
               "rótulos recebidos até ela (inclusive). Nada do futuro.",
               "Think of what the team knew ON `as_of`: decisions made by then and labels "
               "received by then (inclusive). Nothing from the future."),
        _about("Filtre as duas tabelas por data; entre os rótulos que sobram, um id pode ter "
               "vários: fique com o mais recente. Depois junte pelo id mantendo TODAS as "
               "decisões (as sem rótulo ficam com NaN).",
               "Filter both tables by date; among the labels left, an id may have several: "
               "keep the latest. Then join on the id keeping EVERY decision (those without a "
               "label get NaN)."),
        _about("```python\nas_of = pd.Timestamp(as_of)\nmade = predictions[predictions"
               "[\"predicted_at\"] <= as_of]\nknown = labels[labels[\"labeled_at\"] <= as_of]"
               "\nlatest = known.sort_values(\"labeled_at\").drop_duplicates(\"id\", "
               "keep=\"last\").set_index(\"id\")[\"label\"]\nout = made.reset_index(drop=True)"
               "\nout[\"label\"] = out[\"id\"].map(latest).astype(float)\n```",
               "```python\nas_of = pd.Timestamp(as_of)\nmade = predictions[predictions"
               "[\"predicted_at\"] <= as_of]\nknown = labels[labels[\"labeled_at\"] <= as_of]"
               "\nlatest = known.sort_values(\"labeled_at\").drop_duplicates(\"id\", "
               "keep=\"last\").set_index(\"id\")[\"label\"]\nout = made.reset_index(drop=True)"
               "\nout[\"label\"] = out[\"id\"].map(latest).astype(float)\n```"),
    ],
    misconceptions=[
        Misconception("join.ignores_as_of", _ignores_as_of, _about(
            "Você juntou rótulos que chegaram DEPOIS de `as_of`: a avaliação usa informação "
            "que ninguém tinha naquela data (vazamento do futuro). Filtre "
            "`labeled_at <= as_of` antes de juntar.",
            "You joined labels that arrived AFTER `as_of`: the evaluation uses information "
            "nobody had on that date (a leak from the future). Filter `labeled_at <= as_of` "
            "before joining.")),
        Misconception("join.strict_as_of", _strict_as_of, _about(
            "Um rótulo recebido exatamente em `as_of` já era conhecido: use `<=`, não `<`.",
            "A label received exactly at `as_of` was already known: use `<=`, not `<`.")),
        Misconception("join.drops_unlabeled", _drops_unlabeled, _about(
            "Decisões ainda sem rótulo sumiram do resultado (uma junção interna). Elas devem "
            "ficar, com `label` NaN: a parcela que ainda espera rótulo é informação.",
            "Decisions still without a label vanished from the result (an inner join). They "
            "must stay, with a NaN `label`: the share still waiting for a label is "
            "information.")),
        Misconception("join.first_label", _first_label, _about(
            "Quando um id tem vários rótulos conhecidos, você ficou com o PRIMEIRO. Um rótulo "
            "posterior é uma correção: fique com o mais recente conhecido em `as_of`.",
            "When an id has several known labels you kept the FIRST. A later label is a "
            "correction: keep the latest one known at `as_of`.")),
        Misconception("join.keeps_future_decisions", _keeps_future_decisions, _about(
            "Seu resultado inclui decisões tomadas depois de `as_of`, que ainda não existiam "
            "naquela data. Filtre também `predicted_at <= as_of`.",
            "Your result includes decisions made after `as_of`, which did not exist yet on "
            "that date. Filter `predicted_at <= as_of` too.")),
    ],
)
