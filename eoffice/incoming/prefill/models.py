"""Kết quả điền sẵn: for each field the form pre-filled, what was read and what the văn thư saved, so that the
reader's accuracy on the agency's real mail can be measured (a changed value is a correction)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from eoffice.db.base import Base, UTCDateTime, utcnow


class PrefillField(Base):
    """One pre-filled field of one registered document."""

    __tablename__ = "incoming_prefill_fields"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    input_kind: Mapped[str] = mapped_column(String(8))  # docx | pdf | scan
    field: Mapped[str] = mapped_column(String(32))
    read_value: Mapped[str] = mapped_column(Text)
    saved_value: Mapped[str] = mapped_column(Text)
    corrected: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
