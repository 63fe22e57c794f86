"""The bell: everyone concerned is told of each workflow event, and nobody of a document they may not read.

Each test walks the event through the API as the real roles do and reads the bell (`GET /notifications`) of
the person who should, and of one who should not, be told.
"""

from __future__ import annotations

import json
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eoffice import clock, keys
from eoffice.backends import Backends
from eoffice.exchange import build_document_package
from eoffice.exchange.edxml import Attachment, Organization
from eoffice.exchange.flow import take_in
from eoffice.exchange.settings import ExchangeSettings
from eoffice.notifications.models import Notification
from eoffice.notifications.reminders import send_deadline_reminders
from eoffice.orgs.models import User
from signing import PadesSigner
from signing.demo_document import DemoDocument, demo_document_pdf
from tests.eoffice.documents.conftest import Office, pdf_bytes, register
from tests.eoffice.documents.pki import SIGNING_PIN, provision
from tests.eoffice.exchange.samples import document_package
from tests.eoffice.factories import login

PDF = "application/pdf"


def bell(client: TestClient, user: User) -> list[dict]:  # type: ignore[type-arg]
    response = client.get("/api/v1/notifications", headers=login(client, user))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["unread"] == sum(1 for n in body["items"] if n["read_at"] is None)
    return body["items"]  # type: ignore[no-any-return]


def told(client: TestClient, user: User, document_id: int | None = None) -> list[str]:
    """The kinds of `user`'s notifications (about `document_id` when given), oldest first."""
    items = bell(client, user)
    return [n["kind"] for n in reversed(items) if document_id is None or n["document_id"] == document_id]


def test_incoming_assignment_and_forwarding_reach_the_people_who_act(
    client: TestClient, office: Office
) -> None:
    clerk, leader, head = (
        login(client, office.clerk),
        login(client, office.leader),
        login(client, office.head),
    )
    doc = register(client, clerk, title="Về việc rà soát thủ tục hành chính năm 2026")
    deadline = clock.today() + timedelta(days=5)
    response = client.post(
        f"/api/v1/incoming/{doc['id']}/assignments",
        json={
            "assignments": [
                {
                    "role": "xu_ly_chinh",
                    "department_id": office.home_affairs.id,
                    "deadline": str(deadline),
                    "instruction": "Chủ trì tham mưu",
                },
                {"role": "phoi_hop", "user_id": office.other_department.id},
            ]
        },
        headers=leader,
    )
    assert response.status_code == 201, response.text
    [assigned] = [n for n in bell(client, office.head) if n["document_id"] == doc["id"]]
    assert assigned["kind"] == "assigned" and assigned["title"] == "Văn bản được giao xử lý"
    assert "Về việc rà soát thủ tục hành chính năm 2026" in assigned["message"]
    assert f"Xử lý chính, hạn {deadline:%d/%m/%Y}. Chủ trì tham mưu" in assigned["message"]
    assert told(client, office.other_department, doc["id"]) == ["assigned"]
    assert told(client, office.specialist, doc["id"]) == []  # the unit's work goes to its head first
    assert told(client, office.leader, doc["id"]) == []  # the one who acted is not told of his own act

    forwarded = client.post(
        f"/api/v1/incoming/{doc['id']}/forward",
        json={"user_id": office.specialist.id, "note": "Đồng chí Bình xử lý"},
        headers=head,
    )
    assert forwarded.status_code == 201, forwarded.text
    assert told(client, office.specialist, doc["id"]) == ["forwarded"]

    # marking read: the unread count falls, and another user cannot mark it
    [note] = bell(client, office.specialist)[:1]
    other = client.post(f"/api/v1/notifications/{note['id']}/read", headers=login(client, office.colleague))
    assert other.status_code == 404
    mine = client.post(f"/api/v1/notifications/{note['id']}/read", headers=login(client, office.specialist))
    assert mine.status_code == 200 and mine.json()["read_at"]


def test_the_outgoing_route_tells_each_next_actor(
    client: TestClient, office: Office, session: Session, backends: Backends
) -> None:
    provision(session, backends, office.agency, [office.leader])
    route = {
        "name": "Trình ký",
        "doc_type": "quyet_dinh",
        "steps": [{"roles": ["lanh_dao_phong"]}, {"user_ids": [office.leader.id]}],
    }
    assert (
        client.post("/api/v1/workflow/routes", json=route, headers=login(client, office.admin)).status_code
        == 201
    )
    specialist, head = login(client, office.specialist), login(client, office.head)
    leader, clerk = login(client, office.leader), login(client, office.clerk)
    pdf = demo_document_pdf(DemoDocument(signer_name=office.leader.full_name, position="CHỦ TỊCH"))
    body = {"title": "Về việc ban hành Quy chế tiếp công dân", "doc_type": "quyet_dinh"}
    draft = client.post(
        "/api/v1/outgoing",
        data={"metadata": json.dumps(body)},
        files={"file": ("du-thao.pdf", pdf, PDF)},
        headers=specialist,
    )
    assert draft.status_code == 201, draft.text
    doc_id = draft.json()["id"]

    assert client.post(f"/api/v1/outgoing/{doc_id}/submit", headers=specialist).status_code == 200
    assert told(client, office.head, doc_id) == ["submitted"]
    assert told(client, office.leader, doc_id) == []  # not his step yet

    returned = client.post(
        f"/api/v1/outgoing/{doc_id}/return", json={"reason": "Bổ sung căn cứ"}, headers=head
    )
    assert returned.status_code == 200, returned.text
    [back] = [n for n in bell(client, office.specialist) if n["document_id"] == doc_id]
    assert back["kind"] == "returned" and back["message"].endswith(": Bổ sung căn cứ")

    assert client.post(f"/api/v1/outgoing/{doc_id}/submit", headers=specialist).status_code == 200
    assert client.post(f"/api/v1/outgoing/{doc_id}/approve", json={}, headers=head).status_code == 200
    assert told(client, office.leader, doc_id) == ["submitted"]
    assert client.post(f"/api/v1/outgoing/{doc_id}/approve", json={}, headers=leader).status_code == 200
    assert told(client, office.specialist, doc_id) == ["returned", "approved"]

    signed = client.post(
        f"/api/v1/outgoing/{doc_id}/sign", json={"level": "B-B", "pin": SIGNING_PIN}, headers=leader
    )
    assert signed.status_code == 200, signed.text
    assert told(client, office.clerk, doc_id) == ["signed"]
    issued = client.post(
        f"/api/v1/outgoing/{doc_id}/issue", json={"level": "B-B", "pin": SIGNING_PIN}, headers=clerk
    )
    assert issued.status_code == 200, issued.text
    [issue_note] = [n for n in bell(client, office.specialist) if n["kind"] == "issued"]
    assert issued.json()["number_symbol"] in issue_note["message"]
    assert told(client, office.specialist, doc_id) == ["returned", "approved", "signed", "issued"]


def test_a_package_from_another_agency_tells_the_clerks(
    client: TestClient, office: Office, session: Session, backends: Backends
) -> None:
    agency = office.agency
    provision(session, backends, agency, [office.leader])  # a key to sign the sender's PDF with
    signed = PadesSigner(keys.signer_for_agency(session, backends, agency, SIGNING_PIN)).sign(
        demo_document_pdf(DemoDocument(signer_name=office.leader.full_name))
    )
    subject = f"Về việc phối hợp kiểm tra công tác văn thư {agency.code}"
    package = document_package(
        recipients=(Organization(agency.code, agency.name),),
        subject=subject,
        attachments=(Attachment("05-QD-UBND.pdf", "application/pdf", signed, description="Văn bản"),),
    )
    take_in(
        backends,
        ExchangeSettings(require_trusted_signature=False),
        agency.id,
        sender=package.sender.organ_id,
        idempotency_key=f"notify-{agency.code}",
        body=build_document_package(package),
        transport="direct",
    )
    [arrived] = [n for n in bell(client, office.clerk) if subject in n["message"]]
    assert arrived["kind"] == "received" and arrived["document_id"] is None
    assert package.sender.organ_name in arrived["message"]
    assert not [n for n in bell(client, office.specialist) if subject in n["message"]]


def test_nobody_is_told_of_a_document_they_may_not_read(
    client: TestClient, office: Office, session: Session
) -> None:
    clerk, leader = login(client, office.clerk), login(client, office.leader)
    title = "Kế hoạch bảo vệ bí mật nhà nước năm 2026"
    secret = register(
        client,
        clerk,
        title=title,
        secrecy="mat",
        files=[("mat.pdf", pdf_bytes(), PDF)],
    )
    overdue = str(clock.today() - timedelta(days=2))
    response = client.post(
        f"/api/v1/incoming/{secret['id']}/assignments",
        json={
            "assignments": [
                {"role": "xu_ly_chinh", "department_id": office.home_affairs.id, "deadline": overdue}
            ]
        },
        headers=clerk,
    )
    assert response.status_code == 201, response.text
    # the head of the unit may not read a secret document through his unit, so neither the assignment nor
    # the reminder sweep may tell him its title
    assert (
        client.get(f"/api/v1/incoming/{secret['id']}", headers=login(client, office.head)).status_code == 404
    )
    send_deadline_reminders(session, clock.today())
    session.commit()
    written = select(func.count()).where(
        Notification.user_id == office.head.id, Notification.document_id == secret["id"]
    )
    assert session.scalar(written) == 0  # not even written, let alone shown
    assert not [
        n for n in bell(client, office.head) if n["document_id"] == secret["id"] or title in n["message"]
    ]

    # access that ends later hides what was told while it lasted
    plain = register(client, clerk, title="Về việc kiểm tra công vụ")
    client.post(
        f"/api/v1/incoming/{plain['id']}/assignments",
        json={"assignments": [{"role": "xu_ly_chinh", "department_id": office.home_affairs.id}]},
        headers=leader,
    )
    assert told(client, office.head, plain["id"]) == ["assigned"]
    recalled = client.post(
        f"/api/v1/incoming/{plain['id']}/recall", json={"reason": "Giao nhầm"}, headers=clerk
    )
    assert recalled.status_code == 200, recalled.text
    assert told(client, office.head, plain["id"]) == []
