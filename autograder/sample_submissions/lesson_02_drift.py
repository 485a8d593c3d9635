"""Sample submissions of lesson 02_drift: complete, partial, mistakes and hostile hand-ins."""

from __future__ import annotations

from _samplekit import (basic_students, cell, filled, insert_after, one_mistake_each,
                        set_source, tasks_of)

LESSON = "02_drift"
TASKS = tasks_of(LESSON)

# Wrong answers a learner plausibly writes (each matches a catalogued misconception).
WRONG = {
    "drift.psi": ("psi.separate_histograms", '''
def psi(reference, current, *, bins=10, eps=1e-4):
    ref_counts, _ = np.histogram(reference, bins=bins)
    cur_counts, _ = np.histogram(current, bins=bins)
    ref = ref_counts / len(reference)
    cur = cur_counts / len(current)
    return float(np.sum((ref - cur) * np.log((ref + 1e-8) / (cur + 1e-8))))
'''),
    "drift.ks_test": ("ks.flag_reversed", '''
def ks_test(reference, current, *, alpha=0.05):
    result = stats.ks_2samp(reference, current)
    return DriftTestResult(float(result.statistic), float(result.pvalue), result.pvalue > alpha)
'''),
    "drift.chi2_test": ("chi2.row_by_row_crosstab", '''
def chi2_test(reference, current, *, alpha=0.05):
    table = pd.crosstab(np.asarray(reference), np.asarray(current))
    result = stats.chi2_contingency(table)
    return DriftTestResult(float(result.statistic), float(result.pvalue), result.pvalue < alpha)
'''),
    "drift.js_divergence": ("js.distance_not_divergence", '''
from scipy.spatial.distance import jensenshannon

def js_divergence(p, q):
    return float(jensenshannon(p, q, base=2))
'''),
    "drift.expected_calibration_error": ("ece.unweighted_mean", '''
def expected_calibration_error(y_true, y_prob, *, n_bins=10):
    y_true = np.asarray(y_true, dtype=float)
    y_prob = np.asarray(y_prob, dtype=float)
    bin_index = np.minimum((y_prob * n_bins).astype(int), n_bins - 1)
    gaps = [abs(y_true[bin_index == b].mean() - y_prob[bin_index == b].mean())
            for b in np.unique(bin_index)]
    return float(np.mean(gaps))
'''),
    "drift.ddm": ("ddm.never_resets", '''
class DDM:
    def __init__(self, *, warning_level=2.0, drift_level=3.0, min_samples=30):
        self.warning_level = warning_level
        self.drift_level = drift_level
        self.min_samples = min_samples
        self.n, self.errors = 0, 0
        self.p_min, self.s_min = np.inf, np.inf

    def update(self, error):
        self.n += 1
        self.errors += 1 if error else 0
        p = self.errors / self.n
        s = np.sqrt(p * (1 - p) / self.n)
        if self.n < self.min_samples:
            return "stable"
        if p + s < self.p_min + self.s_min:
            self.p_min, self.s_min = p, s
        if p + s > self.p_min + self.drift_level * self.s_min:
            return "drift"
        if p + s > self.p_min + self.warning_level * self.s_min:
            return "warning"
        return "stable"
'''),
}

ALL = {t: "correct" for t in TASKS}
USED_BY_REPORT = {"drift.ks_test", "drift.chi2_test", "drift.psi"}



def _filled(lang, tasks=None, wrong=()):
    return filled(lang, LESSON, tasks, wrong, table=WRONG)


def students():
    """Student name -> (notebook or raw text, expected outcomes, expected misconceptions)."""
    out = basic_students(LESSON, partial=3)
    out.update(one_mistake_each(LESSON, [
        ("carla_psi_histograms", "drift.psi"),
        ("diego_ks_reversed", "drift.ks_test"),
        ("elisa_chi2_crosstab", "drift.chi2_test"),
        ("fabio_js_distance", "drift.js_divergence"),
        ("gabi_ece_unweighted", "drift.expected_calibration_error"),
        ("hugo_ddm_no_reset", "drift.ddm")], table=WRONG,
        # the learner's drift_report calls the wrong function
        also_wrong={task: ["drift.drift_report"] for task in USED_BY_REPORT}))

    nb = _filled("en")
    set_source(nb, cell("drift.psi", "solution"),
         "def psi(reference, current, *, bins=10, eps=1e-4)\n    return 0.0")
    # drift_report calls the learner's own psi, so it fails with it.
    out["joao_syntax_error"] = (nb, {**ALL, "drift.psi": "error", "drift.drift_report": "wrong"},
                                {})

    nb = _filled("en")
    set_source(nb, cell("drift.psi", "solution"), "def psi(reference, current, *, bins=10, eps=1e-4):\n"
                                            "    while True:\n        pass")
    out["karla_infinite_loop"] = (nb, {**ALL, "drift.psi": "timeout",
                                       "drift.drift_report": "timeout"}, {})

    nb = _filled("pt")
    insert_after(nb, "setup-code", "hog = bytearray(64 * 1024**3)  # 64 GiB", "hog")
    out["leo_memory_hog"] = (nb, dict(ALL), {})

    nb = _filled("en")
    insert_after(nb, "setup-code", "import os\nwhile True:\n    os.fork()", "fork-bomb")
    out["maria_fork_bomb"] = (nb, dict(ALL), {})

    nb = _filled("en")
    insert_after(nb, cell("drift.psi", "check"), "import os\nos._exit(3)", "exit")
    out["nina_os_exit"] = (nb, {t: "error" for t in TASKS}, {})

    nb = _filled("pt")
    insert_after(nb, "setup-code", "print('spam ' * 250_000)", "spam")
    out["otto_megabyte_output"] = (nb, dict(ALL), {})

    nb = _filled("en")
    insert_after(nb, cell("drift.psi", "check"), "from mlopskit.drift import psi, ks_test  # the kit's answers",
                  "steal")
    out["paula_imports_reference"] = (nb, {**ALL, "drift.psi": "wrong", "drift.ks_test": "wrong",
                                           "drift.drift_report": "wrong"}, {})

    nb = _filled("en", TASKS[:-1])
    set_source(nb, cell("drift.expected_calibration_error", "solution"),
         "def expected_calibration_error(y_true, y_prob, *, n_bins=10):\n    return 0.0")
    insert_after(nb, "setup-code", '''
import builtins
from mlopskit import selfcheck
selfcheck.check = lambda *args, **kwargs: print("Correct! Every case agrees.")
check = selfcheck.check
selfcheck.assert_correct = lambda *args, **kwargs: None
builtins.AssertionError = type("Quiet", (Exception,), {})
try:
    import mlopskit.checks as checks
    checks.evaluate = lambda *args, **kwargs: "correct"
except ImportError:
    print("the judge is not here")
''', "patch")
    out["quentin_patches_checks"] = (nb, {**ALL, "drift.expected_calibration_error": "wrong"}, {})

    nb = _filled("pt", wrong=["drift.psi"])
    for node in nb.cells:
        if node.get("id") == cell("drift.psi", "check"):
            node.source = 'print("Correto! Todos os casos conferem.")'
    out["rita_edits_locked_cells"] = (nb, {**ALL, "drift.psi": "wrong",
                                           "drift.drift_report": "wrong"},
                                      {"drift.psi": "psi.separate_histograms"})

    out["sara_not_json"] = ('{"cells": [ this is not json', {t: "error" for t in TASKS}, {})
    return out
