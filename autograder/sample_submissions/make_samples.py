"""Write the demo class: every lesson, submissions of every kind a grader meets.

Each student starts from the released lesson (``lessons/<lang>/<lesson>``) and fills the
solution cells with the instructor's solution, a catalogued mistake, or something
hostile. ``expected.json`` holds what grading must give for each. Task lists and cell ids
come from the task specs, so a new lesson gets a complete, a partial and an untouched
submission with no edit here; a lesson adds its own mistakes and hostile hand-ins by
registering a builder in ``BUILDERS``. Run after ``make build`` changes a lesson:

    .venv/bin/python autograder/sample_submissions/make_samples.py
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import nbformat

from mlopskit.checks import LESSONS, get_spec, specs_for_lesson

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def tasks_of(lesson):
    """The task ids of ``lesson``, in notebook order (from the specs)."""
    return [spec.task for spec in specs_for_lesson(lesson)]


def cell(task, role):
    """The id of one of ``task``'s notebook cells ("solution", "check", ...)."""
    return get_spec(task).cells[role]


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


def _load(lang, lesson=LESSON):
    return nbformat.read(ROOT / "lessons" / lang / lesson / f"{lesson}.ipynb", as_version=4)


def _solutions(lesson=LESSON):
    nb = nbformat.read(ROOT / "solutions" / lesson / f"{lesson}.ipynb", as_version=4)
    out = {}
    for node in nb.cells:
        if node.get("id", "").endswith("-solution"):
            out[node["id"]] = "\n".join(line for line in node.source.splitlines()
                                        if "### BEGIN SOLUTION" not in line
                                        and "### END SOLUTION" not in line)
    return out


def _set(nb, cell_id, source):
    for node in nb.cells:
        if node.get("id") == cell_id:
            node.source = source.strip("\n")
            return
    raise KeyError(cell_id)


def _insert_after(nb, cell_id, source, new_id):
    index = next(i for i, c in enumerate(nb.cells) if c.get("id") == cell_id)
    nb.cells.insert(index + 1, nbformat.v4.new_code_cell(source.strip("\n"), id=new_id))


def _filled(lang, tasks=None, wrong=(), *, lesson=LESSON, table=None):
    """The lesson with ``tasks`` (default: all) solved, those in ``wrong`` from ``table``."""
    table = table if table is not None else WRONG
    nb = _load(lang, lesson)
    sols = _solutions(lesson)
    for task in tasks_of(lesson) if tasks is None else tasks:
        cell_id = cell(task, "solution")
        _set(nb, cell_id, table[task][1] if task in wrong else sols[cell_id])
    return nb


def basic_students(lesson):
    """What every lesson gets: a complete, a partial and an untouched submission."""
    tasks = tasks_of(lesson)
    half = tasks[:max(1, len(tasks) // 2)]
    return {
        "ana_complete": (_filled("pt", lesson=lesson), {t: "correct" for t in tasks}, {}),
        "bruno_partial": (_filled("en", half, lesson=lesson),
                          {t: "correct" if t in half else "not_attempted" for t in tasks}, {}),
        "iris_untouched": (_load("pt", lesson), {t: "not_attempted" for t in tasks}, {}),
    }


def students():
    """Student name -> (notebook or raw text, expected outcomes, expected misconceptions)."""
    out = {}
    out["ana_complete"] = (_filled("pt"), dict(ALL), {})
    out["bruno_partial"] = (_filled("en", TASKS[:3]),
                            {**{t: "not_attempted" for t in TASKS}, **{t: "correct" for t in
                                                                       TASKS[:3]}}, {})
    for name, task in [("carla_psi_histograms", "drift.psi"),
                       ("diego_ks_reversed", "drift.ks_test"),
                       ("elisa_chi2_crosstab", "drift.chi2_test"),
                       ("fabio_js_distance", "drift.js_divergence"),
                       ("gabi_ece_unweighted", "drift.expected_calibration_error"),
                       ("hugo_ddm_no_reset", "drift.ddm")]:
        outcomes = {**ALL, task: "wrong"}
        if task in USED_BY_REPORT:  # the learner's drift_report calls the wrong function
            outcomes["drift.drift_report"] = "wrong"
        out[name] = (_filled("pt" if len(name) % 2 else "en", wrong=[task]), outcomes,
                     {task: WRONG[task][0]})
    out["iris_untouched"] = (_load("pt"), {t: "not_attempted" for t in TASKS}, {})

    nb = _filled("en")
    _set(nb, cell("drift.psi", "solution"),
         "def psi(reference, current, *, bins=10, eps=1e-4)\n    return 0.0")
    # drift_report calls the learner's own psi, so it fails with it.
    out["joao_syntax_error"] = (nb, {**ALL, "drift.psi": "error", "drift.drift_report": "wrong"},
                                {})

    nb = _filled("en")
    _set(nb, cell("drift.psi", "solution"), "def psi(reference, current, *, bins=10, eps=1e-4):\n"
                                            "    while True:\n        pass")
    out["karla_infinite_loop"] = (nb, {**ALL, "drift.psi": "timeout",
                                       "drift.drift_report": "timeout"}, {})

    nb = _filled("pt")
    _insert_after(nb, "setup-code", "hog = bytearray(64 * 1024**3)  # 64 GiB", "hog")
    out["leo_memory_hog"] = (nb, dict(ALL), {})

    nb = _filled("en")
    _insert_after(nb, "setup-code", "import os\nwhile True:\n    os.fork()", "fork-bomb")
    out["maria_fork_bomb"] = (nb, dict(ALL), {})

    nb = _filled("en")
    _insert_after(nb, cell("drift.psi", "check"), "import os\nos._exit(3)", "exit")
    out["nina_os_exit"] = (nb, {t: "error" for t in TASKS}, {})

    nb = _filled("pt")
    _insert_after(nb, "setup-code", "print('spam ' * 250_000)", "spam")
    out["otto_megabyte_output"] = (nb, dict(ALL), {})

    nb = _filled("en")
    _insert_after(nb, cell("drift.psi", "check"), "from mlopskit.drift import psi, ks_test  # the kit's answers",
                  "steal")
    out["paula_imports_reference"] = (nb, {**ALL, "drift.psi": "wrong", "drift.ks_test": "wrong",
                                           "drift.drift_report": "wrong"}, {})

    nb = _filled("en", TASKS[:-1])
    _set(nb, cell("drift.expected_calibration_error", "solution"),
         "def expected_calibration_error(y_true, y_prob, *, n_bins=10):\n    return 0.0")
    _insert_after(nb, "setup-code", '''
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


GOV = "01_governance"
GOV_TASKS = tasks_of(GOV)
GOV_ALL = {t: "correct" for t in GOV_TASKS}
GOV_WRONG = {
    "governance.entry_hash": ("hash.not_canonical", '''
def entry_hash(entry):
    content = {key: value for key, value in entry.items() if key != "hash"}
    return hashlib.sha256(json.dumps(content).encode("utf-8")).hexdigest()
'''),
    "governance.access_control": ("access.default_allow", '''
class AccessControl:
    def __init__(self, roles):
        self.roles = {role: set(actions) for role, actions in roles.items()}
        self.user_roles = {}

    def assign(self, user, role):
        if role not in self.roles:
            raise ValueError(role)
        self.user_roles.setdefault(user, set()).add(role)

    def can(self, user, action):
        if user not in self.user_roles:
            return True
        return any(action in self.roles[r] for r in self.user_roles[user])

    def check(self, user, action):
        if not self.can(user, action):
            raise PermissionError(user)
'''),
    "governance.check_compliance": ("compliance.pii_inverted", '''
def check_compliance(data_info, model_card, group_metrics, *, max_gap=0.1):
    justified = {c.lower() for c in data_info.get("pii_justified", [])}
    personal = [c for c in data_info["columns"]
                if c.lower() in PII_COLUMNS and c.lower() not in justified]
    values = list(group_metrics.values())
    checks = {"privacy": len(personal) > 0,
              "documentation": missing_card_fields(model_card) == [],
              "bias": max(values) - min(values) <= max_gap}
    return {"passed": all(checks.values()), "checks": checks}
'''),
    "governance.promote_challenger": ("promote.alias_before_checks", '''
def promote_challenger(client, model_name, *, approved, compliant, user="system",
                       audit_log=None):
    challenger = client.get_model_version_by_alias(model_name, "challenger")
    try:
        champion = client.get_model_version_by_alias(model_name, "champion")
    except Exception:
        champion = None
    client.set_registered_model_alias(model_name, "champion", challenger.version)
    if not (approved and compliant):
        return False
    if champion is not None:
        client.set_model_version_tag(model_name, champion.version, "archived", "true")
    client.delete_registered_model_alias(model_name, "challenger")
    return True
'''),
}


def _gov(lang, tasks=GOV_TASKS, wrong=()):
    return _filled(lang, tasks, wrong, lesson=GOV, table=GOV_WRONG)


def governance_students():
    """Lesson 01 submissions: student name -> (notebook, outcomes, misconceptions)."""
    out = {"ana_complete": (_gov("pt"), dict(GOV_ALL), {}),
           "bruno_partial": (_gov("en", GOV_TASKS[:3]),
                             {**{t: "not_attempted" for t in GOV_TASKS},
                              **{t: "correct" for t in GOV_TASKS[:3]}}, {}),
           "iris_untouched": (_load("pt", GOV), {t: "not_attempted" for t in GOV_TASKS}, {})}
    # carla's non-canonical hash also breaks her audit log, which uses it
    out["carla_psi_histograms"] = (
        _gov("pt", wrong=["governance.entry_hash"]),
        {**GOV_ALL, "governance.entry_hash": "wrong", "governance.audit_log": "wrong"},
        {"governance.entry_hash": "hash.not_canonical",
         "governance.audit_log": "audit.not_canonical"})
    for name, task in [("elisa_chi2_crosstab", "governance.access_control"),
                       ("gabi_ece_unweighted", "governance.check_compliance"),
                       ("hugo_ddm_no_reset", "governance.promote_challenger")]:
        out[name] = (_gov("en", wrong=[task]), {**GOV_ALL, task: "wrong"},
                     {task: GOV_WRONG[task][0]})
    nb = _gov("en")
    _insert_after(nb, cell("governance.audit_log", "check"), "from mlopskit.governance import AuditLog, entry_hash",
                  "steal")
    out["paula_imports_reference"] = (nb, {**GOV_ALL, "governance.audit_log": "wrong",
                                           "governance.entry_hash": "wrong"}, {})
    nb = _gov("pt")
    _set(nb, cell("governance.entry_hash", "solution"),
         "def entry_hash(entry):\n    while True:\n        pass")
    out["karla_infinite_loop"] = (nb, {**GOV_ALL, "governance.entry_hash": "timeout",
                                       "governance.audit_log": "timeout"}, {})
    return out


FAIR = "03_fairness"
FAIR_TASKS = tasks_of(FAIR)
FAIR_ALL = {t: "correct" for t in FAIR_TASKS}
FAIR_WRONG = {
    "fairness.demographic_parity_difference": ("dp.on_y_true", '''
def demographic_parity_difference(y_true, y_pred, *, sensitive_features):
    rates = selection_rates(y_true, sensitive_features=sensitive_features)
    return float(rates.max() - rates.min())
'''),
    "fairness.equal_opportunity_difference": ("eo.confusion_matrix_crash", '''
def _rate_among(y_true, y_pred, groups, label):
    y_true, y_pred, groups = map(np.asarray, (y_true, y_pred, groups))
    rates = {}
    for group in np.unique(groups):
        mask = (groups == group) & (y_true == label)
        rates[group] = y_pred[mask].mean() if mask.any() else 0.0
    return pd.Series(rates, dtype=float)


def equal_opportunity_difference(y_true, y_pred, *, sensitive_features):
    from sklearn.metrics import confusion_matrix
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    groups = np.asarray(sensitive_features)
    tprs = []
    for g in np.unique(groups):
        tn, fp, fn, tp = confusion_matrix(y_true[groups == g], y_pred[groups == g]).ravel()
        tprs.append(tp / (tp + fn))
    return float(max(tprs) - min(tprs))
'''),
    "fairness.equalized_odds_difference": ("eodds.mean", '''
def equalized_odds_difference(y_true, y_pred, *, sensitive_features):
    tpr = _rate_among(y_true, y_pred, sensitive_features, 1)
    fpr = _rate_among(y_true, y_pred, sensitive_features, 0)
    return float(((tpr.max() - tpr.min()) + (fpr.max() - fpr.min())) / 2)
'''),
    "fairness.group_thresholds": ("thresholds.whole_population", '''
def group_thresholds(scores, *, sensitive_features, target_rate):
    cut = float(np.quantile(np.asarray(scores), 1 - target_rate, method="higher"))
    return {str(g): cut for g in np.unique(sensitive_features)}
'''),
}


def _fair(lang, tasks=FAIR_TASKS, wrong=()):
    return _filled(lang, tasks, wrong, lesson=FAIR, table=FAIR_WRONG)


def fairness_students():
    """Lesson 03 submissions: student name -> (notebook, outcomes, misconceptions)."""
    out = {"ana_complete": (_fair("pt"), dict(FAIR_ALL), {}),
           "bruno_partial": (_fair("en", FAIR_TASKS[:3]),
                             {**{t: "not_attempted" for t in FAIR_TASKS},
                              **{t: "correct" for t in FAIR_TASKS[:3]}}, {}),
           "iris_untouched": (_load("en", FAIR), {t: "not_attempted" for t in FAIR_TASKS}, {})}
    for name, task in [("carla_psi_histograms", "fairness.demographic_parity_difference"),
                       ("diego_ks_reversed", "fairness.equal_opportunity_difference"),
                       ("elisa_chi2_crosstab", "fairness.equalized_odds_difference"),
                       ("fabio_js_distance", "fairness.group_thresholds")]:
        out[name] = (_fair("pt" if len(name) % 2 else "en", wrong=[task]),
                     {**FAIR_ALL, task: "wrong"}, {task: FAIR_WRONG[task][0]})
    nb = _fair("en")
    _insert_after(nb, cell("fairness.reweighing_weights", "check"), "from mlopskit.fairness import reweighing_weights",
                  "steal")
    out["paula_imports_reference"] = (nb, {**FAIR_ALL, "fairness.reweighing_weights": "wrong"},
                                      {})
    return out


#: Lesson id -> the function that writes its sample students (default: basic_students).
BUILDERS = {GOV: governance_students, LESSON: students, FAIR: fairness_students}


def students_for(lesson):
    """Student name -> (notebook or raw text, outcomes, misconceptions) for ``lesson``."""
    builder = BUILDERS.get(lesson)
    return builder() if builder else basic_students(lesson)


def main():
    target = HERE / "submitted"
    if target.exists():
        shutil.rmtree(target)
    expected = {}
    for lesson in LESSONS:
        for name, (nb, outcomes, misconceptions) in students_for(lesson).items():
            path = target / name / lesson / f"{lesson}.ipynb"
            path.parent.mkdir(parents=True)
            if isinstance(nb, str):
                path.write_text(nb)
            else:
                nbformat.write(nb, path)
            expected[f"{name}/{lesson}"] = {"outcomes": outcomes,
                                            "misconceptions": misconceptions}
    (HERE / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(expected)} submissions to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
