"""`/api/v1/notifications`: the caller's own notifications, newest first, and marking one as read."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import func, select

from eoffice.auth.deps import CurrentUser
from eoffice.deps import SessionDep
from eoffice.errors import NotFound
from eoffice.notifications.models import Notification
from eoffice.notifications.schemas import NotificationOut, NotificationsOut

router = APIRouter(tags=["notifications"])


@router.get("/notifications")
def list_notifications(
    session: SessionDep,
    user: CurrentUser,
    unread_only: Annotated[bool, Query(alias="unread")] = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> NotificationsOut:
    """The caller's notifications (`?unread=true` for the unread ones) and how many are unread."""
    query = select(Notification).where(Notification.user_id == user.id)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    rows = session.scalars(query.order_by(Notification.id.desc()).limit(limit)).all()
    unread = session.scalar(
        select(func.count()).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    )
    return NotificationsOut(unread=int(unread or 0), items=[NotificationOut.of(r) for r in rows])


@router.post("/notifications/{notification_id}/read")
def mark_read(notification_id: int, session: SessionDep, user: CurrentUser) -> NotificationOut:
    """Mark one of the caller's notifications as read (again is harmless); others' are not found."""
    row = session.get(Notification, notification_id)
    if row is None or row.user_id != user.id:
        raise NotFound("Không tìm thấy thông báo.")
    if row.read_at is None:
        row.read_at = datetime.now(UTC)
        session.commit()
    return NotificationOut.of(row)
