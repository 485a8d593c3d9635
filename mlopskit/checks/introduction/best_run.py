"""Task 7 of lesson 00_introduction: the best run (``introduction.best_run``).

Everything that defines the task sits here: its catalogued misconceptions (deliberately
wrong code: fingerprints, not solutions), its cases and its spec. Each case hands the
learner's function a fresh MLflow store on SQLite holding given runs
(:class:`mlopskit._protocol.TrackingStore`). The reference is
``mlopskit.introduction:best_run``; the notebook cells are ``best_run-*``.
"""

from __future__ import annotations

from mlopskit.checks._core import Case, Misconception, TaskSpec
from mlopskit.checks.introduction import LESSON
from mlopskit.checks.introduction._common import encode_best
from mlopskit.languages import bilingual as _about


def _runs(tracking_uri, experiment, *, everywhere=False):
    from mlflow import MlflowClient

    client = MlflowClient(tracking_uri)
    found = client.get_experiment_by_name(experiment)
    if found is None:
        raise ValueError(f"no experiment {experiment!r}")
    ids = ([e.experiment_id for e in client.search_experiments()] if everywhere
           else [found.experiment_id])
    return client.search_runs(ids, max_results=1000)  # newest first


def _pick(runs, metric, higher_is_better, *, default=None, oldest_on_ties=True):
    scored = [r for r in runs if default is not None or metric in r.data.metrics]
    if not scored:
        return None
    sign = -1.0 if higher_is_better else 1.0

    def key(r):
        value = r.data.metrics.get(metric, default)
        tie = r.info.start_time if oldest_on_ties else -r.info.start_time
        return (sign * value, tie)

    return min(scored, key=key).info.run_id


def _ignores_direction(tracking_uri, experiment, metric, *, higher_is_better):
    """Always takes the largest value, even when lower is better."""
    return _pick(_runs(tracking_uri, experiment), metric, True)


def _missing_as_zero(tracking_uri, experiment, metric, *, higher_is_better):
    """Reads a run without the metric as 0 (metrics.get(metric, 0))."""
    return _pick(_runs(tracking_uri, experiment), metric, higher_is_better, default=0.0)


def _newest_on_ties(tracking_uri, experiment, metric, *, higher_is_better):
    """On a tie takes the newest run (search_runs lists newest first)."""
    return _pick(_runs(tracking_uri, experiment), metric, higher_is_better,
                 oldest_on_ties=False)


def _all_experiments(tracking_uri, experiment, metric, *, higher_is_better):
    """Searches the runs of every experiment, not only the one named."""
    return _pick(_runs(tracking_uri, experiment, everywhere=True), metric, higher_is_better)


def _run(name, start, **metrics):
    return {"name": name, "start": 1_600_000_000_000 + 60_000 * start, "metrics": metrics}


def _store(runs, **others):
    return {"tracking_store": {"experiments": {"bikes": runs, **others}}}


_RUNS = [_run("mean", 0, rmse=52.0, r2=0.0), _run("ridge", 1, rmse=41.5, r2=0.61),
         _run("forest", 2, rmse=37.25, r2=0.70), _run("boosting", 3, rmse=39.0, r2=0.66)]
_OTHER = {"credit": [_run("credit-forest", 4, rmse=3.0, r2=0.95, auc=0.9)]}


def _case(name, runs, metric, higher, *, others=None, experiment="bikes", about, covers=()):
    return Case(name, {"args": [_store(runs, **(others or {})), experiment, metric],
                       "kwargs": {"higher_is_better": higher}}, about=about, covers=covers)


def _public_cases():
    return [
        _case("lowest-rmse", _RUNS, "rmse", False,
              about=_about("menor RMSE é melhor", "lower RMSE is better")),
        _case("highest-r2", _RUNS, "r2", True,
              about=_about("maior R² é melhor", "higher R² is better")),
        _case("best-is-first", [_run("a", 0, rmse=30.0), _run("b", 1, rmse=31.0)], "rmse",
              False, about=_about("a melhor run é a primeira", "the best run is the first"),
              covers=("best run first",)),
        _case("best-is-last", [_run("a", 0, r2=0.1), _run("b", 1, r2=0.2),
                               _run("c", 2, r2=0.9)], "r2", True,
              about=_about("a melhor run é a última", "the best run is the last"),
              covers=("best run last",)),
        _case("tie", [_run("first", 0, rmse=40.0), _run("second", 1, rmse=40.0),
                      _run("worse", 2, rmse=45.0)], "rmse", False,
              about=_about("empate: vence a run mais antiga", "a tie: the oldest run wins"),
              covers=("a tie",)),
        _case("some-without-metric", [_run("no-metric", 0, r2=0.5),
                                      _run("has-metric", 1, rmse=48.0)], "rmse", False,
              about=_about("uma run sem a métrica", "a run without the metric"),
              covers=("a run without the metric",)),
        _case("other-experiment", _RUNS, "rmse", False, others=_OTHER,
              about=_about("outro experimento com uma run melhor",
                           "another experiment with a better run"),
              covers=("runs in another experiment",)),
        _case("no-run-has-it", [_run("a", 0, r2=0.3)], "auc", True,
              about=_about("nenhuma run tem a métrica: devolva None",
                           "no run has the metric: return None"),
              covers=("no run has the metric",)),
        _case("no-runs", [], "rmse", False, about=_about("experimento vazio", "an empty experiment"),
              covers=("empty experiment",)),
        _case("unknown-experiment", _RUNS, "rmse", False, experiment="trains",
              about=_about("experimento inexistente: a função deve recusar (ValueError)",
                           "an unknown experiment: the function must refuse (ValueError)"),
              covers=("refuses an unknown experiment",)),
    ]


def _probes():
    return [
        _case("probe", [_run("old-tie", 0, rmse=20.0, mae=9.0), _run("no-rmse", 1, mae=5.0),
                        _run("new-tie", 2, rmse=20.0), _run("worst", 3, rmse=70.0)],
              "rmse", False, others=_OTHER,
              about=_about("empate, run sem a métrica, outro experimento",
                           "a tie, a run without the metric, another experiment")),
    ]


def _hidden_cases(rng):
    runs = [_run(f"run-{i}", i, rmse=float(rng.choice([30.0, 35.5, 40.0, 41.25])),
                 r2=round(float(rng.uniform(0, 1)), 3)) for i in range(int(rng.integers(2, 6)))]
    metric = str(rng.choice(["rmse", "r2"]))
    return [_case("hidden-0", runs, metric, metric == "r2", others=_OTHER, about=None)]


SPEC = TaskSpec(
    lesson=LESSON,
    task="introduction.best_run",
    number=7,
    name=_about("a melhor run", "the best run"),
    entry="best_run",
    points=2,
    reference="mlopskit.introduction:best_run",
    encode=encode_best,
    protocol={"kind": "function", "observe": True, "stores": True},
    public_cases=_public_cases,
    hidden_cases=_hidden_cases,
    probes=_probes,
    hints=[
        _about("\"Melhor\" depende da métrica: maior para acurácia ou R², menor para um erro "
               "como o RMSE. Só contam as runs DESTE experimento que registraram a métrica.",
               "\"Best\" depends on the metric: higher for accuracy or R², lower for an error "
               "such as RMSE. Only the runs of THIS experiment that logged the metric count."),
        _about("`client.get_experiment_by_name(experiment)` (None: ValueError), depois "
               "`client.search_runs([exp.experiment_id])`. Cada run tem `run.data.metrics` "
               "(um dict) e `run.info.start_time`, para desempatar pela mais antiga. "
               "Atenção: `search_runs` lista as mais NOVAS primeiro.",
               "`client.get_experiment_by_name(experiment)` (None: ValueError), then "
               "`client.search_runs([exp.experiment_id])`. Each run has `run.data.metrics` "
               "(a dict) and `run.info.start_time`, to break ties by the oldest. Beware: "
               "`search_runs` lists the NEWEST first."),
        _about("`scored = [r for r in runs if metric in r.data.metrics]`; `sign = -1 if "
               "higher_is_better else 1`; `min(scored, key=lambda r: (sign * "
               "r.data.metrics[metric], r.info.start_time)).info.run_id`.",
               "`scored = [r for r in runs if metric in r.data.metrics]`; `sign = -1 if "
               "higher_is_better else 1`; `min(scored, key=lambda r: (sign * "
               "r.data.metrics[metric], r.info.start_time)).info.run_id`."),
    ],
    misconceptions=[
        Misconception("best.ignores_direction", _ignores_direction, _about(
            "Seu código pega sempre o MAIOR valor, mesmo com `higher_is_better=False`: para "
            "um erro como o RMSE, a melhor run é a de menor valor.",
            "Your code always takes the LARGEST value, even with `higher_is_better=False`: "
            "for an error such as RMSE the best run has the smallest value.")),
        Misconception("best.missing_as_zero", _missing_as_zero, _about(
            "Uma run que não registrou a métrica entrou como se ela valesse 0 (algo como "
            "`metrics.get(metric, 0)`): ignore as runs sem a métrica.",
            "A run that never logged the metric counted as if it were 0 (something like "
            "`metrics.get(metric, 0)`): leave runs without the metric out.")),
        Misconception("best.newest_on_ties", _newest_on_ties, _about(
            "Num empate você escolheu a run mais NOVA (`search_runs` lista as novas "
            "primeiro); a regra é a mais antiga, que chegou ao resultado antes.",
            "On a tie you picked the NEWEST run (`search_runs` lists new ones first); the "
            "rule is the oldest, which got there first.")),
        Misconception("best.all_experiments", _all_experiments, _about(
            "Você procurou em TODOS os experimentos do store: a run escolhida pode ser de "
            "outro problema. Busque só no experimento pedido.",
            "You searched EVERY experiment in the store: the chosen run may belong to "
            "another problem. Search only the experiment asked for.")),
    ],
)
