"""Task 5 of lesson 05_cicd: tests the learner writes, graded by the bugs they catch
(``cicd.trainer_tests``).

The learner writes a class of pytest-style tests, ``TestTrainer``, whose methods take the
training module as ``trainer``. Each case runs every test against one version of the module
(protocol ``pytest_mutants``, see :func:`mlopskit._protocol.run_test_class`): the correct
one, where every test must pass, and one version per planted bug, where some test should
fail. The score is the share of bugs caught, and nothing when the correct module fails.
The reference is ``mlopskit.cicd:TestTrainer``; the notebook cells are ``trainer_tests-*``.
"""

from __future__ import annotations

from mlopskit.checks._adapters import describe_type
from mlopskit.checks._core import Case, Misconception, OutputError, TaskSpec
from mlopskit.checks.cicd import LESSON
from mlopskit.cicd import TRAINER_BUGS, trainer_source
from mlopskit.languages import bilingual as _about

STATUSES = ("passed", "failed", "error", "timeout")


def encode_run(value):
    """What a run says about the tests: pass on the correct module, catch a bug."""
    if not isinstance(value, dict) or not isinstance(value.get("tests"), dict):
        raise OutputError({
            "pt": f"o resultado da execução veio como {describe_type(value)}.",
            "en": f"the run's result came back as {describe_type(value)}.",
        })
    statuses = [s for s in value["tests"].values() if s in STATUSES]
    if value.get("must_pass"):
        if not statuses:
            return {"passes": False, "why": "no_tests"}
        for why in ("timeout", "error", "failed"):
            if why in statuses:
                return {"passes": False, "why": why}
        return {"passes": True}
    return {"caught": any(s != "passed" for s in statuses)}


# ---------------------------------------------------------------- catalogued test classes
class _CatchesNothing:
    """Checks only types and shapes: no bug changes them."""

    _memoize_runs = True

    def test_returns_a_model_and_metrics(self, trainer):
        model, metrics = trainer.train_and_evaluate(trainer.make_data())
        assert hasattr(model, "predict")
        assert isinstance(metrics["accuracy"], float)

    def test_split_returns_two_frames(self, trainer):
        train, test = trainer.split(trainer.make_data(), seed=0)
        assert len(train) > 0 and len(test) > 0


class _TooStrict:
    """Demands an accuracy this model never reaches: the correct module fails."""

    _memoize_runs = True

    def test_accuracy_is_high(self, trainer):
        _, metrics = trainer.train_and_evaluate(trainer.make_data())
        assert metrics["accuracy"] >= 0.95

    def test_label_not_a_feature(self, trainer):
        assert trainer.LABEL not in trainer.FEATURES


class _NotCollected:
    """Good checks in methods whose names do not start with ``test``: none of them runs."""

    _memoize_runs = True

    def check_split_is_seeded(self, trainer):
        df = trainer.make_data()
        assert list(trainer.split(df, seed=1)[0].index) == \
            list(trainer.split(df, seed=1)[0].index)

    def check_no_leakage(self, trainer):
        assert "collections" not in trainer.FEATURES


class _CrashesOnCorrect:
    """Calls the module the way it is not written (a positional seed): every test errors."""

    _memoize_runs = True

    def test_split_is_seeded(self, trainer):
        df = trainer.make_data()
        first, _ = trainer.split(df, 0.25, 1)
        again, _ = trainer.split(df, 0.25, 1)
        assert list(first.index) == list(again.index)

    def test_metrics_on_test_rows(self, trainer):
        df = trainer.make_data()
        model, metrics = trainer.train_and_evaluate(df, 0)
        assert metrics["n_test"] == len(trainer.split(df, 0.25, 0)[1])


# ---------------------------------------------------------------- cases
BUG_ABOUT = {
    "leakage": ("uma coluna que só existe depois do desfecho entra nas variáveis",
                "a column known only after the outcome is among the features"),
    "wrong_label": ("o modelo é treinado com outra coluna como rótulo",
                    "the model is trained on another column as its label"),
    "unseeded_split": ("a divisão treino/teste ignora a semente",
                       "the train/test split ignores its seed"),
    "overlapping_split": ("linhas de teste também estão no treino",
                          "test rows are also in the training rows"),
    "scaler_fit_on_all": ("o padronizador é ajustado com todas as linhas, teste incluído",
                          "the scaler is fitted on every row, the test rows included"),
    "metric_on_train": ("a acurácia informada é medida nas linhas de treino",
                        "the reported accuracy is measured on the training rows"),
}


def _cases(data_seed, *, hidden=False, prefix=""):
    cases = [Case(f"{prefix}correct-module", {"module": "correct", "must_pass": True,
                                              "source": trainer_source(data_seed=data_seed)},
                  hidden=hidden,
                  about=None if hidden else _about(
                      "o módulo correto: todos os seus testes devem passar",
                      "the correct module: every one of your tests must pass"),
                  covers=("the correct module must pass",))]
    for bug in TRAINER_BUGS:
        pt, en = BUG_ABOUT[bug]
        cases.append(Case(f"{prefix}bug-{bug.replace('_', '-')}",
                          {"module": bug, "must_pass": False,
                           "source": trainer_source(bug, data_seed=data_seed)},
                          hidden=hidden, about=None if hidden else _about(pt, en)))
    return cases


def _public_cases():
    return _cases(0)


def _hidden_cases(rng):
    return _cases(int(rng.integers(1, 1000)), hidden=True, prefix="hidden-")


def _probes():
    """The correct module alone: whether, and how, a learner's tests fail on it names the
    mistake; which bugs they miss is scored, not diagnosed."""
    return _cases(0)[:1]


SPEC = TaskSpec(
    lesson=LESSON,
    task="cicd.trainer_tests",
    number=5,
    name=_about("testes que pegam defeitos", "tests that catch bugs"),
    entry="TestTrainer",
    points=6,
    reference="mlopskit.cicd:TestTrainer",
    encode=encode_run,
    public_cases=_public_cases,
    hidden_cases=_hidden_cases,
    probes=_probes,
    protocol={"kind": "pytest_mutants", "score": "share", "test_timeout": 3.0},
    hints=[
        _about("Um bom teste passa no código certo e falha quando algo importante quebra. "
               "Pense no que pode dar errado num treino: vazamento de informação do futuro, "
               "rótulo errado, divisão não reprodutível ou com linhas repetidas, "
               "pré-processamento que vê o teste, métrica medida no lugar errado.",
               "A good test passes on correct code and fails when something that matters "
               "breaks. Think of what can go wrong in training: information leaking from the "
               "future, the wrong label, a split that is not reproducible or shares rows, "
               "preprocessing that sees the test rows, a metric measured in the wrong place."),
        _about("Escreva um método `test_...` por propriedade, comparando o módulo com ele "
               "mesmo: a mesma semente dá a mesma divisão; treino e teste são disjuntos; a "
               "média do padronizador é a do treino; a acurácia informada é a de "
               "`trainer.accuracy(model, test)`. Evite números mágicos que o módulo certo não "
               "garante.",
               "Write one `test_...` method per property, checking the module against itself: "
               "the same seed gives the same split; train and test are disjoint; the scaler's "
               "mean is the training rows' mean; the reported accuracy is "
               "`trainer.accuracy(model, test)`. Avoid magic numbers the correct module does "
               "not guarantee."),
        _about("Por exemplo: `train, test = trainer.split(df, seed=0)`; "
               "`assert set(train.index).isdisjoint(test.index)`; `scaler = "
               "model.steps[0][1]`; `assert np.allclose(scaler.mean_, "
               "train[trainer.FEATURES].mean())`; `assert trainer.LABEL not in "
               "trainer.FEATURES`.",
               "For example: `train, test = trainer.split(df, seed=0)`; "
               "`assert set(train.index).isdisjoint(test.index)`; `scaler = "
               "model.steps[0][1]`; `assert np.allclose(scaler.mean_, "
               "train[trainer.FEATURES].mean())`; `assert trainer.LABEL not in "
               "trainer.FEATURES`."),
    ],
    misconceptions=[
        Misconception("trainer_tests.catches_nothing", _CatchesNothing, _about(
            "Seus testes passam em todas as versões, com ou sem defeito: verificam só tipos "
            "e formatos. Um teste vale pelo que ele reprova; afirme propriedades que um "
            "defeito quebraria.",
            "Your tests pass on every version, buggy or not: they check only types and "
            "shapes. A test is worth what it rejects; assert properties a bug would "
            "break.")),
        Misconception("trainer_tests.too_strict", _TooStrict, _about(
            "Um dos seus testes falha no módulo CORRETO (por exemplo, exige uma acurácia que "
            "ele não alcança). Teste propriedades que o código certo garante, não um número "
            "desejado.",
            "One of your tests fails on the CORRECT module (for instance it demands an "
            "accuracy it does not reach). Test properties that correct code guarantees, not "
            "a number you wish for.")),
        Misconception("trainer_tests.not_collected", _NotCollected, _about(
            "Nenhum teste rodou: o pytest só coleta métodos cujo nome começa com `test`.",
            "No test ran: pytest only collects methods whose name starts with `test`.")),
        Misconception("trainer_tests.crashes_on_correct", _CrashesOnCorrect, _about(
            "Seus testes dão erro (exceção que não é de asserção) já no módulo correto, por "
            "exemplo ao passar `seed` por posição a uma função que só a aceita por nome.",
            "Your tests raise an error (an exception other than an assertion) on the correct "
            "module already, for instance by passing `seed` by position to a function that "
            "takes it by name only.")),
    ],
)
