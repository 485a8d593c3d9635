"""Build the student lessons from the instructor notebooks.

``solutions/NN_topic/NN_topic.ipynb`` is the single, bilingual source of a lesson: code
cells are shared, and each prose cell carries a tag ``lang:pt`` or ``lang:en``. For each
language the build keeps that language's prose, clears outputs, records the lesson and
language in the notebook metadata, and runs nbgrader's ``generate_assignment`` (solutions
replaced by stubs, hidden tests removed, test cells locked, checksums computed) into
``lessons/<lang>/NN_topic/NN_topic.ipynb``. It also refreshes the stored expected
outputs of the self-checks.

The task specs are the one source of each task's number and points: before splitting,
the build writes them into the first line of the task's instructions in both languages
(``### Tarefa 3 — `psi` (3 pontos)`` / ``### Task 3 — `psi` (3 points)``) and into the
nbgrader metadata of its check cell, and it stops with an error that names the task when
a spec's cells (see ``TaskSpec.cells``) are missing, out of order, or when the notebook
checks a task that has no spec.

Usage: ``python -m mlopskit.build [--check] [--lesson ID ...] [--root DIR]``; ``--check``
writes nothing and exits 1 when any generated file is stale.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import sys
import tempfile
from pathlib import Path

import nbformat

from mlopskit.languages import LANGUAGES

__all__ = ["NotebookError", "read_notebook", "split_language", "clear_outputs",
           "apply_specs", "ensure_scripts_on_path", "student_version", "build", "main"]

LANG_TAG = "lang:"
REPO_ROOT = Path(__file__).resolve().parent.parent


class NotebookError(ValueError):
    """A source notebook cannot be read or is not laid out as the build expects."""


def read_notebook(path):
    """Read and validate a notebook, with an error that names the file."""
    path = Path(path)
    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except FileNotFoundError:
        raise NotebookError(f"{path}: no such notebook") from None
    except Exception as exc:  # nbformat raises several kinds for a broken file
        raise NotebookError(f"{path}: not a valid Jupyter notebook ({exc.__class__.__name__}: "
                            f"{str(exc).splitlines()[0][:200]})") from None
    return nb


def _cell_lang(cell, path):
    langs = [t[len(LANG_TAG):] for t in cell.metadata.get("tags", []) if t.startswith(LANG_TAG)]
    unknown = [lang for lang in langs if lang not in LANGUAGES]
    if unknown or len(langs) > 1:
        raise NotebookError(
            f"{path}: cell {cell.get('id')} has language tags {langs}; use exactly one of "
            f"{[LANG_TAG + lang for lang in LANGUAGES]} (or none for a shared cell)."
        )
    if langs and cell.cell_type == "code":
        raise NotebookError(
            f"{path}: code cell {cell.get('id')} has a language tag; code cells are shared."
        )
    return langs[0] if langs else None


def clear_outputs(nb):
    """Remove outputs and execution counts, in place; returns ``nb``."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    return nb


_CHECK_CALL = re.compile(r"""check\(\s*["']([\w.]+)["']""")


def apply_specs(nb, specs, *, path="notebook"):
    """Write each spec's number and points into its cells, in place; returns ``nb``.

    Raises NotebookError, naming the task, when a task's cells are missing or out of
    order, when a check cell calls another task, or when the notebook checks a task that
    no spec declares.
    """
    by_id = {cell.get("id"): (i, cell) for i, cell in enumerate(nb.cells)}
    known = {spec.task for spec in specs}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for task in _CHECK_CALL.findall(cell.source):
            if task not in known:
                raise NotebookError(f"{path}: cell {cell.get('id')} checks {task!r}, which no "
                                    f"spec of this lesson declares (known: {sorted(known)})")
    last = -1
    for spec in specs:
        missing = [cid for cid in spec.cells.values() if cid not in by_id]
        if missing:
            raise NotebookError(f"{path}: task {spec.task} (number {spec.number}) has no cell(s) "
                                f"{missing}; a task needs the cells {list(spec.cells.values())}")
        positions = [by_id[spec.cells[role]][0] for role in ("solution", "check")]
        if positions[1] != positions[0] + 1 or positions[0] <= last:
            raise NotebookError(f"{path}: task {spec.task}: its check cell must come right after "
                                "its solution cell, after the cells of the previous task")
        last = positions[1]
        for lang in LANGUAGES:
            _, cell = by_id[spec.cells[f"task-{lang}"]]
            first, _, rest = cell.source.partition("\n")
            if not first.startswith("### "):
                raise NotebookError(f"{path}: cell {cell.get('id')} of task {spec.task} must start "
                                    "with a '### ' heading line, which the build writes")
            cell.source = spec.heading(lang) + ("\n" + rest if rest or "\n" in cell.source
                                                else "")
        _, check = by_id[spec.cells["check"]]
        if _CHECK_CALL.findall(check.source)[:1] != [spec.task]:
            raise NotebookError(f"{path}: cell {spec.cells['check']} must call "
                                f"check({spec.task!r}, {spec.entry})")
        meta = check.metadata.setdefault("nbgrader", {})
        meta.update({"grade": True, "solution": False, "locked": True,
                     "grade_id": spec.grade_ids["check"], "points": spec.points})
        _, solution = by_id[spec.cells["solution"]]
        smeta = solution.metadata.setdefault("nbgrader", {})
        smeta.update({"grade": False, "solution": True, "locked": False,
                      "grade_id": spec.grade_ids["solution"]})
    return nb


def split_language(nb, lang, *, lesson, path="notebook"):
    """A copy of the bilingual source with only ``lang``'s prose."""
    if lang not in LANGUAGES:
        raise ValueError(f"`lang` must be one of {LANGUAGES}, got {lang!r}.")
    out = copy.deepcopy(nb)
    kept = []
    for cell in out.cells:
        cell_lang = _cell_lang(cell, path)
        if cell_lang not in (None, lang):
            continue
        tags = [t for t in cell.metadata.get("tags", []) if not t.startswith(LANG_TAG)]
        if tags:
            cell.metadata["tags"] = tags
        else:
            cell.metadata.pop("tags", None)
        kept.append(cell)
    out.cells = kept
    out.metadata["mlopskit"] = {"lesson": lesson, "lang": lang}
    out.metadata["language_info"] = kernel_language_info()
    return clear_outputs(out)


def kernel_language_info(previous=None):
    """The ``language_info`` that the kit's kernel (ipykernel) reports when it starts.

    JupyterLab writes what the kernel reports into the notebook, so a notebook committed
    with anything else is marked modified as soon as it is opened. The Python version is
    the one of ``previous`` (the notebook as committed) when it has the same major and
    minor version as this interpreter, so that rebuilding on another patch release
    changes nothing.

    Examples
    --------
    >>> info = kernel_language_info({"version": "3.11.0"})
    >>> info["name"], info["pygments_lexer"]
    ('python', 'ipython3')
    """
    import platform

    version = platform.python_version()
    old = (previous or {}).get("version", "")
    if isinstance(old, str) and old.split(".")[:2] == version.split(".")[:2]:
        version = old
    return {"codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py",
            "mimetype": "text/x-python", "name": "python", "nbconvert_exporter": "python",
            "pygments_lexer": "ipython3", "version": version}


def _committed_language_info(path):
    try:
        return json.loads(Path(path).read_text())["metadata"]["language_info"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def ensure_scripts_on_path():
    """Put this interpreter's scripts folder on PATH.

    nbgrader's gradebook runs the ``alembic`` command; inside an environment that was
    not activated (``.venv/bin/python -m ...``) it would not be found.
    """
    scripts = str(Path(sys.executable).parent)
    parts = os.environ.get("PATH", "").split(os.pathsep)
    if scripts not in parts:
        os.environ["PATH"] = os.pathsep.join([scripts, *parts])


def student_version(nb, assignment_id):
    """Run nbgrader's generate_assignment on one notebook and return the result."""
    from nbgrader.apps import NbGraderAPI
    from traitlets.config import Config

    ensure_scripts_on_path()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        source = root / "source" / assignment_id
        source.mkdir(parents=True)
        nbformat.write(nb, source / f"{assignment_id}.ipynb")
        config = Config()
        config.CourseDirectory.root = str(root)
        config.CourseDirectory.db_url = f"sqlite:///{root / 'gradebook.db'}"
        config.Exchange.root = str(root / "exchange")
        config.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
        api = NbGraderAPI(config=config)
        result = api.generate_assignment(assignment_id, force=True, create=True)
        if not result["success"]:
            raise NotebookError(
                f"nbgrader generate_assignment failed for {assignment_id}:\n"
                f"{result.get('error') or result.get('log')}"
            )
        return nbformat.read(root / "release" / assignment_id / f"{assignment_id}.ipynb",
                             as_version=4)


README_BEGIN = "<!-- lessons:begin (written by `make build` from the task specs) -->"
README_END = "<!-- lessons:end -->"


def lessons_table():
    """The README's table of lessons, written from the task specs (Markdown)."""
    import importlib

    from mlopskit.checks import LESSONS, specs_for_lesson

    rows = ["| lesson | topic | graded tasks (points) |", "|---|---|---|"]
    for lesson, package in LESSONS.items():
        specs = specs_for_lesson(lesson)
        topic = getattr(importlib.import_module(package), "TOPIC", "")
        tasks = ", ".join(f"`{s.entry}` {s.points}" for s in specs)
        total = sum(s.points for s in specs)
        rows.append(f"| {lesson} | {topic} | {tasks} — {total} points |")
    return "\n".join(rows) + "\n"


def _with_lessons_table(readme_text, path="README.md"):
    begin, end = readme_text.find(README_BEGIN), readme_text.find(README_END)
    if begin < 0 or end < begin:
        raise NotebookError(f"{path}: the markers {README_BEGIN!r} and {README_END!r} are "
                            "missing; put them where the table of lessons goes")
    head = readme_text[:begin + len(README_BEGIN)]
    return f"{head}\n{lessons_table()}{readme_text[end:]}"


def _render(nb):
    return nbformat.writes(nb) + "\n"


def build(root=REPO_ROOT, *, check=False, lessons=None):
    """Build every lesson (or those in ``lessons``); returns the paths written or stale."""
    from mlopskit.checks import LESSONS, specs_for_lesson
    from mlopskit.checks import expected as expected_mod

    root = Path(root)
    outputs = {}
    chosen = ["--lesson", *lessons] if lessons else []
    if lessons:
        absent = [name for name in lessons
                  if not (root / "solutions" / name / f"{name}.ipynb").exists()]
        if absent:
            raise NotebookError(f"no source notebook for lesson(s) {absent} under "
                                f"{root / 'solutions'}")
    if not check:
        expected_mod.main(chosen)
    sources = sorted((root / "solutions").glob("*/*.ipynb"))
    sources = [p for p in sources if ".ipynb_checkpoints" not in p.parts
               and (not lessons or p.parent.name in lessons)]
    for src in sources:
        lesson = src.parent.name
        if src.stem != lesson:
            raise NotebookError(f"{src}: the notebook must be named {lesson}.ipynb")
        nb = read_notebook(src)
        if lesson not in LESSONS:
            raise NotebookError(f"{src}: no task specs for lesson {lesson}; create the package "
                                f"mlopskit/checks/<topic>/ with LESSON = {lesson!r} "
                                "(`make lesson` does)")
        apply_specs(nb, specs_for_lesson(lesson), path=src)
        outputs[src] = _render(clear_outputs(copy.deepcopy(nb)))
        for lang in LANGUAGES:
            target = root / "lessons" / lang / lesson / f"{lesson}.ipynb"
            student = student_version(split_language(nb, lang, lesson=lesson, path=src), lesson)
            student.metadata["language_info"] = kernel_language_info(
                _committed_language_info(target))
            outputs[target] = _render(student)
    readme = root / "README.md"
    if readme.exists():
        outputs[readme] = _with_lessons_table(readme.read_text(), readme)
    changed = []
    for path, text in outputs.items():
        if path.exists() and path.read_text() == text:
            continue
        changed.append(path)
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    if check and expected_mod.main(["--check", *chosen]) != 0:
        changed.append(expected_mod.EXPECTED_DIR)
    return changed


def main(argv=None):
    """Command-line entry point: ``python -m mlopskit.build [--check]``."""
    parser = argparse.ArgumentParser(description="Build lessons/ from solutions/.")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if anything is stale")
    parser.add_argument("--root", default=str(REPO_ROOT), help="the repository root")
    parser.add_argument("--lesson", nargs="+", default=None, metavar="ID",
                        help="build only these lessons (e.g. 07_example)")
    args = parser.parse_args(argv)
    try:
        changed = build(args.root, check=args.check, lessons=args.lesson)
    except NotebookError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for path in changed:
        print(("stale: " if args.check else "wrote ") + str(path))
    if args.check and changed:
        print("run `make build` and commit the result", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
