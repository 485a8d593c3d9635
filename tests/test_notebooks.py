"""Lesson notebooks: solutions run with every check correct, students start at zero."""

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from mlopskit import build
from mlopskit.checks import LESSONS, specs_for_lesson
from mlopskit.run import execute_notebook

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.notebook


def _solution(lesson):
    return ROOT / "solutions" / lesson / f"{lesson}.ipynb"


def _student(lang, lesson):
    return ROOT / "lessons" / lang / lesson / f"{lesson}.ipynb"


@pytest.mark.parametrize("lesson", sorted(LESSONS))
def test_solution_notebook_runs_and_every_check_is_correct(lesson):
    result = execute_notebook(_solution(lesson), lang="en", timeout=120)
    assert result.errors == []
    tasks = [spec.task for spec in specs_for_lesson(lesson)]
    assert [c["task"] for c in result.checks] == tasks
    assert {c["outcome"] for c in result.checks} == {"correct"}
    print(f"{lesson} solution ran in {result.seconds:.1f} s")
    assert result.seconds < 300  # a generous guard; the target (one minute) is benchmarked


@pytest.mark.parametrize("lang", ["pt", "en"])
@pytest.mark.parametrize("lesson", sorted(LESSONS))
def test_untouched_student_notebook_is_not_attempted(lesson, lang):
    result = execute_notebook(_student(lang, lesson), timeout=120, allow_errors=True)
    tasks = [spec.task for spec in specs_for_lesson(lesson)]
    assert [c["task"] for c in result.checks] == tasks
    assert {c["outcome"] for c in result.checks} == {"not_attempted"}
    # Only the stubs raise: the worked examples run without the learner's code.
    assert {name for _, name in result.errors} <= {"NotImplementedError"}
    messages = "".join(
        out.get("text", "") + str(out.get("data", {}).get("text/plain", ""))
        for cell in result.notebook.cells if cell.cell_type == "code"
        for out in cell.outputs
    )
    assert ("Não tentada" if lang == "pt" else "Not attempted") in messages


def test_lessons_are_a_fresh_build():
    stale = build.build(ROOT, check=True)
    assert stale == [], f"stale generated files (run `make build`): {stale}"


@pytest.mark.parametrize("lesson", sorted(LESSONS))
def test_portuguese_and_english_share_code_and_grade_ids(lesson):
    pt, en = (nbformat.read(_student(lang, lesson), as_version=4) for lang in ("pt", "en"))

    def code(nb):
        return [(c.get("id"), c.source) for c in nb.cells if c.cell_type == "code"]

    def graded(nb):
        return [(c.metadata["nbgrader"]["grade_id"], c.metadata["nbgrader"].get("points"))
                for c in nb.cells if "nbgrader" in c.metadata
                and c.metadata["nbgrader"].get("grade_id")]

    assert code(pt) == code(en)
    assert graded(pt) == graded(en)
    assert pt.metadata["mlopskit"] == {"lesson": lesson, "lang": "pt"}
    assert en.metadata["mlopskit"] == {"lesson": lesson, "lang": "en"}
    prose_pt = [c.source for c in pt.cells if c.cell_type == "markdown"]
    prose_en = [c.source for c in en.cells if c.cell_type == "markdown"]
    assert len(prose_pt) == len(prose_en) and prose_pt != prose_en


@pytest.mark.parametrize("lesson", sorted(LESSONS))
def test_student_notebooks_hide_solutions_and_hidden_tests(lesson):
    for lang in ("pt", "en"):
        text = _student(lang, lesson).read_text()
        assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
        assert "assert_correct" not in text
        assert '"execution_count": null' in text and '"outputs": []' in text


@pytest.mark.parametrize("lesson", sorted(LESSONS))
def test_solution_has_tasks_questions_and_both_languages(lesson):
    nb = nbformat.read(_solution(lesson), as_version=4)
    graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    auto = [c for c in graded if c.cell_type == "code"]
    manual = [c for c in graded if c.cell_type == "markdown"]
    assert 4 <= len(auto) <= 7
    assert 2 <= len(manual) <= 4
    tags = [t for c in nb.cells for t in c.metadata.get("tags", []) if t.startswith("lang:")]
    assert tags.count("lang:pt") == tags.count("lang:en") > 10
    specs = {spec.task: spec.points for spec in specs_for_lesson(lesson)}
    assert sum(c.metadata["nbgrader"]["points"] for c in auto) == sum(specs.values())


@pytest.mark.parametrize("lesson", sorted(LESSONS))
def test_nbgrader_validate_accepts_the_solution(lesson, tmp_path):
    build.ensure_scripts_on_path()
    env = {**os.environ, "MPLBACKEND": "Agg", "MLOPSKIT_LANG": "en"}
    proc = subprocess.run(
        [sys.executable, "-m", "nbgrader", "validate", str(_solution(lesson))],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Success! Your notebook passes all the tests." in proc.stdout


def test_build_names_a_malformed_notebook(tmp_path):
    broken = tmp_path / "solutions" / "09_broken" / "09_broken.ipynb"
    broken.parent.mkdir(parents=True)
    broken.write_text("{ not json")
    with pytest.raises(build.NotebookError, match="09_broken.ipynb: not a valid Jupyter"):
        build.build(tmp_path, check=True)


def test_build_rejects_language_tags_on_code(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1", id="c1")])
    nb.cells[0].metadata["tags"] = ["lang:pt"]
    with pytest.raises(build.NotebookError, match="code cells are shared"):
        build.split_language(nb, "pt", lesson="x")
    nb.cells[0].metadata["tags"] = ["lang:fr"]
    with pytest.raises(build.NotebookError, match="lang:fr|\\['fr'\\]"):
        build.split_language(nb, "pt", lesson="x")


@pytest.mark.parametrize("lesson", sorted(LESSONS))
def test_nbgrader_validate_lists_every_unfinished_task(lesson, tmp_path):
    """Validate on an untouched lesson fails on each code task, not only on written answers."""
    build.ensure_scripts_on_path()
    env = {**os.environ, "MPLBACKEND": "Agg"}
    env.pop("MLOPSKIT_LANG", None)
    proc = subprocess.run(
        [sys.executable, "-m", "nbgrader", "validate", str(_student("pt", lesson))],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=600,
    )
    out = proc.stdout + proc.stderr
    specs = specs_for_lesson(lesson)
    for spec in specs:
        assert f'check("{spec.task}", {spec.entry})' in out, spec.task
    assert "ainda não tentada" in out  # the failure says why, in the notebook's language
