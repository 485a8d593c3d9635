"""Texts that lesson 00_introduction's code prints and draws."""

TEXTS = {
    "rows": {"pt": "{n} linhas de 2011; {missing} horas faltam de {expected}",
             "en": "{n} rows of 2011; {missing} hours missing out of {expected}"},
    "bikers": {"pt": "ciclistas por hora", "en": "bikers per hour"},
    "bikers_day": {"pt": "ciclistas por dia", "en": "bikers per day"},
    "hour": {"pt": "hora", "en": "hour"},
    "day": {"pt": "dia", "en": "day"},
    "missing": {"pt": "hora faltante", "en": "missing hour"},
    "filled": {"pt": "preenchida", "en": "filled"},
    "week_title": {"pt": "Primeira semana de 2011: horas faltantes e preenchidas",
                   "en": "First week of 2011: missing and filled hours"},
    "runs_title": {"pt": "Runs registradas no MLflow", "en": "Runs logged in MLflow"},
    "same_result": {"pt": "mesmo resultado em {runs} execuções: {answer}",
                    "en": "same result in {runs} runs: {answer}"},
    "best": {"pt": "melhor run: {run_id} ({metric} = {value:.2f})",
             "en": "best run: {run_id} ({metric} = {value:.2f})"},
    "store": {"pt": "store do MLflow: {uri}", "en": "MLflow store: {uri}"},
    "unchanged": {"pt": "o DataFrame original ficou igual: {answer}",
                  "en": "the original DataFrame is unchanged: {answer}"},
}
