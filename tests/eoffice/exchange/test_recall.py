"""Thu hồi văn bản đã phát hành across agencies (edXML `BussinessDocType` 1; statuses 13, 15, 16).

Sender: the văn thư recalls a released document; copies in this installation are marked recalled at once, each
outside recipient gets the recall package (an effect the exchange worker turns into one package each) and its
view shows 13, then the answer. Recipient: a recall of a registered document waits for the văn thư (agree: the
copy is marked recalled, its holders told, 15 goes back; refuse: 16 with the reason); one for a document still
waiting withdraws it from the queue and answers 15 itself. Two clicks at once: one effect, 409 for the rest.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.backends import Backends
from eoffice.documents.kinds import DocumentStatus
from eoffice.documents.models import Document
from eoffice.effects import SEND_RECALL
from eoffice.exchange import tasks as exchange_tasks
from eoffice.exchange._xml import validate
from eoffice.exchange.edxml import (
    Business,
    BusinessType,
    Organization,
    ResponseFor,
    StaffInfo,
    StatusCode,
    StatusPackage,
    build_document_package,
    build_status_package,
    parse_package,
    summary,
)
from eoffice.exchange.flow import receive
from eoffice.exchange.models import OutboundKind, OutboundPackage, ReceivedPackage
from eoffice.exchange.settings import ExchangeSettings
from eoffice.incoming.models import Assignment, AssignmentStatus
from eoffice.notifications.models import Notification, NotificationKind
from eoffice.orgs.models import Agency
from eoffice.tasks.outbox import OutboxMessage
from tests.eoffice.documents import conftest as documents
from tests.eoffice.documents.conftest import Office
from tests.eoffice.exchange.samples import SENDER, document_package, waiting_package
from tests.eoffice.exchange.test_directory import _issued
from tests.eoffice.exchange_routes import connect
from tests.eoffice.factories import login
from tests.eoffice.races import one_winner, race

office = documents.office  # the fixture: the documents tests' agency with its people
OUTSIDE = Organization("000.00.31.H99", "Sở Nội vụ tỉnh Ngoài")
REASON = "Sai thẩm quyền ban hành"


def _recall_body(agency: Agency, reason: str = REASON) -> bytes:
    package = document_package(
        recipients=(Organization(agency.code, agency.name),),
        business=Business(BusinessType.REVOCATION, reason, StaffInfo("Văn phòng", "Nguyễn Thị Thu")),
    )
    return build_document_package(package)


def _arrive(session: Session, backends: Backends, agency_id: int, body: bytes, key: str) -> int:
    agency = session.get(Agency, agency_id)
    assert agency is not None
    arrival = receive(
        session,
        backends,
        ExchangeSettings(),
        agency,
        sender=SENDER.organ_id,
        idempotency_key=key,
        body=body,
        transport="direct",
    )
    session.commit()
    assert arrival.received is not None
    return int(arrival.received.id)


def _answers(session: Session, backends: Backends, received_id: int) -> list[tuple[str, str]]:
    """The status packages queued back to the sender about this received item: (code, description)."""
    session.expire_all()
    rows = session.scalars(
        select(OutboundPackage)
        .where(OutboundPackage.received_id == received_id, OutboundPackage.kind == OutboundKind.STATUS)
        .order_by(OutboundPackage.id)
    )
    answers = []
    for row in rows:
        package = parse_package(b"".join(backends.objects.get(row.package_key)))
        assert isinstance(package, StatusPackage)
        answers.append((row.status_code, package.description))
    return answers


def _registered(
    client: TestClient, session: Session, backends: Backends, office: Office, subject: str
) -> int:
    """A package from SENDER registered by the văn thư and given to the specialist; the incoming document."""
    received_id = waiting_package(session, backends, office.agency, subject)
    clerk = login(client, office.clerk)
    accepted = client.post(f"/api/v1/exchange/received/{received_id}/accept", json={}, headers=clerk)
    assert accepted.status_code == 200, accepted.text
    document_id = int(accepted.json()["incoming_document_id"])
    assigned = client.post(
        f"/api/v1/incoming/{document_id}/assignments",
        json={"assignments": [{"role": "xu_ly_chinh", "user_id": office.specialist.id}]},
        headers=login(client, office.leader),
    )
    assert assigned.status_code == 201, assigned.text
    return document_id


def test_the_recall_package_is_written_exactly_and_read_back() -> None:
    package = document_package(
        business=Business(
            BusinessType.REVOCATION,
            REASON,
            StaffInfo("Văn phòng", "Nguyễn Thị Thu"),
            replaces=("X,2026/01/02,1/QĐ",),
        )
    )
    data = build_document_package(package)
    validate(etree.fromstring(data))  # strict: the Government Office's library's shape
    read = parse_package(data)
    assert read.warnings == ()
    assert read.business == Business(
        BusinessType.REVOCATION,
        REASON,
        StaffInfo("Văn phòng", "Nguyễn Thị Thu"),
        document_id=package.document_id,
        replaces=("X,2026/01/02,1/QĐ",),
    )
    assert summary(read)["business_type"] == "revocation"

    # Another system's order (reason before type, StaffInfo first) reads the same, with a warning.
    root = etree.fromstring(data)
    business = root.find(".//{*}Bussiness")
    assert business is not None
    business.insert(0, business.find("{*}StaffInfo"))
    business.insert(1, business.find("{*}BussinessDocReason"))
    lenient = parse_package(etree.tostring(root))
    assert lenient.business.doc_type == BusinessType.REVOCATION and lenient.business.reason == REASON
    assert lenient.warnings


def test_a_recall_of_a_registered_document_is_agreed_once(
    client: TestClient, app: FastAPI, session: Session, backends: Backends, office: Office
) -> None:
    document_id = _registered(client, session, backends, office, f"Về việc thu hồi {office.agency.code}")
    recall_id = _arrive(session, backends, office.agency.id, _recall_body(office.agency), "recall-1")
    assert _arrive(session, backends, office.agency.id, _recall_body(office.agency), "recall-1") == recall_id

    clerk = login(client, office.clerk)
    queue = client.get("/api/v1/exchange/received?state=pending", headers=clerk).json()["items"]
    [shown] = [i for i in queue if i["id"] == recall_id]
    assert (shown["business_type"], shown["incoming_document_id"]) == ("revocation", document_id)
    assert REASON in shown["reason"]
    assert session.scalar(
        select(Notification).where(
            Notification.user_id == office.clerk.id,
            Notification.document_id == document_id,
            Notification.kind == NotificationKind.RECEIVED,
        )
    )
    wrong = client.post(f"/api/v1/exchange/received/{recall_id}/accept", json={}, headers=clerk)
    assert wrong.status_code == 409 and wrong.json()["code"] == "exchange.is_recall"

    one_winner(
        race(app, f"/api/v1/exchange/received/{recall_id}/recall/agree", clerk), "exchange.wrong_state"
    )

    session.expire_all()
    document = session.get(Document, document_id)
    assert document is not None and document.status == DocumentStatus.RECALLED
    [assignment] = session.scalars(select(Assignment).where(Assignment.document_id == document_id))
    assert assignment.status == AssignmentStatus.RECALLED
    told = session.scalars(
        select(Notification).where(
            Notification.document_id == document_id, Notification.kind == NotificationKind.TAKEN_BACK
        )
    ).all()
    assert [n.user_id for n in told] == [office.specialist.id] and REASON in told[0].message
    assert [code for code, _ in _answers(session, backends, recall_id)] == ["15"]
    item = session.get(ReceivedPackage, recall_id)
    assert item is not None and item.state.value == "accepted"


def test_a_recall_is_refused_once_with_the_reason_and_the_copy_stays(
    client: TestClient, app: FastAPI, session: Session, backends: Backends, office: Office
) -> None:
    document_id = _registered(client, session, backends, office, f"Về việc giữ lại {office.agency.code}")
    recall_id = _arrive(session, backends, office.agency.id, _recall_body(office.agency), "recall-2")
    clerk = login(client, office.clerk)
    body = {"reason": "Văn bản đã được thực hiện xong"}
    answers = race(app, f"/api/v1/exchange/received/{recall_id}/recall/refuse", clerk, body)
    one_winner(answers, "exchange.wrong_state")
    late = client.post(f"/api/v1/exchange/received/{recall_id}/recall/agree", headers=clerk)
    assert late.status_code == 409

    assert _answers(session, backends, recall_id) == [("16", "Văn bản đã được thực hiện xong")]
    document = session.get(Document, document_id)
    assert document is not None and document.status == DocumentStatus.ASSIGNED
    other = login(client, office.specialist)
    assert (
        client.post(f"/api/v1/exchange/received/{recall_id}/recall/agree", headers=other).status_code == 404
    )


def test_a_recall_of_a_waiting_document_withdraws_it_and_answers_15(
    client: TestClient, session: Session, backends: Backends, office: Office
) -> None:
    waiting_id = waiting_package(session, backends, office.agency, f"Về việc chờ {office.agency.code}")
    recall_id = _arrive(session, backends, office.agency.id, _recall_body(office.agency), "recall-3")

    session.expire_all()
    waiting = session.get(ReceivedPackage, waiting_id)
    recall = session.get(ReceivedPackage, recall_id)
    assert waiting is not None and recall is not None
    assert (waiting.state.value, recall.state.value) == ("withdrawn", "accepted")
    assert REASON in waiting.reason
    [(code, description)] = _answers(session, backends, recall_id)
    assert code == "15" and "rút khỏi hàng chờ" in description
    clerk = login(client, office.clerk)
    late = client.post(f"/api/v1/exchange/received/{waiting_id}/accept", json={}, headers=clerk)
    assert late.status_code == 409 and late.json()["code"] == "exchange.wrong_state"


def test_the_sender_recalls_once_internal_copies_at_once_outside_by_package_then_15(
    client: TestClient,
    app: FastAPI,
    session: Session,
    backends: Backends,
    office: Office,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(exchange_tasks, "backends", lambda: backends)
    document_id = _issued(session, backends, office, "41")
    connect(session, office.agency.id, OUTSIDE.organ_id)  # release refuses an agency it cannot reach
    clerk = login(client, office.clerk)
    recipients = [
        {"kind": "department", "department_id": office.home_affairs.id},
        {"kind": "external", "organ_id": OUTSIDE.organ_id, "name": OUTSIDE.organ_name},
    ]
    released = client.post(
        f"/api/v1/outgoing/{document_id}/release", json={"recipients": recipients}, headers=clerk
    )
    assert released.status_code == 200, released.text
    [copy_id] = [
        r["incoming_document_id"] for r in released.json()["recipients"] if r["incoming_document_id"]
    ]
    assert exchange_tasks.send_outside_task(document_id) == 1

    outsider = login(client, office.other_agency)  # văn thư and leader, of another agency
    refused = client.post(f"/api/v1/outgoing/{document_id}/recall", json={"reason": REASON}, headers=outsider)
    assert refused.status_code == 404, refused.text
    winner = one_winner(
        race(app, f"/api/v1/outgoing/{document_id}/recall", clerk, {"reason": REASON}), "document.wrong_state"
    )
    assert winner.json()["status"] == "recalled"

    session.expire_all()
    copy = session.get(Document, copy_id)
    assert copy is not None and copy.status == DocumentStatus.RECALLED
    assert session.scalar(
        select(Notification).where(
            Notification.document_id == copy_id,
            Notification.user_id == office.head.id,
            Notification.kind == NotificationKind.TAKEN_BACK,
        )
    )
    [message] = [
        m
        for m in session.scalars(select(OutboxMessage).where(OutboxMessage.task == SEND_RECALL))
        if m.kwargs["document_id"] == document_id
    ]
    assert exchange_tasks.send_recall_task(**message.kwargs) == 1
    assert exchange_tasks.send_recall_task(**message.kwargs) == 0  # delivered twice: still one package
    session.expire_all()
    [package_row] = session.scalars(
        select(OutboundPackage).where(
            OutboundPackage.document_id == document_id, OutboundPackage.kind == OutboundKind.RECALL
        )
    )
    sent = parse_package(b"".join(backends.objects.get(package_row.package_key)))
    assert sent.business.doc_type == BusinessType.REVOCATION and sent.business.reason == REASON  # type: ignore[union-attr]

    def status() -> dict[str, object]:
        answer = client.get(f"/api/v1/exchange/documents/{document_id}/statuses", headers=clerk)
        [row] = answer.json()["recipients"]
        return dict(row)

    assert (status()["status_code"], status()["description"]) == ("13", REASON)

    agreed = StatusPackage(
        sender=OUTSIDE,
        response_for=ResponseFor(office.agency.code, "41/UBND-VP", document_id=package_row.edxml_document_id),
        status_code=StatusCode.RECALL_AGREED,
        timestamp=datetime.now(UTC),
        description="Đồng ý thu hồi văn bản.",
    )
    agency = session.get(Agency, office.agency.id)
    assert agency is not None
    receive(
        session,
        backends,
        ExchangeSettings(),
        agency,
        sender=OUTSIDE.organ_id,
        idempotency_key="answer-15",
        body=build_status_package(agreed),
        transport="direct",
    )
    session.commit()
    shown = status()
    assert shown["status_code"] == "15"
    assert [h["status_code"] for h in shown["history"]] == ["13", "15"]  # type: ignore[attr-defined]
