"""Liên thông văn bản: peers, packages going out (with back-off state), statuses coming back, packages received.

Packages themselves are kept byte for byte in the object store (`package_key`): an outgoing package is built
once, so every retry sends exactly the same bytes under the same idempotency key.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from eoffice.db.base import Base, Timestamped, UTCDateTime, str_enum, utcnow

DEFAULT_ROUTE = "*"  # a peer row with this organ_id routes every agency not configured otherwise


class TransportKind(enum.StrEnum):
    DIRECT = "direct"  # peer-to-peer: POST to the other eOffice's /api/v1/exchange/inbox
    HUB = "hub"  # through a province hub or the national platform (queue per recipient)
    VXP = "vxp"  # the national axis (Trục liên thông văn bản quốc gia): systemid + secret, REST calls


class OutboundKind(enum.StrEnum):
    DOCUMENT = "document"
    STATUS = "status"
    RECALL = "recall"  # thu hồi: the document package again, `BussinessDocType` 1, to a recipient it reached


class OutboundState(enum.StrEnum):
    PENDING = "pending"  # waiting for (another) attempt
    DELIVERED = "delivered"  # the receiver or the hub acknowledged it
    FAILED = "failed"  # refused for good (the package itself was refused); never retried


class ReceivedState(enum.StrEnum):
    PENDING = "pending"  # chờ văn thư tiếp nhận
    ACCEPTED = "accepted"  # tiếp nhận, vào sổ đến
    REFUSED = "refused"  # văn thư từ chối
    REJECTED = "rejected"  # eOffice refused it on arrival (signature invalid)
    WITHDRAWN = "withdrawn"  # the sender recalled it before the văn thư took it in (rút khỏi hàng chờ)


class DirectorySource(enum.StrEnum):
    VXP = "vxp"  # from the axis' agency list (getAgenciesList): the next sync updates it
    MANUAL = "manual"  # entered by the agency's admin (the province's platform, a direct peer): syncs keep it


class ExchangePeer(Base, Timestamped):
    """How this agency reaches another (`organ_id`, or `*` for everyone else): transport, endpoint, secret.

    For `direct`, `endpoint` is the peer's eOffice base URL and `secret` the HMAC key both sides share; for
    `hub`, `endpoint` is the hub's base URL and `secret` this agency's key at the hub.
    """

    __tablename__ = "exchange_peers"
    __table_args__ = (UniqueConstraint("agency_id", "organ_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    organ_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(255), default="")
    transport: Mapped[TransportKind] = mapped_column(str_enum(TransportKind, 16))
    endpoint: Mapped[str] = mapped_column(String(512))
    secret: Mapped[str] = mapped_column(String(255))
    account: Mapped[str] = mapped_column(String(128), default="")  # VXP: this agency's systemid at the axis


class OutboundPackage(Base, Timestamped):
    """One package for one recipient; `idempotency_key` (document + recipient) lets the receiver dedup."""

    __tablename__ = "exchange_outbound"
    __table_args__ = (UniqueConstraint("agency_id", "idempotency_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    kind: Mapped[OutboundKind] = mapped_column(str_enum(OutboundKind, 16))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    external_delivery_id: Mapped[int | None] = mapped_column(ForeignKey("external_deliveries.id"))
    received_id: Mapped[int | None] = mapped_column(ForeignKey("exchange_received.id"))
    organ_id: Mapped[str] = mapped_column(String(64))
    organ_name: Mapped[str] = mapped_column(String(255), default="")
    edxml_document_id: Mapped[str] = mapped_column(String(255), index=True)
    status_code: Mapped[str] = mapped_column(String(4), default="")  # for status packages
    idempotency_key: Mapped[str] = mapped_column(String(512))
    package_key: Mapped[str] = mapped_column(String(512))
    state: Mapped[OutboundState] = mapped_column(
        str_enum(OutboundState, 16), default=OutboundState.PENDING, index=True
    )
    transport: Mapped[str] = mapped_column(String(16), default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class StatusEvent(Base, Timestamped):
    """A status a recipient reported for one of our documents (01 đã đến … 06 hoàn thành, 13/15/16)."""

    __tablename__ = "exchange_status_events"
    __table_args__ = (UniqueConstraint("agency_id", "organ_id", "idempotency_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    organ_id: Mapped[str] = mapped_column(String(64))
    organ_name: Mapped[str] = mapped_column(String(255), default="")
    status_code: Mapped[str] = mapped_column(String(4))
    description: Mapped[str] = mapped_column(Text, default="")
    staff: Mapped[str] = mapped_column(String(255), default="")
    occurred_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    idempotency_key: Mapped[str] = mapped_column(String(512))


class ReceivedPackage(Base, Timestamped):
    """Văn bản liên thông đến: a package waiting for the văn thư, with its signature validation report."""

    __tablename__ = "exchange_received"
    __table_args__ = (UniqueConstraint("agency_id", "sender_organ_id", "idempotency_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    sender_organ_id: Mapped[str] = mapped_column(String(64))
    sender_name: Mapped[str] = mapped_column(String(255), default="")
    idempotency_key: Mapped[str] = mapped_column(String(512))
    transport: Mapped[str] = mapped_column(String(16))
    edxml_document_id: Mapped[str] = mapped_column(String(255), index=True)
    number: Mapped[str] = mapped_column(String(32), default="")
    symbol: Mapped[str] = mapped_column(String(64), default="")
    subject: Mapped[str] = mapped_column(Text, default="")
    promulgation_date: Mapped[date | None] = mapped_column(Date)
    business_type: Mapped[str] = mapped_column(String(16), default="new")
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # `eoffice exchange parse` shape
    validation: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # per file, per signature
    # How the package deviated from QCVN 102:2016 though it was read (Vietnamese, shown to the văn thư).
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list)
    package_key: Mapped[str] = mapped_column(String(512))
    state: Mapped[ReceivedState] = mapped_column(
        str_enum(ReceivedState, 16), default=ReceivedState.PENDING, index=True
    )
    reason: Mapped[str] = mapped_column(Text, default="")
    incoming_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class DirectoryEntry(Base, Timestamped):
    """Danh bạ cơ quan liên thông: an outside agency this agency may send to, by its mã định danh.

    Entries come from the VXP axis' agency list (`source` vxp, refreshed by every sync) or from the agency's
    admin (`manual`, never touched by a sync). Which connection reaches an entry is not stored here: it is the
    peer row for its `organ_id`, else the default route `*` (`ExchangePeer`), so it cannot drift from how a
    delivery is actually routed. `search_text` is the folded name and code (no diacritics, đ → d), for
    accent-insensitive search on every database.
    """

    __tablename__ = "exchange_directory"
    __table_args__ = (UniqueConstraint("agency_id", "organ_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    organ_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(255))
    parent_organ_id: Mapped[str] = mapped_column(String(64), default="")  # cơ quan chủ quản
    source: Mapped[DirectorySource] = mapped_column(str_enum(DirectorySource, 16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    search_text: Mapped[str] = mapped_column(String(640), default="")
    synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
