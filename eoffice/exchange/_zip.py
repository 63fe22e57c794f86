"""Zipping attachments as the national platform does (one file per archive), and unzipping them safely.

Unzipping reads at most the configured number of bytes whatever the archive claims, so a zip bomb stops at
the limit with `edxml.too_large`; a damaged archive or CRC mismatch is `edxml.attachment_invalid`.
"""

from __future__ import annotations

import io
import zipfile

from eoffice.exchange.errors import EdxmlAttachmentInvalid, EdxmlTooLarge

__all__ = ["ZIP_CONTENT_TYPE", "unzip_one", "zip_one"]

ZIP_CONTENT_TYPE = "application/zip"
_CHUNK = 1024 * 1024


def zip_one(name: str, data: bytes) -> bytes:
    """One file in a deflated archive, under its own name."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo(name, date_time=(2016, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def unzip_one(data: bytes, *, label: str, max_bytes: int) -> tuple[str, bytes]:
    """The single file inside an attachment archive: (its name, its bytes), bounded by `max_bytes`."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise EdxmlAttachmentInvalid(f"Tệp đính kèm “{label}” không phải tệp nén ZIP hợp lệ.") from exc
    with archive:
        entries = [info for info in archive.infolist() if not info.is_dir()]
        if len(entries) != 1:
            raise EdxmlAttachmentInvalid(
                f"Tệp nén đính kèm “{label}” phải chứa đúng một tệp (có {len(entries)}).",
                detail={"attachment": label, "entries": len(entries)},
            )
        entry = entries[0]
        chunks: list[bytes] = []
        total = 0
        try:
            with archive.open(entry) as stream:
                while chunk := stream.read(_CHUNK):
                    total += len(chunk)
                    if total > max_bytes:
                        raise EdxmlTooLarge(
                            f"Tệp đính kèm “{label}” sau khi giải nén vượt quá giới hạn {max_bytes} byte.",
                            detail={"attachment": label, "limit": max_bytes},
                        )
                    chunks.append(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
            raise EdxmlAttachmentInvalid(
                f"Tệp nén đính kèm “{label}” bị hỏng hoặc không giải nén được: {exc}."
            ) from exc
        return entry.filename.rsplit("/", 1)[-1], b"".join(chunks)
