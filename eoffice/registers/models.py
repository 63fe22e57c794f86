"""Sổ đăng ký văn bản đến / đi: several per agency and year, each numbered on its own, and cancelled entries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from eoffice.db.base import Base, Timestamped, UTCDateTime, str_enum, utcnow
from eoffice.documents.kinds import DocumentKind

DEFAULT_CODE = "chung"
"""The code of the sổ every agency has for each direction and year (sổ chung), created on first use."""


class Register(Base, Timestamped):
    """Sổ văn bản: `last_number` is the counter the next registration increments under a row lock.

    An agency keeps one sổ per `code` and year for each direction (Nghị định 30/2020, Điều 22: sổ thường,
    sổ mật, by channel or document type as the agency decides); numbers start at 1 in each sổ each year.
    `secret` marks a sổ mật: only documents with độ mật go there, and they go nowhere else once it exists.
    """

    __tablename__ = "registers"
    __table_args__ = (UniqueConstraint("agency_id", "kind", "year", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    kind: Mapped[DocumentKind] = mapped_column(str_enum(DocumentKind, 16))
    year: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(32), default=DEFAULT_CODE, server_default=DEFAULT_CODE)
    name: Mapped[str] = mapped_column(String(255))
    secret: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    last_number: Mapped[int] = mapped_column(Integer, default=0)

    @property
    def is_default(self) -> bool:
        return self.code == DEFAULT_CODE


class RegisterCancellation(Base):
    """Hủy vào sổ: the entry keeps its number (no gap, never reused) and the sổ shows why it was cancelled."""

    __tablename__ = "register_cancellations"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), unique=True)
    reason: Mapped[str] = mapped_column(Text)
    cancelled_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    cancelled_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
