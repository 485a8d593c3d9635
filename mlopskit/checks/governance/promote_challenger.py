"""Task 7 of lesson 01_governance: registry promotion (``governance.promote_challenger``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.governance:promote_challenger``; the notebook cells are ``promote_challenger-*``.
"""

from __future__ import annotations

import numpy as np

from mlopskit.checks._adapters import describe_type
from mlopskit.checks._core import Case, Misconception, OutputError, TaskSpec
from mlopskit.checks.governance import LESSON
from mlopskit.governance import promote_challenger
from mlopskit.languages import bilingual as _about


class _Skipping:
    """A registry client whose method ``skipped`` does nothing: a step the code forgot."""

    def __init__(self, client, skipped):
        self._client, self._skipped = client, skipped

    def __getattr__(self, name):
        if name == self._skipped:
            return lambda *args, **kwargs: None
        return getattr(self._client, name)


def _promote_alias_first(client, model_name, *, approved, compliant, user="system",
                         audit_log=None):
    """Moves `champion` before checking the verdicts: a refused challenger becomes champion."""
    try:
        challenger = client.get_model_version_by_alias(model_name, "challenger")
    except Exception:
        return False
    promoted = promote_challenger(client, model_name, approved=approved, compliant=compliant,
                                  user=user, audit_log=audit_log)
    if not promoted:  # a promotion moves the alias anyway; a refusal must not, yet here it does
        client.set_registered_model_alias(model_name, "champion", challenger.version)
    return promoted


def _promote_keeps_challenger(client, model_name, *, approved, compliant, user="system",
                              audit_log=None):
    """Never deletes the `challenger` alias after the promotion."""
    return promote_challenger(_Skipping(client, "delete_registered_model_alias"), model_name,
                              approved=approved, compliant=compliant, user=user,
                              audit_log=audit_log)


def _promote_no_archive(client, model_name, *, approved, compliant, user="system",
                        audit_log=None):
    """Never tags the previous champion `archived=true`."""
    return promote_challenger(_Skipping(client, "set_model_version_tag"), model_name,
                              approved=approved, compliant=compliant, user=user,
                              audit_log=audit_log)


def _promote_no_challenger_crash(client, model_name, *, approved, compliant, user="system",
                                 audit_log=None):
    """Asks for the challenger without handling its absence: the lookup error escapes."""
    client.get_model_version_by_alias(model_name, "challenger")
    return promote_challenger(client, model_name, approved=approved, compliant=compliant,
                              user=user, audit_log=audit_log)


def _promote_archives_new(client, model_name, *, approved, compliant, user="system",
                          audit_log=None):
    """Tags the new champion `archived` instead of the one it replaces."""
    if not (approved and compliant):
        return False
    try:
        new = client.get_model_version_by_alias(model_name, "challenger").version
    except Exception:
        return False
    try:
        client.get_model_version_by_alias(model_name, "champion")
        had_champion = True
    except Exception:
        had_champion = False
    if had_champion:
        client.set_model_version_tag(model_name, new, "archived", "true")
    client.set_registered_model_alias(model_name, "champion", new)
    client.delete_registered_model_alias(model_name, "challenger")
    return True


def _encode_promotion(value):
    if not isinstance(value, dict) or "returned" not in value:
        raise OutputError({"pt": "resultado inesperado.", "en": "unexpected result."})
    returned = value["returned"]
    if not isinstance(returned, (bool, np.bool_)):
        raise OutputError({
            "pt": f"a função deve devolver True ou False, devolveu {describe_type(returned)}.",
            "en": f"the function must return True or False, it returned "
            f"{describe_type(returned)}."})
    return {"returned": bool(returned), "registry": value["observed"][0]}


def _registry(aliases, tags=None):
    return {"registry": {"model": "credit", "aliases": aliases, "tags": tags or {}}}


def _promotion_cases():
    both = {"champion": "1", "challenger": "2"}
    return [
        Case("approved-and-compliant", {"args": [_registry(both), "credit"],
                                        "kwargs": {"approved": True, "compliant": True}}),
        Case("not-approved", {"args": [_registry(both), "credit"],
                              "kwargs": {"approved": False, "compliant": True}},
             about=_about("aprovação pendente", "approval pending")),
        Case("not-compliant", {"args": [_registry(both), "credit"],
                               "kwargs": {"approved": True, "compliant": False}},
             about=_about("reprovado na conformidade", "failed compliance")),
        Case("first-champion", {"args": [_registry({"challenger": "1"}), "credit"],
                                "kwargs": {"approved": True, "compliant": True}},
             about=_about("ainda não há champion", "no champion yet"),
             covers=("no champion yet",)),
        Case("no-challenger", {"args": [_registry({"champion": "1"}), "credit"],
                               "kwargs": {"approved": True, "compliant": True}},
             about=_about("não há challenger para promover", "no challenger to promote"),
             covers=("no challenger",)),
        Case("refused-without-challenger", {"args": [_registry({}), "credit"],
                                            "kwargs": {"approved": False,
                                                       "compliant": False}},
             about=_about("recusado, e sem nenhum alias", "refused, and no alias at all"),
             covers=("both verdicts false", "an empty registry")),
    ]


def _promotion_probes():
    both = {"champion": "3", "challenger": "4"}
    yes = {"approved": True, "compliant": True}
    return [
        Case("probe-refused", {"args": [_registry(both), "credit"],
                               "kwargs": {"approved": True, "compliant": False}}),
        Case("probe-promote", {"args": [_registry(both), "credit"], "kwargs": yes}),
        Case("probe-no-challenger", {"args": [_registry({"champion": "3"}), "credit"],
                                     "kwargs": yes}),
        Case("probe-first", {"args": [_registry({"challenger": "1"}), "credit"],
                             "kwargs": yes}),
    ]


def _promotion_hidden(rng):
    champion = str(int(rng.integers(1, 5)))
    challenger = str(int(champion) + 1)
    aliases = {"challenger": challenger} if rng.random() < 0.85 else {}
    if rng.random() < 0.7:
        aliases["champion"] = champion
    return [Case("hidden-0", {"args": [_registry(aliases), "credit"],
                              "kwargs": {"approved": bool(rng.random() < 0.7),
                                         "compliant": bool(rng.random() < 0.7)}})]



SPEC = TaskSpec(
    lesson=LESSON,
    task='governance.promote_challenger',
    number=7,
    name=_about('promoção no registro', 'registry promotion'),
    entry="promote_challenger",
    points=2,
    reference="mlopskit.governance:promote_challenger",
    encode=_encode_promotion,
    protocol={"kind": "function", "observe": True},
    public_cases=_promotion_cases,
    hidden_cases=_promotion_hidden,
    probes=_promotion_probes,
    hints=[
        _about("Uma promoção decide antes e age depois: nada muda no registro enquanto "
               "aprovação e conformidade não passarem, nem quando não há candidato. O "
               "champion que sai não some: fica marcado.",
               "A promotion decides first and acts second: nothing changes in the registry "
               "until approval and compliance pass, nor when there is no candidate. The "
               "champion that leaves does not vanish: it is marked."),
        _about("Primeiro as verificações: se `approved and compliant` for falso, devolva "
               "False sem tocar no registro.",
               "Checks first: if `approved and compliant` is false, return False without "
               "touching the registry."),
        _about("O champion anterior pode não existir: `get_model_version_by_alias` levanta "
               "`MlflowException`.",
               "There may be no champion yet: `get_model_version_by_alias` raises "
               "`MlflowException`."),
        _about("Marque o antigo com `set_model_version_tag(..., 'archived', 'true')`, mova "
               "`champion` e apague `challenger`.",
               "Tag the old one with `set_model_version_tag(..., 'archived', 'true')`, move "
               "`champion` and delete `challenger`."),
    ],
    misconceptions=[
        Misconception("promote.no_challenger_crash", _promote_no_challenger_crash, _about(
            "Seu código quebra quando não há challenger (o registro levanta uma exceção "
            "ao buscar o alias); sem candidato, devolva False sem mudar nada.",
            "Your code fails when there is no challenger (the registry raises when the "
            "alias is looked up); with no candidate, return False and change nothing.")),
        Misconception("promote.archives_new", _promote_archives_new, _about(
            "Seu código marcou `archived=true` na versão que acabou de virar champion, e "
            "não na que saiu de produção.",
            "Your code tagged `archived=true` on the version that just became champion, "
            "not on the one that left production.")),
        Misconception("promote.alias_before_checks", _promote_alias_first, _about(
            "Seu código move o alias `champion` antes de conferir aprovação e conformidade: "
            "um modelo reprovado chega à produção.",
            "Your code moves the `champion` alias before checking approval and compliance: "
            "a rejected model reaches production.")),
        Misconception("promote.keeps_challenger", _promote_keeps_challenger, _about(
            "Depois da promoção o alias `challenger` continua apontando para o novo "
            "champion; apague-o.",
            "After the promotion the `challenger` alias still points at the new champion; "
            "delete it.")),
        Misconception("promote.no_archive_tag", _promote_no_archive, _about(
            "O champion anterior não foi marcado com `archived=true`; sem isso ninguém sabe "
            "que ele saiu de produção.",
            "The previous champion was not tagged `archived=true`; without it nobody knows "
            "it left production.")),
    ],
)
