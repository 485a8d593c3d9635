"""Task 5 of lesson 04_lineage: point-in-time correct features (``lineage.point_in_time_join``).

Everything that defines the task sits here: its catalogued misconceptions (deliberately
wrong code: fingerprints, not solutions), its cases and its spec. The reference is
``mlopskit.lineage:point_in_time_join``; the notebook cells are ``point_in_time_join-*``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlopskit.checks._adapters import frame
from mlopskit.checks._core import Case, Misconception, TaskSpec
from mlopskit.checks.lineage import LESSON
from mlopskit.checks.lineage._common import encode_joined
from mlopskit.languages import bilingual as _about


def _values(features, on, feature_time):
    return [c for c in features.columns if c not in (on, feature_time)]


def _pit_latest(events, features, *, on, event_time, feature_time):
    """Joins each key's LATEST feature row, whatever the event's time: leakage."""
    latest = features.sort_values(feature_time).groupby(on, as_index=False).last()
    latest = latest.drop(columns=[feature_time])
    out = events.merge(latest, on=on, how="left")
    out.index = events.index
    return out


def _asof(events, features, *, on, event_time, feature_time, sort_back=True, **options):
    left = events.reset_index(drop=True).assign(_row=range(len(events)))
    left = left.sort_values(event_time, kind="stable")
    right = features.sort_values(feature_time, kind="stable").rename(
        columns={feature_time: "_t"})
    joined = pd.merge_asof(left, right, left_on=event_time, right_on="_t", **options)
    if sort_back:
        joined = joined.sort_values("_row")
    joined = joined.drop(columns=["_row", "_t"])
    cols = [*events.columns, *_values(features, on, feature_time)]
    return joined[[c for c in cols if c in joined.columns]].reset_index(drop=True)


def _pit_strictly_before(events, features, *, on, event_time, feature_time):
    """Leaves out a feature row stamped exactly at the event's time (`<` for `<=`)."""
    return _asof(events, features, on=on, event_time=event_time, feature_time=feature_time,
                 by=on, allow_exact_matches=False)


def _pit_ignores_key(events, features, *, on, event_time, feature_time):
    """Takes the latest row of ANY key: merge_asof without `by`."""
    feats = features.drop(columns=[on])
    return _asof(events, feats, on=on, event_time=event_time, feature_time=feature_time)


def _pit_time_sorted(events, features, *, on, event_time, feature_time):
    """Returns the events sorted by time instead of in their own order."""
    return _asof(events, features, on=on, event_time=event_time, feature_time=feature_time,
                 by=on, sort_back=False)


def _case(name, events, features, *, about, covers=(), event_time="t", feature_time="ft"):
    ev = frame(events, {k: ("int64" if k == event_time else "object") for k in events})
    fdt = {k: ("int64" if k == feature_time else "object" if k == "client" else "float64")
           for k in features}
    return Case(name, {"args": [ev, frame(features, fdt)],
                       "kwargs": {"on": "client", "event_time": event_time,
                                  "feature_time": feature_time}},
                about=about, covers=covers)


def _public_cases():
    features = {"client": ["ana", "ana", "ana", "bia", "bia"], "ft": [1, 5, 9, 3, 7],
                "balance": [100.0, 80.0, 20.0, 500.0, 450.0]}
    return [
        _case("between-updates", {"client": ["ana", "bia", "ana"], "t": [6, 8, 2]}, features,
              about=_about("eventos entre duas atualizações da feature",
                           "events between two updates of the feature"),
              covers=("events not in time order",)),
        _case("at-the-update", {"client": ["ana", "bia"], "t": [5, 3]}, features,
              about=_about("eventos exatamente no instante de uma atualização",
                           "events exactly at the moment of an update"),
              covers=("an event exactly at a feature timestamp",)),
        _case("before-any", {"client": ["bia", "ana"], "t": [2, 0]}, features,
              about=_about("eventos anteriores a qualquer valor da feature",
                           "events before any value of the feature"),
              covers=("an event before any feature",)),
        _case("other-client-newer", {"client": ["ana", "ana"], "t": [4, 8]},
              {"client": ["ana", "bia", "bia"], "ft": [1, 3, 6],
               "balance": [10.0, 99.0, 77.0]},
              about=_about("o outro cliente tem valores mais recentes",
                           "the other client has more recent values"),
              covers=("a key whose features are older than another key's",)),
        _case("two-features", {"client": ["bia", "ana", "bia"], "when": [10, 10, 4]},
              {"client": ["ana", "bia", "ana", "bia"], "valid_from": [2, 4, 10, 11],
               "balance": [1.0, 2.0, 3.0, 4.0], "limit": [5.0, 6.0, 7.0, 8.0]},
              about=_about("duas colunas de feature e outros nomes de coluna de tempo",
                           "two feature columns and other names for the time columns"),
              covers=("a value that becomes known after the last event",),
              event_time="when", feature_time="valid_from"),
    ]


def _probes():
    return [
        _case("probe-one-future-value", {"client": ["ana"], "t": [4]},
              {"client": ["ana", "ana"], "ft": [2, 6], "balance": [1.0, 2.0]},
              about=None),
        _case("probe-exact-time", {"client": ["ana"], "t": [6]},
              {"client": ["ana", "ana"], "ft": [2, 6], "balance": [1.0, 2.0]},
              about=None),
        _case("probe-other-key", {"client": ["ana"], "t": [9]},
              {"client": ["ana", "bia"], "ft": [2, 6], "balance": [1.0, 2.0]},
              about=None),
        _case("probe-reverse-order", {"client": ["ana", "ana"], "t": [7, 3]},
              {"client": ["ana", "ana"], "ft": [2, 6], "balance": [1.0, 2.0]},
              about=None),
    ]


def _hidden_cases(rng):
    clients = ["ana", "bia", "caio"]
    rows = {"client": [], "ft": [], "balance": []}
    for client in clients:
        times = sorted(int(t) for t in rng.choice(40, int(rng.integers(2, 6)), replace=False))
        for t in times:
            rows["client"].append(client)
            rows["ft"].append(t)
            rows["balance"].append(float(rng.integers(0, 1000)))
    n = int(rng.integers(5, 12))
    events = {"client": [str(c) for c in rng.choice(clients, n)],
              "t": [int(t) for t in rng.choice(np.arange(-2, 45), n, replace=False)]}
    events["t"][0] = rows["ft"][0]  # one event exactly at an update
    events["client"][0] = rows["client"][0]
    case = _case("hidden-0", events, rows, about=None)
    return [case]


SPEC = TaskSpec(
    lesson=LESSON,
    task="lineage.point_in_time_join",
    number=5,
    name=_about("junção no ponto do tempo", "point-in-time join"),
    entry="point_in_time_join",
    points=3,
    reference="mlopskit.lineage:point_in_time_join",
    encode=encode_joined,
    protocol={"kind": "function", "immutable": True},
    public_cases=_public_cases,
    hidden_cases=_hidden_cases,
    probes=_probes,
    hints=[
        _about("Para cada evento, pergunte: o que se SABIA sobre este cliente naquele instante? "
               "Um valor registrado no mesmo instante já é conhecido; um valor de um segundo "
               "depois ainda não existe. Sem valor anterior, o resultado é NaN.",
               "For each event, ask: what was KNOWN about this client at that moment? A value "
               "recorded at the same instant is known; one from a second later does not exist "
               "yet. With no earlier value, the result is NaN."),
        _about("`pd.merge_asof` faz isso: as duas tabelas ordenadas pelo tempo, `by=on` para "
               "não misturar clientes, `direction='backward'`. Guarde a ordem original dos "
               "eventos para restaurá-la no fim, e não altere as tabelas recebidas.",
               "`pd.merge_asof` does it: both tables sorted by time, `by=on` so clients do not "
               "mix, `direction='backward'`. Keep the events' original order to restore it at "
               "the end, and do not change the frames you receive."),
        _about("`left = events.assign(_row=range(len(events))).sort_values(event_time)`; "
               "`right = features.sort_values(feature_time)`; `pd.merge_asof(left, right, "
               "left_on=event_time, right_on=feature_time, by=on)`; depois ordene por `_row` e "
               "tire `_row` e a coluna de tempo das features.",
               "`left = events.assign(_row=range(len(events))).sort_values(event_time)`; "
               "`right = features.sort_values(feature_time)`; `pd.merge_asof(left, right, "
               "left_on=event_time, right_on=feature_time, by=on)`; then sort by `_row` and drop "
               "`_row` and the features' time column."),
    ],
    misconceptions=[
        Misconception("pit.latest_value_leak", _pit_latest, _about(
            "Você juntou o valor MAIS RECENTE de cada cliente, sem olhar o instante do evento: "
            "eventos antigos recebem valores do futuro. Isso é vazamento: a validação fica "
            "otimista e o modelo piora em produção.",
            "You joined each client's LATEST value, whatever the event's time: old events get "
            "values from the future. That is leakage: validation looks better than production "
            "will be.")),
        Misconception("pit.strictly_before", _pit_strictly_before, _about(
            "Um valor registrado EXATAMENTE no instante do evento ficou de fora (`<` em vez de "
            "`<=`, ou `allow_exact_matches=False`). Ele já era conhecido: use `<=`.",
            "A value recorded EXACTLY at the event's time was left out (`<` instead of `<=`, "
            "or `allow_exact_matches=False`). It was already known: use `<=`.")),
        Misconception("pit.ignores_key", _pit_ignores_key, _about(
            "Seu código pega o último valor de QUALQUER cliente antes do evento: faltou casar a "
            "chave (`by=on` no `merge_asof`).",
            "Your code takes the latest value of ANY client before the event: the key is not "
            "matched (`by=on` in `merge_asof`).")),
        Misconception("pit.rows_reordered", _pit_time_sorted, _about(
            "Os valores estão certos, mas as linhas saíram ordenadas pelo tempo, não na ordem "
            "dos eventos recebidos. Guarde a posição original e restaure-a no fim.",
            "The values are right, but the rows come out sorted by time, not in the order of "
            "the events you received. Keep the original position and restore it at the end.")),
    ],
)
