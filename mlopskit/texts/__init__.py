"""Everything a learner reads that code prints, in the notebook's language.

Prose lives in the notebooks' Markdown cells, one cell per language. What code shows (printed
lines, table headers, figure titles, axis labels and legends, reasons returned by a helper,
Markdown a function renders) cannot be written twice, because code cells are shared by both
languages. It comes from here instead: one catalogue per lesson, the module
``mlopskit.texts.<topic>`` with a dict ``TEXTS`` mapping a key to ``{"pt": ..., "en": ...}``,
and ``mlopskit.texts.common`` for what several lessons share (the figures of
:mod:`mlopskit.plots`, for instance).

A lesson's setup cell asks for its texts once; the language is the notebook's own (see
:func:`mlopskit.languages.detect_language`)::

    from mlopskit import texts
    T = texts.for_lesson("drift")
    print(T("batches", n=12))
    summary.rename(columns=T.columns)

Examples
--------
>>> T = for_lesson("common", lang="pt")
>>> T("reference")
'referência'
>>> for_lesson("common", lang="en")("reference")
'reference'
"""

from __future__ import annotations

import importlib
import string
from collections.abc import Mapping

from mlopskit.languages import LANGUAGES, detect_language

__all__ = ["Texts", "for_lesson", "catalogue", "check_catalogue", "TOPICS"]

#: The catalogues that exist, by topic (module name under ``mlopskit.texts``).
TOPICS = ("common", "introduction")


def catalogue(topic):
    """The raw catalogue of ``topic``: a dict of key -> {"pt": text, "en": text}.

    Examples
    --------
    >>> sorted(catalogue("common")["reference"])
    ['en', 'pt']
    """
    if not isinstance(topic, str) or not topic.isidentifier():
        raise ValueError(f"`topic` must be a lesson topic such as 'drift', got {topic!r}.")
    try:
        module = importlib.import_module(f"{__name__}.{topic}")
    except ModuleNotFoundError as error:
        if error.name != f"{__name__}.{topic}":
            raise
        raise ValueError(f"There are no texts for the topic {topic!r}: add "
                         f"mlopskit/texts/{topic}.py with a dict TEXTS.") from None
    texts = getattr(module, "TEXTS", None)
    if not isinstance(texts, dict):
        raise TypeError(f"mlopskit.texts.{topic} must define a dict TEXTS.")
    return texts


def _fields(template):
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def check_catalogue(texts):
    """Return the problems of a catalogue: missing languages, fields that differ, non-strings.

    Every key must have a text in every language, and the two texts must use the same
    ``{fields}``, so that a call that works in one language works in the other.

    Examples
    --------
    >>> check_catalogue({"a": {"pt": "{n} meses", "en": "{m} months"}})
    ["'a': the fields differ between languages: pt {'n'}, en {'m'}"]
    """
    problems = []
    for key, entry in texts.items():
        if not isinstance(entry, Mapping) or set(entry) != set(LANGUAGES):
            problems.append(f"{key!r}: needs exactly the languages {LANGUAGES}")
            continue
        if not all(isinstance(text, str) and text for text in entry.values()):
            problems.append(f"{key!r}: every text must be a non-empty string")
            continue
        fields = {lang: _fields(entry[lang]) for lang in LANGUAGES}
        if len({frozenset(f) for f in fields.values()}) > 1:
            shown = ", ".join(f"{lang} {fields[lang] or set()}" for lang in LANGUAGES)
            problems.append(f"{key!r}: the fields differ between languages: {shown}")
    return problems


class Texts(Mapping):
    """The texts of one catalogue in one language.

    Call it with a key (and the fields its text names) to get the text; use it as a mapping
    to rename table columns or index labels (``frame.rename(columns=T.columns)``): keys it
    does not know are left as they are.

    Parameters
    ----------
    texts : dict
        A catalogue: key -> {"pt": text, "en": text}.
    lang : {"pt", "en"}
        The language.

    Examples
    --------
    >>> T = Texts({"months": {"pt": "{n} meses", "en": "{n} months"}}, "pt")
    >>> T("months", n=3)
    '3 meses'
    >>> T.columns("months"), T.columns("income")
    ('{n} meses', 'income')
    """

    def __init__(self, texts, lang):
        if lang not in LANGUAGES:
            raise ValueError(f"`lang` must be one of {LANGUAGES}, got {lang!r}.")
        problems = check_catalogue(texts)
        if problems:
            raise ValueError("Malformed texts: " + "; ".join(problems))
        self._texts = texts
        self.lang = lang

    def __call__(self, key, /, **fields):
        try:
            template = self._texts[key][self.lang]
        except KeyError:
            raise KeyError(f"No text {key!r}; known keys: {sorted(self._texts)}") from None
        missing = _fields(template) - set(fields)
        if missing:
            raise KeyError(f"The text {key!r} needs the fields {sorted(missing)}.")
        return template.format(**fields) if fields or _fields(template) else template

    def __getitem__(self, key):
        return self(key)

    def __iter__(self):
        return iter(self._texts)

    def __len__(self):
        return len(self._texts)

    def columns(self, label):
        """The text of ``label`` if it is a key, else ``label`` unchanged (for ``rename``)."""
        entry = self._texts.get(label) if isinstance(label, str) else None
        return entry[self.lang] if entry else label

    def __repr__(self):
        return f"Texts({len(self)} texts, lang={self.lang!r})"


def for_lesson(topic, *, lang=None):
    """The texts of ``topic`` (e.g. "drift") in the notebook's language, or in ``lang``.

    Parameters
    ----------
    topic : str
        A catalogue: a module ``mlopskit.texts.<topic>``.
    lang : {"pt", "en"}, optional
        Defaults to the notebook's language (:func:`mlopskit.languages.detect_language`).

    Returns
    -------
    Texts

    Examples
    --------
    >>> for_lesson("common", lang="en")("after")
    'after'
    """
    return Texts(catalogue(topic), detect_language(lang))
