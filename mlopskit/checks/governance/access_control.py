"""Task 4 of lesson 01_governance: access control (``governance.access_control``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.governance:AccessControl``; the notebook cells are ``access_control-*``.
"""

from __future__ import annotations

from mlopskit.checks._core import Case, Misconception, TaskSpec
from mlopskit.checks.governance import LESSON
from mlopskit.checks.governance._common import _encode_steps
from mlopskit.governance import AccessControl
from mlopskit.languages import bilingual as _about


class _AccessDefaultAllow(AccessControl):
    """Allows everything to a user who was never given a role."""

    def can(self, user, action):
        return user not in self._users or super().can(user, action)


class _AccessUnknownRole(AccessControl):
    """Assigns any role, even one that does not exist."""

    def assign(self, user, role):
        self._users.setdefault(user, set()).add(role)


class _AccessCheckReturns(AccessControl):
    """Returns False from `check` instead of raising PermissionError."""

    def check(self, user, action):
        try:
            return super().check(user, action)
        except PermissionError:
            return False


class _AccessAssignReplaces(AccessControl):
    """A new role replaces the user's roles instead of joining them."""

    def assign(self, user, role):
        super().assign(user, role)
        self._users[user] = {role}


class _AccessUnknownUserCrashes(AccessControl):
    """Looks the user up directly: asking about an unknown user raises KeyError."""

    def can(self, user, action):
        return any(action in self.roles.get(role, ()) for role in self._users[user])


_ROLES = {"reviewer": ["read", "approve"], "engineer": ["read", "deploy"],
          "auditor": ["read", "read_audit"]}


def _access_cases():
    init = {"roles": _ROLES}
    return [
        Case("grants", {"init": init, "steps": [
            {"call": "assign", "args": ["ana", "engineer"]},
            {"call": "can", "args": ["ana", "deploy"]},
            {"call": "can", "args": ["ana", "approve"]},
            {"call": "assign", "args": ["ana", "reviewer"]},
            {"call": "can", "args": ["ana", "approve"]},
            {"call": "check", "args": ["ana", "deploy"]}]},
            about=_about("papéis concedem ações", "roles grant actions"),
            covers=("a user holding two roles", "an allowed check")),
        Case("refusals", {"init": init, "steps": [
            {"call": "assign", "args": ["bia", "auditor"]},
            {"call": "check", "args": ["bia", "deploy"]},
            {"call": "can", "args": ["zé", "read"]},
            {"call": "check", "args": ["zé", "read"]}]},
            about=_about("ações negadas e usuário desconhecido",
                         "denied actions and an unknown user"),
            covers=("a user never given a role", "a refused check")),
        Case("unknown-role", {"init": init, "steps": [
            {"call": "assign", "args": ["caio", "superuser"]},
            {"call": "can", "args": ["caio", "deploy"]}]},
            about=_about("papel que não existe", "a role that does not exist"),
            covers=("an unknown role",)),
        Case("same-role-twice", {"init": init, "steps": [
            {"call": "assign", "args": ["dani", "auditor"]},
            {"call": "assign", "args": ["dani", "auditor"]},
            {"call": "can", "args": ["dani", "read_audit"]},
            {"call": "assign", "args": ["dani", "engineer"]},
            {"call": "can", "args": ["dani", "read_audit"]},
            {"call": "can", "args": ["dani", "approve"]}]},
            about=_about("o mesmo papel duas vezes, depois um segundo papel",
                         "the same role twice, then a second role"),
            covers=("a repeated assignment", "roles accumulate")),
    ]


def _access_probes():
    init = {"roles": _ROLES}
    return [
        Case("probe-stranger", {"init": init, "steps": [
            {"call": "can", "args": ["nobody", "read"]}]}),
        Case("probe-stranger-check", {"init": init, "steps": [
            {"call": "check", "args": ["nobody", "read"]}]}),
        Case("probe-typo-role", {"init": init, "steps": [
            {"call": "assign", "args": ["ana", "reviwer"]}]}),
        Case("probe-two-roles", {"init": init, "steps": [
            {"call": "assign", "args": ["ana", "reviewer"]},
            {"call": "assign", "args": ["ana", "engineer"]},
            {"call": "can", "args": ["ana", "approve"]}]}),
        Case("probe-denied", {"init": init, "steps": [
            {"call": "assign", "args": ["ana", "auditor"]},
            {"call": "check", "args": ["ana", "deploy"]}]}),
    ]


def _access_hidden(rng):
    users = ["u1", "u2", "u3"]
    steps = []
    for _ in range(8):
        kind = int(rng.integers(0, 4))
        user = users[int(rng.integers(0, 3))]
        action = ["read", "approve", "deploy", "read_audit"][int(rng.integers(0, 4))]
        if kind == 0:
            role = list(_ROLES)[int(rng.integers(0, 3))] if rng.random() < 0.8 else "root"
            steps.append({"call": "assign", "args": [user, role]})
        elif kind == 1:
            steps.append({"call": "check", "args": [user, action]})
        else:
            steps.append({"call": "can", "args": [user, action]})
    return [Case("hidden-0", {"init": {"roles": _ROLES}, "steps": steps})]



SPEC = TaskSpec(
    lesson=LESSON,
    task='governance.access_control',
    number=4,
    name=_about('controle de acesso', 'access control'),
    entry="AccessControl",
    points=2,
    reference="mlopskit.governance:AccessControl",
    encode=_encode_steps,
    protocol={"kind": "steps"},
    public_cases=_access_cases,
    hidden_cases=_access_hidden,
    probes=_access_probes,
    hints=[
        _about("Permissões pertencem a papéis, e pessoas acumulam papéis. Tudo o que não foi "
               "concedido explicitamente é negado, inclusive para quem o sistema nunca viu.",
               "Permissions belong to roles, and people accumulate roles. Whatever was not "
               "granted explicitly is denied, including to someone the system never saw."),
        _about("Guarde, por usuário, o conjunto dos papéis; `can` pergunta se algum deles "
               "concede a ação, sem quebrar para um usuário desconhecido; `check` reaproveita "
               "`can` e transforma um não em exceção.",
               "Keep, per user, the set of their roles; `can` asks whether any of them grants "
               "the action, without failing for an unknown user; `check` reuses `can` and "
               "turns a no into an exception."),
        _about("`self.user_roles.setdefault(user, set()).add(role)`; `any(action in "
               "self.roles[r] for r in self.user_roles.get(user, ()))`; `if not self.can(...):"
               " raise PermissionError(...)`.",
               "`self.user_roles.setdefault(user, set()).add(role)`; `any(action in "
               "self.roles[r] for r in self.user_roles.get(user, ()))`; `if not self.can(...):"
               " raise PermissionError(...)`."),
    ],
    misconceptions=[
        Misconception("access.default_allow", _AccessDefaultAllow, _about(
            "Usuários desconhecidos recebem permissão no seu código. Controle de acesso "
            "nega por padrão.",
            "Unknown users are allowed in your code. Access control denies by default.")),
        Misconception("access.unknown_role_accepted", _AccessUnknownRole, _about(
            "Seu `assign` aceita um papel que não existe; levante `ValueError` para "
            "não esconder um erro de digitação.",
            "Your `assign` accepts a role that does not exist; raise `ValueError` so a "
            "typo is not hidden.")),
        Misconception("access.check_returns_false", _AccessCheckReturns, _about(
            "Seu `check` devolve False em vez de levantar `PermissionError`; quem esquece "
            "de olhar o retorno executa a ação proibida.",
            "Your `check` returns False instead of raising `PermissionError`; a caller who "
            "forgets to look at it performs the forbidden action.")),
        Misconception("access.assign_replaces", _AccessAssignReplaces, _about(
            "No seu código um novo papel substitui os anteriores; um usuário pode ter "
            "vários papéis ao mesmo tempo, e cada um concede as suas ações.",
            "In your code a new role replaces the previous ones; a user may hold several "
            "roles at once, and each grants its actions.")),
        Misconception("access.unknown_user_crashes", _AccessUnknownUserCrashes, _about(
            "Perguntar sobre um usuário que nunca recebeu papel quebra o seu código "
            "(KeyError); a resposta certa é um simples não.",
            "Asking about a user who was never given a role makes your code fail "
            "(KeyError); the right answer is a plain no.")),
    ],
)
