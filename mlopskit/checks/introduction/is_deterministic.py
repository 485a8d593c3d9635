"""Task 4 of lesson 00_introduction: a determinism check (``introduction.is_deterministic``).

Everything that defines the task sits here: its catalogued misconceptions (deliberately
wrong code: fingerprints, not solutions), its cases and its spec. The function under test
receives a stand-in "model" that replays given outputs one call at a time
(:class:`mlopskit._protocol.Replay`). The reference is
``mlopskit.introduction:is_deterministic``; the notebook cells are ``is_deterministic-*``.
"""

from __future__ import annotations

import math

import numpy as np

from mlopskit.checks._adapters import array
from mlopskit.checks._core import Case, Misconception, TaskSpec
from mlopskit.checks.introduction import LESSON
from mlopskit.checks.introduction._common import encode_bool
from mlopskit.introduction import is_deterministic
from mlopskit.languages import bilingual as _about


def _results(fn, args, kwargs, runs):
    return [fn(*args, **kwargs) for _ in range(runs)]


def _exact(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return bool(np.array_equal(a, b))
    return a == b


def _ignores_atol(fn, *args, runs=3, atol=0.0, **kwargs):
    """Compares with == whatever atol says (NaN != NaN too)."""
    results = _results(fn, args, kwargs, runs)
    return all(_exact(results[0], r) for r in results[1:])


def _library_default_tolerance(fn, *args, runs=3, atol=0.0, **kwargs):
    """np.allclose with its default rtol=1e-5: tiny differences pass even when atol=0."""
    results = _results(fn, args, kwargs, runs)
    return all(bool(np.allclose(results[0], r, atol=atol, equal_nan=True)) for r in results[1:])


def _nan_unequal(fn, *args, runs=3, atol=0.0, **kwargs):
    """Respects atol but lets NaN differ from NaN: an always-NaN model is 'not deterministic'."""
    results = _results(fn, args, kwargs, runs)
    first = np.asarray(results[0], dtype=float)
    return all(bool(np.all(np.abs(first - np.asarray(r, dtype=float)) <= atol))
               for r in results[1:])


def _two_calls_only(fn, *args, runs=3, atol=0.0, **kwargs):
    """Calls the function twice, whatever runs says."""
    return is_deterministic(fn, *args, runs=2, atol=atol, **kwargs)


def _drops_arguments(fn, *args, runs=3, atol=0.0, **kwargs):
    """Calls fn() without the arguments it was given."""
    return is_deterministic(fn, runs=runs, atol=atol)


def _replay(outputs, args=None, kwargs=None):
    body = {"outputs": outputs}
    if args is not None or kwargs is not None:
        body["args"], body["kwargs"] = list(args or []), dict(kwargs or {})
    return {"replay": body}


def _case(name, outputs, kwargs=None, *, args=(), fn_kwargs=None, about, covers=()):
    return Case(name, {"args": [_replay(outputs, list(args), fn_kwargs or {}), *args],
                       "kwargs": {**(kwargs or {}), **(fn_kwargs or {})}},
                about=about, covers=covers)


def _public_cases():
    nan = float("nan")
    return [
        _case("same-float", [0.8125] * 3, about=_about("três vezes o mesmo número",
                                                       "the same number three times")),
        _case("differs-on-last", [0.8, 0.8, 0.81],
              about=_about("só a última chamada difere", "only the last call differs"),
              covers=("the last run differs",)),
        _case("tiny-difference", [0.8125, 0.8125 + 1e-12, 0.8125],
              about=_about("diferença de 1e-12 com atol = 0", "a 1e-12 difference with atol = 0"),
              covers=("atol = 0 means exact",)),
        _case("within-atol", [0.81, 0.8100004, 0.8099998], {"atol": 1e-6},
              about=_about("diferenças menores que atol", "differences below atol"),
              covers=("differences within atol",)),
        _case("on-atol", [1.0, 1.5, 0.5], {"atol": 0.5},
              about=_about("diferença exatamente igual a atol", "a difference exactly equal to atol"),
              covers=("a difference exactly atol",)),
        _case("always-nan", [nan] * 3, about=_about("sempre NaN", "always NaN"),
              covers=("NaN results",)),
        _case("arrays", [array([1.0, 2.0]), array([1.0, 2.0]), array([1.0, 2.0])],
              about=_about("arrays iguais", "equal arrays")),
        _case("arrays-differ", [array([1.0, 2.0]), array([1.0, 2.5]), array([1.0, 2.0])],
              {"runs": 3}, about=_about("arrays que mudam", "arrays that change")),
        _case("with-arguments", ["a", "a", "a", "b"], {"runs": 3}, args=[7],
              fn_kwargs={"scale": 2},
              about=_about("argumentos repassados à função", "arguments passed on to the function"),
              covers=("args and kwargs passed on",)),
        _case("five-runs", [3, 3, 3, 3, 4], {"runs": 5},
              about=_about("runs = 5, a quinta difere", "runs = 5, the fifth differs"),
              covers=("runs given",)),
        _case("one-run", [1, 1, 1], {"runs": 1},
              about=_about("runs = 1: a função deve recusar (ValueError)",
                           "runs = 1: the function must refuse (ValueError)"),
              covers=("refuses runs < 2",)),
    ]


def _probes():
    nan = float("nan")
    return [
        _case("probe-atol", [2.0, 2.0 + 1e-7, 2.0 - 1e-7], {"atol": 1e-5},
              about=_about("ruído abaixo de atol", "noise below atol")),
        _case("probe-exact", [5.0, 5.0 * (1 + 1e-10), 5.0],
              about=_about("ruído de 1e-10 com atol = 0", "1e-10 noise with atol = 0")),
        _case("probe-nan", [array([nan, 1.0]), array([nan, 1.0]), array([nan, 1.0])],
              about=_about("NaN nas mesmas posições", "NaN in the same places")),
        _case("probe-third", [4.0, 4.0, 9.0, 4.0],
              about=_about("a terceira chamada difere", "the third call differs")),
        _case("probe-args", [1.5, 1.5, 1.5], args=[3], fn_kwargs={"k": 1},
              about=_about("uma função com argumentos", "a function with arguments")),
    ]


def _hidden_cases(rng):
    cases = []
    for i in range(3):
        runs = int(rng.integers(2, 6))
        base = round(float(rng.uniform(0, 1)), 4)
        outputs = [base] * (runs + 1)
        kind = rng.integers(0, 3)
        kwargs = {"runs": runs}
        if kind == 1:
            outputs[int(rng.integers(1, runs))] = base + 0.01
        elif kind == 2:
            kwargs["atol"] = 1e-3
            outputs[int(rng.integers(1, runs))] = base + float(rng.choice([1e-4, 1e-2]))
        cases.append(Case(f"hidden-{i}", {"args": [_replay(outputs)], "kwargs": kwargs}))
    return cases


SPEC = TaskSpec(
    lesson=LESSON,
    task="introduction.is_deterministic",
    number=4,
    name=_about("teste de determinismo", "determinism check"),
    entry="is_deterministic",
    points=2,
    reference="mlopskit.introduction:is_deterministic",
    encode=encode_bool,
    public_cases=_public_cases,
    hidden_cases=_hidden_cases,
    probes=_probes,
    hints=[
        _about("Chame `fn(*args, **kwargs)` exatamente `runs` vezes e compare cada resultado "
               "com o primeiro. \"Igual\" depende de `atol`: com 0 é exatamente igual, e NaN "
               "conta como igual a NaN.",
               "Call `fn(*args, **kwargs)` exactly `runs` times and compare each result with "
               "the first. \"Equal\" depends on `atol`: with 0 it means exactly equal, and NaN "
               "counts as equal to NaN."),
        _about("Para números e arrays: `np.abs(a - b) <= atol`, ou os dois NaN na mesma "
               "posição. Cuidado com `np.allclose` e `math.isclose`: eles têm uma tolerância "
               "RELATIVA padrão que aceita diferenças mesmo com atol = 0.",
               "For numbers and arrays: `np.abs(a - b) <= atol`, or both NaN in the same "
               "place. Beware of `np.allclose` and `math.isclose`: they have a default "
               "RELATIVE tolerance that accepts differences even with atol = 0."),
        _about("`np.allclose(a, b, rtol=0, atol=atol, equal_nan=True)` para números e "
               "arrays, `==` para o resto; `all(...)` sobre as chamadas 2 a `runs`. Recuse "
               "`runs < 2` com ValueError.",
               "`np.allclose(a, b, rtol=0, atol=atol, equal_nan=True)` for numbers and "
               "arrays, `==` for the rest; `all(...)` over calls 2 to `runs`. Refuse "
               "`runs < 2` with ValueError."),
    ],
    misconceptions=[
        Misconception("det.ignores_atol", _ignores_atol, _about(
            "Você comparou os resultados com `==` e ignorou `atol`: um modelo estocástico por "
            "natureza nunca repete o float exato, e `atol` diz quanto ruído é aceitável. "
            "(E com `==`, NaN nunca é igual a NaN.)",
            "You compared results with `==` and ignored `atol`: a model that is stochastic "
            "by design never repeats the exact float, and `atol` says how much noise is "
            "acceptable. (And with `==`, NaN never equals NaN.)")),
        Misconception("det.default_relative_tolerance", _library_default_tolerance, _about(
            "Diferenças minúsculas passaram como iguais com atol = 0: `np.allclose` e "
            "`math.isclose` têm uma tolerância RELATIVA padrão. Passe `rtol=0` (ou compare "
            "`abs(a - b) <= atol`).",
            "Tiny differences passed as equal with atol = 0: `np.allclose` and "
            "`math.isclose` have a default RELATIVE tolerance. Pass `rtol=0` (or compare "
            "`abs(a - b) <= atol`).")),
        Misconception("det.nan_unequal", _nan_unequal, _about(
            "Uma função que sempre devolve NaN foi declarada não determinística: NaN != NaN "
            "em qualquer comparação. Trate dois NaN na mesma posição como iguais.",
            "A function that always returns NaN was called non-deterministic: NaN != NaN in "
            "every comparison. Treat two NaN in the same place as equal.")),
        Misconception("det.two_calls_only", _two_calls_only, _about(
            "Seu código chama a função só duas vezes, qualquer que seja `runs`: uma mudança "
            "na terceira chamada em diante passa despercebida.",
            "Your code calls the function only twice, whatever `runs` is: a change from the "
            "third call on goes unnoticed.")),
        Misconception("det.drops_arguments", _drops_arguments, _about(
            "Você chamou `fn()` sem repassar `*args` e `**kwargs`: a função deve ser chamada "
            "com os argumentos que `is_deterministic` recebeu.",
            "You called `fn()` without passing on `*args` and `**kwargs`: the function must "
            "be called with the arguments `is_deterministic` received.")),
    ],
)
