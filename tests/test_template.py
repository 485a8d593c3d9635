"""The template process: one fresh worker per submission, nothing kept between students.

Each test grades, one after the other in one sandbox (so in the same slot, forked by the
same template while it lives), submissions that try to leave something behind or to
reach the template, then well-behaved ones that look for what was left; a spy finding
anything turns a graded function wrong, so its grade shows it.
"""

import json
from pathlib import Path

import nbformat
import pytest

from autograder import grade_class
from autograder.grading import Submission, grade_submission
from autograder.sandbox import Limits, Sandbox, bwrap_path, preload_config
from mlopskit.outcomes import Outcome

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "autograder" / "sample_submissions"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text())
LESSON = "02_drift"
CONTROL = SAMPLES / "submitted" / "ana_complete" / LESSON / f"{LESSON}.ipynb"
LIMITS = Limits(case_seconds=2, cell_seconds=20, wall_seconds=60, grace_seconds=1,
                tmp_bytes=48 * 2**20, disk_bytes=48 * 2**20)

pytestmark = [pytest.mark.grading,
              pytest.mark.skipif(bwrap_path() is None, reason="bubblewrap is not installed")]

PLANT = r"""
import ctypes, os, subprocess, sys, time
for folder in ("/tmp", "/dev/shm", "."):
    with open(f"{folder}/planted", "w") as fh:
        fh.write("from the previous student")
os.makedirs("/tmp/locked/inner", exist_ok=True)
open("/tmp/locked/inner/planted", "w").close()
os.chmod("/tmp/locked/inner", 0)
os.chmod("/tmp/locked", 0)
libc = ctypes.CDLL(None, use_errno=True)
libc.shmget(0x5EED, 4096, 0o1666)          # a System V shared memory segment
libc.msgget(0x5EED, 0o1666)                # a message queue
# a process that outlives this notebook and keeps writing
subprocess.Popen([sys.executable, "-c",
                  "import os, time\nos.setsid()\nwhile True:\n"
                  "    open('/tmp/late', 'w').close()\n    time.sleep(0.05)"],
                 start_new_session=True)
os.environ["PLANTED"] = "1"
import numpy as np
np.random.seed(123)
import mlopskit
mlopskit.PLANTED = True
import scipy.stats
scipy.stats.PLANTED = True
time.sleep(0.3)
"""

SPY = r"""
import ctypes, os, time
time.sleep(0.3)
found = []
for path in ("/tmp/planted", "/dev/shm/planted", "planted", "/tmp/locked", "/tmp/late"):
    if os.path.lexists(path):
        found.append(path)
libc = ctypes.CDLL(None, use_errno=True)
if libc.shmget(0x5EED, 0, 0o666) != -1 or libc.msgget(0x5EED, 0o666) != -1:
    found.append("ipc")
mine = {os.getpid(), os.getppid(), 1}
others = [p for p in os.listdir("/proc") if p.isdigit() and int(p) not in mine]
if others:
    found.append(f"processes {others}")
if os.environ.get("PLANTED"):
    found.append("environment")
import numpy as np
state = np.random.get_state()[1][:4].tolist()
np.random.seed(123)
if np.random.get_state()[1][:4].tolist() == state:
    found.append("numpy seed")
import mlopskit, scipy.stats
if getattr(mlopskit, "PLANTED", False) or getattr(scipy.stats, "PLANTED", False):
    found.append("modules")
for what in ("mem", "environ"):
    try:
        with open(f"/proc/{os.getppid()}/{what}", "rb") as fh:
            fh.read(1)
        found.append(f"template {what}")
    except OSError:
        pass
if found:
    def js_divergence(p, q):
        raise RuntimeError(f"left behind: {found}")
"""

KILL_TEMPLATE = "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n"
STOP_TEMPLATE = "import os, signal\nos.kill(os.getppid(), signal.SIGSTOP)\n"


def _with_cell(source):
    nb = nbformat.read(CONTROL, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(source))
    return nbformat.writes(nb)


def _outcomes(result):
    return {t.task: t.outcome.value for t in result.tasks}


@pytest.fixture(scope="module")
def sequence(tmp_path_factory):
    """Grade plant, spy, kill, control, stop, control, spy in one slot, in that order."""
    folder = tmp_path_factory.mktemp("template")
    order = [("plant", PLANT), ("spy", SPY), ("kill", KILL_TEMPLATE), ("after_kill", ""),
             ("stop", STOP_TEMPLATE), ("after_stop", ""), ("spy_again", SPY)]
    sandbox = Sandbox(limits=LIMITS, prefork=True, lessons=[LESSON])
    results, templates = {}, []
    try:
        for student, source in order:
            path = folder / f"{student}.ipynb"
            path.write_text(_with_cell(source))
            results[student] = grade_submission(Submission(student, LESSON, path),
                                                sandbox=sandbox, secret=b"template")
            templates.append(tuple(id(t) for t in sandbox._templates.values()))
        assert sandbox.prefork, sandbox.prefork_note
    finally:
        sandbox.close()
    return results, templates


def test_the_spy_finds_nothing_from_the_student_before(sequence):
    results, _ = sequence
    full = EXPECTED[f"ana_complete/{LESSON}"]["outcomes"]
    assert _outcomes(results["plant"]) == full
    assert _outcomes(results["spy"]) == full, results["spy"].tasks
    assert _outcomes(results["spy_again"]) == full


def test_a_student_who_kills_or_stops_the_template_costs_no_one_else(sequence):
    results, templates = sequence
    full = EXPECTED[f"ana_complete/{LESSON}"]["outcomes"]
    assert _outcomes(results["after_kill"]) == full
    assert _outcomes(results["after_stop"]) == full
    # the stopped template finished its run (the worker said "done") and was replaced
    assert _outcomes(results["stop"]) == full
    # the killer's own run ends when its sandbox does: graded with what came back
    assert len(results["kill"].tasks) == len(results["after_kill"].tasks)
    # a new template after each, the same one otherwise
    assert templates[1] == templates[0]
    assert templates[3] != templates[1]
    assert templates[5] != templates[3]


def test_the_spy_sees_what_is_left_in_its_own_run(tmp_path):
    """Without a new process in between, the spy finds the plants: it can fail."""
    path = tmp_path / "both.ipynb"
    path.write_text(_with_cell(PLANT + "\n" + SPY))
    with Sandbox(limits=LIMITS, prefork=True, lessons=[LESSON]) as sandbox:
        result = grade_submission(Submission("both", LESSON, path), sandbox=sandbox,
                                  secret=b"template")
    js = next(t for t in result.tasks if t.task == "drift.js_divergence")
    assert js.outcome is not Outcome.CORRECT


def test_templates_and_fresh_processes_give_the_same_grades(tmp_path):
    """A small class graded both ways: every outcome and score equal."""
    students = ["ana_complete", "bruno_partial", "iris_untouched"]
    for student in students + ["carla_misconceptions"]:
        source = SAMPLES / "submitted" / student / LESSON / f"{LESSON}.ipynb"
        if source.exists():
            target = tmp_path / "in" / student / LESSON
            target.mkdir(parents=True)
            (target / source.name).write_bytes(source.read_bytes())
    runs = {}
    for prefork in (True, False):
        out = tmp_path / f"out-{prefork}"
        out.mkdir()
        (out / ".grading-secret").write_text("cd" * 32)
        run = grade_class(tmp_path / "in", out, workers=1, progress=False, limits=LIMITS,
                          find_similar=False, prefork=prefork)
        assert not any("template" in w for w in run.warnings), run.warnings
        runs[prefork] = {r.student: (_outcomes(r), r.total) for r in run.results}
    assert runs[True] == runs[False]
    for student in students:
        assert runs[True][student][0] == EXPECTED[f"{student}/{LESSON}"]["outcomes"]


def test_the_template_preloads_what_the_lessons_import():
    config = preload_config([LESSON])
    assert {"numpy", "pandas", "scipy.stats", "matplotlib.pyplot", "mlopskit.drift",
            "IPython.core.interactiveshell"} <= set(config["modules"])
    assert config["store"] is False
    assert preload_config(["00_introduction"])["store"] is True
    assert "mlflow" in preload_config(["00_introduction"])["modules"]


def test_a_template_that_cannot_be_executed_stops_the_run_and_says_so(tmp_path):
    from autograder.sandbox import SandboxError

    with Sandbox(limits=LIMITS, prefork=True, lessons=[LESSON]) as sandbox:
        sandbox.bwrap = str(tmp_path / "missing-bwrap")
        with pytest.raises(SandboxError, match="could not be started"):
            grade_submission(Submission("ana", LESSON, CONTROL), sandbox=sandbox,
                             secret=b"template")
        assert not sandbox._templates
