"""The notebook-facing self-check: language, outcomes, hints, display."""

import pytest

from mlopskit import selfcheck
from mlopskit.checks import get_spec
from mlopskit.drift import psi


def test_language_detection(monkeypatch, tmp_path):
    monkeypatch.delenv("MLOPSKIT_LANG", raising=False)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    assert selfcheck.detect_language(cwd="/x/lessons/pt/02_drift") == "pt"
    assert selfcheck.detect_language(cwd="/x/lessons/en/02_drift") == "en"
    assert selfcheck.detect_language(cwd=str(tmp_path)) == "en"
    monkeypatch.setenv("MLOPSKIT_LANG", "pt")
    assert selfcheck.detect_language(cwd=str(tmp_path)) == "pt"  # the environment comes last
    assert selfcheck.detect_language(cwd="/x/lessons/en/02_drift") == "en"
    assert selfcheck.detect_language("en") == "en"
    with pytest.raises(ValueError, match="lang"):
        selfcheck.detect_language("fr")


def test_a_copied_notebook_keeps_its_language(monkeypatch, tmp_path):
    """A Portuguese lesson copied out of lessons/pt/ still gets Portuguese feedback."""
    import shutil
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    copy = tmp_path / "my_work" / "drift.ipynb"
    copy.parent.mkdir()
    shutil.copy(root / "lessons" / "pt" / "02_drift" / "02_drift.ipynb", copy)
    monkeypatch.setenv("MLOPSKIT_LANG", "en")
    monkeypatch.setenv("JPY_SESSION_NAME", str(copy))  # what Jupyter tells the kernel
    assert selfcheck.detect_language(cwd=str(copy.parent)) == "pt"
    monkeypatch.setenv("MLOPSKIT_LANG", "pt")
    monkeypatch.setenv("JPY_SESSION_NAME", str(tmp_path / "en" / "gone.ipynb"))
    assert selfcheck.detect_language(cwd=str(tmp_path)) == "en"


def test_check_prints_outcome_in_the_chosen_language(capsys):
    check, _ = selfcheck.for_lesson("02_drift", lang="pt")
    check("drift.psi", psi)
    assert "[Correta] Tarefa 3 (PSI): correto!" in capsys.readouterr().out
    assert selfcheck.HISTORY[-1].outcome == "correct"

    def stub(reference, current, *, bins=10, eps=1e-4):
        raise NotImplementedError()

    check("drift.psi", stub)
    assert "[Não tentada]" in capsys.readouterr().out
    check("drift.psi", 3)
    assert "deveria ser uma função" in capsys.readouterr().out


def test_hints_come_one_at_a_time_then_stop(capsys):
    _, hint = selfcheck.for_lesson("02_drift", lang="en")
    outputs = []
    for _ in range(4):
        hint("drift.psi")
        outputs.append(capsys.readouterr().out)
    assert outputs[0].startswith("[Hint] 1 of 3 — Task")
    assert "3 of 3" in outputs[2]
    assert "No more hints" in outputs[3]


def test_hint_label_says_the_word_once_in_each_language(capsys):
    for lang, word in (("pt", "Dica"), ("en", "Hint")):
        _, hint = selfcheck.for_lesson("02_drift", lang=lang)
        hint("drift.ks_test")
        assert capsys.readouterr().out.count(word) == 1


def test_unknown_task_is_named():
    check, hint = selfcheck.for_lesson("02_drift", lang="en")
    with pytest.raises(ValueError, match="drift.psy"):
        check("drift.psy", psi)
    with pytest.raises(ValueError, match="unknown lesson"):
        selfcheck.for_lesson("99_nothing")


def test_feedback_html_escapes_learner_text():
    html = selfcheck.Feedback("wrong", "<script>alert(1)</script>", lang="en")._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_assert_correct_raises_with_the_message():
    selfcheck.assert_correct("drift.psi", psi)
    with pytest.raises(AssertionError, match="PSI"):
        selfcheck.assert_correct("drift.psi", lambda r, c, **k: -1.0, lang="en")


def test_check_cells_fail_only_under_nbgrader(monkeypatch, capsys):
    """Run All goes to the end in a session; nbgrader's Validate sees unfinished tasks fail."""
    def stub(reference, current, *, bins=10, eps=1e-4):
        raise NotImplementedError()

    check, _ = selfcheck.for_lesson("02_drift", lang="en")
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    check("drift.psi", stub)  # shows "not attempted", raises nothing
    for mode in ("validate", "autograde"):
        monkeypatch.setenv("NBGRADER_EXECUTION", mode)
        with pytest.raises(selfcheck.NotYetCorrect, match="not attempted"):
            check("drift.psi", stub)
        with pytest.raises(selfcheck.NotYetCorrect, match="not right yet"):
            check("drift.psi", lambda r, c, **k: 0.5)
        check("drift.psi", psi)  # a correct task passes under nbgrader too
    assert "Not attempted" in capsys.readouterr().out


def test_feedback_renders_inline_code():
    fb = selfcheck.Feedback("hint", 'Use `np.log2` and <b>not</b> `hint("x")`.', lang="en")
    html = fb._repr_html_()
    assert "<code>np.log2</code>" in html and '<code>hint("x")</code>' in html
    assert "`" not in html and "&lt;b&gt;" in html


def test_a_forbidden_library_is_named_in_the_notebook_as_grading_will(capsys, monkeypatch):
    """A task whose spec rules out a module: the self-check says so, as grading will."""
    from dataclasses import replace

    from mlopskit.drift import ks_test  # computes with scipy.stats

    ruled_out = replace(selfcheck.get_spec("drift.ks_test"), forbidden=("scipy.stats",))
    monkeypatch.setattr(selfcheck, "get_spec",
                        lambda task: ruled_out if task == "drift.ks_test" else get_spec(task))
    check, _ = selfcheck.for_lesson("02_drift", lang="pt")
    check("drift.ks_test", ks_test)
    out = capsys.readouterr().out
    assert "[Recurso proibido]" in out and "scipy.stats" in out and "[Correta]" not in out

