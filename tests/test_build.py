"""The build takes each task's number and points from its spec: one source per fact."""

import copy
from dataclasses import replace
from pathlib import Path

import nbformat
import pytest

from mlopskit import build
from mlopskit.checks import LESSONS, get_spec, specs_for_lesson
from mlopskit.languages import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent


def _source(lesson):
    return nbformat.read(ROOT / "solutions" / lesson / f"{lesson}.ipynb", as_version=4)


@pytest.mark.parametrize("lesson", sorted(LESSONS))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_task_heading_and_points_come_from_its_spec(lesson, lang):
    nb = nbformat.read(ROOT / "lessons" / lang / lesson / f"{lesson}.ipynb", as_version=4)
    cells = {c.get("id"): c for c in nb.cells}
    for spec in specs_for_lesson(lesson):
        heading = cells[spec.cells[f"task-{lang}"]].source.splitlines()[0]
        assert heading == spec.heading(lang)
        meta = cells[spec.cells["check"]].metadata["nbgrader"]
        assert meta["points"] == spec.points and meta["grade_id"] == spec.grade_ids["check"]
        assert f'check("{spec.task}", {spec.entry})' in cells[spec.cells["check"]].source


def test_changing_a_spec_rewrites_heading_and_points():
    spec = get_spec("drift.psi")
    changed = replace(spec, points=5, number=3)
    nb = _source("02_drift")
    specs = [changed if s.task == spec.task else s for s in specs_for_lesson("02_drift")]
    build.apply_specs(nb, specs)
    cells = {c.get("id"): c for c in nb.cells}
    assert cells["psi-task-pt"].source.startswith("### Tarefa 3 — `psi` (5 pontos)\n")
    assert cells["psi-task-en"].source.startswith("### Task 3 — `psi` (5 points)\n")
    assert cells["psi-check"].metadata["nbgrader"]["points"] == 5
    assert "bins" in cells["psi-task-en"].source  # the instructions themselves are kept


def test_a_task_without_its_cells_is_named():
    nb = _source("02_drift")
    nb.cells = [c for c in nb.cells if c.get("id") != "ddm-task-en"]
    with pytest.raises(build.NotebookError, match=r"drift\.ddm .*ddm-task-en"):
        build.apply_specs(nb, specs_for_lesson("02_drift"))


def test_a_check_of_an_unknown_task_is_named():
    nb = _source("02_drift")
    extra = nbformat.v4.new_code_cell('check("drift.nothing", psi)', id="stray")
    nb.cells.append(extra)
    with pytest.raises(build.NotebookError, match="drift.nothing"):
        build.apply_specs(nb, specs_for_lesson("02_drift"))


def test_tasks_out_of_order_are_refused():
    nb = _source("02_drift")
    specs = list(specs_for_lesson("02_drift"))
    swapped = [replace(specs[1], number=1), replace(specs[0], number=2), *specs[2:]]
    with pytest.raises(build.NotebookError, match="previous task"):
        build.apply_specs(copy.deepcopy(nb), swapped)


def test_readme_table_lists_every_task_from_the_specs():
    readme = (ROOT / "README.md").read_text()
    assert build.lessons_table() in readme
    for spec in (s for lesson in LESSONS for s in specs_for_lesson(lesson)):
        assert f"`{spec.entry}` {spec.points}" in readme
