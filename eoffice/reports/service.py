"""The reports' use cases as the API and the command line call them: list, export, statistics."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.orgs.errors import AgencyNotFound, DepartmentNotFound
from eoffice.orgs.models import Department, User
from eoffice.permissions import member_agencies
from eoffice.registers import Register
from eoffice.reports._access import EXPORTERS, check_export, statistics_scope
from eoffice.reports.pdf import PDF_MEDIA_TYPE, xlsx_to_pdf
from eoffice.reports.period import Period
from eoffice.reports.register_rows import register_report
from eoffice.reports.statistics import Statistics, handling_statistics
from eoffice.reports.xlsx import XLSX_MEDIA_TYPE, write_xlsx

__all__ = [
    "ExportFile",
    "ExportFormat",
    "export_register",
    "exportable_registers",
    "statistics_for",
]


class ExportFormat(enum.StrEnum):
    XLSX = "xlsx"
    PDF = "pdf"


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    media_type: str
    filename: str


def exportable_registers(session: Session, user: User, year: int | None = None) -> list[Register]:
    """The registers of every agency where the user is văn thư, leader or admin, newest year first."""
    agencies = {r.agency_id for r in user.roles if r.role in EXPORTERS}
    if not agencies:
        return []
    query = select(Register).where(Register.agency_id.in_(agencies))
    if year is not None:
        query = query.where(Register.year == year)
    return list(session.scalars(query.order_by(Register.year.desc(), Register.kind, Register.agency_id)))


def export_register(
    session: Session,
    user: User,
    register_id: int,
    start: date | None,
    end: date | None,
    export_format: ExportFormat,
    *,
    timezone: str,
) -> ExportFile:
    """Sổ đăng ký văn bản for the period (default: the register's whole year) as XLSX or PDF."""
    register = check_export(user, session.get(Register, register_id))
    period = Period.of(
        start,
        end,
        default_start=date(register.year, 1, 1),
        default_end=date(register.year, 12, 31),
    )
    report = register_report(session, user, register.id, period, timezone=timezone)
    workbook = write_xlsx(report)
    if export_format == ExportFormat.XLSX:
        return ExportFile(workbook, XLSX_MEDIA_TYPE, f"{report.filename_stem}.xlsx")
    session.close()  # release the connection while LibreOffice works
    return ExportFile(xlsx_to_pdf(workbook), PDF_MEDIA_TYPE, f"{report.filename_stem}.pdf")


def statistics_for(
    session: Session,
    user: User,
    *,
    agency_id: int | None,
    department_id: int | None,
    start: date | None,
    end: date | None,
    today: date,
    timezone: str,
) -> Statistics:
    """Handling statistics the caller may see: any unit for the agency's office, their own for a unit head.

    The period defaults to the current year up to today.
    """
    department: Department | None = None
    if department_id is not None:
        department = session.get(Department, department_id)
        if (
            department is None
            or department.agency_id not in member_agencies(user)
            or (agency_id is not None and department.agency_id != agency_id)
        ):
            raise DepartmentNotFound()
        agency_id = department.agency_id
    agency = agency_id if agency_id is not None else user.agency_id
    if agency not in member_agencies(user):
        raise AgencyNotFound()
    scope = statistics_scope(user, agency, department)
    period = Period.of(start, end, default_start=date(today.year, 1, 1), default_end=today)
    return handling_statistics(
        session, user, agency, period, department_id=scope, today=today, timezone=timezone
    )
