# One command each on a fresh machine: the first target that needs the environment
# creates .venv and installs the kit into it (again only when pyproject.toml changes).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: setup lab instructor-lab classroom build test test-fast test-browser test-classroom test-seeds \
  test-hub demo grade lesson task clean

SUBMISSIONS ?= autograder/sample_submissions/submitted
OUT ?= grading_output

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# As root (containers, lab machines) Jupyter refuses to start without --allow-root.
LAB_ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)

# Extra options for jupyter, e.g. LAB_ARGS="--port=8899 --no-browser"; LAB_ROOT is the
# folder the learner's lab shows.
LAB_ARGS ?=
LAB_ROOT ?= lessons

# Learners see lessons/ and nbgrader's Validate and Assignments; the instructor's menus
# (Formgrader, Create Assignment, Courses) are hidden (jupyter/learner/).
lab: setup
	JUPYTER_CONFIG_PATH="$(CURDIR)/jupyter/learner:$(CURDIR)/jupyter" $(BIN)/jupyter lab \
	  --ServerApp.ip=127.0.0.1 --ServerApp.root_dir="$(LAB_ROOT)" $(LAB_ROOT_FLAG) $(LAB_ARGS)

# Instructors see the whole course (solutions/ is nbgrader's source folder), with
# Formgrader and Create Assignment.
instructor-lab: setup
	JUPYTER_CONFIG_PATH="$(CURDIR)/jupyter" $(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 \
	  --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/solutions $(LAB_ROOT_FLAG) $(LAB_ARGS)

# A trial classroom on 127.0.0.1: JupyterHub (the `classroom` extra) with an instructor and
# a few students sharing one password, nbgrader's exchange in classroom/.state/ (git-ignored)
# and lesson 02 released from the instructor's course. Settings: classroom/__init__.py, e.g.
# MLOPSKIT_CLASSROOM_PORT=8000 MLOPSKIT_STUDENTS=ana,bruno,carla MLOPSKIT_CLASSROOM_PASSWORD=...
# configurable-http-proxy (the hub's proxy) comes from npm into classroom/.node/.
CLASSROOM_STAMP := $(VENV)/.installed-classroom
PROXY := classroom/.node/node_modules/.bin/configurable-http-proxy
CLASSROOM_LESSONS ?= 02_drift
CLASSROOM_LANG ?= pt

$(CLASSROOM_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,classroom]'
	@touch $(CLASSROOM_STAMP)

$(PROXY):
	@command -v npm >/dev/null || { echo "make classroom needs Node.js and npm (Debian packages nodejs and npm)" >&2; exit 2; }
	npm install --prefix classroom/.node --no-audit --no-fund --no-save configurable-http-proxy@5

classroom: $(CLASSROOM_STAMP) $(PROXY)
	$(BIN)/python -m classroom.hub --lesson $(CLASSROOM_LESSONS) --lang $(CLASSROOM_LANG)

# The classroom flow through nbgrader's exchange as each user (no hub; also in `make test`),
# and the trial hub itself (skipped, saying why, when npm cannot install the proxy).
test-classroom: setup
	$(BIN)/python -m pytest tests/test_classroom.py

test-hub: $(CLASSROOM_STAMP)
	$(BIN)/python -m pytest tests/hub --run-hub

build: setup
	$(BIN)/python -m mlopskit.build

# The fast tests on every core (pytest-xdist), then the notebooks and the sandboxed grading,
# also on every core but one test file per worker, so that a file's shared class run is
# graded once.
test: setup
	$(BIN)/python -m pytest -n auto -m "not notebook and not grading"
	$(BIN)/python -m pytest -n auto --dist loadfile -m "notebook or grading"

# JupyterLab in headless Chromium, each lesson in each language (screenshots: build/browser/).
# Uses the system's chromium (Debian package `chromium`; installed here when run as root).
BROWSER_STAMP := $(VENV)/.installed-browser
CHROMIUM ?= $(shell command -v chromium || command -v chromium-browser)

$(BROWSER_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,browser]'
	@touch $(BROWSER_STAMP)

test-browser: $(BROWSER_STAMP)
	@if [ -z "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "test-browser needs Chromium: install Debian's 'chromium' package" >&2; exit 2; fi; \
	fi
	$(BIN)/python -m pytest tests/browser --run-browser

# Every catalogued mistake caught and named alike for 20 student seeds (make test tries 5).
test-seeds: setup
	MLOPSKIT_SEEDS=20 $(BIN)/python -m pytest -n auto tests/test_specs.py -k "every_seed"

test-fast: setup
	$(BIN)/python -m pytest -m "not notebook and not grading"

grade: setup
	$(BIN)/python -m autograder grade $(SUBMISSIONS) --out $(OUT)

demo: setup
	$(BIN)/python -m autograder.demo

# make lesson ID=07_example TITLE="An example"   /   make task LESSON=07_example NAME=share_below [POINTS=2]
lesson: setup
	@test -n "$(ID)" -a -n "$(TITLE)" || { echo 'usage: make lesson ID=07_example TITLE="An example"'; exit 2; }
	$(BIN)/python -m mlopskit.scaffold lesson "$(ID)" --title "$(TITLE)"

task: setup
	@test -n "$(LESSON)" -a -n "$(NAME)" || { echo 'usage: make task LESSON=07_example NAME=share_below [POINTS=2]'; exit 2; }
	$(BIN)/python -m mlopskit.scaffold task "$(LESSON)" "$(NAME)" --points "$(or $(POINTS),1)"

clean:
	rm -rf build demo_output grading_output .pytest_cache
