"""Task 5 of lesson 01_governance: approval workflow (``governance.approval_workflow``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.governance:ApprovalWorkflow``; the notebook cells are ``approval_workflow-*``.
"""

from __future__ import annotations

from mlopskit.checks._core import Case, Misconception, TaskSpec
from mlopskit.checks.governance import LESSON
from mlopskit.checks.governance._common import _encode_steps
from mlopskit.governance import ApprovalWorkflow
from mlopskit.languages import bilingual as _about


class _FlowAuthorApproves(ApprovalWorkflow):
    """Forgets the four-eyes rule for the author: she may approve her own model."""

    def _is_author(self, req, user):
        return False


class _FlowAnyOrder(ApprovalWorkflow):
    """Lets any stage not yet approved be decided, in any order."""

    def _open_stages(self, req):
        done = {stage for stage, _ in req["approvals"]}
        return [(stage, role) for stage, role in self.stages if stage not in done]


class _FlowRejectionNotFinal(ApprovalWorkflow):
    """Lets an approval reopen a rejected request: the rejection is not final."""

    def approve(self, request_id, stage, *, approver):
        req = self._requests.get(request_id)
        if req is None or req["status"] != "rejected":
            return super().approve(request_id, stage, approver=approver)
        req["status"] = "pending"
        try:
            return super().approve(request_id, stage, approver=approver)
        except Exception:
            req["status"] = "rejected"
            raise


class _FlowSamePersonTwice(ApprovalWorkflow):
    """Checks the author but lets one person approve two stages."""

    def approve(self, request_id, stage, *, approver):
        req, role = self._pending(request_id, stage)
        if self._is_author(req, approver):
            raise PermissionError("four-eyes rule: the author cannot approve.")
        self._require_role(approver, role)
        req["approvals"].append([stage, approver])
        if len(req["approvals"]) == len(self.stages):
            req["status"] = "approved"


class _FlowRoleNotChecked(ApprovalWorkflow):
    """Never checks that the approver holds the stage's role."""

    def _require_role(self, user, role):
        return None


_STAGES = [["technical", "reviewer"], ["risk", "risk_officer"]]


_USER_ROLES = {"ana": ["data_scientist", "reviewer"], "bia": ["reviewer"],
               "caio": ["risk_officer"], "dora": ["reviewer", "risk_officer"]}


def _flow(steps):
    return {"init": {"stages": _STAGES, "user_roles": _USER_ROLES}, "steps": steps}


def _submit(author="ana"):
    return {"call": "submit", "args": ["credit:3"], "kwargs": {"author": author}}


def _approve(stage, who, rid="req-1"):
    return {"call": "approve", "args": [rid, stage], "kwargs": {"approver": who}}


def _status(rid="req-1"):
    return {"call": "status", "args": [rid]}


def _flow_cases():
    return [
        Case("happy-path", _flow([_submit(), _status(), _approve("technical", "bia"), _status(),
                                  _approve("risk", "caio"), _status()]),
             about=_about("duas aprovações em ordem", "two approvals in order"),
             covers=("first and last stage", "status after the last stage")),
        Case("author-approves", _flow([_submit(), _approve("technical", "ana"), _status(),
                                       _approve("technical", "dora"),
                                       _approve("risk", "dora"), _status()]),
             about=_about("a autora tenta aprovar; alguém aprova duas etapas",
                          "the author tries to approve; someone approves two stages"),
             covers=("the author refused", "one person, two stages")),
        Case("out-of-order", _flow([_submit(), _approve("risk", "caio"), _status(),
                                    _approve("technical", "caio")]),
             about=_about("etapa fora de ordem, aprovador sem o papel",
                          "a stage out of order, an approver without the role"),
             covers=("a stage out of order", "an approver without the role")),
        Case("rejected", _flow([_submit(), {"call": "reject", "args": ["req-1", "technical"],
                                            "kwargs": {"approver": "bia",
                                                       "reason": "no fairness analysis"}},
                                _status(), _approve("technical", "dora"), _status()]),
             about=_about("uma rejeição encerra o pedido", "a rejection closes the request"),
             covers=("a closed request refuses approvals",)),
        Case("approved-is-closed", _flow([_submit(), _approve("technical", "bia"),
                                          _approve("risk", "caio"),
                                          _approve("risk", "dora"), _status()]),
             about=_about("aprovar um pedido já aprovado", "approving an approved request"),
             covers=("a finished request refuses approvals",)),
    ]


def _flow_probes():
    return [
        Case("probe-author", _flow([_submit(), _approve("technical", "ana")])),
        Case("probe-twice", _flow([_submit(), _approve("technical", "dora"),
                                   _approve("risk", "dora")])),
        Case("probe-skip-stage", _flow([_submit(), _approve("risk", "caio")])),
        Case("probe-no-role", _flow([_submit(), _approve("technical", "caio")])),
        Case("probe-after-reject", _flow([_submit(), {"call": "reject",
                                                      "args": ["req-1", "technical"],
                                                      "kwargs": {"approver": "bia",
                                                                 "reason": "x"}},
                                          _approve("technical", "dora")])),
    ]


def _flow_hidden(rng):
    people = ["ana", "bia", "caio", "dora"]
    steps = [_submit(people[int(rng.integers(0, 4))])]
    for _ in range(5):
        stage = ["technical", "risk"][int(rng.integers(0, 2))]
        steps.append(_approve(stage, people[int(rng.integers(0, 4))]))
        steps.append(_status())
    return [Case("hidden-0", _flow(steps))]



SPEC = TaskSpec(
    lesson=LESSON,
    task='governance.approval_workflow',
    number=5,
    name=_about('fluxo de aprovação', 'approval workflow'),
    entry="ApprovalWorkflow",
    points=3,
    reference="mlopskit.governance:ApprovalWorkflow",
    encode=_encode_steps,
    protocol={"kind": "steps"},
    public_cases=_flow_cases,
    hidden_cases=_flow_hidden,
    probes=_flow_probes,
    hints=[
        _about("Um pedido é uma pequena máquina de estados: pendente até a última etapa ou "
               "até uma rejeição, e depois fechado para sempre. Cada etapa pede outra pessoa, "
               "com o papel certo, na ordem.",
               "A request is a small state machine: pending until the last stage or a "
               "rejection, then closed for good. Each stage needs another person, holding "
               "the right role, in order."),
        _about("A etapa atual se deduz do número de aprovações já dadas. Escreva as "
               "verificações comuns a `approve` e `reject` num auxiliar (`_current_role`) e "
               "faça-as na ordem do enunciado, pois ela decide qual exceção sai primeiro.",
               "The current stage follows from the number of approvals already given. Put "
               "the checks that `approve` and `reject` share in a helper (`_current_role`) "
               "and make them in the order of the task, since it decides which exception "
               "comes first."),
        _about("`nome, papel = self.stages[len(request['approvals'])]`; `if approver == "
               "request['author'] or approver in [q for _, q in request['approvals']]: raise "
               "PermissionError(...)`.",
               "`name, role = self.stages[len(request['approvals'])]`; `if approver == "
               "request['author'] or approver in [w for _, w in request['approvals']]: raise "
               "PermissionError(...)`."),
    ],
    misconceptions=[
        Misconception("approval.author_can_approve", _FlowAuthorApproves, _about(
            "A autora do modelo conseguiu aprovar o próprio modelo: a regra dos quatro "
            "olhos exige outra pessoa.",
            "The model's author could approve her own model: the four-eyes rule requires "
            "someone else.")),
        Misconception("approval.any_order", _FlowAnyOrder, _about(
            "Seu fluxo aceita etapas fora de ordem; a etapa de risco só vem depois da "
            "técnica.",
            "Your workflow accepts stages out of order; the risk stage comes only after the "
            "technical one.")),
        Misconception("approval.rejection_not_final", _FlowRejectionNotFinal, _about(
            "Depois de uma rejeição seu fluxo ainda aceita aprovações: a rejeição encerra o "
            "pedido.",
            "After a rejection your workflow still accepts approvals: a rejection closes "
            "the request.")),
        Misconception("approval.same_person_twice", _FlowSamePersonTwice, _about(
            "Uma mesma pessoa aprovou duas etapas do pedido; a regra dos quatro olhos "
            "também exige uma pessoa diferente em cada etapa.",
            "One person approved two stages of the request; the four-eyes rule also needs "
            "a different person at each stage.")),
        Misconception("approval.role_not_checked", _FlowRoleNotChecked, _about(
            "Seu fluxo aceita a aprovação de quem não tem o papel da etapa; confira o papel "
            "antes de registrar a aprovação.",
            "Your workflow accepts an approval from someone without the stage's role; check "
            "the role before recording the approval.")),
    ],
)
