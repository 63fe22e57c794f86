"""Trích xuất văn bản: the plain text of a PDF, DOCX or TXT file, for search and the citation parser.

Everything returned is NFC with ``\\n`` line ends, so offsets computed on it (citation spans) mean the same
thing whatever produced the file. A PDF is read from its text layer only: a scan without one raises
``UnreadableDocument`` with code ``document.no_text`` so that the caller can send it to OCR instead of
silently indexing nothing.
"""

from __future__ import annotations

import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path

from eoffice.errors import EOfficeError
from eoffice.file_kinds import is_ole, is_pdf, is_zip
from signing.pdfium_lock import PDFIUM_LOCK

__all__ = ["UnreadableDocument", "extract_text"]


class UnreadableDocument(EOfficeError):
    """The file cannot be turned into text: unsupported type, malformed, encrypted, or without text."""

    status_code = 422
    code = "document.unreadable"
    message = "Không đọc được nội dung tệp."

    def __init__(self, code: str, message_vi: str) -> None:
        super().__init__(message_vi, code=code)


def extract_text(path: Path) -> str:
    """The text of ``path`` (PDF text layer, DOCX paragraphs and tables in order, or UTF-8 TXT), NFC."""
    path = Path(path)
    try:
        with path.open("rb") as file:
            head = file.read(8)
    except FileNotFoundError:
        raise UnreadableDocument("document.not_found", f"Không tìm thấy tệp {path.name}.") from None
    except OSError as exc:
        raise UnreadableDocument(
            "document.unreadable", f"Không mở được tệp {path.name}: {exc.strerror}."
        ) from exc
    suffix = path.suffix.lower()
    if suffix == ".pdf" or (suffix not in (".docx", ".txt") and is_pdf(head)):
        text = _pdf_text(path, head)
    elif suffix == ".docx" or (suffix != ".txt" and is_zip(head)):
        text = _docx_text(path, head, sniffed=suffix != ".docx")
    elif suffix == ".txt":
        text = _txt_text(path)
    else:
        raise _unsupported(path)
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def _unsupported(path: Path) -> UnreadableDocument:
    return UnreadableDocument(
        "document.unsupported_type",
        f"Không hỗ trợ định dạng của tệp {path.name}; chỉ đọc được PDF, DOCX và TXT.",
    )


def _pdf_text(path: Path, head: bytes) -> str:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_raw

    if not is_pdf(head):
        raise UnreadableDocument("document.malformed", f"Tệp {path.name} không phải là tệp PDF hợp lệ.")
    with PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as exc:
            if exc.err_code in (pdfium_raw.FPDF_ERR_PASSWORD, pdfium_raw.FPDF_ERR_SECURITY):
                raise UnreadableDocument(
                    "document.encrypted",
                    f"Tệp PDF {path.name} được đặt mật khẩu; hãy gỡ mật khẩu rồi thử lại.",
                ) from exc
            raise UnreadableDocument(
                "document.malformed", f"Tệp PDF {path.name} bị hỏng, không đọc được."
            ) from exc
        try:
            pages = []
            for index in range(len(pdf)):
                page = pdf[index]
                textpage = page.get_textpage()
                # The whole text layer in content order: get_text_bounded() drops characters whose boxes pdfium
                # places off the page, which happens with some embedded-font encodings. Vietnamese is all in
                # the BMP, so get_text_range()'s UCS-2 limit does not bite.
                pages.append(textpage.get_text_range())
                textpage.close()
                page.close()
        finally:
            pdf.close()
    text = "\n\n".join(p.strip("\r\n") for p in pages)
    if pages and not text.strip():
        raise UnreadableDocument(
            "document.no_text",
            f"Tệp PDF {path.name} không có lớp văn bản (có thể là bản quét); cần nhận dạng ký tự (OCR).",
        )
    return text


def _docx_text(path: Path, head: bytes, *, sniffed: bool) -> str:
    """``sniffed``: the name does not say DOCX, the content is a zip (an ODT, an XLSX... is not ours)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if is_ole(head):
        raise UnreadableDocument(
            "document.encrypted",
            f"Tệp {path.name} được đặt mật khẩu hoặc là tệp Word cũ (.doc); hãy lưu lại dưới dạng DOCX.",
        )
    if not is_zip(head):
        raise UnreadableDocument("document.malformed", f"Tệp {path.name} không phải là tệp DOCX hợp lệ.")
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        if sniffed:
            raise _unsupported(path) from exc
        raise UnreadableDocument(
            "document.malformed", f"Tệp DOCX {path.name} bị hỏng, không đọc được."
        ) from exc
    return "\n".join(_block_lines(document))


def _block_lines(container: object) -> Iterator[str]:
    """Paragraph texts of a document body or table cell, descending into tables in document order."""
    from docx.table import Table

    for block in container.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Table):
            for row in block.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell is returned once per grid column it spans
                        continue
                    seen.add(id(cell._tc))
                    yield from _block_lines(cell)
        else:
            yield block.text


def _txt_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableDocument(
            "document.bad_encoding", f"Tệp {path.name} không được mã hóa UTF-8; hãy lưu lại với mã UTF-8."
        ) from exc
