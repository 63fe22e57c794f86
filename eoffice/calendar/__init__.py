"""Lịch làm việc: an agency's days off per year and deadlines counted in ngày làm việc.

Other slices use `calendar_of(session, agency_id)` (or `Calendars` for a list spanning agencies) and ask the
`AgencyCalendar` it returns: `is_working_day`, `add_working_days`, `working_days_between`, and, for
deadlines as the agency counts them, `is_overdue`, `days_left` and `overdue_before`.
"""

from eoffice.calendar._days import AgencyCalendar
from eoffice.calendar.models import CalendarDay, CalendarSettings, CalendarYear, DayKind
from eoffice.calendar.service import (
    Calendars,
    add_working_days,
    calendar_of,
    deadline_in_working_days,
    is_working_day,
    working_days_between,
)

__all__ = [
    "AgencyCalendar",
    "CalendarDay",
    "CalendarSettings",
    "CalendarYear",
    "Calendars",
    "DayKind",
    "add_working_days",
    "calendar_of",
    "deadline_in_working_days",
    "is_working_day",
    "working_days_between",
]
