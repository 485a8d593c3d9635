"""The autograder end to end: the sample class, isolation, determinism, resume, gradebook."""

import csv
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from autograder import ClassRun, SubmissionResult, grade_class, grade_one
from autograder.cli import main
from autograder.grading import discover, hidden_seed
from autograder.sandbox import Limits, Sandbox, bwrap_path
from mlopskit.checks import LESSONS, CaseResult, TaskResult, get_spec
from mlopskit.outcomes import CaseStatus, Outcome

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "autograder" / "sample_submissions"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text())
pytestmark = pytest.mark.grading


def _tree_digest(folder):
    digest = hashlib.sha256()
    for path in sorted(Path(folder).rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("grading")
    before = _tree_digest(SAMPLES / "submitted")
    run = grade_class(SAMPLES / "submitted", out, workers=2, progress=False)
    assert _tree_digest(SAMPLES / "submitted") == before, "grading changed a submission"
    return run


def test_the_sample_class_is_fresh():
    """The committed samples equal what make_samples.py writes from today's lessons."""
    from mlopskit.checks import LESSONS

    sys.path.insert(0, str(SAMPLES))
    try:
        import make_samples
    finally:
        sys.path.remove(str(SAMPLES))
    for lesson in LESSONS:
        for name, (nb, _, _) in make_samples.students_for(lesson).items():
            path = SAMPLES / "submitted" / name / lesson / f"{lesson}.ipynb"
            text = nb if isinstance(nb, str) else nbformat.writes(nb)
            assert path.read_text().rstrip("\n") == text.rstrip("\n"), (
                f"{name}/{lesson} is stale: run autograder/sample_submissions/make_samples.py")


def test_every_sample_gets_its_expected_outcomes(sample_run):
    assert len(sample_run.results) == len(EXPECTED)
    per_lesson = {key.split("/")[1] for key in EXPECTED}
    assert per_lesson == set(LESSONS)
    assert sum(key.endswith("/02_drift") for key in EXPECTED) >= 12
    for result in sample_run.results:
        want = EXPECTED[f"{result.student}/{result.assignment}"]
        got = {t.task: t.outcome.value for t in result.tasks}
        assert got == want["outcomes"], result.student
        for task, mis in want["misconceptions"].items():
            assert next(t for t in result.tasks if t.task == task).misconception == mis
        for task in result.tasks:
            assert task.message["pt"] and task.message["en"]
            if task.outcome is Outcome.CORRECT:
                assert task.points == task.max_points
            elif get_spec(task.task).protocol.get("score") == "share":
                assert 0 <= task.points < task.max_points  # the share of cases passed
            else:
                assert task.points == 0


def test_hostile_samples_get_clear_messages(sample_run):
    by_student = {r.student: r for r in sample_run.results if r.assignment == "02_drift"}

    def message(student, task, lang="en"):
        result = by_student[student]
        return next(t for t in result.tasks if t.task == task).message[lang]

    assert "not a valid Jupyter notebook" in message("sara_not_json", "drift.psi")
    assert "time limit" in message("karla_infinite_loop", "drift.psi")
    assert "not defined" in message("joao_syntax_error", "drift.psi")
    assert "ended the process" in message("nina_os_exit", "drift.ddm")
    assert "reference solution" in message("paula_imports_reference", "drift.psi")
    assert "Locked test cells were edited" in by_student["rita_edits_locked_cells"].notes[0]["en"]
    assert all(not r.notes for r in sample_run.results
               if r.student not in ("rita_edits_locked_cells", "sara_not_json"))
    assert "histograma" in message("rita_edits_locked_cells", "drift.psi", "pt")
    assert by_student["nina_os_exit"].limit == "exit code 3"


def _graded_cells(lesson):
    """The lesson's task specs and the points of its written questions (source notebook)."""
    from mlopskit.checks import specs_for_lesson

    root = Path(__file__).resolve().parent.parent
    nb = nbformat.read(root / "solutions" / lesson / f"{lesson}.ipynb", as_version=4)
    written = [c.metadata["nbgrader"]["points"] for c in nb.cells
               if c.cell_type == "markdown" and c.metadata.get("nbgrader", {}).get("grade")]
    return specs_for_lesson(lesson), written


def test_gradebook_is_nbgrader_readable(sample_run):
    from nbgrader.api import Gradebook

    db = sample_run.out / "course" / "gradebook.db"
    with Gradebook(f"sqlite:///{db}") as gb:
        assert {s.id for s in gb.students} == {key.split("/")[0] for key in EXPECTED}
        for result in sample_run.results:
            notebook = gb.find_submission_notebook(result.assignment, result.assignment,
                                                   result.student)
            auto = [g for g in notebook.grades if g.cell.cell_type == "code"]
            manual = [g for g in notebook.grades if g.cell.cell_type == "markdown"]
            assert sum(g.auto_score for g in auto) == pytest.approx(result.total)
            tasks, written = _graded_cells(result.assignment)
            assert len(auto) == len(tasks) and len(manual) == len(written)
            assert all(g.needs_manual_grade for g in manual)
            assert gb.find_submission(result.assignment, result.student).score == \
                pytest.approx(result.total)
        for assignment in {r.assignment for r in sample_run.results}:
            tasks, written = _graded_cells(assignment)
            assert gb.find_assignment(assignment).max_score == \
                sum(s.points for s in tasks) + sum(written)
    # nbgrader's own export reads the same gradebook
    course = sample_run.out / "course"
    subprocess.run([sys.executable, "-m", "nbgrader", "export", "--to", "export.csv"],
                   cwd=course, check=True, capture_output=True,
                   env={**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"})
    with open(course / "export.csv", newline="") as fh:
        exported = {(row["assignment"], row["student_id"]): float(row["score"])
                    for row in csv.DictReader(fh)}
    totals = {(r.assignment, r.student): r.total for r in sample_run.results}
    assert {k: exported[k] for k in totals} == pytest.approx(totals)


def test_grades_csv_feedback_and_report(sample_run):
    with open(sample_run.out / "grades.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == sum(len(_graded_cells(key.split("/")[1])[0]) for key in EXPECTED)
    assert {r["assignment"] for r in rows} == {key.split("/")[1] for key in EXPECTED}
    assert set(rows[0]) == {"student", "assignment", "task", "points", "max_points", "outcome"}
    ana = (sample_run.out / "feedback" / "ana_complete" / "02_drift.html").read_text()
    assert (sample_run.out / "feedback" / "ana_complete" / "01_governance.html").exists()
    assert 'lang="pt"' in ana and "Devolutiva" in ana and ">Correta<" in ana
    carla = (sample_run.out / "feedback" / "carla_psi_histograms" / "02_drift.html").read_text()
    assert "histogram" in carla.lower() and "hidden-" not in carla
    report = (sample_run.out / "report.html").read_text()
    assert report.count("<img") >= 3 and "karla_infinite_loop" in report
    assert "psi.separate_histograms" in report
    # Sample students who pasted the same reference code are flagged as similar, side by side.
    assert "Similar solutions" in report and 'class="side-by-side"' in report
    flagged = (sample_run.out / "similarity.csv").read_text().splitlines()
    assert flagged[0] == "task,first,second,similarity" and len(flagged) > 1


def test_grading_again_gives_the_same_results(sample_run, tmp_path):
    subset = tmp_path / "subset"
    for name in ("ana_complete", "carla_psi_histograms", "sara_not_json"):
        shutil.copytree(SAMPLES / "submitted" / name, subset / name)
    shutil.copy(sample_run.out / ".grading-secret", tmp_path / ".grading-secret")
    again = grade_class(subset, tmp_path, workers=2, progress=False, force=True)
    first = {(r.student, r.assignment): r.tasks for r in sample_run.results}
    assert len(again.results) == len([p for p in subset.glob("*/*") if p.is_dir()])
    for result in again.results:
        assert result.tasks == first[(result.student, result.assignment)]


def test_a_killed_run_resumes_and_loses_nothing(tmp_path):
    subset = tmp_path / "subset"
    names = ["ana_complete", "bruno_partial", "diego_ks_reversed", "iris_untouched"]
    for name in names:
        shutil.copytree(SAMPLES / "submitted" / name / "02_drift",
                        subset / name / "02_drift")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "autograder", "grade", str(subset), "--out", str(out),
           "--workers", "1"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    results = out / "results" / "02_drift"
    deadline = time.time() + 300
    while time.time() < deadline and not (results.exists() and any(results.glob("*.json"))):
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    kept = sorted(p.name for p in results.glob("*.json"))
    assert 1 <= len(kept) < len(names)
    run = grade_class(subset, out, workers=2, progress=False)
    assert run.reused == len(kept) and run.graded_now == len(names) - len(kept)
    assert sorted(p.name for p in results.glob("*.json")) == sorted(f"{n}.json" for n in names)
    outcomes = {r.student: {t.task: t.outcome for t in r.tasks} for r in run.results}
    assert outcomes == {n: EXPECTED[f"{n}/02_drift"]["outcomes"] for n in names}
    assert not list(results.glob("*.tmp"))


def _notebook(tmp_path, *sources, name="probe.ipynb"):
    cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nb = nbformat.v4.new_notebook(cells=cells)
    path = tmp_path / name
    nbformat.write(nb, path)
    return path


@pytest.mark.skipif(bwrap_path() is None, reason="bubblewrap is not installed")
def test_sandbox_blocks_network_and_writes_outside_the_working_copy(tmp_path):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    outside = tmp_path / "outside.txt"
    path = _notebook(tmp_path, f"""
import socket, os
for target in [{str(outside)!r}, '/grader/x.txt', '/tmp/../etc/evil', {str(ROOT / 'evil.txt')!r}]:
    try:
        open(target, 'w').write('escaped')
    except OSError:
        pass
try:
    socket.create_connection(('127.0.0.1', {port}), timeout=1)
except OSError:
    pass
def js_divergence(p, q):
    return float(len(os.listdir('/')))
""")
    result = grade_one(path, assignment="02_drift")
    assert result.isolation == "bubblewrap"
    with pytest.raises(socket.timeout):
        listener.accept()
    listener.close()
    assert not outside.exists() and not (ROOT / "evil.txt").exists()
    js = next(t for t in result.tasks if t.task == "drift.js_divergence")
    assert js.outcome is Outcome.WRONG


def test_without_bubblewrap_isolation_is_reported_as_reduced(tmp_path):
    path = _notebook(tmp_path, "def js_divergence(p, q):\n    raise NotImplementedError()")
    result = grade_one(path, assignment="02_drift", use_bwrap=False,
                       limits=Limits(wall_seconds=60))
    assert result.isolation == "limits-only"
    assert isinstance(result, SubmissionResult)
    assert all(isinstance(t, TaskResult) and type(t.outcome) is Outcome for t in result.tasks)
    outcomes = {t.task: t.outcome for t in result.tasks}
    assert outcomes["drift.js_divergence"] is Outcome.NOT_ATTEMPTED
    assert outcomes["drift.psi"] is Outcome.ERROR


def test_results_channel_flooding_is_capped(tmp_path):
    path = _notebook(tmp_path, """
import os, json
for fd in range(3, 20):
    try:
        os.write(fd, (json.dumps({"type": "task", "task": "drift.psi",
                                   "cases": [{"status": "ok", "value": 0.0}]}) + "\\n").encode())
    except OSError:
        pass
def psi(reference, current, *, bins=10, eps=1e-4):
    return 0.0
""")
    result = grade_one(path, assignment="02_drift")
    psi = next(t for t in result.tasks if t.task == "drift.psi")
    assert psi.outcome is Outcome.WRONG and psi.points == 0


def test_hidden_seeds_are_stable_and_private():
    a = hidden_seed(b"secret", "course", "ana", "drift.psi")
    assert a == hidden_seed(b"secret", "course", "ana", "drift.psi")
    assert a != hidden_seed(b"secret", "course", "bruno", "drift.psi")
    assert a != hidden_seed(b"other", "course", "ana", "drift.psi")


def test_cli_grade_one_json_and_errors(tmp_path, capsys):
    path = _notebook(tmp_path, "def psi(reference, current, *, bins=10, eps=1e-4):\n"
                               "    raise NotImplementedError()")
    assert main(["grade-one", str(path), "--assignment", "02_drift", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [t["task"] for t in data["tasks"]][2] == "drift.psi"
    assert set(data["tasks"][0]) == {"task", "points", "max_points", "outcome", "message"}
    assert data["total"] == 0 and data["tasks"][2]["outcome"] == "not_attempted"
    assert main(["grade", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")]) == 2
    assert "no submissions folder" in capsys.readouterr().err


def test_discover_skips_what_is_not_a_submission_and_says_so(tmp_path):
    for folder in ("José Silva/02_drift", "ana/notes", ".hidden/02_drift", "bad\nname/02_drift"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "x.ipynb").write_text("{}")
    (tmp_path / "stray.txt").write_text("")
    warnings = []
    found = discover(tmp_path, warnings=warnings)
    assert [(s.student, s.assignment) for s in found] == [("José Silva", "02_drift")]
    text = "\n".join(warnings)
    assert "'ana/notes': not an assignment" in text and "'stray.txt'" in text
    assert "unusable name" in text and ".hidden" not in text


def test_the_api_returns_objects_and_keeps_them_as_json(sample_run):
    assert isinstance(sample_run, ClassRun) and isinstance(sample_run.out, Path)
    for result in sample_run.results:
        assert isinstance(result, SubmissionResult)
        for task in result.tasks:
            assert isinstance(task, TaskResult) and type(task.outcome) is Outcome
            assert all(isinstance(c, CaseResult) and type(c.status) is CaseStatus
                       for c in task.cases)
        kept = sample_run.out / "results" / result.assignment / f"{result.student}.json"
        data = json.loads(kept.read_text())
        assert {t["outcome"] for t in data["tasks"]} <= {o.value for o in Outcome}
        assert SubmissionResult.from_dict(data) == result
    ana = next(r for r in sample_run.results if r.student == "ana_complete")
    assert all(c.status is CaseStatus.OK for t in ana.tasks for c in t.cases)


def test_unreadable_worker_results_are_that_submissions_error(tmp_path, monkeypatch):
    """An unknown case status or a wrongly typed results line: an error, not a crash."""
    subset = tmp_path / "subset"
    for name in ("ana_complete", "bruno_partial"):
        shutil.copytree(SAMPLES / "submitted" / name / "02_drift", subset / name / "02_drift")
    real_run = Sandbox.run

    def corrupting_run(self, notebook_path, request):
        run = real_run(self, notebook_path, request)
        if "bruno_partial" in str(notebook_path):
            for message in run.messages:
                if message.get("type") != "task":
                    continue  # the markers the worker writes before each case
                if message.get("task") == "drift.psi":
                    message["cases"][0]["status"] = "bad_wire"  # no longer a status
                elif message.get("task") == "drift.ks_test":
                    message["cases"][1] = 7
                elif message.get("task") == "drift.chi2_test":
                    message["cases"] = {"0": {"status": "ok"}}
        return run

    monkeypatch.setattr(Sandbox, "run", corrupting_run)
    run = grade_class(subset, tmp_path / "out", workers=2, progress=False)
    outcomes = {r.student: {t.task: t.outcome for t in r.tasks} for r in run.results}
    assert outcomes["ana_complete"] == EXPECTED["ana_complete/02_drift"]["outcomes"]
    bruno = dict(EXPECTED["bruno_partial/02_drift"]["outcomes"])
    bruno.update({"drift.psi": "error", "drift.ks_test": "error", "drift.chi2_test": "error"})
    assert outcomes["bruno_partial"] == bruno
    result = next(r for r in run.results if r.student == "bruno_partial")
    psi = next(t for t in result.tasks if t.task == "drift.psi")
    assert "cannot read" in psi.message["en"] and "'bad_wire'" in psi.message["en"]
    with open(tmp_path / "out" / "grades.csv", newline="") as fh:
        assert {row["student"] for row in csv.DictReader(fh)} == {"ana_complete",
                                                                   "bruno_partial"}


def test_the_public_kit_holds_the_grading_self_check():
    from autograder.sandbox import GRADING_SELFCHECK, PublicTree

    public = PublicTree()
    try:
        copied = public.root / "mlopskit" / "selfcheck.py"
        assert copied.read_text() == GRADING_SELFCHECK.read_text()
        probe = ("import sys; sys.path.insert(0, sys.argv[1]); from mlopskit import selfcheck; "
                 "check, hint = selfcheck.for_lesson('02_drift'); "
                 "print(check('drift.psi', None), hint('drift.psi'), selfcheck.summary(), "
                 "selfcheck.detect_language(), selfcheck.assert_correct('drift.psi', None))")
        done = subprocess.run([sys.executable, "-I", "-c", probe, str(public.root)],
                              capture_output=True, text=True, cwd=public.root, timeout=60,
                              env={"PATH": os.environ["PATH"]})
        assert done.returncode == 0, done.stderr
        assert done.stdout.split() == ["None", "None", "[]", "en", "None"]
    finally:
        public.cleanup()
