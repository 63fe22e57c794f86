"""Sổ đăng ký văn bản đến / đi: one register per agency, direction and calendar year."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from eoffice.db.base import Base, Timestamped, str_enum
from eoffice.documents.kinds import DocumentKind


class Register(Base, Timestamped):
    """Sổ văn bản: `last_number` is the counter the next registration increments under a row lock."""

    __tablename__ = "registers"
    __table_args__ = (UniqueConstraint("agency_id", "kind", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    kind: Mapped[DocumentKind] = mapped_column(str_enum(DocumentKind, 16))
    year: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(255))
    last_number: Mapped[int] = mapped_column(Integer, default=0)
