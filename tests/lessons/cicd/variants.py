"""Lesson 05_cicd's catalogued mistakes written in other ways, as learners write them.

Each must receive its misconception's message: recognition is by behaviour, not by code.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import yaml

from mlopskit.cicd import DEFAULT_CANARY_POLICY, DEFAULT_POLICY, DEFAULT_REQUIRED, DTYPES
from tests.lessons.cicd.alternatives import (
    validate_with_loops,
    workflow_by_walking,
)


# ---------------------------------------------------------------- data contract
def _contract(df, schema, *, low_ok, null_bad=False, kinds_first=False, is_int=None,
              one_each=False, honour_nullable=True):
    per_column = []
    for column, rules in schema.items():
        if column not in df.columns:
            per_column.append((column, ["missing"]))
            continue
        s, kinds = df[column], []
        dtype = rules.get("dtype")
        ok = dtype is None or (is_int(s) if (dtype == "int" and is_int) else DTYPES[dtype](s))
        if not ok:
            kinds.append("dtype")
        if s.isnull().any() and (not honour_nullable or not rules.get("nullable")):
            kinds.append("nulls")
        if ok:
            vals = s if null_bad else s.dropna()
            bad = pd.Series(False, index=vals.index)
            if "min" in rules:
                bad |= ~low_ok(vals, rules["min"])
            if "max" in rules:
                bad |= ~low_ok(-vals, -rules["max"])
            if bad.any():
                kinds.append("range")
            if "isin" in rules and not vals.isin(rules["isin"]).all():
                kinds.append("category")
        per_column.append((column, kinds[:1] if one_each else kinds))
    if kinds_first:
        order = ["missing", "dtype", "nulls", "range", "category"]
        return [f"{k}:{c}" for k in order for c, ks in per_column if k in ks]
    return [f"{k}:{c}" for c, ks in per_column for k in ks]


def contract_strict_bounds_gt(df, schema):
    return _contract(df, schema, low_ok=lambda v, lo: v > lo)


def contract_strict_bounds_numpy(df, schema):
    return _contract(df, schema, low_ok=lambda v, lo: pd.Series(np.greater(v, lo), index=v.index))


def contract_nan_fails_between(df, schema):
    return _contract(df, schema, low_ok=lambda v, lo: v.ge(lo), null_bad=True)


def contract_nan_fails_numpy(df, schema):
    return _contract(df, schema, low_ok=lambda v, lo: pd.Series(np.asarray(v >= lo) & v.notna().to_numpy(), index=v.index), null_bad=True)


def contract_by_check(df, schema):
    return _contract(df, schema, low_ok=lambda v, lo: v >= lo, kinds_first=True)


def contract_by_check_sorted(df, schema):
    problems = validate_with_loops(df, schema)
    rank = {"missing": 0, "dtype": 1, "nulls": 2, "range": 3, "category": 4}
    return sorted(problems, key=lambda p: rank[p.split(":")[0]])  # stable within a kind


def contract_numeric_int(df, schema):
    return _contract(df, schema, low_ok=lambda v, lo: v >= lo,
                     is_int=pd.api.types.is_numeric_dtype)


def contract_number_kind_int(df, schema):
    return _contract(df, schema, low_ok=lambda v, lo: v >= lo,
                     is_int=lambda s: s.dtype.kind in "iufb")


def contract_elif_chain(df, schema):
    return _contract(df, schema, low_ok=lambda v, lo: v >= lo, one_each=True)


def contract_first_per_column(df, schema):
    seen, out = set(), []
    for p in validate_with_loops(df, schema):
        column = p.split(":", 1)[1]
        if column not in seen:
            seen.add(column)
            out.append(p)
    return out


def contract_nulls_always(df, schema):
    return _contract(df, schema, low_ok=lambda v, lo: v >= lo, honour_nullable=False)


def contract_nulls_always_loops(df, schema):
    out = []
    for p in validate_with_loops(df, schema):
        out.append(p)
    for i, (column, rules) in enumerate(schema.items()):
        if column in df and rules.get("nullable") and df[column].isna().any():
            pos = [j for j, q in enumerate(out) if q.split(":", 1)[1] in list(schema)[:i + 1]]
            at = (pos[-1] + 1) if pos else 0
            kinds = [q.split(":")[0] for q in out if q.endswith(":" + column)]
            if "dtype" in kinds:
                at = out.index("dtype:" + column) + 1
            else:
                before = [q for q in out[:at] if not q.endswith(":" + column)]
                at = len(before)
            out.insert(at, "nulls:" + column)
    return out


# ---------------------------------------------------------------- quality gate
def _gate(candidate, champion, policy, *, fails_min, fails_max, drop, need_all=True,
          champion_optional=True):
    policy = policy or DEFAULT_POLICY
    failures = []
    for kind, fails in (("min", fails_min), ("max", fails_max)):
        for m, t in policy.get(kind, {}).items():
            if m not in candidate:
                if need_all:
                    failures.append(f"missing:{m}")
            elif fails(candidate[m], t):
                failures.append(f"{kind}:{m}")
    if champion is not None or not champion_optional:
        for m, t in policy.get("max_drop", {}).items():
            if m in champion and m in candidate and drop(champion[m], candidate[m]) > t:
                failures.append(f"drop:{m}")
            elif m in champion and m not in candidate and need_all:
                failures.append(f"missing:{m}")
    return {"passed": not failures, "failures": failures}


def gate_not_above(candidate, champion=None, policy=None):
    return _gate(candidate, champion, policy, fails_min=lambda v, t: not v > t,
                 fails_max=lambda v, t: not v < t, drop=lambda o, n: o - n)


def gate_rounded_strict(candidate, champion=None, policy=None):
    return _gate(candidate, champion, policy, fails_min=lambda v, t: round(v, 9) <= t,
                 fails_max=lambda v, t: round(v, 9) >= t, drop=lambda o, n: o - n)


def gate_percent_drop(candidate, champion=None, policy=None):
    return _gate(candidate, champion, policy, fails_min=lambda v, t: v < t,
                 fails_max=lambda v, t: v > t, drop=lambda o, n: 1 - n / o)


def gate_ratio_drop(candidate, champion=None, policy=None):
    return _gate(candidate, champion, policy, fails_min=lambda v, t: v < t,
                 fails_max=lambda v, t: v > t, drop=lambda o, n: (o - n) / abs(o))


def gate_gain_as_drop(candidate, champion=None, policy=None):
    return _gate(candidate, champion, policy, fails_min=lambda v, t: v < t,
                 fails_max=lambda v, t: v > t, drop=lambda o, n: n - o)


def gate_negated_drop(candidate, champion=None, policy=None):
    return _gate(candidate, champion, policy, fails_min=lambda v, t: v < t,
                 fails_max=lambda v, t: v > t, drop=lambda o, n: -(o - n))


def gate_skips_absent(candidate, champion=None, policy=None):
    return _gate(candidate, champion, policy, fails_min=lambda v, t: v < t,
                 fails_max=lambda v, t: v > t, drop=lambda o, n: o - n, need_all=False)


def gate_get_default_ok(candidate, champion=None, policy=None):
    policy = policy or DEFAULT_POLICY
    failures = []
    for m, t in policy.get("min", {}).items():
        if candidate.get(m, t) < t:
            failures.append("min:" + m)
    for m, t in policy.get("max", {}).items():
        if candidate.get(m, t) > t:
            failures.append("max:" + m)
    for m, t in policy.get("max_drop", {}).items():
        if champion and m in champion and champion[m] - candidate.get(m, champion[m]) > t:
            failures.append("drop:" + m)
    return {"passed": not failures, "failures": failures}


def gate_champion_assumed(candidate, champion=None, policy=None):
    return _gate(candidate, champion, policy, fails_min=lambda v, t: v < t,
                 fails_max=lambda v, t: v > t, drop=lambda o, n: o - n,
                 champion_optional=False)


def gate_champion_items(candidate, champion=None, policy=None):
    policy = policy or DEFAULT_POLICY
    result = _gate(candidate, {}, policy, fails_min=lambda v, t: v < t,
                   fails_max=lambda v, t: v > t, drop=lambda o, n: o - n)
    for m, value in dict(champion).items():  # dict(None) raises TypeError
        t = policy.get("max_drop", {}).get(m)
        if t is not None and m in candidate and value - candidate[m] > t:
            result["failures"].append("drop:" + m)
    result["passed"] = not result["failures"]
    return result


# ---------------------------------------------------------------- paired bootstrap
def _acc(y, s, strict=False):
    return np.mean(((s > 0.5) if strict else (s >= 0.5)) == (y == 1), axis=-1)


def _metric(metric, y, s, strict=False):
    return _acc(y, s, strict) if metric == "accuracy" else np.mean((s - y) ** 2, axis=-1)


def boot_independent_draws(y_true, score_a, score_b, *, metric="accuracy", n_boot=1000, seed=0,
                           alpha=0.05):
    y, a, b = (np.asarray(v, float) for v in (y_true, score_a, score_b))
    rng = np.random.default_rng(seed)
    ia = rng.integers(0, y.size, size=(n_boot, y.size))
    ib = rng.integers(0, y.size, size=(n_boot, y.size))
    d = _metric(metric, y[ib], b[ib]) - _metric(metric, y[ia], a[ia])
    return (float(_metric(metric, y, b) - _metric(metric, y, a)),
            *map(float, np.quantile(d, [alpha / 2, 1 - alpha / 2])))


def boot_independent_loop(y_true, score_a, score_b, *, metric="accuracy", n_boot=1000, seed=0,
                          alpha=0.05):
    y, a, b = (np.asarray(v, float) for v in (y_true, score_a, score_b))
    rng = np.random.default_rng(seed + 1)
    d = []
    for _ in range(n_boot):
        i, j = rng.integers(0, y.size, y.size), rng.integers(0, y.size, y.size)
        d.append(_metric(metric, y[j], b[j]) - _metric(metric, y[i], a[i]))
    return (float(_metric(metric, y, b) - _metric(metric, y, a)),
            float(np.percentile(d, 100 * alpha / 2)), float(np.percentile(d, 100 - 100 * alpha / 2)))


def boot_a_minus_b(y_true, score_a, score_b, *, metric="accuracy", n_boot=1000, seed=0,
                   alpha=0.05):
    y, a, b = (np.asarray(v, float) for v in (y_true, score_a, score_b))
    idx = np.random.default_rng(seed).integers(0, y.size, size=(n_boot, y.size))
    d = _metric(metric, y[idx], a[idx]) - _metric(metric, y[idx], b[idx])
    lo, hi = np.quantile(d, [alpha / 2, 1 - alpha / 2])
    return float(_metric(metric, y, a) - _metric(metric, y, b)), float(lo), float(hi)


def boot_swapped_arguments(y_true, score_a, score_b, *, metric="accuracy", n_boot=1000, seed=0,
                           alpha=0.05):
    from mlopskit.cicd import paired_bootstrap

    return paired_bootstrap(y_true, score_b, score_a, metric=metric, n_boot=n_boot, seed=seed,
                            alpha=alpha)


def boot_normal_approx(y_true, score_a, score_b, *, metric="accuracy", n_boot=1000, seed=0,
                       alpha=0.05):
    y, a, b = (np.asarray(v, float) for v in (y_true, score_a, score_b))
    idx = np.random.default_rng(seed).integers(0, y.size, size=(n_boot, y.size))
    d = _metric(metric, y[idx], b[idx]) - _metric(metric, y[idx], a[idx])
    delta = float(_metric(metric, y, b) - _metric(metric, y, a))
    half = 1.959964 * d.std(ddof=1)
    return delta, delta - half, delta + half


def boot_normal_scipy(y_true, score_a, score_b, *, metric="accuracy", n_boot=1000, seed=0,
                      alpha=0.05):
    from scipy import stats

    y, a, b = (np.asarray(v, float) for v in (y_true, score_a, score_b))
    idx = np.random.default_rng(seed).integers(0, y.size, size=(n_boot, y.size))
    d = _metric(metric, y[idx], b[idx]) - _metric(metric, y[idx], a[idx])
    delta = float(_metric(metric, y, b) - _metric(metric, y, a))
    low, high = stats.norm.interval(1 - alpha, loc=delta, scale=np.std(d, ddof=1))
    return delta, float(low), float(high)


def boot_one_tail_alpha(y_true, score_a, score_b, *, metric="accuracy", n_boot=1000, seed=0,
                        alpha=0.05):
    y, a, b = (np.asarray(v, float) for v in (y_true, score_a, score_b))
    idx = np.random.default_rng(seed).integers(0, y.size, size=(n_boot, y.size))
    d = _metric(metric, y[idx], b[idx]) - _metric(metric, y[idx], a[idx])
    return (float(_metric(metric, y, b) - _metric(metric, y, a)),
            float(np.percentile(d, 100 * alpha)), float(np.percentile(d, 100 * (1 - alpha))))


def boot_one_tail_sorted(y_true, score_a, score_b, *, metric="accuracy", n_boot=1000, seed=0,
                         alpha=0.05):
    y, a, b = (np.asarray(v, float) for v in (y_true, score_a, score_b))
    idx = np.random.default_rng(seed).integers(0, y.size, size=(n_boot, y.size))
    d = np.sort(_metric(metric, y[idx], b[idx]) - _metric(metric, y[idx], a[idx]))
    return (float(_metric(metric, y, b) - _metric(metric, y, a)),
            float(np.quantile(d, alpha)), float(np.quantile(d, 1 - alpha)))


def boot_gt_half(y_true, score_a, score_b, *, metric="accuracy", n_boot=1000, seed=0,
                 alpha=0.05):
    y, a, b = (np.asarray(v, float) for v in (y_true, score_a, score_b))
    idx = np.random.default_rng(seed).integers(0, y.size, size=(n_boot, y.size))
    d = _metric(metric, y[idx], b[idx], True) - _metric(metric, y[idx], a[idx], True)
    lo, hi = np.quantile(d, [alpha / 2, 1 - alpha / 2])
    return float(_metric(metric, y, b, True) - _metric(metric, y, a, True)), float(lo), float(hi)


def boot_round_predictions(y_true, score_a, score_b, *, metric="accuracy", n_boot=1000, seed=0,
                           alpha=0.05):
    y = np.asarray(y_true, float)
    a, b = np.asarray(score_a, float), np.asarray(score_b, float)
    if metric == "accuracy":  # np.round sends 0.5 to 0 (round half to even)
        a_hit, b_hit = (np.round(a) == y).astype(float), (np.round(b) == y).astype(float)
    else:
        a_hit, b_hit = -(a - y) ** 2, -(b - y) ** 2
        a_hit, b_hit = -a_hit, -b_hit
    idx = np.random.default_rng(seed).integers(0, y.size, size=(n_boot, y.size))
    d = b_hit[idx].mean(axis=1) - a_hit[idx].mean(axis=1)
    lo, hi = np.quantile(d, [alpha / 2, 1 - alpha / 2])
    return float(b_hit.mean() - a_hit.mean()), float(lo), float(hi)


def boot_permutations(y_true, score_a, score_b, *, metric="accuracy", n_boot=1000, seed=0,
                      alpha=0.05):
    y, a, b = (np.asarray(v, float) for v in (y_true, score_a, score_b))
    rng = np.random.default_rng(seed)
    d = []
    for _ in range(n_boot):
        i = rng.permutation(y.size)
        d.append(_metric(metric, y[i], b[i]) - _metric(metric, y[i], a[i]))
    lo, hi = np.quantile(d, [alpha / 2, 1 - alpha / 2])
    return float(_metric(metric, y, b) - _metric(metric, y, a)), float(lo), float(hi)


def boot_choice_no_replace(y_true, score_a, score_b, *, metric="accuracy", n_boot=1000, seed=0,
                           alpha=0.05):
    y, a, b = (np.asarray(v, float) for v in (y_true, score_a, score_b))
    rng = np.random.default_rng(seed)
    idx = np.array([rng.choice(y.size, y.size, replace=False) for _ in range(n_boot)])
    d = _metric(metric, y[idx], b[idx]) - _metric(metric, y[idx], a[idx])
    lo, hi = np.quantile(d, [alpha / 2, 1 - alpha / 2])
    return float(_metric(metric, y, b) - _metric(metric, y, a)), float(lo), float(hi)


# ---------------------------------------------------------------- behaviour
def _changes(predict_proba, X, feature, delta, column=1):
    moved = X.copy()
    moved[feature] = moved[feature] + delta
    return predict_proba(moved)[:, column] - predict_proba(X)[:, column]


def behaviour_le_zero(predict_proba, X, feature, delta, *, sign=1, tol=0.0):
    c = _changes(predict_proba, X, feature, delta)
    return float(np.mean(np.abs(c) > tol)) if sign == 0 else float(np.mean(sign * c <= -tol))


def behaviour_not_strictly_better(predict_proba, X, feature, delta, *, sign=1, tol=0.0):
    c = _changes(predict_proba, X, feature, delta)
    if sign == 0:
        return float((np.abs(c) > tol).mean())
    return float((~(sign * c > tol)).mean()) if tol == 0 else float((sign * c < -tol).mean())


def behaviour_in_place(predict_proba, X, feature, delta, *, sign=1, tol=0.0):
    p0 = predict_proba(X)[:, 1]
    X[feature] += delta
    c = predict_proba(X)[:, 1] - p0
    return float(np.mean(np.abs(c) > tol)) if sign == 0 else float(np.mean(sign * c < -tol))


def behaviour_in_place_loc(predict_proba, X, feature, delta, *, sign=1, tol=0.0):
    p0 = predict_proba(X)[:, 1]
    X.loc[:, feature] = X[feature] + delta
    c = predict_proba(X)[:, 1] - p0
    return float(np.mean(np.abs(c) > tol)) if sign == 0 else float(np.mean(sign * c < -tol))


def behaviour_always_up(predict_proba, X, feature, delta, *, sign=1, tol=0.0):
    c = _changes(predict_proba, X, feature, delta)
    return float(np.mean(c < -tol))


def behaviour_abs_sign(predict_proba, X, feature, delta, *, sign=1, tol=0.0):
    c = _changes(predict_proba, X, feature, delta)
    return float(np.mean(abs(sign or 1) * c < -tol))


def behaviour_sum(predict_proba, X, feature, delta, *, sign=1, tol=0.0):
    c = _changes(predict_proba, X, feature, delta)
    return float(np.sum(np.abs(c) > tol)) if sign == 0 else float(np.sum(sign * c < -tol))


def behaviour_len_list(predict_proba, X, feature, delta, *, sign=1, tol=0.0):
    c = _changes(predict_proba, X, feature, delta)
    bad = [x for x in c if (abs(x) > tol if sign == 0 else sign * x < -tol)]
    return len(bad)


def behaviour_first_column(predict_proba, X, feature, delta, *, sign=1, tol=0.0):
    c = _changes(predict_proba, X, feature, delta, column=0)
    return float(np.mean(np.abs(c) > tol)) if sign == 0 else float(np.mean(sign * c < -tol))


def behaviour_max_column(predict_proba, X, feature, delta, *, sign=1, tol=0.0):
    moved = X.copy()
    moved[feature] = moved[feature] + delta
    before, after = predict_proba(X)[:, 0], predict_proba(moved)[:, 0]
    wrong = [(abs(a - b) > tol) if sign == 0 else (sign * (a - b) < -tol)
             for a, b in zip(after, before)]
    return sum(wrong) / len(wrong)


# ---------------------------------------------------------------- tests of the trainer
class TestsOnlyRun:
    _memoize_runs = True

    def test_it_runs(self, trainer):
        trainer.train_and_evaluate(trainer.make_data(), seed=1)

    def test_data_shape(self, trainer):
        assert trainer.make_data().shape[0] == 401


class TestsSwallowFailures:
    _memoize_runs = True

    def test_no_leakage(self, trainer):
        try:
            assert "collections" not in trainer.FEATURES
        except AssertionError:
            pass

    def test_split(self, trainer):
        try:
            df = trainer.make_data()
            assert set(trainer.split(df)[0].index).isdisjoint(trainer.split(df)[1].index)
        except Exception:
            pass


class TestsWantPerfectScore:
    _memoize_runs = True

    def test_accuracy(self, trainer):
        assert trainer.train_and_evaluate(trainer.make_data())[1]["accuracy"] > 0.9


class TestsExactNumber:
    _memoize_runs = True

    def test_accuracy_value(self, trainer):
        assert round(trainer.train_and_evaluate(trainer.make_data())[1]["accuracy"], 4) == 0.8765

    def test_features(self, trainer):
        assert trainer.LABEL not in trainer.FEATURES


class TestsNamedCheck:
    _memoize_runs = True

    def check_features(self, trainer):
        assert "collections" not in trainer.FEATURES


class TestsNamedSuffix:
    _memoize_runs = True

    def leakage_test(self, trainer):
        assert "collections" not in trainer.FEATURES

    def split_test(self, trainer):
        df = trainer.make_data()
        assert trainer.split(df, seed=0)[0].equals(trainer.split(df, seed=0)[0])


class TestsWrongColumn:
    _memoize_runs = True

    def test_label_balance(self, trainer):
        df = trainer.make_data()
        assert 0 < df["target"].mean() < 1  # there is no column "target"


class TestsPositionalSeed:
    _memoize_runs = True

    def test_seeded(self, trainer):
        df = trainer.make_data()
        assert trainer.split(df, 0.2, 5)[0].equals(trainer.split(df, 0.2, 5)[0])


# ---------------------------------------------------------------- workflow
def wf_on_key(yaml_text, required=None):
    doc = yaml.safe_load(yaml_text)
    if True in doc:
        doc["True"] = doc.pop(True)  # a learner "cleaning" keys without keeping `on`
    return workflow_by_walking(yaml.safe_dump(doc), required)


def wf_on_key_get(yaml_text, required=None):
    required = required or DEFAULT_REQUIRED
    problems = workflow_by_walking(yaml_text, required)
    doc = yaml.safe_load(yaml_text)
    if "on" not in doc:  # only the string key counts
        problems = [f"trigger:{t}" for t in required.get("triggers", [])] + \
            [p for p in problems if not p.startswith("trigger:")]
    return problems


def _versions_as_text(yaml_text, required, compare):
    problems = []
    required = required or DEFAULT_REQUIRED
    for p in workflow_by_walking(yaml_text, required):
        if not p.startswith("outdated:"):
            problems.append(p)
    doc = yaml.safe_load(yaml_text)
    steps = [s for j in doc["jobs"].values() for s in j.get("steps", [])]
    out = []
    for s in steps:
        uses = s.get("uses", "")
        if "@" not in uses:
            continue
        action, ref = uses.split("@", 1)
        if action in required.get("actions", {}) and ref[:1] == "v" and \
                compare(ref[1:], str(required["actions"][action])):
            out.append(f"outdated:{action}")
    rest = [p for p in problems if p.startswith(("trigger:", "step:"))]
    tail = [p for p in problems if p.startswith("unpinned:")]
    merged, order = [], [s.get("uses", "").split("@")[0] for s in steps]
    for action in order:
        for p in tail + out:
            if p.split(":", 1)[1] == action and p not in merged:
                merged.append(p)
    return rest + merged


def wf_text_versions(yaml_text, required=None):
    return _versions_as_text(yaml_text, required, lambda ref, major: ref < major)


def wf_text_versions_max(yaml_text, required=None):
    return _versions_as_text(yaml_text, required, lambda ref, major: max(ref, major) != ref)


def wf_at_means_pinned(yaml_text, required=None):
    return [p for p in workflow_by_walking(yaml_text, required)
            if not (p.startswith("unpinned:") and "@" in _uses_for(yaml_text, p))]


def _uses_for(yaml_text, problem):
    action = problem.split(":", 1)[1]
    doc = yaml.safe_load(yaml_text)
    for job in doc["jobs"].values():
        for s in job.get("steps", []):
            if s.get("uses", "").split("@")[0] == action:
                return s["uses"]
    return ""


def wf_pinned_if_ref(yaml_text, required=None):
    problems = workflow_by_walking(yaml_text, required)
    return [p for p in problems if not p.startswith("unpinned:") or
            _uses_for(yaml_text, p).count("@") == 0]


def _first_job(yaml_text):
    doc = yaml.safe_load(yaml_text)
    first = next(iter(doc["jobs"]))
    doc["jobs"] = {first: doc["jobs"][first]}
    return yaml.safe_dump(doc, sort_keys=False)


def wf_first_job(yaml_text, required=None):
    return workflow_by_walking(_first_job(yaml_text), required)


def wf_first_job_index(yaml_text, required=None):
    doc = yaml.safe_load(yaml_text)
    jobs = list(doc["jobs"].values())
    doc["jobs"] = {"only": jobs[0]}
    return workflow_by_walking(yaml.safe_dump(doc, sort_keys=False), required)


def _names_as_runs(yaml_text):
    doc = yaml.safe_load(yaml_text)
    for job in doc["jobs"].values():
        for s in job.get("steps", []):
            if "run" in s:
                s["run"] = s.get("name", "")
            elif "name" in s:
                s["run"] = s["name"]
    return yaml.safe_dump(doc, sort_keys=False)


def wf_match_names(yaml_text, required=None):
    return workflow_by_walking(_names_as_runs(yaml_text), required)


def wf_match_names_lower(yaml_text, required=None):
    doc = yaml.safe_load(yaml_text)
    for job in doc["jobs"].values():
        for s in job.get("steps", []):
            s["run"] = str(s.get("name", ""))
    return workflow_by_walking(yaml.safe_dump(doc, sort_keys=False), required)


def wf_set_of_string(yaml_text, required=None):
    required = required or DEFAULT_REQUIRED
    doc = yaml.safe_load(yaml_text)
    on = doc.get(True, doc.get("on"))
    triggers = set(on) if on is not None else set()
    problems = [f"trigger:{t}" for t in required.get("triggers", []) if t not in triggers]
    return problems + [p for p in workflow_by_walking(yaml_text, required)
                       if not p.startswith("trigger:")]


def wf_list_of_string(yaml_text, required=None):
    required = required or DEFAULT_REQUIRED
    doc = yaml.safe_load(yaml_text)
    on = doc.get(True, doc.get("on"))
    triggers = list(on or [])
    problems = [f"trigger:{t}" for t in required.get("triggers", []) if t not in triggers]
    return problems + [p for p in workflow_by_walking(yaml_text, required)
                       if not p.startswith("trigger:")]


# ---------------------------------------------------------------- canary
def _canary(stats, policy, *, rate, wait=lambda n, m: n < m, worse=lambda c, s, x: c - s > x,
            look_latency=True):
    p = {**DEFAULT_CANARY_POLICY, **(policy or {})}
    c, s = stats["canary"], stats["stable"]
    if not s["requests"]:
        raise ValueError("no stable requests")
    if wait(c["requests"], p["min_requests"]):
        return "continue"
    if worse(rate(c), rate(s), p["max_error_increase"]):
        return "rollback"
    if look_latency and c["p95_latency_ms"] > p["max_latency_ratio"] * s["p95_latency_ms"]:
        return "rollback"
    return "promote"


def _rate(side):
    return side["errors"] / side["requests"] if side["requests"] else 0.0


def canary_error_counts(stats, policy=None):
    return _canary(stats, policy, rate=lambda side: side["errors"])


def canary_error_counts_int(stats, policy=None):
    return _canary(stats, policy, rate=lambda side: int(side["errors"]),
                   worse=lambda c, s, x: c > s + x)


def canary_no_wait(stats, policy=None):
    return _canary(stats, policy, rate=_rate, wait=lambda n, m: False)


def canary_wait_zero(stats, policy=None):
    return _canary(stats, policy, rate=_rate, wait=lambda n, m: n == 0)


def canary_wait_le(stats, policy=None):
    return _canary(stats, policy, rate=_rate, wait=lambda n, m: n <= m)


def canary_wait_not_above(stats, policy=None):
    return _canary(stats, policy, rate=_rate, wait=lambda n, m: not n > m)


def canary_relative(stats, policy=None):
    return _canary(stats, policy, rate=_rate,
                   worse=lambda c, s, x: (c > s * (1 + x)) if s else c > 0)


def canary_relative_pct(stats, policy=None):
    return _canary(stats, policy, rate=_rate,
                   worse=lambda c, s, x: ((c - s) / s > x) if s else c > 0)


def canary_either_way(stats, policy=None):
    return _canary(stats, policy, rate=_rate, worse=lambda c, s, x: abs(c - s) > x)


def canary_squared_gap(stats, policy=None):
    return _canary(stats, policy, rate=_rate, worse=lambda c, s, x: (c - s) ** 2 > x ** 2)


def canary_errors_only(stats, policy=None):
    return _canary(stats, policy, rate=_rate, look_latency=False)


def canary_latency_never(stats, policy=None):
    p = {**DEFAULT_CANARY_POLICY, **(policy or {}), "max_latency_ratio": float("inf")}
    return _canary(stats, p, rate=_rate)


VARIANTS = {
    "validate_frame.bounds_exclusive": [contract_strict_bounds_gt, contract_strict_bounds_numpy],
    "validate_frame.nulls_as_violations": [contract_nan_fails_between, contract_nan_fails_numpy],
    "validate_frame.grouped_by_kind": [contract_by_check, contract_by_check_sorted],
    "validate_frame.numeric_for_int": [contract_numeric_int, contract_number_kind_int],
    "validate_frame.first_problem_only": [contract_elif_chain, contract_first_per_column],
    "validate_frame.ignores_nullable": [contract_nulls_always, contract_nulls_always_loops],
    "quality_gate.strict_thresholds": [gate_not_above, gate_rounded_strict],
    "quality_gate.relative_drop": [gate_percent_drop, gate_ratio_drop],
    "quality_gate.flipped_drop": [gate_gain_as_drop, gate_negated_drop],
    "quality_gate.missing_ignored": [gate_skips_absent, gate_get_default_ok],
    "quality_gate.needs_champion": [gate_champion_assumed, gate_champion_items],
    "paired_bootstrap.unpaired": [boot_independent_draws, boot_independent_loop],
    "paired_bootstrap.sign_flipped": [boot_a_minus_b, boot_swapped_arguments],
    "paired_bootstrap.normal_interval": [boot_normal_approx, boot_normal_scipy],
    "paired_bootstrap.alpha_not_halved": [boot_one_tail_alpha, boot_one_tail_sorted],
    "paired_bootstrap.strict_threshold": [boot_gt_half, boot_round_predictions],
    "paired_bootstrap.without_replacement": [boot_permutations, boot_choice_no_replace],
    "directional_violations.ties_count": [behaviour_le_zero, behaviour_not_strictly_better],
    "directional_violations.mutates_input": [behaviour_in_place, behaviour_in_place_loc],
    "directional_violations.ignores_sign": [behaviour_always_up, behaviour_abs_sign],
    "directional_violations.count_not_share": [behaviour_sum, behaviour_len_list],
    "directional_violations.negative_class": [behaviour_first_column, behaviour_max_column],
    "trainer_tests.catches_nothing": [TestsOnlyRun, TestsSwallowFailures],
    "trainer_tests.too_strict": [TestsWantPerfectScore, TestsExactNumber],
    "trainer_tests.not_collected": [TestsNamedCheck, TestsNamedSuffix],
    "trainer_tests.crashes_on_correct": [TestsWrongColumn, TestsPositionalSeed],
    "workflow_problems.on_key_only": [wf_on_key, wf_on_key_get],
    "workflow_problems.text_versions": [wf_text_versions, wf_text_versions_max],
    "workflow_problems.any_ref_pinned": [wf_at_means_pinned, wf_pinned_if_ref],
    "workflow_problems.first_job_only": [wf_first_job, wf_first_job_index],
    "workflow_problems.match_names": [wf_match_names, wf_match_names_lower],
    "workflow_problems.on_chars": [wf_set_of_string, wf_list_of_string],
    "canary_decision.counts_not_rates": [canary_error_counts, canary_error_counts_int],
    "canary_decision.ignores_traffic": [canary_no_wait, canary_wait_zero],
    "canary_decision.min_requests_exclusive": [canary_wait_le, canary_wait_not_above],
    "canary_decision.error_ratio": [canary_relative, canary_relative_pct],
    "canary_decision.absolute_difference": [canary_either_way, canary_squared_gap],
    "canary_decision.latency_ignored": [canary_errors_only, canary_latency_never],
}
