"""An agency's calendar from the database, the admin's changes to it, and deadlines given in working days.

Whether an agency counts deadlines in ngày làm việc is its own choice (`CalendarSettings`): off until its
admin turns it on. What counts is set by the legal text behind each deadline (Nghị định 30/2020 and most
procedures count working days, some texts count days), so the agency decides; and an office that is
already running does not see its "còn N ngày" and quá hạn lists change under it overnight. A deadline
written as "N ngày làm việc" is always counted on the calendar, whatever the choice.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from eoffice.calendar._days import AgencyCalendar
from eoffice.calendar._official import YearDays, official_year
from eoffice.calendar.models import CalendarDay, CalendarSettings, CalendarYear, DayKind
from eoffice.calendar.schemas import CalendarDayIn, CalendarDayOut, CalendarYearOut
from eoffice.documents.service import Actor, audit
from eoffice.errors import Forbidden, InvalidInput
from eoffice.orgs.models import Role, User
from eoffice.permissions import holds_role


def calendar_of(session: Session, agency_id: int) -> AgencyCalendar:
    """The agency's calendar: its choice of counting and the years whose list its admin set."""
    settings = session.get(CalendarSettings, agency_id)
    years = set(session.scalars(select(CalendarYear.year).where(CalendarYear.agency_id == agency_id)))
    holidays: dict[int, dict[date, str]] = defaultdict(dict)
    workdays: dict[int, dict[date, str]] = defaultdict(dict)
    for row in session.scalars(select(CalendarDay).where(CalendarDay.agency_id == agency_id)):
        target = holidays if row.kind == DayKind.HOLIDAY else workdays
        target[row.day.year][row.day] = row.name
    own = {year: YearDays(year, dict(holidays[year]), dict(workdays[year])) for year in years}
    return AgencyCalendar(agency_id, working_days=bool(settings and settings.working_days), own_years=own)


class Calendars:
    """Calendars of the agencies one request touches, each loaded once (a list spans a user's agencies)."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._loaded: dict[int, AgencyCalendar] = {}

    def of(self, agency_id: int) -> AgencyCalendar:
        if agency_id not in self._loaded:
            self._loaded[agency_id] = calendar_of(self._session, agency_id)
        return self._loaded[agency_id]


def is_working_day(session: Session, agency_id: int, day: date) -> bool:
    return calendar_of(session, agency_id).is_working_day(day)


def add_working_days(session: Session, agency_id: int, start: date, n: int) -> date:
    return calendar_of(session, agency_id).add_working_days(start, n)


def working_days_between(session: Session, agency_id: int, a: date, b: date) -> int:
    return calendar_of(session, agency_id).working_days_between(a, b)


def deadline_in_working_days(
    session: Session, agency_id: int, today: date, deadline: date | None, working_days: int | None
) -> date | None:
    """A deadline given as a date, or as "N ngày làm việc" from today (the request has one or neither)."""
    if working_days is None:
        return deadline
    return add_working_days(session, agency_id, today, working_days)


# ------------------------------------------------------------------ the admin's screen


def _admin_only(user: User) -> None:
    if not holds_role(user, user.agency_id, Role.ADMIN):
        raise Forbidden("Chỉ quản trị viên của cơ quan mới được thay đổi lịch nghỉ.")


def year_view(session: Session, user: User, year: int) -> CalendarYearOut:
    """A year of the caller's agency: its own list when saved, else the official one, with what is official."""
    calendar = calendar_of(session, user.agency_id)
    days = calendar.year(year)
    official = official_year(year)
    rows = [
        CalendarDayOut(day=d, kind=DayKind.HOLIDAY, name=name, official=d in official.holidays)
        for d, name in days.holidays.items()
    ] + [
        CalendarDayOut(day=d, kind=DayKind.WORKDAY, name=name, official=d in official.workdays)
        for d, name in days.workdays.items()
    ]
    return CalendarYearOut(
        agency_id=user.agency_id,
        year=year,
        customized=year in calendar.own_years,
        working_days=calendar.working_days,
        working_day_count=calendar.working_days_between(date(year - 1, 12, 31), date(year, 12, 31)),
        days=sorted(rows, key=lambda r: r.day),
    )


def replace_year(session: Session, actor: Actor, year: int, days: list[CalendarDayIn]) -> None:
    """Đặt lịch nghỉ của năm: the admin's list replaces the official one (and any earlier list) for the year."""
    user = actor.user
    _admin_only(user)
    _check_days(year, days)
    agency_id = user.agency_id
    before = year_view(session, user, year).model_dump(mode="json")["days"]
    marker = session.scalar(
        select(CalendarYear).where(CalendarYear.agency_id == agency_id, CalendarYear.year == year)
    )
    if marker is None:
        marker = CalendarYear(agency_id=agency_id, year=year)
        session.add(marker)
    marker.updated_by_id = user.id
    session.execute(
        delete(CalendarDay).where(
            CalendarDay.agency_id == agency_id,
            CalendarDay.day >= date(year, 1, 1),
            CalendarDay.day <= date(year, 12, 31),
        )
    )
    session.add_all(CalendarDay(agency_id=agency_id, day=d.day, kind=d.kind, name=d.name) for d in days)
    session.flush()
    after = [d.model_dump(mode="json") for d in sorted(days, key=lambda d: d.day)]
    audit(session, actor, "calendar.year_set", marker, before={"days": before}, after={"days": after})


def reset_year(session: Session, actor: Actor, year: int) -> None:
    """Back to the official list for that year."""
    user = actor.user
    _admin_only(user)
    marker = session.scalar(
        select(CalendarYear).where(CalendarYear.agency_id == user.agency_id, CalendarYear.year == year)
    )
    if marker is None:
        return
    session.execute(
        delete(CalendarDay).where(
            CalendarDay.agency_id == user.agency_id,
            CalendarDay.day >= date(year, 1, 1),
            CalendarDay.day <= date(year, 12, 31),
        )
    )
    audit(session, actor, "calendar.year_reset", marker, after={"year": year})
    session.delete(marker)
    session.flush()


def settings_of(session: Session, user: User) -> CalendarSettings:
    found = session.get(CalendarSettings, user.agency_id)
    return found if found is not None else CalendarSettings(agency_id=user.agency_id, working_days=False)


def set_counting(session: Session, actor: Actor, working_days: bool) -> CalendarSettings:
    """Turn counting deadlines in working days on or off for the admin's agency."""
    user = actor.user
    _admin_only(user)
    settings = session.get(CalendarSettings, user.agency_id)
    before = {"working_days": bool(settings and settings.working_days)}
    if settings is None:
        settings = CalendarSettings(agency_id=user.agency_id)
        session.add(settings)
    settings.working_days = working_days
    settings.updated_by_id = user.id
    session.flush()
    audit(
        session,
        actor,
        "calendar.counting_set",
        settings,
        before=before,
        after={"working_days": working_days},
        entity_type="calendar_settings",
    )
    return settings


def _check_days(year: int, days: list[CalendarDayIn]) -> None:
    """Every day in that year, once; a make-up working day only on a Saturday or Sunday."""
    seen: set[date] = set()
    for index, item in enumerate(days):
        where = f"days.{index}.day"
        if item.day.year != year:
            raise InvalidInput(
                f"Ngày {item.day:%d/%m/%Y} không thuộc năm {year}.",
                detail=[{"field": where, "problem": f"ngoài năm {year}"}],
            )
        if item.day in seen:
            raise InvalidInput(
                f"Ngày {item.day:%d/%m/%Y} có hai lần trong danh sách.",
                detail=[{"field": where, "problem": "trùng ngày"}],
            )
        seen.add(item.day)
        if item.kind == DayKind.WORKDAY and item.day.weekday() < 5:
            raise InvalidInput(
                f"Ngày {item.day:%d/%m/%Y} không phải thứ Bảy hay Chủ nhật nên không thể là ngày làm bù.",
                detail=[{"field": where, "problem": "ngày làm bù phải là thứ Bảy hoặc Chủ nhật"}],
            )
