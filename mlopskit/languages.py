"""The kit's languages, and how the language of a notebook is found.

Every learner-facing text exists in Brazilian Portuguese (``"pt"``) and English
(``"en"``). The self-check, the build, the grader and the command line all ask this
module which language a notebook speaks, in this order:

1. an explicit choice (a ``lang`` argument);
2. the notebook's own metadata, ``metadata.mlopskit.lang``, which the build writes
   (inside Jupyter the kernel finds its notebook through ``JPY_SESSION_NAME``);
3. a ``pt`` or ``en`` folder in the notebook's path (``lessons/pt/...``);
4. the ``MLOPSKIT_LANG`` environment variable;
5. English.

Examples
--------
>>> language_of_notebook({"metadata": {"mlopskit": {"lang": "pt"}}})
'pt'
>>> detect_language(cwd="/course/lessons/en/02_drift", session_path="")
'en'
>>> bilingual("Olá", "Hello")["en"]
'Hello'
"""

from __future__ import annotations

import json
import os
from pathlib import Path

__all__ = ["LANGUAGES", "DEFAULT", "ENV_VAR", "bilingual", "check_language",
           "language_of_notebook", "language_of_path", "detect_language"]

#: Every language of the kit, in the order the build writes them.
LANGUAGES = ("pt", "en")
#: The language used when nothing says otherwise.
DEFAULT = "en"
#: The environment variable that sets the language when nothing closer does.
ENV_VAR = "MLOPSKIT_LANG"

_MAX_NOTEBOOK_BYTES = 50 * 1024**2


def bilingual(pt, en):
    """A learner-facing text in both languages, as the kit passes them around."""
    return {"pt": pt, "en": en}


def check_language(lang):
    """Return ``lang`` if the kit speaks it, else raise ValueError naming the choices."""
    if lang not in LANGUAGES:
        raise ValueError(f"`lang` must be one of {LANGUAGES}, got {lang!r}.")
    return lang


def language_of_notebook(nb):
    """The language recorded in a notebook's metadata (a dict or NotebookNode), or None."""
    meta = nb.get("metadata") if isinstance(nb, dict) else None
    kit = meta.get("mlopskit") if isinstance(meta, dict) else None
    lang = kit.get("lang") if isinstance(kit, dict) else None
    return lang if lang in LANGUAGES else None


def language_of_path(path):
    """The language named by a ``pt`` or ``en`` folder in ``path`` (innermost wins), or None."""
    for part in reversed(Path(path).parts):
        if part in LANGUAGES:
            return part
    return None


def _notebook_file_language(path):
    try:
        path = Path(path)
        if not path.is_file() or path.stat().st_size > _MAX_NOTEBOOK_BYTES:
            return None
        return language_of_notebook(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


def detect_language(lang=None, *, notebook=None, session_path=None, cwd=None):
    """Pick the language of a notebook (see the module docstring for the order).

    Parameters
    ----------
    lang : {"pt", "en"}, optional
        An explicit choice; wins over everything else.
    notebook : dict, optional
        The notebook itself, when the caller has it (the build, the grader).
    session_path : str, optional
        The notebook's path; defaults to ``JPY_SESSION_NAME``, which Jupyter sets in a
        kernel's environment.
    cwd : str, optional
        The working folder; defaults to the current one (Jupyter starts kernels in the
        notebook's folder).

    Returns
    -------
    str
    """
    if lang is not None:
        return check_language(lang)
    if notebook is not None:
        found = language_of_notebook(notebook)
        if found:
            return found
    if session_path is None:
        session_path = os.environ.get("JPY_SESSION_NAME", "")
    if session_path:
        path = Path(session_path)
        if not path.is_absolute() and cwd is None:
            candidate = Path.cwd() / path.name
            path = candidate if candidate.exists() else path
        found = _notebook_file_language(path) or language_of_path(path)
        if found:
            return found
    found = language_of_path(cwd if cwd is not None else os.getcwd())
    if found:
        return found
    env = os.environ.get(ENV_VAR)
    return env if env in LANGUAGES else DEFAULT
