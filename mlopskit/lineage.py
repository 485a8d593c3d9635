"""Reference solutions of lesson 04_lineage: lineage and versioning.

Where did this model come from, and what does a bad dataset touch? The functions here
answer with content digests of files (the idea behind DVC), the difference between two
snapshots of a data folder, a lineage graph of datasets, transformations and models, a
point-in-time correct join of features (the idea behind a feature store), and the lineage
of a registered model read back from MLflow.

Each graded function is the reference of one task spec in ``mlopskit/checks/lineage/``.
"""

from __future__ import annotations

import hashlib
import json
import numbers
import os
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "NODE_KINDS",
    "GIT_COMMIT_TAG",
    "file_digest",
    "manifest",
    "diff_manifests",
    "LineageGraph",
    "point_in_time_join",
    "model_lineage",
    "audit_report",
    "plot_lineage",
]

#: How many bytes :func:`file_digest` reads at a time.
DEFAULT_CHUNK_SIZE = 64 * 1024
#: The kinds of node a :class:`LineageGraph` holds.
NODE_KINDS = ("dataset", "transformation", "model")
#: The run tag MLflow uses for the git commit of the code that ran.
GIT_COMMIT_TAG = "mlflow.source.git.commit"


# ----------------------------------------------------------------- digests
def _check_chunk_size(chunk_size):
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, numbers.Integral):
        raise TypeError(f"`chunk_size` must be an int, got {type(chunk_size).__name__}.")
    if chunk_size < 1:
        raise ValueError(f"`chunk_size` must be >= 1, got {chunk_size}.")
    return int(chunk_size)


def _check_algorithm(algorithm):
    if not isinstance(algorithm, str) or algorithm.lower() not in hashlib.algorithms_available:
        raise ValueError(f"`algorithm` must be a hashlib algorithm such as 'sha256' or 'md5', "
                         f"got {algorithm!r}.")
    return algorithm.lower()


def file_digest(path, *, algorithm="sha256", chunk_size=DEFAULT_CHUNK_SIZE):
    """Hex digest of a file's bytes, read in chunks (what ``sha256sum`` prints).

    Parameters
    ----------
    path : str or path-like
        A regular file.
    algorithm : str, default "sha256"
        Any algorithm of :mod:`hashlib` ("sha256", "md5", "sha1", ...).
    chunk_size : int, default 65536
        How many bytes to read at a time: the file is never read whole, so a digest of a
        file larger than memory works.

    Returns
    -------
    str
        Lower-case hexadecimal digest. Two files have the same digest exactly when their
        bytes are the same (up to the algorithm's collisions); name and dates do not count.

    Examples
    --------
    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> path = os.path.join(folder, "a.txt")
    >>> _ = open(path, "wb").write(b"abc")
    >>> file_digest(path)[:16]
    'ba7816bf8f01cfea'
    >>> file_digest(path, algorithm="md5")
    '900150983cd24fb0d6963f7d28e17f72'
    """
    algorithm = _check_algorithm(algorithm)
    chunk_size = _check_chunk_size(chunk_size)
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"`path` must be an existing file, got {str(path)!r}.")
    hasher = hashlib.new(algorithm)
    with path.open("rb") as fh:
        while chunk := fh.read(chunk_size):
            hasher.update(chunk)
    return hasher.hexdigest()


def manifest(folder, *, algorithm="sha256", chunk_size=DEFAULT_CHUNK_SIZE):
    """Every file under ``folder``, by relative path, with its digest and size in bytes.

    Parameters
    ----------
    folder : str or path-like
        An existing directory. Files in subfolders count, hidden ones too; folders
        themselves do not (an empty folder has an empty manifest).
    algorithm, chunk_size
        As in :func:`file_digest`.

    Returns
    -------
    dict
        ``{relative path: {"digest": str, "size": int}}``, relative paths written with
        ``/`` whatever the system, keys in sorted order.

    Examples
    --------
    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> os.makedirs(os.path.join(folder, "raw"))
    >>> _ = open(os.path.join(folder, "raw", "b.csv"), "wb").write(b"x,y\\n1,2\\n")
    >>> _ = open(os.path.join(folder, "empty.txt"), "wb").write(b"")
    >>> m = manifest(folder)
    >>> list(m), m["raw/b.csv"]["size"], m["empty.txt"]["digest"][:12]
    (['empty.txt', 'raw/b.csv'], 8, 'e3b0c44298fc')
    """
    root = Path(folder)
    if not root.is_dir():
        raise NotADirectoryError(f"`folder` must be an existing directory, got {str(root)!r}.")
    entries = {}
    for dirpath, _, filenames in os.walk(root):
        for filename in filenames:
            path = Path(dirpath) / filename
            if not path.is_file():
                continue
            relative = path.relative_to(root).as_posix()
            entries[relative] = {"digest": file_digest(path, algorithm=algorithm,
                                                       chunk_size=chunk_size),
                                 "size": path.stat().st_size}
    return dict(sorted(entries.items()))


def _digests(snapshot, name):
    if not isinstance(snapshot, dict):
        raise TypeError(f"`{name}` must be a manifest (a dict of path -> entry), got "
                        f"{type(snapshot).__name__}.")
    out = {}
    for path, entry in snapshot.items():
        if isinstance(entry, dict):
            if "digest" not in entry:
                raise ValueError(f"`{name}`[{path!r}] has no 'digest'.")
            entry = entry["digest"]
        out[str(path)] = entry
    return out


def diff_manifests(old, new):
    """What changed between two manifests: the idea behind ``dvc diff``.

    A path is *added* when only ``new`` has it, *removed* when only ``old`` has it and
    *modified* when both have it with different digests. A renamed file (same digest,
    other path) is reported as its old path removed and its new path added: a manifest
    knows paths and contents, not the history that moved one to the other.

    Parameters
    ----------
    old, new : dict
        Manifests as :func:`manifest` returns them (an entry may also be the digest alone).

    Returns
    -------
    dict
        ``{"added": [...], "removed": [...], "modified": [...]}``, each list sorted.

    Examples
    --------
    >>> old = {"a.csv": {"digest": "1", "size": 1}, "b.csv": {"digest": "2", "size": 1}}
    >>> new = {"a.csv": {"digest": "9", "size": 1}, "c.csv": {"digest": "2", "size": 1}}
    >>> diff_manifests(old, new)
    {'added': ['c.csv'], 'removed': ['b.csv'], 'modified': ['a.csv']}
    """
    old, new = _digests(old, "old"), _digests(new, "new")
    return {"added": sorted(set(new) - set(old)),
            "removed": sorted(set(old) - set(new)),
            "modified": sorted(p for p in set(old) & set(new) if old[p] != new[p])}


# ----------------------------------------------------------------- lineage graph
class LineageGraph:
    """A directed acyclic graph of datasets, transformations and models.

    An edge ``source -> target`` says that ``target`` was made from ``source`` (a dataset
    feeds a transformation, a transformation writes a dataset, a dataset trains a model).

    Examples
    --------
    >>> g = LineageGraph()
    >>> for name, kind in [("raw", "dataset"), ("clean", "transformation"),
    ...                    ("train", "dataset"), ("model_v1", "model")]:
    ...     g.add_node(name, kind)
    >>> g.add_edge("raw", "clean"); g.add_edge("clean", "train"); g.add_edge("train", "model_v1")
    >>> g.ancestors("model_v1")
    ['clean', 'raw', 'train']
    >>> g.impact("raw")
    ['model_v1']
    >>> g.add_edge("model_v1", "raw")
    Traceback (most recent call last):
    ...
    ValueError: the edge 'model_v1' -> 'raw' would close a cycle: 'raw' is already upstream of 'model_v1'.
    >>> LineageGraph.from_json(g.to_json()).edges() == g.edges()
    True
    """

    def __init__(self):
        self._kinds = {}
        self._children = {}

    def add_node(self, name, kind):
        """Add a node; adding the same name with the same kind again changes nothing."""
        if not isinstance(name, str) or not name:
            raise TypeError(f"`name` must be a non-empty string, got {name!r}.")
        if kind not in NODE_KINDS:
            raise ValueError(f"`kind` must be one of {list(NODE_KINDS)}, got {kind!r}.")
        if self._kinds.get(name, kind) != kind:
            raise ValueError(f"node {name!r} is already a {self._kinds[name]}, not a {kind}.")
        self._kinds[name] = kind
        self._children.setdefault(name, set())

    def _known(self, name):
        if name not in self._kinds:
            raise ValueError(f"unknown node {name!r}: add it with add_node first.")
        return name

    def add_edge(self, source, target):
        """Record that ``target`` was made from ``source``; refuse an edge that closes a cycle.

        A refused edge raises ValueError and leaves the graph as it was.
        """
        self._known(source), self._known(target)
        if source == target or source in self._reach(target, self._children):
            raise ValueError(f"the edge {source!r} -> {target!r} would close a cycle: "
                             f"{target!r} is already upstream of {source!r}.")
        self._children[source].add(target)

    def nodes(self):
        """``{name: kind}``, sorted by name."""
        return dict(sorted(self._kinds.items()))

    def edges(self):
        """Every edge as ``[source, target]``, sorted."""
        return sorted([s, t] for s, children in self._children.items() for t in children)

    def _parents(self):
        parents = {name: set() for name in self._kinds}
        for source, children in self._children.items():
            for child in children:
                parents[child].add(source)
        return parents

    @staticmethod
    def _reach(start, links):
        seen, stack = set(), [start]
        while stack:
            for nxt in links[stack.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        seen.discard(start)
        return seen

    def ancestors(self, node):
        """Every node ``node`` was made from, directly or not, sorted (not ``node`` itself)."""
        return sorted(self._reach(self._known(node), self._parents()))

    def descendants(self, node):
        """Every node made from ``node``, directly or not, sorted (not ``node`` itself)."""
        return sorted(self._reach(self._known(node), self._children))

    def impact(self, node):
        """The models downstream of ``node``: what a bad dataset touches, sorted."""
        return [n for n in self.descendants(node) if self._kinds[n] == "model"]

    def to_json(self):
        """The graph as JSON text: ``{"nodes": {name: kind}, "edges": [[s, t], ...]}``."""
        return json.dumps({"nodes": self.nodes(), "edges": self.edges()}, sort_keys=True)

    @classmethod
    def from_json(cls, text):
        """Rebuild a graph from :meth:`to_json`'s text (cycles are refused as in add_edge)."""
        data = json.loads(text)
        graph = cls()
        for name, kind in data["nodes"].items():
            graph.add_node(name, kind)
        for source, target in data["edges"]:
            graph.add_edge(source, target)
        return graph

    def __repr__(self):
        return f"LineageGraph({len(self._kinds)} nodes, {len(self.edges())} edges)"


# ----------------------------------------------------------------- point in time
def _check_frame(frame, name, columns):
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"`{name}` must be a pandas DataFrame, got {type(frame).__name__}.")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"`{name}` has no column(s) {missing}; it has {list(frame.columns)}.")


def point_in_time_join(events, features, *, on, event_time, feature_time):
    """For each event, the latest feature values known at or before the event's time.

    A feature row with ``feature_time`` equal to the event's time counts as known; one
    after it never does, even by a second, because it was not available when the event
    happened (using it is leakage). An event with no earlier feature row for its key gets
    NaN.

    Parameters
    ----------
    events : DataFrame
        One row per event, with the key column ``on`` and the time column ``event_time``.
    features : DataFrame
        Feature values over time: ``on``, ``feature_time`` and the feature columns, at most
        one row per key and time.
    on, event_time, feature_time : str
        Column names.

    Returns
    -------
    DataFrame
        The events, in their order and with their index, plus one column per feature
        (every column of ``features`` but ``on`` and ``feature_time``).

    Examples
    --------
    >>> events = pd.DataFrame({"client": ["a", "a", "b"], "t": [5, 10, 1]})
    >>> feats = pd.DataFrame({"client": ["a", "a", "b"], "ft": [1, 10, 3],
    ...                       "balance": [100.0, 50.0, 7.0]})
    >>> point_in_time_join(events, feats, on="client", event_time="t", feature_time="ft")
      client   t  balance
    0      a   5    100.0
    1      a  10     50.0
    2      b   1      NaN
    """
    _check_frame(events, "events", [on, event_time])
    _check_frame(features, "features", [on, feature_time])
    if features.duplicated([on, feature_time]).any():
        raise ValueError(f"`features` has more than one row for the same `{on}` and "
                         f"`{feature_time}`; keep one row per key and time.")
    values = [c for c in features.columns if c not in (on, feature_time)]
    clash = [c for c in values if c in events.columns]
    if clash:
        raise ValueError(f"`events` and `features` both have the column(s) {clash}.")
    left = events.reset_index(drop=True).assign(_row=np.arange(len(events)))
    left = left.sort_values(event_time, kind="stable")
    right = features[[on, feature_time, *values]].sort_values(feature_time, kind="stable")
    right = right.rename(columns={feature_time: "_asof"})
    joined = pd.merge_asof(left, right, left_on=event_time, right_on="_asof", by=on,
                           direction="backward", allow_exact_matches=True)
    joined = joined.sort_values("_row").drop(columns=["_row", "_asof"])
    joined.index = events.index
    return joined[[*events.columns, *values]]


# ----------------------------------------------------------------- model lineage
def _input_tags(dataset_input):
    return {tag.key: tag.value for tag in getattr(dataset_input, "tags", None) or []}


def model_lineage(client, name, alias):
    """Where the model version behind ``alias`` came from, read from the MLflow registry.

    Parameters
    ----------
    client : mlflow.MlflowClient
        A client of the tracking store and registry (or an object with the same methods:
        ``get_model_version_by_alias`` and ``get_run``).
    name : str
        The registered model's name.
    alias : str
        An alias of one of its versions ("champion", "challenger").

    Returns
    -------
    dict
        ``version`` (str), ``run_id`` (str), ``params`` (dict of str), ``datasets`` (a list
        of ``{"name", "digest", "context"}`` for each dataset logged with
        ``mlflow.log_input``, sorted by name and context; context is None when not given)
        and ``git_commit`` (the run's ``mlflow.source.git.commit`` tag, or None).

    Examples
    --------
    >>> from mlopskit._protocol import FakeRegistry
    >>> client = FakeRegistry("credit", aliases={"champion": "2"},
    ...     versions={"2": {"run_id": "r2"}},
    ...     runs={"r2": {"params": {"C": "1.0"}, "tags": {GIT_COMMIT_TAG: "ab12"},
    ...                  "inputs": [{"name": "train", "digest": "d41d", "context": "training"}]}})
    >>> model_lineage(client, "credit", "champion")["datasets"]
    [{'name': 'train', 'digest': 'd41d', 'context': 'training'}]
    """
    for value, what in ((name, "name"), (alias, "alias")):
        if not isinstance(value, str) or not value:
            raise TypeError(f"`{what}` must be a non-empty string, got {value!r}.")
    version = client.get_model_version_by_alias(name, alias)
    run = client.get_run(version.run_id)
    datasets = []
    for dataset_input in run.inputs.dataset_inputs:
        datasets.append({"name": dataset_input.dataset.name,
                         "digest": dataset_input.dataset.digest,
                         "context": _input_tags(dataset_input).get("mlflow.data.context")})
    datasets.sort(key=lambda d: (d["name"], d["context"] or ""))
    return {"version": str(version.version), "run_id": str(version.run_id),
            "params": dict(run.data.params), "datasets": datasets,
            "git_commit": run.data.tags.get(GIT_COMMIT_TAG)}


def _as_millis(moment, what):
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if not isinstance(moment, datetime):
        raise TypeError(f"`{what}` must be a datetime or an ISO date string, got "
                        f"{type(moment).__name__}.")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return int(moment.timestamp() * 1000)


def audit_report(client, name, *, start, end):
    """Every version of ``name`` registered in ``[start, end)``: who, which data, which commit.

    Parameters
    ----------
    client : mlflow.MlflowClient
    name : str
        The registered model's name.
    start, end : datetime or ISO date string
        The period; a naive datetime is read as UTC.

    Returns
    -------
    DataFrame
        One row per version, oldest first, indexed by version, with the columns
        ``registered_at`` (UTC), ``user`` (the run's ``mlflow.user`` tag), ``run_id``,
        ``datasets`` ("name:digest" joined by ", "), ``git_commit`` and ``aliases``.
    """
    low, high = _as_millis(start, "start"), _as_millis(end, "end")
    if high <= low:
        raise ValueError("`end` must come after `start`.")
    rows = []
    for version in client.search_model_versions(f"name='{name}'"):
        if not low <= int(version.creation_timestamp) < high:
            continue
        run = client.get_run(version.run_id)
        # a search does not always carry the aliases: ask for the version itself
        aliases = client.get_model_version(name, version.version).aliases or []
        inputs = sorted(f"{d.dataset.name}:{d.dataset.digest[:12]}"
                        for d in run.inputs.dataset_inputs)
        rows.append({"version": int(version.version),
                     "registered_at": pd.Timestamp(int(version.creation_timestamp), unit="ms",
                                                   tz="UTC"),
                     "user": run.data.tags.get("mlflow.user"),
                     "run_id": version.run_id,
                     "datasets": ", ".join(inputs),
                     "git_commit": (run.data.tags.get(GIT_COMMIT_TAG) or "")[:10] or None,
                     "aliases": ", ".join(sorted(aliases))})
    columns = ["version", "registered_at", "user", "run_id", "datasets", "git_commit", "aliases"]
    return pd.DataFrame(rows, columns=columns).sort_values("version").set_index("version")


# ----------------------------------------------------------------- figure
def _layers(nodes, edges):
    parents = {n: [] for n in nodes}
    for s, t in edges:
        parents[t].append(s)
    depth = {}

    def level(n):
        if n not in depth:
            depth[n] = 1 + max((level(p) for p in parents[n]), default=-1)
        return depth[n]

    for n in nodes:
        level(n)
    return depth


def plot_lineage(graph, *, highlight=(), ax=None, title=None, lang=None):
    """Draw a lineage graph from left (sources) to right, one colour per kind of node.

    Parameters
    ----------
    graph : LineageGraph or dict
        A graph, or ``{"nodes": {name: kind}, "edges": [[s, t], ...]}``.
    highlight : iterable of str
        Nodes drawn with a red border (a bad dataset and what it touches, say).
    ax : matplotlib Axes, optional
    title : str, optional
    lang : {"pt", "en"}, optional
        Language of the title and legend; defaults to the notebook's.

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = plot_lineage({"nodes": {"raw": "dataset", "m": "model"}, "edges": [["raw", "m"]]},
    ...                   highlight=["m"], lang="pt")
    >>> ax.get_title(), sorted(t.get_text() for t in ax.get_legend().get_texts())
    ('Linhagem', ['conjunto de dados', 'modelo', 'transformação'])
    """
    from mlopskit import texts
    from mlopskit.plots import COLOURS, _axes

    T = texts.for_lesson("lineage", lang=lang)
    data = json.loads(graph.to_json()) if hasattr(graph, "to_json") else graph
    nodes, edges = dict(data["nodes"]), [tuple(e) for e in data["edges"]]
    depth = _layers(nodes, edges)
    columns = {}
    for n in sorted(nodes):
        columns.setdefault(depth[n], []).append(n)
    pos = {}
    for x, names in columns.items():
        for i, n in enumerate(names):
            pos[n] = (x, (len(names) - 1) / 2 - i)
    ax = _axes(ax, (max(6, 2.2 * (len(columns) + 1)), max(3, 1.1 * max(map(len, columns.values()),
                                                                        default=1) + 1)))
    colour = {"dataset": COLOURS["sky"], "transformation": COLOURS["orange"],
              "model": COLOURS["green"]}
    marker = {"dataset": "s", "transformation": "o", "model": "D"}
    for s, t in edges:
        ax.annotate("", xy=pos[t], xytext=pos[s],
                    arrowprops={"arrowstyle": "-|>", "color": COLOURS["grey"],
                                "shrinkA": 14, "shrinkB": 14})
    bad = set(highlight)
    for kind in NODE_KINDS:
        names = [n for n in nodes if nodes[n] == kind]
        ax.scatter([pos[n][0] for n in names] or [np.nan], [pos[n][1] for n in names] or [np.nan],
                   s=600, marker=marker[kind], color=colour[kind], label=T(f"kind_{kind}"),
                   edgecolors=[COLOURS["red"] if n in bad else "black" for n in names] or None,
                   linewidths=[3 if n in bad else 0.8 for n in names] or None, zorder=3)
    for n, (x, y) in pos.items():
        ax.text(x, y - 0.32, n, ha="center", va="top", fontsize=9)
    ys = [y for _, y in pos.values()] or [0]
    ax.set(title=title or T("lineage_title"), xlim=(-0.6, max(columns, default=0) + 0.6),
           ylim=(min(ys) - 0.8, max(ys) + 0.6))
    ax.axis("off")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, markerscale=0.5)
    return ax
