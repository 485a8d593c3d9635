"""What several tasks of lesson 02_drift share: case builders."""

from __future__ import annotations

import numpy as np


def _normal(seed, loc, scale, n):
    return np.round(np.random.default_rng(seed).normal(loc, scale, n), 6).tolist()


def _draw(rng, categories, probs, n):
    return rng.choice(np.array(categories, dtype=object), size=n, p=probs).tolist()
