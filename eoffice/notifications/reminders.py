"""Nhắc hạn xử lý: a notification per assignee of an open incoming document due within a day or overdue.

Assignees are the people of open assignments; an assignment to a department reaches its head(s) (lãnh đạo
phòng), or every member when the department has no head — each only if the read rule lets them read the
document. The deadline is the assignment's own, else the document's.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eoffice.documents.kinds import DocumentKind
from eoffice.documents.models import Document
from eoffice.documents.service import OPEN_INCOMING
from eoffice.incoming.models import Assignment, AssignmentStatus
from eoffice.notifications.events import department_people, readers_among
from eoffice.notifications.models import Notification, NotificationKind

REMIND_BEFORE = timedelta(days=1)
_OPEN_ASSIGNMENT = (AssignmentStatus.PENDING, AssignmentStatus.IN_PROGRESS)


def send_deadline_reminders(session: Session, today: date) -> int:
    """Add the reminders due on `today` that do not exist yet; returns how many were added. Caller commits."""
    deadline = func.coalesce(Assignment.deadline, Document.deadline)
    rows = session.execute(
        select(Assignment.user_id, Assignment.department_id, deadline, Document.id, Document.title)
        .join(Document, Document.id == Assignment.document_id)
        .where(
            Document.kind == DocumentKind.INCOMING,
            Document.status.in_(OPEN_INCOMING),
            Assignment.status.in_(_OPEN_ASSIGNMENT),
            deadline.is_not(None),
            deadline <= today + REMIND_BEFORE,
        )
    ).all()
    departments = department_people(session, {r.department_id for r in rows if r.department_id is not None})
    wanted: dict[tuple[int, int, NotificationKind, date], str] = {}
    for user_id, department_id, due, document_id, title in rows:
        kind = NotificationKind.DEADLINE_OVERDUE if due < today else NotificationKind.DEADLINE_SOON
        if user_id is not None:
            people = [user_id]
        else:
            people = departments.get(department_id, []) if department_id is not None else []
        for person in people:
            wanted[(person, document_id, kind, due)] = title
    if not wanted:
        return 0
    existing = set(
        session.execute(
            select(
                Notification.user_id, Notification.document_id, Notification.kind, Notification.due_date
            ).where(
                Notification.document_id.in_({key[1] for key in wanted}),
                Notification.kind.in_(tuple(NotificationKind)),
            )
        ).tuples()
    )
    readers: dict[int, set[int]] = defaultdict(set)  # document → who of the wanted may read it
    for document_id in {key[1] for key in wanted}:
        people = {key[0] for key in wanted if key[1] == document_id}
        readers[document_id] = set(readers_among(session, document_id, people))
    added = 0
    for key, title in sorted(wanted.items()):
        user_id, document_id, kind, due = key
        if key in existing or user_id not in readers[document_id]:
            continue  # a head of department is never told the title of a secret document he may not read
        session.add(
            Notification(
                user_id=user_id,
                document_id=document_id,
                kind=kind,
                due_date=due,
                title=_title(kind),
                message=_message(kind, title, due),
            )
        )
        added += 1
    session.flush()
    return added


def _title(kind: NotificationKind) -> str:
    return (
        "Văn bản quá hạn xử lý" if kind == NotificationKind.DEADLINE_OVERDUE else "Văn bản sắp đến hạn xử lý"
    )


def _message(kind: NotificationKind, title: str, due: date) -> str:
    short = title if len(title) <= 160 else f"{title[:157]}..."
    when = due.strftime("%d/%m/%Y")
    if kind == NotificationKind.DEADLINE_OVERDUE:
        return f"Văn bản “{short}” đã quá hạn xử lý (hạn {when})."
    return f"Văn bản “{short}” cần xử lý xong trước hạn {when}."
