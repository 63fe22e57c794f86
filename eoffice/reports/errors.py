"""Errors of the reports slice, each with a stable ``report.*`` code and a Vietnamese message."""

from __future__ import annotations

from eoffice.errors import EOfficeError, Forbidden, InvalidInput, NotFound, ServiceUnavailable

__all__ = [
    "ExportForbidden",
    "InvalidPeriod",
    "PdfConversionFailed",
    "PdfConverterMissing",
    "RegisterNotFound",
    "ReportError",
    "StatisticsForbidden",
]


class ReportError(EOfficeError):
    """Base of every error of register exports and statistics."""

    code = "report.error"
    message = "Không lập được báo cáo."


class RegisterNotFound(ReportError, NotFound):
    code = "report.register_not_found"
    message = "Không tìm thấy sổ văn bản."


class ExportForbidden(ReportError, Forbidden):
    code = "report.export_forbidden"
    message = "Chỉ văn thư, lãnh đạo hoặc quản trị viên của cơ quan mới được xuất sổ văn bản."


class StatisticsForbidden(ReportError, Forbidden):
    code = "report.statistics_forbidden"
    message = "Bạn không có quyền xem thống kê của đơn vị này."


class InvalidPeriod(ReportError, InvalidInput):
    code = "report.invalid_period"
    message = "Khoảng thời gian không hợp lệ: ngày bắt đầu phải trước hoặc bằng ngày kết thúc."


class PdfConverterMissing(ReportError, ServiceUnavailable):
    code = "report.pdf_converter_missing"
    message = "Máy chủ chưa cài LibreOffice (soffice) nên không xuất được sổ ra PDF; hãy xuất XLSX."


class PdfConversionFailed(ReportError, ServiceUnavailable):
    code = "report.pdf_conversion_failed"
    message = "LibreOffice không chuyển được sổ văn bản sang PDF."
