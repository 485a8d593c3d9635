"""`make lab` and `make instructor-lab` start, as root too, and nbgrader's menus work.

Learners get Validate and Assignments without errors, and none of the instructor's menus;
instructors get Formgrader over the course's source folder.
"""

import re

import pytest

from tests._lab import running_lab

pytestmark = pytest.mark.notebook


def _page_config(html):
    found = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                      html, re.S)
    assert found, "JupyterLab's page config is missing"
    import json

    return json.loads(found.group(1))


def test_learner_lab_hides_instructor_menus_and_lists_assignments(tmp_path):
    with running_lab("lab", log_dir=tmp_path) as lab:
        status, html = lab.get("/lab")
        assert status == 200
        disabled = _page_config(html).get("disabledExtensions", [])
        for plugin in ("formgrader", "create-assignment", "course-list"):
            assert f"@jupyter/nbgrader:{plugin}" in disabled
        assert "@jupyter/nbgrader:validate-assignment" not in disabled
        assert lab.get("/formgrader")[0] == 404
        status, listing = lab.get_json("/assignments?course_id=mlopskit")
        assert status == 200 and listing["success"], listing
        status, tree = lab.get_json("/api/contents/pt")
        assert status == 200
        assert any(item["name"].startswith("01_") for item in tree["content"])
        log = lab.read_log()
    assert "No nbgrader_config.py file found" not in log
    assert "does not exist and could not be created" not in log
    assert "Running as root is not recommended" not in log or "--allow-root" not in log


def test_instructor_lab_opens_formgrader_on_the_course(tmp_path):
    with running_lab("instructor-lab", log_dir=tmp_path) as lab:
        status, body = lab.get("/formgrader")
        assert status == 200, body[:500]
        assert "not a subdirectory" not in body
        status, html = lab.get("/lab")
        assert "@jupyter/nbgrader:formgrader" not in _page_config(html).get(
            "disabledExtensions", [])
        status, tree = lab.get_json("/api/contents/solutions")
        assert status == 200
        log = lab.read_log()
    assert "not a subdirectory of the notebook server root" not in log
