"""Texts that lesson 06 (the feedback loop) prints, shows in tables and draws in its figures."""

TEXTS = {
    # the production stream
    "stream": {"pt": "{n} decisões de crédito entre {start} e {end}; rótulos chegam de 20 a "
                     "120 dias depois.",
               "en": "{n} credit decisions between {start} and {end}; labels arrive 20 to "
                     "120 days later."},
    "labeled_share": {"pt": "em {as_of}: {n} decisões, {share:.0%} já com rótulo",
                      "en": "on {as_of}: {n} decisions, {share:.0%} already labeled"},
    "leak": {"pt": "acurácia com rótulos conhecidos: {honest:.3f}; com rótulos do futuro: "
                   "{leaky:.3f}",
             "en": "accuracy on labels known then: {honest:.3f}; with labels from the "
                   "future: {leaky:.3f}"},
    # the columns of windowed_accuracy
    "window": {"pt": "janela", "en": "window"},
    "n_predictions": {"pt": "decisões", "en": "decisions"},
    "n_labels": {"pt": "rótulos", "en": "labels"},
    "accuracy": {"pt": "acurácia", "en": "accuracy"},
    "low": {"pt": "limite inferior", "en": "lower bound"},
    "high": {"pt": "limite superior", "en": "upper bound"},
    "enough": {"pt": "rótulos suficientes", "en": "enough labels"},
    # the figure of windowed accuracy
    "accuracy_title": {"pt": "Acurácia por mês, com intervalo de Wilson de 95%",
                       "en": "Accuracy by month, with a 95% Wilson interval"},
    "too_few": {"pt": "poucos rótulos", "en": "too few labels"},
    "month": {"pt": "mês da decisão", "en": "month of the decision"},
    # alerts
    "info": {"pt": "informação", "en": "info"},
    "warning": {"pt": "alerta", "en": "warning"},
    "critical": {"pt": "crítico", "en": "critical"},
    "silent": {"pt": "—", "en": "—"},
    "alert_line": {"pt": "{month}: {metric} = {value:.3f} -> {level}",
                   "en": "{month}: {metric} = {value:.3f} -> {level}"},
    "trail": {"pt": "Alertas na trilha de auditoria (íntegra: {ok}):",
              "en": "Alerts in the audit trail (intact: {ok}):"},
    # the retraining decision
    "keep": {"pt": "manter", "en": "keep"},
    "wait": {"pt": "esperar", "en": "wait"},
    "retrain": {"pt": "retreinar", "en": "retrain"},
    "drift": {"pt": "deriva acima do limite", "en": "drift above the limit"},
    "fairness": {"pt": "lacuna de equidade acima do limite",
                 "en": "fairness gap above the limit"},
    "too_few_labels": {"pt": "poucos rótulos novos", "en": "too few new labels"},
    "cooldown": {"pt": "retreino recente demais", "en": "retrained too recently"},
    "accuracy_reason": {"pt": "acurácia abaixo do mínimo", "en": "accuracy below the minimum"},
    "decision_line": {"pt": "{name}: {action} ({reasons})",
                      "en": "{name}: {action} ({reasons})"},
    "no_reason": {"pt": "nenhum motivo", "en": "no reason"},
    # the capstone
    "month_line": {"pt": "{month}: deriva {drift:.0%} | acurácia >= {acc} | equidade "
                         "{gap:.3f} | {action}",
                   "en": "{month}: drift {drift:.0%} | accuracy >= {acc} | fairness "
                         "{gap:.3f} | {action}"},
    "unknown": {"pt": "?", "en": "?"},
    "gate": {"pt": "  desafiante {challenger:.3f} x campeão {champion:.3f} nos rótulos "
                   "recentes: {verdict}",
             "en": "  challenger {challenger:.3f} vs champion {champion:.3f} on recent "
                   "labels: {verdict}"},
    "gate_pass": {"pt": "passa no portão", "en": "passes the gate"},
    "gate_fail": {"pt": "barrado no portão", "en": "stopped at the gate"},
    "promoted": {"pt": "  aprovado por {approvers}; o alias 'champion' aponta para v{version}",
                 "en": "  approved by {approvers}; the 'champion' alias points to v{version}"},
    "timeline_title": {"pt": "O ciclo governado, mês a mês", "en": "The governed cycle, month "
                                                                   "by month"},
    "event": {"pt": "evento", "en": "event"},
    "user": {"pt": "usuário", "en": "user"},
    "details": {"pt": "detalhes", "en": "details"},
    "timestamp": {"pt": "momento", "en": "time"},
    # explaining one decision
    "explain_sum": {"pt": "soma das contribuições: {total:.4f}; escore da pessoa menos o da "
                          "referência: {gap:.4f}",
                    "en": "sum of the contributions: {total:.4f}; the person's score minus "
                          "the baseline's: {gap:.4f}"},
    "feature": {"pt": "variável", "en": "feature"},
    "contribution": {"pt": "contribuição (log-odds)", "en": "contribution (log-odds)"},
    # the selective-labels example
    "selective_title": {"pt": "Rótulos seletivos: o que só os aprovados mostram",
                        "en": "Selective labels: what the approved alone show"},
    "selective_line": {"pt": "rodada {round}: aprovados {approved:.0%} | acurácia entre "
                             "aprovados {seen:.3f} | acurácia real {truth:.3f} | IPW "
                             "{ipw:.3f}",
                       "en": "round {round}: approved {approved:.0%} | accuracy among the "
                             "approved {seen:.3f} | true accuracy {truth:.3f} | IPW {ipw:.3f}"},
    "seen": {"pt": "entre aprovados", "en": "among the approved"},
    "truth": {"pt": "real (todos)", "en": "true (everyone)"},
    "ipw": {"pt": "corrigida (IPW)", "en": "corrected (IPW)"},
    "round": {"pt": "rodada de retreino", "en": "retraining round"},
    # the A/B test
    "inconclusive": {"pt": "inconclusivo (continuar coletando)",
                     "en": "inconclusive (keep collecting)"},
    "keep_champion": {"pt": "manter o campeão", "en": "keep the champion"},
    "promote_challenger": {"pt": "promover o desafiante", "en": "promote the challenger"},
    "ab_line": {"pt": "{name}: diferença {difference:+.3f} | z = {z:.2f} | p = {p_value:.4f} | "
                      "n necessário por braço {n_needed} | {decision}",
                "en": "{name}: difference {difference:+.3f} | z = {z:.2f} | p = {p_value:.4f} | "
                      "n needed per arm {n_needed} | {decision}"},
    "peeking_line": {"pt": "testes A/A (sem diferença real): {final:.1%} significativos ao olhar "
                           "só no fim; {peeking:.1%} ao olhar {looks} vezes e parar no primeiro "
                           "p < {alpha}",
                     "en": "A/A tests (no real difference): {final:.1%} significant when looking "
                           "only at the end; {peeking:.1%} when looking {looks} times and "
                           "stopping at the first p < {alpha}"},
    "peeking_title": {"pt": "Espiar o teste A/B infla os falsos positivos",
                      "en": "Peeking at an A/B test inflates false positives"},
    "by_this_look": {"pt": "parando no 1º resultado significativo",
                     "en": "stopping at the first significant result"},
    "at_this_look": {"pt": "olhando só nesse tamanho", "en": "looking at this size only"},
    "nominal_alpha": {"pt": "alpha nominal", "en": "nominal alpha"},
    "n_per_arm": {"pt": "decisões rotuladas por braço", "en": "labeled decisions per arm"},
    "false_positives": {"pt": "taxa de falsos positivos", "en": "false positive rate"},
    "selective_summary": {"pt": "em {rounds} rodadas: a acurácia entre aprovados erra em média "
                                "{seen:+.3f} (acima da real em {above:.0%} das rodadas); a IPW "
                                "erra em média {ipw:+.3f} (erro absoluto médio {ipw_abs:.3f} "
                                "contra {seen_abs:.3f})",
                          "en": "over {rounds} rounds: accuracy among the approved is off by "
                                "{seen:+.3f} on average (above the truth in {above:.0%} of the "
                                "rounds); IPW is off by {ipw:+.3f} on average (mean absolute "
                                "error {ipw_abs:.3f} against {seen_abs:.3f})"},
    # the capstone's registry
    "registry": {"pt": "registro MLflow '{name}': o alias 'champion' aponta para a versão "
                       "{version}",
                 "en": "MLflow registry '{name}': the 'champion' alias points to version "
                       "{version}"},
    "gate_failures": {"pt": "  falhas no portão: {failures}", "en": "  gate failures: {failures}"},
    "cycle_trail": {"pt": "A trilha de auditoria do ciclo: {n} eventos (íntegra: {ok})",
                    "en": "The cycle's audit trail: {n} events (intact: {ok})"},
    "promoted_label": {"pt": "novo campeão", "en": "new champion"},
}
