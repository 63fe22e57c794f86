"""Processing state per stored file and stage: the source of truth for "never lose work".

The broker is only a doorbell. A row says what must happen to a file (extract its text, OCR it, convert it to
PDF, put its document in the index), how far it got and why it failed; the sweeper re-rings the bell for any
row left pending or started too long, so a lost message or a worker killed with `kill -9` only delays work.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column

from eoffice.db.base import Base, UTCDateTime, str_enum, utcnow


class Stage(enum.StrEnum):
    """What is done to a file: trích xuất văn bản, nhận dạng ký tự (OCR), chuyển sang PDF, lập chỉ mục."""

    EXTRACT = "extract"
    OCR = "ocr"
    CONVERT = "convert"
    INDEX = "index"

    @property
    def label(self) -> str:
        return _STAGE_LABELS[self]


_STAGE_LABELS = {
    Stage.EXTRACT: "Trích xuất nội dung",
    Stage.OCR: "Nhận dạng ký tự (OCR)",
    Stage.CONVERT: "Chuyển đổi sang PDF",
    Stage.INDEX: "Lập chỉ mục tìm kiếm",
}

TEXT_STAGES = frozenset({Stage.EXTRACT, Stage.OCR, Stage.CONVERT})


class Status(enum.StrEnum):
    PENDING = "pending"  # chờ xử lý (queued, or waiting for the stages before it)
    STARTED = "started"  # đang xử lý
    DONE = "done"  # hoàn thành
    FAILED = "failed"  # lỗi, with a reason; never retried automatically again

    @property
    def finished(self) -> bool:
        return self in (Status.DONE, Status.FAILED)


class DocumentProcessing(Base):
    """One stage of one file (or, for `index`, of the whole document: `file_id` is NULL).

    `attempts` counts claims, so a file that kills its worker every time is failed after `MAX_ATTEMPTS`
    instead of looping forever. `text` is the stage's extracted text (deferred: lists never load it);
    `pdf_key` the derived PDF's object key (the OCR'd searchable copy, or the DOCX converted to PDF) — the
    received original is never rewritten. `notice` is what a done stage wants the reader to know (a linked
    picture left out of the converted PDF). `claim` is a token set when a worker starts the stage: only that run
    may record the outcome, so a run overtaken by a reset or a re-queue cannot overwrite newer state.
    """

    __tablename__ = "document_processing"
    __table_args__ = (UniqueConstraint("document_id", "file_id", "stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    file_id: Mapped[int | None] = mapped_column(ForeignKey("document_files.id", ondelete="CASCADE"))
    stage: Mapped[Stage] = mapped_column(str_enum(Stage, 16))
    status: Mapped[Status] = mapped_column(str_enum(Status, 16), default=Status.PENDING, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error_code: Mapped[str] = mapped_column(String(64), default="")
    error_message: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str | None] = deferred(mapped_column(Text))
    pdf_key: Mapped[str] = mapped_column(String(512), default="")
    notice: Mapped[str] = mapped_column(Text, default="", server_default="")
    worker: Mapped[str] = mapped_column(String(255), default="")
    claim: Mapped[str] = mapped_column(String(32), default="")  # which run may write the outcome
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
