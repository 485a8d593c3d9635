"""The similarity report flags planted copies and leaves independent work alone."""

import ast
import builtins
import inspect
import json
from pathlib import Path

import pytest

from autograder.similarity import MIN_SIMILARITY, normalise, similar_pairs, solution_source
from mlopskit.checks import LESSONS, specs_for_lesson
from tests.lessons import all_alternatives

ROOT = Path(__file__).resolve().parent.parent


class _Rename(ast.NodeTransformer):
    """Rename every local name, as a student hiding a copy would."""

    def __init__(self, keep):
        self.keep = keep

    def _new(self, name):
        return name if name in self.keep or hasattr(builtins, name) else f"my_{name}_x"

    def visit_Name(self, node):
        node.id = self._new(node.id)
        return node

    def visit_arg(self, node):
        node.arg = self._new(node.arg)
        return node


def _disguise(code, entry):
    tree = ast.parse(code)
    imported = {a.asname or a.name.split(".")[0] for n in ast.walk(tree)
                if isinstance(n, (ast.Import, ast.ImportFrom)) for a in n.names}
    keep = {entry, "np", "pd", "stats", "math", "self", "json", "hashlib", *imported}
    tree = _Rename(keep).visit(tree)
    _swap_first_independent_pair(tree)
    text = ast.unparse(tree)
    return "# my own work\n" + "\n".join(line + "  # step" if line.strip() else line
                                         for line in text.splitlines()) + "\n"


def _swap_first_independent_pair(tree):
    """Swap two adjacent assignments that do not use each other's targets."""
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        for i in range(len(body) - 1):
            a, b = body[i], body[i + 1]
            if isinstance(a, ast.Assign) and isinstance(b, ast.Assign):
                targets = {n.id for t in a.targets for n in ast.walk(t) if isinstance(n, ast.Name)}
                used = {n.id for n in ast.walk(b.value) if isinstance(n, ast.Name)}
                if not targets & used:
                    body[i], body[i + 1] = b, a
                    return True
    return False


def _solutions():
    for lesson in LESSONS:
        nb = json.loads((ROOT / "solutions" / lesson / f"{lesson}.ipynb").read_text())
        for spec in specs_for_lesson(lesson):
            code = solution_source(nb, spec.cells["solution"])
            code = "\n".join(line for line in code.splitlines()
                             if "BEGIN SOLUTION" not in line and "END SOLUTION" not in line)
            yield spec, code


SOLUTIONS = list(_solutions())


@pytest.mark.parametrize("spec,code", SOLUTIONS, ids=[s.task for s, _ in SOLUTIONS])
def test_a_disguised_copy_is_flagged(spec, code):
    copy = _disguise(code, spec.entry)
    assert normalise(copy) != normalise(code)  # the disguise changed names, order, comments
    pairs = similar_pairs({"ana": code, "bia": copy, "caio": ""}, task=spec.task)
    assert [(p.first, p.second) for p in pairs] == [("ana", "bia")], spec.task
    assert pairs[0].score >= MIN_SIMILARITY


ALTERNATIVES = [(task, impls) for task, impls in all_alternatives().items() if len(impls) >= 2]


@pytest.mark.parametrize("task,impls", ALTERNATIVES, ids=[t for t, _ in ALTERNATIVES])
def test_independent_correct_solutions_are_not_flagged(task, impls):
    codes = {f"student{i}": inspect.getsource(impl) for i, impl in enumerate(impls)}
    assert similar_pairs(codes, task=task) == []


def test_the_given_stub_is_never_evidence():
    stub = "def psi(reference, current, *, bins=10, eps=1e-4):\n    # YOUR CODE HERE\n" \
           "    raise NotImplementedError()\n"
    assert similar_pairs({"a": stub, "b": stub, "c": stub}, task="drift.psi", given=stub) == []
