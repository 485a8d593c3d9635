"""Learner-facing messages of the check machinery, in Portuguese and English.

Messages name what happened and, for a wrong answer, what the learner's code did;
they never show the expected value of a case.
"""

from __future__ import annotations

import math

__all__ = [
    "not_attempted",
    "correct",
    "misconception",
    "raised",
    "bad_output",
    "mismatch",
    "step_mismatch",
    "mutated",
    "describe_value",
    "no_more_hints",
    "hint_header",
    "forbidden",
]


def _title(spec, lang):
    return spec.title.get(lang, spec.title["en"])


def not_attempted(spec):
    return {
        "pt": f"{_title(spec, 'pt')}: ainda não tentada. Substitua o `raise NotImplementedError()` "
        f"pelo seu código e rode a verificação de novo. Dica: `hint(\"{spec.task}\")`.",
        "en": f"{_title(spec, 'en')}: not attempted yet. Replace the `raise NotImplementedError()` "
        f"with your code and run the check again. Hint: `hint(\"{spec.task}\")`.",
    }


def correct(spec):
    return {
        "pt": f"{_title(spec, 'pt')}: correto! Todos os casos conferem.",
        "en": f"{_title(spec, 'en')}: correct! Every case agrees.",
    }


def misconception(spec, mis):
    return {
        "pt": f"{_title(spec, 'pt')}: ainda não está certo. {mis.message['pt']}",
        "en": f"{_title(spec, 'en')}: not right yet. {mis.message['en']}",
    }


def _upper_first(text):
    return text[:1].upper() + text[1:]


def _case_label(case, lang):
    """Where something happened: "no caso `x` (...)" / "on case `x` (...)"."""
    if case.hidden:
        return {"pt": "num caso oculto", "en": "on a hidden case"}[lang]
    label = f"`{case.name}`"
    if case.about:
        label += f" ({case.about[lang]})"
    return {"pt": f"no caso {label}", "en": f"on case {label}"}[lang]


def raised(spec, case, detail):
    return {
        "pt": f"{_title(spec, 'pt')}: seu código levantou um erro {_case_label(case, 'pt')}: "
        f"{detail}",
        "en": f"{_title(spec, 'en')}: your code raised an error {_case_label(case, 'en')}: "
        f"{detail}",
    }


def bad_output(spec, case, message):
    return {
        "pt": f"{_title(spec, 'pt')}: {_case_label(case, 'pt')}, {message['pt']}",
        "en": f"{_title(spec, 'en')}: {_case_label(case, 'en')}, {message['en']}",
    }


def describe_value(data, limit=80):
    """A short rendering of the learner's own encoded value."""
    if isinstance(data, float):
        if math.isnan(data) or math.isinf(data):
            return str(data)
        return f"{data:.6g}"
    text = repr(data)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def mismatch(spec, case, data, extra=None):
    mine = describe_value(data)
    message = {
        "pt": f"{_title(spec, 'pt')}: ainda não está certo. {_upper_first(_case_label(case, 'pt'))}"
        f" seu código devolveu {mine}, que não é o valor esperado.",
        "en": f"{_title(spec, 'en')}: not right yet. {_upper_first(_case_label(case, 'en'))} "
        f"your code returned {mine}, which is not the expected value.",
    }
    if extra:
        for lang in message:
            message[lang] += " " + extra[lang]
    for lang, tip in (("pt", "Releia o enunciado passo a passo ou peça uma dica: "),
                      ("en", "Reread the task step by step or ask for a hint: ")):
        message[lang] += f" {tip}`hint(\"{spec.task}\")`."
    return message


def _describe_step(data, lang):
    """What one step gave: its value, or the exception it raised."""
    if data is None:
        return {"pt": "nada", "en": "nothing"}[lang]
    if isinstance(data, dict) and set(data) == {"ok"}:
        return describe_value(data["ok"])
    if isinstance(data, dict) and set(data) == {"raised"}:
        return {"pt": f"um erro {data['raised']}", "en": f"an error {data['raised']}"}[lang]
    return describe_value(data)


def step_mismatch(spec, case, index, call, data):
    """A scenario went wrong: which step first differed, and what the learner's code gave.

    The call is shown for public cases only; hidden cases say only the step's number.
    """
    mine, mine_en = _describe_step(data, "pt"), _describe_step(data, "en")
    where_pt, where_en = _case_label(case, "pt"), _case_label(case, "en")
    if call is not None and not case.hidden:
        step_pt, step_en = f"no passo {index + 1} (`{call}`)", f"at step {index + 1} (`{call}`)"
    elif call is None and not case.hidden:
        step_pt = f"no passo {index + 1} (uma alteração feita de fora, como faria um atacante)"
        step_en = f"at step {index + 1} (a change made from outside, as an attacker would)"
    else:
        step_pt, step_en = f"no passo {index + 1}", f"at step {index + 1}"
    message = {
        "pt": f"{_title(spec, 'pt')}: ainda não está certo. {_upper_first(where_pt)}, "
        f"{step_pt}, seu código deu {mine}, que não é o esperado; os passos anteriores "
        "conferem.",
        "en": f"{_title(spec, 'en')}: not right yet. {_upper_first(where_en)}, {step_en}, "
        f"your code gave {mine_en}, which is not what was expected; the steps before it agree.",
    }
    for lang, tip in (("pt", "Releia a regra desse passo ou peça uma dica: "),
                      ("en", "Reread the rule of that step or ask for a hint: ")):
        message[lang] += f" {tip}`hint(\"{spec.task}\")`."
    return message


def mutated(spec, case, detail):
    """The learner's code changed an input that the task says it must leave alone."""
    what = detail.split(":", 1)[1].strip() if ":" in detail else ""
    return {
        "pt": f"{_title(spec, 'pt')}: seu código alterou a entrada que recebeu ({what}) "
        f"{_case_label(case, 'pt')}. A tarefa pede uma função sem efeitos colaterais: "
        "trabalhe numa cópia (`df.copy()`) ou crie objetos novos.",
        "en": f"{_title(spec, 'en')}: your code changed the input it was given ({what}) "
        f"{_case_label(case, 'en')}. The task asks for a function without side effects: "
        "work on a copy (`df.copy()`) or build new objects.",
    }


def no_more_hints(spec):
    return {
        "pt": f"Não há mais dicas para {_title(spec, 'pt')}. Releia o enunciado e compare "
        "cada passo com o seu código.",
        "en": f"No more hints for {_title(spec, 'en')}. Reread the task and compare each "
        "step with your code.",
    }


def hint_header(spec, number, total):
    """What follows the "Dica"/"Hint" label: which hint of how many, for which task."""
    return {
        "pt": f"{number} de {total} — {_title(spec, 'pt')}",
        "en": f"{number} of {total} — {_title(spec, 'en')}",
    }


def forbidden(name):
    """The task asks for the computation by hand, and the learner's code used ``name``."""
    return {
        "pt": f"Esta tarefa pede que você escreva o cálculo sem usar `{name}`; seu código usa "
        "esse módulo, por isso a tarefa não é pontuada.",
        "en": f"This task asks you to write the computation without `{name}`; your code uses "
        "it, so the task is not scored.",
    }
