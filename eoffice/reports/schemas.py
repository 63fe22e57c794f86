"""API shapes of the reports: the registers one may export, and the handling statistics."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from eoffice.documents.kinds import DocumentKind
from eoffice.registers import Register
from eoffice.reports.statistics import Figures, Statistics, UnitFigures

__all__ = ["DepartmentFiguresOut", "FiguresOut", "RegisterOut", "StatisticsOut"]


class RegisterOut(BaseModel):
    """A sổ văn bản the caller may export; `export_path` takes `?format=xlsx|pdf&from=&to=`."""

    id: int
    agency_id: int
    kind: DocumentKind
    year: int
    name: str
    last_number: int
    export_path: str

    @classmethod
    def of(cls, register: Register) -> RegisterOut:
        return cls(
            id=register.id,
            agency_id=register.agency_id,
            kind=register.kind,
            year=register.year,
            name=register.name,
            last_number=register.last_number,
            export_path=f"/api/v1/reports/registers/{register.id}/export",
        )


class FiguresOut(BaseModel):
    received: int = Field(description="Số văn bản đến trong kỳ")
    completed_on_time: int = Field(description="Hoàn thành đúng hạn")
    completed_late: int = Field(description="Hoàn thành quá hạn")
    overdue: int = Field(description="Quá hạn, chưa hoàn thành")
    in_progress: int = Field(description="Đang xử lý, còn hạn")
    average_handling_days: float | None = Field(description="Thời gian xử lý trung bình (ngày)")
    on_time_rate: float | None = Field(
        description="Tỷ lệ đúng hạn (0–1) trên số văn bản đã hoàn thành hoặc đã quá hạn"
    )

    @classmethod
    def of(cls, figures: Figures) -> FiguresOut:
        return cls(
            received=figures.received,
            completed_on_time=figures.completed_on_time,
            completed_late=figures.completed_late,
            overdue=figures.overdue,
            in_progress=figures.in_progress,
            average_handling_days=figures.average_handling_days,
            on_time_rate=figures.on_time_rate,
        )


class DepartmentFiguresOut(FiguresOut):
    department_id: int | None = Field(description="Không có: văn bản chưa phân công")
    department_name: str

    @classmethod
    def of_unit(cls, unit: UnitFigures) -> DepartmentFiguresOut:
        return cls(
            department_id=unit.department_id,
            department_name=unit.department_name,
            **FiguresOut.of(unit.figures).model_dump(),
        )


class StatisticsOut(BaseModel):
    """Figures per unit (Vietnamese alphabetical order, unassigned last) and for all of them together."""

    model_config = ConfigDict(populate_by_name=True)

    agency_id: int
    period_from: date = Field(alias="from")
    period_to: date = Field(alias="to")
    department_id: int | None
    departments: list[DepartmentFiguresOut]
    totals: FiguresOut

    @classmethod
    def of(cls, statistics: Statistics) -> StatisticsOut:
        return cls.model_validate(
            {
                "agency_id": statistics.agency_id,
                "from": statistics.period.start,
                "to": statistics.period.end,
                "department_id": statistics.department_id,
                "departments": [DepartmentFiguresOut.of_unit(u) for u in statistics.units],
                "totals": FiguresOut.of(statistics.totals),
            }
        )
