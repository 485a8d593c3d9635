"""Grading results as objects: round trips, one label table, one language module, the API."""

import dataclasses
import inspect
import json
import typing

import pytest

import autograder
from autograder import _grading_selfcheck as grading_selfcheck
from autograder import api, cli, reports
from autograder.grading import SubmissionResult, messages, submission_language
from mlopskit import selfcheck
from mlopskit.checks import CaseResult, TaskResult
from mlopskit.outcomes import LABELS, SYMBOLS, CaseStatus, Outcome


def _result(lang="en"):
    tasks = [
        TaskResult(task, outcome, 2.0 if outcome is Outcome.CORRECT else 0.0, 2.0,
                   {"pt": f"mensagem {i}", "en": f"message {i}"},
                   "psi.separate_histograms" if outcome is Outcome.WRONG else None,
                   [CaseResult(f"case-{j}", j % 2 == 1, status,
                               None if status is CaseStatus.OK else "detail")
                    for j, status in enumerate(CaseStatus)])
        for i, (task, outcome) in enumerate(zip(
            ["drift.psi", "drift.ks_test", "drift.chi2_test", "drift.js_divergence",
             "drift.expected_calibration_error", "drift.ddm"], Outcome))
    ]
    return SubmissionResult("ana", "02_drift", lang, tasks, "bubblewrap", 1.25,
                            [messages("locked")], None)


def test_results_survive_a_json_round_trip_with_their_enums():
    result = _result()
    data = json.loads(json.dumps(result.to_dict()))
    assert [t["outcome"] for t in data["tasks"]] == [o.value for o in Outcome]
    assert [c["status"] for c in data["tasks"][0]["cases"]] == [s.value for s in CaseStatus]
    assert data["total"] == 2.0 and data["max_total"] == 2.0 * len(Outcome)
    back = SubmissionResult.from_dict(data)
    assert back == result
    assert [t.outcome for t in back.tasks] == list(Outcome)
    assert all(type(t.outcome) is Outcome for t in back.tasks)
    assert all(type(c.status) is CaseStatus for t in back.tasks for c in t.cases)
    assert back.tasks[0].cases[0].status is CaseStatus.OK
    assert TaskResult.from_dict(result.tasks[1].to_dict()) == result.tasks[1]


def test_results_kept_by_an_earlier_run_are_read_back(tmp_path):
    kept = {"student": "sara", "assignment": "02_drift", "lang": "en", "isolation": "bubblewrap",
            "seconds": 0.0, "notes": ["invalid notebook"], "limit": None, "total": 0.0,
            "max_total": 2.0,
            "tasks": [{"task": "drift.psi", "outcome": "error", "points": 0.0, "max_points": 2.0,
                       "misconception": None, "message": {"pt": "x", "en": "y"}, "cases": []}]}
    path = tmp_path / "sara.json"
    path.write_text(json.dumps(kept))
    result = api.load_result(path)
    assert result.tasks[0].outcome is Outcome.ERROR and result.total == 0.0
    assert result.notes == [{"pt": "invalid notebook", "en": "invalid notebook"}]
    for damaged in ("{", "[]", json.dumps({**kept, "tasks": [{"task": "drift.psi"}]}),
                    json.dumps({**kept, "tasks": [{**kept["tasks"][0], "outcome": "maybe"}]})):
        path.write_text(damaged)
        assert api.load_result(path) is None  # graded again rather than trusted
    assert api.load_result(tmp_path / "nowhere.json") is None


def _parameters(function):
    signature = inspect.signature(function)
    return str(signature.replace(return_annotation=inspect.Signature.empty))


def test_the_public_api():
    assert set(autograder.__all__) >= {"grade_class", "grade_one", "ClassRun",
                                       "SubmissionResult", "Outcome", "CaseStatus"}
    assert all(hasattr(autograder, name) for name in autograder.__all__)
    assert _parameters(autograder.grade_class) == (
        "(submissions, out, *, workers=None, assignment=None, force=False, course='mlopskit', "
        "use_bwrap=True, limits=None, progress=True, find_similar=True, scheduler=None, "
        "course_root=None, prefork=None)")
    assert _parameters(autograder.grade_one) == (
        "(notebook, *, assignment, student='student', use_bwrap=True, limits=None)")
    assert typing.get_type_hints(autograder.grade_class)["return"] is autograder.ClassRun
    assert typing.get_type_hints(autograder.grade_one)["return"] is autograder.SubmissionResult
    for function in (autograder.grade_class, autograder.grade_one):
        doc = inspect.getdoc(function)
        assert "Parameters\n----------" in doc and "Returns\n-------" in doc
        for name in inspect.signature(function).parameters:
            assert f"\n{name} :" in doc, name
    for cls in (autograder.ClassRun, autograder.SubmissionResult):
        hints = typing.get_type_hints(cls)
        assert set(hints) == {f.name for f in dataclasses.fields(cls)}
        assert not {list, dict} & set(hints.values()), cls  # lists say what they hold
    assert typing.get_type_hints(autograder.ClassRun)["results"] == \
        list[autograder.SubmissionResult]
    assert typing.get_type_hints(autograder.SubmissionResult)["tasks"] == list[TaskResult]
    assert not hasattr(reports, "OUTCOME_LABELS")


def test_feedback_uses_the_self_checks_labels(tmp_path):
    for lang in ("pt", "en"):
        path = tmp_path / f"{lang}.html"
        reports.write_feedback(_result(lang), path)
        page = path.read_text()
        for outcome in Outcome:
            assert f">{LABELS[lang][outcome]}</span>" in page
        assert f"<em>{LABELS[lang]['hint']}:</em>" in page
    assert ">Correta</span>" in (tmp_path / "pt.html").read_text()


def test_the_summary_marks_outcomes_with_the_shared_symbols(tmp_path):
    run = api.ClassRun([_result()], 1, 0, tmp_path, 1.0)
    text = cli.format_summary(run)
    assert "".join(SYMBOLS[o] for o in Outcome) in text
    assert "✓ correct  ✗ not yet  · not attempted  ! error  ⏱ time limit" in text


def test_a_submissions_language_comes_from_its_metadata_then_its_folder(monkeypatch):
    monkeypatch.setenv("MLOPSKIT_LANG", "pt")  # the grader does not read the environment
    pt = {"metadata": {"mlopskit": {"lang": "pt"}}}
    assert submission_language(pt, "submitted/ana/en/02_drift.ipynb") == "pt"
    assert submission_language({"metadata": {}}, "submitted/pt/ana/x.ipynb") == "pt"
    assert submission_language(None, "submitted/ana/02_drift/x.ipynb") == "en"
    assert submission_language({"metadata": {"mlopskit": {"lang": "fr"}}}, "x.ipynb") == "en"


def test_the_grading_self_check_has_every_name_a_notebook_can_use():
    assert set(selfcheck.__all__) <= set(grading_selfcheck.__all__)
    for name in selfcheck.__all__:
        real, stub = getattr(selfcheck, name), getattr(grading_selfcheck, name)
        if not callable(real):
            assert type(stub) is type(real), name
            continue
        if isinstance(real, type) and issubclass(real, BaseException):
            assert issubclass(stub, tuple(real.__mro__[1:-1])), name  # same kind of error
            continue
        wanted = inspect.signature(real).parameters
        offered = inspect.signature(stub).parameters
        for param in wanted.values():
            assert param.name in offered, f"{name}({param.name})"
            assert offered[param.name].kind == param.kind, f"{name}({param.name})"
            assert param.default is inspect.Parameter.empty or \
                offered[param.name].default is not inspect.Parameter.empty, f"{name}({param.name})"


def test_the_grading_self_check_does_nothing(capsys):
    check, hint = grading_selfcheck.for_lesson("02_drift")
    assert check("drift.psi", None) is None and hint("drift.psi") is None
    assert grading_selfcheck.assert_correct("drift.psi", lambda *a: -1) is None
    assert grading_selfcheck.summary() == [] and grading_selfcheck.HISTORY == []
    assert grading_selfcheck.detect_language("pt") == "pt"
    assert capsys.readouterr().out == ""
    with pytest.raises(ValueError, match="lang"):
        grading_selfcheck.detect_language("fr")
