"""The kit taught in a classroom: JupyterHub on one server, nbgrader's exchange, the kit's grader.

Three files read the same settings, from environment variables, through :func:`settings`:
``jupyterhub_config.py`` (the hub), ``nbgrader_config.py`` (every user's nbgrader) and
:mod:`classroom.course` (the instructor's course, built from the kit, and its grading).

==============================  ==============================================================
variable                        meaning (default)
==============================  ==============================================================
``MLOPSKIT_CLASSROOM_STATE``    the state folder: ``exchange/``, ``home/<user>/``, the hub's
                                database and secrets (``classroom/.state``, git-ignored)
``MLOPSKIT_COURSE_ID``          nbgrader's course id (``mlopskit``)
``MLOPSKIT_INSTRUCTOR``         the instructor's account (``instructor``)
``MLOPSKIT_STUDENTS``           the students' accounts, comma-separated (``ana,bruno,carla``)
``MLOPSKIT_COURSE_ROOT``        the instructor's nbgrader course folder
                                (``<state>/home/<instructor>/course``)
``MLOPSKIT_CLASSROOM_PORT``     the hub's port on 127.0.0.1 (``8000``)
``MLOPSKIT_CLASSROOM_PASSWORD`` the shared password of the trial accounts (no default: the
                                hub refuses to start without it)
==============================  ==============================================================
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Classroom", "settings", "HERE", "REPO_ROOT"]

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent

_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")


def _name(value, what):
    if not _NAME.match(value):
        raise ValueError(f"{what} {value!r} is not a usable account name: use lower-case "
                         "letters, digits, '-' or '_', starting with a letter (at most 32)")
    return value


@dataclass(frozen=True)
class Classroom:
    """Where a classroom keeps its files, and who is in it.

    Attributes
    ----------
    state : Path
        The state folder (exchange, homes, the hub's database and secrets).
    course_id : str
        nbgrader's course id.
    instructor : str
        The instructor's account; the only one with formgrader and the course folder.
    students : tuple of str
        The students' accounts.
    course_root : Path
        The instructor's nbgrader course folder.
    port : int
        The hub's port on 127.0.0.1.

    Examples
    --------
    >>> room = settings({"MLOPSKIT_CLASSROOM_STATE": "/srv/room", "MLOPSKIT_STUDENTS": "ana,bo"})
    >>> room.students, str(room.exchange), str(room.home("ana"))
    (('ana', 'bo'), '/srv/room/exchange', '/srv/room/home/ana')
    >>> room.role("instructor"), room.role("ana"), str(room.course_root)
    ('instructor', 'student', '/srv/room/home/instructor/course')
    """

    state: Path
    course_id: str
    instructor: str
    students: tuple[str, ...]
    course_root: Path
    port: int

    @property
    def exchange(self) -> Path:
        """nbgrader's exchange: a folder every account can write."""
        return self.state / "exchange"

    @property
    def users(self) -> tuple[str, ...]:
        """Every account: the instructor first, then the students."""
        return (self.instructor, *self.students)

    def home(self, user) -> Path:
        """The home folder of ``user`` (the root of their Jupyter server)."""
        return self.state / "home" / _name(user, "user")

    def role(self, user) -> str:
        """``"instructor"`` for the instructor's account, else ``"student"``."""
        return "instructor" if user == self.instructor else "student"

    def prepare(self):
        """Create the state folder, the shared exchange and every account's home."""
        self.state.mkdir(parents=True, exist_ok=True)
        self.exchange.mkdir(exist_ok=True)
        # nbgrader's exchange must be writable by every account (as nbgrader's docs say)
        self.exchange.chmod(0o777)
        for user in self.users:
            self.home(user).mkdir(parents=True, exist_ok=True)
        return self


def settings(environ=None) -> Classroom:
    """The classroom described by the environment (see the module's table).

    Parameters
    ----------
    environ : mapping, optional
        Where to read the variables (default: ``os.environ``).

    Returns
    -------
    Classroom

    Raises
    ------
    ValueError
        When an account name is unusable, an account is listed twice or the port is not
        a number.
    """
    env = os.environ if environ is None else environ
    state = Path(env.get("MLOPSKIT_CLASSROOM_STATE") or HERE / ".state").absolute()
    instructor = _name(env.get("MLOPSKIT_INSTRUCTOR") or "instructor", "instructor")
    students = tuple(_name(s.strip(), "student")
                     for s in (env.get("MLOPSKIT_STUDENTS") or "ana,bruno,carla").split(",")
                     if s.strip())
    if instructor in students or len(set(students)) != len(students):
        raise ValueError(f"each account must be listed once: instructor {instructor!r}, "
                         f"students {list(students)}")
    course_id = _name(env.get("MLOPSKIT_COURSE_ID") or "mlopskit", "course id")
    root = env.get("MLOPSKIT_COURSE_ROOT")
    course_root = Path(root).absolute() if root else state / "home" / instructor / "course"
    port = env.get("MLOPSKIT_CLASSROOM_PORT") or "8000"
    if not port.isdigit():
        raise ValueError(f"MLOPSKIT_CLASSROOM_PORT must be a port number, got {port!r}")
    return Classroom(state, course_id, instructor, students, course_root, int(port))
