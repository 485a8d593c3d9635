"""Task 6 of lesson 00_introduction: experiment tracking (``introduction.log_run``).

Everything that defines the task sits here: its catalogued misconceptions (deliberately
wrong code: fingerprints, not solutions), its cases and its spec. Each case hands the
learner's function a fresh MLflow store on SQLite (:class:`mlopskit._protocol.TrackingStore`)
and grades what it reads back from the store. The reference is
``mlopskit.introduction:log_run``; the notebook cells are ``log_run-*``.
"""

from __future__ import annotations

from mlopskit.checks._adapters import frame
from mlopskit.checks._core import Case, Misconception, TaskSpec
from mlopskit.checks.introduction import LESSON
from mlopskit.checks.introduction._common import encode_logged
from mlopskit.introduction import log_run
from mlopskit.languages import bilingual as _about


def _client_run(tracking_uri, experiment, params, metrics, data, *, data_name="data",
                context="training", log_input=True, metric_as_param=False,
                always_create=False, name_dataset=True, return_experiment=False):
    import mlflow
    import mlflow.data
    from mlflow import MlflowClient
    from mlflow.entities import DatasetInput, InputTag

    client = MlflowClient(tracking_uri)
    found = None if always_create else client.get_experiment_by_name(experiment)
    experiment_id = found.experiment_id if found else client.create_experiment(experiment)
    run_id = client.create_run(experiment_id).info.run_id
    for key, value in params.items():
        client.log_param(run_id, key, value)
    for key, value in metrics.items():
        if metric_as_param:
            client.log_param(run_id, key, value)
        else:
            client.log_metric(run_id, key, float(value))
    if log_input:
        dataset = (mlflow.data.from_pandas(data, name=data_name) if name_dataset
                   else mlflow.data.from_pandas(data))
        client.log_inputs(run_id, [DatasetInput(dataset._to_mlflow_entity(),
                                                [InputTag("mlflow.data.context", context)])])
    client.set_terminated(run_id, "FINISHED")
    return experiment_id if return_experiment else run_id


def _no_input(tracking_uri, experiment, params, metrics, data, *, data_name="data",
              context="training"):
    """Logs parameters and metrics but never the data (no log_input)."""
    return _client_run(tracking_uri, experiment, params, metrics, data, log_input=False)


def _metrics_as_params(tracking_uri, experiment, params, metrics, data, *, data_name="data",
                       context="training"):
    """Logs the metrics with log_param."""
    return _client_run(tracking_uri, experiment, params, metrics, data, data_name=data_name,
                       context=context, metric_as_param=True)


def _always_creates(tracking_uri, experiment, params, metrics, data, *, data_name="data",
                    context="training"):
    """Creates the experiment every time: fails when it already exists."""
    return _client_run(tracking_uri, experiment, params, metrics, data, data_name=data_name,
                       context=context, always_create=True)


def _unnamed_dataset(tracking_uri, experiment, params, metrics, data, *, data_name="data",
                     context="training"):
    """Logs the dataset without its name (MLflow calls it 'dataset')."""
    return _client_run(tracking_uri, experiment, params, metrics, data, context=context,
                       name_dataset=False)


def _returns_experiment(tracking_uri, experiment, params, metrics, data, *, data_name="data",
                        context="training"):
    """Returns the experiment's id, not the run's."""
    return _client_run(tracking_uri, experiment, params, metrics, data, data_name=data_name,
                       context=context, return_experiment=True)


def _store(experiments=None):
    return {"tracking_store": {"experiments": experiments or {}}}


def _bikes(n=6, offset=0):
    return frame({"temp": [round(0.2 + 0.05 * i, 2) for i in range(n)],
                  "bikers": [10 * i + offset for i in range(n)]},
                 {"temp": "float64", "bikers": "int64"})


_EARLIER = {"bikes": [{"name": "baseline", "start": 1_600_000_000_000,
                       "metrics": {"rmse": 52.0}, "params": {"model": "mean"}}]}


def _public_cases():
    return [
        Case("new-experiment", {"args": [_store(), "bikes", {"max_gap": 3, "model": "ridge"},
                                         {"rmse": 41.5, "r2": 0.62}, _bikes()]},
             about=_about("um store vazio: o experimento ainda não existe",
                          "an empty store: the experiment does not exist yet"),
             covers=("the experiment does not exist",)),
        Case("existing-experiment", {"args": [_store(_EARLIER), "bikes", {"max_gap": 2},
                                              {"rmse": 39.0}, _bikes(8)]},
             about=_about("o experimento já existe e tem uma run",
                          "the experiment exists and has a run"),
             covers=("the experiment already exists",)),
        Case("name-and-context", {"args": [_store(), "bikes", {"alpha": 0.1}, {"mae": 12.25},
                                           _bikes(5, 3)],
                                  "kwargs": {"data_name": "hourly-2011", "context": "eval"}},
             about=_about("data_name e context dados", "data_name and context given"),
             covers=("optional data_name and context given",)),
        Case("no-params", {"args": [_store(), "bikes", {}, {"rmse": 50.0}, _bikes(3)]},
             about=_about("sem parâmetros", "no parameters"), covers=("empty params",)),
        Case("bad-metric", {"args": [_store(), "bikes", {}, {"rmse": "low"}, _bikes(3)]},
             about=_about("uma métrica que não é número: a função deve recusar (TypeError)",
                          "a metric that is not a number: the function must refuse (TypeError)"),
             covers=("refuses a non-numeric metric",)),
    ]


def _probes():
    return [
        Case("probe-existing", {"args": [_store({**_EARLIER, "other": []}), "bikes",
                                          {"depth": 4}, {"rmse": 44.0, "mae": 30.5},
                                          _bikes(7, 1)],
                                 "kwargs": {"data_name": "week-1"}},
             about=_about("experimento existente, data_name dado",
                          "an existing experiment, data_name given")),
    ]


def _hidden_cases(rng):
    metrics = {"rmse": round(float(rng.uniform(20, 60)), 3)}
    params = {"max_gap": int(rng.integers(0, 5))}
    existing = _EARLIER if rng.random() < 0.5 else {}
    return [Case("hidden-0", {"args": [_store(existing), "bikes", params, metrics,
                                       _bikes(int(rng.integers(3, 9)), int(rng.integers(0, 9)))]})]


SPEC = TaskSpec(
    lesson=LESSON,
    task="introduction.log_run",
    number=6,
    name=_about("rastreamento de experimentos", "experiment tracking"),
    entry="log_run",
    points=2,
    reference="mlopskit.introduction:log_run",
    encode=encode_logged,
    protocol={"kind": "function", "observe": True, "stores": True},
    public_cases=_public_cases,
    hidden_cases=_hidden_cases,
    probes=_probes,
    hints=[
        _about("Uma run guarda três coisas diferentes: parâmetros (o que você escolheu), "
               "métricas (números que você mediu) e entradas (os dados, com seu digest). "
               "Cada uma tem a sua chamada no MLflow.",
               "A run keeps three different things: parameters (what you chose), metrics "
               "(numbers you measured) and inputs (the data, with its digest). Each has its "
               "own MLflow call."),
        _about("Com `client = MlflowClient(tracking_uri)`: reutilize o experimento se "
               "`get_experiment_by_name` o encontrar, senão `create_experiment`; depois "
               "`create_run`, `log_param`, `log_metric`, a entrada, e `set_terminated`. Ou, "
               "com a API fluente: `mlflow.set_tracking_uri`, `mlflow.set_experiment` e "
               "`with mlflow.start_run() as run:`.",
               "With `client = MlflowClient(tracking_uri)`: reuse the experiment when "
               "`get_experiment_by_name` finds it, else `create_experiment`; then "
               "`create_run`, `log_param`, `log_metric`, the input, and `set_terminated`. "
               "Or, with the fluent API: `mlflow.set_tracking_uri`, `mlflow.set_experiment` "
               "and `with mlflow.start_run() as run:`."),
        _about("Dentro do `with`: `mlflow.log_params(params)`, `mlflow.log_metrics(metrics)`, "
               "`mlflow.log_input(mlflow.data.from_pandas(data, name=data_name), "
               "context=context)`; devolva `run.info.run_id`.",
               "Inside the `with`: `mlflow.log_params(params)`, `mlflow.log_metrics(metrics)`, "
               "`mlflow.log_input(mlflow.data.from_pandas(data, name=data_name), "
               "context=context)`; return `run.info.run_id`."),
    ],
    misconceptions=[
        Misconception("log_run.no_input", _no_input, _about(
            "A run não registra os dados de entrada: sem `mlflow.log_input`, ninguém sabe "
            "depois com quais dados (qual digest) o modelo aprendeu.",
            "The run records no input data: without `mlflow.log_input`, nobody can tell "
            "later which data (which digest) the model learned from.")),
        Misconception("log_run.metrics_as_params", _metrics_as_params, _about(
            "Suas métricas foram registradas como PARÂMETROS (texto): não dá para ordenar "
            "nem comparar runs por elas. Use `log_metric` / `log_metrics`.",
            "Your metrics were logged as PARAMETERS (text): runs cannot be sorted or "
            "compared by them. Use `log_metric` / `log_metrics`.")),
        Misconception("log_run.always_creates_experiment", _always_creates, _about(
            "Seu código cria o experimento toda vez, e falha quando ele já existe. Procure-o "
            "antes (`get_experiment_by_name`) ou use `mlflow.set_experiment`, que cria só "
            "quando falta.",
            "Your code creates the experiment every time, and fails when it already exists. "
            "Look it up first (`get_experiment_by_name`) or use `mlflow.set_experiment`, "
            "which creates it only when missing.")),
        Misconception("log_run.unnamed_dataset", _unnamed_dataset, _about(
            "O conjunto de dados foi registrado sem nome (o MLflow o chama de 'dataset'): "
            "passe `name=data_name` a `mlflow.data.from_pandas`.",
            "The dataset was logged without its name (MLflow calls it 'dataset'): pass "
            "`name=data_name` to `mlflow.data.from_pandas`.")),
        Misconception("log_run.returns_experiment_id", _returns_experiment, _about(
            "Você devolveu o id do EXPERIMENTO; a tarefa pede o id da RUN "
            "(`run.info.run_id`).",
            "You returned the EXPERIMENT's id; the task asks for the RUN's id "
            "(`run.info.run_id`).")),
    ],
)
