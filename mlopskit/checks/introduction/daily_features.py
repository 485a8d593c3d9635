"""Task 3 of lesson 00_introduction: daily features (``introduction.daily_features``).

Everything that defines the task sits here: its catalogued misconceptions (deliberately
wrong code: fingerprints, not solutions), its cases and its spec. The reference is
``mlopskit.introduction:daily_features``; the notebook cells are ``daily_features-*``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlopskit.checks._core import Case, Misconception, TaskSpec
from mlopskit.checks.introduction import LESSON
from mlopskit.checks.introduction._common import START, encode_daily
from mlopskit.introduction import daily_features
from mlopskit.languages import bilingual as _about


def _with(hourly, min_hours, **changes):
    """The reference's table with some columns computed another way."""
    daily_features(hourly, min_hours=min_hours)  # same refusals
    rows = hourly[["bikers", "temp"]].astype("float64")
    observed = rows[rows["bikers"].notna()]
    groups = observed.groupby(observed.index.normalize())
    every = rows.groupby(rows.index.normalize())
    columns = {
        "bikers_total": groups["bikers"].sum(),
        "temp_mean": groups["temp"].mean(),
        "peak_hour": groups["bikers"].idxmax().map(lambda t: t.hour),
        "hours": groups["bikers"].count(),
    }
    for name, how in changes.items():
        columns[name] = how(groups, every, rows)
    out = pd.DataFrame(columns)
    keep = out["hours"] > min_hours if changes.get("strict") else out["hours"] >= min_hours
    out = out[keep.fillna(False).astype(bool)]
    out.index = pd.DatetimeIndex(out.index, name="date")
    return out


def _mean_not_sum(hourly, *, min_hours=18):
    """Averages the bikers of the day instead of adding them up."""
    return _with(hourly, min_hours, bikers_total=lambda g, e, r: g["bikers"].mean())


def _counts_empty_hours(hourly, *, min_hours=18):
    """Counts every row of the day, the empty (NaN) hours too (size instead of count)."""
    return _with(hourly, min_hours, hours=lambda g, e, r: e["bikers"].size())


def _threshold_exclusive(hourly, *, min_hours=18):
    """Drops a day with exactly min_hours observed hours (> instead of >=)."""
    daily_features(hourly, min_hours=min_hours)
    out = _with(hourly, 1)
    return out[out["hours"] > min_hours]


def _peak_count(hourly, *, min_hours=18):
    """Puts the largest count of the day in peak_hour, not the hour it happened."""
    return _with(hourly, min_hours, peak_hour=lambda g, e, r: g["bikers"].max())


def _nan_as_zero(hourly, *, min_hours=18):
    """Fills empty hours with 0 first: the mean temperature drops and every hour counts."""
    daily_features(hourly, min_hours=min_hours)
    zero = hourly[["bikers", "temp"]].astype("float64").fillna(0.0)
    return daily_features(zero, min_hours=min_hours)


def _frame(hours, bikers, temp, *, start=START):
    stamps = [(start + pd.Timedelta(hours=int(h))).strftime("%Y-%m-%d %H:%M") for h in hours]
    return {"frame": {"columns": {"bikers": list(bikers), "temp": list(temp)},
                      "dtypes": {"bikers": "float64", "temp": "float64"},
                      "index": stamps, "index_dtype": "datetime64[ns]",
                      "index_name": "timestamp"}}


def _day(bikers, temp, *, missing=()):
    """24 hourly values of one day, NaN at the hours in ``missing``."""
    b = [float("nan") if h in missing else float(v) for h, v in enumerate(bikers)]
    t = [float("nan") if h in missing else float(v) for h, v in enumerate(temp)]
    return b, t


def _days(*days):
    bikers, temp = [], []
    for b, t in days:
        bikers += b
        temp += t
    return list(range(len(bikers))), bikers, temp


def _real(days):
    from mlopskit.datasets import load_bikeshare
    from mlopskit.introduction import clean_hourly, with_timestamps

    bike = with_timestamps(load_bikeshare())
    bike = bike[bike["day"] <= days][["timestamp", "bikers", "temp"]]
    hourly = clean_hourly(bike, max_gap=2)
    return _frame(range(len(hourly)), hourly["bikers"].tolist(), hourly["temp"].tolist(),
                  start=hourly.index[0])


def _ramp(peak, n=24):
    return [float(abs(h - peak) * -3 + 80) for h in range(n)]


def _public_cases():
    warm = [0.3 + 0.01 * h for h in range(24)]
    full = _day(_ramp(17), warm)
    tie = _day([5.0] * 7 + [50.0] + [5.0] * 9 + [50.0] + [5.0] * 6, warm)
    six_empty = _day(_ramp(8), warm, missing=set(range(18, 24)))
    seven_empty = _day(_ramp(8), warm, missing=set(range(17, 24)))
    return [
        Case("real-two-weeks", {"args": [_real(14)]},
             about=_about("as duas primeiras semanas reais de 2011, limpas",
                          "the real first two weeks of 2011, cleaned"), covers=("real data",)),
        Case("two-full-days", {"args": [_frame(*_days(full, _day(_ramp(8), warm)))]},
             about=_about("dois dias completos", "two complete days")),
        Case("peak-tie", {"args": [_frame(*_days(tie))]},
             about=_about("duas horas empatadas no máximo", "two hours tied for the peak"),
             covers=("a tie for the peak hour",)),
        Case("exactly-min-hours", {"args": [_frame(*_days(six_empty, full))]},
             about=_about("um dia com exatamente min_hours horas observadas",
                          "a day with exactly min_hours observed hours"),
             covers=("a day exactly on min_hours",)),
        Case("below-min-hours", {"args": [_frame(*_days(seven_empty, full))]},
             about=_about("um dia com min_hours - 1 horas observadas",
                          "a day with min_hours - 1 observed hours"),
             covers=("a day one hour below min_hours",)),
        Case("min-hours-given", {"args": [_frame(*_days(seven_empty, full))],
                                 "kwargs": {"min_hours": 12}},
             about=_about("min_hours = 12", "min_hours = 12"),
             covers=("optional min_hours given",)),
        Case("partial-last-day", {"args": [_frame(list(range(30)), _ramp(20, 30),
                                                  [0.5] * 30)]},
             about=_about("o último dia tem só 6 horas", "the last day has only 6 hours"),
             covers=("first and last day",)),
        Case("min-hours-too-large", {"args": [_frame(*_days(full))],
                                     "kwargs": {"min_hours": 25}},
             about=_about("min_hours = 25: a função deve recusar (ValueError)",
                          "min_hours = 25: the function must refuse (ValueError)"),
             covers=("refuses min_hours > 24",)),
    ]


def _probes():
    warm = [0.2 + 0.02 * h for h in range(24)]
    return [
        Case("probe-gaps", {"args": [_frame(*_days(
            _day(_ramp(9), warm, missing={2, 3, 4, 20, 21, 22}),
            _day(_ramp(15), warm, missing={0, 1, 5, 6, 7, 8, 9, 10}),
            _day(_ramp(18), warm, missing={12})))]},
            about=_about("dias com horas vazias: no limite, abaixo e acima",
                         "days with empty hours: on the limit, below and above")),
        Case("probe-peak", {"args": [_frame(*_days(
            _day(_ramp(13), warm),
            _day(_ramp(6), warm, missing={6})))]},
            about=_about("o pico ao meio-dia, e um pico numa hora vazia",
                         "a peak at midday, and a peak on an empty hour")),
    ]


def _hidden_cases(rng):
    cases = []
    for i in range(2):
        days = []
        for _ in range(int(rng.integers(2, 5))):
            bikers = rng.integers(0, 400, 24).astype(float).tolist()
            temp = np.round(rng.uniform(0, 1, 24), 2).tolist()
            missing = set(rng.choice(24, size=int(rng.integers(0, 9)), replace=False).tolist())
            days.append(_day(bikers, temp, missing=missing))
        cases.append(Case(f"hidden-{i}", {"args": [_frame(*_days(*days))],
                                          "kwargs": {"min_hours": int(rng.integers(16, 21))}}))
    return cases


SPEC = TaskSpec(
    lesson=LESSON,
    task="introduction.daily_features",
    number=3,
    name=_about("variáveis diárias", "daily features"),
    entry="daily_features",
    points=2,
    reference="mlopskit.introduction:daily_features",
    encode=encode_daily,
    public_cases=_public_cases,
    hidden_cases=_hidden_cases,
    probes=_probes,
    hints=[
        _about("Cada coluna tem a sua regra de agregação: contagens se SOMAM, temperaturas "
               "se fazem MÉDIA, e uma hora vazia (NaN) não é uma hora observada.",
               "Each column has its own aggregation rule: counts are SUMMED, temperatures "
               "AVERAGED, and an empty (NaN) hour is not an observed hour."),
        _about("Agrupe por dia com `hourly.groupby(hourly.index.normalize())` (ou "
               "`resample('D')`); `count()` conta só valores não-NaN, `size()` conta linhas. "
               "`idxmax()` dá o Timestamp do máximo (o primeiro, num empate): pegue `.hour`.",
               "Group by day with `hourly.groupby(hourly.index.normalize())` (or "
               "`resample('D')`); `count()` counts non-NaN values only, `size()` counts rows. "
               "`idxmax()` gives the Timestamp of the maximum (the first on a tie): take "
               "`.hour`."),
        _about("`g = obs.groupby(obs.index.normalize())` com `obs = hourly[hourly['bikers']."
               "notna()]`; monte `pd.DataFrame({'bikers_total': g['bikers'].sum(), "
               "'temp_mean': g['temp'].mean(), 'peak_hour': g['bikers'].idxmax().map(lambda t: "
               "t.hour), 'hours': g['bikers'].count()})` e mantenha `hours >= min_hours`.",
               "`g = obs.groupby(obs.index.normalize())` with `obs = hourly[hourly['bikers']."
               "notna()]`; build `pd.DataFrame({'bikers_total': g['bikers'].sum(), "
               "'temp_mean': g['temp'].mean(), 'peak_hour': g['bikers'].idxmax().map(lambda t: "
               "t.hour), 'hours': g['bikers'].count()})` and keep `hours >= min_hours`."),
    ],
    misconceptions=[
        Misconception("daily.mean_not_sum", _mean_not_sum, _about(
            "`bikers_total` saiu como a MÉDIA por hora; o total do dia é a SOMA das "
            "contagens.",
            "`bikers_total` came out as the hourly MEAN; the day's total is the SUM of the "
            "counts.")),
        Misconception("daily.counts_empty_hours", _counts_empty_hours, _about(
            "Sua coluna `hours` conta também as horas vazias (NaN): `size()` ou `len` contam "
            "linhas, `count()` conta valores observados. Por isso dias incompletos passaram "
            "no filtro de `min_hours`.",
            "Your `hours` column counts the empty (NaN) hours too: `size()` or `len` count "
            "rows, `count()` counts observed values. So incomplete days passed the "
            "`min_hours` filter.")),
        Misconception("daily.threshold_exclusive", _threshold_exclusive, _about(
            "Um dia com EXATAMENTE `min_hours` horas observadas foi descartado: a regra o "
            "mantém (`>=`, não `>`).",
            "A day with EXACTLY `min_hours` observed hours was dropped: the rule keeps it "
            "(`>=`, not `>`).")),
        Misconception("daily.peak_count_not_hour", _peak_count, _about(
            "`peak_hour` deve ser a HORA do dia (0 a 23) em que houve mais ciclistas, não "
            "quantos ciclistas houve nela.",
            "`peak_hour` must be the HOUR of the day (0 to 23) with the most bikers, not how "
            "many bikers there were in it.")),
        Misconception("daily.nan_as_zero", _nan_as_zero, _about(
            "Você trocou as horas vazias por 0 antes de agregar: a temperatura média cai e "
            "toda hora passa a contar como observada. Hora vazia é ausência de dado, não "
            "zero.",
            "You replaced empty hours by 0 before aggregating: the mean temperature drops "
            "and every hour counts as observed. An empty hour is missing data, not zero.")),
    ],
)
