"""Reference solutions of lesson 05, CI/CD for machine learning.

Each graded function here is the reference of one task spec in ``mlopskit/checks/cicd/``:
a data contract (:func:`validate_frame`), a quality gate (:func:`quality_gate`), a paired
bootstrap for champion and challenger (:func:`paired_bootstrap`), a behavioural test of a
model (:func:`directional_violations`), tests of a training module graded by the bugs they
catch (:class:`TestTrainer`, run against :data:`TRAINER_SOURCE` and :data:`TRAINER_BUGS`),
a CI workflow checker (:func:`workflow_problems`) and a canary decision
(:func:`canary_decision`), with :func:`rollback_alias` to undo a release.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

__all__ = [
    "DTYPES",
    "validate_frame",
    "DEFAULT_POLICY",
    "quality_gate",
    "paired_bootstrap",
    "bootstrap_deltas",
    "directional_violations",
    "TRAINER_SOURCE",
    "TRAINER_BUGS",
    "trainer_source",
    "TestTrainer",
    "DEFAULT_REQUIRED",
    "workflow_problems",
    "DEFAULT_CANARY_POLICY",
    "canary_decision",
    "rollback_alias",
    "plot_bootstrap",
    "GERMAN_CONTRACT",
    "main",
]


# ----------------------------------------------------------------- task 1: data contract
def _is_int(s):
    return pd.api.types.is_integer_dtype(s) and not pd.api.types.is_bool_dtype(s)


def _is_str(s):
    if isinstance(s.dtype, pd.CategoricalDtype):
        return False
    if s.dtype == object:  # text with nulls among it is still text
        return all(isinstance(v, str) for v in s.dropna())
    return pd.api.types.is_string_dtype(s.dtype)


#: The dtype families a schema may ask for, and how a column is recognised as one.
DTYPES = {
    "int": _is_int,
    "float": pd.api.types.is_float_dtype,
    "bool": pd.api.types.is_bool_dtype,
    "str": _is_str,
    "category": lambda s: isinstance(s.dtype, pd.CategoricalDtype),
}


def _check_schema(schema):
    if not isinstance(schema, Mapping) or not schema:
        raise ValueError("`schema` must be a non-empty mapping of column name -> rules.")
    for column, rules in schema.items():
        if not isinstance(rules, Mapping):
            raise ValueError(f"`schema[{column!r}]` must be a mapping of rules.")
        unknown = set(rules) - {"dtype", "nullable", "min", "max", "isin"}
        if unknown:
            raise ValueError(f"`schema[{column!r}]` has unknown rules {sorted(unknown)}.")
        if rules.get("dtype") is not None and rules["dtype"] not in DTYPES:
            raise ValueError(f"`schema[{column!r}]['dtype']` must be one of {sorted(DTYPES)}, "
                             f"got {rules['dtype']!r}.")


def validate_frame(df, schema):
    """Check a frame against a data contract; return its problems in a stable order.

    Parameters
    ----------
    df : pandas.DataFrame
        The data to check. It is not modified. Columns the schema does not name are
        allowed.
    schema : mapping
        Column name -> rules: ``dtype`` (one of :data:`DTYPES`), ``nullable`` (default
        False), ``min`` and ``max`` (inclusive bounds), ``isin`` (the allowed values).

    Returns
    -------
    list of str
        One ``"kind:column"`` per problem, columns in the schema's order and, for one
        column, kinds in the order ``missing``, ``dtype``, ``nulls``, ``range``,
        ``category``. A missing column reports nothing else; range and category rules
        are checked only when the dtype is right, and never count a null as a violation.

    Examples
    --------
    >>> df = pd.DataFrame({"age": [25, 17, 40], "sex": ["f", "m", None]})
    >>> schema = {"age": {"dtype": "int", "min": 18, "max": 99},
    ...           "sex": {"dtype": "str", "isin": ["f", "m"]},
    ...           "income": {"dtype": "float"}}
    >>> validate_frame(df, schema)
    ['range:age', 'nulls:sex', 'missing:income']
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"`df` must be a pandas DataFrame, got {type(df).__name__}.")
    _check_schema(schema)
    problems = []
    for column, rules in schema.items():
        if column not in df.columns:
            problems.append(f"missing:{column}")
            continue
        values = df[column]
        dtype = rules.get("dtype")
        dtype_ok = dtype is None or DTYPES[dtype](values)
        if not dtype_ok:
            problems.append(f"dtype:{column}")
        present = values.dropna()
        if not rules.get("nullable", False) and len(present) < len(values):
            problems.append(f"nulls:{column}")
        if not dtype_ok:
            continue
        low, high = rules.get("min"), rules.get("max")
        if (low is not None and (present < low).any()) or \
                (high is not None and (present > high).any()):
            problems.append(f"range:{column}")
        if rules.get("isin") is not None and not present.isin(list(rules["isin"])).all():
            problems.append(f"category:{column}")
    return problems


# ----------------------------------------------------------------- task 2: quality gate
#: The default release policy: the governance lesson's thresholds (accuracy at least 0.8,
#: drift at most 0.1, a fairness gap at most 0.1, latency at most 100 ms) and "no worse than
#: the champion by more than 0.01" for accuracy and AUC.
DEFAULT_POLICY = {
    "min": {"accuracy": 0.80},
    "max": {"fairness_gap": 0.10, "drift": 0.10, "latency_ms": 100.0},
    "max_drop": {"accuracy": 0.01, "auc": 0.01},
}


def _metrics(value, name):
    if not isinstance(value, Mapping):
        raise TypeError(f"`{name}` must be a mapping of metric name -> number.")
    for key, number in value.items():
        if isinstance(number, bool) or not isinstance(number, numbers.Real):
            raise TypeError(f"`{name}[{key!r}]` must be a number, got {number!r}.")
    return value


def quality_gate(candidate, champion=None, policy=None):
    """Decide whether a candidate model may be released.

    Parameters
    ----------
    candidate : mapping
        The candidate's metrics, e.g. ``{"accuracy": 0.84, "drift": 0.03}``.
    champion : mapping or None
        The metrics of the model in production; None when there is none yet, and then
        the ``max_drop`` rules are skipped (so are those for a metric the champion lacks).
    policy : mapping, optional
        ``{"min": {metric: floor}, "max": {metric: ceiling}, "max_drop": {metric: x}}``;
        :data:`DEFAULT_POLICY` when None. A metric equal to its threshold passes;
        ``max_drop`` fails when ``champion[m] - candidate[m] > x``.

    Returns
    -------
    dict
        ``{"passed": bool, "failures": [...]}``, failures as ``"min:accuracy"``,
        ``"max:drift"``, ``"drop:auc"`` or ``"missing:latency_ms"`` (a metric the policy
        needs that the candidate lacks), in the policy's order: min, max, then max_drop.

    Examples
    --------
    >>> quality_gate({"accuracy": 0.82, "auc": 0.80, "fairness_gap": 0.05, "drift": 0.2,
    ...               "latency_ms": 40}, {"accuracy": 0.85, "auc": 0.80})
    {'passed': False, 'failures': ['max:drift', 'drop:accuracy']}
    """
    _metrics(candidate, "candidate")
    if champion is not None:
        _metrics(champion, "champion")
    policy = DEFAULT_POLICY if policy is None else policy
    if not isinstance(policy, Mapping) or set(policy) - {"min", "max", "max_drop"}:
        raise ValueError("`policy` must be a mapping with keys among 'min', 'max', 'max_drop'.")
    failures = []
    for kind, fails in (("min", lambda v, t: v < t), ("max", lambda v, t: v > t)):
        for metric, threshold in policy.get(kind, {}).items():
            if metric not in candidate:
                failures.append(f"missing:{metric}")
            elif fails(candidate[metric], threshold):
                failures.append(f"{kind}:{metric}")
    for metric, allowed in policy.get("max_drop", {}).items():
        if champion is None or metric not in champion:
            continue
        if metric not in candidate:
            failures.append(f"missing:{metric}")
        elif champion[metric] - candidate[metric] > allowed:
            failures.append(f"drop:{metric}")
    return {"passed": not failures, "failures": failures}


# ----------------------------------------------------------------- task 3: paired bootstrap
def _metric_values(metric, y, score):
    """The metric on each row of resampled ``y`` and ``score`` (2-D arrays)."""
    if metric == "accuracy":
        return np.mean((score >= 0.5) == (y == 1), axis=-1)
    if metric == "brier":
        return np.mean((score - y) ** 2, axis=-1)
    raise ValueError(f"`metric` must be 'accuracy' or 'brier', got {metric!r}.")


def _paired_inputs(y_true, score_a, score_b):
    y = np.asarray(y_true, dtype=float)
    a, b = np.asarray(score_a, dtype=float), np.asarray(score_b, dtype=float)
    if y.ndim != 1 or y.size == 0:
        raise ValueError("`y_true` must be a non-empty 1-D array.")
    if a.shape != y.shape or b.shape != y.shape:
        raise ValueError(f"`score_a` and `score_b` must have the shape of `y_true` {y.shape}, "
                         f"got {a.shape} and {b.shape}.")
    if not np.isin(y, (0.0, 1.0)).all():
        raise ValueError("`y_true` must hold only 0 and 1.")
    return y, a, b


def bootstrap_deltas(y_true, score_a, score_b, *, metric="accuracy", n_boot=1000, seed=0):
    """The paired bootstrap distribution of ``metric(b) - metric(a)``.

    The resampled row indices are drawn at once, ``rng.integers(0, n, size=(n_boot, n))``
    with ``rng = np.random.default_rng(seed)``; the same rows score both models.

    Examples
    --------
    >>> bootstrap_deltas([0, 1, 1, 0], [0.2, 0.4, 0.9, 0.3], [0.1, 0.8, 0.7, 0.2],
    ...                  n_boot=3).shape
    (3,)
    """
    y, a, b = _paired_inputs(y_true, score_a, score_b)
    if isinstance(n_boot, bool) or not isinstance(n_boot, numbers.Integral) or n_boot < 1:
        raise ValueError(f"`n_boot` must be a positive integer, got {n_boot!r}.")
    idx = np.random.default_rng(seed).integers(0, y.size, size=(n_boot, y.size))
    return _metric_values(metric, y[idx], b[idx]) - _metric_values(metric, y[idx], a[idx])


def paired_bootstrap(y_true, score_a, score_b, *, metric="accuracy", n_boot=1000, seed=0,
                     alpha=0.05):
    """How much better model B is than model A, with a percentile bootstrap interval.

    Parameters
    ----------
    y_true : array-like of 0/1
    score_a, score_b : array-like of float
        Predicted probabilities of the positive class from the champion (A) and the
        challenger (B) on the same rows.
    metric : {"accuracy", "brier"}
        Accuracy thresholds the scores at 0.5 (higher is better); the Brier score is the
        mean squared error of the probabilities (lower is better).
    n_boot : int
        Number of resamples.
    seed : int
        Seed of ``np.random.default_rng``; see :func:`bootstrap_deltas` for the draw.
    alpha : float
        The interval covers ``1 - alpha``: the ``alpha/2`` and ``1 - alpha/2`` quantiles
        of the resampled differences (``np.quantile``'s default method).

    Returns
    -------
    tuple of float
        ``(delta, low, high)``: ``delta = metric(B) - metric(A)`` on all rows, and the
        interval. B is better in accuracy when ``low > 0`` (in Brier when ``high < 0``).

    Examples
    --------
    >>> y = np.array([0, 1] * 50)
    >>> a = np.where(np.arange(100) % 4 == 0, 1 - y, y) * 0.8 + 0.1
    >>> delta, low, high = paired_bootstrap(y, a, y * 0.8 + 0.1, n_boot=500)
    >>> round(delta, 2), bool(low > 0)
    (0.25, True)
    """
    if not 0 < alpha < 1:
        raise ValueError(f"`alpha` must be in (0, 1), got {alpha!r}.")
    y, a, b = _paired_inputs(y_true, score_a, score_b)
    delta = float(_metric_values(metric, y, b) - _metric_values(metric, y, a))
    deltas = bootstrap_deltas(y, a, b, metric=metric, n_boot=n_boot, seed=seed)
    low, high = np.quantile(deltas, [alpha / 2, 1 - alpha / 2])
    return delta, float(low), float(high)


# ----------------------------------------------------------------- task 4: behaviour
def directional_violations(predict_proba, X, feature, delta, *, sign=1, tol=0.0):
    """Share of rows whose predicted probability moves the wrong way when a feature moves.

    A CheckList-style directional expectation: adding ``delta`` to ``feature`` should
    move the probability of the positive class (column 1 of ``predict_proba``) up
    (``sign=1``) or down (``sign=-1``); with ``sign=0`` it should not move at all
    (an invariance test).

    Parameters
    ----------
    predict_proba : callable
        Takes a DataFrame like ``X`` and returns an ``(n, 2)`` array.
    X : pandas.DataFrame
        The rows to perturb; it is not modified.
    feature : str
        A numeric column of ``X``.
    delta : float
        What is added to ``feature``.
    sign : {1, -1, 0}
    tol : float
        Changes within ``tol`` are not violations: a row violates ``sign=1`` when
        ``p_after - p_before < -tol``, ``sign=-1`` when ``p_after - p_before > tol``,
        ``sign=0`` when ``abs(p_after - p_before) > tol``.

    Returns
    -------
    float
        The share of rows that violate the expectation.

    Examples
    --------
    >>> def proba(X):
    ...     p = 1 / (1 + np.exp(-(X["income"] - X["debt"]).to_numpy()))
    ...     return np.column_stack([1 - p, p])
    >>> X = pd.DataFrame({"income": [1.0, 2.0, 3.0], "debt": [0.5, 2.5, 1.0]})
    >>> directional_violations(proba, X, "debt", 1.0, sign=-1)
    0.0
    >>> directional_violations(proba, X, "debt", 1.0, sign=1)
    1.0
    """
    if not callable(predict_proba):
        raise TypeError("`predict_proba` must be callable.")
    if not isinstance(X, pd.DataFrame):
        raise TypeError(f"`X` must be a pandas DataFrame, got {type(X).__name__}.")
    if feature not in X.columns:
        raise ValueError(f"`feature` {feature!r} is not a column of `X`.")
    if len(X) == 0:
        raise ValueError("`X` has no rows: there is nothing to test.")
    if sign not in (1, -1, 0):
        raise ValueError(f"`sign` must be 1, -1 or 0, got {sign!r}.")
    moved = X.copy()
    moved[feature] = moved[feature] + delta
    before = np.asarray(predict_proba(X), dtype=float)[:, 1]
    after = np.asarray(predict_proba(moved), dtype=float)[:, 1]
    change = after - before
    if sign == 0:
        wrong = np.abs(change) > tol
    else:
        wrong = sign * change < -tol
    return float(np.mean(wrong))


# ----------------------------------------------------------------- task 5: tests of a trainer
#: A small training module that learners test. Its data come from ``make_data`` (seeded);
#: ``train_and_evaluate`` splits, fits a scaler and a logistic regression on the training
#: rows only, and scores the test rows.
TRAINER_SOURCE = '''\
"""Train and evaluate a small credit model."""
import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

LABEL = "default"
FEATURES = ["income", "debt", "age", "late_payments"]
DATA_SEED = 0


def make_data(n=401, *, seed=DATA_SEED):
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({
        "income": rng.normal(50, 15, n).round(1),
        "debt": rng.normal(20, 8, n).round(1),
        "age": rng.integers(18, 75, n),
        "late_payments": rng.poisson(1.0, n),
        "region": rng.choice(["north", "south"], n),
    })
    logit = -0.06 * df["income"] + 0.12 * df["debt"] + 0.8 * df["late_payments"] - 0.5
    df[LABEL] = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    df["collections"] = df[LABEL] * rng.integers(1, 4, n)  # known only after a default
    return df


def split(df, *, test_size=0.25, seed=0):
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(df))
    n_test = int(round(len(df) * test_size))
    return df.iloc[order[n_test:]], df.iloc[order[:n_test]]


def fit(train):
    model = make_pipeline(StandardScaler(), LogisticRegression())
    return model.fit(train[FEATURES], train[LABEL])


def accuracy(model, test):
    return float(np.mean(model.predict(test[FEATURES]) == test[LABEL].to_numpy()))


def train_and_evaluate(df, *, seed=0):
    train, test = split(df, seed=seed)
    model = fit(train)
    return model, {"accuracy": accuracy(model, test), "n_train": len(train),
                   "n_test": len(test)}
'''

#: The bugs learners' tests must catch: name -> (text replaced, replacement).
TRAINER_BUGS = {
    "leakage": ('FEATURES = ["income", "debt", "age", "late_payments"]',
                'FEATURES = ["income", "debt", "age", "late_payments", "collections"]'),
    "wrong_label": ("    return model.fit(train[FEATURES], train[LABEL])",
                    '    return model.fit(train[FEATURES], (train["region"] == "south")'
                    ".astype(int))"),
    "unseeded_split": ("    rng = np.random.default_rng(seed)\n    order",
                       "    rng = np.random.default_rng()\n    order"),
    "overlapping_split": ("    return df.iloc[order[n_test:]], df.iloc[order[:n_test]]",
                          "    return df.iloc[order[n_test // 2:]], df.iloc[order[:n_test]]"),
    "scaler_fit_on_all": (
        "    train, test = split(df, seed=seed)\n    model = fit(train)",
        "    train, test = split(df, seed=seed)\n    model = fit(train)\n"
        "    model.steps[0][1].fit(df[FEATURES])"),
    "metric_on_train": ("    return model, {\"accuracy\": accuracy(model, test)",
                        "    return model, {\"accuracy\": accuracy(model, train)"),
}


def trainer_source(bug=None, *, data_seed=0):
    """The trainer module's source, with one of :data:`TRAINER_BUGS` planted (or none).

    Examples
    --------
    >>> "collections\\"]" in trainer_source("leakage")
    True
    >>> trainer_source(data_seed=3).count("DATA_SEED = 3")
    1
    """
    source = TRAINER_SOURCE
    if bug is not None:
        if bug not in TRAINER_BUGS:
            raise ValueError(f"`bug` must be one of {sorted(TRAINER_BUGS)}, got {bug!r}.")
        old, new = TRAINER_BUGS[bug]
        if source.count(old) != 1:  # pragma: no cover - guarded by the tests
            raise RuntimeError(f"bug {bug!r} does not apply to the trainer source")
        source = source.replace(old, new)
    return source.replace("DATA_SEED = 0", f"DATA_SEED = {int(data_seed)}")


class TestTrainer:
    """Tests of the trainer module; each method receives the module as ``trainer``.

    Run them like pytest would, one fresh module per test (see ``invoke`` with the
    ``pytest_mutants`` protocol). They pass on :data:`TRAINER_SOURCE` and each bug of
    :data:`TRAINER_BUGS` makes at least one of them fail.

    Examples
    --------
    >>> import types
    >>> module = types.ModuleType("trainer")
    >>> exec(trainer_source(), module.__dict__)
    >>> TestTrainer().test_split_is_seeded_and_disjoint(module)
    """

    _memoize_runs = True  # deterministic: a run on the same module can be remembered

    def test_features_exclude_label_and_later_columns(self, trainer):
        assert trainer.LABEL not in trainer.FEATURES
        assert "collections" not in trainer.FEATURES  # only known after the outcome

    def test_split_is_seeded_and_disjoint(self, trainer):
        df = trainer.make_data()
        train1, test1 = trainer.split(df, seed=1)
        train2, test2 = trainer.split(df, seed=1)
        assert list(train1.index) == list(train2.index)
        assert set(train1.index).isdisjoint(test1.index)
        assert len(train1) + len(test1) == len(df)

    def test_model_learns_the_label(self, trainer):
        df = trainer.make_data()
        df[trainer.LABEL] = (df["debt"] > df["debt"].median()).astype(int)  # easy to learn
        model = trainer.fit(df)
        assert trainer.accuracy(model, df) > 0.9

    def test_scaler_sees_training_rows_only(self, trainer):
        df = trainer.make_data()
        model, _ = trainer.train_and_evaluate(df, seed=0)
        train, _ = trainer.split(df, seed=0)
        scaler = model.steps[0][1]
        assert np.allclose(scaler.mean_, train[trainer.FEATURES].mean().to_numpy())

    def test_reported_accuracy_is_on_test_rows(self, trainer):
        df = trainer.make_data()
        model, metrics = trainer.train_and_evaluate(df, seed=0)
        _, test = trainer.split(df, seed=0)
        assert metrics["accuracy"] == trainer.accuracy(model, test)


# ----------------------------------------------------------------- task 6: CI workflow
#: What the lesson's CI workflow must do: triggers, steps (each found by any of its
#: commands in a ``run:`` block) and the oldest major version accepted for each action.
DEFAULT_REQUIRED = {
    "triggers": ["push", "pull_request"],
    "steps": {
        "install": ["pip install", "make setup"],
        "lint": ["ruff", "flake8"],
        "tests": ["pytest", "make test"],
        "data": ["validate"],
        "gate": ["gate"],
    },
    "actions": {"actions/checkout": 4, "actions/setup-python": 5},
}

_SHA = re.compile(r"^[0-9a-f]{40}$")
_MAJOR = re.compile(r"^v?(\d+)(?:\.\d+)*$")


def _triggers(doc):
    on = doc.get("on", doc.get(True))  # YAML 1.1 reads an unquoted key `on` as True
    if on is None:
        return set()
    if isinstance(on, str):
        return {on}
    if isinstance(on, list):
        return {str(t) for t in on}
    if isinstance(on, dict):
        return {str(t) for t in on}
    raise ValueError("the workflow's `on` must be a string, a list or a mapping.")


def _steps(doc):
    jobs = doc.get("jobs") or {}
    if not isinstance(jobs, dict):
        raise ValueError("the workflow's `jobs` must be a mapping.")
    for job in jobs.values():
        for step in (job or {}).get("steps") or []:
            if isinstance(step, dict):
                yield step


def workflow_problems(yaml_text, required=None):
    """What a GitHub Actions workflow lacks, read from its YAML text.

    Parameters
    ----------
    yaml_text : str
        The workflow file's text.
    required : mapping, optional
        ``{"triggers": [...], "steps": {name: [command, ...]}, "actions": {action: major}}``;
        :data:`DEFAULT_REQUIRED` when None. A step is present when one of its commands
        occurs in the ``run:`` text of a step of any job.

    Returns
    -------
    list of str
        ``"trigger:<event>"`` for each missing trigger, ``"step:<name>"`` for each missing
        step (both in ``required``'s order), then, for each ``uses:`` in file order,
        ``"unpinned:<action>"`` (no ``@ref``, or a branch such as ``@main``) or
        ``"outdated:<action>"`` (a major version below the required one). A 40-hex commit
        SHA counts as pinned. Local (``./``) and ``docker://`` actions are skipped.

    Examples
    --------
    >>> text = '''
    ... on: [push]
    ... jobs:
    ...   test:
    ...     runs-on: ubuntu-latest
    ...     steps:
    ...       - uses: actions/checkout@v2
    ...       - run: pip install -e . && pytest
    ... '''
    >>> workflow_problems(text)
    ['trigger:pull_request', 'step:lint', 'step:data', 'step:gate', 'outdated:actions/checkout']
    """
    import yaml

    if not isinstance(yaml_text, str):
        raise TypeError(f"`yaml_text` must be a string, got {type(yaml_text).__name__}.")
    required = DEFAULT_REQUIRED if required is None else required
    try:
        doc = yaml.safe_load(yaml_text)
    except yaml.YAMLError as error:
        raise ValueError(f"the workflow is not valid YAML: {error}") from None
    if not isinstance(doc, dict):
        raise ValueError("the workflow must be a YAML mapping.")
    problems = []
    triggers = _triggers(doc)
    problems += [f"trigger:{t}" for t in required.get("triggers", []) if t not in triggers]
    steps = list(_steps(doc))
    runs = [str(s.get("run", "")) for s in steps]
    for name, commands in required.get("steps", {}).items():
        if not any(c in run for run in runs for c in commands):
            problems.append(f"step:{name}")
    majors = required.get("actions", {})
    for step in steps:
        uses = step.get("uses")
        if not isinstance(uses, str) or uses.startswith(("./", "docker://")):
            continue
        action, _, ref = uses.partition("@")
        if _SHA.match(ref):
            continue
        match = _MAJOR.match(ref)
        if not match:
            problems.append(f"unpinned:{action}")
        elif action in majors and int(match.group(1)) < majors[action]:
            problems.append(f"outdated:{action}")
    return problems


# ----------------------------------------------------------------- task 7: canary
#: Enough canary traffic to decide, the error-rate increase tolerated (absolute) and the
#: latency tolerated relative to the stable version.
DEFAULT_CANARY_POLICY = {"min_requests": 500, "max_error_increase": 0.01,
                         "max_latency_ratio": 1.2}


def _side(stats, name):
    side = stats.get(name) if isinstance(stats, Mapping) else None
    if not isinstance(side, Mapping) or {"requests", "errors", "p95_latency_ms"} - set(side):
        raise ValueError(f"`stats[{name!r}]` must have 'requests', 'errors' and "
                         f"'p95_latency_ms'.")
    if side["requests"] < 0 or side["errors"] < 0 or side["errors"] > side["requests"]:
        raise ValueError(f"`stats[{name!r}]` needs 0 <= errors <= requests.")
    return side


def canary_decision(stats, policy=None):
    """Promote, keep watching, or roll back a canary release.

    Parameters
    ----------
    stats : mapping
        ``{"canary": {...}, "stable": {...}}``, each with ``requests``, ``errors`` and
        ``p95_latency_ms``.
    policy : mapping, optional
        :data:`DEFAULT_CANARY_POLICY` when None.

    Returns
    -------
    str
        ``"continue"`` while the canary has fewer than ``min_requests`` requests;
        then ``"rollback"`` when its error rate exceeds the stable one by more than
        ``max_error_increase``, or its p95 latency is above ``max_latency_ratio`` times
        the stable one; otherwise ``"promote"``. Equal to a limit is within it.

    Examples
    --------
    >>> stable = {"requests": 10000, "errors": 100, "p95_latency_ms": 80}
    >>> canary_decision({"stable": stable,
    ...                  "canary": {"requests": 800, "errors": 30, "p95_latency_ms": 85}})
    'rollback'
    """
    policy = {**DEFAULT_CANARY_POLICY, **(policy or {})}
    canary, stable = _side(stats, "canary"), _side(stats, "stable")
    if stable["requests"] == 0:
        raise ValueError("the stable version has served no requests: nothing to compare with.")
    if canary["requests"] < policy["min_requests"]:
        return "continue"
    increase = canary["errors"] / canary["requests"] - stable["errors"] / stable["requests"]
    if increase > policy["max_error_increase"]:
        return "rollback"
    if canary["p95_latency_ms"] > policy["max_latency_ratio"] * stable["p95_latency_ms"]:
        return "rollback"
    return "promote"


def rollback_alias(client, model_name, *, alias="champion", to_version, audit_log=None,
                   user="ci", reason=""):
    """Move ``alias`` back to ``to_version`` and record it in the audit trail.

    Parameters
    ----------
    client : mlflow.MlflowClient
    model_name : str
    alias : str
    to_version : str or int
        The version the alias points to after the rollback.
    audit_log : mlopskit.governance.AuditLog, optional
    user, reason : str

    Returns
    -------
    dict
        ``{"alias": alias, "from": old version or None, "to": new version}``.

    Examples
    --------
    >>> from mlopskit._protocol import FakeRegistry
    >>> reg = FakeRegistry("credit", aliases={"champion": "3"})
    >>> rollback_alias(reg, "credit", to_version=2)
    {'alias': 'champion', 'from': '3', 'to': '2'}
    """
    try:
        old = str(client.get_model_version_by_alias(model_name, alias).version)
    except Exception:  # no alias yet: nothing to move away from
        old = None
    client.set_registered_model_alias(model_name, alias, str(to_version))
    client.set_model_version_tag(model_name, str(to_version), "rolled_back_from", str(old))
    record = {"alias": alias, "from": old, "to": str(to_version)}
    if audit_log is not None:
        audit_log.log_event("rollback", user, {"model": model_name, **record,
                                               "reason": reason})
    return record


# ----------------------------------------------------------------- figures
def plot_bootstrap(deltas, low, high, *, delta=None, ax=None, lang=None):
    """Histogram of bootstrap differences with the interval and zero marked.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = plot_bootstrap(np.array([0.01, 0.02, 0.03]), 0.01, 0.03, lang="en")
    >>> ax.get_xlabel()
    'accuracy(challenger) - accuracy(champion)'
    """
    from mlopskit import texts
    from mlopskit.plots import COLOURS, _axes

    T = texts.for_lesson("cicd", lang=lang)
    deltas = np.asarray(deltas, dtype=float)
    if deltas.ndim != 1 or deltas.size == 0:
        raise ValueError("`deltas` must be a non-empty 1-D array.")
    ax = _axes(ax, (6, 3.2))
    ax.hist(deltas, bins=min(40, max(5, deltas.size // 25)), color=COLOURS["sky"])
    ax.axvspan(low, high, color=COLOURS["blue"], alpha=0.15, label=T("interval_95"))
    ax.axvline(0.0, color=COLOURS["red"], linestyle="--", label=T("no_difference"))
    if delta is not None and math.isfinite(delta):
        ax.axvline(delta, color=COLOURS["blue"], label=T("observed_difference"))
    ax.set_xlabel(T("delta_axis"))
    ax.set_ylabel(T("resamples"))
    ax.set_title(T("bootstrap_title"))
    ax.legend(loc="best", fontsize=8)
    return ax


# ----------------------------------------------------------------- command line
#: The contract the shipped German Credit data must meet (``python -m mlopskit.cicd validate``).
GERMAN_CONTRACT = {
    "duration_months": {"dtype": "int", "min": 1, "max": 72},
    "credit_amount": {"dtype": "int", "min": 0},
    "age": {"dtype": "int", "min": 18, "max": 100},
    "sex": {"dtype": "str", "isin": ["female", "male"]},
    "good_credit": {"dtype": "int", "isin": [0, 1]},
}


def _gate_example():
    """Train the lesson's example model on German Credit and gate it against a baseline."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from mlopskit.datasets import load_german_credit

    credit = load_german_credit()
    features = ["duration_months", "credit_amount", "installment_rate", "age"]
    train, test = train_test_split(credit, test_size=0.4, random_state=0,
                                   stratify=credit["good_credit"])
    model = make_pipeline(StandardScaler(), LogisticRegression()).fit(train[features],
                                                                      train["good_credit"])
    proba = model.predict_proba(test[features])[:, 1]
    majority = float(max(test["good_credit"].mean(), 1 - test["good_credit"].mean()))
    candidate = {"accuracy": float(np.mean((proba >= 0.5) == test["good_credit"])),
                 "auc": float(roc_auc_score(test["good_credit"], proba))}
    baseline = {"accuracy": majority, "auc": 0.5}
    return quality_gate(candidate, baseline, {"max_drop": {"accuracy": 0.0, "auc": 0.0}})


def main(argv=None):
    """``python -m mlopskit.cicd validate`` (the shipped data meet their checksums and
    contract) or ``... gate`` (the example model beats a majority-class baseline)."""
    import sys

    args = sys.argv[1:] if argv is None else list(argv)
    if args == ["validate"]:
        from mlopskit.datasets import load_german_credit

        problems = validate_frame(load_german_credit(), GERMAN_CONTRACT)
        print("data contract:", problems or "ok")
        return 1 if problems else 0
    if args == ["gate"]:
        result = _gate_example()
        print("quality gate:", result)
        return 0 if result["passed"] else 1
    print("usage: python -m mlopskit.cicd validate | gate", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
