"""Lesson 05_cicd's reference against independent oracles, its protocol and its notebook."""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from scipy import stats

from mlopskit import cicd
from mlopskit._protocol import run_test_class
from mlopskit.checks import check_implementation, get_spec
from mlopskit.texts import catalogue, check_catalogue
from tests.lessons.cicd.alternatives import TestTrainerByProperties

ROOT = Path(__file__).resolve().parents[3]


# ---------------------------------------------------------------- data contract vs pandera
def _pandera_problems(df, schema):
    import pandera.pandas as pa

    types = {"int": "int64", "float": "float64", "str": str, "bool": "bool"}
    columns = {}
    for name, rules in schema.items():
        checks = []
        if "min" in rules:
            checks.append(pa.Check.ge(rules["min"]))
        if "max" in rules:
            checks.append(pa.Check.le(rules["max"]))
        if "isin" in rules:
            checks.append(pa.Check.isin(rules["isin"]))
        columns[name] = pa.Column(types[rules["dtype"]], checks,
                                  nullable=rules.get("nullable", False))
    try:
        pa.DataFrameSchema(columns).validate(df, lazy=True)
    except pa.errors.SchemaErrors as err:
        found = set()
        for _, row in err.failure_cases.iterrows():
            check = str(row["check"])
            if check == "column_in_dataframe":
                found.add(("missing", str(row["failure_case"])))
            elif check.startswith("dtype"):
                found.add(("dtype", row["column"]))
            elif check == "not_nullable":
                found.add(("nulls", row["column"]))
            elif check.startswith(("greater_than", "less_than")):
                found.add(("range", row["column"]))
            elif check.startswith("isin"):
                found.add(("category", row["column"]))
        return found
    return set()


def _random_frame(rng):
    n = int(rng.integers(0, 12))
    frame, schema = {}, {}
    for i in range(int(rng.integers(1, 5))):
        name = f"c{i}"
        kind = str(rng.choice(["int", "float", "str", "bool"]))
        rules = {"dtype": kind}
        if rng.random() < 0.3:
            rules["nullable"] = True
        if kind == "int":
            values = pd.Series(rng.integers(-5, 15, n), dtype="int64")
            rules.update({"min": int(rng.integers(-5, 5)), "max": int(rng.integers(5, 15))})
        elif kind == "float":
            values = pd.Series(rng.normal(5, 5, n).round(1))
            values[rng.random(n) < 0.2] = np.nan
            rules["min"] = float(rng.choice([-1.0, 0.0, 2.5]))
        elif kind == "str":
            values = pd.Series(rng.choice(["a", "b", "c"], n), dtype=object)
            values[rng.random(n) < 0.2] = None
            rules["isin"] = ["a", "b"] if rng.random() < 0.7 else ["a", "b", "c"]
        else:
            values = pd.Series(rng.random(n) < 0.5, dtype="bool")
        if rng.random() < 0.15:
            schema[name] = rules  # a column the frame lacks
            continue
        frame[name], schema[name] = values, rules
    return pd.DataFrame(frame, index=range(n)), schema


@pytest.mark.parametrize("seed", range(40))
def test_validate_frame_agrees_with_pandera_on_random_frames(seed):
    df, schema = _random_frame(np.random.default_rng(seed))
    mine = cicd.validate_frame(df, schema)
    assert {tuple(p.split(":", 1)) for p in mine} == _pandera_problems(df, schema)
    order = {c: i for i, c in enumerate(schema)}
    kinds = ["missing", "dtype", "nulls", "range", "category"]
    keys = [(order[p.split(":", 1)[1]], kinds.index(p.split(":", 1)[0])) for p in mine]
    assert keys == sorted(keys)


def test_validate_frame_leaves_its_input_alone_and_names_bad_rules():
    df = pd.DataFrame({"a": [1, None]})
    before = df.copy()
    assert cicd.validate_frame(df, {"a": {"dtype": "float", "min": 0}}) == ["nulls:a"]
    pd.testing.assert_frame_equal(df, before)
    with pytest.raises(ValueError, match="unknown rules"):
        cicd.validate_frame(df, {"a": {"minimum": 0}})
    with pytest.raises(ValueError, match="dtype"):
        cicd.validate_frame(df, {"a": {"dtype": "integer"}})


# ---------------------------------------------------------------- gate
def test_quality_gate_thresholds_and_champion():
    policy = {"min": {"acc": 0.5}, "max": {"lat": 10.0}, "max_drop": {"acc": 0.125}}
    assert cicd.quality_gate({"acc": 0.5, "lat": 10.0}, {"acc": 0.625}, policy)["passed"]
    assert cicd.quality_gate({"acc": 0.5, "lat": 10.0}, {"acc": 0.75}, policy)["failures"] \
        == ["drop:acc"]
    assert cicd.quality_gate({"lat": 11.0}, None, policy)["failures"] == ["missing:acc",
                                                                          "max:lat"]
    with pytest.raises(TypeError, match="candidate"):
        cicd.quality_gate({"acc": "high"})


# ---------------------------------------------------------------- bootstrap
def test_bootstrap_deltas_match_a_loop_by_hand():
    rng = np.random.default_rng(0)
    y = (rng.random(50) < 0.5).astype(int)
    a, b = rng.random(50), rng.random(50)
    deltas = cicd.bootstrap_deltas(y, a, b, n_boot=30, seed=4)
    draw = np.random.default_rng(4)
    for k in range(30):
        idx = draw.integers(0, 50, size=50)
        expected = np.mean((b[idx] >= 0.5) == y[idx]) - np.mean((a[idx] >= 0.5) == y[idx])
        assert deltas[k] == pytest.approx(expected)


@pytest.mark.parametrize("metric", ["accuracy", "brier"])
def test_paired_bootstrap_agrees_with_scipy(metric):
    rng = np.random.default_rng(1)
    y = (rng.random(400) < 0.4).astype(float)
    noise = rng.normal(0, 1, 400)
    a = 1 / (1 + np.exp(-(0.8 * (2 * y - 1) + noise)))
    b = 1 / (1 + np.exp(-(1.2 * (2 * y - 1) + noise)))

    def stat(yy, aa, bb, axis=-1):
        if metric == "accuracy":
            return np.mean((bb >= 0.5) == (yy == 1), axis=axis) - \
                np.mean((aa >= 0.5) == (yy == 1), axis=axis)
        return np.mean((bb - yy) ** 2, axis=axis) - np.mean((aa - yy) ** 2, axis=axis)

    res = stats.bootstrap((y, a, b), stat, paired=True, vectorized=True, n_resamples=4000,
                          method="percentile", random_state=0)
    delta, low, high = cicd.paired_bootstrap(y, a, b, metric=metric, n_boot=4000, seed=0)
    assert delta == pytest.approx(stat(y, a, b))
    width = high - low
    assert low == pytest.approx(res.confidence_interval.low, abs=0.1 * width)
    assert high == pytest.approx(res.confidence_interval.high, abs=0.1 * width)


# ---------------------------------------------------------------- behaviour
def test_directional_violations_on_a_known_model():
    from mlopskit._protocol import logistic_model

    proba = logistic_model({"x": 1.0}, square={"x": -1.0})  # rises below 0.5, falls above
    X = pd.DataFrame({"x": [-1.0, 0.0, 1.0, 2.0]})
    assert cicd.directional_violations(proba, X, "x", 0.1, sign=1) == 0.5
    assert cicd.directional_violations(proba, X, "x", 0.1, sign=-1) == 0.5
    assert cicd.directional_violations(proba, X, "x", 0.0, sign=0) == 0.0
    with pytest.raises(ValueError, match="no rows"):
        cicd.directional_violations(proba, X.iloc[:0], "x", 1.0)


# ---------------------------------------------------------------- workflow
def test_yaml_reads_unquoted_on_as_true_and_the_reference_copes():
    text = "on: push\njobs: {}\n"
    assert True in yaml.safe_load(text)
    assert cicd.workflow_problems(text, {"triggers": ["push"]}) == []
    assert cicd.workflow_problems('"on": [push]\njobs: {}\n', {"triggers": ["push"]}) == []


def test_the_kit_ships_the_workflow_the_lesson_builds_and_it_passes():
    shipped = (ROOT / ".github" / "workflows" / "ci.yml").read_text()
    assert cicd.workflow_problems(shipped) == []
    assert "make test" in shipped
    nb = json.loads((ROOT / "solutions" / "05_cicd" / "05_cicd.ipynb").read_text())
    built = next("".join(c["source"]) for c in nb["cells"] if c.get("id") == "workflow-built")
    assert built.split("'''")[1].strip() in shipped


def test_workflow_problems_flags_versions_and_branches():
    text = ("on: [push, pull_request]\njobs:\n  a:\n    steps:\n"
            "      - uses: actions/checkout@v10\n      - uses: actions/setup-python@v4.7\n"
            "      - uses: org/x@main\n      - uses: org/y\n"
            f"      - uses: org/z@{'a' * 40}\n      - run: pip install . && ruff . && pytest"
            " && python validate.py && python gate.py\n")
    assert cicd.workflow_problems(text) == ["outdated:actions/setup-python", "unpinned:org/x",
                                            "unpinned:org/y"]
    with pytest.raises(ValueError, match="YAML"):
        cicd.workflow_problems("on: [push\n")


# ---------------------------------------------------------------- canary and rollback
def test_canary_limits_are_inclusive():
    stable = {"requests": 1000, "errors": 0, "p95_latency_ms": 100.0}
    edge = {"requests": 500, "errors": 5, "p95_latency_ms": 120.0}
    assert cicd.canary_decision({"canary": edge, "stable": stable}) == "promote"
    assert cicd.canary_decision({"canary": {**edge, "requests": 499},
                                 "stable": stable}) == "continue"


@pytest.mark.mlflow
def test_rollback_moves_the_mlflow_alias_and_is_audited(tmp_path):
    import mlflow
    from mlflow import MlflowClient

    from mlopskit.governance import AuditLog

    mlflow.set_tracking_uri(f"sqlite:///{tmp_path / 'registry.db'}")
    try:
        client = MlflowClient()
        client.create_registered_model("m")
        for v in (1, 2):
            client.create_model_version("m", source=str(tmp_path / f"v{v}"))
        client.set_registered_model_alias("m", "champion", "2")
        log = AuditLog()
        moved = cicd.rollback_alias(client, "m", to_version=1, audit_log=log, reason="canary")
        assert moved == {"alias": "champion", "from": "2", "to": "1"}
        assert str(client.get_model_version_by_alias("m", "champion").version) == "1"
        assert log.verify() is None and log.entries[-1]["event_type"] == "rollback"
    finally:
        mlflow.set_tracking_uri(None)


# ---------------------------------------------------------------- learners' tests, graded
def test_every_bug_is_caught_by_the_reference_and_the_correct_module_passes():
    for seed in (0, 17, 500):
        assert set(run_test_class(cicd.TestTrainer, cicd.trainer_source(data_seed=seed))
                   .values()) == {"passed"}
        for bug in cicd.TRAINER_BUGS:
            statuses = run_test_class(cicd.TestTrainer, cicd.trainer_source(bug, data_seed=seed))
            assert "failed" in statuses.values(), (seed, bug)


class _Hostile:
    def test_deletes_what_it_can_see(self, trainer):
        for name in os.listdir("."):
            os.remove(name)

    def test_hangs(self, trainer):
        while True:
            time.sleep(0.01)

    def test_passes(self, trainer):
        assert trainer.LABEL == "default"


def test_hostile_tests_are_contained(tmp_path, monkeypatch):
    (tmp_path / "keep.txt").write_text("precious")
    monkeypatch.chdir(tmp_path)
    start = time.monotonic()
    result = run_test_class(_Hostile, cicd.trainer_source(), test_timeout=0.5)
    assert time.monotonic() - start < 5
    assert result == {"test_deletes_what_it_can_see": "passed", "test_hangs": "timeout",
                      "test_passes": "passed"}
    assert (tmp_path / "keep.txt").read_text() == "precious"
    assert Path.cwd() == tmp_path


def test_a_test_run_keeps_an_outer_time_limit():
    import signal

    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *a: fired.append(True))
    try:
        signal.setitimer(signal.ITIMER_REAL, 30.0)
        run_test_class(_Hostile, cicd.trainer_source(), test_timeout=0.3)
        left = signal.getitimer(signal.ITIMER_REAL)[0]
        assert 0 < left < 30 and not fired
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_scores_are_the_share_of_bugs_caught():
    spec = get_spec("cicd.trainer_tests")

    class CatchesTwo:  # leakage and the overlapping split
        def test_features(self, trainer):
            assert "collections" not in trainer.FEATURES

        def test_disjoint(self, trainer):
            train, test = trainer.split(trainer.make_data(), seed=0)
            assert set(train.index).isdisjoint(test.index)

    result = check_implementation(spec, CatchesTwo)
    assert result.outcome == "wrong" and result.points == pytest.approx(2.0)
    assert "2 of 6" in result.text("en") and "2 de 6" in result.text("pt")
    assert check_implementation(spec, TestTrainerByProperties).points == spec.points

    class AlwaysPasses:
        def test_nothing(self, trainer):
            pass

    assert check_implementation(spec, AlwaysPasses).points == 0


def test_an_unwritten_test_stub_is_not_attempted():
    class Stub:
        def test_something(self, trainer):
            raise NotImplementedError()

    assert check_implementation(get_spec("cicd.trainer_tests"), Stub).outcome == "not_attempted"


# ---------------------------------------------------------------- texts
def test_text_catalogue_is_complete_and_covers_the_notebook():
    texts = catalogue("cicd")
    assert check_catalogue(texts) == []
    nb = json.loads((ROOT / "solutions" / "05_cicd" / "05_cicd.ipynb").read_text())
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    used = set(re.findall(r'\bT\("([a-z_0-9]+)"', code))
    used |= {f"problem_{k}" for k in ("missing", "dtype", "nulls", "range", "category",
                                      "trigger", "step", "unpinned", "outdated")}
    assert used <= set(texts), used - set(texts)
    assert texts["delta_axis"]["pt"].startswith("acurácia")


def test_figure_labels_follow_the_language():
    import matplotlib

    matplotlib.use("Agg")
    ax = cicd.plot_bootstrap(np.linspace(-0.01, 0.03, 100), 0.0, 0.02, lang="pt")
    assert ax.get_title() == catalogue("cicd")["bootstrap_title"]["pt"]
    assert ax.get_ylabel() == "reamostras"
