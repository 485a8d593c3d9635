"""A learner's JupyterLab in headless Chromium: every lesson in `lessons/`, in each language.

For each notebook, as a learner would: open it (it must not be marked modified), Run All
(no error output; every check cell says "not attempted" in the notebook's language), type a
wrong implementation of one task (its catalogued misconception is named) then a correct
one ("correct"), ask for hints twice (hint 1, then hint 2), and press nbgrader's Validate
(it lists the tasks still unfinished). Screenshots go to ``build/browser/``.

The lab is the learner's own (`make lab`), on 127.0.0.1 with a free port and a token,
serving a copy of ``lessons/`` so that nothing in the repository is modified.
"""

from __future__ import annotations

import importlib
import shutil
import sys
import time
import uuid

import pytest

from mlopskit.checks import specs_for_lesson
from mlopskit.checks import _messages as M
from mlopskit.outcomes import Outcome, outcome_label
from tests._lab import ROOT, running_lab

pytestmark = pytest.mark.browser

ARTEFACTS = ROOT / "build" / "browser"
NOTEBOOKS = sorted((lang, path.parent.name) for lang in ("pt", "en")
                   for path in (ROOT / "lessons" / lang).glob("*/*.ipynb"))
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--disable-dev-shm-usage"]

# The open notebook's panel, found by path in JupyterLab's main area.
PANEL = ("(path) => Array.from(window.jupyterapp.shell.widgets('main'))"
         ".find(w => w.context && w.context.path === path)")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    work = tmp_path_factory.mktemp("learner")
    shutil.copytree(ROOT / "lessons", work / "lessons")
    with running_lab("lab", log_dir=work, extra_args="--LabApp.expose_app_in_browser=True",
                     make_vars=[f"LAB_ROOT={work / 'lessons'}"]) as server:
        yield server


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("Chromium is missing: install Debian's 'chromium' package "
                    "(`make test-browser` does it when run as root).")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True,
                                              args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


def _sample_module(lesson):
    folder = str(ROOT / "autograder" / "sample_submissions")
    if folder not in sys.path:
        sys.path.insert(0, folder)
    return importlib.import_module(f"lesson_{lesson}")


class Notebook:
    """Drives one open notebook through JupyterLab's own commands and editor."""

    def __init__(self, page, path, shots):
        self.page, self.path, self.shots = page, path, shots

    def js(self, body, arg=None):
        """Evaluate ``body`` with ``nb`` (the notebook panel) and ``arg`` in scope."""
        return self.page.evaluate(
            f"async ([path, arg]) => {{ const nb = ({PANEL})(path); {body} }}", [self.path, arg])

    def wait(self, condition, *, timeout=300, what="condition"):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.js(f"return Boolean({condition});"):
                return
            time.sleep(0.5)
        self.shot(f"timeout-{what}")
        raise AssertionError(f"{self.path}: timed out waiting for {what}")

    def wait_idle(self, timeout=300):
        self.wait("nb && nb.sessionContext.session && nb.sessionContext.session.kernel && "
                  "nb.sessionContext.session.kernel.status === 'idle'",
                  timeout=timeout, what="an idle kernel")

    def shot(self, name):
        self.page.screenshot(path=str(self.shots / f"{name}.png"))

    def index(self, cell_id):
        found = self.js("return nb.content.widgets.findIndex(c => c.model.id === arg);", cell_id)
        assert found >= 0, f"{self.path}: no cell {cell_id}"
        return found

    def outputs(self, index):
        return self.js("return nb.content.widgets[arg].model.outputs.toJSON();", index)

    def text(self, index):
        parts = []
        for output in self.outputs(index):
            if output["output_type"] == "stream":
                parts.append(output["text"])
            elif "data" in output:
                parts.append(output["data"].get("text/plain", ""))
            elif output["output_type"] == "error":
                parts.append(f"{output['ename']}: {output['evalue']}")
        return "".join(p if isinstance(p, str) else "".join(p) for p in parts)

    def run_cell(self, index):
        before = self.js("return nb.content.widgets[arg].model.executionCount;", index)
        self.js("""nb.content.activeCellIndex = arg; nb.content.mode = 'command';
                   window.jupyterapp.shell.activateById(nb.id);
                   await window.jupyterapp.commands.execute('notebook:run-cell');""", index)
        self.wait(f"nb.content.widgets[{index}].model.executionCount !== {before or 'null'} && "
                  f"nb.content.widgets[{index}].model.executionCount !== null",
                  timeout=120, what=f"cell {index} to run")
        self.wait_idle(120)

    def type_into(self, index, code):
        """Replace a cell's code the way a learner does: click, select all, type."""
        self.js("nb.content.activeCellIndex = arg; await nb.content.scrollToItem(arg);", index)
        editor = self.page.evaluate_handle(
            f"([path, i]) => ({PANEL})(path).content.widgets[i].node.querySelector('.cm-content')",
            [self.path, index]).as_element()
        assert editor is not None, f"{self.path}: cell {index} has no editor"
        editor.click()
        self.page.keyboard.press("Control+a")
        self.page.keyboard.insert_text(code)
        typed = self.js("return nb.content.widgets[arg].model.sharedModel.getSource();", index)
        assert typed.strip() == code.strip(), "the editor did not take the typed code"
        self.page.keyboard.press("Escape")


def _plain(text):
    return " ".join(text.replace("`", "").split())


@pytest.mark.parametrize("lang, lesson", NOTEBOOKS)
def test_a_learner_works_through_the_lesson(lab, browser, lang, lesson):
    path = f"{lang}/{lesson}/{lesson}.ipynb"
    shots = ARTEFACTS / f"{lesson}-{lang}"
    shots.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(60_000)
    try:
        workspace = uuid.uuid4().hex[:12]
        page.goto(f"{lab.url}/lab/workspaces/{workspace}/tree/{path}?reset&token={lab.token}")
        page.wait_for_function("() => window.jupyterapp !== undefined", timeout=120_000)
        nb = Notebook(page, path, shots)
        nb.wait("nb && nb.context.isReady", timeout=120, what="the notebook to open")
        nb.wait_idle(180)
        time.sleep(2)
        nb.shot("01-opened")
        assert not nb.js("return nb.context.model.dirty;"), (
            "opening the untouched notebook marked it modified; its metadata is now "
            f"{nb.js('return nb.context.model.toJSON().metadata;')}")

        # Run All: no error output, every task "not attempted" in the notebook's language.
        nb.js("""window.jupyterapp.shell.activateById(nb.id);
                 await window.jupyterapp.commands.execute('notebook:run-all-cells');""")
        nb.wait("nb.content.widgets.every(c => c.model.type !== 'code' || "
                "c.model.executionCount !== null)", timeout=600, what="Run All to finish")
        nb.wait_idle(300)
        nb.shot("02-run-all")
        errors = nb.js("""return nb.content.widgets.flatMap(c => c.model.type === 'code'
                            ? c.model.outputs.toJSON() : [])
                          .filter(o => o.output_type === 'error')
                          .map(o => o.ename + ': ' + o.evalue);""")
        assert errors == [], f"Run All showed errors: {errors}"
        specs = specs_for_lesson(lesson)
        untried = outcome_label(Outcome.NOT_ATTEMPTED, lang)
        for spec in specs:
            shown = nb.text(nb.index(spec.cells["check"]))
            assert untried in shown and M.not_attempted(spec)[lang][:40] in shown, (
                spec.task, shown)
            html = "".join(o.get("data", {}).get("text/html", "")
                           for o in nb.outputs(nb.index(spec.cells["check"])))
            assert "<code>" in html and "`" not in html, "inline code is not rendered"

        # A wrong implementation is named; a correct one is accepted. Like a learner working
        # from the top, the tasks before it are solved first (a later task may use them).
        wrong = _catalogued_wrong_answers(lesson)
        spec = next(s for s in specs if s.task in wrong)
        key, wrong_code = wrong[spec.task]
        mistake = next(m for m in spec.misconceptions if m.id == key)
        answers = _sample_solutions(lesson)
        solved = [s for s in specs if s.number < spec.number] + [spec]
        for earlier in solved[:-1]:
            cell = nb.index(earlier.cells["solution"])
            nb.type_into(cell, answers[earlier.cells["solution"]])
            nb.run_cell(cell)
        solution, check = nb.index(spec.cells["solution"]), nb.index(spec.cells["check"])
        nb.type_into(solution, wrong_code.strip())
        nb.run_cell(solution)
        nb.run_cell(check)
        nb.shot("03-wrong")
        shown = nb.text(check)
        assert outcome_label(Outcome.WRONG, lang) in shown, shown
        assert _plain(mistake.message[lang])[:60] in _plain(shown), (spec.task, key, shown)
        nb.type_into(solution, answers[spec.cells["solution"]])
        nb.run_cell(solution)
        nb.run_cell(check)
        nb.shot("04-correct")
        assert M.correct(spec)[lang] in nb.text(check)

        # Hints, one at a time.
        nb.js("""nb.content.activeCellIndex = arg; nb.content.mode = 'command';
                 window.jupyterapp.shell.activateById(nb.id);
                 await window.jupyterapp.commands.execute('notebook:insert-cell-below');""",
              check)
        nb.type_into(check + 1, f'hint("{spec.task}")')
        for number in (1, 2):
            nb.run_cell(check + 1)
            header = M.hint_header(spec, number, len(spec.hints))[lang]
            assert header in nb.text(check + 1), nb.text(check + 1)
        nb.shot("05-hints")

        # nbgrader's Validate lists every task still unfinished, and not the solved ones.
        nb.js("await window.jupyterapp.commands.execute('docmanager:save');")
        nb.wait("!nb.context.model.dirty", timeout=60, what="the save")
        page.locator(".jp-NotebookPanel-toolbar").get_by_text("Validate", exact=True).click()
        dialog = page.locator(".jp-Dialog")
        dialog.wait_for(timeout=600_000)
        page.wait_for_function(
            "() => !document.querySelector('.jp-Dialog').innerText.includes('Validating')",
            timeout=600_000)
        nb.shot("06-validate")
        report = dialog.inner_text()
        for other in specs:
            call = f'check("{other.task}", {other.entry})'
            if other in solved:
                assert call not in report, f"Validate lists the solved task {other.task}"
            else:
                assert call in report, f"Validate does not list {other.task}:\n{report[:2000]}"
    finally:
        page.close()


def _catalogued_wrong_answers(lesson):
    """The sample class's wrong answers of a lesson: task -> (misconception id, code)."""
    module = _sample_module(lesson)
    for name, value in vars(module).items():
        if (name == "WRONG" or name.endswith("_WRONG")) and isinstance(value, dict) and value:
            return value
    raise AssertionError(f"autograder/sample_submissions/lesson_{lesson}.py has no WRONG "
                         "table of catalogued wrong answers")


def _sample_solutions(lesson):
    _sample_module(lesson)
    return importlib.import_module("_samplekit").solutions(lesson)
