"""An outside recipient no connection reaches is refused at release, never retried forever (issues 17, 20).

Release refuses every outside mã định danh without a route — listed in the directory or not — before anything
changes; a package whose connection the admin removed after release fails at its first attempt, for good, with
the reason on the recipient's line and the văn thư told; once the connection is back, "Gửi liên thông" resends
it. The deliveries are driven by calling the worker's task functions directly, as the other exchange tests do.
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eoffice.backends import Backends
from eoffice.documents.kinds import DocumentStatus
from eoffice.documents.models import Document
from eoffice.effects import SEND_OUTSIDE
from eoffice.exchange import flow
from eoffice.exchange.models import OutboundPackage, OutboundState
from eoffice.exchange.settings import get_exchange_settings
from eoffice.notifications.models import Notification, NotificationKind
from eoffice.outgoing.models import ExternalDelivery, Recipient
from eoffice.tasks.outbox import OutboxMessage
from tests.eoffice.documents import conftest as documents
from tests.eoffice.documents.conftest import Office
from tests.eoffice.exchange.test_directory import NOI_VU, TAI_CHINH, _add, _issued, _release
from tests.eoffice.exchange_routes import connect
from tests.eoffice.factories import login
from tests.eoffice.races import race

office = documents.office  # the fixture: the documents tests' agency with its people
UNLISTED = "000.00.77.H40"  # a mã định danh typed by hand: not in the directory, no connection


def _nothing_released(session: Session, document_id: int) -> None:
    session.expire_all()
    document = session.get(Document, document_id)
    assert document is not None and document.status == DocumentStatus.ISSUED
    assert session.scalars(select(Recipient).where(Recipient.document_id == document_id)).all() == []
    assert (
        session.scalars(select(ExternalDelivery).where(ExternalDelivery.document_id == document_id)).all()
        == []
    )
    assert not [
        m
        for m in session.scalars(select(OutboxMessage).where(OutboxMessage.task == SEND_OUTSIDE))
        if m.kwargs.get("document_id") == document_id
    ]
    assert session.scalar(select(func.count()).where(Document.source_document_id == document_id)) == 0


def _lines(client: TestClient, clerk: dict[str, str], document_id: int) -> list[tuple[str, str, int, str]]:
    """The sender's per-recipient view: mã định danh, delivery state, attempts, reason."""
    response = client.get(f"/api/v1/exchange/documents/{document_id}/statuses", headers=clerk)
    assert response.status_code == 200, response.text
    return [
        (r["organ_id"], r["delivery"], r["attempts"], r["last_error"]) for r in response.json()["recipients"]
    ]


def test_an_unlisted_code_without_a_connection_is_refused_and_the_document_stays_issued(
    client: TestClient, session: Session, backends: Backends, office: Office
) -> None:
    connect(session, office.agency.id, TAI_CHINH)  # a reachable one beside it changes nothing
    document_id = _issued(session, backends, office, "71")
    recipients = [
        {"kind": "department", "department_id": office.home_affairs.id},
        {"kind": "external", "organ_id": TAI_CHINH, "name": "Sở Tài chính"},
        {"kind": "external", "organ_id": UNLISTED, "name": "Sở Khoa học tỉnh Xa"},
    ]
    refused = client.post(
        f"/api/v1/outgoing/{document_id}/release",
        json={"recipients": recipients},
        headers=login(client, office.clerk),
    )

    assert refused.status_code == 422, refused.text
    body = refused.json()
    assert body["code"] == "outgoing.recipient_unreachable"
    assert body["message"] == (
        "Không gửi liên thông được: chưa có kết nối liên thông tới Sở Khoa học tỉnh Xa (000.00.77.H40)."
    )
    assert [(d["organ_id"], d["field"]) for d in body["detail"]] == [(UNLISTED, "recipients")]
    _nothing_released(session, document_id)


def test_every_unreachable_recipient_listed_or_not_is_named_at_once(
    client: TestClient, session: Session, backends: Backends, office: Office
) -> None:
    _add(client, login(client, office.admin), NOI_VU, "Sở Nội vụ")  # listed, no connection
    document_id = _issued(session, backends, office, "72")

    refused = _release(client, office, document_id, (NOI_VU, "Sở Nội vụ"), (UNLISTED, "Sở Khoa học tỉnh Xa"))

    assert refused.status_code == 422, refused.text
    body = refused.json()
    assert body["code"] == "outgoing.recipient_unreachable"
    assert "Sở Nội vụ (000.00.12.H40)" in body["message"]
    assert "Sở Khoa học tỉnh Xa (000.00.77.H40)" in body["message"]
    assert [d["organ_id"] for d in body["detail"]] == [NOI_VU, UNLISTED]
    _nothing_released(session, document_id)

    # the default route reaches any agency, listed or not: the same release then goes through
    connect(session, office.agency.id, "*")
    released = _release(client, office, document_id, (NOI_VU, "Sở Nội vụ"), (UNLISTED, "Sở Khoa học tỉnh Xa"))
    assert released.status_code == 200, released.text
    assert sorted(d["organ_id"] for d in released.json()["deliveries"]) == [NOI_VU, UNLISTED]


def test_six_releases_at_once_with_one_unreachable_recipient_are_all_refused(
    app: FastAPI, client: TestClient, session: Session, backends: Backends, office: Office
) -> None:
    connect(session, office.agency.id, TAI_CHINH)
    document_id = _issued(session, backends, office, "73")
    recipients = [
        {"kind": "agency", "agency_id": office.other_agency.agency_id},
        {"kind": "external", "organ_id": TAI_CHINH, "name": "Sở Tài chính"},
        {"kind": "external", "organ_id": UNLISTED, "name": "Sở Khoa học tỉnh Xa"},
    ]

    answers = race(
        app,
        f"/api/v1/outgoing/{document_id}/release",
        login(client, office.clerk),
        {"recipients": recipients},
    )

    assert [a.status_code for a in answers] == [422] * 6, [a.text[:200] for a in answers]
    assert {a.json()["code"] for a in answers} == {"outgoing.recipient_unreachable"}
    _nothing_released(session, document_id)


def test_a_connection_removed_after_release_fails_the_delivery_once_and_a_resend_follows_its_return(
    client: TestClient, session: Session, backends: Backends, office: Office
) -> None:
    xsettings = get_exchange_settings()
    connect(session, office.agency.id, TAI_CHINH)
    document_id = _issued(session, backends, office, "74")
    released = _release(client, office, document_id, (TAI_CHINH, "Sở Tài chính"))
    assert released.status_code == 200, released.text
    [package] = flow.schedule_external_deliveries(session, backends, xsettings, document_id)
    session.commit()
    package_id = package.id

    admin, clerk = login(client, office.admin), login(client, office.clerk)
    removed = client.delete(f"/api/v1/exchange/peers/{TAI_CHINH}", headers=admin)
    assert removed.status_code == 204, removed.text
    assert client.delete(f"/api/v1/exchange/peers/{TAI_CHINH}", headers=admin).status_code == 404
    assert client.delete(f"/api/v1/exchange/peers/{TAI_CHINH}", headers=clerk).status_code == 403

    # its first attempt fails for good, with the reason on the recipient's line
    assert flow.attempt_delivery(backends, xsettings, package_id) == OutboundState.FAILED
    session.expire_all()
    row = session.get(OutboundPackage, package_id)
    assert row is not None and (row.state, row.attempts) == (OutboundState.FAILED, 1)
    reason = (
        "Chưa khai báo kết nối liên thông tới cơ quan Sở Tài chính (000.00.13.H40); "
        "quản trị cần khai báo lại kết nối rồi gửi lại."
    )
    assert row.last_error == reason
    assert _lines(client, clerk, document_id) == [(TAI_CHINH, "failed", 1, reason)]
    deliveries = client.get(f"/api/v1/outgoing/{document_id}", headers=clerk).json()["deliveries"]
    assert [(d["organ_id"], d["status"]) for d in deliveries] == [(TAI_CHINH, "failed")]
    told = session.scalars(
        select(Notification).where(
            Notification.document_id == document_id, Notification.kind == NotificationKind.DELIVERY_FAILED
        )
    ).all()
    assert [n.user_id for n in told] == [office.clerk.id] and "Sở Tài chính" in told[0].message

    # never retried: the sweeper finds nothing due, and another attempt changes nothing
    assert package_id not in flow.claim_due(session, xsettings)
    session.rollback()
    assert flow.attempt_delivery(backends, xsettings, package_id) == OutboundState.FAILED
    session.expire_all()
    assert session.get(OutboundPackage, package_id).attempts == 1  # type: ignore[union-attr]

    # "Gửi liên thông" without a connection leaves it failed; with the connection back it is queued again
    resend = f"/api/v1/exchange/documents/{document_id}/deliveries"
    assert client.post(resend, headers=clerk).status_code == 200
    session.expire_all()
    assert session.get(OutboundPackage, package_id).state == OutboundState.FAILED  # type: ignore[union-attr]
    connect(session, office.agency.id, TAI_CHINH)  # the admin declares it again
    assert client.post(resend, headers=clerk).status_code == 200
    session.expire_all()
    row = session.get(OutboundPackage, package_id)
    assert row is not None and (row.state, row.attempts, row.last_error) == (OutboundState.PENDING, 0, "")
    assert _lines(client, clerk, document_id) == [(TAI_CHINH, "pending", 0, "")]
    deliveries = client.get(f"/api/v1/outgoing/{document_id}", headers=clerk).json()["deliveries"]
    assert [(d["organ_id"], d["status"]) for d in deliveries] == [(TAI_CHINH, "pending")]
    assert session.scalar(select(func.count()).where(OutboundPackage.document_id == document_id)) == 1


def test_a_release_whose_effect_was_lost_is_found_by_the_sweep_and_queued_once(
    client: TestClient, session: Session, backends: Backends, office: Office
) -> None:
    """A worker killed while running a release's `send_outside` leaves the delivery pending with no package
    (the broker would give the message back only after an hour): the sweep finds it once it is old enough,
    queues it, and then no longer finds it."""
    xsettings = get_exchange_settings()
    connect(session, office.agency.id, TAI_CHINH)
    document_id = _issued(session, backends, office, "75")
    released = _release(client, office, document_id, (TAI_CHINH, "Sở Tài chính"))
    assert released.status_code == 200, released.text
    session.expire_all()

    assert document_id not in flow.forgotten_releases(session, timedelta(hours=1))  # just released: not yet
    assert document_id in flow.forgotten_releases(session, timedelta(0))
    [package] = flow.schedule_external_deliveries(session, backends, xsettings, document_id)
    session.commit()
    assert package.organ_id == TAI_CHINH
    assert document_id not in flow.forgotten_releases(session, timedelta(0))
    assert flow.schedule_external_deliveries(session, backends, xsettings, document_id) == []
