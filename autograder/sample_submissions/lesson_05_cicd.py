"""Sample submissions of lesson 05_cicd: complete, partial, one per major mistake, and tests
that hang, delete files or catch only some bugs."""

from __future__ import annotations

from _samplekit import basic_students, cell, filled, one_mistake_each, set_source, tasks_of

LESSON = "05_cicd"
TASKS = tasks_of(LESSON)

# Wrong answers a learner plausibly writes (each matches a catalogued misconception).
WRONG = {
    "cicd.validate_frame": ("validate_frame.bounds_exclusive", '''
def validate_frame(df, schema):
    problems = []
    for column, rules in schema.items():
        if column not in df.columns:
            problems.append(f"missing:{column}")
            continue
        values = df[column]
        dtype_ok = DTYPES[rules["dtype"]](values) if "dtype" in rules else True
        if not dtype_ok:
            problems.append(f"dtype:{column}")
        if values.isna().any() and not rules.get("nullable"):
            problems.append(f"nulls:{column}")
        if dtype_ok:
            present = values.dropna()
            if ("min" in rules and (present <= rules["min"]).any()) or \\
                    ("max" in rules and (present >= rules["max"]).any()):
                problems.append(f"range:{column}")
            if "isin" in rules and not present.isin(rules["isin"]).all():
                problems.append(f"category:{column}")
    return problems
'''),
    "cicd.quality_gate": ("quality_gate.flipped_drop", '''
def quality_gate(candidate, champion=None, policy=None):
    policy = policy or DEFAULT_POLICY
    failures = []
    for kind in ("min", "max"):
        for metric, limit in policy.get(kind, {}).items():
            if metric not in candidate:
                failures.append(f"missing:{metric}")
            elif (kind == "min" and candidate[metric] < limit) or \\
                    (kind == "max" and candidate[metric] > limit):
                failures.append(f"{kind}:{metric}")
    if champion is not None:
        for metric, limit in policy.get("max_drop", {}).items():
            if metric in champion and metric in candidate:
                if candidate[metric] - champion[metric] > limit:
                    failures.append(f"drop:{metric}")
            elif metric in champion:
                failures.append(f"missing:{metric}")
    return {"passed": not failures, "failures": failures}
'''),
    "cicd.paired_bootstrap": ("paired_bootstrap.unpaired", '''
def paired_bootstrap(y_true, score_a, score_b, *, metric="accuracy", n_boot=1000, seed=0,
                     alpha=0.05):
    y, a, b = np.asarray(y_true), np.asarray(score_a), np.asarray(score_b)

    def score(y, s):
        if metric == "accuracy":
            return np.mean((s >= 0.5) == (y == 1), axis=-1)
        return np.mean((s - y) ** 2, axis=-1)

    rng = np.random.default_rng(seed)
    idx_a = rng.integers(0, len(y), size=(n_boot, len(y)))
    idx_b = rng.integers(0, len(y), size=(n_boot, len(y)))
    deltas = score(y[idx_b], b[idx_b]) - score(y[idx_a], a[idx_a])
    low, high = np.quantile(deltas, [alpha / 2, 1 - alpha / 2])
    return float(score(y, b) - score(y, a)), float(low), float(high)
'''),
    "cicd.directional_violations": ("directional_violations.mutates_input", '''
def directional_violations(predict_proba, X, feature, delta, *, sign=1, tol=0.0):
    if len(X) == 0:
        raise ValueError("X has no rows")
    before = predict_proba(X)[:, 1]
    X[feature] = X[feature] + delta
    change = predict_proba(X)[:, 1] - before
    if sign == 0:
        return float(np.mean(np.abs(change) > tol))
    return float(np.mean(sign * change < -tol))
'''),
    "cicd.trainer_tests": ("trainer_tests.catches_nothing", '''
class TestTrainer:
    def test_train_and_evaluate_runs(self, trainer):
        model, metrics = trainer.train_and_evaluate(trainer.make_data())
        assert 0 <= metrics["accuracy"] <= 1

    def test_split_sizes(self, trainer):
        train, test = trainer.split(trainer.make_data(), seed=0)
        assert len(test) > 0
'''),
    "cicd.workflow_problems": ("workflow_problems.on_key_only", '''
import re

import yaml


def workflow_problems(yaml_text, required=None):
    required = required or DEFAULT_REQUIRED
    doc = yaml.safe_load(yaml_text)
    on = doc.get("on") or []
    triggers = {on} if isinstance(on, str) else set(on)
    problems = [f"trigger:{t}" for t in required["triggers"] if t not in triggers]
    steps = [s for job in doc["jobs"].values() for s in job.get("steps", [])]
    runs = " ".join(s.get("run", "") for s in steps)
    for name, commands in required["steps"].items():
        if not any(c in runs for c in commands):
            problems.append(f"step:{name}")
    for s in steps:
        uses = s.get("uses", "")
        if not uses or uses.startswith(("./", "docker://")):
            continue
        action, _, ref = uses.partition("@")
        if re.fullmatch(r"[0-9a-f]{40}", ref):
            continue
        m = re.fullmatch(r"v?(\\d+)(\\.\\d+)*", ref)
        if not m:
            problems.append(f"unpinned:{action}")
        elif int(m.group(1)) < required.get("actions", {}).get(action, 0):
            problems.append(f"outdated:{action}")
    return problems
'''),
    "cicd.canary_decision": ("canary_decision.counts_not_rates", '''
def canary_decision(stats, policy=None):
    policy = {**DEFAULT_CANARY_POLICY, **(policy or {})}
    canary, stable = stats["canary"], stats["stable"]
    if stable["requests"] == 0:
        raise ValueError("no stable traffic")
    if canary["requests"] < policy["min_requests"]:
        return "continue"
    if canary["errors"] - stable["errors"] > policy["max_error_increase"]:
        return "rollback"
    if canary["p95_latency_ms"] > policy["max_latency_ratio"] * stable["p95_latency_ms"]:
        return "rollback"
    return "promote"
'''),
}

ALL = {t: "correct" for t in TASKS}
TESTS = "cicd.trainer_tests"

HANGS = '''
import time


class TestTrainer:
    def test_no_leakage(self, trainer):
        assert "collections" not in trainer.FEATURES

    def test_waits_for_a_file_that_never_comes(self, trainer):
        while True:
            time.sleep(0.05)
'''

DELETES_FILES = '''
import os
import shutil


class TestTrainer:
    def test_cleans_up_first(self, trainer):
        for name in os.listdir("."):
            shutil.rmtree(name, ignore_errors=True) if os.path.isdir(name) else os.remove(name)
        assert trainer.LABEL not in trainer.FEATURES
        assert "collections" not in trainer.FEATURES

    def test_split(self, trainer):
        df = trainer.make_data()
        train, test = trainer.split(df, seed=5)
        assert list(train.index) == list(trainer.split(df, seed=5)[0].index)
        assert set(train.index).isdisjoint(test.index)

    def test_learns(self, trainer):
        df = trainer.make_data()
        df[trainer.LABEL] = (df["debt"] > df["debt"].median()).astype(int)
        assert trainer.accuracy(trainer.fit(df), df) > 0.9

    def test_protocol(self, trainer):
        df = trainer.make_data()
        model, metrics = trainer.train_and_evaluate(df, seed=0)
        train, test = trainer.split(df, seed=0)
        assert np.allclose(model.steps[0][1].mean_, train[trainer.FEATURES].mean())
        assert metrics["accuracy"] == trainer.accuracy(model, test)
'''

CATCHES_TWO = '''
class TestTrainer:
    def test_no_future_columns(self, trainer):
        assert "collections" not in trainer.FEATURES

    def test_same_seed_same_split(self, trainer):
        df = trainer.make_data()
        assert trainer.split(df, seed=2)[0].equals(trainer.split(df, seed=2)[0])
'''


def _filled(lang, tasks=None, wrong=()):
    return filled(lang, LESSON, tasks, wrong, table=WRONG)


def students():
    """Student name -> (notebook or raw text, expected outcomes, expected misconceptions)."""
    out = basic_students(LESSON, partial=3, untouched="en")
    out.update(one_mistake_each(LESSON, [
        ("carla_contract_exclusive", "cicd.validate_frame"),
        ("diego_gate_flipped", "cicd.quality_gate"),
        ("elisa_bootstrap_unpaired", "cicd.paired_bootstrap"),
        ("fabio_behaviour_in_place", "cicd.directional_violations"),
        ("gabi_tests_catch_nothing", TESTS),
        ("hugo_workflow_on_key", "cicd.workflow_problems"),
        ("igor_canary_counts", "cicd.canary_decision")], table=WRONG))
    for name, source, outcome in [("julia_tests_hang", HANGS, "wrong"),
                                  ("kaio_tests_delete_files", DELETES_FILES, "correct"),
                                  ("luana_tests_catch_two", CATCHES_TWO, "wrong")]:
        nb = _filled("en")
        set_source(nb, cell(TESTS, "solution"), source.strip("\n"))
        out[name] = (nb, {**ALL, TESTS: outcome}, {})
    return out
