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


# ------------------------------------------------------------- in the class report
def _class_folder(tmp_path, codes, lesson="02_drift"):
    """A submissions folder where each student filled one task's cell with their code."""
    import nbformat

    from autograder.grading import Submission

    spec = specs_for_lesson(lesson)[0]
    subs = []
    for student, code in codes.items():
        nb = nbformat.read(ROOT / "lessons" / "en" / lesson / f"{lesson}.ipynb", as_version=4)
        for cell in nb.cells:
            if cell.get("id") == spec.cells["solution"]:
                cell.source = code
        path = tmp_path / student / lesson / f"{lesson}.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(nb, path)
        subs.append(Submission(student, lesson, path))
    return spec, subs


def test_class_pairs_flag_a_disguised_copy_and_not_independent_work(tmp_path):
    from autograder.similarity import class_pairs

    spec = specs_for_lesson("02_drift")[0]
    alternatives = all_alternatives()[spec.task]
    original = inspect.getsource(alternatives[0])
    independent = inspect.getsource(alternatives[1])
    spec, subs = _class_folder(tmp_path, {
        "ana": original, "bia": _disguise(original, alternatives[0].__name__),
        "caio": independent, "davi": ""})
    pairs = class_pairs(subs)
    assert [(p.task, p.first, p.second) for p in pairs] == [(spec.task, "ana", "bia")]


def test_a_linked_notebook_is_not_read(tmp_path):
    from autograder.similarity import read_notebook

    target = tmp_path / "secret.ipynb"
    target.write_text(json.dumps({"cells": []}))
    link = tmp_path / "link.ipynb"
    link.symlink_to(target)
    assert read_notebook(target) == {"cells": []}
    assert read_notebook(link) is None
    assert read_notebook(tmp_path) is None
    (tmp_path / "bad.ipynb").write_text("[1, 2")
    assert read_notebook(tmp_path / "bad.ipynb") is None


def test_report_shows_pairs_side_by_side_with_names_escaped(tmp_path):
    from autograder import reports
    from autograder.similarity import SimilarPair

    pair = SimilarPair("drift.psi", "<ana>", "bia", 0.91, "x = 1 < 2", "y = 1 < 2")
    reports.write_class_report([], tmp_path / "report.html", similar=[pair])
    page = (tmp_path / "report.html").read_text()
    assert "Similar solutions" in page and "&lt;ana&gt;" in page and "<ana>" not in page
    assert "x = 1 &lt; 2" in page and "0.91" in page
    reports.write_similarity_csv([pair], tmp_path / "similarity.csv")
    assert (tmp_path / "similarity.csv").read_text().splitlines()[1] == "drift.psi,<ana>,bia,0.910"
    reports.write_class_report([], tmp_path / "empty.html", similar=[])
    assert "No pair of submissions is similar enough" in (tmp_path / "empty.html").read_text()
