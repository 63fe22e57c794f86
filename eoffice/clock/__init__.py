"""Giờ của cơ quan: the one place that says what time it is, and what day it is for the agency.

An instant is the same everywhere and is kept in UTC; a *day* is not. A deadline, a register's year, the date
printed on a document or in a message are days in the agency's zone (``EOFFICE_TIMEZONE``,
Asia/Ho_Chi_Minh by default): between 17:00 and 24:00 UTC it is already tomorrow in Vietnam, and a
document due "today" is overdue from 00:00 there. Product code asks this module, never ``date.today()`` or
a naive ``datetime.now()`` (ruff's DTZ rules refuse those), so a test that pins the clock moves every
answer together.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

__all__ = ["agency_zone", "local_date", "local_now", "now", "today"]


@lru_cache(maxsize=8)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def agency_zone(timezone: str | None = None) -> ZoneInfo:
    """The agency's zone: `timezone` when the caller holds its settings, else the process's settings."""
    if timezone is None:
        from eoffice.settings import get_settings

        timezone = get_settings().timezone
    return _zone(timezone)


def now() -> datetime:
    """This instant, aware, in UTC: what is stored and compared."""
    return datetime.now(UTC)


def local_now(timezone: str | None = None) -> datetime:
    """This instant on the agency's wall clock."""
    return now().astimezone(agency_zone(timezone))


def local_date(moment: datetime, timezone: str | None = None) -> date:
    """The agency's day of an instant (a naive instant is taken as UTC, as the database stores it)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(agency_zone(timezone)).date()


def today(timezone: str | None = None) -> date:
    """Hôm nay at the agency: the day a deadline, a register's year or a printed date is judged on."""
    return local_now(timezone).date()
