"""Task 4 of lesson 04_lineage: the lineage graph (``lineage.lineage_graph``).

Everything that defines the task sits here: its catalogued misconceptions (deliberately
wrong code: fingerprints, not solutions), its cases and its spec. The reference is
``mlopskit.lineage:LineageGraph``; the notebook cells are ``lineage_graph-*``.
"""

from __future__ import annotations

from mlopskit.checks._core import Case, Misconception, TaskSpec
from mlopskit.checks.lineage import LESSON
from mlopskit.checks.lineage._common import encode_steps
from mlopskit.languages import bilingual as _about
from mlopskit.lineage import LineageGraph


class _GraphNoCycleCheck(LineageGraph):
    """Accepts every edge, cycles included."""

    def add_edge(self, source, target):
        self._known(source), self._known(target)
        self._children[source].add(target)


class _GraphSelfLoop(LineageGraph):
    """Looks for the source among the target's descendants, which never hold the target
    itself: a self-loop gets through."""

    def add_edge(self, source, target):
        if source in self.descendants(target):
            raise ValueError("cycle")
        self._children[source].add(target)


class _GraphKeepsRefusedEdge(LineageGraph):
    """Adds the edge first, then raises on a cycle without taking it back."""

    def add_edge(self, source, target):
        self._known(source), self._known(target)
        self._children[source].add(target)
        if source == target or source in self.descendants(target):
            raise ValueError("cycle")


class _GraphDirectOnly(LineageGraph):
    """Answers with direct parents and children only, not the whole way up or down."""

    def ancestors(self, node):
        return sorted(self._parents()[self._known(node)])

    def descendants(self, node):
        return sorted(self._children[self._known(node)])

    def add_edge(self, source, target):
        self._known(source), self._known(target)
        if source == target or source in LineageGraph.descendants(self, target):
            raise ValueError("cycle")
        self._children[source].add(target)


class _GraphImpactAll(LineageGraph):
    """`impact` lists every descendant, datasets and transformations too, not only models."""

    def impact(self, node):
        return self.descendants(node)


def _node(name, kind):
    return {"call": "add_node", "args": [name, kind]}


def _edge(source, target):
    return {"call": "add_edge", "args": [source, target]}


def _ask(method, node):
    return {"call": method, "args": [node]}


def _pipeline():
    return [_node("raw_2011", "dataset"), _node("clean", "transformation"),
            _node("features", "dataset"), _node("train", "transformation"),
            _node("model_v1", "model"), _node("weather", "dataset"),
            _edge("raw_2011", "clean"), _edge("clean", "features"),
            _edge("weather", "features"), _edge("features", "train"),
            _edge("train", "model_v1")]


def _public_cases():
    return [
        Case("pipeline", {"steps": _pipeline() + [
            _ask("ancestors", "model_v1"), _ask("descendants", "raw_2011"),
            _ask("impact", "weather"), {"call": "to_json"}]},
            about=_about("dados brutos -> limpeza -> features -> treino -> modelo",
                         "raw data -> cleaning -> features -> training -> model"),
            covers=("a chain several steps long", "a JSON snapshot")),
        Case("refuse-cycle", {"steps": _pipeline() + [
            _edge("model_v1", "raw_2011"), _ask("descendants", "model_v1"),
            _ask("ancestors", "raw_2011"), {"call": "to_json"}]},
            about=_about("uma aresta que fecharia um ciclo, e o grafo depois dela",
                         "an edge that would close a cycle, and the graph after it"),
            covers=("an edge that closes a cycle", "the graph after a refused edge")),
        Case("self-loop", {"steps": [_node("clean", "transformation"), _edge("clean", "clean"),
                                     _ask("descendants", "clean")]},
             about=_about("uma aresta de um nó para ele mesmo", "an edge from a node to itself"),
             covers=("a self-loop",)),
        Case("lonely-node", {"steps": _pipeline() + [
            _node("holidays", "dataset"), _ask("ancestors", "holidays"),
            _ask("descendants", "holidays"), _ask("impact", "holidays")]},
            about=_about("um nó sem arestas", "a node with no edges"),
            covers=("a node with no edges",)),
        Case("two-models", {"steps": _pipeline() + [
            _node("model_v2", "model"), _node("tune", "transformation"),
            _edge("features", "tune"), _edge("tune", "model_v2"), _edge("raw_2011", "tune"),
            _ask("impact", "raw_2011"), _ask("ancestors", "model_v2"),
            _ask("impact", "model_v1")]},
            about=_about("dois modelos e dois caminhos até o mesmo nó",
                         "two models and two paths to the same node"),
            covers=("two paths to the same node", "the impact of a model")),
        Case("unknown-node", {"steps": [_node("raw", "dataset"), _edge("raw", "ghost"),
                                        {"call": "to_json"}]},
             about=_about("uma aresta para um nó que não existe",
                          "an edge to a node that does not exist"),
             covers=("an edge to an unknown node",)),
    ]


def _probes():
    return [
        Case("probe-two-node-cycle", {"steps": [
            _node("a", "dataset"), _node("m", "model"), _edge("a", "m"), _edge("m", "a"),
            _ask("descendants", "m")]}),
        Case("probe-grandparent", {"steps": [
            _node("a", "dataset"), _node("t", "transformation"), _node("m", "model"),
            _edge("a", "t"), _edge("t", "m"), _ask("ancestors", "m"), _ask("impact", "a")]}),
    ]


def _hidden_cases(rng):
    n = int(rng.integers(5, 9))
    kinds = ["dataset"] + [str(rng.choice(["dataset", "transformation", "model"]))
                           for _ in range(n - 1)]
    names = [f"{k[:2]}{i}" for i, k in enumerate(kinds)]
    steps = [_node(name, kind) for name, kind in zip(names, kinds)]
    for _ in range(2 * n):
        a, b = sorted(int(x) for x in rng.choice(n, 2, replace=False))
        steps.append(_edge(names[a], names[b]))  # forward edges only: always acyclic
    a, b = sorted(int(x) for x in rng.choice(n, 2, replace=False))
    steps.append(_edge(names[b], names[a]))  # may close a cycle
    steps += [_ask("ancestors", names[-1]), _ask("descendants", names[0]),
              _ask("impact", names[0]), {"call": "to_json"}]
    return [Case("hidden-0", {"steps": steps})]


SPEC = TaskSpec(
    lesson=LESSON,
    task="lineage.lineage_graph",
    number=4,
    name=_about("grafo de linhagem", "lineage graph"),
    entry="LineageGraph",
    points=3,
    reference="mlopskit.lineage:LineageGraph",
    encode=encode_steps,
    protocol={"kind": "steps"},
    public_cases=_public_cases,
    hidden_cases=_hidden_cases,
    probes=_probes,
    hints=[
        _about("A linhagem é um grafo dirigido SEM ciclos: nada pode ser feito a partir de si "
               "mesmo, nem em um passo (laço) nem em vários. Ancestrais são TODOS os nós de onde "
               "um nó veio, em qualquer distância; descendentes, todos os que vieram dele.",
               "Lineage is a directed graph WITHOUT cycles: nothing can be made from itself, "
               "neither in one step (a loop) nor in several. Ancestors are ALL the nodes a node "
               "came from, at any distance; descendants, all those made from it."),
        _about("Guarde os filhos de cada nó. `add_edge(s, t)` fecha um ciclo quando `s == t` "
               "ou `s` já é descendente de `t`: teste ANTES de gravar a aresta. Uma busca em "
               "largura ou profundidade com um conjunto de visitados dá os descendentes; com os "
               "pais, os ancestrais.",
               "Keep the children of each node. `add_edge(s, t)` closes a cycle when `s == t` or "
               "`s` is already a descendant of `t`: test BEFORE storing the edge. A breadth- or "
               "depth-first search with a visited set gives the descendants; over parents, the "
               "ancestors."),
        _about("`seen, stack = set(), [node]`; `while stack: for nxt in links[stack.pop()]: "
               "if nxt not in seen: seen.add(nxt); stack.append(nxt)`; devolva `sorted(seen)`. "
               "`impact` filtra os descendentes cujo tipo é 'model'.",
               "`seen, stack = set(), [node]`; `while stack: for nxt in links[stack.pop()]: "
               "if nxt not in seen: seen.add(nxt); stack.append(nxt)`; return `sorted(seen)`. "
               "`impact` keeps the descendants whose kind is 'model'."),
    ],
    misconceptions=[
        Misconception("graph.no_cycle_check", _GraphNoCycleCheck, _about(
            "Seu `add_edge` aceita uma aresta que fecha um ciclo: um modelo passaria a ser "
            "ancestral dos próprios dados. Recuse com ValueError quando o destino já está "
            "acima da origem.",
            "Your `add_edge` accepts an edge that closes a cycle: a model would become an "
            "ancestor of its own data. Refuse it with ValueError when the target is already "
            "upstream of the source.")),
        Misconception("graph.self_loop_allowed", _GraphSelfLoop, _about(
            "Seu teste de ciclo procura a origem entre os descendentes do destino, que nunca "
            "incluem o próprio nó: uma aresta de um nó para ele mesmo passa. Recuse também "
            "`source == target`.",
            "Your cycle test looks for the source among the target's descendants, which never "
            "include the node itself: an edge from a node to itself gets through. Refuse "
            "`source == target` too.")),
        Misconception("graph.keeps_refused_edge", _GraphKeepsRefusedEdge, _about(
            "Seu `add_edge` grava a aresta e só depois percebe o ciclo: ele levanta o erro, "
            "mas o grafo fica com a aresta. Teste antes de gravar.",
            "Your `add_edge` stores the edge and only then notices the cycle: it raises, but "
            "the graph keeps the edge. Test before storing.")),
        Misconception("graph.direct_only", _GraphDirectOnly, _about(
            "`ancestors`/`descendants` devolvem só pais e filhos diretos. A linhagem é "
            "transitiva: siga as arestas até o fim.",
            "`ancestors`/`descendants` return direct parents and children only. Lineage is "
            "transitive: follow the edges all the way.")),
        Misconception("graph.impact_all_descendants", _GraphImpactAll, _about(
            "Seu `impact` lista todos os descendentes; a pergunta é quais MODELOS foram "
            "treinados a partir do dado ruim. Filtre pelo tipo 'model'.",
            "Your `impact` lists every descendant; the question is which MODELS were trained "
            "from the bad data. Keep the nodes of kind 'model'.")),
    ],
)
