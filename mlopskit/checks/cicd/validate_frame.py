"""Task 1 of lesson 05_cicd: a data contract (``cicd.validate_frame``).

Everything that defines the task sits here: its catalogued misconceptions (deliberately
wrong code: fingerprints, not solutions), its cases and its spec. The reference is
``mlopskit.cicd:validate_frame``; the notebook cells are ``validate_frame-*``.
"""

from __future__ import annotations

import pandas as pd

from mlopskit.checks._adapters import frame
from mlopskit.checks._core import Case, Misconception, TaskSpec
from mlopskit.checks.cicd import LESSON
from mlopskit.checks.cicd._common import encode_codes
from mlopskit.cicd import DTYPES
from mlopskit.languages import bilingual as _about

ORDER = ("missing", "dtype", "nulls", "range", "category")


def _numeric_as_int(values, dtype):
    if dtype == "int":
        return pd.api.types.is_numeric_dtype(values)
    return DTYPES[dtype](values)


def _column_problems(values, rules, *, dtype_ok=None, inclusive=True, count_nulls=False,
                     nullable_rule=True, first_only=False):
    """The problems of one present column, with switches for the catalogued mistakes."""
    found = []
    dtype = rules.get("dtype")
    if dtype is None:
        ok = True
    elif dtype_ok is None:
        ok = DTYPES[dtype](values)
    else:
        ok = dtype_ok(values, dtype)
    if not ok:
        found.append("dtype")
    nullable = rules.get("nullable", False) if nullable_rule else False
    if not nullable and values.isna().any():
        found.append("nulls")
    if ok:
        low, high = rules.get("min"), rules.get("max")
        if count_nulls:  # a null compares as outside every rule
            inside = pd.Series(True, index=values.index)
            if low is not None or high is not None:
                inside = values.between(-float("inf") if low is None else low,
                                        float("inf") if high is None else high)
            if not inside.all():
                found.append("range")
            if rules.get("isin") is not None and not values.isin(list(rules["isin"])).all():
                found.append("category")
        else:
            present = values.dropna()
            if inclusive:
                out = (low is not None and (present < low).any()) or \
                    (high is not None and (present > high).any())
            else:
                out = (low is not None and (present <= low).any()) or \
                    (high is not None and (present >= high).any())
            if out:
                found.append("range")
            if rules.get("isin") is not None and not present.isin(list(rules["isin"])).all():
                found.append("category")
    return found[:1] if first_only else found


def _validate(df, schema, *, grouped=False, **switches):
    per_column = []
    for column, rules in schema.items():
        if column not in df.columns:
            per_column.append((column, ["missing"]))
        else:
            per_column.append((column, _column_problems(df[column], rules, **switches)))
    if grouped:
        return [f"{kind}:{c}" for kind in ORDER for c, kinds in per_column if kind in kinds]
    return [f"{kind}:{c}" for c, kinds in per_column for kind in kinds]


def _bounds_exclusive(df, schema):
    """Treats min and max as exclusive: a value equal to a bound is reported."""
    return _validate(df, schema, inclusive=False)


def _nulls_as_violations(df, schema):
    """Counts a null as out of range and outside the category set."""
    return _validate(df, schema, count_nulls=True)


def _grouped_by_kind(df, schema):
    """Lists every missing column first, then every dtype problem, and so on."""
    return _validate(df, schema, grouped=True)


def _numeric_for_int(df, schema):
    """Accepts any numeric column (float, bool) where the schema asks for int."""
    return _validate(df, schema, dtype_ok=_numeric_as_int)


def _first_problem_only(df, schema):
    """Reports at most one problem per column (an if/elif chain)."""
    return _validate(df, schema, first_only=True)


def _ignores_nullable(df, schema):
    """Reports nulls even in a column the schema marks ``nullable``."""
    return _validate(df, schema, nullable_rule=False)


# ---------------------------------------------------------------- cases
SCHEMA = {
    "age": {"dtype": "int", "min": 18, "max": 99},
    "income": {"dtype": "float", "min": 0.0, "nullable": True},
    "purpose": {"dtype": "str", "isin": ["car", "education", "business"]},
    "approved": {"dtype": "bool"},
}
DTYPES_OK = {"age": "int64", "income": "float64", "purpose": "object", "approved": "bool"}


def _frame(age, income, purpose, approved, dtypes=None):
    return frame({"age": age, "income": income, "purpose": purpose, "approved": approved},
                 {**DTYPES_OK, **(dtypes or {})})


def _case(name, df, schema, about_pt, about_en, covers=()):
    return Case(name, {"args": [df, schema]}, about=_about(about_pt, about_en), covers=covers)


def _public_cases():
    return [
        _case("clean", _frame([25, 40, 61], [1200.5, 3000.0, 0.5], ["car", "business", "car"],
                              [True, False, True]), SCHEMA,
              "tudo dentro do contrato", "everything within the contract"),
        _case("on-the-bounds", _frame([18, 99], [0.0, 10.0], ["education", "car"],
                                      [False, True]), SCHEMA,
              "valores iguais a min e max", "values equal to min and max",
              covers=("a value equal to min", "a value equal to max")),
        _case("nulls-where-allowed", _frame([30, 31], [None, 5.0], ["car", None],
                                            [True, True]), SCHEMA,
              "nulo numa coluna que aceita nulos e numa que não aceita",
              "a null in a nullable column and in one that is not",
              covers=("null in a nullable column with a range rule",)),
        _case("every-rule", frame({"age": [17.0, 30.0], "purpose": ["car", "holiday"],
                                   "approved": [True, False]},
                                  {"age": "float64", "purpose": "object", "approved": "bool"}),
              SCHEMA, "coluna ausente, tipo errado e categoria fora do conjunto",
              "a missing column, a wrong dtype and a value outside the category set",
              covers=("missing column", "wrong dtype", "value outside the category set")),
        _case("several-per-column", _frame([10, 120], [-1.0, 5.0], ["car", "car"],
                                           [True, False]),
              {"age": {"dtype": "int", "min": 18, "max": 99, "nullable": False},
               "income": {"dtype": "float", "min": 0.0}},
              "valores abaixo de min e acima de max na primeira e na última linha",
              "values below min and above max in the first and last rows",
              covers=("first and last row",)),
        _case("null-and-range", frame({"age": [None, 12.0, 40.0]}, {"age": "float64"}),
              {"age": {"dtype": "float", "min": 18}},
              "uma coluna com nulo E valor fora do intervalo",
              "one column with a null AND a value out of range",
              covers=("two problems in one column",)),
        _case("bool-is-not-int", frame({"age": [True, False]}, {"age": "bool"}),
              {"age": {"dtype": "int"}}, "booleanos onde se pede int",
              "booleans where int is asked", covers=("bool column for an int rule",)),
        _case("empty-frame", frame({"age": [], "purpose": []},
                                   {"age": "int64", "purpose": "object"}),
              {"age": {"dtype": "int", "min": 18}, "purpose": {"dtype": "str", "isin": ["car"]},
               "income": {"dtype": "float"}},
              "quadro sem linhas e uma coluna ausente", "a frame with no rows and a missing "
              "column", covers=("empty frame", "optional rules left out")),
    ]


def _hidden_cases(rng):
    cases = []
    purposes = ["car", "education", "business", "holiday"]
    for i in range(4):
        n = int(rng.integers(3, 12))
        age = rng.integers(10, 110, n).astype(float)
        income = rng.normal(2000, 1500, n).round(1)
        purpose = rng.choice(purposes, n).astype(object)
        nulls = rng.random(n) < 0.15
        income_l = [None if z else float(v) for z, v in zip(nulls, income)]
        purpose_l = [None if (z and i % 2) else str(v) for z, v in zip(rng.random(n) < 0.1,
                                                                      purpose)]
        columns = {"age": age.tolist() if i % 3 else age.astype(int).tolist(),
                   "income": income_l, "purpose": purpose_l,
                   "approved": (rng.random(n) < 0.5).tolist()}
        dtypes = {**DTYPES_OK, "age": "float64" if i % 3 else "int64"}
        if i == 2:
            columns.pop("income")
            dtypes.pop("income")
        schema = {**SCHEMA, "income": {**SCHEMA["income"], "nullable": bool(i % 2)}}
        order = list(schema)
        rng.shuffle(order)
        schema = {k: schema[k] for k in order}
        cases.append(Case(f"hidden-{i}", {"args": [frame(columns, dtypes), schema]}))
    return cases


def _probes():
    age = {"age": {"dtype": "int", "min": 18, "max": 99}}
    return [
        Case("probe-bound", {"args": [frame({"age": [18, 50]}, {"age": "int64"}), age]}),
        Case("probe-null-range", {"args": [frame({"x": [None, 1.0]}, {"x": "float64"}),
                                           {"x": {"dtype": "float", "min": 0, "nullable": True}}]}),
        Case("probe-order", {"args": [frame({"b": [1.0]}, {"b": "float64"}),
                                      {"a": {"dtype": "int"}, "b": {"dtype": "int"}}]}),
        Case("probe-order-2", {"args": [frame({"a": [1], "b": [None, ]},
                                              {"a": "int64", "b": "float64"}),
                                        {"a": {"dtype": "str"}, "b": {"dtype": "float"},
                                         "c": {"dtype": "int"}}]}),
        Case("probe-float-int", {"args": [frame({"a": [1.0]}, {"a": "float64"}),
                                          {"a": {"dtype": "int"}}]}),
        Case("probe-two-kinds", {"args": [frame({"a": [None, -5.0]}, {"a": "float64"}),
                                          {"a": {"dtype": "float", "min": 0}}]}),
        Case("probe-nullable", {"args": [frame({"a": [None, 1.0]}, {"a": "float64"}),
                                         {"a": {"dtype": "float", "nullable": True}}]}),
    ]


SPEC = TaskSpec(
    lesson=LESSON,
    task="cicd.validate_frame",
    number=1,
    name=_about("contrato de dados", "data contract"),
    entry="validate_frame",
    points=3,
    reference="mlopskit.cicd:validate_frame",
    encode=encode_codes,
    public_cases=_public_cases,
    hidden_cases=_hidden_cases,
    probes=_probes,
    protocol={"kind": "function", "immutable": True},
    hints=[
        _about("Um contrato de dados é uma lista de regras por coluna. Percorra o esquema na "
               "ordem dele; para cada coluna, verifique as regras numa ordem fixa e acrescente "
               "um texto por problema, sem parar no primeiro.",
               "A data contract is a list of rules per column. Walk the schema in its order; "
               "for each column check the rules in a fixed order and append one string per "
               "problem, without stopping at the first."),
        _about("Coluna ausente: só isso e siga para a próxima. Nulos: `isna().any()` quando "
               "`nullable` não é True. Intervalo e categorias: só com o tipo certo, e sobre os "
               "valores presentes (`dropna()`), com limites inclusivos.",
               "Missing column: report only that and move on. Nulls: `isna().any()` unless "
               "`nullable` is True. Range and categories: only with the right dtype, on the "
               "present values (`dropna()`), with inclusive bounds."),
        _about("`present = df[c].dropna()`; `(present < rules['min']).any()` para o mínimo; "
               "`~present.isin(rules['isin'])` para as categorias; o tipo com "
               "`mlopskit.cicd.DTYPES[rules['dtype']](df[c])`.",
               "`present = df[c].dropna()`; `(present < rules['min']).any()` for the minimum; "
               "`~present.isin(rules['isin'])` for the categories; the dtype with "
               "`mlopskit.cicd.DTYPES[rules['dtype']](df[c])`."),
    ],
    misconceptions=[
        Misconception("validate_frame.bounds_exclusive", _bounds_exclusive, _about(
            "Você tratou `min` e `max` como limites exclusivos: um valor IGUAL ao limite é "
            "válido (use `<` e `>`, não `<=` e `>=`).",
            "You treated `min` and `max` as exclusive: a value EQUAL to a bound is valid "
            "(use `<` and `>`, not `<=` and `>=`).")),
        Misconception("validate_frame.nulls_as_violations", _nulls_as_violations, _about(
            "Um nulo virou também violação de intervalo ou de categoria (`between` e `isin` "
            "dão False para NaN). Nulos têm a regra deles; verifique intervalo e categorias "
            "só nos valores presentes.",
            "A null also became a range or category violation (`between` and `isin` give "
            "False for NaN). Nulls have their own rule; check range and categories on the "
            "present values only.")),
        Misconception("validate_frame.grouped_by_kind", _grouped_by_kind, _about(
            "Sua lista está agrupada por tipo de problema (todas as colunas ausentes, depois "
            "todos os tipos...). A ordem pedida é a do esquema, coluna por coluna.",
            "Your list is grouped by kind of problem (every missing column, then every "
            "dtype...). The order asked for is the schema's, column by column.")),
        Misconception("validate_frame.numeric_for_int", _numeric_for_int, _about(
            "Para `int` você aceitou qualquer coluna numérica (float, bool). Um contrato "
            "existe para pegar justamente um inteiro que virou float.",
            "For `int` you accepted any numeric column (float, bool). A contract exists to "
            "catch precisely an integer that became a float.")),
        Misconception("validate_frame.first_problem_only", _first_problem_only, _about(
            "Você relata no máximo um problema por coluna (um `if/elif`). Uma coluna pode ter "
            "nulos E valores fora do intervalo: relate todos.",
            "You report at most one problem per column (an `if/elif`). A column can have "
            "nulls AND values out of range: report them all.")),
        Misconception("validate_frame.ignores_nullable", _ignores_nullable, _about(
            "Você relatou nulos numa coluna marcada `nullable: True`; lá eles são permitidos.",
            "You reported nulls in a column marked `nullable: True`; there they are "
            "allowed.")),
    ],
)
