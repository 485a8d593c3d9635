"""Task specs of lesson 03, fairness.

Cases mix two and more groups, groups with a single class (where a confusion-matrix
shortcut crashes), and sensitive features given as strings. The misconceptions below are
deliberately wrong code: fingerprints, not solutions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlopskit.checks._adapters import array, describe_type, encode_float
from mlopskit.checks._core import Case, Misconception, OutputError, TaskSpec

LESSON = "03_fairness"

__all__ = ["LESSON", "SPECS"]


def _about(pt, en):
    return {"pt": pt, "en": en}


# ------------------------------------------------------------------ wrong answers
def _frame(y_true, y_pred, groups):
    return pd.DataFrame({"t": np.asarray(y_true, int), "p": np.asarray(y_pred, int),
                         "g": np.asarray(groups).astype(str)})


def _sel_counts(y_pred, *, sensitive_features):
    f = _frame(y_pred, y_pred, sensitive_features)
    return f.groupby("g")["p"].sum().astype(float).to_dict()


def _sel_share_of_positives(y_pred, *, sensitive_features):
    f = _frame(y_pred, y_pred, sensitive_features)
    return (f.groupby("g")["p"].sum() / max(f["p"].sum(), 1)).to_dict()


def _rates(values, groups):
    return _frame(values, values, groups).groupby("g")["p"].mean()


def _dp_on_true(y_true, y_pred, *, sensitive_features):
    r = _rates(y_true, sensitive_features)
    return float(r.max() - r.min())


def _dp_signed(y_true, y_pred, *, sensitive_features):
    r = _rates(y_pred, sensitive_features).sort_index()
    return float(r.iloc[0] - r.iloc[-1])


def _dpr_inverted(y_true, y_pred, *, sensitive_features):
    r = _rates(y_pred, sensitive_features)
    return float(r.max() / r.min()) if r.min() > 0 else float("inf")


def _dpr_on_true(y_true, y_pred, *, sensitive_features):
    r = _rates(y_true, sensitive_features)
    return float(r.min() / r.max()) if r.max() > 0 else 0.0


def _group_rate(f, label):
    out = {}
    for g, part in f.groupby("g"):
        sub = part[part["t"] == label]
        out[g] = float(sub["p"].mean()) if len(sub) else 0.0
    return pd.Series(out)


def _eo_uses_fpr(y_true, y_pred, *, sensitive_features):
    r = _group_rate(_frame(y_true, y_pred, sensitive_features), 0)
    return float(r.max() - r.min())


def _eo_ravel(y_true, y_pred, *, sensitive_features):
    import warnings

    from sklearn.metrics import confusion_matrix

    f = _frame(y_true, y_pred, sensitive_features)
    tprs = []
    for _, part in f.groupby("g"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # sklearn warns about the single label
            cells = confusion_matrix(part["t"], part["p"]).ravel()
        tn, fp, fn, tp = cells
        tprs.append(tp / (tp + fn) if tp + fn else 0.0)
    return float(max(tprs) - min(tprs))


def _eodds_parts(y_true, y_pred, groups):
    f = _frame(y_true, y_pred, groups)
    tpr, fpr = _group_rate(f, 1), _group_rate(f, 0)
    return tpr.max() - tpr.min(), fpr.max() - fpr.min()


def _eodds_mean(y_true, y_pred, *, sensitive_features):
    return float(np.mean(_eodds_parts(y_true, y_pred, sensitive_features)))


def _eodds_tpr_only(y_true, y_pred, *, sensitive_features):
    return float(_eodds_parts(y_true, y_pred, sensitive_features)[0])


def _weights(y, groups, kind):
    f = pd.DataFrame({"y": np.asarray(y, int), "g": np.asarray(groups).astype(str)})
    n = len(f)
    p_g = f["g"].map(f["g"].value_counts() / n)
    p_y = f["y"].map(f["y"].value_counts() / n)
    p_gy = f.groupby(["g", "y"])["y"].transform("size") / n
    if kind == "inverse_conditional":
        return (p_g / p_gy).to_numpy()  # 1 / P(y | g)
    return (p_gy / (p_g * p_y)).to_numpy()


def _reweigh_inverse_conditional(y, *, sensitive_features):
    return _weights(y, sensitive_features, "inverse_conditional")


def _reweigh_inverted(y, *, sensitive_features):
    return _weights(y, sensitive_features, "inverted")


def _thresholds_whole(scores, *, sensitive_features, target_rate):
    s = np.asarray(scores, float)
    t = float(np.quantile(s, 1 - target_rate, method="higher"))
    return {str(g): t for g in sorted(set(np.asarray(sensitive_features).astype(str)))}


def _thresholds_wrong_tail(scores, *, sensitive_features, target_rate):
    s = np.asarray(scores, float)
    g = np.asarray(sensitive_features).astype(str)
    return {k: float(np.quantile(s[g == k], target_rate, method="higher"))
            for k in sorted(set(g))}


# ------------------------------------------------------------------ encoders
def _encode_by_group(value):
    if value is None:
        raise OutputError({"pt": "seu código devolveu None; esqueceu o `return`?",
                           "en": "your code returned None; did you forget `return`?"})
    if isinstance(value, pd.Series):
        value = value.to_dict()
    if not isinstance(value, dict):
        raise OutputError({
            "pt": f"esperava-se um valor por grupo (Series ou dict), veio {describe_type(value)}.",
            "en": f"one value per group (a Series or dict) was expected, got "
            f"{describe_type(value)}."})
    return {str(k): encode_float(v) for k, v in value.items()}


def _encode_weights(value):
    if value is None:
        raise OutputError({"pt": "seu código devolveu None; esqueceu o `return`?",
                           "en": "your code returned None; did you forget `return`?"})
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise OutputError({"pt": f"esperava-se um peso por amostra, veio {describe_type(value)}.",
                           "en": f"one weight per sample was expected, got "
                           f"{describe_type(value)}."}) from None
    if arr.ndim != 1:
        raise OutputError({"pt": "esperava-se um vetor de pesos (1-D).",
                           "en": "a 1-D array of weights was expected."})
    return [float(v) for v in arr]


# ------------------------------------------------------------------ cases
def _data(seed, n, groups, *, bias=0.2, single_class=None):
    rng = np.random.default_rng(seed)
    g = rng.choice(groups, n)
    y_true = (rng.random(n) < 0.45).astype(int)
    boost = np.where(g == groups[-1], bias, 0.0)
    y_pred = (rng.random(n) < np.clip(0.35 + 0.3 * y_true + boost, 0, 1)).astype(int)
    if single_class:
        y_true[g == single_class] = 1
        y_pred[g == single_class] = 1
    return y_true.tolist(), y_pred.tolist(), g.tolist()


def _metric_cases():
    y1, p1, g1 = _data(1, 60, ["A", "B"])
    y2, p2, g2 = _data(2, 90, ["norte", "sul", "leste"], bias=0.25)
    y3, p3, g3 = _data(3, 50, ["x", "y", "z"], single_class="z")
    y4, p4, g4 = _data(4, 40, ["F", "M"], bias=-0.2)
    return [
        Case("two-groups", {"args": [array(y1), array(p1)],
                            "kwargs": {"sensitive_features": array(g1)}}),
        Case("three-groups", {"args": [array(y2), array(p2)],
                              "kwargs": {"sensitive_features": array(g2)}},
             about=_about("três grupos", "three groups")),
        Case("one-class-group", {"args": [array(y3), array(p3)],
                                 "kwargs": {"sensitive_features": array(g3)}},
             about=_about("o grupo 'z' só tem a classe 1", "group 'z' has only class 1")),
        Case("reversed-gap", {"args": [array(y4), array(p4)],
                              "kwargs": {"sensitive_features": array(g4)}},
             about=_about("o primeiro grupo é o mais selecionado",
                          "the first group is selected more")),
    ]


def _metric_hidden(rng):
    cases = []
    for i in range(3):
        k = int(rng.integers(2, 5))
        groups = [f"g{j}" for j in range(k)]
        single = groups[0] if i == 2 else None
        y, p, g = _data(int(rng.integers(0, 10**6)), int(rng.integers(30, 120)), groups,
                        bias=float(rng.uniform(-0.3, 0.3)), single_class=single)
        cases.append(Case(f"hidden-{i}", {"args": [array(y), array(p)],
                                          "kwargs": {"sensitive_features": array(g)}}))
    return cases


def _selection_cases():
    return [Case(c.name, {"args": [c.inputs["args"][1]], "kwargs": c.inputs["kwargs"]},
                 c.hidden, c.about) for c in _metric_cases()]


def _selection_hidden(rng):
    return [Case(c.name, {"args": [c.inputs["args"][1]], "kwargs": c.inputs["kwargs"]}, True)
            for c in _metric_hidden(rng)]


def _reweigh_cases():
    return [Case(c.name, {"args": [c.inputs["args"][0]], "kwargs": c.inputs["kwargs"]},
                 c.hidden, c.about) for c in _metric_cases() if c.name != "one-class-group"]


def _reweigh_hidden(rng):
    return [Case(c.name, {"args": [c.inputs["args"][0]], "kwargs": c.inputs["kwargs"]}, True)
            for c in _metric_hidden(rng)[:2]]


def _scores(seed, n, groups, shift):
    rng = np.random.default_rng(seed)
    g = rng.choice(groups, n)
    s = np.round(rng.beta(2, 3, n) + np.where(g == groups[0], shift, 0.0), 6)
    return s.tolist(), g.tolist()


def _threshold_cases():
    s1, g1 = _scores(11, 80, ["A", "B"], 0.15)
    s2, g2 = _scores(12, 120, ["N", "NE", "SE"], -0.1)
    return [
        Case("two-groups", {"args": [array(s1)], "kwargs": {"sensitive_features": array(g1),
                                                           "target_rate": 0.3}}),
        Case("three-groups", {"args": [array(s2)], "kwargs": {"sensitive_features": array(g2),
                                                             "target_rate": 0.5}},
             about=_about("três grupos, taxa-alvo 0,5", "three groups, target rate 0.5")),
    ]


def _threshold_hidden(rng):
    s, g = _scores(int(rng.integers(0, 10**6)), int(rng.integers(40, 150)),
                   ["g0", "g1", "g2"][: int(rng.integers(2, 4))], float(rng.uniform(-0.2, 0.2)))
    return [Case("hidden-0", {"args": [array(s)], "kwargs": {
        "sensitive_features": array(g), "target_rate": float(rng.choice([0.2, 0.4, 0.6]))}})]


def _spec(**kw):
    return TaskSpec(lesson=LESSON, **kw)


_USE_Y_PRED = _about(
    "Paridade demográfica compara as DECISÕES do modelo (`y_pred`), não os rótulos "
    "verdadeiros: você calculou sobre `y_true`.",
    "Demographic parity compares the model's DECISIONS (`y_pred`), not the true labels: you "
    "computed it on `y_true`.")

SPECS = (
    _spec(
        task="fairness.selection_rates", entry="selection_rates",
        title=_about("Tarefa 1 (taxa de seleção por grupo)", "Task 1 (selection rate by group)"),
        points=1, reference="mlopskit.fairness:selection_rates", encode=_encode_by_group,
        public_cases=_selection_cases, hidden_cases=_selection_hidden,
        hints=[_about("`pd.Series(y_pred).groupby(grupos).mean()`.",
                      "`pd.Series(y_pred).groupby(groups).mean()`."),
               _about("A taxa de seleção é a MÉDIA de `y_pred` no grupo (a fração de 1s).",
                      "The selection rate is the MEAN of `y_pred` in the group (the share of "
                      "1s).")],
        misconceptions=[
            Misconception("selection.counts", _sel_counts, _about(
                "Você devolveu quantas pessoas foram selecionadas em cada grupo; a taxa é essa "
                "contagem dividida pelo tamanho do grupo.",
                "You returned how many people were selected in each group; the rate is that "
                "count divided by the group's size.")),
            Misconception("selection.share_of_positives", _sel_share_of_positives, _about(
                "Você dividiu pelo total de selecionados (a fatia de cada grupo entre os "
                "aprovados); a taxa de seleção divide pelo tamanho do próprio grupo.",
                "You divided by all selected people (each group's share of the approvals); "
                "the selection rate divides by the group's own size.")),
        ],
    ),
    _spec(
        task="fairness.demographic_parity_difference", entry="demographic_parity_difference",
        title=_about("Tarefa 2 (diferença de paridade demográfica)",
                     "Task 2 (demographic parity difference)"),
        points=1, reference="mlopskit.fairness:demographic_parity_difference",
        encode=encode_float, public_cases=_metric_cases, hidden_cases=_metric_hidden,
        hints=[_about("Calcule a taxa de seleção de cada grupo com `y_pred`.",
                      "Compute each group's selection rate from `y_pred`."),
               _about("Maior menos menor: `taxas.max() - taxas.min()`, nunca negativo.",
                      "Largest minus smallest: `rates.max() - rates.min()`, never negative.")],
        misconceptions=[
            Misconception("dp.on_y_true", _dp_on_true, _USE_Y_PRED),
            Misconception("dp.signed", _dp_signed, _about(
                "Sua diferença tem sinal (um grupo menos o outro). A métrica é o maior menos o "
                "menor, entre todos os grupos.",
                "Your difference is signed (one group minus another). The metric is the "
                "largest minus the smallest, over all groups.")),
        ],
    ),
    _spec(
        task="fairness.demographic_parity_ratio", entry="demographic_parity_ratio",
        title=_about("Tarefa 3 (razão de paridade demográfica)",
                     "Task 3 (demographic parity ratio)"),
        points=1, reference="mlopskit.fairness:demographic_parity_ratio",
        encode=encode_float, public_cases=_metric_cases, hidden_cases=_metric_hidden,
        hints=[_about("Menor taxa de seleção dividida pela maior: fica entre 0 e 1.",
                      "Smallest selection rate over the largest: it lies between 0 and 1."),
               _about("Se a maior taxa for 0, devolva 0.", "If the largest rate is 0, return 0.")],
        misconceptions=[
            Misconception("dpr.inverted", _dpr_inverted, _about(
                "Sua razão está invertida (maior sobre menor) e passa de 1; a regra dos "
                "quatro quintos compara o menor com o maior.",
                "Your ratio is inverted (largest over smallest) and exceeds 1; the four-fifths "
                "rule compares the smallest with the largest.")),
            Misconception("dpr.on_y_true", _dpr_on_true, _USE_Y_PRED),
        ],
    ),
    _spec(
        task="fairness.equal_opportunity_difference", entry="equal_opportunity_difference",
        title=_about("Tarefa 4 (igualdade de oportunidade)", "Task 4 (equal opportunity)"),
        points=2, reference="mlopskit.fairness:equal_opportunity_difference",
        encode=encode_float, public_cases=_metric_cases, hidden_cases=_metric_hidden,
        hints=[_about("TPR de um grupo: entre os que têm `y_true == 1`, a fração com "
                      "`y_pred == 1`; 0 se o grupo não tem positivos.",
                      "A group's TPR: among those with `y_true == 1`, the share with "
                      "`y_pred == 1`; 0 when the group has no positives."),
               _about("Evite `confusion_matrix(...).ravel()` por grupo: com uma só classe ela "
                      "é 1 x 1.",
                      "Avoid `confusion_matrix(...).ravel()` per group: with one class it is "
                      "1 x 1.")],
        misconceptions=[
            Misconception("eo.uses_fpr", _eo_uses_fpr, _about(
                "Você comparou taxas de FALSOS positivos; igualdade de oportunidade compara as "
                "taxas de VERDADEIROS positivos (entre quem tem `y_true == 1`).",
                "You compared FALSE positive rates; equal opportunity compares TRUE positive "
                "rates (among those with `y_true == 1`).")),
            Misconception("eo.confusion_matrix_crash", _eo_ravel, _about(
                "Seu código quebra num grupo com uma só classe: `confusion_matrix(...).ravel()` "
                "devolve uma única célula. Conte os casos diretamente, com 0 quando não houver "
                "positivos.",
                "Your code breaks on a group with a single class: `confusion_matrix(...).ravel()`"
                " returns a single cell. Count the cases directly, with 0 when there are no "
                "positives.")),
        ],
    ),
    _spec(
        task="fairness.equalized_odds_difference", entry="equalized_odds_difference",
        title=_about("Tarefa 5 (chances equalizadas)", "Task 5 (equalized odds)"),
        points=2, reference="mlopskit.fairness:equalized_odds_difference",
        encode=encode_float, public_cases=_metric_cases, hidden_cases=_metric_hidden,
        hints=[_about("Calcule a diferença de TPR e a diferença de FPR entre grupos.",
                      "Compute the TPR difference and the FPR difference between groups."),
               _about("Devolva a MAIOR das duas (o pior caso).",
                      "Return the LARGER of the two (the worst case).")],
        misconceptions=[
            Misconception("eodds.mean", _eodds_mean, _about(
                "Você tirou a média das diferenças de TPR e FPR; a métrica é a maior das duas, "
                "para não esconder a pior.",
                "You averaged the TPR and FPR differences; the metric is the larger of the "
                "two, so the worst is not hidden.")),
            Misconception("eodds.tpr_only", _eodds_tpr_only, _about(
                "Você só olhou a diferença de TPR (isso é igualdade de oportunidade); chances "
                "equalizadas também exigem FPR parecidas.",
                "You looked only at the TPR difference (that is equal opportunity); equalized "
                "odds also requires similar FPRs.")),
        ],
    ),
    _spec(
        task="fairness.reweighing_weights", entry="reweighing_weights",
        title=_about("Tarefa 6 (reponderação)", "Task 6 (reweighing)"),
        points=2, reference="mlopskit.fairness:reweighing_weights", encode=_encode_weights,
        public_cases=_reweigh_cases, hidden_cases=_reweigh_hidden,
        hints=[_about("Três probabilidades por amostra: P(grupo), P(rótulo) e P(grupo, rótulo).",
                      "Three probabilities per sample: P(group), P(label) and P(group, label)."),
               _about("Peso = P(grupo) * P(rótulo) / P(grupo, rótulo): combinações raras ganham "
                      "peso maior.",
                      "Weight = P(group) * P(label) / P(group, label): rare combinations get "
                      "more weight.")],
        misconceptions=[
            Misconception("reweigh.inverse_conditional", _reweigh_inverse_conditional, _about(
                "Seus pesos usam só 1 / P(rótulo | grupo); falta multiplicar por P(rótulo), "
                "para que rótulo e grupo fiquem independentes sem mudar a proporção de rótulos.",
                "Your weights use only 1 / P(label | group); multiply by P(label) as well, so "
                "label and group become independent without changing the label mix.")),
            Misconception("reweigh.inverted", _reweigh_inverted, _about(
                "Seus pesos estão invertidos: P(grupo, rótulo) / (P(grupo) P(rótulo)) reforça "
                "as combinações já frequentes.",
                "Your weights are inverted: P(group, label) / (P(group) P(label)) reinforces "
                "the combinations that are already frequent.")),
        ],
    ),
    _spec(
        task="fairness.group_thresholds", entry="group_thresholds",
        title=_about("Tarefa 7 (limiares por grupo)", "Task 7 (group thresholds)"),
        points=2, reference="mlopskit.fairness:group_thresholds", encode=_encode_by_group,
        public_cases=_threshold_cases, hidden_cases=_threshold_hidden,
        hints=[_about("Para cada grupo, só os scores daquele grupo.",
                      "For each group, only that group's scores."),
               _about("`np.quantile(scores_do_grupo, 1 - target_rate, method='higher')`.",
                      "`np.quantile(group_scores, 1 - target_rate, method='higher')`.")],
        misconceptions=[
            Misconception("thresholds.whole_population", _thresholds_whole, _about(
                "Você escolheu um único limiar na população inteira; cada grupo precisa do "
                "seu, calculado só com os scores do grupo.",
                "You chose one threshold on the whole population; each group needs its own, "
                "computed from that group's scores only.")),
            Misconception("thresholds.wrong_tail", _thresholds_wrong_tail, _about(
                "Seu quantil está na cauda errada: para selecionar a fração `target_rate` dos "
                "scores mais altos, use o quantil `1 - target_rate`.",
                "Your quantile is on the wrong tail: to select the top `target_rate` share of "
                "scores, use the `1 - target_rate` quantile.")),
        ],
    ),
)
