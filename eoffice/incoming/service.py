"""Văn bản đến: register in the sổ đến, assign, forward, handle, complete, recall — and the inbox views.

Every function changes the session and writes its audit records and effects (`documents_changed`, and
`tell_sender` for what the sending agency of an exchanged document is told); the caller commits.
Lock order, to stay deadlock-free on PostgreSQL: register counter first, audit chain head last.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, NamedTuple

from sqlalchemy import Select, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session

from eoffice import calendar, clock
from eoffice.audit import snapshot
from eoffice.db.locking import for_update, lock_row
from eoffice.documents.errors import WrongState
from eoffice.documents.files import FileBatch, Upload, check_upload, store_file
from eoffice.documents.kinds import AccessReason, DocumentKind, DocumentStatus, FileRole, Secrecy
from eoffice.documents.models import Document, DocumentAccess, DocumentReader, ReaderTally
from eoffice.documents.service import OPEN_INCOMING, Actor, audit, get_readable
from eoffice.effects import documents_changed, tell_sender
from eoffice.errors import Conflict, Forbidden, InvalidInput, NotFound
from eoffice.exchange.edxml import StatusCode
from eoffice.file_kinds import SCANNABLE
from eoffice.incoming.models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    ExtensionRequest,
    ExtensionStatus,
    HandlingNote,
    NoteKind,
    Presentation,
)
from eoffice.incoming.prefill.outcomes import record_prefill
from eoffice.incoming.schemas import (
    AssignmentIn,
    ExtensionDecision,
    ExtensionIn,
    ForwardRequest,
    InboxCounts,
    InboxQuery,
    InboxView,
    IncomingAction,
    IncomingCreate,
)
from eoffice.notifications.events import department_people, notify
from eoffice.notifications.models import NotificationKind
from eoffice.orgs.models import Department, Role, User
from eoffice.permissions import entries_once, holds_role, readable_clause, reader_entries
from eoffice.registers import DEFAULT_CODE, Register, RegisterCancellation, next_number, year_registers

OPEN_ASSIGNMENT = (AssignmentStatus.PENDING, AssignmentStatus.IN_PROGRESS)
# Waiting for the holder: work to do, or a "nhận để biết" not yet seen ("Chỉ văn bản giao cho tôi").
WAITING = (*OPEN_ASSIGNMENT, AssignmentStatus.INFORMED)
# Still in someone's hands along the chain: what its assigner may take back (thu hồi).
ACTIVE = (*WAITING, AssignmentStatus.FORWARDED)
HANDLING_ROLES = (AssignmentRole.MAIN, AssignmentRole.COOPERATE)
REGISTRARS = (Role.CLERK, Role.ADMIN)
ASSIGNERS = (Role.LEADER, Role.CLERK, Role.DEPARTMENT_HEAD)
PRESENTERS = (Role.CLERK,)  # trình lãnh đạo
DIRECTORS = (Role.LEADER,)  # cho ý kiến chỉ đạo


class MainAssigned(WrongState):
    """A xử lý chính is already open (e.g. the same assignment sent twice at once)."""

    code = "incoming.main_assigned"
    message = "Văn bản đã có đơn vị hoặc cá nhân xử lý chính; hãy tải lại văn bản."


class AlreadyForwarded(WrongState):
    """My assignment was handed on already (e.g. the same forward sent twice at once)."""

    code = "incoming.already_forwarded"
    message = "Phân công của bạn đã được chuyển tiếp; hãy tải lại văn bản."


class AlreadyReturned(WrongState):
    """My assignment was returned already (e.g. the same return sent twice at once)."""

    code = "incoming.already_returned"
    message = "Phân công của bạn đã được trả lại; hãy tải lại văn bản."


class AssignmentEnded(WrongState):
    """The assignment is no longer in anyone's hands (taken back, returned or finished already)."""

    code = "incoming.assignment_ended"
    message = "Phân công này đã kết thúc hoặc đã được thu hồi; hãy tải lại văn bản."


class AlreadySeen(WrongState):
    code = "incoming.already_seen"
    message = "Bạn đã đánh dấu đã xem văn bản này."


class ExtensionPending(WrongState):
    """At most one open request for more time per assignment."""

    code = "incoming.extension_pending"
    message = "Đã có đề nghị gia hạn đang chờ quyết định cho phân công này."


class ExtensionDecided(WrongState):
    code = "incoming.extension_decided"
    message = "Đề nghị gia hạn này đã được quyết định; hãy tải lại văn bản."


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
    if data.prefilled is not None:
        record_prefill(session, document, data.prefilled)
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
    same = _same_entries(session, user, data.number, data.symbol, data.issuer)
    if not same:
        return
    raise PossibleDuplicate(detail={"existing": _readable_entries(session, user, same)})


def possible_duplicates(
    session: Session, user: User, number: str, symbol: str, issuer: str
) -> list[dict[str, Any]]:
    """The entries of the agency's sổ đến (that the user may read) with this number, symbol and issuer: what
    registering would refuse as `PossibleDuplicate`, asked before the form is saved (the pre-fill)."""
    if not number:
        return []
    return _readable_entries(session, user, _same_entries(session, user, number, symbol, issuer))


def _same_entries(
    session: Session, user: User, number: str, symbol: str, issuer: str
) -> list[tuple[Document, str]]:
    candidates = session.execute(
        select(Document, Register.name)
        .join(Register, Register.id == Document.register_id)
        .where(
            Document.agency_id == user.agency_id,
            Document.number.in_(_number_variants(number)),
            Document.kind == DocumentKind.INCOMING,
            Document.register_number.is_not(None),
            Document.status != DocumentStatus.CANCELLED,
        )
        .order_by(Document.id)
    ).all()
    return [
        (document, name)
        for document, name in candidates
        if _normal(document.symbol) == _normal(symbol) and _normal(document.issuer) == _normal(issuer)
    ]


def _readable_entries(session: Session, user: User, same: list[tuple[Document, str]]) -> list[dict[str, Any]]:
    if not same:
        return []
    readable = set(
        session.scalars(
            select(Document.id).where(Document.id.in_([d.id for d, _ in same]), readable_clause(user))
        )
    )
    return [
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
    session: Session,
    actor: Actor,
    document_id: int,
    items: Sequence[AssignmentIn],
    *,
    direction: str = "",
) -> list[Assignment]:
    """Phân công: xử lý chính (at most one open), phối hợp, nhận để biết, each with its own deadline.

    `direction` is the leader's ý kiến chỉ đạo given in the same step (recorded by the caller): each assignee's
    notification carries it. A leader who assigns answers the document's open trình."""
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
    today = clock.today()
    items = [  # "N ngày làm việc" becomes a date on the agency's calendar
        item.model_copy(
            update={
                "deadline": calendar.deadline_in_working_days(
                    session, document.agency_id, today, item.deadline, item.deadline_working_days
                ),
                "deadline_working_days": None,
            }
        )
        for item in items
    ]
    for index, item in enumerate(items):
        _no_deadline_to_inform(item.role, item.deadline, f"assignments.{index}.deadline")
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
            status=_first_status(item.role),
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
    if holds_role(actor.user, document.agency_id, *DIRECTORS):
        answer_presentation(session, actor, document)
    _notify_assignees(session, actor, document, created, NotificationKind.ASSIGNED, direction=direction)
    documents_changed(session, document.id)
    tell_sender(session, document.id, StatusCode.ASSIGNED.value)
    return created


def _no_deadline_to_inform(role: AssignmentRole, deadline: date | None, field: str) -> None:
    """Nhận để biết is not work to do, so it has no deadline (and never shows as chờ xử lý or quá hạn)."""
    if role == AssignmentRole.INFORM and deadline is not None:
        raise InvalidInput(
            "Đơn vị, cá nhân nhận để biết không có hạn xử lý; hãy bỏ hạn xử lý.",
            detail=[{"field": field, "problem": "nhận để biết không có hạn xử lý"}],
        )


def _first_status(role: AssignmentRole) -> AssignmentStatus:
    return AssignmentStatus.INFORMED if role == AssignmentRole.INFORM else AssignmentStatus.PENDING


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
    *,
    direction: str = "",
) -> None:
    """Each new assignee is told, with the role, the instruction and the leader's direction given with it; a
    unit's assignment reaches its head."""
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
        if direction:
            detail += f". Ý kiến chỉ đạo: {direction}"
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


def forward(session: Session, actor: Actor, document_id: int, request: ForwardRequest) -> Assignment:
    """Chuyển tiếp: my open assignment passes to another person or unit of the agency."""
    document = _open_incoming(session, actor, document_id)
    current = _held(session, actor.user, document.id, OPEN_ASSIGNMENT, HANDLING_ROLES)
    if current is None:
        if _held(session, actor.user, document.id, (AssignmentStatus.FORWARDED,)) is not None:
            raise AlreadyForwarded()
        raise Forbidden("Bạn không được giao xử lý văn bản này nên không thể chuyển tiếp.")
    _check_target(session, document, request.user_id, request.department_id)
    role = request.role or current.role
    _no_deadline_to_inform(role, request.deadline, "deadline")
    before = snapshot(current)
    current.status = AssignmentStatus.FORWARDED
    current.completed_at = clock.now()
    _end_requests(session, [current.id])
    successor = Assignment(
        document_id=document.id,
        role=role,
        user_id=request.user_id,
        department_id=request.department_id,
        deadline=None if role == AssignmentRole.INFORM else request.deadline or current.deadline,
        instruction=request.note,
        status=_first_status(role),
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
    """Hoàn thành: by the one handling it as xử lý chính (the person, or the head of the unit) or a leader of
    the agency. The main row is done; phối hợp and để biết rows still open are closed, not "done": they did
    not do the work."""
    document = _open_incoming(session, actor, document_id)
    assignments = _assignments(session, document.id)
    main = _may_complete(actor.user, document, assignments)
    before = snapshot(document)
    now = clock.now()
    ended: list[Assignment] = []
    for assignment in assignments:
        if assignment.status in WAITING:
            done = assignment.role == AssignmentRole.MAIN
            assignment.status = AssignmentStatus.DONE if done else AssignmentStatus.CLOSED
            assignment.completed_at = now
            ended.append(assignment)
    _end_requests(session, [a.id for a in ended])
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
    told = {a.assigned_by_id for a in assignments} | set(_holders(session, ended))
    notify(session, NotificationKind.COMPLETED, document, told, actor_id=actor.id, detail=result)
    documents_changed(session, document.id)
    tell_sender(session, document.id, StatusCode.COMPLETED.value)
    return document


def recall(session: Session, actor: Actor, document_id: int, reason: str) -> Document:
    """Thu hồi: the clerk or a leader withdraws the document; open assignments end."""
    document = _open_incoming(session, actor, document_id)
    if not holds_role(actor.user, document.agency_id, Role.CLERK, Role.LEADER):
        raise Forbidden("Chỉ văn thư hoặc lãnh đạo mới được thu hồi văn bản.")
    before = snapshot(document)
    ended = list(
        session.scalars(
            select(Assignment).where(Assignment.document_id == document.id, Assignment.status.in_(WAITING))
        )
    )
    for assignment in ended:
        assignment.status = AssignmentStatus.RECALLED
    _end_requests(session, [a.id for a in ended])
    document.status = DocumentStatus.RECALLED
    note = HandlingNote(document_id=document.id, author_id=actor.id, kind=NoteKind.RECALL, text=reason)
    session.add(note)
    session.flush()
    audit(session, actor, "incoming.note", note)
    audit(session, actor, "incoming.recall", document, before=before)
    documents_changed(session, document.id)
    return document


def recalled_by_issuer(session: Session, actor: Actor, document_id: int, reason: str) -> Document | None:
    """The issuing agency recalled (thu hồi) the document this incoming copy came from: the copy is marked
    recalled whatever step it had reached, its open assignments end and their holders are told.

    The caller decided who may do it (the issuer's văn thư for a copy in this installation, the recipient's
    văn thư agreeing to an outside agency's recall). A copy already recalled or cancelled is left as it is
    (None), so a recall applied twice changes nothing.
    """
    lock_row(session, Document, document_id)
    document = session.scalar(for_update(select(Document).where(Document.id == document_id)))
    if document is None or document.status in (DocumentStatus.RECALLED, DocumentStatus.CANCELLED):
        return None
    before = snapshot(document)
    ended = list(
        session.scalars(
            select(Assignment).where(Assignment.document_id == document.id, Assignment.status.in_(WAITING))
        )
    )
    # Told before their rows end: a unit's assignment is what lets its people read the document.
    notify(
        session,
        NotificationKind.TAKEN_BACK,
        document,
        _holders(session, ended),
        actor_id=actor.id,
        detail=f"Cơ quan ban hành thu hồi văn bản: {reason}",
    )
    for assignment in ended:
        assignment.status = AssignmentStatus.RECALLED
    _end_requests(session, [a.id for a in ended])
    document.status = DocumentStatus.RECALLED
    note = HandlingNote(
        document_id=document.id,
        author_id=actor.id,
        kind=NoteKind.RECALL,
        text=f"Cơ quan ban hành thu hồi: {reason}",
    )
    session.add(note)
    session.flush()
    audit(session, actor, "incoming.note", note)
    audit(session, actor, "incoming.recall", document, before=before)
    documents_changed(session, document.id)
    return document


def open_presentation(session: Session, document_id: int) -> Presentation | None:
    """The document's trình still waiting for a leader's direction (read fresh, after the document lock)."""
    return session.scalar(
        select(Presentation)
        .where(Presentation.document_id == document_id, Presentation.answered_at.is_(None))
        .execution_options(populate_existing=True)
    )


def answer_presentation(session: Session, actor: Actor, document: Document) -> Presentation | None:
    """A leader directed or assigned the document: its open trình (if any) is answered and leaves the
    leader's "chờ cho ý kiến"."""
    presentation = open_presentation(session, document.id)
    if presentation is None:
        return None
    before = snapshot(presentation)
    presentation.answered_at = clock.now()
    presentation.answered_by_id = actor.id
    session.flush()
    audit(session, actor, "incoming.present.answer", presentation, before=before)
    return presentation


def awaiting_direction(user: User) -> Any:
    """Open documents presented to `user` and not yet directed: his "chờ cho ý kiến"."""
    return and_(
        Document.status.in_(OPEN_INCOMING),
        exists().where(
            Presentation.document_id == Document.id,
            Presentation.leader_id == user.id,
            Presentation.answered_at.is_(None),
        ),
    )


# ---------------------------------------------------------------- handling rules
# Who holds an assignment: the person it names, or — for a unit's — the head of that unit, who distributes its
# work. Every endpoint below and `available_actions` decide with these same functions.


def _assignments(session: Session, document_id: int) -> list[Assignment]:
    """The document's assignments, read after the document lock (fresh, never this session's stale copies)."""
    return list(
        session.scalars(
            select(Assignment)
            .where(Assignment.document_id == document_id)
            .order_by(Assignment.user_id.is_(None), Assignment.id)
            .execution_options(populate_existing=True)
        )
    )


def _holds(user: User, assignment: Assignment) -> bool:
    if assignment.user_id is not None:
        return assignment.user_id == user.id
    return (
        assignment.department_id is not None
        and assignment.department_id == user.department_id
        and holds_role(user, user.agency_id, Role.DEPARTMENT_HEAD)
    )


def _held_in(
    user: User,
    assignments: Sequence[Assignment],
    statuses: Sequence[AssignmentStatus],
    roles: Sequence[AssignmentRole] | None = None,
) -> Assignment | None:
    """The user's own assignment in `statuses` (personal ones first, as `_assignments` orders them)."""
    for assignment in assignments:
        if (
            assignment.status in statuses
            and (roles is None or assignment.role in roles)
            and _holds(user, assignment)
        ):
            return assignment
    return None


def _held(
    session: Session,
    user: User,
    document_id: int,
    statuses: Sequence[AssignmentStatus],
    roles: Sequence[AssignmentRole] | None = None,
) -> Assignment | None:
    return _held_in(user, _assignments(session, document_id), statuses, roles)


def _holders(session: Session, assignments: Sequence[Assignment]) -> list[int]:
    """The people who hold `assignments`: the named person, or a unit's heads (its members if it has none)."""
    heads = department_people(
        session, [a.department_id for a in assignments if a.user_id is None and a.department_id is not None]
    )
    people: list[int] = []
    for assignment in assignments:
        if assignment.user_id is not None:
            people.append(assignment.user_id)
        elif assignment.department_id is not None:
            people.extend(heads.get(assignment.department_id, []))
    return people


def _may_complete(user: User, document: Document, assignments: Sequence[Assignment]) -> Assignment | None:
    """The main assignment the user completes (None for a leader closing it); Forbidden for anyone else."""
    main = _held_in(user, assignments, OPEN_ASSIGNMENT, (AssignmentRole.MAIN,))
    if main is None and not holds_role(user, document.agency_id, Role.LEADER):
        raise Forbidden(
            "Chỉ người hoặc đơn vị xử lý chính (hoặc lãnh đạo cơ quan) mới được hoàn thành văn bản; "
            "đơn vị phối hợp và nơi nhận để biết không hoàn thành văn bản."
        )
    return main


def _end_requests(session: Session, assignment_ids: Sequence[int]) -> None:
    """Requests for more time on assignments that just left the holder's hands end undecided."""
    if not assignment_ids:
        return
    for request in session.scalars(
        select(ExtensionRequest).where(
            ExtensionRequest.assignment_id.in_(assignment_ids),
            ExtensionRequest.status == ExtensionStatus.OPEN,
        )
    ):
        request.status = ExtensionStatus.CANCELLED


def _give_back(session: Session, actor: Actor, document: Document, ended: Assignment) -> None:
    """After `ended` left its holder (trả lại, thu hồi): the assignment it was passed from reopens; a
    top-level xử lý chính sends the document back to be assigned again."""
    if ended.forwarded_from_id is not None:
        previous = session.get(Assignment, ended.forwarded_from_id)
        if previous is not None and previous.status == AssignmentStatus.FORWARDED:
            before = snapshot(previous)
            previous.status = _first_status(previous.role)
            previous.completed_at = None
            session.flush()
            audit(session, actor, "incoming.reopen", previous, before=before)
        return
    if ended.role != AssignmentRole.MAIN:
        return
    before = snapshot(document)
    others = session.scalar(
        select(func.count(Assignment.id)).where(
            Assignment.document_id == document.id,
            Assignment.role.in_(HANDLING_ROLES),
            Assignment.status.in_(OPEN_ASSIGNMENT),
        )
    )
    document.status = DocumentStatus.ASSIGNED if others else DocumentStatus.REGISTERED
    if document.status != before["status"]:
        session.flush()
        audit(session, actor, "incoming.update", document, before=before)


def _handling_note(
    session: Session, actor: Actor, document: Document, kind: NoteKind, text: str, assignment: Assignment
) -> HandlingNote:
    note = HandlingNote(
        document_id=document.id, author_id=actor.id, kind=kind, text=text, assignment_id=assignment.id
    )
    session.add(note)
    session.flush()
    audit(session, actor, "incoming.note", note)
    return note


def mark_seen(session: Session, actor: Actor, document_id: int) -> Assignment:
    """Đã xem: the informed person (or the head of the informed unit) records having read it."""
    document = _open_incoming(session, actor, document_id)
    assignments = _assignments(session, document.id)
    informed = _held_in(actor.user, assignments, (AssignmentStatus.INFORMED,))
    if informed is None:
        if _held_in(actor.user, assignments, (AssignmentStatus.SEEN,)) is not None:
            raise AlreadySeen()
        raise Forbidden("Văn bản không được gửi để biết cho bạn.")
    before = snapshot(informed)
    informed.status = AssignmentStatus.SEEN
    informed.seen_at = clock.now()
    session.flush()
    audit(session, actor, "incoming.seen", informed, before=before)
    documents_changed(session, document.id)
    return informed


def hand_back(session: Session, actor: Actor, document_id: int, reason: str) -> Assignment:
    """Trả lại: the holder of an open assignment gives it back, with the reason, to whoever passed it to him
    (that assignment reopens) — or, for the leader's own assignment, to the leader to assign again."""
    document = _open_incoming(session, actor, document_id)
    assignments = _assignments(session, document.id)
    current = _held_in(actor.user, assignments, OPEN_ASSIGNMENT, HANDLING_ROLES)
    if current is None:
        if _held_in(actor.user, assignments, (AssignmentStatus.RETURNED,)) is not None:
            raise AlreadyReturned()
        raise Forbidden("Bạn không giữ phân công xử lý nào đang mở của văn bản này nên không thể trả lại.")
    before = snapshot(current)
    current.status = AssignmentStatus.RETURNED
    current.completed_at = clock.now()
    _end_requests(session, [current.id])
    session.flush()
    audit(session, actor, "incoming.return", current, before=before)
    _give_back(session, actor, document, current)
    _handling_note(session, actor, document, NoteKind.RETURN, reason, current)
    notify(
        session,
        NotificationKind.HANDED_BACK,
        document,
        [current.assigned_by_id],
        actor_id=actor.id,
        detail=f"Lý do trả lại: {reason}",
    )
    documents_changed(session, document.id)
    return current


def take_back(
    session: Session, actor: Actor, document_id: int, assignment_id: int, reason: str
) -> Assignment:
    """Thu hồi phân công: the one who assigned or forwarded it withdraws it (and whatever it was passed on
    to); the assignment it came from reopens, and the people it is taken from are told why."""
    document = _open_incoming(session, actor, document_id)
    assignments = _assignments(session, document.id)
    target = next((a for a in assignments if a.id == assignment_id), None)
    if target is None:
        raise NotFound("Không tìm thấy phân công này của văn bản.")
    if target.assigned_by_id != actor.id:
        raise Forbidden("Chỉ người đã giao hoặc đã chuyển phân công này mới được thu hồi.")
    if target.status not in ACTIVE:
        raise AssignmentEnded()
    chain = [target]
    for assignment in sorted(assignments, key=lambda a: a.id):
        if assignment.forwarded_from_id in {a.id for a in chain} and assignment.status in ACTIVE:
            chain.append(assignment)
    now = clock.now()
    taken_from = [a for a in chain if a is target or a.status in WAITING]
    for assignment in chain:
        before = snapshot(assignment)
        assignment.status = AssignmentStatus.TAKEN_BACK
        assignment.completed_at = now
        session.flush()
        audit(session, actor, "incoming.take_back", assignment, before=before)
    _end_requests(session, [a.id for a in chain])
    _give_back(session, actor, document, target)
    _handling_note(session, actor, document, NoteKind.TAKE_BACK, reason, target)
    notify(
        session,
        NotificationKind.TAKEN_BACK,
        document,
        _holders(session, taken_from),
        actor_id=actor.id,
        detail=f"Lý do thu hồi: {reason}",
    )
    documents_changed(session, document.id)
    return target


def request_extension(
    session: Session, actor: Actor, document_id: int, data: ExtensionIn, *, today: date
) -> ExtensionRequest:
    """Xin gia hạn: the handler asks whoever gave him the work for a later deadline, with a reason."""
    document = _open_incoming(session, actor, document_id)
    current = _held(session, actor.user, document.id, OPEN_ASSIGNMENT, HANDLING_ROLES)
    if current is None:
        raise Forbidden("Chỉ người đang xử lý văn bản mới được xin gia hạn.")
    earliest = max(today, current.deadline + timedelta(days=1)) if current.deadline else today
    if data.deadline < earliest:
        raise InvalidInput(
            f"Hạn mới phải từ ngày {earliest:%d/%m/%Y} trở đi.",
            detail=[{"field": "deadline", "problem": "không sau hạn hiện tại"}],
        )
    pending = session.scalar(
        select(ExtensionRequest.id).where(
            ExtensionRequest.assignment_id == current.id, ExtensionRequest.status == ExtensionStatus.OPEN
        )
    )
    if pending is not None:
        raise ExtensionPending()
    request = ExtensionRequest(
        document_id=document.id,
        assignment_id=current.id,
        requested_by_id=actor.id,
        old_deadline=current.deadline,
        new_deadline=data.deadline,
        reason=data.reason,
        status=ExtensionStatus.OPEN,
        decision_note="",
    )
    session.add(request)
    session.flush()
    audit(session, actor, "incoming.extension.request", request)
    asked = f"Xin gia hạn đến {data.deadline:%d/%m/%Y}. Lý do: {data.reason}"
    _handling_note(session, actor, document, NoteKind.EXTENSION, asked, current)
    notify(
        session,
        NotificationKind.EXTENSION_REQUESTED,
        document,
        [current.assigned_by_id],
        actor_id=actor.id,
        detail=asked,
    )
    documents_changed(session, document.id)
    return request


def decide_extension(
    session: Session, actor: Actor, document_id: int, request_id: int, decision: ExtensionDecision
) -> ExtensionRequest:
    """The assigner grants (the deadline moves, the document's too for xử lý chính) or refuses with a note."""
    document = _open_incoming(session, actor, document_id)
    request = session.scalar(
        select(ExtensionRequest)
        .where(ExtensionRequest.id == request_id, ExtensionRequest.document_id == document.id)
        .execution_options(populate_existing=True)
    )
    if request is None:
        raise NotFound("Không tìm thấy đề nghị gia hạn này.")
    assignment = session.get(Assignment, request.assignment_id, populate_existing=True)
    assert assignment is not None  # a foreign key
    if assignment.assigned_by_id != actor.id:
        raise Forbidden("Chỉ người đã giao xử lý mới được quyết định gia hạn.")
    if request.status != ExtensionStatus.OPEN:
        raise ExtensionDecided()
    if not decision.granted and not decision.note:
        raise InvalidInput(
            "Vui lòng ghi lý do không đồng ý gia hạn.",
            detail=[{"field": "note", "problem": "bắt buộc khi không đồng ý"}],
        )
    before = snapshot(request)
    request.status = ExtensionStatus.GRANTED if decision.granted else ExtensionStatus.REFUSED
    request.decided_by_id = actor.id
    request.decided_at = clock.now()
    request.decision_note = decision.note
    session.flush()
    audit(session, actor, "incoming.extension.decide", request, before=before)
    if decision.granted:
        assignment_before = snapshot(assignment)
        assignment.deadline = request.new_deadline
        session.flush()
        audit(session, actor, "incoming.extend", assignment, before=assignment_before)
        if assignment.role == AssignmentRole.MAIN:
            document_before = snapshot(document)
            document.deadline = request.new_deadline
            session.flush()
            audit(session, actor, "incoming.update", document, before=document_before)
        answer = f"Đồng ý gia hạn đến {request.new_deadline:%d/%m/%Y}"
    else:
        answer = "Không đồng ý gia hạn"
    if decision.note:
        answer += f". {decision.note}"
    _handling_note(session, actor, document, NoteKind.EXTENSION, answer, assignment)
    kind = NotificationKind.EXTENSION_GRANTED if decision.granted else NotificationKind.EXTENSION_REFUSED
    notify(session, kind, document, [request.requested_by_id], actor_id=actor.id, detail=answer)
    documents_changed(session, document.id)
    return request


def extensions_of(session: Session, document: Document) -> list[ExtensionRequest]:
    return list(
        session.scalars(
            select(ExtensionRequest)
            .where(ExtensionRequest.document_id == document.id)
            .order_by(ExtensionRequest.id)
        )
    )


class Available(NamedTuple):
    """What a user may do now: the document's actions, the assignments he may take back, the requests he may
    decide."""

    actions: list[IncomingAction]
    take_back: set[int]
    decide: set[int]


def available_actions(
    session: Session,
    user: User,
    document: Document,
    assignments: Sequence[Assignment],
    extensions: Sequence[ExtensionRequest],
) -> Available:
    """The actions the endpoints above would allow `user` now, by the same rules (for the buttons)."""
    if document.status not in OPEN_INCOMING:
        return Available([], set(), set())
    ordered = sorted(assignments, key=lambda a: (a.user_id is None, a.id))
    actions: list[IncomingAction] = []
    agency = document.agency_id
    if holds_role(user, agency, *PRESENTERS) and open_presentation(session, document.id) is None:
        actions.append(IncomingAction.PRESENT)
    if holds_role(user, agency, *DIRECTORS):
        actions.append(IncomingAction.DIRECT)
    if holds_role(user, agency, *ASSIGNERS):
        actions.append(IncomingAction.ASSIGN)
    handling = _held_in(user, ordered, OPEN_ASSIGNMENT, HANDLING_ROLES)
    if handling is not None:
        actions += [IncomingAction.FORWARD, IncomingAction.RETURN]
        asked = any(e.assignment_id == handling.id and e.status == ExtensionStatus.OPEN for e in extensions)
        if not asked:
            actions.append(IncomingAction.REQUEST_EXTENSION)
    try:
        _may_complete(user, document, ordered)
        actions.append(IncomingAction.COMPLETE)
    except Forbidden:
        pass
    if _held_in(user, ordered, OPEN_ASSIGNMENT, (AssignmentRole.COOPERATE,)) is not None:
        actions.append(IncomingAction.CONTRIBUTE)
    if _held_in(user, ordered, (AssignmentStatus.INFORMED,)) is not None:
        actions.append(IncomingAction.MARK_SEEN)
    take_back = {a.id for a in ordered if a.assigned_by_id == user.id and a.status in ACTIVE}
    if take_back:
        actions.append(IncomingAction.TAKE_BACK)
    by_id = {a.id: a for a in ordered}
    decide = {
        e.id
        for e in extensions
        if e.status == ExtensionStatus.OPEN
        and e.assignment_id in by_id
        and by_id[e.assignment_id].assigned_by_id == user.id
    }
    if decide:
        actions.append(IncomingAction.DECIDE_EXTENSION)
    actions.append(IncomingAction.NOTE)
    if holds_role(user, agency, Role.CLERK, Role.LEADER):
        actions.append(IncomingAction.RECALL)
    return Available(actions, take_back, decide)


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


def _filtered(user: User, params: InboxQuery, timezone: str, *, open_only: bool = False) -> Select[Any]:
    """The readable incoming documents under the query's filters; with `open_only`, only those still being
    handled (the open views), found through the open documents' readers."""
    query = select(Document).where(
        Document.kind == DocumentKind.INCOMING,
        Document.status != DocumentStatus.CANCELLED,  # hủy vào sổ: only the sổ shows it
        readable_clause(user, open_only=open_only),
    )
    if open_only:
        query = query.where(Document.status.in_(OPEN_INCOMING))
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
        # What waits for me: an open assignment to me, or to my unit when I head it (a unit's work reaches
        # its head first, who passes it on); not what my unit once had, nor what I passed on or finished.
        mine = [Assignment.user_id == user.id]
        if user.department_id is not None and holds_role(user, user.agency_id, Role.DEPARTMENT_HEAD):
            mine.append(and_(Assignment.user_id.is_(None), Assignment.department_id == user.department_id))
        query = query.where(
            exists().where(
                Assignment.document_id == Document.id,
                Assignment.status.in_(WAITING),
                or_(*mine),
            )
        )
    if params.awaiting_direction:
        query = query.where(awaiting_direction(user))
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
    session: Session,
    user: User,
    params: InboxQuery,
    *,
    timezone: str,
    today: date,
    count_cap: int = 10_000,
) -> tuple[list[Document], int, InboxCounts]:
    """One page of a view, its total, and the counts of every view under the same filters.

    The open views (chờ xử lý, đang xử lý, quá hạn) are counted exactly; "tất cả" and "đã hoàn thành" stop
    at `count_cap` + 1 and say so (`all_capped`, `da_hoan_thanh_capped`): counting every readable row of a
    big view scans the archive on each request, and nobody pages that far (docs/BENCHMARKS.md, issue 22).
    """
    base = _filtered(user, params, timezone)
    still_open = _filtered(user, params, timezone, open_only=True)
    if _plain(params):
        counts = _reader_counts(session, user, today, count_cap)
    else:
        counts = _counts(session, base, still_open, today, count_cap)
    awaiting = session.scalar(
        select(func.count()).select_from(still_open.where(awaiting_direction(user)).subquery())
    )
    counts = counts.model_copy(update={"cho_y_kien": awaiting or 0})
    query = base
    if params.view is not None:
        # the page walks documents newest first and probes each one's readers: cheaper than the open
        # readers' hash for 20 rows (measured), so the page keeps the plain rule
        query = base.where(_view_condition(params.view, Document.status, Document.deadline, today))
    total = counts.all if params.view is None else getattr(counts, params.view.value)
    rows = session.scalars(
        query.order_by(*_SORTS[params.sort], Document.id.desc())
        .offset((params.page - 1) * params.page_size)
        .limit(params.page_size)
    )
    return list(rows), total, counts


def _open_tallies(session: Session, rows: Any, today: date) -> tuple[int, int, int]:
    """Chờ xử lý, đang xử lý and quá hạn counted in one pass over `rows` (one per open document, with its
    `status` and `deadline`)."""
    open_views = (InboxView.PENDING, InboxView.IN_PROGRESS, InboxView.OVERDUE)
    tallies = [
        func.coalesce(
            func.sum(case((_view_condition(view, rows.c.status, rows.c.deadline, today), 1), else_=0)), 0
        )
        for view in open_views
    ]
    pending, in_progress, overdue = session.execute(select(*tallies).select_from(rows)).one()
    return pending, in_progress, overdue


def _assembled(open_views: tuple[int, int, int], every: int, done: int, cap: int) -> InboxCounts:
    """The counts of every view; "tất cả" and "đã hoàn thành" above `cap` say so."""
    pending, in_progress, overdue = open_views
    return InboxCounts(
        all=every,
        cho_xu_ly=pending,
        dang_xu_ly=in_progress,
        qua_han=overdue,
        da_hoan_thanh=done,
        all_capped=every > cap,
        da_hoan_thanh_capped=done > cap,
    )


def _plain(params: InboxQuery) -> bool:
    """A view with no search, filter or "mine": what a user opens all day, counted from the read model."""
    filters = (params.doc_type, params.urgency, params.secrecy, params.arrived_from, params.arrived_to)
    return (
        not params.q and all(f is None for f in filters) and not params.mine and not params.awaiting_direction
    )


def _reader_counts(session: Session, user: User, today: date, cap: int) -> InboxCounts:
    """A plain inbox's counts from the user's entries in the read model, which carry the document's kind,
    status and deadline: the same numbers as `_counts` (a test compares them), without the archive.

    Where the rule keeps each document once among the user's entries (`entries_once`: a clerk, a leader),
    every count is a sum of the entries' tallies (`ReaderTally`: a row per principal, status and deadline,
    not per document). Otherwise (a unit's people, whose personal and unit entries overlap) the open views
    count distinct documents among the open entries, and a capped view first asks each principal's
    tallies: if one has more than `cap` entries so has the union ("hơn …"); only when none has are the
    principals' entries merged and counted.
    """
    tallied, unique = entries_once(user, ReaderTally)
    if unique:
        return _tallied_counts(session, tallied, today, cap)
    incoming = DocumentReader.kind == DocumentKind.INCOMING
    once, _ = entries_once(user)

    def entries(*where: Any, columns: tuple[Any, ...] = (DocumentReader.document_id,)) -> Select[Any]:
        return select(*columns).where(once, incoming, *where).distinct()

    columns = (DocumentReader.document_id, DocumentReader.status, DocumentReader.deadline)
    pending, in_progress, overdue = _open_tallies(
        session, entries(DocumentReader.is_open, columns=columns).subquery(), today
    )
    every_view = DocumentReader.status != DocumentStatus.CANCELLED
    done_view = _view_condition(InboxView.DONE, DocumentReader.status, DocumentReader.deadline, today)
    # each principal's own entries of the two big views, from its tallies (the same conditions on them)
    alone = session.execute(
        select(_summed(_tallied_view(None, today)), _summed(_tallied_view(InboxView.DONE, today)))
        .where(reader_entries(user, rows=ReaderTally), ReaderTally.kind == DocumentKind.INCOMING)
        .group_by(ReaderTally.principal)
    ).all()

    def capped(view: Any, largest_alone: int) -> int:
        if largest_alone > cap:  # one principal alone passes the cap, so does the union
            return cap + 1
        rows = entries(view).limit(cap + 1).subquery()
        return session.scalar(select(func.count()).select_from(rows)) or 0

    every = capped(every_view, max((n for n, _ in alone), default=0))
    done = capped(done_view, max((n for _, n in alone), default=0))
    return _assembled((pending, in_progress, overdue), every, done, cap)


def _tallied_counts(session: Session, tallied: Any, today: date, cap: int) -> InboxCounts:
    """Every view's count from the tallies `tallied` selects, each document once among them."""
    views = (InboxView.PENDING, InboxView.IN_PROGRESS, InboxView.OVERDUE, InboxView.DONE, None)
    row = session.execute(
        select(*(_summed(_tallied_view(view, today)) for view in views)).where(
            tallied, ReaderTally.kind == DocumentKind.INCOMING
        )
    ).one()
    pending, in_progress, overdue, done, total = (int(n) for n in row)
    # exact, but shown as the other paths show it: "hơn `cap`" above the cap
    return _assembled((pending, in_progress, overdue), min(total, cap + 1), min(done, cap + 1), cap)


def _tallied_view(view: InboxView | None, today: date) -> Any:
    """A view (None: "tất cả", every entry but a cancelled registration) as a condition on the tallies."""
    if view is None:
        return ReaderTally.status != DocumentStatus.CANCELLED
    return _view_condition(view, ReaderTally.status, ReaderTally.deadline, today)


def _summed(condition: Any) -> Any:
    """How many entries the selected tallies that meet `condition` stand for."""
    return func.coalesce(func.sum(case((condition, ReaderTally.n))), 0)


def _counts(
    session: Session, base: Select[Any], still_open: Select[Any], today: date, cap: int
) -> InboxCounts:
    """The open views' exact counts in one pass over the open documents; the big views' counts capped."""
    rows_ = still_open.with_only_columns(Document.status, Document.deadline).subquery()
    pending, in_progress, overdue = _open_tallies(session, rows_, today)

    def capped(query: Select[Any]) -> int:
        limited = query.with_only_columns(Document.id).limit(cap + 1).subquery()
        return session.scalar(select(func.count()).select_from(limited)) or 0

    every = capped(base)
    done = capped(base.where(_view_condition(InboxView.DONE, Document.status, Document.deadline, today)))
    return _assembled((pending, in_progress, overdue), every, done, cap)


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
