"""What the tasks of lesson 00_introduction share: case builders and encoders."""

from __future__ import annotations

import math
import numbers

import numpy as np
import pandas as pd

from mlopskit.checks._adapters import describe_type, frame
from mlopskit.checks._core import OutputError

START = pd.Timestamp("2011-03-01")


def _none(value, what_pt, what_en):
    if value is None:
        raise OutputError({
            "pt": f"seu código devolveu None; era esperado {what_pt}. Esqueceu o `return`?",
            "en": f"your code returned None; {what_en} was expected. Did you forget `return`?"})


def stamp(hour):
    """The ISO text of ``START`` + ``hour`` hours."""
    return (START + pd.Timedelta(hours=int(hour))).strftime("%Y-%m-%d %H:%M")


def hourly_frame(hours, **columns):
    """A case's DataFrame: a ``timestamp`` column at the given hour offsets, plus columns."""
    data = {"timestamp": [stamp(h) for h in hours], **{k: list(v) for k, v in columns.items()}}
    dtypes = {"timestamp": "datetime64[ns]"}
    for name, values in columns.items():
        dtypes[name] = "int64" if all(isinstance(v, int) for v in values) else "float64"
    return frame(data, dtypes)


def real_week(first_day=1, days=7):
    """Hours, bikers and temperature of the real Bike Sharing 2011 data, as case columns."""
    from mlopskit.datasets import load_bikeshare

    bike = load_bikeshare()
    rows = bike[(bike["day"] >= first_day) & (bike["day"] < first_day + days)]
    stamps = (pd.Timestamp("2011-01-01") + pd.to_timedelta(rows["day"] - 1, unit="D")
              + pd.to_timedelta(rows["hr"], unit="h"))
    data = {"timestamp": stamps.dt.strftime("%Y-%m-%d %H:%M").tolist(),
            "bikers": rows["bikers"].astype(int).tolist(),
            "temp": rows["temp"].astype(float).tolist()}
    return frame(data, {"timestamp": "datetime64[ns]", "bikers": "int64", "temp": "float64"})


def _as_stamps(values, what_pt, what_en):
    try:
        index = pd.DatetimeIndex(pd.to_datetime(list(values)))
    except (TypeError, ValueError):
        raise OutputError({
            "pt": f"{what_pt} deveriam ser datas e horas (Timestamp), e não são.",
            "en": f"{what_en} should be dates and times (Timestamps), and are not."}) from None
    return index


def encode_hours(value):
    """A collection of hours (DatetimeIndex, Series, list), as sorted ISO texts."""
    _none(value, "um DatetimeIndex com as horas faltantes",
          "a DatetimeIndex of the missing hours")
    if isinstance(value, pd.DataFrame) or isinstance(value, (str, bytes, numbers.Number)) \
            or not hasattr(value, "__iter__"):
        raise OutputError({
            "pt": f"seu código devolveu {describe_type(value)}; a tarefa pede as horas "
            "faltantes (um DatetimeIndex, ou uma lista de Timestamps).",
            "en": f"your code returned {describe_type(value)}; the task asks for the missing "
            "hours (a DatetimeIndex, or a list of Timestamps)."})
    index = _as_stamps(value, "As horas devolvidas", "The hours you returned")
    return sorted(index.strftime("%Y-%m-%d %H:%M").tolist())


def _number(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return float("nan")
    if value is pd.NA or value is pd.NaT:
        return float("nan")
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise OutputError({
            "pt": f"a tabela tem um valor do tipo {describe_type(value)} onde se esperava "
            "um número.",
            "en": f"the table holds a value of type {describe_type(value)} where a number "
            "was expected."})
    return float(value)


def _table(value, *, index_column, what_pt, what_en):
    _none(value, what_pt, what_en)
    if not isinstance(value, pd.DataFrame):
        raise OutputError({
            "pt": f"seu código devolveu {describe_type(value)}; a tarefa pede {what_pt}.",
            "en": f"your code returned {describe_type(value)}; the task asks for {what_en}."})
    if index_column in value.columns and not isinstance(value.index, pd.DatetimeIndex):
        value = value.set_index(index_column)
    return value


def encode_hourly(value):
    """A DataFrame on an hourly index: its hours and its columns as plain data."""
    table = _table(value, index_column="timestamp",
                   what_pt="um DataFrame indexado pela hora",
                   what_en="a DataFrame indexed by the hour")
    index = _as_stamps(table.index, "O índice da tabela", "The table's index")
    return {"index": index.strftime("%Y-%m-%d %H:%M").tolist(),
            "columns": {str(c): [_number(v) for v in table[c].tolist()]
                        for c in table.columns}}


DAILY_COLUMNS = ("bikers_total", "temp_mean", "peak_hour", "hours")


def encode_daily(value):
    """A DataFrame with one row per day and the four feature columns."""
    table = _table(value, index_column="date",
                   what_pt="um DataFrame com uma linha por dia",
                   what_en="a DataFrame with one row per day")
    missing = [c for c in DAILY_COLUMNS if c not in table.columns]
    if missing:
        raise OutputError({
            "pt": f"faltam as colunas {missing}; a tabela diária precisa de "
            f"{list(DAILY_COLUMNS)}.",
            "en": f"the columns {missing} are missing; the daily table needs "
            f"{list(DAILY_COLUMNS)}."})
    index = _as_stamps(table.index, "O índice da tabela", "The table's index")
    return {"index": index.strftime("%Y-%m-%d").tolist(),
            "columns": {c: [_number(v) for v in table[c].tolist()] for c in DAILY_COLUMNS}}


def encode_bool(value):
    _none(value, "True ou False", "True or False")
    if not isinstance(value, (bool, np.bool_)):
        raise OutputError({
            "pt": f"seu código devolveu {describe_type(value)}; a tarefa pede True ou False.",
            "en": f"your code returned {describe_type(value)}; the task asks for True or "
            "False."})
    return bool(value)


def encode_repeated_score(value):
    """The results of calling the training function twice: repeatable, and the score."""
    if not isinstance(value, list) or not value:
        raise OutputError({"pt": "resultado inesperado.", "en": "unexpected result."})
    scores = []
    for item in value:
        _none(item, "a acurácia (um float)", "the accuracy (a float)")
        if isinstance(item, np.ndarray) and item.size == 1:
            item = item.reshape(()).item()
        if isinstance(item, (bool, np.bool_)) or not isinstance(item, numbers.Real):
            raise OutputError({
                "pt": f"seu código devolveu {describe_type(item)}; a tarefa pede a acurácia "
                "(um float).",
                "en": f"your code returned {describe_type(item)}; the task asks for the "
                "accuracy (a float)."})
        scores.append(float(item))
    if any(s != scores[0] for s in scores[1:]):
        return {"repeatable": False}
    return {"repeatable": True, "score": scores[0]}


def _label(returned, snapshot):
    """What a returned id names in the store: a given run, a new run, an experiment."""
    if returned is None:
        return None
    if not isinstance(returned, str):
        raise OutputError({
            "pt": f"seu código devolveu {describe_type(returned)}; a tarefa pede o id da "
            "run (um texto).",
            "en": f"your code returned {describe_type(returned)}; the task asks for the run "
            "id (a string)."})
    for name, experiment in sorted(snapshot.items()):
        new = [r for r in experiment["runs"] if not r["given"]]
        for run in experiment["runs"]:
            if run["id"] == returned:
                return (f"run:{name}:{run['name']}" if run["given"]
                        else f"new-run:{name}:{new.index(run)}")
        if experiment["id"] == returned:
            return f"experiment:{name}"
    return "other"


def _observed(value):
    if not isinstance(value, dict) or "returned" not in value or not value.get("observed"):
        raise OutputError({"pt": "resultado inesperado.", "en": "unexpected result."})
    return value["returned"], value["observed"][0]


def encode_logged(value):
    """The returned id and every run of the store, read back, without random ids."""
    returned, snapshot = _observed(value)
    _none(returned, "o id da run (um texto)", "the run id (a string)")
    experiments = {}
    for name, experiment in sorted(snapshot.items()):
        experiments[name] = [{
            "given": run["given"],
            "name": run["name"] if run["given"] else None,
            "status": run["status"],
            "params": dict(run["params"]),
            "metrics": dict(run["metrics"]),
            "inputs": [list(i) for i in run["inputs"]],
        } for run in experiment["runs"]]
    return {"returned": _label(returned, snapshot), "experiments": experiments}


def encode_best(value):
    """Which run the returned id names."""
    returned, snapshot = _observed(value)
    return {"returned": _label(returned, snapshot)}
