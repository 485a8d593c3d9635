"""Texts that several lessons and the shared figures use."""

TEXTS = {
    "reference": {"pt": "referência", "en": "reference"},
    "current": {"pt": "atual", "en": "current"},
    "month": {"pt": "mês", "en": "month"},
    "before": {"pt": "antes", "en": "before"},
    "after": {"pt": "depois", "en": "after"},
    "model": {"pt": "modelo", "en": "model"},
    # mlopskit.plots
    "ecdf_title": {"pt": "Distribuição acumulada empírica (ECDF)",
                   "en": "Empirical cumulative distribution (ECDF)"},
    "psi_title": {"pt": "PSI por variável e período", "en": "PSI by feature and period"},
    "reliability_title": {"pt": "Diagrama de confiabilidade", "en": "Reliability diagram"},
    "reliability_x": {"pt": "probabilidade prevista média", "en": "mean predicted probability"},
    "reliability_y": {"pt": "fração de positivos", "en": "fraction of positives"},
    "ddm_title": {"pt": "Detecção de deriva (DDM)", "en": "Drift detection (DDM)"},
    "ddm_x": {"pt": "predição", "en": "prediction"},
    "error_rate": {"pt": "taxa de erro", "en": "error rate"},
    "warning": {"pt": "alerta", "en": "warning"},
    "drift": {"pt": "deriva", "en": "drift"},
}
