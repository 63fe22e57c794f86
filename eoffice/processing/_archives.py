"""Refuse a DOCX bomb before any XML parser sees it: a few kilobytes that inflate to gigabytes."""

from __future__ import annotations

import zipfile
from pathlib import Path

from eoffice.processing.errors import ArchiveBomb, FileUnreadable

MAX_UNCOMPRESSED = 256 * 1024 * 1024
MAX_RATIO = 200  # a real DOCX part compresses 5-20x; zeros or repeated tags compress 1000x
RATIO_FLOOR = 16 * 1024 * 1024  # small parts may compress very well without harm
MAX_ENTRIES = 10_000


def check_docx_archive(path: Path) -> None:
    """Raise `ArchiveBomb` when the archive's declared sizes could exhaust the worker's memory or time."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise FileUnreadable(
            f"Tệp DOCX {path.name} bị hỏng, không đọc được.", code="document.malformed"
        ) from exc
    if len(entries) > MAX_ENTRIES:
        raise ArchiveBomb(
            f"Tệp DOCX {path.name} chứa {len(entries)} thành phần, vượt giới hạn {MAX_ENTRIES}."
        )
    total = sum(e.file_size for e in entries)
    if total > MAX_UNCOMPRESSED:
        raise ArchiveBomb(
            f"Tệp DOCX {path.name} giải nén ra {total // (1024 * 1024)} MB, vượt giới hạn "
            f"{MAX_UNCOMPRESSED // (1024 * 1024)} MB (nghi là tệp độc hại)."
        )
    for entry in entries:
        if entry.file_size > RATIO_FLOOR and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise ArchiveBomb(
                f"Thành phần {entry.filename} của tệp DOCX {path.name} có tỉ lệ nén bất thường "
                "(nghi là tệp độc hại)."
            )
