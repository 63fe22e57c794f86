"""Kỳ báo cáo: an inclusive range of calendar days in the agency's time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from eoffice import clock
from eoffice.reports.errors import InvalidPeriod

__all__ = ["MAX_PERIOD_DAYS", "Period", "as_utc", "local_date"]

MAX_PERIOD_DAYS = 3660  # ten years: anything longer is a typo, and would scan the whole database


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included."""

    start: date
    end: date

    @classmethod
    def of(cls, start: date | None, end: date | None, *, default_start: date, default_end: date) -> Period:
        """The requested period, with defaults for what is left out; refused when it runs backwards."""
        period = cls(start or default_start, end or default_end)
        if period.start > period.end:
            raise InvalidPeriod(detail=[{"field": "from", "problem": "sau ngày kết thúc"}])
        if (period.end - period.start).days > MAX_PERIOD_DAYS:
            raise InvalidPeriod(
                "Khoảng thời gian quá dài (tối đa 10 năm).", detail=[{"field": "to", "problem": "quá dài"}]
            )
        return period

    def bounds(self, timezone: str) -> tuple[datetime, datetime]:
        """`[start 00:00, day after end 00:00)` in the time zone, as UTC instants for timestamp columns.

        UTC because SQLite stores timestamps as UTC wall-clock text: an instant in another zone would be
        compared by its local digits.
        """
        zone = clock.agency_zone(timezone)
        low = datetime.combine(self.start, time(), zone).astimezone(UTC)
        high = datetime.combine(self.end + timedelta(days=1), time(), zone).astimezone(UTC)
        return low, high


def as_utc(moment: datetime) -> datetime:
    """A stored timestamp as an aware UTC instant (SQLite gives back naive UTC values)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def local_date(moment: datetime | None, timezone: str) -> date | None:
    """The calendar day of an instant in the agency's time zone (None stays None, as in empty columns)."""
    return None if moment is None else clock.local_date(moment, timezone)
