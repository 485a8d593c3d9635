"""Tests that start servers run only when asked: the browser tests (`make test-browser`,
i.e. ``--run-browser``) and the trial hub's (`make test-hub`, i.e. ``--run-hub``)."""

import pytest

_OPT_IN = {"browser": ("--run-browser", "browser test: run it with `make test-browser`"),
           "hub": ("--run-hub", "starts a JupyterHub: run it with `make test-hub`")}


def pytest_addoption(parser):
    parser.addoption("--run-browser", action="store_true",
                     help="run the JupyterLab tests in headless Chromium")
    parser.addoption("--run-hub", action="store_true",
                     help="run the tests that start the trial JupyterHub (classroom/)")


def pytest_collection_modifyitems(config, items):
    for marker, (option, reason) in _OPT_IN.items():
        if config.getoption(option):
            continue
        skip = pytest.mark.skip(reason=reason)
        for item in items:
            if marker in item.keywords:
                item.add_marker(skip)
