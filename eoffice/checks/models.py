"""Lần kiểm tra dự thảo: one run of the thể thức and căn cứ checks on one stored version of a draft.

A run is tied to the exact file it read (`file_id`, `file_version`): versions are immutable objects, so the
findings stay true of that version forever, and a newer version simply gets runs of its own. Large files are
checked by a Celery task; until it finishes the run is `pending`.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from eoffice.db.base import Base, Timestamped, UTCDateTime, str_enum


class CheckStatus(enum.StrEnum):
    PENDING = "pending"  # đang kiểm tra (task queued)
    DONE = "done"
    FAILED = "failed"  # the file could not be checked at all (unreadable, unsafe)


class CheckRun(Base, Timestamped):
    """Findings (the `eoffice check --json` objects plus `fixable`) of one version, with their counts."""

    __tablename__ = "check_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("document_files.id"), index=True)
    file_version: Mapped[int] = mapped_column(Integer)
    status: Mapped[CheckStatus] = mapped_column(str_enum(CheckStatus, 16), default=CheckStatus.PENDING)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # the draft's paragraphs as the findings number them, so a screen can show each finding in place
    paragraphs: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    warning_count: Mapped[int] = mapped_column(Integer, default=0)
    fixable_count: Mapped[int] = mapped_column(Integer, default=0)
    error_code: Mapped[str] = mapped_column(String(64), default="")
    error_message: Mapped[str] = mapped_column(Text, default="")
