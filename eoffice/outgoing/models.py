"""Văn bản đi: comments on drafts, recipients (nơi nhận) and deliveries pending for other agencies."""

from __future__ import annotations

import enum

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eoffice.db.base import Base, Timestamped, str_enum


class RecipientKind(enum.StrEnum):
    AGENCY = "agency"  # another agency on this system: gets an incoming record
    DEPARTMENT = "department"  # a unit of the issuing agency: gets an incoming record assigned to it
    EXTERNAL = "external"  # outside this system: waits for the inter-agency exchange (edXML)


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class DraftComment(Base, Timestamped):
    """Ý kiến góp ý on a draft, optionally about one version."""

    __tablename__ = "draft_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    file_version: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)

    author = relationship("User")


class Recipient(Base, Timestamped):
    """Nơi nhận of an outgoing document; `incoming_document_id` is the record an internal one received."""

    __tablename__ = "recipients"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    kind: Mapped[RecipientKind] = mapped_column(str_enum(RecipientKind, 16))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    organ_id: Mapped[str] = mapped_column(String(64), default="")  # mã định danh, for external ones
    name: Mapped[str] = mapped_column(String(255), default="")
    incoming_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))


class ExternalDelivery(Base, Timestamped):
    """A released document waiting to go to an agency outside the system (the exchange slice sends it)."""

    __tablename__ = "external_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("recipients.id"))
    organ_id: Mapped[str] = mapped_column(String(64))
    organ_name: Mapped[str] = mapped_column(String(255))
    status: Mapped[DeliveryStatus] = mapped_column(
        str_enum(DeliveryStatus, 16), default=DeliveryStatus.PENDING, index=True
    )
    detail: Mapped[str] = mapped_column(Text, default="")
