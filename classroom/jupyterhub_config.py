"""JupyterHub's configuration for a course on one server (``make classroom`` starts it).

The settings (state folder, accounts, course id, port, trial password) come from the
environment: see the table in classroom/__init__.py.

As configured here, for a trial:

- The hub listens on 127.0.0.1 only, on ``MLOPSKIT_CLASSROOM_PORT`` (the hub's own API
  and the proxy's API take the next two ports). To serve a classroom, put it behind an
  HTTPS reverse proxy, or set ``c.JupyterHub.ip`` and a certificate
  (``c.JupyterHub.ssl_cert`` / ``ssl_key``).
- Accounts: the instructor and the students of ``MLOPSKIT_STUDENTS``, all logging in with
  one shared password, ``MLOPSKIT_CLASSROOM_PASSWORD`` (JupyterHub's
  SharedPasswordAuthenticator, the successor of DummyAuthenticator's password). Whoever
  knows it can log in as any account: a trial, not a class.
- Every account runs as the unix user that started the hub, with its own home folder
  ``<state>/home/<user>`` (SimpleLocalProcessSpawner). Nothing separates the accounts
  from each other: again, a trial.
- Each Jupyter server reads classroom/nbgrader_config.py (course id, the exchange in
  ``<state>/exchange``, the instructor's course folder). Students also get the learner's
  settings of jupyter/learner/ (the Assignments tab and Validate; no Formgrader, Create
  Assignment or Courses); the instructor gets formgrader on the course folder.

For a real class on one server:

- Real local users: create a unix account per person (``adduser``), run the hub as root,
  and replace the authenticator and spawner below by::

      c.JupyterHub.authenticator_class = "pam"
      c.JupyterHub.spawner_class = "localprocess"   # each server runs as its own user

  Make the exchange writable by everyone (``chmod 777 <state>/exchange``, as nbgrader
  asks), keep the course folder readable by the instructor only, and export
  ``MLOPSKIT_CHECK_OWNER=1`` so that ``nbgrader collect`` warns when a submission is not
  owned by the student it names. The kit's virtual environment must be readable by all.
- Another authenticator (an institution's OAuth, LDAP...): install its package and set
  ``c.JupyterHub.authenticator_class`` and its options; keep ``allowed_users`` (or the
  authenticator's own groups) to the class list.
"""

import os
import sys
from pathlib import Path

from classroom import HERE, REPO_ROOT, settings

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

room = settings().prepare()

# -- where the hub listens: 127.0.0.1 only ------------------------------------------------
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = room.port
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = room.port + 1
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{room.port + 2}"
_proxy = HERE / ".node" / "node_modules" / ".bin" / "configurable-http-proxy"
c.ConfigurableHTTPProxy.command = [str(_proxy) if _proxy.exists()
                                   else "configurable-http-proxy"]
c.ConfigurableHTTPProxy.pid_file = str(room.state / "jupyterhub-proxy.pid")

# -- the hub's own files, in the state folder ----------------------------------------------
c.JupyterHub.db_url = f"sqlite:///{room.state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(room.state / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(room.state / "jupyterhub.pid")

# -- who may log in: the class list, with a shared trial password --------------------------
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ.get("MLOPSKIT_CLASSROOM_PASSWORD")
c.Authenticator.allowed_users = set(room.users)

# -- each account's Jupyter server: same unix user, one home folder each -------------------
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(room.state / "home" / "{username}")
c.Spawner.cmd = [str(Path(sys.executable).parent / "jupyterhub-singleuser")]
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
if os.getuid() == 0:  # containers: Jupyter refuses to run as root without it
    c.Spawner.args = ["--allow-root"]


def _config_path(spawner):
    """Students see the learner's lab (jupyter/learner/); everyone reads classroom/."""
    folders = [str(HERE)]
    if room.role(spawner.user.name) == "student":
        folders.insert(0, str(REPO_ROOT / "jupyter" / "learner"))
    return os.pathsep.join(folders)


c.Spawner.environment = {
    "JUPYTER_CONFIG_PATH": _config_path,
    **{key: value for key, value in os.environ.items()
       if key.startswith("MLOPSKIT_") and key != "MLOPSKIT_CLASSROOM_PASSWORD"},
    "MLOPSKIT_CLASSROOM_STATE": str(room.state),
}
