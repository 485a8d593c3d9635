"""Lesson 01's texts: the notebook only uses texts that its catalogue holds.

(That every catalogued mistake and its variants are named for every student is checked
for all lessons in tests/test_specs.py.)"""

import json
import re
from pathlib import Path

from mlopskit import texts

NOTEBOOK = Path(__file__).resolve().parents[3] / "solutions/01_governance/01_governance.ipynb"


def _code_cells():
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]


def test_the_notebook_asks_its_catalogue_for_existing_keys_only():
    catalogue = texts.catalogue("governance")
    code = "\n".join(_code_cells())
    assert 'texts.for_lesson("governance")' in code
    used = set(re.findall(r"\bT\(\s*[\"']([a-z0-9_]+)[\"']", code))
    used |= set(re.findall(r"\bT\[\s*[\"']([a-z0-9_]+)[\"']\s*\]", code))
    assert used, "the notebook prints nothing through its catalogue"
    assert used <= set(catalogue), sorted(used - set(catalogue))


def test_the_notebook_has_no_language_switch_written_by_hand():
    code = "\n".join(_code_cells())
    assert 'LANG == "en"' not in code and "LANG ==" not in code
