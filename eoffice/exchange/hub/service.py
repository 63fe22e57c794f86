"""What the hub does: authenticate agencies, check and queue packages per recipient, hand them out, forget
them once acknowledged.

The hub reads every package it accepts (`parse_package`), so it refuses hostile or broken XML at the door and
checks that the package really comes from the authenticated sender and is addressed to the recipient named.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from eoffice.errors import InvalidInput, NotFound
from eoffice.exchange._hmac import RECIPIENT, SENDER, key_from, verify_headers
from eoffice.exchange.edxml import DocumentPackage, Limits, parse_package
from eoffice.exchange.errors import TransportAuthFailed
from eoffice.exchange.hub.models import HubAgency, HubMessage


class RecipientUnknown(InvalidInput):
    code = "hub.recipient_unknown"
    message = "Cơ quan nhận chưa đăng ký với trục liên thông."


class SenderMismatch(InvalidInput):
    code = "hub.sender_mismatch"
    message = "Gói tin không khớp với cơ quan gửi hoặc cơ quan nhận đã xác thực."


def authenticate(
    session: Session, method: str, path: str, headers: Mapping[str, str], body: bytes, *, max_skew: int
) -> HubAgency:
    """The agency that signed this request, or `TransportAuthFailed`."""
    agency = session.get(HubAgency, headers.get(SENDER, ""))
    if agency is None:
        raise TransportAuthFailed("Cơ quan chưa đăng ký với trục liên thông.")
    verify_headers(agency.secret, method, path, headers, body, max_skew=max_skew)
    return agency


def enqueue(
    session: Session, sender: HubAgency, headers: Mapping[str, str], body: bytes, limits: Limits
) -> tuple[HubMessage, bool]:
    """Queue `body` for the recipient; returns (message, whether it was already queued)."""
    recipient = headers.get(RECIPIENT, "")
    key = key_from(headers)
    if not key:
        raise InvalidInput("Thiếu khóa chống gửi trùng (X-Edxml-Key).")
    if session.get(HubAgency, recipient) is None:
        raise RecipientUnknown(f"Cơ quan nhận {recipient or '(trống)'} chưa đăng ký với trục liên thông.")
    package = parse_package(body, limits)
    addressed = (
        {org.organ_id for org in package.recipients}
        if isinstance(package, DocumentPackage)
        else {package.response_for.organ_id}
    )
    if package.sender.organ_id != sender.organ_id or recipient not in addressed:
        raise SenderMismatch()
    existing = _existing(session, sender.organ_id, recipient, key)
    if existing is not None:
        return existing, True
    message = HubMessage(
        sender=sender.organ_id,
        recipient=recipient,
        idempotency_key=key,
        kind=package.kind,
        size=len(body),
        body=body,
    )
    session.add(message)
    try:
        session.commit()
    except IntegrityError:  # the same package posted twice at once: the first one wins
        session.rollback()
        again = _existing(session, sender.organ_id, recipient, key)
        if again is None:
            raise
        return again, True
    return message, False


def _existing(session: Session, sender: str, recipient: str, key: str) -> HubMessage | None:
    return session.scalar(
        select(HubMessage).where(
            HubMessage.sender == sender, HubMessage.recipient == recipient, HubMessage.idempotency_key == key
        )
    )


def pending(session: Session, recipient: HubAgency, limit: int) -> list[HubMessage]:
    return list(
        session.scalars(
            select(HubMessage)
            .where(HubMessage.recipient == recipient.organ_id, HubMessage.acked_at.is_(None))
            .order_by(HubMessage.id)
            .limit(limit)
        )
    )


def message_for(session: Session, recipient: HubAgency, message_id: int) -> HubMessage:
    message = session.get(HubMessage, message_id)
    if message is None or message.recipient != recipient.organ_id:
        raise NotFound("Không có gói tin này trong hàng đợi của cơ quan.")
    return message


def acknowledge(session: Session, recipient: HubAgency, message_id: int) -> None:
    """Idempotent: acknowledging twice is fine; the body is dropped, the record stays for the trace."""
    message = message_for(session, recipient, message_id)
    if message.acked_at is None:
        message.acked_at = datetime.now(UTC)
        message.body = None
        session.commit()


def load_agencies(session: Session, path: Path) -> int:
    """Register (or update) agencies from a JSON file: `[{"organ_id", "name", "secret"}, ...]`."""
    entries = json.loads(path.read_text(encoding="utf-8"))
    for entry in entries:
        organ_id, secret = str(entry["organ_id"]).strip(), str(entry["secret"])
        if not organ_id or len(secret) < 16:
            raise InvalidInput(
                f"Mục đăng ký cơ quan không hợp lệ (mã {organ_id!r}, khóa tối thiểu 16 ký tự)."
            )
        agency = session.get(HubAgency, organ_id) or HubAgency(organ_id=organ_id)
        agency.name = str(entry.get("name", ""))
        agency.secret = secret
        session.add(agency)
    session.commit()
    return len(entries)
