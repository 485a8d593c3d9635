"""Wrong implementations of lesson 02_drift's tasks, each making a catalogued mistake in its own way.

They are written as learners write them (pandas or numpy, loops or vectors, another epsilon,
another floor), independently of the catalogue's code. ``VARIANTS`` maps a misconception id to
at least two of them; each must receive that misconception's message, for every student seed.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial.distance import jensenshannon

from mlopskit.drift import DriftTestResult, psi_categorical, psi_severity


def _res(statistic, p_value, drift):
    return DriftTestResult(float(statistic), float(p_value), bool(drift))


# ================================================================ KS
def ks_reversed_dict(reference, current, *, alpha=0.05):
    r = stats.ks_2samp(reference, current)
    return {"statistic": r.statistic, "p_value": r.pvalue, "drift": r.pvalue >= alpha}


def ks_reversed_not(reference, current, *, alpha=0.05):
    stat, p = stats.kstest(np.asarray(reference), np.asarray(current))
    return _res(stat, p, not p < alpha)


def ks_fixed_alpha_constant(reference, current, *, alpha=0.05):
    r = stats.ks_2samp(list(reference), list(current))
    return _res(r.statistic, r.pvalue, r.pvalue < 0.05)


def ks_fixed_alpha_module_level(reference, current, *, alpha=0.05):
    level = 0.05  # the usual significance level
    stat, p = stats.ks_2samp(np.sort(reference), np.sort(current))
    return {"statistic": stat, "p_value": p, "drift": bool(p < level)}


def ks_at_or_below(reference, current, *, alpha=0.05):
    r = stats.ks_2samp(reference, current)
    return _res(r.statistic, r.pvalue, r.pvalue <= alpha)


def ks_not_above(reference, current, *, alpha=0.05):
    stat, p = stats.kstest(list(reference), list(current))
    return {"statistic": stat, "p_value": p, "drift": not (p > alpha)}


def ks_fields_swapped_tuple(reference, current, *, alpha=0.05):
    stat, p = stats.ks_2samp(reference, current)
    return DriftTestResult(p, stat, p < alpha)


def ks_fields_swapped_dict(reference, current, *, alpha=0.05):
    r = stats.kstest(np.asarray(reference, float), np.asarray(current, float))
    return {"statistic": float(r.pvalue), "p_value": float(r.statistic),
            "drift": bool(r.pvalue < alpha)}


def ks_one_sided_kstest(reference, current, *, alpha=0.05):
    r = stats.kstest(np.asarray(reference), np.asarray(current), alternative="greater")
    return _res(r.statistic, r.pvalue, r.pvalue < alpha)


def ks_one_sided_asymptotic(reference, current, *, alpha=0.05):
    r = stats.ks_2samp(reference, current, alternative="greater", method="asymp")
    return {"statistic": r.statistic, "p_value": r.pvalue, "drift": r.pvalue < alpha}


def ks_t_test_pooled(reference, current, *, alpha=0.05):
    t, p = stats.ttest_ind(reference, current)
    return _res(t, p, p < alpha)


def ks_t_test_welch_by_hand(reference, current, *, alpha=0.05):
    a, b = np.asarray(reference, float), np.asarray(current, float)
    va, vb = a.var(ddof=1) / a.size, b.var(ddof=1) / b.size
    t = (a.mean() - b.mean()) / math.sqrt(va + vb)
    df = (va + vb) ** 2 / (va ** 2 / (a.size - 1) + vb ** 2 / (b.size - 1))
    p = 2 * stats.t.sf(abs(t), df)
    return _res(t, p, p < alpha)


# ================================================================ chi-square
def _union_counts(reference, current):
    ref, cur = Counter(reference), Counter(current)
    cats = sorted(set(ref) | set(cur), key=str)
    return np.array([ref[c] for c in cats], float), np.array([cur[c] for c in cats], float)


def chi2_crosstab_series(reference, current, *, alpha=0.05):
    table = pd.crosstab(pd.Series(list(reference)), pd.Series(list(current)))
    stat, p, _, _ = stats.chi2_contingency(table.values)
    return _res(stat, p, p < alpha)


def chi2_crosstab_frame(reference, current, *, alpha=0.05):
    frame = pd.DataFrame({"ref": list(reference), "cur": list(current)})
    r = stats.chi2_contingency(pd.crosstab(frame["ref"], frame["cur"]))
    return {"statistic": r.statistic, "p_value": r.pvalue, "drift": r.pvalue < alpha}


def chi2_reference_reindex(reference, current, *, alpha=0.05):
    ref = pd.Series(reference).value_counts()
    cur = pd.Series(current).value_counts().reindex(ref.index, fill_value=0)
    r = stats.chi2_contingency(np.array([ref.values, cur.values]))
    return _res(r.statistic, r.pvalue, r.pvalue < alpha)


def chi2_reference_loop(reference, current, *, alpha=0.05):
    ref = Counter(reference)
    cur = Counter(c for c in current)
    cats = list(ref)
    stat, p, _, _ = stats.chi2_contingency([[ref[c] for c in cats], [cur.get(c, 0) for c in cats]])
    return _res(stat, p, p < alpha)


def chi2_no_yates_flag(reference, current, *, alpha=0.05):
    ref, cur = _union_counts(reference, current)
    r = stats.chi2_contingency(np.vstack([ref, cur]), correction=False)
    return _res(r.statistic, r.pvalue, r.pvalue < alpha)


def chi2_by_hand(reference, current, *, alpha=0.05):
    ref, cur = _union_counts(reference, current)
    table = np.vstack([ref, cur])
    expected = table.sum(axis=1, keepdims=True) * table.sum(axis=0) / table.sum()
    stat = float(((table - expected) ** 2 / expected).sum())
    p = float(stats.chi2.sf(stat, table.shape[1] - 1))
    return _res(stat, p, p < alpha)


def chi2_shares_normalize(reference, current, *, alpha=0.05):
    ref = pd.Series(reference).value_counts(normalize=True)
    cur = pd.Series(current).value_counts(normalize=True)
    table = pd.concat([ref, cur], axis=1).fillna(0).T
    r = stats.chi2_contingency(table.to_numpy())
    return _res(r.statistic, r.pvalue, r.pvalue < alpha)


def chi2_shares_percent_of_size(reference, current, *, alpha=0.05):
    ref, cur = _union_counts(reference, current)
    r = stats.chi2_contingency([ref / len(reference), cur / len(current)])
    return {"statistic": r.statistic, "p_value": r.pvalue, "drift": r.pvalue < alpha}


def chi2_goodness_chisquare(reference, current, *, alpha=0.05):
    ref, cur = _union_counts(reference, current)
    expected = ref / ref.sum() * cur.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        stat, p = stats.chisquare(cur, expected)
    return _res(stat, p, p < alpha)


def chi2_goodness_by_hand(reference, current, *, alpha=0.05):
    ref, cur = _union_counts(reference, current)
    expected = len(current) * ref / len(reference)
    with np.errstate(divide="ignore", invalid="ignore"):
        stat = float(np.sum((cur - expected) ** 2 / expected))
    p = float(stats.chi2.sf(stat, len(ref) - 1))
    return _res(stat, p, p < alpha)


# ================================================================ PSI
def _ref_edges(reference, bins):
    edges = np.unique(np.quantile(reference, np.linspace(0, 1, bins + 1)))
    edges[0], edges[-1] = -np.inf, np.inf
    return edges


def _shares_pd(values, edges):
    return pd.Series(pd.cut(np.asarray(values, float), edges)).value_counts(
        sort=False).to_numpy() / len(values)


def psi_own_histograms_pandas(reference, current, *, bins=10, eps=1e-4):
    r = pd.Series(pd.cut(np.asarray(reference, float), bins)).value_counts(normalize=True,
                                                                          sort=False)
    c = pd.Series(pd.cut(np.asarray(current, float), bins)).value_counts(normalize=True,
                                                                        sort=False)
    r, c = np.maximum(r.to_numpy(), 1e-6), np.maximum(c.to_numpy(), 1e-6)
    return float(np.sum((c - r) * np.log(c / r)))


def psi_own_histograms_numpy(reference, current, *, bins=10, eps=1e-4):
    r = np.histogram(reference, bins=bins)[0] / len(reference)
    c = np.histogram(current, bins=bins)[0] / len(current)
    r, c = np.clip(r, eps, None), np.clip(c, eps, None)
    return float(((c - r) * np.log(c / r)).sum())


def psi_current_quantiles_pandas(reference, current, *, bins=10, eps=1e-4):
    _, edges = pd.qcut(pd.Series(current, dtype=float), bins, retbins=True, duplicates="drop")
    edges[0], edges[-1] = -np.inf, np.inf
    r, c = np.maximum(_shares_pd(reference, edges), eps), np.maximum(_shares_pd(current, edges), eps)
    return float(np.sum((c - r) * np.log(c / r)))


def psi_current_quantiles_loop(reference, current, *, bins=10, eps=1e-4):
    edges = _ref_edges(np.asarray(current, float), bins)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        r = max(np.mean((np.asarray(reference) > lo) & (np.asarray(reference) <= hi)), eps)
        c = max(np.mean((np.asarray(current) > lo) & (np.asarray(current) <= hi)), eps)
        total += (c - r) * math.log(c / r)
    return total


def psi_no_floor_pandas(reference, current, *, bins=10, eps=1e-4):
    edges = _ref_edges(np.asarray(reference, float), bins)
    r, c = _shares_pd(reference, edges), _shares_pd(current, edges)
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.nansum((c - r) * np.log(c / r)) if False else np.sum((c - r) * np.log(c / r)))


def psi_no_floor_loop(reference, current, *, bins=10, eps=1e-4):
    edges = _ref_edges(np.asarray(reference, float), bins)
    r, c = _shares_pd(reference, edges), _shares_pd(current, edges)
    total = 0.0
    for a, b in zip(r, c):
        if a == 0 or b == 0:
            return float("inf")
        total += (b - a) * math.log(b / a)
    return total


def psi_flipped_ref_minus_cur(reference, current, *, bins=10, eps=1e-4):
    edges = _ref_edges(np.asarray(reference, float), bins)
    r, c = np.maximum(_shares_pd(reference, edges), eps), np.maximum(_shares_pd(current, edges), eps)
    return float(np.sum((r - c) * np.log(c / r)))


def psi_flipped_small_floor(reference, current, *, bins=10, eps=1e-4):
    edges = _ref_edges(np.asarray(reference, float), bins)
    r = np.maximum(_shares_pd(reference, edges), 1e-6)
    c = np.maximum(_shares_pd(current, edges), 1e-6)
    return float(np.dot(c - r, np.log(r / c)))


def psi_equal_width_linspace(reference, current, *, bins=10, eps=1e-4):
    ref = np.asarray(reference, float)
    edges = np.linspace(ref.min(), ref.max(), bins + 1)
    edges[0], edges[-1] = -np.inf, np.inf
    r, c = np.maximum(_shares_pd(reference, edges), eps), np.maximum(_shares_pd(current, edges), eps)
    return float(np.sum((c - r) * np.log(c / r)))


def psi_equal_width_pandas(reference, current, *, bins=10, eps=1e-4):
    ref = pd.Series(reference, dtype=float)
    _, edges = pd.cut(ref, bins, retbins=True)
    edges[0], edges[-1] = -np.inf, np.inf
    r = np.clip(_shares_pd(reference, edges), eps, 1)
    c = np.clip(_shares_pd(current, edges), eps, 1)
    return float(((c - r) * np.log(c / r)).sum())


def psi_left_closed_digitize(reference, current, *, bins=10, eps=1e-4):
    inner = _ref_edges(np.asarray(reference, float), bins)[1:-1]
    n = inner.size + 1
    r = np.bincount(np.digitize(reference, inner), minlength=n) / len(reference)
    c = np.bincount(np.digitize(current, inner), minlength=n) / len(current)
    r, c = np.maximum(r, eps), np.maximum(c, eps)
    return float(np.sum((c - r) * np.log(c / r)))


def psi_left_closed_pandas(reference, current, *, bins=10, eps=1e-4):
    edges = _ref_edges(np.asarray(reference, float), bins)
    r = pd.Series(pd.cut(np.asarray(reference, float), edges, right=False)).value_counts(
        normalize=True, sort=False).clip(lower=eps)
    c = pd.Series(pd.cut(np.asarray(current, float), edges, right=False)).value_counts(
        normalize=True, sort=False).clip(lower=eps)
    return float(((c - r) * np.log(c / r)).sum())


def psi_histogram_on_quantiles(reference, current, *, bins=10, eps=1e-4):
    edges = np.unique(np.quantile(reference, np.linspace(0, 1, bins + 1)))
    r = np.histogram(reference, edges)[0] / len(reference)
    c = np.histogram(current, edges)[0] / len(current)
    r, c = np.maximum(r, eps), np.maximum(c, eps)
    return float(np.sum((c - r) * np.log(c / r)))


def psi_cut_inside_range(reference, current, *, bins=10, eps=1e-4):
    edges = np.unique(np.quantile(reference, np.linspace(0, 1, bins + 1)))
    edges[0] -= 1e-9  # keep the minimum in the first bin
    r = pd.Series(pd.cut(np.asarray(reference, float), edges)).value_counts(sort=False)
    c = pd.Series(pd.cut(np.asarray(current, float), edges)).value_counts(sort=False)
    r, c = np.maximum(r.to_numpy() / len(reference), eps), np.maximum(c.to_numpy() / len(current), eps)
    return float(np.sum((c - r) * np.log(c / r)))


# ================================================================ JS
def _kl2(a, b):
    keep = a > 0
    return float(np.sum(a[keep] * np.log2(a[keep] / b[keep])))


def js_distance_scipy(p, q):
    return float(jensenshannon(p, q, base=2))


def js_distance_by_hand(p, q):
    p, q = np.asarray(p, float), np.asarray(q, float)
    m = (p + q) / 2
    return math.sqrt(0.5 * _kl2(p, m) + 0.5 * _kl2(q, m))


def js_nat_by_hand(p, q):
    p, q = np.asarray(p, float), np.asarray(q, float)
    m = 0.5 * (p + q)
    kl = lambda a, b: sum(x * math.log(x / y) for x, y in zip(a, b) if x > 0)  # noqa: E731
    return 0.5 * kl(p, m) + 0.5 * kl(q, m)


def js_nat_scipy_squared(p, q):
    return float(jensenshannon(p, q) ** 2)


def js_scipy_plain(p, q):
    return float(jensenshannon(np.asarray(p), np.asarray(q)))


def js_scipy_by_hand_nat_root(p, q):
    return math.sqrt(max(js_nat_by_hand(p, q), 0.0))


def js_no_halving_loop(p, q):
    m = [(a + b) / 2 for a, b in zip(p, q)]
    total = 0.0
    for dist in (p, q):
        total += sum(a * math.log2(a / b) for a, b in zip(dist, m) if a > 0)
    return total


def js_no_halving_entropy(p, q):
    p, q = np.asarray(p, float), np.asarray(q, float)
    h = lambda x: -np.sum(x[x > 0] * np.log2(x[x > 0]))  # noqa: E731
    return float(2 * h((p + q) / 2) - h(p) - h(q))


def js_sum_mixture_numpy(p, q):
    p, q = np.asarray(p, float), np.asarray(q, float)
    m = p + q
    return 0.5 * _kl2(p, m) + 0.5 * _kl2(q, m)


def js_sum_mixture_loop(p, q):
    total = 0.0
    for a, b in zip(p, q):
        if a > 0:
            total += 0.5 * a * math.log2(a / (a + b))
        if b > 0:
            total += 0.5 * b * math.log2(b / (a + b))
    return total


# ================================================================ report
def _numeric(series):
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def _ks(ref, cur, alpha):
    r = stats.ks_2samp(ref, cur)
    return r.statistic, r.pvalue, r.pvalue < alpha


def _chi2(ref, cur, alpha):
    ref_counts, cur_counts = ref.astype(str).value_counts(), cur.astype(str).value_counts()
    table = pd.concat([ref_counts, cur_counts], axis=1).fillna(0).T.to_numpy()
    r = stats.chi2_contingency(table)
    return r.statistic, r.pvalue, r.pvalue < alpha


def _psi_num(ref, cur, bins):
    edges = _ref_edges(np.asarray(ref, float), bins)
    r, c = np.maximum(_shares_pd(ref, edges), 1e-4), np.maximum(_shares_pd(cur, edges), 1e-4)
    return float(np.sum((c - r) * np.log(c / r)))


def _build(rows, index):
    return pd.DataFrame(rows, columns=["kind", "test", "statistic", "p_value", "psi",
                                       "severity", "drift"],
                        index=pd.Index(list(index), name="feature"))


def _check_columns(reference_df, current_df):
    missing = [c for c in reference_df.columns if c not in current_df.columns]
    if missing:
        raise ValueError(f"missing columns {missing}")


def report_ks_on_codes(reference_df, current_df, *, alpha=0.05, bins=10):
    _check_columns(reference_df, current_df)
    rows = []
    for col in reference_df.columns:
        ref, cur = reference_df[col], current_df[col]
        if _numeric(ref):
            stat, p, flag = _ks(ref, cur, alpha)
            value, kind = _psi_num(ref, cur, bins), "numeric"
        else:
            codes = {v: i for i, v in enumerate(pd.concat([ref, cur]).astype(str).unique())}
            stat, p, flag = _ks(ref.astype(str).map(codes), cur.astype(str).map(codes), alpha)
            value, kind = psi_categorical(ref, cur), "categorical"
        rows.append([kind, "ks", stat, p, value, psi_severity(value), bool(flag)])
    return _build(rows, reference_df.columns)


def report_ks_factorize(reference_df, current_df, *, alpha=0.05, bins=10):
    _check_columns(reference_df, current_df)
    rows = []
    for col in reference_df.columns:
        ref, cur = reference_df[col], current_df[col]
        kind = "numeric" if _numeric(ref) else "categorical"
        if kind == "numeric":
            a, b, value = ref.to_numpy(float), cur.to_numpy(float), _psi_num(ref, cur, bins)
        else:
            codes, _ = pd.factorize(pd.concat([ref, cur], ignore_index=True).astype(str))
            a, b, value = codes[:len(ref)], codes[len(ref):], psi_categorical(ref, cur)
        stat, p, flag = _ks(a, b, alpha)
        rows.append([kind, "ks", stat, p, value, psi_severity(value), bool(flag)])
    return _build(rows, reference_df.columns)


def _generic_report(reference_df, current_df, *, alpha, bins, flag=None, bool_numeric=False,
                    test_alpha=None, psi_bins=None):
    _check_columns(reference_df, current_df)
    rows = []
    for col in reference_df.columns:
        ref, cur = reference_df[col], current_df[col]
        numeric = _numeric(ref) or (bool_numeric and pd.api.types.is_bool_dtype(ref))
        a = alpha if test_alpha is None else test_alpha
        if numeric:
            ref_n, cur_n = ref.astype(float), cur.astype(float)
            stat, p, drift = _ks(ref_n, cur_n, a)
            value = _psi_num(ref_n, cur_n, bins if psi_bins is None else psi_bins)
            kind, test = "numeric", "ks"
        else:
            stat, p, drift = _chi2(ref, cur, a)
            value, kind, test = psi_categorical(ref, cur), "categorical", "chi2"
        severity = psi_severity(value)
        if flag is not None:
            drift = flag(value, severity)
        rows.append([kind, test, stat, p, value, severity, bool(drift)])
    return _build(rows, reference_df.columns)


def report_flag_from_severity(reference_df, current_df, *, alpha=0.05, bins=10):
    return _generic_report(reference_df, current_df, alpha=alpha, bins=bins,
                           flag=lambda value, severity: severity in ("moderate", "significant"))


def report_flag_from_psi_value(reference_df, current_df, *, alpha=0.05, bins=10):
    return _generic_report(reference_df, current_df, alpha=alpha, bins=bins,
                           flag=lambda value, severity: value >= 0.1)


def report_bool_via_is_numeric(reference_df, current_df, *, alpha=0.05, bins=10):
    return _generic_report(reference_df, current_df, alpha=alpha, bins=bins, bool_numeric=True)


def report_bool_via_select_dtypes(reference_df, current_df, *, alpha=0.05, bins=10):
    _check_columns(reference_df, current_df)
    numeric_cols = set(reference_df.select_dtypes(include=["number", "bool"]).columns)
    rows = []
    for col in reference_df.columns:
        ref, cur = reference_df[col], current_df[col]
        if col in numeric_cols:
            r = stats.ks_2samp(ref.astype(int) if ref.dtype == bool else ref,
                               cur.astype(int) if cur.dtype == bool else cur)
            value = _psi_num(ref.astype(float), cur.astype(float), bins)
            rows.append(["numeric", "ks", r.statistic, r.pvalue, value, psi_severity(value),
                         bool(r.pvalue < alpha)])
        else:
            stat, p, drift = _chi2(ref, cur, alpha)
            value = psi_categorical(ref, cur)
            rows.append(["categorical", "chi2", stat, p, value, psi_severity(value), bool(drift)])
    return _build(rows, reference_df.columns)


def report_bins_forgotten(reference_df, current_df, *, alpha=0.05, bins=10):
    return _generic_report(reference_df, current_df, alpha=alpha, bins=bins, psi_bins=10)


def report_bins_hardcoded_in_helper(reference_df, current_df, *, alpha=0.05, bins=10):
    def my_psi(ref, cur):  # written before the report, with its own default
        return _psi_num(ref, cur, 10)

    _check_columns(reference_df, current_df)
    rows = []
    for col in reference_df.columns:
        ref, cur = reference_df[col], current_df[col]
        if _numeric(ref):
            stat, p, drift = _ks(ref, cur, alpha)
            value, kind, test = my_psi(ref, cur), "numeric", "ks"
        else:
            stat, p, drift = _chi2(ref, cur, alpha)
            value, kind, test = psi_categorical(ref, cur), "categorical", "chi2"
        rows.append([kind, test, stat, p, value, psi_severity(value), bool(drift)])
    return _build(rows, reference_df.columns)


def report_alpha_forgotten(reference_df, current_df, *, alpha=0.05, bins=10):
    return _generic_report(reference_df, current_df, alpha=alpha, bins=bins, test_alpha=0.05)


def report_alpha_default_call(reference_df, current_df, *, alpha=0.05, bins=10):
    from mlopskit.drift import chi2_test, ks_test, psi

    _check_columns(reference_df, current_df)
    rows = []
    for col in reference_df.columns:
        ref, cur = reference_df[col], current_df[col]
        if _numeric(ref):
            res, value, kind, test = ks_test(ref, cur), psi(ref, cur, bins=bins), "numeric", "ks"
        else:
            res, value = chi2_test(ref, cur), psi_categorical(ref, cur)
            kind, test = "categorical", "chi2"
        rows.append([kind, test, res.statistic, res.p_value, value, psi_severity(value),
                     res.drift])
    return _build(rows, reference_df.columns)


# ================================================================ DDM
class _LearnerDDM:
    """A DDM written from the task text, with switches for the mistakes below."""

    reset_after_drift = True
    reset_minimum = True
    drift_first = True
    wait = True
    strict_wait = True

    def __init__(self, *, warning_level=2.0, drift_level=3.0, min_samples=30):
        self.warning_level, self.drift_level = warning_level, drift_level
        self.min_samples = min_samples
        self.n = self.errors = 0
        self.p_min = self.s_min = float("inf")

    def update(self, error):
        self.n += 1
        if error:
            self.errors += 1
        p = self.errors / self.n
        s = math.sqrt(p * (1 - p) / self.n)
        waiting = self.n < self.min_samples if self.strict_wait else self.n <= self.min_samples
        if self.wait and waiting:
            return "stable"
        if p + s < self.p_min + self.s_min:
            self.p_min, self.s_min = p, s
        is_drift = p + s > self.p_min + self.drift_level * self.s_min
        is_warning = p + s > self.p_min + self.warning_level * self.s_min
        if not self.drift_first and is_warning:
            return "warning"
        if is_drift:
            if self.reset_after_drift:
                self.n = self.errors = 0
                if self.reset_minimum:
                    self.p_min = self.s_min = float("inf")
            return "drift"
        return "warning" if is_warning else "stable"


class DDMNoResetFlag(_LearnerDDM):
    reset_after_drift = False


class DDMNoResetHistory:
    def __init__(self, *, warning_level=2.0, drift_level=3.0, min_samples=30):
        self.levels = (warning_level, drift_level)
        self.min_samples, self.outcomes, self.best = min_samples, [], None

    def update(self, error):
        self.outcomes.append(int(bool(error)))
        n = len(self.outcomes)
        p = np.mean(self.outcomes)
        s = np.sqrt(p * (1 - p) / n)
        if n < self.min_samples:
            return "stable"
        if self.best is None or p + s < sum(self.best):
            self.best = (p, s)
        if p + s > self.best[0] + self.levels[1] * self.best[1]:
            return "drift"
        if p + s > self.best[0] + self.levels[0] * self.best[1]:
            return "warning"
        return "stable"


class DDMWarningFirstElif(_LearnerDDM):
    drift_first = False


class DDMWarningFirstNested:
    def __init__(self, *, warning_level=2.0, drift_level=3.0, min_samples=30):
        self.w, self.d, self.m = warning_level, drift_level, min_samples
        self.n, self.e, self.pm, self.sm = 0, 0, math.inf, math.inf

    def update(self, error):
        self.n += 1
        self.e += int(error)
        p = self.e / self.n
        s = (p * (1 - p) / self.n) ** 0.5
        if self.n < self.m:
            return "stable"
        if p + s < self.pm + self.sm:
            self.pm, self.sm = p, s
        if p + s > self.pm + self.w * self.sm:
            return "warning"
        elif p + s > self.pm + self.d * self.sm:
            self.n, self.e, self.pm, self.sm = 0, 0, math.inf, math.inf
            return "drift"
        return "stable"


class DDMNoWait(_LearnerDDM):
    wait = False


class DDMWaitUnused:
    def __init__(self, *, warning_level=2.0, drift_level=3.0, min_samples=30):
        self.warning_level, self.drift_level = warning_level, drift_level
        self.min_samples = min_samples  # stored, never read
        self.history, self.p_min, self.s_min = [], np.inf, np.inf

    def update(self, error):
        self.history.append(bool(error))
        n = len(self.history)
        p = sum(self.history) / n
        s = math.sqrt(p * (1 - p) / n)
        if p + s < self.p_min + self.s_min:
            self.p_min, self.s_min = p, s
        if p + s > self.p_min + self.drift_level * self.s_min:
            self.history, self.p_min, self.s_min = [], np.inf, np.inf
            return "drift"
        if p + s > self.p_min + self.warning_level * self.s_min:
            return "warning"
        return "stable"


class DDMOffByOneLessEqual(_LearnerDDM):
    strict_wait = False


class DDMOffByOneNotGreater:
    def __init__(self, *, warning_level=2.0, drift_level=3.0, min_samples=30):
        self.levels, self.min_samples = (warning_level, drift_level), min_samples
        self._start()

    def _start(self):
        self.count, self.rate, self.best = 0, 0.0, (math.inf, math.inf)

    def update(self, error):
        self.count += 1
        self.rate += (float(error) - self.rate) / self.count
        sd = math.sqrt(max(self.rate * (1 - self.rate), 0.0) / self.count)
        if not self.count > self.min_samples:
            return "stable"
        if self.rate + sd < sum(self.best):
            self.best = (self.rate, sd)
        if self.rate + sd > self.best[0] + self.levels[1] * self.best[1]:
            self._start()
            return "drift"
        if self.rate + sd > self.best[0] + self.levels[0] * self.best[1]:
            return "warning"
        return "stable"


class DDMKeepsMinimumFlag(_LearnerDDM):
    reset_minimum = False


class DDMKeepsMinimumCounters:
    def __init__(self, *, warning_level=2.0, drift_level=3.0, min_samples=30):
        self.levels, self.min_samples = (warning_level, drift_level), min_samples
        self.counts = {"n": 0, "errors": 0}
        self.minimum = (np.inf, np.inf)

    def update(self, error):
        self.counts["n"] += 1
        self.counts["errors"] += 1 if error else 0
        n = self.counts["n"]
        p = self.counts["errors"] / n
        s = np.sqrt(p * (1 - p) / n)
        if n < self.min_samples:
            return "stable"
        if p + s < sum(self.minimum):
            self.minimum = (p, s)
        p_min, s_min = self.minimum
        if p + s > p_min + self.levels[1] * s_min:
            self.counts = {"n": 0, "errors": 0}
            return "drift"
        if p + s > p_min + self.levels[0] * s_min:
            return "warning"
        return "stable"


# ================================================================ ECE
def _bin_frame(y_true, y_prob, index):
    return pd.DataFrame({"y": np.asarray(y_true, float), "p": np.asarray(y_prob, float),
                         "bin": index})


def ece_unweighted_groupby(y_true, y_prob, *, n_bins=10):
    p = np.asarray(y_prob, float)
    frame = _bin_frame(y_true, p, np.minimum((p * n_bins).astype(int), n_bins - 1))
    per_bin = frame.groupby("bin")[["y", "p"]].mean()
    return float((per_bin["y"] - per_bin["p"]).abs().mean())


def ece_unweighted_loop(y_true, y_prob, *, n_bins=10):
    y, p = np.asarray(y_true, float), np.asarray(y_prob, float)
    idx = np.clip(np.floor(p * n_bins), 0, n_bins - 1)
    gaps = [abs(y[idx == b].mean() - p[idx == b].mean()) for b in range(n_bins) if (idx == b).any()]
    return sum(gaps) / len(gaps)


def ece_signed_pandas(y_true, y_prob, *, n_bins=10):
    p = np.asarray(y_prob, float)
    frame = _bin_frame(y_true, p, np.minimum((p * n_bins).astype(int), n_bins - 1))
    per_bin = frame.groupby("bin").agg(acc=("y", "mean"), conf=("p", "mean"), n=("y", "size"))
    return float((per_bin["n"] / len(frame) * (per_bin["acc"] - per_bin["conf"])).sum())


def ece_signed_loop(y_true, y_prob, *, n_bins=10):
    y, p = np.asarray(y_true, float), np.asarray(y_prob, float)
    idx = np.minimum((p * n_bins).astype(int), n_bins - 1)
    total = 0.0
    for b in set(idx.tolist()):
        mask = idx == b
        total += mask.mean() * (y[mask].mean() - p[mask].mean())
    return total


def ece_one_apart_pandas(y_true, y_prob, *, n_bins=10):
    p = np.asarray(y_prob, float)
    frame = _bin_frame(y_true, p, np.floor(p * n_bins))
    per_bin = frame.groupby("bin").agg(acc=("y", "mean"), conf=("p", "mean"), n=("y", "size"))
    return float((per_bin["n"] / len(frame) * (per_bin["acc"] - per_bin["conf"]).abs()).sum())


def ece_one_apart_digitize(y_true, y_prob, *, n_bins=10):
    y, p = np.asarray(y_true, float), np.asarray(y_prob, float)
    idx = np.digitize(p, np.arange(1, n_bins + 1) / n_bins)
    total = 0.0
    for b in np.unique(idx):
        mask = idx == b
        total += mask.sum() / len(p) * abs(y[mask].mean() - p[mask].mean())
    return float(total)


def ece_right_closed_digitize(y_true, y_prob, *, n_bins=10):
    y, p = np.asarray(y_true, float), np.asarray(y_prob, float)
    idx = np.clip(np.digitize(p, np.arange(1, n_bins) / n_bins, right=True), 0, n_bins - 1)
    total = 0.0
    for b in np.unique(idx):
        mask = idx == b
        total += mask.mean() * abs(y[mask].mean() - p[mask].mean())
    return float(total)


def ece_right_closed_cut(y_true, y_prob, *, n_bins=10):
    p = np.asarray(y_prob, float)
    edges = np.linspace(0, 1, n_bins + 1)
    frame = _bin_frame(y_true, p, pd.cut(p, edges, include_lowest=True))
    per_bin = frame.groupby("bin", observed=True).agg(acc=("y", "mean"), conf=("p", "mean"),
                                                      n=("y", "size"))
    return float((per_bin["n"] / len(frame) * (per_bin["acc"] - per_bin["conf"]).abs()).sum())


def ece_max_gap_pandas(y_true, y_prob, *, n_bins=10):
    p = np.asarray(y_prob, float)
    frame = _bin_frame(y_true, p, np.minimum((p * n_bins).astype(int), n_bins - 1))
    per_bin = frame.groupby("bin")[["y", "p"]].mean()
    return float((per_bin["y"] - per_bin["p"]).abs().max())


def ece_max_gap_loop(y_true, y_prob, *, n_bins=10):
    y, p = np.asarray(y_true, float), np.asarray(y_prob, float)
    worst = 0.0
    for b in range(n_bins):
        mask = (np.minimum((p * n_bins).astype(int), n_bins - 1)) == b
        if mask.any():
            worst = max(worst, abs(y[mask].mean() - p[mask].mean()))
    return worst


VARIANTS = {
    "ks.flag_reversed": [ks_reversed_dict, ks_reversed_not],
    "ks.fixed_alpha": [ks_fixed_alpha_constant, ks_fixed_alpha_module_level],
    "ks.at_or_below_alpha": [ks_at_or_below, ks_not_above],
    "ks.fields_swapped": [ks_fields_swapped_tuple, ks_fields_swapped_dict],
    "ks.one_sided": [ks_one_sided_kstest, ks_one_sided_asymptotic],
    "ks.t_test": [ks_t_test_pooled, ks_t_test_welch_by_hand],
    "chi2.row_by_row_crosstab": [chi2_crosstab_series, chi2_crosstab_frame],
    "chi2.reference_categories_only": [chi2_reference_reindex, chi2_reference_loop],
    "chi2.no_yates": [chi2_no_yates_flag, chi2_by_hand],
    "chi2.proportions_table": [chi2_shares_normalize, chi2_shares_percent_of_size],
    "chi2.goodness_of_fit": [chi2_goodness_chisquare, chi2_goodness_by_hand],
    "psi.separate_histograms": [psi_own_histograms_pandas, psi_own_histograms_numpy],
    "psi.edges_from_current": [psi_current_quantiles_pandas, psi_current_quantiles_loop],
    "psi.no_eps_floor": [psi_no_floor_pandas, psi_no_floor_loop],
    "psi.sign_flipped": [psi_flipped_ref_minus_cur, psi_flipped_small_floor],
    "psi.equal_width_bins": [psi_equal_width_linspace, psi_equal_width_pandas],
    "psi.left_closed_bins": [psi_left_closed_digitize, psi_left_closed_pandas],
    "psi.closed_outer_edges": [psi_histogram_on_quantiles, psi_cut_inside_range],
    "js.distance_not_divergence": [js_distance_scipy, js_distance_by_hand],
    "js.natural_log": [js_nat_by_hand, js_nat_scipy_squared],
    "js.scipy_default": [js_scipy_plain, js_scipy_by_hand_nat_root],
    "js.no_halving": [js_no_halving_loop, js_no_halving_entropy],
    "js.mixture_not_averaged": [js_sum_mixture_numpy, js_sum_mixture_loop],
    "report.ks_on_categorical": [report_ks_on_codes, report_ks_factorize],
    "report.flag_from_psi": [report_flag_from_severity, report_flag_from_psi_value],
    "report.bool_as_numeric": [report_bool_via_is_numeric, report_bool_via_select_dtypes],
    "report.ignores_bins": [report_bins_forgotten, report_bins_hardcoded_in_helper],
    "report.ignores_alpha": [report_alpha_forgotten, report_alpha_default_call],
    "ddm.never_resets": [DDMNoResetFlag, DDMNoResetHistory],
    "ddm.warning_before_drift": [DDMWarningFirstElif, DDMWarningFirstNested],
    "ddm.ignores_min_samples": [DDMNoWait, DDMWaitUnused],
    "ddm.min_samples_off_by_one": [DDMOffByOneLessEqual, DDMOffByOneNotGreater],
    "ddm.keeps_minimum_after_drift": [DDMKeepsMinimumFlag, DDMKeepsMinimumCounters],
    "ece.unweighted_mean": [ece_unweighted_groupby, ece_unweighted_loop],
    "ece.signed_gaps": [ece_signed_pandas, ece_signed_loop],
    "ece.one_in_its_own_bin": [ece_one_apart_pandas, ece_one_apart_digitize],
    "ece.right_closed_bins": [ece_right_closed_digitize, ece_right_closed_cut],
    "ece.max_gap": [ece_max_gap_pandas, ece_max_gap_loop],
}
