# One command each on a fresh machine: the first target that needs the environment
# creates .venv and installs the kit into it (again only when pyproject.toml changes).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: setup lab build test test-fast demo grade clean

SUBMISSIONS ?= autograder/sample_submissions/submitted
OUT ?= grading_output

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

lab: setup
	$(BIN)/jupyter lab lessons/

build: setup
	$(BIN)/python -m mlopskit.build

test: setup
	$(BIN)/python -m pytest

test-fast: setup
	$(BIN)/python -m pytest -m "not notebook and not grading"

grade: setup
	$(BIN)/python -m autograder grade $(SUBMISSIONS) --out $(OUT)

demo: setup
	$(BIN)/python -m autograder.demo

clean:
	rm -rf build demo_output grading_output .pytest_cache
