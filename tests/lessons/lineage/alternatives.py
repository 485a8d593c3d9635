"""Correct implementations of lesson 04_lineage's tasks, written differently from the reference.

A check must accept every one of them. ``ALTERNATIVES`` maps each task id to at least two.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict, deque
from pathlib import Path

import numpy as np
import pandas as pd


# ---------------------------------------------------------------- file_digest
def digest_with_iter(path, *, algorithm="sha256", chunk_size=65536):
    h = hashlib.new(algorithm)
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(chunk_size), b""):
            h.update(block)
    return h.hexdigest()


def digest_with_file_digest(path, *, algorithm="sha256", chunk_size=65536):
    with open(path, "rb") as fh:  # hashlib reads in its own chunks: the same bytes
        return hashlib.file_digest(fh, algorithm).hexdigest().upper()


# ---------------------------------------------------------------- manifest
def manifest_with_walk(folder, *, algorithm="sha256", chunk_size=65536):
    out = {}
    for dirpath, _, names in os.walk(folder):
        for name in names:
            full = os.path.join(dirpath, name)
            key = os.path.relpath(full, folder).replace(os.sep, "/")
            out[key] = {"size": os.path.getsize(full),
                        "digest": digest_with_iter(full, algorithm=algorithm,
                                                   chunk_size=chunk_size)}
    return {k: out[k] for k in sorted(out)}


def manifest_with_rglob(folder, *, algorithm="sha256", chunk_size=65536):
    root = Path(folder)
    return {p.relative_to(root).as_posix():
            {"digest": hashlib.new(algorithm, p.read_bytes()).hexdigest(),
             "size": len(p.read_bytes())}
            for p in sorted(root.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------- diff_manifests
def diff_with_loops(old, new):
    added, removed, modified = [], [], []
    for path in new:
        if path not in old:
            added.append(path)
        elif old[path]["digest"] != new[path]["digest"]:
            modified.append(path)
    for path in old:
        if path not in new:
            removed.append(path)
    return {"added": sorted(added), "removed": sorted(removed), "modified": sorted(modified)}


def diff_with_pandas(old, new):
    a = pd.Series({k: v["digest"] for k, v in old.items()}, dtype=object)
    b = pd.Series({k: v["digest"] for k, v in new.items()}, dtype=object)
    both = a.index.intersection(b.index)
    return {"added": sorted(b.index.difference(a.index).tolist()),
            "removed": sorted(a.index.difference(b.index).tolist()),
            "modified": sorted(p for p in both if a[p] != b[p])}


# ---------------------------------------------------------------- lineage graph
class GraphWithAdjacencyLists:
    def __init__(self):
        self.kind = {}
        self.out = defaultdict(list)
        self.inc = defaultdict(list)

    def add_node(self, name, kind):
        if kind not in ("dataset", "transformation", "model"):
            raise ValueError(kind)
        if name in self.kind and self.kind[name] != kind:
            raise ValueError(name)
        self.kind[name] = kind

    def _walk(self, start, links):
        found, queue = [], deque([start])
        while queue:
            for n in links[queue.popleft()]:
                if n not in found:
                    found.append(n)
                    queue.append(n)
        return sorted(n for n in found if n != start)

    def add_edge(self, source, target):
        if source not in self.kind or target not in self.kind:
            raise ValueError("unknown node")
        if source == target or source in self._walk(target, self.out):
            raise ValueError("cycle")
        if target not in self.out[source]:
            self.out[source].append(target)
            self.inc[target].append(source)

    def ancestors(self, node):
        if node not in self.kind:
            raise ValueError(node)
        return self._walk(node, self.inc)

    def descendants(self, node):
        if node not in self.kind:
            raise ValueError(node)
        return self._walk(node, self.out)

    def impact(self, node):
        return [n for n in self.descendants(node) if self.kind[n] == "model"]

    def to_json(self):
        return json.dumps({"nodes": [{"name": n, "kind": k} for n, k in self.kind.items()],
                           "edges": [[s, t] for s in self.out for t in self.out[s]]})


class GraphWithRecursion:
    def __init__(self):
        self.nodes = {}
        self.edges = set()

    def add_node(self, name, kind):
        assert kind in {"dataset", "transformation", "model"}
        self.nodes.setdefault(name, kind)

    def _down(self, node, seen=None):
        seen = set() if seen is None else seen
        for s, t in self.edges:
            if s == node and t not in seen:
                seen.add(t)
                self._down(t, seen)
        return seen

    def _up(self, node, seen=None):
        seen = set() if seen is None else seen
        for s, t in self.edges:
            if t == node and s not in seen:
                seen.add(s)
                self._up(s, seen)
        return seen

    def add_edge(self, source, target):
        if source not in self.nodes or target not in self.nodes:
            raise ValueError("add the nodes first")
        if source == target or source in self._down(target):
            raise ValueError(f"{source} -> {target} makes a cycle")
        self.edges.add((source, target))

    def ancestors(self, node):
        if node not in self.nodes:
            raise ValueError(node)
        return sorted(self._up(node) - {node})

    def descendants(self, node):
        if node not in self.nodes:
            raise ValueError(node)
        return sorted(self._down(node) - {node})

    def impact(self, dataset):
        return sorted(n for n in self.descendants(dataset) if self.nodes[n] == "model")

    def to_json(self):
        return json.dumps({"nodes": self.nodes, "edges": sorted(map(list, self.edges))},
                          indent=2)


# ---------------------------------------------------------------- point in time
def pit_with_a_loop(events, features, *, on, event_time, feature_time):
    values = [c for c in features.columns if c not in (on, feature_time)]
    rows = []
    for _, event in events.iterrows():
        known = features[(features[on] == event[on])
                         & (features[feature_time] <= event[event_time])]
        if len(known):
            latest = known.sort_values(feature_time).iloc[-1]
            rows.append([latest[c] for c in values])
        else:
            rows.append([np.nan] * len(values))
    extra = pd.DataFrame(rows, columns=values, index=events.index)
    return pd.concat([events, extra], axis=1)


def pit_with_merge_and_filter(events, features, *, on, event_time, feature_time):
    ev = events.reset_index(drop=True).reset_index(names="_pos")
    both = ev.merge(features, on=on, how="left")
    both = both[both[feature_time].isna() | (both[feature_time] <= both[event_time])]
    best = both.sort_values(feature_time).groupby("_pos").tail(1).set_index("_pos")
    values = [c for c in features.columns if c not in (on, feature_time)]
    out = events.copy()
    for c in values:
        out[c] = best[c].reindex(range(len(events))).to_numpy()
    return out


# ---------------------------------------------------------------- model lineage
def lineage_step_by_step(client, name, alias):
    mv = client.get_model_version_by_alias(name, alias)
    run = client.get_run(mv.run_id)
    found = []
    for item in run.inputs.dataset_inputs:
        context = None
        for tag in item.tags:
            if tag.key == "mlflow.data.context":
                context = tag.value
        found.append({"name": item.dataset.name, "digest": item.dataset.digest,
                      "context": context})
    return {"version": mv.version, "run_id": run.info.run_id, "params": run.data.params,
            "datasets": found, "git_commit": run.data.tags.get("mlflow.source.git.commit")}


def lineage_compact(client, name, alias):
    version = client.get_model_version_by_alias(name, alias)
    run = client.get_run(version.run_id)
    return dict(
        version=str(version.version), run_id=version.run_id, params=dict(run.data.params),
        git_commit=run.data.tags.get("mlflow.source.git.commit", None),
        datasets=sorted(({"name": d.dataset.name, "digest": d.dataset.digest,
                          "context": dict((t.key, t.value) for t in d.tags).get(
                              "mlflow.data.context")} for d in run.inputs.dataset_inputs),
                        key=lambda d: d["digest"]))


ALTERNATIVES = {
    "lineage.file_digest": [digest_with_iter, digest_with_file_digest],
    "lineage.manifest": [manifest_with_walk, manifest_with_rglob],
    "lineage.diff_manifests": [diff_with_loops, diff_with_pandas],
    "lineage.lineage_graph": [GraphWithAdjacencyLists, GraphWithRecursion],
    "lineage.point_in_time_join": [pit_with_a_loop, pit_with_merge_and_filter],
    "lineage.model_lineage": [lineage_step_by_step, lineage_compact],
}
