"""Giới hạn giải nén: what a ZIP archive's directory may declare before it is refused as a zip bomb.

A DOCX (and a workbook embedded in one) is a ZIP archive: a few kilobytes may declare gigabytes that a
parser, LibreOffice or the text extractor would inflate. The directory alone says so, without inflating a
byte, so every place that opens an archive — an uploaded file, a draft being checked, the pipeline before it
extracts or converts — asks `overflow` first, against the same `ARCHIVE_LIMITS`, and words the refusal in
its own error.

The limits are the strictest of the three sets that grew separately (the draft check's, the pipeline's and
the embedded-archive check's), except the 100:1 ratio the embedded-archive check used: a real form exceeds
it (the ``document.xml`` of an empty 3000-row table made by python-docx is 1.2 MiB at 134:1), so the ratio is
the 200:1 the two others used, from the lower 1 MiB floor. A declared total of 200 MiB is several times the
largest real document; a DOCX has tens of parts, a heavily illustrated one a few hundred.
"""

from __future__ import annotations

import enum
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["ARCHIVE_LIMITS", "MIB", "ArchiveLimits", "Overflow", "OverflowKind", "overflow"]

MIB = 1024 * 1024


@dataclass(frozen=True)
class ArchiveLimits:
    """The declared sizes an archive may not exceed."""

    max_entries: int = 5000
    max_uncompressed_bytes: int = 200 * MIB  # all entries together
    max_entry_bytes: int = 100 * MIB
    max_ratio: float = 200.0  # uncompressed / compressed of one entry (a real DOCX part: 5–20, a table: ~130)
    ratio_floor_bytes: int = 1 * MIB  # smaller entries may compress as well as they like: they cost little


ARCHIVE_LIMITS = ArchiveLimits()


class OverflowKind(enum.StrEnum):
    ENTRIES = "entries"  # too many entries
    TOTAL = "total"  # all entries together inflate too far
    ENTRY = "entry"  # one entry inflates too far
    RATIO = "ratio"  # one entry compresses suspiciously well


@dataclass(frozen=True)
class Overflow:
    """The first limit an archive's directory exceeds, with what the caller may quote in its message."""

    kind: OverflowKind
    entries: int
    total_bytes: int
    entry: zipfile.ZipInfo | None = None  # the offending entry, for ENTRY and RATIO


def overflow(entries: Sequence[zipfile.ZipInfo], limits: ArchiveLimits = ARCHIVE_LIMITS) -> Overflow | None:
    """The limit `entries` (an archive's `infolist()`) exceed, checked in the order of the enum; None when
    the archive may be opened."""
    total = sum(entry.file_size for entry in entries)
    if len(entries) > limits.max_entries:
        return Overflow(OverflowKind.ENTRIES, len(entries), total)
    if total > limits.max_uncompressed_bytes:
        return Overflow(OverflowKind.TOTAL, len(entries), total)
    for entry in entries:
        if entry.file_size > limits.max_entry_bytes:
            return Overflow(OverflowKind.ENTRY, len(entries), total, entry)
        ratio_applies = entry.file_size > limits.ratio_floor_bytes
        if ratio_applies and entry.file_size > limits.max_ratio * max(entry.compress_size, 1):
            return Overflow(OverflowKind.RATIO, len(entries), total, entry)
    return None
