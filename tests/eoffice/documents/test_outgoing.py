"""Văn bản đi from a draft to its release, with the leader's and the agency's signatures both valid, and
the approval route's rules (return with a reason, one winner when two leaders approve at once)."""

from __future__ import annotations

import io
import json
import re
import threading

import docx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.backends import Backends
from eoffice.documents.service import Actor
from eoffice.effects import SEND_OUTSIDE
from eoffice.errors import EOfficeError
from eoffice.exchange import tasks as exchange_tasks
from eoffice.exchange.models import OutboundKind, OutboundPackage
from eoffice.orgs.models import User
from eoffice.outgoing import service as outgoing
from eoffice.tasks.outbox import OutboxMessage
from eoffice.workflow.models import Decision
from signing import TrustSettings
from signing.demo_document import DemoDocument, demo_document_pdf
from signing.validation import validate_pdf
from tests.eoffice.documents.conftest import Office
from tests.eoffice.documents.pki import SIGNING_PIN, provision
from tests.eoffice.exchange_routes import connect
from tests.eoffice.factories import login

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("QUYẾT ĐỊNH Về việc ban hành Quy chế công tác văn thư điện tử")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _outside_package_queued_once(
    session: Session, backends: Backends, monkeypatch: pytest.MonkeyPatch, doc_id: int
) -> None:
    """The release committed a `send_outside` message with it; the worker's task it names queues one edXML
    package for the outside recipient, however often the message is delivered."""
    [message] = session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.task == SEND_OUTSIDE, OutboxMessage.kwargs["document_id"].as_integer() == doc_id
        )
    ).all()
    monkeypatch.setattr(exchange_tasks, "backends", lambda: backends)
    assert exchange_tasks.send_outside_task(**message.kwargs) == 1
    assert exchange_tasks.send_outside_task(**message.kwargs) == 0
    packages = session.scalars(select(OutboundPackage).where(OutboundPackage.document_id == doc_id)).all()
    assert [(p.organ_id, p.kind) for p in packages] == [("000.00.00.G22", OutboundKind.DOCUMENT)]


def _route(client: TestClient, office: Office, steps: list[dict], doc_type: str | None = None) -> dict:  # type: ignore[type-arg]
    response = client.post(
        "/api/v1/workflow/routes",
        json={"name": "Luồng trình ký", "doc_type": doc_type, "steps": steps},
        headers=login(client, office.admin),
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def _draft(client: TestClient, user: User, *, file: tuple[str, bytes, str], **metadata: object) -> dict:  # type: ignore[type-arg]
    body = {
        "title": "Về việc ban hành Quy chế công tác văn thư điện tử",
        "doc_type": "quyet_dinh",
        **metadata,
    }
    response = client.post(
        "/api/v1/outgoing",
        data={"metadata": json.dumps(body)},
        files={"file": file},
        headers=login(client, user),
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def test_outgoing_from_draft_to_release(
    client: TestClient,
    office: Office,
    session: Session,
    backends: Backends,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = provision(session, backends, office.agency, [office.leader])
    connect(session, office.agency.id, "000.00.00.G22")  # release refuses an outside agency it cannot reach
    _route(
        client,
        office,
        [
            {"name": "Trưởng phòng xem xét", "roles": ["lanh_dao_phong"]},
            {"name": "Góp ý", "user_ids": [office.deputy.id, office.colleague.id], "consultation": True},
            {"name": "Lãnh đạo duyệt", "user_ids": [office.leader.id]},
        ],
        doc_type="quyet_dinh",
    )
    specialist, head = login(client, office.specialist), login(client, office.head)
    leader, clerk = login(client, office.leader), login(client, office.clerk)
    doc = _draft(
        client,
        office.specialist,
        file=("Dự thảo quyết định.docx", _docx(), DOCX),
        recipients=[
            {"kind": "department", "department_id": office.finance.id},
            {"kind": "agency", "agency_id": office.other_agency.agency_id},
            {"kind": "external", "organ_id": "000.00.00.G22", "name": "Bộ Nội vụ"},
        ],
    )
    doc_id = doc["id"]
    assert doc["status"] == "draft" and [f["version"] for f in doc["files"]] == [1]
    assert doc["files"][0]["immutable"] is True

    # submit → the head of the drafting department is the first step; they comment and return it
    submitted = client.post(f"/api/v1/outgoing/{doc_id}/submit", headers=specialist).json()
    assert submitted["status"] == "submitted"
    assert submitted["run"]["waiting_for"] == [office.head.id]
    assert client.post(f"/api/v1/outgoing/{doc_id}/approve", json={}, headers=leader).status_code == 403
    assert (
        client.post(
            f"/api/v1/outgoing/{doc_id}/comments",
            json={"text": "Sửa lại căn cứ pháp lý", "file_version": 1},
            headers=head,
        ).status_code
        == 201
    )
    no_reason = client.post(f"/api/v1/outgoing/{doc_id}/return", json={}, headers=head)
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["message"]
    returned = client.post(
        f"/api/v1/outgoing/{doc_id}/return", json={"reason": "Bổ sung căn cứ"}, headers=head
    )
    assert returned.json()["status"] == "returned"
    assert returned.json()["run"]["decisions"][0]["reason"] == "Bổ sung căn cứ"

    # a PDF version (v2) with the signer block, resubmitted; every step approves
    pdf = demo_document_pdf(DemoDocument(signer_name=office.leader.full_name, position="CHỦ TỊCH"))
    version = client.post(
        f"/api/v1/outgoing/{doc_id}/versions",
        files={"file": ("Dự thảo v2.pdf", pdf, PDF)},
        headers=specialist,
    )
    assert version.status_code == 201 and version.json()["version"] == 2
    client.post(f"/api/v1/outgoing/{doc_id}/submit", headers=specialist)
    for user in (office.head, office.deputy, office.colleague, office.leader):
        response = client.post(f"/api/v1/outgoing/{doc_id}/approve", json={}, headers=login(client, user))
        assert response.status_code == 200, response.text
    approved = response.json()
    assert approved["status"] == "approved" and approved["run"]["status"] == "approved"

    # the leader signs, the văn thư issues the number from the sổ đi and signs as the agency
    signed = client.post(
        f"/api/v1/outgoing/{doc_id}/sign", json={"level": "B-B", "pin": SIGNING_PIN}, headers=leader
    )
    assert signed.status_code == 200, signed.text
    assert signed.json()["status"] == "signed" and signed.json()["files"][-1]["role"] == "signed"
    assert (
        client.post(
            f"/api/v1/outgoing/{doc_id}/issue", json={"level": "B-B", "pin": SIGNING_PIN}, headers=leader
        ).status_code
        == 403
    )
    issued = client.post(
        f"/api/v1/outgoing/{doc_id}/issue", json={"level": "B-B", "pin": SIGNING_PIN}, headers=clerk
    )
    assert issued.status_code == 200, issued.text
    issued_doc = issued.json()
    assert re.fullmatch(r"\d{2,}/QĐ-UBND", issued_doc["number_symbol"]), issued_doc["number_symbol"]
    assert issued_doc["issue_date"] and issued_doc["status"] == "issued"
    assert [f["version"] for f in issued_doc["files"]] == [1, 2, 3, 4]
    assert all(f["immutable"] for f in issued_doc["files"])

    # release: internal recipients get an incoming record, the outside one waits for the exchange
    released = client.post(f"/api/v1/outgoing/{doc_id}/release", json={}, headers=clerk).json()
    assert released["status"] == "released"
    assert [d["status"] for d in released["deliveries"]] == ["pending"]
    received = {r["kind"]: r["incoming_document_id"] for r in released["recipients"]}
    assert received["external"] is None
    _outside_package_queued_once(session, backends, monkeypatch, doc_id)
    finance = client.get(
        f"/api/v1/incoming/{received['department']}", headers=login(client, office.other_department)
    )
    assert finance.status_code == 200 and finance.json()["number_symbol"] == issued_doc["number_symbol"]
    # the agency's own unit gets an assignment, not an entry in the agency's own sổ đến
    assert finance.json()["register_number"] is None and finance.json()["status"] == "assigned"
    elsewhere = client.get(
        f"/api/v1/incoming/{received['agency']}", headers=login(client, office.other_agency)
    )
    assert elsewhere.status_code == 200 and elsewhere.json()["status"] == "registered"
    assert elsewhere.json()["register_number"] == 1  # the other agency's sổ đến

    # the released PDF, as the other agency received it, carries both signatures, both valid
    [copy] = elsewhere.json()["files"]
    assert copy["sha256"] == issued_doc["files"][-1]["sha256"]
    data = client.get(copy["download_path"], headers=login(client, office.other_agency)).content
    report = validate_pdf(data, TrustSettings(roots=(root,), allow_fetching=False))
    assert [s.signer.common_name for s in report.signatures if s.signer] == [
        office.leader.full_name,
        office.agency.name,
    ]
    assert report.valid, [s.problems for s in report.signatures]


def test_docx_draft_cannot_be_signed_until_its_pdf_is_converted(
    client: TestClient, office: Office, session: Session, backends: Backends
) -> None:
    provision(session, backends, office.agency, [office.leader])
    _route(client, office, [{"user_ids": [office.leader.id]}], doc_type="to_trinh")
    doc = _draft(client, office.specialist, file=("to-trinh.docx", _docx(), DOCX), doc_type="to_trinh")
    client.post(f"/api/v1/outgoing/{doc['id']}/submit", headers=login(client, office.specialist))
    leader = login(client, office.leader)
    client.post(f"/api/v1/outgoing/{doc['id']}/approve", json={}, headers=leader)
    refused = client.post(
        f"/api/v1/outgoing/{doc['id']}/sign", json={"level": "B-B", "pin": SIGNING_PIN}, headers=leader
    )
    assert refused.status_code == 409 and refused.json()["code"] == "outgoing.pdf_converting"
    assert client.get(f"/api/v1/outgoing/{doc['id']}", headers=leader).json()["status"] == "approved"


def test_two_leaders_approving_the_same_step_at_once(
    client: TestClient, office: Office, backends: Backends
) -> None:
    _route(client, office, [{"name": "Lãnh đạo duyệt", "roles": ["lanh_dao_don_vi"]}], doc_type="ke_hoach")
    doc = _draft(client, office.specialist, file=("kh.pdf", demo_document_pdf(), PDF), doc_type="ke_hoach")
    client.post(f"/api/v1/outgoing/{doc['id']}/submit", headers=login(client, office.specialist))

    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def approve(user_id: int) -> None:
        with backends.sessions() as session:
            user = session.get(User, user_id)
            assert user is not None
            barrier.wait()
            try:
                outgoing.decide(session, Actor(user), doc["id"], Decision.APPROVE, reason="", step=None)
                session.commit()
                outcomes.append("ok")
            except EOfficeError as exc:
                session.rollback()
                outcomes.append(exc.code)

    threads = [threading.Thread(target=approve, args=(u.id,)) for u in (office.leader, office.deputy)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) in (["document.wrong_state", "ok"], ["ok", "workflow.step_taken"]), outcomes
    detail = client.get(f"/api/v1/outgoing/{doc['id']}", headers=login(client, office.leader)).json()
    assert detail["status"] == "approved" and len(detail["run"]["decisions"]) == 1
