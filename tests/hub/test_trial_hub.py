"""The trial hub (`make classroom`) on 127.0.0.1: a student logs in, and uses the Assignments API.

Started as `make classroom` starts it (``python -m classroom.hub``), with its state in a
temporary folder and free ports. The instructor releases lesson 02 with nbgrader's command
line; the student logs in through the hub's login form with the shared trial password, the
hub starts their Jupyter server, and the single-user server's nbgrader API lists the
assignment, fetches and submits it, under the student's hub name. The student's server has
no formgrader; the instructor then sees the submission in the exchange, and has formgrader
on the course. Then, in headless Chromium (when Playwright and Debian's chromium are
there), another student logs in through the form, opens Nbgrader > Assignment List, and
presses Fetch and Submit (screenshots: ``build/browser/hub/``).

Runs only when asked: `make test-hub` (``--run-hub``). Skipped, saying why, when
JupyterHub or configurable-http-proxy cannot be had.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time

import pytest

from tests._classroom import ROOT, Room

try:
    from tests.browser.test_learner_lab import CHROMIUM_FLAGS
except ImportError:  # Playwright is not installed
    CHROMIUM_FLAGS = None

pytestmark = pytest.mark.hub

LESSON = "02_drift"
PROXY = ROOT / "classroom" / ".node" / "node_modules" / ".bin" / "configurable-http-proxy"


def _free_ports(count=3):
    """A port p with p .. p+count-1 free on 127.0.0.1 (the hub, its API, the proxy's API)."""
    for _ in range(50):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            base = sock.getsockname()[1]
        if base + count > 65535:
            continue
        try:
            with contextlib.ExitStack() as stack:
                for offset in range(1, count):
                    extra = stack.enter_context(socket.socket())
                    extra.bind(("127.0.0.1", base + offset))
            return base
        except OSError:
            continue
    raise RuntimeError("no free ports on 127.0.0.1")


def _ensure_proxy():
    if PROXY.exists():
        return
    done = subprocess.run(["make", "-s", str(PROXY.relative_to(ROOT))], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    if done.returncode != 0 or not PROXY.exists():
        pytest.skip("configurable-http-proxy cannot be installed with npm: "
                    + (done.stdout + done.stderr)[-500:])


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    pytest.importorskip("jupyterhub", reason="JupyterHub is missing: `make test-hub` "
                        "installs the `classroom` extra")
    _ensure_proxy()
    base = tmp_path_factory.mktemp("hub")
    port, password = _free_ports(), secrets.token_urlsafe(12)
    room = Room(base, students=["ana", "bruno"], MLOPSKIT_CLASSROOM_PORT=str(port),
                MLOPSKIT_CLASSROOM_PASSWORD=password)
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("JUPYTER", "MLOPSKIT_"))}
    env.update(room.env)
    log = base / "hub.log"
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "classroom.hub", "--lesson", LESSON],
                                   cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    import requests

    try:
        deadline = time.monotonic() + 300
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the hub exited ({process.returncode}):\n"
                                   + log.read_text(errors="replace")[-3000:])
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{url}/hub/api/", timeout=5).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("the hub did not answer:\n"
                                   + log.read_text(errors="replace")[-3000:])
            time.sleep(1)
        room.nbgrader(room.settings.instructor, "release_assignment", LESSON)
        yield room, url, password, log
    finally:
        # JupyterHub stops the servers it started and its proxy when it is stopped
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        pid_file = room.settings.state / "jupyterhub-proxy.pid"
        if pid_file.exists():  # the proxy this hub started, if it outlived the hub
            with contextlib.suppress(ValueError, ProcessLookupError, PermissionError):
                os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)


def _login(url, user, password):
    import requests

    session = requests.Session()
    page = session.get(f"{url}/hub/login", timeout=30)
    token = re.search(r'name="_xsrf" value="([^"]+)"', page.text)
    data = {"username": user, "password": password, **({"_xsrf": token.group(1)} if token
                                                         else {})}
    answer = session.post(f"{url}/hub/login?next=/hub/home", data=data, timeout=30)
    assert answer.status_code == 200 and "jupyterhub-session-id" in session.cookies, \
        answer.text[:500]
    return session


def _server(session, url, user, log, timeout=240):
    """Start ``user``'s server through the hub and wait until its API answers."""
    session.get(f"{url}/hub/spawn/{user}", timeout=60)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = session.get(f"{url}/user/{user}/lab", timeout=60)
        if answer.status_code == 200 and answer.url.startswith(f"{url}/user/{user}/"):
            # the server's own XSRF cookie (the hub keeps another one, on /hub/)
            session.headers["X-XSRFToken"] = next(
                (c.value for c in session.cookies
                 if c.name == "_xsrf" and c.path.startswith(f"/user/{user}")), "")
            return answer.text
        time.sleep(2)
    raise AssertionError(f"{user}'s server did not start:\n"
                         + log.read_text(errors="replace")[-3000:])


def test_a_student_logs_in_and_fetches_and_submits_through_the_hub(hub):
    room, url, password, log = hub
    import requests

    wrong = requests.Session()
    page = wrong.get(f"{url}/hub/login", timeout=30)
    token = re.search(r'name="_xsrf" value="([^"]+)"', page.text)
    refused = wrong.post(f"{url}/hub/login", timeout=30, data={
        "username": "ana", "password": password + "x",
        **({"_xsrf": token.group(1)} if token else {})})
    assert "jupyterhub-session-id" not in wrong.cookies, refused.status_code

    session = _login(url, "ana", password)
    lab = _server(session, url, "ana", log)
    # the learner's lab: nbgrader's instructor menus are disabled, formgrader is absent
    assert "@jupyter/nbgrader:formgrader" in lab
    assert session.get(f"{url}/user/ana/formgrader", timeout=30).status_code == 404

    api = f"{url}/user/ana/assignments"
    listed = session.get(api, params={"course_id": "mlopskit"}, timeout=60)
    assert listed.status_code == 200, listed.text[:500]
    assert [(a["assignment_id"], a["status"]) for a in listed.json()["value"]] == [
        (LESSON, "released")]
    fetched = session.post(f"{api}/fetch", timeout=120,
                           data={"course_id": "mlopskit", "assignment_id": LESSON})
    assert fetched.status_code == 200, fetched.text[:500]
    assert (room.settings.home("ana") / LESSON / f"{LESSON}.ipynb").is_file()
    submitted = session.post(f"{api}/submit", timeout=120,
                             data={"course_id": "mlopskit", "assignment_id": LESSON})
    assert submitted.status_code == 200, submitted.text[:500]
    statuses = {a["status"] for a in session.get(api, params={"course_id": "mlopskit"},
                                                 timeout=60).json()["value"]}
    assert "submitted" in statuses, statuses

    inbound = room.nbgrader(room.settings.instructor, "list", "--inbound")
    assert re.search(r"mlopskit ana 02_drift", inbound), inbound


def test_the_instructor_has_formgrader_on_the_course(hub):
    room, url, password, log = hub
    teacher = room.settings.instructor
    session = _login(url, teacher, password)
    _server(session, url, teacher, log)
    assert session.get(f"{url}/user/{teacher}/formgrader", timeout=60).status_code == 200
    answer = session.get(f"{url}/user/{teacher}/formgrader/api/assignments", timeout=60)
    assert answer.status_code == 200, answer.text[:500]
    assert LESSON in {a["name"] for a in answer.json()}


def test_a_student_fetches_and_submits_in_chromium(hub):
    room, url, password, log = hub
    import shutil

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if CHROMIUM_FLAGS is None or executable is None:
        pytest.skip("needs Playwright (the `browser` extra) and Debian's chromium")
    from playwright.sync_api import sync_playwright

    shots = ROOT / "build" / "browser" / "hub"
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True,
                                              args=CHROMIUM_FLAGS)
        try:
            page = chromium.new_page(viewport={"width": 1280, "height": 800})
            page.set_default_timeout(120_000)
            page.goto(f"{url}/hub/login")
            page.fill("input[name=username]", "bruno")
            page.fill("input[name=password]", password)
            page.click("#login_submit")
            page.wait_for_url(re.compile(r".*/user/bruno/lab.*"), timeout=300_000)
            page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
            page.locator(".lm-Menu-itemLabel", has_text="Assignment List").click()
            fetch = page.locator("#nbgrader-assignment-list button", has_text="Fetch")
            fetch.wait_for()
            page.screenshot(path=str(shots / "1-released.png"))
            fetch.click()
            submit = page.locator("#nbgrader-assignment-list button", has_text="Submit")
            submit.first.wait_for()
            page.screenshot(path=str(shots / "2-fetched.png"))
            submit.first.click()
            deadline = time.monotonic() + 120
            inbound = room.settings.exchange / "mlopskit" / "inbound"
            while not list(inbound.glob("bruno+02_drift+*")):
                assert time.monotonic() < deadline, "bruno's submission never reached the exchange"
                time.sleep(1)
            page.screenshot(path=str(shots / "3-submitted.png"))
        finally:
            chromium.close()
    assert (room.settings.home("bruno") / LESSON / f"{LESSON}.ipynb").is_file()
