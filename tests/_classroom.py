"""Run commands as the accounts of a classroom (classroom/), the way the hub runs their servers.

Each account gets its home folder, its names (``USER``, ``LOGNAME``, the hub's
``JUPYTERHUB_USER``) and its Jupyter settings (classroom/, plus jupyter/learner/ for a
student), as classroom/jupyterhub_config.py gives its servers.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from classroom import settings

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


class Room:
    """A classroom whose state folder is ``base/state``, with these students."""

    def __init__(self, base, *, students, **variables):
        self.env = {"MLOPSKIT_CLASSROOM_STATE": str(base / "state"),
                    "MLOPSKIT_STUDENTS": ",".join(students), "MLOPSKIT_COURSE_ID": "mlopskit",
                    **variables}
        self.settings = settings(self.env).prepare()
        self.course = self.settings.course_root

    def run(self, user, *args, timeout=300):
        """Run a command as ``user``: their home, their names, their Jupyter settings."""
        home = self.settings.home(user)
        config = [str(ROOT / "classroom")]
        if self.settings.role(user) == "student":
            config.insert(0, str(ROOT / "jupyter" / "learner"))
        env = {key: value for key, value in os.environ.items()
               if not key.startswith(("JUPYTER", "MLOPSKIT_"))}
        env.update(self.env, HOME=str(home), USER=user, LOGNAME=user, JUPYTERHUB_USER=user,
                   JUPYTER_CONFIG_PATH=os.pathsep.join(config),
                   PATH=os.pathsep.join([str(BIN), env.get("PATH", "")]))
        done = subprocess.run(args, cwd=home, env=env, capture_output=True, text=True,
                              timeout=timeout)
        log = done.stdout + done.stderr
        assert done.returncode == 0, f"{user}: {' '.join(map(str, args))} failed:\n{log[-4000:]}"
        return log

    def nbgrader(self, user, *args):
        return self.run(user, str(BIN / "nbgrader"), *args)
