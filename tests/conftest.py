"""The browser tests run only when asked (`make test-browser`, i.e. ``--run-browser``)."""

import pytest


def pytest_addoption(parser):
    parser.addoption("--run-browser", action="store_true",
                     help="run the JupyterLab tests in headless Chromium")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--run-browser"):
        return
    skip = pytest.mark.skip(reason="browser test: run it with `make test-browser`")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
