"""Văn bản thay thế / đính chính and văn bản trả lời (issue 17 "After release", issue 20).

A draft names the released document it replaces or corrects; released, it goes to at least the same
recipients (units here and agencies outside), the old document and this installation's copies of it show
"Đã bị thay thế bởi …", both histories say so, and the package carries `BussinessDocType` 3 (or 2) with the
replaced `DocumentId` in `ReplacementInfoList`. A receiving agency that registered the replaced document links
the new one to it. A draft answering an incoming document shows on both, and the package to that sender
carries `ResponseFor`. Linking a document one may not read is a 404; two drafts replacing one document at once:
one is created, the others get 409.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice import clock
from eoffice.backends import Backends
from eoffice.documents.kinds import DocumentStatus, FileRole
from eoffice.documents.models import Document, DocumentFile
from eoffice.exchange import tasks as exchange_tasks
from eoffice.exchange._outgoing import store_package
from eoffice.exchange._xml import validate
from eoffice.exchange.edxml import (
    Business,
    BusinessType,
    DocumentCode,
    DocumentPackage,
    Organization,
    ResponseFor,
    StaffInfo,
    build_document_package,
    document_id_for,
    parse_package,
)
from eoffice.exchange.models import OutboundKind, OutboundPackage, ReceivedPackage, ReceivedState
from tests.eoffice.documents import conftest as documents
from tests.eoffice.documents.conftest import Office, pdf_bytes
from tests.eoffice.exchange.samples import CODE, SENDER, document_package
from tests.eoffice.exchange.test_directory import _issued
from tests.eoffice.exchange.test_recall import _registered
from tests.eoffice.exchange_routes import connect
from tests.eoffice.factories import login
from tests.eoffice.races import one_winner, race

office = documents.office
OUTSIDE = Organization("000.00.31.H98", "Sở Tư pháp tỉnh Ngoài")


def _draft(client: TestClient, headers: dict[str, str], **links: object) -> int:
    """A new outgoing draft (no file) naming what it replaces, corrects or answers."""
    metadata = {"title": "Về việc thay thế công văn", "doc_type": "cong_van", **links}
    created = client.post("/api/v1/outgoing", data={"metadata": json.dumps(metadata)}, headers=headers)
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


def _as_issued(session: Session, backends: Backends, office: Office, document_id: int, number: str) -> None:
    """The route, the signatures and the number as the văn thư leaves them (tested elsewhere): status issued,
    a number, and the released PDF."""
    document = session.get(Document, document_id)
    assert document is not None
    document.status, document.number, document.symbol = DocumentStatus.ISSUED, number, "UBND-VP"
    document.issue_date = clock.today(backends.settings.timezone)
    key = f"documents/{document.id}/issued-{number}.pdf"
    stored = backends.objects.put(key, pdf_bytes(), content_type="application/pdf", immutable=True)
    session.add(
        DocumentFile(
            document_id=document.id,
            role=FileRole.ISSUED,
            version=1,
            object_key=key,
            filename=f"{number}-UBND-VP.pdf",
            content_type="application/pdf",
            size=stored.size,
            sha256=stored.sha256,
            immutable=True,
            created_by_id=office.clerk.id,
        )
    )
    session.commit()


def _sent_package(session: Session, backends: Backends, document_id: int) -> tuple[bytes, str]:
    """The document package queued for a released document: its bytes and its DocumentId."""
    session.expire_all()
    row = session.scalars(
        select(OutboundPackage).where(
            OutboundPackage.document_id == document_id, OutboundPackage.kind == OutboundKind.DOCUMENT
        )
    ).first()
    assert row is not None
    return b"".join(backends.objects.get(row.package_key)), row.edxml_document_id


def _waiting(session: Session, backends: Backends, office: Office, package: DocumentPackage) -> int:
    """A package as `receive` leaves one whose signatures checked out: waiting for the văn thư."""
    item = ReceivedPackage(
        agency_id=office.agency.id,
        sender_organ_id=package.sender.organ_id,
        sender_name=package.sender.organ_name,
        idempotency_key=f"waiting-{package.document_id}",
        transport="direct",
        edxml_document_id=package.document_id,
        number=package.code.number,
        symbol=package.code.notation,
        subject=package.subject,
        promulgation_date=package.promulgation.date,
        business_type=package.business.doc_type.value,
        package_key=store_package(backends, office.agency, "in", build_document_package(package)),
        state=ReceivedState.PENDING,
    )
    session.add(item)
    session.commit()
    return int(item.id)


def _links(client: TestClient, headers: dict[str, str], path: str) -> list[tuple[str, int, str]]:
    answer = client.get(path, headers=headers)
    assert answer.status_code == 200, answer.text
    return [(link["relation"], link["document_id"], link["label"]) for link in answer.json()["links"]]


def _history(client: TestClient, headers: dict[str, str], document_id: int) -> list[str]:
    answer = client.get(f"/api/v1/documents/{document_id}/history", headers=headers)
    assert answer.status_code == 200, answer.text
    return [item["action"] for item in answer.json()["items"]]


@pytest.mark.parametrize(
    ("kind", "business", "relation", "shown"),
    [
        ("thay_the", BusinessType.REPLACEMENT, "bi_thay_the", "Đã bị thay thế bởi văn bản số"),
        ("dinh_chinh", BusinessType.UPDATE, "duoc_dinh_chinh", "Đã được đính chính bởi văn bản số"),
    ],
)
def test_a_replacement_goes_to_the_same_recipients_and_both_show_the_link(
    client: TestClient,
    session: Session,
    backends: Backends,
    office: Office,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    business: BusinessType,
    relation: str,
    shown: str,
) -> None:
    monkeypatch.setattr(exchange_tasks, "backends", lambda: backends)
    connect(session, office.agency.id, OUTSIDE.organ_id)  # release refuses an agency it cannot reach
    clerk = login(client, office.clerk)
    old_id = _issued(session, backends, office, "61")
    released = client.post(
        f"/api/v1/outgoing/{old_id}/release",
        json={
            "recipients": [
                {"kind": "department", "department_id": office.home_affairs.id},
                {"kind": "external", "organ_id": OUTSIDE.organ_id, "name": OUTSIDE.organ_name},
            ]
        },
        headers=clerk,
    )
    assert released.status_code == 200, released.text
    [old_copy] = [
        r["incoming_document_id"] for r in released.json()["recipients"] if r["incoming_document_id"]
    ]
    assert exchange_tasks.send_outside_task(old_id) == 1
    _, old_edxml_id = _sent_package(session, backends, old_id)

    new_id = _draft(client, clerk, replaces={"document_id": old_id, "kind": kind})
    assert _links(client, clerk, f"/api/v1/outgoing/{new_id}")[0][:2] == (kind, old_id)
    assert _links(client, clerk, f"/api/v1/outgoing/{old_id}") == []  # not in force before its release
    _as_issued(session, backends, office, new_id, "62")
    released = client.post(
        f"/api/v1/outgoing/{new_id}/release", json={}, headers=clerk
    )  # names nobody itself
    assert released.status_code == 200, released.text
    recipients = released.json()["recipients"]
    assert sorted((r["kind"], r["department_id"], r["organ_id"]) for r in recipients) == [
        ("department", office.home_affairs.id, ""),
        ("external", None, OUTSIDE.organ_id),
    ]
    [new_copy] = [r["incoming_document_id"] for r in recipients if r["incoming_document_id"]]

    assert exchange_tasks.send_outside_task(new_id) == 1
    body, _ = _sent_package(session, backends, new_id)
    validate(etree.fromstring(body))  # exactly the writer's schema
    package = parse_package(body)
    assert isinstance(package, DocumentPackage) and package.warnings == ()
    assert package.business.doc_type == business
    assert package.business.replaces == (old_edxml_id,)
    assert "61/UBND-VP" in package.business.reason

    [(rel, other, label)] = _links(client, clerk, f"/api/v1/outgoing/{old_id}")
    assert (rel, other) == (relation, new_id) and label == f"{shown} 62/UBND-VP"
    head = login(client, office.head)
    [(rel, other, label)] = _links(client, head, f"/api/v1/incoming/{old_copy}")
    assert (rel, other) == (relation, new_copy) and "62/UBND-VP" in label
    assert _links(client, head, f"/api/v1/incoming/{new_copy}")[0][:2] == (kind, old_copy)
    action = "outgoing.replaced_by" if kind == "thay_the" else "outgoing.corrected_by"
    assert action in _history(client, clerk, old_id)
    assert "outgoing.link" in _history(client, clerk, new_id)


@pytest.mark.parametrize(
    ("business", "kind", "relation", "action"),
    [
        (BusinessType.REPLACEMENT, "thay_the", "bi_thay_the", "incoming.replaced_by"),
        (BusinessType.UPDATE, "dinh_chinh", "duoc_dinh_chinh", "incoming.corrected_by"),
    ],
)
def test_a_received_replacement_links_the_registered_document(
    client: TestClient,
    session: Session,
    backends: Backends,
    office: Office,
    business: BusinessType,
    kind: str,
    relation: str,
    action: str,
) -> None:
    old_copy = _registered(client, session, backends, office, f"Về việc cũ {office.agency.code}")
    original_id = document_id_for(SENDER.organ_id, date(2026, 3, 5), CODE)
    code = DocumentCode("07", "QĐ-UBND")
    replacement = document_package(
        recipients=(Organization(office.agency.code, office.agency.name),),
        document_id=document_id_for(SENDER.organ_id, date(2026, 3, 9), code),
        code=code,
        subject="Về việc thay thế Quyết định 05",
        business=Business(
            business,
            "Thay thế văn bản số 05/QĐ-UBND",
            StaffInfo("Văn phòng", "Nguyễn Thị Thu"),
            replaces=(original_id,),
        ),
    )
    received_id = _waiting(session, backends, office, replacement)
    clerk = login(client, office.clerk)
    queue = client.get("/api/v1/exchange/received?state=pending", headers=clerk).json()["items"]
    [item] = [i for i in queue if i["id"] == received_id]
    assert item["business_type"] == business.value
    detail = client.get(f"/api/v1/exchange/received/{received_id}", headers=clerk).json()
    assert [(r["incoming_document_id"], r["number_symbol"]) for r in detail["replaces"]] == [
        (old_copy, "05/QĐ-UBND")
    ]
    accepted = client.post(f"/api/v1/exchange/received/{received_id}/accept", json={}, headers=clerk)
    assert accepted.status_code == 200, accepted.text
    new_copy = int(accepted.json()["incoming_document_id"])

    [(shown, other, label)] = _links(client, clerk, f"/api/v1/incoming/{old_copy}")
    assert (shown, other) == (relation, new_copy) and "07/QĐ-UBND" in label
    assert _links(client, clerk, f"/api/v1/incoming/{new_copy}")[0][:2] == (kind, old_copy)
    assert action in _history(client, clerk, old_copy)


def test_a_reply_links_both_ways_and_its_package_answers_the_sender(
    client: TestClient,
    session: Session,
    backends: Backends,
    office: Office,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(exchange_tasks, "backends", lambda: backends)
    incoming_id = _registered(client, session, backends, office, f"Về việc cần trả lời {office.agency.code}")
    specialist = login(client, office.specialist)
    reply_id = _draft(client, specialist, answers=[incoming_id, incoming_id])
    [(relation, other, label)] = _links(client, specialist, f"/api/v1/outgoing/{reply_id}")
    assert (relation, other) == ("tra_loi", incoming_id) and "05/QĐ-UBND" in label
    [(relation, other, _)] = _links(client, specialist, f"/api/v1/incoming/{incoming_id}")
    assert (relation, other) == ("duoc_tra_loi", reply_id)

    _as_issued(session, backends, office, reply_id, "63")
    connect(session, office.agency.id, SENDER.organ_id)  # release refuses an agency it cannot reach
    clerk = login(client, office.clerk)
    answer = {"kind": "external", "organ_id": SENDER.organ_id, "name": SENDER.organ_name}
    released = client.post(
        f"/api/v1/outgoing/{reply_id}/release", json={"recipients": [answer]}, headers=clerk
    )
    assert released.status_code == 200, released.text
    assert exchange_tasks.send_outside_task(reply_id) == 1
    body, _ = _sent_package(session, backends, reply_id)
    validate(etree.fromstring(body))
    package = parse_package(body)
    assert isinstance(package, DocumentPackage) and package.warnings == ()
    assert package.business.doc_type == BusinessType.NEW
    assert package.response_for == (
        ResponseFor(
            organ_id=SENDER.organ_id,
            code="05/QĐ-UBND",
            promulgation_date=date(2026, 3, 5),
            document_id=document_id_for(SENDER.organ_id, date(2026, 3, 5), CODE),
        ),
    )
    assert "outgoing.answered_by" in _history(client, specialist, incoming_id)


def test_a_received_answer_links_the_document_this_agency_sent(
    client: TestClient,
    session: Session,
    backends: Backends,
    office: Office,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(exchange_tasks, "backends", lambda: backends)
    asked_id = _issued(session, backends, office, "66")
    connect(session, office.agency.id, SENDER.organ_id)  # release refuses an agency it cannot reach
    clerk = login(client, office.clerk)
    sender = {"kind": "external", "organ_id": SENDER.organ_id, "name": SENDER.organ_name}
    assert client.post(
        f"/api/v1/outgoing/{asked_id}/release", json={"recipients": [sender]}, headers=clerk
    ).is_success
    assert exchange_tasks.send_outside_task(asked_id) == 1
    _, asked_edxml_id = _sent_package(session, backends, asked_id)
    code = DocumentCode("08", "UBND-VP")
    answer = document_package(
        recipients=(Organization(office.agency.code, office.agency.name),),
        document_id=document_id_for(SENDER.organ_id, date(2026, 3, 10), code),
        code=code,
        subject="Về việc trả lời công văn 66",
        response_for=(
            ResponseFor(office.agency.code, "66/UBND-VP", None, asked_edxml_id),
            ResponseFor("000.00.99.H99", "1/XYZ", None, asked_edxml_id),  # another agency's: not ours
        ),
    )
    accepted = client.post(
        f"/api/v1/exchange/received/{_waiting(session, backends, office, answer)}/accept",
        json={},
        headers=clerk,
    )
    assert accepted.status_code == 200, accepted.text
    answer_id = int(accepted.json()["incoming_document_id"])

    [(relation, other, label)] = _links(client, clerk, f"/api/v1/outgoing/{asked_id}")
    assert (relation, other) == ("duoc_tra_loi", answer_id) and "08/UBND-VP" in label
    [(relation, other, label)] = _links(client, clerk, f"/api/v1/incoming/{answer_id}")
    assert (relation, other, label) == ("tra_loi", asked_id, "Trả lời văn bản số 66/UBND-VP")
    assert "outgoing.answered_by" in _history(client, clerk, asked_id)


def test_linking_a_document_one_may_not_read_is_404(
    client: TestClient, session: Session, backends: Backends, office: Office
) -> None:
    old_id = _issued(session, backends, office, "64")
    clerk = login(client, office.clerk)
    department = {"kind": "department", "department_id": office.home_affairs.id}
    assert client.post(
        f"/api/v1/outgoing/{old_id}/release", json={"recipients": [department]}, headers=clerk
    ).is_success
    incoming_id = _registered(client, session, backends, office, f"Về việc mật {office.agency.code}")
    metadata = {"title": "Về việc thử", "doc_type": "cong_van"}
    for user, links in (
        (office.other_agency, {"replaces": {"document_id": old_id, "kind": "thay_the"}}),
        (office.other_agency, {"answers": [incoming_id]}),
        (office.other_department, {"answers": [incoming_id]}),
        (office.other_department, {"replaces": {"document_id": 10**9, "kind": "dinh_chinh"}}),
    ):
        refused = client.post(
            "/api/v1/outgoing",
            data={"metadata": json.dumps({**metadata, **links})},
            headers=login(client, user),
        )
        assert refused.status_code == 404, (user.username, links, refused.text)
        assert refused.json()["message"]
    assert session.scalar(select(Document).where(Document.title == "Về việc thử")) is None


def test_a_document_is_replaced_once_when_two_drafts_name_it_at_once(
    client: TestClient, app: FastAPI, session: Session, backends: Backends, office: Office
) -> None:
    old_id = _issued(session, backends, office, "65")
    clerk = login(client, office.clerk)
    department = {"kind": "department", "department_id": office.home_affairs.id}
    assert client.post(
        f"/api/v1/outgoing/{old_id}/release", json={"recipients": [department]}, headers=clerk
    ).is_success
    body = {
        "template": "cong_van",
        "title": "Về việc thay thế công văn 65",
        "body": ["Thay thế công văn số 65/UBND-VP."],
        "signer": {"position": "Chủ tịch", "full_name": "Nguyễn Văn An"},
        "replaces": {"document_id": old_id, "kind": "thay_the"},
    }
    winner = one_winner(race(app, "/api/v1/drafting/drafts", clerk, body), "outgoing.already_replaced")
    new_id = winner.json()["document"]["id"]
    late = client.post(
        "/api/v1/drafting/drafts",
        json={**body, "replaces": {"document_id": old_id, "kind": "dinh_chinh"}},
        headers=clerk,
    )
    assert late.status_code == 409 and late.json()["detail"]["document_ids"] == [new_id]
    drafts = session.scalars(select(Document).where(Document.title == "Về việc thay thế công văn 65")).all()
    assert [d.id for d in drafts] == [new_id]
