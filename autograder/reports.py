"""What grading writes for people: grades.csv, a feedback page per student, a class report.

Feedback is in the submission's language and shows, per task, the outcome, the
misconception when one was recognised, and a hint; hidden cases' inputs and expected
values never appear. The class report has the score distribution, the pass rate per task,
the most frequent misconceptions and the submissions that hit a limit.
"""

from __future__ import annotations

import base64
import csv
import html
import io
from collections import Counter
from pathlib import Path

from mlopskit.checks import get_spec
from mlopskit.outcomes import Outcome, outcome_label

__all__ = ["write_grades_csv", "write_feedback", "write_class_report"]

_COLOURS = {Outcome.CORRECT: "#1e7b34", Outcome.WRONG: "#b3261e",
            Outcome.NOT_ATTEMPTED: "#44546a", Outcome.ERROR: "#8a5a00",
            Outcome.TIMEOUT: "#8a5a00", Outcome.FORBIDDEN: "#6a1b9a"}
#: Outcomes that mean the submission needs a look from the instructor.
_NEEDS_A_LOOK = (Outcome.ERROR, Outcome.TIMEOUT, Outcome.FORBIDDEN)


def _atomic_write(path, text):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def write_grades_csv(results, path):
    """One row per (student, assignment, task); the outcome is written as its value."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student", "assignment", "task", "points", "max_points", "outcome"])
    for result in sorted(results, key=lambda r: (r.assignment, r.student)):
        for task in result.tasks:
            writer.writerow([result.student, result.assignment, task.task,
                             f"{task.points:g}", f"{task.max_points:g}", task.outcome.value])
    _atomic_write(path, buffer.getvalue())


_PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; color: #1f1f1f;
       line-height: 1.45; padding: 0 1rem; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #ddd;
          vertical-align: top; }}
.tag {{ color: white; border-radius: .3rem; padding: .05rem .4rem; white-space: nowrap; }}
.note {{ background: #fff7e0; padding: .5rem .8rem; border-left: 4px solid #8a5a00; }}
img {{ max-width: 100%; }}
.side-by-side {{ display: grid; grid-template-columns: 1fr 1fr; gap: .8rem; }}
.side-by-side pre {{ background: #f6f6f6; padding: .5rem; overflow-x: auto; font-size: .85rem; }}
</style></head><body>
{body}
</body></html>
"""


def _tag(outcome, lang):
    return (f'<span class="tag" style="background:{_COLOURS[outcome]}">'
            f"{html.escape(outcome_label(outcome, lang))}</span>")


def write_feedback(result, path):
    """The student's feedback page, in the submission's language.

    Outcomes carry the same labels as the notebook's self-check
    (:data:`mlopskit.outcomes.LABELS`).
    """
    lang = result.lang
    words = {
        "pt": ("Devolutiva", "Tarefa", "Resultado", "Pontos", "Comentário", "Total",
               "Respostas escritas são corrigidas pelo professor."),
        "en": ("Feedback", "Task", "Outcome", "Points", "Comment", "Total",
               "Written answers are graded by the instructor."),
    }[lang]
    rows = []
    for task in result.tasks:
        spec = get_spec(task.task)
        hint = ""
        if not task.correct and spec.hints:
            hint = (f"<br><em>{html.escape(outcome_label('hint', lang))}:</em> "
                    f"{html.escape(spec.hints[0][lang])}")
        rows.append(
            f"<tr><td>{html.escape(spec.title[lang])}</td><td>{_tag(task.outcome, lang)}</td>"
            f"<td>{task.points:g} / {task.max_points:g}</td>"
            f"<td>{html.escape(task.text(lang))}{hint}</td></tr>")
    notes = "".join(f'<p class="note">{html.escape(n.get(lang) or n["en"])}</p>'
                    for n in result.notes)
    body = (f"<h1>{words[0]} — {html.escape(result.assignment)} — "
            f"{html.escape(result.student)}</h1>{notes}"
            f"<table><tr><th>{words[1]}</th><th>{words[2]}</th><th>{words[3]}</th>"
            f"<th>{words[4]}</th></tr>{''.join(rows)}</table>"
            f"<p><strong>{words[5]}: {result.total:g} / {result.max_total:g}</strong></p>"
            f"<p>{words[6]}</p>")
    _atomic_write(path, _PAGE.format(lang=lang, title=f"{words[0]} {result.student}", body=body))


def _figure_html(fig):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    data = base64.b64encode(buffer.getvalue()).decode()
    return f'<img alt="figure" src="data:image/png;base64,{data}">'


def _figures(results):
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    out = []
    totals = [r.total for r in results]
    max_total = max((r.max_total for r in results), default=1.0)
    fig = Figure(figsize=(7, 3.2))
    ax = fig.subplots()
    ax.hist(totals, bins=min(15, max(5, len(set(totals)))), range=(0, max_total),
            color="#0072B2", edgecolor="white")
    ax.set(title="Score distribution", xlabel=f"points (out of {max_total:g})",
           ylabel="submissions")
    out.append(_figure_html(fig))

    tasks = [t.task for t in results[0].tasks] if results else []
    rates = [sum(t.correct for r in results for t in r.tasks
                 if t.task == task) / max(len(results), 1) for task in tasks]
    fig = Figure(figsize=(7, 0.45 * len(tasks) + 1))
    ax = fig.subplots()
    ax.barh(tasks[::-1], [100 * x for x in rates[::-1]], color="#009E73")
    ax.set(title="Pass rate per task", xlabel="% of submissions correct", xlim=(0, 100))
    out.append(_figure_html(fig))

    counts = Counter(t.misconception for r in results for t in r.tasks if t.misconception)
    if counts:
        common = counts.most_common(10)
        fig = Figure(figsize=(7, 0.45 * len(common) + 1))
        ax = fig.subplots()
        ax.barh([c for c, _ in common][::-1], [n for _, n in common][::-1], color="#D55E00")
        ax.set(title="Most frequent misconceptions", xlabel="submissions")
        out.append(_figure_html(fig))
    return out, counts


def _similarity_html(pairs):
    """The report's section on similar solutions: a table, then each pair side by side."""
    intro = ("<h2>Similar solutions</h2><p>Pairs of submissions whose code for a task is "
             "alike after comments, layout and names are set aside (winnowing fingerprints; "
             "the code the lesson gives is not counted). This flags, it does not judge: "
             "short answers to small tasks can look alike. Read them side by side.</p>")
    if not pairs:
        return intro + "<p>No pair of submissions is similar enough to flag.</p>"
    rows = "".join(
        f'<tr><td>{html.escape(p.task)}</td><td>{html.escape(p.first)}</td>'
        f'<td>{html.escape(p.second)}</td><td>{p.score:.2f}</td>'
        f'<td><a href="#similar-{i}">view</a></td></tr>' for i, p in enumerate(pairs))
    views = "".join(
        f'<details id="similar-{i}"><summary>{html.escape(p.task)}: '
        f'{html.escape(p.first)} and {html.escape(p.second)} ({p.score:.2f})</summary>'
        '<div class="side-by-side">'
        f'<div><h4>{html.escape(p.first)}</h4><pre>{html.escape(p.code_first)}</pre></div>'
        f'<div><h4>{html.escape(p.second)}</h4><pre>{html.escape(p.code_second)}</pre></div>'
        "</div></details>" for i, p in enumerate(pairs))
    return (intro + "<table><tr><th>task</th><th>student</th><th>student</th><th>similarity"
            "</th><th></th></tr>" + rows + "</table>" + views)


def write_similarity_csv(pairs, path):
    """One row per flagged pair: task, the two students and their similarity."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["task", "first", "second", "similarity"])
    for p in pairs:
        writer.writerow([p.task, p.first, p.second, f"{p.score:.3f}"])
    _atomic_write(path, buffer.getvalue())


def write_class_report(results, path, *, warnings=(), similar=None):
    """An HTML page an instructor reads: figures, the submissions that need a look, and
    (when ``similar`` is given) the pairs of similar solutions side by side.

    ``warnings`` (sentences) are listed first: folders skipped, several notebooks in
    one hand-in, submissions the grader failed on.
    """
    results = sorted(results, key=lambda r: (r.assignment, r.student))
    figures, counts = _figures(results)
    limited = [r for r in results
               if r.limit or any(t.outcome in _NEEDS_A_LOOK for t in r.tasks)]
    rows = "".join(
        f"<tr><td>{html.escape(r.student)}</td><td>{html.escape(r.assignment)}</td>"
        f"<td>{html.escape(r.limit or '')}</td><td>"
        + ", ".join(f"{html.escape(t.task)}: {html.escape(outcome_label(t.outcome, 'en'))}"
                    for t in r.tasks if t.outcome in _NEEDS_A_LOOK) + "</td></tr>"
        for r in limited)
    isolation = sorted({r.isolation for r in results})
    reduced = [i for i in isolation if i != "bubblewrap"]
    warning = (f'<p class="note">Isolation was reduced for this run ({", ".join(reduced)}): '
               "student code ran without the bubblewrap sandbox or without a process limit."
               "</p>" if reduced else "")
    mis_rows = "".join(
        f"<tr><td>{html.escape(m)}</td><td>{n}</td></tr>" for m, n in counts.most_common())
    mean = sum(r.total for r in results) / max(len(results), 1)
    if warnings:
        warning += ("<h2>Warnings</h2><ul>"
                    + "".join(f"<li>{html.escape(w)}</li>" for w in warnings) + "</ul>")
    body = (f"<h1>Class report</h1>{warning}<p>{len(results)} submissions; mean score "
            f"{mean:.2f}.</p>" + "".join(figures)
            + "<h2>Misconceptions</h2><table><tr><th>misconception</th><th>submissions</th>"
            + f"</tr>{mis_rows}</table>"
            + "<h2>Submissions that hit a limit or failed to run</h2><table><tr><th>student"
            + "</th><th>assignment</th><th>limit</th><th>tasks</th></tr>" + rows + "</table>"
            + ("" if similar is None else _similarity_html(similar)))
    _atomic_write(path, _PAGE.format(lang="en", title="Class report", body=body))
