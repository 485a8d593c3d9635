"""Task 5 of lesson 01_governance: approval workflow (``governance.approval_workflow``).

Everything that defines the task sits here: its cases, its catalogued misconceptions
(deliberately wrong code: fingerprints, not solutions) and its spec. The reference is
``mlopskit.governance:ApprovalWorkflow``; the notebook cells are ``approval_workflow-*``.
"""

from __future__ import annotations

from mlopskit.checks._core import Case, Misconception, TaskSpec
from mlopskit.checks.governance import LESSON
from mlopskit.checks.governance._common import _encode_steps
from mlopskit.languages import bilingual as _about


class _FlowBase:
    author_may_approve = False
    any_order = False
    rejection_final = True

    def __init__(self, stages, *, user_roles):
        self.stages = [tuple(s) for s in stages]
        self.user_roles = {u: set(r) for u, r in user_roles.items()}
        self.requests = {}

    def submit(self, model_id, *, author):
        rid = f"req-{len(self.requests) + 1}"
        self.requests[rid] = {"author": author, "status": "pending", "approvals": []}
        return rid

    def _current(self, rid, stage):
        req = self.requests[rid]
        if req["status"] != "pending" and (self.rejection_final or req["status"] != "rejected"):
            raise ValueError(req["status"])
        done = {s for s, _ in req["approvals"]}
        if self.any_order:
            match = [s for s in self.stages if s[0] == stage and s[0] not in done]
            if not match:
                raise ValueError(stage)
            return req, match[0][1]
        expected, role = self.stages[len(req["approvals"])]
        if stage != expected:
            raise ValueError(stage)
        return req, role

    def approve(self, rid, stage, *, approver):
        req, role = self._current(rid, stage)
        if approver == req["author"] and not self.author_may_approve:
            raise PermissionError(approver)
        if any(a == approver for _, a in req["approvals"]):
            raise PermissionError(approver)
        if role not in self.user_roles.get(approver, set()):
            raise PermissionError(approver)
        req["approvals"].append([stage, approver])
        req["status"] = "approved" if len(req["approvals"]) == len(self.stages) else "pending"

    def reject(self, rid, stage, *, approver, reason):
        req, role = self._current(rid, stage)
        if role not in self.user_roles.get(approver, set()):
            raise PermissionError(approver)
        req["status"] = "rejected"

    def status(self, rid):
        req = self.requests[rid]
        done = {s for s, _ in req["approvals"]}
        pending = [s for s, _ in self.stages if s not in done]
        return {"status": req["status"], "approvals": [list(a) for a in req["approvals"]],
                "next_stage": pending[0] if req["status"] == "pending" and pending else None}


class _FlowAuthorApproves(_FlowBase):
    author_may_approve = True


class _FlowAnyOrder(_FlowBase):
    any_order = True


class _FlowRejectionNotFinal(_FlowBase):
    rejection_final = False


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
             about=_about("duas aprovações em ordem", "two approvals in order")),
        Case("author-approves", _flow([_submit(), _approve("technical", "ana"), _status(),
                                       _approve("technical", "dora"),
                                       _approve("risk", "dora"), _status()]),
             about=_about("a autora tenta aprovar; alguém aprova duas etapas",
                          "the author tries to approve; someone approves two stages")),
        Case("out-of-order", _flow([_submit(), _approve("risk", "caio"), _status(),
                                    _approve("technical", "caio")]),
             about=_about("etapa fora de ordem, aprovador sem o papel",
                          "a stage out of order, an approver without the role")),
        Case("rejected", _flow([_submit(), {"call": "reject", "args": ["req-1", "technical"],
                                            "kwargs": {"approver": "bia",
                                                       "reason": "no fairness analysis"}},
                                _status(), _approve("technical", "dora"), _status()]),
             about=_about("uma rejeição encerra o pedido", "a rejection closes the request")),
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
    hints=[
        _about("Guarde por pedido: autor, situação e a lista de aprovações [etapa, quem].",
               "Keep per request: author, status and the list of approvals [stage, who]."),
        _about("A etapa atual é `stages[len(aprovacoes)]`; outra etapa é `ValueError`.",
               "The current stage is `stages[len(approvals)]`; any other is `ValueError`."),
        _about("Ordem das verificações: pedido aberto, etapa certa, não é o autor, não "
               "aprovou antes, tem o papel.",
               "Order of checks: request open, right stage, not the author, has not "
               "approved before, holds the role."),
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
    ],
)
