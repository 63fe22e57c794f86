"""Looking inside an upload before it is kept: the first bytes say what a file claims to be; this says whether
it really is one that a clerk, the pipeline and a leader's viewer can open safely.

A received file is kept byte for byte, so a broken one is refused at the door with a reason the sender can act
on, rather than stored and failing later out of sight.
"""

from __future__ import annotations

import io
import zipfile
from typing import BinaryIO

from eoffice.archive_limits import overflow
from eoffice.documents.errors import FileMalformed, FileUnsafe
from eoffice.file_kinds import FileKind, is_zip
from signing.pdfium_lock import PDFIUM_LOCK

MAX_IMAGE_PIXELS = 60_000_000  # about an A3 page scanned at 600 dpi
MAX_EMBEDDED_BYTES = 50 * 1024 * 1024  # an embedded object larger than this is not read to be looked into
_PDF_TAIL = 2048  # readers accept a little trailing garbage after %%EOF


def validate_content(stream: BinaryIO, kind: FileKind, name: str) -> None:
    """Raise `FileMalformed` / `FileUnsafe` (Vietnamese messages) unless the file opens as `kind`."""
    stream.seek(0)
    try:
        if kind is FileKind.PDF:
            _check_pdf(stream, name)
        elif kind is FileKind.DOCX:
            _check_docx(stream.read(), name)
        else:
            _check_image(stream, name)
    finally:
        stream.seek(0)


def _check_pdf(stream: BinaryIO, name: str) -> None:
    import pypdfium2

    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(max(0, size - _PDF_TAIL))
    if b"%%EOF" not in stream.read():
        raise FileMalformed(f"Tệp PDF “{name}” bị cắt cụt (thiếu phần kết thúc %%EOF); hãy lấy lại tệp gốc.")
    stream.seek(0)
    data = stream.read()
    with PDFIUM_LOCK:
        try:
            pdf = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError as exc:
            if "password" in str(exc).lower():
                raise FileMalformed(
                    f"Tệp PDF “{name}” được đặt mật khẩu; hãy gỡ mật khẩu rồi tải lên lại.",
                    code="file.encrypted",
                ) from None
            raise FileMalformed(f"Tệp PDF “{name}” bị hỏng, không mở được.") from None
        try:
            if len(pdf) == 0:
                raise FileMalformed(f"Tệp PDF “{name}” không có trang nào.")
            pdf[0].close()
        except pypdfium2.PdfiumError:
            raise FileMalformed(f"Tệp PDF “{name}” bị hỏng, không đọc được trang đầu.") from None
        finally:
            pdf.close()
    _check_pdf_structure(data, name)


def _check_pdf_structure(data: bytes, name: str) -> None:
    """A second, stricter reader (qpdf, which OCR and archiving use): pdfium silently picks one of two
    conflicting page trees where qpdf finds a loop."""
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            len(pdf.pages)
    except pikepdf.PasswordError:
        return  # owner-password-only files open in pdfium; user passwords were refused above
    except (pikepdf.PdfError, RecursionError, ValueError):
        raise FileMalformed(f"Tệp PDF “{name}” có cấu trúc hỏng (cây trang không hợp lệ).") from None


def _check_docx(data: bytes, name: str) -> None:
    from eoffice.checks.errors import CheckError
    from eoffice.checks.format.package import inspect_package

    try:
        inspect_package(data)
    except CheckError as exc:
        error = FileUnsafe if exc.code == "docx.too_large" else FileMalformed
        raise error(f"Tệp Word “{name}”: {exc.message}") from None
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.filename.startswith("word/embeddings/") and info.file_size <= MAX_EMBEDDED_BYTES:
                with archive.open(info) as part:
                    _check_embedded_archive(part.read(), name)
    _check_xml_parts(data, name)
    try:
        import docx

        docx.Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001 — whatever python-docx trips on, the file is not a usable DOCX
        raise FileMalformed(f"Tệp Word “{name}” bị hỏng, không mở được.") from None


def _check_xml_parts(data: bytes, name: str) -> None:
    """Every XML part parsed, whatever its encoding or what precedes a DOCTYPE (a byte search of the first
    kilobytes missed a DOCTYPE after a long comment and one in UTF-16)."""
    from eoffice.docx_safety import MalformedDocx, UnsafeDocx, check_xml_parts

    try:
        check_xml_parts(data)
    except UnsafeDocx as exc:
        raise FileUnsafe(f"Tệp “{name}” bị từ chối: {exc.message}") from None
    except MalformedDocx as exc:
        raise FileMalformed(f"Tệp “{name}” bị từ chối: {exc.message}") from None


def _check_embedded_archive(data: bytes, name: str) -> None:
    """An archive embedded in a DOCX is opened by Word and LibreOffice too: hold it to the same bomb limits
    (`eoffice.archive_limits`) as the DOCX around it."""
    if not is_zip(data):
        return
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as inner:
            entries = inner.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return
    if overflow(entries) is not None:
        raise FileUnsafe(f"Tệp Word “{name}” nhúng một tệp nén giải nén quá lớn (nghi là bom nén).")


def _check_image(stream: BinaryIO, name: str) -> None:
    from PIL import Image

    try:
        with Image.open(stream) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise FileUnsafe(
                    f"Ảnh “{name}” quá lớn ({image.width}×{image.height} điểm ảnh); hãy quét ở độ phân giải thấp hơn."
                )
            image.verify()
        stream.seek(0)
        with Image.open(stream) as image:
            image.load()
    except (FileUnsafe, FileMalformed):
        raise
    except Exception:  # noqa: BLE001 — Pillow raises many types for broken images
        raise FileMalformed(f"Ảnh “{name}” bị hỏng, không mở được.") from None
