"""What the sample-class builders share: the released lesson, its solutions, cell edits.

Task lists and cell ids come from the task specs, so nothing here names a lesson.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from mlopskit.checks import get_spec, specs_for_lesson

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def tasks_of(lesson):
    """The task ids of ``lesson``, in notebook order (from the specs)."""
    return [spec.task for spec in specs_for_lesson(lesson)]


def cell(task, role):
    """The id of one of ``task``'s notebook cells ("solution", "check", ...)."""
    return get_spec(task).cells[role]


def load(lang, lesson):
    return nbformat.read(ROOT / "lessons" / lang / lesson / f"{lesson}.ipynb", as_version=4)


def solutions(lesson):
    nb = nbformat.read(ROOT / "solutions" / lesson / f"{lesson}.ipynb", as_version=4)
    out = {}
    for node in nb.cells:
        if node.get("id", "").endswith("-solution"):
            out[node["id"]] = "\n".join(line for line in node.source.splitlines()
                                        if "### BEGIN SOLUTION" not in line
                                        and "### END SOLUTION" not in line)
    return out


def set_source(nb, cell_id, source):
    for node in nb.cells:
        if node.get("id") == cell_id:
            node.source = source.strip("\n")
            return
    raise KeyError(cell_id)


def insert_after(nb, cell_id, source, new_id):
    index = next(i for i, c in enumerate(nb.cells) if c.get("id") == cell_id)
    nb.cells.insert(index + 1, nbformat.v4.new_code_cell(source.strip("\n"), id=new_id))


def filled(lang, lesson, tasks=None, wrong=(), *, table=None):
    """The lesson with ``tasks`` (default: all) solved, those in ``wrong`` from ``table``."""
    table = table or {}
    nb = load(lang, lesson)
    sols = solutions(lesson)
    for task in tasks_of(lesson) if tasks is None else tasks:
        cell_id = cell(task, "solution")
        set_source(nb, cell_id, table[task][1] if task in wrong else sols[cell_id])
    return nb


def basic_students(lesson, *, partial=None, untouched="pt"):
    """What every lesson gets: a complete, a partial and an untouched submission.

    ``partial`` is how many of the first tasks the partial student solves (default: half);
    ``untouched`` is the language of the untouched notebook.
    """
    tasks = tasks_of(lesson)
    half = tasks[:partial or max(1, len(tasks) // 2)]
    return {
        "ana_complete": (filled("pt", lesson), {t: "correct" for t in tasks}, {}),
        "bruno_partial": (filled("en", lesson, half),
                          {t: "correct" if t in half else "not_attempted" for t in tasks}, {}),
        "iris_untouched": (load(untouched, lesson), {t: "not_attempted" for t in tasks}, {}),
    }


def one_mistake_each(lesson, mistakes, *, table, lang=None, also_wrong=None):
    """A student per ``(name, task)``: everything right but ``task``, from ``table``.

    ``table[task]`` is ``(misconception id, wrong source)``. The notebook is Portuguese for
    a name of odd length and English otherwise, unless ``lang`` is given; ``also_wrong``
    maps a task to the tasks that use it and so fail with it.
    """
    every = {t: "correct" for t in tasks_of(lesson)}
    out = {}
    for name, task in mistakes:
        outcomes = {**every, task: "wrong"}
        outcomes.update({t: "wrong" for t in (also_wrong or {}).get(task, ())})
        language = lang or ("pt" if len(name) % 2 else "en")
        out[name] = (filled(language, lesson, None, [task], table=table), outcomes,
                     {task: table[task][0]})
    return out
