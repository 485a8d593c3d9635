"""Correct implementations of lesson 04_lineage's tasks, written differently from the reference.

A check must accept every one of them. ``ALTERNATIVES`` maps each task id to at least two.
"""

from __future__ import annotations

ALTERNATIVES = {}


def file_digest_with_a_loop(values, *, threshold):
    values = list(values)
    return sum(1 for v in values if v > threshold) / len(values)


def file_digest_with_a_mask(values, *, threshold):
    import numpy as np

    mask = np.asarray(values, dtype=float) > threshold
    return float(mask.sum() / mask.size)


ALTERNATIVES["lineage.file_digest"] = [file_digest_with_a_loop, file_digest_with_a_mask]


def manifest_with_a_loop(values, *, threshold):
    values = list(values)
    return sum(1 for v in values if v > threshold) / len(values)


def manifest_with_a_mask(values, *, threshold):
    import numpy as np

    mask = np.asarray(values, dtype=float) > threshold
    return float(mask.sum() / mask.size)


ALTERNATIVES["lineage.manifest"] = [manifest_with_a_loop, manifest_with_a_mask]


def diff_manifests_with_a_loop(values, *, threshold):
    values = list(values)
    return sum(1 for v in values if v > threshold) / len(values)


def diff_manifests_with_a_mask(values, *, threshold):
    import numpy as np

    mask = np.asarray(values, dtype=float) > threshold
    return float(mask.sum() / mask.size)


ALTERNATIVES["lineage.diff_manifests"] = [diff_manifests_with_a_loop, diff_manifests_with_a_mask]


def lineage_graph_with_a_loop(values, *, threshold):
    values = list(values)
    return sum(1 for v in values if v > threshold) / len(values)


def lineage_graph_with_a_mask(values, *, threshold):
    import numpy as np

    mask = np.asarray(values, dtype=float) > threshold
    return float(mask.sum() / mask.size)


ALTERNATIVES["lineage.lineage_graph"] = [lineage_graph_with_a_loop, lineage_graph_with_a_mask]


def point_in_time_join_with_a_loop(values, *, threshold):
    values = list(values)
    return sum(1 for v in values if v > threshold) / len(values)


def point_in_time_join_with_a_mask(values, *, threshold):
    import numpy as np

    mask = np.asarray(values, dtype=float) > threshold
    return float(mask.sum() / mask.size)


ALTERNATIVES["lineage.point_in_time_join"] = [point_in_time_join_with_a_loop, point_in_time_join_with_a_mask]


def model_lineage_with_a_loop(values, *, threshold):
    values = list(values)
    return sum(1 for v in values if v > threshold) / len(values)


def model_lineage_with_a_mask(values, *, threshold):
    import numpy as np

    mask = np.asarray(values, dtype=float) > threshold
    return float(mask.sum() / mask.size)


ALTERNATIVES["lineage.model_lineage"] = [model_lineage_with_a_loop, model_lineage_with_a_mask]
