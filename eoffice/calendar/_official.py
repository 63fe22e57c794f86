"""The official days off of a year in Vietnam, the default of every agency's calendar.

Bộ luật Lao động 2019, Điều 112 gives the public holidays: Tết Dương lịch (1/1), Tết Âm lịch (5 days), Giỗ
Tổ Hùng Vương (10/3 âm lịch), Ngày Chiến thắng (30/4), Quốc tế Lao động (1/5) and Quốc khánh (2/9 and the
day before or after it); a holiday on a weekend is followed by a day off in lieu (nghỉ bù). Which days of
Tết, which day beside 2/9, and any swap (a weekday off against a Saturday worked, "làm bù") the Government
announces each year. The lunar dates and the announced swaps come from the `holidays` package (its Vietnam
calendar, Vietnamese names), which is kept up to date with each year's announcement; we do not compute
them by hand.

What we are sure of (checked when this was written, December 2026):
- 2026: Tết Bính Ngọ is 17/02/2026; Tết is off Monday 16/02 to Friday 20/02 (with the weekends around it,
  14/02–22/02); Giỗ Tổ is Sunday 26/04/2026, off in lieu Monday 27/04; 30/04 and 01/05; Quốc khánh
  01/09–02/09 with Monday 31/08 off against Saturday 22/08 worked. The lunar dates agree with `lunardate`.
- 2027: Tết Đinh Mùi is 06/02/2027 and Giỗ Tổ 16/04/2027 (both checked against `lunardate` too); the
  days off around them follow the law's rule as the package applies it, but the Government's notice for
  2027 may choose other days or add a swap.
The package also lists Ngày Văn hóa Việt Nam (24/11) from 2026 on. Every agency's admin confirms the list
each year on the "Lịch nghỉ" screen, and what they save replaces this default for that year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import holidays

MAKE_UP_DAY_NAME = "Ngày làm việc bù"


@dataclass(frozen=True)
class YearDays:
    """A year's days off (`holidays`) and make-up working days (`workdays`), each with its name."""

    year: int
    holidays: Mapping[date, str] = field(default_factory=dict)
    workdays: Mapping[date, str] = field(default_factory=dict)


@lru_cache(maxsize=256)
def official_year(year: int) -> YearDays:
    """The official list of `year` (empty outside the years the package knows)."""
    try:
        calendar = holidays.country_holidays("VN", years=year, language="vi")
    except NotImplementedError:  # pragma: no cover - a year before the package's first
        return YearDays(year)
    # Two holidays on one day come as "A; B": the calendar keeps both names.
    days = {day: names for day, names in sorted(calendar.items()) if day.year == year}
    workdays = {day: MAKE_UP_DAY_NAME for day in sorted(calendar.weekend_workdays) if day.year == year}
    return YearDays(year, days, workdays)
