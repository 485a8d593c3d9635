"""Task 7 of lesson 06_feedback: explaining one decision (``feedback.explain_decision``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.feedback:explain_decision``; the notebook cells are ``explain_decision-*``.
"""

from __future__ import annotations

import numpy as np

from mlopskit.checks._adapters import array, encode_float
from mlopskit.checks._core import Case, Misconception, OutputError, TaskSpec
from mlopskit.checks.feedback import LESSON
from mlopskit.languages import bilingual as _about


def _ranked(contributions, names, top_k, key):
    order = sorted(range(len(names)), key=lambda i: key(contributions[i]))[:top_k]
    return [[str(names[i]), float(contributions[i])] for i in order]


def _raw_coefficients(coef, x, *, baseline, names, top_k=3):
    """Reports the coefficients themselves, ignoring the person's values."""
    coef = np.asarray(coef, dtype=float)
    return _ranked(coef, list(names), top_k, lambda c: -abs(c))


def _no_baseline(coef, x, *, baseline, names, top_k=3):
    """Uses ``coef * x``: contributions measured from zero, not from the baseline."""
    c = np.asarray(coef, dtype=float) * np.asarray(x, dtype=float)
    return _ranked(c, list(names), top_k, lambda v: -abs(v))


def _signed_sort(coef, x, *, baseline, names, top_k=3):
    """Sorts by the signed contribution, so large negative reasons drop out."""
    c = np.asarray(coef, dtype=float) * (np.asarray(x, dtype=float) -
                                         np.asarray(baseline, dtype=float))
    return _ranked(c, list(names), top_k, lambda v: -v)


def _baseline_flipped(coef, x, *, baseline, names, top_k=3):
    """Computes ``coef * (baseline - x)``: every sign is reversed."""
    c = np.asarray(coef, dtype=float) * (np.asarray(baseline, dtype=float) -
                                         np.asarray(x, dtype=float))
    return _ranked(c, list(names), top_k, lambda v: -abs(v))


def _encode_reasons(value):
    message = {
        "pt": "a tarefa pede uma lista de pares [nome, contribuição].",
        "en": "the task asks for a list of [name, contribution] pairs.",
    }
    if not isinstance(value, (list, tuple)):
        raise OutputError(message)
    out = []
    for item in value:
        if not isinstance(item, (list, tuple)) or len(item) != 2 or not isinstance(item[0], str):
            raise OutputError(message)
        out.append([item[0], encode_float(item[1])])
    return out


NAMES = ["duration", "amount", "age", "installment_rate", "existing_credits"]


def _case(name, coef, x, baseline, top_k=None, about=None, covers=(), names=NAMES):
    kwargs = {"baseline": array(baseline), "names": list(names)}
    if top_k is not None:
        kwargs["top_k"] = top_k
    return Case(name, {"args": [array(coef), array(x)], "kwargs": kwargs}, about=about,
                covers=tuple(covers))


COEF = [-0.04, -0.0002, 0.02, -0.25, -0.1]
BASE = [21.0, 3300.0, 35.5, 3.0, 1.4]


def _public_cases():
    return [
        _case("one-applicant", COEF, [36.0, 7000.0, 28.0, 4.0, 2.0], BASE, top_k=3,
              about=_about("um pedido longo e alto, de alguém jovem", "a long, large loan for a "
                           "young applicant")),
        _case("default-top-k", COEF, [12.0, 1400.0, 50.0, 2.0, 1.0], BASE,
              about=_about("top_k omitido (3)", "top_k left out (3)"),
              covers=("optional arguments left out",)),
        _case("at-the-baseline", COEF, [21.0, 3300.0, 40.0, 3.0, 1.4], BASE, top_k=2,
              about=_about("quase tudo igual à referência: contribuições zero",
                           "nearly everything at the baseline: zero contributions"),
              covers=("features exactly at the baseline (ties at zero)",)),
        _case("more-than-features", [1.0, -1.0], [2.0, 0.0], [1.0, 1.0], top_k=5,
              names=["a", "b"], about=_about("top_k maior que o número de variáveis",
                                             "top_k above the number of features"),
              covers=("top_k above the number of features", "a tie in absolute value")),
        _case("top-one", COEF, [60.0, 900.0, 70.0, 1.0, 4.0], BASE, top_k=1,
              about=_about("só o principal motivo", "the main reason only"),
              covers=("top_k = 1",)),
        _case("wrong-length", COEF[:4], [1.0, 2.0, 3.0, 4.0, 5.0], BASE, top_k=2,
              about=_about("coef mais curto que x: deve levantar ValueError",
                           "coef shorter than x: must raise ValueError"),
              covers=("a rule refused: lengths that differ",)),
        _case("zero-top-k", COEF, BASE, BASE, top_k=0,
              about=_about("top_k = 0: deve levantar ValueError",
                           "top_k = 0: must raise ValueError"),
              covers=("a rule refused: top_k below 1",)),
    ]


def _probes():
    names = ["a", "b", "c"]
    return [
        _case("probe-baseline", [1.0, 1.0, 1.0], [5.0, 2.0, 1.0], [4.0, 0.0, 0.0], top_k=3,
              names=names),
        _case("probe-negative", [1.0, -3.0, 0.5], [1.0, 1.0, 1.0], [0.0, 0.0, 0.0], top_k=2,
              names=names),
        _case("probe-small-coef", [0.01, 2.0, 0.0], [500.0, 1.0, 3.0], [0.0, 0.0, 0.0],
              top_k=1, names=names),
    ]


def _hidden_cases(rng):
    n = int(rng.integers(4, 9))
    names = [f"x{i}" for i in range(n)]
    coef = np.round(rng.normal(0, 1, n), 3).tolist()
    base = np.round(rng.normal(0, 2, n), 2).tolist()
    x = np.round(np.asarray(base) + rng.normal(0, 2, n), 2).tolist()
    return [_case("hidden-0", coef, x, base, top_k=int(rng.integers(1, n + 1)), names=names)]


SPEC = TaskSpec(
    lesson=LESSON,
    task="feedback.explain_decision",
    number=7,
    name=_about("explicar uma decisão", "explaining a decision"),
    entry="explain_decision",
    points=2,
    reference="mlopskit.feedback:explain_decision",
    encode=_encode_reasons,
    public_cases=_public_cases,
    hidden_cases=_hidden_cases,
    probes=_probes,
    hints=[
        _about("Num modelo linear o escore é uma soma: cada variável empurra o escore desta "
               "pessoa para cima ou para baixo em relação ao de uma pessoa de referência. Um "
               "coeficiente grande não pesa nada se a pessoa está na referência.",
               "In a linear model the score is a sum: each feature pushes this person's "
               "score up or down relative to a reference person's. A large coefficient weighs "
               "nothing if the person sits at the reference."),
        _about("Calcule `coef * (x - baseline)`, ordene pelo valor ABSOLUTO (um motivo "
               "negativo conta tanto quanto um positivo), com ordenação estável para empates, "
               "e fique com os `top_k` primeiros.",
               "Compute `coef * (x - baseline)`, sort by ABSOLUTE value (a negative reason "
               "counts as much as a positive one), with a stable sort for ties, and keep the "
               "first `top_k`."),
        _about("```python\nc = np.asarray(coef) * (np.asarray(x) - np.asarray(baseline))\n"
               "order = np.argsort(-np.abs(c), kind=\"stable\")[:top_k]\n"
               "return [[names[i], float(c[i])] for i in order]\n```",
               "```python\nc = np.asarray(coef) * (np.asarray(x) - np.asarray(baseline))\n"
               "order = np.argsort(-np.abs(c), kind=\"stable\")[:top_k]\n"
               "return [[names[i], float(c[i])] for i in order]\n```"),
    ],
    misconceptions=[
        Misconception("explain.raw_coefficients", _raw_coefficients, _about(
            "Você devolveu os coeficientes do modelo: eles dizem o que pesa para TODOS, não "
            "por que ESTA pessoa recebeu esta decisão. Multiplique por `x - baseline`.",
            "You returned the model's coefficients: they say what weighs for EVERYONE, not "
            "why THIS person got this decision. Multiply by `x - baseline`.")),
        Misconception("explain.no_baseline", _no_baseline, _about(
            "Você usou `coef * x`, medindo cada variável a partir de zero (uma renda zero, uma "
            "idade zero). A explicação compara com a referência: `coef * (x - baseline)`.",
            "You used `coef * x`, measuring each feature from zero (an income of zero, an age "
            "of zero). The explanation compares with the baseline: `coef * (x - baseline)`.")),
        Misconception("explain.signed_sort", _signed_sort, _about(
            "Você ordenou pelo valor com sinal, então os motivos que mais PUXAM PARA BAIXO "
            "somem. Ordene pelo valor absoluto.",
            "You sorted by the signed value, so the reasons that PULL DOWN the most vanish. "
            "Sort by absolute value.")),
        Misconception("explain.baseline_flipped", _baseline_flipped, _about(
            "Os sinais das suas contribuições estão trocados: use `x - baseline` (a pessoa "
            "menos a referência), não `baseline - x`.",
            "The signs of your contributions are reversed: use `x - baseline` (the person "
            "minus the baseline), not `baseline - x`.")),
    ],
)
