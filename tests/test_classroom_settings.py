"""The classroom's settings and the grader's option to write into an existing course (fast)."""

from __future__ import annotations

import stat

import pytest

from autograder import cli, gradebook
from classroom import settings
from classroom.hub import trial_password


def test_settings_default_to_a_trial_in_the_state_folder(tmp_path):
    room = settings({"MLOPSKIT_CLASSROOM_STATE": str(tmp_path)})
    assert room.users == ("instructor", "ana", "bruno", "carla")
    assert room.course_root == tmp_path / "home" / "instructor" / "course"
    assert (room.course_id, room.port) == ("mlopskit", 8000)
    room.prepare()
    assert stat.S_IMODE(room.exchange.stat().st_mode) == 0o777
    assert all(room.home(user).is_dir() for user in room.users)


@pytest.mark.parametrize("env, words", [
    ({"MLOPSKIT_STUDENTS": "ana,Bruno"}, "'Bruno' is not a usable account name"),
    ({"MLOPSKIT_STUDENTS": "ana,ana"}, "listed once"),
    ({"MLOPSKIT_INSTRUCTOR": "ana", "MLOPSKIT_STUDENTS": "ana"}, "listed once"),
    ({"MLOPSKIT_STUDENTS": "a+b"}, "not a usable account name"),
    ({"MLOPSKIT_CLASSROOM_PORT": "80a"}, "port number"),
])
def test_settings_refuse_what_nbgrader_or_the_hub_cannot_use(env, words):
    with pytest.raises(ValueError, match=words):
        settings(env)


def test_a_home_is_never_outside_the_state_folder(tmp_path):
    room = settings({"MLOPSKIT_CLASSROOM_STATE": str(tmp_path)})
    with pytest.raises(ValueError, match="not a usable account name"):
        room.home("../elsewhere")


def test_the_trial_password_is_kept_private_and_checked(tmp_path):
    room = settings({"MLOPSKIT_CLASSROOM_STATE": str(tmp_path)})
    password = trial_password(room, {})
    assert stat.S_IMODE((tmp_path / "trial-password").stat().st_mode) == 0o600
    assert trial_password(room, {}) == password
    with pytest.raises(ValueError, match="at least 8"):
        trial_password(room, {"MLOPSKIT_CLASSROOM_PASSWORD": "short"})


def test_grading_into_a_course_that_lacks_the_assignment_says_what_to_run(tmp_path, capsys):
    course = tmp_path / "course"
    (course / "submitted" / "ana" / "02_drift").mkdir(parents=True)
    (course / "submitted" / "ana" / "02_drift" / "02_drift.ipynb").write_text("{}")
    with pytest.raises(ValueError, match="classroom.course setup"):
        gradebook.existing_assignment(course, "02_drift")
    code = cli.main(["grade", str(course), "--out", str(tmp_path / "out"), "--course-dir",
                     str(course), "--no-sandbox", "--no-similarity"])
    assert code == 2 and "classroom.course setup" in capsys.readouterr().err
    assert not (tmp_path / "out" / "results").exists()  # refused before grading anything
