"""The outcome of a task and the status of a case: one vocabulary for the whole kit.

The self-check, the grader's worker, the trusted side, the reports and the gradebook
all speak these two enums. They are string enums, so they are written to JSON as their
plain values and read back with ``Outcome(value)`` / ``CaseStatus(value)``. The labels
a learner reads live here too, one table per language.

Examples
--------
>>> Outcome("correct") is Outcome.CORRECT
True
>>> outcome_label(Outcome.WRONG, "pt")
'Ainda não'
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Outcome", "CaseStatus", "LABELS", "SYMBOLS", "outcome_label"]


class Outcome(StrEnum):
    """What a learner got for one task."""

    CORRECT = "correct"
    WRONG = "wrong"
    NOT_ATTEMPTED = "not_attempted"
    ERROR = "error"
    TIMEOUT = "timeout"
    FORBIDDEN = "forbidden"          # used a module or call the task rules out


class CaseStatus(StrEnum):
    """What happened on one case of a task."""

    OK = "ok"                        # returned, and (once compared) agreed
    MISMATCH = "mismatch"            # returned a value that differs from the expected one
    RAISED = "raised"                # raised an exception
    BAD_OUTPUT = "bad_output"        # returned something that is not the task's kind of answer
    NOT_ATTEMPTED = "not_attempted"  # the stub still raises NotImplementedError
    TIMEOUT = "timeout"              # ran past the case's time limit


#: The label of each outcome, one table per language.
LABELS = {
    "pt": {Outcome.CORRECT: "Correta", Outcome.WRONG: "Ainda não",
           Outcome.NOT_ATTEMPTED: "Não tentada", Outcome.ERROR: "Erro",
           Outcome.TIMEOUT: "Tempo esgotado", Outcome.FORBIDDEN: "Recurso proibido",
           "hint": "Dica"},
    "en": {Outcome.CORRECT: "Correct", Outcome.WRONG: "Not yet",
           Outcome.NOT_ATTEMPTED: "Not attempted", Outcome.ERROR: "Error",
           Outcome.TIMEOUT: "Time limit", Outcome.FORBIDDEN: "Forbidden call",
           "hint": "Hint"},
}

#: One character per outcome, for tables printed in a terminal.
SYMBOLS = {Outcome.CORRECT: "✓", Outcome.WRONG: "✗", Outcome.NOT_ATTEMPTED: "·",
           Outcome.ERROR: "!", Outcome.TIMEOUT: "⏱", Outcome.FORBIDDEN: "⊘"}


def outcome_label(outcome, lang):
    """The label of ``outcome`` (an Outcome, its value, or ``"hint"``) in ``lang``."""
    key = outcome if outcome == "hint" else Outcome(outcome)
    return LABELS[lang][key]
