"""Grading on a Dask LocalCluster gives the grades of a local run, and resumes."""

import shutil
from pathlib import Path

import pytest

from autograder import grade_class
from autograder.distributed import cluster_client

pytest.importorskip("distributed")

SAMPLES = Path(__file__).resolve().parent.parent / "autograder" / "sample_submissions"
STUDENTS = ("ana_complete", "carla_psi_histograms", "sara_not_json")


def _class(tmp_path):
    folder = tmp_path / "submitted"
    for name in STUDENTS:
        for assignment in (SAMPLES / "submitted" / name).iterdir():
            if assignment.name == "02_drift":
                shutil.copytree(assignment, folder / name / assignment.name)
    return folder


def _grades(run):
    return {(r.student, r.assignment): [(t.task, t.outcome, t.points) for t in r.tasks]
            for r in run.results}


@pytest.mark.grading
def test_two_local_workers_give_the_grades_of_a_local_run(tmp_path):
    submissions = _class(tmp_path)
    local = grade_class(submissions, tmp_path / "local", workers=2, progress=False,
                        find_similar=False)
    shutil.copy(tmp_path / "local" / ".grading-secret", tmp_path / "secret")
    (tmp_path / "cluster").mkdir()
    shutil.copy(tmp_path / "secret", tmp_path / "cluster" / ".grading-secret")
    remote = grade_class(submissions, tmp_path / "cluster", scheduler="local:2",
                         progress=False, find_similar=False)
    assert remote.graded_now == len(STUDENTS)
    assert _grades(remote) == _grades(local)
    assert (tmp_path / "cluster" / "course" / "gradebook.db").exists()
    # Everything kept: a second run (after a kill, say) grades nothing again.
    again = grade_class(submissions, tmp_path / "cluster", scheduler="local:2",
                        progress=False, find_similar=False)
    assert again.graded_now == 0 and _grades(again) == _grades(local)


@pytest.mark.parametrize("bad", ["", "local:0", "local:two", "host:8786", 3])
def test_a_malformed_scheduler_is_named(bad):
    with pytest.raises(ValueError, match="scheduler|local"):
        with cluster_client(bad):
            pass
