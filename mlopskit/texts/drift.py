"""Texts of lesson 02 (drift and recalibration) that code prints, in both languages.

The notebook's code cells use them through ``T = texts.for_lesson("drift")``; the reasons
of :func:`mlopskit.drift.recommend_action` come from here too.
"""

_MONTHS = {
    "pt": ("jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}

TEXTS = {
    # periods and labels
    "reference": {"pt": "referência", "en": "reference"},
    "month": {"pt": "mês", "en": "month"},
    "month_n": {"pt": "mês {n}", "en": "month {n}"},
    "income_axis": {"pt": "renda mensal (R$)", "en": "monthly income (BRL)"},
    "before": {"pt": "antes", "en": "before"},
    "after": {"pt": "depois da recalibração", "en": "after recalibration"},
    "data_shape": {"pt": "referência: {rows} linhas e {cols} colunas; {n} lotes mensais",
                   "en": "reference: {rows} rows and {cols} columns; {n} monthly batches"},
    # summary table
    "rows": {"pt": "linhas", "en": "rows"},
    "default rate": {"pt": "taxa de inadimplência", "en": "default rate"},
    "median income": {"pt": "renda mediana", "en": "median income"},
    "app share": {"pt": "fração pelo app", "en": "app share"},
    "mean score": {"pt": "score médio", "en": "mean score"},
    "period": {"pt": "período", "en": "period"},
    # report columns and readings
    "feature": {"pt": "variável", "en": "feature"},
    "kind": {"pt": "tipo", "en": "kind"},
    "test": {"pt": "teste", "en": "test"},
    "statistic": {"pt": "estatística", "en": "statistic"},
    "p_value": {"pt": "p-valor", "en": "p-value"},
    "p_adjusted": {"pt": "p-valor ajustado", "en": "adjusted p-value"},
    "psi": {"pt": "PSI", "en": "PSI"},
    "severity": {"pt": "leitura do PSI", "en": "PSI reading"},
    "drift": {"pt": "deriva", "en": "drift"},
    "numeric": {"pt": "numérica", "en": "numeric"},
    "ks": {"pt": "KS", "en": "KS"},
    "chi2": {"pt": "qui-quadrado", "en": "chi-square"},
    "categorical": {"pt": "categórica", "en": "categorical"},
    "stable": {"pt": "estável", "en": "stable"},
    "moderate": {"pt": "moderada", "en": "moderate"},
    "significant": {"pt": "significativa", "en": "significant"},
    "warning": {"pt": "alerta", "en": "warning"},
    # PSI pitfall and asymmetry
    "own_edges_title": {"pt": "frações com as faixas de cada amostra:",
                        "en": "shares with each sample's own edges:"},
    "psi_one_set": {"pt": "PSI com um único conjunto de faixas, tirado da referência: {value}",
                    "en": "PSI with one set of edges from the reference: {value}"},
    "psi_swapped": {"pt": "PSI(referência, mês 6) = {forward}; PSI(mês 6, referência) = "
                          "{backward}",
                    "en": "PSI(reference, month 6) = {forward}; PSI(month 6, reference) = "
                          "{backward}"},
    # distances
    "js_channel": {"pt": "JS(canal), bits", "en": "JS(channel), bits"},
    "js_alert": {"pt": "JS acima do alerta", "en": "JS above alert"},
    "wasserstein_income": {"pt": "Wasserstein(renda), R$", "en": "Wasserstein(income), BRL"},
    # multiple testing
    "flags_raw": {"pt": "sem correção", "en": "no correction"},
    "flags_bonferroni": {"pt": "Bonferroni", "en": "Bonferroni"},
    "flags_fdr_bh": {"pt": "Benjamini-Hochberg", "en": "Benjamini-Hochberg"},
    "none_flagged": {"pt": "nenhuma", "en": "none"},
    "false_alarms": {"pt": "alarmes em variáveis intactas: {raw} sem correção, {bonf} com "
                           "Bonferroni, {bh} com Benjamini-Hochberg",
                     "en": "alarms on untouched features: {raw} without correction, {bonf} "
                           "with Bonferroni, {bh} with Benjamini-Hochberg"},
    # figures
    "psi_month_title": {"pt": "PSI por variável e mês (crédito sintético)",
                        "en": "PSI by feature and month (synthetic credit)"},
    "bike_title": {"pt": "Bike Sharing 2011: PSI por mês (referência: jan)",
                   "en": "Bike Sharing 2011: PSI by month (reference: Jan)"},
    "ddm_months": {"pt": "início de cada mês de produção", "en": "start of each production month"},
    # label shift
    "label_shift_title": {"pt": "meses 1 a 3 → reamostrados por classe (mudança de prevalência)",
                          "en": "months 1 to 3 → resampled by class (label shift)"},
    # recalibration
    "ece_before_after": {"pt": "ECE antes: {before} | depois: {after}",
                         "en": "ECE before: {before} | after: {after}"},
    # decision
    "action": {"pt": "ação", "en": "action"},
    "reasons": {"pt": "motivos", "en": "reasons"},
    "none": {"pt": "nada", "en": "none"},
    "investigate": {"pt": "investigar", "en": "investigate"},
    "recalibrate": {"pt": "recalibrar", "en": "recalibrate"},
    "retrain": {"pt": "retreinar", "en": "retrain"},
    "reason_auc_fell": {"pt": "a AUC caiu {drop} (tolerância {tolerance})",
                        "en": "AUC fell by {drop} (tolerance {tolerance})"},
    "reason_concept_drift": {"pt": "o detector de deriva de conceito sinalizou deriva",
                             "en": "the concept-drift detector signalled drift"},
    "reason_significant_psi": {"pt": "PSI significativo em {n} variáveis: {features}",
                               "en": "significant PSI on {n} features: {features}"},
    "reason_no_evidence": {"pt": "nenhuma evidência de deriva explica a queda: confira "
                                 "rótulos e pipeline",
                           "en": "no drift evidence explains the drop: check labels and "
                                 "pipeline"},
    "reason_ece": {"pt": "ECE de {ece} acima do limite {limit} enquanto a AUC se manteve",
                   "en": "ECE {ece} above the limit {limit} while the AUC held"},
    "reason_features_drifted": {"pt": "variáveis derivaram enquanto o modelo se manteve: "
                                      "{features}",
                                "en": "features drifted while the model held: {features}"},
}

for _i in range(12):
    TEXTS[f"month_abbr_{_i + 1}"] = {lang: names[_i] for lang, names in _MONTHS.items()}
