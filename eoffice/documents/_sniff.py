"""What a file really is, read from its first bytes (never from the name or the client's content type)."""

from __future__ import annotations

import enum
import zipfile
from typing import BinaryIO


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


def sniff(stream: BinaryIO) -> FileKind | None:
    """The file's kind by magic bytes, or None; leaves the stream at position 0 (it must be seekable)."""
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    if head.startswith(b"%PDF-"):
        return FileKind.PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileKind.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return FileKind.JPEG
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return FileKind.TIFF
    if head.startswith(b"PK\x03\x04") and _is_docx(stream):
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
