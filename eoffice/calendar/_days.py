"""Counting in ngày làm việc over one agency's calendar: pure date arithmetic, no database.

A day is a working day unless it is a Saturday or Sunday or a day off of the agency's list; a make-up
working day (làm bù, a Saturday worked against a weekday off) is one even though it is a Saturday.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from eoffice.calendar._official import YearDays, official_year

_ONE_DAY = timedelta(days=1)
_LONGEST_BREAK = 366  # no run of days off is longer; a guard for the loops that look for a working day


def _weekdays_to(day: date) -> int:
    """Mondays to Fridays from 01/01/0001 (a Monday) up to and including `day`."""
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


@dataclass(frozen=True)
class AgencyCalendar:
    """An agency's working calendar, and how its "còn N ngày / quá hạn N ngày" and quá hạn are judged.

    `own_years` are the years whose list the admin saved; every other year is the official list.
    `working_days` is the agency's choice to count handling deadlines in ngày làm việc. Then a deadline
    that falls on a day off runs to the end of the next working day (Bộ luật Dân sự 2015, Điều 148 khoản 5),
    and the days left or overdue are working days; otherwise both are plain calendar days, as before.
    """

    agency_id: int
    working_days: bool = False
    own_years: Mapping[int, YearDays] = field(default_factory=dict)

    def year(self, year: int) -> YearDays:
        return self.own_years.get(year) or official_year(year)

    def is_working_day(self, day: date) -> bool:
        year = self.year(day.year)
        if day in year.workdays:
            return True
        return day.weekday() < 5 and day not in year.holidays

    def next_working_day(self, day: date) -> date:
        """`day` itself when it is a working day, else the first working day after it."""
        for _ in range(_LONGEST_BREAK):
            if self.is_working_day(day):
                return day
            day += _ONE_DAY
        raise ValueError(f"Không có ngày làm việc nào trong một năm kể từ {day:%d/%m/%Y}.")

    def add_working_days(self, start: date, n: int) -> date:
        """The day `n` working days after `start` (not counting `start`): "trong 5 ngày làm việc"."""
        if n < 0:
            raise ValueError("Số ngày làm việc không được âm.")
        day, left = start, n
        while left:
            day += _ONE_DAY
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_between(self, a: date, b: date) -> int:
        """Working days after `a` up to and including `b`; negative when `b` is before `a`."""
        if b < a:
            return -self.working_days_between(b, a)
        count = _weekdays_to(b) - _weekdays_to(a)
        for year_number in range(a.year, b.year + 1):
            year = self.year(year_number)
            count -= sum(1 for d in year.holidays if a < d <= b and d.weekday() < 5)
            count += sum(1 for d in year.workdays if a < d <= b and d.weekday() >= 5)
        return count

    # ------------------------------------------------------------ deadlines as the agency counts them

    def due_day(self, deadline: date) -> date:
        """The last day to handle it: the deadline, or the next working day when it falls on a day off."""
        return self.next_working_day(deadline) if self.working_days else deadline

    def is_overdue(self, deadline: date | None, open_: bool, today: date) -> bool:
        """Quá hạn: still open and the last day to handle it has passed."""
        return open_ and deadline is not None and self.due_day(deadline) < today

    def days_left(self, deadline: date | None, today: date) -> int | None:
        """Days to the deadline as the agency counts them: "còn N ngày" (0 = hạn hôm nay), or "quá hạn N ngày" < 0.

        In working days an overdue document is at least one day late, even on the day off after its
        deadline (no working day has passed yet, but the deadline has)."""
        if deadline is None:
            return None
        if not self.working_days:
            return (deadline - today).days
        due = self.due_day(deadline)
        if today <= due:
            return self.working_days_between(today, due)
        return -max(1, self.working_days_between(due, today))

    def overdue_before(self, today: date) -> date:
        """Overdue is `deadline < overdue_before(today)`, a condition SQL can use for lists and counts.

        In working days that is a deadline on or before the last working day before today: a later one
        (on a day off since then) runs to today or later."""
        if not self.working_days:
            return today
        day = today - _ONE_DAY
        for _ in range(_LONGEST_BREAK):
            if self.is_working_day(day):
                return day + _ONE_DAY
            day -= _ONE_DAY
        raise ValueError(f"Không có ngày làm việc nào trong một năm trước {today:%d/%m/%Y}.")
