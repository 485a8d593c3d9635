"""Task 2 of lesson 00_introduction: cleaning without side effects (``introduction.clean_hourly``).

Everything that defines the task sits here: its catalogued misconceptions (deliberately
wrong code: fingerprints, not solutions), its cases and its spec. The reference is
``mlopskit.introduction:clean_hourly``; the notebook cells are ``clean_hourly-*``.
"""

from __future__ import annotations

import pandas as pd

from mlopskit.checks._core import Case, Misconception, TaskSpec
from mlopskit.checks.introduction import LESSON
from mlopskit.checks.introduction._common import encode_hourly, hourly_frame, real_week
from mlopskit.introduction import _gap_lengths, clean_hourly
from mlopskit.languages import bilingual as _about


def _regular(df, keep="first"):
    frame = df.drop_duplicates("timestamp", keep=keep).sort_values("timestamp")
    frame = frame.set_index("timestamp").astype("float64")
    if frame.empty:
        return frame, pd.Series(dtype=bool)
    hours = pd.date_range(frame.index[0], frame.index[-1], freq="h", name="timestamp")
    return frame.reindex(hours), pd.Series(~hours.isin(frame.index), index=hours)


def _fill(regular, added, max_gap, *, method="linear", strict=False):
    lengths = _gap_lengths(added)
    fillable = added & ((lengths < max_gap) if strict else (lengths <= max_gap))
    if method == "ffill":
        filled = regular.ffill()
    else:
        filled = regular.interpolate(method="linear", limit_area="inside")
    return regular.where(~fillable, filled, axis=0)


def _mutates_input(df, *, max_gap=3):
    """Cleans the caller's DataFrame in place (inplace=True) before working on it."""
    df.drop_duplicates("timestamp", keep="first", inplace=True)
    df.sort_values("timestamp", inplace=True)
    return clean_hourly(df, max_gap=max_gap)


def _partial_long_gaps(df, *, max_gap=3):
    """interpolate(limit=max_gap): fills the first max_gap hours of a longer gap too."""
    clean_hourly(df, max_gap=max_gap)  # same refusals
    regular, _ = _regular(df)
    if regular.empty:
        return regular
    return regular.interpolate(method="linear", limit=max_gap, limit_area="inside") \
        if max_gap > 0 else regular


def _keeps_last(df, *, max_gap=3):
    """Keeps the LAST row of a repeated timestamp."""
    clean_hourly(df, max_gap=max_gap)
    regular, added = _regular(df, keep="last")
    return regular if regular.empty else _fill(regular, added, max_gap)


def _forward_fill(df, *, max_gap=3):
    """Fills a short gap by repeating the hour before it instead of a straight line."""
    clean_hourly(df, max_gap=max_gap)
    regular, added = _regular(df)
    return regular if regular.empty else _fill(regular, added, max_gap, method="ffill")


def _gap_off_by_one(df, *, max_gap=3):
    """Fills only gaps SHORTER than max_gap: a gap of exactly max_gap hours stays empty."""
    clean_hourly(df, max_gap=max_gap)
    regular, added = _regular(df)
    return regular if regular.empty else _fill(regular, added, max_gap, strict=True)


def _case(name, hours, bikers, kwargs=None, *, temp=None, about, covers=()):
    columns = {"bikers": bikers}
    if temp is not None:
        columns["temp"] = temp
    return Case(name, {"args": [hourly_frame(hours, **columns)], "kwargs": kwargs or {}},
                about=about, covers=covers)


def _public_cases():
    return [
        Case("real-first-week", {"args": [real_week(1, 7)]},
             about=_about("a primeira semana real de 2011 (bikers e temp)",
                          "the real first week of 2011 (bikers and temp)"),
             covers=("real data",)),
        _case("one-hour-gap", [0, 1, 3, 4], [10, 20, 40, 50],
              temp=[0.2, 0.3, 0.5, 0.6],
              about=_about("uma hora faltando", "one hour missing")),
        _case("gap-of-max-gap", [0, 4, 5], [0, 40, 41], {"max_gap": 3},
              about=_about("uma lacuna de exatamente max_gap horas",
                           "a gap of exactly max_gap hours"),
              covers=("a gap equal to max_gap",)),
        _case("long-gap", [0, 5, 6], [10, 60, 70], {"max_gap": 3},
              about=_about("uma lacuna de max_gap + 1 horas", "a gap of max_gap + 1 hours"),
              covers=("a gap one longer than max_gap",)),
        _case("duplicate-hour", [0, 1, 1, 2], [5, 7, 99, 9],
              about=_about("uma hora repetida com valores diferentes",
                           "a repeated hour with different values"),
              covers=("a duplicated timestamp",)),
        _case("out-of-order", [3, 0, 2, 1], [30, 0, 20, 10],
              about=_about("linhas fora de ordem", "rows out of order"),
              covers=("rows out of time order",)),
        _case("max-gap-zero", [0, 2, 3], [0, 20, 30], {"max_gap": 0},
              about=_about("max_gap = 0: nada é preenchido", "max_gap = 0: nothing is filled"),
              covers=("max_gap = 0",)),
        _case("single-row", [7], [3], about=_about("uma só linha", "a single row"),
              covers=("one row",)),
        _case("empty", [], [], about=_about("DataFrame vazio", "empty DataFrame"),
              covers=("empty input",)),
        _case("missing-value", [0, 1, 2], [1.0, float("nan"), 3.0],
              about=_about("um valor NaN nos dados: a função deve recusar (ValueError)",
                           "a NaN value in the data: the function must refuse (ValueError)"),
              covers=("refuses NaN values",)),
        _case("negative-max-gap", [0, 1], [1, 2], {"max_gap": -1},
              about=_about("max_gap negativo: a função deve recusar (ValueError)",
                           "a negative max_gap: the function must refuse (ValueError)"),
              covers=("refuses max_gap < 0",)),
    ]


def _probes():
    return [
        _case("probe-mixed", [9, 0, 1, 1, 5, 4, 9, 14, 15], [90, 0, 10, 77, 50, 40, 3, 140, 150],
              {"max_gap": 2},
              about=_about("fora de ordem, repetidas, lacunas de 2 e de 4 horas",
                           "out of order, repeated, gaps of 2 and 4 hours")),
        _case("probe-default", [6, 0, 0, 2, 11, 12], [60, 0, 5, 20, 110, 120],
              about=_about("fora de ordem, repetida, lacunas de 1, 3 e 4 horas",
                           "out of order, repeated, gaps of 1, 3 and 4 hours")),
    ]


def _hidden_cases(rng):
    cases = []
    for i in range(3):
        n = int(rng.integers(8, 40))
        hours = sorted(rng.choice(n + 12, size=n, replace=False).tolist())
        if rng.random() < 0.5:
            hours = rng.permutation(hours + hours[:2]).tolist()
        bikers = rng.integers(0, 300, len(hours)).tolist()
        temp = [round(float(t), 2) for t in rng.uniform(0, 1, len(hours))]
        cases.append(Case(f"hidden-{i}", {
            "args": [hourly_frame(hours, bikers=bikers, temp=temp)],
            "kwargs": {"max_gap": int(rng.integers(1, 5))}}))
    return cases


SPEC = TaskSpec(
    lesson=LESSON,
    task="introduction.clean_hourly",
    number=2,
    name=_about("limpeza sem efeitos colaterais", "cleaning without side effects"),
    entry="clean_hourly",
    points=3,
    reference="mlopskit.introduction:clean_hourly",
    encode=encode_hourly,
    protocol={"kind": "function", "immutable": True},
    public_cases=_public_cases,
    hidden_cases=_hidden_cases,
    probes=_probes,
    hints=[
        _about("Uma função de limpeza devolve um DataFrame NOVO e deixa o de quem chamou como "
               "estava: nada de `inplace=True` nem de atribuir colunas no `df` recebido. As "
               "regras vêm em ordem: repetidas, ordem, horas que faltam, preenchimento.",
               "A cleaning function returns a NEW DataFrame and leaves the caller's as it "
               "was: no `inplace=True` and no assigning columns on the `df` you received. The "
               "rules come in order: repeats, order, missing hours, filling."),
        _about("`drop_duplicates('timestamp', keep='first')`, `sort_values`, `set_index`, "
               "depois `reindex(pd.date_range(primeira, última, freq='h'))`. Para cada hora "
               "nova, meça o tamanho da lacuna a que ela pertence: só as lacunas com até "
               "`max_gap` horas são preenchidas, e por inteiro.",
               "`drop_duplicates('timestamp', keep='first')`, `sort_values`, `set_index`, "
               "then `reindex(pd.date_range(first, last, freq='h'))`. For each new hour, "
               "measure the length of the gap it belongs to: only gaps of up to `max_gap` "
               "hours are filled, and wholly."),
        _about("`interpolate(limit=max_gap)` NÃO basta: numa lacuna longa ele preenche as "
               "primeiras horas. Com `added = ~horas.isin(frame.index)`, `run = "
               "(~added).cumsum()` e `tam = added.groupby(run).transform('sum')`, preencha "
               "onde `added & (tam <= max_gap)` com `regular.where(~mask, "
               "regular.interpolate(limit_area='inside'), axis=0)`.",
               "`interpolate(limit=max_gap)` is NOT enough: in a long gap it fills the first "
               "hours. With `added = ~hours.isin(frame.index)`, `run = (~added).cumsum()` and "
               "`size = added.groupby(run).transform('sum')`, fill where `added & (size <= "
               "max_gap)` with `regular.where(~mask, regular.interpolate(limit_area='inside'), "
               "axis=0)`."),
    ],
    misconceptions=[
        Misconception("clean.mutates_input", _mutates_input, _about(
            "Seu código altera o DataFrame de quem chamou (`inplace=True`, ou uma coluna "
            "atribuída no `df` recebido). Com o copy-on-write do pandas 3 uma cópia feita por "
            "seleção não muda o original, mas o próprio `df` (ou outro nome para ele) muda. "
            "Trabalhe numa cópia: `frame = df.drop_duplicates(...)` devolve um novo objeto.",
            "Your code changes the caller's DataFrame (`inplace=True`, or a column assigned "
            "on the `df` you received). With pandas 3 copy-on-write a copy made by selection "
            "never changes the original, but `df` itself (or another name for it) does. Work "
            "on a new object: `frame = df.drop_duplicates(...)` returns one.")),
        Misconception("clean.partial_long_gaps", _partial_long_gaps, _about(
            "Numa lacuna mais longa que `max_gap` você preencheu as primeiras horas (é o que "
            "`interpolate(limit=max_gap)` faz). A regra é por lacuna: uma lacuna longa fica "
            "inteira vazia.",
            "In a gap longer than `max_gap` you filled its first hours (that is what "
            "`interpolate(limit=max_gap)` does). The rule is per gap: a long gap stays "
            "empty, all of it.")),
        Misconception("clean.keeps_last_duplicate", _keeps_last, _about(
            "Numa hora repetida você ficou com a ÚLTIMA linha; a regra é ficar com a "
            "primeira (as seguintes são reenvios).",
            "For a repeated hour you kept the LAST row; the rule keeps the first (later ones "
            "are re-sent records).")),
        Misconception("clean.forward_fill", _forward_fill, _about(
            "Você preencheu as lacunas repetindo a hora anterior (`ffill`); a regra é "
            "interpolação linear entre as duas vizinhas.",
            "You filled gaps by repeating the hour before (`ffill`); the rule is linear "
            "interpolation between the two neighbours.")),
        Misconception("clean.gap_off_by_one", _gap_off_by_one, _about(
            "Uma lacuna de EXATAMENTE `max_gap` horas ficou sem preencher: a regra é "
            "\"até max_gap\" (`<=`), não \"menos que\" (`<`).",
            "A gap of EXACTLY `max_gap` hours was left empty: the rule is \"up to max_gap\" "
            "(`<=`), not \"less than\" (`<`).")),
    ],
)
