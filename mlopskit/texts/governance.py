"""Texts of lesson 01 (governance): what its code prints, renders and returns."""

TEXTS = {
    # ModelCard.to_markdown
    "card_title": {"pt": "# Model card: {name}", "en": "# Model card: {name}"},
    "card_unnamed": {"pt": "modelo sem nome", "en": "Unnamed model"},
    "card_not_documented": {"pt": "_Não documentado._", "en": "_Not documented._"},
    "card_missing": {"pt": "> Campos obrigatórios faltando: {fields}",
                     "en": "> Missing required fields: {fields}"},
    "section_model_details": {"pt": "Detalhes do modelo", "en": "Model details"},
    "section_intended_use": {"pt": "Uso pretendido", "en": "Intended use"},
    "section_factors": {"pt": "Fatores", "en": "Factors"},
    "section_metrics": {"pt": "Métricas", "en": "Metrics"},
    "section_evaluation_data": {"pt": "Dados de avaliação", "en": "Evaluation data"},
    "section_training_data": {"pt": "Dados de treino", "en": "Training data"},
    "section_quantitative_analyses": {"pt": "Análises quantitativas",
                                      "en": "Quantitative analyses"},
    "section_ethical_considerations": {"pt": "Considerações éticas",
                                       "en": "Ethical considerations"},
    "section_caveats_and_recommendations": {"pt": "Ressalvas e recomendações",
                                            "en": "Caveats and recommendations"},
    # check_compliance reasons
    "reason_identifiers": {
        "pt": "identificadores diretos sem justificativa: {columns}",
        "en": "direct identifiers without justification: {columns}"},
    "reason_card": {"pt": "faltam campos no model card: {fields}",
                    "en": "the model card is missing: {fields}"},
    "reason_gap": {"pt": "diferença da métrica entre grupos de {gap} (limite {limit})",
                   "en": "metric gap between groups is {gap} (limit {limit})"},
}
