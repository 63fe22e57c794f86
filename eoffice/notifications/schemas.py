"""API shapes of notifications."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel

from eoffice.notifications.models import Notification, NotificationKind


class NotificationOut(BaseModel):
    id: int
    kind: NotificationKind
    document_id: int | None
    due_date: date | None
    title: str
    message: str
    created_at: datetime
    read_at: datetime | None

    @classmethod
    def of(cls, row: Notification) -> NotificationOut:
        return cls(
            id=row.id,
            kind=row.kind,
            document_id=row.document_id,
            due_date=row.due_date,
            title=row.title,
            message=row.message,
            created_at=row.created_at,
            read_at=row.read_at,
        )


class NotificationsOut(BaseModel):
    unread: int
    items: list[NotificationOut]
