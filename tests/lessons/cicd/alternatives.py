"""Correct implementations of lesson 05_cicd's tasks, written differently from the reference.

A check must accept every one of them. ``ALTERNATIVES`` maps each task id to at least two.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import yaml

from mlopskit.cicd import DEFAULT_CANARY_POLICY, DEFAULT_POLICY, DEFAULT_REQUIRED, DTYPES


# ---------------------------------------------------------------- data contract
def validate_with_a_table(df, schema):
    order = ["missing", "dtype", "nulls", "range", "category"]
    found = []
    for position, (column, rules) in enumerate(schema.items()):
        if column not in df:
            found.append((position, 0, column))
            continue
        s = df[column]
        good_type = "dtype" not in rules or DTYPES[rules["dtype"]](s)
        kinds = set()
        if not good_type:
            kinds.add("dtype")
        if s.isna().sum() > 0 and rules.get("nullable") is not True:
            kinds.add("nulls")
        if good_type:
            if "min" in rules or "max" in rules:
                lo, hi = rules.get("min", -np.inf), rules.get("max", np.inf)
                if not s.dropna().between(lo, hi, inclusive="both").all():
                    kinds.add("range")
            if "isin" in rules and (~s.dropna().isin(set(rules["isin"]))).any():
                kinds.add("category")
        found += [(position, order.index(k), column) for k in kinds]
    return [f"{order[k]}:{c}" for _, k, c in sorted(found)]


def validate_with_loops(df, schema):
    out = []
    for column in schema:
        rules = schema[column]
        if column not in list(df.columns):
            out.append("missing:" + column)
            continue
        values = df[column].tolist()
        present = [v for v in values if not pd.isna(v)]
        dtype = rules.get("dtype")
        typed = True if dtype is None else bool(DTYPES[dtype](df[column]))
        if not typed:
            out.append("dtype:" + column)
        if len(present) != len(values) and not rules.get("nullable", False):
            out.append("nulls:" + column)
        if typed:
            if any(("min" in rules and v < rules["min"]) or ("max" in rules and v > rules["max"])
                   for v in present):
                out.append("range:" + column)
            if "isin" in rules and any(v not in list(rules["isin"]) for v in present):
                out.append("category:" + column)
    return out


# ---------------------------------------------------------------- quality gate
def gate_with_rules_list(candidate, champion=None, policy=None):
    policy = policy or DEFAULT_POLICY
    rules = [("min", m, t) for m, t in policy.get("min", {}).items()]
    rules += [("max", m, t) for m, t in policy.get("max", {}).items()]
    if champion:
        rules += [("drop", m, t) for m, t in policy.get("max_drop", {}).items() if m in champion]
    failures = []
    for kind, metric, limit in rules:
        value = candidate.get(metric)
        if value is None:
            failures.append("missing:" + metric)
        elif kind == "min" and not value >= limit:
            failures.append("min:" + metric)
        elif kind == "max" and not value <= limit:
            failures.append("max:" + metric)
        elif kind == "drop" and champion[metric] - value > limit:
            failures.append("drop:" + metric)
    return {"passed": len(failures) == 0, "failures": failures}


def gate_with_pandas(candidate, champion=None, policy=None):
    policy = DEFAULT_POLICY if policy is None else policy
    cand = pd.Series(candidate, dtype=float)
    failures = []
    for kind, sign in (("min", 1), ("max", -1)):
        for metric, limit in policy.get(kind, {}).items():
            if metric not in cand.index:
                failures.append(f"missing:{metric}")
            elif sign * (cand[metric] - limit) < 0:
                failures.append(f"{kind}:{metric}")
    for metric, limit in policy.get("max_drop", {}).items():
        if champion is not None and metric in champion:
            if metric not in cand.index:
                failures.append(f"missing:{metric}")
            elif float(champion[metric]) - cand[metric] > limit:
                failures.append(f"drop:{metric}")
    return dict(passed=not failures, failures=failures)


# ---------------------------------------------------------------- paired bootstrap
def bootstrap_with_a_loop(y_true, score_a, score_b, *, metric="accuracy", n_boot=1000, seed=0,
                          alpha=0.05):
    y = np.array(y_true)
    a, b = np.array(score_a, dtype=float), np.array(score_b, dtype=float)

    def value(yy, ss):
        if metric == "brier":
            return float(np.mean((ss - yy) ** 2))
        return float(np.mean(np.where(ss >= 0.5, 1, 0) == yy))

    rng = np.random.default_rng(seed)
    deltas = []
    for _ in range(n_boot):
        idx = rng.integers(0, len(y), size=len(y))
        deltas.append(value(y[idx], b[idx]) - value(y[idx], a[idx]))
    low, high = np.quantile(np.array(deltas), [alpha / 2, 1 - alpha / 2])
    return value(y, b) - value(y, a), float(low), float(high)


def bootstrap_with_per_row_differences(y_true, score_a, score_b, *, metric="accuracy",
                                       n_boot=1000, seed=0, alpha=0.05):
    y = np.asarray(y_true, dtype=float)
    a, b = np.asarray(score_a, dtype=float), np.asarray(score_b, dtype=float)
    if metric == "accuracy":
        per_row = ((b >= 0.5) == (y == 1)).astype(float) - ((a >= 0.5) == (y == 1)).astype(float)
    else:
        per_row = (b - y) ** 2 - (a - y) ** 2
    idx = np.random.default_rng(seed).integers(0, y.size, size=(n_boot, y.size))
    deltas = per_row[idx].mean(axis=1)
    return (float(per_row.mean()), float(np.quantile(deltas, alpha / 2)),
            float(np.quantile(deltas, 1 - alpha / 2)))


# ---------------------------------------------------------------- behaviour
def violations_with_assign(predict_proba, X, feature, delta, *, sign=1, tol=0.0):
    if X.shape[0] == 0:
        raise ValueError("empty X")
    before = predict_proba(X)[:, 1]
    after = predict_proba(X.assign(**{feature: X[feature] + delta}))[:, 1]
    change = after - before
    if sign == 1:
        bad = change < -tol
    elif sign == -1:
        bad = change > tol
    else:
        bad = np.abs(change) > tol
    return float(bad.sum() / len(bad))


def violations_row_by_row(predict_proba, X, feature, delta, *, sign=1, tol=0.0):
    if not len(X):
        raise ValueError("no rows")
    shifted = X.copy(deep=True)
    shifted[feature] += delta
    p0, p1 = predict_proba(X)[:, 1], predict_proba(shifted)[:, 1]
    count = 0
    for before, after in zip(p0, p1):
        d = after - before
        count += (abs(d) > tol) if sign == 0 else (sign * d < -tol)
    return count / len(p0)


# ---------------------------------------------------------------- tests of the trainer
class TestTrainerByProperties:
    """Other properties, other style, same bugs caught."""

    def test_no_leaking_columns(self, trainer):
        df = trainer.make_data()
        model = trainer.fit(trainer.split(df, seed=0)[0])
        assert list(model.feature_names_in_) == ["income", "debt", "age", "late_payments"]

    def test_split_reproducible(self, trainer):
        df = trainer.make_data()
        a = trainer.split(df, seed=7)
        b = trainer.split(df, seed=7)
        assert a[0].equals(b[0]) and a[1].equals(b[1])

    def test_split_partitions_rows(self, trainer):
        df = trainer.make_data()
        train, test = trainer.split(df, seed=2)
        assert sorted(list(train.index) + list(test.index)) == list(range(len(df)))

    def test_learns_the_label(self, trainer):
        # whatever the data: a model fitted on the flipped label predicts the opposite
        df = trainer.make_data()
        flipped = df.assign(**{trainer.LABEL: 1 - df[trainer.LABEL]})
        a = trainer.fit(df).predict_proba(df[trainer.FEATURES])[:, 1]
        b = trainer.fit(flipped).predict_proba(df[trainer.FEATURES])[:, 1]
        assert np.corrcoef(a, b)[0, 1] < 0

    def test_evaluation_protocol(self, trainer):
        df = trainer.make_data()
        model, metrics = trainer.train_and_evaluate(df, seed=4)
        train, test = trainer.split(df, seed=4)
        assert abs(model[0].mean_ - train[trainer.FEATURES].mean().to_numpy()).max() < 1e-9
        assert metrics["accuracy"] == trainer.accuracy(model, test)
        assert metrics["n_test"] == len(test)


class TestTrainerWithTmpPath:
    """Writes what it compares to ``tmp_path`` and checks through the public functions."""

    def test_label_is_not_an_input(self, trainer):
        assert not set(trainer.FEATURES) & {trainer.LABEL, "collections"}

    def test_same_seed_same_split(self, trainer, tmp_path):
        df = trainer.make_data()
        trainer.split(df, seed=1)[1].to_csv(tmp_path / "first.csv")
        trainer.split(df, seed=1)[1].to_csv(tmp_path / "second.csv")
        assert (tmp_path / "first.csv").read_text() == (tmp_path / "second.csv").read_text()

    def test_no_row_in_both(self, trainer):
        train, test = trainer.split(trainer.make_data(), seed=0)
        assert not train.index.intersection(test.index).size

    def test_scaler_and_metric(self, trainer):
        df = trainer.make_data()
        df[trainer.LABEL] = (df["debt"] > 20).astype(int)
        model, metrics = trainer.train_and_evaluate(df)
        train, test = trainer.split(df, seed=0)
        assert np.allclose(model.steps[0][1].mean_, train[trainer.FEATURES].mean())
        assert metrics["accuracy"] == trainer.accuracy(model, test)
        assert metrics["accuracy"] > 0.85


# ---------------------------------------------------------------- workflow
def _on_of(doc):
    for key in ("on", True):
        if key in doc:
            return doc[key]
    return None


def workflow_by_walking(yaml_text, required=None):
    req = required if required is not None else DEFAULT_REQUIRED
    doc = yaml.load(yaml_text, Loader=yaml.SafeLoader)
    on = _on_of(doc)
    if isinstance(on, str):
        on = [on]
    have = set(on or [])
    out = ["trigger:" + t for t in req.get("triggers", []) if t not in have]
    steps = []
    for job in doc.get("jobs", {}).values():
        steps.extend(job.get("steps", []))
    script = "\n".join(s.get("run", "") for s in steps)
    out += ["step:" + n for n, cmds in req.get("steps", {}).items()
            if not any(cmd in script for cmd in cmds)]
    for s in steps:
        if "uses" not in s or s["uses"][:2] == "./" or s["uses"].startswith("docker://"):
            continue
        name, ref = (s["uses"].split("@", 1) + [""])[:2]
        if len(ref) == 40 and all(ch in "0123456789abcdef" for ch in ref):
            continue
        parts = ref.lstrip("v").split(".")
        if not ref or not all(p.isdigit() for p in parts):
            out.append("unpinned:" + name)
        elif int(parts[0]) < req.get("actions", {}).get(name, -1):
            out.append("outdated:" + name)
    return out


def workflow_with_regex(yaml_text, required=None):
    required = required or DEFAULT_REQUIRED
    doc = yaml.safe_load(yaml_text)
    on = doc[True] if True in doc else doc.get("on")
    triggers = {on} if isinstance(on, str) else set(on or ())
    problems = [f"trigger:{t}" for t in required.get("triggers", ()) if t not in triggers]
    steps = [s for j in doc["jobs"].values() for s in j.get("steps", [])]
    runs = " ".join(s["run"] for s in steps if "run" in s)
    problems += [f"step:{n}" for n, c in required.get("steps", {}).items()
                 if not any(x in runs for x in c)]
    for s in steps:
        m = re.match(r"^(?!\./|docker://)([^@]+)(?:@(.*))?$", s.get("uses", ""))
        if not m:
            continue
        action, ref = m.group(1), m.group(2) or ""
        if re.fullmatch(r"[0-9a-f]{40}", ref):
            continue
        major = re.fullmatch(r"v?(\d+)(?:\.\d+)*", ref)
        if not major:
            problems.append(f"unpinned:{action}")
        elif action in required.get("actions", {}) and \
                int(major[1]) < required["actions"][action]:
            problems.append(f"outdated:{action}")
    return problems


# ---------------------------------------------------------------- canary
def canary_with_rates(stats, policy=None):
    p = dict(DEFAULT_CANARY_POLICY)
    p.update(policy or {})
    c, s = stats["canary"], stats["stable"]
    if not s["requests"]:
        raise ValueError("no stable traffic")
    if c["requests"] >= p["min_requests"]:
        worse = c["errors"] / c["requests"] > s["errors"] / s["requests"] + \
            p["max_error_increase"]
        slower = c["p95_latency_ms"] / s["p95_latency_ms"] > p["max_latency_ratio"]
        return "rollback" if worse or slower else "promote"
    return "continue"


def canary_as_rules(stats, policy=None):
    policy = {**DEFAULT_CANARY_POLICY, **(policy or {})}
    canary, stable = stats["canary"], stats["stable"]
    if stable["requests"] <= 0:
        raise ValueError("stable requests must be positive")
    rules = [
        (lambda: canary["requests"] < policy["min_requests"], "continue"),
        (lambda: canary["errors"] / canary["requests"] - stable["errors"] / stable["requests"]
         > policy["max_error_increase"], "rollback"),
        (lambda: canary["p95_latency_ms"] > policy["max_latency_ratio"]
         * stable["p95_latency_ms"], "rollback"),
    ]
    return next((answer for rule, answer in rules if rule()), "promote")


ALTERNATIVES = {
    "cicd.validate_frame": [validate_with_a_table, validate_with_loops],
    "cicd.quality_gate": [gate_with_rules_list, gate_with_pandas],
    "cicd.paired_bootstrap": [bootstrap_with_a_loop, bootstrap_with_per_row_differences],
    "cicd.directional_violations": [violations_with_assign, violations_row_by_row],
    "cicd.trainer_tests": [TestTrainerByProperties, TestTrainerWithTmpPath],
    "cicd.workflow_problems": [workflow_by_walking, workflow_with_regex],
    "cicd.canary_decision": [canary_with_rates, canary_as_rules],
}
