"""Task 5 of lesson 00_introduction: seeded training (``introduction.train_and_score``).

Everything that defines the task sits here: its catalogued misconceptions (deliberately
wrong code: fingerprints, not solutions), its cases and its spec. Each case calls the
learner's function twice, with numpy's and Python's global random state set differently
before each call (protocol ``"repeat"``), so randomness left unseeded shows. The reference
is ``mlopskit.introduction:train_and_score``; the notebook cells are ``train_and_score-*``.
"""

from __future__ import annotations

import numpy as np

from mlopskit.checks._adapters import array
from mlopskit.checks._core import Case, Misconception, TaskSpec
from mlopskit.checks.introduction import LESSON
from mlopskit.checks.introduction._common import encode_repeated_score
from mlopskit.languages import bilingual as _about


def _split(X, y, seed, test_size, *, stratify=True, split_seed="same"):
    from sklearn.model_selection import train_test_split

    return train_test_split(X, y, test_size=test_size, stratify=y if stratify else None,
                            random_state=seed if split_seed == "same" else split_seed)


def _forest(seed):
    from sklearn.ensemble import RandomForestClassifier

    return RandomForestClassifier(n_estimators=25, random_state=seed)


def _unseeded_model(X, y, *, seed, test_size=0.25):
    """Seeds numpy's new Generator (which sklearn never reads) and not the estimator."""
    np.random.default_rng(seed)
    X_train, X_test, y_train, y_test = _split(X, y, seed, test_size)
    return float(_forest(None).fit(X_train, y_train).score(X_test, y_test))


def _constant_seed(X, y, *, seed, test_size=0.25):
    """Uses random_state=42 everywhere instead of the seed it was given."""
    X_train, X_test, y_train, y_test = _split(X, y, 42, test_size)
    return float(_forest(42).fit(X_train, y_train).score(X_test, y_test))


def _scored_on_train(X, y, *, seed, test_size=0.25):
    """Scores the model on the rows it learned from."""
    X_train, X_test, y_train, y_test = _split(X, y, seed, test_size)
    return float(_forest(seed).fit(X_train, y_train).score(X_train, y_train))


def _not_stratified(X, y, *, seed, test_size=0.25):
    """Splits without stratify=y."""
    X_train, X_test, y_train, y_test = _split(X, y, seed, test_size, stratify=False)
    return float(_forest(seed).fit(X_train, y_train).score(X_test, y_test))


def _data(seed, n=120, p=5, *, weights=None, flip=0.15):
    from sklearn.datasets import make_classification

    X, y = make_classification(n_samples=n, n_features=p, n_informative=3, flip_y=flip,
                               weights=weights, random_state=seed)
    return array(np.round(X, 4).tolist()), array(y.tolist())


def _case(name, data_seed, seed, *, test_size=None, about, covers=(), **data):
    X, y = _data(data_seed, **data)
    kwargs = {"seed": seed}
    if test_size is not None:
        kwargs["test_size"] = test_size
    return Case(name, {"args": [X, y], "kwargs": kwargs}, about=about, covers=covers)


def _public_cases():
    return [
        _case("seed-0", 1, 0, about=_about("semente 0", "seed 0"), covers=("seed 0",)),
        _case("seed-7", 1, 7, about=_about("mesmos dados, semente 7", "same data, seed 7")),
        _case("imbalanced", 2, 3, weights=[0.8], about=_about("classes desbalanceadas (80/20)",
                                                          "imbalanced classes (80/20)"),
              covers=("a rare class",)),
        _case("test-size", 3, 11, test_size=0.4,
              about=_about("test_size = 0,4", "test_size = 0.4"), covers=("test_size given",)),
        _case("seed-42", 4, 42, about=_about("semente 42", "seed 42"),
              covers=("the seed everyone uses",)),
    ]


def _probes():
    return [
        _case("probe-noisy", 5, 5, n=160, flip=0.3, weights=[0.7],
              about=_about("dados ruidosos e desbalanceados", "noisy, imbalanced data")),
        _case("probe-seed", 6, 123, n=140, flip=0.25, weights=[0.65],
              about=_about("outra semente", "another seed")),
    ]


def _hidden_cases(rng):
    return [_case(f"hidden-{i}", int(rng.integers(100, 10_000)), int(rng.integers(0, 1000)),
                  n=int(rng.integers(80, 160)), flip=0.2, weights=[float(rng.uniform(0.5, 0.8))],
                  about=None)
            for i in range(2)]


SPEC = TaskSpec(
    lesson=LESSON,
    task="introduction.train_and_score",
    number=5,
    name=_about("treino com semente", "seeded training"),
    entry="train_and_score",
    points=2,
    reference="mlopskit.introduction:train_and_score",
    encode=encode_repeated_score,
    protocol={"kind": "function", "repeat": 2},
    public_cases=_public_cases,
    hidden_cases=_hidden_cases,
    probes=_probes,
    hints=[
        _about("Há duas fontes de acaso aqui: a divisão treino/teste e a floresta (cada árvore "
               "sorteia linhas e variáveis). As duas precisam receber `seed`.",
               "There are two sources of chance here: the train/test split and the forest "
               "(each tree draws rows and features). Both must receive `seed`."),
        _about("O scikit-learn não lê `np.random.default_rng(...)` nem `random.seed(...)`: "
               "passe `random_state=seed` a `train_test_split` e ao "
               "`RandomForestClassifier`. A acurácia é medida só na parte de teste.",
               "scikit-learn reads neither `np.random.default_rng(...)` nor "
               "`random.seed(...)`: pass `random_state=seed` to `train_test_split` and to "
               "`RandomForestClassifier`. Accuracy is measured on the test part only."),
        _about("`X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=test_size, "
               "stratify=y, random_state=seed)`; `model = RandomForestClassifier("
               "n_estimators=25, random_state=seed).fit(X_tr, y_tr)`; `return float("
               "model.score(X_te, y_te))`.",
               "`X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=test_size, "
               "stratify=y, random_state=seed)`; `model = RandomForestClassifier("
               "n_estimators=25, random_state=seed).fit(X_tr, y_tr)`; `return float("
               "model.score(X_te, y_te))`."),
    ],
    misconceptions=[
        Misconception("seed.unseeded_randomness", _unseeded_model, _about(
            "Chamada duas vezes com a mesma `seed`, sua função deu resultados diferentes: "
            "alguma fonte de acaso ficou sem semente. Criar um gerador com "
            "`np.random.default_rng(seed)` ou chamar `random.seed(seed)` do Python não chega "
            "ao scikit-learn: o estimador e a divisão usam o próprio `random_state`. Passe "
            "`random_state=seed` aos dois.",
            "Called twice with the same `seed`, your function gave different results: some "
            "source of chance was left unseeded. A generator made with "
            "`np.random.default_rng(seed)`, or Python's `random.seed(seed)`, does not reach "
            "scikit-learn: the estimator and the split use their own `random_state`. Pass "
            "`random_state=seed` to both.")),
        Misconception("seed.constant_seed", _constant_seed, _about(
            "Seu resultado não muda com `seed`: a semente está fixa no código (como "
            "`random_state=42`). Reprodutível não é o mesmo que ignorar o argumento: use a "
            "`seed` recebida.",
            "Your result does not change with `seed`: the seed is fixed in the code (like "
            "`random_state=42`). Reproducible does not mean ignoring the argument: use the "
            "`seed` you receive.")),
        Misconception("seed.scored_on_train", _scored_on_train, _about(
            "Você mediu a acurácia nas linhas de TREINO, que a floresta decorou (quase "
            "100%). Meça na parte de teste.",
            "You measured accuracy on the TRAINING rows, which the forest memorised (close "
            "to 100%). Measure it on the test part.")),
        Misconception("seed.not_stratified", _not_stratified, _about(
            "Sua divisão não é estratificada: passe `stratify=y` a `train_test_split`, para "
            "que treino e teste tenham a mesma proporção de classes.",
            "Your split is not stratified: pass `stratify=y` to `train_test_split`, so that "
            "train and test keep the same class proportions.")),
    ],
)
