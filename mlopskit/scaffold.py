"""Create a new lesson, or a new task in a lesson, that the whole kit picks up.

``python -m mlopskit.scaffold lesson 07_example --title "An example"`` (or
``make lesson ID=07_example TITLE="An example"``) writes:

- ``mlopskit/example.py``: the reference module, with one example function;
- ``mlopskit/checks/example/__init__.py`` (the lesson's ``LESSON`` id: the one line that
  registers it) and ``mlopskit/checks/example/share_above.py`` (the example task's spec:
  cases, hints, misconceptions);
- ``solutions/07_example/07_example.ipynb``: the bilingual nbgrader source notebook
  (introduction, the task with its check cell and hidden test cell, one written question);
- ``tests/lessons/example/``: the task's correct alternatives and a test of the reference.

``python -m mlopskit.scaffold task 07_example share_below --points 2`` (or
``make task LESSON=07_example NAME=share_below``) adds a task: its spec module, a
reference function to adapt, its cells in the source notebook (before the written
questions) and two alternatives. Nothing else is edited: lessons and tasks are found by
convention (see :mod:`mlopskit.checks`). Then ``make build`` writes the student
notebooks and the self-check data, and ``make test`` checks the new task like every other.

The example task, "the share of values strictly above a threshold", is small on purpose:
it shows a boundary case (a value equal to the threshold), two catalogued misconceptions
and hints in order (concept, approach, then code). Replace it with the lesson's own.
"""

from __future__ import annotations

import argparse
import keyword
import re
import sys
from pathlib import Path

import nbformat

__all__ = ["ScaffoldError", "create_lesson", "add_task", "main"]

REPO_ROOT = Path(__file__).resolve().parent.parent
_LESSON_ID = re.compile(r"^(\d{2})_([a-z][a-z0-9_]*)$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class ScaffoldError(ValueError):
    """The lesson or task cannot be created as asked (its name, or files already there)."""


def _split_id(lesson):
    match = _LESSON_ID.match(lesson)
    if not match:
        raise ScaffoldError(f"a lesson id looks like '07_example' (two digits, an underscore, "
                            f"a lower-case topic), got {lesson!r}")
    return match.group(1), match.group(2)


def _check_name(name, what):
    if not _NAME.match(name) or keyword.iskeyword(name):
        raise ScaffoldError(f"{what} must be a lower-case Python name, got {name!r}")
    return name


def _write_new(path, text):
    if path.exists():
        raise ScaffoldError(f"{path} already exists; nothing was written over it")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ templates
_REFERENCE = '''"""Reference solutions of lesson {lesson}: {title}.

Each graded function here is the reference of one task spec in
``mlopskit/checks/{topic}/``. Replace the example with the lesson's own functions.
"""

from __future__ import annotations

import numbers

import numpy as np

from mlopskit._validation import NOT_NUMBER, check_numeric_sample

__all__ = []
'''

#: What the example function needs, added to a reference module that lacks it.
_FUNCTION_IMPORTS = ("import numbers", "import numpy as np",
                     "from mlopskit._validation import NOT_NUMBER, check_numeric_sample")

_FUNCTION = '''

def {name}(values, *, threshold):
    """Share of ``values`` strictly above ``threshold``.

    Parameters
    ----------
    values : array-like of shape (n,)
        Numbers, at least one.
    threshold : float
        A value equal to ``threshold`` is not above it.

    Returns
    -------
    float
        A share in [0, 1].

    Examples
    --------
    >>> {name}([1, 2, 3, 4], threshold=2)
    0.5
    """
    values = check_numeric_sample(values, "values")
    if isinstance(threshold, bool) or not isinstance(threshold, numbers.Real):
        raise TypeError(NOT_NUMBER.format(name="threshold", value=threshold))
    return float(np.mean(values > threshold))
'''

_CHECKS_INIT = '''"""Lesson {lesson}, {title}: its graded tasks, one module each (found by convention)."""

LESSON = "{lesson}"
#: What the lesson covers, for the README's table of lessons.
TOPIC = {title!r}
'''

_SPEC = '''"""Task {number} of lesson {lesson}: {name} (``{task}``).

Everything that defines the task sits here: its catalogued misconceptions (deliberately
wrong code: fingerprints, not solutions), its cases and its spec. The reference is
``mlopskit.{topic}:{name}``; the notebook cells are ``{name}-*``.
"""

from __future__ import annotations

import numpy as np

from mlopskit.checks._adapters import array, encode_float
from mlopskit.checks._core import Case, Misconception, TaskSpec
from mlopskit.checks.{topic} import LESSON
from mlopskit.languages import bilingual as _about


def _at_or_above(values, *, threshold):
    """Counts a value equal to the threshold as above it (>= for >)."""
    return float(np.mean(np.asarray(values, dtype=float) >= threshold))


def _count_not_share(values, *, threshold):
    """Returns how many values are above, not their share."""
    return float(np.sum(np.asarray(values, dtype=float) > threshold))


def _public_cases():
    return [
        Case("some-above", {{"args": [array([1.0, 2.5, 4.0, 7.0])], "kwargs": {{"threshold": 3.0}}}},
             about=_about("dois de quatro valores acima", "two of four values above")),
        Case("on-the-threshold", {{"args": [array([1.0, 3.0, 3.0, 5.0])],
                                  "kwargs": {{"threshold": 3.0}}}},
             about=_about("valores iguais ao limiar", "values equal to the threshold")),
        Case("none-above", {{"args": [array([-2.0, -1.0])], "kwargs": {{"threshold": 0.0}}}},
             about=_about("nenhum valor acima", "no value above")),
    ]


def _hidden_cases(rng):
    cases = []
    for i in range(3):
        values = np.round(rng.normal(0, 1, int(rng.integers(5, 40))), 2)
        threshold = float(values[int(rng.integers(0, values.size))])  # always on a value
        cases.append(Case(f"hidden-{{i}}", {{"args": [array(values.tolist())],
                                           "kwargs": {{"threshold": threshold}}}}))
    return cases


SPEC = TaskSpec(
    lesson=LESSON,
    task="{task}",
    number={number},
    name=_about("{name}", "{name}"),
    entry="{name}",
    points={points},
    reference="mlopskit.{topic}:{name}",
    encode=encode_float,
    public_cases=_public_cases,
    hidden_cases=_hidden_cases,
    hints=[
        _about("Uma parcela é uma contagem dividida pelo total, sempre entre 0 e 1.",
               "A share is a count divided by the total, always between 0 and 1."),
        _about("Compare cada valor com o limiar: um valor igual ao limiar não está acima.",
               "Compare each value with the threshold: a value equal to it is not above."),
        _about("Com numpy: `np.mean(np.asarray(values) > threshold)`.",
               "With numpy: `np.mean(np.asarray(values) > threshold)`."),
    ],
    misconceptions=[
        Misconception("{name}.at_or_above", _at_or_above, _about(
            "Você contou como acima os valores IGUAIS ao limiar (`>=`); o enunciado pede "
            "estritamente acima (`>`).",
            "You counted values EQUAL to the threshold as above it (`>=`); the task asks for "
            "strictly above (`>`).")),
        Misconception("{name}.count_not_share", _count_not_share, _about(
            "Você devolveu quantos valores estão acima; a tarefa pede a PARCELA (divida pelo "
            "total).",
            "You returned how many values are above; the task asks for the SHARE (divide by the "
            "total).")),
    ],
)
'''

_TESTS_INIT = '"""Tests of lesson {lesson}."""\n'

_ALTERNATIVES = '''"""Correct implementations of lesson {lesson}'s tasks, written differently from the reference.

A check must accept every one of them. ``ALTERNATIVES`` maps each task id to at least two.
"""

from __future__ import annotations

ALTERNATIVES = {{}}
'''

_ALTERNATIVE_PAIR = '''

def {name}_with_a_loop(values, *, threshold):
    values = list(values)
    return sum(1 for v in values if v > threshold) / len(values)


def {name}_with_a_mask(values, *, threshold):
    import numpy as np

    mask = np.asarray(values, dtype=float) > threshold
    return float(mask.sum() / mask.size)


ALTERNATIVES["{task}"] = [{name}_with_a_loop, {name}_with_a_mask]
'''

_REFERENCE_TEST = '''"""The reference of lesson {lesson}."""

import pytest

from mlopskit import {topic}


def test_{name}_counts_only_values_strictly_above():
    assert {topic}.{name}([1, 2, 3, 4], threshold=2) == 0.5
    assert {topic}.{name}([3, 3], threshold=3) == 0.0


def test_{name}_names_bad_input():
    with pytest.raises(ValueError, match="`values` is empty"):
        {topic}.{name}([], threshold=1)
    with pytest.raises(TypeError, match="`threshold` must be a number"):
        {topic}.{name}([1.0], threshold="1")
'''


def _lang(lang):
    return {"tags": [f"lang:{lang}"]}


def _nbgrader(**meta):
    return {"nbgrader": {"schema_version": 3, **meta}}


def _task_cells(task, entry, number, points):
    stem = task.split(".", 1)[1]
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    return [
        md(f"### Tarefa {number} — `{entry}` ({points} ponto{'s' if points != 1 else ''})\n\n"
           f"Escreva `{entry}(values, *, threshold)`: a parcela dos valores **estritamente "
           "acima** do limiar, um número entre 0 e 1. Um valor igual ao limiar não conta.",
           id=f"{stem}-task-pt", metadata=_lang("pt")),
        md(f"### Task {number} — `{entry}` ({points} point{'s' if points != 1 else ''})\n\n"
           f"Write `{entry}(values, *, threshold)`: the share of values **strictly above** the "
           "threshold, a number between 0 and 1. A value equal to the threshold does not count.",
           id=f"{stem}-task-en", metadata=_lang("en")),
        code(f"def {entry}(values, *, threshold):\n    ### BEGIN SOLUTION\n"
             "    values = np.asarray(values, dtype=float)\n"
             "    return float(np.mean(values > threshold))\n    ### END SOLUTION",
             id=f"{stem}-solution",
             metadata=_nbgrader(grade=False, grade_id=f"{stem}_solution", locked=False,
                                solution=True)),
        code(f'check("{task}", {entry})\n### BEGIN HIDDEN TESTS\n'
             f'selfcheck.assert_correct("{task}", {entry})\n### END HIDDEN TESTS',
             id=f"{stem}-check",
             metadata=_nbgrader(grade=True, grade_id=f"{stem}_check", locked=True,
                                points=points, solution=False)),
    ]


def _lesson_notebook(lesson, title, topic, task, entry):
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    number = lesson.split("_", 1)[0]
    cells = [
        md(f"# {number} — {title}\n\nO que esta lição ensina, para quem, e quanto tempo leva.",
           id="title-pt", metadata=_lang("pt")),
        md(f"# {number} — {title}\n\nWhat this lesson teaches, to whom, and how long it takes.",
           id="title-en", metadata=_lang("en")),
        md("## Preparação\n\nRode a célula abaixo: ela importa as bibliotecas e prepara "
           "`check` (confere uma tarefa) e `hint` (mostra a próxima dica).",
           id="setup-pt", metadata=_lang("pt")),
        md("## Setup\n\nRun the cell below: it imports the libraries and sets up `check` "
           "(checks a task) and `hint` (shows the next hint).",
           id="setup-en", metadata=_lang("en")),
        code(f'import numpy as np\n\nfrom mlopskit import selfcheck\n\n'
             f'check, hint = selfcheck.for_lesson("{lesson}")',
             id="setup-code",
             metadata=_nbgrader(grade=False, grade_id="setup", locked=True, solution=False)),
        *_task_cells(task, entry, 1, 1),
        md("## Questões escritas\n\nResponda na célula logo abaixo de cada questão, em 2 a 6 "
           "frases, em português ou inglês.", id="questions-pt", metadata=_lang("pt")),
        md("## Written questions\n\nAnswer in the cell right below each question, in 2 to 6 "
           "sentences, in Portuguese or English.", id="questions-en", metadata=_lang("en")),
        md("### Questão 1 (2 pontos)\n\nQuando um limiar fixo deixa de servir, e como você "
           "perceberia?", id="q1-pt", metadata=_lang("pt")),
        md("### Question 1 (2 points)\n\nWhen does a fixed threshold stop being useful, and how "
           "would you notice?", id="q1-en", metadata=_lang("en")),
        md("YOUR ANSWER HERE", id="q1-answer",
           metadata=_nbgrader(grade=True, grade_id="q1_answer", locked=False, points=2,
                              solution=True, task=False)),
    ]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                                  "name": "python3"},
                   "language_info": {"name": "python"}}
    return nb


# ------------------------------------------------------------------ commands
def create_lesson(lesson, *, title, root=REPO_ROOT, task="share_above"):
    """Create a new lesson with one example task; returns the paths written.

    Parameters
    ----------
    lesson : str
        The lesson id, e.g. ``"07_example"``: two digits, an underscore, a topic that
        becomes the reference module ``mlopskit/<topic>.py``.
    title : str
        A one-line title, shown in the notebook and the README's table of lessons.
    root : path, optional
        The repository root.
    task : str, optional
        The name of the example task (its entry point and module).

    Returns
    -------
    list of pathlib.Path
    """
    root = Path(root)
    _, topic = _split_id(lesson)
    _check_name(task, "the task name")
    if not title or "\n" in title:
        raise ScaffoldError("`title` must be one non-empty line")
    targets = [root / "mlopskit" / f"{topic}.py", root / "mlopskit" / "checks" / topic,
               root / "solutions" / lesson, root / "tests" / "lessons" / topic]
    existing = [str(p) for p in targets if p.exists()]
    if existing:
        raise ScaffoldError(f"lesson {lesson} would overwrite {existing}; pick another id")
    written = [
        _write_new(targets[0], _REFERENCE.format(lesson=lesson, title=title, topic=topic)),
        _write_new(targets[1] / "__init__.py", _CHECKS_INIT.format(lesson=lesson, title=title)),
        _write_new(targets[3] / "__init__.py", _TESTS_INIT.format(lesson=lesson)),
        _write_new(targets[3] / "alternatives.py", _ALTERNATIVES.format(lesson=lesson)),
    ]
    nb = _lesson_notebook(lesson, title, topic, f"{topic}.{task}", task)
    path = targets[2] / f"{lesson}.ipynb"
    path.parent.mkdir(parents=True)
    nbformat.write(nb, path)
    written.append(path)
    written += _task_files(root, lesson, topic, task, number=1, points=1)
    return written


def _with_function(text, name):
    """The reference module's text with the example function ``name`` added and exported."""
    import ast

    tree = ast.parse(text)
    exported = next((node for node in tree.body if isinstance(node, ast.Assign)
                     and [getattr(t, "id", None) for t in node.targets] == ["__all__"]), None)
    if exported is None or not isinstance(exported.value, (ast.List, ast.Tuple)):
        raise ScaffoldError("the reference module needs an `__all__ = [...]` list")
    names = [ast.literal_eval(e) for e in exported.value.elts]
    lines = text.splitlines(keepends=True)
    new_all = "__all__ = [" + ", ".join(f'"{n}"' for n in [*names, name]) + "]\n"
    lines[exported.lineno - 1:exported.end_lineno] = [new_all]
    text = "".join(lines)
    missing = [line for line in _FUNCTION_IMPORTS if line not in text]
    if missing:
        marker = "from __future__ import annotations\n"
        head, found, tail = text.partition(marker)
        block = "\n" + "\n".join(missing) + "\n"
        text = head + found + block + tail if found else block.lstrip() + text
    return text.rstrip("\n") + "\n" + _FUNCTION.format(name=name)


def _task_files(root, lesson, topic, name, *, number, points):
    task = f"{topic}.{name}"
    spec = root / "mlopskit" / "checks" / topic / f"{name}.py"
    written = [_write_new(spec, _SPEC.format(lesson=lesson, topic=topic, task=task, name=name,
                                             number=number, points=points))]
    reference = root / "mlopskit" / f"{topic}.py"
    reference.write_text(_with_function(reference.read_text(encoding="utf-8"), name),
                         encoding="utf-8")
    alternatives = root / "tests" / "lessons" / topic / "alternatives.py"
    with alternatives.open("a", encoding="utf-8") as fh:
        fh.write(_ALTERNATIVE_PAIR.format(name=name, task=task))
    test = root / "tests" / "lessons" / topic / f"test_{name}.py"
    written += [reference, alternatives,
                _write_new(test, _REFERENCE_TEST.format(lesson=lesson, topic=topic, name=name))]
    return written


def add_task(lesson, name, *, points=1, root=REPO_ROOT):
    """Add a task to an existing lesson; returns the paths written or extended.

    The task gets the next number, a spec module from the example template, a reference
    function to adapt in ``mlopskit/<topic>.py``, two alternatives, a test, and its four
    cells in the source notebook, placed before the written questions.
    """
    root = Path(root)
    _, topic = _split_id(lesson)
    _check_name(name, "the task name")
    if isinstance(points, bool) or not isinstance(points, int) or points < 1:
        raise ScaffoldError(f"`points` must be a positive integer, got {points!r}")
    package = root / "mlopskit" / "checks" / topic
    source = root / "solutions" / lesson / f"{lesson}.ipynb"
    if not (package / "__init__.py").exists() or not source.exists():
        raise ScaffoldError(f"lesson {lesson} does not exist; create it with "
                            f"`make lesson ID={lesson} TITLE=...` first")
    if (package / f"{name}.py").exists():
        raise ScaffoldError(f"task {topic}.{name} already exists in {package}")
    numbers = [int(m.group(1)) for p in package.glob("*.py") if not p.name.startswith("_")
               for m in [re.search(r"^\s*number=(\d+),", p.read_text(), re.M)] if m]
    number = max(numbers, default=0) + 1
    nb = nbformat.read(source, as_version=4)
    ids = {c.get("id") for c in nb.cells}
    new_cells = _task_cells(f"{topic}.{name}", name, number, points)
    clash = [c.id for c in new_cells if c.id in ids]
    if clash:
        raise ScaffoldError(f"{source} already has cells {clash}")
    at = next((i for i, c in enumerate(nb.cells) if c.get("id", "").startswith("questions")),
              len(nb.cells))
    nb.cells[at:at] = new_cells
    written = _task_files(root, lesson, topic, name, number=number, points=points)
    nbformat.write(nb, source)
    return [*written, source]


def main(argv=None):
    """``python -m mlopskit.scaffold lesson ID --title T`` or ``... task LESSON NAME``."""
    parser = argparse.ArgumentParser(prog="python -m mlopskit.scaffold",
                                     description="Create a lesson or add a task.")
    sub = parser.add_subparsers(dest="command", required=True)
    lesson = sub.add_parser("lesson", help="create a lesson with one example task")
    lesson.add_argument("lesson", help="lesson id, e.g. 07_example")
    lesson.add_argument("--title", required=True, help="one-line title")
    lesson.add_argument("--root", default=str(REPO_ROOT), help=argparse.SUPPRESS)
    task = sub.add_parser("task", help="add a task to a lesson")
    task.add_argument("lesson", help="lesson id, e.g. 07_example")
    task.add_argument("name", help="the task's entry point, e.g. share_below")
    task.add_argument("--points", type=int, default=1)
    task.add_argument("--root", default=str(REPO_ROOT), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        if args.command == "lesson":
            written = create_lesson(args.lesson, title=args.title, root=args.root)
        else:
            written = add_task(args.lesson, args.name, points=args.points, root=args.root)
    except ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path}")
    print("next: `make build`, then `make test` (see README: Adding a lesson)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
