"""Lịch làm việc của cơ quan: its days off and make-up working days per year, and how it counts deadlines."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from eoffice.db.base import Base, UTCDateTime, str_enum, utcnow


class DayKind(enum.StrEnum):
    """A day that differs from the ordinary week (Monday to Friday at work, Saturday and Sunday off)."""

    HOLIDAY = "nghi"  # ngày nghỉ lễ, Tết, nghỉ bù, or a weekday given off in a swap
    WORKDAY = "lam_bu"  # ngày làm việc bù: a Saturday or Sunday worked in exchange for a day off


class CalendarSettings(Base):
    """How the agency counts handling deadlines; no row means calendar days (see `eoffice.calendar`)."""

    __tablename__ = "calendar_settings"

    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), primary_key=True)
    working_days: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    @property
    def id(self) -> int:
        """The audit record names the settings by their agency."""
        return self.agency_id


class CalendarYear(Base):
    """A year whose list the agency's admin has set: its `CalendarDay` rows replace the official list."""

    __tablename__ = "calendar_years"
    __table_args__ = (UniqueConstraint("agency_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class CalendarDay(Base):
    """One day off (with its name, e.g. "Mùng hai Tết Nguyên Đán") or make-up working day of an agency."""

    __tablename__ = "calendar_days"
    __table_args__ = (UniqueConstraint("agency_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[DayKind] = mapped_column(str_enum(DayKind, 16))
    name: Mapped[str] = mapped_column(String(255))
