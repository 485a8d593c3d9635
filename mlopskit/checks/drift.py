"""Task specs of lesson 02, drift and recalibration.

Each spec declares the cases, the hints and the catalogued misconceptions (wrong
implementations a learner plausibly writes, each with the message that explains it).
The misconceptions here are deliberately wrong code: they are fingerprints, not
solutions.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

from mlopskit.checks._adapters import (
    array,
    encode_float,
    encode_str_list,
    encode_test_result,
    frame,
)
from mlopskit.checks._core import Case, Misconception, OutputError, TaskSpec

LESSON = "02_drift"

__all__ = ["LESSON", "SPECS"]


def _normal(seed, loc, scale, n):
    return np.round(np.random.default_rng(seed).normal(loc, scale, n), 6).tolist()


# ------------------------------------------------------------------ wrong answers
# Small helpers the misconceptions share; every one is wrong on purpose.
def _result(statistic, p_value, drift):
    return {"statistic": float(statistic), "p_value": float(p_value), "drift": bool(drift)}


def _ks_reversed(reference, current, *, alpha=0.05):
    r = stats.ks_2samp(reference, current)
    return _result(r.statistic, r.pvalue, r.pvalue > alpha)


def _ks_fixed_alpha(reference, current, *, alpha=0.05):
    r = stats.ks_2samp(reference, current)
    return _result(r.statistic, r.pvalue, r.pvalue < 0.05)


def _chi2_crosstab(reference, current, *, alpha=0.05):
    table = pd.crosstab(np.asarray(reference), np.asarray(current))
    r = stats.chi2_contingency(table)
    return _result(r.statistic, r.pvalue, r.pvalue < alpha)


def _chi2_reference_only(reference, current, *, alpha=0.05):
    ref = pd.Series(reference).value_counts()
    cur = pd.Series(current).value_counts().reindex(ref.index, fill_value=0)
    r = stats.chi2_contingency(np.vstack([ref.to_numpy(), cur.to_numpy()]))
    return _result(r.statistic, r.pvalue, r.pvalue < alpha)


def _proportions(values, edges):
    idx = np.searchsorted(edges[1:-1], values, side="left")
    return np.bincount(idx, minlength=len(edges) - 1) / len(values)


def _quantile_edges(values, bins):
    edges = np.unique(np.quantile(values, np.linspace(0, 1, bins + 1)))
    edges[0], edges[-1] = -np.inf, np.inf
    return edges


def _psi_terms(ref, cur, eps):
    ref, cur = np.maximum(ref, eps), np.maximum(cur, eps)
    return float(np.sum((cur - ref) * np.log(cur / ref)))


def _psi_separate_histograms(reference, current, *, bins=10, eps=1e-4):
    ref_counts, _ = np.histogram(reference, bins=bins)
    cur_counts, _ = np.histogram(current, bins=bins)
    ref, cur = ref_counts / len(reference), cur_counts / len(current)
    return float(np.sum((ref - cur) * np.log((ref + 1e-8) / (cur + 1e-8))))


def _psi_current_edges(reference, current, *, bins=10, eps=1e-4):
    edges = _quantile_edges(current, bins)
    return _psi_terms(_proportions(reference, edges), _proportions(current, edges), eps)


def _psi_no_floor(reference, current, *, bins=10, eps=1e-4):
    edges = _quantile_edges(reference, bins)
    ref, cur = _proportions(reference, edges), _proportions(current, edges)
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.sum((cur - ref) * np.log(cur / ref)))


def _psi_sign_flipped(reference, current, *, bins=10, eps=1e-4):
    edges = _quantile_edges(reference, bins)
    ref = np.maximum(_proportions(reference, edges), eps)
    cur = np.maximum(_proportions(current, edges), eps)
    return float(np.sum((cur - ref) * np.log(ref / cur)))


def _psi_equal_width(reference, current, *, bins=10, eps=1e-4):
    edges = np.linspace(np.min(reference), np.max(reference), bins + 1)
    edges[0], edges[-1] = -np.inf, np.inf
    return _psi_terms(_proportions(reference, edges), _proportions(current, edges), eps)


def _psi_closed_edges(reference, current, *, bins=10, eps=1e-4):
    edges = np.unique(np.quantile(reference, np.linspace(0, 1, bins + 1)))
    ref = np.histogram(reference, bins=edges)[0] / len(reference)
    cur = np.histogram(current, bins=edges)[0] / len(current)
    return _psi_terms(ref, cur, eps)


def _js_nat(p, q):
    p, q = np.asarray(p, float), np.asarray(q, float)
    m = (p + q) / 2

    def kl(a, b):
        keep = a > 0
        return np.sum(a[keep] * np.log(a[keep] / b[keep]))

    return float(0.5 * kl(p, m) + 0.5 * kl(q, m))


def _js_natural_log(p, q):
    return _js_nat(p, q)


def _js_distance_base2(p, q):
    return math.sqrt(max(_js_nat(p, q) / math.log(2), 0.0))


def _js_scipy_default(p, q):
    return math.sqrt(max(_js_nat(p, q), 0.0))


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


class _DDMBase:
    """Gama et al.'s DDM with switches that reproduce common mistakes."""

    reset_after_drift = True
    warning_first = False
    use_min_samples = True

    def __init__(self, *, warning_level=2.0, drift_level=3.0, min_samples=30):
        self.w, self.d, self.m = warning_level, drift_level, min_samples
        self._reset()

    def _reset(self):
        self.n, self.errors, self.p_min, self.s_min = 0, 0, math.inf, math.inf

    def update(self, error):
        self.n += 1
        self.errors += int(bool(error))
        p = self.errors / self.n
        s = math.sqrt(p * (1 - p) / self.n)
        if self.use_min_samples and self.n < self.m:
            return "stable"
        if p + s < self.p_min + self.s_min:
            self.p_min, self.s_min = p, s
        is_drift = p + s > self.p_min + self.d * self.s_min
        is_warning = p + s > self.p_min + self.w * self.s_min
        if self.warning_first and is_warning:
            return "warning"
        if is_drift:
            if self.reset_after_drift:
                self._reset()
            return "drift"
        return "warning" if is_warning else "stable"


class _DDMNeverResets(_DDMBase):
    reset_after_drift = False


class _DDMWarningFirst(_DDMBase):
    warning_first = True


class _DDMNoMinSamples(_DDMBase):
    use_min_samples = False


def _ece_parts(y_true, y_prob, n_bins):
    y, p = np.asarray(y_true, float), np.asarray(y_prob, float)
    idx = np.minimum((p * n_bins).astype(int), n_bins - 1)
    counts = np.bincount(idx, minlength=n_bins)
    keep = counts > 0
    acc = np.bincount(idx, weights=y, minlength=n_bins)[keep] / counts[keep]
    conf = np.bincount(idx, weights=p, minlength=n_bins)[keep] / counts[keep]
    return acc, conf, counts[keep] / y.size


def _ece_unweighted(y_true, y_prob, *, n_bins=10):
    acc, conf, _ = _ece_parts(y_true, y_prob, n_bins)
    return float(np.mean(np.abs(acc - conf)))


def _ece_signed(y_true, y_prob, *, n_bins=10):
    acc, conf, share = _ece_parts(y_true, y_prob, n_bins)
    return float(np.sum(share * (acc - conf)))


# ------------------------------------------------------------------ encoders
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


_STATUSES = ("stable", "warning", "drift")


def _encode_statuses(value):
    return encode_str_list(value, allowed=_STATUSES)


# ------------------------------------------------------------------ cases
def _about(pt, en):
    return {"pt": pt, "en": en}


def _ks_cases():
    return [
        Case("shifted-mean", {"args": [array(_normal(1, 0, 1, 300)), array(_normal(2, 0.4, 1, 300))]},
             about=_about("média deslocada em 0,4 desvio", "mean shifted by 0.4 sd")),
        Case("same-distribution", {"args": [array(_normal(3, 0, 1, 300)),
                                            array(_normal(4, 0, 1, 250))]},
             about=_about("mesma distribuição", "same distribution")),
        Case("strict-alpha", {"args": [array(_normal(8, 0, 1, 200)), array(_normal(108, 0.2, 1, 200))],
                              "kwargs": {"alpha": 0.01}},
             about=_about("alpha = 0,01", "alpha = 0.01")),
    ]


def _ks_hidden(rng):
    cases = []
    for i in range(4):
        n, m = int(rng.integers(80, 400)), int(rng.integers(80, 400))
        shift = float(rng.choice([0.0, 0.1, 0.3, 0.8]))
        ref = np.round(rng.normal(0, 1, n), 6).tolist()
        cur = np.round(rng.normal(shift, float(rng.uniform(0.8, 1.3)), m), 6).tolist()
        cases.append(Case(f"hidden-{i}", {"args": [array(ref), array(cur)],
                                          "kwargs": {"alpha": float(rng.choice([0.01, 0.05, 0.1]))}}))
    return cases


def _draw(rng, categories, probs, n):
    return rng.choice(np.array(categories, dtype=object), size=n, p=probs).tolist()


def _chi2_cases():
    rng = np.random.default_rng(21)
    channels = ["branch", "web", "app"]
    return [
        Case("channel-shift", {"args": [array(_draw(rng, channels, [0.5, 0.3, 0.2], 400)),
                                        array(_draw(rng, channels, [0.35, 0.3, 0.35], 300))]},
             about=_about("amostras de tamanhos diferentes", "samples of different sizes")),
        Case("equal-sizes", {"args": [array(_draw(rng, channels, [0.4, 0.4, 0.2], 250)),
                                      array(_draw(rng, channels, [0.3, 0.4, 0.3], 250))]},
             about=_about("amostras do mesmo tamanho", "samples of the same size")),
        Case("new-category", {"args": [array(_draw(rng, channels, [0.4, 0.4, 0.2], 300)),
                                       array(_draw(rng, channels + ["partner"],
                                                   [0.38, 0.38, 0.19, 0.05], 300))]},
             about=_about("uma categoria nova aparece na produção",
                          "a new category appears in production")),
        Case("two-categories", {"args": [array(_draw(rng, ["yes", "no"], [0.5, 0.5], 200)),
                                         array(_draw(rng, ["yes", "no"], [0.6, 0.4], 220))],
                                "kwargs": {"alpha": 0.1}},
             about=_about("duas categorias, alpha = 0,1", "two categories, alpha = 0.1")),
    ]


def _chi2_hidden(rng):
    cases = []
    for i in range(4):
        k = int(rng.integers(2, 6))
        cats = [f"c{j}" for j in range(k)]
        p_ref = rng.dirichlet(np.full(k, 3.0))
        p_cur = rng.dirichlet(np.full(k, 3.0)) if rng.random() < 0.6 else p_ref
        n = int(rng.integers(100, 400))
        m = n if i == 0 else int(rng.integers(100, 400))
        extra = ["new"] if i == 3 else []
        p_cur2 = np.append(p_cur * 0.95, 0.05) if extra else p_cur
        cases.append(Case(f"hidden-{i}", {
            "args": [array(_draw(rng, cats, p_ref, n)), array(_draw(rng, cats + extra, p_cur2, m))],
            "kwargs": {"alpha": float(rng.choice([0.01, 0.05]))}}))
    return cases


def _psi_cases():
    rng = np.random.default_rng(31)
    ages_ref = rng.integers(18, 70, 1000).tolist()
    ages_cur = np.clip(rng.integers(18, 70, 800) + 4, 18, 75).tolist()
    return [
        Case("shifted-normal", {"args": [array(_normal(11, 50, 5, 1000)),
                                         array(_normal(12, 52, 5, 1000))]},
             about=_about("média deslocada de 50 para 52", "mean moved from 50 to 52")),
        Case("integer-ages", {"args": [array(ages_ref), array(ages_cur)]},
             about=_about("idades inteiras: valores iguais às bordas caem no intervalo à esquerda",
                          "integer ages: values equal to an edge fall in the bin on the left")),
        Case("outside-range", {"args": [array(_normal(13, 0, 1, 1000)),
                                        array(_normal(14, 2.5, 0.5, 500))],
                               "kwargs": {"bins": 5}},
             about=_about("valores além da faixa da referência e faixas vazias, bins = 5",
                          "values beyond the reference's range and empty bins, bins = 5")),
        Case("wider-spread", {"args": [array(_normal(15, 10, 2, 1000)),
                                       array(_normal(16, 10, 3, 600))],
                              "kwargs": {"bins": 8, "eps": 0.001}},
             about=_about("mesma média, dispersão maior, bins = 8, eps = 0,001",
                          "same mean, wider spread, bins = 8, eps = 0.001")),
    ]


def _psi_hidden(rng):
    cases = []
    makers = [
        lambda n, s: rng.normal(s, 1, n),
        lambda n, s: rng.lognormal(0.5 + s / 4, 0.6, n),
        lambda n, s: rng.exponential(1 + s, n),
        lambda n, s: rng.integers(0, 30, n) + round(3 * s),
    ]
    for i, make in enumerate(makers):
        shift = float(rng.choice([0.0, 0.2, 0.5, 1.0]))
        ref = np.round(make(int(rng.integers(300, 1200)), 0.0), 6).tolist()
        cur = np.round(make(int(rng.integers(200, 800)), shift), 6).tolist()
        cases.append(Case(f"hidden-{i}", {"args": [array(ref), array(cur)],
                                          "kwargs": {"bins": int(rng.choice([4, 5, 10]))}}))
    return cases


def _js_cases():
    return [
        Case("three-categories", {"args": [[0.5, 0.3, 0.2], [0.2, 0.3, 0.5]]}),
        Case("with-a-zero", {"args": [[0.6, 0.4, 0.0], [0.3, 0.3, 0.4]]},
             about=_about("uma probabilidade zero", "a zero probability")),
        Case("identical", {"args": [[0.25, 0.25, 0.5], [0.25, 0.25, 0.5]]}),
        Case("five-categories", {"args": [[0.1, 0.2, 0.3, 0.2, 0.2], [0.3, 0.1, 0.1, 0.25, 0.25]]}),
    ]


def _js_hidden(rng):
    cases = []
    for i in range(4):
        k = int(rng.integers(2, 8))
        p, q = rng.dirichlet(np.ones(k)), rng.dirichlet(np.ones(k))
        if i == 3:
            p[0] = 0.0
            p = p / p.sum()
        cases.append(Case(f"hidden-{i}", {"args": [np.round(p, 12).tolist(),
                                                   np.round(q, 12).tolist()]}))
    return cases


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


def _stream(rng, segments):
    out = []
    for rate, length in segments:
        out += (rng.random(length) < rate).tolist()
    return out


def _ddm_cases():
    rng = np.random.default_rng(51)
    return [
        Case("one-jump", {"init": {}, "calls": _stream(rng, [(0.1, 200), (0.5, 100)])},
             about=_about("a taxa de erro sobe de 10% para 50%", "the error rate jumps from 10% to 50%")),
        Case("steady", {"init": {}, "calls": _stream(rng, [(0.2, 300)])},
             about=_about("taxa de erro constante", "a steady error rate")),
        Case("two-jumps", {"init": {"warning_level": 1.5, "drift_level": 2.5, "min_samples": 20},
                           "calls": _stream(rng, [(0.05, 150), (0.3, 150), (0.6, 150)])},
             about=_about("duas mudanças; níveis 1,5 / 2,5; min_samples = 20",
                          "two changes; levels 1.5 / 2.5; min_samples = 20")),
    ]


def _ddm_hidden(rng):
    segments = [(float(rng.uniform(0.05, 0.25)), int(rng.integers(100, 250))),
                (float(rng.uniform(0.3, 0.7)), int(rng.integers(50, 200))),
                (float(rng.uniform(0.05, 0.25)), int(rng.integers(50, 200)))]
    return [Case("hidden-0", {"init": {"min_samples": int(rng.choice([20, 30, 40]))},
                              "calls": _stream(rng, segments)})]


def _ece_data(rng, n, *, power=2.0, spread="uniform"):
    if spread == "uniform":
        prob = rng.random(n)
    else:  # mass in [0, 0.4) and [0.8, 1), leaving bins empty
        prob = np.where(rng.random(n) < 0.5, rng.uniform(0, 0.39, n), rng.uniform(0.8, 0.99, n))
    y = (rng.random(n) < prob ** power).astype(int)
    return y.tolist(), np.round(prob, 6).tolist()


def _ece_cases():
    rng = np.random.default_rng(61)
    y1, p1 = _ece_data(rng, 500)
    y2, p2 = _ece_data(rng, 400, power=1.5, spread="gaps")
    y3, p3 = _ece_data(rng, 300, power=0.7)
    y3[:3], p3[:3] = [1, 1, 0], [1.0, 1.0, 0.0]
    return [
        Case("overconfident", {"args": [array(y1), array(p1)]},
             about=_about("probabilidades altas demais", "probabilities too high")),
        Case("empty-bins", {"args": [array(y2), array(p2)], "kwargs": {"n_bins": 5}},
             about=_about("faixas vazias, n_bins = 5", "empty bins, n_bins = 5")),
        Case("underconfident", {"args": [array(y3), array(p3)], "kwargs": {"n_bins": 8}},
             about=_about("inclui probabilidades 0 e 1, n_bins = 8",
                          "includes probabilities 0 and 1, n_bins = 8")),
    ]


def _ece_hidden(rng):
    cases = []
    for i in range(3):
        y, p = _ece_data(rng, int(rng.integers(100, 600)), power=float(rng.uniform(0.6, 2.5)),
                         spread=str(rng.choice(["uniform", "gaps"])))
        cases.append(Case(f"hidden-{i}", {"args": [array(y), array(p)],
                                          "kwargs": {"n_bins": int(rng.choice([5, 10, 15]))}}))
    return cases


def _psi_diagnose(inputs, data):
    if isinstance(data, float) and (math.isnan(data) or math.isinf(data)):
        return _about("Um PSI infinito ou NaN vem de ln(0) numa faixa vazia: aplique o piso eps.",
                      "An infinite or NaN PSI comes from ln(0) in an empty bin: apply the eps floor.")
    if isinstance(data, float) and data < 0:
        return _about("O PSI nunca é negativo: cada termo (c - r) ln(c / r) é >= 0.",
                      "PSI is never negative: each term (c - r) ln(c / r) is >= 0.")
    return None


# ------------------------------------------------------------------ the specs
def _spec(**kw):
    return TaskSpec(lesson=LESSON, **kw)


SPECS = (
    _spec(
        task="drift.ks_test",
        entry="ks_test",
        title=_about("Tarefa 1 (teste KS)", "Task 1 (KS test)"),
        points=1,
        reference="mlopskit.drift:ks_test",
        encode=encode_test_result,
        public_cases=_ks_cases,
        hidden_cases=_ks_hidden,
        hints=[
            _about("`scipy.stats.ks_2samp(reference, current)` devolve um objeto com "
                   "`.statistic` e `.pvalue`.",
                   "`scipy.stats.ks_2samp(reference, current)` returns an object with "
                   "`.statistic` and `.pvalue`."),
            _about("Um p-valor pequeno é evidência contra 'mesma distribuição': há drift quando "
                   "`p_value < alpha`, usando o `alpha` recebido.",
                   "A small p-value is evidence against 'same distribution': drift when "
                   "`p_value < alpha`, using the `alpha` you were given."),
        ],
        misconceptions=[
            Misconception("ks.flag_reversed", _ks_reversed, _about(
                "Seu sinal de drift está invertido: um p-valor ALTO não indica mudança. Há drift "
                "quando o p-valor fica abaixo de alpha.",
                "Your drift flag is reversed: a HIGH p-value does not indicate change. Drift is "
                "when the p-value falls below alpha.")),
            Misconception("ks.fixed_alpha", _ks_fixed_alpha, _about(
                "Seu código compara o p-valor com 0,05 fixo e ignora o argumento `alpha`.",
                "Your code compares the p-value with a fixed 0.05 and ignores the `alpha` "
                "argument.")),
        ],
    ),
    _spec(
        task="drift.chi2_test",
        entry="chi2_test",
        title=_about("Tarefa 2 (qui-quadrado)", "Task 2 (chi-square)"),
        points=2,
        reference="mlopskit.drift:chi2_test",
        encode=encode_test_result,
        public_cases=_chi2_cases,
        hidden_cases=_chi2_hidden,
        hints=[
            _about("Conte cada categoria em cada amostra (`pd.Series(x).value_counts()`).",
                   "Count each category in each sample (`pd.Series(x).value_counts()`)."),
            _about("Alinhe as contagens sobre a UNIÃO das categorias, preenchendo com 0 "
                   "(`reindex(..., fill_value=0)`), e empilhe-as numa tabela 2 x k.",
                   "Align the counts over the UNION of categories, filling with 0 "
                   "(`reindex(..., fill_value=0)`), and stack them into a 2 x k table."),
            _about("`scipy.stats.chi2_contingency(tabela)` devolve `.statistic` e `.pvalue`.",
                   "`scipy.stats.chi2_contingency(table)` returns `.statistic` and `.pvalue`."),
        ],
        misconceptions=[
            Misconception("chi2.row_by_row_crosstab", _chi2_crosstab, _about(
                "Você cruzou as duas amostras linha a linha (`pd.crosstab(reference, current)`): "
                "isso testa se o i-ésimo valor de uma está associado ao i-ésimo da outra, o que "
                "não tem sentido aqui. Compare as CONTAGENS de cada categoria numa tabela 2 x k.",
                "You cross-tabulated the two samples row by row (`pd.crosstab(reference, "
                "current)`): that tests whether the i-th value of one is associated with the "
                "i-th of the other, which is meaningless here. Compare the COUNTS of each "
                "category in a 2 x k table.")),
            Misconception("chi2.reference_categories_only", _chi2_reference_only, _about(
                "Sua tabela usa só as categorias da referência, então uma categoria nova na "
                "produção some do teste. Use a união das categorias, com contagem 0 onde faltar.",
                "Your table uses only the reference's categories, so a category new in "
                "production vanishes from the test. Use the union of categories, with count 0 "
                "where one is missing.")),
        ],
    ),
    _spec(
        task="drift.psi",
        entry="psi",
        title=_about("Tarefa 3 (PSI)", "Task 3 (PSI)"),
        points=3,
        reference="mlopskit.drift:psi",
        encode=encode_float,
        public_cases=_psi_cases,
        hidden_cases=_psi_hidden,
        diagnose=_psi_diagnose,
        hints=[
            _about("As bordas vêm SÓ da referência: `np.quantile(reference, np.linspace(0, 1, "
                   "bins + 1))`, depois `np.unique`, e troque a primeira por -inf e a última por "
                   "+inf.",
                   "The edges come from the reference ONLY: `np.quantile(reference, "
                   "np.linspace(0, 1, bins + 1))`, then `np.unique`, and replace the first by "
                   "-inf and the last by +inf."),
            _about("`pd.cut(x, edges)` usa intervalos (a, b]; conte com `.value_counts(sort=False)`"
                   " e divida pelo tamanho da amostra. Com numpy: `np.searchsorted(edges[1:-1], x, "
                   "side='left')` dá o índice da faixa.",
                   "`pd.cut(x, edges)` uses (a, b] intervals; count with "
                   "`.value_counts(sort=False)` and divide by the sample size. With numpy: "
                   "`np.searchsorted(edges[1:-1], x, side='left')` gives the bin index."),
            _about("Antes do log, `np.maximum(proporcoes, eps)`; depois some "
                   "`(cur - ref) * np.log(cur / ref)`.",
                   "Before the log, `np.maximum(proportions, eps)`; then sum "
                   "`(cur - ref) * np.log(cur / ref)`."),
        ],
        misconceptions=[
            Misconception("psi.separate_histograms", _psi_separate_histograms, _about(
                "Você fez um histograma de cada amostra com suas próprias faixas (como "
                "`np.histogram(x, bins=10)` em cada uma): as faixas não são as mesmas, então a "
                "comparação não mede a mudança. Use as mesmas bordas, tiradas dos quantis da "
                "referência.",
                "You binned each sample with its own edges (like `np.histogram(x, bins=10)` on "
                "each): the bins differ, so the comparison does not measure the shift. Use one "
                "set of edges, taken from the reference's quantiles.")),
            Misconception("psi.edges_from_current", _psi_current_edges, _about(
                "Suas bordas vêm dos quantis da amostra ATUAL. A referência define as faixas; "
                "a amostra atual é medida nelas.",
                "Your edges come from the CURRENT sample's quantiles. The reference defines the "
                "bins; the current sample is measured against them.")),
            Misconception("psi.no_eps_floor", _psi_no_floor, _about(
                "Uma faixa vazia leva a ln(0): seu PSI sai infinito ou NaN. Eleve as proporções "
                "abaixo de `eps` para `eps` antes do log.",
                "An empty bin leads to ln(0): your PSI comes out infinite or NaN. Raise "
                "proportions below `eps` to `eps` before the log.")),
            Misconception("psi.sign_flipped", _psi_sign_flipped, _about(
                "Seu PSI tem o sinal trocado: um dos fatores está invertido (ref - cur com "
                "ln(cur/ref), ou cur - ref com ln(ref/cur)). Com os dois na mesma ordem cada "
                "termo é >= 0.",
                "Your PSI has the wrong sign: one factor is inverted (ref - cur with "
                "ln(cur/ref), or cur - ref with ln(ref/cur)). With both in the same order every "
                "term is >= 0.")),
            Misconception("psi.equal_width_bins", _psi_equal_width, _about(
                "Suas faixas têm larguras iguais. O enunciado pede faixas nos QUANTIS da "
                "referência, cada uma com a mesma parcela dos dados de referência.",
                "Your bins have equal widths. The task asks for bins at the reference's "
                "QUANTILES, each holding the same share of the reference data.")),
            Misconception("psi.closed_outer_edges", _psi_closed_edges, _about(
                "Valores da amostra atual fora da faixa da referência ficaram de fora da "
                "contagem: abra as bordas externas para -inf e +inf.",
                "Current values outside the reference's range were left out of the counts: "
                "open the outer edges to -inf and +inf.")),
        ],
    ),
    _spec(
        task="drift.js_divergence",
        entry="js_divergence",
        title=_about("Tarefa 4 (Jensen-Shannon)", "Task 4 (Jensen-Shannon)"),
        points=1,
        reference="mlopskit.drift:js_divergence",
        encode=encode_float,
        public_cases=_js_cases,
        hidden_cases=_js_hidden,
        hints=[
            _about("M = (P + Q) / 2; JS = 0,5 KL(P||M) + 0,5 KL(Q||M).",
                   "M = (P + Q) / 2; JS = 0.5 KL(P||M) + 0.5 KL(Q||M)."),
            _about("Use `np.log2` e some só onde a probabilidade é maior que 0.",
                   "Use `np.log2` and sum only where the probability is above 0."),
            _about("Com scipy: `jensenshannon(p, q, base=2) ** 2` (a função devolve a "
                   "distância, que é a raiz quadrada).",
                   "With scipy: `jensenshannon(p, q, base=2) ** 2` (the function returns the "
                   "distance, which is the square root)."),
        ],
        misconceptions=[
            Misconception("js.distance_not_divergence", _js_distance_base2, _about(
                "Você devolveu a DISTÂNCIA de Jensen-Shannon (a raiz quadrada da divergência), "
                "que é o que `scipy.spatial.distance.jensenshannon` calcula. Eleve ao quadrado.",
                "You returned the Jensen-Shannon DISTANCE (the square root of the divergence), "
                "which is what `scipy.spatial.distance.jensenshannon` computes. Square it.")),
            Misconception("js.natural_log", _js_natural_log, _about(
                "Sua divergência usa logaritmo natural. O enunciado pede base 2, para que o "
                "resultado fique em [0, 1].",
                "Your divergence uses the natural log. The task asks for base 2, so the result "
                "lies in [0, 1].")),
            Misconception("js.scipy_default", _js_scipy_default, _about(
                "Você devolveu `jensenshannon(p, q)` do scipy com os padrões: é a distância "
                "(raiz quadrada) e em log natural. Use `base=2` e eleve ao quadrado.",
                "You returned scipy's `jensenshannon(p, q)` with its defaults: that is the "
                "distance (square root) in natural log. Use `base=2` and square it.")),
        ],
    ),
    _spec(
        task="drift.drift_report",
        entry="drift_report",
        title=_about("Tarefa 5 (relatório de drift)", "Task 5 (drift report)"),
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
    ),
    _spec(
        task="drift.ddm",
        entry="DDM",
        title=_about("Tarefa 6 (DDM)", "Task 6 (DDM)"),
        points=3,
        reference="mlopskit.drift:DDM",
        protocol={"kind": "scenario", "method": "update"},
        encode=_encode_statuses,
        public_cases=_ddm_cases,
        hidden_cases=_ddm_hidden,
        hints=[
            _about("Guarde `n`, `errors`, `p_min` e `s_min` em `self`; comece `p_min` e `s_min` "
                   "com `math.inf`.",
                   "Keep `n`, `errors`, `p_min` and `s_min` on `self`; start `p_min` and `s_min` "
                   "at `math.inf`."),
            _about("Siga a ordem do enunciado: atualiza o mínimo, testa drift, depois alerta.",
                   "Follow the task's order: update the minimum, test for drift, then warning."),
            _about("Depois de um drift, zere tudo (um método `reset()` ajuda) para aprender o novo "
                   "nível de erro.",
                   "After a drift, reset everything (a `reset()` method helps) to learn the new "
                   "error level."),
        ],
        misconceptions=[
            Misconception("ddm.never_resets", _DDMNeverResets, _about(
                "Seu detector não reinicia depois de um drift, então continua comparando com o "
                "mínimo antigo e repete o alarme. Depois de 'drift', zere n, erros, p_min e s_min.",
                "Your detector does not reset after a drift, so it keeps comparing with the old "
                "minimum and repeats the alarm. After 'drift', reset n, errors, p_min and "
                "s_min.")),
            Misconception("ddm.warning_before_drift", _DDMWarningFirst, _about(
                "Seu código testa o alerta antes do drift: como o limite de alerta é menor, "
                "'drift' nunca é devolvido. Teste o drift primeiro.",
                "Your code tests the warning before the drift: since the warning threshold is "
                "lower, 'drift' is never returned. Test for drift first.")),
            Misconception("ddm.ignores_min_samples", _DDMNoMinSamples, _about(
                "Seu detector emite sinais antes de `min_samples` atualizações, quando a taxa de "
                "erro ainda é instável. Devolva 'stable' enquanto n < min_samples.",
                "Your detector signals before `min_samples` updates, while the error rate is "
                "still unstable. Return 'stable' while n < min_samples.")),
        ],
    ),
    _spec(
        task="drift.expected_calibration_error",
        entry="expected_calibration_error",
        title=_about("Tarefa 7 (ECE)", "Task 7 (ECE)"),
        points=2,
        reference="mlopskit.drift:expected_calibration_error",
        encode=encode_float,
        public_cases=_ece_cases,
        hidden_cases=_ece_hidden,
        hints=[
            _about("Índice da faixa: `np.minimum((y_prob * n_bins).astype(int), n_bins - 1)`.",
                   "Bin index: `np.minimum((y_prob * n_bins).astype(int), n_bins - 1)`."),
            _about("Por faixa não vazia: fração de positivos, média das probabilidades e quantas "
                   "amostras ela tem.",
                   "Per non-empty bin: fraction of positives, mean probability and how many "
                   "samples it holds."),
            _about("Some |fração - média| ponderado por (amostras na faixa / total).",
                   "Sum |fraction - mean| weighted by (samples in the bin / total)."),
        ],
        misconceptions=[
            Misconception("ece.unweighted_mean", _ece_unweighted, _about(
                "Seu ECE é a média simples das faixas: uma faixa com 3 amostras pesa tanto quanto "
                "uma com 300. Pondere cada faixa pela sua parcela das amostras.",
                "Your ECE is a plain mean over bins: a bin with 3 samples weighs as much as one "
                "with 300. Weight each bin by its share of the samples.")),
            Misconception("ece.signed_gaps", _ece_signed, _about(
                "Seu ECE soma diferenças com sinal, e excesso e falta de confiança se anulam. Use "
                "o valor absoluto de cada diferença.",
                "Your ECE adds signed gaps, so over- and under-confidence cancel out. Use the "
                "absolute value of each gap.")),
        ],
    ),
)
