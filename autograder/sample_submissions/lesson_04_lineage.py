"""Sample submissions of lesson 04_lineage: complete, partial, one per major mistake, broken."""

from __future__ import annotations

from _samplekit import basic_students, cell, filled, one_mistake_each, set_source, tasks_of

LESSON = "04_lineage"
TASKS = tasks_of(LESSON)

# Wrong answers a learner plausibly writes (each matches a catalogued misconception).
WRONG = {
    "lineage.file_digest": ("digest.text_mode", '''
def file_digest(path, *, algorithm="sha256", chunk_size=DEFAULT_CHUNK_SIZE):
    hasher = hashlib.new(algorithm)
    with open(path) as fh:
        hasher.update(fh.read().encode("utf-8"))
    return hasher.hexdigest()
'''),
    "lineage.manifest": ("manifest.top_level_only", '''
def manifest(folder, *, algorithm="sha256", chunk_size=DEFAULT_CHUNK_SIZE):
    out = {}
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            out[name] = {"digest": file_digest(path, algorithm=algorithm, chunk_size=chunk_size),
                         "size": os.path.getsize(path)}
    return out
'''),
    "lineage.diff_manifests": ("diff.by_size", '''
def diff_manifests(old, new):
    return {"added": sorted(p for p in new if p not in old),
            "removed": sorted(p for p in old if p not in new),
            "modified": sorted(p for p in old if p in new and old[p]["size"] != new[p]["size"])}
'''),
    "lineage.lineage_graph": ("graph.keeps_refused_edge", '''
class LineageGraph:
    def __init__(self):
        self.kinds = {}
        self.children = {}

    def add_node(self, name, kind):
        self.kinds[name] = kind
        self.children.setdefault(name, [])

    def add_edge(self, source, target):
        if source not in self.kinds or target not in self.kinds:
            raise ValueError("unknown node")
        if target not in self.children[source]:
            self.children[source].append(target)
        if source == target or source in self.descendants(target):
            raise ValueError("cycle")

    def descendants(self, node):
        seen, todo = set(), [node]
        while todo:
            for child in self.children[todo.pop()]:
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        return sorted(seen - {node})

    def ancestors(self, node):
        return sorted(n for n in self.kinds if n != node and node in self.descendants(n))

    def impact(self, node):
        return [n for n in self.descendants(node) if self.kinds[n] == "model"]

    def to_json(self):
        return json.dumps({"nodes": self.kinds,
                           "edges": [[s, t] for s in self.children for t in self.children[s]]})
'''),
    "lineage.point_in_time_join": ("pit.latest_value_leak", '''
def point_in_time_join(events, features, *, on, event_time, feature_time):
    latest = features.sort_values(feature_time).groupby(on).last().drop(columns=[feature_time])
    return events.join(latest, on=on)
'''),
    "lineage.model_lineage": ("lineage.always_champion", '''
def model_lineage(client, name, alias):
    version = client.get_model_version_by_alias(name, "champion")
    run = client.get_run(version.run_id)
    datasets = [{"name": d.dataset.name, "digest": d.dataset.digest,
                 "context": {t.key: t.value for t in d.tags}.get("mlflow.data.context")}
                for d in run.inputs.dataset_inputs]
    return {"version": str(version.version), "run_id": version.run_id,
            "params": dict(run.data.params), "datasets": datasets,
            "git_commit": run.data.tags.get("mlflow.source.git.commit")}
'''),
}

ALL = {t: "correct" for t in TASKS}


def _filled(lang, tasks=None, wrong=()):
    return filled(lang, LESSON, tasks, wrong, table=WRONG)


def students():
    """Student name -> (notebook or raw text, expected outcomes, expected misconceptions)."""
    out = basic_students(LESSON, partial=3)
    out.update(one_mistake_each(LESSON, [
        ("carla_digest_text_mode", "lineage.file_digest"),
        ("diego_manifest_top_level", "lineage.manifest"),
        ("elisa_diff_by_size", "lineage.diff_manifests"),
        ("fabio_graph_keeps_edge", "lineage.lineage_graph"),
        ("gabi_pit_leak", "lineage.point_in_time_join"),
        ("hugo_always_champion", "lineage.model_lineage")], table=WRONG))

    nb = _filled("en")
    set_source(nb, cell("lineage.diff_manifests", "solution"),
               "def diff_manifests(old, new)\n    return {}")
    out["joao_syntax_error"] = (nb, {**ALL, "lineage.diff_manifests": "error"}, {})
    return out
