"""Transactional outbox: work is written in the same transaction as the change that needs it, and sent to
Celery only after that transaction commits. A sweeper re-sends anything the commit hook could not send (broker
down, process killed between commit and send), so no work is ever lost; tasks are idempotent, so a message
sent twice does no harm.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import JSON, Connection, Engine, Integer, String, event, select
from sqlalchemy.orm import Mapped, Session, SessionTransaction, mapped_column

from eoffice.db.base import Base, UTCDateTime, utcnow
from eoffice.tasks.app import celery_app
from eoffice.tasks.runtime import backends

log = logging.getLogger(__name__)

_PENDING_KEY = "eoffice_outbox_pending"
SWEEP_AFTER = timedelta(seconds=15)


class OutboxMessage(Base):
    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    task: Mapped[str] = mapped_column(String(128))
    kwargs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)


def enqueue(session: Session, task: str, **kwargs: Any) -> OutboxMessage:
    """Queue `task(**kwargs)` to run after the caller's transaction commits (and never if it rolls back)."""
    message = OutboxMessage(task=task, kwargs=kwargs)
    session.add(message)
    session.info.setdefault(_PENDING_KEY, []).append(message)
    return message


def enqueue_once(session: Session, task: str, **kwargs: Any) -> OutboxMessage:
    """`enqueue`, unless the same task with the same arguments is already waiting for this transaction."""
    for message in session.info.get(_PENDING_KEY, []):
        if message.task == task and message.kwargs == kwargs:
            return message
    return enqueue(session, task, **kwargs)


_COMMITTED_KEY = "eoffice_outbox_committed"


@event.listens_for(Session, "after_commit")
def _keep_after_commit(session: Session) -> None:
    """Remember what committed; it is sent once the session has given its connection back (below)."""
    pending: list[OutboxMessage] = session.info.pop(_PENDING_KEY, [])
    if pending:
        session.info[_COMMITTED_KEY] = [(m.id, m.task, dict(m.kwargs)) for m in pending]


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    session.info.pop(_PENDING_KEY, None)


@event.listens_for(Session, "after_transaction_end")
def _dispatch_after_end(session: Session, transaction: SessionTransaction) -> None:
    """Send after the outermost transaction has ended and released its connection, so the short marker
    transaction reuses it instead of holding a second one (40 API threads × 2 connections each emptied the
    pool under load)."""
    if transaction.parent is None:
        committed = session.info.pop(_COMMITTED_KEY, None)
        if committed:
            _send(committed, session.get_bind())


def _send(messages: list[tuple[int, str, dict[str, Any]]], bind: Engine | Connection) -> None:
    """Send to the broker and mark as dispatched in a separate short transaction; never raises, since the
    change itself is already committed and the sweeper re-sends whatever was not marked."""
    sent: list[int] = []
    for message_id, task, kwargs in messages:
        try:
            celery_app.send_task(task, kwargs=kwargs)
            sent.append(message_id)
        except Exception:  # noqa: BLE001
            log.warning(
                "outbox: could not send %s #%s; the sweeper will retry", task, message_id, exc_info=True
            )
    if not sent:
        return
    try:
        with Session(bind=bind) as marker:
            for row in marker.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(sent))):
                row.dispatched_at = datetime.now(UTC)
                row.attempts += 1
            marker.commit()
    except Exception:  # noqa: BLE001 — unmarked messages are sent again by the sweeper; tasks are idempotent
        log.warning("outbox: could not mark messages %s as sent", sent, exc_info=True)


def sweep(session: Session, older_than: timedelta = SWEEP_AFTER) -> int:
    """Re-send every message not marked dispatched after `older_than`; returns how many were sent."""
    cutoff = datetime.now(UTC) - older_than
    rows = session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.dispatched_at.is_(None), OutboxMessage.created_at < cutoff)
        .order_by(OutboxMessage.id)
        .limit(500)
    ).all()
    _send([(r.id, r.task, dict(r.kwargs)) for r in rows], session.get_bind())
    return len(rows)


@celery_app.task(name="eoffice.outbox.sweep")
def sweep_task() -> int:
    with backends().sessions() as session:
        return sweep(session)
