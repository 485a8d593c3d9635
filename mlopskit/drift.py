"""Drift detection and recalibration: the reference solutions of lesson 02.

Statistical tests and distances that compare a reference sample (the data a model was
trained or validated on) with a current sample (production data), a per-feature drift
report, a detector of concept drift from a stream of errors (DDM), the expected
calibration error, and a written-down retraining / recalibration policy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from mlopskit._validation import (
    check_binary_labels,
    check_category_sample,
    check_fraction,
    check_numeric_sample,
    check_positive_int,
    check_probability_vector,
)

__all__ = [
    "DriftTestResult",
    "ks_test",
    "chi2_test",
    "psi",
    "psi_categorical",
    "psi_severity",
    "PSI_BANDS",
    "js_divergence",
    "wasserstein",
    "JS_ALERT",
    "adjust_p_values",
    "CORRECTIONS",
    "drift_report",
    "DDM",
    "expected_calibration_error",
    "Recommendation",
    "recommend_action",
]

#: Upper limits of the "stable" and "moderate" PSI bands (a common rule of thumb).
PSI_BANDS = (0.1, 0.25)

REPORT_COLUMNS = ("kind", "test", "statistic", "p_value", "psi", "severity", "drift")

#: Alert level of :func:`js_divergence`, in bits (base 2). The rule of thumb "alert from a
#: Jensen-Shannon divergence of 0.1" is stated in nats (natural log); the same level in
#: bits is 0.1 / ln 2, about 0.144.
JS_ALERT = 0.1 / math.log(2)

#: The multiple-testing corrections :func:`adjust_p_values` and :func:`drift_report` know.
CORRECTIONS = ("bonferroni", "fdr_bh")

#: What :meth:`DDM.update` returns.
DDM_STATUSES = ("stable", "warning", "drift")


@dataclass(frozen=True)
class DriftTestResult:
    """Outcome of a two-sample drift test.

    Attributes
    ----------
    statistic : float
        The test statistic.
    p_value : float
        Probability, under "no drift", of a statistic at least this large.
    drift : bool
        Whether the test flags drift at the chosen significance level.
    """

    statistic: float
    p_value: float
    drift: bool


def ks_test(reference, current, *, alpha=0.05):
    """Two-sample Kolmogorov-Smirnov test for drift of a numeric feature.

    The statistic is the largest vertical distance between the two empirical
    cumulative distribution functions; drift is flagged when ``p_value < alpha``.

    Parameters
    ----------
    reference : array-like of shape (n_reference,)
        Numeric values from the reference period.
    current : array-like of shape (n_current,)
        Numeric values from the period being monitored.
    alpha : float, default=0.05
        Significance level, in (0, 1).

    Returns
    -------
    DriftTestResult

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> ks_test(rng.normal(0, 1, 500), rng.normal(0.5, 1, 500)).drift
    True
    """
    ref = check_numeric_sample(reference, "reference")
    cur = check_numeric_sample(current, "current")
    alpha = check_fraction(alpha, "alpha")
    result = stats.ks_2samp(ref, cur)
    p_value = float(result.pvalue)
    return DriftTestResult(float(result.statistic), p_value, bool(p_value < alpha))


def _category_counts(reference, current):
    """Counts of each category in both samples over the union of categories."""
    ref = pd.Series(check_category_sample(reference, "reference"))
    cur = pd.Series(check_category_sample(current, "current"))
    ref_counts = ref.value_counts()
    cur_counts = cur.value_counts()
    categories = ref_counts.index.union(cur_counts.index, sort=False)
    return (
        ref_counts.reindex(categories, fill_value=0).to_numpy(dtype=float),
        cur_counts.reindex(categories, fill_value=0).to_numpy(dtype=float),
    )


def chi2_test(reference, current, *, alpha=0.05):
    """Chi-square test of homogeneity for drift of a categorical feature.

    Builds the 2 x k table of category counts (first row the reference, second the
    current sample) over the union of the categories of both samples, so a category
    seen in only one sample counts 0 in the other, and applies
    :func:`scipy.stats.chi2_contingency` with its default settings. Those apply Yates'
    continuity correction when the table has one degree of freedom, that is when the
    two samples hold exactly two categories between them; with three or more categories
    no correction is made.

    Parameters
    ----------
    reference : array-like of shape (n_reference,)
        Category labels from the reference period.
    current : array-like of shape (n_current,)
        Category labels from the period being monitored.
    alpha : float, default=0.05
        Significance level, in (0, 1).

    Returns
    -------
    DriftTestResult

    Examples
    --------
    >>> ref = ["a"] * 50 + ["b"] * 50
    >>> cur = ["a"] * 20 + ["b"] * 50 + ["c"] * 30
    >>> chi2_test(ref, cur).drift
    True

    With two categories the statistic is Yates-corrected, as scipy's default does:

    >>> round(chi2_test(["a"] * 30 + ["b"] * 70, ["a"] * 45 + ["b"] * 55).statistic, 4)
    4.1813
    """
    alpha = check_fraction(alpha, "alpha")
    ref_counts, cur_counts = _category_counts(reference, current)
    if ref_counts.size < 2:
        # One category in both samples: nothing can have shifted.
        return DriftTestResult(0.0, 1.0, False)
    result = stats.chi2_contingency(np.vstack([ref_counts, cur_counts]))
    p_value = float(result.pvalue)
    return DriftTestResult(float(result.statistic), p_value, bool(p_value < alpha))


def _psi_from_proportions(ref_prop, cur_prop, eps):
    ref_prop = np.maximum(ref_prop, eps)
    cur_prop = np.maximum(cur_prop, eps)
    return float(np.sum((cur_prop - ref_prop) * np.log(cur_prop / ref_prop)))


def _quantile_edges(values, bins):
    """Distinct quantiles of ``values`` at 0, 1/bins, ..., 1 (numpy's linear method)."""
    return np.unique(np.quantile(values, np.linspace(0.0, 1.0, bins + 1)))


def _bin_proportions(reference, current, edges):
    """Share of each sample in the bins (a, b] cut at the inner ``edges``, outer bins open."""
    inner = edges[1:-1]
    n_bins = inner.size + 1
    # side="left" puts a value equal to an inner edge in the bin on its left: (a, b].
    ref_idx = np.searchsorted(inner, reference, side="left")
    cur_idx = np.searchsorted(inner, current, side="left")
    return (np.bincount(ref_idx, minlength=n_bins) / reference.size,
            np.bincount(cur_idx, minlength=n_bins) / current.size)


def psi(reference, current, *, bins=10, eps=1e-4):
    """Population Stability Index of a numeric feature.

    Bin edges are the quantiles of the reference (numpy's default linear method),
    duplicate edges are dropped and the outer edges are opened to -inf and +inf. Bins
    are right-closed, ``(left, right]``, as in :func:`pandas.cut`. Proportions below
    ``eps`` are raised to ``eps``, then

    .. math:: PSI = \\sum_i (c_i - r_i) \\ln(c_i / r_i)

    Parameters
    ----------
    reference : array-like of shape (n_reference,)
        Numeric values from the reference period; they define the bins.
    current : array-like of shape (n_current,)
        Numeric values from the period being monitored.
    bins : int, default=10
        Number of quantile bins (fewer remain when quantiles coincide).
    eps : float, default=1e-4
        Floor for the proportions, so an empty bin gives a large but finite term.

    Returns
    -------
    float
        Non-negative; below 0.1 is usually read as stable, 0.25 and above as a
        significant shift (see :func:`psi_severity`).

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> ref = rng.normal(50, 5, 2000)
    >>> round(psi(ref, ref), 6)
    0.0
    >>> psi(ref, rng.normal(55, 5, 2000)) > 0.25
    True
    """
    ref = check_numeric_sample(reference, "reference")
    cur = check_numeric_sample(current, "current")
    bins = check_positive_int(bins, "bins")
    eps = check_fraction(eps, "eps")
    ref_prop, cur_prop = _bin_proportions(ref, cur, _quantile_edges(ref, bins))
    return _psi_from_proportions(ref_prop, cur_prop, eps)


def psi_categorical(reference, current, *, eps=1e-4):
    """Population Stability Index over the category proportions of two samples.

    Uses the union of the categories of both samples; proportions below ``eps``
    are raised to ``eps``.

    Parameters
    ----------
    reference, current : array-like of shape (n_samples,)
        Category labels.
    eps : float, default=1e-4
        Floor for the proportions.

    Returns
    -------
    float

    Examples
    --------
    >>> round(psi_categorical(["a", "b"] * 50, ["a", "b"] * 50), 6)
    0.0
    """
    eps = check_fraction(eps, "eps")
    ref_counts, cur_counts = _category_counts(reference, current)
    return _psi_from_proportions(
        ref_counts / ref_counts.sum(), cur_counts / cur_counts.sum(), eps
    )


def psi_severity(value):
    """Read a PSI value with the usual bands.

    Parameters
    ----------
    value : float
        A PSI value (non-negative).

    Returns
    -------
    str
        "stable" below 0.1, "moderate" from 0.1 to below 0.25, "significant" from 0.25.

    Examples
    --------
    >>> [psi_severity(v) for v in (0.05, 0.1, 0.25)]
    ['stable', 'moderate', 'significant']
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
        raise TypeError(f"`value` must be a number, got {value!r}.")
    if not np.isfinite(value) or value < 0:
        raise ValueError(f"`value` must be a finite PSI >= 0, got {value}.")
    low, high = PSI_BANDS
    if value < low:
        return "stable"
    if value < high:
        return "moderate"
    return "significant"


def js_divergence(p, q):
    """Jensen-Shannon divergence of two probability vectors, in bits.

    .. math:: JS(P, Q) = \\tfrac12 KL(P \\| M) + \\tfrac12 KL(Q \\| M), \\quad M = (P + Q)/2

    with base-2 logarithms, so the result lies in [0, 1]; terms with a zero
    probability contribute 0. :func:`scipy.spatial.distance.jensenshannon` returns the
    square root of this (the Jensen-Shannon distance). A value in bits is the value in
    nats divided by ln 2; the alert level :data:`JS_ALERT` is in bits.

    Parameters
    ----------
    p, q : array-like of shape (n_categories,)
        Probability vectors (non-negative, summing to 1) over the same categories.

    Returns
    -------
    float

    Examples
    --------
    >>> js_divergence([1.0, 0.0], [0.0, 1.0])
    1.0
    >>> js_divergence([0.5, 0.5], [0.5, 0.5])
    0.0
    """
    p = check_probability_vector(p, "p")
    q = check_probability_vector(q, "q")
    if p.shape != q.shape:
        raise ValueError(
            f"`p` and `q` must have the same length, got {p.size} and {q.size}."
        )
    m = (p + q) / 2

    def _kl(a, b):
        mask = a > 0
        return float(np.sum(a[mask] * np.log2(a[mask] / b[mask])))

    value = 0.5 * _kl(p, m) + 0.5 * _kl(q, m)
    return float(min(max(value, 0.0), 1.0))


def wasserstein(reference, current):
    """First Wasserstein (earth mover's) distance between two numeric samples.

    The distance is in the feature's own units: the average amount by which values
    must move to turn one distribution into the other.

    Parameters
    ----------
    reference, current : array-like of shape (n_samples,)
        Numeric values.

    Returns
    -------
    float

    Examples
    --------
    >>> wasserstein([0.0, 1.0, 2.0], [1.0, 2.0, 3.0])
    1.0
    """
    ref = check_numeric_sample(reference, "reference")
    cur = check_numeric_sample(current, "current")
    return float(stats.wasserstein_distance(ref, cur))


def adjust_p_values(p_values, *, method="fdr_bh"):
    """Adjust the p-values of a family of tests for multiple testing.

    Testing many features at level ``alpha`` flags some of them by chance: with ``m``
    independent tests of unchanged features, about ``alpha * m`` false alarms are
    expected. An adjusted p-value is compared with ``alpha`` as a raw one would be.

    - ``"bonferroni"``: ``min(m * p, 1)``; flagging ``p_adjusted < alpha`` keeps the
      chance of *any* false alarm in the family (the family-wise error rate) at most
      ``alpha``.
    - ``"fdr_bh"``: Benjamini-Hochberg; with the p-values sorted, ``p_(i) * m / i`` made
      non-decreasing from the largest down and capped at 1 (what
      :func:`scipy.stats.false_discovery_control` returns with ``method="bh"``). Flagging
      ``p_adjusted < alpha`` keeps the expected share of false alarms among the flagged
      features (the false discovery rate) at most ``alpha``, for independent tests.

    Parameters
    ----------
    p_values : array-like of shape (m,)
        Raw p-values in [0, 1].
    method : {"fdr_bh", "bonferroni"}, default="fdr_bh"

    Returns
    -------
    numpy.ndarray of shape (m,)
        Adjusted p-values, in the order given.

    Examples
    --------
    >>> adjust_p_values([0.01, 0.02, 0.03, 0.5], method="bonferroni").tolist()
    [0.04, 0.08, 0.12, 1.0]
    >>> adjust_p_values([0.01, 0.02, 0.03, 0.5]).round(4).tolist()
    [0.04, 0.04, 0.04, 0.5]
    """
    if method not in CORRECTIONS:
        raise ValueError(f"`method` must be one of {list(CORRECTIONS)}, got {method!r}.")
    p = check_numeric_sample(p_values, "p_values")
    if ((p < 0) | (p > 1)).any():
        raise ValueError("`p_values` must hold probabilities in [0, 1].")
    m = p.size
    if method == "bonferroni":
        return np.minimum(p * m, 1.0)
    order = np.argsort(p, kind="stable")
    scaled = p[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum(np.minimum.accumulate(scaled[::-1])[::-1], 1.0)
    out = np.empty(m)
    out[order] = adjusted
    return out


def _is_numeric_column(series):
    return pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(
        series.dtype
    )


def _column_tests(ref, cur, *, alpha, bins):
    """Kind, test name, test result and PSI of one column, the test chosen by its dtype."""
    if _is_numeric_column(ref):
        return "numeric", "ks", ks_test(ref, cur, alpha=alpha), psi(ref, cur, bins=bins)
    return "categorical", "chi2", chi2_test(ref, cur, alpha=alpha), psi_categorical(ref, cur)


def _drift_report(reference_df, current_df, *, alpha, bins, column_tests=_column_tests,
                  correction=None):
    """The body of :func:`drift_report`, with ``column_tests`` run on each column."""
    if correction is not None and correction not in CORRECTIONS:
        raise ValueError(f"`correction` must be None or one of {list(CORRECTIONS)}, "
                         f"got {correction!r}.")
    for name, frame in (("reference_df", reference_df), ("current_df", current_df)):
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"`{name}` must be a pandas DataFrame, got {type(frame).__name__}.")
    missing = [c for c in reference_df.columns if c not in current_df.columns]
    if missing:
        raise ValueError(
            f"`current_df` is missing column(s) {missing} that `reference_df` has; "
            "a feature that disappears from production is itself an incident."
        )
    rows = []
    for column in reference_df.columns:
        try:
            kind, test, result, value = column_tests(
                reference_df[column], current_df[column], alpha=alpha, bins=bins)
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"column {column!r}: {exc}") from None
        rows.append(
            (kind, test, result.statistic, result.p_value, value, psi_severity(value),
             result.drift)
        )
    report = pd.DataFrame(rows, columns=list(REPORT_COLUMNS),
                          index=pd.Index(list(reference_df.columns), name="feature"))
    if correction is not None and len(report):
        adjusted = adjust_p_values(report["p_value"].to_numpy(dtype=float), method=correction)
        report.insert(report.columns.get_loc("p_value") + 1, "p_adjusted", adjusted)
        report["drift"] = [bool(v < alpha) for v in adjusted]
    return report


def drift_report(reference_df, current_df, *, alpha=0.05, bins=10, correction=None):
    """Per-feature drift report of a current batch against a reference frame.

    The test is chosen by the column's dtype: numeric columns (other than bool) get
    :func:`ks_test` and :func:`psi`; every other column is categorical and gets
    :func:`chi2_test` and :func:`psi_categorical`.

    Parameters
    ----------
    reference_df : pandas.DataFrame
        The reference period; one report row per column, in its order.
    current_df : pandas.DataFrame
        The batch to monitor; must hold every column of ``reference_df``.
    alpha : float, default=0.05
        Significance level of the tests.
    bins : int, default=10
        Quantile bins for the numeric PSI.
    correction : {None, "bonferroni", "fdr_bh"}, default=None
        Multiple-testing correction over the report's features (see
        :func:`adjust_p_values`). When given, a column ``p_adjusted`` follows
        ``p_value`` and ``drift`` becomes ``p_adjusted < alpha``. A report tests every
        feature at once: without a correction, each unchanged feature still has a chance
        ``alpha`` of being flagged.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``feature``, with columns ``kind``, ``test``, ``statistic``,
        ``p_value`` (``p_adjusted`` with a correction), ``psi``, ``severity`` and
        ``drift`` (``p_value < alpha``, or ``p_adjusted < alpha``).

    Examples
    --------
    >>> import pandas as pd
    >>> ref = pd.DataFrame({"x": range(100), "c": ["a", "b"] * 50})
    >>> cur = pd.DataFrame({"x": range(50, 150), "c": ["a"] * 100})
    >>> drift_report(ref, cur)["test"].tolist()
    ['ks', 'chi2']
    >>> drift_report(ref, cur)["drift"].tolist()
    [True, True]
    >>> drift_report(ref, cur, correction="bonferroni").columns.tolist()[2:5]
    ['statistic', 'p_value', 'p_adjusted']
    """
    return _drift_report(reference_df, current_df, alpha=alpha, bins=bins,
                         correction=correction)


class DDM:
    """Drift Detection Method (Gama, Medas, Castillo & Rodrigues, 2004).

    Watches a stream of prediction errors. Each update adds 1 to ``n``, adds 1 to
    ``errors`` only when the prediction was wrong (a correct one leaves it as it is),
    and with ``p`` the error rate so far and
    ``s = sqrt(p (1 - p) / n)``, it remembers the smallest ``p + s`` seen
    (``p_min``, ``s_min``) and signals a warning when ``p + s > p_min + warning_level
    * s_min`` and a drift when ``p + s > p_min + drift_level * s_min``, after which it
    resets and learns the new error level.

    Parameters
    ----------
    warning_level : float, default=2.0
    drift_level : float, default=3.0
        Must be larger than ``warning_level``.
    min_samples : int, default=30
        Updates before any signal is possible.

    Examples
    --------
    >>> ddm = DDM(min_samples=10)
    >>> statuses = [ddm.update(i % 10 == 0) for i in range(100)]
    >>> statuses += [ddm.update(True) for _ in range(20)]
    >>> "drift" in statuses[100:]
    True
    """

    def __init__(self, *, warning_level=2.0, drift_level=3.0, min_samples=30):
        for name, value in (("warning_level", warning_level), ("drift_level", drift_level)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise ValueError(f"`{name}` must be a positive number, got {value!r}.")
        if drift_level <= warning_level:
            raise ValueError(
                f"`drift_level` ({drift_level}) must be larger than `warning_level` "
                f"({warning_level})."
            )
        self.warning_level = float(warning_level)
        self.drift_level = float(drift_level)
        self.min_samples = check_positive_int(min_samples, "min_samples")
        self.reset()

    def reset(self):
        """Forget everything seen so far."""
        self.n = 0
        self.errors = 0
        self.p_min = math.inf
        self.s_min = math.inf

    def update(self, error):
        """Add one outcome (True or 1 when the prediction was wrong).

        Returns
        -------
        str
            "stable", "warning" or "drift".
        """
        if isinstance(error, (bool, np.bool_)):
            error = bool(error)
        elif isinstance(error, (int, np.integer)) and error in (0, 1):
            error = bool(error)
        else:
            raise ValueError(f"`error` must be True/False or 0/1, got {error!r}.")
        self.n += 1
        self.errors += int(error)
        p = self.errors / self.n
        s = math.sqrt(p * (1.0 - p) / self.n)
        if self.n < self.min_samples:
            return "stable"
        if p + s < self.p_min + self.s_min:
            self.p_min, self.s_min = p, s
        return self._signal(p + s)

    def _signal(self, level):
        """Status of ``level`` (the current ``p + s``) against the remembered minimum."""
        if level > self.p_min + self.drift_level * self.s_min:
            self._after_drift()
            return "drift"
        if level > self.p_min + self.warning_level * self.s_min:
            return "warning"
        return "stable"

    def _after_drift(self):
        """Start learning the new error level once a drift is signalled."""
        self.reset()


def _calibration_bins(y, prob, n_bins):
    """Size, positives and summed probability of each non-empty equal-width bin."""
    idx = np.minimum((prob * n_bins).astype(int), n_bins - 1)
    counts = np.bincount(idx, minlength=n_bins)
    sum_prob = np.bincount(idx, weights=prob, minlength=n_bins)
    sum_pos = np.bincount(idx, weights=y, minlength=n_bins)
    nonempty = counts > 0
    return counts[nonempty], sum_pos[nonempty], sum_prob[nonempty]


def expected_calibration_error(y_true, y_prob, *, n_bins=10):
    """Expected calibration error of a binary classifier.

    ``n_bins`` equal-width bins on [0, 1]: a probability ``p`` goes to bin
    ``min(floor(p * n_bins), n_bins - 1)``, the product computed in floating point. So
    bin ``i`` holds ``i/n_bins <= p < (i+1)/n_bins``, a value on an inner edge goes to
    the bin on its right, and ``p = 1.0`` goes to the last bin (where ``floor`` would
    open a bin of its own). For each non-empty bin, the gap between the fraction of
    positives and the mean predicted probability, weighted by the bin's share of the
    samples.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Binary labels 0/1.
    y_prob : array-like of shape (n_samples,)
        Predicted probability of the positive class.
    n_bins : int, default=10

    Returns
    -------
    float
        In [0, 1]; 0 for a perfectly calibrated model.

    Examples
    --------
    >>> expected_calibration_error([0, 1, 1, 1], [0.1, 0.1, 0.9, 0.9], n_bins=2)
    0.25
    """
    y = check_binary_labels(y_true, "y_true")
    prob = check_numeric_sample(y_prob, "y_prob")
    n_bins = check_positive_int(n_bins, "n_bins")
    if y.size != prob.size:
        raise ValueError(
            f"`y_true` and `y_prob` must have the same length, got {y.size} and {prob.size}."
        )
    if ((prob < 0) | (prob > 1)).any():
        raise ValueError("`y_prob` must hold probabilities in [0, 1].")
    counts, sum_pos, sum_prob = _calibration_bins(y, prob, n_bins)
    gaps = np.abs(sum_pos - sum_prob) / counts
    return float(np.sum(gaps * counts) / y.size)


@dataclass(frozen=True)
class Recommendation:
    """What to do about a model after a monitoring period, and why.

    Attributes
    ----------
    action : str
        One of "none", "investigate", "recalibrate", "retrain".
    reasons : tuple of str
        Human-readable reasons, one per rule that fired.
    """

    action: str
    reasons: tuple = field(default_factory=tuple)


def recommend_action(report, *, baseline_auc, recent_auc, ece=None, concept_drift=False,
                     auc_tolerance=0.05, ece_limit=0.05, max_significant_features=1,
                     lang=None):
    """A written-down retraining / recalibration policy.

    Discrimination (ROC AUC: does the model still rank risky cases above safe ones?) and
    calibration (ECE: are its probabilities right?) fail for different reasons and call
    for different fixes. The rules, in order:

    1. **retrain** when the AUC fell more than ``auc_tolerance`` below the baseline and
       either a concept-drift detector fired (``concept_drift``) or more than
       ``max_significant_features`` features have a significant PSI;
    2. **investigate** when the AUC fell without such evidence (check the labels and the
       pipeline before touching the model);
    3. **recalibrate** when the AUC held but ``ece`` exceeds ``ece_limit``: the ranking
       still works, the probabilities do not (typical of a prior shift);
    4. **investigate** when the AUC and calibration held but some feature drifted with a
       moderate or significant PSI;
    5. **none** otherwise.

    Parameters
    ----------
    report : pandas.DataFrame
        Output of :func:`drift_report` (needs a ``severity`` column).
    baseline_auc : float
        ROC AUC at validation time.
    recent_auc : float
        ROC AUC on the labels received for the period.
    ece : float, optional
        Expected calibration error on the period.
    concept_drift : bool, default=False
        Whether a detector such as :class:`DDM` signalled drift in the period.
    auc_tolerance : float, default=0.05
    ece_limit : float, default=0.05
    max_significant_features : int, default=1
    lang : {"pt", "en"}, optional
        Language of the reasons (from :mod:`mlopskit.texts.drift`); defaults to the
        notebook's language. ``action`` is always one of the English codes above.

    Returns
    -------
    Recommendation

    Examples
    --------
    >>> import pandas as pd
    >>> report = pd.DataFrame({"severity": ["stable", "stable"]}, index=["a", "b"])
    >>> recommend_action(report, baseline_auc=0.80, recent_auc=0.79, ece=0.12).action
    'recalibrate'
    >>> recommend_action(report, baseline_auc=0.80, recent_auc=0.79, ece=0.12,
    ...                  lang="pt").reasons
    ('ECE de 0.120 acima do limite 0.05 enquanto a AUC se manteve',)
    """
    from mlopskit import texts

    T = texts.for_lesson("drift", lang=lang)
    if not isinstance(report, pd.DataFrame) or "severity" not in report.columns:
        raise ValueError("`report` must be a drift_report DataFrame with a 'severity' column.")
    baseline = check_fraction(baseline_auc, "baseline_auc", inclusive=True)
    recent = check_fraction(recent_auc, "recent_auc", inclusive=True)
    drop = baseline - recent
    significant = [str(f) for f in report.index[report["severity"] == "significant"]]
    drifting = [str(f) for f in report.index[report["severity"] != "stable"]]
    reasons = []
    if drop > auc_tolerance:
        reasons.append(T("reason_auc_fell", drop=f"{drop:.3f}", tolerance=auc_tolerance))
        if concept_drift:
            reasons.append(T("reason_concept_drift"))
        if len(significant) > max_significant_features:
            reasons.append(T("reason_significant_psi", n=len(significant),
                             features=", ".join(significant)))
        if len(reasons) > 1:
            return Recommendation("retrain", tuple(reasons))
        reasons.append(T("reason_no_evidence"))
        return Recommendation("investigate", tuple(reasons))
    if ece is not None and ece > ece_limit:
        reasons.append(T("reason_ece", ece=f"{ece:.3f}", limit=ece_limit))
        return Recommendation("recalibrate", tuple(reasons))
    if drifting:
        reasons.append(T("reason_features_drifted", features=", ".join(drifting)))
        return Recommendation("investigate", tuple(reasons))
    return Recommendation("none", ())
