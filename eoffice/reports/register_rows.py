"""The rows of a sổ đăng ký văn bản đến / đi for a period, in register order, through the read rule.

Every numbered document of the register appears, so that the numbers run without gaps as the văn thư
recorded them; a row the caller may not read (`readable_clause`) keeps only its number and dates, and its
Ghi chú says why the rest is hidden. Incoming rows fall in the period by their arrival day, outgoing rows by
their issue date (both in the agency's time zone).

Choices where the decree leaves room (Nghị định 30/2020/NĐ-CP, Phụ lục IV):
- Đơn vị hoặc người nhận: the units and people the document was handed to (assignments made by the leader or
  the văn thư, not later forwards): xử lý chính first, then phối hợp marked "(phối hợp)", each group in
  Vietnamese order.
- Người ký: whoever signed the document as leader; Nơi nhận: its recipients in Vietnamese order;
  Đơn vị, người nhận bản lưu: the drafting unit (or the drafter); Số lượng bản: one electronic copy per
  recipient; Ngày chuyển: the release day.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, select
from sqlalchemy.orm import Session

from eoffice.documents.kinds import DocumentKind, DocumentStatus, FileRole, Secrecy
from eoffice.documents.models import Document, DocumentFile
from eoffice.incoming.models import Assignment, AssignmentRole, AssignmentStatus
from eoffice.orgs.models import Agency, Department, User
from eoffice.outgoing.models import Recipient, RecipientKind
from eoffice.permissions import readable_clause
from eoffice.registers import Register, RegisterCancellation
from eoffice.reports._access import check_export
from eoffice.reports._labels import (
    CANCELLED_NOTE,
    COOPERATING_SUFFIX,
    HIDDEN_NOTE,
    HIDDEN_SECRET_NOTE,
    RECALLED_NOTE,
    notes_for,
)
from eoffice.reports.collation import vietnamese_sorted
from eoffice.reports.layouts import Cell, RegisterReport
from eoffice.reports.period import Period, local_date
from eoffice.vietnamese_dates import format_long_date

__all__ = ["register_report"]

Row = tuple[Cell, ...]


def register_report(
    session: Session, user: User, register_id: int, period: Period, *, timezone: str
) -> RegisterReport:
    """The register's rows for the period, for a văn thư, leader or admin of its agency (else 403/404)."""
    register = check_export(user, session.get(Register, register_id))
    agency = session.get(Agency, register.agency_id)
    assert agency is not None
    numbered = _numbered(register, period, timezone)
    documents = list(session.scalars(numbered.order_by(Document.register_number, Document.id)))
    readable = set(session.scalars(numbered.with_only_columns(Document.id).where(readable_clause(user))))
    ids = numbered.with_only_columns(Document.id)
    if register.kind == DocumentKind.INCOMING:
        receivers = _receivers(session, ids)
        cancelled = _cancellations(session, ids)
        rows = [
            _incoming_row(d, d.id in readable, receivers.get(d.id, ""), cancelled.get(d.id), timezone)
            for d in documents
        ]
    else:
        signers = _signers(session, ids)
        recipients = _recipients(session, ids)
        keepers = _keepers(session, ids)
        rows = [
            _outgoing_row(
                d, d.id in readable, signers.get(d.id, ""), recipients.get(d.id, []), keepers, timezone
            )
            for d in documents
        ]
    return RegisterReport(
        kind=register.kind,
        agency_name=agency.name,
        parent_name=agency.parent_name,
        year=register.year,
        period=period,
        period_text=f"Từ {format_long_date(period.start)} đến {format_long_date(period.end)}",
        rows=tuple(rows),
        register_name="" if register.is_default else register.name,
    )


def _numbered(register: Register, period: Period, timezone: str) -> Select[Any]:
    """The register's numbered documents that fall in the period."""
    query = select(Document).where(
        Document.register_id == register.id,
        Document.register_number.is_not(None),
        Document.agency_id == register.agency_id,
    )
    if register.kind == DocumentKind.INCOMING:
        low, high = period.bounds(timezone)
        return query.where(Document.arrived_at >= low, Document.arrived_at < high)
    return query.where(Document.issue_date >= period.start, Document.issue_date <= period.end)


def _title(document: Document) -> str:
    """Tên loại và trích yếu nội dung: `Quyết định: Về việc …`."""
    return f"{document.doc_type.label}: {document.title}"


def _hidden_note(document: Document) -> str:
    return HIDDEN_SECRET_NOTE if document.secrecy != Secrecy.NONE else HIDDEN_NOTE


def _incoming_row(
    document: Document, readable: bool, receivers: str, cancelled: str | None, timezone: str
) -> Row:
    """A cancelled entry (hủy vào sổ) keeps its row and number; Ghi chú says so, with the reason if readable."""
    arrived = local_date(document.arrived_at, timezone)
    if not readable:
        hidden = _hidden_note(document)
        if cancelled is not None:
            hidden = f"{CANCELLED_NOTE}. {hidden}"
        return (arrived, document.register_number, "", "", None, "", "", "", hidden)
    recalled = RECALLED_NOTE if document.status == DocumentStatus.RECALLED else ""
    if cancelled is not None:
        recalled = f"{CANCELLED_NOTE}: {cancelled}"
    return (
        arrived,
        document.register_number,
        document.issuer,
        document.number_symbol,
        document.issue_date,
        _title(document),
        receivers,
        "",
        notes_for(document.secrecy, document.urgency, recalled),
    )


def _outgoing_row(
    document: Document,
    readable: bool,
    signer: str,
    recipients: list[str],
    keepers: _Keepers,
    timezone: str,
) -> Row:
    released = (
        local_date(document.completed_at, timezone) if document.status == DocumentStatus.RELEASED else None
    )
    if not readable:
        return (
            document.number_symbol,
            document.issue_date,
            "",
            "",
            "",
            "",
            None,
            released,
            "",
            _hidden_note(document),
        )
    return (
        document.number_symbol,
        document.issue_date,
        _title(document),
        signer,
        "; ".join(vietnamese_sorted(recipients)),
        keepers.of(document),
        len(recipients) or None,
        released,
        "",
        notes_for(document.secrecy, document.urgency),
    )


def _receivers(session: Session, ids: Select[Any]) -> dict[int, str]:
    """Đơn vị hoặc người nhận per document: the units and people it was first handed to."""
    rows = session.execute(
        select(Assignment.document_id, Assignment.role, Department.name, User.full_name)
        .outerjoin(Department, Department.id == Assignment.department_id)
        .outerjoin(User, User.id == Assignment.user_id)
        .where(
            Assignment.document_id.in_(ids),
            Assignment.forwarded_from_id.is_(None),
            Assignment.status != AssignmentStatus.RECALLED,
            Assignment.role.in_((AssignmentRole.MAIN, AssignmentRole.COOPERATE)),
        )
    )
    main: dict[int, set[str]] = defaultdict(set)
    cooperating: dict[int, set[str]] = defaultdict(set)
    for document_id, role, department_name, user_name in rows:
        name = department_name or user_name or ""
        (main if role == AssignmentRole.MAIN else cooperating)[document_id].add(name)
    result: dict[int, str] = {}
    for document_id in main.keys() | cooperating.keys():
        names = vietnamese_sorted(main[document_id])
        names += [n + COOPERATING_SUFFIX for n in vietnamese_sorted(cooperating[document_id])]
        result[document_id] = "; ".join(names)
    return result


def _cancellations(session: Session, ids: Select[Any]) -> dict[int, str]:
    """The reason of each cancelled entry (hủy vào sổ)."""
    rows = session.execute(
        select(RegisterCancellation.document_id, RegisterCancellation.reason).where(
            RegisterCancellation.document_id.in_(ids)
        )
    )
    return {document_id: reason for document_id, reason in rows}


def _signers(session: Session, ids: Select[Any]) -> dict[int, str]:
    """Người ký: the author of the latest leader-signed version."""
    rows = session.execute(
        select(DocumentFile.document_id, User.full_name)
        .join(User, User.id == DocumentFile.created_by_id)
        .where(DocumentFile.document_id.in_(ids), DocumentFile.role == FileRole.SIGNED)
        .order_by(DocumentFile.version)
    )
    return {document_id: name for document_id, name in rows}


def _recipients(session: Session, ids: Select[Any]) -> dict[int, list[str]]:
    """Nơi nhận per document: agencies and units of this system by their current name, others as written."""
    rows = session.execute(
        select(Recipient.document_id, Recipient.kind, Recipient.name, Agency.name, Department.name)
        .outerjoin(Agency, and_(Recipient.kind == RecipientKind.AGENCY, Agency.id == Recipient.agency_id))
        .outerjoin(
            Department,
            and_(Recipient.kind == RecipientKind.DEPARTMENT, Department.id == Recipient.department_id),
        )
        .where(Recipient.document_id.in_(ids))
    )
    result: dict[int, list[str]] = defaultdict(list)
    for document_id, _kind, written, agency_name, department_name in rows:
        result[document_id].append(agency_name or department_name or written)
    return result


@dataclass(frozen=True)
class _Keepers:
    """Who keeps the filed copy (bản lưu): the drafting unit, else the drafter."""

    units: dict[int, str]
    drafters: dict[int, str]

    def of(self, document: Document) -> str:
        if document.department_id is not None and document.department_id in self.units:
            return self.units[document.department_id]
        return self.drafters.get(document.created_by_id, "")


def _keepers(session: Session, ids: Select[Any]) -> _Keepers:
    units = session.execute(
        select(Department.id, Department.name).where(
            Department.id.in_(ids.with_only_columns(Document.department_id))
        )
    )
    drafters = session.execute(
        select(User.id, User.full_name).where(User.id.in_(ids.with_only_columns(Document.created_by_id)))
    )
    return _Keepers({i: name for i, name in units}, {i: name for i, name in drafters})
