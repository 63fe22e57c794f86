"""Sending: build the edXML package of a released document, queue one delivery per outside recipient, and
attempt deliveries with back-off until each is acknowledged.

Never sent twice: each delivery has one idempotency key (`<DocumentId>|<recipient OrganId>`) and one stored
package, so every retry sends the same bytes under the same key and the receiver keeps the first copy. A
delivery is claimed for `lease` seconds before each attempt, so the sweeper does not start a second attempt
while one is running.
"""

from __future__ import annotations

import dataclasses
import logging
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from eoffice import clock
from eoffice.audit import snapshot
from eoffice.backends import Backends
from eoffice.db.locking import for_update, lock_row
from eoffice.documents.kinds import DocumentKind, DocumentStatus, FileRole, Urgency
from eoffice.documents.links import LinkKind, links_from
from eoffice.documents.models import Document, DocumentFile
from eoffice.documents.service import audit
from eoffice.exchange.edxml import (
    Attachment,
    Business,
    BusinessType,
    DocumentCode,
    DocumentPackage,
    DocumentTypeInfo,
    Organization,
    OtherInfo,
    PromulgationInfo,
    ResponseFor,
    SignerInfo,
    StaffInfo,
    StatusCode,
    build_document_package,
    document_id_for,
)
from eoffice.exchange.errors import ExchangeWrongState, TransportFailed
from eoffice.exchange.models import (
    DEFAULT_ROUTE,
    ExchangePeer,
    OutboundKind,
    OutboundPackage,
    OutboundState,
    ReceivedPackage,
    StatusEvent,
)
from eoffice.exchange.settings import ExchangeSettings
from eoffice.exchange.transport import Envelope, transport_for
from eoffice.notifications.events import agency_people, notify
from eoffice.notifications.models import NotificationKind
from eoffice.orgs.models import Agency, Role, User
from eoffice.outgoing.models import DeliveryStatus, ExternalDelivery
from eoffice.tasks.outbox import enqueue

log = logging.getLogger(__name__)

DELIVER_TASK = "eoffice.exchange.deliver"
_PRIORITY = {Urgency.NORMAL: "0", Urgency.URGENT: "1", Urgency.VERY_URGENT: "2", Urgency.FLASH: "3"}


def organization_of(agency: Agency) -> Organization:
    return Organization(
        organ_id=agency.code, organ_name=agency.name, organization_in_charge=agency.parent_name
    )


def _read(backends: Backends, key: str) -> bytes:
    return b"".join(backends.objects.get(key))


def store_package(backends: Backends, agency: Agency, direction: str, body: bytes) -> str:
    key = f"exchange/{agency.code}/{direction}/{datetime.now(UTC):%Y/%m}/{uuid.uuid4().hex}.xml"
    backends.objects.put(key, body, content_type="application/xml", immutable=True)
    return key


def _released_files(document: Document) -> list[DocumentFile]:
    """The released file (the last one the agency signed), then separate attachments: those the agency
    signed at issue, or (a document issued before attachments were signed) the drafter's own."""
    signed_attachments = [f for f in document.files if f.role == FileRole.ISSUED_ATTACHMENT]
    attachments = signed_attachments or [f for f in document.files if f.role == FileRole.ATTACHMENT]
    for role in (FileRole.ISSUED, FileRole.SIGNED):
        files = [f for f in document.files if f.role == role]
        if files:
            return [files[-1], *attachments]
    raise ExchangeWrongState("Văn bản chưa có bản đã ký số để gửi liên thông.")


def _signer(session: Session, document: Document) -> SignerInfo:
    signed = [f for f in document.files if f.role == FileRole.SIGNED]
    user = session.get(User, signed[-1].created_by_id) if signed else None
    return SignerInfo(position=user.position, full_name=user.full_name) if user else SignerInfo()


def document_package(
    session: Session, backends: Backends, document: Document, recipients: list[Organization]
) -> DocumentPackage:
    """The edXML package of an issued outgoing document for `recipients`."""
    if document.kind != DocumentKind.OUTGOING or not document.number:
        raise ExchangeWrongState("Chỉ gửi liên thông được văn bản đi đã cấp số.")
    agency = session.get(Agency, document.agency_id)
    assert agency is not None
    issued = document.issue_date or clock.today(backends.settings.timezone)
    code = DocumentCode(document.number, document.symbol)
    attachments = tuple(
        Attachment(name=f.filename, content_type=f.content_type, data=_read(backends, f.object_key))
        for f in _released_files(document)
    )
    return DocumentPackage(
        sender=organization_of(agency),
        recipients=tuple(recipients),
        document_id=document_id_for(agency.code, issued, code),
        code=code,
        subject=document.title,
        promulgation=PromulgationInfo(place=agency.place, date=issued),
        document_type=DocumentTypeInfo(type="1", type_detail="", type_name=document.doc_type.label),
        signer=_signer(session, document),
        due_date=document.deadline,
        other_info=OtherInfo(
            priority=_PRIORITY.get(document.urgency, "0"),
            page_amount=str(document.pages or ""),
            promulgation_amount="1",
        ),
        attachments=attachments,
        business=_business(session, document),
        response_for=_response_for(session, document),
    )


def _edxml_id(session: Session, document: Document) -> str:
    """The `DocumentId` a document of this agency went out under (as its packages carry it)."""
    sent = session.scalar(
        select(OutboundPackage.edxml_document_id)
        .where(OutboundPackage.document_id == document.id, OutboundPackage.kind == OutboundKind.DOCUMENT)
        .limit(1)
    )
    if sent:
        return sent
    agency = session.get(Agency, document.agency_id)
    assert agency is not None and document.issue_date is not None
    return document_id_for(agency.code, document.issue_date, DocumentCode(document.number, document.symbol))


def _business(session: Session, document: Document) -> Business:
    """`BussinessDocType` 3 (thay thế) or 2 (cập nhật: đính chính) with the replaced `DocumentId` in
    `ReplacementInfoList`, when the document replaces or corrects one; else 0 (mới)."""
    for link in links_from(session, document.id, LinkKind.REPLACES, LinkKind.CORRECTS):
        target = session.get(Document, link.target_id)
        assert target is not None
        replacing = link.kind == LinkKind.REPLACES
        return Business(
            BusinessType.REPLACEMENT if replacing else BusinessType.UPDATE,
            f"{'Thay thế' if replacing else 'Đính chính'} văn bản số {target.number_symbol}",
            replaces=(_edxml_id(session, target),),
        )
    return Business()


def _response_for(session: Session, document: Document) -> tuple[ResponseFor, ...]:
    """`ResponseFor` for every incoming document it answers that came through the exchange: the sender's
    OrganId, the answered document's number, date and `DocumentId` as its package carried them."""
    answered = [link.target_id for link in links_from(session, document.id, LinkKind.ANSWERS)]
    if not answered:
        return ()
    items = session.scalars(
        select(ReceivedPackage)
        .where(
            ReceivedPackage.incoming_document_id.in_(answered),
            ReceivedPackage.business_type != BusinessType.REVOCATION.value,
        )
        .order_by(ReceivedPackage.id)
    )
    return tuple(
        ResponseFor(
            organ_id=item.sender_organ_id,
            code=DocumentCode(item.number, item.symbol).text,
            promulgation_date=item.promulgation_date,
            document_id=item.edxml_document_id,
        )
        for item in items
    )


def schedule_external_deliveries(
    session: Session, backends: Backends, xsettings: ExchangeSettings, document_id: int
) -> list[OutboundPackage]:
    """Queue a package for every outside recipient of a released document not queued yet (idempotent).

    Run by the worker for the release's `send_outside` effect, and by the văn thư's "Gửi liên thông"; the
    document's row lock makes two of them at once queue one package per recipient. The deliveries start once
    the caller commits.
    """
    lock_row(session, Document, document_id)
    document = session.scalar(for_update(select(Document).where(Document.id == document_id)))
    if document is None:
        raise ExchangeWrongState("Không tìm thấy văn bản để gửi liên thông.")
    waiting = list(
        session.scalars(
            select(ExternalDelivery).where(
                ExternalDelivery.document_id == document_id,
                ExternalDelivery.status == DeliveryStatus.PENDING,
            )
        )
    )
    queued = set(
        session.scalars(
            select(OutboundPackage.external_delivery_id).where(OutboundPackage.document_id == document_id)
        )
    )
    new = [d for d in waiting if d.id not in queued]
    if new and document.status == DocumentStatus.RECALLED:
        # Recalled before the worker sent it: nothing goes out, and the recipient shows why.
        for delivery in new:
            delivery.status, delivery.detail = DeliveryStatus.FAILED, "Văn bản đã bị thu hồi trước khi gửi."
        return []
    if not new:
        return []
    agency = session.get(Agency, document.agency_id)
    assert agency is not None
    recipients = [Organization(organ_id=d.organ_id, organ_name=d.organ_name) for d in waiting]
    package = document_package(session, backends, document, recipients)
    key = store_package(backends, agency, "out", build_document_package(package))
    rows = []
    for delivery in new:
        row = OutboundPackage(
            agency_id=agency.id,
            kind=OutboundKind.DOCUMENT,
            document_id=document.id,
            external_delivery_id=delivery.id,
            organ_id=delivery.organ_id,
            organ_name=delivery.organ_name,
            edxml_document_id=package.document_id,
            idempotency_key=f"{package.document_id}|{delivery.organ_id}",
            package_key=key,
            next_attempt_at=_lease_end(xsettings),
        )
        session.add(row)
        session.flush()
        audit(session, None, "exchange.queue", row)
        enqueue(session, DELIVER_TASK, outbound_id=row.id)
        rows.append(row)
    return rows


def forgotten_releases(session: Session, older_than: timedelta) -> list[int]:
    """Documents with an outside recipient still pending and no package queued for it `older_than` after the
    release: their `send_outside` effect died with a killed worker (the broker gives an unacknowledged message
    back only after its visibility timeout, an hour). The exchange sweep queues them again; queuing is
    idempotent, so an effect that was only late finds nothing left to do."""
    cutoff = datetime.now(UTC) - older_than
    queued = exists().where(OutboundPackage.external_delivery_id == ExternalDelivery.id)
    rows = session.scalars(
        select(ExternalDelivery.document_id)
        .where(
            ExternalDelivery.status == DeliveryStatus.PENDING, ExternalDelivery.created_at < cutoff, ~queued
        )
        .distinct()
    )
    return sorted(rows)


def resend_failed(session: Session, xsettings: ExchangeSettings, document_id: int) -> list[OutboundPackage]:
    """Gửi lại: the document's packages that failed for good, to a recipient a connection reaches again, are
    queued once more (same stored package, same idempotency key, so a receiver that did get it keeps one copy).

    Run by the văn thư's "Gửi liên thông" after the admin restored the connection; a recipient still without
    one stays failed. The give-up time counts again from the resend. The caller commits.
    """
    lock_row(session, Document, document_id)
    failed = list(
        session.scalars(
            select(OutboundPackage)
            .join(ExternalDelivery, ExternalDelivery.id == OutboundPackage.external_delivery_id)
            .where(
                OutboundPackage.document_id == document_id,
                OutboundPackage.kind == OutboundKind.DOCUMENT,
                OutboundPackage.state == OutboundState.FAILED,
                ExternalDelivery.status == DeliveryStatus.FAILED,
            )
            .order_by(OutboundPackage.id)
        )
    )
    document = session.get(Document, document_id)
    if document is None or document.status != DocumentStatus.RELEASED:
        return []
    rows = []
    for row in failed:
        if route(session, row.agency_id, row.organ_id) is None:
            continue
        delivery = session.get(ExternalDelivery, row.external_delivery_id)
        assert delivery is not None
        before = snapshot(row)
        row.state, row.attempts, row.last_error = OutboundState.PENDING, 0, ""
        row.created_at = datetime.now(UTC)
        row.next_attempt_at = _lease_end(xsettings)
        delivery.status, delivery.detail = DeliveryStatus.PENDING, "Gửi lại"
        audit(session, None, "exchange.queue", row, before=before)
        enqueue(session, DELIVER_TASK, outbound_id=row.id)
        rows.append(row)
    return rows


def schedule_recall_packages(
    session: Session,
    backends: Backends,
    xsettings: ExchangeSettings,
    document_id: int,
    reason: str,
    staff: str,
) -> list[OutboundPackage]:
    """Thu hồi: queue the recall package for every outside recipient the document was sent to (idempotent).

    Run by the worker for the recall's `send_recall` effect. The package is the document package again with
    `Bussiness/BussinessDocType` 1 and the reason, under the same `DocumentId`, as the Government Office's
    library writes a revocation; it travels as a document (`edoc`). Each recipient's view on this side gets
    status 13 (đề nghị thu hồi) at once; its answer, 15 or 16, comes back as a status package.
    """
    lock_row(session, Document, document_id)
    document = session.scalar(for_update(select(Document).where(Document.id == document_id)))
    if document is None or document.status != DocumentStatus.RECALLED:
        return []
    sent = list(
        session.scalars(
            select(OutboundPackage)
            .where(OutboundPackage.document_id == document_id, OutboundPackage.kind == OutboundKind.DOCUMENT)
            .order_by(OutboundPackage.id)
        )
    )
    keys = {row.id: f"recall|{row.edxml_document_id}|{row.organ_id}" for row in sent}
    done = set(
        session.scalars(
            select(OutboundPackage.idempotency_key).where(
                OutboundPackage.agency_id == document.agency_id,
                OutboundPackage.idempotency_key.in_(list(keys.values()) or [""]),
            )
        )
    )
    new = [row for row in sent if keys[row.id] not in done]
    if not new:
        return []
    agency = session.get(Agency, document.agency_id)
    assert agency is not None
    recipients = [Organization(organ_id=row.organ_id, organ_name=row.organ_name) for row in new]
    package = dataclasses.replace(
        document_package(session, backends, document, recipients),
        business=Business(BusinessType.REVOCATION, reason, StaffInfo(staff=staff)),
    )
    body = build_document_package(package)
    now = datetime.now(UTC).replace(microsecond=0)  # to the second, as the answers' edXML timestamps
    rows = []
    for original in new:
        row = queue_package(
            session,
            backends,
            xsettings,
            agency=agency,
            kind=OutboundKind.RECALL,
            organ_id=original.organ_id,
            organ_name=original.organ_name,
            edxml_document_id=original.edxml_document_id,
            body=body,
            idempotency_key=keys[original.id],
            status_code=StatusCode.RECALL_REQUESTED.value,
        )
        row.document_id = document.id
        event = StatusEvent(
            agency_id=agency.id,
            document_id=document.id,
            organ_id=original.organ_id,
            organ_name=original.organ_name,
            status_code=StatusCode.RECALL_REQUESTED.value,
            description=reason,
            staff=staff,
            occurred_at=now,
            idempotency_key=keys[original.id],
        )
        session.add(event)
        session.flush()
        audit(session, None, "exchange.recall_queue", row)
        rows.append(row)
    return rows


def queue_package(
    session: Session,
    backends: Backends,
    xsettings: ExchangeSettings,
    *,
    agency: Agency,
    kind: OutboundKind,
    organ_id: str,
    organ_name: str,
    edxml_document_id: str,
    body: bytes,
    idempotency_key: str,
    status_code: str = "",
    received_id: int | None = None,
) -> OutboundPackage:
    """Queue any package (status packages use this) for delivery after the caller commits."""
    row = OutboundPackage(
        agency_id=agency.id,
        kind=kind,
        organ_id=organ_id,
        organ_name=organ_name,
        edxml_document_id=edxml_document_id,
        status_code=status_code,
        received_id=received_id,
        idempotency_key=idempotency_key,
        package_key=store_package(backends, agency, "out", body),
        next_attempt_at=_lease_end(xsettings),
    )
    session.add(row)
    session.flush()
    enqueue(session, DELIVER_TASK, outbound_id=row.id)
    return row


def _lease_end(xsettings: ExchangeSettings) -> datetime:
    return datetime.now(UTC) + timedelta(seconds=xsettings.request_timeout_seconds + 30)


def backoff(xsettings: ExchangeSettings, attempts: int) -> timedelta:
    """Exponential back-off after `attempts` failed attempts, capped."""
    seconds = min(xsettings.retry_base_seconds * 2 ** max(attempts - 1, 0), xsettings.retry_max_seconds)
    return timedelta(seconds=seconds)


def route(session: Session, agency_id: int, organ_id: str) -> ExchangePeer | None:
    """The peer row for `organ_id`, else this agency's default route (`*`)."""
    peers = {
        p.organ_id: p
        for p in session.scalars(
            select(ExchangePeer).where(
                ExchangePeer.agency_id == agency_id, ExchangePeer.organ_id.in_([organ_id, DEFAULT_ROUTE])
            )
        )
    }
    return peers.get(organ_id) or peers.get(DEFAULT_ROUTE)


def attempt_delivery(
    backends: Backends, xsettings: ExchangeSettings, outbound_id: int
) -> OutboundState | None:
    """One delivery attempt; records the outcome. Safe to call for a delivery already done (no-op)."""
    with backends.sessions() as session:
        row = session.get(OutboundPackage, outbound_id)
        if row is None or row.state != OutboundState.PENDING:
            return row.state if row else None
        agency = session.get(Agency, row.agency_id)
        assert agency is not None
        row.next_attempt_at = _lease_end(xsettings)  # claim it while the attempt runs
        peer = route(session, row.agency_id, row.organ_id)
        transport = (
            transport_for(
                peer, agency.code, policy=xsettings.peer_policy, timeout=xsettings.request_timeout_seconds
            )
            if peer
            else None
        )
        envelope = Envelope(
            agency.code, row.organ_id, row.idempotency_key, _read(backends, row.package_key), row.kind.value
        )
        recipient = f"{row.organ_name} ({row.organ_id})" if row.organ_name else row.organ_id
        session.commit()
    error: TransportFailed | None = None
    if transport is None:
        # The connection was removed after release (which refuses a recipient without one): no retry can
        # reach it, so the delivery fails now and says what the admin must restore before a resend.
        error = TransportFailed(
            f"Chưa khai báo kết nối liên thông tới cơ quan {recipient}; "
            "quản trị cần khai báo lại kết nối rồi gửi lại.",
            permanent=True,
            code="exchange.no_route",
        )
    else:
        try:
            transport.send(envelope)
        except TransportFailed as exc:
            error = exc
        except Exception as exc:  # noqa: BLE001 — recorded on the delivery and retried, never lost
            log.exception("exchange: delivery %s failed unexpectedly", outbound_id)
            error = TransportFailed(f"Lỗi khi gửi: {type(exc).__name__}: {exc}")
    with backends.sessions() as session:
        row = session.get(OutboundPackage, outbound_id)
        assert row is not None
        before = snapshot(row)
        row.attempts += 1
        row.transport = transport.name if transport else ""
        delivery = (
            session.get(ExternalDelivery, row.external_delivery_id) if row.external_delivery_id else None
        )
        if error is None:
            row.state = OutboundState.DELIVERED
            row.delivered_at = datetime.now(UTC)
            row.last_error = ""
            if delivery is not None:
                delivery.status, delivery.detail = DeliveryStatus.SENT, f"Đã gửi qua {row.transport}"
            action = "exchange.delivered"
        elif error.permanent or _gave_up(xsettings, row):
            row.state = OutboundState.FAILED
            row.last_error = (
                error.message
                if error.permanent
                else f"Đã ngừng gửi sau {row.attempts} lần thử không thành công: {error.message}"
            )
            if delivery is not None:
                delivery.status, delivery.detail = DeliveryStatus.FAILED, error.message
            _tell_clerks_it_failed(session, row, recipient)
            action = "exchange.delivery_failed"
        else:
            row.last_error = error.message
            row.next_attempt_at = datetime.now(UTC) + backoff(xsettings, row.attempts)
            action = "exchange.delivery_retry"
            log.info(
                "exchange: delivery %s failed (attempt %s), retrying: %s", row.id, row.attempts, error.message
            )
        audit(session, None, action, row, before=before)
        session.commit()
        return row.state


def _tell_clerks_it_failed(session: Session, row: OutboundPackage, recipient: str) -> None:
    """A document package that will not be retried is the văn thư's to act on (restore the connection and
    resend, or send another way): the agency's văn thư are told, in the failure's transaction."""
    document = session.get(Document, row.document_id) if row.document_id is not None else None
    if document is None or row.kind != OutboundKind.DOCUMENT:
        return
    clerks = agency_people(session, row.agency_id, Role.CLERK)
    notify(
        session, NotificationKind.DELIVERY_FAILED, document, clerks, detail=f"{recipient}: {row.last_error}"
    )


def _gave_up(xsettings: ExchangeSettings, row: OutboundPackage) -> bool:
    """A delivery still failing `give_up_seconds` after it was queued ends as failed (shown to the clerk),
    instead of being retried forever (e.g. a recipient nobody configured a connection to)."""
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=UTC)
    return datetime.now(UTC) - created > timedelta(seconds=xsettings.give_up_seconds)


def claim_due(session: Session, xsettings: ExchangeSettings, limit: int = 100) -> list[int]:
    """Pending deliveries whose back-off has run out, claimed for one attempt each (the caller commits)."""
    now = datetime.now(UTC)
    rows = list(
        session.scalars(
            select(OutboundPackage)
            .where(OutboundPackage.state == OutboundState.PENDING, OutboundPackage.next_attempt_at <= now)
            .order_by(OutboundPackage.next_attempt_at)
            .limit(limit)
        )
    )
    for row in rows:
        row.next_attempt_at = _lease_end(xsettings)
    return [row.id for row in rows]
