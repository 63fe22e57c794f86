"""Six clicks at once on one document: exactly one succeeds, the other five get 409, and nothing is left
behind by the losers — one signature in the PDF, the register advanced by exactly one, one incoming copy per
recipient, one registration per received package, no stored object without its row.

The requests are truly parallel: each thread has its own TestClient (a portal and event loop of its own), all
wait on a barrier, and the app runs each synchronous endpoint in its worker thread pool. Run against the
unfixed services these tests saw six numbers taken, stacked signatures and six incoming copies.
"""

from __future__ import annotations

import io
import json
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from pyhanko.pdf_utils.reader import PdfFileReader
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eoffice.backends import Backends
from eoffice.documents.kinds import DocumentKind
from eoffice.documents.models import Document, DocumentFile
from eoffice.exchange.models import OutboundKind, OutboundPackage
from eoffice.orgs.models import User
from eoffice.registers.models import Register
from eoffice.workflow.models import ApprovalRun
from signing.demo_document import DemoDocument, demo_document_pdf
from tests.eoffice.documents.conftest import Office, pdf_bytes, register
from tests.eoffice.documents.pki import SIGNING_PIN, provision
from tests.eoffice.exchange.samples import waiting_package
from tests.eoffice.factories import login
from tests.eoffice.races import one_winner, race

N = 6
PDF = "application/pdf"


def _no_orphans(session: Session, backends: Backends) -> None:
    """Every object under `documents/` has its row and every row its object."""
    session.expire_all()
    listed = set(backends.objects.list("documents/"))
    rows = set(
        session.scalars(select(DocumentFile.object_key).where(DocumentFile.object_key.like("documents/%")))
    )
    assert listed == rows, {"without row": sorted(listed - rows), "without object": sorted(rows - listed)}


def _last_number(session: Session, agency_id: int, kind: DocumentKind) -> int:
    session.expire_all()
    value = session.scalar(
        select(func.coalesce(func.sum(Register.last_number), 0)).where(
            Register.agency_id == agency_id, Register.kind == kind
        )
    )
    return int(value or 0)


def _signatures(client: TestClient, headers: dict[str, str], file: dict[str, Any]) -> int:
    data = client.get(file["download_path"], headers=headers).content
    return len(PdfFileReader(io.BytesIO(data)).embedded_signatures)


def _approved(
    client: TestClient, office: Office, session: Session, backends: Backends, **metadata: Any
) -> int:
    """A quyết định drafted by the specialist and approved by the leader; the leader and the agency have keys."""
    provision(session, backends, office.agency, [office.leader])
    route = {"name": "Lãnh đạo duyệt", "doc_type": "quyet_dinh", "steps": [{"user_ids": [office.leader.id]}]}
    assert (
        client.post("/api/v1/workflow/routes", json=route, headers=login(client, office.admin)).status_code
        == 201
    )
    pdf = demo_document_pdf(DemoDocument(signer_name=office.leader.full_name, position="CHỦ TỊCH"))
    body = {"title": "Về việc ban hành Quy chế công tác văn thư", "doc_type": "quyet_dinh", **metadata}
    specialist = login(client, office.specialist)
    draft = client.post(
        "/api/v1/outgoing",
        data={"metadata": json.dumps(body)},
        files={"file": ("du-thao.pdf", pdf, PDF)},
        headers=specialist,
    )
    assert draft.status_code == 201, draft.text
    doc_id: int = draft.json()["id"]
    assert client.post(f"/api/v1/outgoing/{doc_id}/submit", headers=specialist).status_code == 200
    approved = client.post(
        f"/api/v1/outgoing/{doc_id}/approve", json={}, headers=login(client, office.leader)
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved", approved.text
    return doc_id


def test_six_leader_signatures_at_once(
    app: FastAPI, client: TestClient, office: Office, session: Session, backends: Backends
) -> None:
    doc_id = _approved(client, office, session, backends)
    leader = login(client, office.leader)

    answers = race(app, f"/api/v1/outgoing/{doc_id}/sign", leader, {"level": "B-B", "pin": SIGNING_PIN})

    one_winner(answers, "document.wrong_state")
    detail = client.get(f"/api/v1/outgoing/{doc_id}", headers=leader).json()
    assert detail["status"] == "signed"
    assert [f["role"] for f in detail["files"]] == ["draft", "signed"]
    assert _signatures(client, leader, detail["files"][-1]) == 1
    _no_orphans(session, backends)


def test_six_issues_at_once_take_one_number(
    app: FastAPI, client: TestClient, office: Office, session: Session, backends: Backends
) -> None:
    doc_id = _approved(client, office, session, backends)
    leader, clerk = login(client, office.leader), login(client, office.clerk)
    assert (
        client.post(
            f"/api/v1/outgoing/{doc_id}/sign", json={"level": "B-B", "pin": SIGNING_PIN}, headers=leader
        ).status_code
        == 200
    )
    before = _last_number(session, office.agency.id, DocumentKind.OUTGOING)

    answers = race(app, f"/api/v1/outgoing/{doc_id}/issue", clerk, {"level": "B-B", "pin": SIGNING_PIN})

    issued = one_winner(answers, "document.wrong_state").json()
    assert issued["status"] == "issued"
    assert _last_number(session, office.agency.id, DocumentKind.OUTGOING) == before + 1
    assert int(issued["number"]) == before + 1
    assert [f["role"] for f in issued["files"]] == ["draft", "signed", "issued"]
    assert _signatures(client, clerk, issued["files"][-1]) == 2
    _no_orphans(session, backends)


def test_six_releases_at_once_make_one_copy_per_recipient(
    app: FastAPI, client: TestClient, office: Office, session: Session, backends: Backends
) -> None:
    recipients = [
        {"kind": "department", "department_id": office.finance.id},
        {"kind": "agency", "agency_id": office.other_agency.agency_id},
    ]
    doc_id = _approved(client, office, session, backends, recipients=recipients)
    leader, clerk = login(client, office.leader), login(client, office.clerk)
    assert (
        client.post(
            f"/api/v1/outgoing/{doc_id}/sign", json={"level": "B-B", "pin": SIGNING_PIN}, headers=leader
        ).status_code
        == 200
    )
    assert (
        client.post(
            f"/api/v1/outgoing/{doc_id}/issue", json={"level": "B-B", "pin": SIGNING_PIN}, headers=clerk
        ).status_code
        == 200
    )
    own_before = _last_number(session, office.agency.id, DocumentKind.INCOMING)
    other_before = _last_number(session, office.other_agency.agency_id, DocumentKind.INCOMING)

    answers = race(app, f"/api/v1/outgoing/{doc_id}/release", clerk)

    released = one_winner(answers, "document.wrong_state").json()
    assert released["status"] == "released"
    copies = session.scalars(select(Document).where(Document.source_document_id == doc_id)).all()
    assert sorted(c.agency_id for c in copies) == sorted([office.agency.id, office.other_agency.agency_id])
    # the agency's own unit gets an assignment, not an entry in the agency's own sổ đến
    assert _last_number(session, office.agency.id, DocumentKind.INCOMING) == own_before
    assert _last_number(session, office.other_agency.agency_id, DocumentKind.INCOMING) == other_before + 1
    _no_orphans(session, backends)


def test_six_accepts_of_one_received_package_register_it_once(
    app: FastAPI, client: TestClient, office: Office, session: Session, backends: Backends
) -> None:
    subject = f"Về việc tiếp nhận đồng thời {office.agency.code}"
    received_id = waiting_package(session, backends, office.agency, subject)
    before = _last_number(session, office.agency.id, DocumentKind.INCOMING)

    answers = race(app, f"/api/v1/exchange/received/{received_id}/accept", login(client, office.clerk))

    accepted = one_winner(answers, "exchange.wrong_state").json()
    registered = session.scalars(
        select(Document).where(Document.agency_id == office.agency.id, Document.title == subject)
    ).all()
    assert [d.id for d in registered] == [accepted["incoming_document_id"]]
    assert _last_number(session, office.agency.id, DocumentKind.INCOMING) == before + 1
    assert registered[0].register_number == before + 1
    _no_orphans(session, backends)


def _incoming(client: TestClient, office: Office, assignee: User | None = None) -> int:
    clerk = login(client, office.clerk)
    doc = register(client, clerk, files=[("cv.pdf", pdf_bytes(), PDF)])
    if assignee is not None:
        body = {"assignments": [{"role": "xu_ly_chinh", "user_id": assignee.id}]}
        response = client.post(f"/api/v1/incoming/{doc['id']}/assignments", json=body, headers=clerk)
        assert response.status_code == 201, response.text
    return int(doc["id"])


def test_six_incoming_transitions_at_once(app: FastAPI, client: TestClient, office: Office) -> None:
    clerk, leader = login(client, office.clerk), login(client, office.leader)

    # assign: one xử lý chính, the other five find one already there
    doc_id = _incoming(client, office)
    body = {"assignments": [{"role": "xu_ly_chinh", "user_id": office.specialist.id}]}
    one_winner(race(app, f"/api/v1/incoming/{doc_id}/assignments", clerk, body), "incoming.main_assigned")
    detail = client.get(f"/api/v1/incoming/{doc_id}", headers=clerk).json()
    assert [a["user_id"] for a in detail["assignments"]] == [office.specialist.id]

    # forward: the assignment is handed on once
    body = {"user_id": office.colleague.id, "note": "Đồng chí xử lý giúp"}
    path = f"/api/v1/incoming/{doc_id}/forward"
    one_winner(race(app, path, login(client, office.specialist), body), "incoming.already_forwarded")
    detail = client.get(f"/api/v1/incoming/{doc_id}", headers=clerk).json()
    assert [(a["user_id"], a["status"]) for a in detail["assignments"]] == [
        (office.specialist.id, "forwarded"),
        (office.colleague.id, "pending"),
    ]

    # complete: one closing note
    path = f"/api/v1/incoming/{doc_id}/complete"
    one_winner(race(app, path, leader, {"result": "Đã xử lý"}), "document.wrong_state")
    detail = client.get(f"/api/v1/incoming/{doc_id}", headers=clerk).json()
    assert detail["status"] == "completed"
    assert [n["kind"] for n in detail["notes"]].count("complete") == 1

    # recall: one recall note
    doc_id = _incoming(client, office, office.specialist)
    path = f"/api/v1/incoming/{doc_id}/recall"
    one_winner(race(app, path, clerk, {"reason": "Gửi nhầm"}), "document.wrong_state")
    detail = client.get(f"/api/v1/incoming/{doc_id}", headers=clerk).json()
    assert detail["status"] == "recalled"
    assert [n["kind"] for n in detail["notes"]].count("recall") == 1


def test_six_submissions_at_once_start_one_run(
    app: FastAPI, client: TestClient, office: Office, session: Session
) -> None:
    route = {"name": "Lãnh đạo duyệt", "doc_type": "cong_van", "steps": [{"user_ids": [office.leader.id]}]}
    assert (
        client.post("/api/v1/workflow/routes", json=route, headers=login(client, office.admin)).status_code
        == 201
    )
    specialist = login(client, office.specialist)
    draft = client.post(
        "/api/v1/outgoing",
        data={"metadata": json.dumps({"title": "Về việc trình đồng thời", "doc_type": "cong_van"})},
        files={"file": ("du-thao.pdf", demo_document_pdf(), PDF)},
        headers=specialist,
    ).json()

    one_winner(race(app, f"/api/v1/outgoing/{draft['id']}/submit", specialist), "document.wrong_state")
    runs = session.scalars(select(ApprovalRun).where(ApprovalRun.document_id == draft["id"])).all()
    assert len(runs) == 1


def test_six_refusals_of_one_received_package_answer_the_sender_once(
    app: FastAPI, client: TestClient, office: Office, session: Session, backends: Backends
) -> None:
    received_id = waiting_package(session, backends, office.agency, f"Từ chối {office.agency.code}")
    body = {"reason": "Gửi nhầm cơ quan"}

    path = f"/api/v1/exchange/received/{received_id}/refuse"
    one_winner(race(app, path, login(client, office.clerk), body), "exchange.wrong_state")
    statuses = session.scalars(
        select(OutboundPackage).where(
            OutboundPackage.received_id == received_id, OutboundPackage.kind == OutboundKind.STATUS
        )
    ).all()
    assert [s.status_code for s in statuses] == ["02"]
