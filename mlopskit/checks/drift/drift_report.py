"""Task 5 of lesson 02_drift: drift report (``drift.drift_report``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.drift:drift_report``; the notebook cells are ``drift_report-*``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlopskit.checks._adapters import encode_float, frame
from mlopskit.checks._core import Case, Misconception, OutputError, TaskSpec
from mlopskit.checks.drift import LESSON
from mlopskit.checks.drift._common import _draw
from mlopskit.drift import REPORT_COLUMNS, _column_tests, _drift_report, drift_report, ks_test
from mlopskit.languages import bilingual as _about


def _ks_on_categories(ref, cur, *, alpha, bins):
    """The reference's column tests, with KS on category codes where chi-square belongs."""
    kind, test, result, value = _column_tests(ref, cur, alpha=alpha, bins=bins)
    if kind == "categorical":
        codes = pd.Index(pd.concat([ref, cur]).astype(str).unique())
        test = "ks"
        result = ks_test(codes.get_indexer(ref.astype(str)), codes.get_indexer(cur.astype(str)),
                         alpha=alpha)
    return kind, test, result, value


def _report_ks_everywhere(reference_df, current_df, *, alpha=0.05, bins=10):
    """Runs the KS test on categorical and boolean columns too."""
    return _drift_report(reference_df, current_df, alpha=alpha, bins=bins,
                         column_tests=_ks_on_categories)


def _report_flag_from_psi(reference_df, current_df, *, alpha=0.05, bins=10):
    """Flags drift from the PSI band instead of the test's p-value."""
    report = drift_report(reference_df, current_df, alpha=alpha, bins=bins)
    report["drift"] = report["severity"] != "stable"
    return report


def _encode_report(value):
    if not isinstance(value, pd.DataFrame):
        raise OutputError({
            "pt": f"seu código devolveu {type(value).__name__}; a tarefa pede um pandas DataFrame.",
            "en": f"your code returned {type(value).__name__}; the task asks for a pandas "
            "DataFrame.",
        })
    columns = list(REPORT_COLUMNS)
    if list(value.columns) != columns:
        raise OutputError({
            "pt": f"as colunas do seu relatório são {list(value.columns)}; o enunciado pede "
            f"exatamente {columns}, nessa ordem.",
            "en": f"your report's columns are {list(value.columns)}; the task asks for exactly "
            f"{columns}, in that order.",
        })
    if value.index.name != "feature":
        raise OutputError({
            "pt": f"o índice do relatório se chama {value.index.name!r}; deve se chamar "
            "'feature' e conter os nomes das colunas.",
            "en": f"the report's index is named {value.index.name!r}; it must be named "
            "'feature' and hold the column names.",
        })
    out = {"index": [str(i) for i in value.index]}
    for col in ("kind", "test", "severity"):
        out[col] = [str(v) for v in value[col]]
    for col in ("statistic", "p_value", "psi"):
        out[col] = [encode_float(v) for v in value[col]]
    flags = value["drift"].tolist()
    if not all(isinstance(v, (bool, np.bool_)) for v in flags):
        raise OutputError({
            "pt": "a coluna `drift` deve conter True/False.",
            "en": "the `drift` column must hold True/False.",
        })
    out["drift"] = [bool(v) for v in flags]
    return out


_REPORT_DTYPES = {"income": "float64", "age": "int64", "channel": "str", "verified": "bool"}


def _credit_like(rng, n, *, income_shift=0.0, age_shift=0, app_share=0.2, verified=0.7):
    return {
        "income": np.round(rng.lognormal(8.0 + income_shift, 0.4, n), 2).tolist(),
        "age": (rng.integers(18, 70, n) + age_shift).tolist(),
        "channel": _draw(rng, ["branch", "web", "app"], [0.7 - app_share, 0.3, app_share], n),
        "verified": (rng.random(n) < verified).tolist(),
    }


def _report_cases():
    rng = np.random.default_rng(41)
    ref = _credit_like(rng, 400)
    cur = _credit_like(rng, 300, income_shift=-0.25, app_share=0.35, verified=0.58)
    same = _credit_like(rng, 300)
    return [
        Case("shifted-month", {"args": [frame(ref, _REPORT_DTYPES), frame(cur, _REPORT_DTYPES)]},
             about=_about("renda e canal mudaram", "income and channel changed")),
        Case("quiet-month", {"args": [frame(ref, _REPORT_DTYPES), frame(same, _REPORT_DTYPES)],
                             "kwargs": {"alpha": 0.01, "bins": 5}},
             about=_about("mês sem mudança, alpha = 0,01, bins = 5",
                          "a month without change, alpha = 0.01, bins = 5")),
        Case("missing-column", {"args": [frame(ref, _REPORT_DTYPES),
                                         frame({k: v for k, v in cur.items() if k != "age"},
                                               {k: v for k, v in _REPORT_DTYPES.items()
                                                if k != "age"})]},
             about=_about("falta a coluna 'age' em current_df: deve levantar ValueError",
                          "current_df lacks the 'age' column: must raise ValueError")),
    ]


def _report_hidden(rng):
    ref = _credit_like(rng, int(rng.integers(200, 500)))
    cur = _credit_like(rng, int(rng.integers(200, 500)),
                       income_shift=float(rng.choice([0.0, -0.2, 0.3])),
                       age_shift=int(rng.choice([0, 5])),
                       app_share=float(rng.choice([0.2, 0.4])),
                       verified=float(rng.choice([0.7, 0.5])))
    return [Case("hidden-0", {"args": [frame(ref, _REPORT_DTYPES), frame(cur, _REPORT_DTYPES)],
                              "kwargs": {"alpha": float(rng.choice([0.01, 0.05]))}})]



SPEC = TaskSpec(
    lesson=LESSON,
    task='drift.drift_report',
    number=5,
    name=_about('relatório de drift', 'drift report'),
    entry="drift_report",
    points=3,
    reference="mlopskit.drift:drift_report",
    encode=_encode_report,
    public_cases=_report_cases,
    hidden_cases=_report_hidden,
    hints=[
        _about("Para cada coluna: `pd.api.types.is_numeric_dtype(s) and not "
               "pd.api.types.is_bool_dtype(s)` decide se é numérica.",
               "For each column: `pd.api.types.is_numeric_dtype(s) and not "
               "pd.api.types.is_bool_dtype(s)` tells whether it is numeric."),
        _about("Numérica: `ks_test` e `psi(..., bins=bins)`; categórica: `chi2_test` e "
               "`psi_categorical`. Guarde uma tupla por coluna e monte o DataFrame no fim.",
               "Numeric: `ks_test` and `psi(..., bins=bins)`; categorical: `chi2_test` and "
               "`psi_categorical`. Keep one tuple per column and build the DataFrame at the "
               "end."),
        _about("Verifique as colunas ausentes ANTES do laço e levante `ValueError` com o nome "
               "delas.",
               "Check for missing columns BEFORE the loop and raise `ValueError` naming "
               "them."),
    ],
    misconceptions=[
        Misconception("report.ks_on_categorical", _report_ks_everywhere, _about(
            "Seu relatório aplica o teste KS a colunas categóricas (ou booleanas). KS compara "
            "distribuições numéricas contínuas; para categorias use o qui-quadrado.",
            "Your report applies the KS test to categorical (or boolean) columns. KS compares "
            "continuous numeric distributions; for categories use the chi-square test.")),
        Misconception("report.flag_from_psi", _report_flag_from_psi, _about(
            "Sua coluna `drift` vem da faixa do PSI. O enunciado a define pelo teste: "
            "`p_value < alpha`.",
            "Your `drift` column comes from the PSI band. The task defines it by the test: "
            "`p_value < alpha`.")),
    ],
)
