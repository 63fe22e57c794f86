"""`/api/v1/reports`: the registers one may export, a register as XLSX/PDF, and handling statistics."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from eoffice import clock
from eoffice.auth.deps import CurrentUser
from eoffice.deps import SessionDep, SettingsDep
from eoffice.reports import service
from eoffice.reports.pdf import PDF_MEDIA_TYPE
from eoffice.reports.schemas import RegisterOut, StatisticsOut
from eoffice.reports.service import ExportFormat
from eoffice.reports.xlsx import XLSX_MEDIA_TYPE
from storage import content_disposition

router = APIRouter(prefix="/reports", tags=["reports"])

FromDate = Annotated[date | None, Query(alias="from", description="Từ ngày (YYYY-MM-DD), tính cả ngày này")]
ToDate = Annotated[date | None, Query(alias="to", description="Đến ngày (YYYY-MM-DD), tính cả ngày này")]


@router.get("/registers")
def list_report_registers(
    session: SessionDep,
    user: CurrentUser,
    year: Annotated[int | None, Query(ge=1900, le=9999)] = None,
) -> list[RegisterOut]:
    """Sổ văn bản đến / đi the caller may export (văn thư, lãnh đạo, quản trị viên of its agency)."""
    return [RegisterOut.of(r) for r in service.exportable_registers(session, user, year)]


@router.get(
    "/registers/{register_id}/export",
    response_class=Response,
    responses={
        200: {
            "content": {PDF_MEDIA_TYPE: {}, XLSX_MEDIA_TYPE: {}},
            "description": "Sổ đăng ký văn bản, tải về dạng tệp đính kèm",
        }
    },
)
def export_register(
    register_id: int,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    start: FromDate = None,
    end: ToDate = None,
    format: Annotated[ExportFormat, Query(description="xlsx hoặc pdf")] = ExportFormat.XLSX,  # noqa: A002
) -> Response:
    """Sổ đăng ký văn bản đến / đi for a period, in the column layout of Nghị định 30/2020/NĐ-CP."""
    file = service.export_register(session, user, register_id, start, end, format, timezone=settings.timezone)
    return Response(
        content=file.content,
        media_type=file.media_type,
        headers={
            "Content-Disposition": content_disposition(file.filename),
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.get("/statistics", response_model_by_alias=True)
def handling_statistics(
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    start: FromDate = None,
    end: ToDate = None,
    department_id: int | None = None,
    agency_id: int | None = None,
) -> StatisticsOut:
    """Văn bản đến per unit: received, completed on time / late, overdue, in progress, average handling
    time and on-time rate; only documents the caller may read are counted."""
    statistics = service.statistics_for(
        session,
        user,
        agency_id=agency_id,
        department_id=department_id,
        start=start,
        end=end,
        today=clock.today(settings.timezone),
        timezone=settings.timezone,
    )
    return StatisticsOut.of(statistics)
