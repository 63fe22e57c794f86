"""The legal corpus in the database (bảng ``legal_documents``): exact resolution reads from here.

The search index holds the same records for full-text search (kind ``legal``); the table is the truth and
the index is rebuilt from it (``corpus_index_documents``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from eoffice.db.base import Base, UTCDateTime, str_enum, utcnow
from eoffice.legal.records import LegalRecord, LegalStatus

__all__ = ["LegalDocument"]


class LegalDocument(Base):
    """Văn bản pháp luật trong cơ sở dữ liệu: one row per ``LegalRecord``, unique by ``key``."""

    __tablename__ = "legal_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(600), unique=True)
    number: Mapped[str | None] = mapped_column(String(128))
    number_key: Mapped[str | None] = mapped_column(String(128), index=True)
    name_key: Mapped[str] = mapped_column(String(600), index=True)
    type: Mapped[str] = mapped_column(String(64))
    issuer: Mapped[str] = mapped_column(String(255))
    issue_date: Mapped[dt.date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(Text)
    effective_date: Mapped[dt.date | None] = mapped_column(Date)
    expiry_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[LegalStatus | None] = mapped_column(str_enum(LegalStatus, 16))
    replaced_by: Mapped[list[str]] = mapped_column(JSON, default=list)
    amended_by: Mapped[list[str]] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(Text)
    source_id: Mapped[str | None] = mapped_column(String(64), index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    def to_record(self) -> LegalRecord:
        return LegalRecord(
            number=self.number,
            type=self.type,
            issuer=self.issuer,
            issue_date=self.issue_date,
            title=self.title,
            effective_date=self.effective_date,
            expiry_date=self.expiry_date,
            status=self.status,
            replaced_by=tuple(self.replaced_by or ()),
            amended_by=tuple(self.amended_by or ()),
            source=self.source,
            source_id=self.source_id,
        )

    @staticmethod
    def columns_of(record: LegalRecord) -> dict[str, Any]:
        """The column values for ``record`` (everything but ``id`` and ``updated_at``)."""
        from eoffice.legal.citation_keys import name_of, number_of

        return {
            "key": record.key,
            "number": record.number,
            "number_key": number_of(record.number) if record.number else None,
            "name_key": name_of(record.type, record.title)[:600],
            "type": record.type,
            "issuer": record.issuer,
            "issue_date": record.issue_date,
            "title": record.title,
            "effective_date": record.effective_date,
            "expiry_date": record.expiry_date,
            "status": record.status,
            "replaced_by": list(record.replaced_by),
            "amended_by": list(record.amended_by),
            "source": record.source,
            "source_id": record.source_id,
        }
