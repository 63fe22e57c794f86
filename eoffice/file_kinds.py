"""Loại tệp: what a file really is, read from its first bytes — never from its name or the client's content type.

The one place that knows the magic bytes. Uploads (incoming scans, outgoing drafts), the checks, the CLI and
the exchange all ask here, so "is this a PDF" has one answer:

- `sniff` names the kinds eOffice keeps (PDF, DOCX, PNG, JPEG, TIFF) from a seekable stream; a ZIP is a DOCX
  only when it holds the WordprocessingML main part.
- `is_pdf`, `is_zip`, `is_ole` answer for bytes already in memory, at offset 0, as `sniff` does.
- `has_pdf_header` is the readers' looser rule (the header anywhere in the first kilobyte): used where a
  file a PDF viewer would open must not escape a check (a received package's signatures), never to accept
  an upload.

It depends on no feature, so every slice may import it.
"""

from __future__ import annotations

import enum
import zipfile
from typing import BinaryIO

__all__ = [
    "DRAFTS",
    "SCANNABLE",
    "FileKind",
    "has_pdf_header",
    "is_ole",
    "is_pdf",
    "is_zip",
    "sniff",
]

_PDF_MAGIC = b"%PDF-"
_PDF_HEADER_WINDOW = 1024  # where PDF readers look for the header (ISO 32000-1 implementation notes)
_ZIP_MAGIC = b"PK\x03\x04"  # a local file header: the first entry of a non-empty archive
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"  # the end-of-directory record, first in an archive without entries
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc, and password-protected Office files
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_JPEG_MAGIC = b"\xff\xd8\xff"
_TIFF_MAGICS = (b"II*\x00", b"MM\x00*")


class FileKind(enum.StrEnum):
    PDF = "pdf"
    DOCX = "docx"
    PNG = "png"
    JPEG = "jpeg"
    TIFF = "tiff"

    @property
    def content_type(self) -> str:
        return _CONTENT_TYPES[self]

    @property
    def extension(self) -> str:
        return {FileKind.JPEG: ".jpg", FileKind.TIFF: ".tif"}.get(self, f".{self.value}")


_CONTENT_TYPES = {
    FileKind.PDF: "application/pdf",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.PNG: "image/png",
    FileKind.JPEG: "image/jpeg",
    FileKind.TIFF: "image/tiff",
}

SCANNABLE = frozenset(FileKind)  # what an incoming document may arrive as
DRAFTS = frozenset({FileKind.PDF, FileKind.DOCX})  # what an outgoing draft may be


def is_pdf(data: bytes) -> bool:
    """The bytes start as a PDF (what eOffice accepts and stores as one)."""
    return data.startswith(_PDF_MAGIC)


def has_pdf_header(data: bytes) -> bool:
    """A PDF reader would open these bytes as a PDF: the header within the first kilobyte, junk before it
    allowed."""
    return _PDF_MAGIC in data[:_PDF_HEADER_WINDOW]


def is_zip(data: bytes, *, allow_empty: bool = False) -> bool:
    """The bytes start as a ZIP archive; `allow_empty` also accepts one without entries."""
    return data.startswith(_ZIP_MAGIC) or (allow_empty and data.startswith(_EMPTY_ZIP_MAGIC))


def is_ole(data: bytes) -> bool:
    """An OLE compound file: a legacy Word .doc, or any Office file saved with a password."""
    return data.startswith(_OLE_MAGIC)


def sniff(stream: BinaryIO) -> FileKind | None:
    """The file's kind by magic bytes, or None; leaves the stream at position 0 (it must be seekable)."""
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    if is_pdf(head):
        return FileKind.PDF
    if head.startswith(_PNG_MAGIC):
        return FileKind.PNG
    if head.startswith(_JPEG_MAGIC):
        return FileKind.JPEG
    if head.startswith(_TIFF_MAGICS):
        return FileKind.TIFF
    if is_zip(head) and _is_docx(stream):
        return FileKind.DOCX
    return None


def _is_docx(stream: BinaryIO) -> bool:
    """A ZIP is a DOCX when it holds the WordprocessingML main part (any other ZIP is refused)."""
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        stream.seek(0)
    return "word/document.xml" in names and "[Content_Types].xml" in names
