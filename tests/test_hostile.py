"""Hostile and careless submissions: each graded alone and inside a class next to a control.

One class run (a module-scoped fixture) holds every submission built here plus a
well-behaved control student (the sample class's complete 02_drift notebook); each test
checks one kind of submission, the control's grade, and that grading the submission alone
gives the same result as inside the class.
"""

import hashlib
import json
import os
import secrets
import shutil
import time
from dataclasses import replace
from pathlib import Path

import nbformat
import pytest

from autograder import grade_class
from autograder.grading import (Submission, code_digest, discover, forbidden_imports,
                                grade_submission, hidden_seed, read_submission)
from autograder.sandbox import Limits, Sandbox, bwrap_path, public_module
from mlopskit.outcomes import CaseStatus, Outcome

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "autograder" / "sample_submissions"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text())
LESSON = "02_drift"
CONTROL = SAMPLES / "submitted" / "ana_complete" / LESSON / f"{LESSON}.ipynb"
LIMITS = Limits(case_seconds=2, cell_seconds=20, wall_seconds=120, grace_seconds=2,
                tmp_bytes=48 * 2**20, disk_bytes=48 * 2**20)
CANARY = "canary-" + secrets.token_hex(8)
SECRET = "ab" * 32

pytestmark = [pytest.mark.grading,
              pytest.mark.skipif(bwrap_path() is None, reason="bubblewrap is not installed")]


def _with_cell(source, base=CONTROL):
    """The control notebook with one more code cell at the end (it runs last)."""
    nb = nbformat.read(base, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(source))
    return nbformat.writes(nb)


def _notebook(*sources):
    return nbformat.writes(nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(s) for s in sources]))


CHANNEL = r"""
import json, os, sys
deep = "[" * 50000 + "]" * 50000
lines = [deep, '{"type": ' + deep + '}',
         json.dumps({"type": "task", "task": ["drift.psi"], "cases": []}),
         json.dumps({"type": "task", "task": "drift.psi", "cases": 7, "missing": [1]}),
         json.dumps({"type": "task", "task": "drift.ks_test", "missing": {"x": 1}}),
         json.dumps({"type": "executed", "cell_errors": "oops"}),
         json.dumps({"type": "begin", "task": {"a": 1}, "case": "x"})]
for fd in range(3, 12):
    for line in lines:
        try:
            os.write(fd, (line + "\n").encode())
        except OSError:
            pass
print("bwrap: this line is the notebook's, not the sandbox's")
"""

TMP_HOG = r"""
import os
written = {}
for folder in ("/tmp", "/dev/shm", "."):
    n = 0
    try:
        for i in range(64):  # many files, each under the per-file size limit
            with open(f"{folder}/hog{i}.bin", "wb") as fh:
                for _ in range(8):
                    fh.write(b"x" * (1 << 20))
                    fh.flush()
                    n += 1
    except OSError:
        pass
    for i in range(64):
        try:
            os.remove(f"{folder}/hog{i}.bin")
        except OSError:
            pass
    written[folder] = n
def js_divergence(p, q):
    raise ValueError(f"written {written}")
"""

ALARM = r"""
import signal
def js_divergence(p, q):
    signal.signal(signal.SIGALRM, signal.SIG_IGN)
    signal.alarm(0)
    while True:
        pass
"""

CONVERSION = r"""
import numbers
class _Slow:
    def __float__(self):
        import signal
        signal.alarm(0)
        while True:
            pass
numbers.Real.register(_Slow)
class _Raising:
    def __getattr__(self, name):
        raise SystemExit(9)
def js_divergence(p, q):
    return _Slow()
def chi2_test(reference, current, *, alpha=0.05):
    return _Raising()
"""

LEAK = r"""
def ks_test(reference, current, *, alpha=0.05):
    raise ValueError("inputs were " + repr(list(reference)[:5]))
"""

HELPER = r"""
from mlopskit.drift import _psi_from_proportions, _quantile_edges, _bin_proportions
def psi(reference, current, *, bins=10, eps=1e-4):
    edges = _quantile_edges(reference, bins)
    return _psi_from_proportions(*_bin_proportions(reference, current, edges), eps)
"""

POOL = r"""
_own_js = js_divergence
def js_divergence(p, q):
    import multiprocessing
    with multiprocessing.Pool(2) as pool:
        assert pool.map(abs, [-1, 2]) == [1, 2]
    return _own_js(p, q)
"""


def _build(folder):
    """The class: the control, every hostile submission, and careless hand-ins."""
    def put(student, text=None, *, name=f"{LESSON}.ipynb", assignment=LESSON):
        target = folder / student / assignment / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if text is not None:
            target.write_text(text)
        return target

    put("control", CONTROL.read_text())
    (folder / "control" / "notes").mkdir()  # not an assignment
    (folder / "control" / "notes" / "todo.txt").write_text("x")
    put("José Silva", CONTROL.read_text())
    nb = json.loads(CONTROL.read_text())
    put("meta_list", json.dumps({**nb, "metadata": []}))
    cells = [dict(c) for c in nb["cells"]]
    for cell in cells:
        if "nbgrader" in cell.get("metadata", {}):
            cell["metadata"] = {**cell["metadata"], "nbgrader": "solution"}
    put("nbgrader_string", json.dumps({**nb, "cells": cells}))
    put("deep_json", "[" * 200000 + "]" * 200000)
    put("dir_notebook").mkdir()
    os.mkfifo(put("fifo_notebook"))
    put("channel", _with_cell(CHANNEL))
    put("bwrap_exit", _notebook("print('bwrap: Creating new namespace failed')\n"
                                "import os\nos._exit(1)"))
    put("tmp_hog", _with_cell(TMP_HOG))
    put("alarm", _with_cell(ALARM))
    put("conversion", _with_cell(CONVERSION))
    put("leak", _with_cell(LEAK))
    put("helper", _with_cell(HELPER))
    put("pool", _with_cell(POOL))
    two = put("two_notebooks", (SAMPLES / "submitted" / "iris_untouched" / LESSON /
                                f"{LESSON}.ipynb").read_text())
    final = put("two_notebooks", CONTROL.read_text(), name=f"{LESSON}-final.ipynb")
    os.utime(two, (time.time() - 3600, time.time() - 3600))
    os.utime(final, (time.time(), time.time()))
    out = folder.parent / "out"
    out.mkdir()
    (out / ".grading-secret").write_text(SECRET)
    links = {"link_solution": ROOT / "solutions" / LESSON / f"{LESSON}.ipynb",
             "link_classmate": folder / "control" / LESSON / f"{LESSON}.ipynb",
             "link_secret": out / ".grading-secret",
             "link_environ": Path("/proc/self/environ")}
    for student, target in links.items():
        put(student).symlink_to(target)
    (folder / "link_folder").mkdir()
    (folder / "link_folder" / LESSON).symlink_to(folder / "control" / LESSON)
    return out


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    folder = base / "submitted"
    out = _build(folder)
    os.environ["MLOPSKIT_TEST_CANARY"] = CANARY  # in the grader's environment only
    try:
        start = time.perf_counter()
        run = grade_class(folder, out, workers=2, progress=False, limits=LIMITS, prefork=True)
        seconds = time.perf_counter() - start
    finally:
        del os.environ["MLOPSKIT_TEST_CANARY"]
    by_student = {r.student: r for r in run.results}
    # alone: a fresh Python per run, while the class ran in template processes
    sandbox = Sandbox(limits=LIMITS, prefork=False)
    alone_cache = {}

    def alone(student):
        """The same submission graded by itself (same secret, course and student)."""
        if student not in alone_cache:
            sub = next(s for s in discover(folder) if s.student == student)
            alone_cache[student] = grade_submission(sub, sandbox=sandbox,
                                                    secret=bytes.fromhex(SECRET))
        return alone_cache[student]

    yield {"run": run, "by": by_student, "out": out, "folder": folder, "alone": alone,
           "seconds": seconds}
    sandbox.close()


def _outcomes(result):
    return {t.task: t.outcome.value for t in result.tasks}


def _task(result, task):
    return next(t for t in result.tasks if t.task == task)


def _same_alone_and_in_class(hostile, student):
    alone = hostile["alone"](student)
    inside = hostile["by"][student]
    assert _outcomes(alone) == _outcomes(inside), student
    return inside


def test_the_control_student_keeps_its_grade_and_the_run_finishes(hostile):
    control = hostile["by"]["control"]
    assert _outcomes(control) == EXPECTED[f"ana_complete/{LESSON}"]["outcomes"]
    assert control.total == control.max_total
    assert _outcomes(hostile["alone"]("control")) == _outcomes(control)
    assert (hostile["out"] / "report.html").exists()
    assert (hostile["out"] / "feedback" / "control" / f"{LESSON}.html").exists()


@pytest.mark.parametrize("student, why", [
    ("deep_json", "nested too deeply"), ("dir_notebook", "a folder"),
    ("fifo_notebook", "a pipe")])
def test_unreadable_notebooks_are_that_submissions_invalid_outcome(hostile, student, why):
    result = _same_alone_and_in_class(hostile, student)
    assert {t.outcome for t in result.tasks} == {Outcome.ERROR}
    message = result.tasks[0].message["en"]
    assert message.startswith("Invalid submission") and why in message
    assert student in (hostile["out"] / "report.html").read_text()


@pytest.mark.parametrize("student", ["meta_list", "nbgrader_string", "José Silva"])
def test_odd_metadata_and_names_are_graded(hostile, student):
    result = _same_alone_and_in_class(hostile, student)
    assert result.total == result.max_total  # the code is the control's
    if student == "José Silva":
        assert (hostile["out"] / "feedback" / "José Silva" / f"{LESSON}.html").exists()


def test_a_careless_extra_folder_is_skipped_with_a_warning(hostile):
    assert "'control/notes': not an assignment" in "\n".join(hostile["run"].warnings)
    assert "control/notes" in (hostile["out"] / "report.html").read_text()


def test_results_channel_garbage_and_bwrap_lookalike_output_are_the_students(hostile):
    channel = _same_alone_and_in_class(hostile, "channel")
    assert channel.total == channel.max_total  # the worker's own lines win
    ended = _same_alone_and_in_class(hostile, "bwrap_exit")
    assert {t.outcome for t in ended.tasks} == {Outcome.ERROR}
    assert ended.limit == "exit code 1"


@pytest.mark.parametrize("student", ["link_solution", "link_classmate", "link_secret",
                                     "link_environ", "link_folder"])
def test_symbolic_links_are_invalid_submissions(hostile, student):
    result = _same_alone_and_in_class(hostile, student)
    assert {t.outcome for t in result.tasks} == {Outcome.ERROR}
    assert "symbolic link" in result.tasks[0].message["en"]
    assert result.total == 0


def test_nothing_secret_reaches_the_output_folder(hostile):
    out = hostile["out"]
    for path in out.rglob("*"):
        if path.is_symlink():
            pytest.fail(f"a link in OUT: {path}")
        if path.is_file() and path.name != ".grading-secret":
            data = path.read_bytes()
            assert SECRET.encode() not in data, path
            assert CANARY.encode() not in data, path
    for student in ("link_secret", "link_environ", "link_solution", "link_classmate"):
        for stage in ("submitted", "autograded"):
            assert not (out / "course" / stage / student / LESSON / f"{LESSON}.ipynb").exists()


def test_in_memory_folders_and_the_working_copy_are_capped(hostile):
    result = _same_alone_and_in_class(hostile, "tmp_hog")
    js = _task(result, "drift.js_divergence")
    detail = next(c.detail for c in js.cases if not c.hidden)
    written = eval(detail.split("written ", 1)[1])  # a dict of MiB written per folder
    cap = LIMITS.tmp_bytes // 2**20
    assert written["/tmp"] <= cap and written["/dev/shm"] <= cap
    assert written["."] <= LIMITS.disk_bytes // 2**20
    assert _task(result, "drift.psi").outcome is Outcome.CORRECT
    assert result.confinement in ("cgroup", "rlimits")
    assert "limits held by: " + result.confinement in (hostile["out"] / "report.html"
                                                       ).read_text()


def test_a_disarmed_alarm_costs_only_its_own_task(hostile):
    result = _same_alone_and_in_class(hostile, "alarm")
    outcomes = _outcomes(result)
    assert outcomes.pop("drift.js_divergence") == "timeout"
    assert set(outcomes.values()) == {"correct"}  # the tasks after it were still graded
    assert result.limit == "case time limit (enforced by the grader)"


def test_returned_objects_are_converted_under_the_limit(hostile):
    result = _same_alone_and_in_class(hostile, "conversion")
    assert _task(result, "drift.js_divergence").outcome is Outcome.TIMEOUT
    chi2 = _task(result, "drift.chi2_test")
    assert chi2.outcome in (Outcome.WRONG, Outcome.ERROR)
    assert "raised SystemExit" in json.dumps([c.detail for c in chi2.cases])
    assert _task(result, "drift.psi").outcome is Outcome.CORRECT


def test_hidden_inputs_never_reach_feedback(hostile):
    result = _same_alone_and_in_class(hostile, "leak")
    ks = _task(result, "drift.ks_test")
    hidden = [c for c in ks.cases if c.hidden]
    public = [c for c in ks.cases if not c.hidden]  # fixed cases and probes
    assert hidden and all(c.status is CaseStatus.RAISED and c.detail == "ValueError"
                          for c in hidden)
    assert any("inputs were" in str(c.detail) for c in public)
    for task in result.tasks:  # drift_report calls the same ks_test on its own cases
        assert all("inputs were" not in json.dumps(c.detail) for c in task.cases if c.hidden)


def test_hidden_cases_depend_on_the_code():
    nb, _ = read_submission(CONTROL)
    spaced = json.loads(json.dumps(nb))
    cell = next(c for c in spaced["cells"] if c["cell_type"] == "code")
    cell["source"] = "  " + "".join(cell["source"]) + "\n\n"
    assert code_digest(spaced) == code_digest(nb)  # layout is not new work
    changed = json.loads(json.dumps(nb))
    changed["cells"].append({"cell_type": "code", "metadata": {}, "source": "x = 1",
                             "outputs": [], "execution_count": None})
    assert code_digest(changed) != code_digest(nb)
    seed = hidden_seed(b"s", "c", "ana", "drift.psi", code_digest(nb))
    assert seed == hidden_seed(b"s", "c", "ana", "drift.psi", code_digest(spaced))
    assert seed != hidden_seed(b"s", "c", "ana", "drift.psi", code_digest(changed))


def test_reference_helpers_are_withheld(hostile):
    result = _same_alone_and_in_class(hostile, "helper")
    psi = _task(result, "drift.psi")
    assert psi.outcome is not Outcome.CORRECT and psi.points == 0
    assert "not part of what this lesson gives you" in json.dumps(
        [c.detail for c in psi.cases] + [psi.message["en"]])


def test_what_a_lesson_gives_stays_usable():
    source = (ROOT / "mlopskit" / "drift.py").read_text()
    text = public_module(source, "mlopskit.drift", graded={"psi", "chi2_test"},
                         given={"psi_categorical", "psi_severity", "DriftTestResult"})
    namespace = {"__name__": "mlopskit.drift"}
    exec(compile(text, "drift", "exec"), namespace)
    assert namespace["psi_categorical"](["a", "b"] * 10, ["a", "b"] * 10) == 0.0
    for name, words in (("psi", "reference solution"), ("_psi_from_proportions", "gives you"),
                        ("_category_counts", "gives you"), ("wasserstein", "gives you")):
        with pytest.raises(RuntimeError, match=words):
            namespace[name]()


def test_multiprocessing_pool_works_in_the_sandbox(hostile):
    result = _same_alone_and_in_class(hostile, "pool")
    assert _task(result, "drift.js_divergence").outcome is Outcome.CORRECT


def test_two_notebooks_grade_the_newest_and_say_so(hostile):
    result = _same_alone_and_in_class(hostile, "two_notebooks")
    assert result.total == result.max_total  # the newest is the complete one
    assert f"`{LESSON}-final.ipynb`" in result.notes[0]["en"]
    page = (hostile["out"] / "feedback" / "two_notebooks" / f"{LESSON}.html").read_text()
    assert f"{LESSON}-final.ipynb" in page
    assert "2 notebooks; graded the newest" in (hostile["out"] / "report.html").read_text()


def test_forbidden_modules_are_their_own_outcome(tmp_path, monkeypatch):
    import autograder.grading as grading

    real = grading.specs_for_lesson

    def with_policy(lesson):
        return [replace(s, forbidden=("scipy.stats",)) if s.task == "drift.ks_test" else s
                for s in real(lesson)]

    monkeypatch.setattr(grading, "specs_for_lesson", with_policy)
    sandbox = Sandbox(limits=LIMITS)
    try:
        # The control's ks_test calls scipy.stats (imported in the setup cell): seen at run time.
        result = grade_submission(Submission("ana", LESSON, CONTROL), sandbox=sandbox,
                                  secret=b"x")
        sneaky = tmp_path / "sneaky.ipynb"
        nb = nbformat.read(CONTROL, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell(
            "def ks_test(reference, current, *, alpha=0.05):\n"
            "    import sys, scipy.stats as st\n"
            "    sys.setprofile(None)\n"
            "    r = st.ks_2samp(reference, current)\n"
            "    return DriftTestResult(float(r.statistic), float(r.pvalue), r.pvalue < alpha)\n"))
        nbformat.write(nb, sneaky)
        tampered = grade_submission(Submission("bo", LESSON, sneaky), sandbox=sandbox,
                                    secret=b"x")
    finally:
        sandbox.close()
    for graded in (result, tampered):
        ks = _task(graded, "drift.ks_test")
        assert ks.outcome is Outcome.FORBIDDEN and ks.points == 0
        assert "scipy.stats" in ks.message["en"] and "scipy.stats" in ks.message["pt"]
        others = {t.outcome for t in graded.tasks if t.task != "drift.ks_test"}
        assert others == {Outcome.CORRECT}
    solution = {"cells": [{"cell_type": "code", "metadata": {"nbgrader": {"solution": True}},
                           "source": "from scipy.stats import ks_2samp"}]}
    assert forbidden_imports(solution, with_policy(LESSON)) == {"drift.ks_test": "scipy.stats"}
    assert forbidden_imports(solution, real(LESSON)) == {}


def test_a_sandbox_that_cannot_start_stops_the_run_and_says_so(tmp_path):
    from autograder.sandbox import SandboxError

    sandbox = Sandbox(limits=LIMITS)
    try:
        sandbox.bwrap = str(tmp_path / "no-such-bwrap")
        (tmp_path / "no-such-bwrap").write_text("#!/bin/sh\necho 'bwrap: broken' >&2\nexit 1\n")
        (tmp_path / "no-such-bwrap").chmod(0o755)
        with pytest.raises(SandboxError, match="did not start"):
            grade_submission(Submission("ana", LESSON, CONTROL), sandbox=sandbox, secret=b"x")
    finally:
        sandbox.close()

