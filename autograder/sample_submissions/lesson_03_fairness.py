"""Sample submissions of lesson 03_fairness: complete, partial, mistakes, and hostile hand-ins."""

from __future__ import annotations

from _samplekit import basic_students, cell, filled, insert_after, one_mistake_each, tasks_of

FAIR = "03_fairness"
FAIR_TASKS = tasks_of(FAIR)
FAIR_ALL = {t: "correct" for t in FAIR_TASKS}
FAIR_WRONG = {
    "fairness.demographic_parity_difference": ("dp.on_y_true", '''
def demographic_parity_difference(y_true, y_pred, *, sensitive_features):
    rates = group_rates(y_true, y_true, sensitive_features=sensitive_features)
    return float(rates["selection_rate"].max() - rates["selection_rate"].min())
'''),
    "fairness.equal_opportunity_difference": ("eo.confusion_matrix_crash", '''
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
    rates = group_rates(y_true, y_pred, sensitive_features=sensitive_features)
    tpr_gap = rates["tpr"].max() - rates["tpr"].min()
    fpr_gap = rates["fpr"].max() - rates["fpr"].min()
    return float((tpr_gap + fpr_gap) / 2)
'''),
    "fairness.group_thresholds": ("thresholds.whole_population", '''
def group_thresholds(scores, *, sensitive_features, target_rate):
    if target_rate == 0:
        return {str(g): float("inf") for g in np.unique(sensitive_features)}
    cut = float(np.quantile(np.asarray(scores), 1 - target_rate, method="higher"))
    return {str(g): cut for g in np.unique(sensitive_features)}
'''),
}


def _fair(lang, tasks=None, wrong=()):
    return filled(lang, FAIR, tasks, wrong, table=FAIR_WRONG)


def students():
    """Lesson 03 submissions: student name -> (notebook, outcomes, misconceptions)."""
    out = basic_students(FAIR, partial=3, untouched="en")
    out.update(one_mistake_each(FAIR, [
        ("carla_psi_histograms", "fairness.demographic_parity_difference"),
        ("diego_ks_reversed", "fairness.equal_opportunity_difference"),
        ("elisa_chi2_crosstab", "fairness.equalized_odds_difference"),
        ("fabio_js_distance", "fairness.group_thresholds")], table=FAIR_WRONG))
    nb = _fair("en")
    insert_after(nb, cell("fairness.reweighing_weights", "check"), "from mlopskit.fairness import reweighing_weights",
                  "steal")
    out["paula_imports_reference"] = (nb, {**FAIR_ALL, "fairness.reweighing_weights": "wrong"},
                                      {})
    return out
