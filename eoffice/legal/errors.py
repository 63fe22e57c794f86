"""Errors of the legal corpus: a corpus file that cannot be loaded, a corpus that cannot be read.

Each carries a stable ``legal.*`` code and a Vietnamese message; ``detail`` lists the offending records so an
operator can fix the export and load it again (nothing is loaded from a file with any error).
"""

from __future__ import annotations

from typing import Any

from eoffice.errors import EOfficeError

__all__ = ["CorpusUnavailable", "InvalidCorpusFile", "LegalError"]


class LegalError(EOfficeError):
    """Base of the legal corpus's errors."""

    status_code = 422
    code = "legal.error"
    message = "Lỗi cơ sở dữ liệu văn bản pháp luật."


class InvalidCorpusFile(LegalError):
    """``legal.invalid_file``: unreadable, not JSON/CSV, or records that break the schema (docs/LEGAL_CORPUS.md)."""

    code = "legal.invalid_file"
    message = "Tệp dữ liệu văn bản pháp luật không hợp lệ."

    def __init__(self, message: str, *, problems: list[str] | None = None, detail: Any = None) -> None:
        self.problems = problems or []
        full = message
        if self.problems:
            shown = self.problems[:10]
            more = len(self.problems) - len(shown)
            full += "\n" + "\n".join(f"- {p}" for p in shown)
            if more > 0:
                full += f"\n- … và {more} lỗi khác"
        super().__init__(full, detail=detail if detail is not None else self.problems)


class CorpusUnavailable(LegalError):
    """``legal.corpus_unavailable``: the legal-documents table cannot be read (database not migrated)."""

    status_code = 503
    code = "legal.corpus_unavailable"
    message = "Chưa đọc được cơ sở dữ liệu văn bản pháp luật; hãy chạy `eoffice migrate`."
