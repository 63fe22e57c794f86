"""API shapes of a document's processing state."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from eoffice.processing.models import DocumentProcessing, Stage, Status
from eoffice.processing.status import DocumentState


class StageOut(BaseModel):
    id: int
    file_id: int | None
    stage: Stage
    stage_label: str
    status: Status
    attempts: int
    error_code: str
    error_message: str
    has_pdf: bool  # a derived PDF (OCR'd copy or DOCX conversion) can be downloaded
    notice: str  # e.g. linked pictures left out of the converted PDF; empty when there is nothing to say
    started_at: datetime | None
    finished_at: datetime | None
    updated_at: datetime

    @classmethod
    def of(cls, row: DocumentProcessing) -> StageOut:
        return cls(
            id=row.id,
            file_id=row.file_id,
            stage=row.stage,
            stage_label=row.stage.label,
            status=row.status,
            attempts=row.attempts,
            error_code=row.error_code,
            error_message=row.error_message,
            has_pdf=bool(row.pdf_key) and row.status == Status.DONE,
            notice=row.notice if row.status == Status.DONE else "",
            started_at=row.started_at,
            finished_at=row.finished_at,
            updated_at=row.updated_at,
        )


class ProcessingOut(BaseModel):
    document_id: int
    state: DocumentState
    state_label: str
    stages: list[StageOut]
