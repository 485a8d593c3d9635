"""Pairs of submissions whose solution code is suspiciously similar, per task.

At scale, copying happens. For each graded task, the code a student wrote in the task's
solution cell is normalised (comments and docstrings dropped and the layout rewritten by
Python's own parser; names and literals replaced by their kind by copydetect's filter)
and fingerprinted with winnowing, the algorithm behind MOSS, by the well-kept
``copydetect`` library. The code the lesson gives (the released stub) is boilerplate and
never counts. A pair is flagged when both sides share most of their fingerprints.

The report flags, it never penalises: two short correct answers to a small task can look
alike, and the instructor decides, reading the code side by side.

Examples
--------
>>> a = "def f(xs):\\n    total = 0\\n    for x in xs:\\n        total += x * x\\n    return total\\n"
>>> b = "def f(values):\\n    # squares\\n    acc = 0\\n    for v in values:\\n        acc += v * v\\n    return acc\\n"
>>> round(similarity(a, b), 2)
1.0
"""

from __future__ import annotations

import ast
import io
from pathlib import Path
from dataclasses import dataclass
from itertools import combinations

import copydetect

__all__ = ["SimilarPair", "normalise", "similarity", "similar_pairs", "solution_source",
           "class_pairs", "read_notebook"]

#: Noise threshold and guarantee threshold of winnowing, in tokens after filtering.
K, WINDOW = 8, 8
#: A pair is flagged when both sides have at least this share of their code in common,
MIN_SIMILARITY = 0.75
#: and they share at least this many characters of filtered code (tiny answers are not
#: evidence of anything).
MIN_OVERLAP = 30


@dataclass(frozen=True)
class SimilarPair:
    """Two submissions whose code for one task is alike."""

    task: str
    first: str
    second: str
    score: float
    code_first: str
    code_second: str


class _DropDocstrings(ast.NodeTransformer):
    def _strip(self, node):
        self.generic_visit(node)
        body = node.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str):
            node.body = body[1:] or [ast.Pass()]
        return node

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = visit_Module = _strip


def normalise(source):
    """The code without comments, docstrings or layout choices (as Python parses it).

    Code that does not parse is returned as it is: it is still compared, token by token.
    """
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return source
    return ast.unparse(ast.fix_missing_locations(_DropDocstrings().visit(tree))) + "\n"


def _fingerprint(code, boilerplate=()):
    return copydetect.CodeFingerprint("code.py", K, WINDOW, boilerplate=list(boilerplate),
                                      filter=True, language="python",
                                      fp=io.StringIO(normalise(code)))


def _boilerplate(given):
    if not given:
        return []
    return list(_fingerprint(given).hashes)


def similarity(first, second, *, given=""):
    """The smaller of the two shares of code the two pieces have in common (0 to 1)."""
    boiler = _boilerplate(given)
    a, b = _fingerprint(first, boiler), _fingerprint(second, boiler)
    overlap, (share_a, share_b), _ = copydetect.compare_files(a, b)
    return float(min(share_a, share_b)) if overlap else 0.0


def solution_source(nb, cell_id):
    """The source of the cell ``cell_id`` of a notebook (a dict), or "" when absent."""
    for cell in (nb or {}).get("cells", []) if isinstance(nb, dict) else []:
        if isinstance(cell, dict) and cell.get("id") == cell_id:
            source = cell.get("source", "")
            return "".join(source) if isinstance(source, list) else str(source)
    return ""


def similar_pairs(codes, *, task, given="", min_similarity=MIN_SIMILARITY,
                  min_overlap=MIN_OVERLAP):
    """Flag the pairs of ``codes`` (student -> code of one task) that are alike.

    Parameters
    ----------
    codes : dict
        Student id -> the code they wrote for ``task``.
    task : str
        The task id, kept in each result.
    given : str, optional
        The code the lesson gives in the cell (the stub): never counted as shared.
    min_similarity : float, optional
        Both sides must share at least this share of their code.
    min_overlap : int, optional
        And at least this many characters of filtered code.

    Returns
    -------
    list of SimilarPair
        Sorted from the most to the least similar.
    """
    boiler = _boilerplate(given)
    stub = normalise(given).strip()
    prints = {}
    for student, code in codes.items():
        if not code.strip() or normalise(code).strip() == stub:
            continue  # nothing written, or the stub left as it is
        prints[student] = (_fingerprint(code, boiler), code)
    pairs = []
    for (s1, (f1, c1)), (s2, (f2, c2)) in combinations(sorted(prints.items()), 2):
        overlap, (a, b), _ = copydetect.compare_files(f1, f2)
        score = float(min(a, b)) if overlap else 0.0
        if overlap >= min_overlap and score >= min_similarity:
            pairs.append(SimilarPair(task, s1, s2, round(score, 3), c1, c2))
    return sorted(pairs, key=lambda p: (-p.score, p.first, p.second))


def read_notebook(path):
    """A notebook as a dict, or None when it is not a regular file, too large or not JSON.

    It is read as the grader reads a submission (:func:`autograder.grading.read_submission`):
    without following a symbolic link and only if it is a regular file.
    """
    from autograder.grading import read_submission

    nb, _ = read_submission(path)
    return nb if isinstance(nb, dict) else None


def _given_code(assignment, cell_id):
    from mlopskit.build import REPO_ROOT

    for lang in ("en", "pt"):
        nb = read_notebook(REPO_ROOT / "lessons" / lang / assignment / f"{assignment}.ipynb")
        if nb is not None:
            return solution_source(nb, cell_id)
    return ""


def class_pairs(submissions, **options):
    """The similar pairs of a class, task by task, over every assignment of ``submissions``.

    Parameters
    ----------
    submissions : iterable
        Objects with ``student``, ``assignment`` and ``path`` (the grader's ``Submission``).
    **options
        Passed to :func:`similar_pairs` (``min_similarity``, ``min_overlap``).

    Returns
    -------
    list of SimilarPair
        Task by task in the lesson's order, the most similar first within a task.
    """
    from mlopskit.checks import LESSONS, specs_for_lesson

    by_assignment = {}
    for sub in submissions:
        by_assignment.setdefault(sub.assignment, []).append(sub)
    pairs = []
    for assignment in sorted(by_assignment):
        if assignment not in LESSONS:
            continue
        notebooks = {sub.student: read_notebook(sub.path) for sub in by_assignment[assignment]
                     if not Path(sub.path).parent.is_symlink()}
        for spec in specs_for_lesson(assignment):
            cell_id = spec.cells["solution"]
            codes = {student: solution_source(nb, cell_id)
                     for student, nb in notebooks.items() if nb is not None}
            pairs += similar_pairs(codes, task=spec.task,
                                   given=_given_code(assignment, cell_id), **options)
    return pairs
