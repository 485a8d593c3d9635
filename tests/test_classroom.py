"""The classroom flow, end to end, through nbgrader's exchange and the kit's grader.

As in classroom/ (without the hub, which tests/hub/ starts): the instructor puts lesson 02
(Portuguese) in the course and releases it; three students, each with their own home and
hub user name, fetch it and submit their work (the sample class's complete, partial and
untouched notebooks); the instructor collects, grades with the kit's grader into the
course's own gradebook, reads it back through nbgrader's Gradebook API and
``nbgrader export``, checks that ``nbgrader autograde`` still works on the course and
agrees, releases the feedback, and a student fetches theirs and finds their score in it.
Every nbgrader step is nbgrader's own command line, run as that user.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import nbformat
import pytest

from mlopskit.checks import specs_for_lesson
from tests._classroom import Room

# `grading` too: it runs the grader's sandbox, and is left out of `make test-fast`
pytestmark = [pytest.mark.classroom, pytest.mark.grading]

ROOT = Path(__file__).resolve().parent.parent
LESSON = "02_drift"
SAMPLES = ROOT / "autograder" / "sample_submissions"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text())
# account -> the sample hand-in that is their work
WORK = {"ana": "ana_complete", "bruno": "bruno_partial", "iris": "iris_untouched"}


def _points(sample):
    """Per check cell's grade id, the points the sample earns, from expected.json."""
    outcomes = EXPECTED[f"{sample}/{LESSON}"]["outcomes"]
    return {spec.grade_ids["check"]: (spec.points if outcomes[spec.task] == "correct" else 0)
            for spec in specs_for_lesson(LESSON)}


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    return Room(tmp_path_factory.mktemp("classroom"), students=WORK)


@pytest.fixture(scope="module")
def graded(room):
    """Everything up to the instructor's grading with the kit's grader."""
    teacher = room.settings.instructor
    room.run(teacher, sys.executable, "-m", "classroom.course", "setup", LESSON, "--lang", "pt")
    room.nbgrader(teacher, "release_assignment", LESSON)
    assert "mlopskit 02_drift" in room.nbgrader("ana", "list")
    for student, sample in WORK.items():
        room.nbgrader(student, "fetch_assignment", LESSON)
        fetched = room.settings.home(student) / LESSON / f"{LESSON}.ipynb"
        assert fetched.read_bytes() == (ROOT / "lessons" / "pt" / LESSON /
                                        f"{LESSON}.ipynb").read_bytes()
        fetched.write_bytes((SAMPLES / "submitted" / sample / LESSON /
                             f"{LESSON}.ipynb").read_bytes())
        room.nbgrader(student, "submit", LESSON)
    room.nbgrader(teacher, "collect", LESSON)
    assert sorted(p.name for p in (room.course / "submitted").iterdir()) == sorted(WORK)
    log = room.run(teacher, sys.executable, "-m", "classroom.course", "grade", LESSON)
    return log


def _gradebook_scores(course):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        scores = {student: {grade.name: grade.auto_score for grade in
                            gb.find_submission_notebook(LESSON, LESSON, student).grades}
                  for student in WORK}
        stamps = {student: gb.find_submission(LESSON, student).timestamp for student in WORK}
    return scores, stamps


def test_released_notebook_is_the_kits_lesson(room, graded):
    source = nbformat.read(room.course / "source" / LESSON / f"{LESSON}.ipynb", as_version=4)
    assert source.metadata["mlopskit"] == {"lesson": LESSON, "lang": "pt"}
    assert (room.settings.exchange / "mlopskit" / "outbound" / LESSON /
            f"{LESSON}.ipynb").read_bytes() == (ROOT / "lessons" / "pt" / LESSON /
                                                f"{LESSON}.ipynb").read_bytes()


def test_the_kits_scores_are_in_the_courses_gradebook(room, graded):
    scores, stamps = _gradebook_scores(room.course)
    for student, sample in WORK.items():
        expected = _points(sample)
        assert {k: scores[student][k] for k in expected} == expected, student
        stamp = (room.course / "submitted" / student / LESSON / "timestamp.txt").read_text()
        assert stamps[student] is not None and str(stamps[student]) in stamp
    assert sum(_points("ana_complete").values()) == 15
    assert 0 < sum(_points("bruno_partial").values()) < 15
    assert sum(_points("iris_untouched").values()) == 0
    # the collected hand-ins are left as nbgrader's collect wrote them
    for student in WORK:
        folder = room.course / "submitted" / student / LESSON
        assert sorted(p.name for p in folder.iterdir()) == [
            f"{LESSON}.ipynb", "submission_secret.txt", "timestamp.txt"]
    assert (room.course / "grading" / "report.html").is_file()


def test_nbgrader_export_lists_the_scores(room, graded):
    room.nbgrader(room.settings.instructor, "export", "--to", str(room.course / "grades.csv"))
    with open(room.course / "grades.csv", newline="") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    assert sorted(rows) == sorted(WORK)
    for student, sample in WORK.items():
        assert float(rows[student]["raw_score"]) == sum(_points(sample).values())
        assert rows[student]["assignment"] == LESSON and rows[student]["timestamp"]


def test_nbgrader_autograde_still_works_and_agrees(room, graded):
    before, _ = _gradebook_scores(room.course)
    room.nbgrader(room.settings.instructor, "autograde", LESSON, "--student", "bruno",
                  "--force")
    after, _ = _gradebook_scores(room.course)
    expected = _points("bruno_partial")
    assert {k: after["bruno"][k] for k in expected} == {k: before["bruno"][k]
                                                        for k in expected} == expected


def test_students_fetch_their_feedback_with_their_score(room, graded):
    room.nbgrader(room.settings.instructor, "release_feedback", LESSON)
    released = list((room.settings.exchange / "mlopskit" / "feedback").glob("*.html"))
    assert len(released) == len(WORK)
    room.nbgrader("bruno", "fetch_feedback", LESSON)
    pages = list((room.settings.home("bruno") / LESSON / "feedback").glob("*/*.html"))
    assert [p.name for p in pages] == [f"{LESSON}.html"]  # his own page only
    text = pages[0].read_text(encoding="utf-8")
    total = sum(_points("bruno_partial").values())
    assert "— bruno</h1>" in text and f"{total:g} / 15</strong>" in text
    assert not (room.settings.home("ana") / LESSON / "feedback").exists()
