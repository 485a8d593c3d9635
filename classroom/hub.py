"""Start the trial hub (``make classroom``): JupyterHub on 127.0.0.1 with the classroom's accounts.

Before the hub starts, the state folder, the shared exchange and every account's home are
created, the course gets the lessons asked for (``--lesson``, in ``--lang``; lessons already
in the course are left as they are) and the URL and the trial logins are printed. The shared
password is ``MLOPSKIT_CLASSROOM_PASSWORD`` when set, else one generated on the first start
and kept in ``<state>/trial-password`` (readable by its owner only).

The process then becomes JupyterHub (same PID), with classroom/jupyterhub_config.py.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path

from classroom import HERE, settings

__all__ = ["trial_password", "main"]


def trial_password(room, environ=None):
    """The trial accounts' shared password: from the environment, else kept in the state.

    Examples
    --------
    >>> import tempfile
    >>> from classroom import settings
    >>> room = settings({"MLOPSKIT_CLASSROOM_STATE": tempfile.mkdtemp()})
    >>> first = trial_password(room, {})
    >>> len(first) >= 8 and trial_password(room, {}) == first
    True
    >>> trial_password(room, {"MLOPSKIT_CLASSROOM_PASSWORD": "a shared secret"})
    'a shared secret'
    """
    env = os.environ if environ is None else environ
    given = env.get("MLOPSKIT_CLASSROOM_PASSWORD")
    if given:
        if len(given) < 8:
            raise ValueError("MLOPSKIT_CLASSROOM_PASSWORD must have at least 8 characters "
                             "(JupyterHub's shared-password rule)")
        return given
    kept = room.state / "trial-password"
    if kept.is_file():
        return kept.read_text(encoding="utf-8").strip()
    room.state.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(9)
    descriptor = os.open(kept, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(password + "\n")
    return password


def main(argv=None):
    """Command-line entry point: ``python -m classroom.hub [--lesson ID ...] [--lang pt]``."""
    from classroom.course import setup_lesson

    parser = argparse.ArgumentParser(prog="python -m classroom.hub",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--lesson", nargs="*", default=["02_drift"],
                        help="lessons to put in the course if absent (default: 02_drift)")
    parser.add_argument("--lang", default="pt", help="the class's language: pt or en")
    args = parser.parse_args(argv)
    room = settings().prepare()
    password = trial_password(room)
    for lesson in args.lesson:
        if not (room.course_root / "source" / lesson / f"{lesson}.ipynb").exists():
            print(f"putting {lesson} ({args.lang}) in the course {room.course_root} ...",
                  flush=True)
            setup_lesson(lesson, lang=args.lang, course_root=room.course_root)
    url = f"http://127.0.0.1:{room.port}/"
    print(f"""
Trial classroom (course {room.course_id!r}): {url}
  instructor: {room.instructor}   (course folder {room.course_root}, formgrader)
  students:   {', '.join(room.students)}
  password:   {password}   (the same for every account; a trial, not a class)
  exchange:   {room.exchange}
The instructor releases with `nbgrader release_assignment <lesson>` in a terminal (or in
formgrader); grades with `python -m classroom.course grade <lesson>`. Stop with Ctrl-C.
""", flush=True)
    env = {**os.environ, "MLOPSKIT_CLASSROOM_PASSWORD": password,
           "MLOPSKIT_CLASSROOM_STATE": str(room.state)}
    hub = Path(sys.executable).parent / "jupyterhub"
    os.chdir(room.state)
    os.execve(hub, [str(hub), "-f", str(HERE / "jupyterhub_config.py")], env)


if __name__ == "__main__":
    sys.exit(main())
