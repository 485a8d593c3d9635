"""Task 4 of lesson 05_cicd: behavioural tests of a model (``cicd.directional_violations``).

Everything that defines the task sits here: its catalogued misconceptions (deliberately
wrong code: fingerprints, not solutions), its cases and its spec. The reference is
``mlopskit.cicd:directional_violations``; the notebook cells are ``directional_violations-*``.
"""

from __future__ import annotations

import numpy as np

from mlopskit.checks._adapters import frame
from mlopskit.checks._core import Case, Misconception, TaskSpec
from mlopskit.checks.cicd import LESSON
from mlopskit.checks.cicd._common import encode_float
from mlopskit.languages import bilingual as _about


def _changes(predict_proba, X, feature, delta, *, column=1, in_place=False):
    if len(X) == 0:
        raise ValueError("X has no rows")
    before = np.asarray(predict_proba(X), dtype=float)[:, column]
    moved = X if in_place else X.copy()
    moved[feature] = moved[feature] + delta
    after = np.asarray(predict_proba(moved), dtype=float)[:, column]
    return after - before


def _share(change, sign, tol, *, ties=False):
    if sign == 0:
        wrong = np.abs(change) > tol
    elif ties:
        wrong = sign * change <= -tol
    else:
        wrong = sign * change < -tol
    return float(np.mean(wrong))


def _ties_count(predict_proba, X, feature, delta, *, sign=1, tol=0.0):
    """Counts a row whose probability does not move as a violation (`<=` for `<`)."""
    return _share(_changes(predict_proba, X, feature, delta), sign, tol, ties=True)


def _mutates_input(predict_proba, X, feature, delta, *, sign=1, tol=0.0):
    """Adds delta to the caller's frame in place."""
    if len(X) == 0:
        raise ValueError("X has no rows")
    before = np.asarray(predict_proba(X), dtype=float)[:, 1]
    X[feature] = X[feature] + delta
    after = np.asarray(predict_proba(X), dtype=float)[:, 1]
    return _share(after - before, sign, tol)


def _ignores_sign(predict_proba, X, feature, delta, *, sign=1, tol=0.0):
    """Always expects the probability to go up, whatever ``sign`` says."""
    return _share(_changes(predict_proba, X, feature, delta), 1, tol)


def _count_not_share(predict_proba, X, feature, delta, *, sign=1, tol=0.0):
    """Returns how many rows violate, not their share."""
    return _share(_changes(predict_proba, X, feature, delta), sign, tol) * len(X)


def _negative_class(predict_proba, X, feature, delta, *, sign=1, tol=0.0):
    """Reads column 0 of ``predict_proba`` (the negative class)."""
    return _share(_changes(predict_proba, X, feature, delta, column=0), sign, tol)


def _model(coef, intercept=0.0, square=None):
    return {"logistic": {"coef": coef, "intercept": intercept, "square": square or {}}}


def _rows(seed, n):
    rng = np.random.default_rng(seed)
    return frame({"income": np.round(rng.normal(0, 1, n), 3).tolist(),
                  "debt": np.round(rng.normal(0, 1, n), 3).tolist(),
                  "age": rng.integers(18, 80, n).tolist()},
                 {"income": "float64", "debt": "float64", "age": "int64"})


def _case(name, model, X, feature, delta, pt, en, covers=(), **kwargs):
    return Case(name, {"args": [model, X, feature, delta], "kwargs": kwargs},
                about=_about(pt, en), covers=covers)


def _public_cases():
    linear = _model({"income": 1.0, "debt": -1.5})
    bent = _model({"debt": 0.5}, square={"debt": -0.8})
    return [
        _case("monotone-up", linear, _rows(1, 20), "income", 0.5,
              "a renda sobe e a probabilidade deve subir", "income rises and the probability "
              "should rise", sign=1),
        _case("monotone-down", linear, _rows(2, 20), "debt", 0.5,
              "a dívida sobe e a probabilidade deve descer", "debt rises and the probability "
              "should fall", sign=-1),
        _case("wrong-direction", linear, _rows(3, 15), "debt", 0.5,
              "a expectativa contradiz o modelo em todas as linhas",
              "the expectation contradicts the model on every row", sign=1,
              covers=("every row violates",)),
        _case("bent-model", bent, _rows(4, 30), "debt", 0.25,
              "efeito em U invertido: só parte das linhas viola",
              "an inverted-U effect: only some rows violate", sign=1),
        _case("no-effect", linear, _rows(5, 12), "age", 5,
              "a idade não entra no modelo: nenhuma mudança não é violação",
              "age is not in the model: no change is not a violation", sign=1,
              covers=("ties: the probability does not move",)),
        _case("invariance", _model({"income": 1.0, "age": 0.01}), _rows(6, 16), "age", 1,
              "invariância (sign = 0) com tolerância", "invariance (sign = 0) with a "
              "tolerance", sign=0, tol=0.002, covers=("sign = 0",)),
        _case("defaults", linear, _rows(7, 10), "income", -1.0,
              "sign e tol omitidos; delta negativo", "sign and tol left out; a negative "
              "delta", covers=("optional arguments left out",)),
        _case("one-row", bent, frame({"income": [0.0], "debt": [2.0], "age": [30]},
                                     {"income": "float64", "debt": "float64", "age": "int64"}),
              "debt", 0.5, "uma única linha", "a single row", sign=-1,
              covers=("a single row",)),
        _case("empty-frame", linear, frame({"income": [], "debt": [], "age": []},
                                           {"income": "float64", "debt": "float64",
                                            "age": "int64"}), "income", 1.0,
              "nenhuma linha: deve levantar ValueError", "no rows: must raise ValueError",
              covers=("empty input",)),
    ]


def _hidden_cases(rng):
    cases = []
    for i in range(4):
        model = _model({"income": float(rng.normal(0, 1)), "debt": float(rng.normal(0, 1))},
                       square={"debt": float(rng.choice([0.0, -0.5, 0.5]))})
        feature = str(rng.choice(["income", "debt", "age"]))
        cases.append(Case(f"hidden-{i}", {"args": [model, _rows(int(rng.integers(0, 9999)),
                                                               int(rng.integers(5, 40))),
                                                   feature, float(rng.choice([-1.0, 0.5, 2.0]))],
                                          "kwargs": {"sign": int(rng.choice([1, -1, 0])),
                                                     "tol": float(rng.choice([0.0, 0.01]))}}))
    return cases


def _probes():
    linear = _model({"income": 1.0, "debt": -1.0})
    X = frame({"income": [0.0, 1.0, -1.0, 0.5], "debt": [0.0, 0.5, 1.0, -0.5],
               "age": [20, 30, 40, 50]},
              {"income": "float64", "debt": "float64", "age": "int64"})
    return [
        Case("probe-tie", {"args": [linear, X, "age", 3], "kwargs": {"sign": 1}}),
        Case("probe-down", {"args": [linear, X, "debt", 1.0], "kwargs": {"sign": -1}}),
        Case("probe-up-wrong", {"args": [linear, X, "debt", 1.0], "kwargs": {"sign": 1}}),
        Case("probe-invariance", {"args": [linear, X, "income", 1.0],
                                  "kwargs": {"sign": 0, "tol": 0.01}}),
    ]


SPEC = TaskSpec(
    lesson=LESSON,
    task="cicd.directional_violations",
    number=4,
    name=_about("testes de comportamento", "behavioural tests"),
    entry="directional_violations",
    points=2,
    reference="mlopskit.cicd:directional_violations",
    encode=encode_float,
    public_cases=_public_cases,
    hidden_cases=_hidden_cases,
    probes=_probes,
    protocol={"kind": "function", "immutable": True},
    hints=[
        _about("Um teste de comportamento não precisa de rótulos: ele muda uma entrada de "
               "propósito e verifica se a saída se move para o lado esperado (ou não se move, "
               "na invariância). O resultado é a parcela de linhas que desobedecem.",
               "A behavioural test needs no labels: it changes one input on purpose and checks "
               "that the output moves the expected way (or does not move, for invariance). The "
               "result is the share of rows that disobey."),
        _about("Trabalhe numa CÓPIA de `X`; compare a coluna 1 de `predict_proba` antes e "
               "depois. Para `sign=1` viola quem cai mais que `tol`; uma linha que não muda "
               "não viola.",
               "Work on a COPY of `X`; compare column 1 of `predict_proba` before and after. "
               "For `sign=1` a row violates when it falls by more than `tol`; a row that does "
               "not change does not violate."),
        _about("`moved = X.copy(); moved[feature] += delta`; `change = p(moved) - p(X)`; "
               "`np.mean(np.abs(change) > tol)` se `sign == 0`, senão "
               "`np.mean(sign * change < -tol)`.",
               "`moved = X.copy(); moved[feature] += delta`; `change = p(moved) - p(X)`; "
               "`np.mean(np.abs(change) > tol)` if `sign == 0`, else "
               "`np.mean(sign * change < -tol)`."),
    ],
    misconceptions=[
        Misconception("directional_violations.ties_count", _ties_count, _about(
            "Uma linha cuja probabilidade NÃO mudou contou como violação. Viola só quem vai "
            "para o lado errado além de `tol` (`<`, não `<=`).",
            "A row whose probability did NOT change counted as a violation. Only a row that "
            "goes the wrong way beyond `tol` violates (`<`, not `<=`).")),
        Misconception("directional_violations.mutates_input", _mutates_input, _about(
            "Você somou `delta` no próprio `X` de quem chamou. Um teste não pode alterar os "
            "dados que recebe: trabalhe numa cópia (`X.copy()`).",
            "You added `delta` to the caller's own `X`. A test must not change the data it "
            "is given: work on a copy (`X.copy()`).")),
        Misconception("directional_violations.ignores_sign", _ignores_sign, _about(
            "Seu teste espera sempre que a probabilidade suba. Use `sign`: -1 espera queda e 0 "
            "espera que nada mude.",
            "Your test always expects the probability to rise. Use `sign`: -1 expects a fall "
            "and 0 expects no change.")),
        Misconception("directional_violations.count_not_share", _count_not_share, _about(
            "Você devolveu quantas linhas violam; a tarefa pede a PARCELA (divida pelo número "
            "de linhas).",
            "You returned how many rows violate; the task asks for the SHARE (divide by the "
            "number of rows).")),
        Misconception("directional_violations.negative_class", _negative_class, _about(
            "Você leu a coluna 0 de `predict_proba`, a classe negativa: as direções saem "
            "invertidas. A classe positiva é a coluna 1.",
            "You read column 0 of `predict_proba`, the negative class: the directions come "
            "out reversed. The positive class is column 1.")),
    ],
)
