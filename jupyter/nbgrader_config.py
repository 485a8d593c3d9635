"""nbgrader's configuration when the kit is opened with `make lab` (which points
JUPYTER_CONFIG_PATH at this folder).

- Learners: nbgrader's Validate button runs a lesson as nbgrader would; a check cell of
  a task that is not attempted or not correct then fails, so Validate lists it.
- The Assignments and Courses menus use an exchange in a folder of your own that can be
  written (``MLOPSKIT_EXCHANGE``, default ``~/.local/share/mlopskit/exchange``), so they
  open without errors; in a classroom the hub's configuration replaces this one.
- Instructors: formgrader and "Create Assignment" see ``solutions/`` as the course's
  source folder; nbgrader's own files (gradebook, release, submitted) go to ``.nbgrader/``,
  which git ignores. The kit's build (`make build`) and grader do not read this file.
"""

import os
from pathlib import Path

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

_here = Path(__file__).resolve().parent.parent  # the repository
_state = _here / ".nbgrader"

c.CourseDirectory.course_id = "mlopskit"
c.CourseDirectory.root = str(_here)
c.CourseDirectory.source_directory = "solutions"
for _kind in ("release", "submitted", "autograded", "feedback"):
    setattr(c.CourseDirectory, f"{_kind}_directory", f".nbgrader/{_kind}")
c.CourseDirectory.db_url = f"sqlite:///{_state / 'gradebook.db'}"
try:
    _state.mkdir(exist_ok=True)
except OSError:  # a read-only checkout: formgrader cannot keep a gradebook here
    pass

_exchange = Path(os.environ.get("MLOPSKIT_EXCHANGE")
                 or Path.home() / ".local" / "share" / "mlopskit" / "exchange")
try:
    _exchange.mkdir(parents=True, exist_ok=True)
except OSError:  # a read-only home: fall back to a private temporary folder
    import tempfile

    _exchange = Path(tempfile.gettempdir()) / f"mlopskit-exchange-{os.getuid()}"
    _exchange.mkdir(parents=True, exist_ok=True)
c.Exchange.root = str(_exchange)
