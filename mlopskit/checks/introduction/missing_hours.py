"""Task 1 of lesson 00_introduction: missing hours (``introduction.missing_hours``).

Everything that defines the task sits here: its catalogued misconceptions (deliberately
wrong code: fingerprints, not solutions), its cases and its spec. The reference is
``mlopskit.introduction:missing_hours``; the notebook cells are ``missing_hours-*``.
"""

from __future__ import annotations

import pandas as pd

from mlopskit.checks._core import Case, Misconception, TaskSpec
from mlopskit.checks.introduction import LESSON
from mlopskit.checks.introduction._common import encode_hours, hourly_frame, real_week, stamp
from mlopskit.introduction import missing_hours
from mlopskit.languages import bilingual as _about


def _ignores_range(df, *, start=None, end=None):
    """Looks only between the first and last observation, whatever start and end say."""
    return missing_hours(df)


def _end_excluded(df, *, start=None, end=None):
    """Builds the expected hours with the last one left out (a half-open range)."""
    stamps = df["timestamp"]
    if len(stamps) == 0 and (start is None or end is None):
        return pd.DatetimeIndex([])
    first = pd.Timestamp(start) if start is not None else stamps.min()
    last = pd.Timestamp(end) if end is not None else stamps.max()
    hours = pd.date_range(first, last, freq="h", inclusive="left")
    return hours.difference(pd.DatetimeIndex(stamps))


def _first_of_each_gap(df, *, start=None, end=None):
    """Reports one hour per gap (where the jump starts), not every hour of it."""
    gaps = missing_hours(df, start=start, end=end)
    if len(gaps) == 0:
        return gaps
    starts = gaps[1:][(gaps[1:] - gaps[:-1]) != pd.Timedelta(hours=1)]
    return gaps[:1].append(starts)


def _assumes_sorted(df, *, start=None, end=None):
    """Takes the range from the first and last ROW, as if the rows were in time order."""
    stamps = df["timestamp"]
    if len(stamps) == 0 and (start is None or end is None):
        return pd.DatetimeIndex([])
    first = pd.Timestamp(start) if start is not None else stamps.iloc[0]
    last = pd.Timestamp(end) if end is not None else stamps.iloc[-1]
    hours = pd.date_range(first, last, freq="h")
    return hours.difference(pd.DatetimeIndex(stamps))


def _case(name, hours, kwargs=None, *, about, covers=()):
    return Case(name, {"args": [hourly_frame(hours, bikers=[10 + h for h in hours])],
                       "kwargs": kwargs or {}}, about=about, covers=covers)


def _public_cases():
    return [
        Case("real-first-week", {"args": [real_week(1, 7)]},
             about=_about("a primeira semana real de 2011", "the real first week of 2011"),
             covers=("real data",)),
        _case("one-gap", [0, 1, 2, 5, 6], about=_about("uma lacuna de duas horas",
                                                       "one two-hour gap")),
        _case("unsorted-with-duplicates", [6, 0, 3, 3, 1, 6],
              about=_about("linhas fora de ordem e horas repetidas",
                           "rows out of order and repeated hours"),
              covers=("rows out of time order", "a duplicated hour")),
        _case("complete", [0, 1, 2, 3], about=_about("nada falta", "nothing missing"),
              covers=("no gap",)),
        _case("range-given", [2, 3, 5], {"start": stamp(0), "end": stamp(7)},
              about=_about("start e end além da primeira e da última observação",
                           "start and end beyond the first and last observation"),
              covers=("first and last hour missing", "optional start/end given")),
        _case("end-on-last", [0, 2, 4], {"end": stamp(4)},
              about=_about("end igual à última observação", "end equal to the last observation"),
              covers=("end exactly on an observation",)),
        _case("single-row", [5], about=_about("uma só linha", "a single row"),
              covers=("one row",)),
        _case("empty", [], about=_about("DataFrame vazio, sem start e end",
                                        "empty DataFrame, no start and end"),
              covers=("empty input",)),
        _case("empty-with-range", [], {"start": stamp(0), "end": stamp(2)},
              about=_about("DataFrame vazio com start e end",
                           "empty DataFrame with start and end"),
              covers=("empty input with a range",)),
        _case("end-before-start", [0, 1], {"start": stamp(5), "end": stamp(1)},
              about=_about("end antes de start: a função deve recusar (ValueError)",
                           "end before start: the function must refuse (ValueError)"),
              covers=("refuses end < start",)),
    ]


def _probes():
    return [
        _case("probe-range", [3, 4, 6, 9, 5], {"start": stamp(0), "end": stamp(12)},
              about=_about("faixa maior que os dados, fora de ordem",
                           "range wider than the data, out of order")),
        _case("probe-long-gap", [4, 0, 1, 8, 2, 12],
              about=_about("lacunas longas, linhas fora de ordem",
                           "long gaps, rows out of order")),
    ]


def _hidden_cases(rng):
    cases = []
    for i in range(3):
        n = int(rng.integers(10, 60))
        hours = sorted(rng.choice(n + 10, size=n, replace=False).tolist())
        if rng.random() < 0.5:
            hours = rng.permutation(hours + hours[:3]).tolist()
        kwargs = {}
        if rng.random() < 0.5:
            kwargs = {"start": stamp(min(hours) - int(rng.integers(0, 4))),
                      "end": stamp(max(hours) + int(rng.integers(1, 4)))}
        cases.append(Case(f"hidden-{i}", {"args": [hourly_frame(hours, bikers=[1] * len(hours))],
                                          "kwargs": kwargs}))
    return cases


SPEC = TaskSpec(
    lesson=LESSON,
    task="introduction.missing_hours",
    number=1,
    name=_about("horas faltantes", "missing hours"),
    entry="missing_hours",
    points=1,
    reference="mlopskit.introduction:missing_hours",
    encode=encode_hours,
    public_cases=_public_cases,
    hidden_cases=_hidden_cases,
    probes=_probes,
    hints=[
        _about("Faltante é o que deveria estar lá e não está: primeiro construa TODAS as horas "
               "que a série deveria ter, depois tire as que aparecem nos dados.",
               "Missing means expected but absent: first build EVERY hour the series should "
               "have, then remove the ones the data has."),
        _about("A faixa vai do menor ao maior `timestamp` (não da primeira à última linha: as "
               "linhas podem estar fora de ordem), ou de `start` a `end` quando dados, com as "
               "duas pontas incluídas.",
               "The range goes from the smallest to the largest `timestamp` (not the first to "
               "the last row: rows may be out of order), or from `start` to `end` when given, "
               "both ends included."),
        _about("`pd.date_range(first, last, freq='h').difference(pd.DatetimeIndex(df['timestamp']))`"
               "; trate o DataFrame vazio antes.",
               "`pd.date_range(first, last, freq='h').difference(pd.DatetimeIndex(df['timestamp']))`"
               "; handle the empty DataFrame first."),
    ],
    misconceptions=[
        Misconception("missing.ignores_range", _ignores_range, _about(
            "Seu código procura lacunas só entre a primeira e a última observação e ignora "
            "`start` e `end`: as horas que faltam no começo ou no fim do período nunca "
            "aparecem.",
            "Your code looks for gaps only between the first and the last observation and "
            "ignores `start` and `end`: hours missing at the start or the end of the period "
            "never show up.")),
        Misconception("missing.end_excluded", _end_excluded, _about(
            "A sua faixa de horas esperadas deixa a última de fora (um intervalo semiaberto, "
            "como `range` ou `inclusive='left'`): as duas pontas fazem parte do período.",
            "Your range of expected hours leaves the last one out (a half-open interval, like "
            "`range` or `inclusive='left'`): both ends belong to the period.")),
        Misconception("missing.first_of_each_gap", _first_of_each_gap, _about(
            "Você devolveu uma hora por lacuna (onde o salto começa); a tarefa pede TODAS as "
            "horas que faltam, uma por uma.",
            "You returned one hour per gap (where the jump starts); the task asks for EVERY "
            "missing hour, one by one.")),
        Misconception("missing.assumes_sorted", _assumes_sorted, _about(
            "Você tirou o início e o fim da primeira e da última LINHA, como se os dados "
            "estivessem em ordem. Use o menor e o maior `timestamp`.",
            "You took the start and the end from the first and the last ROW, as if the data "
            "were in time order. Use the smallest and the largest `timestamp`.")),
    ],
)
