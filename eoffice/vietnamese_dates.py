"""Ngày tháng năm ban hành: dates written the way Nghị định 30/2020/NĐ-CP writes them.

The decree writes ``ngày 05 tháng 3 năm 2020``: a day below 10 and the months 1 and 2 take a leading zero
(``ngày 09 tháng 02 năm 2021``), the months 3 to 12 never do. Templates, the format checker and its fixes all
use these functions so that the rule lives in one place.
"""

from __future__ import annotations

import datetime as dt
import re

from eoffice import clock

__all__ = [
    "DATE_LINE_RE",
    "LONG_DATE_RE",
    "format_date_line",
    "format_day",
    "format_long_date",
    "format_month",
    "parse_long_date",
]

# ``ngày 05 tháng 3 năm 2020``; a draft may leave day and month blank for the văn thư to fill in.
LONG_DATE_RE = re.compile(r"ngày\s+(?P<day>\d{1,2})?\s*tháng\s+(?P<month>\d{1,2})?\s*năm\s+(?P<year>\d{4})")
# ``Hà Tĩnh, ngày 05 tháng 3 năm 2020`` — the place is anything up to the comma.
DATE_LINE_RE = re.compile(r"^(?P<place>[^,\d]+?),\s*" + LONG_DATE_RE.pattern + r"\s*$")


def format_day(day: int) -> str:
    """Days below 10 take a leading zero: ``05``."""
    return f"{day:02d}"


def format_month(month: int) -> str:
    """Only January and February take a leading zero (``01``, ``02``); ``3`` to ``12`` are written as is."""
    return f"{month:02d}" if month < 3 else str(month)


def format_long_date(date: dt.date | None, *, year: int | None = None) -> str:
    """``ngày 05 tháng 3 năm 2020``; without a date, the blank form a draft carries until it is issued."""
    if date is None:
        blank_year = year if year is not None else clock.today().year
        return f"ngày     tháng     năm {blank_year}"
    return f"ngày {format_day(date.day)} tháng {format_month(date.month)} năm {date.year}"


def format_date_line(place: str, date: dt.date | None, *, year: int | None = None) -> str:
    """The place and date line under the motto: ``Hà Tĩnh, ngày 05 tháng 3 năm 2020``."""
    return f"{place.strip()}, {format_long_date(date, year=year)}"


def parse_long_date(text: str) -> dt.date | None:
    """The date in ``ngày … tháng … năm …`` text, or None when absent, blank or impossible."""
    match = LONG_DATE_RE.search(text)
    if match is None or not match["day"] or not match["month"]:
        return None
    try:
        return dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None
