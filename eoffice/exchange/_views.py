"""Read side: a sent document's status per recipient, the received queue, and peers."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eoffice.documents.kinds import DocumentKind
from eoffice.documents.service import get_readable
from eoffice.exchange.edxml import StatusCode
from eoffice.exchange.models import (
    ExchangePeer,
    OutboundKind,
    OutboundPackage,
    ReceivedPackage,
    ReceivedState,
    StatusEvent,
)
from eoffice.exchange.schemas import DocumentStatuses, RecipientStatus, StatusEntry
from eoffice.orgs.models import User


def _label(code: str) -> str:
    try:
        return StatusCode(code).label
    except ValueError:
        return code


def document_statuses(session: Session, user: User, document_id: int) -> DocumentStatuses:
    """Per outside recipient: delivery state and every status it reported, newest last."""
    document = get_readable(session, user, document_id, DocumentKind.OUTGOING)
    sent = list(
        session.scalars(
            select(OutboundPackage)
            .where(OutboundPackage.document_id == document.id, OutboundPackage.kind == OutboundKind.DOCUMENT)
            .order_by(OutboundPackage.id)
        )
    )
    events: dict[str, list[StatusEvent]] = defaultdict(list)
    for event in session.scalars(
        select(StatusEvent).where(StatusEvent.document_id == document.id).order_by(StatusEvent.id)
    ):
        events[event.organ_id].append(event)
    recipients = []
    for row in sent:
        history = sorted(
            events.get(row.organ_id, []), key=lambda e: (e.occurred_at is None, e.occurred_at, e.id)
        )
        latest = history[-1] if history else None
        recipients.append(
            RecipientStatus(
                organ_id=row.organ_id,
                organ_name=row.organ_name,
                delivery=row.state,
                transport=row.transport,
                attempts=row.attempts,
                last_error=row.last_error,
                delivered_at=row.delivered_at,
                status_code=latest.status_code if latest else None,
                status_label=_label(latest.status_code) if latest else None,
                description=latest.description if latest else "",
                updated_at=latest.occurred_at if latest else None,
                history=[
                    StatusEntry(
                        status_code=e.status_code,
                        label=_label(e.status_code),
                        description=e.description,
                        staff=e.staff,
                        occurred_at=e.occurred_at,
                    )
                    for e in history
                ],
            )
        )
    return DocumentStatuses(document_id=document.id, recipients=recipients)


def received_page(
    session: Session, agency_id: int, state: ReceivedState | None, limit: int, offset: int
) -> tuple[list[ReceivedPackage], int]:
    query = select(ReceivedPackage).where(ReceivedPackage.agency_id == agency_id)
    if state is not None:
        query = query.where(ReceivedPackage.state == state)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(ReceivedPackage.id.desc()).limit(limit).offset(offset)).all()
    return list(rows), int(total)


def peers(session: Session, agency_id: int) -> list[ExchangePeer]:
    return list(
        session.scalars(
            select(ExchangePeer).where(ExchangePeer.agency_id == agency_id).order_by(ExchangePeer.organ_id)
        )
    )
