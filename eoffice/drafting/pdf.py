"""Xem trước PDF: a DOCX turned into PDF by LibreOffice headless, for preview before signing.

The draft comes from a person, possibly of another agency, so the converter must read nothing but the draft:
the package is sanitised first (`eoffice.docx_safety`): linked images, OLE links, attached templates,
frames, sub-documents, INCLUDEPICTURE/INCLUDETEXT/LINK/DDE fields are taken out and reported, and a package
with a DTD is refused — a draft with a linked picture still converts, without the picture. LibreOffice then
runs isolated as `eoffice.libreoffice` says (own network namespace, untrusted links and macros blocked,
private scratch folder, hard timeout).

A missing ``soffice`` or a failed conversion is an error, never an empty PDF.
"""

from __future__ import annotations

from dataclasses import dataclass

from eoffice.docx_safety import sanitise_for_conversion
from eoffice.drafting.errors import PdfConversionError
from eoffice.libreoffice import (
    ConversionTimeout,
    ConverterMissing,
    LibreOfficeError,
    convert_to_pdf,
    isolation_prefix,
    soffice_path,
)

__all__ = ["ConvertedPdf", "convert_docx", "docx_to_pdf", "isolation_prefix", "soffice_path"]


@dataclass(frozen=True)
class ConvertedPdf:
    """The PDF, and what was removed from the draft before converting it (Vietnamese; empty when nothing)."""

    pdf: bytes
    notice: str = ""


def docx_to_pdf(docx: bytes, timeout: float = 60) -> bytes:
    """The draft as PDF (sanitised and isolated as the module says); see `convert_docx` for what was removed."""
    return convert_docx(docx, timeout=timeout).pdf


def convert_docx(docx: bytes, timeout: float = 60) -> ConvertedPdf:
    """Sanitise the draft, convert it in isolation; raises `docx_safety` errors for a refused package."""
    sanitised = sanitise_for_conversion(docx)
    try:
        pdf = convert_to_pdf(
            sanitised.data, suffix=".docx", export_filter="writer_pdf_Export", timeout=timeout
        )
    except ConverterMissing as exc:
        raise PdfConversionError(
            "pdf.converter_missing",
            "Máy chủ chưa cài LibreOffice (soffice) nên không tạo được bản xem trước PDF.",
        ) from exc
    except ConversionTimeout as exc:
        raise PdfConversionError(
            "pdf.conversion_timeout", f"Chuyển đổi sang PDF quá {timeout:g} giây; đã dừng."
        ) from exc
    except LibreOfficeError as exc:
        raise PdfConversionError(
            "pdf.conversion_failed", f"LibreOffice không chuyển được văn bản sang PDF. {exc.detail}".strip()
        ) from exc
    return ConvertedPdf(pdf, sanitised.notice)
