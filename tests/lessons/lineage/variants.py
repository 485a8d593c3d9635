"""Wrong implementations of lesson 04_lineage's tasks, each a catalogued mistake made in
another style than the catalogue's own code. ``VARIANTS`` maps a misconception id to them;
every one must receive that misconception's message, for every student seed."""

from __future__ import annotations

import glob
import hashlib
import os
from pathlib import Path

import numpy as np
import pandas as pd

from tests.lessons.lineage.alternatives import GraphWithAdjacencyLists, GraphWithRecursion


# ---------------------------------------------------------------- file_digest
def digest_read_text(path, *, algorithm="sha256", chunk_size=65536):
    h = hashlib.new(algorithm)
    with open(path) as fh:  # text mode, default newline handling
        for line in fh:
            h.update(line.encode())
    return h.hexdigest()


def digest_pathlib_text(path, *, algorithm="sha256", chunk_size=65536):
    return hashlib.new(algorithm, Path(path).read_text().encode("utf-8")).hexdigest()


def digest_sha256_loop(path, *, algorithm="sha256", chunk_size=65536):
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while True:
            block = fh.read(chunk_size)
            if not block:
                break
            h.update(block)
    return h.hexdigest()


def digest_sha256_whole(path, *, algorithm="sha256", chunk_size=65536):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def digest_one_read(path, *, algorithm="sha256", chunk_size=65536):
    h = hashlib.new(algorithm)
    with open(path, "rb") as fh:
        chunk = fh.read(chunk_size)
        h.update(chunk)
    return h.hexdigest()


def digest_if_not_while(path, *, algorithm="sha256", chunk_size=65536):
    h = hashlib.new(algorithm)
    fh = open(path, "rb")
    if data := fh.read(chunk_size):
        h.update(data)
    fh.close()
    return h.hexdigest()


def digest_rstrip_newline(path, *, algorithm="sha256", chunk_size=65536):
    data = Path(path).read_bytes().strip()
    return hashlib.new(algorithm, data).hexdigest()


def digest_strip_text(path, *, algorithm="sha256", chunk_size=65536):
    with open(path, "rb") as fh:
        content = fh.read().decode("utf-8").strip().encode("utf-8")
    return hashlib.new(algorithm, content).hexdigest()


# ---------------------------------------------------------------- manifest
def _entry(path, algorithm):
    data = Path(path).read_bytes()
    return {"digest": hashlib.new(algorithm, data).hexdigest(), "size": len(data)}


def manifest_scandir(folder, *, algorithm="sha256", chunk_size=65536):
    return {e.name: _entry(e.path, algorithm) for e in os.scandir(folder) if e.is_file()}


def manifest_glob_star(folder, *, algorithm="sha256", chunk_size=65536):
    return {p.name: _entry(p, algorithm) for p in Path(folder).glob("*") if p.is_file()}


def manifest_walk_names(folder, *, algorithm="sha256", chunk_size=65536):
    out = {}
    for dirpath, _, names in os.walk(folder):
        for name in names:
            out[name] = _entry(os.path.join(dirpath, name), algorithm)
    return out


def manifest_rglob_names(folder, *, algorithm="sha256", chunk_size=65536):
    return {p.name: _entry(p, algorithm) for p in Path(folder).rglob("*") if p.is_file()}


def manifest_len_of_text(folder, *, algorithm="sha256", chunk_size=65536):
    out = {}
    for p in Path(folder).rglob("*"):
        if p.is_file():
            text = p.read_text(encoding="utf-8")
            out[p.relative_to(folder).as_posix()] = {
                "digest": hashlib.new(algorithm, p.read_bytes()).hexdigest(), "size": len(text)}
    return out


def manifest_count_chars(folder, *, algorithm="sha256", chunk_size=65536):
    out = {}
    for dirpath, _, names in os.walk(folder):
        for name in names:
            full = os.path.join(dirpath, name)
            with open(full, encoding="utf-8", newline="") as fh:
                n = sum(len(line) for line in fh)
            entry = _entry(full, algorithm)
            entry["size"] = n
            out[os.path.relpath(full, folder)] = entry
    return out


def manifest_glob_recursive(folder, *, algorithm="sha256", chunk_size=65536):
    out = {}
    for full in glob.glob(os.path.join(folder, "**", "*"), recursive=True):
        if os.path.isfile(full):
            out[os.path.relpath(full, folder)] = _entry(full, algorithm)
    return out


def manifest_skip_dotfiles(folder, *, algorithm="sha256", chunk_size=65536):
    out = {}
    for p in sorted(Path(folder).rglob("*")):
        if p.is_file() and not p.name.startswith("."):
            out[p.relative_to(folder).as_posix()] = _entry(p, algorithm)
    return out


# ---------------------------------------------------------------- diff_manifests
def diff_sizes_loop(old, new):
    out = {"added": [], "removed": [], "modified": []}
    for p in sorted(set(old) | set(new)):
        if p not in old:
            out["added"].append(p)
        elif p not in new:
            out["removed"].append(p)
        elif old[p]["size"] != new[p]["size"]:
            out["modified"].append(p)
    return out


def diff_sizes_pandas(old, new):
    a, b = pd.DataFrame(old).T, pd.DataFrame(new).T
    common = a.index.intersection(b.index)
    return {"added": sorted(set(b.index) - set(a.index)),
            "removed": sorted(set(a.index) - set(b.index)),
            "modified": sorted(p for p in common if a.loc[p, "size"] != b.loc[p, "size"])}


def diff_lists_in_dict_order(old, new):
    return {"added": [k for k in new.keys() - old.keys()] and [k for k in new if k not in old],
            "removed": [k for k in old if k not in new],
            "modified": [k for k in old if k in new and old[k] != new[k]]}


def diff_loop_unsorted(old, new):
    added, removed, modified = [], [], []
    for key, entry in new.items():
        if key not in old:
            added.append(key)
        elif entry["digest"] != old[key]["digest"]:
            modified.append(key)
    for key in old:
        if key not in new:
            removed.append(key)
    return {"added": added, "removed": removed, "modified": modified}


def diff_digest_sets(old, new):
    by_old = {v["digest"] for v in old.values()}
    by_new = {v["digest"] for v in new.values()}
    return {"added": sorted(p for p, e in new.items() if p not in old and e["digest"] not in by_old),
            "removed": sorted(p for p, e in old.items() if p not in new
                              and e["digest"] not in by_new),
            "modified": sorted(p for p in old if p in new and old[p]["digest"] != new[p]["digest"])}


def diff_skip_known_contents(old, new):
    seen = {e["digest"]: p for p, e in old.items()}
    added = [p for p, e in new.items() if p not in old and e["digest"] not in seen]
    still = {e["digest"] for e in new.values()}
    removed = [p for p, e in old.items() if p not in new and e["digest"] not in still]
    modified = [p for p in new if p in old and new[p]["digest"] != old[p]["digest"]]
    return {"added": sorted(added), "removed": sorted(removed), "modified": sorted(modified)}


def diff_new_minus_old_backwards(old, new):
    return {"added": sorted(set(old) - set(new)), "removed": sorted(set(new) - set(old)),
            "modified": sorted(k for k in set(old) & set(new)
                               if old[k]["digest"] != new[k]["digest"])}


def diff_arguments_swapped(old, new):
    new, old = old, new
    return {"added": sorted(k for k in new if k not in old),
            "removed": sorted(k for k in old if k not in new),
            "modified": sorted(k for k in new if k in old
                               and new[k]["digest"] != old[k]["digest"])}


# ---------------------------------------------------------------- lineage graph
class GraphAcceptsAll(GraphWithAdjacencyLists):
    def add_edge(self, source, target):
        if source not in self.kind or target not in self.kind:
            raise ValueError("unknown node")
        if target not in self.out[source]:
            self.out[source].append(target)
            self.inc[target].append(source)


class GraphRecursionNoCheck(GraphWithRecursion):
    def add_edge(self, source, target):
        if source not in self.nodes or target not in self.nodes:
            raise KeyError(source)
        self.edges.add((source, target))


class GraphMissesSelfLoop(GraphWithAdjacencyLists):
    def add_edge(self, source, target):
        if source not in self.kind or target not in self.kind:
            raise ValueError("unknown node")
        if source in self.descendants(target):
            raise ValueError("cycle")
        self.out[source].append(target)
        self.inc[target].append(source)


class GraphAncestorCheckOnly(GraphWithRecursion):
    def add_edge(self, source, target):
        if source not in self.nodes or target not in self.nodes:
            raise ValueError("unknown")
        if target in self.ancestors(source):
            raise ValueError("cycle")
        self.edges.add((source, target))


class GraphAddsThenChecks(GraphWithRecursion):
    def add_edge(self, source, target):
        if source not in self.nodes or target not in self.nodes:
            raise ValueError("unknown")
        self.edges.add((source, target))
        if source in self._down(source) or source == target:
            raise ValueError("cycle")


class GraphAppendsThenRaises(GraphWithAdjacencyLists):
    def add_edge(self, source, target):
        if source not in self.kind or target not in self.kind:
            raise ValueError("unknown node")
        self.out[source].append(target)
        self.inc[target].append(source)
        if source == target or source in self.descendants(target):
            raise ValueError("cycle detected")


class GraphOneHop(GraphWithRecursion):
    def ancestors(self, node):
        if node not in self.nodes:
            raise ValueError(node)
        return sorted(s for s, t in self.edges if t == node)

    def descendants(self, node):
        if node not in self.nodes:
            raise ValueError(node)
        return sorted(t for s, t in self.edges if s == node)

    def add_edge(self, source, target):
        if source not in self.nodes or target not in self.nodes:
            raise ValueError("unknown")
        if source == target or source in self._down(target):
            raise ValueError("cycle")
        self.edges.add((source, target))


class GraphDirectLists(GraphWithAdjacencyLists):
    def ancestors(self, node):
        if node not in self.kind:
            raise ValueError(node)
        return sorted(self.inc[node])

    def descendants(self, node):
        if node not in self.kind:
            raise ValueError(node)
        return sorted(self.out[node])

    def add_edge(self, source, target):
        if source not in self.kind or target not in self.kind:
            raise ValueError("unknown node")
        if source == target or source in self._walk(target, self.out):
            raise ValueError("cycle")
        if target not in self.out[source]:
            self.out[source].append(target)
            self.inc[target].append(source)


class GraphImpactEverything(GraphWithAdjacencyLists):
    def impact(self, node):
        return self.descendants(node)


class GraphImpactNoFilter(GraphWithRecursion):
    def impact(self, dataset):
        return sorted(self._down(dataset) - {dataset})


# ---------------------------------------------------------------- point in time
def _values(features, on, feature_time):
    return [c for c in features.columns if c not in (on, feature_time)]


def pit_drop_duplicates_last(events, features, *, on, event_time, feature_time):
    last = features.sort_values(feature_time).drop_duplicates(on, keep="last")
    out = events.merge(last[[on, *_values(features, on, feature_time)]], on=on, how="left")
    return out


def pit_idxmax(events, features, *, on, event_time, feature_time):
    idx = features.groupby(on)[feature_time].idxmax()
    latest = features.loc[idx].set_index(on)
    out = events.copy()
    for c in _values(features, on, feature_time):
        out[c] = events[on].map(latest[c])
    return out


def pit_loop_strict(events, features, *, on, event_time, feature_time):
    values = _values(features, on, feature_time)
    out = events.copy()
    for c in values:
        out[c] = np.nan
    for i, row in events.iterrows():
        known = features[(features[on] == row[on]) & (features[feature_time] < row[event_time])]
        if len(known):
            best = known.loc[known[feature_time].idxmax()]
            for c in values:
                out.at[i, c] = best[c]
    return out


def pit_asof_no_exact(events, features, *, on, event_time, feature_time):
    ev = events.assign(_i=np.arange(len(events))).sort_values(event_time)
    ft = features.sort_values(feature_time)
    res = pd.merge_asof(ev, ft, left_on=event_time, right_on=feature_time, by=on,
                        allow_exact_matches=False)
    return res.sort_values("_i").drop(columns=["_i", feature_time]).reset_index(drop=True)


def pit_asof_without_by(events, features, *, on, event_time, feature_time):
    ev = events.assign(_i=np.arange(len(events))).sort_values(event_time)
    ft = features.drop(columns=[on]).sort_values(feature_time)
    res = pd.merge_asof(ev, ft, left_on=event_time, right_on=feature_time)
    return res.sort_values("_i").drop(columns=["_i", feature_time]).reset_index(drop=True)


def pit_loop_any_client(events, features, *, on, event_time, feature_time):
    values = _values(features, on, feature_time)
    rows = []
    for _, row in events.iterrows():
        known = features[features[feature_time] <= row[event_time]]
        best = known.loc[known[feature_time].idxmax()] if len(known) else None
        rows.append({c: (best[c] if best is not None else np.nan) for c in values})
    return pd.concat([events.reset_index(drop=True), pd.DataFrame(rows, columns=values)], axis=1)


def pit_asof_sorted_output(events, features, *, on, event_time, feature_time):
    ev = events.sort_values(event_time)
    ft = features.sort_values(feature_time)
    res = pd.merge_asof(ev, ft, left_on=event_time, right_on=feature_time, by=on)
    return res.drop(columns=[feature_time])


def pit_loop_on_sorted_events(events, features, *, on, event_time, feature_time):
    values = _values(features, on, feature_time)
    ordered = events.sort_values(event_time).reset_index(drop=True)
    rows = []
    for _, row in ordered.iterrows():
        known = features[(features[on] == row[on]) & (features[feature_time] <= row[event_time])]
        best = known.sort_values(feature_time).iloc[-1] if len(known) else None
        rows.append({c: (best[c] if best is not None else np.nan) for c in values})
    return pd.concat([ordered, pd.DataFrame(rows, columns=values)], axis=1)


# ---------------------------------------------------------------- model lineage
def _datasets(run):
    out = []
    for d in run.inputs.dataset_inputs:
        ctx = {t.key: t.value for t in d.tags}.get("mlflow.data.context")
        out.append({"name": d.dataset.name, "digest": d.dataset.digest, "context": ctx})
    return out


def _pack(version, run, commit):
    return {"version": str(version.version), "run_id": version.run_id,
            "params": dict(run.data.params), "datasets": _datasets(run), "git_commit": commit}


def lineage_max_version(client, name, alias):
    versions = client.search_model_versions(f"name='{name}'")
    version = sorted(versions, key=lambda v: int(v.version))[-1]
    run = client.get_run(version.run_id)
    return _pack(version, run, run.data.tags.get("mlflow.source.git.commit"))


def lineage_first_of_search(client, name, alias):
    version = client.search_model_versions(f"name='{name}'", order_by=["version_number DESC"])[0]
    run = client.get_run(version.run_id)
    return _pack(version, run, run.data.tags.get("mlflow.source.git.commit"))


def lineage_champion_literal(client, name, alias):
    version = client.get_model_version_by_alias(name, "champion")
    run = client.get_run(version.run_id)
    return _pack(version, run, run.data.tags.get("mlflow.source.git.commit"))


def lineage_default_alias(client, name, alias, *, production_alias="champion"):
    alias = production_alias
    version = client.get_model_version_by_alias(name, alias)
    run = client.get_run(version.run_id)
    return _pack(version, run, run.data.tags.get("mlflow.source.git.commit"))


def lineage_first_input(client, name, alias):
    version = client.get_model_version_by_alias(name, alias)
    run = client.get_run(version.run_id)
    out = _pack(version, run, run.data.tags.get("mlflow.source.git.commit"))
    out["datasets"] = out["datasets"][:1] if run.inputs.dataset_inputs[0] else []
    return out


def lineage_single_dataset(client, name, alias):
    version = client.get_model_version_by_alias(name, alias)
    run = client.get_run(version.run_id)
    (first, *_) = run.inputs.dataset_inputs
    ctx = [t.value for t in first.tags if t.key == "mlflow.data.context"]
    return {"version": str(version.version), "run_id": version.run_id,
            "params": run.data.params,
            "datasets": [{"name": first.dataset.name, "digest": first.dataset.digest,
                          "context": ctx[0] if ctx else None}],
            "git_commit": run.data.tags.get("mlflow.source.git.commit")}


def lineage_commit_on_version(client, name, alias):
    version = client.get_model_version_by_alias(name, alias)
    run = client.get_run(version.run_id)
    return _pack(version, run, version.tags.get("mlflow.source.git.commit"))


def lineage_commit_version_get(client, name, alias):
    version = client.get_model_version_by_alias(name, alias)
    run = client.get_run(version.run_id)
    tags = dict(version.tags)
    return _pack(version, run, tags.get("mlflow.source.git.commit", None))


VARIANTS = {
    "digest.text_mode": [digest_read_text, digest_pathlib_text],
    "digest.ignores_algorithm": [digest_sha256_loop, digest_sha256_whole],
    "digest.first_chunk_only": [digest_one_read, digest_if_not_while],
    "digest.strips_content": [digest_rstrip_newline, digest_strip_text],
    "manifest.top_level_only": [manifest_scandir, manifest_glob_star],
    "manifest.file_name_keys": [manifest_walk_names, manifest_rglob_names],
    "manifest.size_in_characters": [manifest_len_of_text, manifest_count_chars],
    "manifest.skips_hidden": [manifest_glob_recursive, manifest_skip_dotfiles],
    "diff.by_size": [diff_sizes_loop, diff_sizes_pandas],
    "diff.unsorted": [diff_lists_in_dict_order, diff_loop_unsorted],
    "diff.rename_invisible": [diff_digest_sets, diff_skip_known_contents],
    "diff.swapped": [diff_new_minus_old_backwards, diff_arguments_swapped],
    "graph.no_cycle_check": [GraphAcceptsAll, GraphRecursionNoCheck],
    "graph.self_loop_allowed": [GraphMissesSelfLoop, GraphAncestorCheckOnly],
    "graph.keeps_refused_edge": [GraphAddsThenChecks, GraphAppendsThenRaises],
    "graph.direct_only": [GraphOneHop, GraphDirectLists],
    "graph.impact_all_descendants": [GraphImpactEverything, GraphImpactNoFilter],
    "pit.latest_value_leak": [pit_drop_duplicates_last, pit_idxmax],
    "pit.strictly_before": [pit_loop_strict, pit_asof_no_exact],
    "pit.ignores_key": [pit_asof_without_by, pit_loop_any_client],
    "pit.rows_reordered": [pit_asof_sorted_output, pit_loop_on_sorted_events],
    "lineage.newest_version": [lineage_max_version, lineage_first_of_search],
    "lineage.always_champion": [lineage_champion_literal, lineage_default_alias],
    "lineage.first_dataset_only": [lineage_first_input, lineage_single_dataset],
    "lineage.commit_from_version_tags": [lineage_commit_on_version, lineage_commit_version_get],
}
