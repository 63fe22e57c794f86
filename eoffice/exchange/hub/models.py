"""The hub's own small database (SQLite by default, PostgreSQL by URL): registered agencies and queues.

The hub is a separate service with a separate schema, created on start-up (`create_all`); it shares no table
with an eOffice instance.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, LargeBinary, MetaData, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from eoffice.db.base import NAMING_CONVENTION, UTCDateTime, utcnow


class HubBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class HubAgency(HubBase):
    """An agency allowed to use the hub, by mã định danh, with its HMAC secret."""

    __tablename__ = "hub_agencies"

    organ_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(255), default="")
    secret: Mapped[str] = mapped_column(String(255))


class HubMessage(HubBase):
    """A package queued for one recipient until it acknowledges it; (sender, recipient, key) is unique."""

    __tablename__ = "hub_messages"
    __table_args__ = (UniqueConstraint("sender", "recipient", "idempotency_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sender: Mapped[str] = mapped_column(String(64))
    recipient: Mapped[str] = mapped_column(String(64), index=True)
    idempotency_key: Mapped[str] = mapped_column(String(512))
    kind: Mapped[str] = mapped_column(String(16))
    size: Mapped[int] = mapped_column(Integer)
    body: Mapped[bytes | None] = mapped_column(LargeBinary)  # dropped once acknowledged
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    acked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
