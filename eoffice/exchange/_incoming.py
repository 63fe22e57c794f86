"""Receiving: a package arrives (direct inbox or hub), is checked, and waits for the văn thư; statuses go back.

A document package is read (`parse_package`), its PDF signatures verified and the report stored with it;
a package that fails the check is kept as `rejected` with the reason, and status 02 goes back. Otherwise
status 01 goes back and the văn thư accepts it (registered in the sổ đến through the incoming service,
status 03) or refuses it with a reason (status 02). Later steps (04 assigned, 05 in process, 06 completed)
are reported by `report_incoming_status`. A status package updates the sender's view of its document.
"""

from __future__ import annotations

import io
import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.audit import snapshot
from eoffice.backends import Backends
from eoffice.db.locking import for_update, lock_row
from eoffice.documents.files import FileBatch, Upload
from eoffice.documents.kinds import DocumentType, Urgency
from eoffice.documents.links import DocumentLink, LinkKind
from eoffice.documents.models import Document
from eoffice.documents.service import Actor, audit
from eoffice.effects import documents_changed
from eoffice.exchange._outgoing import organization_of, queue_package, store_package
from eoffice.exchange._prefill import package_doc_type, registration_fields
from eoffice.exchange._signatures import check_signatures, trust_settings
from eoffice.exchange.edxml import (
    BusinessType,
    DocumentPackage,
    ResponseFor,
    StaffInfo,
    StatusCode,
    StatusPackage,
    build_status_package,
    parse_package,
    summary,
)
from eoffice.exchange.errors import EdxmlInvalid, ExchangeError, ExchangeWrongState, ReceivedNotFound
from eoffice.exchange.models import (
    OutboundKind,
    OutboundPackage,
    ReceivedPackage,
    ReceivedState,
    StatusEvent,
)
from eoffice.exchange.schemas import AcceptIn, AcceptPrefill
from eoffice.exchange.settings import ExchangeSettings
from eoffice.file_kinds import SCANNABLE, sniff
from eoffice.notifications.events import agency_people, notify, notify_arrival
from eoffice.notifications.models import NotificationKind
from eoffice.orgs.models import Agency, Role
from eoffice.permissions import holds_role

log = logging.getLogger(__name__)

CLERKS = (Role.CLERK, Role.ADMIN)
_UNAUDITED = ("summary", "validation")


class UnknownDocument(ExchangeError):
    status_code = 422
    code = "exchange.unknown_document"
    message = "Không có văn bản đã gửi nào khớp với gói tin trạng thái."


@dataclass(frozen=True)
class Arrival:
    """What happened to an arriving package: the received item or the status event, and whether it was a
    copy of something already received (same sender and idempotency key)."""

    kind: str
    duplicate: bool
    received: ReceivedPackage | None = None
    status: StatusEvent | None = None

    def answer(self) -> dict[str, object]:
        if self.received is not None:
            return {
                "kind": self.kind,
                "duplicate": self.duplicate,
                "id": self.received.id,
                "state": self.received.state.value,
                "reason": self.received.reason,
            }
        assert self.status is not None
        return {"kind": self.kind, "duplicate": self.duplicate, "id": self.status.id}


def receive(
    session: Session,
    backends: Backends,
    xsettings: ExchangeSettings,
    agency: Agency,
    *,
    sender: str,
    idempotency_key: str,
    body: bytes,
    transport: str,
) -> Arrival:
    """Take in one authenticated package for `agency` (the caller commits)."""
    package = parse_package(body, xsettings.limits)
    if package.sender.organ_id != sender:
        raise EdxmlInvalid(
            f"Gói tin ghi cơ quan gửi {package.sender.organ_id} nhưng kênh liên thông xác thực {sender}."
        )
    if isinstance(package, StatusPackage):
        return _receive_status(session, agency, package, idempotency_key)
    if agency.code not in {org.organ_id for org in package.recipients}:
        raise EdxmlInvalid(f"Gói tin không gửi tới cơ quan {agency.code}.")
    existing = session.scalar(
        select(ReceivedPackage).where(
            ReceivedPackage.agency_id == agency.id,
            ReceivedPackage.sender_organ_id == sender,
            ReceivedPackage.idempotency_key == idempotency_key,
        )
    )
    if existing is not None:
        return Arrival("document", True, received=existing)
    if package.business.doc_type == BusinessType.REVOCATION:
        return _receive_recall(
            session, backends, xsettings, agency, package, idempotency_key, body, transport
        )
    check = check_signatures(
        package, trust_settings(session, backends), require_trusted=xsettings.require_trusted_signature
    )
    item = _received_item(
        session,
        backends,
        agency,
        package,
        idempotency_key,
        body,
        transport,
        "exchange.receive" if check.ok else "exchange.reject",
        state=ReceivedState.PENDING if check.ok else ReceivedState.REJECTED,
        reason=" ".join(check.problems),
        validation=check.report,
    )
    if check.ok:
        send_status(
            session, backends, xsettings, item, StatusCode.ARRIVED, "Văn bản đã đến, chờ văn thư tiếp nhận."
        )
        notify_arrival(
            session, agency.id, package.sender.organ_name or sender, item.subject, package.code.text
        )
    else:
        send_status(session, backends, xsettings, item, StatusCode.REFUSED, item.reason)
    return Arrival("document", False, received=item)


def _received_item(
    session: Session,
    backends: Backends,
    agency: Agency,
    package: DocumentPackage,
    key: str,
    body: bytes,
    transport: str,
    action: str,
    *,
    state: ReceivedState,
    reason: str,
    validation: list[dict[str, Any]],
) -> ReceivedPackage:
    """A document package as it is kept here — what it says of itself, its bytes stored as received — with
    the audit record of its arrival (the system's own: no actor)."""
    item = ReceivedPackage(
        agency_id=agency.id,
        sender_organ_id=package.sender.organ_id,
        sender_name=package.sender.organ_name,
        idempotency_key=key,
        transport=transport,
        edxml_document_id=package.document_id,
        number=package.code.number,
        symbol=package.code.notation,
        subject=package.subject,
        promulgation_date=package.promulgation.date,
        business_type=package.business.doc_type.value,
        summary=summary(package),
        validation=validation,
        warnings=list(package.warnings),
        package_key=store_package(backends, agency, "in", body),
        state=state,
        reason=reason,
    )
    session.add(item)
    session.flush()
    _audit_item(session, None, action, item)
    return item


def _original_of(
    session: Session, agency_id: int, sender: str, edxml_document_id: str
) -> ReceivedPackage | None:
    """The document a recall names, as it arrived here (locked: the văn thư may be deciding on it now)."""
    found = session.scalar(
        select(ReceivedPackage.id)
        .where(
            ReceivedPackage.agency_id == agency_id,
            ReceivedPackage.sender_organ_id == sender,
            ReceivedPackage.edxml_document_id == edxml_document_id,
            ReceivedPackage.business_type != BusinessType.REVOCATION.value,
        )
        .order_by(ReceivedPackage.id.desc())
        .limit(1)
    )
    if found is None:
        return None
    lock_row(session, ReceivedPackage, found)
    return session.scalar(for_update(select(ReceivedPackage).where(ReceivedPackage.id == found)))


def _receive_recall(
    session: Session,
    backends: Backends,
    xsettings: ExchangeSettings,
    agency: Agency,
    package: DocumentPackage,
    key: str,
    body: bytes,
    transport: str,
) -> Arrival:
    """Thu hồi (`BussinessDocType` 1): the sender asks for its document back.

    Kept as a received item of its own (business type `revocation`). A document still waiting for the văn
    thư is withdrawn from the queue and the recall agreed (15) at once; one never taken in (refused,
    rejected) is agreed the same way; a registered one waits for the văn thư to agree (15) or refuse (16).
    """
    reason = package.business.reason
    item = _received_item(
        session,
        backends,
        agency,
        package,
        key,
        body,
        transport,
        "exchange.recall_receive",
        state=ReceivedState.PENDING,
        reason=f"Lý do thu hồi: {reason}" if reason else "",
        validation=[],
    )
    original = _original_of(session, agency.id, item.sender_organ_id, item.edxml_document_id)
    if original is not None and original.state == ReceivedState.ACCEPTED:
        item.incoming_document_id = original.incoming_document_id
        session.flush()
        incoming = session.get(Document, original.incoming_document_id)
        if incoming is not None:
            notify(
                session,
                NotificationKind.RECEIVED,
                incoming,
                agency_people(session, agency.id, Role.CLERK),
                detail=f"{item.sender_name or item.sender_organ_id} đề nghị thu hồi văn bản; {reason}".rstrip(
                    "; "
                ),
            )
        return Arrival("document", False, received=item)
    if original is None:
        # The recall came first (or the document never arrived): the văn thư decides.
        notify_arrival(
            session, agency.id, item.sender_name or item.sender_organ_id, item.subject, package.code.text
        )
        return Arrival("document", False, received=item)
    answer = "Văn bản chưa được tiếp nhận vào sổ; đồng ý thu hồi."
    if original.state == ReceivedState.PENDING:
        why = item.reason or "Cơ quan gửi đã thu hồi văn bản."
        _decide(session, None, original, "exchange.withdraw", ReceivedState.WITHDRAWN, reason=why)
        answer = "Văn bản đang chờ tiếp nhận đã được rút khỏi hàng chờ; đồng ý thu hồi."
    _decide_recall(session, None, item, ReceivedState.ACCEPTED, "")
    send_status(session, backends, xsettings, item, StatusCode.RECALL_AGREED, answer)
    return Arrival("document", False, received=item)


def _decide_recall(
    session: Session, actor: Actor | None, item: ReceivedPackage, state: ReceivedState, refusal: str
) -> None:
    reason = item.reason
    if refusal:
        reason = (
            f"{item.reason}. Từ chối thu hồi: {refusal}" if item.reason else f"Từ chối thu hồi: {refusal}"
        )
    action = "exchange.recall_agree" if state == ReceivedState.ACCEPTED else "exchange.recall_refuse"
    _decide(session, actor, item, action, state, reason=reason)


def _audit_item(
    session: Session, actor: Actor | None, action: str, item: ReceivedPackage, before: object = None
) -> None:
    """The audit record of a received item, without its package summary and validation report (kept on the
    row itself), as every record of a received item has been written."""
    audit(session, actor, action, item, before=before, after=snapshot(item, exclude=_UNAUDITED))


def _decide(
    session: Session,
    actor: Actor | None,
    item: ReceivedPackage,
    action: str,
    state: ReceivedState,
    *,
    reason: str | None = None,
    incoming_document_id: int | None = None,
) -> None:
    """A decision on a received item — the văn thư's, or the sender's recall (`actor` None) — with who decided
    and when, audited before and after in the caller's transaction."""
    before = snapshot(item, exclude=_UNAUDITED)
    item.state = state
    if reason is not None:
        item.reason = reason
    if incoming_document_id is not None:
        item.incoming_document_id = incoming_document_id
    item.decided_by_id = actor.id if actor else None
    item.decided_at = datetime.now(UTC)
    session.flush()
    _audit_item(session, actor, action, item, before)


def _pending_recall(session: Session, actor: Actor, received_id: int) -> ReceivedPackage:
    item = received_for(session, actor, received_id, lock=True)
    if item.business_type != BusinessType.REVOCATION.value:
        raise ExchangeWrongState("Văn bản liên thông này không phải đề nghị thu hồi.")
    if item.state != ReceivedState.PENDING:
        raise ExchangeWrongState(f"Đề nghị thu hồi đã được xử lý (“{item.state.value}”).")
    return item


def agree_recall(
    session: Session, backends: Backends, xsettings: ExchangeSettings, actor: Actor, received_id: int
) -> ReceivedPackage:
    """Đồng ý thu hồi: the incoming copy is marked recalled (its open assignments end, their holders are
    told) and status 15 goes back to the sender."""
    from eoffice.incoming.service import recalled_by_issuer

    item = _pending_recall(session, actor, received_id)
    if item.incoming_document_id is not None:
        recalled_by_issuer(session, actor, item.incoming_document_id, item.reason or "không nêu lý do")
    _decide_recall(session, actor, item, ReceivedState.ACCEPTED, "")
    send_status(
        session,
        backends,
        xsettings,
        item,
        StatusCode.RECALL_AGREED,
        "Đồng ý thu hồi văn bản.",
        _staff_of(actor),
    )
    return item


def refuse_recall(
    session: Session,
    backends: Backends,
    xsettings: ExchangeSettings,
    actor: Actor,
    received_id: int,
    reason: str,
) -> ReceivedPackage:
    """Từ chối thu hồi, with the reason the sender will read (status 16); the incoming copy stays as it is."""
    item = _pending_recall(session, actor, received_id)
    _decide_recall(session, actor, item, ReceivedState.REFUSED, reason)
    send_status(session, backends, xsettings, item, StatusCode.RECALL_REFUSED, reason, _staff_of(actor))
    return item


def _not_a_recall(item: ReceivedPackage) -> None:
    if item.business_type == BusinessType.REVOCATION.value:
        raise ExchangeWrongState(
            "Đây là đề nghị thu hồi văn bản; hãy đồng ý hoặc từ chối thu hồi.", code="exchange.is_recall"
        )


def _receive_status(session: Session, agency: Agency, package: StatusPackage, key: str) -> Arrival:
    response = package.response_for
    if response.organ_id != agency.code:
        raise EdxmlInvalid(f"Gói tin trạng thái không dành cho cơ quan {agency.code}.")
    sent = session.scalar(
        select(OutboundPackage).where(
            OutboundPackage.agency_id == agency.id,
            OutboundPackage.kind == OutboundKind.DOCUMENT,
            OutboundPackage.edxml_document_id == response.document_id,
            OutboundPackage.organ_id == package.sender.organ_id,
        )
    )
    if sent is None or sent.document_id is None:
        raise UnknownDocument(
            f"Không có văn bản {response.document_id} đã gửi tới {package.sender.organ_id}.",
            detail={"document_id": response.document_id},
        )
    existing = session.scalar(
        select(StatusEvent).where(
            StatusEvent.agency_id == agency.id,
            StatusEvent.organ_id == package.sender.organ_id,
            StatusEvent.idempotency_key == key,
        )
    )
    if existing is not None:
        return Arrival("status", True, status=existing)
    staff = package.staff
    event = StatusEvent(
        agency_id=agency.id,
        document_id=sent.document_id,
        organ_id=package.sender.organ_id,
        organ_name=package.sender.organ_name or sent.organ_name,
        status_code=package.status_code.value,
        description=package.description,
        staff=", ".join(filter(None, (staff.staff, staff.department))),
        occurred_at=package.timestamp or datetime.now(UTC),
        idempotency_key=key,
    )
    session.add(event)
    session.flush()
    audit(session, None, "exchange.status", event)
    return Arrival("status", False, status=event)


def send_status(
    session: Session,
    backends: Backends,
    xsettings: ExchangeSettings,
    item: ReceivedPackage,
    code: StatusCode,
    description: str,
    staff: StaffInfo | None = None,
    *,
    key: str | None = None,
) -> OutboundPackage:
    """Queue a status package about a received document back to its sender (`key`: the event's, else new)."""
    agency = session.get(Agency, item.agency_id)
    assert agency is not None
    package = StatusPackage(
        sender=organization_of(agency),
        response_for=ResponseFor(
            organ_id=item.sender_organ_id,
            code=f"{item.number}/{item.symbol}" if item.symbol else item.number,
            promulgation_date=item.promulgation_date,
            document_id=item.edxml_document_id,
        ),
        status_code=code,
        timestamp=datetime.now(UTC),
        description=description,
        staff=staff or StaffInfo(),
    )
    return queue_package(
        session,
        backends,
        xsettings,
        agency=agency,
        kind=OutboundKind.STATUS,
        organ_id=item.sender_organ_id,
        organ_name=item.sender_name,
        edxml_document_id=item.edxml_document_id,
        body=build_status_package(package),
        idempotency_key=f"status|{item.edxml_document_id}|{code.value}|{key or uuid.uuid4().hex}",
        status_code=code.value,
        received_id=item.id,
    )


def received_for(session: Session, actor: Actor, received_id: int, *, lock: bool = False) -> ReceivedPackage:
    """A received item of the actor's agency, for its văn thư (or admin) only.

    `lock=True` to decide on it: locked until the transaction ends (SQLite too), so of two clicks the second
    sees the first one's decision and gets `ExchangeWrongState` before it registers anything.
    """
    query = select(ReceivedPackage).where(ReceivedPackage.id == received_id)
    if lock:
        lock_row(session, ReceivedPackage, received_id)
        query = for_update(query)
    item = session.scalar(query)
    if item is None or not holds_role(actor.user, item.agency_id, *CLERKS):
        raise ReceivedNotFound()
    return item


def package_of(backends: Backends, xsettings: ExchangeSettings, item: ReceivedPackage) -> DocumentPackage:
    package = parse_package(b"".join(backends.objects.get(item.package_key)), xsettings.limits)
    assert isinstance(package, DocumentPackage)
    return package


def guess_doc_type(package: DocumentPackage) -> DocumentType:
    """The tên loại from `TypeName`, else from the ký hiệu's first part (`QĐ-UBND` → Quyết định), else công văn."""
    return package_doc_type(package) or DocumentType.CONG_VAN


def _staff_of(actor: Actor) -> StaffInfo:
    user = actor.user
    return StaffInfo(staff=user.full_name, email=user.email)


def prefill_for_accept(
    session: Session, backends: Backends, xsettings: ExchangeSettings, actor: Actor, received_id: int
) -> AcceptPrefill:
    """The sổ đến fields the accept dialog shows: the package's metadata, the rest read from its main file."""
    item = received_for(session, actor, received_id)
    _not_a_recall(item)
    return registration_fields(backends.settings, package_of(backends, xsettings, item))


# What the sổ takes when neither the văn thư, the package nor its file says.
_REQUIRED = ("title", "doc_type", "issuer", "number", "symbol", "issue_date", "urgency", "deadline")


def _chosen(data: AcceptIn, fields: AcceptPrefill, name: str) -> str | None:
    given = getattr(data, name)
    if given is not None:
        return given.isoformat() if hasattr(given, "isoformat") else str(given)
    found = getattr(fields, name)
    return found.value if found is not None else None


def accept(
    session: Session,
    backends: Backends,
    xsettings: ExchangeSettings,
    batch: FileBatch,
    actor: Actor,
    received_id: int,
    data: AcceptIn | None = None,
) -> ReceivedPackage:
    """Tiếp nhận: register the package in the sổ đến (core incoming service) and tell the sender (03).

    Each field is the văn thư's when she gave it, else the package's metadata, else read from the main file;
    the file is read before the row is locked (an OCR takes seconds), only when a field is still missing and
    the request does not come from the dialog that showed the pre-fill.
    """
    from eoffice.incoming.prefill.outcomes import record_prefill
    from eoffice.incoming.schemas import IncomingCreate
    from eoffice.incoming.service import register_incoming

    data = data or AcceptIn()
    item = received_for(session, actor, received_id)
    _not_a_recall(item)
    if item.state != ReceivedState.PENDING:
        raise ExchangeWrongState(f"Văn bản liên thông đã ở trạng thái “{item.state.value}”.")
    package = package_of(backends, xsettings, item)
    # A request carrying what was shown (`prefilled`) comes from the dialog, which already read the file: a field
    # it leaves empty is one the file did not give either, so the file is not read (OCR'd) a second time.
    unset = () if data.prefilled else tuple(name for name in _REQUIRED if getattr(data, name) is None)
    fields = registration_fields(backends.settings, package, unset)
    item = received_for(session, actor, received_id, lock=True)
    if item.state != ReceivedState.PENDING:
        raise ExchangeWrongState(f"Văn bản liên thông đã ở trạng thái “{item.state.value}”.")
    uploads = []
    for attachment in package.attachments:
        stream = io.BytesIO(attachment.data)
        if sniff(stream) in SCANNABLE:
            uploads.append(Upload(stream, attachment.name))
    issue_date = _chosen(data, fields, "issue_date")
    deadline = _chosen(data, fields, "deadline")
    create = IncomingCreate(
        title=_chosen(data, fields, "title") or f"Văn bản {package.code.text}",
        doc_type=DocumentType(_chosen(data, fields, "doc_type") or DocumentType.CONG_VAN),
        issuer=(_chosen(data, fields, "issuer") or package.sender.organ_name or package.sender.organ_id)[
            :255
        ],
        number=(_chosen(data, fields, "number") or "")[:32],
        symbol=(_chosen(data, fields, "symbol") or "")[:64],
        issue_date=date.fromisoformat(issue_date) if issue_date else None,
        urgency=Urgency(_chosen(data, fields, "urgency") or Urgency.NORMAL),
        deadline=date.fromisoformat(deadline) if deadline else None,
        pages=int(package.other_info.page_amount) if package.other_info.page_amount.isdigit() else None,
        arrived_at=item.created_at,
        # The exchange already keeps one record per sent document; a paper copy registered earlier is
        # for the clerk to cancel, not a reason to refuse the electronic original.
        confirm_duplicate=True,
    )
    document: Document = register_incoming(
        session,
        batch,
        actor,
        create,
        uploads,
        max_upload_bytes=backends.settings.max_upload_bytes,
        timezone=backends.settings.timezone,
        require_file=False,  # the edXML package, kept with the received item, is the document itself
    )
    for shown in data.prefilled:
        record_prefill(session, document, shown)
    _decide(session, actor, item, "exchange.accept", ReceivedState.ACCEPTED, incoming_document_id=document.id)
    _link_replaced(session, actor, item, package, document)
    _link_answered(session, actor, item, package, document)
    send_status(
        session,
        backends,
        xsettings,
        item,
        StatusCode.ACCEPTED,
        f"Đã tiếp nhận, vào sổ văn bản đến số {document.register_number}.",
        _staff_of(actor),
    )
    return item


_SUPERSEDING = {
    BusinessType.REPLACEMENT: (LinkKind.REPLACES, "incoming.replaced_by"),
    BusinessType.UPDATE: (LinkKind.CORRECTS, "incoming.corrected_by"),
}


def _registered_originals(
    session: Session, item: ReceivedPackage, replaces: tuple[str, ...]
) -> list[Document]:
    """The incoming documents this agency registered from the same sender under the `DocumentId`s a
    replacement or update names (`ReplacementInfoList`)."""
    if not replaces:
        return []
    ids = session.scalars(
        select(ReceivedPackage.incoming_document_id).where(
            ReceivedPackage.agency_id == item.agency_id,
            ReceivedPackage.sender_organ_id == item.sender_organ_id,
            ReceivedPackage.edxml_document_id.in_(replaces),
            ReceivedPackage.state == ReceivedState.ACCEPTED,
            ReceivedPackage.incoming_document_id.is_not(None),
            ReceivedPackage.id != item.id,
            ReceivedPackage.business_type != BusinessType.REVOCATION.value,
        )
    )
    found = [session.get(Document, i) for i in dict.fromkeys(ids)]
    return [d for d in found if d is not None]


def replaced_here(
    session: Session, backends: Backends, xsettings: ExchangeSettings, item: ReceivedPackage
) -> list[Document]:
    """What a received replacement or update (`BussinessDocType` 3 or 2) replaces among the documents this
    agency registered, shown to the văn thư before she registers it."""
    if item.business_type not in (BusinessType.REPLACEMENT.value, BusinessType.UPDATE.value):
        return []
    return _registered_originals(session, item, package_of(backends, xsettings, item).business.replaces)


def _link_replaced(
    session: Session, actor: Actor, item: ReceivedPackage, package: DocumentPackage, document: Document
) -> None:
    """A registered package that replaces (`BussinessDocType` 3) or updates (2, đính chính) documents the same
    sender sent and this agency registered: the new incoming document links to each of them, which then shows
    "Đã bị thay thế bởi …" (or "Đã được đính chính bởi …"), and both histories record it."""
    superseding = _SUPERSEDING.get(package.business.doc_type)
    if superseding is None or not package.business.replaces:
        return
    kind, action = superseding
    for target in _registered_originals(session, item, package.business.replaces):
        session.add(
            DocumentLink(
                document_id=document.id,
                target_id=target.id,
                kind=kind,
                effective=True,
                created_by_id=actor.id,
            )
        )
        session.flush()
        audit(session, actor, action, target, after={"by_id": document.id, "by": package.code.text})
        audit(
            session,
            actor,
            "incoming.link",
            document,
            after={"kind": kind.value, "target_id": target.id, "target": target.number_symbol},
        )
        documents_changed(session, target.id)


def _link_answered(
    session: Session, actor: Actor, item: ReceivedPackage, package: DocumentPackage, document: Document
) -> None:
    """A registered package whose `ResponseFor` names a document this agency sent: the new incoming document
    is the answer to it, and the outgoing document shows "Đã được trả lời bằng văn bản số …"."""
    agency = session.get(Agency, item.agency_id)
    assert agency is not None
    answered = [r.document_id for r in package.response_for if r.organ_id == agency.code and r.document_id]
    if not answered:
        return
    sent = session.scalars(
        select(OutboundPackage.document_id)
        .where(
            OutboundPackage.agency_id == agency.id,
            OutboundPackage.kind == OutboundKind.DOCUMENT,
            OutboundPackage.edxml_document_id.in_(answered),
            OutboundPackage.organ_id == item.sender_organ_id,
            OutboundPackage.document_id.is_not(None),
        )
        .distinct()
    )
    for target_id in list(sent):
        target = session.get(Document, target_id)
        if target is None:
            continue
        session.add(
            DocumentLink(
                document_id=document.id,
                target_id=target.id,
                kind=LinkKind.ANSWERS,
                effective=True,
                created_by_id=actor.id,
            )
        )
        session.flush()
        audit(
            session,
            actor,
            "outgoing.answered_by",
            target,
            after={"by_id": document.id, "by": package.code.text},
        )
        documents_changed(session, target.id)


def refuse(
    session: Session,
    backends: Backends,
    xsettings: ExchangeSettings,
    actor: Actor,
    received_id: int,
    reason: str,
) -> ReceivedPackage:
    """Từ chối tiếp nhận, with the reason the sender will read (status 02)."""
    item = received_for(session, actor, received_id, lock=True)
    _not_a_recall(item)
    if item.state != ReceivedState.PENDING:
        raise ExchangeWrongState(f"Văn bản liên thông đã ở trạng thái “{item.state.value}”.")
    _decide(session, actor, item, "exchange.refuse", ReceivedState.REFUSED, reason=reason)
    send_status(session, backends, xsettings, item, StatusCode.REFUSED, reason, _staff_of(actor))
    return item


def report_incoming_status(
    session: Session,
    backends: Backends,
    xsettings: ExchangeSettings,
    incoming_document_id: int,
    code: StatusCode,
    description: str = "",
    *,
    key: str | None = None,
) -> OutboundPackage | None:
    """Tell the sender how its document is handled here (04 assigned, 05 in process, 06 completed).

    A no-op (None) for an incoming document that did not arrive through the exchange. `key` names the event
    (the `tell_sender` effect's): a message delivered twice queues one package.
    """
    item = session.scalar(
        select(ReceivedPackage).where(ReceivedPackage.incoming_document_id == incoming_document_id)
    )
    if item is None:
        return None
    if key is not None:
        lock_row(session, ReceivedPackage, item.id)
        session.scalar(for_update(select(ReceivedPackage).where(ReceivedPackage.id == item.id)))
        idempotency_key = f"status|{item.edxml_document_id}|{code.value}|{key}"
        done = session.scalar(
            select(OutboundPackage).where(
                OutboundPackage.agency_id == item.agency_id,
                OutboundPackage.idempotency_key == idempotency_key,
            )
        )
        if done is not None:
            return done
    return send_status(session, backends, xsettings, item, code, description or code.label, key=key)
