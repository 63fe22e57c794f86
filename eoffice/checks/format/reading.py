"""Đọc bố cục văn bản: the thể thức elements of a DOCX or PDF, for code that reads documents rather than
judging them (the register's pre-fill reads a received document's number, issuer, date and signer here).
"""

from __future__ import annotations

from eoffice.checks.format._layout import Layout, analyse
from eoffice.checks.format._reader import Line, read_lines
from eoffice.checks.format.checker import open_docx
from eoffice.checks.format.pdf import read_pdf_lines
from eoffice.file_kinds import is_pdf

__all__ = ["Layout", "Line", "read_layout"]


def read_layout(data: bytes) -> Layout:
    """The layout of a DOCX or PDF (a PDF's lines carry their page and box); a PDF without a text layer
    gives a layout without lines. Bad input raises the checker's ``CheckError``s."""
    if is_pdf(data):
        return analyse(read_pdf_lines(data))
    return analyse(read_lines(open_docx(data).document))
