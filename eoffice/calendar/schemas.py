"""API shapes of an agency's calendar: a year's days off and make-up days, and how deadlines are counted."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from eoffice.calendar.models import DayKind


class CalendarDayIn(BaseModel):
    """One day of the year's list, as the admin sets it."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    day: date = Field(description="Ngày (YYYY-MM-DD), trong năm của danh sách")
    kind: DayKind = Field(
        default=DayKind.HOLIDAY, description="nghi: ngày nghỉ; lam_bu: thứ Bảy/Chủ nhật làm bù"
    )
    name: str = Field(min_length=1, max_length=255, description="Tên ngày, ví dụ Mùng hai Tết Nguyên Đán")


class CalendarYearIn(BaseModel):
    """The whole list of a year: it replaces the official list (and any earlier one) for that year."""

    model_config = ConfigDict(extra="forbid")

    days: list[CalendarDayIn] = Field(max_length=366)


class CalendarDayOut(BaseModel):
    day: date
    kind: DayKind
    name: str
    official: bool = Field(description="Có trong danh sách chính thức của năm")


class CalendarYearOut(BaseModel):
    """A year of the agency's calendar: its own list when the admin saved one, else the official list."""

    agency_id: int
    year: int
    customized: bool = Field(description="Quản trị viên đã đặt danh sách riêng cho năm này")
    working_days: bool = Field(description="Cơ quan tính hạn xử lý theo ngày làm việc")
    working_day_count: int = Field(description="Số ngày làm việc trong năm")
    days: list[CalendarDayOut]


class CalendarSettingsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    working_days: bool = Field(
        description="Tính hạn xử lý theo ngày làm việc (bỏ thứ Bảy, Chủ nhật, ngày nghỉ)"
    )


class CalendarSettingsOut(BaseModel):
    agency_id: int
    working_days: bool
