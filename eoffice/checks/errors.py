"""Errors of the checks: a file that cannot be checked at all (not a DOCX, encrypted, a zip bomb...).

Findings are not errors — a draft full of mistakes is still checked. These are raised only when there is
nothing safe to read; each carries a stable ``docx.*`` / ``pdf.*`` code and a Vietnamese message.
"""

from __future__ import annotations

from eoffice.errors import EOfficeError

__all__ = ["CheckError", "UnreadableDraft", "UnsafeDraft"]


class CheckError(EOfficeError):
    """Base of the checks' errors."""

    status_code = 422
    code = "check.error"
    message = "Không kiểm tra được tệp."

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message, code=code)


class UnreadableDraft(CheckError):
    """Not a DOCX/PDF, encrypted, empty or malformed: ``docx.not_a_docx``, ``docx.encrypted``, ``docx.empty``,
    ``pdf.unreadable``."""


class UnsafeDraft(CheckError):
    """Readable but refused: ``docx.too_large`` (a zip bomb), and — where refusal is asked for —
    ``docx.macros`` and ``docx.external_reference``."""

    status_code = 422
