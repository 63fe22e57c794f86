"""Moved to `eoffice.file_kinds` (shared by every slice). These names stay here only until the last importers
outside this slice (files another change is editing) import `eoffice.file_kinds`; then this module goes."""

from __future__ import annotations

from eoffice.file_kinds import DRAFTS, SCANNABLE, FileKind, sniff

__all__ = ["DRAFTS", "SCANNABLE", "FileKind", "sniff"]
