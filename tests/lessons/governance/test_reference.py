"""Governance reference: model card, audit trail, access control, approvals, compliance,
and the MLflow registry flow (SQLite store, and a real `mlflow server` on 127.0.0.1)."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np
import pytest

from mlopskit.governance import (
    GENESIS_HASH,
    REQUIRED_CARD_FIELDS,
    AccessControl,
    ApprovalWorkflow,
    AuditLog,
    ModelCard,
    canonical_json,
    check_compliance,
    promote_challenger,
    register_challenger,
)


def full_card():
    return ModelCard(
        model_details={"name": "credit-risk", "version": "3", "owner": "risk team"},
        intended_use={"primary_uses": ["pre-screening"], "out_of_scope_uses": ["pricing"]},
        metrics={"performance_measures": {"auc": 0.81}},
        evaluation_data={"description": "2024 applications, held out"},
        training_data={"description": "2022-2023 applications"},
        ethical_considerations={"risks": ["proxy discrimination by region"]},
    )


# ------------------------------------------------------------------ model card
def test_card_validation_names_missing_fields():
    assert full_card().validate() == []
    card = ModelCard(model_details={"name": "x", "version": " "})
    missing = card.validate()
    assert missing[:3] == ["model_details.version", "model_details.owner",
                           "intended_use.primary_uses"]
    assert "ethical_considerations.risks" in missing


def test_missing_fields_of_a_plain_dict():
    from mlopskit.governance import missing_card_fields

    assert missing_card_fields({}) == [f"{a}.{b}" for a, b in REQUIRED_CARD_FIELDS]
    card = full_card().to_dict()
    card["intended_use"]["primary_uses"] = []
    card["model_details"]["owner"] = None
    card["training_data"] = "not a section"
    assert missing_card_fields(card) == ["model_details.owner", "intended_use.primary_uses",
                                         "training_data.description"]
    with pytest.raises(TypeError, match="card"):
        missing_card_fields(["x"])


def test_card_round_trips_through_dict_and_json(tmp_path):
    card = full_card()
    assert ModelCard.from_dict(card.to_dict()) == card
    path = card.to_json(tmp_path / "card.json")
    assert ModelCard.from_json(path) == card
    assert ModelCard.from_json(path).digest() == card.digest()
    with pytest.raises(ValueError, match="unknown model card section"):
        ModelCard.from_dict({"model_detail": {}})
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(ValueError, match="bad.json: not a JSON model card"):
        ModelCard.from_json(tmp_path / "bad.json")
    with pytest.raises(TypeError, match="metrics"):
        ModelCard(metrics=["auc"])


def test_card_markdown_has_every_section_and_flags_gaps():
    text = ModelCard(model_details={"name": "m"}).to_markdown()
    assert text.startswith("# Model card: m")
    assert text.count("\n## ") == 9
    assert "Missing required fields" in text
    assert "Missing" not in full_card().to_markdown()


def test_digest_changes_with_any_field():
    card = full_card()
    other = full_card()
    other.metrics["performance_measures"]["auc"] = 0.80
    assert card.digest() != other.digest()


# ------------------------------------------------------------------ audit log
def _clock():
    ticks = iter(f"2026-01-01T00:00:{s:02d}+00:00" for s in range(60))
    return lambda: next(ticks)


def _log(n=4, path=None):
    log = AuditLog(path, clock=_clock())
    for i in range(n):
        log.log_event("event", f"user{i % 2}", {"i": i})
    return log


def test_chain_links_each_entry_to_the_previous():
    entries = _log().entries
    assert entries[0]["previous_hash"] == GENESIS_HASH
    assert all(b["previous_hash"] == a["hash"] for a, b in zip(entries, entries[1:]))


@pytest.mark.parametrize("tamper, first_bad", [
    (lambda e: e[2]["details"].update(i=99), 2),
    (lambda e: e.pop(1), 1),
    (lambda e: e.insert(1, e.pop(2)), 1),
    (lambda e: e[3].update(user="mallory"), 3),
    (lambda e: e[0].pop("hash"), 0),
])
def test_verify_finds_the_first_altered_removed_or_reordered_entry(tamper, first_bad):
    log = _log()
    assert log.verify() is None
    tamper(log.entries)
    assert log.verify() == first_bad


def test_rehashing_one_entry_still_breaks_the_next_link():
    log = _log()
    log.entries[1]["details"] = {"i": 42}
    from mlopskit.governance import entry_hash as _entry_hash
    log.entries[1]["hash"] = _entry_hash(log.entries[1])
    assert log.verify() == 2


def _rewrite_from(log, target):
    from mlopskit.governance import entry_hash as _entry_hash

    log.entries[target]["user"] = "mallory"
    for i in range(target, len(log.entries)):
        log.entries[i]["previous_hash"] = log.entries[i - 1]["hash"] if i else GENESIS_HASH
        log.entries[i]["hash"] = _entry_hash(log.entries[i])


def test_the_chain_alone_misses_truncation_and_rewrite_the_anchor_catches_both():
    truncated, rewritten = _log(), _log()
    anchor = truncated.head()
    assert anchor == {"count": 4, "hash": truncated.entries[-1]["hash"]}
    del truncated.entries[2:]
    _rewrite_from(rewritten, 1)
    assert truncated.verify() is None and rewritten.verify() is None
    assert truncated.verify(anchor=anchor) == 2
    assert rewritten.verify(anchor=anchor) == 3


def test_an_anchor_accepts_later_appends_and_the_empty_log():
    log = _log(2)
    anchor, empty = log.head(), AuditLog().head()
    assert empty == {"count": 0, "hash": GENESIS_HASH}
    log.log_event("later", "ana")
    assert log.verify(anchor=anchor) is None and log.verify(anchor=empty) is None
    log.entries.clear()
    assert log.verify(anchor=anchor) == 0 and log.verify(anchor=empty) is None
    with pytest.raises(ValueError, match="anchor"):
        log.verify(anchor={"count": -1, "hash": GENESIS_HASH})


def test_hash_does_not_depend_on_key_order():
    a, b = AuditLog(clock=lambda: "t"), AuditLog(clock=lambda: "t")
    assert a.log_event("e", "u", {"x": 1, "y": 2})["hash"] == \
        b.log_event("e", "u", {"y": 2, "x": 1})["hash"]
    assert canonical_json({"b": 1, "a": 2}) == '{"a":2,"b":1}'


def test_filter_by_type_user_and_time():
    log = _log(6)
    assert [e["index"] for e in log.filter(user="user1")] == [1, 3, 5]
    assert [e["index"] for e in log.filter(start="2026-01-01T00:00:02+00:00",
                                           end="2026-01-01T00:00:04+00:00")] == [2, 3, 4]
    assert log.filter(event_type="other") == []


def test_persisted_log_reopens_and_continues_the_chain(tmp_path):
    path = tmp_path / "audit.jsonl"
    _log(3, path)
    reopened = AuditLog(path)
    entry = reopened.log_event("next", "ana")
    assert entry["index"] == 3 and reopened.verify() is None
    lines = path.read_text().splitlines()
    lines[1] = lines[1].replace('"i":1', '"i":7')
    path.write_text("\n".join(lines) + "\n")
    assert AuditLog(path).verify() == 1
    path.write_text("garbage\n")
    with pytest.raises(ValueError, match="line 1"):
        AuditLog(path)


def test_returned_entries_cannot_edit_the_log():
    log = _log(2)
    entry = log.log_event("e", "u", {"k": [1]})
    entry["details"]["k"].append(2)
    assert log.verify() is None
    with pytest.raises(ValueError, match="event_type"):
        log.log_event("", "u")


# ------------------------------------------------------------------ access control
def test_roles_grant_actions_and_unknowns_get_nothing():
    log = AuditLog()
    acl = AccessControl(audit_log=log)
    acl.assign("ana", "data_scientist")
    assert acl.can("ana", "train") and not acl.can("ana", "deploy")
    assert not acl.can("nobody", "read")
    with pytest.raises(ValueError, match="unknown role"):
        acl.assign("ana", "superuser")

    @acl.require("deploy")
    def deploy(model, *, user):
        return f"{model} deployed by {user}"

    with pytest.raises(PermissionError, match="'ana' may not 'deploy'"):
        deploy("m1", user="ana")
    acl.assign("ana", "ml_engineer")
    assert deploy("m1", user="ana") == "m1 deployed by ana"
    denied = log.filter(event_type="access_denied")
    assert denied == [denied[0]] and denied[0]["details"] == {"action": "deploy"}
    with pytest.raises(TypeError, match="user"):
        acl.require("read")(lambda model: model)


# ------------------------------------------------------------------ approvals
ROLES = {"ana": ["data_scientist", "reviewer"], "bia": ["reviewer"], "caio": ["risk_officer"],
         "dora": ["reviewer", "risk_officer"]}


@pytest.fixture
def flow():
    return ApprovalWorkflow([("technical", "reviewer"), ("risk", "risk_officer")],
                            user_roles=ROLES, audit_log=AuditLog())


def test_stages_in_order_with_the_right_roles(flow):
    rid = flow.submit("credit:3", author="ana")
    with pytest.raises(ValueError, match="current stage is 'technical'"):
        flow.approve(rid, "risk", approver="caio")
    with pytest.raises(PermissionError, match="'caio' does not have the role 'reviewer'"):
        flow.approve(rid, "technical", approver="caio")
    flow.approve(rid, "technical", approver="bia")
    assert flow.status(rid) == {"status": "pending", "approvals": [["technical", "bia"]],
                                "next_stage": "risk"}
    flow.approve(rid, "risk", approver="caio")
    assert flow.status(rid)["status"] == "approved"
    assert flow.status(rid)["next_stage"] is None
    events = [e["event_type"] for e in flow.audit_log.entries]
    assert events.count("access_denied") == 1 and events.count("stage_approved") == 2


def test_four_eyes_rule(flow):
    rid = flow.submit("credit:3", author="ana")
    with pytest.raises(PermissionError, match="four-eyes"):
        flow.approve(rid, "technical", approver="ana")  # ana is also a reviewer
    flow.approve(rid, "technical", approver="dora")
    with pytest.raises(PermissionError, match="already approved"):
        flow.approve(rid, "risk", approver="dora")


def test_rejection_closes_the_request(flow):
    rid = flow.submit("credit:3", author="ana")
    flow.reject(rid, "technical", approver="bia", reason="no fairness analysis")
    assert flow.status(rid)["status"] == "rejected"
    with pytest.raises(ValueError, match="rejected"):
        flow.approve(rid, "technical", approver="bia")
    with pytest.raises(KeyError, match="req-99"):
        flow.status("req-99")
    with pytest.raises(ValueError, match="unique"):
        ApprovalWorkflow([("a", "r"), ("a", "r")], user_roles={})


# ------------------------------------------------------------------ compliance
def test_a_gap_equal_to_the_limit_passes_in_spite_of_binary_floats():
    assert 0.45 - 0.30 > 0.15  # the reason for the tolerance
    report = check_compliance({"columns": []}, full_card(), {"N": 0.30, "S": 0.45},
                              max_gap=0.15)
    assert report.checks["bias"]
    assert not check_compliance({"columns": []}, full_card(), {"N": 0.30, "S": 0.46},
                                max_gap=0.15).checks["bias"]


def test_compliance_reasons_and_card_speak_portuguese_when_asked():
    report = check_compliance({"columns": ["cpf"]}, ModelCard(), {"a": 0.1, "b": 0.5},
                              lang="pt")
    assert report.reasons[0].startswith("identificadores diretos")
    assert "faltam campos" in report.reasons[1] and "limite" in report.reasons[2]
    english = check_compliance({"columns": ["cpf"]}, ModelCard(), {"a": 0.1, "b": 0.5},
                               lang="en")
    assert english.reasons[0].startswith("direct identifiers")
    markdown = full_card().to_markdown(lang="pt")
    assert "## Detalhes do modelo" in markdown and "Model details" not in markdown
    assert "_Não documentado._" in markdown


def test_compliance_checks_and_reasons():
    ok = check_compliance({"columns": ["income", "age"]}, full_card(), {"a": 0.31, "b": 0.36})
    assert ok.passed and ok.reasons == ()
    pii = check_compliance({"columns": ["income", "CPF"]}, full_card(), {"a": 0.3, "b": 0.3})
    assert pii.checks == {"privacy": False, "documentation": True, "bias": True}
    assert "CPF" in pii.reasons[0]
    justified = check_compliance({"columns": ["cpf"], "pii_justified": ["cpf"]}, full_card(),
                                 {"a": 0.3})
    assert justified.passed
    biased = check_compliance({"columns": []}, full_card(), {"a": 0.1, "b": 0.5}, max_gap=0.2)
    assert not biased.checks["bias"] and "0.400" in biased.reasons[0]
    with pytest.raises(ValueError, match="columns"):
        check_compliance({}, full_card(), {"a": 1})
    assert check_compliance({"columns": []}, full_card().to_dict(), {"a": 1}).passed


# ------------------------------------------------------------------ MLflow registry
def _log_run(tracking_uri):
    import mlflow
    from sklearn.linear_model import LogisticRegression

    mlflow.set_tracking_uri(tracking_uri)
    mlflow.set_experiment("governance-test")
    rng = np.random.default_rng(0)
    X = rng.random((40, 2))
    y = (X[:, 0] > 0.5).astype(int)
    with mlflow.start_run():
        return mlflow.sklearn.log_model(LogisticRegression().fit(X, y), name="model",
                                        pip_requirements=["scikit-learn"])


def _governed_promotion(tracking_uri):
    from mlflow import MlflowClient

    client = MlflowClient(tracking_uri)
    log = AuditLog()
    flow = ApprovalWorkflow([("technical", "reviewer"), ("risk", "risk_officer")],
                            user_roles=ROLES, audit_log=log)
    card = full_card()
    compliance = check_compliance({"columns": ["income"]}, card, {"a": 0.3, "b": 0.32})

    def promote(request_id, report):
        return promote_challenger(
            client, "credit", approved=flow.status(request_id)["status"] == "approved",
            compliant=report.passed, user="caio", audit_log=log)

    first = register_challenger(client, _log_run(tracking_uri), model_name="credit", card=card)
    rid = flow.submit("credit:1", author="ana")
    assert not promote(rid, compliance)
    assert client.get_model_version("credit", first.version).aliases == ["challenger"]
    flow.approve(rid, "technical", approver="bia")
    flow.approve(rid, "risk", approver="caio")
    assert promote(rid, compliance)
    assert client.get_model_version_by_alias("credit", "champion").version == first.version

    second = register_challenger(client, _log_run(tracking_uri), model_name="credit", card=card)
    assert second.tags["model_card_digest"] == card.digest()
    rid2 = flow.submit("credit:2", author="ana")
    flow.approve(rid2, "technical", approver="bia")
    flow.approve(rid2, "risk", approver="caio")
    bad = check_compliance({"columns": ["cpf"]}, card, {"a": 0.3})
    assert not promote(rid2, bad)
    assert client.get_model_version_by_alias("credit", "champion").version == first.version
    assert promote(rid2, compliance)
    assert client.get_model_version_by_alias("credit", "champion").version == second.version
    assert client.get_model_version("credit", first.version).tags.get("archived") == "true"
    events = [e["event_type"] for e in log.entries]
    assert events.count("promotion_blocked") == 2 and events.count("model_promoted") == 2
    assert "model_archived" in events and log.verify() is None
    events_before = len(log.entries)
    assert not promote(flow.submit("credit:3", author="ana"), compliance)  # no challenger
    assert len(log.entries) > events_before


def _champion_predicts(tracking_uri):
    import mlflow

    mlflow.set_tracking_uri(tracking_uri)
    champion = mlflow.pyfunc.load_model("models:/credit@champion")
    X = np.array([[0.9, 0.1], [0.1, 0.9]])
    assert list(champion.predict(X)) == [1, 0]


@pytest.mark.mlflow
def test_promotion_with_a_sqlite_tracking_store(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _governed_promotion(f"sqlite:///{tmp_path / 'mlflow.db'}")
    _champion_predicts(f"sqlite:///{tmp_path / 'mlflow.db'}")


def test_register_challenger_refuses_a_run_id():
    with pytest.raises(ValueError, match="model_uri"):
        register_challenger(object(), "0123abcd", model_name="credit", card=full_card())


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def mlflow_server(tmp_path):
    port = _free_port()
    env = {**os.environ, "MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false"}
    cmd = [str(Path(sys.executable).parent / "mlflow"), "server",
           "--backend-store-uri", f"sqlite:///{tmp_path / 'server.db'}",
           "--artifacts-destination", str(tmp_path / "artifacts"),
           "--host", "127.0.0.1", "--port", str(port), "--workers", "1"]
    proc = subprocess.Popen(cmd, env=env, cwd=tmp_path, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError("mlflow server did not start") from None
                time.sleep(0.3)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.mark.mlflow
def test_promotion_against_a_real_mlflow_server(mlflow_server, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _governed_promotion(mlflow_server)
    with urllib.request.urlopen(
            f"{mlflow_server}/api/2.0/mlflow/registered-models/get?name=credit") as response:
        model = json.load(response)["registered_model"]
    assert {a["alias"] for a in model["aliases"]} == {"champion"}
