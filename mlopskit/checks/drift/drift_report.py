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


def _bool_as_numeric(ref, cur, *, alpha, bins):
    """The reference's column tests, with booleans treated as numbers (KS and quantile PSI)."""
    if pd.api.types.is_bool_dtype(ref.dtype):
        ref, cur = ref.astype(int), cur.astype(int)
    return _column_tests(ref, cur, alpha=alpha, bins=bins)


def _report_bool_numeric(reference_df, current_df, *, alpha=0.05, bins=10):
    """Treats boolean columns as numeric: KS and quantile PSI on 0/1."""
    return _drift_report(reference_df, current_df, alpha=alpha, bins=bins,
                         column_tests=_bool_as_numeric)


def _report_default_bins(reference_df, current_df, *, alpha=0.05, bins=10):
    """Computes the numeric PSI with 10 bins whatever ``bins`` says."""
    return drift_report(reference_df, current_df, alpha=alpha)


def _report_default_alpha(reference_df, current_df, *, alpha=0.05, bins=10):
    """Runs the tests at 0.05 whatever ``alpha`` says."""
    return drift_report(reference_df, current_df, bins=bins)


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
    near_ref, near_cur = _near_threshold()
    return [
        Case("shifted-month", {"args": [frame(ref, _REPORT_DTYPES), frame(cur, _REPORT_DTYPES)]},
             about=_about("renda e canal mudaram", "income and channel changed"),
             covers=("a numeric, a string and a boolean column", "alpha and bins left out")),
        Case("quiet-month", {"args": [frame(ref, _REPORT_DTYPES), frame(same, _REPORT_DTYPES)],
                             "kwargs": {"alpha": 0.01, "bins": 5}},
             about=_about("mês sem mudança, alpha = 0,01, bins = 5",
                          "a month without change, alpha = 0.01, bins = 5"),
             covers=("no drift", "bins passed by the caller")),
        Case("near-threshold", {"args": [frame(near_ref, _REPORT_DTYPES),
                                         frame(near_cur, _REPORT_DTYPES)],
                                "kwargs": {"alpha": 0.01, "bins": 4}},
             about=_about("um p-valor entre 0,01 e 0,05, alpha = 0,01, bins = 4",
                          "a p-value between 0.01 and 0.05, alpha = 0.01, bins = 4"),
             covers=("a p-value between alpha and 0.05",)),
        Case("missing-column", {"args": [frame(ref, _REPORT_DTYPES),
                                         frame({k: v for k, v in cur.items() if k != "age"},
                                               {k: v for k, v in _REPORT_DTYPES.items()
                                                if k != "age"})]},
             about=_about("falta a coluna 'age' em current_df: deve levantar ValueError",
                          "current_df lacks the 'age' column: must raise ValueError"),
             covers=("a column missing from current_df",)),
    ]


def _near_threshold():
    rng = np.random.default_rng(700)
    return _credit_like(rng, 300), _credit_like(rng, 300, income_shift=-0.08, verified=0.62)


def _report_probes():
    rng = np.random.default_rng(43)
    ref = _credit_like(rng, 300)
    cur = _credit_like(rng, 300, income_shift=0.2, age_shift=3, app_share=0.3, verified=0.55)
    near_ref, near_cur = _near_threshold()
    return [
        Case("probe-shift", {"args": [frame(ref, _REPORT_DTYPES), frame(cur, _REPORT_DTYPES)],
                             "kwargs": {"bins": 6}},
             about=_about("tudo mudou um pouco, bins = 6", "everything moved a little, bins = 6")),
        Case("probe-alpha", {"args": [frame(near_ref, _REPORT_DTYPES),
                                      frame(near_cur, _REPORT_DTYPES)],
                             "kwargs": {"alpha": 0.01, "bins": 4}},
             about=_about("p-valor entre 0,01 e 0,05", "a p-value between 0.01 and 0.05")),
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
    name=_about('relatório de deriva', 'drift report'),
    entry="drift_report",
    points=3,
    reference="mlopskit.drift:drift_report",
    encode=_encode_report,
    public_cases=_report_cases,
    hidden_cases=_report_hidden,
    probes=_report_probes,
    hints=[
        _about("Cada coluna recebe o teste que combina com o seu tipo: números contínuos "
               "pedem o KS; categorias (e booleanos, que são duas categorias) pedem o "
               "qui-quadrado. `alpha` e `bins` seguem para as funções que você já escreveu.",
               "Each column gets the test that fits its type: continuous numbers call for "
               "KS; categories (and booleans, which are two categories) call for chi-square. "
               "`alpha` and `bins` go on to the functions you already wrote."),
        _about("Verifique as colunas ausentes antes de tudo; depois, uma linha por coluna com "
               "tipo, teste, estatística, p-valor, PSI, leitura do PSI e a marca de deriva; "
               "monte o DataFrame no fim, com o índice chamado 'feature'.",
               "Check for missing columns before anything else; then one row per column with "
               "kind, test, statistic, p-value, PSI, PSI reading and the drift flag; build the "
               "DataFrame at the end, with the index named 'feature'."),
        _about("`numerica = pd.api.types.is_numeric_dtype(s) and not "
               "pd.api.types.is_bool_dtype(s)`; `pd.DataFrame(linhas, columns=[...], "
               "index=pd.Index(reference_df.columns, name='feature'))`.",
               "`numeric = pd.api.types.is_numeric_dtype(s) and not "
               "pd.api.types.is_bool_dtype(s)`; `pd.DataFrame(rows, columns=[...], "
               "index=pd.Index(reference_df.columns, name='feature'))`."),
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
        Misconception("report.bool_as_numeric", _report_bool_numeric, _about(
            "Seu relatório trata colunas booleanas como numéricas (no pandas, bool conta como "
            "número). Um booleano tem duas categorias: use o qui-quadrado e o PSI categórico.",
            "Your report treats boolean columns as numeric (pandas counts bool as a number). "
            "A boolean has two categories: use chi-square and the categorical PSI.")),
        Misconception("report.ignores_bins", _report_default_bins, _about(
            "Seu relatório não repassa `bins` ao PSI numérico e usa sempre 10 faixas.",
            "Your report does not pass `bins` on to the numeric PSI and always uses 10 "
            "bins.")),
        Misconception("report.ignores_alpha", _report_default_alpha, _about(
            "Seu relatório não repassa `alpha` aos testes: a marca de deriva usa sempre 0,05.",
            "Your report does not pass `alpha` on to the tests: the drift flag always uses "
            "0.05.")),
    ],
)
