"""The scaffold: a new lesson, and a task added to it, picked up everywhere with no edit."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mlopskit import scaffold

ROOT = Path(__file__).resolve().parent.parent


def _copy_repository(target):
    """The tracked files of this checkout (its working-tree versions), as a new tree."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True)
    if listed.returncode == 0:
        for name in listed.stdout.decode().split("\0"):
            if name and (ROOT / name).is_file():
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / name, target / name)
    else:  # not a git checkout
        shutil.copytree(ROOT, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns(
            ".git", ".venv", "__pycache__", "*_output", "build"))
    for name in ("mlopskit/scaffold.py", "mlopskit/build.py"):  # in case they are untracked
        shutil.copy2(ROOT / name, target / name)


def _run(args, cwd):
    env = {"PYTHONPATH": str(cwd), "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
           "MPLBACKEND": "Agg", "HOME": str(cwd)}
    proc = subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, f"{args}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc.stdout


@pytest.mark.grading
def test_a_new_lesson_and_task_are_built_graded_and_tested(tmp_path):
    repo = tmp_path / "repo"
    _copy_repository(repo)
    _run(["-m", "mlopskit.scaffold", "lesson", "07_example", "--title", "An example"], repo)
    _run(["-m", "mlopskit.scaffold", "task", "07_example", "share_below", "--points", "2"], repo)
    _run(["-m", "mlopskit.build", "--lesson", "07_example"], repo)
    for lang in ("pt", "en"):
        assert (repo / "lessons" / lang / "07_example" / "07_example.ipynb").exists()
    readme = (repo / "README.md").read_text()
    assert "| 07_example | An example | `share_above` 1, `share_below` 2 — 3 points |" in readme

    solution = json.loads(_run(["-m", "autograder", "grade-one",
                                "solutions/07_example/07_example.ipynb",
                                "--assignment", "07_example", "--json"], repo))
    assert [t["outcome"] for t in solution["tasks"]] == ["correct", "correct"]
    assert solution["total"] == solution["max_total"] == 3
    untouched = json.loads(_run(["-m", "autograder", "grade-one",
                                 "lessons/pt/07_example/07_example.ipynb",
                                 "--assignment", "07_example", "--json"], repo))
    assert [t["outcome"] for t in untouched["tasks"]] == ["not_attempted"] * 2
    assert "ainda não tentada" in untouched["tasks"][0]["message"]

    out = _run(["-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider",
                "tests/test_specs.py", "tests/lessons/example", "-k", "example"], repo)
    assert " passed" in out and "failed" not in out


def test_lesson_ids_and_names_are_checked(tmp_path):
    with pytest.raises(scaffold.ScaffoldError, match="two digits"):
        scaffold.create_lesson("example", title="x", root=tmp_path)
    with pytest.raises(scaffold.ScaffoldError, match="Python name"):
        scaffold.create_lesson("07_example", title="x", root=tmp_path, task="class")
    with pytest.raises(scaffold.ScaffoldError, match="one non-empty line"):
        scaffold.create_lesson("07_example", title="", root=tmp_path)
    with pytest.raises(scaffold.ScaffoldError, match="does not exist"):
        scaffold.add_task("07_example", "share_below", root=tmp_path)


def test_nothing_is_overwritten(tmp_path):
    (tmp_path / "mlopskit").mkdir()
    (tmp_path / "mlopskit" / "drift.py").write_text("# a lesson's reference\n")
    with pytest.raises(scaffold.ScaffoldError, match="overwrite"):
        scaffold.create_lesson("07_drift", title="Drift again", root=tmp_path)
    assert (tmp_path / "mlopskit" / "drift.py").read_text() == "# a lesson's reference\n"


def test_a_task_is_added_with_the_next_number(tmp_path):
    written = scaffold.create_lesson("08_demo", title="Demo", root=tmp_path)
    assert tmp_path / "solutions" / "08_demo" / "08_demo.ipynb" in written
    scaffold.add_task("08_demo", "second", points=3, root=tmp_path)
    spec_text = (tmp_path / "mlopskit" / "checks" / "demo" / "second.py").read_text()
    assert "number=2," in spec_text and "points=3," in spec_text
    reference = (tmp_path / "mlopskit" / "demo.py").read_text()
    assert '__all__ = ["share_above", "second"]' in reference
    import nbformat

    nb = nbformat.read(tmp_path / "solutions" / "08_demo" / "08_demo.ipynb", as_version=4)
    ids = [c.id for c in nb.cells]
    assert ids.index("second-check") < ids.index("questions-pt")
    assert ids.index("share_above-check") < ids.index("second-task-pt")
    with pytest.raises(scaffold.ScaffoldError, match="already exists"):
        scaffold.add_task("08_demo", "second", root=tmp_path)
