"""The reference of lesson 04_lineage against independent oracles: hashlib and the
`sha256sum` program, networkx, pandas.merge_asof, and MLflow on a SQLite store."""

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from mlopskit import lineage
from mlopskit._protocol import FakeRegistry
from mlopskit.checks import get_spec, specs_for_lesson
from mlopskit.lineage import (
    GIT_COMMIT_TAG,
    LineageGraph,
    diff_manifests,
    file_digest,
    manifest,
    model_lineage,
    point_in_time_join,
)

SPECS = specs_for_lesson("04_lineage")


# ---------------------------------------------------------------- digests
@pytest.fixture
def data_folder(tmp_path):
    rng = np.random.default_rng(4)
    files = {"raw/day.csv": b"a,b\r\n1,2\r\n", "raw/big.bin": rng.bytes(200_003),
             "empty.txt": b"", "exact.bin": b"x" * lineage.DEFAULT_CHUNK_SIZE,
             ".hidden": b"secret\n", "notes/ação.md": "ação\n".encode()}
    for rel, data in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (tmp_path / "emptydir").mkdir()
    return tmp_path, files


@pytest.mark.parametrize("algorithm", ["sha256", "md5", "sha1", "sha512"])
@pytest.mark.parametrize("chunk_size", [1, 7, 4096, lineage.DEFAULT_CHUNK_SIZE])
def test_file_digest_agrees_with_hashlib(data_folder, algorithm, chunk_size):
    root, files = data_folder
    for rel, data in files.items():
        assert file_digest(root / rel, algorithm=algorithm, chunk_size=chunk_size) == \
            hashlib.new(algorithm, data).hexdigest()


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="no sha256sum program")
def test_file_digest_agrees_with_the_sha256sum_program(data_folder):
    root, files = data_folder
    for rel in files:
        printed = subprocess.run(["sha256sum", str(root / rel)], capture_output=True,
                                 text=True, check=True).stdout.split()[0]
        assert file_digest(root / rel) == printed
    got = manifest(root)
    assert {k: v["digest"] for k, v in got.items()} == {
        rel: subprocess.run(["sha256sum", rel], cwd=root, capture_output=True, text=True,
                            check=True).stdout.split()[0] for rel in files}


def test_manifest_lists_every_file_with_its_size(data_folder):
    root, files = data_folder
    got = manifest(root)
    assert list(got) == sorted(files)
    assert {k: v["size"] for k, v in got.items()} == {k: len(v) for k, v in files.items()}
    assert manifest(root / "emptydir") == {}


def test_digest_and_manifest_name_bad_input(tmp_path):
    with pytest.raises(FileNotFoundError, match="`path`"):
        file_digest(tmp_path / "missing.csv")
    (tmp_path / "a").write_bytes(b"a")
    with pytest.raises(ValueError, match="`algorithm`"):
        file_digest(tmp_path / "a", algorithm="sha999")
    with pytest.raises(ValueError, match="`chunk_size`"):
        file_digest(tmp_path / "a", chunk_size=0)
    with pytest.raises(NotADirectoryError, match="`folder`"):
        manifest(tmp_path / "a")


def test_diff_manifests_on_real_snapshots(data_folder):
    root, _ = data_folder
    before = manifest(root)
    (root / "raw" / "day.csv").write_bytes(b"a,b\r\n1,3\r\n")  # same size, new bytes
    (root / "empty.txt").rename(root / "still_empty.txt")
    (root / "new.csv").write_bytes(b"z\n")
    after = manifest(root)
    assert diff_manifests(before, after) == {
        "added": ["new.csv", "still_empty.txt"], "removed": ["empty.txt"],
        "modified": ["raw/day.csv"]}
    assert diff_manifests(after, after) == {"added": [], "removed": [], "modified": []}
    with pytest.raises(TypeError, match="`old`"):
        diff_manifests([], after)


# ---------------------------------------------------------------- lineage graph
def _random_dag(rng, n):
    kinds = [str(rng.choice(lineage.NODE_KINDS)) for _ in range(n)]
    graph, oracle = LineageGraph(), nx.DiGraph()
    for i, kind in enumerate(kinds):
        graph.add_node(f"n{i}", kind)
        oracle.add_node(f"n{i}", kind=kind)
    for _ in range(3 * n):
        a, b = (f"n{int(x)}" for x in rng.choice(n, 2, replace=False))
        closes = a == b or nx.has_path(oracle, b, a)
        if closes:
            before = graph.edges()
            with pytest.raises(ValueError, match="cycle"):
                graph.add_edge(a, b)
            assert graph.edges() == before  # a refused edge leaves the graph unchanged
        else:
            graph.add_edge(a, b)
            oracle.add_edge(a, b)
        assert nx.is_directed_acyclic_graph(oracle)
    return graph, oracle


@pytest.mark.parametrize("seed", range(8))
def test_lineage_graph_agrees_with_networkx(seed):
    rng = np.random.default_rng(seed)
    graph, oracle = _random_dag(rng, int(rng.integers(4, 14)))
    assert graph.edges() == sorted(map(list, oracle.edges()))
    for node in oracle.nodes:
        assert graph.ancestors(node) == sorted(nx.ancestors(oracle, node))
        assert graph.descendants(node) == sorted(nx.descendants(oracle, node))
        assert graph.impact(node) == sorted(n for n in nx.descendants(oracle, node)
                                            if oracle.nodes[n]["kind"] == "model")
    copy = LineageGraph.from_json(graph.to_json())
    assert copy.nodes() == graph.nodes() and copy.edges() == graph.edges()
    rebuilt = nx.DiGraph(json.loads(graph.to_json())["edges"])
    assert nx.is_directed_acyclic_graph(rebuilt)


def test_lineage_graph_refuses_self_loops_unknown_nodes_and_kind_changes():
    graph = LineageGraph()
    graph.add_node("raw", "dataset")
    with pytest.raises(ValueError, match="cycle"):
        graph.add_edge("raw", "raw")
    with pytest.raises(ValueError, match="unknown node 'ghost'"):
        graph.add_edge("raw", "ghost")
    with pytest.raises(ValueError, match="already a dataset"):
        graph.add_node("raw", "model")
    with pytest.raises(ValueError, match="`kind`"):
        graph.add_node("x", "table")
    assert graph.edges() == [] and graph.ancestors("raw") == [] and graph.impact("raw") == []


def test_plot_lineage_draws_every_node_in_the_notebooks_language():
    import matplotlib

    matplotlib.use("Agg")
    rng = np.random.default_rng(1)
    graph, oracle = _random_dag(rng, 9)
    ax = lineage.plot_lineage(graph, highlight=["n0"], lang="pt")
    labels = {t.get_text() for t in ax.texts}
    assert set(oracle.nodes) <= labels
    assert ax.get_title() == "Linhagem"
    assert len([p for p in ax.patches if True]) + len(ax.texts) >= len(oracle.nodes)


# ---------------------------------------------------------------- point in time
def _merge_asof_oracle(events, features, on, event_time, feature_time):
    ordered = events.assign(_k=np.arange(len(events))).sort_values(event_time)
    out = pd.merge_asof(ordered, features.sort_values(feature_time), left_on=event_time,
                        right_on=feature_time, by=on, direction="backward")
    return out.sort_values("_k").drop(columns=["_k", feature_time]).reset_index(drop=True)


@pytest.mark.parametrize("seed", range(10))
def test_point_in_time_join_agrees_with_merge_asof_on_datetimes(seed):
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2011-01-01")
    features = pd.DataFrame({
        "station": rng.choice(["a", "b", "c"], 40),
        "valid_from": start + pd.to_timedelta(rng.choice(2000, 40, replace=False), unit="h"),
        "temp": rng.normal(20, 5, 40)}).drop_duplicates(["station", "valid_from"])
    events = pd.DataFrame({
        "station": rng.choice(["a", "b", "c", "d"], 25),
        "at": start + pd.to_timedelta(rng.integers(-50, 2100, 25), unit="h")},
        index=pd.RangeIndex(100, 125))
    events.loc[events.index[0], "station"] = features["station"].iloc[0]
    events.loc[events.index[0], "at"] = features["valid_from"].iloc[0]
    got = point_in_time_join(events, features, on="station", event_time="at",
                             feature_time="valid_from")
    want = _merge_asof_oracle(events, features, "station", "at", "valid_from")
    assert list(got.index) == list(events.index)
    pd.testing.assert_frame_equal(got.reset_index(drop=True), want, check_dtype=False)
    assert got["temp"].iloc[0] == features["temp"].iloc[0]  # known at exactly that time


def test_point_in_time_join_never_uses_the_future():
    rng = np.random.default_rng(3)
    features = pd.DataFrame({"k": rng.choice(list("xyz"), 60), "ft": rng.permutation(300)[:60],
                             "v": rng.random(60)}).drop_duplicates(["k", "ft"])
    events = pd.DataFrame({"k": rng.choice(list("xyz"), 80), "t": rng.integers(0, 320, 80)})
    got = point_in_time_join(events, features, on="k", event_time="t", feature_time="ft")
    stamp = features.set_index("v")["ft"]
    used = got["v"].dropna()
    assert (stamp.loc[used.to_numpy()].to_numpy() <= got.loc[used.index, "t"].to_numpy()).all()


def test_point_in_time_join_names_bad_input():
    ev = pd.DataFrame({"k": ["a"], "t": [1]})
    ft = pd.DataFrame({"k": ["a", "a"], "ft": [0, 0], "v": [1.0, 2.0]})
    with pytest.raises(ValueError, match="more than one row"):
        point_in_time_join(ev, ft, on="k", event_time="t", feature_time="ft")
    with pytest.raises(ValueError, match="no column"):
        point_in_time_join(ev, ft, on="k", event_time="time", feature_time="ft")
    with pytest.raises(TypeError, match="`events`"):
        point_in_time_join(ev.to_dict(), ft, on="k", event_time="t", feature_time="ft")


# ---------------------------------------------------------------- model lineage
def _lineage_store(tracking_uri, workdir):
    import mlflow
    from sklearn.linear_model import Ridge

    mlflow.set_tracking_uri(tracking_uri)
    mlflow.set_experiment("lineage-test")
    rng = np.random.default_rng(0)
    train = pd.DataFrame({"temp": rng.random(30), "cnt": rng.integers(0, 100, 30)})
    valid = train.sample(10, random_state=1)
    runs = []
    for alpha, commit in ((1.0, "a" * 40), (0.1, "b" * 40)):
        with mlflow.start_run() as run:
            mlflow.log_params({"alpha": alpha})
            mlflow.set_tag(GIT_COMMIT_TAG, commit)
            train_ds = mlflow.data.from_pandas(train, name="bike_train", targets="cnt")
            mlflow.log_input(train_ds, context="training")
            mlflow.log_input(mlflow.data.from_pandas(valid, name="bike_valid"),
                             context="evaluation")
            mlflow.sklearn.log_model(Ridge(alpha=alpha).fit(train[["temp"]], train["cnt"]),
                                     name="model", pip_requirements=[],
                                     registered_model_name="bike")
            runs.append((run.info.run_id, train_ds.digest))
    return runs


@pytest.mark.mlflow
def test_model_lineage_reads_a_sqlite_store_like_the_stand_in(tmp_path, monkeypatch):
    from mlflow import MlflowClient

    monkeypatch.chdir(tmp_path)
    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    runs = _lineage_store(uri, tmp_path)
    client = MlflowClient(uri)
    client.set_registered_model_alias("bike", "champion", "1")
    got = model_lineage(client, "bike", "champion")
    assert got["version"] == "1" and got["run_id"] == runs[0][0]
    assert got["params"] == {"alpha": "1.0"} and got["git_commit"] == "a" * 40
    assert [(d["name"], d["context"]) for d in got["datasets"]] == [
        ("bike_train", "training"), ("bike_valid", "evaluation")]
    assert got["datasets"][0]["digest"] == runs[0][1]
    spec = get_spec("lineage.model_lineage")
    run = client.get_run(runs[0][0])
    stand_in = FakeRegistry("bike", aliases={"champion": "1"},
                            versions={"1": {"run_id": runs[0][0]}},
                            runs={runs[0][0]: {
                                "params": run.data.params, "tags": run.data.tags,
                                "inputs": [{"name": d["name"], "digest": d["digest"],
                                            "context": d["context"]}
                                           for d in got["datasets"]]}})
    assert spec.encode(model_lineage(stand_in, "bike", "champion")) == spec.encode(got)
    for mis in spec.misconceptions:  # every catalogued mistake differs on a real store too
        client.set_registered_model_alias("bike", "challenger", "2")
        try:
            wrong = mis.impl(client, "bike", "champion")
        except Exception:
            continue
        if mis.id != "lineage.always_champion":
            assert spec.encode(wrong) != spec.encode(got) or mis.id in (
                "lineage.first_dataset_only",), mis.id
    report = lineage.audit_report(client, "bike", start="2000-01-01", end="2100-01-01")
    assert list(report.index) == [1, 2]
    assert report.loc[1, "git_commit"] == "a" * 10 and "bike_train:" in report.loc[1, "datasets"]
    assert report.loc[2, "aliases"] == "challenger"


def test_model_lineage_lets_a_missing_alias_through():
    client = FakeRegistry("m", aliases={}, versions={}, runs={})
    with pytest.raises(Exception, match="alias challenger not found"):
        model_lineage(client, "m", "challenger")
    with pytest.raises(TypeError, match="`alias`"):
        model_lineage(client, "m", "")


# ---------------------------------------------------------------- the specs
@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.task)
def test_each_spec_has_hints_mistakes_and_fixed_boundaries(spec):
    assert len(spec.hints) >= 3
    assert len(spec.misconceptions) >= 4
    covered = [c for c in spec.public_cases() if c.covers]
    assert covered, spec.task
    assert "`" in spec.hints[-1]["en"]  # the code comes last
    assert not any("`" in h["en"] and "(" in h["en"] and "=" in h["en"]
                   for h in spec.hints[:1])


def test_fixed_cases_cover_the_boundaries_the_lesson_promises():
    covers = {c for spec in SPECS for case in spec.public_cases() for c in case.covers}
    for boundary in ("an empty folder", "an empty file", "a file exactly chunk_size long",
                     "a rename", "a node with no edges", "a self-loop",
                     "an event exactly at a feature timestamp", "an event before any feature",
                     "an alias that does not exist"):
        assert boundary in covers


# ---------------------------------------------------------------- texts
def test_catalogue_keys_used_by_the_notebook_exist_and_speak_portuguese():
    import re

    import nbformat

    from mlopskit.texts import check_catalogue
    from mlopskit.texts.lineage import TEXTS

    assert check_catalogue(TEXTS) == []
    nb = nbformat.read(Path(__file__).parents[3] / "solutions" / "04_lineage" /
                       "04_lineage.ipynb", as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    used = set(re.findall(r"""\bT\(\s*["'](\w+)["']""", code))
    used |= set(re.findall(r"""\bT\[\s*["'](\w+)["']\s*\]""", code))
    assert used and used <= set(TEXTS), used - set(TEXTS)
    assert TEXTS["kind_dataset"]["pt"] == "conjunto de dados"
