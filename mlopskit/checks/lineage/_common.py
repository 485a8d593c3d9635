"""What several tasks of lesson 04_lineage share: case builders and encoders."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd

from mlopskit.checks._adapters import describe_type
from mlopskit.checks._core import OutputError


def files(tree, open_=None):
    """A case argument: a temporary folder holding ``tree``, or the file ``open_`` in it."""
    return {"files": dict(tree), "open": open_}


def none_check(value, what_pt, what_en):
    if value is None:
        raise OutputError({
            "pt": f"seu código devolveu None; era esperado {what_pt}. Esqueceu o `return`?",
            "en": f"your code returned None; {what_en} was expected. Did you forget `return`?"})


def encode_hex(value):
    """A hexadecimal digest, as text (upper or lower case)."""
    none_check(value, "o digest em hexadecimal (str)", "the hexadecimal digest (str)")
    if isinstance(value, (bytes, bytearray)):
        raise OutputError({
            "pt": "seu código devolveu bytes; use `.hexdigest()`, que dá o texto em "
                  "hexadecimal, e não `.digest()`.",
            "en": "your code returned bytes; use `.hexdigest()`, which gives hexadecimal "
                  "text, not `.digest()`."})
    if not isinstance(value, str):
        raise OutputError({
            "pt": f"seu código devolveu {describe_type(value)}; a tarefa pede o digest como "
                  "texto (str).",
            "en": f"your code returned {describe_type(value)}; the task asks for the digest as "
                  "text (str)."})
    return value.strip().lower()


def _plain(value):
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def encode_manifest(value):
    """``{path: {"digest": str, "size": int}}``."""
    none_check(value, "um dicionário caminho -> {'digest', 'size'}",
               "a dict path -> {'digest', 'size'}")
    if not isinstance(value, dict):
        raise OutputError({
            "pt": f"seu código devolveu {describe_type(value)}; a tarefa pede um dicionário "
                  "caminho -> {'digest': ..., 'size': ...}.",
            "en": f"your code returned {describe_type(value)}; the task asks for a dict "
                  "path -> {'digest': ..., 'size': ...}."})
    out = {}
    for path, entry in value.items():
        if not isinstance(entry, dict) or not {"digest", "size"} <= set(entry):
            raise OutputError({
                "pt": f"a entrada de {str(path)!r} deve ser um dicionário com as chaves "
                      "'digest' e 'size'.",
                "en": f"the entry of {str(path)!r} must be a dict with the keys 'digest' and "
                      "'size'."})
        out[str(path)] = {"digest": str(entry["digest"]).lower(), "size": _plain(entry["size"])}
    return out


def encode_diff(value):
    """``{"added": [...], "removed": [...], "modified": [...]}`` of path strings."""
    none_check(value, "um dicionário com 'added', 'removed' e 'modified'",
               "a dict with 'added', 'removed' and 'modified'")
    keys = ("added", "removed", "modified")
    if not isinstance(value, dict) or set(value) != set(keys):
        raise OutputError({
            "pt": "a tarefa pede um dicionário com exatamente as chaves 'added', 'removed' e "
                  f"'modified'; veio {describe_type(value)}"
                  + (f" com as chaves {sorted(map(str, value))}" if isinstance(value, dict)
                     else "") + ".",
            "en": "the task asks for a dict with exactly the keys 'added', 'removed' and "
                  f"'modified'; got {describe_type(value)}"
                  + (f" with the keys {sorted(map(str, value))}" if isinstance(value, dict)
                     else "") + "."})
    out = {}
    for key in keys:
        items = value[key]
        if not isinstance(items, (list, tuple)) or not all(isinstance(p, str) for p in items):
            raise OutputError({
                "pt": f"'{key}' deve ser uma lista de caminhos (str), não "
                      f"{describe_type(items)}.",
                "en": f"'{key}' must be a list of paths (str), not {describe_type(items)}."})
        out[key] = list(items)
    return out


def _normalise_json(text):
    try:
        data = json.loads(text)
    except ValueError:
        return text
    if isinstance(data, dict) and set(data) == {"nodes", "edges"}:
        nodes = data["nodes"]
        if isinstance(nodes, list):  # [{"name", "kind"}] or [[name, kind]]
            nodes = {(n["name"] if isinstance(n, dict) else n[0]):
                     (n["kind"] if isinstance(n, dict) else n[1]) for n in nodes}
        return {"nodes": dict(sorted(nodes.items())),
                "edges": [list(e) for e in sorted({tuple(e) for e in data["edges"]})]}
    return data


def _step_value(value):
    if isinstance(value, (list, tuple)):
        return [_step_value(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_step_value(v) for v in value)
    if isinstance(value, dict):
        return {str(k): _step_value(v) for k, v in value.items()}
    if isinstance(value, str) and value.lstrip().startswith("{"):
        return _normalise_json(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    value = _plain(value)
    if isinstance(value, (bool, int, float)):
        return value
    raise OutputError({
        "pt": f"um passo devolveu um valor do tipo {describe_type(value)}, que não pode ser "
              "comparado.",
        "en": f"a step returned a value of type {describe_type(value)}, which cannot be "
              "compared."})


def encode_steps(value):
    if not isinstance(value, list):
        raise OutputError({"pt": "resultado inesperado do cenário.",
                           "en": "unexpected scenario result."})
    out = []
    for step in value:
        if isinstance(step, dict) and "ok" in step:
            out.append({"ok": _step_value(step["ok"])})
        else:
            out.append(step)
    return out


def encode_joined(value):
    """A DataFrame, as ``{column: [values in row order]}`` (NaN kept, index ignored)."""
    none_check(value, "um DataFrame", "a DataFrame")
    if not isinstance(value, pd.DataFrame):
        raise OutputError({
            "pt": f"seu código devolveu {describe_type(value)}; a tarefa pede um DataFrame.",
            "en": f"your code returned {describe_type(value)}; the task asks for a DataFrame."})
    out = {}
    for column in value.columns:
        cells = []
        for v in value[column].tolist():
            v = _plain(v)
            if v is None or (isinstance(v, float) and math.isnan(v)):
                v = float("nan")
            cells.append(v)
        out[str(column)] = cells
    return out


def encode_lineage(value):
    """The dict of ``model_lineage``; datasets compared whatever their order."""
    none_check(value, "um dicionário", "a dict")
    keys = {"version", "run_id", "params", "datasets", "git_commit"}
    if not isinstance(value, dict) or not keys <= set(value):
        raise OutputError({
            "pt": "a tarefa pede um dicionário com as chaves 'version', 'run_id', 'params', "
                  f"'datasets' e 'git_commit'; veio {describe_type(value)}.",
            "en": "the task asks for a dict with the keys 'version', 'run_id', 'params', "
                  f"'datasets' and 'git_commit'; got {describe_type(value)}."})
    datasets = value["datasets"]
    if not isinstance(datasets, (list, tuple)) or not all(
            isinstance(d, dict) and {"name", "digest", "context"} <= set(d) for d in datasets):
        raise OutputError({
            "pt": "'datasets' deve ser uma lista de dicionários com 'name', 'digest' e "
                  "'context'.",
            "en": "'datasets' must be a list of dicts with 'name', 'digest' and 'context'."})
    rows = sorted(({"name": d["name"], "digest": d["digest"], "context": d["context"]}
                   for d in datasets), key=lambda d: (str(d["name"]), str(d["context"])))
    params = value["params"]
    return {"version": _plain(value["version"]), "run_id": value["run_id"],
            "params": dict(params) if isinstance(params, dict) else params,
            "datasets": rows, "git_commit": value["git_commit"]}
