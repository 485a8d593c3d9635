"""Task 5 of lesson 02_drift: drift report (``drift.drift_report``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.drift:drift_report``; the notebook cells are ``drift_report-*``.
"""

from __future__ import annotations

from scipy import stats
import numpy as np
import pandas as pd

from mlopskit.checks._adapters import encode_float, frame
from mlopskit.checks._core import Case, Misconception, OutputError, TaskSpec
from mlopskit.checks.drift import LESSON
from mlopskit.checks.drift._common import _draw, _proportions, _psi_terms, _quantile_edges
from mlopskit.languages import bilingual as _about


def _report(reference_df, current_df, *, alpha=0.05, bins=10, ks_everywhere=False,
            flag_from_psi=False):
    from mlopskit.drift import psi_categorical, psi_severity  # shipped helpers

    missing = [c for c in reference_df.columns if c not in current_df.columns]
    if missing:
        raise ValueError(f"missing {missing}")
    rows = []
    for col in reference_df.columns:
        ref, cur = reference_df[col], current_df[col]
        numeric = pd.api.types.is_numeric_dtype(ref) and not pd.api.types.is_bool_dtype(ref)
        if numeric or ks_everywhere:
            if not numeric:
                cats = pd.Index(pd.concat([ref, cur]).astype(str).unique())
                ref_n = cats.get_indexer(ref.astype(str))
                cur_n = cats.get_indexer(cur.astype(str))
            else:
                ref_n, cur_n = ref.to_numpy(float), cur.to_numpy(float)
            r = stats.ks_2samp(ref_n, cur_n)
            value = (_psi_terms(_proportions(ref_n, _quantile_edges(ref_n, bins)),
                                _proportions(cur_n, _quantile_edges(ref_n, bins)), 1e-4)
                     if numeric else psi_categorical(ref, cur))
            kind, test = ("numeric" if numeric else "categorical"), "ks"
        else:
            ref_c, cur_c = ref.value_counts(), cur.value_counts()
            cats = ref_c.index.union(cur_c.index, sort=False)
            table = np.vstack([ref_c.reindex(cats, fill_value=0).to_numpy(),
                               cur_c.reindex(cats, fill_value=0).to_numpy()])
            r = stats.chi2_contingency(table)
            value = psi_categorical(ref, cur)
            kind, test = "categorical", "chi2"
        severity = psi_severity(value)
        drift = severity != "stable" if flag_from_psi else r.pvalue < alpha
        rows.append((kind, test, float(r.statistic), float(r.pvalue), value, severity, drift))
    return pd.DataFrame(rows, columns=["kind", "test", "statistic", "p_value", "psi",
                                       "severity", "drift"],
                        index=pd.Index(list(reference_df.columns), name="feature"))


def _report_ks_everywhere(reference_df, current_df, *, alpha=0.05, bins=10):
    return _report(reference_df, current_df, alpha=alpha, bins=bins, ks_everywhere=True)


def _report_flag_from_psi(reference_df, current_df, *, alpha=0.05, bins=10):
    return _report(reference_df, current_df, alpha=alpha, bins=bins, flag_from_psi=True)


_REPORT_COLUMNS = ["kind", "test", "statistic", "p_value", "psi", "severity", "drift"]


def _encode_report(value):
    if not isinstance(value, pd.DataFrame):
        raise OutputError({
            "pt": f"seu código devolveu {type(value).__name__}; a tarefa pede um pandas DataFrame.",
            "en": f"your code returned {type(value).__name__}; the task asks for a pandas "
            "DataFrame.",
        })
    if list(value.columns) != _REPORT_COLUMNS:
        raise OutputError({
            "pt": f"as colunas do seu relatório são {list(value.columns)}; o enunciado pede "
            f"exatamente {_REPORT_COLUMNS}, nessa ordem.",
            "en": f"your report's columns are {list(value.columns)}; the task asks for exactly "
            f"{_REPORT_COLUMNS}, in that order.",
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
