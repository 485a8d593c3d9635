"""Execute a lesson notebook in a fresh kernel and collect its self-check outcomes.

Used by ``make demo`` and by the project's notebook tests. This runs trusted notebooks
(the kit's own); student submissions are graded by the autograder instead.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from mlopskit.build import read_notebook

__all__ = ["ExecutedNotebook", "execute_notebook"]

_SUMMARY_MARK = "MLOPSKIT-SUMMARY:"


@dataclass
class ExecutedNotebook:
    """A notebook after execution.

    Attributes
    ----------
    notebook : nbformat.NotebookNode
        With outputs (the summary cell removed).
    checks : list of dict
        One ``{"task", "outcome", "misconception"}`` per check cell that ran.
    errors : list of (str, str)
        ``(cell id, exception name)`` for every cell that raised.
    seconds : float
        Wall-clock time of the execution.
    """

    notebook: nbformat.NotebookNode
    checks: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    seconds: float = 0.0


@contextlib.contextmanager
def _environ(**values):
    old = {k: os.environ.get(k) for k in values}
    os.environ.update({k: v for k, v in values.items() if v is not None})
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def execute_notebook(path, *, lang=None, timeout=120, allow_errors=False, cwd=None):
    """Run every cell of the notebook at ``path`` in a fresh kernel.

    Parameters
    ----------
    path : str or Path
    lang : {"pt", "en"}, optional
        Language of the self-check messages (default: detected from the path).
    timeout : int, default=120
        Seconds allowed per cell.
    allow_errors : bool, default=False
        Keep going after a cell raises (the error is recorded).
    cwd : str or Path, optional
        Working directory of the kernel (default: the notebook's folder).

    Returns
    -------
    ExecutedNotebook
    """
    path = Path(path)
    nb = read_notebook(path)
    nb.cells.append(nbformat.v4.new_code_cell(
        "import json as _json\nfrom mlopskit import selfcheck as _sc\n"
        f"print({_SUMMARY_MARK!r} + _json.dumps(_sc.summary()))",
        id="mlopskit-summary",
    ))
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", allow_errors=allow_errors,
        resources={"metadata": {"path": str(cwd or path.parent)}},
    )
    start = time.perf_counter()
    with _environ(MLOPSKIT_LANG=lang):
        client.execute()
    seconds = time.perf_counter() - start
    summary_cell = nb.cells.pop()
    checks = []
    for output in summary_cell.get("outputs", []):
        for line in output.get("text", "").splitlines():
            if line.startswith(_SUMMARY_MARK):
                checks = json.loads(line[len(_SUMMARY_MARK):])
    errors = [
        (cell.get("id"), out.get("ename"))
        for cell in nb.cells if cell.cell_type == "code"
        for out in cell.get("outputs", []) if out.get("output_type") == "error"
    ]
    return ExecutedNotebook(nb, checks, errors, seconds)
