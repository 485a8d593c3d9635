"""Task 6 of lesson 04_lineage: model lineage from the registry (``lineage.model_lineage``).

Everything that defines the task sits here: its catalogued misconceptions (deliberately
wrong code: fingerprints, not solutions), its cases and its spec. The reference is
``mlopskit.lineage:model_lineage``; the notebook cells are ``model_lineage-*``.

Grading runs the learner's function on an in-memory stand-in of ``mlflow.MlflowClient``
(:class:`mlopskit._protocol.FakeRegistry`), so no tracking server or store is needed; the
project's tests run the reference against the real client on a SQLite store too.
"""

from __future__ import annotations

from mlopskit.checks._core import Case, Misconception, TaskSpec
from mlopskit.checks.lineage import LESSON
from mlopskit.checks.lineage._common import encode_lineage
from mlopskit.languages import bilingual as _about
from mlopskit.lineage import GIT_COMMIT_TAG, model_lineage


class _Renamed:
    """A client whose `get_model_version_by_alias` always asks for another alias."""

    def __init__(self, client, alias):
        self._client, self._alias = client, alias

    def get_model_version_by_alias(self, name, alias):
        return self._client.get_model_version_by_alias(name, self._alias)

    def __getattr__(self, name):
        return getattr(self._client, name)


def _lineage_latest(client, name, alias):
    """Ignores the alias: reads the newest version instead."""
    newest = max(client.search_model_versions(f"name='{name}'"), key=lambda v: int(v.version))

    class _Newest:
        def get_model_version_by_alias(self, name_, alias_):
            return newest

        def __getattr__(self, attr):
            return getattr(client, attr)

    return model_lineage(_Newest(), name, alias)


def _lineage_champion(client, name, alias):
    """Reads the `champion` alias whatever alias was asked for."""
    return model_lineage(_Renamed(client, "champion"), name, alias)


def _lineage_first_dataset(client, name, alias):
    """Keeps only the first dataset logged with the run."""
    version = client.get_model_version_by_alias(name, alias)
    run = client.get_run(version.run_id)
    datasets = [{"name": d.dataset.name, "digest": d.dataset.digest,
                 "context": {t.key: t.value for t in d.tags}.get("mlflow.data.context")}
                for d in run.inputs.dataset_inputs[:1]]
    return {"version": str(version.version), "run_id": version.run_id,
            "params": dict(run.data.params), "datasets": datasets,
            "git_commit": run.data.tags.get(GIT_COMMIT_TAG)}


def _lineage_version_tag_commit(client, name, alias):
    """Looks for the commit among the model VERSION's tags, not the run's."""
    out = model_lineage(client, name, alias)
    version = client.get_model_version_by_alias(name, alias)
    out["git_commit"] = version.tags.get(GIT_COMMIT_TAG)
    return out


def _run(params, commit, inputs, user="ana"):
    tags = {"mlflow.user": user}
    if commit is not None:
        tags[GIT_COMMIT_TAG] = commit
    return {"params": params, "tags": tags, "inputs": inputs}


def _data(name, digest, context="training"):
    return {"name": name, "digest": digest, "context": context}


def _registry(aliases, runs_by_version, model="bike-demand"):
    versions = {v: {"run_id": f"run{v}", "creation_timestamp": 1_700_000_000_000 + int(v)}
                for v in runs_by_version}
    runs = {f"run{v}": run for v, run in runs_by_version.items()}
    return {"registry": {"model": model, "aliases": aliases, "versions": versions,
                         "runs": runs}}


def _history():
    return {
        "1": _run({"alpha": "1.0"}, "1a2b3c4d", [_data("bike_2011_h1", "9f0e1d2c")]),
        "2": _run({"alpha": "0.5", "degree": "2"}, "5e6f7a8b",
                  [_data("bike_2011", "77aa88bb"), _data("bike_2011_valid", "12cd34ef",
                                                         "evaluation")]),
        "3": _run({"alpha": "0.1"}, "deadbeef", [_data("bike_2011", "77aa88bb")]),
    }


def _public_cases():
    aliases = {"champion": "2", "challenger": "3"}
    return [
        Case("champion", {"args": [_registry(aliases, _history()), "bike-demand", "champion"]},
             about=_about("o champion não é a versão mais nova",
                          "the champion is not the newest version"),
             covers=("an alias that is not on the newest version",
                     "two datasets with their contexts")),
        Case("challenger", {"args": [_registry(aliases, _history()), "bike-demand",
                                     "challenger"]},
             about=_about("o alias challenger", "the challenger alias"),
             covers=("an alias other than champion",)),
        Case("old-alias", {"args": [_registry({"champion": "3", "baseline": "1"}, _history()),
                                    "bike-demand", "baseline"]},
             about=_about("um alias na primeira versão", "an alias on the first version"),
             covers=("the first version",)),
        Case("no-commit-no-data", {"args": [
            _registry({"champion": "2", "candidate": "4"},
                      {**_history(), "4": _run({}, None, [])}), "bike-demand", "candidate"]},
            about=_about("uma execução sem commit e sem dados registrados",
                         "a run without a commit and without logged data"),
            covers=("a run without a git commit tag", "a run with no logged dataset",
                    "a run with no parameters")),
        Case("unknown-alias", {"args": [_registry({"champion": "1"}, _history()),
                                        "bike-demand", "challenger"]},
             about=_about("um alias que não existe (o erro do MLflow deve passar)",
                          "an alias that does not exist (MLflow's error must go through)"),
             covers=("an alias that does not exist",)),
    ]


def _hidden_cases(rng):
    n = int(rng.integers(3, 6))
    history = {}
    for v in range(1, n + 1):
        k = int(rng.integers(1, 4))
        inputs = [_data(f"part_{j}", f"{int(rng.integers(0, 16**8)):08x}",
                        str(rng.choice(["training", "evaluation"]))) for j in range(k)]
        history[str(v)] = _run({"alpha": str(round(float(rng.random()), 3))},
                               f"{int(rng.integers(0, 16**8)):08x}", inputs)
    target = str(int(rng.integers(1, n)))  # never the newest
    alias = str(rng.choice(["champion", "challenger", "shadow"]))
    aliases = {alias: target}
    if alias != "champion":
        aliases["champion"] = str(n)
    return [Case("hidden-0", {"args": [_registry(aliases, history), "bike-demand", alias]})]


SPEC = TaskSpec(
    lesson=LESSON,
    task="lineage.model_lineage",
    number=6,
    name=_about("linhagem de um modelo registrado", "registered model lineage"),
    entry="model_lineage",
    points=2,
    reference="mlopskit.lineage:model_lineage",
    encode=encode_lineage,
    public_cases=_public_cases,
    hidden_cases=_hidden_cases,
    hints=[
        _about("A versão registrada aponta para a EXECUÇÃO (run) que a treinou; a execução "
               "guarda parâmetros, tags (como o commit do git) e os dados registrados com "
               "`mlflow.log_input`. O alias escolhe a versão: não suponha que é a mais nova.",
               "The registered version points at the RUN that trained it; the run keeps "
               "parameters, tags (such as the git commit) and the data logged with "
               "`mlflow.log_input`. The alias picks the version: do not assume it is the "
               "newest."),
        _about("`client.get_model_version_by_alias(name, alias)` dá a versão e seu `run_id`; "
               "`client.get_run(run_id)` dá `run.data.params`, `run.data.tags` e "
               "`run.inputs.dataset_inputs` (cada um com `.dataset.name`, `.dataset.digest` e "
               "`.tags`).",
               "`client.get_model_version_by_alias(name, alias)` gives the version and its "
               "`run_id`; `client.get_run(run_id)` gives `run.data.params`, `run.data.tags` "
               "and `run.inputs.dataset_inputs` (each with `.dataset.name`, "
               "`.dataset.digest` and `.tags`)."),
        _about("O contexto está na tag `mlflow.data.context` de cada entrada: "
               "`{t.key: t.value for t in d.tags}.get('mlflow.data.context')`; o commit em "
               "`run.data.tags.get('mlflow.source.git.commit')`. Devolva `version` como str.",
               "The context is the `mlflow.data.context` tag of each input: "
               "`{t.key: t.value for t in d.tags}.get('mlflow.data.context')`; the commit is "
               "`run.data.tags.get('mlflow.source.git.commit')`. Return `version` as a str."),
    ],
    misconceptions=[
        Misconception("lineage.newest_version", _lineage_latest, _about(
            "Seu código leu a versão MAIS NOVA do modelo, não a do alias pedido. Quem está em "
            "produção é quem o alias aponta: use `get_model_version_by_alias`.",
            "Your code read the NEWEST version of the model, not the one behind the alias "
            "asked for. What runs in production is what the alias points at: use "
            "`get_model_version_by_alias`.")),
        Misconception("lineage.always_champion", _lineage_champion, _about(
            "Seu código sempre procura o alias 'champion'; use o alias recebido como "
            "argumento.",
            "Your code always looks up the 'champion' alias; use the alias passed as an "
            "argument.")),
        Misconception("lineage.first_dataset_only", _lineage_first_dataset, _about(
            "Só o primeiro dado registrado entrou na linhagem (`dataset_inputs[0]`). Uma "
            "execução pode ter vários (treino, avaliação) ou nenhum: percorra todos.",
            "Only the first logged dataset made it into the lineage (`dataset_inputs[0]`). A "
            "run may have several (training, evaluation) or none: go through all of them.")),
        Misconception("lineage.commit_from_version_tags", _lineage_version_tag_commit, _about(
            "Você procurou o commit nas tags da VERSÃO registrada; ele é uma tag da EXECUÇÃO "
            "(`run.data.tags`), gravada quando o modelo foi treinado.",
            "You looked for the commit among the registered VERSION's tags; it is a tag of the "
            "RUN (`run.data.tags`), written when the model was trained.")),
    ],
)
