"""Errors of the template library, with stable ``template.*`` codes and Vietnamese messages.

Unsafe or unreadable uploads raise the checks' ``docx.*`` errors (``eoffice.checks.CheckError``) unchanged,
so an upload is refused with the same code whether it is a draft or a template.
"""

from __future__ import annotations

from eoffice.errors import EOfficeError

__all__ = ["DraftingError", "PdfConversionError", "TemplateError"]


class DraftingError(EOfficeError):
    status_code = 422
    code = "drafting.error"
    message = "Không tạo được dự thảo."

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message, code=code)


class TemplateError(DraftingError):
    """``template.unknown``, ``template.missing_placeholder``, ``template.unknown_placeholder``,
    ``template.missing_field``."""


class PdfConversionError(DraftingError):
    """``pdf.converter_missing``, ``pdf.conversion_failed``, ``pdf.conversion_timeout``."""

    status_code = 503
