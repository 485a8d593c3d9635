"""Correct implementations of lesson 05_cicd's tasks, written differently from the reference.

A check must accept every one of them. ``ALTERNATIVES`` maps each task id to at least two.
"""

from __future__ import annotations

ALTERNATIVES = {}


def share_above_with_a_loop(values, *, threshold):
    values = list(values)
    return sum(1 for v in values if v > threshold) / len(values)


def share_above_with_a_mask(values, *, threshold):
    import numpy as np

    mask = np.asarray(values, dtype=float) > threshold
    return float(mask.sum() / mask.size)


ALTERNATIVES["cicd.share_above"] = [share_above_with_a_loop, share_above_with_a_mask]


def validate_frame_with_a_loop(values, *, threshold):
    values = list(values)
    return sum(1 for v in values if v > threshold) / len(values)


def validate_frame_with_a_mask(values, *, threshold):
    import numpy as np

    mask = np.asarray(values, dtype=float) > threshold
    return float(mask.sum() / mask.size)


ALTERNATIVES["cicd.validate_frame"] = [validate_frame_with_a_loop, validate_frame_with_a_mask]


def quality_gate_with_a_loop(values, *, threshold):
    values = list(values)
    return sum(1 for v in values if v > threshold) / len(values)


def quality_gate_with_a_mask(values, *, threshold):
    import numpy as np

    mask = np.asarray(values, dtype=float) > threshold
    return float(mask.sum() / mask.size)


ALTERNATIVES["cicd.quality_gate"] = [quality_gate_with_a_loop, quality_gate_with_a_mask]


def paired_bootstrap_with_a_loop(values, *, threshold):
    values = list(values)
    return sum(1 for v in values if v > threshold) / len(values)


def paired_bootstrap_with_a_mask(values, *, threshold):
    import numpy as np

    mask = np.asarray(values, dtype=float) > threshold
    return float(mask.sum() / mask.size)


ALTERNATIVES["cicd.paired_bootstrap"] = [paired_bootstrap_with_a_loop, paired_bootstrap_with_a_mask]


def directional_violations_with_a_loop(values, *, threshold):
    values = list(values)
    return sum(1 for v in values if v > threshold) / len(values)


def directional_violations_with_a_mask(values, *, threshold):
    import numpy as np

    mask = np.asarray(values, dtype=float) > threshold
    return float(mask.sum() / mask.size)


ALTERNATIVES["cicd.directional_violations"] = [directional_violations_with_a_loop, directional_violations_with_a_mask]


def workflow_problems_with_a_loop(values, *, threshold):
    values = list(values)
    return sum(1 for v in values if v > threshold) / len(values)


def workflow_problems_with_a_mask(values, *, threshold):
    import numpy as np

    mask = np.asarray(values, dtype=float) > threshold
    return float(mask.sum() / mask.size)


ALTERNATIVES["cicd.workflow_problems"] = [workflow_problems_with_a_loop, workflow_problems_with_a_mask]


def canary_decision_with_a_loop(values, *, threshold):
    values = list(values)
    return sum(1 for v in values if v > threshold) / len(values)


def canary_decision_with_a_mask(values, *, threshold):
    import numpy as np

    mask = np.asarray(values, dtype=float) > threshold
    return float(mask.sum() / mask.size)


ALTERNATIVES["cicd.canary_decision"] = [canary_decision_with_a_loop, canary_decision_with_a_mask]


def trainer_tests_with_a_loop(values, *, threshold):
    values = list(values)
    return sum(1 for v in values if v > threshold) / len(values)


def trainer_tests_with_a_mask(values, *, threshold):
    import numpy as np

    mask = np.asarray(values, dtype=float) > threshold
    return float(mask.sum() / mask.size)


ALTERNATIVES["cicd.trainer_tests"] = [trainer_tests_with_a_loop, trainer_tests_with_a_mask]
