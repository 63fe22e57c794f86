"""The timeline of one document, read from the hash-chained audit trail.

Audit records name the row they changed (`entity_type`, `entity_id`), not the document; the rows that belong
to a document are collected first (its files, assignments, notes, comments, grants, approval runs and
decisions, deliveries, exchange packages, check runs), then every record about any of them is read in chain
order. Nothing is written here: the history is exactly what the audit trail proves.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from eoffice.audit import AuditRecord
from eoffice.checks.models import CheckRun
from eoffice.documents.kinds import status_label
from eoffice.documents.models import DocumentAccess, DocumentFile
from eoffice.documents.service import get_readable
from eoffice.exchange.models import OutboundPackage, ReceivedPackage, StatusEvent
from eoffice.history._labels import (
    ASSIGNMENT_ROLES,
    FILE_ROLES,
    HIDDEN_ACTIONS,
    action_label,
)
from eoffice.incoming.models import Assignment, Contribution, Direction, HandlingNote, Presentation
from eoffice.orgs.models import User
from eoffice.outgoing.models import DraftComment, ExternalDelivery
from eoffice.workflow.models import ApprovalDecision, ApprovalRun


class HistoryEventOut(BaseModel):
    """One step of the timeline: when, who (name resolved), what (Vietnamese), and a short detail."""

    seq: int
    at: datetime
    action: str
    label: str
    actor_id: int | None
    actor_name: str
    entity_type: str
    entity_id: str
    detail: str


class HistoryOut(BaseModel):
    document_id: int
    items: list[HistoryEventOut]


def _ids(session: Session, column: Any, where: ColumnElement[bool]) -> list[str]:
    return [str(i) for i in session.scalars(select(column).where(where))]


def _entities(session: Session, document_id: int) -> dict[str, list[str]]:
    """Every row id, per table, whose audit records belong to this document's history."""
    runs = _ids(session, ApprovalRun.id, ApprovalRun.document_id == document_id)
    return {
        "documents": [str(document_id)],
        "document_files": _ids(session, DocumentFile.id, DocumentFile.document_id == document_id),
        "document_access": _ids(session, DocumentAccess.id, DocumentAccess.document_id == document_id),
        "assignments": _ids(session, Assignment.id, Assignment.document_id == document_id),
        "handling_notes": _ids(session, HandlingNote.id, HandlingNote.document_id == document_id),
        "presentations": _ids(session, Presentation.id, Presentation.document_id == document_id),
        "directions": _ids(session, Direction.id, Direction.document_id == document_id),
        "contributions": _ids(session, Contribution.id, Contribution.document_id == document_id),
        "draft_comments": _ids(session, DraftComment.id, DraftComment.document_id == document_id),
        "approval_runs": runs,
        "approval_decisions": _ids(
            session, ApprovalDecision.id, ApprovalDecision.run_id.in_([int(r) for r in runs])
        )
        if runs
        else [],
        "external_deliveries": _ids(
            session, ExternalDelivery.id, ExternalDelivery.document_id == document_id
        ),
        "check_runs": _ids(session, CheckRun.id, CheckRun.document_id == document_id),
        OutboundPackage.__tablename__: _ids(
            session, OutboundPackage.id, OutboundPackage.document_id == document_id
        ),
        StatusEvent.__tablename__: _ids(session, StatusEvent.id, StatusEvent.document_id == document_id),
        ReceivedPackage.__tablename__: _ids(
            session, ReceivedPackage.id, ReceivedPackage.incoming_document_id == document_id
        ),
    }


def _detail(record: AuditRecord, names: dict[int, str]) -> str:
    """A short Vietnamese line from the record's snapshots: the reason, the note, the file, the new state."""
    after: dict[str, Any] = record.after if isinstance(record.after, dict) else {}
    before: dict[str, Any] = record.before if isinstance(record.before, dict) else {}
    action = record.action
    if action.startswith("workflow.") and after.get("reason"):
        return f"Lý do: {after['reason']}"
    if action in ("incoming.note", "outgoing.comment", "incoming.direct", "incoming.contribute"):
        return str(after.get("text", ""))
    if action == "document_file.store":
        role = FILE_ROLES.get(str(after.get("role", "")), "tệp")
        return f"Phiên bản {after.get('version')} ({role}): {after.get('filename', '')}"
    if action == "incoming.assign":
        who = names.get(after.get("user_id") or 0) or (
            f"đơn vị #{after['department_id']}" if after.get("department_id") else ""
        )
        role = ASSIGNMENT_ROLES.get(str(after.get("role", "")), "")
        return f"{role.capitalize()}: {who}".strip(": ") if role else who
    if action == "incoming.register" and after.get("register_number"):
        return f"Số đến {after['register_number']}"
    if action == "incoming.cancel" and after.get("reason"):
        return f"Số đến {after.get('register_number')}, lý do: {after['reason']}"
    if action == "outgoing.issue" and after.get("number"):
        return f"Số: {after['number']}/{after.get('symbol', '')}"
    if action == "check.run":
        return f"Phiên bản {after.get('file_version')}"
    if action == "check.fix":
        return f"Từ phiên bản {after.get('from_version')}: sửa {after.get('count')} lỗi ({', '.join(after.get('codes', []))})"
    if action == "document.grant":
        return names.get(after.get("user_id") or 0, "")
    if action == "outgoing.queue_delivery":
        return str(after.get("organ_name", ""))
    old, new = before.get("status"), after.get("status")
    if old and new and old != new:
        return f"{status_label(str(old))} → {status_label(str(new))}"
    return ""


def _mentioned_users(records: list[AuditRecord]) -> set[int]:
    ids = {r.actor_id for r in records if r.actor_id is not None}
    for r in records:
        if isinstance(r.after, dict) and isinstance(r.after.get("user_id"), int):
            ids.add(r.after["user_id"])
    return ids


def document_history(session: Session, user: User, document_id: int) -> HistoryOut:
    """Lịch sử of a document the user may read (404 otherwise), oldest first."""
    document = get_readable(session, user, document_id)
    clauses = [
        and_(AuditRecord.entity_type == table, AuditRecord.entity_id.in_(ids))
        for table, ids in _entities(session, document.id).items()
        if ids
    ]
    records = list(
        session.scalars(
            select(AuditRecord)
            .where(or_(*clauses), AuditRecord.action.not_in(HIDDEN_ACTIONS))
            .order_by(AuditRecord.seq)
        )
    )
    people = _mentioned_users(records)
    names = (
        {u.id: u.full_name for u in session.scalars(select(User).where(User.id.in_(people)))}
        if people
        else {}
    )
    return HistoryOut(
        document_id=document.id,
        items=[
            HistoryEventOut(
                seq=r.seq,
                at=r.at if r.at.tzinfo is not None else r.at.replace(tzinfo=UTC),  # naive on SQLite
                action=r.action,
                label=action_label(r.action),
                actor_id=r.actor_id,
                actor_name=names.get(r.actor_id, "") if r.actor_id is not None else "Hệ thống",
                entity_type=r.entity_type,
                entity_id=r.entity_id,
                detail=_detail(r, names),
            )
            for r in records
        ],
    )
