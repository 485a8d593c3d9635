"""The ``trainer`` fixture: lesson 05's training module, as the grader gives it to tests.

With it, a class of learner-style tests collected here runs under pytest itself against the
correct module, which is what the notebook's instructions promise.
"""

import types

import pytest

from mlopskit.cicd import trainer_source


@pytest.fixture
def trainer():
    module = types.ModuleType("trainer")
    exec(compile(trainer_source(), "<trainer>", "exec"), module.__dict__)
    return module
