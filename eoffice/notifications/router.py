"""`/api/v1/notifications`: the caller's own notifications, newest first, and marking one as read."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import ColumnElement, and_, exists, func, or_, select

from eoffice import clock
from eoffice.auth.deps import CurrentUser
from eoffice.deps import SessionDep
from eoffice.documents.models import Document
from eoffice.errors import NotFound
from eoffice.notifications.models import Notification
from eoffice.notifications.schemas import NotificationOut, NotificationsOut
from eoffice.orgs.models import User
from eoffice.permissions import readable_clause

router = APIRouter(tags=["notifications"])


def _readable_notifications(user: User) -> ColumnElement[bool]:
    """The caller's own notifications that are about no document or about one the read rule lets him read."""
    readable = exists().where(Document.id == Notification.document_id, readable_clause(user))
    return and_(Notification.user_id == user.id, or_(Notification.document_id.is_(None), readable))


@router.get("/notifications")
def list_notifications(
    session: SessionDep,
    user: CurrentUser,
    unread_only: Annotated[bool, Query(alias="unread")] = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> NotificationsOut:
    """The caller's notifications (`?unread=true` for the unread ones) and how many are unread.

    Through the read rule: a notification about a document the caller may no longer read (access ended,
    made secret) is neither listed nor counted, so its title and number never reach him."""
    mine = _readable_notifications(user)
    query = select(Notification).where(mine)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    rows = session.scalars(query.order_by(Notification.id.desc()).limit(limit)).all()
    unread = session.scalar(select(func.count()).where(mine, Notification.read_at.is_(None)))
    return NotificationsOut(unread=int(unread or 0), items=[NotificationOut.of(r) for r in rows])


@router.post("/notifications/{notification_id}/read")
def mark_read(notification_id: int, session: SessionDep, user: CurrentUser) -> NotificationOut:
    """Mark one of the caller's notifications as read (again is harmless); others' are not found."""
    row = session.scalar(
        select(Notification).where(Notification.id == notification_id, _readable_notifications(user))
    )
    if row is None:
        raise NotFound("Không tìm thấy thông báo.")
    if row.read_at is None:
        row.read_at = clock.now()
        session.commit()
    return NotificationOut.of(row)
