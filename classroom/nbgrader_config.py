"""nbgrader's configuration for every account of the classroom (see classroom/__init__.py).

The hub puts this folder on each user's ``JUPYTER_CONFIG_PATH``, so nbgrader's command line
and the Assignments tab, Validate and formgrader all read it. Who is running is the hub's
``JUPYTERHUB_USER`` (outside the hub, e.g. ``python -m classroom.course``: the instructor).

- Everyone: the course id, the exchange (a shared folder in the state folder) and the same
  solution stub as the kit's build, so that ``nbgrader generate_assignment`` in the course
  gives the kit's own student notebook.
- The instructor: the course folder (``source/``, ``release/``, ``submitted/``,
  ``autograded/``, ``feedback/``, ``gradebook.db``) and formgrader.
- A student: their student id is their hub account. nbgrader would otherwise name a
  submission after the unix account, which is shared by everyone on a trial hub
  (SimpleLocalProcessSpawner); with real local users (LocalProcessSpawner) both agree.
"""

import os

from classroom import settings

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

room = settings()
user = os.environ.get("JUPYTERHUB_USER") or room.instructor

c.CourseDirectory.course_id = room.course_id
c.Exchange.root = str(room.exchange)
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}

if room.role(user) == "instructor":
    c.CourseDirectory.root = str(room.course_root)
    # A trial hub runs every account as one unix user, so the owner of a submission
    # cannot tell who handed it in; with real local users, leave the check on.
    c.CollectApp.check_owner = bool(os.environ.get("MLOPSKIT_CHECK_OWNER"))
else:
    c.CourseDirectory.student_id = user
