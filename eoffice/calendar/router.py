"""`/api/v1/admin/calendar`: the agency's days off per year and how it counts deadlines (Lịch nghỉ)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from eoffice.auth.deps import CurrentUser
from eoffice.calendar import service
from eoffice.calendar.schemas import CalendarSettingsIn, CalendarSettingsOut, CalendarYearIn, CalendarYearOut
from eoffice.deps import SessionDep
from eoffice.documents.route_helpers import actor_of

router = APIRouter(prefix="/admin/calendar", tags=["calendar"])

Year = Annotated[int, Path(ge=2000, le=2100, description="Năm dương lịch")]


@router.get("/settings")
def get_calendar_settings(session: SessionDep, user: CurrentUser) -> CalendarSettingsOut:
    """Cơ quan tính hạn xử lý theo ngày làm việc hay theo ngày."""
    settings = service.settings_of(session, user)
    return CalendarSettingsOut(agency_id=settings.agency_id, working_days=settings.working_days)


@router.put("/settings")
def set_calendar_settings(
    body: CalendarSettingsIn, request: Request, session: SessionDep, user: CurrentUser
) -> CalendarSettingsOut:
    """Bật / tắt tính hạn xử lý theo ngày làm việc: quản trị viên của cơ quan."""
    settings = service.set_counting(session, actor_of(request, user), body.working_days)
    session.commit()
    return CalendarSettingsOut(agency_id=settings.agency_id, working_days=settings.working_days)


@router.get("/{year}")
def get_calendar_year(year: Year, session: SessionDep, user: CurrentUser) -> CalendarYearOut:
    """Lịch nghỉ của năm: danh sách riêng của cơ quan nếu đã đặt, nếu không là danh sách chính thức."""
    return service.year_view(session, user, year)


@router.put("/{year}")
def set_calendar_year(
    year: Year, body: CalendarYearIn, request: Request, session: SessionDep, user: CurrentUser
) -> CalendarYearOut:
    """Đặt lịch nghỉ của năm (thay danh sách chính thức): quản trị viên của cơ quan."""
    service.replace_year(session, actor_of(request, user), year, body.days)
    session.commit()
    return service.year_view(session, user, year)


@router.delete("/{year}", status_code=204)
def reset_calendar_year(year: Year, request: Request, session: SessionDep, user: CurrentUser) -> Response:
    """Dùng lại danh sách chính thức của năm: quản trị viên của cơ quan."""
    service.reset_year(session, actor_of(request, user), year)
    session.commit()
    return Response(status_code=204)
