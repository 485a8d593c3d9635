"""Task 6 of lesson 05_cicd: a CI workflow checked for what it must do
(``cicd.workflow_problems``).

Everything that defines the task sits here: its catalogued misconceptions (deliberately
wrong code: fingerprints, not solutions), its cases and its spec. The reference is
``mlopskit.cicd:workflow_problems``; the notebook cells are ``workflow_problems-*``.
"""

from __future__ import annotations

import re

import yaml

from mlopskit.checks._core import Case, Misconception, TaskSpec
from mlopskit.checks.cicd import LESSON
from mlopskit.checks.cicd._common import encode_codes
from mlopskit.cicd import DEFAULT_REQUIRED
from mlopskit.languages import bilingual as _about


def _problems(yaml_text, required=None, *, on_key_only=False, text_versions=False,
              any_ref_pinned=False, first_job_only=False, match_names=False, on_chars=False):
    required = DEFAULT_REQUIRED if required is None else required
    doc = yaml.safe_load(yaml_text)
    on = doc.get("on") if on_key_only else doc.get("on", doc.get(True))
    if on is None:
        triggers = set()
    elif isinstance(on, str):
        triggers = set(on) if on_chars else {on}
    else:
        triggers = {str(t) for t in on}
    problems = [f"trigger:{t}" for t in required.get("triggers", []) if t not in triggers]
    jobs = list((doc.get("jobs") or {}).values())
    if first_job_only:
        jobs = jobs[:1]
    steps = [s for job in jobs for s in (job or {}).get("steps") or [] if isinstance(s, dict)]
    key = "name" if match_names else "run"
    texts = [str(s.get(key, "")) for s in steps]
    for name, commands in required.get("steps", {}).items():
        if not any(c in t for t in texts for c in commands):
            problems.append(f"step:{name}")
    majors = required.get("actions", {})
    for step in steps:
        uses = step.get("uses")
        if not isinstance(uses, str) or uses.startswith(("./", "docker://")):
            continue
        action, _, ref = uses.partition("@")
        if re.fullmatch(r"[0-9a-f]{40}", ref):
            continue
        if any_ref_pinned:
            if not ref:
                problems.append(f"unpinned:{action}")
                continue
            match = re.fullmatch(r"v?(\d+)(?:\.\d+)*", ref)
            if match and action in majors and int(match.group(1)) < majors[action]:
                problems.append(f"outdated:{action}")
            continue
        match = re.fullmatch(r"v?(\d+)(?:\.\d+)*", ref)
        if not match:
            problems.append(f"unpinned:{action}")
        elif action in majors:
            if text_versions:
                if ref.lstrip("v") < str(majors[action]):
                    problems.append(f"outdated:{action}")
            elif int(match.group(1)) < majors[action]:
                problems.append(f"outdated:{action}")
    return problems


def _on_key_only(yaml_text, required=None):
    """Reads ``doc["on"]``, but YAML 1.1 turned the unquoted key ``on`` into True."""
    return _problems(yaml_text, required, on_key_only=True)


def _text_versions(yaml_text, required=None):
    """Compares versions as text: "10" sorts before "4"."""
    return _problems(yaml_text, required, text_versions=True)


def _any_ref_pinned(yaml_text, required=None):
    """Counts any ``@ref`` as pinned, a moving branch such as ``@main`` too."""
    return _problems(yaml_text, required, any_ref_pinned=True)


def _first_job_only(yaml_text, required=None):
    """Looks for the steps in the first job only."""
    return _problems(yaml_text, required, first_job_only=True)


def _match_names(yaml_text, required=None):
    """Looks for the commands in the steps' ``name:``, not in what they ``run:``."""
    return _problems(yaml_text, required, match_names=True)


def _on_chars(yaml_text, required=None):
    """Turns a single trigger written as a string into a set of its characters."""
    return _problems(yaml_text, required, on_chars=True)


SEED_WORKFLOW = """\
name: ML Pipeline
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v2
      - name: Run tests
        run: |
          python -m pytest tests/
          python validate_data.py
"""

COMPLETE = """\
name: CI
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - name: Install
        run: pip install -e .[dev]
      - name: Lint
        run: ruff check .
      - name: Validate the data contract
        run: python -m mlopskit.cicd validate data/train.csv
      - name: Tests
        run: pytest -q
      - name: Quality gate
        run: python scripts/gate.py --candidate metrics.json
"""

TWO_JOBS = """\
"on":
  - push
  - pull_request
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v10
      - run: pip install ruff && ruff check .
  test:
    needs: lint
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4.1.1
      - uses: actions/setup-python@v5
      - run: make setup && make test
      - run: python validate.py && python gate.py
"""

PINNING = """\
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@8e5e7e5ab8b370d6c329ec480221332ada57f0ab
      - uses: actions/setup-python
      - uses: some-org/deploy-action@main
      - uses: ./.github/actions/local
      - uses: docker://alpine:3.20
      - name: pytest and ruff and gate
        run: echo nothing here
"""

CUSTOM = """\
on:
  schedule:
    - cron: "0 3 * * 1"
  workflow_dispatch:
jobs:
  nightly:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v3
      - run: python retrain.py && python evaluate.py
"""


def _case(name, text, pt, en, covers=(), required=None):
    inputs = {"args": [text]}
    if required is not None:
        inputs["kwargs"] = {"required": required}
    return Case(name, inputs, about=_about(pt, en), covers=covers)


def _public_cases():
    return [
        _case("seed-workflow", SEED_WORKFLOW, "o exemplo de workflow do material de origem",
              "the source material's example workflow", covers=("`on` read as True",)),
        _case("complete", COMPLETE, "um workflow que faz tudo", "a workflow that does "
              "everything", covers=("no problems", "`on` as a mapping")),
        _case("two-jobs", TWO_JOBS, "dois jobs, chave \"on\" entre aspas, versão v10",
              "two jobs, a quoted \"on\" key, version v10",
              covers=("steps in the last job", "major version 10")),
        _case("pinning", PINNING, "SHA, ação sem versão, ramo móvel, ação local e docker",
              "a SHA, an action without a version, a moving branch, a local and a docker "
              "action", covers=("`on` as a single string", "commands only in a step name")),
        _case("custom-required", CUSTOM, "requisitos próprios: agendamento e reavaliação",
              "own requirements: a schedule and a re-evaluation",
              required={"triggers": ["schedule", "workflow_dispatch", "push"],
                        "steps": {"retrain": ["retrain"], "evaluate": ["evaluate"],
                                  "report": ["report"]},
                        "actions": {"actions/checkout": 3}},
              covers=("an action exactly at the required major",)),
    ]


def _hidden_cases(rng):
    steps = [("pip install -e .", "Install"), ("ruff check .", "Lint"),
             ("pytest -q", "Tests"), ("python validate.py", "Validate"),
             ("python gate.py", "Gate")]
    cases = []
    for i in range(4):
        chosen = [s for s in steps if rng.random() < 0.7]
        on = str(rng.choice(["on: [push, pull_request]", "on: push", '"on": [pull_request]',
                             "on:\n  push:\n  pull_request:\n    branches: [main]"]))
        checkout = str(rng.choice(["v2", "v4", "v11", "main", "v4.2.0"]))
        lines = [on, "jobs:", "  a:", "    runs-on: ubuntu-latest", "    steps:",
                 f"      - uses: actions/checkout@{checkout}"]
        split = int(rng.integers(0, len(chosen) + 1))
        for cmd, name in chosen[:split]:
            lines += [f"      - name: {name}", f"        run: {cmd}"]
        lines += ["  b:", "    runs-on: ubuntu-latest", "    steps:",
                  f"      - uses: actions/setup-python@{rng.choice(['v4', 'v5', 'v10'])}"]
        for cmd, name in chosen[split:]:
            lines += [f"      - name: {name}", f"        run: {cmd}"]
        cases.append(Case(f"hidden-{i}", {"args": ["\n".join(lines) + "\n"]}))
    return cases


SPEC = TaskSpec(
    lesson=LESSON,
    task="cicd.workflow_problems",
    number=6,
    name=_about("workflow de CI", "CI workflow"),
    entry="workflow_problems",
    points=3,
    reference="mlopskit.cicd:workflow_problems",
    encode=encode_codes,
    public_cases=_public_cases,
    hidden_cases=_hidden_cases,
    hints=[
        _about("Leia o YAML com `yaml.safe_load` e confira três coisas: quando o workflow "
               "roda (gatilhos), o que ele roda (etapas) e com que ações (versões fixadas). "
               "Cuidado: no YAML 1.1 a chave `on` sem aspas vira o booleano True.",
               "Read the YAML with `yaml.safe_load` and check three things: when the workflow "
               "runs (triggers), what it runs (steps) and with which actions (pinned "
               "versions). Careful: in YAML 1.1 the unquoted key `on` becomes the boolean "
               "True."),
        _about("`on` pode ser um texto, uma lista ou um dicionário. Junte os `run:` das etapas "
               "de TODOS os jobs. Para cada `uses:`, separe ação e versão no `@`; compare a "
               "versão maior como número inteiro.",
               "`on` can be a string, a list or a mapping. Gather the `run:` of the steps of "
               "EVERY job. For each `uses:`, split action and version at `@`; compare the "
               "major version as an integer."),
        _about("`on = doc.get('on', doc.get(True))`; `triggers = {on} if isinstance(on, str) "
               "else set(on)`; `re.fullmatch(r'v?(\\d+)(\\.\\d+)*', ref)` reconhece uma versão.",
               "`on = doc.get('on', doc.get(True))`; `triggers = {on} if isinstance(on, str) "
               "else set(on)`; `re.fullmatch(r'v?(\\d+)(\\.\\d+)*', ref)` recognises a "
               "version."),
    ],
    misconceptions=[
        Misconception("workflow_problems.on_key_only", _on_key_only, _about(
            "Todos os gatilhos sumiram: o YAML 1.1 leu a chave `on` sem aspas como o booleano "
            "True, e `doc['on']` não existe. Procure também `doc[True]`.",
            "Every trigger went missing: YAML 1.1 read the unquoted key `on` as the boolean "
            "True, so `doc['on']` does not exist. Look for `doc[True]` too.")),
        Misconception("workflow_problems.text_versions", _text_versions, _about(
            "Você comparou versões como texto: \"10\" < \"4\" em ordem alfabética. Compare a "
            "versão maior como número inteiro.",
            "You compared versions as text: \"10\" < \"4\" in alphabetical order. Compare "
            "the major version as an integer.")),
        Misconception("workflow_problems.any_ref_pinned", _any_ref_pinned, _about(
            "Um ramo como `@main` não fixa nada: ele muda a cada commit. Só uma versão ou um "
            "SHA de commit contam como fixados.",
            "A branch such as `@main` pins nothing: it moves with every commit. Only a "
            "version or a commit SHA count as pinned.")),
        Misconception("workflow_problems.first_job_only", _first_job_only, _about(
            "Você procurou as etapas só no primeiro job. Um workflow tem vários jobs; junte as "
            "etapas de todos.",
            "You looked for the steps in the first job only. A workflow has several jobs; "
            "gather the steps of all of them.")),
        Misconception("workflow_problems.match_names", _match_names, _about(
            "Você procurou os comandos no `name:` das etapas. O nome é só um rótulo; o que "
            "roda está em `run:`.",
            "You looked for the commands in the steps' `name:`. A name is only a label; "
            "what runs is in `run:`.")),
        Misconception("workflow_problems.on_chars", _on_chars, _about(
            "Com `on: push` (um texto), `set(on)` dá as LETRAS da palavra. Um gatilho único "
            "escrito como texto vale como `{on}`.",
            "With `on: push` (a string), `set(on)` gives the word's LETTERS. A single "
            "trigger written as a string counts as `{on}`.")),
    ],
)
