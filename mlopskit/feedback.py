"""Reference solutions of lesson 06_feedback: the feedback loop.

Each graded function here is the reference of one task spec in
``mlopskit/checks/feedback/``: joining labels that arrive late to the decisions they
judge, measuring accuracy per window with an honest interval, alerting, deciding when to
retrain, testing a challenger against the champion (a planned two-proportion test),
estimating accuracy under selective labels (inverse propensity weighting) and explaining a
decision. ``peeking_simulation`` and ``selective_labels_rounds`` are the simulations behind
the lesson's worked examples.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
import pandas as pd
from scipy import stats

from mlopskit.governance import AuditLog

__all__ = ["PREDICTION_COLUMNS", "LABEL_COLUMNS", "WINDOW_COLUMNS", "SEVERITIES",
           "SIGNAL_KEYS", "POLICY_KEYS", "ACTIONS", "REASONS", "join_feedback",
           "windowed_accuracy", "wilson_interval", "AlertManager", "should_retrain",
           "explain_decision", "AB_DECISIONS", "AB_ALTERNATIVES", "AB_KEYS",
           "sample_size_per_arm", "ab_test", "peeking_simulation", "ipw_accuracy",
           "selective_labels_rounds"]

#: The columns ``join_feedback`` needs in each of its inputs.
PREDICTION_COLUMNS = ("id", "predicted_at", "prediction")
LABEL_COLUMNS = ("id", "labeled_at", "label")
#: The columns of the table ``windowed_accuracy`` returns, in order.
WINDOW_COLUMNS = ("n_predictions", "n_labels", "accuracy", "low", "high", "enough")


def _check_frame(df, name, columns):
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"`{name}` must be a pandas DataFrame, got {type(df).__name__}.")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"`{name}` lacks the column(s) {missing}; it needs {list(columns)}.")


def _timestamp(value, name):
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        stamp = pd.NaT
    if pd.isna(stamp):
        raise ValueError(f"`{name}` must be a date or a timestamp, got {value!r}.")
    return stamp


def join_feedback(predictions, labels, *, as_of):
    """Attach to each decision the outcome known at ``as_of``, and nothing later.

    Outcomes (a loan repaid, a churn confirmed) arrive days or weeks after the decision.
    Only a label with ``labeled_at <= as_of`` was known at ``as_of``; a later one would leak
    the future into an evaluation done then. When an id has several labels known by then
    (a correction), the latest known one counts. Decisions made after ``as_of`` did not
    exist yet and are left out; decisions still waiting for their outcome stay, with a
    missing label, so that the share still unlabeled can be seen.

    Parameters
    ----------
    predictions : pandas.DataFrame
        One row per decision, with columns ``id``, ``predicted_at`` (datetime) and
        ``prediction``.
    labels : pandas.DataFrame
        One row per outcome received, with columns ``id``, ``labeled_at`` (datetime) and
        ``label``. An id absent from ``predictions`` is ignored.
    as_of : str or datetime-like
        The moment of the evaluation.

    Returns
    -------
    pandas.DataFrame
        The decisions made by ``as_of``, in their original order and with a fresh index,
        with the columns of ``predictions`` plus ``label`` (float; NaN while unknown).

    Examples
    --------
    >>> preds = pd.DataFrame({"id": [1, 2, 3], "prediction": [1, 0, 1],
    ...                       "predicted_at": pd.to_datetime(["2024-01-02", "2024-01-03",
    ...                                                       "2024-02-10"])})
    >>> labels = pd.DataFrame({"id": [1, 2], "label": [1, 1],
    ...                        "labeled_at": pd.to_datetime(["2024-01-20", "2024-03-01"])})
    >>> join_feedback(preds, labels, as_of="2024-02-15")["label"].tolist()
    [1.0, nan, nan]
    """
    _check_frame(predictions, "predictions", PREDICTION_COLUMNS)
    _check_frame(labels, "labels", LABEL_COLUMNS)
    as_of = _timestamp(as_of, "as_of")
    if predictions["id"].duplicated().any():
        raise ValueError("`predictions` has repeated ids; each decision needs its own id.")
    made = predictions[pd.to_datetime(predictions["predicted_at"]) <= as_of]
    known = labels[pd.to_datetime(labels["labeled_at"]) <= as_of]
    latest = (known.assign(_at=pd.to_datetime(known["labeled_at"]))
              .sort_values("_at", kind="stable")
              .drop_duplicates("id", keep="last")
              .set_index("id")["label"])
    out = made.reset_index(drop=True).copy()
    out["label"] = out["id"].map(latest).astype(float)
    return out


def wilson_interval(successes, n, *, confidence=0.95):
    """Wilson score interval of a proportion ``successes / n``.

    Parameters
    ----------
    successes, n : int
        ``0 <= successes <= n`` and ``n >= 1``.
    confidence : float, optional
        Confidence level in (0, 1).

    Returns
    -------
    tuple of float
        ``(low, high)``.

    Examples
    --------
    >>> low, high = wilson_interval(45, 50)
    >>> round(low, 3), round(high, 3)
    (0.786, 0.957)
    """
    for name, value in (("successes", successes), ("n", n)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise TypeError(f"`{name}` must be an integer, got {value!r}.")
    if n < 1 or not 0 <= successes <= n:
        raise ValueError(f"need 0 <= successes <= n and n >= 1, got {successes} and {n}.")
    if isinstance(confidence, bool) or not isinstance(confidence, numbers.Real) \
            or not 0 < confidence < 1:
        raise ValueError(f"`confidence` must be a number in (0, 1), got {confidence!r}.")
    z = stats.norm.ppf(0.5 + confidence / 2)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return float(max(0.0, centre - half)), float(min(1.0, centre + half))


def windowed_accuracy(df, *, freq="W", min_labels=30, confidence=0.95):
    """Accuracy of the labeled decisions in each time window, with a Wilson interval.

    A window's accuracy is the share of its labeled decisions whose prediction equals the
    label; decisions without a label yet are not errors, they are unknown. A window with
    fewer than ``min_labels`` labels is reported as such (``enough`` False and NaN for
    accuracy and interval), never as a number that looks as solid as the others.

    Parameters
    ----------
    df : pandas.DataFrame
        Columns ``predicted_at`` (datetime), ``prediction`` and ``label`` (NaN while
        unknown), as :func:`join_feedback` returns.
    freq : str, optional
        A pandas period alias: ``"D"``, ``"W"``, ``"M"``...
    min_labels : int, optional
        The fewest labels a window needs for its accuracy to be reported (``>=``).
    confidence : float, optional
        The confidence level of the Wilson interval.

    Returns
    -------
    pandas.DataFrame
        One row per window holding at least one decision, in time order, indexed by the
        window (a string, index name ``window``), with columns ``n_predictions``,
        ``n_labels``, ``accuracy``, ``low``, ``high`` and ``enough``.

    Examples
    --------
    >>> df = pd.DataFrame({"predicted_at": pd.to_datetime(["2024-01-01"] * 4 + ["2024-02-01"]),
    ...                    "prediction": [1, 1, 0, 1, 1], "label": [1, 0, 0, np.nan, 1]})
    >>> table = windowed_accuracy(df, freq="M", min_labels=2)
    >>> table.index.tolist(), table["n_labels"].tolist(), table["enough"].tolist()
    (['2024-01', '2024-02'], [3, 1], [True, False])
    >>> table["accuracy"].round(3).tolist()
    [0.667, nan]
    """
    _check_frame(df, "df", ("predicted_at", "prediction", "label"))
    if isinstance(min_labels, bool) or not isinstance(min_labels, numbers.Integral) \
            or min_labels < 1:
        raise ValueError(f"`min_labels` must be an integer >= 1, got {min_labels!r}.")
    if isinstance(confidence, bool) or not isinstance(confidence, numbers.Real) \
            or not 0 < confidence < 1:
        raise ValueError(f"`confidence` must be a number in (0, 1), got {confidence!r}.")
    try:
        periods = pd.to_datetime(df["predicted_at"]).dt.to_period(freq)
    except (TypeError, ValueError, AttributeError) as exc:
        raise ValueError(f"`freq` must be a pandas period alias such as 'W' or 'M', "
                         f"got {freq!r}.") from exc
    rows = {}
    for period, part in df.groupby(periods, sort=True):
        labeled = part[part["label"].notna()]
        n, hits = len(labeled), int((labeled["prediction"] == labeled["label"]).sum())
        enough = n >= min_labels
        if enough:
            ci = stats.binomtest(hits, n).proportion_ci(confidence_level=confidence,
                                                        method="wilson")
            acc, low, high = hits / n, float(ci.low), float(ci.high)
        else:
            acc = low = high = np.nan
        rows[str(period)] = (len(part), n, acc, low, high, enough)
    table = pd.DataFrame.from_dict(rows, orient="index", columns=list(WINDOW_COLUMNS))
    table = table.astype({"n_predictions": int, "n_labels": int, "accuracy": float,
                          "low": float, "high": float, "enough": bool})
    table.index.name = "window"
    return table


#: Alert severities, from the mildest to the most severe.
SEVERITIES = ("info", "warning", "critical")
_RANK = {name: i for i, name in enumerate(SEVERITIES)}


def _real(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or np.isnan(value):
        raise TypeError(f"`{name}` must be a number, got {value!r}.")
    return float(value)


class AlertManager:
    """Turn monitored values into alerts, without flooding anyone, and log every alert.

    Each rule maps a metric to the thresholds of its severities; a value at or above a
    threshold reaches that severity, and the alert takes the most severe level reached.
    An alert repeats no alert of the same metric at the same or a milder severity fired
    less than ``cooldown`` time units before (de-duplication); a more severe one
    (an escalation) always goes out. Each alert that goes out is written to the audit
    trail of lesson 01 (event ``"alert"``, user ``"monitor"``); a silenced one is not.

    Parameters
    ----------
    rules : dict
        ``{metric: {severity: threshold}}`` with severities among ``SEVERITIES``;
        thresholds must not decrease from milder to more severe levels.
    cooldown : int or float, optional
        How long, in the unit of ``t``, a metric's alert silences its repeats.
    audit_log : mlopskit.governance.AuditLog, optional
        Where alerts are written; a new one by default (``self.audit_log``).

    Examples
    --------
    >>> manager = AlertManager({"psi": {"warning": 0.1, "critical": 0.25}}, cooldown=3)
    >>> [manager.observe(t, "psi", v) for t, v in [(0, 0.05), (1, 0.12), (2, 0.15),
    ...                                            (3, 0.3), (6, 0.3)]]
    [None, 'warning', None, 'critical', 'critical']
    >>> manager.trail()
    [[1, 'psi', 'warning'], [3, 'psi', 'critical'], [6, 'psi', 'critical']]
    """

    def __init__(self, rules, *, cooldown=3, audit_log=None):
        if not isinstance(rules, dict) or not rules:
            raise ValueError("`rules` must be a non-empty dict {metric: {severity: threshold}}.")
        self.rules = {}
        for metric, levels in rules.items():
            if not isinstance(levels, dict) or not levels:
                raise ValueError(f"the rule of {metric!r} must be a non-empty dict "
                                 f"{{severity: threshold}}.")
            unknown = sorted(set(levels) - set(SEVERITIES))
            if unknown:
                raise ValueError(f"unknown severities {unknown} for {metric!r}; use "
                                 f"{list(SEVERITIES)}.")
            ordered = [(s, _real(levels[s], f"{metric}.{s}")) for s in SEVERITIES if s in levels]
            if any(a[1] > b[1] for a, b in zip(ordered, ordered[1:])):
                raise ValueError(f"the thresholds of {metric!r} must not decrease from "
                                 f"milder to more severe levels, got {dict(ordered)}.")
            self.rules[metric] = ordered
        if _real(cooldown, "cooldown") < 0:
            raise ValueError(f"`cooldown` must be >= 0, got {cooldown}.")
        self.cooldown = float(cooldown)
        self.audit_log = AuditLog() if audit_log is None else audit_log
        self._last = {}
        self._now = None

    def severity(self, metric, value):
        """The most severe level ``value`` reaches for ``metric``, or None."""
        reached = [s for s, threshold in self.rules[metric] if value >= threshold]
        return reached[-1] if reached else None

    def observe(self, t, metric, value):
        """Record one monitored value; return the severity of the alert sent, or None.

        Parameters
        ----------
        t : int or float
            The time of the observation; it never goes back.
        metric : str
            A metric that has a rule.
        value : float
            The monitored value.
        """
        moment, value = t, _real(value, "value")
        t = _real(t, "t")
        if metric not in self.rules:
            raise ValueError(f"no rule for the metric {metric!r}; known: {sorted(self.rules)}.")
        if self._now is not None and t < self._now:
            raise ValueError(f"time goes forward: got t={t} after t={self._now}.")
        self._now = t
        level = self.severity(metric, value)
        if level is None:
            return None
        last = self._last.get(metric)
        if last is not None and t - last[0] < self.cooldown and _RANK[level] <= _RANK[last[1]]:
            return None
        self._last[metric] = (t, level)
        self.audit_log.log_event("alert", "monitor", {"t": moment, "metric": metric,
                                                      "severity": level, "value": value})
        return level

    def trail(self):
        """The alerts written to the audit trail, as ``[t, metric, severity]`` lists."""
        return [[e["details"]["t"], e["details"]["metric"], e["details"]["severity"]]
                for e in self.audit_log.entries if e["event_type"] == "alert"]


#: What ``should_retrain`` reads from its inputs.
SIGNAL_KEYS = ("drift_share", "accuracy_low", "fairness_gap", "new_labels",
               "days_since_retrain")
POLICY_KEYS = ("max_drift_share", "min_accuracy", "max_fairness_gap", "min_new_labels",
               "cooldown_days")
#: The possible actions, and the reasons in the order they are reported.
ACTIONS = ("keep", "wait", "retrain")
REASONS = ("drift", "accuracy", "fairness", "too_few_labels", "cooldown")


def should_retrain(history, policy):
    """Decide whether to retrain, from the monitoring signals and a written policy.

    Three signals can call for a retraining: the share of drifted features (lesson 02)
    above ``max_drift_share``, the lower bound of the accuracy interval measured from
    feedback below ``min_accuracy`` (None when too few labels arrived: unknown is not
    bad), and the fairness gap (lesson 03) above ``max_fairness_gap``. A value equal to its
    limit is within the policy. Two guards can hold it back: fewer new labels than
    ``min_new_labels`` to train on, and fewer than ``cooldown_days`` since the last
    retraining.

    Parameters
    ----------
    history : dict
        The signals: ``drift_share``, ``accuracy_low`` (float or None), ``fairness_gap``,
        ``new_labels`` and ``days_since_retrain``.
    policy : dict
        The limits: ``max_drift_share``, ``min_accuracy``, ``max_fairness_gap``,
        ``min_new_labels`` and ``cooldown_days``.

    Returns
    -------
    dict
        ``{"action": "keep" | "wait" | "retrain", "reasons": [...]}``: "keep" with no
        reason when no signal calls for it; "wait" with the signals then the guards when a
        guard holds it back; "retrain" with the signals otherwise. Reasons follow the order
        of ``REASONS``.

    Examples
    --------
    >>> policy = {"max_drift_share": 0.3, "min_accuracy": 0.8, "max_fairness_gap": 0.1,
    ...           "min_new_labels": 500, "cooldown_days": 30}
    >>> should_retrain({"drift_share": 0.5, "accuracy_low": 0.74, "fairness_gap": 0.05,
    ...                 "new_labels": 1200, "days_since_retrain": 45}, policy)
    {'action': 'retrain', 'reasons': ['drift', 'accuracy']}
    >>> should_retrain({"drift_share": 0.5, "accuracy_low": None, "fairness_gap": 0.05,
    ...                 "new_labels": 200, "days_since_retrain": 45}, policy)
    {'action': 'wait', 'reasons': ['drift', 'too_few_labels']}
    """
    for name, value, keys in (("history", history, SIGNAL_KEYS), ("policy", policy, POLICY_KEYS)):
        if not isinstance(value, dict):
            raise TypeError(f"`{name}` must be a dict, got {type(value).__name__}.")
        missing = [k for k in keys if k not in value]
        if missing:
            raise ValueError(f"`{name}` lacks the key(s) {missing}.")
        for key in keys:
            if not (key == "accuracy_low" and value[key] is None):
                _real(value[key], f"{name}['{key}']")
    triggers = []
    if history["drift_share"] > policy["max_drift_share"]:
        triggers.append("drift")
    if history["accuracy_low"] is not None and history["accuracy_low"] < policy["min_accuracy"]:
        triggers.append("accuracy")
    if history["fairness_gap"] > policy["max_fairness_gap"]:
        triggers.append("fairness")
    if not triggers:
        return {"action": "keep", "reasons": []}
    guards = []
    if history["new_labels"] < policy["min_new_labels"]:
        guards.append("too_few_labels")
    if history["days_since_retrain"] < policy["cooldown_days"]:
        guards.append("cooldown")
    return {"action": "wait" if guards else "retrain", "reasons": triggers + guards}


def explain_decision(coef, x, *, baseline, names, top_k=3):
    """The main reasons of one decision of a linear model: ``coef * (x - baseline)``.

    Each feature's contribution is how much it moves this person's score (the log-odds
    of a logistic regression) away from the baseline's; the contributions add up to the
    difference between the two scores. The reasons are the ``top_k`` largest in absolute
    value, a negative one as much as a positive one; ties keep the features' order.

    Parameters
    ----------
    coef, x, baseline : array-like of shape (n_features,)
        The model's coefficients, the person's features and the reference point (for
        instance the training mean).
    names : sequence of str
        The features' names, in the same order.
    top_k : int, optional
        How many reasons to return (all of them when there are fewer features).

    Returns
    -------
    list of [str, float]
        ``[name, contribution]`` pairs, largest absolute contribution first.

    Examples
    --------
    >>> explain_decision([0.5, -2.0, 1.0], [3.0, 1.0, 2.0], baseline=[1.0, 0.0, 2.0],
    ...                  names=["income", "debt", "age"], top_k=2)
    [['debt', -2.0], ['income', 1.0]]
    """
    arrays = [np.asarray(v, dtype=float) for v in (coef, x, baseline)]
    names = [str(n) for n in names]
    sizes = {a.shape for a in arrays} | {(len(names),)}
    if len(sizes) != 1 or arrays[0].ndim != 1:
        raise ValueError("`coef`, `x`, `baseline` and `names` must be 1-D and of one "
                         f"length, got shapes {[a.shape for a in arrays]} and "
                         f"{len(names)} names.")
    if isinstance(top_k, bool) or not isinstance(top_k, numbers.Integral) or top_k < 1:
        raise ValueError(f"`top_k` must be an integer >= 1, got {top_k!r}.")
    coef, x, baseline = arrays
    contributions = coef * (x - baseline)
    order = np.argsort(-np.abs(contributions), kind="stable")[:top_k]
    return [[names[i], float(contributions[i])] for i in order]


#: The decisions ``ab_test`` can return, and the alternatives it accepts.
AB_DECISIONS = ("inconclusive", "keep_champion", "promote_challenger")
AB_ALTERNATIVES = ("two-sided", "larger")
#: The keys of the dict ``ab_test`` returns, in order.
AB_KEYS = ("difference", "z", "p_value", "significant", "n_needed", "decision")


def _count(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"`{name}` must be an integer, got {value!r}.")
    return int(value)


def _probability(value, name, *, low_open=True, high_open=True):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or np.isnan(value):
        raise TypeError(f"`{name}` must be a number, got {value!r}.")
    low_ok = value > 0 if low_open else value >= 0
    high_ok = value < 1 if high_open else value <= 1
    if not (low_ok and high_ok):
        bounds = f"{'(' if low_open else '['}0, 1{')' if high_open else ']'}"
        raise ValueError(f"`{name}` must be in {bounds}, got {value!r}.")
    return float(value)


def sample_size_per_arm(p_a, p_b, *, alpha=0.05, power=0.8, alternative="two-sided"):
    """Labeled decisions each arm needs for a two-proportion test to detect ``p_a`` vs ``p_b``.

    The normal approximation with each arm's own variance, rounded **up** (a fraction of a
    decision does not exist, and rounding down loses power)::

        n = ceil((z_crit + z_power)² · (p_a(1-p_a) + p_b(1-p_b)) / (p_a - p_b)²)

    with ``z_crit = z_{1-alpha/2}`` for a two-sided test, ``z_{1-alpha}`` for a one-sided
    one, and ``z_power = z_{power}``.

    Parameters
    ----------
    p_a, p_b : float
        The two rates, in [0, 1] and different.
    alpha : float, optional
        The significance level, in (0, 1).
    power : float, optional
        The probability of detecting the difference when it is real, in (0, 1).
    alternative : {"two-sided", "larger"}, optional
        The test that will be run.

    Returns
    -------
    int

    Examples
    --------
    >>> sample_size_per_arm(0.10, 0.15)
    683
    >>> sample_size_per_arm(0.10, 0.15, alternative="larger")
    538
    """
    p_a = _probability(p_a, "p_a", low_open=False, high_open=False)
    p_b = _probability(p_b, "p_b", low_open=False, high_open=False)
    alpha = _probability(alpha, "alpha")
    power = _probability(power, "power")
    if alternative not in AB_ALTERNATIVES:
        raise ValueError(f"`alternative` must be one of {list(AB_ALTERNATIVES)}, "
                         f"got {alternative!r}.")
    if p_a == p_b:
        raise ValueError("`p_a` and `p_b` must differ: no sample size detects a difference "
                         "of zero.")
    z_crit = stats.norm.ppf(1 - alpha / 2 if alternative == "two-sided" else 1 - alpha)
    z_power = stats.norm.ppf(power)
    variance = p_a * (1 - p_a) + p_b * (1 - p_b)
    return int(math.ceil((z_crit + z_power) ** 2 * variance / (p_a - p_b) ** 2))


def ab_test(successes_a, n_a, successes_b, n_b, *, alpha=0.05, power=0.8, mde=0.05,
            alternative="two-sided"):
    """Champion (A) against challenger (B): a pooled two-proportion z-test and its decision.

    ``difference = p_b - p_a``; ``z = difference / sqrt(p(1-p)(1/n_a + 1/n_b))`` with the
    pooled rate ``p = (successes_a + successes_b) / (n_a + n_b)`` (when ``p`` is 0 or 1 both
    arms agree on every decision: ``z = 0``). The p-value is ``2·(1 - Φ(|z|))`` for
    ``"two-sided"`` and ``1 - Φ(z)`` for ``"larger"`` (H1: the challenger's rate is
    higher); the result is significant when ``p_value < alpha``.

    The test is planned: ``n_needed = sample_size_per_arm(p_a, p_a ± mde, ...)`` (``+mde``,
    or ``-mde`` when ``p_a + mde`` would pass 1) with the same ``alpha``, ``power`` and
    ``alternative``. The decision:

    - ``"inconclusive"`` while either arm has fewer than ``n_needed`` decisions (keep
      collecting; deciding earlier is peeking);
    - then ``"promote_challenger"`` when significant with ``difference > 0``;
    - otherwise ``"keep_champion"``.

    Parameters
    ----------
    successes_a, n_a, successes_b, n_b : int
        Successes (e.g. correct decisions) and labeled decisions per arm; ``n >= 1``.
    alpha, power : float, optional
        Significance level and power, in (0, 1).
    mde : float, optional
        The minimum detectable effect the test is planned for, in (0, 1).
    alternative : {"two-sided", "larger"}, optional

    Returns
    -------
    dict
        ``{"difference", "z", "p_value", "significant", "n_needed", "decision"}``.

    Examples
    --------
    >>> result = ab_test(800, 1000, 840, 1000, mde=0.05)
    >>> round(result["z"], 3), round(result["p_value"], 4), result["n_needed"]
    (2.328, 0.0199, 903)
    >>> result["decision"]
    'promote_challenger'
    """
    counts = [_count(v, name) for v, name in ((successes_a, "successes_a"), (n_a, "n_a"),
                                              (successes_b, "successes_b"), (n_b, "n_b"))]
    successes_a, n_a, successes_b, n_b = counts
    for hits, n, arm in ((successes_a, n_a, "a"), (successes_b, n_b, "b")):
        if n < 1:
            raise ValueError(f"`n_{arm}` must be >= 1: an arm without labeled decisions "
                             f"cannot be tested, got {n}.")
        if not 0 <= hits <= n:
            raise ValueError(f"need 0 <= successes_{arm} <= n_{arm}, got {hits} and {n}.")
    alpha = _probability(alpha, "alpha")
    power = _probability(power, "power")
    mde = _probability(mde, "mde")
    if alternative not in AB_ALTERNATIVES:
        raise ValueError(f"`alternative` must be one of {list(AB_ALTERNATIVES)}, "
                         f"got {alternative!r}.")
    p_a, p_b = successes_a / n_a, successes_b / n_b
    pooled = (successes_a + successes_b) / (n_a + n_b)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    z = 0.0 if se == 0 else (p_b - p_a) / se
    p_value = 2 * stats.norm.sf(abs(z)) if alternative == "two-sided" else stats.norm.sf(z)
    significant = bool(p_value < alpha)
    target = p_a + mde if p_a + mde <= 1 else p_a - mde
    n_needed = sample_size_per_arm(p_a, target, alpha=alpha, power=power,
                                   alternative=alternative)
    if min(n_a, n_b) < n_needed:
        decision = "inconclusive"
    elif significant and p_b > p_a:
        decision = "promote_challenger"
    else:
        decision = "keep_champion"
    return {"difference": float(p_b - p_a), "z": float(z), "p_value": float(min(1.0, p_value)),
            "significant": significant, "n_needed": n_needed, "decision": decision}


def peeking_simulation(*, rate=0.8, n_max=2000, looks=20, alpha=0.05, n_tests=2000, seed=0):
    """False positives of A/A tests checked after every batch versus once at the end.

    Both arms share the same ``rate``, so every significant result is a false positive.
    Each simulated test collects ``n_max`` decisions per arm in ``looks`` equal batches and
    runs the pooled two-sided z-test of :func:`ab_test` after each batch.

    Returns
    -------
    pandas.DataFrame
        Indexed by the look (1..looks), with ``n_per_arm``, ``at_this_look`` (share of tests
        significant at that look alone) and ``by_this_look`` (share significant at least once
        so far: what a team that stops at the first significant look declares).

    Examples
    --------
    >>> sim = peeking_simulation(n_tests=400, seed=1)
    >>> bool(sim["by_this_look"].iloc[-1] > 2 * 0.05)
    True
    """
    rng = np.random.default_rng(seed)
    step = n_max // looks
    sizes = step * np.arange(1, looks + 1)
    hits_a = rng.binomial(step, rate, size=(n_tests, looks)).cumsum(axis=1)
    hits_b = rng.binomial(step, rate, size=(n_tests, looks)).cumsum(axis=1)
    pooled = (hits_a + hits_b) / (2 * sizes)
    se = np.sqrt(pooled * (1 - pooled) * 2 / sizes)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(se > 0, (hits_b - hits_a) / sizes / se, 0.0)
    significant = 2 * stats.norm.sf(np.abs(z)) < alpha
    return pd.DataFrame({"n_per_arm": sizes, "at_this_look": significant.mean(axis=0),
                         "by_this_look": np.maximum.accumulate(significant, axis=1).mean(axis=0)},
                        index=pd.RangeIndex(1, looks + 1, name="look"))


def ipw_accuracy(correct, propensity):
    """Accuracy on everyone, estimated from the labeled rows weighted by ``1/propensity``.

    Only some decisions get a label (a denied loan never does); ``propensity[i]`` is the
    probability that row ``i``'s label would be observed (1 for an approved applicant, the
    exploration rate for a denied one). The self-normalised (Hájek) estimate::

        sum(correct[i] / propensity[i]) / sum(1 / propensity[i])   over the labeled rows

    Rows with ``correct`` NaN (no label) are left out of both sums; their propensity must
    still be a probability in (0, 1]. A propensity of 0 would mean a row that can never be
    labeled, which no weighting can stand for.

    Parameters
    ----------
    correct : array-like of shape (n,)
        1 (or True) where the decision was right, 0 where it was wrong, NaN where no label.
    propensity : array-like of shape (n,)
        The probability of each row's label being observed, in (0, 1].

    Returns
    -------
    float

    Examples
    --------
    >>> ipw_accuracy([1, 1, 0, np.nan, 1], [1.0, 1.0, 1.0, 0.1, 0.1])
    0.9230769230769231
    """
    correct = np.asarray(correct, dtype=float)
    propensity = np.asarray(propensity, dtype=float)
    if correct.ndim != 1 or correct.shape != propensity.shape:
        raise ValueError(f"`correct` and `propensity` must be 1-D and of one length, got "
                         f"shapes {correct.shape} and {propensity.shape}.")
    if np.isnan(propensity).any() or (propensity <= 0).any() or (propensity > 1).any():
        raise ValueError("every `propensity` must be a probability in (0, 1]; a row with "
                         "propensity 0 can never be labeled and IPW cannot stand for it.")
    labeled = ~np.isnan(correct)
    if not np.isin(correct[labeled], (0.0, 1.0)).all():
        raise ValueError("`correct` must hold 1 (right), 0 (wrong) or NaN (no label).")
    if not labeled.any():
        raise ValueError("no row has a label: accuracy cannot be estimated.")
    weights = 1 / propensity[labeled]
    return float(np.sum(weights * correct[labeled]) / np.sum(weights))


def selective_labels_rounds(data, features, target, *, start, rounds=6, batch=600,
                            approve_share=0.6, explore=0.1, seed=60):
    """The degenerate loop of selective labels, round by round, with the IPW correction.

    Each round a model trained on the labels seen so far scores a batch of new applicants
    drawn from ``data``; the bank approves its top ``approve_share`` and, at random,
    ``explore`` of the others. The next model learns from the approved only (exploration
    labels serve the estimate, not the training): the loop the lesson warns about.

    Returns
    -------
    pandas.DataFrame
        One row per round: ``approved`` (share), ``seen`` (accuracy among the approved),
        ``truth`` (accuracy on the whole batch, known here because the data is historical)
        and ``ipw`` (:func:`ipw_accuracy` on the approved and explored).

    Examples
    --------
    >>> from mlopskit.datasets import load_german_credit
    >>> credit = load_german_credit()
    >>> features = ["duration_months", "credit_amount", "age", "installment_rate"]
    >>> loop = selective_labels_rounds(credit, features, "good_credit", start=credit[:400],
    ...                                rounds=2)
    >>> list(loop.columns)
    ['approved', 'seen', 'truth', 'ipw']
    """
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(seed)
    X_all, y_all = data[features], data[target].to_numpy()
    X_seen, y_seen = start[features], start[target].to_numpy()
    rows = []
    for _ in range(rounds):
        model = LogisticRegression(max_iter=1000).fit(X_seen, y_seen)
        pick = rng.choice(len(data), batch)
        X_b, y_b = X_all.iloc[pick], y_all[pick]
        score = model.predict_proba(X_b)[:, 1]
        approved = score >= np.quantile(score, 1 - approve_share)
        explored = ~approved & (rng.random(batch) < explore)
        propensity = np.where(approved, 1.0, explore)
        right = (model.predict(X_b) == y_b).astype(float)
        observed = np.where(approved | explored, right, np.nan)
        rows.append({"approved": approved.mean(), "seen": right[approved].mean(),
                     "truth": right.mean(), "ipw": ipw_accuracy(observed, propensity)})
        X_seen = pd.concat([X_seen, X_b[approved]])
        y_seen = np.concatenate([y_seen, y_b[approved]])
    return pd.DataFrame(rows)
