"""Refuse a DOCX bomb before any XML parser sees it: a few kilobytes that inflate to gigabytes."""

from __future__ import annotations

import zipfile
from pathlib import Path

from eoffice.archive_limits import ARCHIVE_LIMITS, MIB, OverflowKind, overflow
from eoffice.processing.errors import ArchiveBomb, FileUnreadable


def check_docx_archive(path: Path) -> None:
    """Raise `ArchiveBomb` when the archive's declared sizes could exhaust the worker's memory or time
    (the limits every archive is held to: `eoffice.archive_limits`)."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise FileUnreadable(
            f"Tệp DOCX {path.name} bị hỏng, không đọc được.", code="document.malformed"
        ) from exc
    found = overflow(entries)
    if found is None:
        return
    limits = ARCHIVE_LIMITS
    if found.kind is OverflowKind.ENTRIES:
        raise ArchiveBomb(
            f"Tệp DOCX {path.name} chứa {found.entries} thành phần, vượt giới hạn {limits.max_entries}."
        )
    if found.kind is OverflowKind.TOTAL:
        raise ArchiveBomb(
            f"Tệp DOCX {path.name} giải nén ra {found.total_bytes // MIB} MB, vượt giới hạn "
            f"{limits.max_uncompressed_bytes // MIB} MB (nghi là tệp độc hại)."
        )
    assert found.entry is not None
    if found.kind is OverflowKind.ENTRY:
        raise ArchiveBomb(
            f"Thành phần {found.entry.filename} của tệp DOCX {path.name} giải nén ra "
            f"{found.entry.file_size // MIB} MB, vượt giới hạn {limits.max_entry_bytes // MIB} MB "
            "(nghi là tệp độc hại)."
        )
    raise ArchiveBomb(
        f"Thành phần {found.entry.filename} của tệp DOCX {path.name} có tỉ lệ nén bất thường "
        "(nghi là tệp độc hại)."
    )
