"""An incoming document that came through the exchange tells its sender how it is handled (04 assigned,
05 in process, 06 completed). The incoming service writes the report as an outbox message in the change's own
transaction (nothing is sent for a change that rolls back, nothing is lost if the process dies after the
commit); the exchange worker's task queues the status package, once however often the message arrives."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.backends import Backends
from eoffice.effects import TELL_SENDER
from eoffice.exchange import tasks as exchange_tasks
from eoffice.exchange.models import OutboundKind, OutboundPackage
from eoffice.tasks.outbox import OutboxMessage
from tests.eoffice.documents import conftest as documents
from tests.eoffice.documents.conftest import Office
from tests.eoffice.exchange.samples import waiting_package
from tests.eoffice.factories import login

office = documents.office  # the fixture: the documents tests' agency with its people


def _reports(session: Session, document_id: int) -> list[OutboxMessage]:
    session.expire_all()
    messages = session.scalars(select(OutboxMessage).where(OutboxMessage.task == TELL_SENDER)).all()
    return [m for m in messages if m.kwargs["document_id"] == document_id]


def _status_packages(session: Session, received_id: int) -> list[OutboundPackage]:
    session.expire_all()
    query = select(OutboundPackage).where(
        OutboundPackage.received_id == received_id, OutboundPackage.kind == OutboundKind.STATUS
    )
    return list(session.scalars(query.order_by(OutboundPackage.id)))


def test_assign_note_complete_each_report_once_to_the_sending_agency(
    client: TestClient,
    office: Office,
    session: Session,
    backends: Backends,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    received_id = waiting_package(session, backends, office.agency, f"Về việc báo cáo {office.agency.code}")
    clerk, leader = login(client, office.clerk), login(client, office.leader)
    accepted = client.post(f"/api/v1/exchange/received/{received_id}/accept", json={}, headers=clerk)
    assert accepted.status_code == 200, accepted.text
    document_id = accepted.json()["incoming_document_id"]
    assert _reports(session, document_id) == []  # registering answers 03 itself, at once
    monkeypatch.setattr(exchange_tasks, "backends", lambda: backends)

    steps = [
        (
            leader,
            "assignments",
            {"assignments": [{"role": "xu_ly_chinh", "user_id": office.specialist.id}]},
        ),
        (login(client, office.specialist), "notes", {"text": "Đang dự thảo văn bản trả lời"}),
        (login(client, office.specialist), "complete", {"result": "Đã trả lời bằng Công văn số 12"}),
    ]
    for headers, action, body in steps:
        done = client.post(f"/api/v1/incoming/{document_id}/{action}", json=body, headers=headers)
        assert done.status_code in (200, 201), done.text
        message = _reports(session, document_id)[-1]
        exchange_tasks.tell_sender_task(**message.kwargs)
        exchange_tasks.tell_sender_task(**message.kwargs)  # the sweeper sent it again: still one package

    codes = [p.status_code for p in _status_packages(session, received_id)]
    assert codes == ["03", "04", "05", "06"]
    assert [m.kwargs["status_code"] for m in _reports(session, document_id)] == ["04", "05", "06"]


def test_a_refused_change_tells_the_sender_nothing(
    client: TestClient, office: Office, session: Session, backends: Backends
) -> None:
    received_id = waiting_package(
        session, backends, office.agency, f"Về việc không giao {office.agency.code}"
    )
    accepted = client.post(
        f"/api/v1/exchange/received/{received_id}/accept", json={}, headers=login(client, office.clerk)
    )
    document_id = accepted.json()["incoming_document_id"]

    two_mains = {
        "assignments": [
            {"role": "xu_ly_chinh", "user_id": office.specialist.id},
            {"role": "xu_ly_chinh", "user_id": office.colleague.id},
        ]
    }
    refused = client.post(
        f"/api/v1/incoming/{document_id}/assignments", json=two_mains, headers=login(client, office.leader)
    )
    assert refused.status_code == 422
    assert _reports(session, document_id) == []
