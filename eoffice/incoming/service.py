"""Văn bản đến: register in the sổ đến, assign, forward, handle, complete, recall — and the inbox views.

Every function changes the session and writes its audit records and effects (`documents_changed`, and
`tell_sender` for what the sending agency of an exchanged document is told); the caller commits.
Lock order, to stay deadlock-free on PostgreSQL: register counter first, audit chain head last.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session

from eoffice import clock
from eoffice.audit import snapshot
from eoffice.documents._sniff import SCANNABLE
from eoffice.documents.errors import WrongState
from eoffice.documents.files import FileBatch, Upload, check_upload, store_file
from eoffice.documents.kinds import AccessReason, DocumentKind, DocumentStatus, FileRole, Secrecy
from eoffice.documents.models import Document, DocumentAccess
from eoffice.documents.service import OPEN_INCOMING, Actor, audit, get_readable
from eoffice.effects import documents_changed, tell_sender
from eoffice.errors import Conflict, Forbidden, InvalidInput
from eoffice.exchange.edxml import StatusCode
from eoffice.incoming.models import Assignment, AssignmentRole, AssignmentStatus, HandlingNote, NoteKind
from eoffice.incoming.schemas import (
    AssignmentIn,
    ForwardRequest,
    InboxCounts,
    InboxQuery,
    InboxView,
    IncomingCreate,
)
from eoffice.notifications.events import department_people, notify
from eoffice.notifications.models import NotificationKind
from eoffice.orgs.models import Department, Role, User
from eoffice.permissions import holds_role, readable_clause
from eoffice.registers import DEFAULT_CODE, Register, RegisterCancellation, next_number, year_registers

OPEN_ASSIGNMENT = (AssignmentStatus.PENDING, AssignmentStatus.IN_PROGRESS)
REGISTRARS = (Role.CLERK, Role.ADMIN)
ASSIGNERS = (Role.LEADER, Role.CLERK, Role.DEPARTMENT_HEAD)


class MainAssigned(WrongState):
    """A xử lý chính is already open (e.g. the same assignment sent twice at once)."""

    code = "incoming.main_assigned"
    message = "Văn bản đã có đơn vị hoặc cá nhân xử lý chính; hãy tải lại văn bản."


class AlreadyForwarded(WrongState):
    """My assignment was handed on already (e.g. the same forward sent twice at once)."""

    code = "incoming.already_forwarded"
    message = "Phân công của bạn đã được chuyển tiếp; hãy tải lại văn bản."


ARRIVAL_CLOCK_SKEW = timedelta(minutes=5)
"""How far ahead of the agency clock an arrival time may be: the clerk's browser clock, not a future date."""


class PossibleDuplicate(Conflict):
    """The same number and symbol from the same issuer is in the sổ đến already; the clerk may confirm."""

    code = "incoming.possible_duplicate"
    message = (
        "Văn bản cùng số, ký hiệu và cơ quan ban hành đã được vào sổ. Kiểm tra lại; "
        "nếu đúng là văn bản khác hoặc cần vào sổ lại, chọn “Vẫn vào sổ”."
    )


class AlreadyCancelled(WrongState):
    """The entry was cancelled already (e.g. the same cancel sent twice at once)."""

    code = "incoming.already_cancelled"
    message = "Văn bản đã được hủy vào sổ; hãy tải lại văn bản."


def register_incoming(
    session: Session,
    batch: FileBatch,
    actor: Actor,
    data: IncomingCreate,
    uploads: Sequence[Upload],
    *,
    max_upload_bytes: int,
    timezone: str,
    require_file: bool = True,
) -> Document:
    """Vào sổ văn bản đến: the next number of the chosen sổ (default: the sổ chung of the arrival year).

    A paper document is registered with its scan, so an entry needs a file (`require_file`; a package
    received by exchange is itself the record). The arrival time is the clerk's to set, never in the future,
    in the sổ's year. A number and symbol already registered from the same issuer is refused with
    `PossibleDuplicate` unless the clerk confirms; the check runs under the sổ's counter lock, so two
    registrations of the same document into one sổ cannot both pass it unseen.
    """
    user = actor.user
    if not holds_role(user, user.agency_id, *REGISTRARS):
        raise Forbidden("Chỉ văn thư mới được vào sổ văn bản đến.")
    named = _agency_users(session, user.agency_id, data.named_user_ids, "named_user_ids")
    if require_file and not uploads:
        raise InvalidInput(
            "Văn bản đến cần ít nhất một tệp (văn bản giấy: đính kèm bản quét).",
            detail=[{"field": "files", "problem": "không có tệp"}],
        )
    kinds = [check_upload(upload, SCANNABLE, max_upload_bytes) for upload in uploads]
    arrived_at = _arrival(data.arrived_at, timezone)
    year = clock.local_date(arrived_at, timezone).year
    register = _choose_register(session, user.agency_id, data.register_id, year, data.secrecy)
    register_number = next_number(session, register.id)
    if not data.confirm_duplicate:
        _refuse_duplicate(session, user, data)
    document = Document(
        kind=DocumentKind.INCOMING,
        agency_id=user.agency_id,
        title=data.title,
        doc_type=data.doc_type,
        issuer=data.issuer,
        number=data.number,
        symbol=data.symbol,
        issue_date=data.issue_date,
        urgency=data.urgency,
        secrecy=data.secrecy,
        deadline=data.deadline,
        pages=data.pages,
        status=DocumentStatus.REGISTERED,
        arrived_at=arrived_at,
        created_by_id=user.id,
        register_id=register.id,
        register_number=register_number,
    )
    session.add(document)
    session.flush()
    for upload, kind in zip(uploads, kinds, strict=True):
        store_file(
            session,
            batch,
            document=document,
            upload=upload,
            kind=kind,
            role=FileRole.ORIGINAL,
            actor_id=user.id,
        )
    for named_user in named:
        session.add(DocumentAccess(document_id=document.id, user_id=named_user.id, reason=AccessReason.NAMED))
    session.flush()
    audit(session, actor, "incoming.register", document)
    for file in document.files:
        audit(session, actor, "document_file.store", file)
    documents_changed(session, document.id)
    return document


def cancel_registration(session: Session, actor: Actor, document_id: int, reason: str) -> Document:
    """Hủy vào sổ: a wrong entry keeps its number (no gap, never reused), leaves the inboxes, and the sổ
    shows it cancelled with the reason. Open assignments end. Of two clicks at once one cancels, the other
    gets 409."""
    document = get_readable(session, actor.user, document_id, DocumentKind.INCOMING, lock=True)
    if not holds_role(actor.user, document.agency_id, *REGISTRARS):
        raise Forbidden("Chỉ văn thư mới được hủy vào sổ văn bản đến.")
    if document.status == DocumentStatus.CANCELLED:
        raise AlreadyCancelled()
    if document.register_number is None:
        raise WrongState("Văn bản không có số đến nên không có gì để hủy vào sổ.")
    if document.status not in OPEN_INCOMING:
        raise WrongState("Văn bản đã hoàn thành hoặc đã bị thu hồi, không thể hủy vào sổ.")
    before = snapshot(document)
    for assignment in session.scalars(
        select(Assignment).where(
            Assignment.document_id == document.id, Assignment.status.in_(OPEN_ASSIGNMENT)
        )
    ):
        assignment.status = AssignmentStatus.RECALLED
    document.status = DocumentStatus.CANCELLED
    cancellation = RegisterCancellation(
        document_id=document.id, reason=reason, cancelled_by_id=actor.id, cancelled_at=clock.now()
    )
    session.add(cancellation)
    session.flush()
    audit(
        session,
        actor,
        "incoming.cancel",
        document,
        before=before,
        after={**snapshot(document), "reason": reason},
    )
    documents_changed(session, document.id)
    return document


def _arrival(requested: datetime | None, timezone: str) -> datetime:
    """The arrival time in UTC: now by default; a time without zone is the agency's; refused (422) when in
    the future or before last year (a clerk registers late by days, not by years — nor in year 1 or 9999)."""
    now = clock.now()
    if requested is None:
        return now.astimezone(UTC)
    zone = clock.agency_zone(timezone)
    if requested.tzinfo is None:
        requested = requested.replace(tzinfo=zone)
    this_year = clock.local_date(now, timezone).year
    if not this_year - 1 <= requested.year <= this_year:
        raise _bad_arrival(f"Ngày đến không hợp lệ: năm {requested.year}.", "năm không hợp lệ")
    if requested > now + ARRIVAL_CLOCK_SKEW:
        raise _bad_arrival("Ngày đến không được ở tương lai.", "ở tương lai")
    if requested < datetime(this_year - 1, 1, 1, tzinfo=zone):
        raise _bad_arrival(
            f"Ngày đến không được trước năm {this_year - 1}.", "trước năm trước"
        )  # pragma: no cover - the year check above catches it except at the zone's edge
    return requested.astimezone(UTC)


def _bad_arrival(message: str, problem: str) -> InvalidInput:
    return InvalidInput(message, detail=[{"field": "arrived_at", "problem": problem}])


def _choose_register(
    session: Session, agency_id: int, register_id: int | None, year: int, secrecy: Secrecy
) -> Register:
    """The sổ đến an entry goes to: the chosen one (of this agency, of the arrival year), else the sổ mật of
    that year for a document with độ mật when the agency keeps one, else the sổ chung."""
    registers = year_registers(session, agency_id, DocumentKind.INCOMING, year)
    secret_document = secrecy != Secrecy.NONE
    secret_registers = [r for r in registers if r.secret]
    if register_id is None:
        if secret_document and secret_registers:
            return secret_registers[0]
        [default] = [r for r in registers if r.code == DEFAULT_CODE]
        return default
    register = session.get(Register, register_id)
    if register is None or register.agency_id != agency_id or register.kind != DocumentKind.INCOMING:
        raise InvalidInput(
            "Sổ văn bản đến không thuộc cơ quan.",
            detail=[{"field": "register_id", "problem": "không thuộc cơ quan"}],
        )
    if register.year != year:
        problem = "trước năm của sổ" if year < register.year else "sau năm của sổ"
        raise InvalidInput(
            f"Ngày đến thuộc năm {year}, không vào được “{register.name}” (sổ năm {register.year}).",
            detail=[{"field": "arrived_at", "problem": problem}],
        )
    if register.secret and not secret_document:
        raise InvalidInput(
            f"“{register.name}” là sổ mật, chỉ vào sổ văn bản có độ mật.",
            detail=[{"field": "register_id", "problem": "sổ mật, văn bản không mật"}],
        )
    if secret_document and not register.secret and secret_registers:
        raise InvalidInput(
            f"Văn bản có độ mật vào sổ mật của cơ quan (“{secret_registers[0].name}”).",
            detail=[{"field": "register_id", "problem": "văn bản mật, sổ không mật"}],
        )
    return register


def _normal(text: str) -> str:
    """Number, symbol and issuer as compared for duplicates: NFC, case and spacing ignored."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _number_variants(number: str) -> set[str]:
    """`5`, `05` and `005` are the same number as senders write it."""
    variants = {number}
    if number.isdigit():
        bare = number.lstrip("0") or "0"
        variants |= {bare, f"{int(bare):02d}"}
    return variants


def _refuse_duplicate(session: Session, user: User, data: IncomingCreate) -> None:
    """409 `incoming.possible_duplicate` when the agency's sổ đến already hold this number and symbol from
    this issuer (cancelled entries aside); `detail.existing` lists the entries the clerk may read."""
    if not data.number:
        return
    candidates = session.execute(
        select(Document, Register.name)
        .join(Register, Register.id == Document.register_id)
        .where(
            Document.agency_id == user.agency_id,
            Document.number.in_(_number_variants(data.number)),
            Document.kind == DocumentKind.INCOMING,
            Document.register_number.is_not(None),
            Document.status != DocumentStatus.CANCELLED,
        )
        .order_by(Document.id)
    ).all()
    same = [
        (document, name)
        for document, name in candidates
        if _normal(document.symbol) == _normal(data.symbol)
        and _normal(document.issuer) == _normal(data.issuer)
    ]
    if not same:
        return
    readable = set(
        session.scalars(
            select(Document.id).where(Document.id.in_([d.id for d, _ in same]), readable_clause(user))
        )
    )
    raise PossibleDuplicate(
        detail={
            "existing": [
                {
                    "id": document.id,
                    "register_id": document.register_id,
                    "register_name": name,
                    "register_number": document.register_number,
                    "arrived_at": document.arrived_at.isoformat() if document.arrived_at else None,
                }
                for document, name in same
                if document.id in readable
            ]
        }
    )


def receive_internal(
    session: Session,
    *,
    source: Document,
    agency_id: int,
    actor: Actor,
    issuer: str,
    files: Sequence[Any],
    timezone: str,
) -> Document:
    """An incoming record for an internally released outgoing document (same immutable objects, new rows):
    numbered in the receiving agency's sổ đến, unnumbered for a unit of the releasing agency itself.

    Audit records are left to the caller so that every register number is taken before the audit lock.
    """
    from eoffice.documents.models import DocumentFile

    now = clock.now()
    document = Document(
        kind=DocumentKind.INCOMING,
        agency_id=agency_id,
        title=source.title,
        doc_type=source.doc_type,
        issuer=issuer,
        number=source.number,
        symbol=source.symbol,
        issue_date=source.issue_date,
        urgency=source.urgency,
        secrecy=source.secrecy,
        pages=source.pages,
        status=DocumentStatus.REGISTERED,
        arrived_at=now,
        created_by_id=actor.id,
        source_document_id=source.id,
    )
    session.add(document)
    session.flush()
    for version, file in enumerate(files, start=1):
        document.files.append(
            DocumentFile(
                document_id=document.id,
                role=FileRole.ORIGINAL,
                version=version,
                object_key=file.object_key,
                filename=file.filename,
                content_type=file.content_type,
                size=file.size,
                sha256=file.sha256,
                immutable=True,
                created_by_id=actor.id,
            )
        )
    if agency_id != source.agency_id:
        # Another agency's sổ đến; the releasing agency's own units get an assignment, not an entry in its
        # own sổ đến (a document it issued did not arrive there).
        year = clock.local_date(now, timezone).year
        register = _choose_register(session, agency_id, None, year, source.secrecy)
        document.register_id, document.register_number = register.id, next_number(session, register.id)
    session.flush()
    return document


def _agency_users(session: Session, agency_id: int, user_ids: Sequence[int], field: str) -> list[User]:
    users = list(session.scalars(select(User).where(User.id.in_(set(user_ids)))))
    found = {u.id for u in users if u.agency_id == agency_id and u.is_active}
    missing = sorted(set(user_ids) - found)
    if missing:
        raise InvalidInput(
            f"Người dùng không thuộc cơ quan: {', '.join(map(str, missing))}.",
            detail=[{"field": field, "problem": "không thuộc cơ quan", "ids": missing}],
        )
    return users


def _check_target(
    session: Session, document: Document, user_id: int | None, department_id: int | None
) -> None:
    if user_id is not None:
        _agency_users(session, document.agency_id, [user_id], "user_id")
    if department_id is not None:
        department = session.get(Department, department_id)
        if department is None or department.agency_id != document.agency_id:
            raise InvalidInput(
                "Đơn vị không thuộc cơ quan.",
                detail=[{"field": "department_id", "problem": "không thuộc cơ quan", "ids": [department_id]}],
            )


def _name_assignee(session: Session, document: Document, user_id: int | None) -> None:
    if user_id is None:
        return
    known = session.scalar(
        select(DocumentAccess.id).where(
            DocumentAccess.document_id == document.id,
            DocumentAccess.user_id == user_id,
            DocumentAccess.reason == AccessReason.ASSIGNEE,
        )
    )
    if known is None:
        session.add(DocumentAccess(document_id=document.id, user_id=user_id, reason=AccessReason.ASSIGNEE))


def _open_incoming(session: Session, actor: Actor, document_id: int) -> Document:
    document = get_readable(session, actor.user, document_id, DocumentKind.INCOMING, lock=True)
    if document.status not in OPEN_INCOMING:
        raise WrongState("Văn bản đã hoàn thành hoặc đã bị thu hồi.")
    return document


def assign(
    session: Session, actor: Actor, document_id: int, items: Sequence[AssignmentIn]
) -> list[Assignment]:
    """Phân công: xử lý chính (at most one open), phối hợp, nhận để biết, each with its own deadline."""
    document = _open_incoming(session, actor, document_id)
    if not holds_role(actor.user, document.agency_id, *ASSIGNERS):
        raise Forbidden("Chỉ lãnh đạo hoặc văn thư mới được phân công xử lý.")
    main_open = session.scalar(
        select(func.count(Assignment.id)).where(
            Assignment.document_id == document.id,
            Assignment.role == AssignmentRole.MAIN,
            Assignment.status.in_(OPEN_ASSIGNMENT),
        )
    )
    mains = sum(1 for item in items if item.role == AssignmentRole.MAIN)
    if mains > 1:
        raise InvalidInput(
            "Mỗi văn bản chỉ có một đơn vị hoặc cá nhân xử lý chính.",
            detail=[{"field": "assignments", "problem": "nhiều hơn một xử lý chính"}],
        )
    if mains and main_open:
        raise MainAssigned()
    before = snapshot(document)
    created: list[Assignment] = []
    for item in items:
        _check_target(session, document, item.user_id, item.department_id)
        assignment = Assignment(
            document_id=document.id,
            role=item.role,
            user_id=item.user_id,
            department_id=item.department_id,
            deadline=item.deadline,
            instruction=item.instruction,
            status=AssignmentStatus.PENDING,
            assigned_by_id=actor.id,
        )
        session.add(assignment)
        _name_assignee(session, document, item.user_id)
        created.append(assignment)
        if item.role == AssignmentRole.MAIN and item.deadline is not None and document.deadline is None:
            document.deadline = item.deadline
    if document.status == DocumentStatus.REGISTERED:
        document.status = DocumentStatus.ASSIGNED
    session.flush()
    for assignment in created:
        audit(session, actor, "incoming.assign", assignment)
    audit(session, actor, "incoming.update", document, before=before)
    _notify_assignees(session, actor, document, created, NotificationKind.ASSIGNED)
    documents_changed(session, document.id)
    tell_sender(session, document.id, StatusCode.ASSIGNED.value)
    return created


ROLE_LABELS = {
    AssignmentRole.MAIN: "Xử lý chính",
    AssignmentRole.COOPERATE: "Phối hợp",
    AssignmentRole.INFORM: "Nhận để biết",
}


def _notify_assignees(
    session: Session,
    actor: Actor,
    document: Document,
    assignments: Sequence[Assignment],
    kind: NotificationKind,
) -> None:
    """Each new assignee is told, with the role and the instruction; a unit's assignment reaches its head."""
    heads = department_people(
        session, [a.department_id for a in assignments if a.user_id is None and a.department_id]
    )
    for assignment in assignments:
        if assignment.user_id is not None:
            people = [assignment.user_id]
        else:
            people = heads.get(assignment.department_id, []) if assignment.department_id is not None else []
        detail = ROLE_LABELS[assignment.role]
        if assignment.deadline is not None:
            detail += f", hạn {assignment.deadline:%d/%m/%Y}"
        if assignment.instruction:
            detail += f". {assignment.instruction}"
        notify(session, kind, document, people, actor_id=actor.id, detail=detail)


def _my_open_assignment(
    session: Session, user: User, document_id: int, role: AssignmentRole | None = None
) -> Assignment | None:
    """The actor's own open assignment, else one of their department's (personal first)."""
    mine = [Assignment.user_id == user.id]
    if user.department_id is not None:
        mine.append(and_(Assignment.user_id.is_(None), Assignment.department_id == user.department_id))
    query = select(Assignment).where(
        Assignment.document_id == document_id, Assignment.status.in_(OPEN_ASSIGNMENT), or_(*mine)
    )
    if role is not None:
        query = query.where(Assignment.role == role)
    candidates = list(session.scalars(query.order_by(Assignment.user_id.is_(None), Assignment.id)))
    return candidates[0] if candidates else None


def _my_forwarded_assignment(session: Session, user: User, document_id: int) -> bool:
    """Whether an assignment of mine (or my department's) on the document was forwarded already."""
    mine = [Assignment.user_id == user.id]
    if user.department_id is not None:
        mine.append(and_(Assignment.user_id.is_(None), Assignment.department_id == user.department_id))
    query = select(Assignment.id).where(
        Assignment.document_id == document_id, Assignment.status == AssignmentStatus.FORWARDED, or_(*mine)
    )
    return session.scalar(query.limit(1)) is not None


def forward(session: Session, actor: Actor, document_id: int, request: ForwardRequest) -> Assignment:
    """Chuyển tiếp: my open assignment passes to another person or unit of the agency."""
    document = _open_incoming(session, actor, document_id)
    current = _my_open_assignment(session, actor.user, document.id)
    if current is None:
        if _my_forwarded_assignment(session, actor.user, document.id):
            raise AlreadyForwarded()
        raise Forbidden("Bạn không được giao xử lý văn bản này nên không thể chuyển tiếp.")
    _check_target(session, document, request.user_id, request.department_id)
    before = snapshot(current)
    current.status = AssignmentStatus.FORWARDED
    current.completed_at = clock.now()
    successor = Assignment(
        document_id=document.id,
        role=request.role or current.role,
        user_id=request.user_id,
        department_id=request.department_id,
        deadline=request.deadline or current.deadline,
        instruction=request.note,
        status=AssignmentStatus.PENDING,
        assigned_by_id=actor.id,
        forwarded_from_id=current.id,
    )
    session.add(successor)
    _name_assignee(session, document, request.user_id)
    session.flush()
    note = HandlingNote(
        document_id=document.id,
        author_id=actor.id,
        kind=NoteKind.FORWARD,
        text=request.note,
        assignment_id=current.id,
    )
    session.add(note)
    session.flush()
    audit(session, actor, "incoming.forward", current, before=before)
    audit(session, actor, "incoming.assign", successor)
    audit(session, actor, "incoming.note", note)
    _notify_assignees(session, actor, document, [successor], NotificationKind.FORWARDED)
    documents_changed(session, document.id)
    return successor


def add_note(session: Session, actor: Actor, document_id: int, kind: NoteKind, text: str) -> HandlingNote:
    """Ý kiến / kết quả xử lý; the first one by an assignee marks the work as started."""
    document = _open_incoming(session, actor, document_id)
    mine = _my_open_assignment(session, actor.user, document.id)
    before = snapshot(document)
    if mine is not None and mine.status == AssignmentStatus.PENDING:
        mine.status = AssignmentStatus.IN_PROGRESS
    if mine is not None and document.status in (DocumentStatus.REGISTERED, DocumentStatus.ASSIGNED):
        document.status = DocumentStatus.IN_PROGRESS
    note = HandlingNote(
        document_id=document.id,
        author_id=actor.id,
        kind=kind,
        text=text,
        assignment_id=mine.id if mine else None,
    )
    session.add(note)
    session.flush()
    audit(session, actor, "incoming.note", note)
    if document.status != before["status"]:
        audit(session, actor, "incoming.update", document, before=before)
    documents_changed(session, document.id)
    tell_sender(session, document.id, StatusCode.IN_PROCESS.value)
    return note


def complete(session: Session, actor: Actor, document_id: int, result: str) -> Document:
    """Hoàn thành: by the main handler (person or unit member) or a leader; closes every open assignment."""
    document = _open_incoming(session, actor, document_id)
    main = _my_open_assignment(session, actor.user, document.id, AssignmentRole.MAIN)
    if main is None and not holds_role(actor.user, document.agency_id, Role.LEADER):
        raise Forbidden("Chỉ người xử lý chính hoặc lãnh đạo mới được kết thúc xử lý văn bản.")
    before = snapshot(document)
    now = clock.now()
    for assignment in session.scalars(
        select(Assignment).where(
            Assignment.document_id == document.id, Assignment.status.in_(OPEN_ASSIGNMENT)
        )
    ):
        assignment.status = AssignmentStatus.DONE
        assignment.completed_at = now
    document.status = DocumentStatus.COMPLETED
    document.completed_at = now
    note = HandlingNote(
        document_id=document.id,
        author_id=actor.id,
        kind=NoteKind.COMPLETE,
        text=result,
        assignment_id=main.id if main else None,
    )
    session.add(note)
    session.flush()
    audit(session, actor, "incoming.note", note)
    audit(session, actor, "incoming.complete", document, before=before)
    documents_changed(session, document.id)
    tell_sender(session, document.id, StatusCode.COMPLETED.value)
    return document


def recall(session: Session, actor: Actor, document_id: int, reason: str) -> Document:
    """Thu hồi: the clerk or a leader withdraws the document; open assignments end."""
    document = _open_incoming(session, actor, document_id)
    if not holds_role(actor.user, document.agency_id, Role.CLERK, Role.LEADER):
        raise Forbidden("Chỉ văn thư hoặc lãnh đạo mới được thu hồi văn bản.")
    before = snapshot(document)
    for assignment in session.scalars(
        select(Assignment).where(
            Assignment.document_id == document.id, Assignment.status.in_(OPEN_ASSIGNMENT)
        )
    ):
        assignment.status = AssignmentStatus.RECALLED
    document.status = DocumentStatus.RECALLED
    note = HandlingNote(document_id=document.id, author_id=actor.id, kind=NoteKind.RECALL, text=reason)
    session.add(note)
    session.flush()
    audit(session, actor, "incoming.note", note)
    audit(session, actor, "incoming.recall", document, before=before)
    documents_changed(session, document.id)
    return document


# ---------------------------------------------------------------- inbox views


def _view_condition(view: InboxView, status: Any, deadline: Any, today: date) -> Any:
    """A view as a condition on the status and deadline columns (of `Document` or of a subquery)."""
    if view == InboxView.PENDING:
        return status.in_((DocumentStatus.REGISTERED, DocumentStatus.ASSIGNED))
    if view == InboxView.IN_PROGRESS:
        return status == DocumentStatus.IN_PROGRESS
    if view == InboxView.OVERDUE:
        return and_(status.in_(OPEN_INCOMING), deadline.is_not(None), deadline < today)
    return status == DocumentStatus.COMPLETED


def _filtered(user: User, params: InboxQuery, timezone: str) -> Select[Any]:
    query = select(Document).where(
        Document.kind == DocumentKind.INCOMING,
        Document.status != DocumentStatus.CANCELLED,  # hủy vào sổ: only the sổ shows it
        readable_clause(user),
    )
    if params.q:
        pattern = f"%{params.q.lower()}%"
        query = query.where(
            or_(
                func.lower(Document.title).like(pattern),
                func.lower(Document.issuer).like(pattern),
                func.lower(Document.number + "/" + Document.symbol).like(pattern),
            )
        )
    if params.doc_type is not None:
        query = query.where(Document.doc_type == params.doc_type)
    if params.urgency is not None:
        query = query.where(Document.urgency == params.urgency)
    if params.secrecy is not None:
        query = query.where(Document.secrecy == params.secrecy)
    zone = clock.agency_zone(timezone)
    if params.arrived_from is not None:
        query = query.where(Document.arrived_at >= datetime.combine(params.arrived_from, time(), zone))
    if params.arrived_to is not None:
        end = datetime.combine(params.arrived_to + timedelta(days=1), time(), zone)
        query = query.where(Document.arrived_at < end)
    if params.mine:
        mine = [Assignment.user_id == user.id]
        if user.department_id is not None:
            mine.append(Assignment.department_id == user.department_id)
        query = query.where(
            exists().where(
                Assignment.document_id == Document.id,
                Assignment.status != AssignmentStatus.RECALLED,
                or_(*mine),
            )
        )
    return query


_SORTS: dict[str, tuple[Any, ...]] = {
    "arrived_at": (Document.arrived_at.asc(),),
    "-arrived_at": (Document.arrived_at.desc(),),
    "deadline": (Document.deadline.is_(None), Document.deadline.asc()),
    "-deadline": (Document.deadline.is_(None), Document.deadline.desc()),
    "number": (Document.register_number.asc(),),
    "-number": (Document.register_number.desc(),),
    "title": (Document.title.asc(),),
    "-title": (Document.title.desc(),),
    "urgency": (
        case(
            {"hoa_toc": 0, "thuong_khan": 1, "khan": 2},
            value=Document.urgency,
            else_=3,
        ),
        Document.arrived_at.desc(),
    ),
}


def inbox(
    session: Session, user: User, params: InboxQuery, *, timezone: str, today: date
) -> tuple[list[Document], int, InboxCounts]:
    """One page of a view, its total, and the counts of every view under the same filters."""
    base = _filtered(user, params, timezone)
    counts = _counts(session, base, today)
    query = base
    if params.view is not None:
        query = base.where(_view_condition(params.view, Document.status, Document.deadline, today))
    total = counts.all if params.view is None else getattr(counts, params.view.value)
    rows = session.scalars(
        query.order_by(*_SORTS[params.sort], Document.id.desc())
        .offset((params.page - 1) * params.page_size)
        .limit(params.page_size)
    )
    return list(rows), total, counts


def _counts(session: Session, base: Select[Any], today: date) -> InboxCounts:
    """Every view's count in one pass over the filtered, readable documents."""
    rows = base.with_only_columns(Document.status, Document.deadline).subquery()
    tallies = [
        func.coalesce(
            func.sum(case((_view_condition(view, rows.c.status, rows.c.deadline, today), 1), else_=0)), 0
        )
        for view in InboxView
    ]
    row = session.execute(select(func.count(), *tallies).select_from(rows)).one()
    return InboxCounts(all=row[0], cho_xu_ly=row[1], dang_xu_ly=row[2], qua_han=row[3], da_hoan_thanh=row[4])


def detail_parts(session: Session, document: Document) -> tuple[list[Assignment], list[HandlingNote]]:
    assignments = list(
        session.scalars(
            select(Assignment).where(Assignment.document_id == document.id).order_by(Assignment.id)
        )
    )
    notes = list(
        session.scalars(
            select(HandlingNote).where(HandlingNote.document_id == document.id).order_by(HandlingNote.id)
        )
    )
    return assignments, notes
