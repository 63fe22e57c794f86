"""A register workbook printed to PDF by LibreOffice Calc headless, exactly as its page setup says.

LibreOffice runs isolated as `eoffice.libreoffice` says (the sheet holds titles and names other agencies
wrote). It needs its Calc component for XLSX (the Debian package `libreoffice-calc-nogui`); a missing or
failing converter is an error, never an empty PDF.
"""

from __future__ import annotations

from eoffice.libreoffice import (
    ConversionTimeout,
    ConverterMissing,
    LibreOfficeError,
    convert_to_pdf,
    soffice_path,
)
from eoffice.reports.errors import PdfConversionFailed, PdfConverterMissing

__all__ = ["PDF_MEDIA_TYPE", "soffice_path", "xlsx_to_pdf"]

PDF_MEDIA_TYPE = "application/pdf"
DEFAULT_TIMEOUT = 90.0


def xlsx_to_pdf(xlsx: bytes, *, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """The workbook's sheets as one PDF, as LibreOffice Calc prints them."""
    try:
        return convert_to_pdf(xlsx, suffix=".xlsx", export_filter="calc_pdf_Export", timeout=timeout)
    except ConverterMissing as exc:
        raise PdfConverterMissing() from exc
    except ConversionTimeout as exc:
        raise PdfConversionFailed(
            f"Chuyển sổ văn bản sang PDF quá {timeout:g} giây; đã dừng.", detail={"timeout": timeout}
        ) from exc
    except LibreOfficeError as exc:
        raise PdfConversionFailed(detail={"stderr": exc.detail}) from exc
