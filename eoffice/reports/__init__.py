"""Sổ đăng ký văn bản đến / đi exported as XLSX and PDF, and handling statistics per unit and period."""

from eoffice.reports.collation import vietnamese_key, vietnamese_sorted
from eoffice.reports.errors import (
    ExportForbidden,
    InvalidPeriod,
    PdfConversionFailed,
    PdfConverterMissing,
    RegisterNotFound,
    ReportError,
    StatisticsForbidden,
)
from eoffice.reports.layouts import INCOMING_COLUMNS, OUTGOING_COLUMNS, RegisterReport
from eoffice.reports.period import Period
from eoffice.reports.register_rows import register_report
from eoffice.reports.service import (
    ExportFile,
    ExportFormat,
    export_register,
    exportable_registers,
    statistics_for,
)
from eoffice.reports.statistics import Figures, Statistics, UnitFigures, handling_statistics
from eoffice.reports.xlsx import write_xlsx

__all__ = [
    "INCOMING_COLUMNS",
    "OUTGOING_COLUMNS",
    "ExportFile",
    "ExportForbidden",
    "ExportFormat",
    "Figures",
    "InvalidPeriod",
    "PdfConversionFailed",
    "PdfConverterMissing",
    "Period",
    "RegisterNotFound",
    "RegisterReport",
    "ReportError",
    "Statistics",
    "StatisticsForbidden",
    "UnitFigures",
    "export_register",
    "exportable_registers",
    "handling_statistics",
    "register_report",
    "statistics_for",
    "vietnamese_key",
    "vietnamese_sorted",
    "write_xlsx",
]
