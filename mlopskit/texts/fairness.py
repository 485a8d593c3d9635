"""Texts that lesson 03 (fairness) prints, shows in tables and draws in its figures."""

TEXTS = {
    # tables of the synthetic credit data
    "group": {"pt": "grupo", "en": "group"},
    "approved": {"pt": "aprovado (decisão passada)", "en": "approved (past decision)"},
    "repaid": {"pt": "pagou", "en": "repaid"},
    "rates_by_group": {"pt": "Taxas por grupo nos dados históricos:",
                       "en": "Rates by group in the historical data:"},
    "model_approval_by_group": {"pt": "Taxa de aprovação do modelo por grupo (teste):",
                                "en": "The model's approval rate by group (test set):"},
    # the columns of group_rates and of MetricFrame reports
    "selection_rate": {"pt": "taxa de seleção", "en": "selection rate"},
    "tpr": {"pt": "TPR", "en": "TPR"},
    "fpr": {"pt": "FPR", "en": "FPR"},
    "accuracy": {"pt": "acurácia", "en": "accuracy"},
    "count": {"pt": "pessoas", "en": "people"},
    # the comparison with fairlearn
    "ours": {"pt": "kit (à mão)", "en": "kit (by hand)"},
    "fairlearn": {"pt": "fairlearn", "en": "fairlearn"},
    "dp_difference": {"pt": "diferença de paridade demográfica",
                      "en": "demographic parity difference"},
    "dp_ratio": {"pt": "razão de paridade demográfica", "en": "demographic parity ratio"},
    "equal_opportunity": {"pt": "igualdade de oportunidade", "en": "equal opportunity"},
    "equalized_odds": {"pt": "equalized odds", "en": "equalized odds"},
    # equal opportunity against the biased labels and against the truth
    "model": {"pt": "modelo", "en": "model"},
    "past_vs_repaid": {"pt": "Decisões passadas medidas contra `repaid`, por grupo:",
                       "en": "Past decisions scored against `repaid`, by group:"},
    "tpr_vs_approved": {"pt": "TPR contra `approved` (decisões passadas)",
                        "en": "TPR against `approved` (past decisions)"},
    "tpr_vs_repaid": {"pt": "TPR contra `repaid` (quem pagaria)",
                      "en": "TPR against `repaid` (who would repay)"},
    "eo_gap": {"pt": "diferença de igualdade de oportunidade",
               "en": "equal opportunity difference"},
    # real data
    "adult_held_out": {"pt": "Adult, conjunto de teste ({n} linhas nunca vistas no treino):",
                       "en": "Adult, test set ({n} rows never seen in training):"},
    "good_credit_by_age": {"pt": "Taxa de bom pagador por faixa etária:",
                           "en": "Good-credit rate by age group:"},
    "rows_per_sex": {"pt": "Linhas por sexo decodificado:", "en": "Rows per decoded sex:"},
    # the mitigations compared in the trade-off
    "baseline": {"pt": "modelo de base", "en": "baseline"},
    "reweighing": {"pt": "reponderação", "en": "reweighing"},
    "exponentiated_gradient": {"pt": "ExponentiatedGradient", "en": "ExponentiatedGradient"},
    "group_thresholds": {"pt": "limiares por grupo", "en": "group thresholds"},
    "threshold_optimizer": {"pt": "ThresholdOptimizer", "en": "ThresholdOptimizer"},
    "accuracy_past": {"pt": "acurácia vs decisões passadas",
                      "en": "accuracy vs past decisions"},
    "accuracy_repaid": {"pt": "acurácia vs pagamento", "en": "accuracy vs repayment"},
    # mlopskit.plots.plot_fairness_tradeoff
    "tradeoff_title": {"pt": "Compromisso entre equidade e acurácia",
                       "en": "Fairness / accuracy trade-off"},
    "tradeoff_x": {"pt": "diferença de paridade demográfica (menor é mais equitativo)",
                   "en": "demographic parity difference (lower is fairer)"},
    "tradeoff_y": {"pt": "acurácia", "en": "accuracy"},
    "tradeoff_methods": {"pt": "método", "en": "method"},
    "tradeoff_measures": {"pt": "medida", "en": "measure"},
}
