"""Nhắc hạn xử lý: a notification per assignee of an open incoming document due within a day or overdue.

Assignees are the people of open assignments; an assignment to a department reaches its head(s) (lãnh đạo
phòng), or every member when the department has no head — each only if the read rule lets them read the
document. The deadline is the assignment's own, else the document's. "Due within a day" and "overdue" are
judged as the document's agency counts deadlines (`eoffice.calendar`): in working days, a Friday's reminder
covers Monday's deadline and one due on a day off is overdue only after the next working day.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eoffice import calendar
from eoffice.documents.kinds import DocumentKind
from eoffice.documents.models import Document
from eoffice.documents.service import OPEN_INCOMING
from eoffice.incoming.models import Assignment, AssignmentStatus
from eoffice.notifications.events import department_people, readers_among
from eoffice.notifications.models import Notification, NotificationKind

REMIND_BEFORE = timedelta(days=1)
_LOOKAHEAD = timedelta(days=16)  # longer than any break (Tết: 9 days) plus a weekend: the next working day
_OPEN_ASSIGNMENT = (AssignmentStatus.PENDING, AssignmentStatus.IN_PROGRESS)


@dataclass(frozen=True)
class DueItem:
    """An open incoming document one person must handle, due by tomorrow or already overdue."""

    user_id: int
    document_id: int
    number_symbol: str
    title: str
    due: date
    kind: NotificationKind  # DEADLINE_SOON or DEADLINE_OVERDUE
    days_left: int = 0  # as the agency counts: "còn N ngày", or "quá hạn N ngày" when negative
    working_days: bool = False  # the count is in ngày làm việc


def due_for_people(session: Session, today: date) -> list[DueItem]:
    """What is due on `today` (within `REMIND_BEFORE`, or overdue) for each assignee the read rule lets read it,
    by person, then deadline. The reminders and the daily mail digest both tell exactly this."""
    deadline = func.coalesce(Assignment.deadline, Document.deadline)
    rows = session.execute(
        select(
            Assignment.user_id,
            Assignment.department_id,
            deadline,
            Document.id,
            Document.title,
            Document.number,
            Document.symbol,
            Document.agency_id,
        )
        .join(Document, Document.id == Assignment.document_id)
        .where(
            Document.kind == DocumentKind.INCOMING,
            Document.status.in_(OPEN_INCOMING),
            Assignment.status.in_(_OPEN_ASSIGNMENT),
            deadline.is_not(None),
            deadline <= today + _LOOKAHEAD,  # narrowed below on each agency's calendar
        )
    ).all()
    calendars = calendar.Calendars(session)
    departments = department_people(session, {r.department_id for r in rows if r.department_id is not None})
    wanted: dict[tuple[int, int, NotificationKind, date], tuple[str, str, int, bool]] = {}
    for user_id, department_id, due, document_id, title, number, symbol, agency_id in rows:
        days = calendars.of(agency_id)
        left = days.days_left(due, today)
        assert left is not None
        if left > REMIND_BEFORE.days:
            continue
        overdue = days.is_overdue(due, True, today)
        kind = NotificationKind.DEADLINE_OVERDUE if overdue else NotificationKind.DEADLINE_SOON
        if user_id is not None:
            people = [user_id]
        else:
            people = departments.get(department_id, []) if department_id is not None else []
        label = f"{number}/{symbol}" if number and symbol else number or symbol
        for person in people:
            wanted[(person, document_id, kind, due)] = (label, title, left, days.working_days)
    readers: dict[int, set[int]] = defaultdict(set)  # document → who of the wanted may read it
    for document_id in {key[1] for key in wanted}:
        asked = {key[0] for key in wanted if key[1] == document_id}
        readers[document_id] = set(readers_among(session, document_id, asked))
    items = [
        DueItem(user_id, document_id, label, title, due, kind, left, working)
        for (user_id, document_id, kind, due), (label, title, left, working) in wanted.items()
        # a head of department is never told the title of a secret document he may not read
        if user_id in readers[document_id]
    ]
    return sorted(items, key=lambda item: (item.user_id, item.due, item.document_id, item.kind))


def send_deadline_reminders(session: Session, today: date) -> int:
    """Add the reminders due on `today` that do not exist yet; returns how many were added. Caller commits."""
    items = due_for_people(session, today)
    if not items:
        return 0
    existing = set(
        session.execute(
            select(
                Notification.user_id, Notification.document_id, Notification.kind, Notification.due_date
            ).where(
                Notification.document_id.in_({item.document_id for item in items}),
                Notification.kind.in_(tuple(NotificationKind)),
            )
        ).tuples()
    )
    added = 0
    for item in items:
        if (item.user_id, item.document_id, item.kind, item.due) in existing:
            continue
        session.add(
            Notification(
                user_id=item.user_id,
                document_id=item.document_id,
                kind=item.kind,
                due_date=item.due,
                title=_title(item.kind),
                message=_message(item.kind, item.title, item.due),
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
