"""Project-level promises: environment files in step, docs, public names."""

import importlib
import re
from pathlib import Path

import pytest
import tomllib

ROOT = Path(__file__).resolve().parent.parent


def _pip_entries(text):
    block = text.split("- pip:", 1)[1]
    return {line.strip()[2:].replace(" ", "") for line in block.splitlines()
            if line.strip().startswith("- ")}


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {r.replace(" ", "") for r in
              project["dependencies"] + project["optional-dependencies"]["dev"]}
    text = (ROOT / "environment.yml").read_text()
    listed = _pip_entries(text) - {"-e."}
    assert listed == wanted, (
        f"only in pyproject.toml: {sorted(wanted - listed)}; "
        f"only in environment.yml: {sorted(listed - wanted)}")
    assert "python=3.11" in text and "-e ." in text


def test_readme_gives_the_commands():
    readme = (ROOT / "README.md").read_text()
    for command in ("make test", "make lab", "make build", "make demo"):
        assert command in readme


@pytest.mark.parametrize("module", ["mlopskit.drift", "mlopskit.governance", "mlopskit.fairness",
                                    "mlopskit.lineage",
                                    "mlopskit.datasets", "mlopskit.plots",
                                    "mlopskit.selfcheck", "mlopskit.checks", "mlopskit.build"])
def test_public_names_are_declared_and_documented(module):
    mod = importlib.import_module(module)
    assert mod.__doc__
    for name in mod.__all__:
        obj = getattr(mod, name)
        if callable(obj) and not isinstance(obj, type(re)):
            assert obj.__doc__, f"{module}.{name} has no docstring"
